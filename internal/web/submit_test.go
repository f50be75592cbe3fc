package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/extract"
	"github.com/burg-news/burg/internal/translate"
	"github.com/burg-news/burg/internal/web"
)

// sourcePath is where the source site serves its Spanish article.
const sourcePath = "/navarra/2024/03/12/ebro-tudela"

// ebroTitle is the og:title of that article.
const ebroTitle = "El Ebro se desborda en Tudela y obliga a desalojar dos urbanizaciones"

// newSourceSite serves saved news pages on 127.0.0.1, as an outside news
// site would: the Spanish article, its lead image, and errors elsewhere.
func newSourceSite(t *testing.T) *httptest.Server {
	t.Helper()
	page, err := os.ReadFile(filepath.Join("..", "extract", "testdata", "es_regional.html"))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+sourcePath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	mux.HandleFunc("GET /fotos/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/gif")
		w.Write([]byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"))
	})
	mux.HandleFunc("GET /gone", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gone", http.StatusGone)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// withFetcher gives the server a fetcher that may reach 127.0.0.1.
func withFetcher(d *web.Deps) {
	d.Fetcher = extract.New(extract.Config{AllowPrivate: true})
}

// sectionID is the form value of the fixture's Europe section.
func (f *deskFixture) sectionID() string { return strconv.FormatInt(f.section.ID, 10) }

func TestSubmitPublishes(t *testing.T) {
	f := newDeskFixture(t, nil)
	b := f.browser(t)
	b.login("Thimble Wick", "/submit")
	resp, d := b.do(http.MethodGet, "/submit", nil)
	wantStatus(t, "form", resp, d, http.StatusOK)
	for _, name := range []string{"url", "title", "body", "section", "tags", "source_tag", "note", "source_lang", "original"} {
		if d.Find(`#submit-form [name="`+name+`"]`).Length() == 0 {
			t.Errorf("the form has no %s field", name)
		}
	}
	if d.Find(`#submit-form [name="posted_at"]`).Length() != 0 {
		t.Error("a poster is offered the posting time")
	}
	if got := text(d.Find("#publish")); got != "Publish" {
		t.Errorf("a poster's button says %q", got)
	}

	resp, d = b.post("/submit", "url", "HTTPS://Lantern-Post.example/2026/03/ferry-strike?utm_source=feed&id=7#top",
		"title", "  Ferry crews strike over the new timetable ", "body", "The crews walked out at dawn.\r\n\r\nNo ferry sailed.",
		"section", f.sectionID(), "tags", "ferries, Harbour Strikes,  vellmar ", "note", "", "source_tag", "")
	wantStatus(t, "publish", resp, d, http.StatusSeeOther)
	id := postIDOf(t, resp.Header.Get("Location"))
	p, err := f.store.FindPost(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if p.SourceURL != "https://lantern-post.example/2026/03/ferry-strike?id=7" {
		t.Errorf("source URL = %q, want it normalised", p.SourceURL)
	}
	if p.Title != "Ferry crews strike over the new timetable" || p.Body != "The crews walked out at dawn.\n\nNo ferry sailed." {
		t.Errorf("title %q, body %q", p.Title, p.Body)
	}
	if p.PosterID != f.poster.ID || !p.PostedAt.Equal(now) || p.SectionID != f.section.ID {
		t.Errorf("post = %+v", p)
	}
	if p.SourceTag != "LANTERN-POST" {
		t.Errorf("source tag = %q, want the upper-cased domain", p.SourceTag)
	}
	var tags []string
	for _, tag := range p.Tags {
		tags = append(tags, tag.Name+"="+tag.Slug)
	}
	if want := []string{"Ferries=ferries", "Harbour Strikes=harbour-strikes", "Vellmar=vellmar"}; !slices.Equal(tags, want) {
		t.Errorf("tags = %q, want %q (existing ones by name, a new one made)", tags, want)
	}

	// The article is on the front page at once.
	_, d = b.do(http.MethodGet, "/", nil)
	if d.Find(`article.h-entry#p`+strconv.FormatInt(id, 10)).Length() != 1 {
		t.Error("the new post is not in today's edition")
	}
	_, d = f.browser(t).do(http.MethodGet, "/", nil)
	if d.Find(`article.h-entry#p`+strconv.FormatInt(id, 10)).Length() != 1 {
		t.Error("the new post is not in a reader's edition")
	}

	// The same page again, written another way, is refused.
	resp, d = b.post("/submit", "url", "https://lantern-post.example/2026/03/ferry-strike?id=7&utm_medium=x",
		"title", "Again", "body", "x", "section", f.sectionID())
	wantStatus(t, "duplicate", resp, d, http.StatusUnprocessableEntity)
	if href, _ := d.Find(".burg-duplicate a").Attr("href"); !strings.HasPrefix(href, "/posts/"+strconv.FormatInt(id, 10)+"/") {
		t.Errorf("duplicate link = %q, want the existing post", href)
	}
	if got := value(d, "#submit-form", "title"); got != "Again" {
		t.Errorf("title field = %q, want what was typed", got)
	}
}

func TestSubmitBadInput(t *testing.T) {
	f := newDeskFixture(t, nil)
	b := f.browser(t)
	b.login("Gorse", "")
	good := map[string]string{"url": "https://lantern-post.example/a", "title": "A title", "body": "Text.",
		"section": f.sectionID(), "tags": "Vellmar"}
	for _, c := range []struct {
		name  string
		field string
		value string
	}{
		{"NoURL", "url", ""},
		{"BadScheme", "url", "ftp://lantern-post.example/a"},
		{"NotAURL", "url", "http://"},
		{"NoTitle", "title", "   "},
		{"LongTitle", "title", strings.Repeat("Long ", 100)},
		{"NoSection", "section", ""},
		{"UnknownSection", "section", "9999"},
		{"BadLang", "source_lang", "Spanish please"},
		{"BadTime", "posted_at", "yesterday"},
		{"TooManyTags", "tags", "a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u"},
		{"TagWithoutLetters", "tags", "Vellmar, ✈✈"},
		{"LongNote", "note", strings.Repeat("n", burg.MaxNoteLen+1)},
	} {
		t.Run(c.name, func(t *testing.T) {
			form := url.Values{}
			for k, v := range good {
				form.Set(k, v)
			}
			form.Set(c.field, c.value)
			resp, d := b.do(http.MethodPost, "/submit", form)
			wantStatus(t, c.name, resp, d, http.StatusUnprocessableEntity)
			if d.Find("#submit-form .burg-form-error").Length() == 0 {
				t.Error("no message says what is wrong")
			}
			if got := value(d, "#submit-form", "body"); got != "Text." {
				t.Errorf("body field = %q, want what was typed", got)
			}
		})
	}
	posts, _, err := f.store.FindPosts(t.Context(), burg.PostFilter{Words: "title"})
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 0 {
		t.Errorf("bad input made %d posts", len(posts))
	}
	// An unreadable form is a 400, not a 500.
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, f.srv.URL+"/submit", strings.NewReader("%zz"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 500 {
		t.Errorf("a broken form: %d", resp.StatusCode)
	}
}

// TestSubmitSectionFields checks the section field's other forms: a slug,
// and no field at all (a client other than our form).
func TestSubmitSectionFields(t *testing.T) {
	f := newDeskFixture(t, nil)
	b := f.browser(t)
	b.login("Thimble Wick", "")
	resp, d := b.post("/submit", "url", "https://lantern-post.example/by-slug", "title", "By slug", "section", "Africa-North")
	wantStatus(t, "slug", resp, d, http.StatusSeeOther)
	p, _ := f.store.FindPost(t.Context(), postIDOf(t, resp.Header.Get("Location")))
	if p.Section.Slug != "africa-north" {
		t.Errorf("filed under %q", p.Section.Slug)
	}
	resp, d = b.post("/submit", "url", "https://lantern-post.example/no-field", "title", "No field")
	wantStatus(t, "no field", resp, d, http.StatusSeeOther)
	p, _ = f.store.FindPost(t.Context(), postIDOf(t, resp.Header.Get("Location")))
	if p.Section.Slug != "africa-north" { // the first section in page order
		t.Errorf("filed under %q", p.Section.Slug)
	}
	resp, d = b.post("/submit", "kind", "article", "title", "My view")
	wantStatus(t, "article without a section", resp, d, http.StatusSeeOther)
	p, _ = f.store.FindPost(t.Context(), postIDOf(t, resp.Header.Get("Location")))
	if p.Section.Slug != "commentary" {
		t.Errorf("article filed under %q", p.Section.Slug)
	}
}

func TestSubmitModeratorSetsTime(t *testing.T) {
	f := newDeskFixture(t, nil)
	b := f.browser(t)
	b.login("Gorse", "")
	resp, d := b.post("/submit", "url", "https://lantern-post.example/old-news", "title", "Old news",
		"section", f.sectionID(), "posted_at", "2026-03-10T08:15")
	wantStatus(t, "publish", resp, d, http.StatusSeeOther)
	p, err := f.store.FindPost(t.Context(), postIDOf(t, resp.Header.Get("Location")))
	if err != nil {
		t.Fatal(err)
	}
	if want := "2026-03-10T08:15:00Z"; p.PostedAt.Format("2006-01-02T15:04:05Z07:00") != want {
		t.Errorf("posted at %v, want %s", p.PostedAt, want)
	}
}

func TestSubmitQueue(t *testing.T) {
	f := newDeskFixture(t, nil)
	reader := f.browser(t)
	resp, d := reader.do(http.MethodGet, "/submit", nil)
	wantStatus(t, "form", resp, d, http.StatusOK)
	if got := text(d.Find("#publish")); got != "Send for review" {
		t.Errorf("a reader's button says %q", got)
	}
	resp, d = reader.post("/submit", "url", "https://lantern-post.example/queue-me", "title", "Harbour board resigns",
		"body", "All of it.", "section", f.sectionID(), "tags", "Vellmar, Resignations", "name", "Keen Reader")
	wantStatus(t, "submit", resp, d, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/submit/done" {
		t.Fatalf("sent to %q", loc)
	}
	resp, d = reader.do(http.MethodGet, "/submit/done", nil)
	wantStatus(t, "thanks", resp, d, http.StatusOK)
	if posts, _, _ := f.store.FindPosts(t.Context(), burg.PostFilter{Words: "resigns"}); len(posts) != 0 {
		t.Fatal("a reader's submission was published at once")
	}
	// The honeypot catches robots.
	resp, d = reader.post("/submit", "url", "https://lantern-post.example/spam", "title", "Cheap pills",
		"section", f.sectionID(), "fax", "x")
	wantStatus(t, "honeypot", resp, d, http.StatusUnprocessableEntity)

	// Posters have no business in the queue.
	poster := f.browser(t)
	poster.login("Thimble Wick", "")
	resp, _ = poster.do(http.MethodGet, "/admin/queue", nil)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a poster at the queue: %d", resp.StatusCode)
	}

	mod := f.browser(t)
	mod.login("Gorse", "")
	resp, d = mod.do(http.MethodGet, "/admin/queue", nil)
	wantStatus(t, "queue", resp, d, http.StatusOK)
	items := d.Find(".burg-submission")
	if items.Length() != 1 || !strings.Contains(text(items), "Keen Reader") {
		t.Fatalf("queue = %q", text(items))
	}
	action, _ := items.Find("form.burg-approve").Attr("action")
	// A bad tag comes back with the form.
	resp, d = mod.post(action, "title", "Harbour board resigns", "section", f.sectionID(), "tags", "Vellmar, ✈")
	wantStatus(t, "approve with a bad tag", resp, d, http.StatusUnprocessableEntity)
	if got := value(d, "#"+items.AttrOr("id", ""), "tags"); got != "Vellmar, ✈" {
		t.Errorf("tags field after the error = %q", got)
	}
	resp, d = mod.post(action, "title", "Harbour board resigns at last", "section", f.sectionID(), "tags", "Vellmar, Resignations")
	wantStatus(t, "approve", resp, d, http.StatusSeeOther)
	p, err := f.store.FindPost(t.Context(), postIDOf(t, resp.Header.Get("Location")))
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Harbour board resigns at last" || p.PosterID != f.mod.ID || len(p.Tags) != 2 || p.SourceTag != "LANTERN-POST" {
		t.Errorf("approved post = %+v", p)
	}
	resp, d = mod.post(action)
	wantStatus(t, "approve twice", resp, d, http.StatusConflict)

	// Another is rejected.
	reader.post("/submit", "url", "https://lantern-post.example/meh", "title", "Meh", "section", f.sectionID())
	_, d = mod.do(http.MethodGet, "/admin/queue", nil)
	reject, _ := d.Find(".burg-submission form.burg-reject").Attr("action")
	resp, d = mod.post(reject, "reason", "Not news.")
	wantStatus(t, "reject", resp, d, http.StatusSeeOther)
	_, d = mod.do(http.MethodGet, "/admin/queue", nil)
	if n := d.Find(".burg-submission").Length(); n != 0 {
		t.Errorf("%d submissions left in the queue", n)
	}
}

func TestSubmitPolicy(t *testing.T) {
	f := newDeskFixture(t, nil)
	admin := f.browser(t)
	admin.login("Warden", "")
	resp, d := admin.do(http.MethodGet, "/admin/settings", nil)
	wantStatus(t, "settings", resp, d, http.StatusOK)
	if v, _ := d.Find(`input[name="submissions"][checked]`).Attr("value"); v != burg.SubmitQueue {
		t.Errorf("default policy = %q, want queue", v)
	}
	resp, d = admin.post("/admin/settings", "submissions", "anarchy")
	wantStatus(t, "bad policy", resp, d, http.StatusUnprocessableEntity)

	resp, d = admin.post("/admin/settings", "submissions", burg.SubmitClosed)
	wantStatus(t, "close", resp, d, http.StatusSeeOther)
	reader := f.browser(t)
	resp, d = reader.do(http.MethodGet, "/submit", nil)
	wantStatus(t, "closed form", resp, d, http.StatusOK)
	if d.Find("#submit-form").Length() != 0 || d.Find(".burg-form-error").Length() == 0 {
		t.Error("a closed site still offers readers the form")
	}
	resp, d = reader.post("/submit", "url", "https://lantern-post.example/closed", "title", "Closed", "section", f.sectionID())
	wantStatus(t, "closed submit", resp, d, http.StatusForbidden)
	// Posters still post.
	poster := f.browser(t)
	poster.login("Thimble Wick", "")
	resp, d = poster.post("/submit", "url", "https://lantern-post.example/closed", "title", "Closed", "section", f.sectionID())
	wantStatus(t, "poster on a closed site", resp, d, http.StatusSeeOther)

	resp, d = admin.post("/admin/settings", "submissions", burg.SubmitOpen)
	wantStatus(t, "open", resp, d, http.StatusSeeOther)
	resp, d = reader.post("/submit", "url", "https://lantern-post.example/open", "title", "Open to all", "section", f.sectionID())
	wantStatus(t, "open submit", resp, d, http.StatusSeeOther)
	p, err := f.store.FindPost(t.Context(), postIDOf(t, resp.Header.Get("Location")))
	if err != nil {
		t.Fatal(err)
	}
	if p.Poster.Nick != "Guest" {
		t.Errorf("an open site's post is by %q, want Guest", p.Poster.Nick)
	}
	resp, d = f.browser(t).post("/login", "nick", "Guest", "password", "")
	if resp.StatusCode < 400 || resp.StatusCode >= 500 {
		t.Errorf("logging in as Guest: %d", resp.StatusCode)
	}

	// Only admins see the settings.
	mod := f.browser(t)
	mod.login("Gorse", "")
	if resp, _ := mod.do(http.MethodGet, "/admin/settings", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a moderator at the settings: %d", resp.StatusCode)
	}
}

func TestSubmitFetch(t *testing.T) {
	site := newSourceSite(t)
	f := newDeskFixture(t, withFetcher)
	b := f.browser(t)
	b.login("Thimble Wick", "")
	mod := f.browser(t)
	mod.login("Gorse", "")
	resp, d := mod.post("/admin/sources", "domain", "127.0.0.1", "name", "DiarioRibera")
	wantStatus(t, "add source", resp, d, http.StatusSeeOther)

	resp, d = b.post("/submit", "action", "fetch", "url", site.URL+sourcePath+"?utm_campaign=x", "title", "")
	wantStatus(t, "fetch", resp, d, http.StatusOK)
	form := "#submit-form"
	if got := value(d, form, "title"); got != ebroTitle {
		t.Errorf("title = %q", got)
	}
	if got := value(d, form, "url"); got != site.URL+sourcePath {
		t.Errorf("url = %q, want it without utm_campaign", got)
	}
	body := value(d, form, "body")
	if !strings.Contains(body, "Tudela") || !strings.Contains(body, "\n\n") || strings.Contains(body, "dataLayer") {
		t.Errorf("body = %q, want the article's paragraphs", body)
	}
	if got := value(d, form, "source_lang"); got != "es" {
		t.Errorf("source_lang = %q", got)
	}
	if got := value(d, form, "source_tag"); got != "DiarioRibera" {
		t.Errorf("source_tag = %q, want the moderators' short name", got)
	}
	if got := text(d.Find(".burg-site-name")); got != "Diario de la Ribera" {
		t.Errorf("site name = %q", got)
	}
	if src, _ := d.Find("img.burg-lead-image").Attr("src"); src != site.URL+"/fotos/2024/03/ebro-tudela-crecida.jpg" {
		t.Errorf("lead image = %q", src)
	}

	// Publish what was fetched; the site name and image travel along.
	form2 := url.Values{}
	d.Find(`#submit-form input, #submit-form textarea`).Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		if name == "" || name == "action" || name == "fax" {
			return
		}
		if goquery.NodeName(s) == "textarea" {
			form2.Set(name, s.Text())
		} else {
			form2.Set(name, s.AttrOr("value", ""))
		}
	})
	form2.Set("section", f.sectionID())
	form2.Set("body", "La crecida del Ebro obligó a desalojar a 140 vecinos.")
	resp, d = b.do(http.MethodPost, "/submit", form2)
	wantStatus(t, "publish", resp, d, http.StatusSeeOther)
	_, d = b.do(http.MethodGet, resp.Header.Get("Location"), nil)
	if got := text(d.Find("article.h-entry .burg-source")); got != "[DiarioRibera]" {
		t.Errorf("source tag on the page = %q", got)
	}
	if href, _ := d.Find("article.h-entry .p-name").Attr("href"); href != site.URL+sourcePath {
		t.Errorf("title links to %q", href)
	}

	// Fetching it again says it is posted already.
	resp, d = b.post("/submit", "action", "fetch", "url", site.URL+sourcePath)
	wantStatus(t, "fetch again", resp, d, http.StatusOK)
	if d.Find(".burg-duplicate a").Length() != 1 {
		t.Error("fetching a posted page does not say so")
	}
}

