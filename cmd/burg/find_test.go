package main

import (
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// The site's absolute links come from --base-url, or without it from the
// host each request names.
func TestBaseURL(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want func(srv string) string
	}{
		{"flag", []string{"--base-url", "https://news.example.org/"}, func(string) string { return "https://news.example.org" }},
		{"request host", nil, func(srv string) string { return srv }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "burg.db")
			srv := startServer(t, nil, append([]string{"--db", db}, tc.args...)...)
			origin := tc.want(srv.URL)
			status, body := get(t, srv.URL+"/archives")
			if status != 200 || !strings.Contains(body, `<link rel="canonical" href="`+origin+`/archives">`) {
				t.Errorf("GET /archives: %d, want the canonical link under %s:\n%s", status, origin, body)
			}
			status, body = get(t, srv.URL+"/feed.xml")
			if status != 200 || !strings.Contains(body, "<link>"+origin+"/</link>") {
				t.Errorf("GET /feed.xml: %d, want a link to %s/:\n%s", status, origin, body)
			}
		})
	}
	for _, bad := range []string{"news.example.org", "ftp://news.example.org", "https://news.example.org/burg", "https://"} {
		err := run(t.Context(), []string{"serve", "--print-config", "--base-url", bad}, func(string) string { return "" }, nil, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "base-url") {
			t.Errorf("--base-url %s: %v, want a complaint about base-url", bad, err)
		}
	}
}
