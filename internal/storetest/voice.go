package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

// runVoice runs the contract of the names database and the word swaps.
func runVoice(t *testing.T, open opener) {
	t.Run("CreateTagEntry", func(t *testing.T) { testCreateTagEntry(t, open) })
	t.Run("FindTag", func(t *testing.T) { testFindTag(t, open) })
	t.Run("UpdateTag", func(t *testing.T) { testUpdateTag(t, open) })
	t.Run("FindNames", func(t *testing.T) { testFindNames(t, open) })
	t.Run("RetireTag", func(t *testing.T) { testRetireTag(t, open) })
	t.Run("RestoreTag", func(t *testing.T) { testRestoreTag(t, open) })
	t.Run("MergeTags", func(t *testing.T) { testMergeTags(t, open) })

	t.Run("CreateSwap", func(t *testing.T) { testCreateSwap(t, open) })
	t.Run("FindSwap", func(t *testing.T) { testFindSwap(t, open) })
	t.Run("FindSwaps", func(t *testing.T) { testFindSwaps(t, open) })
	t.Run("UpdateSwap", func(t *testing.T) { testUpdateSwap(t, open) })
	t.Run("DeleteSwap", func(t *testing.T) { testDeleteSwap(t, open) })
}

// checkEntry checks every field of a names database entry.
func checkEntry(t *testing.T, got, want *burg.Tag) {
	t.Helper()
	if got == nil {
		t.Fatalf("entry: got nil, want %q", want.Name)
	}
	type fields struct {
		ID                      int64
		Name, Slug, Description string
		Kind, Epithet, Image    string
		NameOnly                bool
	}
	of := func(g *burg.Tag) fields {
		return fields{g.ID, g.Name, g.Slug, g.Description, g.Kind, g.Epithet, g.Image, g.NameOnly}
	}
	if g, w := of(got), of(want); g != w {
		t.Errorf("entry %q:\n got %+v\nwant %+v", want.Name, g, w)
	}
	if !slices.Equal(got.Aliases, want.Aliases) {
		t.Errorf("entry %q: aliases got %q, want %q", want.Name, got.Aliases, want.Aliases)
	}
	checkTimePtr(t, "entry "+want.Name+" retired at", got.RetiredAt, want.RetiredAt)
}

// qasimiya is a whole entry with every field set, aliases in two scripts.
func qasimiya() *burg.Tag {
	return &burg.Tag{
		Name:        "Qasimiya",
		Slug:        "qasimiya",
		Description: "River state of oil fields and rival militias.",
		Kind:        burg.TagPlace,
		Epithet:     "the ineffectual",
		Aliases:     []string{"Kasimiya", "Qassimiya", "القاسمية", "Касимия"},
		Image:       "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.jpg",
	}
}

// noTags checks that s holds no tag at all.
func noTags(t *testing.T, s burg.Store) {
	t.Helper()
	tags, err := s.FindTags(t.Context())
	must(t, err)
	if len(tags) != 0 {
		t.Errorf("an invalid entry was stored: %+v", *tags[0])
	}
}

