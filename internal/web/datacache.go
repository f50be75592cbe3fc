package web

import (
	"sync"
	"time"
)

// dataCache keeps results of store reads that every reader shares, such as
// an article with its Related block and comments, under the same rule as
// the page cache: valid until a write (the cache version moves) or pageTTL.
type dataCache[K comparable, V any] struct {
	mu      sync.RWMutex
	entries map[K]dataEntry[V]
	limit   int
}

type dataEntry[V any] struct {
	version uint64
	at      time.Time
	value   V
}

func newDataCache[K comparable, V any](limit int) *dataCache[K, V] {
	return &dataCache[K, V]{entries: map[K]dataEntry[V]{}, limit: limit}
}

// get returns the value for key, loading and keeping it when missing or
// stale. Errors are not kept.
func (c *dataCache[K, V]) get(key K, version uint64, now time.Time, load func() (V, error)) (V, error) {
	c.mu.RLock()
	e, ok := c.entries[key]
	c.mu.RUnlock()
	if ok && e.version == version && now.Sub(e.at) < pageTTL && !now.Before(e.at) {
		return e.value, nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if len(c.entries) >= c.limit {
		clear(c.entries)
	}
	c.entries[key] = dataEntry[V]{version: version, at: now, value: v}
	c.mu.Unlock()
	return v, nil
}
