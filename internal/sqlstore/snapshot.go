package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	burg "github.com/burg-news/burg"
)

// CreateSnapshot stores a post's snapshot, replacing any it had.
func (s *Store) CreateSnapshot(ctx context.Context, sn *burg.Snapshot) error {
	if err := sn.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(t *tx) error {
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM posts WHERE id = ?`, sn.PostID).Scan(&n); err != nil {
			return fmt.Errorf("check snapshot post: %w", err)
		} else if n == 0 {
			return notFound("post")
		}
		if _, err := t.exec(ctx, `DELETE FROM snapshots WHERE post_id = ?`, sn.PostID); err != nil {
			return fmt.Errorf("replace snapshot: %w", err)
		}
		id, err := t.insert(ctx, `INSERT INTO snapshots (post_id, url, fetched_at, status, content_type, title, text,
			raw, raw_size, warc_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			sn.PostID, sn.URL, utc(sn.FetchedAt), sn.Status, sn.ContentType, sn.Title, sn.Text,
			sn.Raw, sn.RawSize, sn.WARCFile)
		if err != nil {
			return fmt.Errorf("create snapshot: %w", err)
		}
		sn.ID = id
		sn.FetchedAt = utc(sn.FetchedAt)
		return nil
	})
}

const snapshotColumns = `id, post_id, url, fetched_at, status, content_type, title, text, raw_size, warc_file,
	checked_at, check_status, failures, dead_at`

func scanSnapshot(sc interface{ Scan(...any) error }, raw *[]byte) (*burg.Snapshot, error) {
	sn := &burg.Snapshot{}
	var checked, dead sql.NullTime
	dst := []any{&sn.ID, &sn.PostID, &sn.URL, &sn.FetchedAt, &sn.Status, &sn.ContentType, &sn.Title, &sn.Text,
		&sn.RawSize, &sn.WARCFile, &checked, &sn.CheckStatus, &sn.Failures, &dead}
	if raw != nil {
		dst = append(dst, raw)
	}
	if err := sc.Scan(dst...); err != nil {
		return nil, err
	}
	sn.FetchedAt = sn.FetchedAt.UTC()
	sn.CheckedAt, sn.DeadAt = timePtr(checked), timePtr(dead)
	return sn, nil
}

// FindSnapshot returns the snapshot of a post, or ENOTFOUND.
func (s *Store) FindSnapshot(ctx context.Context, postID int64, raw bool) (*burg.Snapshot, error) {
	var sn *burg.Snapshot
	err := s.readTx(ctx, func(t *tx) error {
		q := `SELECT ` + snapshotColumns
		var body []byte
		var dst *[]byte
		if raw {
			q += `, raw`
			dst = &body
		}
		var err error
		sn, err = scanSnapshot(t.queryRow(ctx, q+` FROM snapshots WHERE post_id = ?`, postID), dst)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("snapshot")
		} else if err != nil {
			return fmt.Errorf("find snapshot of post %d: %w", postID, err)
		}
		sn.Raw = body
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sn, nil
}

// FindSnapshotsToCheck returns up to n snapshots of live posts due for a
// check: never checked first, then checked longest ago.
func (s *Store) FindSnapshotsToCheck(ctx context.Context, before time.Time, n int) ([]*burg.Snapshot, error) {
	if n <= 0 {
		return nil, nil
	}
	var out []*burg.Snapshot
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT `+snapshotColumns+` FROM snapshots
			WHERE (checked_at IS NULL OR checked_at < ?)
			AND post_id IN (SELECT id FROM posts WHERE deleted_at IS NULL)
			ORDER BY CASE WHEN checked_at IS NULL THEN 0 ELSE 1 END, checked_at, id LIMIT ?`, utc(before), n)
		if err != nil {
			return fmt.Errorf("find snapshots to check: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			sn, err := scanSnapshot(rows, nil)
			if err != nil {
				return fmt.Errorf("find snapshots to check: %w", err)
			}
			out = append(out, sn)
		}
		return rows.Err()
	})
	return out, err
}

// RecordSourceCheck notes what a check of a post's source found.
func (s *Store) RecordSourceCheck(ctx context.Context, c burg.SourceCheck) (*burg.Snapshot, error) {
	var sn *burg.Snapshot
	err := s.writeTx(ctx, func(t *tx) error {
		at := c.At
		if at.IsZero() {
			at = t.now
		}
		at = utc(at)
		var res sql.Result
		var err error
		switch {
		case c.OK:
			res, err = t.exec(ctx, `UPDATE snapshots SET checked_at = ?, check_status = ?, failures = 0, dead_at = NULL
				WHERE post_id = ?`, at, c.Status, c.PostID)
		case c.Gone:
			res, err = t.exec(ctx, `UPDATE snapshots SET checked_at = ?, check_status = ?, failures = failures + 1,
				dead_at = COALESCE(dead_at, ?) WHERE post_id = ?`, at, c.Status, at, c.PostID)
		default:
			res, err = t.exec(ctx, `UPDATE snapshots SET checked_at = ?, check_status = ?, failures = failures + 1,
				dead_at = CASE WHEN dead_at IS NULL AND failures + 1 >= ? THEN ? ELSE dead_at END
				WHERE post_id = ?`, at, c.Status, burg.SnapshotDeadAfter, at, c.PostID)
		}
		if err != nil {
			return fmt.Errorf("record source check: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("snapshot")
		}
		sn, err = scanSnapshot(t.queryRow(ctx, `SELECT `+snapshotColumns+` FROM snapshots WHERE post_id = ?`, c.PostID), nil)
		if err != nil {
			return fmt.Errorf("record source check: %w", err)
		}
		return nil
	})
	return sn, err
}

// FindPostsWithoutSnapshot returns up to n live posts with a source and
// no snapshot, oldest first.
func (s *Store) FindPostsWithoutSnapshot(ctx context.Context, n int) ([]int64, error) {
	if n <= 0 {
		return nil, nil
	}
	var ids []int64
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT id FROM posts WHERE deleted_at IS NULL AND source_url <> ''
			AND id NOT IN (SELECT post_id FROM snapshots) ORDER BY posted_at, id LIMIT ?`, n)
		if err != nil {
			return fmt.Errorf("find posts without snapshot: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return fmt.Errorf("find posts without snapshot: %w", err)
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	return ids, err
}
