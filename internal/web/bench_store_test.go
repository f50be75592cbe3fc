package web_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/pgnotify"
	"github.com/burg-news/burg/internal/pgtest"
	"github.com/burg-news/burg/internal/sqlstore"
)

// benchStore opens the store the benchmarks run on: a SQLite file with
// the durability Burg ships (synchronous=FULL), or, with
// BURG_BENCH_STORE=postgres, a fresh schema on the PostgreSQL server
// named by BURG_TEST_DATABASE_URL, with synchronous_commit on as a
// production server has it. On PostgreSQL it also returns the Events a
// served instance publishes through (NOTIFY), so that a comment costs
// what it costs there.
func benchStore(b *testing.B) (*sqlstore.Store, burg.EventPublisher) {
	b.Helper()
	ctx := b.Context()
	switch kind := os.Getenv("BURG_BENCH_STORE"); kind {
	case "", "sqlite":
		store, err := sqlstore.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), sqlstore.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { store.Close() })
		return store, nil
	case "postgres":
		dsn := benchSchema(b)
		store, err := sqlstore.Open(ctx, dsn, sqlstore.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { store.Close() })
		n, err := pgnotify.NewNotifier(ctx, dsn)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { n.Close() })
		return store, notifyEvents{n}
	default:
		b.Fatalf("BURG_BENCH_STORE must be sqlite or postgres, not %q", kind)
		return nil, nil
	}
}

// benchSchema makes a schema of its own on BURG_TEST_DATABASE_URL and
// returns the URL that works in it.
func benchSchema(b *testing.B) string {
	b.Helper()
	return pgtest.URL(b, "BURG_BENCH_STORE=postgres")
}

// notifyEvents publishes events as notifications, as burg serve does on
// PostgreSQL.
type notifyEvents struct{ n *pgnotify.Notifier }

func (e notifyEvents) Publish(ctx context.Context, ev burg.Event) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	e.n.Notify(ctx, ev.String())
}
