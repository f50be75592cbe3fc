package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Pages that every reader sees alike are kept rendered, plain and
// gzipped, until a write changes what they show or they grow older than
// pageTTL (view counts and the clock move without writes of their own).
const (
	pageTTL      = 5 * time.Second
	pageCacheCap = 4096
)

type cachedPage struct {
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

type pageCache struct {
	mu      sync.RWMutex
	pages   map[string]*cachedPage
	version atomic.Uint64
}

func newPageCache() *pageCache { return &pageCache{pages: map[string]*cachedPage{}} }

// Invalidate marks every cached page stale: something they may show has
// changed.
func (c *pageCache) Invalidate() { c.version.Add(1) }

func (c *pageCache) get(key string, now time.Time) *cachedPage {
	c.mu.RLock()
	p := c.pages[key]
	c.mu.RUnlock()
	if p == nil || p.version != c.version.Load() || now.Sub(p.at) >= pageTTL || now.Before(p.at) {
		return nil
	}
	return p
}

func (c *pageCache) put(key string, p *cachedPage) {
	c.mu.Lock()
	p.lastMod = p.at.Truncate(time.Second).Add(time.Second)
	if prev := c.pages[key]; prev != nil && !p.lastMod.After(prev.lastMod) {
		p.lastMod = prev.lastMod.Add(time.Second)
	}
	if len(c.pages) >= pageCacheCap {
		clear(c.pages) // crude, but bounded and rare
	}
	c.pages[key] = p
	c.mu.Unlock()
}

// Invalidate drops every cached page; handlers call it after a write. The
// other instances hear of it through Deps.Events and drop theirs (what
// hears them calls Apply, which publishes nothing).
func (s *Server) Invalidate() {
	s.publish(context.Background(), Event{Kind: EventChanged})
}

// cachedRender serves the page that build makes, from the cache when it is
// fresh. build returns the template name and page, or an error for the
// error page (which is not cached).
func (s *Server) cachedRender(w http.ResponseWriter, r *http.Request, build func() (string, any, error)) {
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
	key := r.URL.Path + "?" + r.URL.RawQuery
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
