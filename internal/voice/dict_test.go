package voice_test

import (
	"slices"
	"testing"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/voice"
)

func name(id int64) voice.Key { return voice.Key{Kind: voice.KindName, ID: id} }
func swap(id int64) voice.Key { return voice.Key{Kind: voice.KindSwap, ID: id} }

func TestMentions(t *testing.T) {
	d := testDict()
	for _, c := range []struct {
		text string
		want []voice.Key
	}{
		// Every occurrence counts, overlapping and repeated ones once.
		{"The police chief arrested Qasimiya City's Kasimiya envoy.",
			[]voice.Key{swap(102), swap(103), swap(101), name(1), name(2), swap(110)}},
		{"According to the Ledger.", []voice.Key{name(5), swap(107)}},
		{"Касимия и القاسمية", []voice.Key{name(1)}},
		{"The Black Spruce Cell, retired.", nil},
		{"Nothing here.", nil},
		{"", nil},
	} {
		if got := d.Mentions(c.text); !slices.Equal(got, c.want) {
			t.Errorf("Mentions(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	d := testDict()
	slugs := func(tags []*burg.Tag) []string {
		var s []string
		for _, t := range tags {
			s = append(s, t.Slug)
		}
		return s
	}
	for _, c := range []struct {
		text string
		max  int
		want []string
	}{
		{"Smuggling in Kasimiya: Palm Brigades blamed; Qasimiya denies.", 5, []string{"smuggling", "qasimiya", "saraya-al-nakhil"}},
		{"Smuggling in Kasimiya: Palm Brigades blamed.", 2, []string{"smuggling", "qasimiya"}},
		// The longest term wins: Qasimiya City, not Qasimiya.
		{"Qasimiya City police.", 5, []string{"qasimiya-city"}},
		// Name-only and retired entries are not offered.
		{"The Caspian Ledger on the Black Spruce Cell.", 5, nil},
		{"Smuggling.", 0, nil},
	} {
		if got := slugs(d.Suggest(c.text, c.max)); !slices.Equal(got, c.want) {
			t.Errorf("Suggest(%q, %d) = %q, want %q", c.text, c.max, got, c.want)
		}
	}
}

// TestSuggestShared suggests every entry that a shared alias names.
func TestSuggestShared(t *testing.T) {
	a := &burg.Tag{ID: 1, Name: "Haidar Abu Zainab", Slug: "haidar-abu-zainab", Kind: burg.TagPerson, Aliases: []string{"Abu Zainab"}}
	b := &burg.Tag{ID: 2, Name: "Yusuf Abu Zainab", Slug: "yusuf-abu-zainab", Kind: burg.TagPerson, Aliases: []string{"Abu Zainab"}}
	d := voice.Build([]*burg.Tag{b, a}, nil)
	got := d.Suggest("Abu Zainab spoke.", 5)
	if len(got) != 2 || got[0] != a || got[1] != b {
		t.Errorf("got %v, want both, the older first", got)
	}
	// Decorate gives the box to the older entry.
	_, used := d.Decorate("<p>Abu Zainab spoke.</p>", 1)
	if !slices.Equal(used.Names, []int64{1}) {
		t.Errorf("boxed %v, want the older entry", used.Names)
	}
}

func TestBuildSkips(t *testing.T) {
	d := voice.Build(
		[]*burg.Tag{nil, retired, {ID: 20, Name: "???", Slug: "x"}, qasimiya},
		[]*burg.Swap{nil, {ID: 30, Term: "empty"}, arrested},
	)
	if names, swaps := d.Len(); names != 2 || swaps != 1 {
		t.Errorf("Len() = %d, %d; want 2 entries (one unmatchable) and 1 swap", names, swaps)
	}
	if got := d.Mentions("empty ??? arrested Qasimiya"); !slices.Equal(got, []voice.Key{swap(101), name(1)}) {
		t.Errorf("Mentions = %v", got)
	}
}