func TestSubmitFetchFails(t *testing.T) {
	site := newSourceSite(t)
	f := newDeskFixture(t, withFetcher)
	b := f.browser(t)
	b.login("Thimble Wick", "")
	for _, c := range []struct{ name, url string }{
		{"Gone", site.URL + "/gone"},
		{"NoServer", "http://127.0.0.1:1/nothing"},
		{"NotHTTP", "ftp://example.org/x"},
		{"Empty", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, d := b.post("/submit", "action", "fetch", "url", c.url, "title", "My own title", "body", "My own words.")
			wantStatus(t, c.name, resp, d, http.StatusUnprocessableEntity)
			if msg := text(d.Find(".burg-form-error")); msg == "" || strings.Contains(msg, "Internal") {
				t.Errorf("message = %q", msg)
			}
			if value(d, "#submit-form", "title") != "My own title" || value(d, "#submit-form", "body") != "My own words." {
				t.Error("the typed form was lost")
			}
		})
	}
}

// TestSubmitFetchRefusesPrivate checks that without --allow-private-fetch
// the form does not fetch from this machine.
func TestSubmitFetchRefusesPrivate(t *testing.T) {
	site := newSourceSite(t)
	f := newDeskFixture(t, func(d *web.Deps) { d.Fetcher = extract.New(extract.Config{}) })
	b := f.browser(t)
	b.login("Thimble Wick", "")
	for _, u := range []string{site.URL + sourcePath, "http://localhost:" + strings.Split(site.URL, ":")[2] + sourcePath,
		"http://169.254.169.254/latest/meta-data/", "http://[::1]/"} {
		resp, d := b.post("/submit", "action", "fetch", "url", u, "title", "Typed")
		wantStatus(t, u, resp, d, http.StatusUnprocessableEntity)
		if value(d, "#submit-form", "title") != "Typed" {
			t.Errorf("%s: the form was filled from a private address", u)
		}
		if msg := text(d.Find(".burg-form-error")); msg == "" {
			t.Errorf("%s: no message", u)
		}
	}
}

