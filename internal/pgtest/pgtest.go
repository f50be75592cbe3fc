// Package pgtest gives tests a PostgreSQL schema of their own on the
// server that BURG_TEST_DATABASE_URL names. Only tests import it.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Admin returns a connection to the server named by
// BURG_TEST_DATABASE_URL, and that URL. Without the variable the test
// skips, saying that what needs PostgreSQL; under CI=true it fails
// instead, as CI requires every PostgreSQL test.
func Admin(tb testing.TB, what string) (*sql.DB, string) {
	tb.Helper()
	base := os.Getenv("BURG_TEST_DATABASE_URL")
	if base == "" {
		const how = `start one with: eval "$(bash .ci/start-postgres.sh)"`
		if os.Getenv("CI") == "true" {
			tb.Fatalf("BURG_TEST_DATABASE_URL is not set, and CI=true requires %s; %s", what, how)
		}
		tb.Skipf("skipping %s: BURG_TEST_DATABASE_URL is not set; %s", what, how)
	}
	if !strings.HasPrefix(base, "postgres://") && !strings.HasPrefix(base, "postgresql://") {
		tb.Fatalf("BURG_TEST_DATABASE_URL must be a postgres:// URL, not %q", base)
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("open postgres: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.PingContext(tb.Context()); err != nil {
		tb.Fatalf("BURG_TEST_DATABASE_URL does not answer: %v", err)
	}
	return db, base
}

// Schema creates a schema with a random name, drops it when the test
// ends, and returns base with its search_path set to that schema. params
// are further run-time settings as name, value pairs (pgx passes unknown
// URL parameters to the server).
func Schema(tb testing.TB, admin *sql.DB, base string, params ...string) string {
	tb.Helper()
	b := make([]byte, 8)
	rand.Read(b)
	schema := "burg_test_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(tb.Context(), "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		// The test's context is done by now.
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("BURG_TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	for i := 0; i+1 < len(params); i += 2 {
		q.Set(params[i], params[i+1])
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// URL is Admin and Schema together: a fresh schema's URL.
func URL(tb testing.TB, what string) string {
	tb.Helper()
	admin, base := Admin(tb, what)
	return Schema(tb, admin, base)
}
