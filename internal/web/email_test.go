package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestEmailThisLink(t *testing.T) {
	f := newFixture(t)
	d := f.doc(t, f.articlePath())
	if got := d.Find(`.burg-byline a:contains("E-Mail")`).AttrOr("href", ""); got != f.articlePath()+"/email" {
		t.Errorf("footer E-Mail link = %q", got)
	}
	d = f.doc(t, f.articlePath()+"/email")
	link := "https://news.example" + f.articlePath() + "/" + f.article.Slug
	if got := text(d.Find(".burg-email .burg-title")); got != f.article.Title {
		t.Errorf("title = %q", got)
	}
	if got := text(d.Find(".burg-email-source")); !strings.Contains(got, "[VellmarerBote]") || !strings.Contains(got, f.article.SourceURL) {
		t.Errorf("source = %q", got)
	}
	if d.Find(".burg-email .e-content blockquote").Length() != 1 {
		t.Error("the article's text is not on the page")
	}
	if got := text(d.Find(".burg-email-link a")); got != link {
		t.Errorf("link = %q, want %q", got, link)
	}
	href := d.Find("#email-send").AttrOr("href", "")
	m, err := url.Parse(href)
	if err != nil || m.Scheme != "mailto" {
		t.Fatalf("mailto link %q: %v", href, err)
	}
	q, err := url.ParseQuery(m.RawQuery)
	if err != nil {
		t.Fatal(err)
	}
	if q.Get("subject") != f.article.Title {
		t.Errorf("subject = %q", q.Get("subject"))
	}
	for _, want := range []string{f.article.Title, "Source: [VellmarerBote] " + f.article.SourceURL, "disused lighthouse", link} {
		if !strings.Contains(q.Get("body"), want) {
			t.Errorf("mail body lacks %q:\n%s", want, q.Get("body"))
		}
	}
	for _, p := range []string{"/posts/999/email", "/posts/x/email"} {
		if resp, _ := f.get(t, p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, resp.StatusCode)
		}
	}
}
