package sqlstore

import (
	"database/sql"
	"errors"
	"strconv"
	"strings"

	burg "github.com/burg-news/burg"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect holds everything that differs between SQLite and PostgreSQL.
// SQL elsewhere is written once, with ? placeholders.
type dialect struct {
	name string // "sqlite" or "postgres"
	// rebind rewrites ? placeholders for the driver.
	rebind func(query string) string
	// readOnly are the options of read-only transactions.
	readOnly *sql.TxOptions
	// lockMigrations and unlockMigrations keep two instances from
	// migrating one database at once; "" where a file lock does it.
	lockMigrations, unlockMigrations string
	// identity names the database, to refuse copying one onto itself.
	identity string
	// tables lists the ordinary tables; columns a table's columns (name,
	// type) in order; foreignKeys the tables a table refers to.
	tables, columns, foreignKeys string
	// resetSequences sets each identity column's sequence past the rows a
	// copy brought in; SQLite needs nothing.
	resetSequences bool
	// dataVersion changes when another connection commits to the
	// database: a way to hear of writes by other processes. "" where the
	// database tells by notifications instead.
	dataVersion string
	// likeCI is LIKE ignoring case: SQLite's LIKE ignores the case of
	// ASCII letters (only), PostgreSQL needs ILIKE (which folds every
	// letter).
	likeCI string
}

var sqliteDialect = &dialect{
	name:        "sqlite",
	rebind:      func(q string) string { return q },
	readOnly:    &sql.TxOptions{},
	identity:    `SELECT file FROM pragma_database_list WHERE name = 'main'`,
	tables:      `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'`,
	columns:     `SELECT name, type FROM pragma_table_info(?) ORDER BY cid`,
	foreignKeys: `SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`,
	dataVersion: `PRAGMA data_version`,
	likeCI:      `LIKE`,
}

// migrationLock is the advisory lock PostgreSQL instances take to migrate:
// one per schema, so that instances migrating the same schema wait for each
// other and those on other schemas of the database do not.
const migrationLock = `727274, hashtext(COALESCE(current_schema(), ''))`

var postgresDialect = &dialect{
	name:   "postgres",
	rebind: dollarPlaceholders,
	// Under PostgreSQL's default READ COMMITTED each statement sees a
	// snapshot of its own, so FindPosts could count one set of posts and
	// list another. A read-only REPEATABLE READ transaction sees one
	// snapshot and never fails to serialise. (SQLite's WAL readers see one
	// snapshot per transaction already.)
	readOnly:         &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead},
	lockMigrations:   `SELECT pg_advisory_lock(` + migrationLock + `)`,
	unlockMigrations: `SELECT pg_advisory_unlock(` + migrationLock + `)`,
	identity: `SELECT current_database() || '/' || COALESCE(current_schema(), '') || '@' ||
		COALESCE(host(inet_server_addr()), 'local') || ':' || COALESCE(inet_server_port()::text, '')`,
	tables: `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
	columns: `SELECT column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`,
	foreignKeys: `SELECT DISTINCT r.relname FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid
		JOIN pg_class r ON r.oid = k.confrelid
		WHERE k.contype = 'f' AND c.relname = ?
		AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())`,
	resetSequences: true,
	likeCI:         `ILIKE`,
}

// dollarPlaceholders turns each ? outside quotes into $1, $2, …
func dollarPlaceholders(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	inQuote := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inQuote = !inQuote
			b.WriteByte(c)
		case c == '?' && !inQuote:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// isUniqueViolation reports whether err is a unique-constraint violation in
// either driver, so that callers can return one domain error.
func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return false
}

// errSourcePosted is what a unique violation of a post's source URL means.
var errSourcePosted = burg.Errorf(burg.ECONFLICT, "That source has been posted already.")

// isBusy reports whether err is SQLite's "database is busy" or "locked".
func isBusy(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	code := se.Code() & 0xff // primary code without the extended bits
	return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
}
