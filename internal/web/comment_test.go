package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	burg "github.com/burg-news/burg"
)

// browser is an HTTP client with its own cookies, like one reader's
// browser.
type browser struct {
	t      *testing.T
	f      *fixture
	client *http.Client
}

func (f *fixture) browser(t *testing.T) *browser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, f: f, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) do(method, path string, form url.Values) (*http.Response, *goquery.Document) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(b.t.Context(), method, b.f.srv.URL+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	d, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return resp, d
}

// comment posts a comment as a person does: it opens the article's
// page, takes a moment over the form (the clock moves on by the minimum
// fill time) and sends it with the form's token. extra are more fields,
// which may replace the token.
func (b *browser) comment(postID int64, name, text string, extra ...string) (*http.Response, *goquery.Document) {
	b.t.Helper()
	form := url.Values{"name": {name}, "body": {text}, "ts": {b.formToken(postID)}}
	for i := 0; i+1 < len(extra); i += 2 {
		form.Set(extra[i], extra[i+1])
	}
	return b.do(http.MethodPost, "/posts/"+strconv.FormatInt(postID, 10)+"/comments", form)
}

// minFill is the minimum fill time of the tests' server.
const minFill = 2 * time.Second

// formToken opens a post's page as the browser and returns its comment
// form's token ("" when the page has no form), once the minimum fill
// time has passed on the test clock.
func (b *browser) formToken(postID int64) string {
	b.t.Helper()
	_, d := b.do(http.MethodGet, "/posts/"+strconv.FormatInt(postID, 10), nil)
	token, _ := d.Find(`#comment-form input[name="ts"]`).Attr("value")
	b.f.clock.Advance(minFill)
	return token
}

func (f *fixture) articlePath() string { return "/posts/" + strconv.FormatInt(f.article.ID, 10) }

func text(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

func TestCommentPostAndShow(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	resp, _ := b.comment(f.article.ID, "  Glolurong   Jones1696 ", "First! [b]Bold[/b] <script>alert(1)</script>",
		"email", "glo@example.org", "website", "glolurong.example")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d, want 303", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	if !strings.HasPrefix(loc, "/posts/"+strconv.FormatInt(f.article.ID, 10)+"/"+f.article.Slug+"#c") {
		t.Fatalf("Location = %q", loc)
	}
	anchor := loc[strings.Index(loc, "#")+1:]
	_, d := b.do(http.MethodGet, f.articlePath(), nil)
	c := d.Find("#comments .p-comment.h-entry#" + anchor)
	if c.Length() != 1 {
		t.Fatalf("comment %s not on the page", anchor)
	}
	if got := text(c.Find(".burg-num")); got != "#1" {
		t.Errorf(".burg-num = %q", got)
	}
	if got := text(c.Find(".p-author")); got != "Glolurong Jones1696" {
		t.Errorf(".p-author = %q (name not cleaned?)", got)
	}
	if href, _ := c.Find("a.p-author").Attr("href"); href != "https://glolurong.example" {
		t.Errorf("nick links to %q", href)
	}
	if rel, _ := c.Find("a.p-author").Attr("rel"); !strings.Contains(rel, "nofollow") || !strings.Contains(rel, "ugc") {
		t.Errorf("website rel = %q", rel)
	}
	if c.Find(".e-content strong").Length() != 1 || c.Find(".e-content script").Length() != 0 {
		t.Errorf("body rendered wrong: %s", must(c.Find(".e-content").Html()))
	}
	if !strings.Contains(text(c.Find(".e-content")), "<script>alert(1)</script>") {
		t.Error("typed HTML is not shown as text")
	}
	if dt, _ := c.Find("time.dt-published").Attr("datetime"); dt != "2026-03-14T15:30:02Z" { // the fill time on
		t.Errorf("dt-published = %q", dt)
	}
	if !strings.Contains(text(c.Find(".burg-byline")), "Posted by: Glolurong Jones1696 || 2026-03-14 15:30") {
		t.Errorf("byline = %q", text(c.Find(".burg-byline")))
	}
	if got := text(d.Find(".burg-visitor-count")); got != "You have commented 1 time on Burg Test." {
		t.Errorf("visitor count = %q", got)
	}
	if nick, _ := d.Find("#burg-me").Attr("data-nick"); nick != "Glolurong Jones1696" {
		t.Errorf("My Original Nic = %q", nick)
	}
	// Counters everywhere: the headlines, the rail, the site counter,
	// once the pages that list comments have caught up (within seconds).
	f.clock.Advance(5 * time.Second)
	_, home := b.do(http.MethodGet, "/", nil)
	row := home.Find(".burg-headline").First()
	if got := text(row.Find(".burg-comment-count")); got != "1" {
		t.Errorf("headline comment count = %q", got)
	}
	if got := text(row.Find(".burg-last-comment")); got != "15:30 Glolurong Jones1696" {
		t.Errorf("headline latest comment = %q", got)
	}
	if got := text(home.Find(".burg-latest li")); got != "15:30 Glolurong Jones1696 on "+f.article.Title {
		t.Errorf("rail latest comments = %q", got)
	}
	if !strings.Contains(text(home.Find(".burg-site-counter")), "Today: 3 articles and 1 comments") {
		t.Errorf("site counter = %q", text(home.Find(".burg-site-counter")))
	}
	// Numbering goes on per article.
	f.clock.Advance(time.Minute)
	b.comment(f.article.ID, "Glolurong Jones1696", "Second thoughts.")
	_, d = b.do(http.MethodGet, f.articlePath(), nil)
	if got := text(d.Find(".burg-num").Last()); got != "#2" {
		t.Errorf("second comment numbered %q", got)
	}
}

