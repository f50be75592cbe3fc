package sqlstore

import (
	"context"
	"fmt"
	"strings"

	burg "github.com/burg-news/burg"
)

// StoreImport stores an import batch in one transaction with a ref for
// each thing it makes.
func (s *Store) StoreImport(ctx context.Context, b *burg.ImportBatch) error {
	if strings.TrimSpace(b.Source) == "" {
		return burg.Errorf(burg.EINVALID, "An import needs a source.")
	}
	for i, u := range b.Users {
		if err := u.User.Validate(); err != nil {
			return burg.Errorf(burg.EINVALID, "User %d (%s): %s", i, u.ForeignID, burg.ErrorMessage(err))
		}
	}
	for i, sec := range b.Sections {
		if err := sec.Section.Validate(); err != nil {
			return burg.Errorf(burg.EINVALID, "Section %d (%s): %s", i, sec.ForeignID, burg.ErrorMessage(err))
		}
	}
	for i, p := range b.Posts {
		// A poster or section made in the batch has no ID until then.
		pc := *p.Post
		if pc.PosterID == 0 && pc.Poster != nil {
			pc.PosterID = -1
		}
		if pc.SectionID == 0 && pc.Section != nil {
			pc.SectionID = -1
		}
		if err := pc.Validate(); err != nil {
			return burg.Errorf(burg.EINVALID, "Post %d (%s): %s", i, p.ForeignID, burg.ErrorMessage(err))
		}
	}
	for i, c := range b.Comments {
		// The post may be resolved only in the transaction; Validate
		// wants one, so a stand-in answers for it here.
		cc := *c.Comment
		if cc.PostID == 0 {
			cc.PostID = -1
		}
		if err := cc.Validate(); err != nil {
			return burg.Errorf(burg.EINVALID, "Comment %d (%s): %s", i, c.ForeignID, burg.ErrorMessage(err))
		}
	}
	users := make([]burg.User, len(b.Users))
	sections := make([]burg.Section, len(b.Sections))
	posts := make([]burg.Post, len(b.Posts))
	comments := make([]burg.Comment, len(b.Comments))
	err := s.writeTx(ctx, func(t *tx) error {
		var refs []burg.ImportRef
		madeUsers := map[*burg.User]int64{}
		madeSections := map[*burg.Section]int64{}
		for i, iu := range b.Users {
			u := &users[i]
			*u = *iu.User
			u.CreatedAt = t.now
			id, err := t.insert(ctx, `INSERT INTO users (nick, nick_key, role, colour, password_hash, disabled, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`,
				u.Nick, nickKey(u.Nick), u.Role, u.Colour, u.PasswordHash, u.Disabled, u.CreatedAt)
			if isUniqueViolation(err) {
				return burg.Errorf(burg.ECONFLICT, "The nick %q is taken.", u.Nick)
			} else if err != nil {
				return fmt.Errorf("import user: %w", err)
			}
			u.ID = id
			madeUsers[iu.User] = id
			refs = append(refs, burg.ImportRef{Kind: burg.ImportUser, ForeignID: iu.ForeignID, ID: id})
		}
		for i, is := range b.Sections {
			sec := &sections[i]
			*sec = *is.Section
			if err := pageExists(ctx, t, sec.PageID); err != nil {
				return err
			}
			id, err := t.insert(ctx, `INSERT INTO sections (page_id, name, slug, position) VALUES (?, ?, ?, ?)`,
				sec.PageID, sec.Name, sec.Slug, sec.Position)
			if isUniqueViolation(err) {
				return burg.Errorf(burg.ECONFLICT, "A section with slug %q exists already.", sec.Slug)
			} else if err != nil {
				return fmt.Errorf("import section: %w", err)
			}
			sec.ID = id
			madeSections[is.Section] = id
			refs = append(refs, burg.ImportRef{Kind: burg.ImportSection, ForeignID: is.ForeignID, ID: id})
		}
		postIDs := make(map[string]int64, len(b.Posts))
		for i, ip := range b.Posts {
			p := &posts[i]
			*p = *ip.Post
			if id, ok := madeUsers[p.Poster]; ok && p.PosterID == 0 {
				p.PosterID = id
			}
			if id, ok := madeSections[p.Section]; ok && p.SectionID == 0 {
				p.SectionID = id
			}
			if err := createPost(ctx, t, p); err != nil {
				if burg.ErrorCode(err) != burg.EINTERNAL {
					return burg.Errorf(burg.ErrorCode(err), "Post %d (%s): %s", i, ip.ForeignID, burg.ErrorMessage(err))
				}
				return err
			}
			postIDs[ip.ForeignID] = p.ID
			refs = append(refs, burg.ImportRef{Kind: burg.ImportPost, ForeignID: ip.ForeignID, ID: p.ID})
		}
		if err := s.importComments(ctx, t, b, postIDs, comments, &refs); err != nil {
			return err
		}
		return insertRefs(ctx, t, b.Source, refs)
	})
	if err != nil {
		return err
	}
	for i := range b.Users {
		u := b.Users[i].User
		u.ID, u.CreatedAt = users[i].ID, users[i].CreatedAt
	}
	for i := range b.Sections {
		b.Sections[i].Section.ID = sections[i].ID
	}
	for i := range b.Posts {
		p, st := b.Posts[i].Post, &posts[i]
		p.ID, p.Slug, p.PostedAt, p.UpdatedAt, p.Tags = st.ID, st.Slug, st.PostedAt, st.UpdatedAt, st.Tags
		p.PosterID, p.SectionID = st.PosterID, st.SectionID
	}
	for i := range b.Comments {
		c, st := b.Comments[i].Comment, &comments[i]
		c.ID, c.PostID, c.Num, c.ParentID, c.CreatedAt, c.UpdatedAt = st.ID, st.PostID, st.Num, st.ParentID, st.CreatedAt, st.UpdatedAt
	}
	return nil
}

