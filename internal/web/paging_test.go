package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	burg "github.com/burg-news/burg"
)

// A listing deeper than its numbered pages goes on by cursor: following
// Older from the first page reaches every post once, and Newer leads back
// the same way.
func TestDeepListing(t *testing.T) {
	f := newFixture(t)
	var ps []*burg.Post
	for i := range 1_100 {
		ps = append(ps, &burg.Post{SectionID: f.section.ID, PosterID: f.poster.ID, Title: fmt.Sprintf("Harbour log %d", i),
			Body: "Tide.", PostedAt: now.Add(-time.Duration(i) * time.Hour).Add(-time.Duration(i%3) * time.Second)})
	}
	if err := f.store.CreatePosts(t.Context(), ps); err != nil {
		t.Fatal(err)
	}
	_, total, err := f.store.FindPosts(t.Context(), burg.PostFilter{SectionID: f.section.ID})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var order []string
	path := "/sections/europe"
	pages, last := 0, ""
	for path != "" {
		last = path
		d := f.doc(t, path)
		pages++
		d.Find("article.h-entry .p-name").Each(func(_ int, s *goquery.Selection) {
			href, _ := s.Attr("href")
			if seen[href] {
				t.Errorf("%s shows %s again", path, href)
			}
			seen[href] = true
			order = append(order, href)
		})
		next, _ := d.Find(`.burg-pager a[rel="next"]`).Attr("href")
		if pages > 21 && !strings.Contains(next, "before=") && next != "" {
			t.Errorf("page %d links on by %q, want a cursor", pages, next)
		}
		path = next
	}
	if len(order) != total {
		t.Errorf("followed Older through %d pages and saw %d posts, want %d", pages, len(order), total)
	}
	// And back by Newer from the last page: the same posts, in reverse.
	var back []string
	for path = last; path != ""; {
		d := f.doc(t, path)
		var page []string
		d.Find("article.h-entry .p-name").Each(func(_ int, s *goquery.Selection) { page = append(page, s.AttrOr("href", "")) })
		back = append(page, back...)
		path, _ = d.Find(`.burg-pager a[rel="prev"]`).Attr("href")
	}
	if strings.Join(back, " ") != strings.Join(order, " ") {
		t.Errorf("Newer from the last page gave %d posts, not the %d of Older in the same order", len(back), len(order))
	}
	for _, bad := range []string{"/sections/europe?before=x", "/sections/europe?after=1-", "/sections/europe?before=-5-3"} {
		if resp, _ := f.get(t, bad); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 400", bad, resp.StatusCode)
		}
	}
	if resp, _ := f.get(t, "/sections/europe?page=21"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("numbered page 21: %d, want 404", resp.StatusCode)
	}
}
