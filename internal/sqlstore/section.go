package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	burg "github.com/burg-news/burg"
)

// CreatePage stores p and sets its ID.
func (s *Store) CreatePage(ctx context.Context, p *burg.Page) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(t *tx) error {
		id, err := t.insert(ctx, `INSERT INTO pages (name, slug, position) VALUES (?, ?, ?)`, p.Name, p.Slug, p.Position)
		if isUniqueViolation(err) {
			return burg.Errorf(burg.ECONFLICT, "A page with slug %q exists already.", p.Slug)
		} else if err != nil {
			return fmt.Errorf("create page: %w", err)
		}
		p.ID = id
		return nil
	})
}

// CreateSection stores sec and sets its ID.
func (s *Store) CreateSection(ctx context.Context, sec *burg.Section) error {
	if err := sec.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(t *tx) error {
		if err := pageExists(ctx, t, sec.PageID); err != nil {
			return err
		}
		id, err := t.insert(ctx, `INSERT INTO sections (page_id, name, slug, position) VALUES (?, ?, ?, ?)`,
			sec.PageID, sec.Name, sec.Slug, sec.Position)
		if isUniqueViolation(err) {
			return burg.Errorf(burg.ECONFLICT, "A section with slug %q exists already.", sec.Slug)
		} else if err != nil {
			return fmt.Errorf("create section: %w", err)
		}
		sec.ID = id
		return nil
	})
}

// UpdateSection changes the name, slug, page and position of sec.
func (s *Store) UpdateSection(ctx context.Context, sec *burg.Section) error {
	if err := sec.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(t *tx) error {
		if err := pageExists(ctx, t, sec.PageID); err != nil {
			return err
		}
		res, err := t.exec(ctx, `UPDATE sections SET page_id = ?, name = ?, slug = ?, position = ? WHERE id = ?`,
			sec.PageID, sec.Name, sec.Slug, sec.Position, sec.ID)
		if isUniqueViolation(err) {
			return burg.Errorf(burg.ECONFLICT, "A section with slug %q exists already.", sec.Slug)
		} else if err != nil {
			return fmt.Errorf("update section %d: %w", sec.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("section")
		}
		return nil
	})
}

func pageExists(ctx context.Context, t *tx, id int64) error {
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM pages WHERE id = ?`, id).Scan(&n); err != nil {
		return fmt.Errorf("find page %d: %w", id, err)
	}
	if n == 0 {
		return burg.Errorf(burg.EINVALID, "There is no page %d.", id)
	}
	return nil
}

// FindPages returns every page in order.
func (s *Store) FindPages(ctx context.Context) ([]*burg.Page, error) {
	var pages []*burg.Page
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT id, name, slug, position FROM pages ORDER BY position, id`)
		if err != nil {
			return fmt.Errorf("find pages: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			p := &burg.Page{}
			if err := rows.Scan(&p.ID, &p.Name, &p.Slug, &p.Position); err != nil {
				return fmt.Errorf("find pages: %w", err)
			}
			pages = append(pages, p)
		}
		return rows.Err()
	})
	return pages, err
}

// FindPageBySlug returns one page or ENOTFOUND.
func (s *Store) FindPageBySlug(ctx context.Context, slug string) (*burg.Page, error) {
	p := &burg.Page{}
	err := s.readTx(ctx, func(t *tx) error {
		err := t.queryRow(ctx, `SELECT id, name, slug, position FROM pages WHERE slug = ?`, slug).
			Scan(&p.ID, &p.Name, &p.Slug, &p.Position)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("page")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// FindSections returns every section with its page, in page then section
// order.
func (s *Store) FindSections(ctx context.Context) ([]*burg.Section, error) {
	var secs []*burg.Section
	err := s.readTx(ctx, func(t *tx) error {
		var err error
		secs, err = findSections(ctx, t, "", nil)
		return err
	})
	return secs, err
}

// FindSectionBySlug returns one section with its page, or ENOTFOUND.
func (s *Store) FindSectionBySlug(ctx context.Context, slug string) (*burg.Section, error) {
	var secs []*burg.Section
	err := s.readTx(ctx, func(t *tx) error {
		var err error
		secs, err = findSections(ctx, t, "WHERE s.slug = ?", []any{slug})
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(secs) == 0 {
		return nil, notFound("section")
	}
	return secs[0], nil
}

func findSections(ctx context.Context, t *tx, where string, args []any) ([]*burg.Section, error) {
	rows, err := t.query(ctx, `SELECT s.id, s.page_id, s.name, s.slug, s.position, p.name, p.slug, p.position
		FROM sections s JOIN pages p ON p.id = s.page_id `+where+`
		ORDER BY p.position, p.id, s.position, s.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("find sections: %w", err)
	}
	defer rows.Close()
	pages := map[int64]*burg.Page{}
	var secs []*burg.Section
	for rows.Next() {
		s := &burg.Section{}
		p := &burg.Page{}
		if err := rows.Scan(&s.ID, &s.PageID, &s.Name, &s.Slug, &s.Position, &p.Name, &p.Slug, &p.Position); err != nil {
			return nil, fmt.Errorf("find sections: %w", err)
		}
		p.ID = s.PageID
		if known, ok := pages[p.ID]; ok {
			p = known
		} else {
			pages[p.ID] = p
		}
		s.Page = p
		secs = append(secs, s)
	}
	return secs, rows.Err()
}
