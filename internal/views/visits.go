package views

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Toucher is the part of the store that records visits.
type Toucher interface {
	TouchVisitors(ctx context.Context, visits map[string]time.Time) error
}

// Visits buffers the last page-view time of each visitor and writes them
// in batches, so that remembering a visit is no write on the request path.
type Visits struct {
	store  Toucher
	logger *slog.Logger

	mu        sync.Mutex
	pending   map[string]time.Time
	flushing  int       // visitors whose write is under way
	lastFlush time.Time // when last written out or found empty
}

// NewVisits returns a visit buffer that flushes into store.
func NewVisits(store Toucher, logger *slog.Logger) *Visits {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Visits{store: store, logger: logger, pending: map[string]time.Time{}, lastFlush: time.Now()}
}

// Touch records that visitor id viewed a page at t.
func (v *Visits) Touch(id string, t time.Time) {
	v.mu.Lock()
	if t.After(v.pending[id]) {
		v.pending[id] = t
	}
	v.mu.Unlock()
}

// Buffered returns how many visitors' visits are not yet stored.
func (v *Visits) Buffered() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.pending) + v.flushing
}

// LastFlush returns when the visits were last written to the store, or
// found empty; failed flushes leave it behind.
func (v *Visits) LastFlush() time.Time {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.lastFlush
}

// Flush writes the buffered visits; on failure they are kept for the next
// flush unless a newer visit replaced them.
func (v *Visits) Flush(ctx context.Context) error {
	v.mu.Lock()
	batch := v.pending
	if len(batch) == 0 {
		v.lastFlush = time.Now()
		v.mu.Unlock()
		return nil
	}
	v.pending = map[string]time.Time{}
	v.flushing = len(batch)
	v.mu.Unlock()
	err := v.store.TouchVisitors(ctx, batch)
	v.mu.Lock()
	v.flushing = 0
	if err == nil {
		v.lastFlush = time.Now()
	}
	v.mu.Unlock()
	if err != nil {
		v.logger.Error("flush visits", "visitors", len(batch), "err", err)
		for id, t := range batch {
			v.Touch(id, t)
		}
	}
	return err
}

// Run flushes every interval until ctx ends, then once more.
func (v *Visits) Run(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			v.Flush(final)
			cancel()
			return
		case <-tick.C:
			v.Flush(ctx)
		}
	}
}
