package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

var metricsRE = regexp.MustCompile(`metrics listening"? url=(http://127\.0\.0\.1:\d+)/metrics`)

// scrapeMetrics fetches and parses a Prometheus text page.
func scrapeMetrics(t *testing.T, client *http.Client, url string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", url, resp.StatusCode)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse %s: %v", url, err)
	}
	return families
}

// series finds the series of family name whose labels include labels
// (name, value pairs) and returns its value (a histogram's count).
func series(families map[string]*dto.MetricFamily, name string, labels ...string) (float64, bool) {
	f := families[name]
	if f == nil {
		return 0, false
	}
	for _, m := range f.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		match := true
		for i := 0; i+1 < len(labels); i += 2 {
			if have[labels[i]] != labels[i+1] {
				match = false
			}
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}

// status GETs url with client and returns the status.
func status(t *testing.T, client *http.Client, url string) int {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// postForm posts a form without following the redirect.
func postForm(t *testing.T, client *http.Client, url string, form url.Values) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// noRedirects is a client that keeps cookies and shows redirects.
func noRedirects() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// The served site, scraped as Prometheus would on --metrics-addr, has
// every listed series: requests by route and status, latency by route,
// the page cache, the database pools, comments posted, held and refused,
// the flush lag of the view and visit buffers, and the build. The main
// listener serves neither /metrics nor the profiles then; the metrics
// listener serves both.
func TestMetricsScrape(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, nil, "--db", filepath.Join(dir, "burg.db"), "--demo", "--comments-close", "720h",
		"--uploads-dir", filepath.Join(dir, "uploads"), "--metrics-addr", "127.0.0.1:0", "--min-fill", "0")
	m := metricsRE.FindStringSubmatch(srv.logs.String())
	if m == nil {
		t.Fatalf("no metrics listener in the log:\n%s", srv.logs)
	}
	opsURL := m[1]

	open := openArticles(t, srv)
	reader := noRedirects()
	comments := srv.URL + "/posts/" + strconv.FormatInt(open[0].ID, 10) + "/comments"
	token, err := formTokenAt(http.DefaultClient, srv.URL+"/posts/"+strconv.FormatInt(open[0].ID, 10))
	if err != nil {
		t.Fatal(err)
	}
	if got := postForm(t, reader, comments, url.Values{"name": {"Metric Reader"}, "body": {"Counted, I hope."}, "ts": {token}}); got != http.StatusSeeOther {
		t.Fatalf("comment: status %d", got)
	}
	if got := postForm(t, reader, comments, url.Values{"name": {"Robot"}, "body": {"Buy now."}, "fax": {"1"}}); got != http.StatusUnprocessableEntity {
		t.Fatalf("honeypot comment: status %d", got)
	}
	if got := status(t, reader, srv.URL+"/readyz"); got != http.StatusOK {
		t.Errorf("/readyz: status %d", got)
	}
	// The comment dropped the front page from the cache; it is rendered
	// once more, then served from the cache.
	for range 2 {
		if got := status(t, reader, srv.URL+"/"); got != http.StatusOK {
			t.Fatalf("GET /: status %d", got)
		}
	}

	families := scrapeMetrics(t, http.DefaultClient, opsURL+"/metrics")
	for _, c := range []struct {
		name   string
		labels []string
		min    float64
	}{
		{"burg_http_requests_total", []string{"route", "GET /{$}", "status", "200"}, 3},
		{"burg_http_requests_total", []string{"route", "GET /posts/{id}/{slug}", "status", "200"}, 2},
		{"burg_http_requests_total", []string{"route", "POST /posts/{id}/comments", "status", "303"}, 1},
		{"burg_http_requests_total", []string{"route", "GET /readyz", "status", "200"}, 1},
		{"burg_http_request_duration_seconds", []string{"route", "GET /posts/{id}/{slug}"}, 2},
		{"burg_page_cache_hits_total", nil, 1},
		{"burg_page_cache_misses_total", nil, 1},
		{"burg_page_cache_bytes", nil, 1},
		{"burg_page_cache_entries", nil, 1},
		{"burg_db_pool_open_connections", []string{"pool", "read"}, 1},
		{"burg_db_pool_max_open_connections", []string{"pool", "write"}, 1},
		{"burg_db_pool_in_use_connections", []string{"pool", "read"}, 0},
		{"burg_db_pool_waits_total", []string{"pool", "write"}, 0},
		{"burg_comments_posted_total", nil, 1},
		{"burg_comments_held_total", nil, 0},
		{"burg_comments_refused_total", []string{"reason", "spam"}, 1},
		{"burg_comments_refused_total", []string{"reason", "rate_limited"}, 0},
		{"burg_flush_lag_seconds", []string{"buffer", "views"}, 0},
		{"burg_flush_lag_seconds", []string{"buffer", "visits"}, 0},
		{"burg_flush_pending", []string{"buffer", "views"}, 0},
		{"burg_build_info", nil, 1},
		{"go_goroutines", nil, 1},
		{"process_resident_memory_bytes", nil, 1},
	} {
		got, ok := series(families, c.name, c.labels...)
		if !ok {
			t.Errorf("no series %s%v", c.name, c.labels)
		} else if got < c.min {
			t.Errorf("%s%v = %v, want at least %v", c.name, c.labels, got, c.min)
		}
	}
	if got, _ := series(families, "burg_comments_posted_total"); got != 1 {
		t.Errorf("burg_comments_posted_total = %v, want 1", got)
	}

	for _, p := range []string{"/metrics", "/debug/pprof/", "/debug/pprof/cmdline"} {
		if got := status(t, http.DefaultClient, srv.URL+p); got != http.StatusNotFound {
			t.Errorf("main listener GET %s: status %d, want 404 with --metrics-addr", p, got)
		}
	}
	for _, p := range []string{"/debug/pprof/", "/debug/pprof/heap?debug=1", "/debug/pprof/goroutine?debug=1", "/debug/pprof/cmdline"} {
		if got := status(t, http.DefaultClient, opsURL+p); got != http.StatusOK {
			t.Errorf("metrics listener GET %s: status %d, want 200", p, got)
		}
	}
}

// Without --metrics-addr, /metrics and the profiles are on the main
// listener, for a logged-in admin only.
func TestMetricsForAdmins(t *testing.T) {
	db := filepath.Join(t.TempDir(), "burg.db")
	var out strings.Builder
	err := run(t.Context(), []string{"user", "add", "--db", db, "--nick", "Warden", "--role", "admin", "--password-stdin"},
		func(string) string { return "" }, strings.NewReader("a long enough secret\n"), &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, nil, "--db", db)
	anon, admin := noRedirects(), noRedirects()
	if got := postForm(t, admin, srv.URL+"/login", url.Values{"nick": {"Warden"}, "password": {"a long enough secret"}}); got != http.StatusSeeOther {
		t.Fatalf("log in: status %d", got)
	}
	for _, p := range []string{"/metrics", "/debug/pprof/", "/debug/pprof/heap?debug=1"} {
		if got := status(t, anon, srv.URL+p); got != http.StatusSeeOther {
			t.Errorf("anonymous GET %s: status %d, want 303 to the login", p, got)
		}
		if got := status(t, admin, srv.URL+p); got != http.StatusOK {
			t.Errorf("admin GET %s: status %d, want 200", p, got)
		}
	}
	if _, ok := series(scrapeMetrics(t, admin, srv.URL+"/metrics"), "burg_http_requests_total", "route", "POST /login"); !ok {
		t.Error("the admin's /metrics does not count the login")
	}
}

// Logs to something other than a terminal are JSON lines by default, and
// each request's line carries its id (the X-Request-ID sent back), route,
// status, size, duration and the client's network, never its address.
func TestJSONLogsByDefault(t *testing.T) {
	srv := startServer(t, nil, "--db", filepath.Join(t.TempDir(), "burg.db"), "--log-format", "auto")
	resp, err := http.Get(srv.URL + "/healthz?token=private")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	id := resp.Header.Get("X-Request-ID")
	if err := srv.stop(); err != nil {
		t.Fatal(err)
	}
	var found map[string]any
	sc := bufio.NewScanner(strings.NewReader(srv.logs.String()))
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("log line %q is not JSON: %v", sc.Text(), err)
		}
		if line["msg"] == "request" && line["request_id"] == id {
			found = line
		}
	}
	if found == nil {
		t.Fatalf("no request line with id %q:\n%s", id, srv.logs)
	}
	for key, want := range map[string]any{"route": "GET /healthz", "path": "/healthz", "status": float64(200),
		"client": "127.0.0.0/24"} {
		if found[key] != want {
			t.Errorf("request line %s = %v, want %v", key, found[key], want)
		}
	}
	if b, _ := found["bytes"].(float64); b <= 0 {
		t.Errorf("request line bytes = %v, want the size sent", found["bytes"])
	}
	if _, ok := found["ms"].(float64); !ok {
		t.Errorf("request line has no duration: %v", found)
	}
	if logs := srv.logs.String(); strings.Contains(logs, "127.0.0.1\"") || strings.Contains(logs, "private") {
		t.Errorf("the log holds a client's address or a query:\n%s", logs)
	}
}

