// Package web serves Burg over HTTP: every route and its access group are
// in routes.go, one file per resource holds its handlers, and pages are
// typed structs rendered through embedded html/template files.
//
// Handlers parse a request, make one call into the application layer
// (internal/app) for a write or read the store for a page, and render or
// redirect. Nothing here writes to the store: the caches follow the
// domain events the application layer publishes.
package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
	"github.com/burg-news/burg/internal/bus"
	"github.com/burg-news/burg/internal/extract"
	"github.com/burg-news/burg/internal/live"
	"github.com/burg-news/burg/internal/metrics"
	"github.com/burg-news/burg/internal/translate"
	"github.com/burg-news/burg/internal/upload"
	"github.com/burg-news/burg/internal/views"
)

// Config holds what the web server needs to know about the site.
type Config struct {
	SiteName string
	// Location is the site's time zone: it decides where a day's edition
	// starts and ends.
	Location *time.Location
	// CommentsCloseAfter is the site's default age after which comments
	// close; 0 keeps them open.
	CommentsCloseAfter time.Duration
	// BaseURL is the site's public address, such as https://news.example.org,
	// used where a page needs an absolute link (mail, JSON-LD).
	BaseURL string
	// StaticDir, when set, serves static files from disk (for development).
	StaticDir string
	// TrustedProxies are the load balancers whose X-Forwarded-For header
	// names the client; empty trusts no header.
	TrustedProxies []netip.Prefix
	// PageCacheBytes bounds the rendered pages kept for readers;
	// 0 means DefaultPageCacheBytes, PageCacheOff (any negative size)
	// keeps none.
	PageCacheBytes int64
	// PasswordChecks and PasswordWait tune the application layer that New
	// makes when Deps.App is nil; see app.Config.
	PasswordChecks int
	PasswordWait   time.Duration
	// LogFullIP logs clients' whole addresses; by default the request log
	// keeps only their /24 or /48 network, as addresses are personal data.
	LogFullIP bool
	// OpsElsewhere leaves /metrics and /debug/pprof/ to a listener of
	// their own (OpsHandler); otherwise this server serves them, to admins.
	OpsElsewhere bool
}

// Deps are the parts a server works with.
type Deps struct {
	// Store is read for pages; every write goes through App.
	Store burg.Store
	// App is the application layer. When nil, New makes one over Store
	// with the site's settings from Config and the Fetcher, Translators
	// and Uploads below (tests and simple embeddings do this).
	App *app.App
	// Bus carries the events of writes to the caches. It must be the bus
	// App publishes to; nil (only with App nil) makes one of this server's
	// own.
	Bus    *bus.Bus
	Views  *views.Counter // nil: views are not counted
	Visits *views.Visits  // nil: visits are not remembered
	Broker *live.Broker   // nil: a broker of this process alone
	// Files serves stored photos; nil serves none.
	Files  upload.Storage
	Logger *slog.Logger
	Now    burg.Clock
	// Metrics counts requests and reads the page cache; nil counts
	// nothing and serves no /metrics. One server per Metrics: a second
	// server's page cache cannot be registered beside the first.
	Metrics *metrics.Metrics

	// For the application layer New makes when App is nil.
	Fetcher     *extract.Fetcher
	Translators []translate.Engine
	Uploads     *upload.Processor
}

// Server is Burg's HTTP front.
type Server struct {
	cfg     Config
	store   burg.Store
	app     *app.App
	views   *views.Counter
	visits  *views.Visits
	broker  *live.Broker
	logger  *slog.Logger
	now     burg.Clock
	metrics *metrics.Metrics
	tmpl    map[string]*template.Template
	assets  *assets
	mux     *http.ServeMux
	files   upload.Storage
	caches  *caches
	// streams ends the live streams when the server shuts down.
	streams       context.Context
	cancelStreams context.CancelFunc
	stopEvents    func()
}

