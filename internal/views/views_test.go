package views

import (
	"context"
	"errors"
	"maps"
	"sync"
	"testing"
	"time"
)

// memStore is an in-memory Adder; the real store is exercised by the
// end-to-end tests in cmd/burg.
type memStore struct {
	mu     sync.Mutex
	views  map[int64]int64
	fail   bool
	called int
}

func (m *memStore) AddViews(_ context.Context, counts map[int64]int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.called++
	if m.fail {
		return errors.New("store down")
	}
	for id, n := range counts {
		m.views[id] += n
	}
	return nil
}

func TestCounterFlush(t *testing.T) {
	st := &memStore{views: map[int64]int64{}}
	c := New(st, nil)
	for range 3 {
		c.Add(1)
	}
	c.Add(2)
	if got, want := c.Pending(1), int64(3); got != want {
		t.Fatalf("Pending(1) = %d, want %d", got, want)
	}
	if err := c.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got, want := st.views, map[int64]int64{1: 3, 2: 1}; !maps.Equal(got, want) {
		t.Fatalf("stored %v, want %v", got, want)
	}
	if got := c.Pending(1); got != 0 {
		t.Fatalf("Pending after flush = %d, want 0", got)
	}
	// An empty flush does not call the store.
	calls := st.called
	c.Flush(t.Context())
	if st.called != calls {
		t.Fatalf("empty flush called the store")
	}
}

func TestCounterKeepsCountsWhenStoreFails(t *testing.T) {
	st := &memStore{views: map[int64]int64{}, fail: true}
	c := New(st, nil)
	c.Add(7)
	if err := c.Flush(t.Context()); err == nil {
		t.Fatal("Flush succeeded on a failing store")
	}
	c.Add(7)
	if got, want := c.Pending(7), int64(2); got != want {
		t.Fatalf("Pending = %d, want %d", got, want)
	}
	st.fail = false
	if err := c.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got, want := st.views[7], int64(2); got != want {
		t.Fatalf("stored %d, want %d", got, want)
	}
}

func TestRunFlushesOnStop(t *testing.T) {
	st := &memStore{views: map[int64]int64{}}
	c := New(st, nil)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { c.Run(ctx, time.Hour); close(done) }()
	c.Add(5)
	cancel()
	<-done
	if got, want := st.views[5], int64(1); got != want {
		t.Fatalf("stored %d after stop, want %d", got, want)
	}
}

func TestConcurrentAdds(t *testing.T) {
	st := &memStore{views: map[int64]int64{}}
	c := New(st, nil)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				c.Add(1)
			}
			c.Flush(t.Context())
		})
	}
	wg.Wait()
	c.Flush(t.Context())
	if got, want := st.views[1], int64(8000); got != want {
		t.Fatalf("stored %d, want %d", got, want)
	}
}

func BenchmarkAdd(b *testing.B) {
	c := New(&memStore{views: map[int64]int64{}}, nil)
	for b.Loop() {
		c.Add(42)
	}
}

type memVisits struct {
	mu   sync.Mutex
	last map[string]time.Time
	fail bool
}

func (m *memVisits) TouchVisitors(_ context.Context, visits map[string]time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail {
		return errors.New("store down")
	}
	for id, t := range visits {
		m.last[id] = t
	}
	return nil
}

func TestVisitsKeepLatestAndRetry(t *testing.T) {
	st := &memVisits{last: map[string]time.Time{}, fail: true}
	v := NewVisits(st, nil)
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	v.Touch("a", t0.Add(time.Minute))
	v.Touch("a", t0) // older: ignored
	if err := v.Flush(t.Context()); err == nil {
		t.Fatal("flush to a failing store succeeded")
	}
	st.fail = false
	if err := v.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got, want := st.last["a"], t0.Add(time.Minute); !got.Equal(want) {
		t.Errorf("stored %v, want %v", got, want)
	}
}

func TestAddFromCountsOncePerViewer(t *testing.T) {
	c := New(nil, nil)
	t0 := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	for i, tc := range []struct {
		post   int64
		viewer string
		at     time.Duration
		want   bool
	}{
		{1, "a", 0, true},
		{1, "a", time.Minute, false},      // a reload
		{1, "b", time.Minute, true},       // another reader
		{2, "a", time.Minute, true},       // another post
		{1, "a", ViewerWindow - 1, false}, // still within the hour
		{1, "a", ViewerWindow, true},      // an hour later
		{1, "a", ViewerWindow + time.Second, false},
	} {
		if got := c.AddFrom(tc.post, t0.Add(tc.at), tc.viewer); got != tc.want {
			t.Errorf("step %d: AddFrom(%d, %q) = %v, want %v", i, tc.post, tc.viewer, got, tc.want)
		}
	}
	if got := c.Pending(1); got != 3 {
		t.Errorf("post 1 pending = %d, want 3", got)
	}
	// A first view known by address and new visitor id: a later view by
	// either is the same viewer.
	if !c.AddFrom(3, t0, "ip:192.0.2.1", "v:new") || c.AddFrom(3, t0.Add(time.Minute), "v:new") || c.AddFrom(3, t0.Add(time.Minute), "ip:192.0.2.1") {
		t.Error("a viewer known by two keys counted twice")
	}
}

// The figures an operator watches: what is buffered, and when the buffer
// was last written out. A failing store leaves LastFlush behind, so the
// lag grows; the flush that succeeds brings it forward.
func TestBufferedAndLastFlush(t *testing.T) {
	type buffer interface {
		Buffered() int
		LastFlush() time.Time
		Flush(context.Context) error
	}
	viewStore := &memStore{views: map[int64]int64{}}
	visitStore := &memVisits{last: map[string]time.Time{}}
	counter, visits := New(viewStore, nil), NewVisits(visitStore, nil)
	counter.Add(1)
	counter.Add(1)
	counter.Add(2)
	visits.Touch("a", time.Now())
	for _, tc := range []struct {
		name     string
		b        buffer
		fail     func(bool)
		buffered int
	}{
		{"views", counter, func(f bool) { viewStore.fail = f }, 2},
		{"visits", visits, func(f bool) { visitStore.fail = f }, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.b.Buffered(); got != tc.buffered {
				t.Fatalf("Buffered = %d, want %d", got, tc.buffered)
			}
			created := tc.b.LastFlush()
			if created.IsZero() {
				t.Fatal("LastFlush is zero before any flush; want the time the buffer was made")
			}
			tc.fail(true)
			if err := tc.b.Flush(t.Context()); err == nil {
				t.Fatal("flush to a failing store succeeded")
			}
			if got := tc.b.LastFlush(); !got.Equal(created) {
				t.Errorf("LastFlush moved to %v after a failed flush, want %v", got, created)
			}
			if got := tc.b.Buffered(); got != tc.buffered {
				t.Errorf("Buffered after a failed flush = %d, want %d", got, tc.buffered)
			}
			tc.fail(false)
			before := time.Now()
			if err := tc.b.Flush(t.Context()); err != nil {
				t.Fatal(err)
			}
			if got := tc.b.LastFlush(); got.Before(before) {
				t.Errorf("LastFlush = %v after a flush that began at %v", got, before)
			}
			if got := tc.b.Buffered(); got != 0 {
				t.Errorf("Buffered after a flush = %d, want 0", got)
			}
			// An empty buffer counts as written out.
			before = time.Now()
			tc.b.Flush(t.Context())
			if got := tc.b.LastFlush(); got.Before(before) {
				t.Errorf("LastFlush = %v after an empty flush at %v", got, before)
			}
		})
	}
}
