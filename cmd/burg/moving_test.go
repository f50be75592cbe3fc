package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/sqlstore"
)

// runCmd runs burg with args and returns what it printed.
func runCmd(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(t.Context(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errOut)
	return out.String() + errOut.String(), err
}

func mustRun(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	out, err := runCmd(t, stdin, args...)
	if err != nil {
		t.Fatalf("burg %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func openStore(t *testing.T, dsn string) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(t.Context(), dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestBackupUnderLoad backs the database up while readers post comments
// to the running server, restores the backup into a new place, serves it,
// and finds there every comment acknowledged before the backup began.
func TestBackupUnderLoad(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "burg.db")
	post := seedSite(t, db)
	srv := startServer(t, nil, "--db", db, "--trusted-proxies", "127.0.0.1", "--min-fill", "0", "--comment-limit", "off")
	articleURL := srv.URL + "/posts/" + strconv.FormatInt(post.ID, 10)

	type acked struct {
		nick string
		at   time.Time
	}
	var mu sync.Mutex
	var acks []acked
	var n atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for w := range 3 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				k := n.Add(1)
				nick := fmt.Sprintf("Writer%d-%d", w, i)
				// Each comment is sent from the form its page served, as a
				// reader sends it.
				token, err := formTokenAt(client, articleURL)
				if err != nil {
					t.Error(err)
					return
				}
				form := url.Values{"name": {nick}, "body": {"Load comment " + strconv.FormatInt(k, 10)}, "ts": {token}}
				req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost,
					srv.URL+"/posts/"+strconv.FormatInt(post.ID, 10)+"/comments", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				// A browser's, or the spam rules hold the comments of a robot.
				req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0")
				// Each comment from an address of its own, so that the rate
				// limits per address leave the load alone.
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", w, (k>>8)&255, k&255))
				resp, err := client.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusSeeOther {
					t.Errorf("comment %s: status %d", nick, resp.StatusCode)
					return
				}
				mu.Lock()
				acks = append(acks, acked{nick, time.Now()})
				mu.Unlock()
			}
		})
	}
	// Let the writers get going, then back up while they write.
	for deadline := time.Now().Add(2 * time.Minute); ; {
		mu.Lock()
		got := len(acks)
		mu.Unlock()
		if got >= 30 {
			break
		}
		if t.Failed() || time.Now().After(deadline) {
			close(stop)
			wg.Wait()
			t.Fatalf("the writers stopped after %d comments", got)
		}
		time.Sleep(10 * time.Millisecond)
	}
	backup := filepath.Join(dir, "backup.db")
	began := time.Now()
	out := mustRun(t, "", "backup", "--db", db, backup)
	time.Sleep(50 * time.Millisecond) // a few more comments after it
	close(stop)
	wg.Wait()
	if !strings.Contains(out, "integrity ok") {
		t.Errorf("backup said %q", out)
	}
	var before []string
	for _, a := range acks {
		if a.at.Before(began) {
			before = append(before, a.nick)
		}
	}
	if len(before) < 30 {
		t.Fatalf("only %d comments acknowledged before the backup", len(before))
	}

	// While the server runs, restoring over its database is refused.
	if out, err := runCmd(t, "", "restore", "--db", db, backup); err == nil || !strings.Contains(err.Error(), "a server is using") {
		t.Errorf("restore over a running server: %v\n%s", err, out)
	}
	srv.stop()

	restored := filepath.Join(dir, "restored.db")
	out = mustRun(t, "", "restore", "--db", restored, backup)
	if !strings.Contains(out, "integrity ok") {
		t.Errorf("restore said %q", out)
	}
	srv2 := startServer(t, nil, "--db", restored)
	code, body := get(t, srv2.URL+"/posts/"+strconv.FormatInt(post.ID, 10))
	if code != http.StatusOK {
		t.Fatalf("article on the restored site: %d", code)
	}
	for _, nick := range before {
		if !strings.Contains(body, ">"+nick+"<") {
			t.Errorf("comment by %s, acknowledged before the backup, is not on the restored site", nick)
		}
	}
	t.Logf("%d comments acknowledged before the backup, %d in all", len(before), len(acks))
}

