package web_test

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/bus"
	"github.com/burg-news/burg/internal/web"
)

type sitemapDoc struct {
	XMLName xml.Name
	Maps    []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
}

func (f *fixture) sitemap(t *testing.T, path string) sitemapDoc {
	t.Helper()
	resp, body := f.get(t, path)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("GET %s: %d %s\n%s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	var d sitemapDoc
	if err := xml.Unmarshal([]byte(body), &d); err != nil {
		t.Fatalf("GET %s: %v\n%s", path, err, body)
	}
	return d
}

func TestSitemap(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	// An old post two months back, and more posts in one month than the
	// store reads at a time.
	if err := f.store.CreatePost(ctx, &burg.Post{SectionID: f.section.ID, Title: "Winter moorings", PosterID: f.poster.ID,
		PostedAt: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC), Body: "Cold."}); err != nil {
		t.Fatal(err)
	}
	for i := range 1200 {
		if err := f.store.CreatePost(ctx, &burg.Post{SectionID: f.section.ID, Title: "February notice " + strconv.Itoa(i), PosterID: f.poster.ID,
			PostedAt: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 30 * time.Minute), Body: "Notice."}); err != nil {
			t.Fatal(err)
		}
	}
	idx := f.sitemap(t, "/sitemap.xml")
	var locs []string
	for _, m := range idx.Maps {
		locs = append(locs, m.Loc)
	}
	want := []string{"https://news.example/sitemaps/site.xml", "https://news.example/sitemaps/2026-03.xml",
		"https://news.example/sitemaps/2026-02.xml", "https://news.example/sitemaps/2026-01.xml"}
	if idx.XMLName.Local != "sitemapindex" || strings.Join(locs, " ") != strings.Join(want, " ") {
		t.Errorf("index %s = %q, want %q", idx.XMLName.Local, locs, want)
	}
	march := f.sitemap(t, "/sitemaps/2026-03.xml")
	if len(march.URLs) != 6 {
		t.Errorf("March: %d URLs, want 6", len(march.URLs))
	}
	found := false
	for _, u := range march.URLs {
		found = found || u.Loc == "https://news.example"+f.articlePath()+"/"+f.article.Slug
		if _, err := time.Parse(time.RFC3339, u.LastMod); err != nil {
			t.Errorf("lastmod %q: %v", u.LastMod, err)
		}
	}
	if !found {
		t.Error("March's sitemap lacks the article")
	}
	feb := f.sitemap(t, "/sitemaps/2026-02.xml")
	seen := map[string]bool{}
	for _, u := range feb.URLs {
		seen[u.Loc] = true
	}
	if len(feb.URLs) != 1200 || len(seen) != 1200 {
		t.Errorf("February: %d URLs, %d distinct, want 1200", len(feb.URLs), len(seen))
	}
	site := f.sitemap(t, "/sitemaps/site.xml")
	if len(site.URLs) < 4 || site.URLs[0].Loc != "https://news.example/" {
		t.Errorf("site sitemap = %+v", site.URLs)
	}
	for _, p := range []string{"/sitemaps/2026-13.xml", "/sitemaps/2099-01.xml", "/sitemaps/site.txt", "/sitemaps/x.xml"} {
		if resp, _ := f.get(t, p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, resp.StatusCode)
		}
	}
}

