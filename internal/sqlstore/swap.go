package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	burg "github.com/burg-news/burg"
)

// swapKey is what makes two terms the same swap: case and runs of spaces
// aside, "Officials  said" is "officials said".
func swapKey(term string) string {
	return strings.Join(strings.Fields(strings.ToLower(term)), " ")
}

const swapColumns = `id, term, variants, created_at, updated_at`

func scanSwap(sc interface{ Scan(...any) error }) (*burg.Swap, error) {
	sw := &burg.Swap{}
	var variants string
	if err := sc.Scan(&sw.ID, &sw.Term, &variants, &sw.CreatedAt, &sw.UpdatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(variants), &sw.Variants); err != nil {
		return nil, fmt.Errorf("read variants of swap %d: %w", sw.ID, err)
	}
	sw.CreatedAt, sw.UpdatedAt = sw.CreatedAt.UTC(), sw.UpdatedAt.UTC()
	return sw, nil
}

// FindSwaps returns every swap by term.
func (s *Store) FindSwaps(ctx context.Context) ([]*burg.Swap, error) {
	var out []*burg.Swap
	err := s.readTx(ctx, func(t *tx) error {
		rows, err := t.query(ctx, `SELECT `+swapColumns+` FROM swaps ORDER BY term_key, id`)
		if err != nil {
			return fmt.Errorf("find swaps: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			sw, err := scanSwap(rows)
			if err != nil {
				return fmt.Errorf("find swaps: %w", err)
			}
			out = append(out, sw)
		}
		return rows.Err()
	})
	return out, err
}

// FindSwap returns one swap or ENOTFOUND.
func (s *Store) FindSwap(ctx context.Context, id int64) (*burg.Swap, error) {
	var sw *burg.Swap
	err := s.readTx(ctx, func(t *tx) error {
		var err error
		sw, err = scanSwap(t.queryRow(ctx, `SELECT `+swapColumns+` FROM swaps WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("swap")
		} else if err != nil {
			return fmt.Errorf("find swap %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sw, nil
}

// CreateSwap stores sw and sets its ID, CreatedAt and UpdatedAt.
func (s *Store) CreateSwap(ctx context.Context, sw *burg.Swap) error {
	if err := sw.Validate(); err != nil {
		return err
	}
	variants, err := json.Marshal(sw.Variants)
	if err != nil {
		return fmt.Errorf("create swap: %w", err)
	}
	return s.writeTx(ctx, func(t *tx) error {
		id, err := t.insert(ctx, `INSERT INTO swaps (term, term_key, variants, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
			sw.Term, swapKey(sw.Term), string(variants), t.now, t.now)
		if isUniqueViolation(err) {
			return burg.Errorf(burg.ECONFLICT, "There is a swap for %q already.", sw.Term)
		} else if err != nil {
			return fmt.Errorf("create swap: %w", err)
		}
		if err := recordChange(ctx, t, []burg.TermRef{{Kind: burg.TermSwap, ID: id}}, []string{sw.Term}); err != nil {
			return err
		}
		sw.ID, sw.CreatedAt, sw.UpdatedAt = id, t.now, t.now
		return nil
	})
}

// UpdateSwap stores the term and variants of sw and sets its UpdatedAt.
func (s *Store) UpdateSwap(ctx context.Context, sw *burg.Swap) error {
	if err := sw.Validate(); err != nil {
		return err
	}
	variants, err := json.Marshal(sw.Variants)
	if err != nil {
		return fmt.Errorf("update swap: %w", err)
	}
	return s.writeTx(ctx, func(t *tx) error {
		var oldKey string
		err := t.queryRow(ctx, `SELECT term_key FROM swaps WHERE id = ?`, sw.ID).Scan(&oldKey)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("swap")
		} else if err != nil {
			return fmt.Errorf("update swap %d: %w", sw.ID, err)
		}
		res, err := t.exec(ctx, `UPDATE swaps SET term = ?, term_key = ?, variants = ?, updated_at = ? WHERE id = ?`,
			sw.Term, swapKey(sw.Term), string(variants), t.now, sw.ID)
		if isUniqueViolation(err) {
			return burg.Errorf(burg.ECONFLICT, "There is a swap for %q already.", sw.Term)
		} else if err != nil {
			return fmt.Errorf("update swap %d: %w", sw.ID, err)
		}
		if err := mustAffect(res, "swap"); err != nil {
			return err
		}
		var words []string
		if swapKey(sw.Term) != oldKey {
			words = []string{sw.Term}
		}
		if err := recordChange(ctx, t, []burg.TermRef{{Kind: burg.TermSwap, ID: sw.ID}}, words); err != nil {
			return err
		}
		sw.UpdatedAt = t.now
		return nil
	})
}

// DeleteSwap removes a swap.
func (s *Store) DeleteSwap(ctx context.Context, id int64) error {
	return s.writeTx(ctx, func(t *tx) error {
		res, err := t.exec(ctx, `DELETE FROM swaps WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("delete swap %d: %w", id, err)
		}
		if err := mustAffect(res, "swap"); err != nil {
			return err
		}
		return recordChange(ctx, t, []burg.TermRef{{Kind: burg.TermSwap, ID: id}}, nil)
	})
}