func testCreateTagEntry(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		want := qasimiya()
		must(t, s.CreateTag(t.Context(), want))
		got, err := s.FindTagBySlug(t.Context(), "qasimiya")
		must(t, err)
		checkEntry(t, got, want)
		got, err = s.FindTag(t.Context(), want.ID)
		must(t, err)
		checkEntry(t, got, want)
	})
	test(t, "NameOnly", open, func(t *testing.T, s burg.Store) {
		want := &burg.Tag{Name: "Caspian Ledger", Slug: "caspian-ledger", Kind: burg.TagGroup, NameOnly: true,
			Epithet: "the breathless", Aliases: []string{"the Ledger"}}
		must(t, s.CreateTag(t.Context(), want))
		got, err := s.FindTag(t.Context(), want.ID)
		must(t, err)
		checkEntry(t, got, want)
		if got.FileUnder() {
			t.Error("a name-only entry is offered for filing")
		}
	})
	test(t, "DefaultKind", open, func(t *testing.T, s burg.Store) {
		tag := &burg.Tag{Name: "Smuggling", Slug: "smuggling"}
		must(t, s.CreateTag(t.Context(), tag))
		if tag.Kind != burg.TagTopic {
			t.Errorf("kind after create: got %q, want %q", tag.Kind, burg.TagTopic)
		}
		got, err := s.FindTagBySlug(t.Context(), "smuggling")
		must(t, err)
		checkEntry(t, got, &burg.Tag{ID: tag.ID, Name: "Smuggling", Slug: "smuggling", Kind: burg.TagTopic})
		if !got.FileUnder() {
			t.Error("a plain new tag is not a File under tag")
		}
	})
	test(t, "AliasesKeepOrder", open, func(t *testing.T, s burg.Store) {
		want := &burg.Tag{Name: "Haidar Abu Zainab", Slug: "haidar-abu-zainab", Kind: burg.TagPerson,
			Aliases: []string{"Abu Zainab", "Haider Abu Zeinab", "Abu Zeinab", "Haydar Abu Zaynab"}}
		must(t, s.CreateTag(t.Context(), want))
		got, err := s.FindTag(t.Context(), want.ID)
		must(t, err)
		checkEntry(t, got, want)
	})
	test(t, "ErrSlugTakenStoresNoAliases", open, func(t *testing.T, s burg.Store) {
		must(t, s.CreateTag(t.Context(), qasimiya()))
		again := qasimiya()
		again.Name, again.Aliases = "Qasimiya (old)", []string{"Old Qasimiya"}
		wantCode(t, s.CreateTag(t.Context(), again), burg.ECONFLICT)
		got, err := s.FindTagBySlug(t.Context(), "qasimiya")
		must(t, err)
		if want := qasimiya().Aliases; !slices.Equal(got.Aliases, want) {
			t.Errorf("aliases after the conflict: got %q, want %q", got.Aliases, want)
		}
	})
	many := make([]string, burg.MaxAliases+1)
	for i := range many {
		many[i] = fmt.Sprintf("Alias %d", i)
	}
	invalid := open(t)
	for _, c := range []struct {
		name   string
		change func(*burg.Tag)
	}{
		{"ErrKind", func(g *burg.Tag) { g.Kind = "planet" }},
		{"ErrLongEpithet", func(g *burg.Tag) { g.Epithet = "the " + strings.Repeat("ы", burg.MaxEpithetLen) }},
		{"ErrEpithetControl", func(g *burg.Tag) { g.Epithet = "the\x07ineffectual" }},
		{"ErrEpithetSpaces", func(g *burg.Tag) { g.Epithet = "the ineffectual " }},
		{"ErrTooManyAliases", func(g *burg.Tag) { g.Aliases = many }},
		{"ErrLongAlias", func(g *burg.Tag) { g.Aliases = []string{strings.Repeat("ق", burg.MaxAliasLen+1)} }},
		{"ErrEmptyAlias", func(g *burg.Tag) { g.Aliases = []string{"Kasimiya", " "} }},
		{"ErrAliasSpaces", func(g *burg.Tag) { g.Aliases = []string{" Kasimiya"} }},
		{"ErrAliasNoLetters", func(g *burg.Tag) { g.Aliases = []string{"--"} }},
		{"ErrAliasTwice", func(g *burg.Tag) { g.Aliases = []string{"Kasimiya", "KASIMIYA"} }},
		{"ErrAliasIsName", func(g *burg.Tag) { g.Aliases = []string{"qasimiya"} }},
		{"ErrAliasControl", func(g *burg.Tag) { g.Aliases = []string{"Kasi\x00miya"} }},
		{"ErrAliasBidi", func(g *burg.Tag) { g.Aliases = []string{"Kasi\u202emiya"} }},
		{"ErrAliasBadUTF8", func(g *burg.Tag) { g.Aliases = []string{"Kasi\xffmiya"} }},
		{"ErrNameControl", func(g *burg.Tag) { g.Name = "Qasi\x00miya" }},
		{"ErrDescriptionControl", func(g *burg.Tag) { g.Description = "River\x1bstate." }},
		{"ErrImagePath", func(g *burg.Tag) { g.Image = "../burg.db" }},
		{"ErrImageSlash", func(g *burg.Tag) { g.Image = "a/b.jpg" }},
	} {
		// Nothing is stored, so the cases share one store.
		read(t, c.name, func(t *testing.T) {
			tag := qasimiya()
			c.change(tag)
			wantCode(t, invalid.CreateTag(t.Context(), tag), burg.EINVALID)
			noTags(t, invalid)
		})
	}
}

