package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

func testCreateTag(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		tag := &burg.Tag{Name: "Ramzan Kadyrov", Slug: "ramzan-kadyrov", Description: "Head of the Chechen Republic."}
		must(t, s.CreateTag(t.Context(), tag))
		if tag.ID == 0 {
			t.Fatal("ID not set")
		}
		got, err := s.FindTagBySlug(t.Context(), tag.Slug)
		must(t, err)
		checkEntry(t, got, tag)
	})
	test(t, "ErrSlugTaken", open, func(t *testing.T, s burg.Store) {
		must(t, s.CreateTag(t.Context(), &burg.Tag{Name: "Georgia", Slug: "georgia"}))
		wantCode(t, s.CreateTag(t.Context(), &burg.Tag{Name: "Georgia (US state)", Slug: "georgia"}), burg.ECONFLICT)
		tags, err := s.FindTags(t.Context())
		must(t, err)
		if len(tags) != 1 || tags[0].Name != "Georgia" {
			t.Errorf("tags after the conflict: got %d, want only the first", len(tags))
		}
	})
	for _, c := range []struct {
		name string
		tag  burg.Tag
	}{
		{"ErrNoName", burg.Tag{Slug: "georgia"}},
		{"ErrBadSlug", burg.Tag{Name: "Georgia", Slug: "Georgia"}},
		{"ErrLongDescription", burg.Tag{Name: "Georgia", Slug: "georgia", Description: strings.Repeat("ა", 2001)}},
	} {
		test(t, c.name, open, func(t *testing.T, s burg.Store) {
			tag := c.tag
			wantCode(t, s.CreateTag(t.Context(), &tag), burg.EINVALID)
			tags, err := s.FindTags(t.Context())
			must(t, err)
			if len(tags) != 0 {
				t.Errorf("an invalid tag was stored: %+v", *tags[0])
			}
		})
	}
}

func testFindTagBySlug(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		for _, want := range []*burg.Tag{f.Chechnya, f.Energy, f.Georgia, f.Unused} {
			got, err := s.FindTagBySlug(t.Context(), want.Slug)
			must(t, err)
			checkEntry(t, got, want)
		}
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		NewFixture(t, s)
		for _, slug := range []string{"armenia", "energ", ""} {
			tag, err := s.FindTagBySlug(t.Context(), slug)
			wantCode(t, err, burg.ENOTFOUND)
			if tag != nil {
				t.Errorf("slug %q: got tag %+v with the error", slug, *tag)
			}
		}
	})
}

func testFindTags(t *testing.T, open opener) {
	test(t, "ByName", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		got, err := s.FindTags(t.Context())
		must(t, err)
		want := []*burg.Tag{f.Chechnya, f.Energy, f.Georgia, f.Unused}
		if g, w := tagSlugs(got), tagSlugs(want); !slices.Equal(g, w) {
			t.Fatalf("got %q, want %q", g, w)
		}
		for i := range want {
			checkEntry(t, got[i], want[i])
		}
	})
	test(t, "Empty", open, func(t *testing.T, s burg.Store) {
		got, err := s.FindTags(t.Context())
		must(t, err)
		if len(got) != 0 {
			t.Errorf("got %d tags, want none", len(got))
		}
	})
}

func testCountTags(t *testing.T, open opener) {
	s := open(t)
	f := NewFixture(t, s)
	check := func(t *testing.T, from, until time.Time, want []string) {
		t.Helper()
		got, err := s.CountTags(t.Context(), from, until)
		must(t, err)
		var lines []string
		for _, c := range got {
			if c.Tag == nil {
				t.Fatalf("a count without its tag: %+v", c)
			}
			lines = append(lines, fmt.Sprintf("%s %d", c.Tag.Slug, c.Posts))
		}
		if !slices.Equal(lines, want) {
			t.Errorf("got %q, want %q", lines, want)
		}
	}
	read(t, "Order", func(t *testing.T) {
		// Most posts first; Chechnya and Georgia tie and go by name.
		check(t, f.Day(1), f.Day(4), []string{"energy 4", "chechnya 2", "georgia 2"})
	})
	read(t, "TagFilled", func(t *testing.T) {
		got, err := s.CountTags(t.Context(), f.Day(1), f.Day(2))
		must(t, err)
		for _, c := range got {
			if c.Tag != nil && c.Tag.Slug == "chechnya" {
				checkEntry(t, c.Tag, f.Chechnya)
				return
			}
		}
		t.Errorf("chechnya not counted on day 1: %v", got)
	})
	read(t, "Span", func(t *testing.T) {
		// From is inclusive and Until exclusive: posts 1 and 2.
		check(t, f.Posts[1].PostedAt, f.Posts[3].PostedAt, []string{"energy 2", "georgia 2"})
	})
	read(t, "OneDay", func(t *testing.T) {
		check(t, f.Day(2), f.Day(3), []string{"energy 2", "chechnya 1", "georgia 1"})
	})
	read(t, "NonUTCBounds", func(t *testing.T) {
		// The same instants as Span, written in another zone.
		loc := time.FixedZone("X", -5*3600)
		check(t, f.Posts[1].PostedAt.In(loc), f.Posts[3].PostedAt.In(loc), []string{"energy 2", "georgia 2"})
	})
	read(t, "Empty", func(t *testing.T) {
		check(t, f.Day(5), f.Day(9), nil)
	})
	test(t, "ExcludesDeleted", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		f.deletePost(t, s, 3)
		got, err := s.CountTags(t.Context(), f.Day(1), f.Day(4))
		must(t, err)
		var lines []string
		for _, c := range got {
			lines = append(lines, fmt.Sprintf("%s %d", c.Tag.Slug, c.Posts))
		}
		if want := []string{"energy 3", "georgia 2", "chechnya 1"}; !slices.Equal(lines, want) {
			t.Errorf("got %q, want %q", lines, want)
		}
	})
}
