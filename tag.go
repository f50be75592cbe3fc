package burg

import (
	"context"
	"time"
	"unicode/utf8"
)

// Tag is a "File under" subject: a group, person, place or topic.
type Tag struct {
	ID          int64
	Name        string
	Slug        string
	Description string
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
	return nil
}

// TagCount is a tag with the number of posts under it in some span, for
// "Who's in the News".
type TagCount struct {
	Tag   *Tag
	Posts int
}

// TagStore keeps tags.
type TagStore interface {
	// CreateTag stores t and sets its ID; ECONFLICT when the slug is taken.
	CreateTag(ctx context.Context, t *Tag) error
	// FindTagBySlug returns one tag or ENOTFOUND.
	FindTagBySlug(ctx context.Context, slug string) (*Tag, error)
	// FindTags returns every tag by name.
	FindTags(ctx context.Context) ([]*Tag, error)
	// CountTags returns the tags of posts posted in [from, until) with
	// their post counts, most posts first, then by name.
	CountTags(ctx context.Context, from, until time.Time) ([]TagCount, error)
}
