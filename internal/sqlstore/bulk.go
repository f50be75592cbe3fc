package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	burg "github.com/burg-news/burg"
)

// bulkTables are the tables a bulk load fills with many rows, whose
// secondary indexes it builds once at the end rather than row by row.
var bulkTables = []string{"posts", "post_tags", "comments"}

// bulkIndexesKey is the setting that holds the indexes a bulk load has
// dropped, so that they are built again even if the load never finishes.
const bulkIndexesKey = "bulk_load.indexes"

// savedIndex is an index (or a trigger) dropped for a bulk load: its
// name and the statement that makes it.
type savedIndex struct {
	Name    string `json:"name"`
	SQL     string `json:"sql"`
	Trigger bool   `json:"trigger,omitempty"`
}

// BulkLoad runs load, which stores many posts and comments through the
// store's methods, with the store set up for it: the secondary indexes
// of posts, their tags and comments are dropped first and built again
// once load returns (in one pass over the rows, which costs much less
// than keeping them up to date row by row), and on SQLite the writer's
// page cache is enlarged meanwhile. Unique indexes stay, so every write
// is checked as always; reads are correct throughout, only slower.
//
// BulkLoad is three transactions rather than one: dropping the indexes,
// load's own, and building them again. The indexes dropped are kept in a
// setting until they are built, so that if the process dies in between,
// the next Open builds them. A second BulkLoad while one runs fails with
// ECONFLICT.
func (s *Store) BulkLoad(ctx context.Context, load func(ctx context.Context) error) error {
	if err := s.dropIndexes(ctx); err != nil {
		return err
	}
	restoreCache, err := s.enlargeCache(ctx)
	if err != nil {
		return errors.Join(err, s.restoreIndexes(context.WithoutCancel(ctx)))
	}
	err = load(ctx)
	// Build the indexes even when load failed or ctx ended, so that the
	// store is left as fast as it was.
	err = errors.Join(err, s.restoreIndexes(context.WithoutCancel(ctx)))
	restoreCache()
	return err
}

