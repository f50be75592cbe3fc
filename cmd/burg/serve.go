package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/mattn/go-isatty"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
	"github.com/burg-news/burg/internal/demo"
	"github.com/burg-news/burg/internal/extract"
	"github.com/burg-news/burg/internal/metrics"
	"github.com/burg-news/burg/internal/sqlstore"
	"github.com/burg-news/burg/internal/translate"
	"github.com/burg-news/burg/internal/upload"
	"github.com/burg-news/burg/internal/views"
	"github.com/burg-news/burg/internal/web"
)

// runServe serves the site until ctx ends, then shuts down gracefully:
// requests in flight finish and buffered view counts are written.
func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("burg serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.serveFlags(fs)
	if err := parseFlags(fs, args, getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	if cfg.PrintConfig {
		printSettings(fs, stdout)
		return nil
	}
	logger := newLogger(cfg.LogFormat, stdout)
	build := readBuildInfo()
	logger.Info("starting", "version", build.Version, "commit", build.Commit, "go", build.Go)
	m := metrics.New(metrics.Build{Version: build.Version, Commit: build.Commit})

	files := upload.DirStorage{Dir: cfg.UploadsDir}
	st, err := openSite(ctx, cfg, app.Config{
		SiteName:           cfg.SiteName,
		Location:           cfg.location,
		CommentsCloseAfter: cfg.CommentsClose,
		MinFill:            cfg.MinFill,
		CommentLimits:      cfg.commentLimits,
		WARCDir:            cfg.WARCDir,
	}, app.Deps{Now: time.Now, Uploads: upload.New(upload.Config{}, files),
		Fetcher: extract.New(extract.Config{AllowPrivate: cfg.AllowPrivateFetch}), Translators: translators(cfg),
		Metrics: m}, logger)
	if err != nil {
		return err
	}
	defer st.Close()
	store := st.store
	if path := store.Path(); path != "" {
		// burg restore refuses while this lock is held.
		release, err := lockDatabase(path, false)
		if err != nil {
			if errors.Is(err, errLocked) {
				return fmt.Errorf("%s is being restored; start the server once the restore is done", path)
			}
			return err
		}
		defer release()
	}
	if cfg.Demo {
		if err := loadDemo(ctx, store, st.app, cfg, logger); err != nil {
			return err
		}
	}

	counter := views.New(store, logger)
	visits := views.NewVisits(store, logger)
	srv, err := web.New(web.Config{
		SiteName:           cfg.SiteName,
		Location:           cfg.location,
		CommentsCloseAfter: cfg.CommentsClose,
		BaseURL:            cfg.BaseURL,
		StaticDir:          cfg.StaticDir,
		TrustedProxies:     cfg.trustedProxies,
		LogFullIP:          cfg.LogFullIP,
		OpsElsewhere:       cfg.MetricsAddr != "",
		PageCacheBytes:     cfg.pageCacheBytes,
	}, web.Deps{Store: store, App: st.app, Bus: st.bus, Views: counter, Visits: visits, Logger: logger, Now: time.Now,
		Files: files, Metrics: m})
	if err != nil {
		return err
	}
	if err := m.WatchPools(store.Stats); err != nil {
		return err
	}
	if err := m.WatchFlushers(time.Now, map[string]metrics.Flusher{"views": counter, "visits": visits}); err != nil {
		return err
	}
	// Writes by other processes reach this one's caches: on PostgreSQL by
	// notification (other instances, the command line), on SQLite by
	// watching the file's data version (the command line).
	if store.Dialect() == "postgres" {
		stopListening, err := listenEvents(ctx, cfg.dsn(), st.origin, st.bus, logger)
		if err != nil {
			return err
		}
		defer stopListening()
	} else {
		wctx, stopWatching := context.WithCancel(ctx)
		defer stopWatching()
		store.WatchWrites(wctx, 500*time.Millisecond, func() { st.bus.Deliver(burg.Event{Kind: burg.EventAll}) })
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	var ops *http.Server
	if cfg.MetricsAddr != "" {
		opsLn, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("metrics-addr: %w", err)
		}
		// A CPU profile takes 30 seconds by default, a trace as long as asked.
		ops = &http.Server{Handler: web.OpsHandler(m), ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 5 * time.Minute,
			ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
		go ops.Serve(opsLn)
		defer ops.Close()
		logger.Info("metrics listening", "url", "http://"+opsLn.Addr().String()+"/metrics")
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	hs.RegisterOnShutdown(srv.CloseStreams)

	flushCtx, stopFlush := context.WithCancel(context.WithoutCancel(ctx))
	var flushing sync.WaitGroup
	flushing.Go(func() { counter.Run(flushCtx, cfg.ViewsFlush) })
	flushing.Go(func() { visits.Run(flushCtx, cfg.ViewsFlush) })
	// Posts the dictionary's changes touch, and those never rendered, are
	// rendered in the background, never on a request.
	renderCtx, stopRendering := context.WithCancel(ctx)
	var rendering sync.WaitGroup
	rendering.Go(func() { st.app.RunRenderer(renderCtx) })
	// Removed comments' texts go for good after the site's retention.
	flushing.Go(func() { st.app.RunPurge(flushCtx, purgeEvery) })

	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.Serve(ln) }()
	logger.Info("listening", "url", "http://"+ln.Addr().String(), "store", store.Dialect())

	select {
	case err = <-serveErr:
	case <-ctx.Done():
		logger.Info("shutting down")
		shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
		err = hs.Shutdown(shutCtx)
		cancel()
	}
	stopRendering()
	rendering.Wait()
	stopFlush()
	flushing.Wait() // the counter flushes once more as it stops
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	logger.Info("stopped")
	return err
}

// purgeEvery is how often a server purges removed comments' texts that
// are past the site's retention.
const purgeEvery = time.Hour

// loadDemo fills an empty database with demo content ending today.
func loadDemo(ctx context.Context, store *sqlstore.Store, a *app.App, cfg Config, logger *slog.Logger) error {
	pages, err := store.FindPages(ctx)
	if err != nil {
		return err
	}
	if len(pages) > 0 {
		logger.Info("demo content skipped: the database has content already")
		return nil
	}
	start := time.Now()
	site := demo.Generate(1, time.Now(), cfg.location, 30)
	if err := demo.LoadRendered(ctx, store, site, a.PostRenderer); err != nil {
		return fmt.Errorf("load demo content: %w", err)
	}
	logger.Info("demo content loaded", "posts", len(site.Posts), "tags", len(site.Tags),
		"sections", len(site.Sections), "ms", time.Since(start).Milliseconds())
	return nil
}

// translators are the translation engines the configuration sets up.
func translators(cfg Config) []translate.Engine {
	var engines []translate.Engine
	if cfg.Apertium != "" {
		engines = append(engines, translate.NewApertium(translate.ApertiumConfig{Command: cfg.Apertium}))
	}
	if cfg.LibreTranslateURL != "" {
		engines = append(engines, translate.NewLibreTranslate(translate.LibreTranslateConfig{
			URL: cfg.LibreTranslateURL, APIKey: cfg.LibreTranslateKey}))
	}
	return engines
}

// newLogger writes text for a person at a terminal and JSON lines for
// the programs that read logs otherwise; format text or json decides.
func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" || format == "auto" && !isTerminal(w) {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
