// Package metrics keeps the figures an operator watches Burg by, in
// Prometheus's registry, and serves them in its text format.
//
// One Metrics holds every series of a process. The parts that produce
// figures do not import Prometheus: the web server reports each request
// (Request), the application layer what becomes of each comment (it takes
// Metrics as its app.Metrics), and what keeps figures of its own (the page
// cache, the database pools, the buffers of view counts) is read when
// Prometheus scrapes, through the Watch methods.
//
// The series, all prefixed burg_:
//
//	http_requests_total{route,status}        requests answered, by route pattern
//	http_request_duration_seconds{route}     time to answer them (histogram)
//	page_cache_hits_total, _misses_total     lookups of the rendered-page cache
//	page_cache_bytes, page_cache_entries     what it holds
//	db_pool_*{pool}                          database/sql pool figures
//	comments_posted_total                    comments stored and shown
//	comments_held_total                      comments stored and held for a moderator
//	comments_refused_total{reason}           comments not stored, and why
//	flush_pending{buffer}                    what a write-behind buffer holds
//	flush_lag_seconds{buffer}                time since it was last written out
//	build_info{version,commit}               always 1
//
// plus Go's runtime and the process (go_*, process_*).
//
// Group commits of comments do not exist yet; when they do, their batch
// sizes belong here as a histogram (burg_comment_batch_size).
package metrics

import (
	"database/sql"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is the registry of one process's series. It is safe for
// concurrent use; the zero value is not (use New).
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	posted   prometheus.Counter
	held     prometheus.Counter
	refused  *prometheus.CounterVec

	// counters and observers keep the series of each route (and status),
	// so that a request finds its own without hashing labels.
	counters  sync.Map // routeStatus -> prometheus.Counter
	observers sync.Map // string -> prometheus.Observer
}

type routeStatus struct {
	route  string
	status int
}

// Build names the running binary in burg_build_info.
type Build struct {
	Version, Commit string
}

// latencyBuckets reach below a millisecond, where pages served from the
// cache answer, and up to the write timeout.
var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// refusalReasons are the reasons comments_refused_total is kept by, set
// to zero from the start so that a rate of each exists before the first.
func refusalReasons() []string {
	return []string{"spam", "invalid", "closed", "banned", "rate_limited", "not_found", "other"}
}

// New returns a registry with Go's and the process's collectors and the
// series of requests and comments.
func New(b Build) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "burg_http_requests_total",
		Help: "HTTP requests answered, by route pattern and status code.",
	}, []string{"route", "status"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "burg_http_request_duration_seconds",
		Help:    "Time from a request's arrival to the end of its answer, by route pattern.",
		Buckets: latencyBuckets,
	}, []string{"route"})
	m.posted = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "burg_comments_posted_total",
		Help: "Comments stored and shown to readers.",
	})
	m.held = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "burg_comments_held_total",
		Help: "Comments stored and held for a moderator.",
	})
	m.refused = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "burg_comments_refused_total",
		Help: "Comments not stored, by reason: spam traps, invalid input, closed thread, ban, rate limit, missing post.",
	}, []string{"reason"})
	for _, r := range refusalReasons() {
		m.refused.WithLabelValues(r)
	}
	info := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "burg_build_info",
		Help:        "The running binary's version and commit; always 1.",
		ConstLabels: prometheus.Labels{"version": b.Version, "commit": b.Commit},
	})
	info.Set(1)
	m.reg.MustRegister(m.requests, m.duration, m.posted, m.held, m.refused, info,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the registry in Prometheus's exposition formats.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Request counts one answered request. route is the pattern that matched
// (such as "GET /posts/{id}"), never the path, so that the series stay
// few; "" counts as "unmatched".
func (m *Metrics) Request(route string, status int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	key := routeStatus{route, status}
	c, ok := m.counters.Load(key)
	if !ok {
		c, _ = m.counters.LoadOrStore(key, m.requests.WithLabelValues(route, strconv.Itoa(status)))
	}
	c.(prometheus.Counter).Inc()
	o, ok := m.observers.Load(route)
	if !ok {
		o, _ = m.observers.LoadOrStore(route, m.duration.WithLabelValues(route))
	}
	o.(prometheus.Observer).Observe(d.Seconds())
}

// CommentPosted counts a comment stored and shown.
func (m *Metrics) CommentPosted() { m.posted.Inc() }

// CommentHeld counts a comment stored and held for a moderator.
func (m *Metrics) CommentHeld() { m.held.Inc() }

// CommentRefused counts a comment not stored, for a reason: spam
// (a trap caught it), invalid, closed, banned, rate_limited or not_found;
// any other reason counts as "other".
func (m *Metrics) CommentRefused(reason string) {
	if !slices.Contains(refusalReasons(), reason) {
		reason = "other"
	}
	m.refused.WithLabelValues(reason).Inc()
}

// CacheFigures are what the page cache reports of itself.
type CacheFigures struct {
	Hits, Misses uint64
	Bytes        int64
	Entries      int
}

// WatchPageCache reads the page cache's figures at every scrape.
func (m *Metrics) WatchPageCache(figures func() CacheFigures) error {
	return m.reg.Register(&cacheCollector{figures: figures,
		hits:    prometheus.NewDesc("burg_page_cache_hits_total", "Lookups of the rendered-page cache that found the page.", nil, nil),
		misses:  prometheus.NewDesc("burg_page_cache_misses_total", "Lookups of the rendered-page cache that did not.", nil, nil),
		bytes:   prometheus.NewDesc("burg_page_cache_bytes", "Bytes of the pages the cache holds, plain and compressed.", nil, nil),
		entries: prometheus.NewDesc("burg_page_cache_entries", "Pages the cache holds.", nil, nil),
	})
}

type cacheCollector struct {
	figures                      func() CacheFigures
	hits, misses, bytes, entries *prometheus.Desc
}

func (c *cacheCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.hits
	ch <- c.misses
	ch <- c.bytes
	ch <- c.entries
}

func (c *cacheCollector) Collect(ch chan<- prometheus.Metric) {
	f := c.figures()
	ch <- prometheus.MustNewConstMetric(c.hits, prometheus.CounterValue, float64(f.Hits))
	ch <- prometheus.MustNewConstMetric(c.misses, prometheus.CounterValue, float64(f.Misses))
	ch <- prometheus.MustNewConstMetric(c.bytes, prometheus.GaugeValue, float64(f.Bytes))
	ch <- prometheus.MustNewConstMetric(c.entries, prometheus.GaugeValue, float64(f.Entries))
}

// WatchPools reads the database pools' figures, by pool name, at every
// scrape.
func (m *Metrics) WatchPools(stats func() map[string]sql.DBStats) error {
	d := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc("burg_db_pool_"+name, help, []string{"pool"}, nil)
	}
	return m.reg.Register(&poolCollector{stats: stats,
		maxOpen:  d("max_open_connections", "Most connections the pool may open."),
		open:     d("open_connections", "Connections open, in use or idle."),
		inUse:    d("in_use_connections", "Connections in use."),
		idle:     d("idle_connections", "Idle connections."),
		waits:    d("waits_total", "Times a caller waited for a connection."),
		waitTime: d("wait_seconds_total", "Time callers waited for a connection."),
		closed:   d("closed_total", "Connections closed for being idle too many, too long or too old."),
	})
}

