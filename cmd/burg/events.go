package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strings"
	"sync"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/bus"
	"github.com/burg-news/burg/internal/pgnotify"
)

// pgRelay tells every process on the same PostgreSQL database of the
// writes made by this one, as notifications "ORIGIN EVENT", so that their
// caches and live streams keep up. ORIGIN names this process, so that it
// can skip its own notices, which it has applied already.
type pgRelay struct {
	n      *pgnotify.Notifier
	origin string
	logger *slog.Logger
}

func newOrigin() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Publish sends e as a notification; a failure is logged, and the others
// catch up when their caches are next refreshed.
func (p pgRelay) Publish(ctx context.Context, e burg.Event) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := p.n.Notify(ctx, p.origin+" "+e.String()); err != nil {
		p.logger.Error("publish event", "event", e.String(), "err", err)
	}
}

// listenEvents delivers to b the events the other processes on the
// database publish, until the returned function is called. It returns
// once it listens, so that nothing published after it returns is missed.
func listenEvents(ctx context.Context, dsn, origin string, b *bus.Bus, logger *slog.Logger) (stop func(), err error) {
	l := pgnotify.NewListener(dsn, func(payload string) {
		from, ev, ok := strings.Cut(payload, " ")
		if !ok {
			logger.Warn("unknown event", "payload", payload)
			return
		}
		if from == origin {
			return // ours, applied when it was published
		}
		e, err := burg.ParseEvent(ev)
		if err != nil {
			logger.Warn("unknown event", "err", err)
			return
		}
		b.Deliver(e)
	}, pgnotify.ListenerOptions{
		Logger: logger,
		// Whatever was published while the connection was down is lost:
		// assume that everything changed.
		Reconnected: func() { b.Deliver(burg.Event{Kind: burg.EventAll}) },
	})
	if err := l.Connect(ctx); err != nil {
		return nil, err
	}
	lctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Go(func() { l.Run(lctx) })
	return func() { cancel(); wg.Wait() }, nil
}
