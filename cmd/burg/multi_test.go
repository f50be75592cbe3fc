package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/pgtest"
	"github.com/burg-news/burg/internal/sqlstore"
)

// postgresURL returns BURG_TEST_DATABASE_URL with a fresh schema of its
// own as the search path, dropped when the test ends.
func postgresURL(t *testing.T) string {
	t.Helper()
	return pgtest.URL(t, "the PostgreSQL tests")
}

// reader is one person's browser: a cookie jar of its own, used on every
// instance (the instances share the secret that signs the cookies).
type reader struct {
	t      *testing.T
	client *http.Client
}

func newReader(t *testing.T) *reader {
	jar, _ := cookiejar.New(nil)
	return &reader{t: t, client: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (r *reader) do(method, u string, form url.Values) (*http.Response, *goquery.Document) {
	r.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(r.t.Context(), method, u, body)
	if err != nil {
		r.t.Fatal(err)
	}
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := r.client.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	d, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		r.t.Fatal(err)
	}
	return resp, d
}

// comment posts a comment through the form of the instance at base.
func (r *reader) comment(base string, postID int64, nick, body string) int {
	r.t.Helper()
	resp, _ := r.send(base, postID, nick, body)
	return resp.StatusCode
}

// send opens the article's page on the instance at base, as a reader
// does, and sends its comment form filled in, with the form's token.
func (r *reader) send(base string, postID int64, nick, body string) (*http.Response, *goquery.Document) {
	r.t.Helper()
	path := base + "/posts/" + strconv.FormatInt(postID, 10)
	_, page := r.do(http.MethodGet, path, nil)
	token, _ := page.Find(`#comment-form input[name="ts"]`).Attr("value")
	return r.do(http.MethodPost, path+"/comments", url.Values{"name": {nick}, "body": {body}, "ts": {token}})
}

// commentCount reads the comment count of the edition's first headline.
func (r *reader) commentCount(base string) string {
	r.t.Helper()
	resp, d := r.do(http.MethodGet, base+"/", nil)
	if resp.StatusCode != http.StatusOK {
		r.t.Fatalf("GET %s/: %d", base, resp.StatusCode)
	}
	row := d.Find(".burg-headlines tr.burg-headline").First()
	if row.Length() == 0 {
		r.t.Fatalf("%s/ has no headline", base)
	}
	return strings.TrimSpace(row.Find(".burg-comment-count").Text())
}

// commentCountBecomes reads base's front page until its first headline
// counts want comments, and reports the last count read. A listing that
// counts a comment follows it within seconds (it is rendered anew at
// most once a second under writes); ten seconds is well short of the
// half minute after which any page is rendered anew, with or without
// news of writes.
func (r *reader) commentCountBecomes(base, want string) string {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := r.commentCount(base)
		if got == want || time.Now().After(deadline) {
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// seedSite stores the least the edition shows: a page, a section, a
// poster and one post of today.
func seedSite(t *testing.T, dsn string) *burg.Post {
	t.Helper()
	ctx := t.Context()
	s, err := sqlstore.Open(ctx, dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	page := &burg.Page{Name: "News", Slug: "news", Position: 1}
	if err := s.CreatePage(ctx, page); err != nil {
		t.Fatal(err)
	}
	sec := &burg.Section{PageID: page.ID, Name: "Europe", Slug: "europe"}
	if err := s.CreateSection(ctx, sec); err != nil {
		t.Fatal(err)
	}
	u := &burg.User{Nick: "Thimble Wick", Role: burg.RolePoster}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	p := &burg.Post{SectionID: sec.ID, PosterID: u.ID, Title: "Two instances, one harbour board",
		Body: "The board met twice.", PostedAt: time.Now()}
	if err := s.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	return p
}

// stream opens the live comment stream of a post and sends the data of
// each event on the channel it returns.
func stream(t *testing.T, u string) <-chan string {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("GET %s: %d %s", u, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	events := make(chan string, 16)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		var ev strings.Builder
		for sc.Scan() {
			line := sc.Text()
			if line == "" && ev.Len() > 0 {
				events <- ev.String()
				ev.Reset()
			} else if strings.HasPrefix(line, "data: ") {
				ev.WriteString(line + "\n")
			}
		}
	}()
	return events
}

// runCLI runs a burg subcommand and returns what it printed.
func runCLI(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut strings.Builder
	if err := run(t.Context(), args, func(string) string { return "" }, nil, &out, &errOut); err != nil {
		t.Fatalf("burg %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}

var banIDRE = regexp.MustCompile(`\(ban (\d+)\)`)

// TestTwoInstances runs two burg serve on one PostgreSQL schema, as two
// instances behind a load balancer, and shows that what one does the
// other knows: a comment made on A is on B's cached pages at once and in
// the live stream of a reader of B; a ban made from the command line
// holds on B, and so do the rate limits; the view counts of both add up
// when both shut down.
func TestTwoInstances(t *testing.T) {
	pg := postgresURL(t)
	post := seedSite(t, pg)
	// The fill time is tested with a clock of the tests' own
	// (internal/web); these servers keep the real one, so it is off.
	env := map[string]string{"BURG_DATABASE_URL": pg, "BURG_MIN_FILL": "0"}
	a := startServer(t, env, "--views-flush", "5s")
	b := startServer(t, env, "--views-flush", "5s")
	for _, srv := range []*server{a, b} {
		if !strings.Contains(srv.logs.String(), "store=postgres") {
			t.Fatalf("%s does not serve PostgreSQL:\n%s", srv.URL, srv.logs)
		}
	}
	articlePath := "/posts/" + strconv.FormatInt(post.ID, 10)
	writer, onlooker := newReader(t), newReader(t)

	// A comment on A: B's cached edition shows it within seconds, not
	// when the cache ages out.
	live := stream(t, b.URL+articlePath+"/live?after=0")
	if got := onlooker.commentCount(b.URL); got != "0" {
		t.Fatalf("B's edition before the comment shows %q comments", got)
	}
	if code := writer.comment(a.URL, post.ID, "Glolurong Jones1696", "Written on A."); code != http.StatusSeeOther {
		t.Fatalf("comment on A: %d\n%s", code, a.logs)
	}
	// The news reaches B as an event: its live readers get the comment,
	// woken by the same delivery that dropped B's cached pages first.
	select {
	case ev := <-live:
		if !strings.Contains(ev, "Glolurong Jones1696") || !strings.Contains(ev, "Written on A.") {
			t.Errorf("live event on B = %q", ev)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("a reader of B's live stream did not get the comment made on A within 20s")
	}
	if got := onlooker.commentCountBecomes(b.URL, "1"); got != "1" {
		t.Fatalf("B's edition shows %q comments once B has heard of the comment on A", got)
	}
	// And the other way round.
	if got := onlooker.commentCountBecomes(a.URL, "1"); got != "1" {
		t.Fatalf("A's edition shows %q comments before the comment on B", got)
	}
	liveA := stream(t, a.URL+articlePath+"/live?after=0")
	if code := writer.comment(b.URL, post.ID, "Glolurong Jones1696", "Written on B."); code != http.StatusSeeOther {
		t.Fatalf("comment on B: %d", code)
	}
	deadline := time.After(20 * time.Second)
	for heard := false; !heard; {
		select {
		case ev := <-liveA:
			heard = strings.Contains(ev, "Written on B.")
		case <-deadline:
			t.Fatal("a reader of A's live stream did not get the comment made on B within 20s")
		}
	}
	if got := onlooker.commentCountBecomes(a.URL, "2"); got != "2" {
		t.Fatalf("A's edition shows %q comments once A has heard of the comment on B", got)
	}

	// A ban made from the command line, as on instance A's machine,
	// holds on B at once; lifting it does too.
	out := runCLI(t, "ban", "add", "--database-url", pg, "--nick", "Troll King", "--for", "1h", "--reason", "Trolling.")
	m := banIDRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("ban add printed %q", out)
	}
	troll := newReader(t)
	resp, d := troll.send(b.URL, post.ID, "TROLL KING", "Ha!")
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("banned nick on B: %d, want 403", resp.StatusCode)
	}
	if msg := d.Find(".burg-form-error").Text(); !strings.Contains(msg, "not posted") || strings.Contains(msg, "Trolling") {
		t.Errorf("banned commenter told %q", msg)
	}
	if list := runCLI(t, "ban", "list", "--database-url", pg); !strings.Contains(list, "Troll King") || !strings.Contains(list, "Trolling.") {
		t.Errorf("ban list:\n%s", list)
	}
	runCLI(t, "ban", "remove", m[1], "--database-url", pg)
	if code := troll.comment(b.URL, post.ID, "Troll King", "Reformed."); code != http.StatusSeeOther {
		t.Fatalf("after the ban was lifted: %d", code)
	}

	// Rate limits count the comments made through either instance: five
	// a minute from one address (this test's three so far, all from
	// 127.0.0.1).
	for i, base := range []string{a.URL, b.URL} {
		if code := writer.comment(base, post.ID, "Glolurong Jones1696", fmt.Sprintf("Point %d.", i)); code != http.StatusSeeOther {
			t.Fatalf("comment %d: %d", i+4, code)
		}
	}
	for _, base := range []string{a.URL, b.URL} {
		if code := writer.comment(base, post.ID, "Glolurong Jones1696", "One too many."); code != http.StatusTooManyRequests {
			t.Errorf("sixth comment in a minute on %s: %d, want 429", base, code)
		}
	}

	// Views counted by both instances add up once both have shut down.
	// Each of seven readers opens the article twice on one instance: a
	// reader counts once an hour on each.
	for i := range 7 {
		base := a.URL
		if i%2 == 1 {
			base = b.URL
		}
		reader := newReader(t)
		for range 2 {
			if resp, _ := reader.do(http.MethodGet, base+articlePath, nil); resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s%s: %d", base, articlePath, resp.StatusCode)
			}
		}
	}
	for _, srv := range []*server{a, b} {
		if err := srv.stop(); err != nil {
			t.Fatalf("%s stopped with %v\n%s", srv.URL, err, srv.logs)
		}
	}
	s, err := sqlstore.Open(t.Context(), pg, sqlstore.Options{NoMigrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.FindPost(t.Context(), post.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The commenters opened the article before commenting, as readers
	// do: the writer once on each instance, the troll on B.
	if got.Views != 10 {
		t.Errorf("views after both instances stopped: %d, want 10 (4 readers and the writer from A; 3 readers, the writer and the troll from B)", got.Views)
	}
	if got.CommentCount != 5 {
		t.Errorf("comments: %d, want 5", got.CommentCount)
	}
}
