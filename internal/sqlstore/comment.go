package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

// CreateComment stores c, live or held, numbers it within its post and
// updates the post's counters (for a live comment) and the visitor's
// record, all in one transaction, with the form's nonce recorded as used.
// A repeat of the same text by the same visitor within the duplicate
// window returns the first comment instead.
func (s *Store) CreateComment(ctx context.Context, c *burg.Comment) error {
	if c.State == "" {
		c.State = burg.CommentLive
	}
	if c.State != burg.CommentLive && c.State != burg.CommentHeld {
		return burg.Errorf(burg.EINVALID, "A new comment is live or held, not %q.", burg.Clip(c.State, 20))
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if s.group != nil {
		return s.group.do(ctx, c)
	}
	return s.writeTx(ctx, func(t *tx) error { return createComment(ctx, t, c) })
}

// createComment is CreateComment's work in the transaction t. A comment
// refused (a form sent twice, a post not there) is refused before its
// first write, so that the committer can store a batch without a
// savepoint per comment; an error after that first write comes wrapped
// in a partialComment.
func createComment(ctx context.Context, t *tx, c *burg.Comment) error {
	if c.VisitorID != "" {
		var id int64
		err := t.queryRow(ctx, `SELECT id FROM comments WHERE post_id = ? AND visitor_id = ? AND body = ?
				AND created_at >= ? AND state IN ('live', 'held') ORDER BY id LIMIT 1`,
			c.PostID, c.VisitorID, c.Body, t.now.Add(-burg.DuplicateWindow)).Scan(&id)
		if err == nil {
			first, err := findComment(ctx, t, id)
			if err != nil {
				return err
			}
			*c = *first
			return nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("find duplicate comment: %w", err)
		}
	}
	if c.FormNonce != "" {
		if err := checkNonce(ctx, t, c.FormNonce); err != nil {
			return err
		}
	}
	// The post's row lock serialises numbering on PostgreSQL. A held
	// comment takes its number now but counts only once approved. This
	// is the first write: a post not there has written nothing.
	q := `UPDATE posts SET comment_seq = comment_seq + 1, comment_count = comment_count + 1,
			last_comment_at = ?, last_comment_nick = ?
			WHERE id = ? AND deleted_at IS NULL RETURNING comment_seq`
	args := []any{t.now, c.Nick, c.PostID}
	if c.State == burg.CommentHeld {
		q = `UPDATE posts SET comment_seq = comment_seq + 1 WHERE id = ? AND deleted_at IS NULL RETURNING comment_seq`
		args = []any{c.PostID}
	}
	var num int
	err := t.queryRow(ctx, q, args...).Scan(&num)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("post")
	} else if err != nil {
		return fmt.Errorf("number comment: %w", err)
	}
	if err := writeComment(ctx, t, c, num); err != nil {
		return partialComment{err}
	}
	return nil
}

// partialComment is the error of a comment that failed after its first
// write: its transaction holds part of it, and must be rolled back (to
// the comment's savepoint at least).
type partialComment struct{ err error }

func (e partialComment) Error() string { return e.err.Error() }
func (e partialComment) Unwrap() error { return e.err }