func TestCommentBadInput(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	for _, tc := range []struct {
		name, nick, body string
		extra            []string
		status           int
		msg              string
	}{
		{"NoName", "   ", "Hello", nil, 422, "name"},
		{"NameTooLong", strings.Repeat("x", 41), "Hello", nil, 422, "40"},
		{"ControlChars", "Bad\x07Nick", "Hello", nil, 422, "control"},
		{"EmptyBody", "Someone", "  \n ", nil, 422, "empty"},
		{"BodyTooLong", "Someone", strings.Repeat("y", 10001), nil, 422, "10000"},
		{"BadEmail", "Someone", "Hello", []string{"email", "not-an-address"}, 422, "e-mail"},
		{"BadWebsite", "Someone", "Hello", []string{"website", "javascript:alert(1)"}, 422, "website"},
		{"ReservedNick", "gorse", "Hello", nil, 422, "registered member"},
		{"LookAlikeNick", "G0rse", "Hello", nil, 422, "registered member"},
		{"CyrillicLookAlike", "Gоrse", "Hello", nil, 422, "registered member"},
		{"Honeypot", "Someone", "Hello", []string{"fax", "555-1234"}, 422, "spam"},
		{"ForgedToken", "Someone", "Hello", []string{"ts", "1.abc"}, 422, "damaged"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, d := b.comment(f.article.ID, tc.nick, tc.body, tc.extra...)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if msg := text(d.Find(".burg-form-error")); !strings.Contains(msg, tc.msg) {
				t.Errorf("message %q lacks %q", msg, tc.msg)
			}
			// The form comes back with what was typed.
			if got, _ := d.Find(`#comment-form textarea[name="body"]`).Html(); tc.body != "" && strings.TrimSpace(got) == "" && strings.TrimSpace(tc.body) != "" {
				t.Errorf("body not kept")
			}
			if got, _ := d.Find(`#comment-form input[name="name"]`).Attr("value"); got != tc.nick {
				t.Errorf("name came back as %q, want %q", got, tc.nick)
			}
		})
	}
	// Nothing was stored.
	cs, err := f.store.FindComments(t.Context(), f.article.ID)
	if err != nil || len(cs) != 0 {
		t.Fatalf("stored %d comments (%v), want 0", len(cs), err)
	}
	// Unknown and malformed posts.
	for _, path := range []string{"/posts/999999/comments", "/posts/abc/comments"} {
		resp, _ := b.do(http.MethodPost, path, url.Values{"name": {"A"}, "body": {"B"}})
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s: %d, want 404", path, resp.StatusCode)
		}
	}
}

