package metrics_test

import (
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/burg-news/burg/internal/metrics"
)

// buffer is a write-behind buffer with fixed figures.
type buffer struct {
	n    int
	last time.Time
}

func (b buffer) Buffered() int        { return b.n }
func (b buffer) LastFlush() time.Time { return b.last }

// scrape returns the text exposition of m.
func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	ts := httptest.NewServer(m.Handler())
	t.Cleanup(ts.Close)
	resp, err := http.Get(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Each series comes out with the labels and values it was given; unknown
// refusal reasons and unmatched routes are folded into one label each, so
// that no caller can grow the series without bound.
func TestSeries(t *testing.T) {
	m := metrics.New(metrics.Build{Version: "v1.2.3", Commit: "abc123"})
	m.Request("GET /posts/{id}", 200, 3*time.Millisecond)
	m.Request("", 404, time.Millisecond)
	m.CommentPosted()
	m.CommentHeld()
	m.CommentRefused("banned")
	m.CommentRefused("a reason nobody planned")
	at := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	if err := m.WatchFlushers(func() time.Time { return at }, map[string]metrics.Flusher{
		"views": buffer{n: 3, last: at.Add(-7 * time.Second)}}); err != nil {
		t.Fatal(err)
	}
	if err := m.WatchPools(func() map[string]sql.DBStats {
		return map[string]sql.DBStats{"read": {MaxOpenConnections: 8, OpenConnections: 2, InUse: 1, Idle: 1, WaitCount: 4}}
	}); err != nil {
		t.Fatal(err)
	}
	if err := m.WatchPageCache(func() metrics.CacheFigures {
		return metrics.CacheFigures{Hits: 10, Misses: 4, Bytes: 2048, Entries: 3}
	}); err != nil {
		t.Fatal(err)
	}
	if err := m.WatchPageCache(func() metrics.CacheFigures { return metrics.CacheFigures{} }); err == nil {
		t.Error("a second page cache was registered beside the first")
	}
	body := scrape(t, m)
	for _, want := range []string{
		`burg_http_requests_total{route="GET /posts/{id}",status="200"} 1`,
		`burg_http_requests_total{route="unmatched",status="404"} 1`,
		`burg_http_request_duration_seconds_bucket{route="GET /posts/{id}",le="0.005"} 1`,
		`burg_http_request_duration_seconds_bucket{route="GET /posts/{id}",le="0.0025"} 0`,
		`burg_comments_posted_total 1`,
		`burg_comments_held_total 1`,
		`burg_comments_refused_total{reason="banned"} 1`,
		`burg_comments_refused_total{reason="other"} 1`,
		`burg_comments_refused_total{reason="spam"} 0`,
		`burg_flush_pending{buffer="views"} 3`,
		`burg_flush_lag_seconds{buffer="views"} 7`,
		`burg_db_pool_open_connections{pool="read"} 2`,
		`burg_db_pool_max_open_connections{pool="read"} 8`,
		`burg_db_pool_waits_total{pool="read"} 4`,
		`burg_page_cache_hits_total 10`,
		`burg_page_cache_misses_total 4`,
		`burg_page_cache_bytes 2048`,
		`burg_page_cache_entries 3`,
		`burg_build_info{commit="abc123",version="v1.2.3"} 1`,
		`process_start_time_seconds`,
	} {
		if !strings.Contains(body, want+"\n") && !strings.Contains(body, want+" ") {
			t.Errorf("no line %q in the exposition", want)
		}
	}
	if strings.Contains(body, "a reason nobody planned") {
		t.Error("an unknown refusal reason became a label of its own")
	}
}

// A benchmark of the cost one request adds to the request path.
func BenchmarkRequest(b *testing.B) {
	m := metrics.New(metrics.Build{})
	for b.Loop() {
		m.Request("GET /posts/{id}", 200, 2*time.Millisecond)
	}
}
