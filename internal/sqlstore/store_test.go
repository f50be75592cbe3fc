package sqlstore_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/pgtest"
	"github.com/burg-news/burg/internal/sqlstore"
	"github.com/burg-news/burg/internal/storetest"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for schema set-up
	_ "modernc.org/sqlite"             // the "sqlite" driver, to look inside a store
)

// maxPostgresTests bounds the PostgreSQL tests running at once, so that a
// machine with many cores stays under the server's max_connections.
const maxPostgresTests = 8

// TestSQLite runs the store contract on SQLite, a new file per test.
func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) burg.Store {
		return openStore(t, filepath.Join(t.TempDir(), "burg.db"))
	})
}

// TestPostgres runs the store contract on the PostgreSQL server named by
// BURG_TEST_DATABASE_URL, a new schema per test.
func TestPostgres(t *testing.T) {
	admin, baseURL := postgres(t)
	slots := make(chan struct{}, maxPostgresTests)
	storetest.Run(t, func(t *testing.T) burg.Store {
		slots <- struct{}{}
		t.Cleanup(func() { <-slots })
		return openStore(t, freshSchema(t, admin, baseURL))
	})
}

// clock is the stores' fixed "now": not in UTC and finer than a
// microsecond, as a real clock may be.
func clock() time.Time {
	return time.Date(2024, time.March, 11, 17, 4, 5, 123456789, time.FixedZone("X", -5*3600))
}

// openStore opens a store on dsn with the fixed clock and closes it when t
// ends.
func openStore(t *testing.T, dsn string) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(t.Context(), dsn, sqlstore.Options{Now: clock, MaxReaders: 2})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close store: %v", err)
		}
	})
	// Before it closes, whatever the test did, the search index agrees
	// with the tables.
	t.Cleanup(func() {
		if err := sqlstore.CheckSearchIndex(context.Background(), s); err != nil {
			t.Errorf("search index: %v", err)
		}
	})
	return s
}

// postgres returns a connection to the server named by
// BURG_TEST_DATABASE_URL, and that URL; see pgtest.Admin.
func postgres(t *testing.T) (*sql.DB, string) {
	t.Helper()
	return pgtest.Admin(t, "the PostgreSQL store tests")
}

// freshSchema is a schema of the test's own; throw-away data need not
// wait on the disk.
func freshSchema(t *testing.T, admin *sql.DB, baseURL string) string {
	t.Helper()
	return pgtest.Schema(t, admin, baseURL, "synchronous_commit", "off")
}

var migrationName = regexp.MustCompile(`^([0-9]{4})_[a-z0-9_]+\.sql$`)

// TestMigrationsMatch checks that both dialects have the same migration
// files, numbered from 0001 without gaps.
func TestMigrationsMatch(t *testing.T) {
	names := func(dialect string) []string {
		t.Helper()
		entries, err := os.ReadDir(filepath.Join("migrations", dialect))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			if !migrationName.MatchString(e.Name()) || e.IsDir() {
				t.Errorf("migrations/%s/%s: want files named like 0001_init.sql", dialect, e.Name())
				continue
			}
			names = append(names, e.Name())
		}
		return names
	}
	sqlite, postgres := names("sqlite"), names("postgres")
	if !slices.Equal(sqlite, postgres) {
		t.Errorf("migration files differ:\n sqlite   %q\n postgres %q", sqlite, postgres)
	}
	if len(sqlite) == 0 {
		t.Fatal("no migrations")
	}
	// Numbered 0001, 0002, … with no gaps or repeats, so that the order is
	// plain and two branches adding the same number collide here.
	for i, name := range sqlite {
		if want := fmt.Sprintf("%04d", i+1); migrationName.FindStringSubmatch(name)[1] != want {
			t.Errorf("migration %s: want number %s", name, want)
		}
	}
}