func TestCommentTooFast(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	_, d := b.do(http.MethodGet, f.articlePath(), nil)
	ts, _ := d.Find(`input[name="ts"]`).Attr("value")
	resp, d := b.do(http.MethodPost, f.articlePath()+"/comments", url.Values{"name": {"Quick"}, "body": {"Robot text"}, "ts": {ts}})
	if resp.StatusCode != 422 || !strings.Contains(text(d.Find(".burg-form-error")), "quick") {
		t.Fatalf("instant post: %d %q", resp.StatusCode, text(d.Find(".burg-form-error")))
	}
	// The form comes back with a token of the time it was first served,
	// so that the time spent on it counts.
	again, _ := d.Find(`#comment-form input[name="ts"]`).Attr("value")
	f.clock.Advance(5 * time.Second)
	resp, d = b.do(http.MethodPost, f.articlePath()+"/comments", url.Values{"name": {"Quick"}, "body": {"Human text"}, "ts": {again}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("post after 5s: %d %q", resp.StatusCode, text(d.Find(".burg-form-error")))
	}
}

func TestCommentsClosed(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	// The old post is 72 hours old: open under the 7-day default.
	f.clock.Advance(5 * 24 * time.Hour) // now 8 days
	resp, d := b.comment(f.old.ID, "Latecomer", "Anyone still here?")
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("status %d, want 403", resp.StatusCode)
	}
	if got := text(d.Find(".burg-closed")); got != "Sorry. Comments have been closed on this article." {
		t.Errorf(".burg-closed = %q", got)
	}
	if d.Find("form#comment-form").Length() != 0 {
		t.Error("closed article still shows the form")
	}
	cs, _ := f.store.FindComments(t.Context(), f.old.ID)
	if len(cs) != 0 {
		t.Fatalf("stored %d comments on a closed article", len(cs))
	}
	// A per-article override reopens it, decided at read time.
	later := f.clock.Now().Add(24 * time.Hour)
	p, err := f.store.FindPost(t.Context(), f.old.ID)
	if err != nil {
		t.Fatal(err)
	}
	p.CommentsCloseAt = &later
	if err := f.store.UpdatePost(t.Context(), p, burg.PostChange{UserID: f.mod.ID, Action: burg.ActionReopened}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Minute) // the store was written behind the server's back: its copy of the post goes stale
	// The page the reader has open still says closed (nothing told the
	// server's caches); the form they send is taken all the same, with a
	// token from any page that served one.
	token := b.formToken(f.article.ID)
	if resp, d := b.do(http.MethodPost, "/posts/"+strconv.FormatInt(f.old.ID, 10)+"/comments",
		url.Values{"name": {"Latecomer"}, "body": {"Anyone still here?"}, "ts": {token}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("after reopening: %d %q", resp.StatusCode, text(d.Find(".burg-form-error")))
	}
}

func TestDoubleSubmitMakesOneComment(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	r1, _ := b.comment(f.article.ID, "Twice", "Same words")
	f.clock.Advance(10 * time.Second)
	r2, _ := b.comment(f.article.ID, "Twice", "Same words")
	if r1.Header.Get("Location") != r2.Header.Get("Location") {
		t.Errorf("double submit went to %q and %q", r1.Header.Get("Location"), r2.Header.Get("Location"))
	}
	cs, _ := f.store.FindComments(t.Context(), f.article.ID)
	if len(cs) != 1 {
		t.Fatalf("%d comments after a double submit, want 1", len(cs))
	}
	// Another browser saying the same is another comment.
	f.browser(t).comment(f.article.ID, "Other", "Same words")
	cs, _ = f.store.FindComments(t.Context(), f.article.ID)
	if len(cs) != 2 {
		t.Fatalf("%d comments, want 2", len(cs))
	}
}

func TestCommentRateLimit(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	for i := range 5 {
		if resp, _ := b.comment(f.article.ID, "Chatty", fmt.Sprintf("Point %d", i)); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("comment %d: %d", i, resp.StatusCode)
		}
	}
	resp, d := b.comment(f.article.ID, "Chatty", "Point 6")
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("sixth comment in a minute: %d, want 429", resp.StatusCode)
	}
	if text(d.Find(".burg-form-error")) == "" || d.Find(`textarea[name="body"]`).Text() != "Point 6" {
		t.Error("429 does not give the form back with a message")
	}
	f.clock.Advance(61 * time.Second)
	if resp, _ := b.comment(f.article.ID, "Chatty", "Point 6"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("after a minute: %d", resp.StatusCode)
	}
}

