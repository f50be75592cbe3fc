package web_test

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/bus"
	"github.com/burg-news/burg/internal/pgtest"
	"github.com/burg-news/burg/internal/sqlstore"
	"github.com/burg-news/burg/internal/views"
	"github.com/burg-news/burg/internal/web"
)

// now is the fixed "now" of these tests: an afternoon in the site's zone.
var now = time.Date(2026, 3, 14, 15, 30, 0, 0, time.UTC)

// fixture is a small site with the anatomy of a real one: a translated
// article in a regional section with a source tag, a note, tags and
// related posts, and a moderator with a colour.
type fixture struct {
	store   *sqlstore.Store
	web     *web.Server
	srv     *httptest.Server
	counter *views.Counter
	visits  *views.Visits
	clock   *clock
	// bus is what the server and its application layer hear events on:
	// a test delivers to it what another instance would publish.
	bus     *bus.Bus
	article *burg.Post
	old     *burg.Post
	mod     *burg.User
	poster  *burg.User
	tag     *burg.Tag
	section *burg.Section
}

// otherServer returns a copy of f served by another server over the
// same store, made with cfg and d (whose Store and Now are f's): a second
// instance, or one on a bus of the test's own.
func (f *fixture) otherServer(t *testing.T, cfg web.Config, d web.Deps) *fixture {
	t.Helper()
	d.Store, d.Now = f.store, f.clock.Now
	srv, err := web.New(cfg, d)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	f2 := *f
	f2.srv = ts
	return &f2
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	return newFixtureOn(t, filepath.Join(t.TempDir(), "burg.db"))
}

// eachStore runs test on a fixture in a SQLite file and, with
// BURG_TEST_DATABASE_URL, on one in a PostgreSQL schema of its own: for
// what the two stores do differently underneath, such as full-text
// search.
func eachStore(t *testing.T, test func(t *testing.T, f *fixture)) {
	t.Run("SQLite", func(t *testing.T) { test(t, newFixture(t)) })
	t.Run("Postgres", func(t *testing.T) { test(t, newFixtureOn(t, pgtest.URL(t, "the web tests on PostgreSQL"))) })
}

