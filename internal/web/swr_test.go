package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	burg "github.com/burg-news/burg"
)

// TestListingsServedWhileRendered checks how a stream of comments reaches
// the front page, which only counts them: the commenter finds their
// comment on the article at once; front-page readers are served the
// rendering they had while one of them renders it anew, at most once a
// second; and after a quiet spell no reader sees a rendering more than a
// few seconds older than the comment.
func TestListingsServedWhileRendered(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	count := func() string {
		t.Helper()
		return text(f.doc(t, "/").Find(".burg-headline").First().Find(".burg-comment-count"))
	}
	// until reads the front page until its count is want, as a render
	// under way in the background ends in its own time.
	until := func(want string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for got := count(); got != want; got = count() {
			if time.Now().After(deadline) {
				t.Fatalf("the front page's count stayed %q, want %q", got, want)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	if got := count(); got != "0" {
		t.Fatalf("count before: %q", got)
	}
	resp, _ := b.comment(f.article.ID, "First Light", "The lighthouse deserves better.")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("comment: %d", resp.StatusCode)
	}
	if _, d := b.do(http.MethodGet, f.articlePath(), nil); !strings.Contains(d.Find(".burg-comment").Text(), "The lighthouse deserves better.") {
		t.Fatal("the commenter does not find their comment on the article")
	}
	// The comment took the clock past a second since the front page was
	// rendered: this reader gets that rendering, and starts the next.
	if got := count(); got != "0" {
		t.Errorf("the first reader after the comment got count %q: they waited for a render", got)
	}
	until("1")
	// Other readers of the article share its rendering, which follows the
	// same way (the live stream brings them the comment meanwhile).
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(f.doc(t, f.articlePath()).Find(".burg-comment").Text(), "The lighthouse deserves better."); {
		if time.Now().After(deadline) {
			t.Fatal("other readers of the article never saw the comment")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// The rail's Latest Comments follow the same way.
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(text(f.doc(t, "/").Find(".burg-latest li")), "First Light"); {
		if time.Now().After(deadline) {
			t.Fatal("the rail never showed the comment")
		}
		time.Sleep(5 * time.Millisecond)
	}

	// Comments from another instance, within a second of the rendering:
	// readers keep the rendering, and none starts another.
	for _, body := range []string{"From afar.", "From further."} {
		if err := f.store.CreateComment(t.Context(), &burg.Comment{PostID: f.article.ID, Nick: "Far Away", Body: body}); err != nil {
			t.Fatal(err)
		}
		f.bus.Deliver(burg.Event{Kind: burg.EventComment, PostID: f.article.ID})
	}
	f.clock.Advance(500 * time.Millisecond)
	for range 3 {
		if got := count(); got != "1" {
			t.Fatalf("within a second of its rendering the front page shows %q, want the rendering's 1", got)
		}
		time.Sleep(100 * time.Millisecond) // time for a render, had one begun
	}
	f.clock.Advance(500 * time.Millisecond)
	until("3")

	// After a quiet spell the first reader waits for the render rather
	// than see a page from before the comment.
	if err := f.store.CreateComment(t.Context(), &burg.Comment{PostID: f.article.ID, Nick: "Far Away", Body: "Later on."}); err != nil {
		t.Fatal(err)
	}
	f.bus.Deliver(burg.Event{Kind: burg.EventComment, PostID: f.article.ID})
	f.clock.Advance(6 * time.Second)
	if got := count(); got != "4" {
		t.Errorf("six seconds after the comment the front page shows %q, want 4", got)
	}
}

// TestNewSinceMatchesPage checks that a returning reader served the
// thread's rendering from before the latest comment (while the next is
// made) is told only of the new comments that rendering shows: the line
// never links to a comment that is not on the page.
func TestNewSinceMatchesPage(t *testing.T) {
	f := newFixture(t)
	reader, _ := returningReader(t, f)
	reader.do(http.MethodGet, f.articlePath(), nil) // a new visit starts: the page is rendered now
	if err := f.visits.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	// A comment from another instance, within the second in which the
	// thread's rendering is served as it is.
	if err := f.store.CreateComment(t.Context(), &burg.Comment{PostID: f.article.ID, Nick: "Late Owl", Body: "After the reader left.", VisitorID: "someoneelse0123456789a"}); err != nil {
		t.Fatal(err)
	}
	f.bus.Deliver(burg.Event{Kind: burg.EventComment, PostID: f.article.ID, VisitorID: "someoneelse0123456789a"})
	check := func(wantNew bool) {
		t.Helper()
		_, d := reader.do(http.MethodGet, f.articlePath(), nil)
		owl := d.Find(".p-comment").FilterFunction(func(_ int, s *goquery.Selection) bool {
			return text(s.Find(".p-author")) == "Late Owl"
		}).Length() == 1
		link := d.Find(".burg-new-since a")
		href, linked := link.Attr("href")
		switch {
		case linked && d.Find(href).Length() == 0:
			t.Errorf("the new-comments line links to %s, which is not on the page", href)
		case owl != linked:
			t.Errorf("Late Owl on the page: %v; new-comments line: %q", owl, text(link))
		case wantNew && !owl:
			t.Error("the thread does not show the new comment")
		}
	}
	check(false)
	f.clock.Advance(5 * time.Second)
	check(true)
}
