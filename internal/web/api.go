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

// apiSectionRef is a section as a post names it.
type apiSectionRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// apiSection is a section with its page tab.
type apiSection struct {
	ID       int64   `json:"id"`
	Name     string  `json:"name"`
	Slug     string  `json:"slug"`
	URL      string  `json:"url"`
	Position int     `json:"position"`
	Page     apiPage `json:"page"`
}

// apiPage is a page tab of the edition.
type apiPage struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// apiTagRef is a tag as a post names it.
type apiTagRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// apiTag is a tag with its entry.
type apiTag struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Slug        string   `json:"slug"`
	URL         string   `json:"url"`
	Description string   `json:"description"`
	Kind        string   `json:"kind"`
	Aliases     []string `json:"aliases"`
	Retired     bool     `json:"retired"`
}

// apiPoster is the registered user who posted a post.
type apiPoster struct {
	ID   int64  `json:"id"`
	Nick string `json:"nick"`
	URL  string `json:"url"`
}

// apiPost is a post as listings show it.
type apiPost struct {
	ID            int64         `json:"id"`
	Title         string        `json:"title"`
	Slug          string        `json:"slug"`
	URL           string        `json:"url"`
	SourceURL     string        `json:"source_url"`
	SourceTag     string        `json:"source_tag"`
	SourceLang    string        `json:"source_lang"`
	Note          string        `json:"note"`
	PostedAt      time.Time     `json:"posted_at"`
	UpdatedAt     time.Time     `json:"updated_at"`
	Section       apiSectionRef `json:"section"`
	Poster        apiPoster     `json:"poster"`
	Tags          []apiTagRef   `json:"tags"`
	CommentCount  int           `json:"comment_count"`
	LastCommentAt *time.Time    `json:"last_comment_at"`
	CommentsOpen  bool          `json:"comments_open"`
}

// apiPostDetail is one post with its text, remarks and comments.
type apiPostDetail struct {
	apiPost
	BodyHTML string       `json:"body_html"`
	Remarks  []apiRemark  `json:"remarks"`
	Comments []apiComment `json:"comments"`
}

// apiRemark is a moderator's editorial remark on a post.
type apiRemark struct {
	Nick     string `json:"nick"`
	BodyHTML string `json:"body_html"`
}

// apiComment is a comment. A removed one keeps its place (id, num, time)
// and the reason given, never its text or author, as on the page.
type apiComment struct {
	ID            int64      `json:"id"`
	PostID        int64      `json:"post_id"`
	Num           int        `json:"num"`
	URL           string     `json:"url"`
	Nick          string     `json:"nick"`
	Website       string     `json:"website"`
	BodyHTML      string     `json:"body_html"`
	CreatedAt     time.Time  `json:"created_at"`
	Removed       bool       `json:"removed"`
	RemovedReason string     `json:"removed_reason"`
	Post          *apiPostOf `json:"post,omitempty"`
}

// apiPostOf names the post of a comment in a list across posts.
type apiPostOf struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// apiPostList is a page of posts.
type apiPostList struct {
	Posts      []apiPost `json:"posts"`
	NextCursor string    `json:"next_cursor"`
	Next       string    `json:"next"`
}

// apiCommentList is a page of comments across posts.
type apiCommentList struct {
	Comments   []apiComment `json:"comments"`
	NextCursor string       `json:"next_cursor"`
	Next       string       `json:"next"`
}

// apiSnippetPart is a piece of a highlighted title or passage.
type apiSnippetPart struct {
	Text string `json:"text"`
	Hit  bool   `json:"hit"`
}

// apiHit is one post found by a search.
type apiHit struct {
	Post        apiPost          `json:"post"`
	Rank        float64          `json:"rank"`
	Title       []apiSnippetPart `json:"title"`
	TitleHTML   string           `json:"title_html"`
	Snippet     []apiSnippetPart `json:"snippet"`
	SnippetHTML string           `json:"snippet_html"`
	CommentID   int64            `json:"comment_id"`
}

// apiSearch is a page of search results.
type apiSearch struct {
	Query       string   `json:"query"`
	Sort        string   `json:"sort"`
	Total       int      `json:"total"`
	TotalCapped bool     `json:"total_capped"`
	RankWindow  int      `json:"rank_window"`
	Hits        []apiHit `json:"hits"`
	NextCursor  string   `json:"next_cursor"`
	Next        string   `json:"next"`
}

// apiErrorBody is every error the API answers.
type apiErrorBody struct {
	Error apiError `json:"error"`
}

type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

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