// newFixtureOn is newFixture on the database dsn names.
func newFixtureOn(t testing.TB, dsn string) *fixture {
	t.Helper()
	ctx := t.Context()
	clk := &clock{t: now}
	store, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	f := &fixture{store: store, clock: clk, bus: bus.New()}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ops := &burg.Page{Name: "Operations", Slug: "operations", Position: 1}
	opinion := &burg.Page{Name: "Opinion", Slug: "opinion", Position: 2}
	must(store.CreatePage(ctx, ops))
	must(store.CreatePage(ctx, opinion))
	f.section = &burg.Section{PageID: ops.ID, Name: "Europe", Slug: "europe", Position: 2}
	africa := &burg.Section{PageID: ops.ID, Name: "Africa North", Slug: "africa-north", Position: 1}
	commentary := &burg.Section{PageID: opinion.ID, Name: "Commentary", Slug: "commentary", Position: 1}
	for _, s := range []*burg.Section{f.section, africa, commentary} {
		must(store.CreateSection(ctx, s))
	}
	f.mod = &burg.User{Nick: "Gorse", Role: burg.RoleModerator, Colour: "#aa3300"}
	f.poster = &burg.User{Nick: "Thimble Wick", Role: burg.RolePoster}
	must(store.CreateUser(ctx, f.mod))
	must(store.CreateUser(ctx, f.poster))
	f.tag = &burg.Tag{Name: "Vellmar", Slug: "vellmar", Description: "A river port with a quarrelsome harbour board."}
	ferries := &burg.Tag{Name: "Ferries", Slug: "ferries"}
	must(store.CreateTag(ctx, f.tag))
	must(store.CreateTag(ctx, ferries))

	post := func(title string, sec *burg.Section, at time.Time, tags ...*burg.Tag) *burg.Post {
		p := &burg.Post{SectionID: sec.ID, Title: title, PosterID: f.poster.ID, PostedAt: at, Tags: tags,
			SourceURL: "https://harbour-gazette.example/news/" + burg.Slugify(title, 40),
			Body:      "The harbour board met again.\n\nNobody agreed."}
		must(store.CreatePost(ctx, p))
		return p
	}
	f.old = post("Harbour board postpones the dredging vote", f.section, now.Add(-72*time.Hour), f.tag)
	post("Second ferry line opens across the estuary", f.section, now.Add(-48*time.Hour), f.tag, ferries)
	post("Dock workers return after a two-day stoppage", f.section, now.Add(-24*time.Hour), f.tag)
	post("Desert road reopens after the sandstorm", africa, now.Add(-2*time.Hour))
	post("Why the harbour board never learns", commentary, now.Add(-3*time.Hour))

	f.article = &burg.Post{
		SectionID:  f.section.ID,
		Title:      "Vellmar harbour board sells the old lighthouse to a cheese cooperative",
		SourceURL:  "https://vellmarer-bote.example/2026/03/leuchtturm",
		SourceTag:  "VellmarerBote",
		SourceLang: "de",
		Note:       "Direct translation via Apertium. Edited.",
		Body: "The harbour board of Vellmar voted on Friday to sell the disused lighthouse.\n\n" +
			"[quote]We could not afford the paint,[/quote] said the board's treasurer.",
		Remarks:  []*burg.Remark{{UserID: f.mod.ID, Body: "The cheese will at least be well lit."}},
		PosterID: f.poster.ID,
		PostedAt: now.Add(-time.Hour),
		Views:    41,
		Tags:     []*burg.Tag{f.tag, ferries},
	}
	must(store.CreatePost(ctx, f.article))

	f.counter = views.New(store, nil)
	f.visits = views.NewVisits(store, nil)
	srv, err := web.New(web.Config{SiteName: "Burg Test", Location: time.UTC, CommentsCloseAfter: 7 * 24 * time.Hour,
		BaseURL: "https://news.example"}, web.Deps{Store: store, Views: f.counter, Visits: f.visits, Now: f.clock.Now, Bus: f.bus})
	if err != nil {
		t.Fatal(err)
	}
	f.web = srv
	f.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

// clock is the tests' movable "now", shared by the store and the server.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// get fetches path with a browser's User-Agent and returns the response
// with its body read.
func (f *fixture) get(t *testing.T, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, f.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// doc fetches path, expects 200 and parses the HTML.
func (f *fixture) doc(t *testing.T, path string) *goquery.Document {
	t.Helper()
	resp, body := f.get(t, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200\n%s", path, resp.StatusCode, body)
	}
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestArticlePage(t *testing.T) {
	f := newFixture(t)
	d := f.doc(t, "/posts/"+strconv.FormatInt(f.article.ID, 10))
	a := d.Find("article.h-entry")
	if a.Length() != 1 {
		t.Fatalf("found %d article.h-entry, want 1", a.Length())
	}
	checks := []struct {
		sel, want string
	}{
		{".burg-section", "Europe"},
		{".p-name", f.article.Title},
		{".burg-note", "Direct translation via Apertium. Edited."},
		{".burg-source", "[VellmarerBote]"},
		{".p-author", "Thimble Wick"},
		{".burg-date", "2026-03-14"},
	}
	for _, c := range checks {
		if got := strings.TrimSpace(a.Find(c.sel).First().Text()); got != c.want {
			t.Errorf("%s = %q, want %q", c.sel, got, c.want)
		}
	}
	if href, _ := a.Find("a.p-name").Attr("href"); href != f.article.SourceURL {
		t.Errorf("title links to %q, want the source %q", href, f.article.SourceURL)
	}
	if dt, _ := a.Find("time.dt-published").Attr("datetime"); dt != "2026-03-14T14:30:00Z" {
		t.Errorf("dt-published datetime = %q", dt)
	}
	body := a.Find(".e-content")
	if !strings.HasPrefix(strings.TrimSpace(body.Text()), "[VellmarerBote] The harbour board of Vellmar") {
		t.Errorf("body does not start with the source tag: %q", body.Text())
	}
	if body.Find("blockquote").Length() != 1 {
		t.Errorf("quote markup not rendered: %s", must(body.Html()))
	}
	if body.Find("aside.burg-remark.burg-mod-"+strconv.FormatInt(f.mod.ID, 10)).Length() != 1 {
		t.Errorf("editorial remark not in the moderator's colour class: %s", must(body.Html()))
	}
	if got := a.Find(".p-category").Length(); got != 2 {
		t.Errorf("%d .p-category, want 2", got)
	}
	if href, _ := a.Find("a.u-url").Attr("href"); href != "/posts/"+strconv.FormatInt(f.article.ID, 10)+"/"+f.article.Slug {
		t.Errorf("u-url = %q", href)
	}
	if v := strings.TrimSpace(a.Find(".burg-views").Text()); v != "42" {
		t.Errorf(".burg-views = %q, want 42 (41 stored + this view)", v)
	}
	footer := strings.Join(strings.Fields(a.Find(".burg-byline").Text()), " ")
	for _, part := range []string{"Posted by: Thimble Wick", "|| 2026-03-14 14:30 ||", "Comments", "Link", "E-Mail", "[42 views]", "File under: Vellmar, Ferries"} {
		if !strings.Contains(footer, part) {
			t.Errorf("footer %q lacks %q", footer, part)
		}
	}
	// Related: per tag, other posts newest first, "Tag: date Title".
	rel := d.Find(".burg-related li")
	if rel.Length() != 4 { // Vellmar: 3 others; Ferries: 1 other
		t.Fatalf("%d related items, want 4", rel.Length())
	}
	first := strings.Join(strings.Fields(rel.First().Text()), " ")
	if want := "Vellmar: 2026-03-13 Dock workers return after a two-day stoppage"; first != want {
		t.Errorf("first related = %q, want %q", first, want)
	}
	// JSON-LD NewsArticle.
	var ld map[string]any
	if err := json.Unmarshal([]byte(d.Find(`script[type="application/ld+json"]`).Text()), &ld); err != nil {
		t.Fatalf("JSON-LD: %v", err)
	}
	if ld["@type"] != "NewsArticle" || ld["headline"] != f.article.Title || ld["datePublished"] != "2026-03-14T14:30:00Z" {
		t.Errorf("JSON-LD = %v", ld)
	}
	want := "https://news.example/posts/" + strconv.FormatInt(f.article.ID, 10) + "/" + f.article.Slug
	if canon, _ := d.Find(`link[rel="canonical"]`).Attr("href"); canon != want {
		t.Errorf("canonical = %q, want %q", canon, want)
	}
	for sel, val := range map[string]string{
		`meta[property="og:url"]`: want, `meta[property="og:type"]`: "article", `meta[property="og:title"]`: f.article.Title,
		`meta[name="twitter:card"]`: "summary", `meta[name="twitter:title"]`: f.article.Title,
	} {
		if got := d.Find(sel).AttrOr("content", ""); got != val {
			t.Errorf("%s = %q, want %q", sel, got, val)
		}
	}
	if got := d.Find(`meta[property="og:description"]`).AttrOr("content", ""); got == "" {
		t.Error("no og:description")
	}
}

func must(s string, err error) string {
	if err != nil {
		return err.Error()
	}
	return s
}

func TestArticleWrongSlugRedirects(t *testing.T) {
	f := newFixture(t)
	resp, _ := f.get(t, "/posts/"+strconv.FormatInt(f.article.ID, 10)+"/wrong-slug")
	if resp.StatusCode != http.StatusMovedPermanently {
		t.Fatalf("status %d, want 301", resp.StatusCode)
	}
	if loc := resp.Header.Get("Location"); loc != "/posts/"+strconv.FormatInt(f.article.ID, 10)+"/"+f.article.Slug {
		t.Errorf("Location = %q", loc)
	}
}

// TestSeedAnatomy checks that our article page has every element of the
// original site's article page as listed in shared/seed/article-page.txt:
// the visitor line, the form's labels and buttons, the toolbar, section,
// title, date, note, source tag, body, Related block and byline. The seed
// is read only to learn which labels it has, never to copy its text; the
// page under test is our own fixture.
func TestSeedAnatomy(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "seed", "article-page.txt"))
	if err != nil {
		t.Skip("shared/seed/article-page.txt is not here; skipping the anatomy check")
	}
	seed := strings.ToLower(strings.Join(strings.Fields(string(raw)), " "))
	f := newFixture(t)
	b := f.browser(t)
	b.comment(f.article.ID, "Anatomy Reader1234", "A comment, so that the visitor line shows.")
	_, d := b.do(http.MethodGet, f.articlePath(), nil)
	page := strings.ToLower(text(d.Find("main")))
	buttons := map[string]bool{}
	d.Find("button").Each(func(_ int, s *goquery.Selection) { buttons[strings.ToLower(text(s))] = true })
	labels := map[string]bool{}
	d.Find("label").Each(func(_ int, s *goquery.Selection) { labels[strings.ToLower(text(s))] = true })

	for _, want := range []string{"you have commented", "related:", "posted by:", "direct translation via"} {
		if strings.Contains(seed, want) && !strings.Contains(page, want) {
			t.Errorf("the seed page has %q, ours does not", want)
		}
	}
	for _, want := range []string{"your name", "your e-mail (optional)", "website (optional)"} {
		if strings.Contains(seed, want) && !labels[want] {
			t.Errorf("the seed form has the field %q, ours does not (labels %v)", want, labels)
		}
	}
	for _, want := range []string{"my original nic", "pic-a-nic", "bold", "italic", "underline", "strike", "bullet",
		"blockquote", "small", "big", "link", "squish", "foto", "photo"} {
		if strings.Contains(seed, want) && !buttons[want] {
			t.Errorf("the seed page has the button %q, ours does not", want)
		}
	}
	a := d.Find("article.h-entry")
	for _, sel := range []string{".burg-section", ".p-name", ".burg-date", ".burg-note", ".e-content .burg-source", ".burg-byline .p-author"} {
		if a.Find(sel).Length() == 0 {
			t.Errorf("article lacks %s", sel)
		}
	}
	if d.Find(".burg-related li").Length() == 0 {
		t.Error("no Related entries")
	}
	// "Sorry. Comments have been closed on this article." on a closed one.
	if strings.Contains(seed, "comments have been closed") {
		f.clock.Advance(8 * 24 * time.Hour)
		_, d = b.do(http.MethodGet, f.articlePath(), nil)
		if !strings.Contains(strings.ToLower(text(d.Find(".burg-closed"))), "comments have been closed on this article") {
			t.Error("a closed article does not say so")
		}
	}
}

func TestEdition(t *testing.T) {
	f := newFixture(t)
	d := f.doc(t, "/")
	counter := strings.Join(strings.Fields(d.Find(".burg-site-counter").Text()), " ")
	if want := "6 articles and 0 comments are archived. Today: 3 articles and 0 comments as of 15:30"; counter != want {
		t.Errorf("site counter = %q, want %q", counter, want)
	}
	rows := d.Find(".burg-headlines tr.burg-headline")
	if rows.Length() != 3 {
		t.Fatalf("%d headline rows, want 3 (today's posts)", rows.Length())
	}
	if rows.Find(".burg-comment-count").Length() != 3 || rows.Find(".burg-views").Length() != 3 {
		t.Error("headline rows lack .burg-comment-count or .burg-views")
	}
	// Grouped by page: Operations first (newest first within it), then Opinion.
	var titles []string
	rows.Each(func(_ int, s *goquery.Selection) { titles = append(titles, strings.TrimSpace(s.Find("td a").Text())) })
	want := []string{f.article.Title, "Desert road reopens after the sandstorm", "Why the harbour board never learns"}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Errorf("headlines = %q, want %q", titles, want)
	}
	// Section bars in section order within a page: Africa North (1) before Europe (2).
	var bars []string
	d.Find(".burg-section-bar").Each(func(_ int, s *goquery.Selection) { bars = append(bars, strings.TrimSpace(s.Text())) })
	if got := strings.Join(bars, "|"); got != "Africa North|Europe|Commentary" {
		t.Errorf("section bars = %q", got)
	}
	if d.Find("article.h-entry").Length() != 3 {
		t.Errorf("%d article bodies, want 3", d.Find("article.h-entry").Length())
	}
	// Day tabs: today and seven days before, then Archives.
	if got := d.Find(".burg-days a").Length(); got != 9 {
		t.Errorf("%d day tabs, want 9", got)
	}
	// Side rail: who's in the news today, moderators in their colour class.
	news := strings.Join(strings.Fields(d.Find(".burg-news").Text()), " ")
	if !strings.Contains(news, "Ferries 1") || !strings.Contains(news, "Vellmar 1") {
		t.Errorf("who's in the news = %q", news)
	}
	if d.Find(".burg-moderators a.burg-mod-"+strconv.FormatInt(f.mod.ID, 10)).Length() != 1 {
		t.Error("moderator not listed in their colour")
	}
	if action, _ := d.Find("form.burg-search").Attr("action"); action != "/search" {
		t.Errorf("search form action = %q", action)
	}
}