// importComments stores the comments of a batch as CreateComments does,
// their posts resolved by foreign id, then sets their parents.
func (s *Store) importComments(ctx context.Context, t *tx, b *burg.ImportBatch, postIDs map[string]int64,
	stored []burg.Comment, refs *[]burg.ImportRef) error {
	if len(b.Comments) == 0 {
		return nil
	}
	var missing []string
	for _, c := range b.Comments {
		if c.Comment.PostID == 0 {
			if _, ok := postIDs[c.PostForeignID]; !ok {
				missing = append(missing, c.PostForeignID)
			}
		}
	}
	if len(missing) > 0 {
		found, err := findImports(ctx, t, b.Source, burg.ImportPost, missing)
		if err != nil {
			return err
		}
		for k, v := range found {
			postIDs[k] = v
		}
	}
	cs := make([]*burg.Comment, len(b.Comments))
	for i, c := range b.Comments {
		cc := *c.Comment
		cc.ParentID = 0
		if cc.PostID == 0 {
			id, ok := postIDs[c.PostForeignID]
			if !ok {
				return burg.Errorf(burg.EINVALID, "Comment %d (%s): its post %s was not imported.", i, c.ForeignID, c.PostForeignID)
			}
			cc.PostID = id
		}
		cs[i] = &cc
	}
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
	if err := countVisitors(ctx, t, visitors, stored); err != nil {
		return err
	}
	ids := make(map[string]int64, len(b.Comments))
	for i, c := range b.Comments {
		ids[c.ForeignID] = stored[i].ID
		*refs = append(*refs, burg.ImportRef{Kind: burg.ImportComment, ForeignID: c.ForeignID, ID: stored[i].ID})
	}
	var earlier []string
	for _, c := range b.Comments {
		if c.ParentForeignID != "" {
			if _, ok := ids[c.ParentForeignID]; !ok {
				earlier = append(earlier, c.ParentForeignID)
			}
		}
	}
	if len(earlier) > 0 {
		found, err := findImports(ctx, t, b.Source, burg.ImportComment, earlier)
		if err != nil {
			return err
		}
		for k, v := range found {
			ids[k] = v
		}
	}
	for i, c := range b.Comments {
		parent, ok := ids[c.ParentForeignID]
		if c.ParentForeignID == "" || !ok || parent == stored[i].ID {
			continue
		}
		res, err := t.exec(ctx, `UPDATE comments SET parent_id = ? WHERE id = ?
			AND post_id = (SELECT post_id FROM comments WHERE id = ?)`, parent, stored[i].ID, parent)
		if err != nil {
			return fmt.Errorf("set parent of comment %d: %w", stored[i].ID, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			stored[i].ParentID = parent
		}
	}
	return nil
}

// insertRefs records what a batch made.
func insertRefs(ctx context.Context, t *tx, source string, refs []burg.ImportRef) error {
	if len(refs) == 0 {
		return nil
	}
	stmt, err := t.PrepareContext(ctx, t.d.rebind(`INSERT INTO imports (source, kind, foreign_id, burg_id, imported_at)
		VALUES (?, ?, ?, ?, ?)`))
	if err != nil {
		return fmt.Errorf("prepare import refs: %w", err)
	}
	defer stmt.Close()
	for _, r := range refs {
		if _, err := stmt.ExecContext(ctx, source, r.Kind, r.ForeignID, r.ID, t.now); err != nil {
			if isUniqueViolation(err) {
				return burg.Errorf(burg.ECONFLICT, "The %s %s of %s was imported already.", r.Kind, r.ForeignID, source)
			}
			return fmt.Errorf("record import: %w", err)
		}
	}
	return nil
}

// FindImports returns which of the foreign ids source has imported as
// kind, with the IDs they became.
func (s *Store) FindImports(ctx context.Context, source, kind string, foreignIDs []string) (map[string]int64, error) {
	var out map[string]int64
	err := s.readTx(ctx, func(t *tx) error {
		var err error
		out, err = findImports(ctx, t, source, kind, foreignIDs)
		return err
	})
	return out, err
}

// findImports looks the foreign ids up in chunks that stay within both
// drivers' limits on arguments.
func findImports(ctx context.Context, t *tx, source, kind string, foreignIDs []string) (map[string]int64, error) {
	out := make(map[string]int64)
	const chunk = 500
	for start := 0; start < len(foreignIDs); start += chunk {
		part := foreignIDs[start:min(start+chunk, len(foreignIDs))]
		args := make([]any, 0, len(part)+2)
		args = append(args, source, kind)
		for _, id := range part {
			args = append(args, id)
		}
		rows, err := t.query(ctx, `SELECT foreign_id, burg_id FROM imports WHERE source = ? AND kind = ?
			AND foreign_id IN (`+placeholders(len(part))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("find imports: %w", err)
		}
		for rows.Next() {
			var fid string
			var id int64
			if err := rows.Scan(&fid, &id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("find imports: %w", err)
			}
			out[fid] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("find imports: %w", err)
		}
	}
	return out, nil
}
