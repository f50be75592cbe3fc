package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/password"
	"github.com/burg-news/burg/internal/web"
)

// testPassword is every test user's password.
const testPassword = "lighthouse cheese 42"

// cheap are argon2id costs that keep the tests fast; a stored hash names
// its own costs, so logging in works the same.
var cheap = password.Params{Memory: 64, Time: 1, Threads: 1}

// deskFixture is the site of newFixture with passwords for its users, an
// admin and a disabled poster, served by a server with the given parts.
type deskFixture struct {
	*fixture
	admin    *burg.User
	disabled *burg.User
	web      *web.Server
}

// newDeskFixture builds the fixture; deps, when given, adds parts such as
// a fetcher or translators to the server.
func newDeskFixture(t *testing.T, deps func(*web.Deps)) *deskFixture {
	t.Helper()
	f := &deskFixture{fixture: newFixture(t)}
	ctx := t.Context()
	hash, err := password.Hash(testPassword, cheap)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []*burg.User{f.mod, f.poster} {
		u.PasswordHash = hash
		if err := f.store.UpdateUser(ctx, u, false); err != nil {
			t.Fatal(err)
		}
	}
	f.admin = &burg.User{Nick: "Warden", Role: burg.RoleAdmin, PasswordHash: hash}
	f.disabled = &burg.User{Nick: "Gone Quiet", Role: burg.RolePoster, PasswordHash: hash, Disabled: true}
	for _, u := range []*burg.User{f.admin, f.disabled} {
		if err := f.store.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	d := web.Deps{Store: f.store, Views: f.counter, Visits: f.visits, Now: f.clock.Now}
	if deps != nil {
		deps(&d)
	}
	f.web, err = web.New(web.Config{SiteName: "Burg Test", Location: time.UTC, CommentsCloseAfter: 7 * 24 * time.Hour,
		BaseURL: "https://news.example"}, d)
	if err != nil {
		t.Fatal(err)
	}
	f.srv.Close()
	f.srv = httptest.NewServer(f.web.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

// login logs the browser in and fails the test unless it lands on next.
func (b *browser) login(nick, next string) {
	b.t.Helper()
	resp, d := b.do(http.MethodPost, "/login", url.Values{"nick": {nick}, "password": {testPassword}, "next": {next}})
	if resp.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("log in as %s: status %d: %s", nick, resp.StatusCode, text(d.Find(".burg-form-error")))
	}
	if next == "" {
		next = "/"
	}
	if loc := resp.Header.Get("Location"); loc != next {
		b.t.Fatalf("log in as %s: sent to %q, want %q", nick, loc, next)
	}
}

// post sends a form and returns the response and page.
func (b *browser) post(path string, fields ...string) (*http.Response, *goquery.Document) {
	b.t.Helper()
	form := url.Values{}
	for i := 0; i+1 < len(fields); i += 2 {
		form.Add(fields[i], fields[i+1])
	}
	return b.do(http.MethodPost, path, form)
}

// wantStatus fails the test unless resp has the status.
func wantStatus(t *testing.T, what string, resp *http.Response, d *goquery.Document, want int) {
	t.Helper()
	if resp.StatusCode != want {
		t.Fatalf("%s: status %d, want %d; page says %q", what, resp.StatusCode, want,
			text(d.Find(".burg-form-error, .burg-error").First()))
	}
}

// postIDOf reads the post ID from an address like /posts/12/slug.
func postIDOf(t *testing.T, loc string) int64 {
	t.Helper()
	rest, ok := strings.CutPrefix(loc, "/posts/")
	id, err := strconv.ParseInt(strings.Split(rest, "/")[0], 10, 64)
	if !ok || err != nil {
		t.Fatalf("landed on %q, want /posts/ID/…", loc)
	}
	return id
}

// value reads the value of a form field by name.
func value(d *goquery.Document, form, name string) string {
	field := d.Find(form + ` [name="` + name + `"]`).First()
	if goquery.NodeName(field) == "textarea" {
		return field.Text()
	}
	if goquery.NodeName(field) == "select" {
		v, _ := field.Find("option[selected]").Attr("value")
		return v
	}
	v, _ := field.Attr("value")
	return v
}

// needApertium skips the test when Apertium's Spanish–English pair is not
// installed, except under CI=true, where it fails.
func needApertium(t *testing.T) {
	t.Helper()
	_, err := exec.LookPath("apertium")
	if err == nil {
		_, err = os.Stat(filepath.Join("/usr/share/apertium/modes", "spa-eng.mode"))
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("apertium with the spa-eng pair is needed under CI=true (.ci/install-apertium.sh): %v", err)
		}
		t.Skipf("skipping: apertium with the spa-eng pair is not installed (.ci/install-apertium.sh): %v", err)
	}
}
