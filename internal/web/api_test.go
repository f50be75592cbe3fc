package web_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

// The documented shapes of the JSON API (docs/API.md), written apart from
// the server's types so that a renamed or added field fails here.

type apiSectionRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

type apiTagRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

type apiPoster struct {
	ID   int64  `json:"id"`
	Nick string `json:"nick"`
	URL  string `json:"url"`
}

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

type apiPostOf struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

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
	Post          *apiPostOf `json:"post"`
}

type apiRemark struct {
	Nick     string `json:"nick"`
	BodyHTML string `json:"body_html"`
}

type apiPostDetail struct {
	apiPost
	BodyHTML string       `json:"body_html"`
	Remarks  []apiRemark  `json:"remarks"`
	Comments []apiComment `json:"comments"`
}

type apiPostList struct {
	Posts      []apiPost `json:"posts"`
	NextCursor string    `json:"next_cursor"`
	Next       string    `json:"next"`
}

type apiCommentList struct {
	Comments   []apiComment `json:"comments"`
	NextCursor string       `json:"next_cursor"`
	Next       string       `json:"next"`
}

type apiSectionList struct {
	Sections []struct {
		ID       int64  `json:"id"`
		Name     string `json:"name"`
		Slug     string `json:"slug"`
		URL      string `json:"url"`
		Position int    `json:"position"`
		Page     struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
			Slug string `json:"slug"`
		} `json:"page"`
	} `json:"sections"`
}

type apiTagList struct {
	Tags []struct {
		ID          int64    `json:"id"`
		Name        string   `json:"name"`
		Slug        string   `json:"slug"`
		URL         string   `json:"url"`
		Description string   `json:"description"`
		Kind        string   `json:"kind"`
		Aliases     []string `json:"aliases"`
		Retired     bool     `json:"retired"`
	} `json:"tags"`
}

type apiPart struct {
	Text string `json:"text"`
	Hit  bool   `json:"hit"`
}

type apiSearch struct {
	Query       string `json:"query"`
	Sort        string `json:"sort"`
	Total       int    `json:"total"`
	TotalCapped bool   `json:"total_capped"`
	RankWindow  int    `json:"rank_window"`
	Hits        []struct {
		Post        apiPost   `json:"post"`
		Rank        float64   `json:"rank"`
		Title       []apiPart `json:"title"`
		TitleHTML   string    `json:"title_html"`
		Snippet     []apiPart `json:"snippet"`
		SnippetHTML string    `json:"snippet_html"`
		CommentID   int64     `json:"comment_id"`
	} `json:"hits"`
	NextCursor string `json:"next_cursor"`
	Next       string `json:"next"`
}

type apiErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// api fetches path and decodes the JSON answer into v strictly, failing
// on a status other than want or on a field v does not have.
func (f *fixture) api(t *testing.T, path string, want int, v any, header ...string) *http.Response {
	t.Helper()
	resp, body := f.get(t, path, header...)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d\n%s", path, resp.StatusCode, want, body)
	}
	if resp.StatusCode == http.StatusNotModified {
		return resp
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("GET %s: Access-Control-Allow-Origin %q, want *", path, got)
	}
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("GET %s: decode into %T: %v\n%s", path, v, err, body)
	}
	return resp
}

// apiFixture is the test site with comments, one of them removed.
func apiFixture(t *testing.T) *fixture {
	t.Helper()
	return withAPIComments(t, newFixture(t))
}