func TestSubmitTranslateApertium(t *testing.T) {
	needApertium(t)
	f := newDeskFixture(t, func(d *web.Deps) {
		d.Translators = []translate.Engine{translate.NewApertium(translate.ApertiumConfig{})}
	})
	b := f.browser(t)
	b.login("Thimble Wick", "")
	_, d := b.do(http.MethodGet, "/submit", nil)
	if v, _ := d.Find(`select[name="engine"] option`).Attr("value"); v != "Apertium" {
		t.Fatalf("engines offered: %q", text(d.Find(`select[name="engine"]`)))
	}
	spanish := "El gobierno regional aprobó el presupuesto.\n\nLa oposición votó en contra."
	resp, d := b.post("/submit", "action", "translate", "engine", "Apertium", "source_lang", "es",
		"url", "https://lantern-post.example/presupuesto", "title", "Presupuesto aprobado", "body", spanish)
	wantStatus(t, "translate", resp, d, http.StatusOK)
	body := value(d, "#submit-form", "body")
	if !strings.Contains(strings.ToLower(body), "government") || !strings.Contains(body, "\n\n") {
		t.Errorf("translation = %q, want English paragraphs", body)
	}
	if got := value(d, "#submit-form", "original"); got != spanish {
		t.Errorf("original = %q, want the Spanish kept", got)
	}
	if got := value(d, "#submit-form", "note"); got != "Direct translation via Apertium. Edited." {
		t.Errorf("note = %q", got)
	}
	resp, d = b.post("/submit", "url", "https://lantern-post.example/presupuesto", "title", "Budget approved",
		"body", body, "original", spanish, "note", value(d, "#submit-form", "note"), "source_lang", "es",
		"section", f.sectionID())
	wantStatus(t, "publish", resp, d, http.StatusSeeOther)
	p, err := f.store.FindPost(t.Context(), postIDOf(t, resp.Header.Get("Location")))
	if err != nil {
		t.Fatal(err)
	}
	if p.OriginalBody != spanish || p.Note != "Direct translation via Apertium. Edited." || p.SourceLang != "es" {
		t.Errorf("post = %+v", p)
	}
	_, d = b.do(http.MethodGet, resp.Header.Get("Location"), nil)
	if got := text(d.Find("article.h-entry .burg-note")); got != "Direct translation via Apertium. Edited." {
		t.Errorf("note on the page = %q", got)
	}
}