// postListParams are the query parameters /api/v1/posts reads.
var postListParams = []string{"section", "tag", "poster", "from", "to", "q", "limit", "cursor"}

// handleAPIPosts lists live posts, newest first, filtered like a search.
// Without q the listing is the store's keyset order (cursor
// MICROSECONDS-ID); with q it is the full-text search by date, whose
// cursor is the store's.
func (s *Server) handleAPIPosts(w http.ResponseWriter, r *http.Request) {
	s.cachedJSON(w, r, postListParams, func(ctx context.Context) (any, []string, error) {
		q := r.URL.Query()
		limit, from, until, words, err := s.apiSearchArgs(q)
		if err != nil {
			return nil, nil, err
		}
		out := apiPostList{Posts: []apiPost{}}
		if words != "" {
			sq := burg.ParseSearchIn(words, s.cfg.Location)
			if err := s.searchFilters(ctx, q, &sq, from, until); err != nil {
				return nil, nil, err
			}
			sq.Sort, sq.Limit, sq.Cursor = burg.SortDate, limit, q.Get("cursor")
			res, err := s.store.SearchPosts(ctx, sq)
			if err != nil {
				return nil, nil, err
			}
			var posts []*burg.Post
			for _, h := range res.Hits {
				out.Posts = append(out.Posts, s.apiPostOf(h.Post))
				posts = append(posts, h.Post)
			}
			out.NextCursor, out.Next = res.Next, s.nextURL(r, res.Next)
			return out, append(postDeps(posts), depComments), nil
		}
		f := burg.PostFilter{From: from, Until: until, Limit: limit + 1}
		if err := s.postFilters(ctx, q, &f); err != nil {
			return nil, nil, err
		}
		if v := q.Get("cursor"); v != "" {
			if f.Before, err = parseCursor(v); err != nil {
				return nil, nil, err
			}
		}
		posts, _, err := s.store.FindPosts(ctx, f)
		if err != nil {
			return nil, nil, err
		}
		if len(posts) > limit {
			posts = posts[:limit]
			out.NextCursor = cursorString(burg.CursorOf(posts[limit-1]))
			out.Next = s.nextURL(r, out.NextCursor)
		}
		for _, p := range posts {
			out.Posts = append(out.Posts, s.apiPostOf(p))
		}
		return out, postDeps(posts), nil
	})
}

// postFilters resolves ?section=, ?tag= and ?poster= for a listing. A
// slug or nick that names nothing is ENOTFOUND, as its page would be.
func (s *Server) postFilters(ctx context.Context, q url.Values, f *burg.PostFilter) error {
	if v := q.Get("section"); v != "" {
		sec, err := s.store.FindSectionBySlug(ctx, v)
		if err != nil {
			return err
		}
		f.SectionID = sec.ID
	}
	if v := q.Get("tag"); v != "" {
		tag, err := s.store.FindTagBySlug(ctx, v)
		if err != nil {
			return err
		}
		f.TagID = tag.ID
	}
	if v := q.Get("poster"); v != "" {
		u, err := s.store.FindUserByNick(ctx, v)
		if err != nil {
			return err
		}
		f.PosterID = u.ID
	}
	return nil
}

// searchFilters adds the parameters ?section=, ?tag=, ?poster=, ?from=
// and ?to= to a parsed search; they win over the same filters typed in
// q.
func (s *Server) searchFilters(ctx context.Context, q url.Values, sq *burg.SearchQuery, from, until time.Time) error {
	var f burg.PostFilter
	if err := s.postFilters(ctx, q, &f); err != nil {
		return err
	}
	sq.SectionID, sq.TagID, sq.PosterID = f.SectionID, f.TagID, f.PosterID
	if !from.IsZero() {
		sq.From = from
	}
	if !until.IsZero() {
		sq.Until = until
	}
	return nil
}

