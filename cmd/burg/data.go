package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/burg-news/burg/internal/app"
	"github.com/burg-news/burg/internal/bus"
	"github.com/burg-news/burg/internal/pgnotify"
	"github.com/burg-news/burg/internal/sqlstore"
)

// site is what a command that changes data works with: the store, and the
// application layer over it that applies the site's rules and tells every
// running server of each write.
type site struct {
	store  *sqlstore.Store
	app    *app.App
	bus    *bus.Bus
	origin string
	closes []func()
}

// openSite opens the database of cfg and the application layer over it.
// On PostgreSQL the events of writes go to every instance by notification;
// on SQLite a running server notices another process's writes by itself.
func openSite(ctx context.Context, cfg Config, ac app.Config, ad app.Deps, logger *slog.Logger) (*site, error) {
	store, err := sqlstore.Open(ctx, cfg.dsn(), sqlstore.Options{Synchronous: cfg.Synchronous, NoMigrate: cfg.NoMigrate})
	if err != nil {
		return nil, err
	}
	s := &site{store: store, bus: bus.New(), origin: newOrigin()}
	s.closes = append(s.closes, func() { store.Close() })
	if store.Dialect() == "postgres" {
		notifier, err := pgnotify.NewNotifier(ctx, cfg.dsn())
		if err != nil {
			s.Close()
			return nil, err
		}
		s.closes = append(s.closes, func() { notifier.Close() })
		s.bus.Relay(pgRelay{n: notifier, origin: s.origin, logger: logger})
	}
	ad.Store, ad.Events, ad.Logger = store, s.bus, logger
	if ad.Now == nil {
		ad.Now = time.Now
	}
	if ac.Location == nil {
		ac.Location = cfg.location
	}
	if s.app, err = app.New(ctx, ac, ad); err != nil {
		s.Close()
		return nil, err
	}
	s.bus.Subscribe(s.app.Apply)
	return s, nil
}

// Close closes what openSite opened, the store last.
func (s *site) Close() {
	for i := len(s.closes) - 1; i >= 0; i-- {
		s.closes[i]()
	}
}
