// Package web serves Burg over HTTP: every route is in routes.go, one file
// per resource holds its handlers, and pages are typed structs rendered
// through embedded html/template files.
package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/extract"
	"github.com/burg-news/burg/internal/live"
	"github.com/burg-news/burg/internal/nick"
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
	// 0 means DefaultPageCacheBytes.
	PageCacheBytes int64
	// PasswordChecks is how many password hashes may run at once (0: one
	// per core), and PasswordWait how long a login waits for a turn
	// before it is answered 503 (0: three seconds).
	PasswordChecks int
	PasswordWait   time.Duration
}

// Deps are the parts a server works with.
type Deps struct {
	Store  burg.Store
	Views  *views.Counter // nil: views are not counted
	Visits *views.Visits  // nil: visits are not remembered
	Broker *live.Broker   // nil: a broker of this process alone
	// Events tells the other instances of writes made here; nil when
	// this instance is the only one (SQLite).
	Events Events
	// Uploads takes photos and Files serves them; nil switches photos off.
	Uploads *upload.Processor
	Files   upload.Storage
	Logger  *slog.Logger
	Now     burg.Clock
	// Fetcher pre-fills the posting form from a source's page; nil
	// switches fetching off.
	Fetcher *extract.Fetcher
	// Translators are the machine translation engines offered to
	// posters; those not set up are left out.
	Translators []translate.Engine
}

// Server is Burg's HTTP front.
type Server struct {
	cfg     Config
	store   burg.Store
	views   *views.Counter
	visits  *views.Visits
	broker  *live.Broker
	events  Events
	logger  *slog.Logger
	now     burg.Clock
	tmpl    map[string]*template.Template
	assets  *assets
	mux     *http.ServeMux
	secret  []byte // signs visitor cookies and form tokens
	nicks   *nick.Generator
	uploads *upload.Processor
	files   upload.Storage
	// uploadLimiter bounds photos per visitor and address.
	uploadLimiter *limiter
	cache         *pageCache
	chromeCache   atomic.Pointer[chrome]
	bodies        *renderCache // post bodies
	comments      *renderCache // comment bodies
	remarks       *renderCache // editorial remarks
	articles      *dataCache[int64, *articleData]
	// desk is what the posting desk keeps: logins, fetcher, engines.
	desk *desk
	// streams ends the live streams when the server shuts down.
	streams       context.Context
	cancelStreams context.CancelFunc
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
	s := &Server{cfg: cfg, store: d.Store, views: d.Views, visits: d.Visits, broker: d.Broker, events: d.Events,
		logger: d.Logger, now: d.Now, nicks: nick.NewRandomGenerator(),
		uploads: d.Uploads, files: d.Files, uploadLimiter: newLimiter(d.Now, uploadLimits), cache: newPageCache(cfg.PageCacheBytes),
		bodies: newRenderCache(20_000), comments: newRenderCache(100_000), remarks: newRenderCache(5_000),
		articles: newDataCache[int64, *articleData](2_000)}
	s.streams, s.cancelStreams = context.WithCancel(context.Background())
	s.desk = newDesk(cfg, d)
	var err error
	if s.assets, err = loadAssets(cfg.StaticDir); err != nil {
		return nil, err
	}
	if s.tmpl, err = s.parseTemplates(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if s.secret, err = loadSecret(ctx, d.Store); err != nil {
		return nil, err
	}
	s.mux = http.NewServeMux()
	s.routes()
	return s, nil
}

// CloseStreams ends the live comment streams, so that a graceful shutdown
// need not wait for readers to leave.
func (s *Server) CloseStreams() { s.cancelStreams() }

// Handler returns the server's handler with its middleware.
func (s *Server) Handler() http.Handler {
	csrf := http.NewCrossOriginProtection()
	return s.behindProxies(s.logRequests(s.recoverPanics(securityHeaders(gzipResponses(csrf.Handler(s.withUser(s.mux)))))))
}

// error is the one error exit of handlers: it maps the domain code to a
// status, logs internal errors, and renders the error page.
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	code := burg.ErrorCode(err)
	status := statusOf(code)
	if code == burg.EINTERNAL {
		if r.Context().Err() != nil {
			return // the client went away
		}
		s.logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.render(w, r, status, "error", &errorPage{
		base:    s.base(r, http.StatusText(status)),
		Status:  status,
		Message: burg.ErrorMessage(err),
	})
}

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
