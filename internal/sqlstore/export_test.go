package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"sort"
)

// SetSearchLimits shrinks the work one search may do, so that tests take
// the paths of a large archive on a small one.
func SetSearchLimits(s *Store, rankWindow, sortAll, total, spread, count, comments int) {
	s.searchLimits = searchLimits{rankWindow: rankWindow, sortAll: sortAll, total: total, spread: spread,
		count: count, comments: comments}
}

// CheckSearchIndex reports whether what search reads agrees with the
// tables: every post's tag lists with its post_tags rows, and on SQLite
// the FTS5 indexes with the live posts and comments they index.
func CheckSearchIndex(ctx context.Context, s *Store) error {
	return s.writeTx(ctx, func(t *tx) error {
		names, keys := `COALESCE((SELECT group_concat(g.name, char(10) ORDER BY pt.position, pt.tag_id)
				FROM post_tags pt JOIN tags g ON g.id = pt.tag_id WHERE pt.post_id = p.id), '')`,
			`COALESCE((SELECT group_concat('t' || pt.tag_id, ' ' ORDER BY pt.position, pt.tag_id)
				FROM post_tags pt WHERE pt.post_id = p.id), '')`
		if t.d.name == "postgres" {
			names, keys = "burg_tag_names(p.id)", "burg_tag_keys(p.id)"
		}
		var id int64
		var got, want string
		err := t.queryRow(ctx, `SELECT p.id, p.tag_names || ' / ' || p.tag_keys, `+names+` || ' / ' || `+keys+`
			FROM posts p WHERE p.tag_names <> `+names+` OR p.tag_keys <> `+keys+` LIMIT 1`).Scan(&id, &got, &want)
		if err == nil {
			return fmt.Errorf("post %d lists its tags as %q, its post_tags say %q", id, got, want)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if t.d.name == "sqlite" {
			for _, table := range []string{"post_fts", "comment_fts"} {
				if _, err := t.exec(ctx, `INSERT INTO `+table+` (`+table+`, rank) VALUES ('integrity-check', 1)`); err != nil {
					return fmt.Errorf("%s: %w", table, err)
				}
			}
		}
		return nil
	})
}

// MigrateTo applies the migrations up to and including version last, as
// a store of an older Burg would have.
func MigrateTo(ctx context.Context, s *Store, last int) error {
	names, err := fs.Glob(migrationFS, "migrations/"+s.d.name+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL)`); err != nil {
		return err
	}
	for _, name := range names {
		v, err := migrationVersion(name)
		if err != nil {
			return err
		}
		if v > last {
			break
		}
		if err := s.applyMigration(ctx, conn, name, v); err != nil {
			return err
		}
	}
	return nil
}

// Exec runs one statement, written with ? placeholders, in a transaction
// of its own: for tests that change tables the way no store method does.
func Exec(ctx context.Context, s *Store, query string, args ...any) error {
	return s.writeTx(ctx, func(t *tx) error {
		_, err := t.exec(ctx, query, args...)
		return err
	})
}