// writeComment stores the rest of a comment numbered num: its nonce, its
// row and its visitor's count.
func writeComment(ctx context.Context, t *tx, c *burg.Comment, num int) error {
	if c.FormNonce != "" {
		if err := useNonce(ctx, t, c.FormNonce); err != nil {
			return err
		}
	}
	var userID any
	if c.UserID != 0 {
		userID = c.UserID
	}
	c.Num, c.CreatedAt, c.UpdatedAt = num, t.now, t.now
	c.Signals = burg.Clip(strings.ToValidUTF8(c.Signals, "?"), 1000)
	id, err := t.insert(ctx, `INSERT INTO comments (post_id, num, nick, email, website, body, visitor_id, ip,
			user_id, created_at, updated_at, parent_id, state, ip_key, text_key, score, signals)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.PostID, c.Num, c.Nick, c.Email, c.Website, c.Body, c.VisitorID, c.IP, userID, c.CreatedAt, c.UpdatedAt,
		nullID(c.ParentID), c.State, burg.AddrKey(c.IP), burg.TextKey(c.Body), c.Score, c.Signals)
	if err != nil {
		return fmt.Errorf("create comment: %w", err)
	}
	c.ID = id
	if c.VisitorID == "" {
		return nil
	}
	_, err = t.exec(ctx, `INSERT INTO visitors (id, first_nick, comments, first_seen, last_visit)
			VALUES (?, ?, 1, ?, ?)
			ON CONFLICT (id) DO UPDATE SET comments = visitors.comments + 1,
				first_nick = CASE WHEN visitors.first_nick = '' THEN excluded.first_nick ELSE visitors.first_nick END`,
		c.VisitorID, c.Nick, t.now, t.now)
	if err != nil {
		return fmt.Errorf("count visitor comment: %w", err)
	}
	return nil
}

// CreateComments stores many comments in one transaction, as given: the
// bulk path of demo content, imports and load generators, without
// CreateComment's duplicate check. Each post's counters and each
// visitor's record are written once, rather than per comment, and the
// comments go through one prepared statement.
func (s *Store) CreateComments(ctx context.Context, cs []*burg.Comment) error {
	for i, c := range cs {
		if c == nil {
			return burg.Errorf(burg.EINVALID, "Comment %d is missing.", i)
		}
		if err := c.Validate(); err != nil {
			return burg.Errorf(burg.EINVALID, "Comment %d: %s", i, burg.ErrorMessage(err))
		}
	}
	if len(cs) == 0 {
		return nil
	}
	// As in CreatePosts, the comments are stored as copies and the
	// caller's get their IDs only once the transaction commits.
	stored := make([]burg.Comment, len(cs))
	err := s.writeTx(ctx, func(t *tx) error {
		posts, visitors, users := tallyComments(cs, stored, t.now)
		for _, u := range users {
			var n int
			if err := t.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE id = ?`, u.id).Scan(&n); err != nil {
				return fmt.Errorf("check comment user: %w", err)
			} else if n == 0 {
				return burg.Errorf(burg.EINVALID, "Comment %d: there is no such user.", u.first)
			}
		}
		if err := reserveNumbers(ctx, t, posts, stored); err != nil {
			return err
		}
		if err := insertComments(ctx, t, stored); err != nil {
			return err
		}
		return countVisitors(ctx, t, visitors, stored)
	})
	if err != nil {
		return err
	}
	for i, c := range cs {
		st := &stored[i]
		c.ID, c.Num, c.CreatedAt, c.UpdatedAt, c.DeletedAt = st.ID, st.Num, st.CreatedAt, st.UpdatedAt, st.DeletedAt
		c.State = st.State
	}
	return nil
}

// errFormUsed answers a comment form sent a second time.
var errFormUsed = burg.Errorf(burg.ECONFLICT, "This form has been sent already.")

