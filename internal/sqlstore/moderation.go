package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

// chunk is how many ids one statement of a moderation names: well within
// both drivers' limits on arguments.
const chunk = 500

// maxSearch bounds a page of the moderators' search.
const maxSearch = 10_000

// commentWhere turns a filter into conditions and their arguments. Every
// condition is a fixed string; only values are arguments.
func (d *dialect) commentWhere(f burg.CommentFilter) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, vals ...any) {
		conds = append(conds, cond)
		args = append(args, vals...)
	}
	if len(f.IDs) > 0 {
		ids := make([]any, len(f.IDs))
		for i, id := range f.IDs {
			ids[i] = id
		}
		add(`c.id IN (`+placeholders(len(ids))+`)`, ids...)
	}
	if f.PostID != 0 {
		add(`c.post_id = ?`, f.PostID)
	}
	if f.Nick != "" {
		add(`lower(c.nick) = lower(CAST(? AS TEXT))`, f.Nick)
	}
	if f.VisitorID != "" {
		add(`c.visitor_id = ?`, f.VisitorID)
	}
	if f.Net.IsValid() {
		lo, hi := burg.PrefixKeys(f.Net)
		add(`c.ip_key BETWEEN ? AND ?`, lo, hi)
	}
	if !f.Since.IsZero() {
		add(`c.created_at >= ?`, utc(f.Since))
	}
	if !f.Until.IsZero() {
		add(`c.created_at < ?`, utc(f.Until))
	}
	if f.Text != "" {
		add(`c.body `+d.likeCI+` ? ESCAPE '\'`, "%"+escapeLike(f.Text)+"%")
	}
	if len(f.States) > 0 {
		states := make([]any, len(f.States))
		for i, st := range f.States {
			states[i] = st
		}
		add(`c.state IN (`+placeholders(len(states))+`)`, states...)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// escapeLike escapes the wildcards of LIKE, so that a typed % or _ is
// matched as itself.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SearchComments returns the comments matching f, newest first, and how
// many match.
func (s *Store) SearchComments(ctx context.Context, f burg.CommentFilter) ([]*burg.Comment, int, error) {
	if len(f.IDs) > maxSearch {
		return nil, 0, burg.Errorf(burg.EINVALID, "At most %d comments at once.", maxSearch)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, maxSearch)
	f.Offset = max(f.Offset, 0)
	where, args := s.d.commentWhere(f)
	var out []*burg.Comment
	var total int
	err := s.readTx(ctx, func(t *tx) error {
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM comments c`+where, args...).Scan(&total); err != nil {
			return fmt.Errorf("count comments: %w", err)
		}
		rows, err := t.query(ctx, `SELECT `+commentColumns+commentJoins+where+` ORDER BY c.id DESC LIMIT ? OFFSET ?`,
			append(args, f.Limit, f.Offset)...)
		if err != nil {
			return fmt.Errorf("search comments: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanComment(rows)
			if err != nil {
				return fmt.Errorf("search comments: %w", err)
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, total, err
}

// idArgs returns ids as arguments.
func idArgs(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// ModerateComments changes the states of comments, recounts their posts
// and records the audit entry, in one transaction.
func (s *Store) ModerateComments(ctx context.Context, m burg.CommentModeration) (burg.Moderated, error) {
	var set string
	switch m.To {
	case burg.CommentRedacted:
		set = `state = 'redacted', deleted_at = ?, delete_reason = ?, moderated_by = ?`
		if len(m.Reason) > 1000 {
			return burg.Moderated{}, burg.Errorf(burg.EINVALID, "The reason is longer than 1000 characters.")
		}
	case burg.CommentLive:
		set = `state = 'live', deleted_at = NULL, delete_reason = '', moderated_by = ?`
	case burg.CommentHeld:
		set = `state = 'held', deleted_at = NULL, delete_reason = '', moderated_by = ?`
	default:
		return burg.Moderated{}, burg.Errorf(burg.EINVALID, "Comments are redacted, restored, approved or held, not %q.", burg.Clip(m.To, 20))
	}
	if len(m.From) == 0 {
		return burg.Moderated{}, burg.Errorf(burg.EINVALID, "Say which states of comment change.")
	}
	from := make([]any, len(m.From))
	for i, st := range m.From {
		if !burg.ValidCommentState(st) {
			return burg.Moderated{}, burg.Errorf(burg.EINVALID, "%q is not a state of comment.", burg.Clip(st, 20))
		}
		from[i] = st
	}
	if m.Audit != nil {
		if err := m.Audit.Validate(); err != nil {
			return burg.Moderated{}, err
		}
	}
	var by any
	if m.UserID != 0 {
		by = m.UserID
	}
	ids := slices.Clone(m.IDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var res burg.Moderated
	err := s.writeTx(ctx, func(t *tx) error {
		res = burg.Moderated{}
		posts := map[int64]bool{}
		for part := range slices.Chunk(ids, chunk) {
			args := append(idArgs(part), from...)
			rows, err := t.query(ctx, `SELECT id, post_id FROM comments WHERE id IN (`+placeholders(len(part))+`)
				AND state IN (`+placeholders(len(from))+`) AND purged_at IS NULL`, args...)
			if err != nil {
				return fmt.Errorf("find comments to moderate: %w", err)
			}
			var changing []int64
			for rows.Next() {
				var id, post int64
				if err := rows.Scan(&id, &post); err != nil {
					rows.Close()
					return fmt.Errorf("find comments to moderate: %w", err)
				}
				changing = append(changing, id)
				posts[post] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("find comments to moderate: %w", err)
			}
			if len(changing) == 0 {
				continue
			}
			setArgs := []any{by}
			if m.To == burg.CommentRedacted {
				setArgs = []any{t.now, m.Reason, by}
			}
			// The states are checked again: on PostgreSQL another
			// moderator may have changed one since the select.
			r, err := t.exec(ctx, `UPDATE comments SET `+set+` WHERE id IN (`+placeholders(len(changing))+`)
				AND state IN (`+placeholders(len(from))+`) AND purged_at IS NULL`,
				append(append(setArgs, idArgs(changing)...), from...)...)
			if err != nil {
				return fmt.Errorf("moderate comments: %w", err)
			}
			n, err := r.RowsAffected()
			if err != nil {
				return fmt.Errorf("moderate comments: %w", err)
			}
			res.Changed += int(n)
		}
		for post := range posts {
			res.Posts = append(res.Posts, post)
		}
		slices.Sort(res.Posts)
		for _, post := range res.Posts {
			if err := refreshPostComments(ctx, t, post); err != nil {
				return err
			}
		}
		if m.Audit != nil && res.Changed > 0 {
			e := *m.Audit
			e.Count = res.Changed
			if len(res.Posts) == 1 && e.PostID == 0 {
				e.PostID = res.Posts[0]
			}
			if err := addAudit(ctx, t, &e); err != nil {
				return err
			}
			*m.Audit = e
		}
		return nil
	})
	if err != nil {
		return burg.Moderated{}, err
	}
	return res, nil
}

// PurgeComments deletes for good the texts of comments removed before
// before, up to limit of them.
func (s *Store) PurgeComments(ctx context.Context, before time.Time, limit int, audit *burg.AuditEntry) (burg.Moderated, error) {
	if limit <= 0 || limit > maxSearch {
		limit = 1000
	}
	if audit != nil {
		if err := audit.Validate(); err != nil {
			return burg.Moderated{}, err
		}
	}
	var res burg.Moderated
	err := s.writeTx(ctx, func(t *tx) error {
		res = burg.Moderated{}
		// The oldest removals first, walking comments_removed: the
		// condition on state is written so that no index of states
		// serves it, or SQLite takes one and sorts every removed
		// comment of the archive for each batch, holding the writer.
		rows, err := t.query(ctx, `SELECT id, post_id FROM comments WHERE deleted_at IS NOT NULL AND purged_at IS NULL
			AND deleted_at < ? AND state || '' IN ('redacted', 'removed') ORDER BY deleted_at, id LIMIT ?`, utc(before), limit)
		if err != nil {
			return fmt.Errorf("find comments to purge: %w", err)
		}
		var ids []int64
		posts := map[int64]bool{}
		for rows.Next() {
			var id, post int64
			if err := rows.Scan(&id, &post); err != nil {
				rows.Close()
				return fmt.Errorf("find comments to purge: %w", err)
			}
			ids = append(ids, id)
			posts[post] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("find comments to purge: %w", err)
		}
		for part := range slices.Chunk(ids, chunk) {
			in := placeholders(len(part))
			if _, err := t.exec(ctx, `UPDATE comments SET body = '', email = '', website = '', text_key = '', purged_at = ?
				WHERE id IN (`+in+`)`, append([]any{t.now}, idArgs(part)...)...); err != nil {
				return fmt.Errorf("purge comments: %w", err)
			}
			if _, err := t.exec(ctx, `DELETE FROM comment_revisions WHERE comment_id IN (`+in+`)`, idArgs(part)...); err != nil {
				return fmt.Errorf("purge comment revisions: %w", err)
			}
		}
		res.Changed = len(ids)
		for post := range posts {
			res.Posts = append(res.Posts, post)
		}
		slices.Sort(res.Posts)
		if audit != nil && res.Changed > 0 {
			e := *audit
			e.Count = res.Changed
			if err := addAudit(ctx, t, &e); err != nil {
				return err
			}
			*audit = e
		}
		return nil
	})
	if err != nil {
		return burg.Moderated{}, err
	}
	return res, nil
}

// CountTextElsewhere counts the other posts with a comment of the text
// key made at or after since, through the index on (text_key,
// created_at).
func (s *Store) CountTextElsewhere(ctx context.Context, textKey string, postID int64, since time.Time) (int, error) {
	if textKey == "" {
		return 0, nil
	}
	var n int
	err := s.readTx(ctx, func(t *tx) error {
		return t.queryRow(ctx, `SELECT COUNT(DISTINCT post_id) FROM comments WHERE text_key = ? AND created_at >= ? AND post_id <> ?`,
			textKey, utc(since), postID).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count text elsewhere: %w", err)
	}
	return n, nil
}

// FindBlockedWords returns the blocked words, alphabetically.
func (s *Store) FindBlockedWords(ctx context.Context) ([]*burg.BlockedWord, error) {
	var out []*burg.BlockedWord
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT id, word, word_key, action, COALESCE(user_id, 0), created_at FROM blocked_words
			ORDER BY word_key, id`)
		if err != nil {
			return fmt.Errorf("find blocked words: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			w := &burg.BlockedWord{}
			if err := rows.Scan(&w.ID, &w.Word, &w.Key, &w.Action, &w.UserID, &w.CreatedAt); err != nil {
				return fmt.Errorf("find blocked words: %w", err)
			}
			w.CreatedAt = w.CreatedAt.UTC()
			out = append(out, w)
		}
		return rows.Err()
	})
	return out, err
}

// AddBlockedWord stores w, one word per key.
func (s *Store) AddBlockedWord(ctx context.Context, w *burg.BlockedWord) error {
	if err := w.Validate(); err != nil {
		return err
	}
	if w.Key == "" {
		return burg.Errorf(burg.EINVALID, "The word %q has no letters or digits to match by.", burg.Clip(w.Word, 40))
	}
	var by any
	if w.UserID != 0 {
		by = w.UserID
	}
	return s.writeTx(ctx, func(t *tx) error {
		id, err := t.insert(ctx, `INSERT INTO blocked_words (word, word_key, action, user_id, created_at) VALUES (?, ?, ?, ?, ?)`,
			w.Word, w.Key, w.Action, by, t.now)
		if isUniqueViolation(err) {
			return burg.Errorf(burg.ECONFLICT, "%q, or a word that looks like it, is blocked already.", burg.Clip(w.Word, 40))
		} else if err != nil {
			return fmt.Errorf("add blocked word: %w", err)
		}
		w.ID, w.CreatedAt = id, t.now
		return nil
	})
}

// DeleteBlockedWord removes a word.
func (s *Store) DeleteBlockedWord(ctx context.Context, id int64) error {
	return s.writeTx(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `DELETE FROM blocked_words WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("delete blocked word %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("blocked word")
		}
		return nil
	})
}

// AddAudit records an entry of the audit log.
func (s *Store) AddAudit(ctx context.Context, e *burg.AuditEntry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(t *tx) error { return addAudit(ctx, t, e) })
}

func addAudit(ctx context.Context, t *tx, e *burg.AuditEntry) error {
	var by, post any
	if e.UserID != 0 {
		by = e.UserID
	}
	if e.PostID != 0 {
		post = e.PostID
	}
	at := t.now // an entry given its time (an import, the demo) keeps it
	if !e.At.IsZero() {
		at = utc(e.At)
	}
	id, err := t.insert(ctx, `INSERT INTO audit_log (created_at, user_id, action, target, post_id, items, reason, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, at, by, e.Action, e.Target, post, e.Count, e.Reason, e.Detail)
	if err != nil {
		return fmt.Errorf("add audit entry: %w", err)
	}
	e.ID, e.At = id, at
	return nil
}

// FindAudit returns the entries matching f, newest first, and how many
// match.
func (s *Store) FindAudit(ctx context.Context, f burg.AuditFilter) ([]*burg.AuditEntry, int, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	f.Limit = min(f.Limit, 1000)
	f.Offset = max(f.Offset, 0)
	var conds []string
	var args []any
	switch {
	case f.Operator:
		conds = append(conds, `a.user_id IS NULL`)
	case f.UserID != 0:
		conds, args = append(conds, `a.user_id = ?`), append(args, f.UserID)
	}
	if family, ok := strings.CutSuffix(f.Action, "."); ok && family != "" {
		conds, args = append(conds, `a.action LIKE ? ESCAPE '\'`), append(args, escapeLike(family)+".%")
	} else if f.Action != "" {
		conds, args = append(conds, `a.action = ?`), append(args, f.Action)
	}
	if len(f.Actions) > 0 {
		conds = append(conds, `a.action IN (`+placeholders(len(f.Actions))+`)`)
		for _, a := range f.Actions {
			args = append(args, a)
		}
	}
	if f.PostID != 0 {
		conds, args = append(conds, `a.post_id = ?`), append(args, f.PostID)
	}
	if !f.Since.IsZero() {
		conds, args = append(conds, `a.created_at >= ?`), append(args, utc(f.Since))
	}
	if !f.Until.IsZero() {
		conds, args = append(conds, `a.created_at < ?`), append(args, utc(f.Until))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var out []*burg.AuditEntry
	var total int
	err := s.readTx(ctx, func(t *tx) error {
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM audit_log a`+where, args...).Scan(&total); err != nil {
			return fmt.Errorf("count audit entries: %w", err)
		}
		rows, err := t.query(ctx, `SELECT a.id, a.created_at, COALESCE(a.user_id, 0), a.action, a.target,
			COALESCE(a.post_id, 0), a.items, a.reason, a.detail, COALESCE(u.nick, ''), COALESCE(u.role, ''),
			COALESCE(u.colour, '') FROM audit_log a LEFT JOIN users u ON u.id = a.user_id`+where+
			` ORDER BY a.id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
		if err != nil {
			return fmt.Errorf("find audit entries: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			e := &burg.AuditEntry{}
			var nick, role, colour string
			if err := rows.Scan(&e.ID, &e.At, &e.UserID, &e.Action, &e.Target, &e.PostID, &e.Count, &e.Reason, &e.Detail,
				&nick, &role, &colour); err != nil {
				return fmt.Errorf("find audit entries: %w", err)
			}
			e.At = e.At.UTC()
			if e.UserID != 0 {
				e.User = &burg.User{ID: e.UserID, Nick: nick, Role: role, Colour: colour}
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, total, err
}

// fillModerationKeys is the Go step of migration 9: it fills the
// address keys of the comments so far (one statement per address), the
// text keys of the latest ones (only recent texts are compared), and the
// source keys of the posts. Live posts whose sources share a key were
// both taken before keys were compared: the oldest keeps the key, and the
// others a key of their own, so that they stay as they are and a new post
// of the source is still refused.
func fillModerationKeys(ctx context.Context, stx *sql.Tx, d *dialect) error {
	rows, err := stx.QueryContext(ctx, `SELECT DISTINCT ip FROM comments WHERE ip <> ''`)
	if err != nil {
		return err
	}
	var ips []string
	for rows.Next() {
		var ip string
		if err := rows.Scan(&ip); err != nil {
			rows.Close()
			return err
		}
		ips = append(ips, ip)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, ip := range ips {
		if key := burg.AddrKey(ip); key != "" {
			if _, err := stx.ExecContext(ctx, d.rebind(`UPDATE comments SET ip_key = ? WHERE ip = ?`), key, ip); err != nil {
				return err
			}
		}
	}

	type text struct {
		id   int64
		body string
	}
	var texts []text
	rows, err = stx.QueryContext(ctx, `SELECT id, body FROM comments ORDER BY id DESC LIMIT 20000`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var x text
		if err := rows.Scan(&x.id, &x.body); err != nil {
			rows.Close()
			return err
		}
		texts = append(texts, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, x := range texts {
		if key := burg.TextKey(x.body); key != "" {
			if _, err := stx.ExecContext(ctx, d.rebind(`UPDATE comments SET text_key = ? WHERE id = ?`), key, x.id); err != nil {
				return err
			}
		}
	}

	type source struct {
		id   int64
		url  string
		live bool
	}
	var sources []source
	rows, err = stx.QueryContext(ctx, `SELECT id, source_url, deleted_at IS NULL FROM posts WHERE source_url <> ''
		ORDER BY posted_at, id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var x source
		if err := rows.Scan(&x.id, &x.url, &x.live); err != nil {
			rows.Close()
			return err
		}
		sources = append(sources, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	taken := map[string]bool{}
	for _, x := range sources {
		key := burg.SourceKey(x.url)
		if key == "" {
			continue
		}
		if x.live {
			if taken[key] {
				key += fmt.Sprintf(" (post %d)", x.id) // no SourceKey has a space
			}
			taken[key] = true
		}
		if _, err := stx.ExecContext(ctx, d.rebind(`UPDATE posts SET source_key = ? WHERE id = ?`), key, x.id); err != nil {
			return err
		}
	}
	return nil
}