func testFindTag(t *testing.T, open opener) {
	s := open(t)
	f := NewFixture(t, s)
	read(t, "OK", func(t *testing.T) {
		for _, want := range []*burg.Tag{f.Chechnya, f.Energy, f.Georgia, f.Unused} {
			got, err := s.FindTag(t.Context(), want.ID)
			must(t, err)
			checkEntry(t, got, want)
		}
	})
	read(t, "ErrNotFound", func(t *testing.T) {
		for _, id := range []int64{0, -1, 999999} {
			got, err := s.FindTag(t.Context(), id)
			wantCode(t, err, burg.ENOTFOUND)
			if got != nil {
				t.Errorf("id %d: got %+v with the error", id, *got)
			}
		}
	})
}

func testUpdateTag(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		want := &burg.Tag{ID: f.Chechnya.ID, Name: "Chechnya", Slug: "chechen-republic",
			Description: "Mountain republic of the north slope.", Kind: burg.TagPlace, Epithet: "the well-guarded",
			Aliases: []string{"Chechen Republic", "Ichkeria", "Чечня"}, Image: "chechnya.jpg", NameOnly: true}
		must(t, s.UpdateTag(t.Context(), want))
		got, err := s.FindTag(t.Context(), want.ID)
		must(t, err)
		checkEntry(t, got, want)
		if _, err := s.FindTagBySlug(t.Context(), "chechnya"); burg.ErrorCode(err) != burg.ENOTFOUND {
			t.Errorf("the old slug: got %v, want ENOTFOUND", err)
		}
		// The posts filed under it still are.
		posts, n, err := s.FindPosts(t.Context(), burg.PostFilter{TagID: want.ID, Limit: 10})
		must(t, err)
		if n != 2 || len(posts) != 2 {
			t.Errorf("posts under the entry: got %d, want 2", n)
		}
	})
	test(t, "ReplacesAliases", open, func(t *testing.T, s burg.Store) {
		tag := qasimiya()
		must(t, s.CreateTag(t.Context(), tag))
		for _, aliases := range [][]string{{"Касимия", "Kasimiya"}, nil, {"Qasmiya"}} {
			tag.Aliases = aliases
			must(t, s.UpdateTag(t.Context(), tag))
			got, err := s.FindTag(t.Context(), tag.ID)
			must(t, err)
			checkEntry(t, got, tag)
		}
	})
	test(t, "DefaultKind", open, func(t *testing.T, s burg.Store) {
		tag := qasimiya()
		must(t, s.CreateTag(t.Context(), tag))
		tag.Kind = ""
		must(t, s.UpdateTag(t.Context(), tag))
		if tag.Kind != burg.TagTopic {
			t.Errorf("kind after update: got %q, want %q", tag.Kind, burg.TagTopic)
		}
		got, err := s.FindTag(t.Context(), tag.ID)
		must(t, err)
		checkEntry(t, got, tag)
	})
	test(t, "KeepsRetirement", open, func(t *testing.T, s burg.Store) {
		tag := qasimiya()
		must(t, s.CreateTag(t.Context(), tag))
		must(t, s.RetireTag(t.Context(), tag.ID))
		retired, err := s.FindTag(t.Context(), tag.ID)
		must(t, err)
		tag.Epithet = "the forgotten"
		must(t, s.UpdateTag(t.Context(), tag)) // tag.RetiredAt is nil here
		got, err := s.FindTag(t.Context(), tag.ID)
		must(t, err)
		tag.RetiredAt = retired.RetiredAt
		checkEntry(t, got, tag)
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		tag := qasimiya()
		tag.ID = 999999
		wantCode(t, s.UpdateTag(t.Context(), tag), burg.ENOTFOUND)
		noTags(t, s)
	})
	test(t, "ErrSlugTaken", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		tag := *f.Energy
		tag.Slug, tag.Aliases, tag.Epithet = "georgia", []string{"Power"}, "the electrifying"
		wantCode(t, s.UpdateTag(t.Context(), &tag), burg.ECONFLICT)
		got, err := s.FindTag(t.Context(), f.Energy.ID)
		must(t, err)
		checkEntry(t, got, f.Energy)
	})
	test(t, "ErrInvalid", open, func(t *testing.T, s burg.Store) {
		tag := qasimiya()
		must(t, s.CreateTag(t.Context(), tag))
		bad := qasimiya()
		bad.ID, bad.Aliases = tag.ID, []string{"Kasimiya", "kasimiya"}
		wantCode(t, s.UpdateTag(t.Context(), bad), burg.EINVALID)
		got, err := s.FindTag(t.Context(), tag.ID)
		must(t, err)
		checkEntry(t, got, tag)
	})
}

