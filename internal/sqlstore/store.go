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
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
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
	// Loading opens an SQLite file for one process to fill from scratch,
	// as a bulk load does: with no journal at all and no syncing, which
	// costs a load a fifth less CPU than the write-ahead log. Readers
	// wait while a commit is written. Without a journal a transaction
	// that fails part way is not rolled back, and a crash may leave the
	// file unusable: a failed load's file is to be deleted and filled
	// again. The next ordinary Open puts the file back into WAL mode.
	// PostgreSQL ignores it.
	Loading bool
	// ReadOnly opens an SQLite file to read only, as it is: nothing is
	// migrated, its journal mode stays, no file is made beside it, and
	// every write fails. For measuring an archive that something else
	// owns. PostgreSQL ignores it.
	ReadOnly bool
}

// Store implements burg.Store over database/sql.
type Store struct {
	write *sql.DB // one connection on SQLite: one writer at a time
	read  *sql.DB // many readers; the same pool as write on PostgreSQL
	d     *dialect
	now   burg.Clock
	// statements counts the SQL statements run through transactions.
	statements atomic.Uint64
	// trace, when set before use (by tests), is told of every statement.
	trace func(q string, args []any)
	// searchLimits bound the work of one search.
	searchLimits searchLimits
	// group stores comments in shared transactions (SQLite; see
	// groupcommit.go), nil where each has its own.
	group *committer
	// path and dsn are the SQLite file and the DSN its connections share,
	// for Backup; "" on PostgreSQL.
	path, dsn string
	// readStmts and writeStmts keep the statements of each pool prepared
	// across transactions, where the dialect keeps statements.
	readStmts, writeStmts *stmtCache
	// batchTimeout bounds a group-commit batch's transaction.
	batchTimeout time.Duration
	// ckpt runs the SQLite log's checkpoints off the writer (see
	// checkpoint.go); nil on PostgreSQL, read-only and loading stores.
	ckpt *checkpointer
}

// Statements returns how many SQL statements the store has run, for tests
// that count a page's queries and for metrics.
func (s *Store) Statements() uint64 { return s.statements.Load() }

var _ burg.Store = (*Store)(nil)