// fakeLibreTranslate answers LibreTranslate's API with a fixed dictionary.
func fakeLibreTranslate(t *testing.T, key string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/languages":
			io.WriteString(w, `[{"code": "es", "name": "Spanish", "targets": ["en"]}, {"code": "ru", "name": "Russian", "targets": ["en"]}]`)
		case r.Method == http.MethodPost && r.URL.Path == "/translate":
			var req map[string]any
			json.NewDecoder(r.Body).Decode(&req)
			if req["api_key"] != key {
				w.WriteHeader(http.StatusForbidden)
				io.WriteString(w, `{"error": "Invalid API key"}`)
				return
			}
			q, _ := req["q"].(string)
			out := strings.NewReplacer("Hola", "Hello", "mundo", "world", "Adiós", "Goodbye").Replace(q)
			json.NewEncoder(w).Encode(map[string]string{"translatedText": out})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestSubmitTranslateLibreTranslate(t *testing.T) {
	lt := fakeLibreTranslate(t, "sesame")
	f := newDeskFixture(t, func(d *web.Deps) {
		d.Translators = []translate.Engine{
			translate.NewApertium(translate.ApertiumConfig{Command: "/nonexistent/apertium"}), // not set up: not offered
			translate.NewLibreTranslate(translate.LibreTranslateConfig{URL: lt.URL, APIKey: "sesame"}),
		}
	})
	b := f.browser(t)
	b.login("Thimble Wick", "")
	_, d := b.do(http.MethodGet, "/submit", nil)
	var offered []string
	d.Find(`select[name="engine"] option`).Each(func(_ int, s *goquery.Selection) { offered = append(offered, s.AttrOr("value", "")) })
	if !slices.Equal(offered, []string{"LibreTranslate"}) {
		t.Errorf("engines offered = %q, want only LibreTranslate", offered)
	}
	resp, d := b.post("/submit", "action", "translate", "engine", "LibreTranslate", "source_lang", "es",
		"title", "Saludo", "body", "Hola mundo.\n\nAdiós.", "note", "")
	wantStatus(t, "translate", resp, d, http.StatusOK)
	if got := value(d, "#submit-form", "body"); got != "Hello world.\n\nGoodbye." {
		t.Errorf("translation = %q", got)
	}
	if got := value(d, "#submit-form", "original"); got != "Hola mundo.\n\nAdiós." {
		t.Errorf("original = %q", got)
	}
	if got := value(d, "#submit-form", "note"); got != "Direct translation via LibreTranslate. Edited." {
		t.Errorf("note = %q", got)
	}
	// Translating again starts from the original, not the translation.
	resp, d = b.post("/submit", "action", "translate", "engine", "LibreTranslate", "source_lang", "es",
		"title", "Saludo", "body", "Hello world, edited.", "original", "Hola mundo.")
	wantStatus(t, "translate again", resp, d, http.StatusOK)
	if got := value(d, "#submit-form", "body"); got != "Hello world." {
		t.Errorf("second translation = %q", got)
	}

	for _, c := range []struct{ name, engine, lang, body string }{
		{"NoLanguage", "LibreTranslate", "", "Hola"},
		{"UnsupportedLanguage", "LibreTranslate", "de", "Hallo"},
		{"UnknownEngine", "Babelfish", "es", "Hola"},
		{"NoText", "LibreTranslate", "es", "  "},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, d := b.post("/submit", "action", "translate", "engine", c.engine, "source_lang", c.lang,
				"title", "Kept", "body", c.body)
			wantStatus(t, c.name, resp, d, http.StatusUnprocessableEntity)
			if value(d, "#submit-form", "title") != "Kept" || text(d.Find(".burg-form-error")) == "" {
				t.Error("the form came back without its text or a message")
			}
		})
	}
}

