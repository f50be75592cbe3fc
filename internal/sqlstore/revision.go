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

// findAnyPost reads one post, deleted or not, with its tags.
func findAnyPost(ctx context.Context, t *tx, id int64) (*burg.Post, error) {
	p, err := scanPost(t.queryRow(ctx, `SELECT `+postColumns+` FROM posts p`+postJoins+` WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("post")
	} else if err != nil {
		return nil, fmt.Errorf("find post %d: %w", id, err)
	}
	if err := attachExtras(ctx, t, []*burg.Post{p}); err != nil {
		return nil, err
	}
	return p, nil
}

// FindPostIncludingDeleted returns one post, deleted or not, or ENOTFOUND.
func (s *Store) FindPostIncludingDeleted(ctx context.Context, id int64) (*burg.Post, error) {
	var p *burg.Post
	err := s.readTx(ctx, func(t *tx) error {
		var err error
		p, err = findAnyPost(ctx, t, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// FindPostBySourceURL returns the newest live post with the source URL, or
// ENOTFOUND.
func (s *Store) FindPostBySourceURL(ctx context.Context, sourceURL string) (*burg.Post, error) {
	if burg.SourceKey(sourceURL) == "" {
		return nil, notFound("post")
	}
	var p *burg.Post
	err := s.readTx(ctx, func(t *tx) error {
		var id int64
		err := t.queryRow(ctx, `SELECT id FROM posts WHERE source_key = ? AND deleted_at IS NULL
			ORDER BY posted_at DESC, id DESC LIMIT 1`, burg.SourceKey(sourceURL)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("post")
		} else if err != nil {
			return fmt.Errorf("find post by source: %w", err)
		}
		p, err = findAnyPost(ctx, t, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func checkChange(ch burg.PostChange) error {
	if ch.UserID == 0 {
		return burg.Errorf(burg.EINVALID, "A change to a post needs the user who makes it.")
	}
	if ch.Action == "" {
		return burg.Errorf(burg.EINVALID, "A change to a post needs to say what it does.")
	}
	return nil
}

// lockPost takes the post's row for the rest of the transaction, bumping
// its UpdatedAt, and returns it as it stood. With ifUpdatedAt set, a post
// changed since then is ECONFLICT.
func lockPost(ctx context.Context, t *tx, id int64, ch burg.PostChange) (*burg.Post, error) {
	q, args := `UPDATE posts SET updated_at = ? WHERE id = ?`, []any{t.now, id}
	if !ch.IfUpdatedAt.IsZero() {
		q += ` AND updated_at = ?`
		args = append(args, utc(ch.IfUpdatedAt))
	}
	res, err := t.exec(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("lock post %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var found int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM posts WHERE id = ?`, id).Scan(&found); err != nil {
			return nil, fmt.Errorf("find post %d: %w", id, err)
		}
		if found == 0 {
			return nil, notFound("post")
		}
		return nil, burg.Errorf(burg.ECONFLICT, "Someone else changed this post since you opened it. Look at their change, then make yours again.")
	}
	return findAnyPost(ctx, t, id)
}

// keepRevision stores the post as it stood before a change.
func keepRevision(ctx context.Context, t *tx, old *burg.Post, ch burg.PostChange) error {
	snap := burg.SnapshotOf(old)
	tags, err := json.Marshal(append([]string{}, snap.Tags...))
	if err != nil {
		return err
	}
	remarks, err := json.Marshal(append([]string{}, snap.Remarks...))
	if err != nil {
		return err
	}
	var user int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE id = ?`, ch.UserID).Scan(&user); err != nil {
		return fmt.Errorf("check revision user: %w", err)
	} else if user == 0 {
		return burg.Errorf(burg.EINVALID, "There is no such user.")
	}
	_, err = t.exec(ctx, `INSERT INTO post_revisions (post_id, user_id, action, created_at, title, section_id,
		source_url, source_tag, source_lang, note, body, original_body, posted_at, comments_close_at, deleted_at, tags, remarks)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		old.ID, ch.UserID, ch.Action, t.now, snap.Title, snap.SectionID, snap.SourceURL, snap.SourceTag,
		snap.SourceLang, snap.Note, snap.Body, snap.OriginalBody, utc(snap.PostedAt),
		nullTime(snap.CommentsCloseAt), nullTime(snap.DeletedAt), string(tags), string(remarks))
	if err != nil {
		return fmt.Errorf("keep revision of post %d: %w", old.ID, err)
	}
	return nil
}

