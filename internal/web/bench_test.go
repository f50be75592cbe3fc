package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/bus"
	"github.com/burg-news/burg/internal/demo"
	"github.com/burg-news/burg/internal/views"
	"github.com/burg-news/burg/internal/web"
)

// demoServer serves 30 days of demo content from a SQLite file with the
// durability setting Burg ships (synchronous=FULL), or from PostgreSQL
// (see benchStore).
func demoServer(b *testing.B) (*benchSite, *burg.Post) {
	b.Helper()
	return demoServerCache(b, 0)
}

// demoServerCache is demoServer with a page cache of pageBytes
// (web.Config.PageCacheBytes: 0 the default, web.PageCacheOff none).
func demoServerCache(b *testing.B, pageBytes int64) (*benchSite, *burg.Post) {
	b.Helper()
	ctx := b.Context()
	store, events := benchStore(b)
	now := time.Date(2026, 3, 14, 18, 0, 0, 0, time.UTC)
	if err := demo.Load(ctx, store, demo.Generate(1, now, time.UTC, 30)); err != nil {
		b.Fatal(err)
	}
	b2 := bus.New()
	if events != nil {
		b2.Relay(events)
	}
	site := &benchSite{bus: b2, store: store}
	site.clock.Store(now.UnixNano())
	clock := func() time.Time { return time.Unix(0, site.clock.Load()).UTC() }
	srv, err := web.New(web.Config{SiteName: "Burg", CommentsCloseAfter: 30 * 24 * time.Hour, PageCacheBytes: pageBytes},
		web.Deps{Store: store, Views: views.New(store, nil), Visits: views.NewVisits(store, nil), Now: clock,
			Bus: b2})
	if err != nil {
		b.Fatal(err)
	}
	posts, _, err := store.FindPosts(ctx, burg.PostFilter{Limit: 1})
	if err != nil {
		b.Fatal(err)
	}
	site.Server = srv
	return site, posts[0]
}

// benchSite is a served demo site and the bus its caches hear writes on.
type benchSite struct {
	*web.Server
	bus   *bus.Bus
	store burg.Store
	// clock is the site's "now", in Unix nanoseconds: still, unless a
	// benchmark moves it on.
	clock atomic.Int64
}

func benchGet(b *testing.B, srv *benchSite, path string, cold bool) {
	b.Helper()
	benchGetAfter(b, srv, path, func() {
		if cold {
			// As if another process wrote: every cached page goes.
			srv.bus.Deliver(burg.Event{Kind: burg.EventAll})
		}
	})
}

// benchGetAfter serves path after each call of before.
func benchGetAfter(b *testing.B, srv *benchSite, path string, before func()) {
	b.Helper()
	h := srv.Handler()
	var size int
	for b.Loop() {
		before()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("User-Agent", "Mozilla/5.0 Firefox/140.0")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d", path, rec.Code)
		}
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(size), "bytes/page")
}

// BenchmarkFrontPage serves today's edition (~80 articles with bodies, the
// headlines table, the side rail) as readers get it: from the page cache,
// which a write or 5 seconds renews.
func BenchmarkFrontPage(b *testing.B) {
	srv, _ := demoServer(b)
	benchGet(b, srv, "/", false)
}

// BenchmarkFrontPageRender renders the edition afresh every time: the
// cost of a cache miss.
func BenchmarkFrontPageRender(b *testing.B) {
	srv, _ := demoServer(b)
	benchGet(b, srv, "/", true)
}

// BenchmarkFrontPageAfterComment serves today's edition after a comment
// on one of its articles, each time: the page, its counts and the rail
// are rendered anew, the other articles come from their cached segments.
func BenchmarkFrontPageAfterComment(b *testing.B) {
	srv, p := demoServer(b)
	benchGetAfter(b, srv, "/", func() {
		srv.bus.Deliver(burg.Event{Kind: burg.EventComment, PostID: p.ID})
	})
}

// BenchmarkArticleLongThread serves the demo's longest thread of today
// (1,000+ comments) to a reader with a visitor cookie, as readers get it:
// the shared page with the reader's own bytes spliced in.
func BenchmarkArticleLongThread(b *testing.B) {
	srv, _ := demoServer(b)
	posts, _, err := srv.store.FindPosts(b.Context(), burg.PostFilter{Limit: 500})
	if err != nil {
		b.Fatal(err)
	}
	long := posts[0]
	for _, p := range posts {
		if p.CommentCount > long.CommentCount {
			long = p
		}
	}
	path := "/posts/" + strconv.FormatInt(long.ID, 10)
	h := srv.Handler()
	first := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("User-Agent", "Mozilla/5.0 Firefox/140.0")
	h.ServeHTTP(first, req)
	cookie := first.Result().Cookies()[0]
	var size int
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("User-Agent", "Mozilla/5.0 Firefox/140.0")
		req.Header.Set("Accept-Encoding", "gzip")
		req.AddCookie(cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d", path, rec.Code)
		}
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(size), "gzbytes/page")
	b.ReportMetric(float64(long.CommentCount), "comments")
}

// BenchmarkArticlePage renders one article with its Related block.
func BenchmarkArticlePage(b *testing.B) {
	srv, p := demoServer(b)
	benchGet(b, srv, "/posts/"+strconv.FormatInt(p.ID, 10), false)
}

// BenchmarkArticlePage200Comments renders an article with 200 comments.
func BenchmarkArticlePage200Comments(b *testing.B) {
	srv, p := demoServer(b)
	for i := range 200 {
		postComment(b, srv, p.ID, i)
	}
	benchGet(b, srv, "/posts/"+strconv.FormatInt(p.ID, 10), false)
}

func postComment(b *testing.B, site *benchSite, postID int64, i int) {
	h := site.Handler()
	path := "/posts/" + strconv.FormatInt(postID, 10)
	page := httptest.NewRecorder()
	get := httptest.NewRequest(http.MethodGet, path, nil)
	get.Header.Set("User-Agent", "Mozilla/5.0 Firefox/140.0")
	h.ServeHTTP(page, get)
	m := formTokenRE.FindStringSubmatch(page.Body.String())
	if m == nil {
		b.Fatalf("no form token on %s (%d)", path, page.Code)
	}
	// The reader takes longer over the comment than the form's minimum.
	site.clock.Add(int64(3 * time.Second))
	form := url.Values{"name": {"Bench Reader" + strconv.Itoa(1000+i%9000)}, "ts": {html.UnescapeString(m[1])},
		"body": {fmt.Sprintf("Comment %d: [b]bold[/b] words and a link https://example.org/%d", i, i)}}
	req := httptest.NewRequest(http.MethodPost, "/posts/"+strconv.FormatInt(postID, 10)+"/comments", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = fmt.Sprintf("10.%d.%d.%d:4000", i>>16&255, i>>8&255, i&255)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		b.Fatalf("comment %d: %d %s", i, rec.Code, rec.Body.String())
	}
}

// formTokenRE finds the comment form's token on an article page.
var formTokenRE = regexp.MustCompile(`name="ts" value="([^"]+)"`)

// BenchmarkCommentPost posts comments through the whole HTTP stack as a
// reader does, one after another: the article's page (for the form's
// token), then the form; each comment is committed (fsync) before its
// 303.
func BenchmarkCommentPost(b *testing.B) {
	srv, p := demoServer(b)
	i := 0
	for b.Loop() {
		postComment(b, srv, p.ID, i)
		i++
	}
}