func testFindNames(t *testing.T, open opener) {
	test(t, "LiveWithAliasesByName", open, func(t *testing.T, s burg.Store) {
		q := qasimiya()
		ledger := &burg.Tag{Name: "Caspian Ledger", Slug: "caspian-ledger", Kind: burg.TagGroup, NameOnly: true,
			Aliases: []string{"the Ledger"}}
		gone := &burg.Tag{Name: "Black Spruce Cell", Slug: "black-spruce-cell", Kind: burg.TagGroup,
			Aliases: []string{"Spruce Cell"}}
		plain := &burg.Tag{Name: "Energy", Slug: "energy"}
		for _, tag := range []*burg.Tag{q, gone, plain, ledger} {
			must(t, s.CreateTag(t.Context(), tag))
		}
		must(t, s.RetireTag(t.Context(), gone.ID))
		got, err := s.FindNames(t.Context())
		must(t, err)
		want := []*burg.Tag{ledger, plain, q}
		if g, w := tagSlugs(got), tagSlugs(want); !slices.Equal(g, w) {
			t.Fatalf("got %q, want %q", g, w)
		}
		for i := range want {
			checkEntry(t, got[i], want[i])
		}
	})
	test(t, "Empty", open, func(t *testing.T, s burg.Store) {
		got, err := s.FindNames(t.Context())
		must(t, err)
		if len(got) != 0 {
			t.Errorf("got %d entries, want none", len(got))
		}
	})
}

func testRetireTag(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.RetireTag(t.Context(), f.Chechnya.ID))
		got, err := s.FindTag(t.Context(), f.Chechnya.ID)
		must(t, err)
		if got.RetiredAt == nil {
			t.Fatal("RetiredAt not set")
		}
		checkTime(t, "retired at", *got.RetiredAt, *got.RetiredAt) // in UTC
		if got.FileUnder() {
			t.Error("a retired entry is offered for filing")
		}
		// Old posts keep it; the lists still show it, FindNames does not.
		p, err := s.FindPost(t.Context(), f.Posts[0].ID)
		must(t, err)
		if g := tagSlugs(p.Tags); !slices.Equal(g, []string{"chechnya"}) {
			t.Errorf("tags of a post under the retired entry: got %q", g)
		}
		all, err := s.FindTags(t.Context())
		must(t, err)
		if g, w := tagSlugs(all), []string{"chechnya", "energy", "georgia", "unused"}; !slices.Equal(g, w) {
			t.Errorf("FindTags: got %q, want %q", g, w)
		}
		names, err := s.FindNames(t.Context())
		must(t, err)
		if g, w := tagSlugs(names), []string{"energy", "georgia", "unused"}; !slices.Equal(g, w) {
			t.Errorf("FindNames: got %q, want %q", g, w)
		}
		// Retiring again is no error and keeps it retired.
		must(t, s.RetireTag(t.Context(), f.Chechnya.ID))
		again, err := s.FindTag(t.Context(), f.Chechnya.ID)
		must(t, err)
		checkTimePtr(t, "retired at, retired twice", again.RetiredAt, got.RetiredAt)
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		wantCode(t, s.RetireTag(t.Context(), 999999), burg.ENOTFOUND)
	})
}

