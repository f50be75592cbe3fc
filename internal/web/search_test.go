package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/bus"
	"github.com/burg-news/burg/internal/web"
)

func TestSearchPage(t *testing.T) { eachStore(t, testSearchPage) }

func testSearchPage(t *testing.T, f *fixture) {
	ctx := t.Context()
	// A title with markup in it: the highlight must escape it.
	tricky := &burg.Post{SectionID: f.section.ID, Title: `Médecins <b>sans</b> "frontières" reach Vellmar`, PosterID: f.mod.ID,
		PostedAt: now.Add(-30 * time.Minute), Body: "Diesel generators <script>alert(1)</script> keep the clinic lit.",
		SourceTag: "KaiBlatt"}
	if err := f.store.CreatePost(ctx, tricky); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		want []string // titles of the hits, in order
	}{
		{"/search?q=diesel+generators", []string{tricky.Title}},
		{"/search?q=medecins", []string{tricky.Title}},
		{"/search?q=%22generators+diesel%22", nil},
		{"/search?q=lighthouse+-cheese", nil},
		{"/search?q=lighthouse&by=Gorse", nil},
		{"/search?q=by:Gorse+vellmar", []string{tricky.Title}},
		{"/search?q=board&tag=ferries&sort=date", []string{f.article.Title, "Second ferry line opens across the estuary"}},
		{"/search?q=board&section=europe&from=2026-03-11&to=2026-03-11", []string{"Harbour board postpones the dredging vote"}},
		{"/search?q=board+before:2026-03-12", []string{"Harbour board postpones the dredging vote"}},
		{"/search?q=%22lighthouse+cheese", []string{f.article.Title}},
		{"/search?q=AND+OR+*+%28%29", nil},
	} {
		t.Run(tc.path, func(t *testing.T) {
			d := f.doc(t, tc.path)
			var got []string
			d.Find("article.burg-hit h2").Each(func(_ int, s *goquery.Selection) { got = append(got, s.Text()) })
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("hits = %q, want %q", got, tc.want)
			}
		})
	}

	d := f.doc(t, "/search?q=diesel+generators&section=europe&sort=date&comments=1&from=2026-01-01")
	hit := d.Find("article.burg-hit").First()
	if got := hit.Find("h2 a").AttrOr("href", ""); got != "/posts/"+strconv.FormatInt(tricky.ID, 10)+"/"+tricky.Slug {
		t.Errorf("hit link = %q", got)
	}
	if got := hit.Find(".burg-snippet mark").Length(); got != 2 {
		t.Errorf("%d marks in the snippet, want 2", got)
	}
	if hit.Find(".burg-snippet script, h2 b").Length() != 0 {
		t.Error("text of a post became markup in the results")
	}
	if got := hit.Find(".burg-snippet").Text(); !strings.Contains(got, "<script>") {
		t.Errorf("snippet %q does not show the post's text as typed", got)
	}
	// The form comes back with what was typed.
	for sel, want := range map[string]string{"#s-q": "diesel generators", "#s-section": "europe", "#s-from": "2026-01-01"} {
		if got := d.Find(sel).AttrOr("value", ""); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	if _, ok := d.Find(`#s-sort option[value="date"]`).Attr("selected"); !ok {
		t.Error("sort by date not kept")
	}
	if _, ok := d.Find(`input[name="comments"]`).Attr("checked"); !ok {
		t.Error("the comments box not kept")
	}

	// A bad field comes back with a message and the form as typed.
	resp, body := f.get(t, "/search?q=board&from=someday")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "is not a date") || !strings.Contains(body, `value="someday"`) {
		t.Errorf("bad day: %d\n%s", resp.StatusCode, body)
	}
}

func TestSearchPagesAndComments(t *testing.T) { eachStore(t, testSearchPagesAndComments) }

