package web

import (
	"bytes"
	"context"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/markup"
)

// The read-only JSON API, version 1, under /api/v1: what readers see on
// the site's pages, as JSON with stable snake_case names (docs/API.md,
// docs/openapi.json). It reads what the HTML pages read, so that a rule
// of what a reader may see (live posts only, removed comments without
// their text or author, no e-mail, address or visitor) holds on both.
// Every answer is shared by all clients and served from the page cache,
// with an ETag; events of writes drop it like the pages it mirrors.

// apiPrefix is where the API lives.
const apiPrefix = "/api/v1"

// depComments names what lists comments across posts: any comment event
// drops it.
const depComments = "comments"

// apiRoutes are the API's routes, for routes.go and the OpenAPI test.
func (s *Server) apiRoutes() []struct {
	Pattern string
	Handler http.HandlerFunc
} {
	return []struct {
		Pattern string
		Handler http.HandlerFunc
	}{
		{"GET " + apiPrefix + "/posts", s.handleAPIPosts},
		{"GET " + apiPrefix + "/posts/{id}", s.handleAPIPost},
		{"GET " + apiPrefix + "/sections", s.handleAPISections},
		{"GET " + apiPrefix + "/tags", s.handleAPITags},
		{"GET " + apiPrefix + "/search", s.handleAPISearch},
		{"GET " + apiPrefix + "/comments", s.handleAPIComments},
		{"OPTIONS " + apiPrefix + "/", s.handleAPIPreflight},
		{apiPrefix + "/", s.handleAPINotFound},
	}
}

// APIPatterns lists the patterns of the API's routes (method and path),
// for its documentation's tests.
func (s *Server) APIPatterns() []string {
	var out []string
	for _, r := range s.apiRoutes() {
		out = append(out, r.Pattern)
	}
	return out
}

// corsHeaders lets any origin read the API: it is public and takes no
// credentials.
func corsHeaders(h http.Header) {
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Expose-Headers", "ETag")
	h.Add("Vary", "Accept-Encoding")
}

// handleAPIPreflight answers CORS preflight requests for the API.
func (s *Server) handleAPIPreflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	corsHeaders(h)
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "If-None-Match")
	h.Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}

// handleAPINotFound answers paths and methods the API does not have.
func (s *Server) handleAPINotFound(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD, OPTIONS")
		s.apiError(w, r, http.StatusMethodNotAllowed, burg.Errorf(burg.EINVALID, "The API is read-only: use GET."))
		return
	}
	s.apiError(w, r, http.StatusNotFound, burg.Errorf(burg.ENOTFOUND, "There is no such API address."))
}

// apiFail answers a failed read with its error as JSON.
func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	code := burg.ErrorCode(err)
	if code == burg.EINTERNAL {
		if r.Context().Err() != nil {
			return // the client went away
		}
		s.logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if code == burg.EUNAVAILABLE {
		w.Header().Set("Retry-After", "5")
	}
	s.apiError(w, r, statusOf(code), err)
}

// apiError writes err as the API's error body; an internal error's text
// is never shown.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, status int, err error) {
	h := w.Header()
	corsHeaders(h)
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	b, _ := json.Marshal(apiErrorBody{Error: apiError{Code: burg.ErrorCode(err), Message: burg.ErrorMessage(err)}})
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(append(b, '\n'))
	}
}