func TestOtherDaysAndListings(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		path string
		sel  string
		n    int
	}{
		{"/day/2026-03-13", "article.h-entry", 1},
		{"/?d=2026-03-11", "article.h-entry", 1},
		{"/day/2020-01-01", "article.h-entry", 0},
		{"/pages/opinion", "article.h-entry", 1},
		{"/sections/europe", "article.h-entry", 4},
		{"/tags/vellmar", "article.h-entry", 4},
		{"/tags/ferries", "article.h-entry", 2},
		{"/posters/thimble%20wick", "article.h-entry", 6},
		{"/latest", "article.h-entry", 6},
		{"/search?q=lighthouse", "article.burg-hit", 1},
		{"/search?q=lighthouse&section=africa-north", "article.burg-hit", 0},
		{"/search?q=harbour+board&section=commentary", "article.burg-hit", 1},
		{"/archives", ".burg-months li", 1},
		{"/archives/2026-03", ".burg-archive-days li", 4},
	} {
		t.Run(tc.path, func(t *testing.T) {
			d := f.doc(t, tc.path)
			if got := d.Find(tc.sel).Length(); got != tc.n {
				t.Errorf("%d × %s, want %d", got, tc.sel, tc.n)
			}
		})
	}
	d := f.doc(t, "/tags/vellmar")
	if got := strings.TrimSpace(d.Find(".burg-tag-entry").Text()); got != f.tag.Description {
		t.Errorf("tag entry = %q", got)
	}
}

