package web

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Readers that miss together wait for one load; a drop while it runs
// makes the next reader load anew, and the load begun before it is not
// kept.
func TestDataCacheLoadsOnce(t *testing.T) {
	c := newDataCache[int, int](10)
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	var loads atomic.Int32
	release := make(chan struct{})
	slow := func() (int, error) {
		loads.Add(1)
		<-release
		return 1, nil
	}
	var wg sync.WaitGroup
	got := make([]int, 8)
	for i := range got {
		wg.Go(func() {
			v, err := c.get(7, now, slow)
			if err != nil {
				t.Error(err)
			}
			got[i] = v
		})
	}
	for loads.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // the others find the load under way
	close(release)
	wg.Wait()
	if n := loads.Load(); n != 1 {
		t.Errorf("%d loads for 8 readers at once, want 1", n)
	}
	for i, v := range got {
		if v != 1 {
			t.Errorf("reader %d got %d, want 1", i, v)
		}
	}

	// A write's drop while a load runs.
	c.drop(7)
	started, finish := make(chan struct{}), make(chan struct{})
	done := make(chan int)
	go func() {
		v, _ := c.get(7, now, func() (int, error) { close(started); <-finish; return 2, nil })
		done <- v
	}()
	<-started
	c.drop(7)
	v, err := c.get(7, now, func() (int, error) { return 3, nil })
	if err != nil || v != 3 {
		t.Errorf("after the drop: %d, %v; want a load of its own (3)", v, err)
	}
	close(finish)
	if v := <-done; v != 2 {
		t.Errorf("the reader before the drop got %d, want its own load (2)", v)
	}
	if v, _ := c.get(7, now, func() (int, error) { return 4, nil }); v != 3 {
		t.Errorf("kept %d, want 3: the load begun before the drop is not kept", v)
	}
}