func testSearchPagesAndComments(t *testing.T, f *fixture) {
	ctx := t.Context()
	for i := range 45 {
		p := &burg.Post{SectionID: f.section.ID, Title: "Quayside notice number " + strconv.Itoa(i), PosterID: f.poster.ID,
			PostedAt: now.Add(-time.Duration(100+i) * time.Hour), Body: "A quayside notice."}
		if err := f.store.CreatePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	path := "/search?q=quayside&sort=date"
	for page := 1; path != ""; page++ {
		d := f.doc(t, path)
		d.Find("article.burg-hit h2").Each(func(_ int, s *goquery.Selection) {
			if seen[s.Text()] {
				t.Errorf("%q on two pages", s.Text())
			}
			seen[s.Text()] = true
		})
		path = d.Find(`.burg-pager a[rel="next"]`).AttrOr("href", "")
		if page > 5 {
			t.Fatal("more pages than hits")
		}
	}
	if len(seen) != 45 {
		t.Errorf("%d hits over the pages, want 45", len(seen))
	}

	// A comment's words find its post; a removed comment's never do.
	b := f.browser(t)
	b.comment(f.article.ID, "Searcher", "The pelican census was wrong.")
	resp, _ := b.comment(f.article.ID, "Searcher", "Regrettable flamingo remark.")
	loc := resp.Header.Get("Location")
	id := loc[strings.Index(loc, "#c")+2:]
	if resp, _ := b.do(http.MethodPost, "/comments/"+id+"/delete", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if got := f.doc(t, "/search?q=pelican&comments=1").Find("article.burg-hit .burg-hit-comment").Length(); got != 1 {
		t.Errorf("%d hits through a live comment, want 1", got)
	}
	if got := f.doc(t, "/search?q=pelican").Find("article.burg-hit").Length(); got != 0 {
		t.Errorf("%d hits without comments, want 0", got)
	}
	if got := f.doc(t, "/search?q=flamingo&comments=1").Find("article.burg-hit").Length(); got != 0 {
		t.Errorf("a removed comment found a post (%d hits)", got)
	}
}

// The results of a search are kept until news of a write that may change
// them: a comment drops the searches with comments and those showing its
// post, a post drops every search.
func TestSearchCached(t *testing.T) { eachStore(t, testSearchCached) }

func testSearchCached(t *testing.T, f *fixture) {
	b := bus.New()
	f2 := f.otherServer(t, web.Config{SiteName: "Burg Test", Location: time.UTC, BaseURL: "https://news.example"}, web.Deps{Bus: b})
	ctx := t.Context()
	hits := func(path string) []string {
		t.Helper()
		var got []string
		f2.doc(t, path).Find("article.burg-hit h2").Each(func(_ int, s *goquery.Selection) { got = append(got, s.Text()) })
		return got
	}
	const lighthouse, pelican = "/search?q=lighthouse", "/search?q=pelican&comments=1"
	f2.doc(t, "/") // the server's first day begins: everything kept before goes
	if got := hits(lighthouse); len(got) != 1 {
		t.Fatalf("lighthouse: %q, want the article", got)
	}
	if got := hits(pelican); len(got) != 0 {
		t.Fatalf("pelican: %q, want none", got)
	}
	// Written elsewhere, not yet heard of: the kept results stay.
	p := &burg.Post{SectionID: f.section.ID, Title: "A second lighthouse for the north quay", PosterID: f.poster.ID,
		PostedAt: now.Add(-10 * time.Minute), Body: "Brighter."}
	if err := f.store.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := f.store.CreateComment(ctx, &burg.Comment{PostID: f.old.ID, Nick: "Birder", Body: "A pelican on the dredger."}); err != nil {
		t.Fatal(err)
	}
	if got := hits(lighthouse); len(got) != 1 {
		t.Errorf("lighthouse changed without news: %q", got)
	}
	// A comment on a post not among the lighthouse's hits: the search
	// with comments goes, the other stays.
	b.Deliver(burg.Event{Kind: burg.EventComment, PostID: f.old.ID})
	if got := hits(pelican); len(got) != 1 || got[0] != f.old.Title {
		t.Errorf("pelican after the comment's news: %q, want %q", got, f.old.Title)
	}
	if got := hits(lighthouse); len(got) != 1 {
		t.Errorf("lighthouse changed on a comment elsewhere: %q", got)
	}
	// A comment on a post it shows (its count there changes): the
	// search is made again, and finds the post written elsewhere too.
	b.Deliver(burg.Event{Kind: burg.EventComment, PostID: f.article.ID})
	if got := hits(lighthouse); len(got) != 2 {
		t.Errorf("lighthouse after a comment on its hit: %q, want two hits", got)
	}
	// A post drops every search.
	hits(pelican) // kept again
	q := &burg.Post{SectionID: f.section.ID, Title: "Pelican colony returns to the breakwater", PosterID: f.poster.ID,
		PostedAt: now.Add(-5 * time.Minute), Body: "Noisy."}
	if err := f.store.CreatePost(ctx, q); err != nil {
		t.Fatal(err)
	}
	if got := hits(pelican); len(got) != 1 {
		t.Errorf("pelican changed without news: %q", got)
	}
	b.Deliver(burg.Event{Kind: burg.EventPost, PostID: q.ID})
	if got := hits(pelican); len(got) != 2 {
		t.Errorf("pelican after the post's news: %q, want two hits", got)
	}
}
