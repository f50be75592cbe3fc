package web_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/burg-news/burg/internal/web"
)

// perRequest matches what an article page holds for one request only:
// the form's token and the suggested nick.
var perRequest = regexp.MustCompile(`name="ts" value="[^"]*"|Try <q>[^<]*</q>`)

// withoutPageCache returns f served by another server over the same
// store, made as f's is but with the page cache off.
func withoutPageCache(t *testing.T, f *fixture) *fixture {
	t.Helper()
	srv, err := web.New(web.Config{SiteName: "Burg Test", Location: time.UTC, CommentsCloseAfter: 7 * 24 * time.Hour,
		BaseURL: "https://news.example", PageCacheBytes: web.PageCacheOff}, web.Deps{Store: f.store, Now: f.clock.Now, Views: f.counter, Visits: f.visits})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	off := *f
	off.web, off.srv = srv, ts
	return &off
}

// With the page cache off, every page a reader gets is the page the
// cached server serves, byte for byte (but for the form's per-request
// token and suggestion), none is kept, and the validators still work.
func TestPageCacheOffServesTheSamePages(t *testing.T) {
	f := newFixture(t)
	off := withoutPageCache(t, f)
	article := "/posts/" + strconv.FormatInt(f.article.ID, 10)
	paths := []string{"/", "/day/2026-03-13", "/tags/vellmar", "/sections/europe", "/latest", article, "/feed.xml", "/sitemap.xml"}
	for _, path := range paths {
		for range 2 { // the second time from the cache, where there is one
			respOn, on := f.get(t, path)
			respOff, offBody := off.get(t, path)
			if respOn.StatusCode != http.StatusOK || respOff.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d with the page cache, %d without", path, respOn.StatusCode, respOff.StatusCode)
			}
			if a, b := perRequest.ReplaceAllString(on, ""), perRequest.ReplaceAllString(offBody, ""); a != b {
				t.Errorf("GET %s differs without the page cache:\n%s\n----\n%s", path, a, b)
			}
		}
	}
	st := off.web.PageCacheStats()
	if !st.Off || st.Entries != 0 || st.Bytes != 0 || st.Hits != 0 {
		t.Errorf("page cache off: %+v, want it off, empty and never hit", st)
	}
	if on := f.web.PageCacheStats(); on.Off || on.Hits == 0 {
		t.Errorf("page cache on: %+v, want it on and hit", on)
	}

	// A page rendered anew unchanged keeps its validators.
	resp, _ := off.get(t, "/")
	etag, lastMod := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	f.clock.Advance(3 * time.Second)
	again, _ := off.get(t, "/")
	if again.Header.Get("ETag") != etag || again.Header.Get("Last-Modified") != lastMod {
		t.Errorf("validators moved for the same page: %s %s, then %s %s",
			etag, lastMod, again.Header.Get("ETag"), again.Header.Get("Last-Modified"))
	}
	for _, h := range [][2]string{{"If-None-Match", etag}, {"If-Modified-Since", lastMod}} {
		if resp, _ := off.get(t, "/", h[0], h[1]); resp.StatusCode != http.StatusNotModified {
			t.Errorf("GET / with %s: %d, want 304", h[0], resp.StatusCode)
		}
	}
}

// With the page cache off, a comment is on its article and on the front
// page's count at once, and the other caches still serve.
func TestPageCacheOffShowsAWriteAtOnce(t *testing.T) {
	f := newFixture(t)
	off := withoutPageCache(t, f)
	b := off.browser(t)
	article := "/posts/" + strconv.FormatInt(f.article.ID, 10)
	for i, text := range []string{"The lighthouse keeps its lamp.", "And the cheese its cellar."} {
		resp, _ := b.comment(f.article.ID, "Ottoline", text)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("comment %d: status %d, want 303", i+1, resp.StatusCode)
		}
		_, d := b.do(http.MethodGet, article, nil)
		if got := d.Find(".burg-comment .e-content").Text(); !regexp.MustCompile(regexp.QuoteMeta(text)).MatchString(got) {
			t.Errorf("after comment %d the article lacks it:\n%s", i+1, got)
		}
		_, front := b.do(http.MethodGet, "/", nil)
		want := "Comments (" + strconv.Itoa(i+1) + ")"
		if got := front.Find(`a[href*="` + article + `/"][href$="#comments"]`).Text(); got != want {
			t.Errorf("after comment %d the front page's links to the article read %q, want %q", i+1, got, want)
		}
	}
}
