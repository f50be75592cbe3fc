package web

import (
	"context"
	"net/http"
	"time"
)

// cachedBytes serves a document every reader gets alike that is not an
// HTML page (a feed, a sitemap) from the page cache, with its ETag and
// Last-Modified for conditional GET. build makes the document and names
// its dependencies; events drop it as they drop pages.
func (s *Server) cachedBytes(w http.ResponseWriter, r *http.Request, contentType string, build func(*http.Request) ([]byte, []string, error)) {
	now := s.now()
	today, _ := s.dayBounds(now)
	s.caches.checkDay(today)
	key := s.scope(r) + "bytes:" + r.URL.Path
	renderDoc := func(r *http.Request) (*cachedPage, error) {
		gen := s.caches.pages.gen.Load()
		built := s.now()
		body, deps, err := build(r)
		if err != nil {
			return nil, err
		}
		p := &cachedPage{key: key, gen: gen, deps: deps, parts: []pagePart{{seg: newSegmentAt(body, s.caches.pages.level())}}, builtAt: built, status: http.StatusOK}
		s.caches.pages.put(p)
		return p, nil
	}
	p, needsBuild := s.caches.pages.get(key, now)
	if p == nil {
		var err error
		if p, err = s.caches.pages.do(key, func() (*cachedPage, error) { return renderDoc(r) }); err != nil {
			s.error(w, r, err)
			return
		}
	} else if needsBuild {
		bg := r.Clone(context.WithoutCancel(r.Context()))
		go func() {
			ctx, cancel := context.WithTimeout(bg.Context(), 30*time.Second)
			defer cancel()
			if _, err := renderDoc(bg.WithContext(ctx)); err != nil {
				p.rebuilt()
				s.logger.Error("render document", "path", key, "err", err)
			}
		}()
	}
	a := s.caches.pages.assembled(p, func(string) (segment, uint64, time.Time, bool) {
		return segment{}, 0, time.Time{}, false
	}, now)
	writeAssembly(w, r, p.status, a, contentType)
}
