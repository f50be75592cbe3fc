package sqlstore

import (
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