func testRestoreTag(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		tag := qasimiya()
		must(t, s.CreateTag(t.Context(), tag))
		must(t, s.RetireTag(t.Context(), tag.ID))
		must(t, s.RestoreTag(t.Context(), tag.ID))
		got, err := s.FindTag(t.Context(), tag.ID)
		must(t, err)
		checkEntry(t, got, tag)
		names, err := s.FindNames(t.Context())
		must(t, err)
		if g := tagSlugs(names); !slices.Equal(g, []string{"qasimiya"}) {
			t.Errorf("FindNames after restoring: got %q", g)
		}
		must(t, s.RestoreTag(t.Context(), tag.ID)) // restoring a live entry changes nothing
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		wantCode(t, s.RestoreTag(t.Context(), 999999), burg.ENOTFOUND)
	})
}

// postTags returns the tag slugs of the fixture's post i as the store
// gives them.
func postTags(t *testing.T, s burg.Store, f *Fixture, i int) []string {
	t.Helper()
	p, err := s.FindPost(t.Context(), f.Posts[i].ID)
	must(t, err)
	return tagSlugs(p.Tags)
}

func testMergeTags(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		from, into := *f.Chechnya, *f.Georgia
		from.Epithet, from.Image = "the well-guarded", "chechnya.jpg"
		from.Aliases = []string{"Ichkeria", "Sakartvelo", "Чечня"}
		into.Aliases = []string{"Sakartvelo", "Gruzia"}
		must(t, s.UpdateTag(t.Context(), &from))
		must(t, s.UpdateTag(t.Context(), &into))

		must(t, s.MergeTags(t.Context(), from.ID, into.ID))

		got, err := s.FindTag(t.Context(), into.ID)
		must(t, err)
		want := into
		// Its own description stays; the epithet and image it lacked come
		// from the merged entry; "Sakartvelo" is kept once.
		want.Epithet, want.Image = "the well-guarded", "chechnya.jpg"
		want.Aliases = []string{"Sakartvelo", "Gruzia", "Chechnya", "Ichkeria", "Чечня"}
		checkEntry(t, got, &want)
		if _, err := s.FindTag(t.Context(), from.ID); burg.ErrorCode(err) != burg.ENOTFOUND {
			t.Errorf("the merged entry: got %v, want ENOTFOUND", err)
		}
		if _, err := s.FindTagBySlug(t.Context(), "chechnya"); burg.ErrorCode(err) != burg.ENOTFOUND {
			t.Errorf("the merged entry's slug: got %v, want ENOTFOUND", err)
		}
		// Posts 0 and 3 were under Chechnya; they keep their other tags.
		for i, want := range map[int][]string{0: {"georgia"}, 1: {"georgia", "energy"}, 3: {"georgia", "energy"}, 4: {}} {
			if g := postTags(t, s, f, i); !slices.Equal(g, want) {
				t.Errorf("tags of post %d: got %q, want %q", i, g, want)
			}
		}
		posts, n, err := s.FindPosts(t.Context(), burg.PostFilter{TagID: into.ID, Limit: 10})
		must(t, err)
		if want := f.titles(3, 2, 1, 0); n != 4 || !slices.Equal(titles(posts), want) {
			t.Errorf("posts under the merged entry: got %d %q, want %q", n, titles(posts), want)
		}
		all, err := s.FindTags(t.Context())
		must(t, err)
		if g, w := tagSlugs(all), []string{"energy", "georgia", "unused"}; !slices.Equal(g, w) {
			t.Errorf("tags after merging: got %q, want %q", g, w)
		}
	})
	test(t, "PostUnderBoth", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		// Posts 1 and 2 are under Georgia and Energy; 3 and 5 under Energy.
		must(t, s.MergeTags(t.Context(), f.Energy.ID, f.Georgia.ID))
		for i, want := range map[int][]string{1: {"georgia"}, 2: {"georgia"}, 3: {"chechnya", "georgia"}, 5: {"georgia"}} {
			if g := postTags(t, s, f, i); !slices.Equal(g, want) {
				t.Errorf("tags of post %d: got %q, want %q", i, g, want)
			}
		}
		counts, err := s.CountTags(t.Context(), f.Day(1), f.Day(4))
		must(t, err)
		var lines []string
		for _, c := range counts {
			lines = append(lines, fmt.Sprintf("%s %d", c.Tag.Slug, c.Posts))
		}
		if want := []string{"georgia 4", "chechnya 2"}; !slices.Equal(lines, want) {
			t.Errorf("counts after merging: got %q, want %q", lines, want)
		}
		got, err := s.FindTag(t.Context(), f.Georgia.ID)
		must(t, err)
		want := *f.Georgia
		want.Aliases = []string{"Energy"}
		checkEntry(t, got, &want)
	})
	test(t, "FromRetired", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.RetireTag(t.Context(), f.Chechnya.ID))
		must(t, s.MergeTags(t.Context(), f.Chechnya.ID, f.Unused.ID))
		got, err := s.FindTag(t.Context(), f.Unused.ID)
		must(t, err)
		want := *f.Unused
		want.Description, want.Aliases = f.Chechnya.Description, []string{"Chechnya"}
		checkEntry(t, got, &want)
		if g := postTags(t, s, f, 0); !slices.Equal(g, []string{"unused"}) {
			t.Errorf("tags of post 0: got %q", g)
		}
	})
	// unchanged checks that a refused merge left both entries and the
	// posts as they were.
	unchanged := func(t *testing.T, s burg.Store, f *Fixture) {
		t.Helper()
		for _, want := range []*burg.Tag{f.Chechnya, f.Georgia} {
			got, err := s.FindTag(t.Context(), want.ID)
			must(t, err)
			checkEntry(t, got, want)
		}
		if g := postTags(t, s, f, 3); !slices.Equal(g, []string{"chechnya", "energy"}) {
			t.Errorf("tags of post 3 after a refused merge: got %q", g)
		}
	}
	test(t, "ErrSame", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		wantCode(t, s.MergeTags(t.Context(), f.Chechnya.ID, f.Chechnya.ID), burg.EINVALID)
		unchanged(t, s, f)
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		wantCode(t, s.MergeTags(t.Context(), 999999, f.Georgia.ID), burg.ENOTFOUND)
		wantCode(t, s.MergeTags(t.Context(), f.Chechnya.ID, 999999), burg.ENOTFOUND)
		unchanged(t, s, f)
	})
	test(t, "ErrIntoRetired", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.RetireTag(t.Context(), f.Georgia.ID))
		wantCode(t, s.MergeTags(t.Context(), f.Chechnya.ID, f.Georgia.ID), burg.EINVALID)
		must(t, s.RestoreTag(t.Context(), f.Georgia.ID))
		unchanged(t, s, f)
	})
	test(t, "ErrTooManyAliases", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		f.Georgia.Aliases = make([]string, burg.MaxAliases)
		for i := range f.Georgia.Aliases {
			f.Georgia.Aliases[i] = fmt.Sprintf("Georgia %d", i)
		}
		must(t, s.UpdateTag(t.Context(), f.Georgia))
		wantCode(t, s.MergeTags(t.Context(), f.Chechnya.ID, f.Georgia.ID), burg.EINVALID)
		unchanged(t, s, f)
	})
}