func TestBadURLs(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		path   string
		status int
	}{
		{"/posts/999999", 404},
		{"/posts/0", 404},
		{"/posts/-1", 404},
		{"/posts/abc", 404},
		{"/posts/99999999999999999999999", 404},
		{"/posts/1.5", 404},
		{"/sections/no-such-section", 404},
		{"/tags/no-such-tag", 404},
		{"/posters/nobody-here", 404},
		{"/pages/nope", 404},
		{"/no/such/path", 404},
		{"/static/burg.css", 404}, // only hashed names are served
		{"/day/2026-13-01", 400},
		{"/day/yesterday", 400},
		{"/day/2026-02-30", 400},
		{"/?d=tomorrow", 400},
		{"/?d=%00", 400},
		{"/?d=" + strings.Repeat("9", 5000), 400},
		{"/latest?page=0", 400},
		{"/latest?page=-3", 400},
		{"/latest?page=x", 400},
		{"/latest?page=99999999999999999999", 400},
		{"/latest?page=2", 404},
		{"/sections/europe?page=abc", 400},
		{"/archives/2026-00", 400},
		{"/archives/march", 400},
		{"/search?q=" + strings.Repeat("a+", 3000), 200},
		{"/search?q=%ff%fe", 200},
		{"/search?q=x&from=yesterday", 422},
		{"/search?q=x&sort=loudest", 422},
		{"/search?q=x&from=2026-03-10&to=2026-03-01", 422},
		{"/search?q=x&page=0", 400},
		{"/search?q=x&page=99", 404},
		{"/search?q=%25%5F%27%22", 200},
		{"/search?q=%3Cscript%3E", 200},
	} {
		t.Run(tc.path[:min(len(tc.path), 40)], func(t *testing.T) {
			resp, body := f.get(t, tc.path)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tc.status, body)
			}
			if resp.StatusCode >= 400 && !strings.Contains(body, `class="burg-error"`) {
				t.Errorf("error page without a message:\n%s", body)
			}
			if strings.Contains(body, "<script>") {
				t.Error("typed script reflected into the page")
			}
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	f := newFixture(t)
	resp, err := http.Post(f.srv.URL+"/latest", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /latest: status %d, want 405", resp.StatusCode)
	}
}

