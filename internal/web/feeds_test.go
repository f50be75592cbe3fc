package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"

	burg "github.com/burg-news/burg"
)

// parseFeed fetches path, expects 200 with the content type and parses
// the feed with an independent parser.
func (f *fixture) parseFeed(t *testing.T, path, ctype string) (*gofeed.Feed, *http.Response) {
	t.Helper()
	resp, body := f.get(t, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", path, resp.StatusCode, body)
	}
	if got := resp.Header.Get("Content-Type"); !strings.HasPrefix(got, ctype) {
		t.Errorf("GET %s: Content-Type %q, want %s", path, got, ctype)
	}
	feed, err := gofeed.NewParser().ParseString(body)
	if err != nil {
		t.Fatalf("GET %s: %v\n%s", path, err, body)
	}
	return feed, resp
}

func TestFeeds(t *testing.T) {
	f := newFixture(t)
	id := strconv.FormatInt(f.article.ID, 10)
	articleURL := "https://news.example/posts/" + id + "/" + f.article.Slug
	for _, tc := range []struct {
		path, ctype string
		n           int
	}{
		{"/feed.xml", "application/rss+xml", 6},
		{"/atom.xml", "application/atom+xml", 6},
		{"/feed.json", "application/feed+json", 6},
		{"/sections/europe/feed.xml", "application/rss+xml", 4},
		{"/sections/europe/atom.xml", "application/atom+xml", 4},
		{"/tags/ferries/feed.xml", "application/rss+xml", 2},
		{"/tags/ferries/feed.json", "application/feed+json", 2},
		{"/posters/Thimble%20Wick/atom.xml", "application/atom+xml", 6},
		{"/posters/Gorse/feed.xml", "application/rss+xml", 0},
	} {
		t.Run(tc.path, func(t *testing.T) {
			feed, _ := f.parseFeed(t, tc.path, tc.ctype)
			if len(feed.Items) != tc.n {
				t.Fatalf("%d items, want %d", len(feed.Items), tc.n)
			}
			if !strings.HasPrefix(feed.Link, "https://news.example/") {
				t.Errorf("feed link %q is not absolute", feed.Link)
			}
			if tc.n == 0 {
				return
			}
			it := feed.Items[0] // the newest: the article
			if it.Title != f.article.Title || it.Link != articleURL {
				t.Errorf("first item %q at %q, want the article at %q", it.Title, it.Link, articleURL)
			}
			if it.GUID != "https://news.example/posts/"+id {
				t.Errorf("GUID %q", it.GUID)
			}
			if it.PublishedParsed == nil || !it.PublishedParsed.Equal(f.article.PostedAt) {
				t.Errorf("published %v, want %v", it.PublishedParsed, f.article.PostedAt)
			}
			for _, want := range []string{"disused lighthouse", "<blockquote", `href="https://vellmarer-bote.example/2026/03/leuchtturm"`,
				`href="https://news.example/tags/ferries"`, "Direct translation via Apertium"} {
				if !strings.Contains(it.Content, want) {
					t.Errorf("content lacks %q:\n%s", want, it.Content)
				}
			}
		})
	}
	for _, p := range []string{"/sections/nowhere/feed.xml", "/tags/nothing/atom.xml", "/posters/nobody/feed.json", "/posts/999/comments.xml", "/posts/x/comments.xml"} {
		if resp, _ := f.get(t, p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, resp.StatusCode)
		}
	}
}

func TestFeedHoldsADay(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	// 150 posts in the last day, more than a default page of a feed.
	for i := range 150 {
		p := &burg.Post{SectionID: f.section.ID, Title: "Tide table " + strconv.Itoa(i), PosterID: f.mod.ID,
			PostedAt: now.Add(-time.Duration(i*9) * time.Minute), Body: "High water."}
		if err := f.store.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	feed, _ := f.parseFeed(t, "/atom.xml", "application/atom+xml")
	if len(feed.Items) < 150 {
		t.Errorf("%d items, want the day's 150 at least", len(feed.Items))
	}
}

func TestCommentFeedAndConditionalGET(t *testing.T) {
	f := newFixture(t)
	path := "/posts/" + strconv.FormatInt(f.article.ID, 10) + "/comments.xml"
	feed, resp := f.parseFeed(t, path, "application/rss+xml")
	if len(feed.Items) != 0 {
		t.Fatalf("%d items before any comment", len(feed.Items))
	}
	etag, lastMod := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if etag == "" || lastMod == "" {
		t.Fatalf("ETag %q, Last-Modified %q", etag, lastMod)
	}
	if resp, _ := f.get(t, path, "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", resp.StatusCode)
	}
	if resp, _ := f.get(t, path, "If-Modified-Since", lastMod); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %d, want 304", resp.StatusCode)
	}

	b := f.browser(t)
	b.comment(f.article.ID, "Feed Reader", "The [b]lighthouse[/b] keeper approves.")
	resp, _ = b.comment(f.article.ID, "Feed Reader", "Second thoughts, withdrawn.")
	loc := resp.Header.Get("Location")
	cid := loc[strings.Index(loc, "#c")+2:]
	if resp, _ := b.do(http.MethodPost, "/comments/"+cid+"/delete", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	// The comment dropped the cached feed: the old ETag no longer holds.
	if resp, _ := f.get(t, path, "If-None-Match", etag); resp.StatusCode != http.StatusOK {
		t.Errorf("after a comment, If-None-Match: %d, want 200", resp.StatusCode)
	}
	for _, p := range []string{path, strings.TrimSuffix(path, ".xml") + ".atom"} {
		feed, _ = f.parseFeed(t, p, "application/")
		if len(feed.Items) != 1 {
			t.Fatalf("%s: %d items, want the one live comment", p, len(feed.Items))
		}
		it := feed.Items[0]
		if !strings.Contains(it.Content, "<strong>lighthouse</strong>") || strings.Contains(it.Content, "withdrawn") {
			t.Errorf("%s: content %q", p, it.Content)
		}
		if !strings.HasPrefix(it.Link, "https://news.example/posts/") || !strings.Contains(it.Link, "#c") {
			t.Errorf("%s: link %q", p, it.Link)
		}
	}
}

func TestFeedDiscovery(t *testing.T) {
	f := newFixture(t)
	for path, want := range map[string]string{
		"/":                "https://news.example/feed.xml",
		"/sections/europe": "https://news.example/sections/europe/feed.xml",
		"/tags/vellmar":    "https://news.example/tags/vellmar/atom.xml",
		"/posters/Gorse":   "https://news.example/posters/Gorse/feed.json",
		f.articlePath():    "https://news.example" + f.articlePath() + "/comments.xml",
	} {
		d := f.doc(t, path)
		found := false
		d.Find(`link[rel="alternate"]`).Each(func(_ int, s *goquery.Selection) {
			found = found || s.AttrOr("href", "") == want
		})
		if !found {
			t.Errorf("%s: no rel=alternate to %s", path, want)
		}
	}
}
