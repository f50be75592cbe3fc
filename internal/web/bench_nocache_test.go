package web_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"syscall"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/web"
)

// The renders a server without its page cache (burg serve --page-cache
// off) makes for every request: the caches of data, fragments and
// rendered comments warm, the page itself executed, cut and compressed
// each time.

// BenchmarkFrontPageUncached renders today's edition of the demo (its
// articles with their bodies, the headlines, the rail) for every
// request, gzipped.
func BenchmarkFrontPageUncached(b *testing.B) {
	srv, _ := demoServerCache(b, web.PageCacheOff)
	benchGzip(b, srv, "/", nil)
}

// BenchmarkArticle300Uncached renders today's article with the thread
// nearest 300 comments for every request, gzipped, for an anonymous
// reader with a visitor cookie.
func BenchmarkArticle300Uncached(b *testing.B) {
	srv, _ := demoServerCache(b, web.PageCacheOff)
	p := threadNear(b, srv, 300)
	path := "/posts/" + strconv.FormatInt(p.ID, 10)
	first := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("User-Agent", "Mozilla/5.0 Firefox/140.0")
	srv.Handler().ServeHTTP(first, req)
	benchGzip(b, srv, path, first.Result().Cookies())
	b.ReportMetric(float64(p.CommentCount), "comments")
}

// threadNear returns the post of the demo's latest 500 whose thread is
// nearest n comments.
func threadNear(b *testing.B, srv *benchSite, n int) *burg.Post {
	b.Helper()
	posts, _, err := srv.store.FindPosts(b.Context(), burg.PostFilter{Limit: 500})
	if err != nil {
		b.Fatal(err)
	}
	best := posts[0]
	for _, p := range posts {
		if abs(p.CommentCount-n) < abs(best.CommentCount-n) {
			best = p
		}
	}
	return best
}

func abs(n int) int { return max(n, -n) }

// benchGzip serves path gzipped, with cookies, and reports the size and
// the CPU time the process spent per page (garbage collection included),
// which, unlike the wall time, other work on the machine does not
// inflate.
func benchGzip(b *testing.B, srv *benchSite, path string, cookies []*http.Cookie) {
	b.Helper()
	h := srv.Handler()
	var size int
	cpu0 := cpuTime(b)
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("User-Agent", "Mozilla/5.0 Firefox/140.0")
		req.Header.Set("Accept-Encoding", "gzip")
		for _, c := range cookies {
			req.AddCookie(c)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d", path, rec.Code)
		}
		size = rec.Body.Len()
	}
	b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(size), "gzbytes/page")
}

// cpuTime is the user and system time the process has used.
func cpuTime(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