func TestHTTPCaching(t *testing.T) {
	f := newFixture(t)
	path := "/sections/europe"
	resp, _ := f.get(t, path)
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	resp, body := f.get(t, path, "If-None-Match", etag)
	if resp.StatusCode != http.StatusNotModified || body != "" {
		t.Fatalf("conditional GET: status %d, body %d bytes; want 304 and none", resp.StatusCode, len(body))
	}
	// Last-Modified answers If-Modified-Since when no ETag is sent.
	lm := resp.Header.Get("Last-Modified")
	if lm == "" {
		t.Fatal("no Last-Modified on a shared page")
	}
	resp, _ = f.get(t, path, "If-Modified-Since", lm)
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since = Last-Modified: %d, want 304", resp.StatusCode)
	}
	// A write in the same second makes a new rendering with a later date,
	// so the old date no longer matches. (A comment made elsewhere, with
	// the news of an edit of its post: a comment alone reaches a section
	// page only within seconds.)
	if err := f.store.CreateComment(t.Context(), &burg.Comment{PostID: f.article.ID, Nick: "Date Checker", Body: "Changes the section page's counts."}); err != nil {
		t.Fatal(err)
	}
	f.bus.Deliver(burg.Event{Kind: burg.EventPost, PostID: f.article.ID})
	resp, _ = f.get(t, path, "If-Modified-Since", lm)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Last-Modified") == lm {
		t.Errorf("after a write: %d, Last-Modified %q (was %q); want 200 and a later date",
			resp.StatusCode, resp.Header.Get("Last-Modified"), lm)
	}
	// gzip when asked.
	req, _ := http.NewRequest(http.MethodGet, f.srv.URL+path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	gr, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer gr.Body.Close()
	if gr.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", gr.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(gr.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if !strings.Contains(string(plain), "<!DOCTYPE html>") {
		t.Error("gzipped body is not the page")
	}
	// Static assets: hashed names, immutable.
	d := f.doc(t, "/")
	css, _ := d.Find(`link[rel="stylesheet"]`).First().Attr("href")
	resp, body = f.get(t, css)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || !strings.Contains(body, ".burg-headlines") {
		t.Errorf("GET %s: %d, Cache-Control %q", css, resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	resp, _ := f.get(t, "/")
	h := resp.Header
	csp := h.Get("Content-Security-Policy")
	for _, part := range []string{"script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(csp, part) {
			t.Errorf("CSP %q lacks %q", csp, part)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
		t.Errorf("headers: %v", h)
	}
}

func TestViewsNotCountedForCrawlers(t *testing.T) {
	f := newFixture(t)
	path := "/posts/" + strconv.FormatInt(f.article.ID, 10)
	for _, ua := range []string{"Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", ""} {
		req, _ := http.NewRequest(http.MethodGet, f.srv.URL+path, nil)
		req.Header.Set("User-Agent", ua)
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if got := f.counter.Pending(f.article.ID); got != 0 {
		t.Errorf("crawler views counted: %d pending", got)
	}
	// Two readers with their own cookies count; one reloading does not,
	// nor does a client that drops its cookie and comes back.
	for _, b := range []*browser{f.browser(t), f.browser(t)} {
		b.do(http.MethodGet, path, nil)
		b.do(http.MethodGet, path, nil)
	}
	f.get(t, path)
	f.get(t, path)
	if got := f.counter.Pending(f.article.ID); got != 2 {
		t.Errorf("%d pending views after two readers' views, want 2", got)
	}
	// Nothing was written by the views: the stored count is unchanged
	// until a flush.
	p, err := f.store.FindPost(t.Context(), f.article.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Views != 41 {
		t.Errorf("stored views = %d before flush, want 41", p.Views)
	}
	if err := f.counter.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	p, _ = f.store.FindPost(t.Context(), f.article.ID)
	if p.Views != 43 {
		t.Errorf("stored views = %d after flush, want 43", p.Views)
	}
}

func TestHealth(t *testing.T) {
	f := newFixture(t)
	resp, body := f.get(t, "/healthz")
	if resp.StatusCode != 200 || body != "ok" {
		t.Fatalf("GET /healthz = %d %q", resp.StatusCode, body)
	}
}

func TestColours(t *testing.T) {
	f := newFixture(t)
	resp, body := f.get(t, "/colours.css")
	if resp.StatusCode != 200 || !strings.Contains(body, ".burg-mod-"+strconv.FormatInt(f.mod.ID, 10)+"{color:#aa3300}") {
		t.Fatalf("GET /colours.css = %d %q", resp.StatusCode, body)
	}
}

var regexpNick = regexp.MustCompile(`^\p{Lu}\p{L}+ \p{Lu}[\p{L}'-]+\d{4}$`)
