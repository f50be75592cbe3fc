package web

import (
	"hash/fnv"
	"html/template"
	"sync"
)

// renderCache keeps the HTML that markup made of a post body or comment,
// keyed by id and valid while the text (and, for posts, the moderators'
// colour classes) stay the same. Markup is deterministic, so a text is
// rendered once per edit rather than once per page view.
type renderCache struct {
	mu      sync.RWMutex
	entries map[int64]renderEntry
	limit   int
}

type renderEntry struct {
	stamp uint64
	html  template.HTML
}

func newRenderCache(limit int) *renderCache {
	return &renderCache{entries: map[int64]renderEntry{}, limit: limit}
}

// get returns the HTML of text under id, rendering and keeping it when
// missing or stale. extra is mixed into the key for what else the
// rendering depends on.
func (c *renderCache) get(id int64, text string, extra uint64, render func() template.HTML) template.HTML {
	f := fnv.New64a()
	f.Write([]byte(text))
	stamp := f.Sum64() ^ extra
	c.mu.RLock()
	e, ok := c.entries[id]
	c.mu.RUnlock()
	if ok && e.stamp == stamp {
		return e.html
	}
	h := render()
	c.mu.Lock()
	if len(c.entries) >= c.limit {
		clear(c.entries) // bounded memory; refills from the pages in use
	}
	c.entries[id] = renderEntry{stamp: stamp, html: h}
	c.mu.Unlock()
	return h
}

// reset forgets every entry: what they depend on beyond their text (a
// moderator's colour, say) changed.
func (c *renderCache) reset() {
	c.mu.Lock()
	clear(c.entries)
	c.mu.Unlock()
}
