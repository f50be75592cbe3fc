// Package views counts article page views in memory and adds them to the
// store in batches, so that a page view never writes on the request path.
package views

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Adder is the part of the store the counter writes to.
type Adder interface {
	AddViews(ctx context.Context, counts map[int64]int64) error
}

// Counter buffers view counts per post. It is safe for concurrent use.
type Counter struct {
	store  Adder
	logger *slog.Logger

	mu      sync.Mutex
	pending map[int64]int64
	// seen remembers when each viewer was last counted for a post, so
	// that one reader reloading a page counts once per ViewerWindow.
	seen map[viewKey]time.Time
	// flushing holds counts taken out of pending whose write is under way,
	// so that Pending keeps showing them until they are stored.
	flushing map[int64]int64
	flushMu  sync.Mutex // one flush at a time
	// lastFlush is when the buffer was last written out or found empty,
	// for the operator's figure of how far the stored counts lag.
	lastFlush time.Time
}

// New returns a counter that flushes into store.
func New(store Adder, logger *slog.Logger) *Counter {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Counter{store: store, logger: logger, pending: map[int64]int64{}, seen: map[viewKey]time.Time{},
		lastFlush: time.Now()}
}

// ViewerWindow is how long one viewer's views of a post count once.
const ViewerWindow = time.Hour

// maxSeen bounds the viewers remembered; past it the oldest memories go,
// and when all are recent, all do (a few views may then count twice,
// which costs less than unbounded memory).
const maxSeen = 200_000

type viewKey struct {
	post   int64
	viewer string
}

// AddFrom counts a view of the post by a viewer known by one or more keys
// (a visitor id, an address), unless any of them was counted for the post
// within ViewerWindow before now, and reports whether it counted. A
// counted view marks every key.
func (c *Counter) AddFrom(postID int64, now time.Time, viewers ...string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, v := range viewers {
		if at, ok := c.seen[viewKey{postID, v}]; ok && now.Sub(at) < ViewerWindow && !now.Before(at) {
			return false
		}
	}
	if len(c.seen) >= maxSeen {
		for key, at := range c.seen {
			if now.Sub(at) >= ViewerWindow || now.Before(at) {
				delete(c.seen, key)
			}
		}
		if len(c.seen) >= maxSeen {
			clear(c.seen)
		}
	}
	for _, v := range viewers {
		c.seen[viewKey{postID, v}] = now
	}
	c.pending[postID]++
	return true
}

// Add counts one view of the post.
func (c *Counter) Add(postID int64) {
	c.mu.Lock()
	c.pending[postID]++
	c.mu.Unlock()
}

// Pending returns the views of the post not yet stored, so that pages can
// show a count that includes them.
func (c *Counter) Pending(postID int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pending[postID] + c.flushing[postID]
}

// Buffered returns how many posts have views not yet stored.
func (c *Counter) Buffered() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pending) + len(c.flushing)
}

// LastFlush returns when the buffer was last written to the store, or
// found empty: the stored counts are at most this old. Failed flushes
// leave it behind.
func (c *Counter) LastFlush() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lastFlush
}

// Flush writes the pending counts to the store in one batch. On failure the
// counts go back into the buffer, to be tried again by the next flush.
func (c *Counter) Flush(ctx context.Context) error {
	c.flushMu.Lock()
	defer c.flushMu.Unlock()
	c.mu.Lock()
	batch := c.pending
	if len(batch) == 0 {
		c.lastFlush = time.Now()
		c.mu.Unlock()
		return nil
	}
	c.pending = map[int64]int64{}
	c.flushing = batch
	c.mu.Unlock()

	err := c.store.AddViews(ctx, batch)

	c.mu.Lock()
	c.flushing = nil
	if err != nil {
		for id, n := range batch {
			c.pending[id] += n
		}
	} else {
		c.lastFlush = time.Now()
	}
	c.mu.Unlock()
	if err != nil {
		c.logger.Error("flush views", "posts", len(batch), "err", err)
	}
	return err
}

// Run flushes every interval until ctx ends, then flushes once more with a
// fresh deadline so that the last counts survive a graceful shutdown.
func (c *Counter) Run(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			c.Flush(final)
			cancel()
			return
		case <-tick.C:
			c.Flush(ctx)
		}
	}
}