func TestNickButtonsWithoutJS(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	// Pic-a-Nic: the form comes back with a fresh nick and what was typed.
	resp, d := b.comment(f.article.ID, "", "Draft text", "action", "pic")
	name, _ := d.Find(`input[name="name"]`).Attr("value")
	if resp.StatusCode != 200 || !regexpNick.MatchString(name) {
		t.Fatalf("Pic-a-Nic: %d, name %q", resp.StatusCode, name)
	}
	if d.Find(`textarea[name="body"]`).Text() != "Draft text" {
		t.Error("Pic-a-Nic lost the draft")
	}
	// My Original Nic before any comment: a message, no nick.
	_, d = b.comment(f.article.ID, "", "Draft", "action", "original")
	if !strings.Contains(text(d.Find(".burg-form-error")), "not commented") {
		t.Errorf("original nic with no history: %q", text(d.Find(".burg-form-error")))
	}
	b.comment(f.article.ID, name, "Now I have a history.")
	_, d = b.comment(f.article.ID, "Someone Else", "Draft", "action", "original")
	if got, _ := d.Find(`input[name="name"]`).Attr("value"); got != name {
		t.Errorf("My Original Nic = %q, want %q", got, name)
	}
	// Nothing extra was stored by the buttons.
	cs, _ := f.store.FindComments(t.Context(), f.article.ID)
	if len(cs) != 1 {
		t.Errorf("%d comments, want 1", len(cs))
	}
	// The JSON endpoint for the JS button.
	resp2, body := f.get(t, "/nick")
	var got struct{ Nick string }
	if err := json.Unmarshal([]byte(body), &got); err != nil || resp2.StatusCode != 200 || !regexpNick.MatchString(got.Nick) {
		t.Errorf("/nick = %d %q", resp2.StatusCode, body)
	}
	// Without JS the form suggests a nick.
	_, d = f.browser(t).do(http.MethodGet, f.articlePath(), nil)
	if text(d.Find(".burg-suggest")) == "" {
		t.Error("no nick suggested to a new visitor")
	}
}

