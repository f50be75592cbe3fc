package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/burg-news/burg/internal/pgnotify"
	"github.com/burg-news/burg/internal/web"
)

// pgEvents tells every instance on the same PostgreSQL database of the
// writes made by this one, as notifications.
type pgEvents struct {
	n      *pgnotify.Notifier
	logger *slog.Logger
}

// Publish sends e as a notification; a failure is logged, and the other
// instances' pages catch up when their caches age out.
func (p pgEvents) Publish(ctx context.Context, e web.Event) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := p.n.Notify(ctx, e.String()); err != nil {
		p.logger.Error("publish event", "event", e.String(), "err", err)
	}
}

// listenEvents applies to srv the events every instance publishes, this
// one's included, until the returned function is called. It returns once
// it listens, so that nothing published after it returns is missed.
func listenEvents(ctx context.Context, dsn string, srv *web.Server, logger *slog.Logger) (stop func(), err error) {
	l := pgnotify.NewListener(dsn, func(payload string) {
		e, err := web.ParseEvent(payload)
		if err != nil {
			logger.Warn("unknown event", "err", err)
			return
		}
		srv.Apply(e)
	}, pgnotify.ListenerOptions{
		Logger: logger,
		// Whatever was published while the connection was down is lost:
		// assume that everything changed.
		Reconnected: func() { srv.Apply(web.Event{Kind: web.EventChanged}) },
	})
	if err := l.Connect(ctx); err != nil {
		return nil, err
	}
	lctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { l.Run(lctx) })
	return func() { cancel(); wg.Wait() }, nil
}
