package burg

import (
	"context"
	"time"
	"unicode/utf8"
)

// Tag is a "File under" subject: a group, person, place or topic. Every
// tag is also an entry of the names database (see name.go): the fields
// from Kind on are the entry's.
//
// A post's Tags carry ID, Name, Slug and Description only; FindTag,
// FindTagBySlug, FindTags and FindNames give whole entries.
type Tag struct {
	ID          int64
	Name        string
	Slug        string
	Description string // one line, shown in the entry's description box

	// Kind is one of the Tag… kinds; CreateTag makes an empty one TagTopic.
	Kind string
	// Epithet goes before the name at a post's first mention of the
	// entry: "the ineffectual" makes "the ineffectual Qasimiya".
	Epithet string
	// Aliases are the other names a post may use: short forms and
	// transliterations ("Kasimiya", "Qassimiya"), in the order given.
	Aliases []string
	// Image is the name of an uploaded photo of the entry, or "".
	Image string
	// NameOnly marks an entry that decorates mentions but is not a "File
	// under" tag: it is not offered when posting. The zero value, like
	// every tag made before the names database, is a "File under" tag.
	NameOnly bool
	// RetiredAt, when set, retires the entry: it is neither matched in
	// posts nor offered, but the posts filed under it keep it.
	RetiredAt *time.Time
}

// Validate reports whether t may be stored.
func (t *Tag) Validate() error {
	if err := validName("tag", t.Name, 80); err != nil {
		return err
	}
	if !ValidSlug(t.Slug) {
		return Errorf(EINVALID, "Tag slug %q must be lower-case letters, digits and dashes.", t.Slug)
	}
	if utf8.RuneCountInString(t.Description) > 2000 {
		return Errorf(EINVALID, "The tag description is longer than 2000 characters.")
	}
	return t.validateEntry()
}

// TagCount is a tag with the number of posts under it in some span, for
// "Who's in the News".
type TagCount struct {
	Tag   *Tag
	Posts int
}

// TagStore keeps tags.
type TagStore interface {
	// CreateTag stores t with its aliases and sets its ID (and its Kind,
	// when empty, to TagTopic); ECONFLICT when the slug is taken.
	CreateTag(ctx context.Context, t *Tag) error
	// FindTagBySlug returns one whole entry, retired or not, or ENOTFOUND.
	FindTagBySlug(ctx context.Context, slug string) (*Tag, error)
	// FindTags returns every tag by name, retired and name-only entries
	// included, as whole entries. Whatever offers tags for filing posts
	// keeps those whose FileUnder is true.
	FindTags(ctx context.Context) ([]*Tag, error)
	// CountTags returns the tags of posts posted in [from, until) with
	// their post counts, most posts first, then by name.
	CountTags(ctx context.Context, from, until time.Time) ([]TagCount, error)
}
