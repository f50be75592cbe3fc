package burg

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The names database is Burg's tags with more to them: every group,
// person, place and topic a post may mention has a kind, an epithet,
// aliases, a description and perhaps a photo. A post's first mention of
// an entry gets the epithet and a description box (internal/voice does
// that); entries that are "File under" tags are also offered when
// posting.

// Kinds of names database entry: what a tag names.
const (
	TagGroup  = "group"  // a party, militia, agency, company…
	TagPerson = "person" // someone
	TagPlace  = "place"  // a country, town, district, crossing…
	TagTopic  = "topic"  // a subject such as "Smuggling"; the default
)

// Limits of a names database entry.
const (
	MaxEpithetLen = 120 // runes
	MaxAliasLen   = 80  // runes, each
	MaxAliases    = 30
	MaxImageLen   = 100 // bytes
)

// FileUnder reports whether t is offered as a "File under" tag: it is
// not a name-only entry and not retired.
func (t *Tag) FileUnder() bool { return !t.NameOnly && t.RetiredAt == nil }

// validateEntry checks the names database fields of t.
func (t *Tag) validateEntry() error {
	if !utf8.ValidString(t.Name) || hasControl(t.Name, false) {
		return Errorf(EINVALID, "The tag name may not contain control characters.")
	}
	if !utf8.ValidString(t.Description) || hasControl(t.Description, true) {
		return Errorf(EINVALID, "The tag description may not contain control characters.")
	}
	switch t.Kind {
	case "", TagGroup, TagPerson, TagPlace, TagTopic:
	default:
		return Errorf(EINVALID, "An entry is a group, person, place or topic, not %q.", Clip(t.Kind, 20))
	}
	switch {
	case utf8.RuneCountInString(t.Epithet) > MaxEpithetLen:
		return Errorf(EINVALID, "The epithet is longer than %d characters.", MaxEpithetLen)
	case !utf8.ValidString(t.Epithet) || hasControl(t.Epithet, false):
		return Errorf(EINVALID, "The epithet may not contain control characters.")
	case t.Epithet != strings.TrimSpace(t.Epithet):
		return Errorf(EINVALID, "The epithet may not start or end with spaces.")
	case len(t.Aliases) > MaxAliases:
		return Errorf(EINVALID, "An entry has at most %d aliases, not %d.", MaxAliases, len(t.Aliases))
	}
	for i, a := range t.Aliases {
		if err := validAlias(a); err != nil {
			return err
		}
		if strings.EqualFold(a, strings.TrimSpace(t.Name)) {
			return Errorf(EINVALID, "The alias %q is the entry's own name.", Clip(a, 40))
		}
		for _, b := range t.Aliases[:i] {
			if strings.EqualFold(a, b) {
				return Errorf(EINVALID, "The alias %q is given twice.", Clip(a, 40))
			}
		}
	}
	if !validImage(t.Image) {
		return Errorf(EINVALID, "The image must be the name of an uploaded photo.")
	}
	return nil
}

// validAlias checks one alias: 1–MaxAliasLen runes holding at least one
// letter or digit, so that a post can mention it, no control characters,
// and no spaces around it.
func validAlias(a string) error {
	n := utf8.RuneCountInString(a)
	switch {
	case strings.TrimSpace(a) == "":
		return Errorf(EINVALID, "An alias may not be empty.")
	case a != strings.TrimSpace(a):
		return Errorf(EINVALID, "The alias %q may not start or end with spaces.", Clip(a, 40))
	case n > MaxAliasLen:
		return Errorf(EINVALID, "The alias %q is longer than %d characters.", Clip(a, 40), MaxAliasLen)
	case !utf8.ValidString(a) || hasControl(a, false):
		return Errorf(EINVALID, "An alias may not contain control characters.")
	case !strings.ContainsFunc(a, isWordRune):
		return Errorf(EINVALID, "The alias %q has no letters or digits to find in a post.", Clip(a, 40))
	}
	return nil
}

// validImage reports whether name can be the name of an uploaded photo:
// empty, or up to MaxImageLen ASCII letters, digits, dots, dashes and
// underscores not starting with a dot, so that it is one path segment and
// never a path.
func validImage(name string) bool {
	if name == "" {
		return true
	}
	if len(name) > MaxImageLen || name[0] == '.' {
		return false
	}
	for i := range len(name) {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// hasControl reports whether s holds a control character, or a format
// character that reverses the direction of text; lineBreaks allows line
// breaks and tabs.
func hasControl(s string, lineBreaks bool) bool {
	for _, r := range s {
		if lineBreaks && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069' {
			return true
		}
	}
	return false
}

// isWordRune reports whether r can be part of a word a post mentions.
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// NameStore keeps the names database: the tags as entries, with their
// aliases. Each method is one transaction.
type NameStore interface {
	// FindTag returns one whole entry, retired or not, or ENOTFOUND.
	FindTag(ctx context.Context, id int64) (*Tag, error)
	// UpdateTag stores every field of the entry t but RetiredAt, aliases
	// included (replacing those it had); ENOTFOUND when there is no such
	// entry, ECONFLICT when its new slug is taken. An empty Kind becomes
	// TagTopic.
	UpdateTag(ctx context.Context, t *Tag) error
	// FindNames returns every entry that is not retired, with its
	// aliases, by name: what a dictionary of names is built from.
	FindNames(ctx context.Context) ([]*Tag, error)
	// RetireTag retires an entry: it keeps its posts but is no longer
	// matched or offered. Retiring a retired entry keeps the first time.
	RetireTag(ctx context.Context, id int64) error
	// RestoreTag undoes RetireTag.
	RestoreTag(ctx context.Context, id int64) error
	// MergeTags folds the entry from into the entry into, for two entries
	// that name one thing: the posts filed under from are filed under
	// into (a post under both keeps one), from's name and aliases become
	// aliases of into (repeats dropped), into takes from's epithet,
	// description and image where its own are empty, and from is deleted,
	// so that its slug no longer answers. EINVALID when from is into, when
	// into is retired, or when the aliases would be too many; ENOTFOUND
	// when either is missing.
	MergeTags(ctx context.Context, from, into int64) error
}
