package web_test

import (
	"bufio"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/burg-news/burg/internal/metrics"
	"github.com/burg-news/burg/internal/sqlstore"
	"github.com/burg-news/burg/internal/web"
)

// lockedBuffer collects a logger's output from the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// requestLines are the request log's lines, decoded from JSON.
func requestLines(t *testing.T, logs string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(logs))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line %q is not JSON: %v", sc.Text(), err)
		}
		if m["msg"] == "request" {
			lines = append(lines, m)
		}
	}
	return lines
}

// scrape fetches a Prometheus text page and parses it.
func scrape(t *testing.T, client *http.Client, url string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: status %d: %.200s", url, resp.StatusCode, b)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse %s: %v", url, err)
	}
	return families
}

// metricValue is the value of the series of family name whose labels include
// labels (name, value pairs); ok is false when there is none.
func metricValue(families map[string]*dto.MetricFamily, name string, labels ...string) (v float64, ok bool) {
	f := families[name]
	if f == nil {
		return 0, false
	}
next:
	for _, m := range f.GetMetric() {
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, l := range m.GetLabel() {
				if l.GetName() == labels[i] && l.GetValue() == labels[i+1] {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		case m.Untyped != nil:
			return m.Untyped.GetValue(), true
		}
	}
	return 0, false
}

// opsFixture is the desk fixture served with metrics and a JSON log.
// With opsElsewhere the server leaves /metrics and the profiles to
// another listener.
func opsFixture(t *testing.T, opsElsewhere bool) *deskFixture {
	t.Helper()
	m := metrics.New(metrics.Build{Version: "test", Commit: "none"})
	f := newDeskFixture(t, func(d *web.Deps) { d.Metrics = m })
	if opsElsewhere {
		srv, err := web.New(web.Config{SiteName: "Burg Test", Location: time.UTC, OpsElsewhere: true},
			web.Deps{Store: f.store, Now: f.clock.Now, Metrics: metrics.New(metrics.Build{})})
		if err != nil {
			t.Fatal(err)
		}
		f.srv.Close()
		f.srv = httptest.NewServer(srv.Handler())
		t.Cleanup(f.srv.Close)
	}
	return f
}

// Requests, the page cache and comments show in /metrics: a scrape after
// reading an article twice, posting one comment and having one caught by
// the honeypot finds each counted under its route pattern and reason.
func TestMetricsCountRequestsAndComments(t *testing.T) {
	f := opsFixture(t, false)
	reader := f.browser(t)
	for range 2 {
		resp, d := reader.do(http.MethodGet, f.articlePath(), nil)
		wantStatus(t, "article", resp, d, http.StatusOK)
		resp, d = reader.do(http.MethodGet, "/", nil)
		wantStatus(t, "front page", resp, d, http.StatusOK)
	}
	resp, d := reader.comment(f.article.ID, "Lamplighter", "The cheese will keep in the dark.")
	wantStatus(t, "comment", resp, d, http.StatusSeeOther)
	resp, d = reader.comment(f.article.ID, "Robot", "Cheap lighthouses here.", "fax", "555-0100")
	wantStatus(t, "spam", resp, d, http.StatusUnprocessableEntity)
	resp, d = reader.comment(f.article.ID+1000, "Lost", "Where did it go?")
	wantStatus(t, "comment on no post", resp, d, http.StatusNotFound)

	admin := f.browser(t)
	admin.login("Warden", "")
	families := scrape(t, admin.client, f.srv.URL+"/metrics")
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		// Two reads, and each comment sent reads its form first.
		{"burg_http_requests_total", []string{"route", "GET /posts/{id}", "status", "200"}, 4},
		{"burg_http_requests_total", []string{"route", "GET /{$}", "status", "200"}, 2},
		{"burg_http_requests_total", []string{"route", "POST /posts/{id}/comments", "status", "303"}, 1},
		{"burg_http_requests_total", []string{"route", "POST /posts/{id}/comments", "status", "422"}, 1},
		{"burg_http_requests_total", []string{"route", "POST /posts/{id}/comments", "status", "404"}, 1},
		{"burg_http_request_duration_seconds", []string{"route", "GET /posts/{id}"}, 5}, // and the missing post's 404
		{"burg_comments_posted_total", nil, 1},
		{"burg_comments_held_total", nil, 0},
		{"burg_comments_refused_total", []string{"reason", "spam"}, 1},
		{"burg_comments_refused_total", []string{"reason", "not_found"}, 1}, // the comment on a missing post
		{"burg_comments_refused_total", []string{"reason", "banned"}, 0},
		{"burg_page_cache_hits_total", nil, 3}, // the front page once, the article twice
		{"burg_build_info", []string{"version", "test", "commit", "none"}, 1},
	} {
		got, ok := metricValue(families, c.name, c.labels...)
		if !ok || got != c.want {
			t.Errorf("%s%v = %v (found %t), want %v", c.name, c.labels, got, ok, c.want)
		}
	}
	if got, _ := metricValue(families, "burg_page_cache_misses_total"); got < 1 {
		t.Errorf("burg_page_cache_misses_total = %v, want at least the first front page", got)
	}
	if _, ok := metricValue(families, "go_goroutines"); !ok {
		t.Error("no go_goroutines: Go's collector is missing")
	}
}

