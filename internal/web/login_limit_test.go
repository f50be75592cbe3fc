package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/burg-news/burg/internal/web"
)

// TestLoginThrottledAcrossServers shows that failed logins are counted in
// the store: guesses spread over two instances hold the account on both.
func TestLoginThrottledAcrossServers(t *testing.T) {
	f := newDeskFixture(t, nil)
	other, err := web.New(web.Config{SiteName: "Burg Test", Location: time.UTC}, web.Deps{Store: f.store, Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(other.Handler())
	t.Cleanup(ts.Close)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	login := func(base, pw string) int {
		t.Helper()
		resp, err := client.PostForm(base+"/login", url.Values{"nick": {"Gorse"}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for i, base := range []string{f.srv.URL, ts.URL, f.srv.URL, ts.URL, f.srv.URL} {
		if got := login(base, "guess "+strconv.Itoa(i)); got != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d, want 401", i+1, got)
		}
	}
	for _, base := range []string{f.srv.URL, ts.URL} {
		if got := login(base, testPassword); got != http.StatusTooManyRequests {
			t.Errorf("right password after five guesses, on %s: %d, want 429", base, got)
		}
	}
	f.clock.Advance(61 * time.Second)
	if got := login(ts.URL, testPassword); got != http.StatusSeeOther {
		t.Errorf("a minute later: %d, want 303", got)
	}
}