// arrested is a swap with variants that JSON and SQL must carry intact.
func arrested() *burg.Swap {
	return &burg.Swap{Term: "arrested", Variants: []string{"jugged", "tossed in the slammer", `given "free lodging"`, `back\slash`, "посажен"}}
}

// checkSwap checks every field of a swap.
func checkSwap(t *testing.T, got, want *burg.Swap) {
	t.Helper()
	if got == nil {
		t.Fatalf("swap: got nil, want %q", want.Term)
	}
	if got.ID != want.ID || got.Term != want.Term || !slices.Equal(got.Variants, want.Variants) {
		t.Errorf("swap: got {%d %q %q}, want {%d %q %q}", got.ID, got.Term, got.Variants, want.ID, want.Term, want.Variants)
	}
	checkTime(t, "swap created at", got.CreatedAt, want.CreatedAt)
	checkTime(t, "swap updated at", got.UpdatedAt, want.UpdatedAt)
}

// noSwaps checks that s holds no swap.
func noSwaps(t *testing.T, s burg.Store) {
	t.Helper()
	got, err := s.FindSwaps(t.Context())
	must(t, err)
	if len(got) != 0 {
		t.Errorf("an invalid swap was stored: %+v", *got[0])
	}
}

func testCreateSwap(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		want := arrested()
		must(t, s.CreateSwap(t.Context(), want))
		if want.ID == 0 || want.CreatedAt.IsZero() || !want.UpdatedAt.Equal(want.CreatedAt) {
			t.Fatalf("ID and times not set: %+v", *want)
		}
		got, err := s.FindSwap(t.Context(), want.ID)
		must(t, err)
		checkSwap(t, got, want)
	})
	test(t, "ErrTermTaken", open, func(t *testing.T, s burg.Store) {
		must(t, s.CreateSwap(t.Context(), arrested()))
		for _, term := range []string{"arrested", "Arrested", "ARRESTED"} {
			wantCode(t, s.CreateSwap(t.Context(), &burg.Swap{Term: term, Variants: []string{"nicked"}}), burg.ECONFLICT)
		}
		got, err := s.FindSwaps(t.Context())
		must(t, err)
		if len(got) != 1 {
			t.Errorf("got %d swaps after the conflicts, want 1", len(got))
		}
	})
	test(t, "ErrTermTakenSpaces", open, func(t *testing.T, s burg.Store) {
		must(t, s.CreateSwap(t.Context(), &burg.Swap{Term: "officials said", Variants: []string{"the suits mumbled"}}))
		wantCode(t, s.CreateSwap(t.Context(), &burg.Swap{Term: "Officials  said", Variants: []string{"x"}}), burg.ECONFLICT)
	})
	many := make([]string, burg.MaxSwapVariants+1)
	for i := range many {
		many[i] = fmt.Sprintf("jugged %d", i)
	}
	invalid := open(t)
	for _, c := range []struct {
		name string
		swap burg.Swap
	}{
		{"ErrNoTerm", burg.Swap{Variants: []string{"jugged"}}},
		{"ErrBlankTerm", burg.Swap{Term: "  ", Variants: []string{"jugged"}}},
		{"ErrTermSpaces", burg.Swap{Term: "arrested ", Variants: []string{"jugged"}}},
		{"ErrTermNoLetters", burg.Swap{Term: "!!", Variants: []string{"jugged"}}},
		{"ErrLongTerm", burg.Swap{Term: strings.Repeat("a", burg.MaxSwapTermLen+1), Variants: []string{"jugged"}}},
		{"ErrTermControl", burg.Swap{Term: "arr\x00ested", Variants: []string{"jugged"}}},
		{"ErrTermBadUTF8", burg.Swap{Term: "arr\xc3ested", Variants: []string{"jugged"}}},
		{"ErrNoVariants", burg.Swap{Term: "arrested"}},
		{"ErrTooManyVariants", burg.Swap{Term: "arrested", Variants: many}},
		{"ErrEmptyVariant", burg.Swap{Term: "arrested", Variants: []string{"jugged", ""}}},
		{"ErrVariantSpaces", burg.Swap{Term: "arrested", Variants: []string{" jugged"}}},
		{"ErrLongVariant", burg.Swap{Term: "arrested", Variants: []string{strings.Repeat("j", burg.MaxSwapVariantLen+1)}}},
		{"ErrVariantControl", burg.Swap{Term: "arrested", Variants: []string{"jug\x1bged"}}},
		{"ErrVariantTwice", burg.Swap{Term: "arrested", Variants: []string{"jugged", "Jugged"}}},
	} {
		read(t, c.name, func(t *testing.T) {
			sw := c.swap
			wantCode(t, invalid.CreateSwap(t.Context(), &sw), burg.EINVALID)
			noSwaps(t, invalid)
		})
	}
}

