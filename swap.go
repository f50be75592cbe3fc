package burg

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of a word swap.
const (
	MaxSwapTermLen    = 80  // runes
	MaxSwapVariantLen = 120 // runes, each
	MaxSwapVariants   = 10
)

// Swap is one entry of the house voice's word swaps: journalese and the
// house's own words for it. Each post that uses the term shows one of the
// variants instead, picked at random but the same every time the post is
// shown, with the term in the hover title.
type Swap struct {
	ID int64
	// Term is the journalese: one or more words, "arrested" or "officials
	// said". It is matched as whole words, whatever their case.
	Term string
	// Variants are the replacements, written in lower case unless a word
	// must keep its capitals; the case of the mention is carried over
	// ("Arrested" becomes "Jugged").
	Variants  []string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate reports whether s may be stored.
func (s *Swap) Validate() error {
	n := utf8.RuneCountInString(s.Term)
	switch {
	case strings.TrimSpace(s.Term) == "":
		return Errorf(EINVALID, "A swap needs the words it replaces.")
	case n > MaxSwapTermLen:
		return Errorf(EINVALID, "The swapped words are longer than %d characters.", MaxSwapTermLen)
	case !utf8.ValidString(s.Term) || hasControl(s.Term, false):
		return Errorf(EINVALID, "The swapped words may not contain control characters.")
	case s.Term != strings.TrimSpace(s.Term):
		return Errorf(EINVALID, "The swapped words may not start or end with spaces.")
	case !strings.ContainsFunc(s.Term, isWordRune):
		return Errorf(EINVALID, "The swapped words %q have no letters or digits to find in a post.", Clip(s.Term, 40))
	case len(s.Variants) == 0:
		return Errorf(EINVALID, "A swap needs at least one replacement.")
	case len(s.Variants) > MaxSwapVariants:
		return Errorf(EINVALID, "A swap has at most %d replacements, not %d.", MaxSwapVariants, len(s.Variants))
	}
	for i, v := range s.Variants {
		switch {
		case strings.TrimSpace(v) == "":
			return Errorf(EINVALID, "A replacement may not be empty.")
		case utf8.RuneCountInString(v) > MaxSwapVariantLen:
			return Errorf(EINVALID, "The replacement %q is longer than %d characters.", Clip(v, 40), MaxSwapVariantLen)
		case !utf8.ValidString(v) || hasControl(v, false):
			return Errorf(EINVALID, "A replacement may not contain control characters.")
		case v != strings.TrimSpace(v):
			return Errorf(EINVALID, "The replacement %q may not start or end with spaces.", Clip(v, 40))
		}
		for _, w := range s.Variants[:i] {
			if strings.EqualFold(v, w) {
				return Errorf(EINVALID, "The replacement %q is given twice.", Clip(v, 40))
			}
		}
	}
	return nil
}

// SwapStore keeps the word swaps. Each method is one transaction.
type SwapStore interface {
	// FindSwaps returns every swap by term.
	FindSwaps(ctx context.Context) ([]*Swap, error)
	// FindSwap returns one swap or ENOTFOUND.
	FindSwap(ctx context.Context, id int64) (*Swap, error)
	// CreateSwap stores s and sets its ID, CreatedAt and UpdatedAt;
	// ECONFLICT when a swap of the same term exists (terms are compared
	// without regard to case or runs of spaces).
	CreateSwap(ctx context.Context, s *Swap) error
	// UpdateSwap stores the term and variants of s and sets its
	// UpdatedAt; ENOTFOUND when there is no such swap, ECONFLICT when
	// another swap has the term.
	UpdateSwap(ctx context.Context, s *Swap) error
	// DeleteSwap removes a swap; ENOTFOUND when there is none.
	DeleteSwap(ctx context.Context, id int64) error
}