func TestSubmitTranslateServiceFails(t *testing.T) {
	lt := fakeLibreTranslate(t, "right key")
	f := newDeskFixture(t, func(d *web.Deps) {
		d.Translators = []translate.Engine{translate.NewLibreTranslate(translate.LibreTranslateConfig{URL: lt.URL, APIKey: "wrong key"})}
	})
	b := f.browser(t)
	resp, d := b.post("/submit", "action", "translate", "engine", "LibreTranslate", "source_lang", "es", "body", "Hola")
	if resp.StatusCode < 400 || resp.StatusCode >= 500 {
		t.Fatalf("a failing service: %d", resp.StatusCode)
	}
	if value(d, "#submit-form", "body") != "Hola" || text(d.Find(".burg-form-error")) == "" {
		t.Error("the form came back without its text or a message")
	}
}

func TestTagSuggestions(t *testing.T) {
	f := newDeskFixture(t, nil)
	b := f.browser(t)
	b.login("Thimble Wick", "")
	resp, d := b.post("/submit", "action", "preview", "title", "Night ferries return to VELLMAR",
		"body", "The [b]ferries[/b] are back; the harbour board is pleased.", "tags", "vellmar")
	wantStatus(t, "preview", resp, d, http.StatusOK)
	var got []string
	d.Find("button.burg-tag-suggestion").Each(func(_ int, s *goquery.Selection) { got = append(got, s.AttrOr("data-tag", "")) })
	if !slices.Equal(got, []string{"Ferries"}) {
		t.Errorf("suggestions = %q, want Ferries (Vellmar is typed already)", got)
	}
	if d.Find(".burg-preview .e-content strong").Length() != 1 {
		t.Error("the preview does not render the markup")
	}
	if src, _ := d.Find(`script[src*="posting"]`).Attr("src"); !strings.HasPrefix(src, "/static/posting.") {
		t.Errorf("posting script = %q", src)
	}
}

