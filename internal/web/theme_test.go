package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestThemeSwitch chooses each theme on the switch and checks the cookie,
// the redirect back, and the class on <html> of shared pages (the edition
// and an article), which the page cache keeps once per theme.
func TestThemeSwitch(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	article := f.articlePath()
	for _, tc := range []struct {
		theme, class string
		pressed      string
	}{
		{"dark", "burg-theme-dark", "dark"},
		{"light", "burg-theme-light", "light"},
		{"auto", "", "auto"},
		{"dark", "burg-theme-dark", "dark"},
		{"purple", "", "auto"},
	} {
		for _, path := range []string{"/", article} {
			resp, _ := b.do(http.MethodPost, "/theme", url.Values{"theme": {tc.theme}, "back": {path}})
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != path {
				t.Fatalf("POST /theme %s back %s = %d to %q, want 303 to %s", tc.theme, path, resp.StatusCode, resp.Header.Get("Location"), path)
			}
			// Twice: the second is served from the page cache.
			for range 2 {
				resp, d := b.do(http.MethodGet, path, nil)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("GET %s = %d", path, resp.StatusCode)
				}
				if got, _ := d.Find("html").Attr("class"); got != tc.class {
					t.Errorf("theme %s: GET %s <html class=%q>, want %q", tc.theme, path, got, tc.class)
				}
				if got := d.Find(`.burg-theme button[aria-pressed="true"]`).AttrOr("value", ""); got != tc.pressed {
					t.Errorf("theme %s: GET %s pressed button %q, want %q", tc.theme, path, got, tc.pressed)
				}
				if got := d.Find(`.burg-theme input[name="back"]`).AttrOr("value", ""); got != path {
					t.Errorf("theme %s: GET %s switch comes back to %q", tc.theme, path, got)
				}
			}
		}
	}
	// A reader without the cookie still gets the page without a class.
	_, body := f.get(t, "/")
	if strings.Contains(body, "burg-theme-dark") {
		t.Errorf("a reader without a theme got the dark page from the cache")
	}
}

// TestThemeBackIsLocal refuses to redirect anywhere but this site.
func TestThemeBackIsLocal(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	for _, back := range []string{"https://elsewhere.example/", "//elsewhere.example/x", "/\\elsewhere.example", "", "javascript:alert(1)"} {
		resp, _ := b.do(http.MethodPost, "/theme", url.Values{"theme": {"dark"}, "back": {back}})
		if got := resp.Header.Get("Location"); got != "/" {
			t.Errorf("back %q: redirected to %q, want /", back, got)
		}
	}
}

func TestColoursDark(t *testing.T) {
	f := newFixture(t)
	_, body := f.get(t, "/colours.css")
	id := strconv.FormatInt(f.mod.ID, 10)
	for _, want := range []string{"@media (prefers-color-scheme: dark)", ":root:not(.burg-theme-light) .burg-mod-" + id, ":root.burg-theme-dark .burg-mod-" + id} {
		if !strings.Contains(body, want) {
			t.Errorf("colours.css lacks %q:\n%s", want, body)
		}
	}
}
