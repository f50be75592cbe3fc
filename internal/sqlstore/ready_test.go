package sqlstore_test

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/sqlstore"
)

// TestReady follows one database from empty to migrated, then loses and
// gains migration records: the store is ready exactly when every
// migration the binary carries is applied, newer ones allowed.
func TestReady(t *testing.T) {
	run := func(t *testing.T, dsn, driver string) {
		s, err := sqlstore.Open(t.Context(), dsn, sqlstore.Options{Now: clock, NoMigrate: true})
		if err != nil {
			t.Fatalf("open store: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		raw, err := sql.Open(driver, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { raw.Close() })
		exec := func(q string) {
			t.Helper()
			if _, err := raw.ExecContext(t.Context(), q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		notReady := func(want string) {
			t.Helper()
			err := s.Ready(t.Context())
			if got := burg.ErrorCode(err); got != burg.EUNAVAILABLE {
				t.Fatalf("Ready: code %q (%v), want %q", got, err, burg.EUNAVAILABLE)
			}
			if msg := burg.ErrorMessage(err); !strings.Contains(msg, want) {
				t.Errorf("Ready: message %q, want it to say %q", msg, want)
			}
		}

		notReady("none of the")
		if err := s.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		if err := s.Ready(t.Context()); err != nil {
			t.Fatalf("Ready after Migrate: %v", err)
		}
		exec("DELETE FROM schema_migrations WHERE version = 2")
		notReady("lacks 1 of the")
		exec("INSERT INTO schema_migrations (version, name) VALUES (2, 'back')")
		exec("INSERT INTO schema_migrations (version, name) VALUES (9999, 'from a newer burg')")
		if err := s.Ready(t.Context()); err != nil {
			t.Fatalf("Ready with a newer migration applied too: %v", err)
		}
		s.Close()
		notReady("does not answer")
	}
	t.Run("SQLite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "burg.db")
		run(t, path, "sqlite")
	})
	t.Run("Postgres", func(t *testing.T) {
		admin, baseURL := postgres(t)
		run(t, freshSchema(t, admin, baseURL), "pgx")
	})
}

// TestStats names the pools and counts the connections a read opened.
func TestStats(t *testing.T) {
	check := func(t *testing.T, s *sqlstore.Store, read string, names ...string) {
		if _, err := s.FindPages(t.Context()); err != nil {
			t.Fatal(err)
		}
		stats := s.Stats()
		if len(stats) != len(names) {
			t.Fatalf("Stats has %d pools (%v), want %v", len(stats), stats, names)
		}
		for _, n := range names {
			st, ok := stats[n]
			if !ok {
				t.Fatalf("no pool %q in %v", n, stats)
			}
			if st.MaxOpenConnections <= 0 {
				t.Errorf("pool %q: MaxOpenConnections %d, want a bound", n, st.MaxOpenConnections)
			}
		}
		if got := stats[read].OpenConnections; got < 1 {
			t.Errorf("pool %q: %d open connections after a read, want at least 1", read, got)
		}
	}
	t.Run("SQLite", func(t *testing.T) {
		s := openStore(t, filepath.Join(t.TempDir(), "burg.db"))
		check(t, s, "read", "read", "write")
		if got := s.Stats()["write"].MaxOpenConnections; got != 1 {
			t.Errorf("SQLite writer pool allows %d connections, want 1", got)
		}
	})
	t.Run("Postgres", func(t *testing.T) {
		admin, baseURL := postgres(t)
		s := openStore(t, freshSchema(t, admin, baseURL))
		check(t, s, "shared", "shared")
	})
}