// checkNonce answers errFormUsed when a form's nonce is recorded as used
// and not yet past its time. It writes nothing.
func checkNonce(ctx context.Context, t *tx, nonce string) error {
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM form_nonces WHERE nonce = ? AND expires_at >= ?`,
		nonce, t.now).Scan(&n); err != nil {
		return fmt.Errorf("check form nonce: %w", err)
	} else if n > 0 {
		return errFormUsed
	}
	return nil
}

// useNonce records a form's nonce as used, clearing those past their time
// on the way, or answers errFormUsed.
func useNonce(ctx context.Context, t *tx, nonce string) error {
	if _, err := t.exec(ctx, `DELETE FROM form_nonces WHERE expires_at < ?`, t.now); err != nil {
		return fmt.Errorf("clear form nonces: %w", err)
	}
	// One statement both looks for the nonce and records it: a nonce
	// written by a form sent twice at the same moment, on PostgreSQL,
	// adds no row.
	res, err := t.exec(ctx, `INSERT INTO form_nonces (nonce, expires_at) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING`,
		nonce, t.now.Add(burg.FormTokenTTL))
	if err != nil {
		return fmt.Errorf("use form nonce: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("use form nonce: %w", err)
	} else if n == 0 {
		return errFormUsed
	}
	return nil
}

// removedByWriter is the reason a comment its writer removed gives, as
// the application layer writes it and migration 0013 reads it.
const removedByWriter = "Removed by its writer."

// postTally is what a batch of comments adds to one post.
type postTally struct {
	id         int64
	first      int // index of the post's first comment in the batch
	n, live    int
	lastLive   int // index of the post's last live comment, -1 for none
	nextNumber int
}

// visitorTally is what a batch of comments adds to one visitor's record.
type visitorTally struct {
	id          string
	first, n    int // index of the visitor's first comment; how many
	seen, until time.Time
}

// userRef is a user that comments of a batch name.
type userRef struct {
	id    int64
	first int
}

// tallyComments copies cs into stored with their times normalised, and
// sums them up by post and by visitor, each in ID order (the order
// PostgreSQL then locks the rows in, so that two batches cannot deadlock,
// and on SQLite the order of the rows in their tables), and by user.
func tallyComments(cs []*burg.Comment, stored []burg.Comment, now time.Time) ([]*postTally, []*visitorTally, []userRef) {
	byPost := make(map[int64]*postTally)
	byVisitor := make(map[string]*visitorTally)
	var visitors []*visitorTally
	var users []userRef
	for i, c := range cs {
		st := &stored[i]
		*st = *c
		st.ID, st.Num, st.User = 0, 0, nil
		if st.CreatedAt.IsZero() {
			st.CreatedAt = now
		}
		st.CreatedAt = utc(st.CreatedAt)
		if st.UpdatedAt.IsZero() {
			st.UpdatedAt = st.CreatedAt
		}
		st.UpdatedAt = utc(st.UpdatedAt)
		if st.DeletedAt != nil {
			at := utc(*st.DeletedAt)
			st.DeletedAt = &at
		}
		p := byPost[st.PostID]
		if p == nil {
			p = &postTally{id: st.PostID, first: i, lastLive: -1}
			byPost[st.PostID] = p
		}
		p.n++
		if st.State == "" {
			st.State = burg.CommentLive
			if st.DeletedAt != nil {
				st.State = burg.CommentRedacted
				if st.DeleteReason == removedByWriter {
					st.State = burg.CommentRemoved
				}
			}
		}
		if st.DeletedAt == nil && st.State == burg.CommentLive {
			p.live++
			p.lastLive = i
		}
		if st.VisitorID != "" {
			v := byVisitor[st.VisitorID]
			if v == nil {
				v = &visitorTally{id: st.VisitorID, first: i, seen: st.CreatedAt, until: st.CreatedAt}
				byVisitor[st.VisitorID] = v
				visitors = append(visitors, v)
			}
			v.n++
			v.seen = minTime(v.seen, st.CreatedAt)
			v.until = maxTime(v.until, st.CreatedAt)
		}
		if st.UserID != 0 && !slices.ContainsFunc(users, func(u userRef) bool { return u.id == st.UserID }) {
			users = append(users, userRef{st.UserID, i})
		}
	}
	posts := make([]*postTally, 0, len(byPost))
	for _, p := range byPost {
		posts = append(posts, p)
	}
	slices.SortFunc(posts, func(a, b *postTally) int { return cmp.Compare(a.id, b.id) })
	slices.SortFunc(visitors, func(a, b *visitorTally) int { return strings.Compare(a.id, b.id) })
	return posts, visitors, users
}

// reserveNumbers takes the next numbers of each post for its comments in
// the batch, numbers them in order and brings the post's live count and
// latest comment up to date: one update per post, through prepared
// statements. The update comes first so that on PostgreSQL it locks the
// post's row before its sequence is read, as CreateComment's does.
func reserveNumbers(ctx context.Context, t *tx, posts []*postTally, stored []burg.Comment) error {
	prepare := func(q string) (*sql.Stmt, error) { return t.PrepareContext(ctx, t.d.rebind(q)) }
	live, err := prepare(`UPDATE posts SET comment_seq = comment_seq + ?, comment_count = comment_count + ?,
		last_comment_at = ?, last_comment_nick = ? WHERE id = ? AND deleted_at IS NULL`)
	if err != nil {
		return fmt.Errorf("prepare post counters: %w", err)
	}
	defer live.Close()
	// Only removed comments: the count and the latest live comment stay.
	removed, err := prepare(`UPDATE posts SET comment_seq = comment_seq + ? WHERE id = ? AND deleted_at IS NULL`)
	if err != nil {
		return fmt.Errorf("prepare post counters: %w", err)
	}
	defer removed.Close()
	seq, err := prepare(`SELECT comment_seq FROM posts WHERE id = ?`)
	if err != nil {
		return fmt.Errorf("prepare post counters: %w", err)
	}
	defer seq.Close()
	for _, p := range posts {
		var res sql.Result
		if p.live > 0 {
			last := &stored[p.lastLive]
			res, err = live.ExecContext(ctx, p.n, p.live, last.CreatedAt, last.Nick, p.id)
		} else {
			res, err = removed.ExecContext(ctx, p.n, p.id)
		}
		if err != nil {
			return fmt.Errorf("number comments of post %d: %w", p.id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("number comments of post %d: %w", p.id, err)
		} else if n == 0 {
			return burg.Errorf(burg.ENOTFOUND, "Comment %d: no such post.", p.first)
		}
		var next int
		if err := seq.QueryRowContext(ctx, p.id).Scan(&next); err != nil {
			return fmt.Errorf("number comments of post %d: %w", p.id, err)
		}
		p.nextNumber = next - p.n + 1
	}
	byPost := make(map[int64]*postTally, len(posts))
	for _, p := range posts {
		byPost[p.id] = p
	}
	for i := range stored {
		p := byPost[stored[i].PostID]
		stored[i].Num = p.nextNumber
		p.nextNumber++
	}
	return nil
}

// insertComments inserts the numbered comments in order through one
// prepared statement and sets their IDs.
//
// The INSERT has no RETURNING: on SQLite a RETURNING clause, like a
// multi-row VALUES list, makes every insert into a table with unique and
// foreign keys keep a statement journal in a temporary file, which
// costs more than the insert itself. SQLite's driver reports each row's
// ID instead. Where the driver does not (pgx), the IDs are read back, by
// post and number, from the rows above the largest ID before the batch:
// the numbers were reserved under the posts' row locks, so they pick out
// this batch's rows even where other writers insert at the same time.
func insertComments(ctx context.Context, t *tx, stored []burg.Comment) error {
	var before int64
	if err := t.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM comments`).Scan(&before); err != nil {
		return fmt.Errorf("find last comment id: %w", err)
	}
	stmt, err := t.PrepareContext(ctx, t.d.rebind(`INSERT INTO comments (post_id, num, nick, email, website, body,
		visitor_id, ip, user_id, created_at, updated_at, deleted_at, delete_reason, parent_id,
		state, ip_key, text_key, score, signals, moderated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`))
	if err != nil {
		return fmt.Errorf("prepare comment insert: %w", err)
	}
	defer stmt.Close()
	reported := true
	for i := range stored {
		c := &stored[i]
		var userID any
		if c.UserID != 0 {
			userID = c.UserID
		}
		res, err := stmt.ExecContext(ctx, c.PostID, c.Num, c.Nick, c.Email, c.Website, c.Body, c.VisitorID, c.IP,
			userID, c.CreatedAt, c.UpdatedAt, nullTime(c.DeletedAt), c.DeleteReason, nullID(c.ParentID),
			c.State, burg.AddrKey(c.IP), burg.TextKey(c.Body), c.Score, burg.Clip(strings.ToValidUTF8(c.Signals, "?"), 1000),
			nullID(c.ModeratedBy))
		if err != nil {
			return fmt.Errorf("create comment %d: %w", i, err)
		}
		if reported {
			if id, err := res.LastInsertId(); err == nil && id > before {
				c.ID = id
			} else {
				reported = false
			}
		}
	}
	if reported {
		return nil
	}
	return readCommentIDs(ctx, t, stored, before)
}

