// Package memo keeps values read from the store in memory, by key, until
// an event drops them or they grow old.
//
// A Cache is bounded in entries, and an entry older than its age limit is
// read again: the limit bounds how long a change can go unseen when the
// event that should have dropped it is lost (another instance's, on a
// bus that missed it). A value read while a drop happens serves the
// reader that asked for it but is not kept, since it may have been read
// before the change that the drop announced.
package memo

import (
	"sync"
	"time"
)

// Cache keeps values of type V by keys of type K. Its methods are safe
// for concurrent use.
type Cache[K comparable, V any] struct {
	mu      sync.Mutex
	entries map[K]entry[V]
	max     int
	maxAge  time.Duration
	gen     uint64 // counts drops, so that no value read before one is kept
}

type entry[V any] struct {
	v  V
	at time.Time
}

// New returns a cache of at most max entries, each kept for less than
// maxAge.
func New[K comparable, V any](max int, maxAge time.Duration) *Cache[K, V] {
	return &Cache[K, V]{entries: make(map[K]entry[V]), max: max, maxAge: maxAge}
}

// Get returns the value kept for key, or the one load reads when none is
// kept or it is as old as the age limit (or from a clock set back), and
// keeps that. An error from load is returned and nothing is kept. When
// the cache is full an arbitrary entry makes room.
func (c *Cache[K, V]) Get(key K, now time.Time, load func() (V, error)) (V, error) {
	c.mu.Lock()
	e, ok := c.entries[key]
	gen := c.gen
	c.mu.Unlock()
	if ok && now.Sub(e.at) < c.maxAge && !now.Before(e.at) {
		return e.v, nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return v, nil
	}
	if _, there := c.entries[key]; !there && len(c.entries) >= c.max {
		for other := range c.entries {
			delete(c.entries, other)
			break
		}
	}
	c.entries[key] = entry[V]{v: v, at: now}
	return v, nil
}

// Drop forgets the value of key.
func (c *Cache[K, V]) Drop(key K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	delete(c.entries, key)
}

// DropAll forgets every value.
func (c *Cache[K, V]) DropAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
}

// DropFunc forgets the values for which match reports true.
func (c *Cache[K, V]) DropFunc(match func(K, V) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for k, e := range c.entries {
		if match(k, e.v) {
			delete(c.entries, k)
		}
	}
}

// Len is the number of values kept.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