func TestPreview(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	resp, d := b.comment(f.article.ID, "Previewer", "[i]draft[/i]", "action", "preview")
	if resp.StatusCode != 200 || d.Find(".burg-preview em").Length() != 1 {
		t.Fatalf("preview: %d %s", resp.StatusCode, must(d.Find(".burg-preview").Html()))
	}
	cs, _ := f.store.FindComments(t.Context(), f.article.ID)
	if len(cs) != 0 {
		t.Fatal("preview stored a comment")
	}
	// The live preview endpoint.
	r, err := http.PostForm(f.srv.URL+"/preview", url.Values{"body": {"[b]x[/b] <img src=x onerror=alert(1)>"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if !strings.Contains(string(body), "<strong>x</strong>") || strings.Contains(string(body), "<img") {
		t.Errorf("/preview = %q", body)
	}
}

func TestOwnEdits(t *testing.T) {
	f := newFixture(t)
	b := f.browser(t)
	resp, _ := b.comment(f.article.ID, "Editor", "Teh typo")
	loc := resp.Header.Get("Location")
	id := loc[strings.Index(loc, "#c")+2:]
	_, d := b.do(http.MethodGet, f.articlePath(), nil)
	if d.Find("#c"+id+" a.burg-edit").Length() != 1 {
		t.Fatal("no edit link on one's own comment")
	}
	// Someone else can neither see the link nor edit.
	other := f.browser(t)
	_, d = other.do(http.MethodGet, f.articlePath(), nil)
	if d.Find("a.burg-edit").Length() != 0 {
		t.Error("edit link shown to another visitor")
	}
	if resp, _ := other.do(http.MethodPost, "/comments/"+id+"/edit", url.Values{"body": {"hijack"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("other visitor's edit: %d, want 403", resp.StatusCode)
	}
	// The writer edits; the old text is kept.
	if resp, _ := b.do(http.MethodGet, "/comments/"+id+"/edit", nil); resp.StatusCode != 200 {
		t.Fatalf("edit form: %d", resp.StatusCode)
	}
	if resp, _ := b.do(http.MethodPost, "/comments/"+id+"/edit", url.Values{"body": {""}}); resp.StatusCode != 422 {
		t.Errorf("empty edit: %d, want 422", resp.StatusCode)
	}
	if resp, _ := b.do(http.MethodPost, "/comments/"+id+"/edit", url.Values{"body": {"The typo"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", resp.StatusCode)
	}
	cid, _ := strconv.ParseInt(id, 10, 64)
	revs, err := f.store.FindCommentRevisions(t.Context(), cid)
	if err != nil || len(revs) != 1 || revs[0].Body != "Teh typo" {
		t.Fatalf("revisions = %+v, %v", revs, err)
	}
	_, d = b.do(http.MethodGet, f.articlePath(), nil)
	if got := text(d.Find("#c" + id + " .e-content")); got != "The typo" {
		t.Errorf("edited text = %q", got)
	}
	// After 15 minutes, no more.
	f.clock.Advance(16 * time.Minute)
	if resp, _ := b.do(http.MethodPost, "/comments/"+id+"/edit", url.Values{"body": {"late"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("late edit: %d, want 403", resp.StatusCode)
	}
	// Delete within the window.
	resp, _ = b.comment(f.article.ID, "Editor", "Regrettable")
	loc = resp.Header.Get("Location")
	id = loc[strings.Index(loc, "#c")+2:]
	if resp, _ := b.do(http.MethodPost, "/comments/"+id+"/delete", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	_, d = b.do(http.MethodGet, f.articlePath(), nil)
	if !strings.Contains(text(d.Find("#c"+id)), "removed") || strings.Contains(text(d.Find("#c"+id)), "Regrettable") {
		t.Errorf("deleted comment shows %q", text(d.Find("#c"+id)))
	}
	if got := text(d.Find(".burg-comment-total")); got != "1" {
		t.Errorf("comment total after delete = %q, want 1", got)
	}
}

// returningReader makes a reader who visited the article two hours ago,
// after a writer's first comment on it, and that writer.
func returningReader(t *testing.T, f *fixture) (reader, writer *browser) {
	t.Helper()
	reader, writer = f.browser(t), f.browser(t)
	writer.comment(f.article.ID, "Early Bird", "Before the reader came.")
	reader.do(http.MethodGet, f.articlePath(), nil) // first visit: gets a cookie
	reader.do(http.MethodGet, f.articlePath(), nil) // a visit is remembered
	if err := f.visits.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(2 * time.Hour)
	return reader, writer
}

func TestNewSinceLastVisit(t *testing.T) {
	f := newFixture(t)
	reader, writer := returningReader(t, f)
	writer.comment(f.article.ID, "Late Owl", "After the reader left.")
	reader.do(http.MethodGet, f.articlePath(), nil) // a new visit starts
	if err := f.visits.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	// The shared page follows the comment within seconds.
	f.clock.Advance(5 * time.Second)
	_, d := reader.do(http.MethodGet, f.articlePath(), nil)
	// The page says how many are new and links to the first; the reader's
	// previous visit is on the page for the script that marks each one.
	late := d.Find(".p-comment").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return text(s.Find(".p-author")) == "Late Owl"
	})
	lateID, _ := late.Attr("id")
	link := d.Find(".burg-new-since a")
	if href, _ := link.Attr("href"); href != "#"+lateID || text(link) != "1 new comment" {
		t.Errorf("new since last visit: %q to %q, want 1 new comment to #%s", text(link), href, lateID)
	}
	prev, _ := strconv.ParseInt(d.Find("#burg-me").AttrOr("data-prev", ""), 10, 64)
	for _, c := range []*goquery.Selection{late, d.Find(".p-comment").First()} {
		at, _ := strconv.ParseInt(c.AttrOr("data-t", ""), 10, 64)
		if isNew := at > prev; isNew != (c.AttrOr("id", "") == lateID) {
			t.Errorf("comment %s at %d against the previous visit %d: new = %v", c.AttrOr("id", ""), at, prev, isNew)
		}
	}
}

func TestLongThread(t *testing.T) {
	f := newFixture(t)
	for i := range 1000 {
		c := &burg.Comment{PostID: f.article.ID, Nick: "Reader" + strconv.Itoa(i), Body: "Comment number " + strconv.Itoa(i)}
		if err := f.store.CreateComment(t.Context(), c); err != nil {
			t.Fatal(err)
		}
	}
	_, d := f.browser(t).do(http.MethodGet, f.articlePath(), nil)
	if got := d.Find("#comments .p-comment").Length(); got != 1000 {
		t.Fatalf("%d comments rendered, want 1000", got)
	}
	if got := text(d.Find(".burg-num").Last()); got != "#1000" {
		t.Errorf("last number %q", got)
	}
}

func TestLiveComments(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, f.srv.URL+f.articlePath()+"/live?after=0", nil)
	req.Header.Set("Accept-Encoding", "gzip") // the stream must not be buffered by compression
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" || resp.Header.Get("Content-Encoding") != "" {
		t.Fatalf("Content-Type %q, Content-Encoding %q", ct, resp.Header.Get("Content-Encoding"))
	}
	events := make(chan string, 4)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		var ev strings.Builder
		for sc.Scan() {
			line := sc.Text()
			if line == "" && ev.Len() > 0 {
				events <- ev.String()
				ev.Reset()
				continue
			}
			if strings.HasPrefix(line, "data: ") || strings.HasPrefix(line, "id: ") {
				ev.WriteString(line + "\n")
			}
		}
		close(events)
	}()
	post, _ := f.browser(t).comment(f.article.ID, "Live Wire", "Hot off the press")
	if post.StatusCode != http.StatusSeeOther {
		t.Fatalf("comment: %d", post.StatusCode)
	}
	select {
	case ev := <-events:
		if !strings.Contains(ev, "Live Wire") || !strings.Contains(ev, `class="p-comment h-entry`) || !strings.HasPrefix(ev, "id: ") {
			t.Errorf("event = %q", ev)
		}
	case <-ctx.Done():
		t.Fatal("no live event within 10s")
	}
	// A bad resume point is a 400, not a stream.
	r, body := f.get(t, f.articlePath()+"/live?after=x")
	if r.StatusCode != 400 {
		t.Errorf("after=x: %d %s", r.StatusCode, body)
	}
}