// TestRestoreRefusesDamage: a file that is not a sound database is
// refused, and the database stays as it was.
func TestRestoreRefusesDamage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "burg.db")
	seedSite(t, db)
	bad := filepath.Join(dir, "bad.db")
	if err := os.WriteFile(bad, []byte("SQLite format 3\x00 but not really"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runCmd(t, "", "restore", "--db", db, bad)
	if err == nil || !strings.Contains(err.Error(), "not a sound Burg database") {
		t.Errorf("got %v\n%s", err, out)
	}
	s := openStore(t, db)
	if _, n, err := s.FindPosts(t.Context(), burg.PostFilter{}); err != nil || n != 1 {
		t.Errorf("after a refused restore: %d posts, %v", n, err)
	}
}

// exportSite runs burg export and returns the file.
func exportSite(t *testing.T, dbArgs ...string) []byte {
	t.Helper()
	file := filepath.Join(t.TempDir(), "site.jsonl")
	mustRun(t, "", append(append([]string{"export"}, dbArgs...), file)...)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// demoSite makes an SQLite site with the demo content, a snapshot, an
// imported thread and a ban, so that every kind of record is exported.
func demoSite(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "burg.db")
	srv := startServer(t, nil, "--db", db, "--demo")
	srv.stop()
	mustRun(t, "", "import", "wxr", "--db", db, filepath.Join("..", "..", "internal", "app", "testdata", "harbour.xml"))
	mustRun(t, "", "ban", "add", "--db", db, "--nick", "Spammer", "--for", "30d", "--reason", "links")
	s := openStore(t, db)
	posts, _, err := s.FindPosts(t.Context(), burg.PostFilter{Limit: 1})
	if err != nil || len(posts) == 0 {
		t.Fatal(err)
	}
	sn := &burg.Snapshot{PostID: posts[0].ID, URL: "https://news.example/a", FetchedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Status: 200, ContentType: "text/html", Title: "A", Text: "Text.", Raw: []byte{0x1f, 0x8b, 0, 1, 2, 255}, RawSize: 6}
	if err := s.CreateSnapshot(t.Context(), sn); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestExportRoundTrip exports a site, imports the file into an empty
// database and exports that: the two files are the same bytes. With
// PostgreSQL (BURG_TEST_DATABASE_URL) the trip goes SQLite → file →
// PostgreSQL → file; without, SQLite → file → SQLite → file.
func TestExportRoundTrip(t *testing.T) {
	db := demoSite(t)
	first := exportSite(t, "--db", db)
	lines := bytes.Count(first, []byte("\n"))
	for _, typ := range []string{"page", "section", "user", "tag", "tag_alias", "swap", "post", "post_tag", "remark",
		"comment", "visitor", "ban", "snapshot", "import"} {
		if !bytes.Contains(first, []byte(`{"type":"`+typ+`"`)) {
			t.Errorf("the export has no %s record", typ)
		}
	}
	if bytes.Contains(first, []byte("signing_secret")) || bytes.Contains(first, []byte("argon2")) {
		t.Errorf("the export holds secrets without --with-secrets")
	}
	target := []string{"--db", filepath.Join(t.TempDir(), "target.db")}
	if os.Getenv("BURG_TEST_DATABASE_URL") != "" || os.Getenv("CI") == "true" {
		target = []string{"--database-url", postgresURL(t)}
	} else {
		t.Log("BURG_TEST_DATABASE_URL is not set: the round trip goes to SQLite, not PostgreSQL")
	}
	file := filepath.Join(t.TempDir(), "first.jsonl")
	if err := os.WriteFile(file, first, 0o644); err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, "", append(append([]string{"import", "burg"}, target...), file)...)
	if !strings.Contains(out, "imported "+strconv.Itoa(lines-2)+" records") {
		t.Errorf("import said %q, the file has %d lines", out, lines)
	}
	second := exportSite(t, target...)
	if !bytes.Equal(first, second) {
		a, b := strings.Split(string(first), "\n"), strings.Split(string(second), "\n")
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Fatalf("the files differ at line %d:\n%s\n%s", i+1, burg.Clip(a[i], 300), burg.Clip(b[i], 300))
			}
		}
		t.Fatalf("the files differ in length: %d and %d lines", len(a), len(b))
	}
	// Importing into a database that holds a site is refused.
	if out, err := runCmd(t, "", append(append([]string{"import", "burg"}, target...), file)...); err == nil ||
		!strings.Contains(err.Error(), "holds a site already") {
		t.Errorf("second import: %v\n%s", err, out)
	}
}

