package sqlstore

import (
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
}

var sqliteDialect = &dialect{
	name:   "sqlite",
	rebind: func(q string) string { return q },
}

var postgresDialect = &dialect{
	name:   "postgres",
	rebind: dollarPlaceholders,
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