func testFindSwap(t *testing.T, open opener) {
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		must(t, s.CreateSwap(t.Context(), arrested()))
		for _, id := range []int64{0, 999999} {
			got, err := s.FindSwap(t.Context(), id)
			wantCode(t, err, burg.ENOTFOUND)
			if got != nil {
				t.Errorf("id %d: got %+v with the error", id, *got)
			}
		}
	})
}

func testFindSwaps(t *testing.T, open opener) {
	test(t, "ByTerm", open, func(t *testing.T, s burg.Store) {
		var want []*burg.Swap
		for _, sw := range []*burg.Swap{
			{Term: "militants", Variants: []string{"murderous thugs", "the usual suspects"}},
			arrested(),
			{Term: "Officials said", Variants: []string{"the suits mumbled"}},
			{Term: "launched an offensive", Variants: []string{"went on the rampage"}},
		} {
			must(t, s.CreateSwap(t.Context(), sw))
			want = append(want, sw)
		}
		// By term without regard to case: arrested, launched…, militants, Officials….
		want = []*burg.Swap{want[1], want[3], want[0], want[2]}
		got, err := s.FindSwaps(t.Context())
		must(t, err)
		if len(got) != len(want) {
			t.Fatalf("got %d swaps, want %d", len(got), len(want))
		}
		for i := range want {
			checkSwap(t, got[i], want[i])
		}
	})
	test(t, "Empty", open, func(t *testing.T, s burg.Store) {
		noSwaps(t, s)
	})
}