type poolCollector struct {
	stats                                               func() map[string]sql.DBStats
	maxOpen, open, inUse, idle, waits, waitTime, closed *prometheus.Desc
}

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.maxOpen, c.open, c.inUse, c.idle, c.waits, c.waitTime, c.closed} {
		ch <- d
	}
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	for name, s := range c.stats() {
		ch <- prometheus.MustNewConstMetric(c.maxOpen, prometheus.GaugeValue, float64(s.MaxOpenConnections), name)
		ch <- prometheus.MustNewConstMetric(c.open, prometheus.GaugeValue, float64(s.OpenConnections), name)
		ch <- prometheus.MustNewConstMetric(c.inUse, prometheus.GaugeValue, float64(s.InUse), name)
		ch <- prometheus.MustNewConstMetric(c.idle, prometheus.GaugeValue, float64(s.Idle), name)
		ch <- prometheus.MustNewConstMetric(c.waits, prometheus.CounterValue, float64(s.WaitCount), name)
		ch <- prometheus.MustNewConstMetric(c.waitTime, prometheus.CounterValue, s.WaitDuration.Seconds(), name)
		ch <- prometheus.MustNewConstMetric(c.closed, prometheus.CounterValue,
			float64(s.MaxIdleClosed+s.MaxIdleTimeClosed+s.MaxLifetimeClosed), name)
	}
}

// Flusher is a write-behind buffer, such as the view counts: what it
// holds, and when it was last written out (or found empty).
type Flusher interface {
	Buffered() int
	LastFlush() time.Time
}

// WatchFlushers reads each named buffer at every scrape. The lag grows
// while flushes fail, so an alert on it finds a store that refuses writes.
func (m *Metrics) WatchFlushers(now func() time.Time, buffers map[string]Flusher) error {
	return m.reg.Register(&flushCollector{now: now, buffers: buffers,
		pending: prometheus.NewDesc("burg_flush_pending", "Entries a write-behind buffer holds, not yet stored.", []string{"buffer"}, nil),
		lag:     prometheus.NewDesc("burg_flush_lag_seconds", "Time since a write-behind buffer was last written out or found empty.", []string{"buffer"}, nil),
	})
}

type flushCollector struct {
	now          func() time.Time
	buffers      map[string]Flusher
	pending, lag *prometheus.Desc
}

func (c *flushCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.pending
	ch <- c.lag
}

func (c *flushCollector) Collect(ch chan<- prometheus.Metric) {
	now := c.now()
	for name, b := range c.buffers {
		ch <- prometheus.MustNewConstMetric(c.pending, prometheus.GaugeValue, float64(b.Buffered()), name)
		ch <- prometheus.MustNewConstMetric(c.lag, prometheus.GaugeValue, max(0, now.Sub(b.LastFlush()).Seconds()), name)
	}
}
