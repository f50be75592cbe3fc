package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

// takeRendering copies the stored rendering of stored into p.
func takeRendering(p, stored *burg.Post) {
	p.BodyHTML, p.Text, p.Terms, p.RenderVersion = stored.BodyHTML, stored.Text, stored.Terms, stored.RenderVersion
}

// storeRendering makes the rendering of p through p.Render, when set, and
// stores it with the post's terms; created says whether p was just
// inserted, with no terms yet. A rendering made with an older dictionary
// than the one committed leaves the post queued, so that a change made
// while it rendered reaches it.
func storeRendering(ctx context.Context, t *tx, p *burg.Post, created bool) error {
	if p.Render == nil {
		return nil
	}
	p.Render(p)
	if _, err := t.execMany(ctx, `UPDATE posts SET body_html = ?, text = ?, render_version = ? WHERE id = ?`,
		p.BodyHTML, p.Text, max(p.RenderVersion, 0), p.ID); err != nil {
		return fmt.Errorf("store rendering of post %d: %w", p.ID, err)
	}
	if err := writeTerms(ctx, t, p.ID, p.Terms, !created); err != nil {
		return err
	}
	v, err := dictionaryVersion(ctx, t)
	if err != nil {
		return err
	}
	if p.RenderVersion < v {
		return queuePosts(ctx, t, []int64{p.ID})
	}
	return nil
}

// writeTerms stores the dictionary items a post's rendering mentions,
// replacing those it had unless the post is new.
func writeTerms(ctx context.Context, t *tx, postID int64, terms []burg.TermRef, replace bool) error {
	if replace {
		if _, err := t.execMany(ctx, `DELETE FROM post_terms WHERE post_id = ?`, postID); err != nil {
			return fmt.Errorf("replace terms of post %d: %w", postID, err)
		}
	}
	seen := make(map[burg.TermRef]bool, len(terms))
	for _, k := range terms {
		if seen[k] || (k.Kind != burg.TermName && k.Kind != burg.TermSwap) {
			continue
		}
		seen[k] = true
		if _, err := t.execMany(ctx, `INSERT INTO post_terms (post_id, kind, term_id) VALUES (?, ?, ?)`,
			postID, k.Kind, k.ID); err != nil {
			return fmt.Errorf("store terms of post %d: %w", postID, err)
		}
	}
	return nil
}