func TestSubmitArticle(t *testing.T) {
	f := newDeskFixture(t, nil)
	b := f.browser(t)
	b.login("Thimble Wick", "")
	resp, d := b.do(http.MethodGet, "/submit?kind=article", nil)
	wantStatus(t, "article form", resp, d, http.StatusOK)
	if d.Find(`#submit-form input[name="url"]`).Length() != 0 {
		t.Error("the article form asks for a source address")
	}
	sel := d.Find(`#submit-form select[name="section"] option[selected]`)
	if !strings.Contains(text(sel), "Commentary") {
		t.Errorf("preselected section = %q, want Opinion's first, Commentary", text(sel))
	}
	resp, d = b.post("/submit", "kind", "article", "title", "Why I keep a lighthouse", "section", sel.AttrOr("value", ""),
		"body", "It began with a storm.\n\n[h]The first winter[/h]\n\nThe lamp went out twice.")
	wantStatus(t, "publish", resp, d, http.StatusSeeOther)
	_, d = b.do(http.MethodGet, resp.Header.Get("Location"), nil)
	a := d.Find("article.h-entry")
	if a.Find(".e-content h3, .e-content .burg-subhead").Length() == 0 {
		t.Errorf("no sub-headline in %q", a.Find(".e-content").Text())
	}
	if a.Find(".burg-source").Length() != 0 || a.Find("a.p-name").Length() != 0 {
		t.Error("an article of one's own shows a source")
	}
}