// /metrics and the profiles are for admins on the main listener; with
// OpsElsewhere they are not there for anyone, and OpsHandler serves them.
func TestOpsAccess(t *testing.T) {
	paths := []string{"/metrics", "/debug/pprof/", "/debug/pprof/heap?debug=1", "/debug/pprof/cmdline"}
	t.Run("MainListener", func(t *testing.T) {
		f := opsFixture(t, false)
		reader, mod, admin := f.browser(t), f.browser(t), f.browser(t)
		mod.login("Gorse", "")
		admin.login("Warden", "")
		for _, p := range paths {
			for _, c := range []struct {
				who  string
				b    *browser
				want int
			}{{"reader", reader, http.StatusSeeOther}, {"moderator", mod, http.StatusForbidden}, {"admin", admin, http.StatusOK}} {
				resp := rawGet(t, c.b.client, f.srv.URL+p)
				if resp.StatusCode != c.want {
					t.Errorf("%s GET %s: status %d, want %d", c.who, p, resp.StatusCode, c.want)
				}
			}
		}
	})
	t.Run("Elsewhere", func(t *testing.T) {
		f := opsFixture(t, true)
		admin := f.browser(t)
		admin.login("Warden", "")
		ops := httptest.NewServer(web.OpsHandler(metrics.New(metrics.Build{})))
		t.Cleanup(ops.Close)
		for _, p := range paths {
			if resp := rawGet(t, admin.client, f.srv.URL+p); resp.StatusCode != http.StatusNotFound {
				t.Errorf("admin GET %s on the main listener: status %d, want 404", p, resp.StatusCode)
			}
			if resp := rawGet(t, http.DefaultClient, ops.URL+p); resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s on the ops listener: status %d, want 200", p, resp.StatusCode)
			}
		}
		if _, ok := metricValue(scrape(t, http.DefaultClient, ops.URL+"/metrics"), "burg_http_requests_total"); ok {
			t.Error("the ops listener's own metrics count requests of a server that has none")
		}
	})
}