// withAPIComments adds the API tests' comments to f: two live, one
// removed.
func withAPIComments(t *testing.T, f *fixture) *fixture {
	t.Helper()
	ctx := t.Context()
	cs := []*burg.Comment{
		{PostID: f.article.ID, Nick: "Quayside Reader", Website: "https://quayside.example", Body: "[b]Cheese[/b] and lighthouses <script>x</script>",
			Email: "reader@example.org", IP: "192.0.2.7", VisitorID: "visitor-one", CreatedAt: now.Add(-50 * time.Minute)},
		{PostID: f.article.ID, Nick: "Troll", Body: "Something rude.", Email: "troll@example.org", IP: "192.0.2.8",
			CreatedAt: now.Add(-40 * time.Minute)},
		{PostID: f.old.ID, Nick: "Dredger", Body: "Postponed again.", CreatedAt: now.Add(-30 * time.Minute)},
	}
	for _, c := range cs {
		c.UpdatedAt = c.CreatedAt
	}
	if err := f.store.CreateComments(ctx, cs); err != nil {
		t.Fatal(err)
	}
	if err := f.store.DeleteComment(ctx, cs[1].ID, "Abuse."); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestAPIShapes runs on both stores: its searches differ underneath.
func TestAPIShapes(t *testing.T) {
	eachStore(t, func(t *testing.T, f *fixture) { testAPIShapes(t, withAPIComments(t, f)) })
}

func testAPIShapes(t *testing.T, f *fixture) {
	id := strconv.FormatInt(f.article.ID, 10)

	var list apiPostList
	f.api(t, "/api/v1/posts", http.StatusOK, &list)
	if len(list.Posts) != 6 || list.NextCursor != "" || list.Next != "" {
		t.Fatalf("posts: %d posts, next %q %q; want 6 and no next", len(list.Posts), list.NextCursor, list.Next)
	}
	p := list.Posts[0]
	if p.ID != f.article.ID || p.Section.Slug != "europe" || p.Poster.Nick != "Thimble Wick" ||
		p.URL != "https://news.example/posts/"+id+"/"+f.article.Slug || p.SourceTag != "VellmarerBote" ||
		len(p.Tags) != 2 || p.CommentCount != 1 || !p.CommentsOpen || !p.PostedAt.Equal(f.article.PostedAt) {
		t.Errorf("newest post = %+v", p)
	}

	var post apiPostDetail
	f.api(t, "/api/v1/posts/"+id, http.StatusOK, &post)
	if post.ID != f.article.ID || !strings.Contains(post.BodyHTML, "<blockquote") || len(post.Remarks) != 1 || post.Remarks[0].Nick != "Gorse" {
		t.Errorf("post = %+v", post)
	}
	if len(post.Comments) != 2 {
		t.Fatalf("%d comments, want 2 (one removed)", len(post.Comments))
	}
	c, removed := post.Comments[0], post.Comments[1]
	if c.Nick != "Quayside Reader" || c.Website != "https://quayside.example" || !strings.Contains(c.BodyHTML, "<strong>Cheese</strong>") ||
		strings.Contains(c.BodyHTML, "<script") || c.Num != 1 || c.Removed || c.Post != nil {
		t.Errorf("comment = %+v", c)
	}
	if !removed.Removed || removed.RemovedReason != "Abuse." || removed.Nick != "" || removed.BodyHTML != "" || removed.Website != "" {
		t.Errorf("removed comment shows %+v", removed)
	}

	var secs apiSectionList
	f.api(t, "/api/v1/sections", http.StatusOK, &secs)
	if len(secs.Sections) != 3 || secs.Sections[0].Page.Slug == "" {
		t.Errorf("sections = %+v", secs)
	}
	var tags apiTagList
	f.api(t, "/api/v1/tags", http.StatusOK, &tags)
	if len(tags.Tags) != 2 {
		t.Errorf("tags = %+v", tags)
	}

	var cl apiCommentList
	f.api(t, "/api/v1/comments", http.StatusOK, &cl)
	if len(cl.Comments) != 2 || cl.Comments[0].Nick != "Dredger" || cl.Comments[0].Post == nil || cl.Comments[0].Post.ID != f.old.ID {
		t.Errorf("comments = %+v", cl)
	}
	f.api(t, "/api/v1/comments?since="+url.QueryEscape(now.Add(-35*time.Minute).Format(time.RFC3339)), http.StatusOK, &cl)
	if len(cl.Comments) != 1 {
		t.Errorf("comments since: %d, want 1", len(cl.Comments))
	}

	var sr apiSearch
	f.api(t, "/api/v1/search?q=lighthouse", http.StatusOK, &sr)
	if sr.Total != 1 || len(sr.Hits) != 1 || sr.Hits[0].Post.ID != f.article.ID || !strings.Contains(sr.Hits[0].TitleHTML, "<mark>") {
		t.Errorf("search = %+v", sr)
	}
	f.api(t, "/api/v1/search?q=harbour&section=commentary&sort=date", http.StatusOK, &sr)
	if sr.Total != 1 || sr.Sort != "date" || sr.Query != "harbour" {
		t.Errorf("filtered search = %+v", sr)
	}
	f.api(t, "/api/v1/search?q=cheese&comments=true", http.StatusOK, &sr)
	if len(sr.Hits) == 0 {
		t.Errorf("search with comments found nothing")
	}
	f.api(t, "/api/v1/search?q="+url.QueryEscape("-\"unbalanced ( AND *"), http.StatusOK, &sr)
}

func TestAPIFilters(t *testing.T) {
	f := apiFixture(t)
	cases := []struct {
		query string
		want  int
	}{
		{"section=europe", 4},
		{"tag=ferries", 2},
		{"poster=" + url.QueryEscape("Thimble Wick"), 6},
		{"from=2026-03-13&to=2026-03-13", 1},
		{"from=2026-03-14", 3},
		{"to=2026-03-12", 2},
		{"q=harbour", 6}, // every body names the harbour
		{"q=harbour&section=europe", 4},
		{"q=dredging", 1},
		{"q=" + url.QueryEscape("harbour -dredging") + "&tag=vellmar", 3},
		{"q=" + url.QueryEscape("section:europe ferry"), 1},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			var list apiPostList
			f.api(t, "/api/v1/posts?"+c.query, http.StatusOK, &list)
			if len(list.Posts) != c.want {
				var titles []string
				for _, p := range list.Posts {
					titles = append(titles, p.Title)
				}
				t.Errorf("%d posts, want %d: %q", len(list.Posts), c.want, titles)
			}
		})
	}
}

