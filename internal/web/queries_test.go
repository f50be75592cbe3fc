package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/bus"
	"github.com/burg-news/burg/internal/web"
)

// Every page type reads the store a fixed number of times, however many
// posts and comments it shows: no query per row (N+1). Each page is
// counted cold (every cache dropped), on the fixture and again after it
// grew by twenty posts with comments under the same section, tag and
// poster on the same day.
func TestQueriesPerPage(t *testing.T) {
	f := newFixture(t)
	b := bus.New()
	srv, err := web.New(web.Config{SiteName: "Burg Test", Location: time.UTC, CommentsCloseAfter: 7 * 24 * time.Hour},
		web.Deps{Store: f.store, Now: f.clock.Now, Bus: b})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	pages := []string{"/", "/day/" + now.Format(burg.DateLayout), "/pages/operations", "/sections/europe",
		"/tags/vellmar", "/posters/" + url.PathEscape(f.poster.Nick), "/latest", "/archives",
		"/archives/" + now.Format(burg.MonthLayout), "/posts/" + strconv.FormatInt(f.article.ID, 10), "/search?q=harbour"}
	count := func(path string) uint64 {
		t.Helper()
		b.Deliver(burg.Event{Kind: burg.EventAll})
		before := f.store.Statements()
		req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		req.Header.Set("User-Agent", "Mozilla/5.0 Firefox/140.0")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		return f.store.Statements() - before
	}
	small := map[string]uint64{}
	for _, p := range pages {
		small[p] = count(p)
	}
	for i := range 20 {
		p := &burg.Post{SectionID: f.section.ID, PosterID: f.poster.ID, Title: fmt.Sprintf("More harbour news %d", i),
			Body: "The board met again.", PostedAt: now.Add(-time.Duration(i+1) * time.Minute), Tags: []*burg.Tag{f.tag},
			Remarks: []*burg.Remark{{UserID: f.mod.ID, Body: "Noted."}}}
		if err := f.store.CreatePost(t.Context(), p); err != nil {
			t.Fatal(err)
		}
		for j := range 3 {
			c := &burg.Comment{PostID: p.ID, Nick: fmt.Sprintf("Reader %d", j), Body: "Seen it."}
			if err := f.store.CreateComment(t.Context(), c); err != nil {
				t.Fatal(err)
			}
		}
	}
	for j := range 30 {
		c := &burg.Comment{PostID: f.article.ID, Nick: fmt.Sprintf("Reader %d", j), Body: "Seen it.", UserID: f.mod.ID * int64(j%2)}
		if c.UserID != 0 {
			c.Nick = f.mod.Nick
		}
		if err := f.store.CreateComment(t.Context(), c); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range pages {
		got := count(p)
		if got != small[p] {
			t.Errorf("%s: %d statements with 20 more posts, %d before: a query per row", p, got, small[p])
		}
		// The article page reads the most: the post, its tags, remarks,
		// comments, related posts, the snapshot of its source, and the
		// page furniture.
		if got > 20 {
			t.Errorf("%s: %d statements for one page", p, got)
		}
		t.Logf("%s: %d statements", p, got)
	}
}
