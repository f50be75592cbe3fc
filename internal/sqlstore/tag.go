package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	burg "github.com/burg-news/burg"
)

// CreateTag stores tag with its aliases and sets its ID (and an empty
// Kind to topic); ECONFLICT when the slug is taken.
func (s *Store) CreateTag(ctx context.Context, tag *burg.Tag) error {
	if err := tag.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(t *tx) error {
		id, err := t.insert(ctx, `INSERT INTO tags (name, slug, description, kind, epithet, image, file_under)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			tag.Name, tag.Slug, tag.Description, tagKind(tag), tag.Epithet, tag.Image, !tag.NameOnly)
		if isUniqueViolation(err) {
			return burg.Errorf(burg.ECONFLICT, "A tag with slug %q exists already.", tag.Slug)
		} else if err != nil {
			return fmt.Errorf("create tag: %w", err)
		}
		if err := insertAliases(ctx, t, id, tag.Aliases); err != nil {
			return fmt.Errorf("create tag: %w", err)
		}
		if err := recordChange(ctx, t, []burg.TermRef{{Kind: burg.TermName, ID: id}}, entryWords(tag)); err != nil {
			return err
		}
		tag.ID, tag.Kind = id, tagKind(tag)
		return nil
	})
}

// FindTagBySlug returns one whole entry, retired or not, or ENOTFOUND.
func (s *Store) FindTagBySlug(ctx context.Context, slug string) (*burg.Tag, error) {
	var tag *burg.Tag
	err := s.readTx(ctx, func(t *tx) error {
		var err error
		tag, err = scanTag(t.queryRow(ctx, `SELECT `+tagColumns+` FROM tags g WHERE g.slug = ?`, slug))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("tag")
		} else if err != nil {
			return fmt.Errorf("find tag %q: %w", slug, err)
		}
		return findAliases(ctx, t, []*burg.Tag{tag})
	})
	if err != nil {
		return nil, err
	}
	return tag, nil
}

// FindTags returns every tag by name, retired and name-only ones
// included, with their aliases.
func (s *Store) FindTags(ctx context.Context) ([]*burg.Tag, error) {
	return s.findEntries(ctx, false)
}

// CountTags returns the tags of live posts posted in [from, until) with
// their post counts, most posts first, then by name. The tags carry their
// entry's fields but not its aliases.
func (s *Store) CountTags(ctx context.Context, from, until time.Time) ([]burg.TagCount, error) {
	var counts []burg.TagCount
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT `+tagColumns+`, c.n
			FROM (SELECT pt.tag_id, COUNT(*) AS n
				FROM post_tags pt JOIN posts p ON p.id = pt.post_id
				WHERE pt.posted_at >= ? AND pt.posted_at < ? AND p.deleted_at IS NULL
				GROUP BY pt.tag_id) c
			JOIN tags g ON g.id = c.tag_id
			ORDER BY c.n DESC, g.name`, utc(from), utc(until))
		if err != nil {
			return fmt.Errorf("count tags: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var n int
			tag, err := scanTag(rows, &n)
			if err != nil {
				return fmt.Errorf("count tags: %w", err)
			}
			counts = append(counts, burg.TagCount{Tag: tag, Posts: n})
		}
		return rows.Err()
	})
	return counts, err
}

// tagColumns are the columns of a tag of the table aliased g, in the
// order scanTag reads them.
const tagColumns = `g.id, g.name, g.slug, g.description, g.kind, g.epithet, g.image, g.file_under, g.retired_at`

// scanTag reads the tagColumns of a row, and then into extra.
func scanTag(sc interface{ Scan(...any) error }, extra ...any) (*burg.Tag, error) {
	tag := &burg.Tag{}
	var fileUnder bool
	var retired sql.NullTime
	dest := append([]any{&tag.ID, &tag.Name, &tag.Slug, &tag.Description, &tag.Kind, &tag.Epithet,
		&tag.Image, &fileUnder, &retired}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	tag.NameOnly = !fileUnder
	tag.RetiredAt = timePtr(retired)
	return tag, nil
}

// tagKind is the kind stored for tag: TagTopic when it has none.
func tagKind(tag *burg.Tag) string {
	if tag.Kind == "" {
		return burg.TagTopic
	}
	return tag.Kind
}