func TestAPIBadInput(t *testing.T) {
	f := apiFixture(t)
	cases := []struct {
		path   string
		status int
		code   string
	}{
		{"/api/v1/posts?cursor=nonsense", 400, "invalid"},
		{"/api/v1/posts?cursor=1-x", 400, "invalid"},
		{"/api/v1/posts?q=harbour&cursor=nonsense", 400, "invalid"},
		{"/api/v1/posts?limit=1000000", 400, "invalid"},
		{"/api/v1/posts?limit=0", 400, "invalid"},
		{"/api/v1/posts?limit=-3", 400, "invalid"},
		{"/api/v1/posts?from=yesterday", 400, "invalid"},
		{"/api/v1/posts?to=2026-02-31", 400, "invalid"},
		{"/api/v1/posts?section=no-such", 404, "not_found"},
		{"/api/v1/posts?tag=No_Slug", 404, "not_found"},
		{"/api/v1/posts?poster=nobody", 404, "not_found"},
		{"/api/v1/posts?q=" + url.QueryEscape(strings.Repeat("x", burg.MaxSearchLen+1)), 400, "invalid"},
		{"/api/v1/posts?q=%ff%fe", 400, "invalid"},
		{"/api/v1/posts/0", 404, "not_found"},
		{"/api/v1/posts/999999", 404, "not_found"},
		{"/api/v1/posts/abc", 404, "not_found"},
		{"/api/v1/posts/99999999999999999999999", 404, "not_found"},
		{"/api/v1/search?sort=best", 400, "invalid"},
		{"/api/v1/search?q=harbour&cursor=o:-1", 400, "invalid"},
		{"/api/v1/search?q=harbour&cursor=d:abc", 400, "invalid"},
		{"/api/v1/search?q=harbour&sort=date&cursor=d:abc", 400, "invalid"},
		{"/api/v1/search?q=harbour&cursor=o:100000000", 400, "invalid"},
		{"/api/v1/search?comments=maybe", 400, "invalid"},
		{"/api/v1/search?limit=101", 400, "invalid"},
		{"/api/v1/comments?since=last-week", 400, "invalid"},
		{"/api/v1/comments?cursor=-", 400, "invalid"},
		{"/api/v1/comments?limit=201", 400, "invalid"},
		{"/api/v1/nothing", 404, "not_found"},
		{"/api/v1/", 404, "not_found"},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			var e apiErrorBody
			f.api(t, c.path, c.status, &e)
			if e.Error.Code != c.code || e.Error.Message == "" {
				t.Errorf("error = %+v, want code %q and a message", e.Error, c.code)
			}
		})
	}
}

