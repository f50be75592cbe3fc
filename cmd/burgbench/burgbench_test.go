package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/pgtest"
	"github.com/burg-news/burg/internal/sqlstore"
)

// TestSmoke generates a tiny archive and runs the whole harness on it
// for a moment per scenario: burg serve started from a binary built from
// this tree, every scenario measured against the reference, the table
// and the Markdown section written. It asserts on what was measured,
// never on how fast.
func TestSmoke(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts burg serve")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to build burg with")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "burg.db")
	var out, errs bytes.Buffer
	if err := run(t.Context(), []string{"gen", "--db", db, "--scale", "tiny"}, &out, &errs); err != nil {
		t.Fatalf("gen: %v\n%s", err, errs.String())
	}
	if !strings.Contains(out.String(), "wrote 300 posts") {
		t.Errorf("gen said %q, want it to have written 300 posts", out.String())
	}

	bin := buildBurg(t, dir)
	md := filepath.Join(dir, "bench.md")
	out.Reset()
	errs.Reset()
	err := run(t.Context(), []string{"run", "--burg", bin, "--db", db, "--duration", "300ms", "--warmup", "50ms",
		"--ref-duration", "100ms", "--connections", "4", "--label", "--scale tiny", "--markdown", md}, &out, &errs)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, errs.String())
	}
	text := out.String()
	for _, want := range []string{"front page", "article, ", "tag page", "a day in the past", "search", "feed",
		"comment POST", "mixed: all", "mixed: comment POST", "reference", "ratio", "first edition served after"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "×") {
		t.Errorf("requests failed:\n%s", text)
	}
	if strings.Count(text, "skipped") > 1 {
		t.Errorf("more than the feed skipped:\n%s", text)
	}
	b, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	section := string(b)
	if !strings.HasPrefix(section, "### Load harness: --scale tiny, ") || !strings.Contains(section, "| page | size (gzip) |") {
		t.Errorf("the Markdown section does not start as it should:\n%s", section)
	}
	if got, want := strings.Count(section, "| | | reference |"), len(referenceRow.FindAllString(text, -1)); got != want || got < 8 {
		t.Errorf("the Markdown section has %d reference rows, the table %d:\n%s", got, want, section)
	}
}

// referenceRow finds the reference's rows of the printed table.
var referenceRow = regexp.MustCompile(`(?m)\sreference {2,}`)

// buildBurg builds burg from this tree into dir, with the race detector
// when the tests have it, so that the packages built for the tests serve.
func buildBurg(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "burg")
	args := []string{"build", "-o", bin}
	if raceBuild {
		args = append(args, "-race")
	}
	cmd := exec.CommandContext(t.Context(), "go", append(args, "../burg")...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build burg: %v\n%s", err, msg)
	}
	return bin
}

