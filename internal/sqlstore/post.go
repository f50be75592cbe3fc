package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

// Default and largest page of FindPosts.
const (
	defaultPostLimit = 50
	maxPostLimit     = 500
)

// CreatePost stores p with its tags and sets its ID and slug. Tags with ID
// 0 are new: they are made in the same transaction (or found by slug).
func (s *Store) CreatePost(ctx context.Context, p *burg.Post) error {
	return s.CreatePosts(ctx, []*burg.Post{p})
}

// CreatePosts stores many posts in one transaction.
func (s *Store) CreatePosts(ctx context.Context, ps []*burg.Post) error {
	for _, p := range ps {
		if err := p.Validate(); err != nil {
			return err
		}
	}
	// The posts are stored as copies and given their IDs only once the
	// transaction commits, so that a failed batch leaves the caller's posts
	// as they were, without IDs of rows that do not exist.
	stored := make([]burg.Post, len(ps))
	err := s.writeTx(ctx, func(t *tx) error {
		w := newPostWriter(t)
		defer w.close()
		for i, p := range ps {
			stored[i] = *p
			if err := w.create(ctx, &stored[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, p := range ps {
		p.ID, p.Slug, p.PostedAt, p.UpdatedAt, p.Tags = stored[i].ID, stored[i].Slug, stored[i].PostedAt, stored[i].UpdatedAt, stored[i].Tags
		takeRendering(p, &stored[i])
	}
	return nil
}

// createPost inserts p and its tags, setting p's ID and slug and
// normalising its times.
func createPost(ctx context.Context, t *tx, p *burg.Post) error {
	w := newPostWriter(t)
	defer w.close()
	return w.create(ctx, p)
}

// postWriter inserts posts within one transaction, the bulk path of
// CreatePosts: its statements are prepared once, the sections, posters
// and tags it has checked are not checked again, and on SQLite the
// insert has no RETURNING clause (see insertComments for why).
type postWriter struct {
	t          *tx
	post, tags *sql.Stmt
	known      map[postRef]bool // rows found to exist
}

// postRef names a row a post refers to: kind 's' a section, 'u' a user,
// 't' a tag.
type postRef struct {
	kind byte
	id   int64
}

func newPostWriter(t *tx) *postWriter {
	return &postWriter{t: t, known: map[postRef]bool{}}
}

// close closes the prepared statements.
func (w *postWriter) close() {
	for _, st := range []*sql.Stmt{w.post, w.tags} {
		if st != nil {
			st.Close()
		}
	}
}

// prepare prepares the statements on first use.
func (w *postWriter) prepare(ctx context.Context) error {
	if w.post != nil {
		return nil
	}
	q := `INSERT INTO posts (section_id, title, slug, source_url, source_key, source_tag, source_lang,
		note, body, original_body, poster_id, submitted_by, posted_at, updated_at, comments_close_at, views,
		text, tag_names, tag_keys, no_decoration)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	if !w.t.d.insertReportsID {
		q += " RETURNING id"
	}
	var err error
	if w.post, err = w.t.PrepareContext(ctx, w.t.d.rebind(q)); err != nil {
		return fmt.Errorf("prepare post insert: %w", err)
	}
	if w.tags, err = w.t.PrepareContext(ctx, w.t.d.rebind(`INSERT INTO post_tags (post_id, tag_id, position, posted_at) VALUES (?, ?, ?, ?)`)); err != nil {
		return fmt.Errorf("prepare post tags insert: %w", err)
	}
	return nil
}

// create inserts p and its tags, setting p's ID and slug and normalising
// its times.
func (w *postWriter) create(ctx context.Context, p *burg.Post) error {
	t := w.t
	if err := ensureTags(ctx, t, p); err != nil {
		return err
	}
	if err := w.checkRefs(ctx, p); err != nil {
		return err
	}
	if err := w.prepare(ctx); err != nil {
		return err
	}
	if p.Slug == "" {
		p.Slug = burg.Slugify(p.Title, 80)
		if p.Slug == "" {
			p.Slug = "post"
		}
	}
	p.PostedAt = utc(p.PostedAt)
	if p.UpdatedAt.IsZero() {
		p.UpdatedAt = p.PostedAt
	}
	p.UpdatedAt = utc(p.UpdatedAt)
	tagNames, tagKeys, err := searchTagLists(ctx, t, p.Tags)
	if err != nil {
		return err
	}
	args := []any{p.SectionID, strings.TrimSpace(p.Title), p.Slug, p.SourceURL, burg.SourceKey(p.SourceURL), p.SourceTag, p.SourceLang,
		p.Note, p.Body, p.OriginalBody, p.PosterID, p.SubmittedBy, p.PostedAt, p.UpdatedAt, nullTime(p.CommentsCloseAt), p.Views,
		searchText(p), tagNames, tagKeys, p.NoDecoration}
	var id int64
	if t.d.insertReportsID {
		var res sql.Result
		if res, err = w.post.ExecContext(ctx, args...); err == nil {
			id, err = res.LastInsertId()
		}
	} else {
		err = w.post.QueryRowContext(ctx, args...).Scan(&id)
	}
	if isUniqueViolation(err) {
		return errSourcePosted
	} else if err != nil {
		return fmt.Errorf("create post: %w", err)
	}
	p.ID = id
	if p.Render == nil {
		// Only Render makes HTML the pages trust: a post stored without
		// it waits for the background renderer.
		// Its text is what search reads meanwhile: the plain text given,
		// or the markup source.
		p.BodyHTML, p.Text, p.Terms, p.RenderVersion = "", searchText(p), nil, 0
	}
	if err := storeRendering(ctx, t, p, true); err != nil {
		return err
	}
	for _, r := range p.Remarks {
		if err := r.Validate(); err != nil {
			return err
		}
		at := r.CreatedAt
		if at.IsZero() {
			at = p.PostedAt
		}
		if _, err := insertRemark(ctx, t, p.ID, r.UserID, strings.TrimSpace(r.Body), at); err != nil {
			return err
		}
	}
	for i, tag := range p.Tags {
		if _, err := w.tags.ExecContext(ctx, p.ID, tag.ID, i, p.PostedAt); err != nil {
			if isUniqueViolation(err) {
				return burg.Errorf(burg.EINVALID, "The tag %q is given twice.", tag.Name)
			}
			return fmt.Errorf("tag post %d: %w", p.ID, err)
		}
	}
	return nil
}

// checkRefs is checkRefs for the rows not yet found in this batch.
func (w *postWriter) checkRefs(ctx context.Context, p *burg.Post) error {
	sec, user := postRef{'s', p.SectionID}, postRef{'u', p.PosterID}
	known := w.known[sec] && w.known[user]
	for _, tag := range p.Tags {
		known = known && w.known[postRef{'t', tag.ID}]
	}
	if known {
		return nil
	}
	if err := checkRefs(ctx, w.t, p); err != nil {
		return err
	}
	w.known[sec], w.known[user] = true, true
	for _, tag := range p.Tags {
		w.known[postRef{'t', tag.ID}] = true
	}
	return nil
}

// ensureTags makes the tags of p that are new (ID 0) in the transaction,
// or finds them by slug when someone made them meanwhile, so that a post
// and its new tags are stored together or not at all. p.Tags becomes a
// slice of its own, so that the caller's tags change only if the caller
// takes the stored post's tags after the commit.
func ensureTags(ctx context.Context, t *tx, p *burg.Post) error {
	p.Tags = slices.Clone(p.Tags)
	for i, tag := range p.Tags {
		if tag.ID != 0 {
			continue
		}
		nt := *tag
		nt.Name = strings.TrimSpace(nt.Name)
		if err := nt.Validate(); err != nil {
			return err
		}
		var id int64
		err := t.queryRow(ctx, `INSERT INTO tags (name, slug, description) VALUES (?, ?, ?)
			ON CONFLICT (slug) DO NOTHING RETURNING id`, nt.Name, nt.Slug, nt.Description).Scan(&id)
		made := err == nil
		if errors.Is(err, sql.ErrNoRows) {
			// Made by someone else meanwhile: take theirs.
			err = t.queryRow(ctx, `SELECT id, name, description FROM tags WHERE slug = ?`, nt.Slug).Scan(&id, &nt.Name, &nt.Description)
		}
		if err != nil {
			return fmt.Errorf("make tag %q: %w", nt.Name, err)
		}
		if made {
			if err := recordChange(ctx, t, []burg.TermRef{{Kind: burg.TermName, ID: id}}, []string{nt.Name}); err != nil {
				return err
			}
		}
		nt.ID = id
		p.Tags[i] = &nt
	}
	return nil
}

// checkRefs turns a missing section, poster or tag into a clear error
// rather than a foreign-key failure.
func checkRefs(ctx context.Context, t *tx, p *burg.Post) error {
	var n int
	count := func(q string, args ...any) error {
		row, err := t.queryRowMany(ctx, q, args...)
		if err != nil {
			return err
		}
		return row.Scan(&n)
	}
	if err := count(`SELECT COUNT(*) FROM sections WHERE id = ?`, p.SectionID); err != nil {
		return fmt.Errorf("check section: %w", err)
	} else if n == 0 {
		return burg.Errorf(burg.EINVALID, "There is no such section.")
	}
	if err := count(`SELECT COUNT(*) FROM users WHERE id = ?`, p.PosterID); err != nil {
		return fmt.Errorf("check poster: %w", err)
	} else if n == 0 {
		return burg.Errorf(burg.EINVALID, "There is no such poster.")
	}
	if len(p.Tags) == 0 {
		return nil
	}
	ids := make([]any, len(p.Tags))
	for i, tag := range p.Tags {
		ids[i] = tag.ID
	}
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM tags WHERE id IN (`+placeholders(len(ids))+`)`, ids...).Scan(&n); err != nil {
		return fmt.Errorf("check tags: %w", err)
	}
	distinct := map[int64]bool{}
	for _, tag := range p.Tags {
		distinct[tag.ID] = true
	}
	if n != len(distinct) {
		return burg.Errorf(burg.EINVALID, "One of the tags does not exist.")
	}
	return nil
}

// postColumns are read by scanPost, in order.
const postColumns = `p.id, p.section_id, p.title, p.slug, p.source_url, p.source_tag, p.source_lang,
	p.note, p.body, p.poster_id, p.posted_at, p.updated_at, p.comments_close_at, p.views,
	p.comment_count, p.last_comment_at, p.last_comment_nick, p.original_body, p.deleted_at, p.submitted_by,
	p.body_html, p.text, p.no_decoration, p.render_version,
	s.page_id, s.name, s.slug, s.position, g.name, g.slug, g.position,
	u.nick, u.role, u.colour`

// listingColumns are postColumns as a listing reads them
// (PostFilter.Listing): the texts it does not show are empty.
var listingColumns = strings.NewReplacer(
	"p.body,", "CASE WHEN p.body_html = '' THEN p.body ELSE '' END,",
	"p.original_body,", "'',",
	"p.text,", "'',",
).Replace(postColumns)

const postJoins = ` JOIN sections s ON s.id = p.section_id
	JOIN pages g ON g.id = s.page_id
	JOIN users u ON u.id = p.poster_id`

// scanPost reads one row of postColumns.
func scanPost(sc interface{ Scan(...any) error }) (*burg.Post, error) {
	p := &burg.Post{Section: &burg.Section{Page: &burg.Page{}}, Poster: &burg.User{}}
	var closeAt, lastAt, deletedAt sql.NullTime
	err := sc.Scan(&p.ID, &p.SectionID, &p.Title, &p.Slug, &p.SourceURL, &p.SourceTag, &p.SourceLang,
		&p.Note, &p.Body, &p.PosterID, &p.PostedAt, &p.UpdatedAt, &closeAt, &p.Views,
		&p.CommentCount, &lastAt, &p.LastCommentNick, &p.OriginalBody, &deletedAt, &p.SubmittedBy,
		&p.BodyHTML, &p.Text, &p.NoDecoration, &p.RenderVersion,
		&p.Section.PageID, &p.Section.Name, &p.Section.Slug, &p.Section.Position,
		&p.Section.Page.Name, &p.Section.Page.Slug, &p.Section.Page.Position,
		&p.Poster.Nick, &p.Poster.Role, &p.Poster.Colour)
	if err != nil {
		return nil, err
	}
	p.PostedAt, p.UpdatedAt = p.PostedAt.UTC(), p.UpdatedAt.UTC()
	p.CommentsCloseAt, p.LastCommentAt, p.DeletedAt = timePtr(closeAt), timePtr(lastAt), timePtr(deletedAt)

	p.Section.ID = p.SectionID
	p.Section.Page.ID = p.Section.PageID
	p.Poster.ID = p.PosterID
	return p, nil
}

// FindPost returns one live post with its section, poster and tags, or
// ENOTFOUND.
func (s *Store) FindPost(ctx context.Context, id int64) (*burg.Post, error) {
	var p *burg.Post
	err := s.readTx(ctx, func(t *tx) error {
		var err error
		p, err = scanPost(t.queryRow(ctx, `SELECT `+postColumns+` FROM posts p`+postJoins+
			` WHERE p.id = ? AND p.deleted_at IS NULL`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("post")
		} else if err != nil {
			return fmt.Errorf("find post %d: %w", id, err)
		}
		return attachExtras(ctx, t, []*burg.Post{p})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// FindPosts returns the live posts matching f, with their sections,
// posters and tags, and the number of all matching posts.
func (s *Store) FindPosts(ctx context.Context, f burg.PostFilter) ([]*burg.Post, int, error) {
	limit := f.Limit
	switch {
	case limit <= 0:
		limit = defaultPostLimit
	case limit > maxPostLimit:
		limit = maxPostLimit
	}
	offset := max(f.Offset, 0)

	from := `FROM posts p`
	timeCol := "p.posted_at"
	var where []string
	var args []any
	if f.TagID != 0 {
		// Walk the tag's index rather than all posts.
		from = `FROM post_tags ft JOIN posts p ON p.id = ft.post_id`
		timeCol = "ft.posted_at"
		where = append(where, "ft.tag_id = ?")
		args = append(args, f.TagID)
	}
	where = append(where, "p.deleted_at IS NULL")
	if f.SectionID != 0 {
		where = append(where, "p.section_id = ?")
		args = append(args, f.SectionID)
	}
	if f.PageID != 0 {
		where = append(where, "p.section_id IN (SELECT id FROM sections WHERE page_id = ?)")
		args = append(args, f.PageID)
	}
	if f.PosterID != 0 {
		where = append(where, "p.poster_id = ?")
		args = append(args, f.PosterID)
	}
	if !f.From.IsZero() {
		where = append(where, timeCol+" >= ?")
		args = append(args, utc(f.From))
	}
	if !f.Until.IsZero() {
		where = append(where, timeCol+" < ?")
		args = append(args, utc(f.Until))
	}
	for _, w := range titleWords(f.Words) {
		where = append(where, `LOWER(p.title) LIKE ? ESCAPE '\'`)
		args = append(args, "%"+w+"%")
	}
	// The whole listing is counted; the page of it may start at a cursor.
	unfiltered := len(where) == 1
	cond := " WHERE " + strings.Join(where, " AND ")
	pageCond, pageArgs := cond, slices.Clip(args)
	order := " ORDER BY " + timeCol + " DESC, p.id DESC"
	reverse := false
	switch {
	case f.Before != nil:
		pageCond += " AND (" + timeCol + " < ? OR (" + timeCol + " = ? AND p.id < ?))"
		pageArgs = append(pageArgs, utc(f.Before.At), utc(f.Before.At), f.Before.ID)
		offset = 0
	case f.After != nil:
		pageCond += " AND (" + timeCol + " > ? OR (" + timeCol + " = ? AND p.id > ?))"
		pageArgs = append(pageArgs, utc(f.After.At), utc(f.After.At), f.After.ID)
		order = " ORDER BY " + timeCol + ", p.id"
		reverse, offset = true, 0
	case f.Oldest:
		order = " ORDER BY " + timeCol + ", p.id"
	}

	var posts []*burg.Post
	var total int
	err := s.readTx(ctx, func(t *tx) error {
		var err error
		switch {
		case f.NoTotal:
		case unfiltered:
			// Every live post: the site counter has the number.
			err = t.queryRow(ctx, `SELECT posts FROM site_counters WHERE id = 1`).Scan(&total)
		default:
			err = t.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 `+from+cond+` LIMIT ?) x`,
				append(slices.Clip(args), burg.PostCountCap+1)...).Scan(&total)
		}
		if err != nil {
			return fmt.Errorf("count posts: %w", err)
		}
		if !f.NoTotal && (total == 0 || (f.Before == nil && f.After == nil && offset >= total && total <= burg.PostCountCap)) {
			return nil
		}
		columns := postColumns
		if f.Listing {
			columns = listingColumns
		}
		rows, err := t.query(ctx, `SELECT `+columns+` `+from+postJoins+pageCond+order+` LIMIT ? OFFSET ?`,
			append(pageArgs, limit, offset)...)
		if err != nil {
			return fmt.Errorf("find posts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPost(rows)
			if err != nil {
				return fmt.Errorf("find posts: %w", err)
			}
			posts = append(posts, p)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("find posts: %w", err)
		}
		if reverse {
			slices.Reverse(posts)
		}
		if f.NoTotal {
			total = len(posts)
		}
		return attachExtras(ctx, t, posts)
	})
	if err != nil {
		return nil, 0, err
	}
	return posts, total, nil
}

// attachExtras fills the Tags and Remarks of posts.
func attachExtras(ctx context.Context, t *tx, posts []*burg.Post) error {
	if err := attachTags(ctx, t, posts); err != nil {
		return err
	}
	return attachRemarks(ctx, t, posts)
}

// attachTags fills the Tags of posts with one query.
func attachTags(ctx context.Context, t *tx, posts []*burg.Post) error {
	if len(posts) == 0 {
		return nil
	}
	byID := make(map[int64]*burg.Post, len(posts))
	ids := make([]any, len(posts))
	for i, p := range posts {
		byID[p.ID] = p
		ids[i] = p.ID
		p.Tags = nil
	}
	rows, err := t.query(ctx, `SELECT pt.post_id, g.id, g.name, g.slug, g.description
		FROM post_tags pt JOIN tags g ON g.id = pt.tag_id
		WHERE pt.post_id IN (`+placeholders(len(ids))+`)
		ORDER BY pt.post_id, pt.position, g.name`, ids...)
	if err != nil {
		return fmt.Errorf("find tags of posts: %w", err)
	}
	defer rows.Close()
	tags := map[int64]*burg.Tag{} // one value per tag across posts
	for rows.Next() {
		var postID int64
		tag := &burg.Tag{}
		if err := rows.Scan(&postID, &tag.ID, &tag.Name, &tag.Slug, &tag.Description); err != nil {
			return fmt.Errorf("find tags of posts: %w", err)
		}
		if known, ok := tags[tag.ID]; ok {
			tag = known
		} else {
			tags[tag.ID] = tag
		}
		byID[postID].Tags = append(byID[postID].Tags, tag)
	}
	return rows.Err()
}

// FindRelated returns, for each tag of the post in the post's tag order, up
// to perTag other live posts under that tag, newest first.
func (s *Store) FindRelated(ctx context.Context, postID int64, perTag int) ([]burg.Related, error) {
	if perTag <= 0 {
		perTag = 5
	}
	var related []burg.Related
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT g.id, g.name, g.slug, g.description FROM post_tags pt
			JOIN tags g ON g.id = pt.tag_id WHERE pt.post_id = ? ORDER BY pt.position, g.name`, postID)
		if err != nil {
			return fmt.Errorf("find related: %w", err)
		}
		var tags []*burg.Tag
		for rows.Next() {
			tag := &burg.Tag{}
			if err := rows.Scan(&tag.ID, &tag.Name, &tag.Slug, &tag.Description); err != nil {
				rows.Close()
				return fmt.Errorf("find related: %w", err)
			}
			tags = append(tags, tag)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("find related: %w", err)
		}
		for _, tag := range tags {
			rows, err := t.query(ctx, `SELECT `+postColumns+` FROM post_tags ft JOIN posts p ON p.id = ft.post_id`+postJoins+`
				WHERE ft.tag_id = ? AND ft.post_id <> ? AND p.deleted_at IS NULL
				ORDER BY ft.posted_at DESC, p.id DESC LIMIT ?`, tag.ID, postID, perTag)
			if err != nil {
				return fmt.Errorf("find related: %w", err)
			}
			for rows.Next() {
				p, err := scanPost(rows)
				if err != nil {
					rows.Close()
					return fmt.Errorf("find related: %w", err)
				}
				related = append(related, burg.Related{Tag: tag, Post: p})
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("find related: %w", err)
			}
		}
		return nil
	})
	return related, err
}

// AddViews adds counts to the posts' view counters in one transaction.
// IDs are visited in order so that concurrent flushes from several
// instances cannot deadlock.
func (s *Store) AddViews(ctx context.Context, counts map[int64]int64) error {
	if len(counts) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return s.writeTx(ctx, func(t *tx) error {
		for _, id := range ids {
			if counts[id] <= 0 {
				continue
			}
			if _, err := t.exec(ctx, `UPDATE posts SET views = views + ? WHERE id = ?`, counts[id], id); err != nil {
				return fmt.Errorf("add views to post %d: %w", id, err)
			}
		}
		return nil
	})
}

// CountPostsByDay returns the number of live posts per day in [from,
// until), days taken in loc, oldest first. Days without posts are left out.
func (s *Store) CountPostsByDay(ctx context.Context, from, until time.Time, loc *time.Location) ([]burg.DayCount, error) {
	var days []burg.DayCount
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT posted_at FROM posts
			WHERE posted_at >= ? AND posted_at < ? AND deleted_at IS NULL ORDER BY posted_at`, utc(from), utc(until))
		if err != nil {
			return fmt.Errorf("count posts by day: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var at time.Time
			if err := rows.Scan(&at); err != nil {
				return fmt.Errorf("count posts by day: %w", err)
			}
			y, m, d := at.In(loc).Date()
			day := time.Date(y, m, d, 0, 0, 0, 0, loc)
			if n := len(days); n > 0 && days[n-1].Day.Equal(day) {
				days[n-1].Posts++
			} else {
				days = append(days, burg.DayCount{Day: day, Posts: 1})
			}
		}
		return rows.Err()
	})
	return days, err
}

// titleWords splits a search text into at most eight lower-cased words,
// escaped for LIKE.
func titleWords(q string) []string {
	words := strings.Fields(strings.ToLower(q))
	if len(words) > 8 {
		words = words[:8]
	}
	esc := strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)
	for i, w := range words {
		words[i] = esc.Replace(w)
	}
	return words
}
