// Package sqlstore keeps Burg's data in SQLite (embedded, the default) or
// PostgreSQL (for several instances). SQL is written once with ?
// placeholders; what differs between the two lives in dialect.go.
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

//go:embed migrations
var migrationFS embed.FS

// Options tune a store. The zero value is ready to use.
type Options struct {
	// Now is the clock; time.Now when nil.
	Now burg.Clock
	// Synchronous is SQLite's synchronous setting for the writer: FULL
	// (the default: a commit survives power loss) or NORMAL.
	Synchronous string
	// MaxReaders bounds the reading connections; 0 means 8.
	MaxReaders int
	// NoMigrate skips applying migrations on open.
	NoMigrate bool
}

// Store implements burg.Store over database/sql.
type Store struct {
	write *sql.DB // one connection on SQLite: one writer at a time
	read  *sql.DB // many readers; the same pool as write on PostgreSQL
	d     *dialect
	now   burg.Clock
}

var _ burg.Store = (*Store)(nil)

// Open opens the database named by dsn: a postgres:// or postgresql:// URL
// selects PostgreSQL, anything else is an SQLite file path (a "file:" prefix
// is allowed). Migrations are applied unless opt.NoMigrate is set.
func Open(ctx context.Context, dsn string, opt Options) (*Store, error) {
	s := &Store{now: opt.Now}
	if s.now == nil {
		s.now = time.Now
	}
	var err error
	if IsPostgres(dsn) {
		err = s.openPostgres(dsn, opt)
	} else {
		err = s.openSQLite(dsn, opt)
	}
	if err != nil {
		return nil, err
	}
	err = retryBusy(ctx, func() error {
		if err := s.Ping(ctx); err != nil {
			return err
		}
		if opt.NoMigrate {
			return nil
		}
		return s.Migrate(ctx)
	})
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// retryBusy runs fn again while SQLite answers that the database is busy,
// for up to ten seconds. Several processes opening one new database file
// at once race to switch it to WAL, and SQLite reports that race as busy
// without waiting.
func retryBusy(ctx context.Context, fn func() error) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := fn()
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func (s *Store) openSQLite(dsn string, opt Options) error {
	path := strings.TrimPrefix(dsn, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if path == "" || path == ":memory:" {
		return fmt.Errorf("sqlite: a database file path is needed")
	}
	sync := strings.ToUpper(opt.Synchronous)
	switch sync {
	case "":
		sync = "FULL"
	case "FULL", "NORMAL", "EXTRA":
	default:
		return fmt.Errorf("sqlite: synchronous must be FULL, NORMAL or EXTRA, not %q", opt.Synchronous)
	}
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?_time_format=sqlite" +
		"&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)"
	w, err := sql.Open("sqlite", base+"&_txlock=immediate&_pragma=synchronous("+sync+")")
	if err != nil {
		return fmt.Errorf("open sqlite writer: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)&_pragma=cache_size(-16000)")
	if err != nil {
		w.Close()
		return fmt.Errorf("open sqlite readers: %w", err)
	}
	n := opt.MaxReaders
	if n <= 0 {
		n = 8
	}
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s.write, s.read, s.d = w, r, sqliteDialect
	return nil
}

func (s *Store) openPostgres(dsn string, opt Options) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("open postgres: %w", err)
	}
	n := opt.MaxReaders
	if n <= 0 {
		n = 16
	}
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	s.write, s.read, s.d = db, db, postgresDialect
	return nil
}

// Dialect returns "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name }

// Close closes the database.
func (s *Store) Close() error {
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.read.PingContext(ctx); err != nil {
		return fmt.Errorf("ping %s: %w", s.d.name, err)
	}
	return nil
}

// tx is a transaction that rewrites placeholders for the dialect and
// carries the one "now" of the transaction.
type tx struct {
	*sql.Tx
	d   *dialect
	now time.Time
}

func (t *tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.ExecContext(ctx, t.d.rebind(q), args...)
}

func (t *tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.QueryContext(ctx, t.d.rebind(q), args...)
}

func (t *tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.QueryRowContext(ctx, t.d.rebind(q), args...)
}

// insert runs an INSERT … RETURNING id and returns the id.
func (t *tx) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := t.queryRow(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, err
}

// writeTx runs fn in a read-write transaction and commits it.
func (s *Store) writeTx(ctx context.Context, fn func(*tx) error) error {
	return s.inTx(ctx, s.write, false, fn)
}

// readTx runs fn in a read-only transaction, so that several queries see
// one snapshot.
func (s *Store) readTx(ctx context.Context, fn func(*tx) error) error {
	return s.inTx(ctx, s.read, true, fn)
}

func (s *Store) inTx(ctx context.Context, db *sql.DB, readOnly bool, fn func(*tx) error) error {
	opts := &sql.TxOptions{}
	if readOnly {
		opts = s.d.readOnly
	}
	stx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	t := &tx{Tx: stx, d: s.d, now: s.now().UTC().Truncate(time.Microsecond)}
	if err := fn(t); err != nil {
		stx.Rollback()
		return err
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Migrate applies the migrations not yet applied, each in its own
// transaction. On PostgreSQL an advisory lock keeps two instances from
// migrating at once.
func (s *Store) Migrate(ctx context.Context) error {
	dir := "migrations/" + s.d.name
	names, err := fs.Glob(migrationFS, dir+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	if s.d.lockMigrations != "" {
		if _, err := conn.ExecContext(ctx, s.d.lockMigrations); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), s.d.unlockMigrations)
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, name := range names {
		version, err := migrationVersion(name)
		if err != nil {
			return err
		}
		if err := s.applyMigration(ctx, conn, name, version); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) applyMigration(ctx context.Context, conn *sql.Conn, name string, version int) error {
	stx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", name, err)
	}
	defer stx.Rollback()
	var n int
	if err := stx.QueryRowContext(ctx, s.d.rebind("SELECT COUNT(*) FROM schema_migrations WHERE version = ?"), version).Scan(&n); err != nil {
		return fmt.Errorf("migrate %s: %w", name, err)
	}
	if n > 0 {
		return nil
	}
	body, err := migrationFS.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := stx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("migrate %s: %w", name, err)
	}
	if step := goMigrations[version]; step != nil {
		if err := step(ctx, stx, s.d); err != nil {
			return fmt.Errorf("migrate %s: %w", name, err)
		}
	}
	if _, err := stx.ExecContext(ctx, s.d.rebind("INSERT INTO schema_migrations (version, name) VALUES (?, ?)"), version, name); err != nil {
		return fmt.Errorf("migrate %s: %w", name, err)
	}
	return stx.Commit()
}

// goMigrations are steps of migrations that SQL alone cannot take, run
// after the migration's SQL in its transaction.
var goMigrations = map[int]func(context.Context, *sql.Tx, *dialect) error{
	7: moveBodyRemarks,
	9: fillModerationKeys,
}

// migrationVersion reads the number a migration file name starts with.
func migrationVersion(path string) (int, error) {
	base := path[strings.LastIndexByte(path, '/')+1:]
	var v int
	if _, err := fmt.Sscanf(base, "%04d_", &v); err != nil || v <= 0 {
		return 0, fmt.Errorf("migration %s: name must start with a number like 0001_", path)
	}
	return v, nil
}

// utc normalises a time for storage.
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// nullTime stores nil as NULL.
func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return utc(*t)
}

// timePtr turns a scanned NULL-able time into a pointer.
func timePtr(n sql.NullTime) *time.Time {
	if !n.Valid {
		return nil
	}
	t := n.Time.UTC()
	return &t
}

// placeholders returns "?, ?, …" for n arguments.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

func notFound(what string) error {
	return burg.Errorf(burg.ENOTFOUND, "No such %s.", what)
}
