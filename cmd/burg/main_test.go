package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/sqlstore"
)

// server is a running burg serve.
type server struct {
	URL  string
	db   string       // the SQLite file, when the test knows it
	stop func() error // graceful shutdown; returns run's error
	logs *syncBuffer
}

// syncBuffer collects output from the server goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// listenRE finds the address in the "listening" line, in text or JSON.
var listenRE = regexp.MustCompile(`"?url"?[=:]"?(http://127\.0\.0\.1:\d+)"?`)

// startServer runs burg serve on a free port with args and waits until it
// logs its address. It logs text, which tests read, unless args say
// otherwise.
// serverStartTimeout bounds how long a server may take to listen: a
// --demo server fills its database first, which under the race detector
// on a shared two-core machine takes a minute or more.
const serverStartTimeout = 4 * time.Minute

func startServer(t *testing.T, env map[string]string, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	getenv := func(k string) string { return env[k] }
	go func() {
		err := run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--log-format", "text"}, args...), getenv, strings.NewReader(""), pw, pw)
		pw.Close()
		done <- err
	}()
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			logs.Write([]byte(line + "\n"))
			if m := listenRE.FindStringSubmatch(line); m != nil && !sent && strings.Contains(line, "listening") && !strings.Contains(line, "metrics listening") {
				urls <- m[1]
				sent = true
			}
		}
		close(urls)
	}()
	var url string
	select {
	case u, ok := <-urls:
		if !ok {
			cancel()
			t.Fatalf("server stopped before listening: %v\n%s", <-done, logs)
		}
		url = u
	case <-time.After(serverStartTimeout):
		cancel()
		t.Fatalf("server did not start:\n%s", logs)
	}
	var once sync.Once
	var runErr error
	s := &server{URL: url, logs: logs, stop: func() error {
		once.Do(func() { cancel(); runErr = <-done })
		return runErr
	}}
	t.Cleanup(func() { s.stop() })
	return s
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeDemoAndViewsSurviveShutdown(t *testing.T) {
	db := filepath.Join(t.TempDir(), "burg.db")
	srv := startServer(t, nil, "--db", db, "--demo", "--views-flush", "5s")

	code, body := get(t, srv.URL+"/healthz")
	if code != 200 || body != "ok" {
		t.Fatalf("/healthz = %d %q", code, body)
	}
	code, body = get(t, srv.URL+"/")
	if code != 200 {
		t.Fatalf("GET / = %d", code)
	}
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	rows := d.Find(".burg-headlines tr.burg-headline").Length()
	if rows == 0 {
		t.Fatalf("the demo edition has no headlines:\n%s", srv.logs)
	}
	if d.Find(".burg-section-bar").Length() < 5 {
		t.Errorf("the demo edition has only %d section bars", d.Find(".burg-section-bar").Length())
	}
	// Open three articles, each twice: one reader counts once per article.
	var ids []int64
	var hrefs []string
	d.Find("article.h-entry a.u-url").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		href, _ := s.Attr("href")
		id, err := strconv.ParseInt(strings.Split(strings.TrimPrefix(href, "/posts/"), "/")[0], 10, 64)
		if err != nil {
			t.Fatalf("article link %q: %v", href, err)
		}
		ids, hrefs = append(ids, id), append(hrefs, href)
		return len(ids) < 3
	})
	before := map[int64]int64{}
	for _, id := range ids {
		before[id] = viewsOf(t, db, id)
	}
	for _, href := range hrefs {
		for range 2 {
			if code, _ := get(t, srv.URL+href); code != 200 {
				t.Fatalf("GET %s = %d", href, code)
			}
		}
	}
	// Stop at once, well before the periodic flush: the counts must be
	// written by the graceful shutdown.
	if err := srv.stop(); err != nil {
		t.Fatalf("serve returned %v\n%s", err, srv.logs)
	}
	for _, id := range ids {
		if got := viewsOf(t, db, id); got != before[id]+1 {
			t.Errorf("post %d: views after shutdown = %d, want %d", id, got, before[id]+1)
		}
	}
	if !strings.Contains(srv.logs.String(), "demo content loaded") {
		t.Errorf("no demo log line:\n%s", srv.logs)
	}

	// A second start on the same database keeps the content and adds no
	// second demo.
	srv2 := startServer(t, nil, "--db", db, "--demo")
	if !strings.Contains(srv2.logs.String(), "demo content skipped") {
		t.Errorf("second --demo did not skip:\n%s", srv2.logs)
	}
}