// dropIndexes drops the secondary indexes of the bulk tables and keeps
// their definitions in the bulk-load setting, in one transaction.
func (s *Store) dropIndexes(ctx context.Context) error {
	return s.writeTx(ctx, func(t *tx) error {
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM settings WHERE key = ?`, bulkIndexesKey).Scan(&n); err != nil {
			return fmt.Errorf("bulk load: %w", err)
		} else if n > 0 {
			return burg.Errorf(burg.ECONFLICT, "A bulk load is in progress already.")
		}
		var saved []savedIndex
		for _, table := range bulkTables {
			rows, err := t.query(ctx, t.d.secondaryIndexes, table)
			if err != nil {
				return fmt.Errorf("bulk load: list indexes of %s: %w", table, err)
			}
			for rows.Next() {
				var ix savedIndex
				if err := rows.Scan(&ix.Name, &ix.SQL); err != nil {
					rows.Close()
					return fmt.Errorf("bulk load: list indexes of %s: %w", table, err)
				}
				saved = append(saved, ix)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("bulk load: list indexes of %s: %w", table, err)
			}
		}
		if t.d.bulkTriggers != "" {
			rows, err := t.query(ctx, t.d.bulkTriggers)
			if err != nil {
				return fmt.Errorf("bulk load: list triggers: %w", err)
			}
			for rows.Next() {
				ix := savedIndex{Trigger: true}
				if err := rows.Scan(&ix.Name, &ix.SQL); err != nil {
					rows.Close()
					return fmt.Errorf("bulk load: list triggers: %w", err)
				}
				saved = append(saved, ix)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("bulk load: list triggers: %w", err)
			}
		}
		b, err := json.Marshal(saved)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, bulkIndexesKey, string(b)); err != nil {
			return fmt.Errorf("bulk load: %w", err)
		}
		for _, ix := range saved {
			kind := "INDEX"
			if ix.Trigger {
				kind = "TRIGGER"
			}
			if _, err := t.exec(ctx, `DROP `+kind+` IF EXISTS `+quoteIdent(ix.Name)); err != nil {
				return fmt.Errorf("bulk load: drop %s %s: %w", strings.ToLower(kind), ix.Name, err)
			}
		}
		return nil
	})
}

// restoreIndexes builds the indexes a bulk load dropped, if any, and
// forgets them, in one transaction. Indexes made meanwhile are kept.
func (s *Store) restoreIndexes(ctx context.Context) error {
	return s.writeTx(ctx, func(t *tx) error {
		var v string
		err := t.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, bulkIndexesKey).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return fmt.Errorf("restore indexes: %w", err)
		}
		var saved []savedIndex
		if err := json.Unmarshal([]byte(v), &saved); err != nil {
			return fmt.Errorf("restore indexes: %w", err)
		}
		if t.d.buildIndexes != "" {
			if _, err := t.exec(ctx, t.d.buildIndexes); err != nil {
				return fmt.Errorf("restore indexes: %w", err)
			}
		}
		triggers := false
		for _, ix := range saved {
			if ix.Trigger {
				triggers = true
				continue
			}
			if _, err := t.exec(ctx, ifNotExists(ix.SQL)); err != nil {
				return fmt.Errorf("restore index %s: %w", ix.Name, err)
			}
		}
		// What the triggers would have kept up to date is built from the
		// rows, before they are made again.
		if triggers {
			for _, q := range t.d.bulkRebuild {
				if _, err := t.exec(ctx, q); err != nil {
					return fmt.Errorf("restore indexes: %w", err)
				}
			}
		}
		for _, ix := range saved {
			if !ix.Trigger {
				continue
			}
			if _, err := t.exec(ctx, ifNotExists(ix.SQL)); err != nil {
				return fmt.Errorf("restore trigger %s: %w", ix.Name, err)
			}
		}
		if _, err := t.exec(ctx, `DELETE FROM settings WHERE key = ?`, bulkIndexesKey); err != nil {
			return fmt.Errorf("restore indexes: %w", err)
		}
		return nil
	})
}

// enlargeCache gives the writer a page cache large enough to hold the
// parts of the tables and unique indexes a load touches, and temporary
// files (of the sorts that build indexes) in memory, and returns a
// function that puts both back as they were.
func (s *Store) enlargeCache(ctx context.Context) (restore func(), err error) {
	if len(s.d.bulkPragmas) == 0 {
		return func() {}, nil
	}
	was := make([]string, len(s.d.bulkPragmas))
	for i, p := range s.d.bulkPragmas {
		name, _, _ := strings.Cut(p, "=")
		if err := s.write.QueryRowContext(ctx, `PRAGMA `+name).Scan(&was[i]); err != nil {
			return nil, fmt.Errorf("bulk load: read %s: %w", name, err)
		}
		was[i] = name + "=" + was[i]
	}
	restore = func() {
		for _, p := range was {
			s.write.ExecContext(context.WithoutCancel(ctx), `PRAGMA `+p)
		}
	}
	for _, p := range s.d.bulkPragmas {
		if _, err := s.write.ExecContext(ctx, `PRAGMA `+p); err != nil {
			restore()
			return nil, fmt.Errorf("bulk load: %s: %w", p, err)
		}
	}
	return restore, nil
}

// ifNotExists turns CREATE [UNIQUE] INDEX (or CREATE TRIGGER) into the
// same with IF NOT EXISTS, which both dialects take for indexes and
// SQLite for triggers.
func ifNotExists(stmt string) string {
	for _, p := range []string{"CREATE INDEX ", "CREATE UNIQUE INDEX ", "CREATE TRIGGER "} {
		if strings.HasPrefix(strings.ToUpper(stmt), p) && !strings.HasPrefix(strings.ToUpper(stmt[len(p):]), "IF NOT EXISTS") {
			return stmt[:len(p)] + "IF NOT EXISTS " + stmt[len(p):]
		}
	}
	return stmt
}
