package web

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Pages that every reader sees alike are kept rendered, plain and
// gzipped, until a write changes what they show or they grow older than
// pageTTL (view counts and the clock move without writes of their own).
//
// The cache is bounded by bytes, not entries, and evicts the least
// recently used page first: a reader who asks for thousands of distinct
// valid pages (every day since 1970, say) pushes out old pages instead of
// growing the process.
const (
	pageTTL = 5 * time.Second
	// DefaultPageCacheBytes bounds the rendered pages kept, plain and
	// gzipped together.
	DefaultPageCacheBytes = 64 << 20
)

type cachedPage struct {
	key     string
	version uint64
	at      time.Time
	// lastMod is the page's Last-Modified: a whole second after the
	// rendering, and always later than that of the rendering it replaced,
	// so that a client's date names one rendering only.
	lastMod time.Time
	status  int
	plain   []byte
	gz      []byte
	etag    string
}

func (p *cachedPage) size() int64 { return int64(len(p.plain) + len(p.gz) + len(p.key) + 200) }

type pageCache struct {
	mu    sync.Mutex
	pages map[string]*list.Element // of *cachedPage
	lru   list.List                // front: most recently used
	bytes int64
	cap   int64
	// lastMods remembers the Last-Modified of evicted or replaced pages,
	// so that a page rendered again never reuses a date; it is bounded
	// like the pages.
	lastMods map[string]time.Time
	version  atomic.Uint64
	hits     atomic.Uint64
	misses   atomic.Uint64
}

func newPageCache(capBytes int64) *pageCache {
	if capBytes <= 0 {
		capBytes = DefaultPageCacheBytes
	}
	return &pageCache{pages: map[string]*list.Element{}, cap: capBytes, lastMods: map[string]time.Time{}}
}

// Invalidate marks every cached page stale: something they may show has
// changed.
func (c *pageCache) Invalidate() { c.version.Add(1) }

func (c *pageCache) get(key string, now time.Time) *cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.pages[key]
	if e == nil {
		c.misses.Add(1)
		return nil
	}
	p := e.Value.(*cachedPage)
	if p.version != c.version.Load() || now.Sub(p.at) >= pageTTL || now.Before(p.at) {
		c.misses.Add(1)
		return nil
	}
	c.lru.MoveToFront(e)
	c.hits.Add(1)
	return p
}

func (c *pageCache) put(key string, p *cachedPage) {
	p.key = key
	c.mu.Lock()
	defer c.mu.Unlock()
	p.lastMod = p.at.Truncate(time.Second).Add(time.Second)
	if prev, ok := c.lastMods[key]; ok && !p.lastMod.After(prev) {
		p.lastMod = prev.Add(time.Second)
	}
	if len(c.lastMods) > 100_000 {
		clear(c.lastMods) // dates then restart from the clock, which only moves on
	}
	c.lastMods[key] = p.lastMod
	if e := c.pages[key]; e != nil {
		c.remove(e)
	}
	if p.size() > c.cap/8 {
		return // one page may not take the cache over
	}
	c.pages[key] = c.lru.PushFront(p)
	c.bytes += p.size()
	for c.bytes > c.cap {
		c.remove(c.lru.Back())
	}
}

func (c *pageCache) remove(e *list.Element) {
	p := c.lru.Remove(e).(*cachedPage)
	delete(c.pages, p.key)
	c.bytes -= p.size()
}

// CacheStats are figures of the page cache, for tests and metrics.
type CacheStats struct {
	Entries      int
	Bytes        int64
	Cap          int64
	Hits, Misses uint64
}

// PageCacheStats reports the page cache's size and use.
func (s *Server) PageCacheStats() CacheStats {
	c := s.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	return CacheStats{Entries: len(c.pages), Bytes: c.bytes, Cap: c.cap, Hits: c.hits.Load(), Misses: c.misses.Load()}
}

// Invalidate drops every cached page; handlers call it after a write. The
// other instances hear of it through Deps.Events and drop theirs (what
// hears them calls Apply, which publishes nothing).
func (s *Server) Invalidate() {
	s.publish(context.Background(), Event{Kind: EventChanged})
}

// cacheKey is the key of a shared page: its path and the query parameters
// the page reads, in a fixed order. Other parameters do not make another
// page, so a reader cannot fill the cache with ?junk=1, ?junk=2, ….
func cacheKey(r *http.Request, params []string) string {
	if len(params) == 0 {
		return r.URL.Path
	}
	q := r.URL.Query()
	var b strings.Builder
	b.WriteString(r.URL.Path)
	for _, name := range params {
		if v := q.Get(name); v != "" {
			b.WriteByte('?')
			b.WriteString(name)
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	return b.String()
}

// cachedRender serves the page that build makes, from the cache when it is
// fresh. params are the query parameters the page reads; build returns the
// template name and page, or an error for the error page (which is not
// cached).
func (s *Server) cachedRender(w http.ResponseWriter, r *http.Request, params []string, build func() (string, any, error)) {
	if s.user(r) != nil {
		// A logged-in user's pages carry their name: never shared.
		name, page, err := build()
		if err != nil {
			s.error(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, name, page)
		return
	}
	key := cacheKey(r, params)
	now := s.now()
	p := s.cache.get(key, now)
	if p == nil {
		version := s.cache.version.Load()
		name, page, err := build()
		if err != nil {
			s.error(w, r, err)
			return
		}
		body, err := s.execute(name, page)
		if err != nil {
			s.logger.Error("render page", "template", name, "err", err)
			http.Error(w, "Internal error.", http.StatusInternalServerError)
			return
		}
		p = &cachedPage{version: version, at: now, status: http.StatusOK, plain: body, etag: etagOf(body)}
		var zb bytes.Buffer
		zw := gzipPool.Get().(*gzip.Writer)
		zw.Reset(&zb)
		zw.Write(body)
		zw.Close()
		gzipPool.Put(zw)
		p.gz = zb.Bytes()
		s.cache.put(key, p)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("ETag", p.etag)
	h.Set("Last-Modified", p.lastMod.UTC().Format(http.TimeFormat))
	h.Set("Cache-Control", "no-cache")
	if notModified(r, p) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := p.plain
	if acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		body = p.gz
	}
	w.WriteHeader(p.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// notModified reports whether the client has this rendering already: by
// ETag, or, when it sends none, by its Last-Modified date.
func notModified(r *http.Request, p *cachedPage) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return etagMatch(inm, p.etag)
	}
	ims, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	return err == nil && !ims.Before(p.lastMod)
}

func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}