// dictionaryVersion is one more than the number of the latest dictionary
// change.
func dictionaryVersion(ctx context.Context, t *tx) (int64, error) {
	if t.version > 0 {
		return t.version, nil
	}
	if err := t.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM dictionary_changes`).Scan(&t.version); err != nil {
		return 0, fmt.Errorf("dictionary version: %w", err)
	}
	return t.version, nil
}

// queuePosts puts posts on the render queue; those on it already stay as
// they are.
func queuePosts(ctx context.Context, t *tx, ids []int64) error {
	for len(ids) > 0 {
		n := min(len(ids), 300)
		args := make([]any, 0, 2*n)
		for _, id := range ids[:n] {
			args = append(args, id, t.now)
		}
		rows := strings.TrimSuffix(strings.Repeat("(?, ?), ", n), ", ")
		if _, err := t.exec(ctx, `INSERT INTO render_queue (post_id, queued_at) VALUES `+rows+`
			ON CONFLICT (post_id) DO NOTHING`, args...); err != nil {
			return fmt.Errorf("queue posts for rendering: %w", err)
		}
		ids = ids[n:]
	}
	return nil
}

// recordChange keeps a change of the dictionary: the items changed and
// the words it brought in. With no post to touch (no posts at all, or no
// new words and no post mentioning the items) it is recorded as done.
func recordChange(ctx context.Context, t *tx, items []burg.TermRef, words []string) error {
	itemsJSON, err := json.Marshal(items)
	if err != nil {
		return fmt.Errorf("record dictionary change: %w", err)
	}
	wordsJSON, err := json.Marshal(append([]string{}, words...))
	if err != nil {
		return fmt.Errorf("record dictionary change: %w", err)
	}
	idle, err := nothingToTouch(ctx, t, items, words)
	if err != nil {
		return err
	}
	phase, done := burg.ChangeItems, any(nil)
	if idle {
		phase, done = burg.ChangeDone, t.now
	}
	if _, err := t.exec(ctx, `INSERT INTO dictionary_changes (items, words, phase, created_at, done_at)
		VALUES (?, ?, ?, ?, ?)`, string(itemsJSON), string(wordsJSON), phase, t.now, done); err != nil {
		return fmt.Errorf("record dictionary change: %w", err)
	}
	t.version = 0 // read again when asked
	return nil
}

// nothingToTouch reports whether a change of items bringing in words can
// touch no post.
func nothingToTouch(ctx context.Context, t *tx, items []burg.TermRef, words []string) (bool, error) {
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT id FROM posts LIMIT 1) p`).Scan(&n); err != nil {
		return false, fmt.Errorf("record dictionary change: %w", err)
	}
	if n == 0 {
		return true, nil
	}
	if len(words) > 0 || len(items) == 0 {
		return len(items) == 0 && len(words) == 0, nil
	}
	cond, args := termsCondition(items)
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT post_id FROM post_terms WHERE `+cond+` LIMIT 1) m`,
		args...).Scan(&n); err != nil {
		return false, fmt.Errorf("record dictionary change: %w", err)
	}
	return n == 0, nil
}

// termsCondition is the condition on post_terms that matches any of
// items.
func termsCondition(items []burg.TermRef) (string, []any) {
	conds := make([]string, len(items))
	args := make([]any, 0, 2*len(items))
	for i, k := range items {
		conds[i] = "(kind = ? AND term_id = ?)"
		args = append(args, k.Kind, k.ID)
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// entryWords are the names of an entry the dictionary matches: its name
// and aliases, none when it is retired.
func entryWords(tag *burg.Tag) []string {
	if tag == nil || tag.RetiredAt != nil {
		return nil
	}
	return append([]string{strings.TrimSpace(tag.Name)}, tag.Aliases...)
}

// newWords returns the words of now that are not among before, compared
// without regard to case.
func newWords(before, now []string) []string {
	var out []string
	for _, w := range now {
		if !slices.ContainsFunc(before, func(b string) bool { return strings.EqualFold(b, w) }) &&
			!slices.ContainsFunc(out, func(b string) bool { return strings.EqualFold(b, w) }) {
			out = append(out, w)
		}
	}
	return out
}

// DictionaryVersion returns one more than the number of the latest
// dictionary change.
func (s *Store) DictionaryVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.readTx(ctx, func(t *tx) error {
		var err error
		v, err = dictionaryVersion(ctx, t)
		return err
	})
	return v, err
}

// ClaimRenders returns up to n posts to render again, newest first: the
// queued ones, then those never rendered, each claimed for lease.
func (s *Store) ClaimRenders(ctx context.Context, n int, lease time.Duration) ([]*burg.Post, error) {
	if n <= 0 {
		return nil, nil
	}
	if lease <= 0 {
		return nil, burg.Errorf(burg.EINVALID, "A claim needs a time to last.")
	}
	var posts []*burg.Post
	err := s.writeTx(ctx, func(t *tx) error {
		var free int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT post_id FROM render_queue
			WHERE claimed_until IS NULL OR claimed_until < ? LIMIT ?) q`, t.now, n).Scan(&free); err != nil {
			return fmt.Errorf("claim renders: %w", err)
		}
		if free < n {
			// Posts never rendered join the queue, newest first.
			if _, err := t.exec(ctx, `INSERT INTO render_queue (post_id, queued_at)
				SELECT p.id, ? FROM posts p WHERE p.render_version = 0
				AND NOT EXISTS (SELECT 1 FROM render_queue q WHERE q.post_id = p.id)
				ORDER BY p.id DESC LIMIT ?
				ON CONFLICT (post_id) DO NOTHING`, t.now, n-free); err != nil {
				return fmt.Errorf("claim renders: queue unrendered posts: %w", err)
			}
		}
		// The claim checks the row again, so that two instances claiming at
		// once on PostgreSQL never both take one post.
		rows, err := t.query(ctx, `UPDATE render_queue SET claimed_until = ?
			WHERE post_id IN (SELECT post_id FROM render_queue WHERE claimed_until IS NULL OR claimed_until < ?
				ORDER BY post_id DESC LIMIT ?)
			AND (claimed_until IS NULL OR claimed_until < ?)
			RETURNING post_id`, t.now.Add(lease), t.now, n, t.now)
		if err != nil {
			return fmt.Errorf("claim renders: %w", err)
		}
		var ids []any
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("claim renders: %w", err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("claim renders: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		if posts, err = findPostsByID(ctx, t, ids); err != nil {
			return err
		}
		return attachTerms(ctx, t, posts)
	})
	if err != nil {
		return nil, err
	}
	return posts, nil
}

