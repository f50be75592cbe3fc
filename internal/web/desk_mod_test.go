package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	burg "github.com/burg-news/burg"
)

// formValues reads a form as a browser would send it: its inputs, its
// textareas and the selected option of each select (the first when none
// is).
func formValues(form *goquery.Selection) url.Values {
	v := url.Values{}
	form.Find("input").Each(func(_ int, s *goquery.Selection) {
		name, ok := s.Attr("name")
		if !ok {
			return
		}
		switch s.AttrOr("type", "text") {
		case "checkbox", "radio":
			if _, checked := s.Attr("checked"); !checked {
				return
			}
		case "submit", "button":
			return
		}
		v.Add(name, s.AttrOr("value", ""))
	})
	form.Find("textarea").Each(func(_ int, s *goquery.Selection) { v.Add(s.AttrOr("name", ""), s.Text()) })
	form.Find("select").Each(func(_ int, s *goquery.Selection) {
		opt := s.Find("option[selected]").First()
		if opt.Length() == 0 {
			opt = s.Find("option").First()
		}
		v.Add(s.AttrOr("name", ""), opt.AttrOr("value", ""))
	})
	return v
}

// TestSubmissionCredit: a reader's link, approved as the queue shows it,
// keeps the section the reader chose and credits them.
func TestSubmissionCredit(t *testing.T) {
	f := newDeskFixture(t, nil)
	reader := f.browser(t)
	sections, err := f.store.FindSections(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var africa *burg.Section
	for _, s := range sections {
		if s.Slug == "africa-north" {
			africa = s
		}
	}
	resp, d := reader.post("/submit", "url", "https://lantern-post.example/desert-road", "title", "Desert road closes again",
		"body", "Sand.", "section", strconv.FormatInt(africa.ID, 10), "name", "Keen Reader")
	wantStatus(t, "submit", resp, d, http.StatusSeeOther)
	mod := f.browser(t)
	mod.login("Gorse", "")
	_, d = mod.do(http.MethodGet, "/admin/queue", nil)
	form := d.Find(".burg-submission form.burg-approve")
	resp, d = mod.do(http.MethodPost, form.AttrOr("action", ""), formValues(form))
	wantStatus(t, "approve", resp, d, http.StatusSeeOther)
	p, err := f.store.FindPost(t.Context(), postIDOf(t, resp.Header.Get("Location")))
	if err != nil {
		t.Fatal(err)
	}
	if p.SectionID != africa.ID || p.SubmittedBy != "Keen Reader" || p.PosterID != f.mod.ID {
		t.Errorf("approved post: section %d (want %d), submitted by %q, poster %d", p.SectionID, africa.ID, p.SubmittedBy, p.PosterID)
	}
	_, d = reader.do(http.MethodGet, "/posts/"+strconv.FormatInt(p.ID, 10), nil)
	if got := text(d.Find("article.h-entry .burg-submitter")); got != "Submitted by Keen Reader" {
		t.Errorf("credit on the page: %q", got)
	}
	if got := text(d.Find("article.h-entry .burg-section")); got != "Africa North" {
		t.Errorf("section on the page: %q", got)
	}
	// A reader without a name is credited as a reader; a poster's own
	// post credits nobody.
	resp, d = reader.post("/submit", "url", "https://lantern-post.example/quiet", "title", "A quiet link", "section", f.sectionID())
	wantStatus(t, "submit", resp, d, http.StatusSeeOther)
	_, d = mod.do(http.MethodGet, "/admin/queue", nil)
	form = d.Find(".burg-submission form.burg-approve")
	resp, _ = mod.do(http.MethodPost, form.AttrOr("action", ""), formValues(form))
	p, _ = f.store.FindPost(t.Context(), postIDOf(t, resp.Header.Get("Location")))
	if p.SubmittedBy != "a reader" {
		t.Errorf("a nameless reader is credited as %q", p.SubmittedBy)
	}
	resp, _ = mod.post("/submit", "url", "https://lantern-post.example/mine", "title", "My own find", "section", f.sectionID())
	p, _ = f.store.FindPost(t.Context(), postIDOf(t, resp.Header.Get("Location")))
	if p.SubmittedBy != "" {
		t.Errorf("a moderator's own post is credited to %q", p.SubmittedBy)
	}
}

// TestDuplicateSourceNormalised: two ways of writing one page's address
// are one source.
func TestDuplicateSourceNormalised(t *testing.T) {
	f := newDeskFixture(t, nil)
	poster := f.browser(t)
	poster.login("Thimble Wick", "")
	resp, d := poster.post("/submit", "url", "https://kavkaz-uzel.eu/articles/400001", "title", "First", "section", f.sectionID())
	wantStatus(t, "first", resp, d, http.StatusSeeOther)
	first := postIDOf(t, resp.Header.Get("Location"))
	for _, again := range []string{
		"https://www.kavkaz-uzel.eu/articles/400001/",
		"http://kavkaz-uzel.eu/articles/400001",
		"https://KAVKAZ-UZEL.eu:443/articles/400001#comments",
		"https://kavkaz-uzel.eu/articles/400001?utm_source=feed&utm_medium=rss",
		"kavkaz-uzel.eu/articles/400001",
	} {
		resp, d := poster.post("/submit", "url", again, "title", "Again", "section", f.sectionID())
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(msgOf(d), "posted already") {
			t.Errorf("%s: %d %q", again, resp.StatusCode, msgOf(d))
			continue
		}
		if href := d.Find(".burg-duplicate a").AttrOr("href", ""); !strings.HasPrefix(href, "/posts/"+strconv.FormatInt(first, 10)) {
			t.Errorf("%s: the duplicate links to %q", again, href)
		}
	}
	resp, d = poster.post("/submit", "url", "https://kavkaz-uzel.eu/articles/400002", "title", "Another", "section", f.sectionID())
	wantStatus(t, "another page", resp, d, http.StatusSeeOther)
}

// TestFetchNotAnAddress: fetching something that is no address says so.
func TestFetchNotAnAddress(t *testing.T) {
	f := newDeskFixture(t, withFetcher)
	b := f.browser(t)
	b.login("Thimble Wick", "")
	resp, d := b.post("/submit", "action", "fetch", "url", "notaurl", "title", "Kept")
	wantStatus(t, "fetch", resp, d, http.StatusUnprocessableEntity)
	if msg := msgOf(d); !strings.Contains(msg, `"notaurl" is not a web address`) || strings.Contains(msg, "No site answers") {
		t.Errorf("message %q", msg)
	}
}
