package web_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	burg "github.com/burg-news/burg"
)

// A thread longer than one run of the shared page (256 comments) is
// served whole and in order, with the page cache and without it; a new
// comment joins the last run and a removal in the first run shows.
func TestLongThreadAcrossRuns(t *testing.T) {
	f := newFixture(t)
	const n = 600
	cs := make([]*burg.Comment, n)
	for i := range cs {
		at := now.Add(-time.Duration(n-i) * time.Second)
		cs[i] = &burg.Comment{PostID: f.article.ID, Nick: "Reader " + strconv.Itoa(i%37), Body: "Comment number " + strconv.Itoa(i+1) + " on the lighthouse.",
			CreatedAt: at, UpdatedAt: at}
	}
	if err := f.store.CreateComments(t.Context(), cs); err != nil {
		t.Fatal(err)
	}
	article := "/posts/" + strconv.FormatInt(f.article.ID, 10)
	off := withoutPageCache(t, f)
	check := func(t *testing.T, d *goquery.Document, want []*burg.Comment) {
		t.Helper()
		got := d.Find(".burg-comment-list > .burg-comment")
		if got.Length() != len(want) {
			t.Fatalf("%d comments on the page, want %d", got.Length(), len(want))
		}
		got.Each(func(i int, c *goquery.Selection) {
			if id, _ := c.Attr("id"); id != "c"+strconv.FormatInt(want[i].ID, 10) {
				t.Errorf("comment %d is %s, want c%d", i+1, id, want[i].ID)
			}
		})
	}
	for _, site := range []*fixture{f, off} {
		check(t, site.doc(t, article), cs)
	}

	b := off.browser(t)
	if resp, _ := b.comment(f.article.ID, "Late Reader", "The six hundred and first."); resp.StatusCode != 303 {
		t.Fatalf("comment: status %d, want 303", resp.StatusCode)
	}
	_, d := b.do("GET", article, nil)
	if got := d.Find(".burg-comment-list > .burg-comment").Last().Find(".e-content").Text(); got != "The six hundred and first." {
		t.Errorf("the last comment reads %q", got)
	}
	if got := d.Find(".burg-comment-list > .burg-comment").Length(); got != n+1 {
		t.Errorf("%d comments after one more, want %d", got, n+1)
	}

	// A removal by another process reaches the page once the article's
	// data is read again (30 seconds at most): the first run is made anew.
	if err := f.store.DeleteComment(t.Context(), cs[9].ID, ""); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(31 * time.Second)
	d = off.doc(t, article)
	if d.Find("#c"+strconv.FormatInt(cs[9].ID, 10)+" .burg-removed").Length() != 1 {
		t.Error("the removed comment in the first run is shown as it was")
	}
	if got := d.Find("#c" + strconv.FormatInt(cs[10].ID, 10) + " .e-content").Text(); got != "Comment number 11 on the lighthouse." {
		t.Errorf("the comment after it reads %q", got)
	}
}