// rawGet sends a GET and drains the answer.
func rawGet(t *testing.T, client *http.Client, url string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// Every request's log line carries its id (the X-Request-ID sent back),
// the route pattern, status, size and duration, and the client's network
// rather than its address unless LogFullIP says otherwise.
func TestRequestLog(t *testing.T) {
	for _, c := range []struct {
		name       string
		full       bool
		wantClient string
	}{{"Network", false, "127.0.0.0/24"}, {"FullAddress", true, "127.0.0.1"}} {
		t.Run(c.name, func(t *testing.T) {
			logs := &lockedBuffer{}
			f := newDeskFixture(t, func(d *web.Deps) { d.Logger = slog.New(slog.NewJSONHandler(logs, nil)) })
			srv, err := web.New(web.Config{SiteName: "Burg Test", Location: time.UTC, LogFullIP: c.full},
				web.Deps{Store: f.store, Now: f.clock.Now, Logger: slog.New(slog.NewJSONHandler(logs, nil))})
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(srv.Handler())
			t.Cleanup(ts.Close)
			resp := rawGet(t, http.DefaultClient, ts.URL+f.articlePath()+"?q=secret-search")
			id := resp.Header.Get("X-Request-ID")
			if len(id) != 16 {
				t.Fatalf("X-Request-ID %q: want 16 hex digits", id)
			}
			lines := requestLines(t, logs.String())
			if len(lines) != 1 {
				t.Fatalf("%d request lines, want 1:\n%s", len(lines), logs)
			}
			line := lines[0]
			for key, want := range map[string]any{"request_id": id, "route": "GET /posts/{id}", "path": f.articlePath(),
				"status": float64(200), "method": "GET", "client": c.wantClient} {
				if got := line[key]; got != want {
					t.Errorf("log %s = %v, want %v", key, got, want)
				}
			}
			if b, _ := line["bytes"].(float64); b <= 0 {
				t.Errorf("log bytes = %v, want the size of the page", line["bytes"])
			}
			if _, ok := line["ms"].(float64); !ok {
				t.Errorf("log ms = %v, want a duration", line["ms"])
			}
			if strings.Contains(logs.String(), "secret-search") {
				t.Error("the log holds the query string")
			}
			if !c.full && strings.Contains(logs.String(), "127.0.0.1") {
				t.Error("the log holds the client's full address")
			}
		})
	}
}

// An incoming X-Request-ID is kept only from a trusted proxy, and only
// when it looks like an id.
func TestRequestIDFromProxy(t *testing.T) {
	f := newDeskFixture(t, nil)
	serve := func(trusted string) string {
		cfg := web.Config{SiteName: "Burg Test", Location: time.UTC}
		if trusted != "" {
			cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix(trusted)}
		}
		srv, err := web.New(cfg, web.Deps{Store: f.store, Now: f.clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		t.Cleanup(ts.Close)
		return ts.URL
	}
	direct, behind := serve(""), serve("127.0.0.0/8")
	for _, c := range []struct {
		name, base, sent string
		kept             bool
	}{
		{"UntrustedPeer", direct, "3f2a9c1e-77aa-4bb0-9e1d-0c5e2a7b8d41", false},
		{"TrustedUUID", behind, "3f2a9c1e-77aa-4bb0-9e1d-0c5e2a7b8d41", true},
		{"TrustedTrace", behind, "Root=1-67891233-abcdef012345678912345678", true},
		{"TrustedButNewline", behind, "abc\u00e9def", false},
		{"TrustedButSpace", behind, "abc def", false},
		{"TrustedButLong", behind, strings.Repeat("a", 129), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, c.base+"/healthz", nil)
			req.Header.Set("X-Request-ID", c.sent)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := resp.Header.Get("X-Request-ID")
			if c.kept && got != c.sent {
				t.Errorf("X-Request-ID %q, want the proxy's %q", got, c.sent)
			}
			if !c.kept && (got == c.sent || len(got) != 16) {
				t.Errorf("X-Request-ID %q, want a new id of 16 hex digits", got)
			}
		})
	}
}

// /readyz is 200 on a migrated store and 503 with the reason when a
// migration is missing; /healthz stays 200 meanwhile, as the store
// answers.
func TestReadyz(t *testing.T) {
	path := filepath.Join(t.TempDir(), "burg.db")
	store, err := sqlstore.Open(t.Context(), path, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	srv, err := web.New(web.Config{}, web.Deps{Store: store})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	check := func(path string, wantStatus int, wantBody string) {
		t.Helper()
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != wantStatus || !strings.Contains(string(b), wantBody) {
			t.Errorf("GET %s = %d %q, want %d and %q", path, resp.StatusCode, b, wantStatus, wantBody)
		}
		if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("GET %s: Cache-Control %q, want no-store", path, cc)
		}
	}
	check("/readyz", http.StatusOK, "ready")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var version int
	var name string
	if err := raw.QueryRowContext(t.Context(), "SELECT version, name FROM schema_migrations ORDER BY version DESC LIMIT 1").Scan(&version, &name); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(t.Context(), "DELETE FROM schema_migrations WHERE version = ?", version); err != nil {
		t.Fatal(err)
	}
	check("/readyz", http.StatusServiceUnavailable, "lacks 1 of the")
	check("/healthz", http.StatusOK, "ok")
	if _, err := raw.ExecContext(t.Context(), "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", version, name); err != nil {
		t.Fatal(err)
	}
	check("/readyz", http.StatusOK, "ready")
}

// BenchmarkRequestOverhead serves the smallest route, the favicon, through
// the whole middleware, without and with metrics: what a request id, the
// log line and the series cost every request.
func BenchmarkRequestOverhead(b *testing.B) {
	store, err := sqlstore.Open(b.Context(), filepath.Join(b.TempDir(), "burg.db"), sqlstore.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	for _, c := range []struct {
		name    string
		metrics bool
	}{{"NoMetrics", false}, {"Metrics", true}} {
		b.Run(c.name, func(b *testing.B) {
			var m *metrics.Metrics
			if c.metrics {
				m = metrics.New(metrics.Build{})
			}
			srv, err := web.New(web.Config{}, web.Deps{Store: store, Metrics: m,
				Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
			if err != nil {
				b.Fatal(err)
			}
			h := srv.Handler()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/favicon.ico", nil))
				if rec.Code >= 400 {
					b.Fatalf("GET /favicon.ico: %d", rec.Code)
				}
			}
		})
	}
}