func TestBookmarklet(t *testing.T) {
	f := newDeskFixture(t, nil)
	b := f.browser(t)
	resp, d := b.do(http.MethodGet, "/bookmarklet", nil)
	wantStatus(t, "bookmarklet", resp, d, http.StatusOK)
	raw, _ := d.Find("a.burg-bookmarklet").Attr("href")
	// Browsers percent-decode a javascript: address before running it.
	href, err := url.PathUnescape(raw)
	if err != nil {
		t.Fatalf("bookmarklet %q: %v", raw, err)
	}
	if !strings.HasPrefix(href, "javascript:") || !strings.Contains(href, `"https://news.example"`) ||
		!strings.Contains(href, "/submit?url=") || !strings.Contains(href, "getSelection") {
		t.Errorf("bookmarklet = %q", href)
	}
	q := url.Values{"url": {"https://lantern-post.example/x?utm_source=y"}, "title": {"A page's title"}, "body": {"Selected words."}}
	resp, d = b.do(http.MethodGet, "/submit?"+q.Encode(), nil)
	wantStatus(t, "pre-filled form", resp, d, http.StatusOK)
	for name, want := range map[string]string{"url": q.Get("url"), "title": "A page's title", "body": "Selected words."} {
		if got := value(d, "#submit-form", name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}