// TestImportBurgCutShort: a file cut short is refused with its line, and
// nothing of it is stored.
func TestImportBurgCutShort(t *testing.T) {
	db := demoSite(t)
	full := exportSite(t, "--db", db)
	cut := full[:len(full)*2/3]
	cut = cut[:bytes.LastIndexByte(cut, '\n')+1]
	file := filepath.Join(t.TempDir(), "cut.jsonl")
	if err := os.WriteFile(file, cut, 0o644); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "target.db")
	out, err := runCmd(t, "", "import", "burg", "--db", target, file)
	if err == nil || !strings.Contains(err.Error(), "cut short") || !strings.Contains(err.Error(), "Nothing was imported") {
		t.Fatalf("got %v\n%s", err, out)
	}
	s := openStore(t, target)
	if pages, err := s.FindPages(t.Context()); err != nil || len(pages) != 0 {
		t.Errorf("after a refused import: %d pages, %v", len(pages), err)
	}
}

// articlePage is a news page written for these tests.
const articlePage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Lighthouse keepers vote to stay | Coast Courier</title>
<meta property="og:title" content="Lighthouse keepers vote to stay">
<meta property="og:site_name" content="Coast Courier">
</head><body><article><h1>Lighthouse keepers vote to stay</h1>
<p>The keepers of the northern lighthouse voted on Tuesday to stay at their posts through the winter storms, turning down the offer of a transfer inland.</p>
<p>Their union said the vote was unanimous and that the lamps would be kept lit every night of the season, whatever the weather brings.</p>
<p>The harbour master welcomed the decision and promised new oil for the lamps before the first gale.</p>
<script>document.write("never run")</script>
</article></body></html>`

// TestSnapshotOfFetchedPage publishes a post from a page the posting
// desk fetched from a test server: the post keeps a snapshot and offers
// the archived copy, sandboxed; once the server is gone, burg snapshots
// check marks the source dead and the title leads to the copy.
func TestSnapshotOfFetchedPage(t *testing.T) {
	source := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, articlePage)
	}))
	dir := t.TempDir()
	db := filepath.Join(dir, "burg.db")
	warcs := filepath.Join(dir, "warc")
	mustRun(t, "a long poster password\n", "user", "add", "--db", db, "--nick", "Keeper", "--role", "poster", "--password-stdin")
	srv := startServer(t, nil, "--db", db, "--demo", "--allow-private-fetch", "--warc-dir", warcs)
	s := openStore(t, db)
	secs, err := s.FindSections(t.Context())
	if err != nil || len(secs) == 0 {
		t.Fatal(err)
	}
	r := newReader(t)
	if resp, _ := r.do(http.MethodPost, srv.URL+"/login", url.Values{"nick": {"Keeper"}, "password": {"a long poster password"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	page := source.URL + "/news/lighthouse"
	resp, d := r.do(http.MethodPost, srv.URL+"/submit", url.Values{"action": {"fetch"}, "url": {page}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("fetch: %d", resp.StatusCode)
	}
	title, _ := d.Find(`input[name="title"]`).Attr("value")
	body := d.Find(`textarea[name="body"]`).Text()
	if title != "Lighthouse keepers vote to stay" || !strings.Contains(body, "winter storms") {
		t.Fatalf("the form was filled with %q, %q", title, body)
	}
	resp, _ = r.do(http.MethodPost, srv.URL+"/submit", url.Values{"url": {page}, "title": {title},
		"body": {"The keepers voted to stay through the winter."}, "section": {secs[0].Slug}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", resp.StatusCode)
	}
	article := resp.Header.Get("Location")
	id, _ := strconv.ParseInt(strings.Split(strings.TrimPrefix(article, "/posts/"), "/")[0], 10, 64)

	sn, err := s.FindSnapshot(t.Context(), id, true)
	if err != nil {
		t.Fatalf("no snapshot of the published post: %v", err)
	}
	if !strings.Contains(sn.Text, "harbour master") || sn.Status != 200 || sn.RawSize != len(articlePage) || len(sn.Raw) == 0 {
		t.Errorf("snapshot %+v", sn)
	}
	if sn.WARCFile == "" {
		t.Errorf("no WARC file written")
	} else if _, err := os.Stat(filepath.Join(warcs, sn.WARCFile)); err != nil {
		t.Errorf("WARC file: %v", err)
	}

	_, d = r.do(http.MethodGet, srv.URL+article, nil)
	if href, _ := d.Find("a.burg-archived").Attr("href"); href != fmt.Sprintf("/posts/%d/archive", id) {
		t.Errorf("the article offers the archived copy at %q", href)
	}
	if href, _ := d.Find("h1.burg-title a.p-name").Attr("href"); href != page {
		t.Errorf("while the source answers the title leads to %q", href)
	}
	resp, d = r.do(http.MethodGet, srv.URL+fmt.Sprintf("/posts/%d/archive", id), nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Security-Policy") != "sandbox; default-src 'none'" {
		t.Fatalf("archived copy: %d, CSP %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}
	if !strings.Contains(d.Find("main").Text(), "turning down the offer") || d.Find("script").Length() != 0 {
		t.Errorf("archived copy: %s", d.Find("main").Text())
	}
	resp, _ = r.do(http.MethodGet, srv.URL+fmt.Sprintf("/posts/%d/archive/raw", id), nil)
	if resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" || resp.Header.Get("Content-Security-Policy") != "sandbox; default-src 'none'" {
		t.Errorf("raw copy served as %q with %q", resp.Header.Get("Content-Type"), resp.Header.Get("Content-Security-Policy"))
	}

	// The source goes away. A refused connection may be a passing
	// fault, so the check marks it dead on the third failure in a row.
	source.Close()
	for i := range burg.SnapshotDeadAfter {
		out := mustRun(t, "", "snapshots", "check", "--db", db, "--allow-private-fetch", "--recheck", "0", "--host-delay", "1ms")
		if want := "1 failed"; !strings.Contains(out, want) {
			t.Errorf("check %d said %q", i+1, out)
		}
	}
	sn, err = s.FindSnapshot(t.Context(), id, false)
	if err != nil || sn.DeadAt == nil {
		t.Fatalf("after the checks: %+v %v", sn, err)
	}
	// The server hears of the other process's write and drops its copy
	// of the article.
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, d = r.do(http.MethodGet, srv.URL+article, nil)
		href, _ := d.Find("h1.burg-title a.p-name").Attr("href")
		if href == fmt.Sprintf("/posts/%d/archive", id) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the title of a post whose source is dead leads to %q", href)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// feedXML is an RSS feed written for these tests; its first item's link
// is posted already.
const feedXML = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Coast Courier</title><link>%[1]s/</link><description>News of the coast</description>
<item><title>Ferry timetable changes</title><link>%[1]s/news/ferry</link><description>&lt;p&gt;The &lt;b&gt;winter&lt;/b&gt; timetable starts Monday.&lt;/p&gt;</description>
<pubDate>Mon, 02 Nov 2026 08:00:00 +0000</pubDate><category>Ferries</category><category>Timetables</category><guid>%[1]s/news/ferry</guid></item>
<item><title>Gull census</title><link>%[1]s/news/gulls</link><description>Counting begins at dawn.</description>
<pubDate>Tue, 03 Nov 2026 06:30:00 +0000</pubDate><category>Birds</category></item>
<item><title>Already here</title><link>%[1]s/news/posted</link><description>Old news.</description></item>
</channel></rss>`