// burg healthcheck succeeds against a running server, with its address
// from the flags or the environment, and fails when nothing answers.
func TestHealthcheck(t *testing.T) {
	srv := startServer(t, nil, "--db", filepath.Join(t.TempDir(), "burg.db"))
	addr := strings.TrimPrefix(srv.URL, "http://")
	_, port, _ := net.SplitHostPort(addr)
	for _, c := range []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"Addr", []string{"healthcheck", "--addr", addr}, nil},
		{"WildcardAddrFromEnv", []string{"healthcheck"}, map[string]string{"BURG_ADDR": "0.0.0.0:" + port}},
		{"URL", []string{"healthcheck", "--url", srv.URL + "/readyz"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out strings.Builder
			if err := run(t.Context(), c.args, func(k string) string { return c.env[k] }, nil, &out, io.Discard); err != nil {
				t.Fatalf("healthcheck: %v", err)
			}
			if out.String() != "ok\n" {
				t.Errorf("healthcheck printed %q, want ok", out.String())
			}
		})
	}
	if err := srv.stop(); err != nil {
		t.Fatal(err)
	}
	if err := run(t.Context(), []string{"healthcheck", "--addr", addr, "--timeout", "2s"}, func(string) string { return "" }, nil, io.Discard, io.Discard); err == nil {
		t.Error("healthcheck succeeded with no server")
	}
}