// handleAPIPost serves one live post with its comments, read as its page
// reads it.
func (s *Server) handleAPIPost(w http.ResponseWriter, r *http.Request) {
	s.cachedJSON(w, r, nil, func(ctx context.Context) (any, []string, error) {
		id, err := parseID(r.PathValue("id"), "post")
		if err != nil {
			return nil, nil, err
		}
		art, err := s.article(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		p := art.post
		v := s.view(p)
		out := apiPostDetail{apiPost: s.apiPostOf(p), BodyHTML: string(v.Body), Remarks: []apiRemark{}, Comments: []apiComment{}}
		for _, rm := range v.Remarks {
			nick := ""
			if rm.User != nil {
				nick = rm.User.Nick
			}
			out.Remarks = append(out.Remarks, apiRemark{Nick: nick, BodyHTML: string(rm.Body)})
		}
		path := postURL(p)
		for _, c := range art.comments {
			if c.State == burg.CommentHeld {
				continue // waiting for a moderator: no reader sees it
			}
			out.Comments = append(out.Comments, s.apiCommentOf(c, path))
		}
		return out, []string{depPost(p.ID)}, nil
	})
}

// handleAPISections lists the sections in the order of the edition.
func (s *Server) handleAPISections(w http.ResponseWriter, r *http.Request) {
	s.cachedJSON(w, r, nil, func(ctx context.Context) (any, []string, error) {
		secs, err := s.store.FindSections(ctx)
		if err != nil {
			return nil, nil, err
		}
		out := struct {
			Sections []apiSection `json:"sections"`
		}{Sections: []apiSection{}}
		for _, sec := range secs {
			a := apiSection{ID: sec.ID, Name: sec.Name, Slug: sec.Slug, URL: s.abs("/sections/" + sec.Slug), Position: sec.Position}
			if pg := sec.Page; pg != nil {
				a.Page = apiPage{ID: pg.ID, Name: pg.Name, Slug: pg.Slug}
			} else {
				a.Page.ID = sec.PageID
			}
			out.Sections = append(out.Sections, a)
		}
		return out, nil, nil
	})
}

// handleAPITags lists the tags.
func (s *Server) handleAPITags(w http.ResponseWriter, r *http.Request) {
	s.cachedJSON(w, r, nil, func(ctx context.Context) (any, []string, error) {
		tags, err := s.store.FindTags(ctx)
		if err != nil {
			return nil, nil, err
		}
		out := struct {
			Tags []apiTag `json:"tags"`
		}{Tags: []apiTag{}}
		for _, t := range tags {
			aliases := t.Aliases
			if aliases == nil {
				aliases = []string{}
			}
			out.Tags = append(out.Tags, apiTag{ID: t.ID, Name: t.Name, Slug: t.Slug, URL: s.abs("/tags/" + t.Slug),
				Description: t.Description, Kind: t.Kind, Aliases: aliases, Retired: t.RetiredAt != nil})
		}
		return out, nil, nil
	})
}

// apiSearchArgs reads what /posts and /search share: the page size, the
// days and the words.
func (s *Server) apiSearchArgs(q url.Values) (limit int, from, until time.Time, words string, err error) {
	if limit, err = apiLimit(q, burg.DefaultSearchLimit, burg.MaxSearchLimit); err != nil {
		return
	}
	if from, until, err = s.apiDays(q); err != nil {
		return
	}
	words, err = apiText(q, "q", burg.MaxSearchLen)
	return
}

// apiSearchParams are the query parameters /api/v1/search reads.
var apiSearchParams = []string{"q", "section", "tag", "poster", "from", "to", "sort", "comments", "limit", "cursor"}

// handleAPISearch is the full-text search: q in the search box's syntax,
// hits with highlighted titles and snippets. Relevance pages are reached
// by offset (cursor o:N), date pages by the store's cursor (d:CURSOR).
func (s *Server) handleAPISearch(w http.ResponseWriter, r *http.Request) {
	s.cachedJSON(w, r, apiSearchParams, func(ctx context.Context) (any, []string, error) {
		q := r.URL.Query()
		limit, from, until, words, err := s.apiSearchArgs(q)
		if err != nil {
			return nil, nil, err
		}
		sq := burg.ParseSearchIn(words, s.cfg.Location)
		if err := s.searchFilters(ctx, q, &sq, from, until); err != nil {
			return nil, nil, err
		}
		switch v := q.Get("sort"); v {
		case "", string(burg.SortRelevance), string(burg.SortDate):
			sq.Sort = burg.SearchSort(v)
		default:
			return nil, nil, burg.Errorf(burg.EINVALID, "sort is relevance or date, not %q.", burg.Clip(v, 40))
		}
		switch v := q.Get("comments"); v {
		case "", "0", "false":
		case "1", "true":
			sq.IncludeComments = true
		default:
			return nil, nil, burg.Errorf(burg.EINVALID, "comments is true or false, not %q.", burg.Clip(v, 40))
		}
		sq.Limit = limit
		if c := q.Get("cursor"); c != "" {
			kind, rest, _ := strings.Cut(c, ":")
			switch {
			case kind == "d" && rest != "" && sq.Sort == burg.SortDate:
				sq.Cursor = rest
			case kind == "o" && sq.Sort != burg.SortDate:
				n, err := strconv.Atoi(rest)
				if err != nil || n < 0 {
					return nil, nil, burg.Errorf(burg.EINVALID, "%q is not a place in these results.", burg.Clip(c, 40))
				}
				sq.Offset = n
			default:
				return nil, nil, burg.Errorf(burg.EINVALID, "%q is not a place in these results.", burg.Clip(c, 40))
			}
		}
		out := apiSearch{Query: sq.String(), Sort: string(burg.SortRelevance), Hits: []apiHit{}}
		if !sq.Searchable() {
			return out, nil, nil
		}
		res, err := s.store.SearchPosts(ctx, sq)
		if err != nil {
			return nil, nil, err
		}
		out.Sort, out.Total, out.TotalCapped, out.RankWindow = string(res.Sort), res.Total, res.TotalCapped, res.RankWindow
		var posts []*burg.Post
		for _, h := range res.Hits {
			posts = append(posts, h.Post)
			out.Hits = append(out.Hits, apiHit{Post: s.apiPostOf(h.Post), Rank: h.Rank,
				Title: apiParts(h.Title), TitleHTML: marked(h.Title), Snippet: apiParts(h.Snippet), SnippetHTML: marked(h.Snippet),
				CommentID: h.CommentID})
		}
		switch {
		case res.Sort == burg.SortDate && res.Next != "":
			out.NextCursor = "d:" + res.Next
		case res.Sort != burg.SortDate && len(res.Hits) == limit && sq.Offset+limit < res.Total:
			out.NextCursor = "o:" + strconv.Itoa(sq.Offset+limit)
		}
		out.Next = s.nextURL(r, out.NextCursor)
		return out, append(postDeps(posts), depComments), nil
	})
}

func apiParts(parts []burg.SnippetPart) []apiSnippetPart {
	out := make([]apiSnippetPart, len(parts))
	for i, p := range parts {
		out[i] = apiSnippetPart{Text: p.Text, Hit: p.Hit}
	}
	return out
}

// marked writes parts as HTML: each escaped, hits in <mark>.
func marked(parts []burg.SnippetPart) string {
	var b strings.Builder
	for _, p := range parts {
		if p.Hit {
			b.WriteString("<mark>")
		}
		b.WriteString(template.HTMLEscapeString(p.Text))
		if p.Hit {
			b.WriteString("</mark>")
		}
	}
	return b.String()
}

// commentListParams are the query parameters /api/v1/comments reads.
var commentListParams = []string{"since", "limit", "cursor"}

// handleAPIComments lists the latest live comments across posts, newest
// first, back to ?since= (an RFC 3339 time or a day).
func (s *Server) handleAPIComments(w http.ResponseWriter, r *http.Request) {
	s.cachedJSON(w, r, commentListParams, func(ctx context.Context) (any, []string, error) {
		q := r.URL.Query()
		limit, err := apiLimit(q, burg.DefaultCommentListLimit, burg.MaxCommentListLimit)
		if err != nil {
			return nil, nil, err
		}
		// One more than a page shows whether there is another beyond it;
		// a page of the most the store gives cannot tell, and gives a
		// cursor that may lead to an empty page.
		f := burg.CommentListFilter{Limit: min(limit+1, burg.MaxCommentListLimit)}
		if v := q.Get("since"); v != "" {
			if f.Since, err = time.Parse(time.RFC3339Nano, v); err != nil {
				if f.Since, err = s.parseDay(v); err != nil {
					return nil, nil, burg.Errorf(burg.EINVALID, "since is a time such as 2026-03-14T15:30:00Z or a day such as 2026-03-14, not %q.", burg.Clip(v, 40))
				}
			}
		}
		if v := q.Get("cursor"); v != "" {
			if f.Before, err = parseCursor(v); err != nil {
				return nil, nil, err
			}
		}
		cs, err := s.store.FindCommentList(ctx, f)
		if err != nil {
			return nil, nil, err
		}
		out := apiCommentList{Comments: []apiComment{}}
		if len(cs) > limit || (len(cs) == limit && f.Limit == limit) {
			cs = cs[:limit]
			out.NextCursor = cursorString(burg.CommentCursorOf(cs[limit-1]))
		}
		for _, c := range cs {
			path := postURL(&burg.Post{ID: c.PostID, Slug: c.PostSlug})
			a := s.apiCommentOf(c, path)
			a.Post = &apiPostOf{ID: c.PostID, Title: c.PostTitle, URL: s.abs(path)}
			out.Comments = append(out.Comments, a)
		}
		out.Next = s.nextURL(r, out.NextCursor)
		return out, []string{depComments}, nil
	})
}