// Sitemaps come from the page cache until news of a write, and answer a
// crawler that has them already with 304.
func TestSitemapCached(t *testing.T) {
	f := newFixture(t)
	b := bus.New()
	f2 := f.otherServer(t, web.Config{SiteName: "Burg Test", Location: time.UTC, BaseURL: "https://news.example"}, web.Deps{Bus: b})
	for _, path := range []string{"/sitemap.xml", "/sitemaps/2026-03.xml", "/sitemaps/site.xml"} {
		resp, _ := f2.get(t, path)
		etag, lastMod := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
		if resp.StatusCode != http.StatusOK || etag == "" || lastMod == "" {
			t.Fatalf("GET %s: %d, ETag %q, Last-Modified %q", path, resp.StatusCode, etag, lastMod)
		}
		if resp, body := f2.get(t, path, "If-None-Match", etag); resp.StatusCode != http.StatusNotModified || body != "" {
			t.Errorf("GET %s with its ETag: %d %q, want 304", path, resp.StatusCode, body)
		}
		if resp, _ := f2.get(t, path, "If-Modified-Since", lastMod); resp.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s with its Last-Modified: %d, want 304", path, resp.StatusCode)
		}
		if resp, _ := f2.get(t, path, "If-None-Match", `"other"`); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s with another ETag: %d, want 200", path, resp.StatusCode)
		}
	}
	march := len(f2.sitemap(t, "/sitemaps/2026-03.xml").URLs)
	// Another process posts: this server has not heard of it yet.
	p := &burg.Post{SectionID: f.section.ID, Title: "Late notice", PosterID: f.poster.ID,
		PostedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Body: "Late."}
	if err := f.store.CreatePost(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	if got := len(f2.sitemap(t, "/sitemaps/2026-03.xml").URLs); got != march {
		t.Errorf("the cached sitemap changed without news: %d URLs, had %d", got, march)
	}
	b.Deliver(burg.Event{Kind: burg.EventPost, PostID: p.ID})
	got := f2.sitemap(t, "/sitemaps/2026-03.xml")
	if len(got.URLs) != march+1 || !strings.Contains(fmt.Sprint(got.URLs), "/posts/"+strconv.FormatInt(p.ID, 10)+"/") {
		t.Errorf("after the news: %d URLs, want %d with post %d", len(got.URLs), march+1, p.ID)
	}
}

func TestRobots(t *testing.T) {
	f := newFixture(t)
	resp, body := f.get(t, "/robots.txt")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("robots.txt: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{"User-agent: *", "Disallow: /admin/", "Disallow: /mod/", "Disallow: /desk", "Disallow: /login",
		"Sitemap: https://news.example/sitemap.xml"} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("robots.txt lacks %q:\n%s", want, body)
		}
	}
}

func TestCalendarAndOnThisDay(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	for _, at := range []time.Time{
		time.Date(2025, 3, 14, 8, 0, 0, 0, time.UTC), time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC),
		time.Date(2023, 3, 14, 8, 0, 0, 0, time.UTC), time.Date(2024, 3, 15, 8, 0, 0, 0, time.UTC),
	} {
		if err := f.store.CreatePost(ctx, &burg.Post{SectionID: f.section.ID, Title: "Archive piece of " + at.Format(time.DateTime),
			PosterID: f.poster.ID, PostedAt: at, Body: "From the archive."}); err != nil {
			t.Fatal(err)
		}
	}
	d := f.doc(t, "/")
	var years []string
	d.Find(".burg-on-this-day h3 a").Each(func(_ int, s *goquery.Selection) { years = append(years, s.Text()+" "+s.AttrOr("href", "")) })
	if got, want := strings.Join(years, ", "), "2025 /day/2025-03-14, 2023 /day/2023-03-14"; got != want {
		t.Errorf("On this day years = %q, want %q", got, want)
	}
	if got := d.Find(".burg-on-this-day li").Length(); got != 3 {
		t.Errorf("On this day lists %d posts, want 3", got)
	}

	d = f.doc(t, "/archives/2026-03")
	cells := d.Find(".burg-calendar tbody td")
	if cells.Length()%7 != 0 || cells.Length() < 28 {
		t.Fatalf("%d calendar cells", cells.Length())
	}
	// March 2026 starts on a Sunday: six empty cells lead.
	if got := strings.TrimSpace(cells.Eq(6).Text()); got != "1" {
		t.Errorf("the 7th cell = %q, want 1 (a Sunday)", got)
	}
	links := map[string]string{}
	d.Find(".burg-calendar a").Each(func(_ int, s *goquery.Selection) {
		links[s.AttrOr("href", "")] = s.Find(".burg-count").Text()
	})
	want := map[string]string{"/day/2026-03-11": "1", "/day/2026-03-12": "1", "/day/2026-03-13": "1", "/day/2026-03-14": "3"}
	if len(links) != len(want) {
		t.Errorf("calendar links = %v, want %v", links, want)
	}
	for k, v := range want {
		if links[k] != v {
			t.Errorf("calendar %s = %q, want %q", k, links[k], v)
		}
	}
}
