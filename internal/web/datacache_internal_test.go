package web

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// loading waits until a load of key is under way in c.
func loading(c *dataCache[int64, int], key int64) {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		c.mu.RLock()
		l := c.loads[key]
		c.mu.RUnlock()
		if l != nil {
			return
		}
	}
}

// TestDataCacheSingleLoad checks that readers who miss together wait on
// one load, and that a drop during a load makes later readers load again
// rather than take what was read before the write.
func TestDataCacheSingleLoad(t *testing.T) {
	c := newDataCache[int64, int](10)
	now := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	var loads atomic.Int32
	release := make(chan struct{})
	started := make(chan struct{}, 10)
	slow := func() (int, error) {
		n := int(loads.Add(1))
		started <- struct{}{}
		<-release
		return n, nil
	}
	var wg sync.WaitGroup
	got := make([]int, 8)
	wg.Add(1)
	go func() { defer wg.Done(); got[0], _ = c.get(1, now, slow) }()
	<-started
	for i := 1; i < len(got); i++ {
		wg.Add(1)
		go func() { defer wg.Done(); got[i], _ = c.get(1, now, slow) }()
	}
	// Let the waiters reach the load before it ends.
	loading(c, 1)
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	if n := loads.Load(); n != 1 {
		t.Fatalf("%d loads for readers who missed together, want 1", n)
	}
	for i, v := range got {
		if v != 1 {
			t.Errorf("reader %d got %d, want the one load's 1", i, v)
		}
	}

	// A drop while a load runs: that load serves its reader but is not
	// kept, and the next reader loads afresh without waiting on it.
	c.drop(1)
	release2 := make(chan struct{})
	done := make(chan int)
	go func() {
		v, _ := c.get(1, now, func() (int, error) { <-release2; return 100, nil })
		done <- v
	}()
	loading(c, 1)
	c.drop(1)
	v, _ := c.get(1, now, func() (int, error) { return 200, nil })
	if v != 200 {
		t.Errorf("after a drop during a load, a reader got %d, want its own load's 200", v)
	}
	close(release2)
	if v := <-done; v != 100 {
		t.Errorf("the reader of the dropped load got %d, want 100", v)
	}
	if v, _ := c.get(1, now, func() (int, error) { return 300, nil }); v != 200 {
		t.Errorf("kept %d, want 200: the load begun before the drop replaced a later one", v)
	}
}

// TestDataCacheGrow checks that a value marked as added to is brought up
// to date from itself by the next reader, once, while a drop makes the
// next reader load it whole.
func TestDataCacheGrow(t *testing.T) {
	c := newDataCache[int64, []int](10)
	now := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	type call struct {
		prev  []int
		grown bool
	}
	var calls []call
	load := func(next []int) func([]int, bool) ([]int, error) {
		return func(prev []int, grown bool) ([]int, error) {
			calls = append(calls, call{prev, grown})
			if grown {
				return append(append([]int(nil), prev...), next...), nil
			}
			return next, nil
		}
	}
	get := func(next ...int) []int {
		t.Helper()
		v, err := c.getFrom(1, now, load(next))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := get(1, 2); len(v) != 2 {
		t.Fatalf("first load: %v", v)
	}
	get(99) // kept: no load
	c.grow(1)
	if v := get(3); len(v) != 3 || v[2] != 3 {
		t.Errorf("after grow: %v, want 1 2 3", v)
	}
	get(99)
	c.drop(1)
	if v := get(7); len(v) != 1 || v[0] != 7 {
		t.Errorf("after drop: %v, want the whole load's 7", v)
	}
	want := []call{{nil, false}, {[]int{1, 2}, true}, {nil, false}}
	if len(calls) != len(want) {
		t.Fatalf("loads %v, want %v", calls, want)
	}
	for i, w := range want {
		if calls[i].grown != w.grown || len(calls[i].prev) != len(w.prev) {
			t.Errorf("load %d given %v grown %v, want %v grown %v", i, calls[i].prev, calls[i].grown, w.prev, w.grown)
		}
	}
	// A value past freshFor is read whole even when grown: what moves
	// without writes (view counts) catches up.
	c.grow(1)
	calls = nil
	now = now.Add(freshFor)
	get(8)
	if len(calls) != 1 || calls[0].grown {
		t.Errorf("an old grown value was loaded %v, want whole", calls)
	}
}

// TestDataCacheLoaderLeft checks that a reader waiting on a load that
// ended because its own reader left (its context cancelled) loads for
// itself rather than fail.
func TestDataCacheLoaderLeft(t *testing.T) {
	c := newDataCache[int64, int](10)
	now := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	release := make(chan struct{})
	go c.get(1, now, func() (int, error) { <-release; return 0, context.Canceled })
	loading(c, 1)
	done := make(chan int)
	go func() {
		v, err := c.get(1, now, func() (int, error) { return 5, nil })
		if err != nil {
			t.Error(err)
		}
		done <- v
	}()
	time.Sleep(20 * time.Millisecond) // it waits on the load under way
	close(release)
	if v := <-done; v != 5 {
		t.Errorf("the waiting reader got %d, want its own load's 5", v)
	}
}