func TestAPIReadOnly(t *testing.T) {
	f := apiFixture(t)
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		req, err := http.NewRequestWithContext(t.Context(), method, f.srv.URL+"/api/v1/posts", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("%s: status %d, want 405", method, resp.StatusCode)
		}
	}
}

func TestAPICORS(t *testing.T) {
	f := apiFixture(t)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodOptions, f.srv.URL+"/api/v1/posts?tag=ferries", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Origin", "https://reader.example")
	req.Header.Set("Access-Control-Request-Method", "GET")
	req.Header.Set("Access-Control-Request-Headers", "if-none-match")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("preflight: status %d, want 204", resp.StatusCode)
	}
	for name, want := range map[string]string{
		"Access-Control-Allow-Origin":  "*",
		"Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
		"Access-Control-Allow-Headers": "If-None-Match",
	} {
		if got := resp.Header.Get(name); got != want {
			t.Errorf("preflight %s = %q, want %q", name, got, want)
		}
	}
	var list apiPostList
	r := f.api(t, "/api/v1/posts", http.StatusOK, &list, "Origin", "https://reader.example")
	if got := r.Header.Get("Access-Control-Expose-Headers"); !strings.Contains(got, "ETag") {
		t.Errorf("Access-Control-Expose-Headers = %q", got)
	}
}

func TestAPIETag(t *testing.T) {
	f := apiFixture(t)
	path := "/api/v1/posts/" + strconv.FormatInt(f.article.ID, 10)
	var post apiPostDetail
	r := f.api(t, path, http.StatusOK, &post)
	etag := r.Header.Get("ETag")
	if etag == "" || !strings.HasPrefix(etag, `"`) {
		t.Fatalf("ETag %q", etag)
	}
	f.api(t, path, http.StatusNotModified, nil, "If-None-Match", etag)
	f.api(t, path, http.StatusOK, &post, "If-None-Match", `"other"`)
	var list apiCommentList
	lr := f.api(t, "/api/v1/comments", http.StatusOK, &list)
	// Another query of the same address is another answer.
	r2 := f.api(t, "/api/v1/posts/"+strconv.FormatInt(f.old.ID, 10), http.StatusOK, &post)
	if r2.Header.Get("ETag") == etag {
		t.Errorf("two posts share the ETag %s", etag)
	}

	// A comment changes the post's answer and the list of comments.
	f.clock.Advance(time.Minute)
	b := f.browser(t)
	if resp, _ := b.comment(f.article.ID, "Late Reader", "A comment written after the first read."); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("comment: status %d", resp.StatusCode)
	}
	r = f.api(t, path, http.StatusOK, &post, "If-None-Match", etag)
	if r.Header.Get("ETag") == etag || len(post.Comments) != 3 {
		t.Errorf("after a comment: ETag %s (was %s), %d comments, want a new ETag and 3", r.Header.Get("ETag"), etag, len(post.Comments))
	}
	lr2 := f.api(t, "/api/v1/comments", http.StatusOK, &list, "If-None-Match", lr.Header.Get("ETag"))
	if lr2.Header.Get("ETag") == lr.Header.Get("ETag") || len(list.Comments) != 3 || list.Comments[0].Nick != "Late Reader" {
		t.Errorf("comments after a comment: %+v", list)
	}
}