// TestGenerateDeterministic checks that the same seed on the same day
// gives the same archive, and another seed another one; and that the
// archive has what the harness looks for: today's two long threads.
func TestGenerateDeterministic(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, time.March, 4, 15, 30, 0, 0, time.UTC)
	sc, err := findScale("tiny")
	if err != nil {
		t.Fatal(err)
	}
	load := func(seed uint64) (titles, bodies []string, counts []int) {
		t.Helper()
		store, err := sqlstore.Open(t.Context(), filepath.Join(t.TempDir(), "burg.db"), sqlstore.Options{Loading: true})
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		st, err := generate(t.Context(), store, sc, seed, now, &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		if st.Posts != sc.Posts || st.Comments < sc.Comments {
			t.Errorf("wrote %d posts and %d comments, want %d and at least %d", st.Posts, st.Comments, sc.Posts, sc.Comments)
		}
		posts, total, err := store.FindPosts(t.Context(), burg.PostFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		if total != sc.Posts {
			t.Errorf("%d posts stored, want %d", total, sc.Posts)
		}
		for _, p := range posts {
			titles = append(titles, p.Title)
			if p.PostedAt.After(now) {
				t.Errorf("post %q posted at %v, after now", p.Title, p.PostedAt)
			}
			if p.PostedAt.Truncate(24 * time.Hour).Equal(now.Truncate(24 * time.Hour)) {
				counts = append(counts, p.CommentCount)
			}
		}
		cs, err := store.FindComments(t.Context(), posts[len(posts)-1].ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			bodies = append(bodies, c.Nick+": "+c.Body)
		}
		return titles, bodies, counts
	}
	titles1, bodies1, today := load(1)
	titles2, bodies2, _ := load(1)
	titles3, _, _ := load(2)
	if !slices.Equal(titles1, titles2) || !slices.Equal(bodies1, bodies2) {
		t.Error("the same seed gave two archives")
	}
	if slices.Equal(titles1, titles3) {
		t.Error("two seeds gave the same archive")
	}
	// Today's long threads lose the odd removed comment from their count.
	slices.Sort(today)
	if n := len(today); n < 2 || today[n-1] < sc.Today[1]*9/10 || today[n-2] < sc.Today[0]*8/10 {
		t.Errorf("today's comment counts %v lack threads of about %d and %d", today, sc.Today[1], sc.Today[0])
	}
}

// TestGenRefusesContent checks that gen fills only an empty database.
func TestGenRefusesContent(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "burg.db")
	store, err := sqlstore.Open(t.Context(), db, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := store.CreatePage(t.Context(), &burg.Page{Name: "News", Slug: "news"}); err != nil {
		t.Fatal(err)
	}
	store.Close()
	err = run(t.Context(), []string{"gen", "--db", db, "--scale", "tiny"}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "has content already") {
		t.Errorf("got %v, want a refusal", err)
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		args []string
	}{
		{"NoCommand", nil},
		{"UnknownCommand", []string{"bench"}},
		{"GenNoDatabase", []string{"gen", "--scale", "tiny"}},
		{"GenTwoDatabases", []string{"gen", "--db", "x.db", "--database-url", "postgres://x"}},
		{"RunNoTarget", []string{"run"}},
		{"RunUnknownScenario", []string{"run", "--url", "http://127.0.0.1:1", "--only", "everything"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var errs bytes.Buffer
			if err := run(t.Context(), c.args, &bytes.Buffer{}, &errs); err != errUsage {
				t.Errorf("got %v, want a usage error", err)
			}
			if errs.Len() == 0 {
				t.Error("nothing said on stderr")
			}
		})
	}
	if err := run(t.Context(), []string{"gen", "--db", filepath.Join(t.TempDir(), "x.db"), "--scale", "huge"}, &bytes.Buffer{}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "unknown scale") {
		t.Errorf("unknown scale: got %v", err)
	}
}

// TestAllot checks that shares add up to the total and follow the
// weights.
func TestAllot(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		total   int
		weights []float64
		want    []int
	}{
		{10, []float64{1, 1}, []int{5, 5}},
		{10, []float64{1, 0, 3}, []int{3, 0, 7}},
		{7, []float64{1, 1, 1}, []int{2, 3, 2}},
		{5, []float64{0, 0}, []int{0, 0}},
		{0, []float64{2, 1}, []int{0, 0}},
	} {
		if got := allot(c.total, c.weights); !slices.Equal(got, c.want) {
			t.Errorf("allot(%d, %v) = %v, want %v", c.total, c.weights, got, c.want)
		}
	}
}

// TestHTTPConn checks the load generator's client on the responses a Go
// server gives: a length, chunks, a cookie, a redirect, a closed
// connection.
func TestHTTPConn(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("x", 100_000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/length":
			w.Header().Set("Content-Length", "5")
			w.Write([]byte("hello"))
		case "/chunks":
			w.Write([]byte(big)) // no length: chunked
			w.(http.Flusher).Flush()
			w.Write([]byte("tail"))
		case "/cookie":
			http.SetCookie(w, &http.Cookie{Name: visitorCookieName, Value: "abc.def", Path: "/"})
			http.Redirect(w, r, "/there", http.StatusSeeOther)
		case "/close":
			w.Header().Set("Connection", "close")
			w.Write([]byte("bye"))
		}
	}))
	defer srv.Close()
	c := &client{addr: strings.TrimPrefix(srv.URL, "http://"), env: &loadEnv{host: "test"}}
	defer func() {
		if c.conn != nil {
			c.conn.Close()
		}
	}()
	for _, tc := range []struct {
		path   string
		status int
		body   string
		cookie string
		closed bool
	}{
		{"/length", 200, "hello", "", false},
		{"/chunks", 200, big + "tail", "", false},
		{"/cookie", 303, "", "abc.def", false},
		{"/close", 200, "bye", "", true},
		{"/length", 200, "hello", "", false}, // on a new connection
	} {
		k := &requestKind{method: "GET", path: tc.path}
		r, err := c.do(k, true)
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		if r.status != tc.status || (tc.body != "" && string(r.body) != tc.body) || r.cookie != tc.cookie || r.close != tc.closed {
			t.Errorf("%s: got status %d, %d bytes, cookie %q, close %t; want %d, %d bytes, %q, %t",
				tc.path, r.status, len(r.body), r.cookie, r.close, tc.status, len(tc.body), tc.cookie, tc.closed)
		}
		if r.size != int64(len(r.body)) {
			t.Errorf("%s: size %d for a body of %d", tc.path, r.size, len(r.body))
		}
		if tc.closed != (c.conn == nil) {
			t.Errorf("%s: connection kept %t after close %t", tc.path, c.conn != nil, tc.closed)
		}
	}
}