// TestReopen opens a store twice on one database: the second Open finds
// the migrations applied, applies none again, and sees the data.
func TestReopen(t *testing.T) {
	migrations, err := os.ReadDir(filepath.Join("migrations", "sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	reopen := func(t *testing.T, dsn string, count func() int) {
		s := openStoreNoCleanup(t, dsn)
		page := &burg.Page{Name: "News", Slug: "news"}
		if err := s.CreatePage(t.Context(), page); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			s = openStoreNoCleanup(t, dsn)
			got, err := s.FindPageBySlug(t.Context(), "news")
			if err != nil {
				t.Fatalf("after reopening: %v", err)
			}
			if got.ID != page.ID {
				t.Errorf("page ID: got %d, want %d", got.ID, page.ID)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		}
		if got, want := count(), len(migrations); got != want {
			t.Errorf("schema_migrations: got %d rows, want %d", got, want)
		}
	}
	t.Run("SQLite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "burg.db")
		reopen(t, path, func() int {
			db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			return countMigrations(t, db)
		})
	})
	t.Run("Postgres", func(t *testing.T) {
		admin, baseURL := postgres(t)
		dsn := freshSchema(t, admin, baseURL)
		reopen(t, dsn, func() int {
			db, err := sql.Open("pgx", dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			return countMigrations(t, db)
		})
	})
}

func openStoreNoCleanup(t *testing.T, dsn string) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(t.Context(), dsn, sqlstore.Options{Now: clock})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	return s
}

func countMigrations(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil {
		t.Fatalf("count migrations: %v", err)
	}
	return n
}

// TestClock checks that the store takes "now" from Options.Now, in UTC to
// the microsecond.
func TestClock(t *testing.T) {
	s := openStore(t, filepath.Join(t.TempDir(), "burg.db"))
	u := &burg.User{Nick: "Badger", Role: burg.RolePoster}
	if err := s.CreateUser(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	want := clock().UTC().Truncate(time.Microsecond)
	got, err := s.FindUser(t.Context(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{u.CreatedAt, got.CreatedAt} {
		if !at.Equal(want) || at.Location() != time.UTC {
			t.Errorf("created at: got %v, want %v", at, want)
		}
	}
}

// TestConcurrentOpen opens several stores on one new database at once, as
// instances starting together do: each migration is applied once and
// every Open succeeds.
func TestConcurrentOpen(t *testing.T) {
	migrations, err := os.ReadDir(filepath.Join("migrations", "sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	openAll := func(t *testing.T, dsn string) {
		const n = 4
		errs := make(chan error, n)
		for range n {
			go func() {
				s, err := sqlstore.Open(t.Context(), dsn, sqlstore.Options{Now: clock})
				if err == nil {
					err = s.Close()
				}
				errs <- err
			}()
		}
		for range n {
			if err := <-errs; err != nil {
				t.Errorf("open: %v", err)
			}
		}
	}
	t.Run("SQLite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "burg.db")
		openAll(t, path)
		db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if got, want := countMigrations(t, db), len(migrations); got != want {
			t.Errorf("schema_migrations: got %d rows, want %d", got, want)
		}
	})
	t.Run("Postgres", func(t *testing.T) {
		admin, baseURL := postgres(t)
		dsn := freshSchema(t, admin, baseURL)
		openAll(t, dsn)
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if got, want := countMigrations(t, db), len(migrations); got != want {
			t.Errorf("schema_migrations: got %d rows, want %d", got, want)
		}
	})
}

// A file opened ReadOnly reads as it is: in the journal mode it was left
// in, with no file made beside it, and writes fail.
func TestOpenReadOnly(t *testing.T) {
	ctx := t.Context()
	for _, loading := range []bool{false, true} {
		t.Run(map[bool]string{false: "WAL", true: "loaded"}[loading], func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "burg.db")
			s, err := sqlstore.Open(ctx, path, sqlstore.Options{Loading: loading})
			if err != nil {
				t.Fatal(err)
			}
			page := &burg.Page{Name: "News", Slug: "news"}
			if err := s.CreatePage(ctx, page); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			ro, err := sqlstore.Open(ctx, path, sqlstore.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			got, err := ro.FindPageBySlug(ctx, "news")
			if err != nil || got.ID != page.ID {
				t.Errorf("FindPageBySlug = %v, %v; want page %d", got, err, page.ID)
			}
			if err := ro.CreatePage(ctx, &burg.Page{Name: "Sport", Slug: "sport"}); err == nil {
				t.Error("a read-only store took a write")
			}
			if err := ro.Close(); err != nil {
				t.Fatal(err)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Error("opening read-only changed the file")
			}
			if loading {
				entries, _ := os.ReadDir(dir)
				if len(entries) != 1 {
					var names []string
					for _, e := range entries {
						names = append(names, e.Name())
					}
					t.Errorf("files beside the database after a read-only open: %q", names)
				}
			}
		})
	}
}
