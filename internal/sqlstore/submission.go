package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	burg "github.com/burg-news/burg"
)

// nullID stores 0 as NULL, for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// CreateSubmission stores s as pending.
func (s *Store) CreateSubmission(ctx context.Context, sub *burg.Submission) error {
	if err := sub.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(t *tx) error {
		if sub.SectionID != 0 {
			var n int
			if err := t.queryRow(ctx, `SELECT COUNT(*) FROM sections WHERE id = ?`, sub.SectionID).Scan(&n); err != nil {
				return fmt.Errorf("check section: %w", err)
			} else if n == 0 {
				return burg.Errorf(burg.EINVALID, "There is no such section.")
			}
		}
		id, err := t.insert(ctx, `INSERT INTO submissions (source_url, title, body, original_body, section_id, tags,
			source_tag, source_lang, note, nick, user_id, visitor_id, ip, created_at, status)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			sub.SourceURL, strings.TrimSpace(sub.Title), sub.Body, sub.OriginalBody, nullID(sub.SectionID), sub.Tags,
			sub.SourceTag, sub.SourceLang, sub.Note, sub.Nick, nullID(sub.UserID), sub.VisitorID, sub.IP,
			t.now, burg.SubmissionPending)
		if err != nil {
			return fmt.Errorf("create submission: %w", err)
		}
		sub.ID, sub.CreatedAt, sub.Status = id, t.now, burg.SubmissionPending
		sub.Title = strings.TrimSpace(sub.Title)
		return nil
	})
}

const submissionColumns = `id, source_url, title, body, original_body, COALESCE(section_id, 0), tags, source_tag,
	source_lang, note, nick, COALESCE(user_id, 0), visitor_id, ip, created_at, status, COALESCE(decided_by, 0),
	decided_at, COALESCE(post_id, 0), reason`

func scanSubmission(sc interface{ Scan(...any) error }) (*burg.Submission, error) {
	s := &burg.Submission{}
	var decided sql.NullTime
	err := sc.Scan(&s.ID, &s.SourceURL, &s.Title, &s.Body, &s.OriginalBody, &s.SectionID, &s.Tags, &s.SourceTag,
		&s.SourceLang, &s.Note, &s.Nick, &s.UserID, &s.VisitorID, &s.IP, &s.CreatedAt, &s.Status, &s.DecidedBy,
		&decided, &s.PostID, &s.Reason)
	if err != nil {
		return nil, err
	}
	s.CreatedAt, s.DecidedAt = s.CreatedAt.UTC(), timePtr(decided)
	return s, nil
}

// FindSubmission returns one submission or ENOTFOUND.
func (s *Store) FindSubmission(ctx context.Context, id int64) (*burg.Submission, error) {
	var sub *burg.Submission
	err := s.readTx(ctx, func(t *tx) error {
		var err error
		sub, err = scanSubmission(t.queryRow(ctx, `SELECT `+submissionColumns+` FROM submissions WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("submission")
		} else if err != nil {
			return fmt.Errorf("find submission %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sub, nil
}

// FindSubmissions returns up to limit submissions in a state, oldest first.
func (s *Store) FindSubmissions(ctx context.Context, status string, limit int) ([]*burg.Submission, error) {
	if limit <= 0 || limit > maxPostLimit {
		limit = defaultPostLimit
	}
	var subs []*burg.Submission
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT `+submissionColumns+` FROM submissions WHERE status = ? ORDER BY id LIMIT ?`,
			status, limit)
		if err != nil {
			return fmt.Errorf("find submissions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			sub, err := scanSubmission(rows)
			if err != nil {
				return fmt.Errorf("find submissions: %w", err)
			}
			subs = append(subs, sub)
		}
		return rows.Err()
	})
	return subs, err
}

// decide marks a pending submission decided by a user; ECONFLICT when it
// was decided already. The conditional update takes the row, so that two
// moderators cannot both decide it.
func decide(ctx context.Context, t *tx, id int64, status string, by int64, reason string) error {
	res, err := t.exec(ctx, `UPDATE submissions SET status = ?, decided_by = ?, decided_at = ?, reason = ?
		WHERE id = ? AND status = ?`, status, by, t.now, reason, id, burg.SubmissionPending)
	if err != nil {
		return fmt.Errorf("decide submission %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	var st string
	err = t.queryRow(ctx, `SELECT status FROM submissions WHERE id = ?`, id).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("submission")
	} else if err != nil {
		return fmt.Errorf("find submission %d: %w", id, err)
	}
	return burg.Errorf(burg.ECONFLICT, "That submission was %s already.", st)
}

// ApproveSubmission publishes p and marks the submission approved.
func (s *Store) ApproveSubmission(ctx context.Context, id int64, p *burg.Post, by int64) error {
	if err := p.Validate(); err != nil {
		return err
	}
	stored := *p
	err := s.writeTx(ctx, func(t *tx) error {
		if err := decide(ctx, t, id, burg.SubmissionApproved, by, ""); err != nil {
			return err
		}
		if err := createPost(ctx, t, &stored); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE submissions SET post_id = ? WHERE id = ?`, stored.ID, id); err != nil {
			return fmt.Errorf("link submission %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	p.ID, p.Slug, p.PostedAt, p.UpdatedAt, p.Tags = stored.ID, stored.Slug, stored.PostedAt, stored.UpdatedAt, stored.Tags
	takeRendering(p, &stored)
	return nil
}

// RejectSubmission marks a pending submission rejected.
func (s *Store) RejectSubmission(ctx context.Context, id int64, by int64, reason string) error {
	if len(reason) > 1000 {
		return burg.Errorf(burg.EINVALID, "The reason is longer than 1000 characters.")
	}
	return s.writeTx(ctx, func(t *tx) error {
		return decide(ctx, t, id, burg.SubmissionRejected, by, reason)
	})
}

// SetSetting stores the value of key, replacing any it had.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	return s.writeTx(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		if err != nil {
			return fmt.Errorf("set setting %q: %w", key, err)
		}
		return nil
	})
}