// walk follows next links from path and returns the IDs seen, failing on
// a loop.
func walk[T any](t *testing.T, f *fixture, path string, ids func(*T) ([]int64, string)) []int64 {
	t.Helper()
	var all []int64
	for range 1000 {
		var page T
		f.api(t, path, http.StatusOK, &page)
		got, next := ids(&page)
		all = append(all, got...)
		if next == "" {
			return all
		}
		u, err := url.Parse(next)
		if err != nil {
			t.Fatal(err)
		}
		path = u.RequestURI()
	}
	t.Fatalf("walk from %s did not end", path)
	return nil
}

// TestAPIPagination runs on both stores: its searches differ underneath.
func TestAPIPagination(t *testing.T) {
	eachStore(t, func(t *testing.T, f *fixture) { testAPIPagination(t, withAPIComments(t, f)) })
}

func testAPIPagination(t *testing.T, f *fixture) {
	ctx := t.Context()
	// Many posts at few times, so that pages end inside runs of posts of
	// one time.
	var posts []*burg.Post
	for i := range 47 {
		posts = append(posts, &burg.Post{SectionID: f.section.ID, Title: fmt.Sprintf("Tide table %d for the estuary", i),
			PosterID: f.poster.ID, PostedAt: now.Add(-time.Duration(100+i/5) * time.Hour), Body: "High water, low water."})
	}
	if err := f.store.CreatePosts(ctx, posts); err != nil {
		t.Fatal(err)
	}
	var cs []*burg.Comment
	for i := range 31 {
		at := now.Add(-time.Duration(10+i/4) * time.Hour)
		cs = append(cs, &burg.Comment{PostID: posts[i%5].ID, Nick: "Tide Watcher", Body: fmt.Sprintf("Reading %d.", i), CreatedAt: at, UpdatedAt: at})
	}
	if err := f.store.CreateComments(ctx, cs); err != nil {
		t.Fatal(err)
	}

	postIDs := func(l *apiPostList) ([]int64, string) {
		var ids []int64
		for _, p := range l.Posts {
			ids = append(ids, p.ID)
		}
		return ids, l.Next
	}
	all, _, err := f.store.FindPosts(ctx, burg.PostFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var want []int64
	for _, p := range all {
		want = append(want, p.ID)
	}
	for _, limit := range []int{1, 4, 7, 53, 100} {
		got := walk(t, f, "/api/v1/posts?limit="+strconv.Itoa(limit), postIDs)
		if !slices.Equal(got, want) {
			t.Errorf("limit %d: walked %v\nwant %v", limit, got, want)
		}
	}
	// With words the walk goes through the search by date.
	got := walk(t, f, "/api/v1/posts?q=tide&limit=6", postIDs)
	if len(got) != 47 || len(slices.Compact(slices.Sorted(slices.Values(got)))) != 47 {
		t.Errorf("search walk: %d posts, %d distinct, want 47", len(got), len(slices.Compact(slices.Sorted(slices.Values(got)))))
	}

	searchIDs := func(s *apiSearch) ([]int64, string) {
		var ids []int64
		for _, h := range s.Hits {
			ids = append(ids, h.Post.ID)
		}
		return ids, s.Next
	}
	for _, sort := range []string{"relevance", "date"} {
		got := walk(t, f, "/api/v1/search?q=tide+estuary&limit=10&sort="+sort, searchIDs)
		if len(got) != 47 || len(slices.Compact(slices.Sorted(slices.Values(got)))) != 47 {
			t.Errorf("search by %s: walked %d hits, want 47 distinct", sort, len(got))
		}
	}

	commentIDs := func(l *apiCommentList) ([]int64, string) {
		var ids []int64
		for _, c := range l.Comments {
			ids = append(ids, c.ID)
		}
		return ids, l.Next
	}
	full := walk(t, f, "/api/v1/comments?limit=200", commentIDs)
	if len(full) != 33 {
		t.Fatalf("%d comments, want 33 (31 and two of the fixture's)", len(full))
	}
	for _, limit := range []int{1, 3, 8, 32} {
		if got := walk(t, f, "/api/v1/comments?limit="+strconv.Itoa(limit), commentIDs); !slices.Equal(got, full) {
			t.Errorf("limit %d: walked %v\nwant %v", limit, got, full)
		}
	}
}

var updateAPIDocs = flag.Bool("update-api-docs", false, "rewrite the examples in docs/API.md from a real run")

// TestAPIDocs checks docs/openapi.json against the routes the server
// registers, and the examples of docs/API.md against real answers; with
// -update-api-docs it writes the examples anew.
func TestAPIDocs(t *testing.T) {
	f := apiFixture(t)
	root := filepath.Join("..", "..", "docs")
	raw, err := os.ReadFile(filepath.Join(root, "openapi.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(spec.OpenAPI, "3.1") {
		t.Errorf("openapi = %q, want 3.1.x", spec.OpenAPI)
	}
	documented := map[string]bool{}
	for _, pattern := range f.web.APIPatterns() {
		method, path, ok := strings.Cut(pattern, " ")
		if !ok || method == http.MethodOptions {
			continue // the catch-all and the preflight
		}
		p := strings.TrimPrefix(path, "/api/v1")
		documented[p] = true
		if _, ok := spec.Paths[p][strings.ToLower(method)]; !ok {
			t.Errorf("openapi.json has no %s %s", method, p)
		}
	}
	for p := range spec.Paths {
		if !documented[p] {
			t.Errorf("openapi.json documents %s, which the server does not serve", p)
		}
	}

	examples := []string{
		"/api/v1/posts?tag=ferries&limit=1",
		"/api/v1/posts/" + strconv.FormatInt(f.article.ID, 10),
		"/api/v1/sections",
		"/api/v1/tags",
		"/api/v1/search?q=lighthouse+cheese&limit=1",
		"/api/v1/comments?since=2026-03-14&limit=1",
		"/api/v1/posts?cursor=nonsense",
	}
	var out bytes.Buffer
	out.WriteString("<!-- examples: made by go test ./internal/web -run TestAPIDocs -update-api-docs -->\n")
	for _, path := range examples {
		resp, body := f.get(t, path)
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, []byte(body), "", "  "); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		fmt.Fprintf(&out, "\n#### `GET %s`\n\n```http\nHTTP/1.1 %d %s\nContent-Type: %s\nETag: %s\n```\n\n```json\n%s\n```\n",
			path, resp.StatusCode, http.StatusText(resp.StatusCode), resp.Header.Get("Content-Type"), resp.Header.Get("ETag"), bytes.TrimSpace(pretty.Bytes()))
	}
	out.WriteString("\n<!-- /examples -->")
	docPath := filepath.Join(root, "API.md")
	doc, err := os.ReadFile(docPath)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?s)<!-- examples:.*<!-- /examples -->`)
	if !re.Match(doc) {
		t.Fatal("docs/API.md has no examples section")
	}
	// ETags depend on the times the fixture's store gives: compare without
	// them.
	noTag := regexp.MustCompile(`ETag: .*`)
	if *updateAPIDocs {
		doc = re.ReplaceAllLiteral(doc, out.Bytes())
		if err := os.WriteFile(docPath, doc, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got, want := noTag.ReplaceAll(re.Find(doc), nil), noTag.ReplaceAll(out.Bytes(), nil); !bytes.Equal(got, want) {
		t.Errorf("docs/API.md examples differ from a real run; run go test ./internal/web -run TestAPIDocs -update-api-docs\n%s", out.String())
	}
}
