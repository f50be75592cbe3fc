package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	burg "github.com/burg-news/burg"
)

// Path returns the SQLite database file, or "" on PostgreSQL.
func (s *Store) Path() string { return s.path }

// Backup writes a consistent copy of the SQLite database to path while
// the site goes on serving and taking comments, then checks the copy.
//
// It runs VACUUM INTO on a connection of its own: SQLite copies the
// database as one read transaction sees it, so writers carry on (in WAL
// mode a reader holds up nobody), and every commit made before the
// backup began is in the copy. The copy is written beside path under a
// temporary name and renamed into place only once PRAGMA integrity_check
// has passed on it, so a failed backup leaves no half-written file.
// EINVALID when path exists, or on PostgreSQL (whose own pg_dump does
// this).
func (s *Store) Backup(ctx context.Context, path string) (*FileCheck, error) {
	if s.path == "" {
		return nil, burg.Errorf(burg.EINVALID, "burg backup copies SQLite databases; for PostgreSQL use pg_dump (see docs/DEPLOY.md).")
	}
	if _, err := os.Stat(path); err == nil {
		return nil, burg.Errorf(burg.EINVALID, "%s exists already; give a new file name.", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if same, _ := filepath.Abs(s.path); same == abs {
		return nil, burg.Errorf(burg.EINVALID, "The backup cannot replace the database itself.")
	}
	tmp := abs + ".part"
	os.Remove(tmp)
	db, err := sql.Open("sqlite", s.dsn)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("backup: vacuum into %s: %w", tmp, err)
	}
	check, err := CheckFile(ctx, tmp)
	if err != nil {
		os.Remove(tmp)
		return nil, err
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return nil, err
	}
	if err := os.Rename(tmp, abs); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("backup: %w", err)
	}
	return check, syncDir(filepath.Dir(abs))
}

// FileCheck is what CheckFile found in an SQLite database file.
type FileCheck struct {
	// Migration is the last migration applied to it.
	Migration int
	// Posts and Comments count its rows, live or not.
	Posts, Comments int64
}

// CheckFile checks that path is a sound Burg SQLite database: SQLite's
// PRAGMA integrity_check passes and it has Burg's tables. It only reads
// the file.
func CheckFile(ctx context.Context, path string) (*FileCheck, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, burg.Errorf(burg.EINVALID, "%s: %s", path, strings.TrimPrefix(err.Error(), "stat "+path+": "))
	}
	if !st.Mode().IsRegular() {
		return nil, burg.Errorf(burg.EINVALID, "%s is not a file.", path)
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=ro&_pragma=query_only(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	defer db.Close()
	bad := func(why string) error {
		return burg.Errorf(burg.EINVALID, "%s is not a sound Burg database: %s.", path, why)
	}
	var result string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil {
		return nil, bad(err.Error())
	}
	if result != "ok" {
		return nil, bad("integrity_check says " + burg.Clip(result, 200))
	}
	c := &FileCheck{}
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&c.Migration); err != nil {
		return nil, bad("it has no migrations table")
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM posts`).Scan(&c.Posts); err != nil {
		return nil, bad("it has no posts table")
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM comments`).Scan(&c.Comments); err != nil {
		return nil, bad("it has no comments table")
	}
	return c, nil
}

// LatestMigration is the number of the last migration this Burg knows.
func LatestMigration() int {
	names, _ := migrationFS.ReadDir("migrations/sqlite")
	last := 0
	for _, n := range names {
		if v, err := migrationVersion(n.Name()); err == nil && v > last {
			last = v
		}
	}
	return last
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}