func viewsOf(t *testing.T, db string, id int64) int64 {
	t.Helper()
	st, err := sqlstore.Open(t.Context(), db, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := st.FindPost(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return p.Views
}

func TestEnvironmentConfig(t *testing.T) {
	db := filepath.Join(t.TempDir(), "env.db")
	var out strings.Builder
	env := map[string]string{"BURG_DB": db, "BURG_SITE_NAME": "Env Site", "BURG_ADDR": "127.0.0.1:9999"}
	err := run(t.Context(), []string{"serve", "--print-config", "--database-url", "postgres://u:secret@h/db"},
		func(k string) string { return env[k] }, nil, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"db              " + db, "site-name       Env Site", "addr            127.0.0.1:9999", "postgres://u:****@h/db"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("config lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "secret") {
		t.Error("print-config shows the database password")
	}
}

func TestUserAdd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "users.db")
	var out, errOut strings.Builder
	err := run(t.Context(), []string{"user", "add", "--db", db, "--nick", "Gorse", "--role", "moderator", "--colour", "#aa3300", "--password-stdin"},
		func(string) string { return "" }, strings.NewReader("a long enough secret\n"), &out, &errOut)
	if err != nil {
		t.Fatalf("user add: %v\n%s", err, errOut.String())
	}
	if strings.Contains(out.String(), "password:") {
		t.Error("printed a password it was given")
	}
	// A generated password is printed.
	out.Reset()
	err = run(t.Context(), []string{"user", "add", "--db", db, "--nick", "Thimble", "--role", "poster"},
		func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	if err != nil || !regexp.MustCompile(`password: \S{20}`).MatchString(out.String()) {
		t.Fatalf("user add without a password: %v %q", err, out.String())
	}
	st, err := sqlstore.Open(t.Context(), db, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.FindUserByNick(t.Context(), "gorse")
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != burg.RoleModerator || u.Colour != "#aa3300" || !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		t.Errorf("stored user = %+v", u)
	}
	for _, tc := range []struct {
		name string
		args []string
		in   string
	}{
		{"taken nick", []string{"--nick", "GORSE", "--role", "poster"}, ""},
		{"look-alike nick", []string{"--nick", "G0rse", "--role", "poster"}, ""},
		{"bad role", []string{"--nick", "New", "--role", "king"}, ""},
		{"bad colour", []string{"--nick", "New", "--role", "moderator", "--colour", "red"}, ""},
		{"short password", []string{"--nick", "New", "--role", "poster", "--password-stdin"}, "short\n"},
		{"no nick", []string{"--role", "poster"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"user", "add", "--db", db}, tc.args...)
			if err := run(t.Context(), args, func(string) string { return "" }, strings.NewReader(tc.in), io.Discard, io.Discard); err == nil {
				t.Error("succeeded")
			}
		})
	}
}

func TestMigrateAndHelp(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	var out strings.Builder
	if err := run(t.Context(), []string{"migrate", "--db", db}, func(string) string { return "" }, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "migrated sqlite") {
		t.Errorf("migrate printed %q", out.String())
	}
	out.Reset()
	if err := run(t.Context(), []string{"help"}, func(string) string { return "" }, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "burg user add") {
		t.Errorf("help: %v %q", err, out.String())
	}
	for _, args := range [][]string{{"serve", "--help"}, {"migrate", "--help"}, {"user", "add", "--help"}, {"user", "--help"}} {
		if err := run(t.Context(), args, func(string) string { return "" }, nil, io.Discard, io.Discard); err != nil {
			t.Errorf("%v: %v", args, err)
		}
	}
	if err := run(t.Context(), []string{"frobnicate"}, func(string) string { return "" }, nil, io.Discard, io.Discard); err == nil {
		t.Error("unknown command succeeded")
	}
	if err := run(t.Context(), []string{"serve", "--timezone", "Mars/Olympus"}, func(string) string { return "" }, nil, io.Discard, io.Discard); err == nil {
		t.Error("bad timezone accepted")
	}
}
