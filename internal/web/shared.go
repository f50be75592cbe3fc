package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// built is a page a handler made: its template, its typed page struct, and
// the dependencies that name what it shows, for the page cache.
type built struct {
	name string
	page any
	deps []string
	// parts are segments made apart (an article's HTML, rendered and
	// deflated once per version of the article) for the slots of those
	// names.
	parts map[string]segment
	// thread is the number of the last comment an article's page shows,
	// 0 for other pages.
	thread int
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

// cachedRender serves a page that every reader sees alike, from the page
// cache. params are the query parameters the page reads; build makes the
// page from a request (one marked for slots when it renders for the
// cache), or an error for the error page, which is not kept.
func (s *Server) cachedRender(w http.ResponseWriter, r *http.Request, params []string, build func(*http.Request) (built, error)) {
	if s.user(r) != nil {
		// A logged-in user's pages carry their name: never shared.
		b, err := build(r)
		if err != nil {
			s.error(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, b.name, b.page)
		return
	}
	now := s.now()
	today, _ := s.dayBounds(now)
	s.caches.checkDay(today)
	key := s.scope(r) + cacheKey(r, params) + themeKey(r)
	p, needsBuild := s.caches.pages.get(key, now)
	if p == nil {
		var err error
		p, err = s.caches.pages.do(key, func() (*cachedPage, error) { return s.renderShared(withSlots(r), key, build) })
		if err != nil {
			s.error(w, r, err)
			return
		}
	} else if needsBuild {
		// Serve this rendering; render the next in the background, with a
		// context of its own, as the request may end first.
		bg := r.Clone(context.WithoutCancel(r.Context()))
		go func() {
			ctx, cancel := context.WithTimeout(bg.Context(), 30*time.Second)
			defer cancel()
			if _, err := s.renderShared(withSlots(bg.WithContext(ctx)), key, build); err != nil {
				p.rebuilt()
				s.logger.Error("render page", "path", key, "err", err)
			}
		}()
	}
	a := s.caches.pages.assembled(p, func(slot string) (segment, uint64, time.Time, bool) {
		return s.fragment(r.Context(), slot)
	}, now)
	writeAssembly(w, r, p.status, a, "text/html; charset=utf-8")
}

// writeAssembly sends a page of the shared cache as assembled: its
// validators, 304 when the client holds it already, gzip when accepted.
func writeAssembly(w http.ResponseWriter, r *http.Request, status int, a *assembly, contentType string) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("ETag", a.etag)
	h.Set("Last-Modified", a.lastMod.UTC().Format(http.TimeFormat))
	h.Set("Cache-Control", "no-cache")
	if notModified(r, a.etag, a.lastMod) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := a.plain
	if acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		body = a.gz
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// renderShared renders a shared page for the cache and keeps it.
func (s *Server) renderShared(r *http.Request, key string, build func(*http.Request) (built, error)) (*cachedPage, error) {
	gen := s.caches.pages.gen.Load()
	now := s.now()
	b, err := build(r)
	if err != nil {
		return nil, err
	}
	body, err := s.execute(b.name, b.page)
	if err != nil {
		return nil, err
	}
	parts := cutSlots(body, s.caches.pages.level())
	for i, pt := range parts {
		if seg, ok := b.parts[pt.slot]; ok {
			parts[i] = pagePart{seg: seg}
		}
	}
	p := &cachedPage{key: key, gen: gen, deps: b.deps, parts: parts, builtAt: now, status: http.StatusOK, thread: b.thread}
	s.caches.pages.put(p)
	return p, nil
}

// notModified reports whether the client has this rendering already: by
// ETag, or, when it sends none, by its Last-Modified date.
func notModified(r *http.Request, etag string, lastMod time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return etagMatch(inm, etag)
	}
	ims, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	return err == nil && !ims.Before(lastMod)
}
