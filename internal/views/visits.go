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

	mu      sync.Mutex
	pending map[string]time.Time
}

// NewVisits returns a visit buffer that flushes into store.
func NewVisits(store Toucher, logger *slog.Logger) *Visits {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Visits{store: store, logger: logger, pending: map[string]time.Time{}}
}

// Touch records that visitor id viewed a page at t.
func (v *Visits) Touch(id string, t time.Time) {
	v.mu.Lock()
	if t.After(v.pending[id]) {
		v.pending[id] = t
	}
	v.mu.Unlock()
}

// Flush writes the buffered visits; on failure they are kept for the next
// flush unless a newer visit replaced them.
func (v *Visits) Flush(ctx context.Context) error {
	v.mu.Lock()
	batch := v.pending
	if len(batch) == 0 {
		v.mu.Unlock()
		return nil
	}
	v.pending = map[string]time.Time{}
	v.mu.Unlock()
	err := v.store.TouchVisitors(ctx, batch)
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
