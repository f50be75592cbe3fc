package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/burg-news/burg/internal/sqlstore"
)

const migrateDataUsage = `Usage: burg migrate-data --from SOURCE --to TARGET [--force]

Copies a whole site, every table with its ids, from one database to
another, in one transaction on the target. SOURCE and TARGET are
sqlite:PATH (or a plain file path) or postgres://… URLs, in either
direction. The source is only read and must be at the migration of this
burg (run burg migrate on it first); the target is migrated and must be
empty unless --force, which replaces what it holds. Stop the instances
serving the source first: what they write after the copy starts is not
copied.
`

// runMigrateData copies a site from one database to another.
func runMigrateData(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("burg migrate-data", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, migrateDataUsage+"\nFlags:\n")
		fs.PrintDefaults()
	}
	from := fs.String("from", "", "the `database` to copy from: sqlite:PATH or postgres://…")
	to := fs.String("to", "", "the `database` to copy to: sqlite:PATH or postgres://…")
	force := fs.Bool("force", false, "replace what the target holds")
	batch := fs.Int("batch", 500, "`rows` per INSERT")
	synchronous := fs.String("synchronous", "FULL", "SQLite durability of the target: FULL or NORMAL")
	if err := parseFlags(fs, args, getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if *from == "" || *to == "" || fs.NArg() > 0 {
		fmt.Fprint(stderr, migrateDataUsage)
		return errUsage
	}
	srcDSN, dstDSN := dataSource(*from), dataSource(*to)
	if !sqlstore.IsPostgres(srcDSN) {
		if _, err := os.Stat(strings.TrimPrefix(srcDSN, "file:")); err != nil {
			return fmt.Errorf("source: %w", err)
		}
	}
	src, err := sqlstore.Open(ctx, srcDSN, sqlstore.Options{NoMigrate: true})
	if err != nil {
		return fmt.Errorf("source: %w", err)
	}
	defer src.Close()
	dst, err := sqlstore.Open(ctx, dstDSN, sqlstore.Options{Synchronous: *synchronous})
	if err != nil {
		return fmt.Errorf("target: %w", err)
	}
	defer dst.Close()
	stats, err := sqlstore.Copy(ctx, dst, src, sqlstore.CopyOptions{
		Force:     *force,
		BatchSize: *batch,
		Progress: func(table string, rows int64) {
			fmt.Fprintf(stdout, "%-20s %9d rows\n", table, rows)
		},
	})
	if err != nil {
		return userError(err)
	}
	var total int64
	for _, n := range stats.Rows {
		total += n
	}
	fmt.Fprintf(stdout, "copied %d rows in %d tables from %s %s to %s %s\n", total, len(stats.Tables),
		src.Dialect(), maskURL(*from), dst.Dialect(), maskURL(*to))
	return nil
}

// dataSource turns sqlite:PATH into the path the store opens; other
// sources pass as they are.
func dataSource(s string) string {
	if rest, ok := strings.CutPrefix(s, "sqlite:"); ok {
		return strings.TrimPrefix(rest, "//")
	}
	return s
}
