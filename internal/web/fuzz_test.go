package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// FuzzCommentPost sends the comment form arbitrary fields, with its real
// token so that they reach every rule, and an arbitrary tail of raw form
// body. No answer is a 5xx, and a comment that is stored shows on its
// page in its place, with nothing in it that would run.
func FuzzCommentPost(f *testing.F) {
	for _, seed := range [][7]string{
		{"Glolurong Jones1696", "", "", "First! [b]Bold[/b]", "", "", ""},
		{"  Omineling  Forkbeard1962 ", "o@example.org", "forkbeard.example", "[url=https://example.org]a link[/url]", "", "post", ""},
		{"<script>", "x", "javascript:alert(1)", "<img src=x onerror=alert(1)>", "", "preview", "&body=again"},
		{"admin", "", "", "[quote][quote][b]x", "", "original", "&ts=&ts=1"},
		{"Bot", "", "", "spam", "555-0100", "", "&fax="},
		{"\xff\xfe", "\x00", "http://[::1", "\x1b[31m\u202e", "", "pic", "%zz&%00=%00"},
		{"Casino Dealer", "", "", "c4sino " + strings.Repeat("http://a.example/x ", 5), "", "", ""},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3], seed[4], seed[5], seed[6])
	}
	fx := newFixture(f)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(t *testing.T, method, path, body string) (*http.Response, *goquery.Document) {
		req, err := http.NewRequestWithContext(t.Context(), method, fx.srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
		if method == http.MethodPost {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		d, err := goquery.NewDocumentFromReader(strings.NewReader(string(data)))
		if err != nil {
			t.Fatal(err)
		}
		return resp, d
	}
	old := "/posts/" + strconv.FormatInt(fx.old.ID, 10)
	f.Fuzz(func(t *testing.T, name, email, website, body, fax, action, tail string) {
		_, page := do(t, http.MethodGet, old, "")
		token, _ := page.Find(`#comment-form input[name="ts"]`).Attr("value")
		fx.clock.Advance(2 * time.Minute) // past the fill time and the rate limits
		form := url.Values{"name": {name}, "email": {email}, "website": {website}, "body": {body}, "fax": {fax},
			"action": {action}, "ts": {token}}
		resp, d := do(t, http.MethodPost, fx.articlePath()+"/comments", form.Encode()+tail)
		if resp.StatusCode >= 500 {
			t.Fatalf("status %d", resp.StatusCode)
		}
		if bad := runnable(d); len(bad) > 0 {
			t.Fatalf("the answer holds %v", bad)
		}
		if resp.StatusCode != http.StatusSeeOther {
			return
		}
		loc := resp.Header.Get("Location")
		_, frag, _ := strings.Cut(loc, "#c")
		if _, err := strconv.ParseInt(frag, 10, 64); err != nil {
			t.Fatalf("sent to %q", loc)
		}
		_, d = do(t, http.MethodGet, fx.articlePath(), "")
		c := d.Find("#comments .p-comment.h-entry#c" + frag)
		if c.Length() != 1 || c.Find(".burg-num").Length() != 1 {
			t.Fatalf("comment %s is not in its place: %d", frag, c.Length())
		}
		if c.Find(".e-content").Length() != 1 && !c.HasClass("burg-held") {
			t.Fatalf("comment %s has no text", frag)
		}
		if bad := runnable(d); len(bad) > 0 {
			t.Fatalf("the article holds %v", bad)
		}
	})
}