// findPostsByID reads posts, deleted or not, without their tags and
// remarks, newest first.
func findPostsByID(ctx context.Context, t *tx, ids []any) ([]*burg.Post, error) {
	rows, err := t.query(ctx, `SELECT `+postColumns+` FROM posts p`+postJoins+`
		WHERE p.id IN (`+placeholders(len(ids))+`) ORDER BY p.id DESC`, ids...)
	if err != nil {
		return nil, fmt.Errorf("find posts: %w", err)
	}
	defer rows.Close()
	var posts []*burg.Post
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, fmt.Errorf("find posts: %w", err)
		}
		posts = append(posts, p)
	}
	return posts, rows.Err()
}

// attachTerms fills the Terms of posts, in kind and ID order.
func attachTerms(ctx context.Context, t *tx, posts []*burg.Post) error {
	if len(posts) == 0 {
		return nil
	}
	byID := make(map[int64]*burg.Post, len(posts))
	ids := make([]any, len(posts))
	for i, p := range posts {
		byID[p.ID] = p
		ids[i] = p.ID
		p.Terms = nil
	}
	rows, err := t.query(ctx, `SELECT post_id, kind, term_id FROM post_terms
		WHERE post_id IN (`+placeholders(len(ids))+`) ORDER BY post_id, kind, term_id`, ids...)
	if err != nil {
		return fmt.Errorf("find terms of posts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var k burg.TermRef
		if err := rows.Scan(&id, &k.Kind, &k.ID); err != nil {
			return fmt.Errorf("find terms of posts: %w", err)
		}
		byID[id].Terms = append(byID[id].Terms, k)
	}
	return rows.Err()
}

// SaveRenderings stores renderings of posts whose body and switch are
// still those they were made from, and takes the posts off the queue but
// for those rendered with an older dictionary than the current one.
func (s *Store) SaveRenderings(ctx context.Context, rs []burg.Rendering) ([]int64, error) {
	var saved []int64
	err := s.writeTx(ctx, func(t *tx) error {
		saved = saved[:0]
		v, err := dictionaryVersion(ctx, t)
		if err != nil {
			return err
		}
		for _, r := range rs {
			res, err := t.execMany(ctx, `UPDATE posts SET body_html = ?, text = ?, render_version = ?
				WHERE id = ? AND body = ? AND no_decoration = ?`,
				r.HTML, r.Text, max(r.Version, 0), r.PostID, r.Body, r.NoDecoration)
			if err != nil {
				return fmt.Errorf("save rendering of post %d: %w", r.PostID, err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				if err := writeTerms(ctx, t, r.PostID, r.Terms, true); err != nil {
					return err
				}
				saved = append(saved, r.PostID)
			}
			q := `DELETE FROM render_queue WHERE post_id = ?`
			args := []any{r.PostID}
			if r.Version < v {
				q, args = `UPDATE render_queue SET claimed_until = NULL WHERE post_id = ?`, []any{r.PostID}
			}
			if _, err := t.execMany(ctx, q, args...); err != nil {
				return fmt.Errorf("save rendering of post %d: %w", r.PostID, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// changeColumns are read by scanChange, in order.
const changeColumns = `id, items, words, phase, cursor_id, queued, created_at, done_at`

func scanChange(sc interface{ Scan(...any) error }) (*burg.DictionaryChange, error) {
	ch := &burg.DictionaryChange{}
	var items, words string
	var done sql.NullTime
	if err := sc.Scan(&ch.ID, &items, &words, &ch.Phase, &ch.Cursor, &ch.Queued, &ch.CreatedAt, &done); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(items), &ch.Items); err != nil {
		return nil, fmt.Errorf("read items of dictionary change %d: %w", ch.ID, err)
	}
	if err := json.Unmarshal([]byte(words), &ch.Words); err != nil {
		return nil, fmt.Errorf("read words of dictionary change %d: %w", ch.ID, err)
	}
	if len(ch.Words) == 0 {
		ch.Words = nil
	}
	ch.CreatedAt = ch.CreatedAt.UTC()
	ch.DoneAt = timePtr(done)
	return ch, nil
}

// ClaimChange claims the oldest unfinished dictionary change that is not
// claimed.
func (s *Store) ClaimChange(ctx context.Context, lease time.Duration) (*burg.DictionaryChange, error) {
	if lease <= 0 {
		return nil, burg.Errorf(burg.EINVALID, "A claim needs a time to last.")
	}
	var ch *burg.DictionaryChange
	err := s.writeTx(ctx, func(t *tx) error {
		var id int64
		err := t.queryRow(ctx, `SELECT id FROM dictionary_changes WHERE done_at IS NULL
			AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT 1`, t.now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("dictionary change")
		} else if err != nil {
			return fmt.Errorf("claim dictionary change: %w", err)
		}
		res, err := t.exec(ctx, `UPDATE dictionary_changes SET claimed_until = ? WHERE id = ?
			AND (claimed_until IS NULL OR claimed_until < ?)`, t.now.Add(lease), id, t.now)
		if err != nil {
			return fmt.Errorf("claim dictionary change: %w", err)
		}
		if err := mustAffect(res, "dictionary change"); err != nil {
			return err // another instance took it meanwhile
		}
		ch, err = scanChange(t.queryRow(ctx, `SELECT `+changeColumns+` FROM dictionary_changes WHERE id = ?`, id))
		if err != nil {
			return fmt.Errorf("claim dictionary change: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ch, nil
}

// FindPostsMentioning returns the IDs of up to n posts above after whose
// terms hold one of items.
func (s *Store) FindPostsMentioning(ctx context.Context, items []burg.TermRef, after int64, n int) ([]int64, error) {
	if len(items) == 0 || n <= 0 {
		return nil, nil
	}
	cond, args := termsCondition(items)
	var ids []int64
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT DISTINCT post_id FROM post_terms WHERE `+cond+` AND post_id > ?
			ORDER BY post_id LIMIT ?`, append(args, after, n)...)
		if err != nil {
			return fmt.Errorf("find posts mentioning: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return fmt.Errorf("find posts mentioning: %w", err)
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	return ids, err
}

// FindPostTexts returns up to n posts above after with their plain text.
func (s *Store) FindPostTexts(ctx context.Context, after int64, n int) ([]burg.PostText, error) {
	if n <= 0 {
		return nil, nil
	}
	var out []burg.PostText
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT id, text, no_decoration FROM posts WHERE id > ? ORDER BY id LIMIT ?`, after, n)
		if err != nil {
			return fmt.Errorf("find post texts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var pt burg.PostText
			if err := rows.Scan(&pt.ID, &pt.Text, &pt.NoDecoration); err != nil {
				return fmt.Errorf("find post texts: %w", err)
			}
			out = append(out, pt)
		}
		return rows.Err()
	})
	return out, err
}

// AdvanceChange queues posts and moves the change on.
func (s *Store) AdvanceChange(ctx context.Context, ch *burg.DictionaryChange, phase string, cursor int64, queue []int64) error {
	switch phase {
	case burg.ChangeItems, burg.ChangeWords, burg.ChangeDone:
	default:
		return burg.Errorf(burg.EINVALID, "A dictionary change has no phase %q.", burg.Clip(phase, 20))
	}
	var done any
	err := s.writeTx(ctx, func(t *tx) error {
		if phase == burg.ChangeDone {
			done = t.now
		}
		res, err := t.exec(ctx, `UPDATE dictionary_changes SET phase = ?, cursor_id = ?, queued = queued + ?,
			claimed_until = NULL, done_at = ? WHERE id = ? AND phase = ? AND cursor_id = ? AND done_at IS NULL`,
			phase, cursor, len(queue), done, ch.ID, ch.Phase, ch.Cursor)
		if err != nil {
			return fmt.Errorf("advance dictionary change %d: %w", ch.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var found int
			if err := t.queryRow(ctx, `SELECT COUNT(*) FROM dictionary_changes WHERE id = ?`, ch.ID).Scan(&found); err != nil {
				return fmt.Errorf("advance dictionary change %d: %w", ch.ID, err)
			}
			if found == 0 {
				return notFound("dictionary change")
			}
			return burg.Errorf(burg.ECONFLICT, "The dictionary change %d has moved on meanwhile.", ch.ID)
		}
		return queuePosts(ctx, t, queue)
	})
	if err != nil {
		return err
	}
	ch.Phase, ch.Cursor, ch.Queued = phase, cursor, ch.Queued+len(queue)
	if t, ok := done.(time.Time); ok {
		ch.DoneAt = &t
	}
	return nil
}

// RenderProgress says how far the rendering has come.
func (s *Store) RenderProgress(ctx context.Context) (*burg.RenderProgress, error) {
	pr := &burg.RenderProgress{}
	err := s.readTx(ctx, func(t *tx) error {
		var err error
		if pr.Version, err = dictionaryVersion(ctx, t); err != nil {
			return err
		}
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM render_queue`).Scan(&pr.Queued); err != nil {
			return fmt.Errorf("render progress: %w", err)
		}
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM posts p WHERE p.render_version = 0
			AND NOT EXISTS (SELECT 1 FROM render_queue q WHERE q.post_id = p.id)`).Scan(&pr.Unrendered); err != nil {
			return fmt.Errorf("render progress: %w", err)
		}
		if err := t.queryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(id), 0) FROM posts`).Scan(&pr.Posts, &pr.LastPostID); err != nil {
			return fmt.Errorf("render progress: %w", err)
		}
		for _, q := range []string{
			`SELECT ` + changeColumns + ` FROM dictionary_changes WHERE done_at IS NULL ORDER BY id`,
			`SELECT ` + changeColumns + ` FROM dictionary_changes WHERE done_at IS NOT NULL ORDER BY id DESC LIMIT 5`,
		} {
			rows, err := t.query(ctx, q)
			if err != nil {
				return fmt.Errorf("render progress: %w", err)
			}
			for rows.Next() {
				ch, err := scanChange(rows)
				if err != nil {
					rows.Close()
					return fmt.Errorf("render progress: %w", err)
				}
				pr.Changes = append(pr.Changes, ch)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("render progress: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return pr, nil
}

// ResetRenderings marks every post as never rendered.
func (s *Store) ResetRenderings(ctx context.Context) error {
	return s.writeTx(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `UPDATE posts SET render_version = 0 WHERE render_version <> 0`); err != nil {
			return fmt.Errorf("reset renderings: %w", err)
		}
		return nil
	})
}
