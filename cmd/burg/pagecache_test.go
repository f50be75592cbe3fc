package main

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/web"
)

func TestParsePageCache(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"64MB", 64 << 20},
		{"512kb", 512 << 10},
		{"1GB", 1 << 30},
		{"4096B", 4096},
		{" 8 MB ", 8 << 20},
		{"off", web.PageCacheOff},
		{"OFF", web.PageCacheOff},
		{"0", web.PageCacheOff},
		{"0MB", web.PageCacheOff},
	}
	for _, tt := range tests {
		got, err := parsePageCache(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("parsePageCache(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "12", "12x", "MB", "-5MB", "1.5MB", "64 M", "2000000GB"} {
		if got, err := parsePageCache(bad); err == nil {
			t.Errorf("parsePageCache(%q) = %d, want an error", bad, got)
		}
	}
	if got := sizeText(web.DefaultPageCacheBytes); got != "64MB" {
		t.Errorf("the default is written %q, want 64MB", got)
	}
}

// burg serve --page-cache off serves every page rendered for its
// request: a comment, and a post written by another process without an
// event yet, are on the next pages at once.
func TestServeWithoutPageCache(t *testing.T) {
	db := filepath.Join(t.TempDir(), "burg.db")
	post := seedSite(t, db)
	srv := startServer(t, nil, "--db", db, "--page-cache", "off", "--min-fill", "0", "--comment-limit", "off")
	articleURL := srv.URL + "/posts/" + strconv.FormatInt(post.ID, 10)
	client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	if code, body := get(t, srv.URL+"/"); code != http.StatusOK || !strings.Contains(body, post.Title) {
		t.Fatalf("front page: %d, want 200 with %q", code, post.Title)
	}
	for i, text := range []string{"The first word on the harbour.", "The second word on the harbour."} {
		token, err := formTokenAt(client, articleURL)
		if err != nil {
			t.Fatal(err)
		}
		form := url.Values{"name": {"Quillon"}, "body": {text}, "ts": {token}}
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, articleURL+"/comments", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("comment %d: status %d, want 303", i+1, resp.StatusCode)
		}
		if code, body := get(t, articleURL); code != http.StatusOK || !strings.Contains(body, text) {
			t.Errorf("after comment %d the article (%d) lacks it", i+1, code)
		}
		if _, body := get(t, srv.URL+"/"); !strings.Contains(body, "Comments ("+strconv.Itoa(i+1)+")") {
			t.Errorf("after comment %d the front page does not count it", i+1)
		}
	}

	// A post written by another connection is on the front page at
	// once, before the file's watcher tells the server of the write:
	// nothing rendered was kept.
	store := openStore(t, db)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	second := &burg.Post{SectionID: post.SectionID, PosterID: post.PosterID, Title: "The harbour board adjourns again",
		Body: "Nobody came.", PostedAt: time.Now()}
	if err := store.CreatePost(ctx, second); err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, srv.URL+"/"); !strings.Contains(body, second.Title) {
		t.Error("the front page lacks the post written by another connection")
	}
}