// Open opens the database named by dsn: a postgres:// or postgresql:// URL
// selects PostgreSQL, anything else is an SQLite file path (a "file:" prefix
// is allowed). Migrations are applied unless opt.NoMigrate is set.
func Open(ctx context.Context, dsn string, opt Options) (*Store, error) {
	s := &Store{now: opt.Now, searchLimits: defaultSearchLimits, batchTimeout: defaultBatchTimeout}
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
		if opt.NoMigrate || (opt.ReadOnly && s.d.name == "sqlite") {
			return nil
		}
		if err := s.Migrate(ctx); err != nil {
			return err
		}
		// A bulk load that never finished left its indexes to build.
		return s.restoreIndexes(ctx)
	})
	if err != nil {
		s.Close()
		return nil, err
	}
	if s.d.name == "sqlite" {
		s.group = newCommitter(s.commentBatch)
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
	journal := "WAL"
	if opt.Loading {
		journal, sync = "OFF", "OFF"
	}
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?_time_format=sqlite" +
		"&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=journal_mode(" + journal + ")"
	if opt.ReadOnly {
		base = "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=ro&_time_format=sqlite" +
			"&_pragma=busy_timeout(10000)&_pragma=query_only(1)"
	}
	// The writer keeps statement journals in memory: every insert that
	// fires a trigger (the search index's) or may fail half-way keeps
	// one, and as a temporary file each cost a write call per page, a
	// third of the time of storing a batch of comments. They hold the
	// pages one statement changes, so they stay small.
	//
	// The writer checkpoints only once the log has reached
	// writerCheckpointPages; the checkpointer runs the others, on a
	// connection of its own (checkpoint.go).
	background := !opt.ReadOnly && !opt.Loading
	wdsn := base + "&_txlock=immediate&_pragma=synchronous(" + sync + ")&_pragma=temp_store(2)"
	if background {
		wdsn += "&_pragma=wal_autocheckpoint(" + strconv.Itoa(writerCheckpointPages) + ")"
	}
	w, err := sql.Open("sqlite", wdsn)
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
	if background {
		c, err := sql.Open("sqlite", base+"&_pragma=synchronous("+sync+")")
		if err != nil {
			w.Close()
			r.Close()
			return fmt.Errorf("open sqlite checkpointer: %w", err)
		}
		c.SetMaxOpenConns(1)
		s.ckpt = newCheckpointer(c)
	}
	n := opt.MaxReaders
	if n <= 0 {
		n = 8
	}
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s.write, s.read, s.d = w, r, sqliteDialect
	s.path, s.dsn = path, base
	s.readStmts, s.writeStmts = newStmtCache(r), newStmtCache(w)
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
	if s.group != nil {
		s.group.stop()
	}
	s.readStmts.close()
	s.writeStmts.close()
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	if s.ckpt != nil {
		err = errors.Join(err, s.ckpt.stop())
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

// Ready reports whether the database answers and has every migration
// this binary carries applied.
func (s *Store) Ready(ctx context.Context) error {
	want, err := embeddedVersions(s.d.name)
	if err != nil {
		return err
	}
	var applied []int
	err = s.readTx(ctx, func(t *tx) error {
		applied, err = migrationVersions(ctx, t)
		return err
	})
	if err != nil {
		if perr := s.Ping(ctx); perr != nil {
			return burg.Errorf(burg.EUNAVAILABLE, "The database does not answer.")
		}
		// It answers, but has no table of migrations: nothing was applied.
		return burg.Errorf(burg.EUNAVAILABLE, "The database has none of the %d migrations applied; run burg migrate.", len(want))
	}
	missing := 0
	for _, v := range want {
		if !slices.Contains(applied, v) {
			missing++
		}
	}
	if missing > 0 {
		return burg.Errorf(burg.EUNAVAILABLE, "The database lacks %d of the %d migrations; run burg migrate.", missing, len(want))
	}
	return nil
}

// embeddedVersions lists the versions of the dialect's embedded
// migrations, in order.
func embeddedVersions(dialect string) ([]int, error) {
	names, err := fs.Glob(migrationFS, "migrations/"+dialect+"/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	versions := make([]int, 0, len(names))
	for _, name := range names {
		v, err := migrationVersion(name)
		if err != nil {
			return nil, err
		}
		versions = append(versions, v)
	}
	return versions, nil
}

// Stats returns the figures of the store's connection pools by name: on
// SQLite "write" (the one writer) and "read", on PostgreSQL "shared"
// (one pool for both).
func (s *Store) Stats() map[string]sql.DBStats {
	if s.read == s.write {
		return map[string]sql.DBStats{"shared": s.write.Stats()}
	}
	return map[string]sql.DBStats{"write": s.write.Stats(), "read": s.read.Stats()}
}

// tx is a transaction that rewrites placeholders for the dialect and
// carries the one "now" of the transaction.
type tx struct {
	*sql.Tx
	d   *dialect
	now time.Time
	// statements counts what the transaction runs, into the store's count.
	statements *atomic.Uint64
	// trace, when set (by tests), is told of every statement.
	trace func(q string, args []any)
	// stmts are the statements prepared in this transaction, by query,
	// when the dialect keeps them (see dialect.keepStatements);
	// database/sql closes them when the transaction ends. The SQLite
	// driver keeps one handle per prepared statement, so running one
	// again while its rows are still being read would spoil them: exec's
	// and queryRow's rows end at once, and query takes a kept statement
	// only the first time it runs a query in the transaction (queried).
	stmts   map[string]*sql.Stmt
	queried map[string]bool
	// kept holds the pool's statements prepared across transactions;
	// missed, the queries this transaction prepared for itself that the
	// pool keeps once the transaction ends.
	kept   *stmtCache
	missed []string
	// version is the dictionary version once read, 0 until then or after
	// a change of the dictionary.
	version int64
}

// stmt returns q prepared in the transaction, or nil when the dialect
// does not keep statements or q does not prepare (the caller then runs q
// itself, which reports the error).
func (t *tx) stmt(ctx context.Context, q string) *sql.Stmt {
	if !t.d.keepStatements || strings.Contains(q, ";") {
		return nil
	}
	if t.queried[q] {
		// Its rows may still be read.
		return nil
	}
	if st, ok := t.stmts[q]; ok {
		return st
	}
	var st *sql.Stmt
	if kept := t.kept.get(q); kept != nil {
		st = t.StmtContext(ctx, kept)
	} else {
		var err error
		if st, err = t.PrepareContext(ctx, q); err != nil {
			return nil
		}
		if t.kept != nil && keepable(q) {
			t.missed = append(t.missed, q)
		}
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[q] = st
	return st
}

// execMany runs q, a statement the transaction runs many times (storing
// a batch of posts, their renderings and terms). On SQLite exec prepares
// it once per transaction already; the name keeps the intent visible.
func (t *tx) execMany(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.exec(ctx, q, args...)
}

// queryRowMany runs q, a query the transaction runs many times, for one
// row.
func (t *tx) queryRowMany(ctx context.Context, q string, args ...any) (*sql.Row, error) {
	return t.queryRow(ctx, q, args...), nil
}

func (t *tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	t.statements.Add(1)
	if t.trace != nil {
		t.trace(q, args)
	}
	q = t.d.rebind(q)
	if st := t.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.ExecContext(ctx, q, args...)
}

func (t *tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	t.statements.Add(1)
	if t.trace != nil {
		t.trace(q, args)
	}
	q = t.d.rebind(q)
	if st := t.stmt(ctx, q); st != nil {
		if t.queried == nil {
			t.queried = map[string]bool{}
		}
		t.queried[q] = true
		return st.QueryContext(ctx, args...)
	}
	return t.QueryContext(ctx, q, args...)
}

// queryRow runs a query of one row, whose Scan must follow at once.
func (t *tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	t.statements.Add(1)
	if t.trace != nil {
		t.trace(q, args)
	}
	q = t.d.rebind(q)
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.QueryRowContext(ctx, q, args...)
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
	t := &tx{Tx: stx, d: s.d, now: s.now().UTC().Truncate(time.Microsecond), statements: &s.statements, trace: s.trace,
		kept: s.writeStmts}
	if db == s.read && s.read != s.write {
		t.kept = s.readStmts
	}
	err = fn(t)
	if err != nil {
		stx.Rollback()
	} else if err = stx.Commit(); err != nil {
		err = fmt.Errorf("commit: %w", err)
	} else if !readOnly && s.ckpt != nil {
		s.ckpt.poke()
	}
	t.kept.add(ctx, t.missed)
	return err
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
