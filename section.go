package burg

import (
	"context"
	"strings"
	"unicode/utf8"
)

// Page is a tab of the site that groups sections, such as "Operations" or
// "Opinion". The order of pages and of the sections in them is data.
type Page struct {
	ID       int64
	Name     string
	Slug     string
	Position int
}

// Section is a regional or topical section that posts are filed into, such
// as "Europe" or "Science & Technology". Each belongs to one Page.
type Section struct {
	ID       int64
	PageID   int64
	Name     string
	Slug     string
	Position int

	Page *Page // filled by the store on reads
}

// Validate reports whether s may be stored.
func (s *Section) Validate() error {
	if err := validName("section", s.Name, 80); err != nil {
		return err
	}
	if !ValidSlug(s.Slug) {
		return Errorf(EINVALID, "Section slug %q must be lower-case letters, digits and dashes.", s.Slug)
	}
	if s.PageID == 0 {
		return Errorf(EINVALID, "Section %q needs a page.", s.Name)
	}
	return nil
}

// Validate reports whether p may be stored.
func (p *Page) Validate() error {
	if err := validName("page", p.Name, 40); err != nil {
		return err
	}
	if !ValidSlug(p.Slug) {
		return Errorf(EINVALID, "Page slug %q must be lower-case letters, digits and dashes.", p.Slug)
	}
	return nil
}

// SectionStore keeps pages and sections.
type SectionStore interface {
	// CreatePage stores p and sets its ID.
	CreatePage(ctx context.Context, p *Page) error
	// CreateSection stores s and sets its ID.
	CreateSection(ctx context.Context, s *Section) error
	// UpdateSection changes the name, slug, page and position of s.
	UpdateSection(ctx context.Context, s *Section) error
	// FindPages returns every page in order.
	FindPages(ctx context.Context) ([]*Page, error)
	// FindSections returns every section with its page, ordered by page
	// position then section position.
	FindSections(ctx context.Context) ([]*Section, error)
	// FindSectionBySlug returns one section, or ENOTFOUND.
	FindSectionBySlug(ctx context.Context, slug string) (*Section, error)
	// FindPageBySlug returns one page, or ENOTFOUND.
	FindPageBySlug(ctx context.Context, slug string) (*Page, error)
}

func validName(what, name string, max int) error {
	n := utf8.RuneCountInString(strings.TrimSpace(name))
	switch {
	case n == 0:
		return Errorf(EINVALID, "The %s needs a name.", what)
	case n > max:
		return Errorf(EINVALID, "The %s name is longer than %d characters.", what, max)
	}
	return nil
}

// ValidSlug reports whether s is a usable URL slug: 1–100 characters of
// lower-case ASCII letters, digits and single inner dashes.
func ValidSlug(s string) bool {
	if s == "" || len(s) > 100 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// Slugify turns a title into a URL slug of at most max bytes: ASCII letters
// and digits lower-cased, everything else folded into single dashes.
// Accented Latin letters lose their accents; other scripts are dropped.
func Slugify(title string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range title {
		r = foldAccent(r)
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
			dash = false
		case r == '\'' || r == '’':
			// "Russia's" reads better as "russias" than "russia-s".
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
		if b.Len() >= max {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if len(s) > max {
		s = strings.TrimRight(s[:max], "-")
	}
	return s
}

var accents = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a', 'å': 'a', 'ā': 'a',
	'ç': 'c', 'č': 'c', 'ć': 'c', 'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e', 'ē': 'e', 'ě': 'e',
	'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ı': 'i', 'ñ': 'n', 'ń': 'n', 'ò': 'o', 'ó': 'o',
	'ô': 'o', 'õ': 'o', 'ö': 'o', 'ø': 'o', 'ş': 's', 'š': 's', 'ś': 's', 'ù': 'u', 'ú': 'u',
	'û': 'u', 'ü': 'u', 'ý': 'y', 'ÿ': 'y', 'ž': 'z', 'ź': 'z', 'ż': 'z', 'ğ': 'g', 'ł': 'l',
	'À': 'A', 'Á': 'A', 'Â': 'A', 'Ä': 'A', 'Ç': 'C', 'Č': 'C', 'É': 'E', 'È': 'E', 'Ö': 'O',
	'Ü': 'U', 'Ş': 'S', 'Š': 'S', 'Ž': 'Z', 'İ': 'I',
}

func foldAccent(r rune) rune {
	if f, ok := accents[r]; ok {
		return f
	}
	return r
}
