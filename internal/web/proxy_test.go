package web_test

import (
	"github.com/PuerkitoBio/goquery"

	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/web"
)

func TestTrustedProxies(t *testing.T) {
	f := newFixture(t)
	until := f.clock.Now().Add(time.Hour)
	if err := f.store.CreateBan(t.Context(), &burg.Ban{Kind: burg.BanIP, Value: "203.0.113.9", ExpiresAt: &until}); err != nil {
		t.Fatal(err)
	}
	serve := func(proxies ...netip.Prefix) string {
		srv, err := web.New(web.Config{SiteName: "Burg Test", Location: time.UTC, CommentsCloseAfter: 7 * 24 * time.Hour,
			TrustedProxies: proxies}, web.Deps{Store: f.store, Now: f.clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		t.Cleanup(ts.Close)
		return ts.URL
	}
	behind := serve(netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8"))
	direct := serve()
	n := 0
	// token reads a comment form's token from the article's page, as a
	// browser would before commenting.
	token := func(base string) string {
		t.Helper()
		resp, err := http.Get(base + "/posts/" + strconv.FormatInt(f.article.ID, 10))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		d, err := goquery.NewDocumentFromReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		ts, _ := d.Find(`#comment-form input[name="ts"]`).Attr("value")
		f.clock.Advance(minFill)
		return ts
	}
	post := func(base string, forwarded ...string) int {
		t.Helper()
		n++
		form := url.Values{"name": {"Reader " + strconv.Itoa(n)}, "body": {"Comment " + strconv.Itoa(n)}, "ts": {token(base)}}
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost,
			base+"/posts/"+strconv.FormatInt(f.article.ID, 10)+"/comments", strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("User-Agent", "Mozilla/5.0 Firefox/140.0")
		for _, v := range forwarded {
			req.Header.Add("X-Forwarded-For", v)
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, tc := range []struct {
		name      string
		base      string
		forwarded []string
		want      int
	}{
		{"Client", behind, []string{"203.0.113.9"}, http.StatusForbidden},
		{"ThroughTwoProxies", behind, []string{"203.0.113.9, 10.1.2.3"}, http.StatusForbidden},
		{"SeveralHeaders", behind, []string{"198.51.100.1", "203.0.113.9"}, http.StatusForbidden},
		{"Mapped", behind, []string{"::ffff:203.0.113.9"}, http.StatusForbidden},
		{"SpoofedOnTheLeft", behind, []string{"203.0.113.9, 198.51.100.7"}, http.StatusSeeOther},
		{"Garbage", behind, []string{"nonsense"}, http.StatusSeeOther},
		{"NoHeader", behind, nil, http.StatusSeeOther},
		{"UntrustedPeer", direct, []string{"203.0.113.9"}, http.StatusSeeOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := post(tc.base, tc.forwarded...); got != tc.want {
				t.Errorf("status %d, want %d", got, tc.want)
			}
		})
	}
	// A request the proxy took over TLS gets Secure cookies; a header
	// from anyone else changes nothing.
	for _, tc := range []struct {
		name   string
		base   string
		secure bool
	}{{"Behind", behind, true}, {"Direct", direct, false}} {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, tc.base+"/posts/"+strconv.FormatInt(f.article.ID, 10), nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("User-Agent", "Mozilla/5.0 Firefox/140.0")
		req.Header.Set("X-Forwarded-Proto", "https")
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		cookies := resp.Cookies()
		if len(cookies) == 0 {
			t.Fatalf("%s: no visitor cookie", tc.name)
		}
		if cookies[0].Secure != tc.secure {
			t.Errorf("%s: cookie Secure = %t, want %t", tc.name, cookies[0].Secure, tc.secure)
		}
	}
	// The address is what is stored with the comment.
	cs, err := f.store.FindComments(t.Context(), f.article.ID)
	if err != nil {
		t.Fatal(err)
	}
	var ips []string
	for _, c := range cs {
		ips = append(ips, c.IP)
	}
	if got, want := strings.Join(ips, " "), "198.51.100.7 127.0.0.1 127.0.0.1 127.0.0.1"; got != want {
		t.Errorf("stored addresses %q, want %q", got, want)
	}
}