// TestImportFeed imports a feed fetched from a test server through the
// posting desk's fetcher: items become posts with their links, excerpts,
// dates and tags; a source posted already is skipped, and a second run
// changes nothing.
func TestImportFeed(t *testing.T) {
	var feed *httptest.Server
	feed = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, feedXML, "http://"+r.Host)
	}))
	defer feed.Close()
	db := filepath.Join(t.TempDir(), "burg.db")
	posted := seedSite(t, db)
	s := openStore(t, db)
	p, err := s.FindPost(t.Context(), posted.ID)
	if err != nil {
		t.Fatal(err)
	}
	p.SourceURL = feed.URL + "/news/posted"
	if err := s.UpdatePost(t.Context(), p, burg.PostChange{UserID: p.PosterID, Action: burg.ActionEdited}); err != nil {
		t.Fatal(err)
	}
	// Without --allow-private-fetch the desk's limits refuse a loopback
	// address, as they would in production.
	if out, err := runCmd(t, "", "import", "feed", "--db", db, feed.URL+"/feed.xml"); err == nil || !strings.Contains(err.Error(), "private network") {
		t.Errorf("fetching from loopback without --allow-private-fetch: %v\n%s", err, out)
	}
	out := mustRun(t, "", "import", "feed", "--db", db, "--allow-private-fetch", "--section", "europe", feed.URL+"/feed.xml")
	if !strings.Contains(out, "imported: 2 post, 3 tag, 1 user") || !strings.Contains(out, "sources posted already") {
		t.Errorf("import said:\n%s", out)
	}
	posts, n, err := s.FindPosts(t.Context(), burg.PostFilter{Oldest: true})
	if err != nil || n != 3 {
		t.Fatalf("%d posts, %v", n, err)
	}
	var ferry *burg.Post
	for _, p := range posts {
		if p.Title == "Ferry timetable changes" {
			ferry = p
		}
	}
	if ferry == nil {
		t.Fatalf("no ferry post in %v", posts)
	}
	if ferry.SourceURL != feed.URL+"/news/ferry" || ferry.Body != "The [b]winter[/b] timetable starts Monday." ||
		!ferry.PostedAt.Equal(time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)) || len(ferry.Tags) != 2 || ferry.Section.Slug != "europe" {
		t.Errorf("ferry post %+v tags %v", ferry, ferry.Tags)
	}
	out = mustRun(t, "", "import", "feed", "--db", db, "--allow-private-fetch", "--section", "europe", feed.URL+"/feed.xml")
	if strings.Contains(out, "imported:") {
		t.Errorf("the second run imported something:\n%s", out)
	}
	if _, n2, _ := s.FindPosts(t.Context(), burg.PostFilter{}); n2 != n {
		t.Errorf("%d posts after the second run, %d before", n2, n)
	}
}

// TestImportWXRCommand imports the project's own export and a cut copy
// of it through burg import wxr.
func TestImportWXRCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "burg.db")
	file := filepath.Join("..", "..", "internal", "app", "testdata", "harbour.xml")
	out := mustRun(t, "", "import", "wxr", "--db", db, "--timezone", "Europe/Oslo", file)
	for _, want := range []string{"wxr:https://harbour.example", "1 post", "1 page", "4 comment", "1 spam", "1 held", "pingbacks"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	whole, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.xml")
	os.WriteFile(cut, whole[:len(whole)/2], 0o644)
	out, err = runCmd(t, "", "import", "wxr", "--db", filepath.Join(t.TempDir(), "other.db"), cut)
	if err == nil || !strings.Contains(err.Error(), "wxr: line ") || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("a cut file: %v\n%s", err, out)
	}
}

// formTokenAt reads the comment form's token from the article page at u.
func formTokenAt(client *http.Client, u string) (string, error) {
	resp, err := client.Get(u)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	m := regexp.MustCompile(`name="ts" value="([^"]+)"`).FindSubmatch(body)
	if m == nil {
		return "", fmt.Errorf("GET %s: %d, no form token", u, resp.StatusCode)
	}
	return string(m[1]), nil
}
