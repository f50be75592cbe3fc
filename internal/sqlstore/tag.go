package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	burg "github.com/burg-news/burg"
)

// CreateTag stores tag and sets its ID; ECONFLICT when the slug is taken.
func (s *Store) CreateTag(ctx context.Context, tag *burg.Tag) error {
	if err := tag.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(t *tx) error {
		id, err := t.insert(ctx, `INSERT INTO tags (name, slug, description) VALUES (?, ?, ?)`,
			tag.Name, tag.Slug, tag.Description)
		if isUniqueViolation(err) {
			return burg.Errorf(burg.ECONFLICT, "A tag with slug %q exists already.", tag.Slug)
		} else if err != nil {
			return fmt.Errorf("create tag: %w", err)
		}
		tag.ID = id
		return nil
	})
}

// FindTagBySlug returns one tag or ENOTFOUND.
func (s *Store) FindTagBySlug(ctx context.Context, slug string) (*burg.Tag, error) {
	tag := &burg.Tag{}
	err := s.readTx(ctx, func(t *tx) error {
		err := t.queryRow(ctx, `SELECT id, name, slug, description FROM tags WHERE slug = ?`, slug).
			Scan(&tag.ID, &tag.Name, &tag.Slug, &tag.Description)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("tag")
		} else if err != nil {
			return fmt.Errorf("find tag %q: %w", slug, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return tag, nil
}

// FindTags returns every tag by name.
func (s *Store) FindTags(ctx context.Context) ([]*burg.Tag, error) {
	var tags []*burg.Tag
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT id, name, slug, description FROM tags ORDER BY name, id`)
		if err != nil {
			return fmt.Errorf("find tags: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			tag := &burg.Tag{}
			if err := rows.Scan(&tag.ID, &tag.Name, &tag.Slug, &tag.Description); err != nil {
				return fmt.Errorf("find tags: %w", err)
			}
			tags = append(tags, tag)
		}
		return rows.Err()
	})
	return tags, err
}

// CountTags returns the tags of live posts posted in [from, until) with
// their post counts, most posts first, then by name.
func (s *Store) CountTags(ctx context.Context, from, until time.Time) ([]burg.TagCount, error) {
	var counts []burg.TagCount
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT g.id, g.name, g.slug, g.description, COUNT(*)
			FROM post_tags pt
			JOIN posts p ON p.id = pt.post_id
			JOIN tags g ON g.id = pt.tag_id
			WHERE pt.posted_at >= ? AND pt.posted_at < ? AND p.deleted_at IS NULL
			GROUP BY g.id, g.name, g.slug, g.description
			ORDER BY COUNT(*) DESC, g.name`, utc(from), utc(until))
		if err != nil {
			return fmt.Errorf("count tags: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			tag := &burg.Tag{}
			var n int
			if err := rows.Scan(&tag.ID, &tag.Name, &tag.Slug, &tag.Description, &n); err != nil {
				return fmt.Errorf("count tags: %w", err)
			}
			counts = append(counts, burg.TagCount{Tag: tag, Posts: n})
		}
		return rows.Err()
	})
	return counts, err
}
