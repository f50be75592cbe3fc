package pgnotify

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/burg-news/burg/internal/pgtest"
)

// testURL returns BURG_TEST_DATABASE_URL with a fresh schema of its own
// in the search path, and a connection to the database for the test to
// look around with. Without the variable the test skips, except under
// CI=true, where it fails.
func testURL(t *testing.T) (string, *sql.DB) {
	t.Helper()
	admin, base := pgtest.Admin(t, "LISTEN/NOTIFY tests")
	return pgtest.Schema(t, admin, base), admin
}

// listen runs a listener on dsn until the test ends and returns the
// payloads it receives and a count of its reconnections.
func listen(t *testing.T, dsn string, opt ListenerOptions) (<-chan string, *atomic.Int32) {
	t.Helper()
	got := make(chan string, 100)
	var reconnects atomic.Int32
	opt.Reconnected = func() { reconnects.Add(1) }
	l := NewListener(dsn, func(p string) { got <- p }, opt)
	if err := l.Connect(t.Context()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { l.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return got, &reconnects
}

func notifier(t *testing.T, dsn string) *Notifier {
	t.Helper()
	n, err := NewNotifier(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

// receive waits for the next payload.
func receive(t *testing.T, got <-chan string) string {
	t.Helper()
	select {
	case p := <-got:
		return p
	case <-time.After(10 * time.Second):
		t.Fatal("no notification within 10s")
		return ""
	}
}

// quiet checks that no payload arrives for a moment.
func quiet(t *testing.T, got <-chan string) {
	t.Helper()
	select {
	case p := <-got:
		t.Errorf("unexpected notification %q", p)
	case <-time.After(300 * time.Millisecond):
	}
}

func TestNotifyListen(t *testing.T) {
	dsn, _ := testURL(t)
	a, _ := listen(t, dsn, ListenerOptions{})
	b, _ := listen(t, dsn, ListenerOptions{})
	n := notifier(t, dsn)
	for _, p := range []string{"comment 42", "changed", "comment 43"} {
		if err := n.Notify(t.Context(), p); err != nil {
			t.Fatal(err)
		}
	}
	// Every listener hears everything, in order.
	for _, ch := range []<-chan string{a, b} {
		for _, want := range []string{"comment 42", "changed", "comment 43"} {
			if got := receive(t, ch); got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		}
	}
	if err := n.Notify(t.Context(), strings.Repeat("x", MaxPayload+1)); err == nil {
		t.Error("an over-long payload was sent")
	}
}

func TestSchemasApart(t *testing.T) {
	one, _ := testURL(t)
	two, _ := testURL(t)
	got, _ := listen(t, one, ListenerOptions{})
	if err := notifier(t, two).Notify(t.Context(), "changed"); err != nil {
		t.Fatal(err)
	}
	quiet(t, got)
	if err := notifier(t, one).Notify(t.Context(), "comment 1"); err != nil {
		t.Fatal(err)
	}
	if p := receive(t, got); p != "comment 1" {
		t.Errorf("got %q", p)
	}
}

func TestReconnect(t *testing.T) {
	dsn, admin := testURL(t)
	got, reconnects := listen(t, dsn, ListenerOptions{MinBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond})
	n := notifier(t, dsn)
	// Cut the listener's connection, as a restart of the server or a
	// network fault would.
	var schema string
	u, _ := url.Parse(dsn)
	schema = u.Query().Get("search_path")
	res, err := admin.ExecContext(t.Context(), `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE pid <> pg_backend_pid() AND query LIKE '%' || $1 || '%'`, channelFor(schema))
	if err != nil {
		t.Fatal(err)
	}
	if k, _ := res.RowsAffected(); k != 1 {
		t.Fatalf("terminated %d connections, want the listener's", k)
	}
	deadline := time.Now().Add(10 * time.Second)
	for reconnects.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the listener did not reconnect within 10s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := n.Notify(t.Context(), "after"); err != nil {
		t.Fatal(err)
	}
	if p := receive(t, got); p != "after" {
		t.Errorf("after reconnecting: got %q", p)
	}
}

func TestPingKeepsListening(t *testing.T) {
	// A quiet connection is checked now and then, and goes on listening.
	dsn, _ := testURL(t)
	got, reconnects := listen(t, dsn, ListenerOptions{Ping: 20 * time.Millisecond})
	time.Sleep(200 * time.Millisecond)
	if err := notifier(t, dsn).Notify(t.Context(), "still here"); err != nil {
		t.Fatal(err)
	}
	if p := receive(t, got); p != "still here" {
		t.Errorf("got %q", p)
	}
	if k := reconnects.Load(); k != 0 {
		t.Errorf("%d reconnections of a healthy connection", k)
	}
}
