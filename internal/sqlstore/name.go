package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	burg "github.com/burg-news/burg"
)

// FindTag returns one whole entry, retired or not, or ENOTFOUND.
func (s *Store) FindTag(ctx context.Context, id int64) (*burg.Tag, error) {
	var tag *burg.Tag
	err := s.readTx(ctx, func(t *tx) error {
		var err error
		tag, err = findTag(ctx, t, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return tag, nil
}

// findTag reads one entry with its aliases.
func findTag(ctx context.Context, t *tx, id int64) (*burg.Tag, error) {
	tag, err := scanTag(t.queryRow(ctx, `SELECT `+tagColumns+` FROM tags g WHERE g.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("tag")
	} else if err != nil {
		return nil, fmt.Errorf("find tag %d: %w", id, err)
	}
	if err := findAliases(ctx, t, []*burg.Tag{tag}); err != nil {
		return nil, err
	}
	return tag, nil
}

// FindNames returns every entry that is not retired, with its aliases,
// by name.
func (s *Store) FindNames(ctx context.Context) ([]*burg.Tag, error) {
	return s.findEntries(ctx, true)
}

// findEntries reads every entry, or every live one, with its aliases.
func (s *Store) findEntries(ctx context.Context, liveOnly bool) ([]*burg.Tag, error) {
	var tags []*burg.Tag
	err := s.readTx(ctx, func(t *tx) error {
		q := `SELECT ` + tagColumns + ` FROM tags g`
		if liveOnly {
			q += ` WHERE g.retired_at IS NULL`
		}
		rows, err := t.query(ctx, q+` ORDER BY g.name, g.id`)
		if err != nil {
			return fmt.Errorf("find tags: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			tag, err := scanTag(rows)
			if err != nil {
				return fmt.Errorf("find tags: %w", err)
			}
			tags = append(tags, tag)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("find tags: %w", err)
		}
		return findAliases(ctx, t, tags)
	})
	return tags, err
}

// findAliases fills the aliases of tags: by one query for one tag, else by
// reading them all, which is what listing every entry needs anyway.
func findAliases(ctx context.Context, t *tx, tags []*burg.Tag) error {
	if len(tags) == 0 {
		return nil
	}
	byID := make(map[int64]*burg.Tag, len(tags))
	for _, tag := range tags {
		byID[tag.ID] = tag
	}
	q, args := `SELECT tag_id, alias FROM tag_aliases ORDER BY tag_id, position`, []any{}
	if len(tags) == 1 {
		q, args = `SELECT tag_id, alias FROM tag_aliases WHERE tag_id = ? ORDER BY position`, []any{tags[0].ID}
	}
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("find aliases: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var alias string
		if err := rows.Scan(&id, &alias); err != nil {
			return fmt.Errorf("find aliases: %w", err)
		}
		if tag := byID[id]; tag != nil {
			tag.Aliases = append(tag.Aliases, alias)
		}
	}
	return rows.Err()
}

// insertAliases stores the aliases of the tag id in their order.
func insertAliases(ctx context.Context, t *tx, id int64, aliases []string) error {
	for i, a := range aliases {
		if _, err := t.exec(ctx, `INSERT INTO tag_aliases (tag_id, position, alias) VALUES (?, ?, ?)`, id, i, a); err != nil {
			return fmt.Errorf("store alias: %w", err)
		}
	}
	return nil
}

// UpdateTag stores every field of the entry tag but RetiredAt, replacing
// its aliases.
func (s *Store) UpdateTag(ctx context.Context, tag *burg.Tag) error {
	if err := tag.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(t *tx) error {
		old, err := findTag(ctx, t, tag.ID)
		if err != nil {
			return err
		}
		res, err := t.exec(ctx, `UPDATE tags SET name = ?, slug = ?, description = ?, kind = ?, epithet = ?, image = ?, file_under = ?
			WHERE id = ?`, tag.Name, tag.Slug, tag.Description, tagKind(tag), tag.Epithet, tag.Image, !tag.NameOnly, tag.ID)
		if isUniqueViolation(err) {
			return burg.Errorf(burg.ECONFLICT, "A tag with slug %q exists already.", tag.Slug)
		} else if err != nil {
			return fmt.Errorf("update tag %d: %w", tag.ID, err)
		}
		if err := mustAffect(res, "tag"); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `DELETE FROM tag_aliases WHERE tag_id = ?`, tag.ID); err != nil {
			return fmt.Errorf("update tag %d: %w", tag.ID, err)
		}
		if err := insertAliases(ctx, t, tag.ID, tag.Aliases); err != nil {
			return fmt.Errorf("update tag %d: %w", tag.ID, err)
		}
		now := *tag
		now.RetiredAt = old.RetiredAt
		if err := recordChange(ctx, t, []burg.TermRef{{Kind: burg.TermName, ID: tag.ID}},
			newWords(entryWords(old), entryWords(&now))); err != nil {
			return err
		}
		tag.Kind = tagKind(tag)
		return nil
	})
}

// RetireTag retires an entry, keeping the time of a first retirement.
func (s *Store) RetireTag(ctx context.Context, id int64) error {
	return s.writeTx(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `UPDATE tags SET retired_at = COALESCE(retired_at, ?) WHERE id = ?`, t.now, id)
		if err != nil {
			return fmt.Errorf("retire tag %d: %w", id, err)
		}
		if err := mustAffect(res, "tag"); err != nil {
			return err
		}
		return recordChange(ctx, t, []burg.TermRef{{Kind: burg.TermName, ID: id}}, nil)
	})
}

// RestoreTag undoes RetireTag.
func (s *Store) RestoreTag(ctx context.Context, id int64) error {
	return s.writeTx(ctx, func(t *tx) error {
		old, err := findTag(ctx, t, id)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE tags SET retired_at = NULL WHERE id = ?`, id); err != nil {
			return fmt.Errorf("restore tag %d: %w", id, err)
		}
		var words []string
		if old.RetiredAt != nil {
			now := *old
			now.RetiredAt = nil
			words = entryWords(&now)
		}
		return recordChange(ctx, t, []burg.TermRef{{Kind: burg.TermName, ID: id}}, words)
	})
}

// MergeTags folds the entry from into the entry into and deletes from.
func (s *Store) MergeTags(ctx context.Context, from, into int64) error {
	if from == into {
		return burg.Errorf(burg.EINVALID, "An entry cannot be merged into itself.")
	}
	return s.writeTx(ctx, func(t *tx) error {
		src, err := findTag(ctx, t, from)
		if err != nil {
			return err
		}
		dst, err := findTag(ctx, t, into)
		if err != nil {
			return err
		}
		if dst.RetiredAt != nil {
			return burg.Errorf(burg.EINVALID, "%q is retired; restore it before merging into it.", dst.Name)
		}
		merged := *dst
		merged.Aliases = mergeAliases(dst, src)
		if merged.Epithet == "" {
			merged.Epithet = src.Epithet
		}
		if merged.Description == "" {
			merged.Description = src.Description
		}
		if merged.Image == "" {
			merged.Image = src.Image
		}
		if len(merged.Aliases) > burg.MaxAliases {
			return burg.Errorf(burg.EINVALID, "Merged, %q would have %d aliases, more than %d; remove some first.",
				dst.Name, len(merged.Aliases), burg.MaxAliases)
		}
		if err := merged.Validate(); err != nil {
			return err
		}
		// A post under both keeps its row for into; the rest move.
		if _, err := t.exec(ctx, `UPDATE post_tags SET tag_id = ? WHERE tag_id = ?
			AND post_id NOT IN (SELECT post_id FROM post_tags WHERE tag_id = ?)`, into, from, into); err != nil {
			return fmt.Errorf("merge tags: move posts: %w", err)
		}
		for _, q := range []string{
			`DELETE FROM post_tags WHERE tag_id = ?`,
			`DELETE FROM tag_aliases WHERE tag_id = ?`,
			`DELETE FROM tags WHERE id = ?`,
		} {
			if _, err := t.exec(ctx, q, from); err != nil {
				return fmt.Errorf("merge tags: %w", err)
			}
		}
		if _, err := t.exec(ctx, `UPDATE tags SET epithet = ?, description = ?, image = ? WHERE id = ?`,
			merged.Epithet, merged.Description, merged.Image, into); err != nil {
			return fmt.Errorf("merge tags: %w", err)
		}
		if _, err := t.exec(ctx, `DELETE FROM tag_aliases WHERE tag_id = ?`, into); err != nil {
			return fmt.Errorf("merge tags: %w", err)
		}
		if err := insertAliases(ctx, t, into, merged.Aliases); err != nil {
			return fmt.Errorf("merge tags: %w", err)
		}
		// The posts that mentioned either entry read differently now; a
		// retired entry's names were matched by no post, and are new.
		var words []string
		if src.RetiredAt != nil {
			live := *src
			live.RetiredAt = nil
			words = newWords(entryWords(dst), entryWords(&live))
		}
		return recordChange(ctx, t, []burg.TermRef{{Kind: burg.TermName, ID: from}, {Kind: burg.TermName, ID: into}}, words)
	})
}

// mergeAliases lists dst's aliases, then src's name and aliases, without
// dst's name or any alias twice (compared without regard to case).
func mergeAliases(dst, src *burg.Tag) []string {
	out := append([]string(nil), dst.Aliases...)
	have := func(a string) bool {
		if strings.EqualFold(a, dst.Name) {
			return true
		}
		for _, b := range out {
			if strings.EqualFold(a, b) {
				return true
			}
		}
		return false
	}
	for _, a := range append([]string{strings.TrimSpace(src.Name)}, src.Aliases...) {
		if !have(a) {
			out = append(out, a)
		}
	}
	return out
}

// mustAffect turns an update or delete that touched no row into
// ENOTFOUND for what.
func mustAffect(res sql.Result, what string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return notFound(what)
	}
	return nil
}
