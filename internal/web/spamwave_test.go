package web_test

import (
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/web"
)

// bot is a spammer's script: a browser of its own (it keeps cookies and
// reads the form's token, as the better ones do) behind an address of
// its own, reaching the site through its load balancer.
type bot struct {
	t      *testing.T
	base   string
	addr   string
	client *http.Client
}

func (b *bot) do(method, path string, form url.Values) (*http.Response, *goquery.Document) {
	b.t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req, err := http.NewRequestWithContext(b.t.Context(), method, b.base+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("User-Agent", "Mozilla/5.0 (Windows NT 10.0) Chrome/140.0")
	req.Header.Set("X-Forwarded-For", b.addr)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	d, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return resp, d
}

// countingTransport counts the requests a client makes.
type countingTransport struct {
	n    atomic.Int64
	next http.RoundTripper
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

// TestSpamWave: 500 comments from 50 addresses in one /24, through the
// form with its tokens, are cleaned from the site by a moderator in at
// most three requests, the audit log shows it, and readers' pages are
// clean again.
func TestSpamWave(t *testing.T) {
	m := newModSite(t)
	// The bots come in through a load balancer on 127.0.0.1 that names
	// their addresses; the server behind it shares the store, the rules
	// and the events with the one the moderator uses.
	lb, err := web.New(web.Config{SiteName: "Burg Test", Location: time.UTC, CommentsCloseAfter: 7 * 24 * time.Hour,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}},
		web.Deps{Store: m.store, App: m.app, Bus: m.bus, Now: m.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	front := httptest.NewServer(lb.Handler())
	t.Cleanup(front.Close)
	honest := m.browser(t).commentOK(m.article.ID, "Honest Reader", "A fair word before the storm.")

	const bots, each = 50, 10
	var fleet []*bot
	for i := range bots {
		jar, _ := cookiejar.New(nil)
		fleet = append(fleet, &bot{t: t, base: front.URL, addr: fmt.Sprintf("203.0.113.%d", i+1),
			client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}})
	}
	oldPage := "/posts/" + strconv.FormatInt(m.old.ID, 10)
	posted := 0
	for round := range each {
		// Each bot reads a form's token (from a quiet page: any page's
		// form will do), waits the least it may, and posts; the rounds
		// are spaced to stay within the rate limits.
		// The bots of a round work at once, as a botnet does.
		tokens := make([]string, bots)
		var wg sync.WaitGroup
		for i, b := range fleet {
			wg.Go(func() {
				_, d := b.do(http.MethodGet, oldPage, nil)
				tokens[i], _ = d.Find(`#comment-form input[name="ts"]`).Attr("value")
			})
		}
		wg.Wait()
		m.clock.Advance(minFill)
		statuses := make([]int, bots)
		for i, b := range fleet {
			wg.Go(func() {
				n := round*bots + i
				resp, _ := b.do(http.MethodPost, m.articlePath()+"/comments", url.Values{
					"name": {fmt.Sprintf("Lamp Dealer%04d", n)}, "ts": {tokens[i]},
					"body": {fmt.Sprintf("Cheap lanterns, %d in stock, at http://lanterns.example/%d", n, n)}})
				statuses[i] = resp.StatusCode
			})
		}
		wg.Wait()
		for i, st := range statuses {
			if st != http.StatusSeeOther {
				t.Fatalf("spam comment %d: %d", round*bots+i, st)
			}
			posted++
		}
		m.clock.Advance(15 * time.Second)
	}
	reader := m.browser(t)
	_, d := reader.do(http.MethodGet, m.articlePath(), nil)
	if got := d.Find("#comments .p-comment .e-content").Length(); got != posted+1 {
		t.Fatalf("the wave is not on the page: %d comments shown, want %d", got, posted+1)
	}

	// The moderator cleans up: redact everything from the network, then
	// ban it.
	counter := &countingTransport{next: http.DefaultTransport}
	m.mod.client.Transport = counter
	resp, d := m.mod.post("/mod/comments/bulk", "action", "redact", "ip", "203.0.113.0/24", "all", "1", "reason", "Spam.")
	wantStatus(t, "redact the wave", resp, d, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); !strings.Contains(loc, "Redacted+500+of+500") {
		t.Errorf("sent to %q", loc)
	}
	resp, d = m.mod.post("/mod/comments/bulk", "action", "ban", "ip", "203.0.113.0/24", "all", "1", "ban", "net",
		"for", "30d", "reason", "Lantern spam wave.")
	wantStatus(t, "ban the network", resp, d, http.StatusSeeOther)
	if n := counter.n.Load(); n > 3 {
		t.Errorf("cleaning took %d requests, want at most 3", n)
	}
	t.Logf("cleaned %d comments in %d requests", posted, counter.n.Load())
	m.mod.client.Transport = nil

	// Every spam comment is redacted, the honest one is not, one ban
	// holds the network.
	cs, err := m.store.FindComments(t.Context(), m.article.ID)
	if err != nil {
		t.Fatal(err)
	}
	redacted := 0
	for _, c := range cs {
		switch {
		case c.ID == honest && c.State != burg.CommentLive:
			t.Errorf("the honest comment is %s", c.State)
		case c.ID != honest && c.State == burg.CommentRedacted:
			redacted++
		}
	}
	if redacted != posted {
		t.Errorf("%d of %d spam comments redacted", redacted, posted)
	}
	bans, _ := m.store.FindBans(t.Context(), false)
	if len(bans) != 1 || bans[0].Kind != burg.BanNet || bans[0].Value != "203.0.113.0/24" {
		t.Errorf("bans: %+v", bans)
	}

	// The audit log shows it: one entry per action, with its count.
	_, d = m.mod.do(http.MethodGet, "/mod/log", nil)
	entries := d.Find(".burg-audit-entry")
	if entries.Length() != 2 {
		t.Fatalf("%d log entries, want 2", entries.Length())
	}
	ban, red := entries.Eq(0), entries.Eq(1)
	if ban.AttrOr("data-action", "") != burg.AuditBanAdd || text(ban.Find(".burg-audit-count")) != "1" ||
		!strings.Contains(text(ban), "203.0.113.0/24") || !strings.Contains(text(ban), "Gorse") {
		t.Errorf("ban entry: %q", text(ban))
	}
	if red.AttrOr("data-action", "") != burg.AuditCommentRedact || text(red.Find(".burg-audit-count")) != "500" ||
		!strings.Contains(text(red), `ip="203.0.113.0/24"`) {
		t.Errorf("redaction entry: %q", text(red))
	}

	// Readers' pages are clean: the article, the edition, the rail.
	for _, p := range []string{m.articlePath(), "/", "/latest", "/sections/europe"} {
		_, d := reader.do(http.MethodGet, p, nil)
		html, _ := d.Html()
		if strings.Contains(html, "lanterns.example") || strings.Contains(html, "Lamp Dealer") {
			t.Errorf("%s still shows the spam", p)
		}
	}
	_, d = reader.do(http.MethodGet, m.articlePath(), nil)
	if got := text(d.Find(".burg-comment-total")); got != "1" {
		t.Errorf("comment count %q, want 1", got)
	}
	if got := d.Find("#comments .burg-redacted").Length(); got != posted {
		t.Errorf("%d redacted places, want %d", got, posted)
	}
	// And the network is out, from any address in it.
	late := &bot{t: t, base: front.URL, addr: "203.0.113.201", client: fleet[0].client}
	_, page := late.do(http.MethodGet, oldPage, nil)
	tok, _ := page.Find(`#comment-form input[name="ts"]`).Attr("value")
	m.clock.Advance(minFill)
	if resp, _ := late.do(http.MethodPost, m.articlePath()+"/comments", url.Values{"name": {"Lamp Dealer"}, "body": {"Still here."}, "ts": {tok}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a comment from the banned network: %d, want 403", resp.StatusCode)
	}
}
