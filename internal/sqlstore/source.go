package sqlstore

import (
	"context"
	"fmt"

	burg "github.com/burg-news/burg"
)

// FindSources returns every entry of the source table by domain.
func (s *Store) FindSources(ctx context.Context) ([]*burg.Source, error) {
	var out []*burg.Source
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT domain, name FROM sources ORDER BY domain`)
		if err != nil {
			return fmt.Errorf("find sources: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			src := &burg.Source{}
			if err := rows.Scan(&src.Domain, &src.Name); err != nil {
				return fmt.Errorf("find sources: %w", err)
			}
			out = append(out, src)
		}
		return rows.Err()
	})
	return out, err
}

// SetSource adds an entry or renames the domain's entry.
func (s *Store) SetSource(ctx context.Context, src *burg.Source) error {
	if err := src.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(t *tx) error {
		_, err := t.exec(ctx, `INSERT INTO sources (domain, name) VALUES (?, ?)
			ON CONFLICT (domain) DO UPDATE SET name = excluded.name`, src.Domain, src.Name)
		if err != nil {
			return fmt.Errorf("set source %q: %w", src.Domain, err)
		}
		return nil
	})
}

// DeleteSource removes a domain's entry, or returns ENOTFOUND.
func (s *Store) DeleteSource(ctx context.Context, domain string) error {
	return s.writeTx(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `DELETE FROM sources WHERE domain = ?`, domain)
		if err != nil {
			return fmt.Errorf("delete source %q: %w", domain, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("source")
		}
		return nil
	})
}
