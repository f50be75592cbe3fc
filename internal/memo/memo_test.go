package memo

import (
	"errors"
	"testing"
	"time"
)

// counter is a load that counts its reads and returns the count.
type counter struct{ reads int }

func (c *counter) load() (int, error) {
	c.reads++
	return c.reads, nil
}

func TestGetKeepsUntilOld(t *testing.T) {
	c := New[string, int](10, time.Minute)
	src := &counter{}
	t0 := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	for _, step := range []struct {
		at   time.Time
		want int
	}{
		{t0, 1},                       // read
		{t0.Add(59 * time.Second), 1}, // kept
		{t0.Add(time.Minute), 2},      // as old as the limit: read again
		{t0.Add(time.Minute), 2},      // kept from then
		{t0.Add(-time.Second), 3},     // a clock set back reads again
	} {
		got, err := c.Get("k", step.at, src.load)
		if err != nil || got != step.want {
			t.Errorf("at %v: %d, %v; want %d", step.at.Sub(t0), got, err, step.want)
		}
	}
}

func TestDrops(t *testing.T) {
	c := New[int, int](10, time.Hour)
	now := time.Now()
	src := &counter{}
	for k := range 3 {
		c.Get(k, now, src.load)
	}
	c.Drop(1)
	if got, _ := c.Get(0, now, src.load); got != 1 {
		t.Errorf("dropping 1 dropped 0: %d", got)
	}
	if got, _ := c.Get(1, now, src.load); got != 4 {
		t.Errorf("1 after its drop: %d, want a new read", got)
	}
	c.DropFunc(func(k, v int) bool { return k == 2 })
	if got, _ := c.Get(2, now, src.load); got != 5 {
		t.Errorf("2 after DropFunc: %d, want a new read", got)
	}
	c.DropAll()
	if c.Len() != 0 {
		t.Errorf("%d entries after DropAll", c.Len())
	}
}

// A value read while a drop happens is returned but not kept: it may
// predate the change the drop announced.
func TestReadAcrossADropIsNotKept(t *testing.T) {
	c := New[string, int](10, time.Hour)
	now := time.Now()
	got, _ := c.Get("k", now, func() (int, error) {
		c.Drop("k")
		return 7, nil
	})
	if got != 7 {
		t.Errorf("got %d", got)
	}
	if c.Len() != 0 {
		t.Error("a value read across a drop was kept")
	}
	src := &counter{}
	if got, _ := c.Get("k", now, src.load); got != 1 {
		t.Errorf("next read %d, want a new read", got)
	}
}

func TestErrorsAreNotKeptAndTheSizeIsBounded(t *testing.T) {
	c := New[int, int](3, time.Hour)
	now := time.Now()
	boom := errors.New("boom")
	if _, err := c.Get(0, now, func() (int, error) { return 0, boom }); !errors.Is(err, boom) {
		t.Errorf("error %v", err)
	}
	if c.Len() != 0 {
		t.Error("an error was kept")
	}
	src := &counter{}
	for k := range 10 {
		c.Get(k, now, src.load)
		if c.Len() > 3 {
			t.Fatalf("%d entries, the bound is 3", c.Len())
		}
	}
	if got, _ := c.Get(9, now, src.load); got != 10 {
		t.Errorf("the newest entry was not kept: %d", got)
	}
}