// cachedJSON serves a JSON answer every client sees alike from the page
// cache, like cachedRender does pages. params are the query parameters
// it reads; build returns the value and the dependencies that name what
// it shows.
func (s *Server) cachedJSON(w http.ResponseWriter, r *http.Request, params []string, build func(ctx context.Context) (any, []string, error)) {
	now := s.now()
	today, _ := s.dayBounds(now)
	s.caches.checkDay(today)
	key := cacheKey(r, params)
	produce := func(ctx context.Context) (*cachedPage, error) {
		gen := s.caches.pages.gen.Load()
		v, deps, err := build(ctx)
		if err != nil {
			return nil, err
		}
		// Text with < and & is served as such: the type is JSON, never
		// sniffed as HTML.
		var body bytes.Buffer
		enc := json.NewEncoder(&body)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return nil, err
		}
		p := &cachedPage{key: key, gen: gen, deps: deps, parts: []pagePart{{seg: newSegment(body.Bytes())}},
			builtAt: now, status: http.StatusOK}
		s.caches.pages.put(p)
		return p, nil
	}
	p, needsBuild := s.caches.pages.get(key, now)
	if p == nil {
		var err error
		p, err = s.caches.pages.do(key, func() (*cachedPage, error) {
			ctx, cancel := ctxTimeout(r)
			defer cancel()
			return produce(ctx)
		})
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
	} else if needsBuild {
		// Serve this one; make the next in the background, as the
		// request may end first.
		ctx := context.WithoutCancel(r.Context())
		go func() {
			ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			if _, err := produce(ctx); err != nil {
				p.rebuilt()
				s.logger.Error("render api", "path", key, "err", err)
			}
		}()
	}
	a := s.caches.pages.assembled(p, func(string) (segment, uint64, time.Time, bool) {
		return segment{}, 0, time.Time{}, false
	}, now)
	h := w.Header()
	corsHeaders(h)
	h.Set("Content-Type", "application/json; charset=utf-8")
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
	w.WriteHeader(p.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// abs makes a path of the site an absolute URL when the site's address is
// configured.
func (s *Server) abs(path string) string { return s.cfg.BaseURL + path }

func (s *Server) apiPostOf(p *burg.Post) apiPost {
	out := apiPost{
		ID: p.ID, Title: p.Title, Slug: p.Slug, URL: s.abs(postURL(p)),
		SourceURL: p.SourceURL, SourceTag: p.SourceTag, SourceLang: p.SourceLang, Note: p.Note,
		PostedAt: p.PostedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC(),
		Tags:         []apiTagRef{},
		CommentCount: p.CommentCount, CommentsOpen: s.app.CommentsOpen(p),
	}
	if p.LastCommentAt != nil {
		t := p.LastCommentAt.UTC()
		out.LastCommentAt = &t
	}
	if sec := p.Section; sec != nil {
		out.Section = apiSectionRef{ID: sec.ID, Name: sec.Name, Slug: sec.Slug}
	} else {
		out.Section.ID = p.SectionID
	}
	if u := p.Poster; u != nil {
		out.Poster = apiPoster{ID: u.ID, Nick: u.Nick, URL: s.abs("/posters/" + url.PathEscape(u.Nick))}
	} else {
		out.Poster.ID = p.PosterID
	}
	for _, t := range p.Tags {
		out.Tags = append(out.Tags, apiTagRef{ID: t.ID, Name: t.Name, Slug: t.Slug})
	}
	return out
}

// apiCommentOf is a comment as a reader may see it: a removed one without
// its text or author.
func (s *Server) apiCommentOf(c *burg.Comment, postPath string) apiComment {
	out := apiComment{ID: c.ID, PostID: c.PostID, Num: c.Num, URL: s.abs(postPath + "#c" + strconv.FormatInt(c.ID, 10)),
		CreatedAt: c.CreatedAt.UTC()}
	if c.DeletedAt != nil || !c.Live() {
		out.Removed, out.RemovedReason = true, c.DeleteReason
		return out
	}
	out.Nick, out.Website = c.Nick, c.Website
	out.BodyHTML = string(s.caches.comments.get(c.ID, c.Body, 0, func() template.HTML { return markup.Render(c.Body) }))
	return out
}

// apiLimit reads ?limit=, def when absent, 1 to max.
func apiLimit(q url.Values, def, max int) (int, error) {
	v := q.Get("limit")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > max {
		return 0, burg.Errorf(burg.EINVALID, "limit must be a number from 1 to %d, not %q.", max, burg.Clip(v, 40))
	}
	return n, nil
}

// apiDays reads ?from= and ?to=, days in the site's zone, both kept:
// From is the start of from, Until the end of to.
func (s *Server) apiDays(q url.Values) (from, until time.Time, err error) {
	if v := q.Get("from"); v != "" {
		if from, err = s.parseDay(v); err != nil {
			return
		}
	}
	if v := q.Get("to"); v != "" {
		var d time.Time
		if d, err = s.parseDay(v); err != nil {
			return
		}
		until = d.AddDate(0, 0, 1)
	}
	return from.UTC(), until.UTC(), nil
}

// apiText reads a text parameter, refusing what is not valid UTF-8 or
// longer than max characters.
func apiText(q url.Values, name string, max int) (string, error) {
	v := strings.TrimSpace(q.Get(name))
	switch {
	case !utf8.ValidString(v):
		return "", burg.Errorf(burg.EINVALID, "%s is not valid UTF-8.", name)
	case utf8.RuneCountInString(v) > max:
		return "", burg.Errorf(burg.EINVALID, "%s is longer than %d characters.", name, max)
	}
	return v, nil
}

// nextURL is the address of the next page: the request's own with the
// cursor set.
func (s *Server) nextURL(r *http.Request, cursor string) string {
	if cursor == "" {
		return ""
	}
	q := r.URL.Query()
	q.Set("cursor", cursor)
	return s.abs(r.URL.Path + "?" + q.Encode())
}
