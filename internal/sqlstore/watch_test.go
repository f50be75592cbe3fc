package sqlstore

import (
	"database/sql"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

// A write through another store on the same file (as another process
// makes) is heard; the store's own writes are not.
func TestWatchWrites(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "burg.db")
	server, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	heard := make(chan struct{}, 16)
	var n atomic.Int32
	if !server.WatchWrites(ctx, 10*time.Millisecond, func() { n.Add(1); heard <- struct{}{} }) {
		t.Fatal("SQLite store does not watch")
	}
	// Its own writes: nothing heard, over many ticks.
	for i := range 5 {
		if err := server.SetSetting(ctx, "own", string(rune('a'+i))); err != nil {
			t.Fatal(err)
		}
		time.Sleep(30 * time.Millisecond)
	}
	if got := n.Load(); got != 0 {
		t.Fatalf("heard %d changes from the store's own writes", got)
	}
	cli, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	if err := cli.CreateUser(ctx, &burg.User{Nick: "Gorse", Role: burg.RoleModerator}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-heard:
	case <-time.After(10 * time.Second):
		t.Fatal("a write by another connection was not heard")
	}
}

// retryBusy tries again while SQLite answers busy: here, every time, a
// write on a connection that does not wait meets another connection's
// exclusive transaction, which ends on the third attempt.
func TestRetryBusy(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "busy.db")
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	holder, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	eager, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer eager.Close()
	attempts, busy := 0, 0
	err = retryBusy(ctx, func() error {
		attempts++
		if attempts == 3 {
			if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
				return err
			}
		}
		_, err := eager.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ('k', 'v')")
		if isBusy(err) {
			busy++
		}
		return err
	})
	if err != nil {
		t.Fatalf("retryBusy: %v after %d attempts", err, attempts)
	}
	if attempts != 3 || busy != 2 {
		t.Errorf("%d attempts, %d of them busy; want 3 and 2", attempts, busy)
	}
	// Errors other than busy are not tried again.
	attempts = 0
	err = retryBusy(ctx, func() error { attempts++; return sql.ErrNoRows })
	if err != sql.ErrNoRows || attempts != 1 {
		t.Errorf("a non-busy error: %v after %d attempts", err, attempts)
	}
}

// TestWatchWritesFromTheStart checks that a write by another process made
// at once after the watch begins, before its first look, is heard: the
// server starts serving right after it starts watching, and a write then
// (burg user add just after burg serve) must still reach its caches.
func TestWatchWritesFromTheStart(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "burg.db")
	server, cli := openOn(t, path), openOn(t, path)
	heard := make(chan struct{}, 16)
	server.WatchWrites(ctx, 300*time.Millisecond, func() { heard <- struct{}{} })
	if err := cli.CreateUser(ctx, &burg.User{Nick: "Gorse", Role: burg.RoleModerator}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-heard:
	case <-time.After(10 * time.Second):
		t.Fatal("a write made before the watch's first look was not heard")
	}
}

// openOn opens a store on the SQLite file path, closed when t ends.
func openOn(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(t.Context(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