// TestRequest checks the bytes of a comment POST: a browser's headers,
// the commenter's address and cookie, the form.
func TestRequest(t *testing.T) {
	t.Parallel()
	env := &loadEnv{host: "127.0.0.1:8080", lexicon: newLexicon(1, 100), token: "123.sig", nicks: func() string { return "Test Nick1234" }}
	c := &client{env: env, rng: newTestRand()}
	form := c.commentForm()
	c.writer = "cookie.mac"
	req := string(c.request(nil, "POST", "/posts/7/comments", form))
	for _, want := range []string{"POST /posts/7/comments HTTP/1.1\r\n", "Host: 127.0.0.1:8080\r\n", "User-Agent: Mozilla/5.0",
		"Accept-Encoding: gzip", "Origin: http://127.0.0.1:8080\r\n", "X-Forwarded-For: 2001:db8:b:0:1::1\r\n",
		"Cookie: burg_visitor=cookie.mac\r\n", "Content-Type: application/x-www-form-urlencoded\r\n",
		fmt.Sprintf("Content-Length: %d\r\n\r\n", len(form.Encode())), "ts=123.sig", "name=Test+Nick1234"} {
		if !strings.Contains(req, want) {
			t.Errorf("the request lacks %q:\n%s", want, req)
		}
	}
	for range 4 {
		c.commentForm()
	}
	if c.writerIP == "2001:db8:b:0:1::1" || c.writer != "" {
		t.Errorf("after five comments the commenter is still %s (cookie %q)", c.writerIP, c.writer)
	}
}

func newTestRand() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }

// TestGenPostgres fills a PostgreSQL schema with the tiny archive.
func TestGenPostgres(t *testing.T) {
	t.Parallel()
	admin, base := pgtest.Admin(t, "gen on PostgreSQL")
	dsn := pgtest.Schema(t, admin, base, "synchronous_commit", "off")
	var errs bytes.Buffer
	if err := run(t.Context(), []string{"gen", "--database-url", dsn, "--scale", "tiny"}, &bytes.Buffer{}, &errs); err != nil {
		t.Fatalf("gen: %v\n%s", err, errs.String())
	}
	store, err := sqlstore.Open(t.Context(), dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	_, total, err := store.FindPosts(t.Context(), burg.PostFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	counts, err := store.SiteCounts(t.Context(), time.Now().Add(-time.Hour), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if total != 300 || counts.Comments < 2000 {
		t.Errorf("got %d posts and %+v, want 300 posts and their comments", total, counts)
	}
}

// TestShellJoin checks that the command a report gives can be pasted back
// into a shell: arguments with spaces or quotes are quoted.
func TestShellJoin(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--db", "/tmp/a.db", "--duration", "5s"}, "--db /tmp/a.db --duration 5s"},
		{[]string{"--label", "--scale full"}, "--label '--scale full'"},
		{[]string{"--label", "it's"}, `--label 'it'\''s'`},
		{[]string{"--server-args", ""}, "--server-args ''"},
	} {
		if got := shellJoin(c.args); got != c.want {
			t.Errorf("shellJoin(%q) = %s, want %s", c.args, got, c.want)
		}
	}
}