// readCommentIDs sets the IDs of the stored comments from the rows above
// the ID before.
func readCommentIDs(ctx context.Context, t *tx, stored []burg.Comment, before int64) error {
	type key struct {
		post int64
		num  int
	}
	index := make(map[key]int, len(stored))
	for i := range stored {
		index[key{stored[i].PostID, stored[i].Num}] = i
	}
	rows, err := t.query(ctx, `SELECT id, post_id, num FROM comments WHERE id > ?`, before)
	if err != nil {
		return fmt.Errorf("read comment ids: %w", err)
	}
	defer rows.Close()
	found := 0
	for rows.Next() {
		var id int64
		var k key
		if err := rows.Scan(&id, &k.post, &k.num); err != nil {
			return fmt.Errorf("read comment ids: %w", err)
		}
		if i, ok := index[k]; ok {
			stored[i].ID = id
			found++
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read comment ids: %w", err)
	}
	if found != len(stored) {
		return fmt.Errorf("read comment ids: found %d of %d", found, len(stored))
	}
	return nil
}

// countVisitors adds each visitor's comments of the batch to its record,
// creating the record when there is none: the first nick is that of the
// visitor's first comment (unless it has one), and the first and last
// times stretch to cover the comments.
func countVisitors(ctx context.Context, t *tx, visitors []*visitorTally, stored []burg.Comment) error {
	if len(visitors) == 0 {
		return nil
	}
	stmt, err := t.PrepareContext(ctx, t.d.rebind(`INSERT INTO visitors (id, first_nick, comments, first_seen, last_visit)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET comments = visitors.comments + excluded.comments,
			first_nick = CASE WHEN visitors.first_nick = '' THEN excluded.first_nick ELSE visitors.first_nick END,
			first_seen = CASE WHEN excluded.first_seen < visitors.first_seen THEN excluded.first_seen ELSE visitors.first_seen END,
			last_visit = CASE WHEN excluded.last_visit > visitors.last_visit THEN excluded.last_visit ELSE visitors.last_visit END`))
	if err != nil {
		return fmt.Errorf("prepare visitor count: %w", err)
	}
	defer stmt.Close()
	for _, v := range visitors {
		if _, err := stmt.ExecContext(ctx, v.id, stored[v.first].Nick, v.n, v.seen, v.until); err != nil {
			return fmt.Errorf("count visitor comments: %w", err)
		}
	}
	return nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

const commentColumns = `c.id, c.post_id, c.num, c.nick, c.email, c.website, c.body, c.visitor_id, c.ip,
	COALESCE(c.user_id, 0), c.created_at, c.updated_at, c.deleted_at, c.delete_reason,
	COALESCE(u.nick, ''), COALESCE(u.role, ''), COALESCE(u.colour, ''), p.title, p.slug, COALESCE(c.parent_id, 0),
	c.state, c.purged_at, c.score, c.signals, COALESCE(c.moderated_by, 0)`

const commentJoins = ` FROM comments c JOIN posts p ON p.id = c.post_id LEFT JOIN users u ON u.id = c.user_id`

func scanComment(sc interface{ Scan(...any) error }) (*burg.Comment, error) {
	c := &burg.Comment{}
	var deleted, purged sql.NullTime
	var nick, role, colour string
	err := sc.Scan(&c.ID, &c.PostID, &c.Num, &c.Nick, &c.Email, &c.Website, &c.Body, &c.VisitorID, &c.IP,
		&c.UserID, &c.CreatedAt, &c.UpdatedAt, &deleted, &c.DeleteReason, &nick, &role, &colour, &c.PostTitle, &c.PostSlug, &c.ParentID,
		&c.State, &purged, &c.Score, &c.Signals, &c.ModeratedBy)
	if err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	c.DeletedAt, c.PurgedAt = timePtr(deleted), timePtr(purged)
	if c.UserID != 0 {
		c.User = &burg.User{ID: c.UserID, Nick: nick, Role: role, Colour: colour}
	}
	return c, nil
}

func findComment(ctx context.Context, t *tx, id int64) (*burg.Comment, error) {
	c, err := scanComment(t.queryRow(ctx, `SELECT `+commentColumns+commentJoins+` WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("comment")
	} else if err != nil {
		return nil, fmt.Errorf("find comment %d: %w", id, err)
	}
	return c, nil
}

// FindComment returns one comment, removed or not, or ENOTFOUND.
func (s *Store) FindComment(ctx context.Context, id int64) (*burg.Comment, error) {
	var c *burg.Comment
	err := s.readTx(ctx, func(t *tx) error {
		var err error
		c, err = findComment(ctx, t, id)
		return err
	})
	return c, err
}

func (s *Store) findComments(ctx context.Context, where string, args ...any) ([]*burg.Comment, error) {
	var out []*burg.Comment
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT `+commentColumns+commentJoins+` `+where, args...)
		if err != nil {
			return fmt.Errorf("find comments: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanComment(rows)
			if err != nil {
				return fmt.Errorf("find comments: %w", err)
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

// FindComments returns the comments of a post in order, removed ones
// included.
func (s *Store) FindComments(ctx context.Context, postID int64) ([]*burg.Comment, error) {
	return s.findComments(ctx, `WHERE c.post_id = ? ORDER BY c.num`, postID)
}

// FindCommentsAfter returns the comments of a post with IDs above afterID.
func (s *Store) FindCommentsAfter(ctx context.Context, postID, afterID int64) ([]*burg.Comment, error) {
	return s.findComments(ctx, `WHERE c.post_id = ? AND c.id > ? ORDER BY c.num`, postID, afterID)
}

// FindCommentsFrom returns the comments of a post numbered above
// afterNum. Numbers are taken under the post's row (see createComment),
// so they follow the order of commits.
func (s *Store) FindCommentsFrom(ctx context.Context, postID int64, afterNum int) ([]*burg.Comment, error) {
	return s.findComments(ctx, `WHERE c.post_id = ? AND c.num > ? ORDER BY c.num`, postID, afterNum)
}

// FindLatestComments returns the newest live comments on live posts.
func (s *Store) FindLatestComments(ctx context.Context, n int) ([]*burg.Comment, error) {
	if n <= 0 || n > 200 {
		n = burg.LatestCommentsLen
	}
	return s.findComments(ctx, `WHERE c.state = 'live' AND p.deleted_at IS NULL ORDER BY c.id DESC LIMIT ?`, n)
}

// UpdateCommentBody replaces a comment's text and keeps the old one as a
// revision.
func (s *Store) UpdateCommentBody(ctx context.Context, id int64, body string) error {
	return s.writeTx(ctx, func(t *tx) error {
		c, err := findComment(ctx, t, id)
		if err != nil {
			return err
		}
		if c.DeletedAt != nil {
			return burg.Errorf(burg.EINVALID, "That comment has been removed.")
		}
		c.Body = body
		if err := c.Validate(); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `INSERT INTO comment_revisions (comment_id, body, edited_at)
			SELECT id, body, ? FROM comments WHERE id = ?`, t.now, id); err != nil {
			return fmt.Errorf("keep comment revision: %w", err)
		}
		if _, err := t.exec(ctx, `UPDATE comments SET body = ?, updated_at = ?, text_key = ? WHERE id = ?`,
			body, t.now, burg.TextKey(body), id); err != nil {
			return fmt.Errorf("update comment %d: %w", id, err)
		}
		return nil
	})
}

// DeleteComment marks a live or held comment removed by its writer and
// takes it out of its post's counters.
func (s *Store) DeleteComment(ctx context.Context, id int64, reason string) error {
	return s.writeTx(ctx, func(t *tx) error {
		c, err := findComment(ctx, t, id)
		if err != nil {
			return err
		}
		if c.DeletedAt != nil || (c.State != burg.CommentLive && c.State != burg.CommentHeld) {
			return nil
		}
		if _, err := t.exec(ctx, `UPDATE comments SET state = 'removed', deleted_at = ?, delete_reason = ? WHERE id = ?`,
			t.now, reason, id); err != nil {
			return fmt.Errorf("delete comment %d: %w", id, err)
		}
		return refreshPostComments(ctx, t, c.PostID)
	})
}

// refreshPostComments recomputes a post's live comment count and latest
// comment from its comments.
func refreshPostComments(ctx context.Context, t *tx, postID int64) error {
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM comments WHERE post_id = ? AND state = 'live'`, postID).Scan(&n); err != nil {
		return fmt.Errorf("count comments: %w", err)
	}
	var at sql.NullTime
	var nick string
	err := t.queryRow(ctx, `SELECT created_at, nick FROM comments WHERE post_id = ? AND state = 'live'
		ORDER BY num DESC LIMIT 1`, postID).Scan(&at, &nick)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("latest comment: %w", err)
	}
	var last any
	if at.Valid {
		last = at.Time.UTC()
	}
	_, err = t.exec(ctx, `UPDATE posts SET comment_count = ?, last_comment_at = ?, last_comment_nick = ? WHERE id = ?`,
		n, last, nick, postID)
	return err
}

// FindCommentRevisions returns the earlier texts of a comment, oldest
// first.
func (s *Store) FindCommentRevisions(ctx context.Context, id int64) ([]burg.CommentRevision, error) {
	var out []burg.CommentRevision
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT comment_id, body, edited_at FROM comment_revisions WHERE comment_id = ? ORDER BY id`, id)
		if err != nil {
			return fmt.Errorf("find comment revisions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var r burg.CommentRevision
			if err := rows.Scan(&r.CommentID, &r.Body, &r.EditedAt); err != nil {
				return fmt.Errorf("find comment revisions: %w", err)
			}
			r.EditedAt = r.EditedAt.UTC()
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// FindVisitor returns what is remembered of a visitor, or ENOTFOUND.
func (s *Store) FindVisitor(ctx context.Context, id string) (*burg.Visitor, error) {
	v := &burg.Visitor{ID: id}
	err := s.readTx(ctx, func(t *tx) error {
		var prev sql.NullTime
		err := t.queryRow(ctx, `SELECT first_nick, comments, first_seen, last_visit, prev_visit FROM visitors WHERE id = ?`, id).
			Scan(&v.FirstNick, &v.Comments, &v.FirstSeen, &v.LastVisit, &prev)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("visitor")
		} else if err != nil {
			return fmt.Errorf("find visitor: %w", err)
		}
		v.FirstSeen, v.LastVisit, v.PrevVisit = v.FirstSeen.UTC(), v.LastVisit.UTC(), timePtr(prev)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// TouchVisitors records visits in one batch. A visit more than
// burg.VisitGap after the last one starts a new visit, and the last one
// becomes the previous visit.
func (s *Store) TouchVisitors(ctx context.Context, visits map[string]time.Time) error {
	if len(visits) == 0 {
		return nil
	}
	ids := make([]string, 0, len(visits))
	for id := range visits {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return s.writeTx(ctx, func(t *tx) error {
		for _, id := range ids {
			at := utc(visits[id])
			_, err := t.exec(ctx, `INSERT INTO visitors (id, first_seen, last_visit) VALUES (?, ?, ?)
				ON CONFLICT (id) DO UPDATE SET
					prev_visit = CASE WHEN visitors.last_visit < ? THEN visitors.last_visit ELSE visitors.prev_visit END,
					last_visit = excluded.last_visit
				WHERE visitors.last_visit < excluded.last_visit`, id, at, at, at.Add(-burg.VisitGap))
			if err != nil {
				return fmt.Errorf("touch visitor: %w", err)
			}
		}
		return nil
	})
}

// Setting returns the value of key, creating it with def() when absent.
func (s *Store) Setting(ctx context.Context, key string, def func() (string, error)) (string, error) {
	var v string
	err := s.readTx(ctx, func(t *tx) error {
		return t.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	})
	if err == nil {
		return v, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("find setting %q: %w", key, err)
	}
	nv, err := def()
	if err != nil {
		return "", err
	}
	err = s.writeTx(ctx, func(t *tx) error {
		if _, err := t.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, key, nv); err != nil {
			return err
		}
		return t.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	})
	if err != nil {
		return "", fmt.Errorf("create setting %q: %w", key, err)
	}
	return v, nil
}