func testUpdateSwap(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		sw := arrested()
		must(t, s.CreateSwap(t.Context(), sw))
		created := sw.CreatedAt
		sw.Term, sw.Variants = "Detained", []string{"nabbed", "collared"}
		sw.CreatedAt = time.Time{} // not the store's to take from the caller
		must(t, s.UpdateSwap(t.Context(), sw))
		got, err := s.FindSwap(t.Context(), sw.ID)
		must(t, err)
		sw.CreatedAt = created
		checkSwap(t, got, sw)
		// The old term is free again.
		must(t, s.CreateSwap(t.Context(), arrested()))
	})
	test(t, "SameTermOtherCase", open, func(t *testing.T, s burg.Store) {
		sw := arrested()
		must(t, s.CreateSwap(t.Context(), sw))
		sw.Term = "Arrested"
		must(t, s.UpdateSwap(t.Context(), sw))
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		sw := arrested()
		sw.ID = 999999
		wantCode(t, s.UpdateSwap(t.Context(), sw), burg.ENOTFOUND)
		noSwaps(t, s)
	})
	test(t, "ErrTermTaken", open, func(t *testing.T, s burg.Store) {
		a := arrested()
		must(t, s.CreateSwap(t.Context(), a))
		m := &burg.Swap{Term: "militants", Variants: []string{"murderous thugs"}}
		must(t, s.CreateSwap(t.Context(), m))
		changed := *m
		changed.Term, changed.Variants = "ARRESTED", []string{"x"}
		wantCode(t, s.UpdateSwap(t.Context(), &changed), burg.ECONFLICT)
		got, err := s.FindSwap(t.Context(), m.ID)
		must(t, err)
		checkSwap(t, got, m)
	})
	test(t, "ErrInvalid", open, func(t *testing.T, s burg.Store) {
		sw := arrested()
		must(t, s.CreateSwap(t.Context(), sw))
		bad := *sw
		bad.Variants = nil
		wantCode(t, s.UpdateSwap(t.Context(), &bad), burg.EINVALID)
		got, err := s.FindSwap(t.Context(), sw.ID)
		must(t, err)
		checkSwap(t, got, sw)
	})
}

func testDeleteSwap(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		a, m := arrested(), &burg.Swap{Term: "militants", Variants: []string{"murderous thugs"}}
		must(t, s.CreateSwap(t.Context(), a))
		must(t, s.CreateSwap(t.Context(), m))
		must(t, s.DeleteSwap(t.Context(), a.ID))
		got, err := s.FindSwaps(t.Context())
		must(t, err)
		if len(got) != 1 {
			t.Fatalf("got %d swaps after deleting one of two", len(got))
		}
		checkSwap(t, got[0], m)
		wantCode(t, s.DeleteSwap(t.Context(), a.ID), burg.ENOTFOUND)
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		wantCode(t, s.DeleteSwap(t.Context(), 999999), burg.ENOTFOUND)
	})
}