// New builds a server. Templates are parsed here: a bad template stops the
// program, not a request.
func New(cfg Config, d Deps) (*Server, error) {
	if cfg.SiteName == "" {
		cfg.SiteName = "Burg"
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Broker == nil {
		d.Broker = live.NewBroker()
	}
	if d.App == nil {
		if d.Bus == nil {
			d.Bus = bus.New()
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		a, err := app.New(ctx, app.Config{SiteName: cfg.SiteName, Location: cfg.Location,
			CommentsCloseAfter: cfg.CommentsCloseAfter, MinFill: 2 * time.Second,
			PasswordChecks: cfg.PasswordChecks, PasswordWait: cfg.PasswordWait},
			app.Deps{Store: d.Store, Events: d.Bus, Now: d.Now, Logger: d.Logger,
				Fetcher: d.Fetcher, Translators: d.Translators, Uploads: d.Uploads, Metrics: appMetrics(d.Metrics)})
		cancel()
		if err != nil {
			return nil, err
		}
		d.App = a
		d.Bus.Subscribe(a.Apply)
	} else if d.Bus == nil {
		return nil, errors.New("web: Deps.Bus must be the bus Deps.App publishes to")
	}
	s := &Server{cfg: cfg, store: d.Store, app: d.App, views: d.Views, visits: d.Visits, broker: d.Broker,
		logger: d.Logger, now: d.Now, files: d.Files, metrics: d.Metrics}
	s.caches = newCaches(cfg.PageCacheBytes)
	if d.Metrics != nil {
		err := d.Metrics.WatchPageCache(func() metrics.CacheFigures {
			st := s.PageCacheStats()
			return metrics.CacheFigures{Hits: st.Hits, Misses: st.Misses, Bytes: st.Bytes, Entries: st.Entries}
		})
		if err != nil {
			return nil, fmt.Errorf("web: metrics: %w", err)
		}
	}
	s.streams, s.cancelStreams = context.WithCancel(context.Background())
	var err error
	if s.assets, err = loadAssets(cfg.StaticDir); err != nil {
		return nil, err
	}
	if s.tmpl, err = s.parseTemplates(); err != nil {
		return nil, err
	}
	s.stopEvents = d.Bus.Subscribe(s.apply)
	s.mux = http.NewServeMux()
	s.routes()
	return s, nil
}

// appMetrics is m as the application layer's Metrics, nil when m is:
// an interface holding a nil pointer is not nil.
func appMetrics(m *metrics.Metrics) app.Metrics {
	if m == nil {
		return nil
	}
	return m
}

// apply acts on the event of a write, made here or elsewhere: the caches
// drop what it changed, and the post's live streams wake.
func (s *Server) apply(e burg.Event) {
	s.caches.apply(e)
	if e.PostID != 0 && (e.Kind == burg.EventComment || e.Kind == burg.EventPost) {
		s.broker.Publish(e.PostID)
	}
}

// CloseStreams ends the live comment streams, so that a graceful shutdown
// need not wait for readers to leave.
func (s *Server) CloseStreams() { s.cancelStreams() }

// Handler returns the server's handler with its middleware.
func (s *Server) Handler() http.Handler {
	csrf := http.NewCrossOriginProtection()
	return s.requestIDs(s.behindProxies(s.logRequests(s.recoverPanics(securityHeaders(gzipResponses(csrf.Handler(s.withUser(s.mux))))))))
}

// error is the one error exit of handlers: it maps the domain code to a
// status, logs internal errors, and renders the error page. A reader who
// must log in first is sent to the login page when they asked for a page.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	code := burg.ErrorCode(err)
	if code == burg.EINTERNAL && r.Context().Err() != nil {
		return // the client went away
	}
	if code == burg.EUNAUTHORIZED && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	status := statusOf(code)
	if code == burg.EINTERNAL {
		s.logger.Error("request failed", "request_id", RequestID(r.Context()), "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if code == burg.EUNAVAILABLE {
		w.Header().Set("Retry-After", "5")
	}
	s.render(w, r, status, "error", &errorPage{
		base:    s.base(r, http.StatusText(status)),
		Status:  status,
		Message: burg.ErrorMessage(err),
	})
}

// statusOf maps a domain error code to the status of the error page.
func statusOf(code string) int {
	switch code {
	case burg.EINVALID:
		return http.StatusBadRequest
	case burg.ENOTFOUND:
		return http.StatusNotFound
	case burg.ECONFLICT:
		return http.StatusConflict
	case burg.EFORBIDDEN:
		return http.StatusForbidden
	case burg.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case burg.ETOOMANY:
		return http.StatusTooManyRequests
	case burg.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// render executes a page template into a buffer, then writes it with an
// ETag, answering 304 when the client has it already.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, page any) {
	body, err := s.execute(name, page)
	if err != nil {
		s.logger.Error("render page", "template", name, "err", err)
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if s.user(r) != nil && h.Get("Cache-Control") == "" {
		// Pages for a logged-in user show their name and tools.
		h.Set("Cache-Control", "private, no-cache")
	}
	if status == http.StatusOK {
		etag := etagOf(body)
		h.Set("ETag", etag)
		if h.Get("Cache-Control") == "" {
			h.Set("Cache-Control", "no-cache")
		}
		if etagMatch(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	} else {
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// execute renders a page template into a new byte slice.
func (s *Server) execute(name string, page any) ([]byte, error) {
	t, ok := s.tmpl[name]
	if !ok {
		return nil, fmt.Errorf("no template %q", name)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout", page); err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
}

// ctxTimeout bounds the store work of one request.
func ctxTimeout(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), 10*time.Second)
}