// UpdatePost stores the changeable fields of p and its tags, keeping the
// post as it stood as a revision.
func (s *Store) UpdatePost(ctx context.Context, p *burg.Post, ch burg.PostChange) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if err := checkChange(ch); err != nil {
		return err
	}
	var updated burg.Post
	err := s.writeTx(ctx, func(t *tx) error {
		old, err := lockPost(ctx, t, p.ID, ch)
		if err != nil {
			return err
		}
		updated = *p
		if err := ensureTags(ctx, t, &updated); err != nil {
			return err
		}
		if err := checkRefs(ctx, t, &updated); err != nil {
			return err
		}
		if err := keepRevision(ctx, t, old, ch); err != nil {
			return err
		}
		updated.Title = strings.TrimSpace(p.Title)
		updated.PostedAt = utc(p.PostedAt)
		updated.UpdatedAt = t.now
		_, err = t.exec(ctx, `UPDATE posts SET section_id = ?, title = ?, source_url = ?, source_key = ?, source_tag = ?,
			source_lang = ?, note = ?, body = ?, original_body = ?, posted_at = ?, comments_close_at = ?, updated_at = ?,
			text = ?, no_decoration = ? WHERE id = ?`,
			p.SectionID, updated.Title, p.SourceURL, burg.SourceKey(p.SourceURL), p.SourceTag, p.SourceLang, p.Note, p.Body, p.OriginalBody,
			updated.PostedAt, nullTime(p.CommentsCloseAt), t.now, searchText(p), p.NoDecoration, p.ID)
		if isUniqueViolation(err) {
			return errSourcePosted
		} else if err != nil {
			return fmt.Errorf("update post %d: %w", p.ID, err)
		}
		if err := storeRendering(ctx, t, &updated, false); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM post_tags WHERE post_id = ?`, p.ID); err != nil {
			return fmt.Errorf("untag post %d: %w", p.ID, err)
		}
		for i, tag := range updated.Tags {
			if _, err := t.exec(ctx, `INSERT INTO post_tags (post_id, tag_id, position, posted_at) VALUES (?, ?, ?, ?)`,
				p.ID, tag.ID, i, updated.PostedAt); err != nil {
				if isUniqueViolation(err) {
					return burg.Errorf(burg.EINVALID, "The tag %q is given twice.", tag.Name)
				}
				return fmt.Errorf("tag post %d: %w", p.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	p.Title, p.PostedAt, p.UpdatedAt, p.Tags = updated.Title, updated.PostedAt, updated.UpdatedAt, updated.Tags
	if p.Render != nil {
		takeRendering(p, &updated)
	}
	return nil
}

// DeletePost marks a post deleted, keeping it as it stood as a revision.
// Deleting a deleted post changes nothing.
func (s *Store) DeletePost(ctx context.Context, id int64, ch burg.PostChange) error {
	return s.setDeleted(ctx, id, ch, true)
}

// RestorePost brings back a deleted post, keeping it as it stood as a
// revision. Restoring a live post changes nothing.
func (s *Store) RestorePost(ctx context.Context, id int64, ch burg.PostChange) error {
	return s.setDeleted(ctx, id, ch, false)
}

func (s *Store) setDeleted(ctx context.Context, id int64, ch burg.PostChange, deleted bool) error {
	if err := checkChange(ch); err != nil {
		return err
	}
	return s.writeTx(ctx, func(t *tx) error {
		old, err := findAnyPost(ctx, t, id)
		if err != nil {
			return err
		}
		if (old.DeletedAt != nil) == deleted {
			return nil
		}
		if old, err = lockPost(ctx, t, id, ch); err != nil {
			return err
		}
		if err := keepRevision(ctx, t, old, ch); err != nil {
			return err
		}
		var at any
		if deleted {
			at = t.now
		}
		if _, err := t.exec(ctx, `UPDATE posts SET deleted_at = ? WHERE id = ?`, at, id); isUniqueViolation(err) {
			return burg.Errorf(burg.ECONFLICT, "Another live post has this source now; change one of them first.")
		} else if err != nil {
			return fmt.Errorf("mark post %d deleted: %w", id, err)
		}
		return nil
	})
}

// FindPostRevisions returns a post's revisions with their users, oldest
// first.
func (s *Store) FindPostRevisions(ctx context.Context, postID int64) ([]*burg.PostRevision, error) {
	var revs []*burg.PostRevision
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT r.id, r.post_id, r.user_id, r.action, r.created_at, r.title, r.section_id,
			r.source_url, r.source_tag, r.source_lang, r.note, r.body, r.original_body, r.posted_at,
			r.comments_close_at, r.deleted_at, r.tags, r.remarks, u.nick, u.role, u.colour, u.disabled
			FROM post_revisions r JOIN users u ON u.id = r.user_id
			WHERE r.post_id = ? ORDER BY r.id`, postID)
		if err != nil {
			return fmt.Errorf("find post revisions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			r := &burg.PostRevision{User: &burg.User{}}
			b := &r.Before
			var closeAt, deletedAt sql.NullTime
			var tags, remarks string
			if err := rows.Scan(&r.ID, &r.PostID, &r.UserID, &r.Action, &r.At, &b.Title, &b.SectionID,
				&b.SourceURL, &b.SourceTag, &b.SourceLang, &b.Note, &b.Body, &b.OriginalBody, &b.PostedAt,
				&closeAt, &deletedAt, &tags, &remarks, &r.User.Nick, &r.User.Role, &r.User.Colour, &r.User.Disabled); err != nil {
				return fmt.Errorf("find post revisions: %w", err)
			}
			if err := json.Unmarshal([]byte(tags), &b.Tags); err != nil {
				return fmt.Errorf("read tags of revision %d: %w", r.ID, err)
			}
			if len(b.Tags) == 0 {
				b.Tags = nil
			}
			if err := json.Unmarshal([]byte(remarks), &b.Remarks); err != nil {
				return fmt.Errorf("read remarks of revision %d: %w", r.ID, err)
			}
			if len(b.Remarks) == 0 {
				b.Remarks = nil
			}
			r.At, b.PostedAt = r.At.UTC(), b.PostedAt.UTC()
			b.CommentsCloseAt, b.DeletedAt = timePtr(closeAt), timePtr(deletedAt)
			r.User.ID = r.UserID
			revs = append(revs, r)
		}
		return rows.Err()
	})
	return revs, err
}
