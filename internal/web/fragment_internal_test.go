package web

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestFragmentResetDoesNotWait checks that a write's reset returns while
// a reader is making the fragment, and that the render begun before the
// reset is served to its reader but not kept.
func TestFragmentResetDoesNotWait(t *testing.T) {
	var f fragment[string]
	started, release := make(chan struct{}), make(chan struct{})
	got := make(chan string)
	go func() {
		v, _, _, err := f.get(time.Now(), func() (string, error) {
			close(started)
			<-release
			return "before the write", nil
		}, func(func()) {})
		if err != nil {
			t.Error(err)
		}
		got <- v
	}()
	<-started
	reset := make(chan struct{})
	go func() { f.reset(); close(reset) }()
	select {
	case <-reset:
	case <-time.After(10 * time.Second):
		t.Fatal("reset waited for the render under way")
	}
	close(release)
	if v := <-got; v != "before the write" {
		t.Errorf("the reader who asked first: got %q", v)
	}
	v, _, _, err := f.get(time.Now(), func() (string, error) { return "after the write", nil }, func(func()) {})
	if err != nil {
		t.Fatal(err)
	}
	if v != "after the write" {
		t.Errorf("after the reset: got %q, want the fragment made again", v)
	}
}

// TestFragmentSingleFlight checks that readers who find no fragment wait
// for one render rather than each make their own.
func TestFragmentSingleFlight(t *testing.T) {
	var f fragment[int]
	var builds atomic.Int32
	started, release := make(chan struct{}), make(chan struct{})
	build := func() (int, error) {
		if builds.Add(1) == 1 {
			close(started)
			<-release
		}
		return 7, nil
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		if v, _, _, _ := f.get(time.Now(), build, func(func()) {}); v != 7 {
			t.Errorf("first reader: got %d", v)
		}
	})
	<-started
	for range 20 {
		wg.Go(func() {
			if v, _, _, _ := f.get(time.Now(), build, func(func()) {}); v != 7 {
				t.Errorf("reader: got %d", v)
			}
		})
	}
	// Give the waiting readers a moment to arrive; those that come after
	// the render find it kept. Either way none makes its own.
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	if n := builds.Load(); n != 1 {
		t.Errorf("renders: got %d, want 1", n)
	}
}
