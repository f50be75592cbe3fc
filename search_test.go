package burg

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParseSearch(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(DateLayout, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	word := func(s string) SearchTerm { return SearchTerm{Text: s} }
	phrase := func(s string) SearchTerm { return SearchTerm{Text: s, Phrase: true} }
	not := func(t SearchTerm) SearchTerm { t.Exclude = true; return t }
	for _, c := range []struct {
		name, in string
		want     SearchQuery
	}{
		{"Empty", "", SearchQuery{}},
		{"Spaces", " \t\n ", SearchQuery{}},
		{"Words", "gas  pipeline", SearchQuery{Terms: []SearchTerm{word("gas"), word("pipeline")}}},
		{"Phrase", `"gas deal" signed`, SearchQuery{Terms: []SearchTerm{phrase("gas deal"), word("signed")}}},
		{"PhraseTrimmed", `"  gas deal "`, SearchQuery{Terms: []SearchTerm{phrase("gas deal")}}},
		{"ExcludeWord", "gas -pipeline", SearchQuery{Terms: []SearchTerm{word("gas"), not(word("pipeline"))}}},
		{"ExcludePhrase", `gas -"gas deal"`, SearchQuery{Terms: []SearchTerm{word("gas"), not(phrase("gas deal"))}}},
		{"LoneDash", "gas - pipeline -", SearchQuery{Terms: []SearchTerm{word("gas"), word("pipeline")}}},
		{"DoubleDash", "--gas", SearchQuery{Terms: []SearchTerm{not(word("-gas"))}}},
		{"InnerDash", "well-known", SearchQuery{Terms: []SearchTerm{word("well-known")}}},
		{"Apostrophe", "Russia's", SearchQuery{Terms: []SearchTerm{word("Russia's")}}},
		{"UnbalancedOpen", `"gas deal`, SearchQuery{Terms: []SearchTerm{word("gas"), word("deal")}}},
		{"UnbalancedClose", `gas deal"`, SearchQuery{Terms: []SearchTerm{word("gas"), word("deal")}}},
		{"UnbalancedThird", `"gas deal" "signed`, SearchQuery{Terms: []SearchTerm{phrase("gas deal"), word("signed")}}},
		{"EmptyPhrase", `"" gas " "`, SearchQuery{Terms: []SearchTerm{word("gas")}}},
		{"QuoteInWord", `foo"bar baz"`, SearchQuery{Terms: []SearchTerm{word("foo"), phrase("bar baz")}}},
		{"Operators", `"a" OR "b" AND NOT c NEAR(d)`, SearchQuery{Terms: []SearchTerm{
			phrase("a"), word("OR"), phrase("b"), word("AND"), word("NOT"), word("c"), word("NEAR(d)")}}},
		{"Punctuation", "* ^ ( ) && || ! : ; — 😀 gas*", SearchQuery{Terms: []SearchTerm{word("gas*")}}},
		{"ColumnSyntax", "title:gas {body}:x", SearchQuery{Terms: []SearchTerm{word("title:gas"), word("{body}:x")}}},
		{"Tag", "tag:energy gas", SearchQuery{Terms: []SearchTerm{word("gas")}, Tags: []string{"energy"}}},
		{"TagUpper", "TAG:Energy", SearchQuery{Tags: []string{"energy"}}},
		{"Tags", "tag:energy tag:georgia", SearchQuery{Tags: []string{"energy", "georgia"}}},
		{"TagBad", "tag:Not_A_Slug", SearchQuery{Terms: []SearchTerm{word("tag:Not_A_Slug")}}},
		{"TagEmpty", "tag:", SearchQuery{Terms: []SearchTerm{word("tag:")}}},
		{"Section", "section:europe section:caucasus", SearchQuery{Section: "caucasus"}},
		{"By", "by:Badger", SearchQuery{Poster: "Badger"}},
		{"ByQuoted", `by:"Grey Heron" gas`, SearchQuery{Terms: []SearchTerm{word("gas")}, Poster: "Grey Heron"}},
		{"ByQuotedBad", `by:"a/b" gas`, SearchQuery{Terms: []SearchTerm{word("by:"), phrase("a/b"), word("gas")}}},
		{"Before", "before:2024-03-12", SearchQuery{Until: day("2024-03-12")}},
		{"After", "after:2024-03-10", SearchQuery{From: day("2024-03-11")}},
		{"BadDate", "before:yesterday after:2024-13-01", SearchQuery{Terms: []SearchTerm{word("before:yesterday"), word("after:2024-13-01")}}},
		{"ExcludedFilter", "-tag:energy", SearchQuery{Terms: []SearchTerm{not(word("tag:energy"))}}},
		{"UnknownFilter", "site:example.org", SearchQuery{Terms: []SearchTerm{word("site:example.org")}}},
		{"Control", "gas\x00pipe\x02line\x03", SearchQuery{Terms: []SearchTerm{word("gas"), word("pipe"), word("line")}}},
		{"InvalidUTF8", "gas\xffpipe", SearchQuery{Terms: []SearchTerm{word("gas\uFFFDpipe")}}},
		{"Injection", `'); DROP TABLE posts; --`, SearchQuery{Terms: []SearchTerm{word("DROP"), word("TABLE"), word("posts;")}}},
		{"Scripts", "Москва القاهرة Médecins", SearchQuery{Terms: []SearchTerm{word("Москва"), word("القاهرة"), word("Médecins")}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := ParseSearch(c.in)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("ParseSearch(%q):\n got %+v\nwant %+v", c.in, got, c.want)
			}
		})
	}
}

func TestParseSearchIn(t *testing.T) {
	loc := time.FixedZone("X", 3*3600)
	q := ParseSearchIn("after:2024-03-10 before:2024-03-12", loc)
	if want := time.Date(2024, 3, 11, 0, 0, 0, 0, loc); !q.From.Equal(want) || q.From.Location() != time.UTC {
		t.Errorf("from: got %v, want %v in UTC", q.From, want)
	}
	if want := time.Date(2024, 3, 12, 0, 0, 0, 0, loc); !q.Until.Equal(want) {
		t.Errorf("until: got %v, want %v", q.Until, want)
	}
}

func TestParseSearchLimits(t *testing.T) {
	q := ParseSearch(strings.Repeat("gas ", 1000))
	if len(q.Terms) != MaxSearchTerms {
		t.Errorf("terms: got %d, want %d", len(q.Terms), MaxSearchTerms)
	}
	q = ParseSearch(strings.Repeat("é", MaxSearchLen-1) + "ab")
	if n := utf8.RuneCountInString(q.Terms[0].Text); n != MaxSearchLen {
		t.Errorf("a long word keeps %d characters, want %d", n, MaxSearchLen)
	}
	q = ParseSearch(strings.Repeat("tag:a ", 20))
	if len(q.Tags) != MaxSearchTags || len(q.Terms) == 0 {
		t.Errorf("tags past the limit: %d tags, %d terms", len(q.Tags), len(q.Terms))
	}
	// Filters still count past the term limit.
	q = ParseSearch(strings.Repeat("gas ", 40) + "section:europe")
	if q.Section != "europe" {
		t.Errorf("section after many terms: %q", q.Section)
	}
}

func TestSearchQuerySearchable(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"", false}, {"-gas", false}, {`-"gas deal" -x`, false}, {"* ^ ()", false},
		{"gas", true}, {"-gas tag:energy", true}, {"after:2024-01-01", true}, {"by:Badger", true},
	} {
		if got := ParseSearch(c.in).Searchable(); got != c.want {
			t.Errorf("%q: searchable %v, want %v", c.in, got, c.want)
		}
	}
	if (SearchQuery{Terms: []SearchTerm{{Text: "?!"}}}).Searchable() {
		t.Error("a term of punctuation is searchable")
	}
	if !(SearchQuery{TagID: 3}).Searchable() {
		t.Error("a tag ID alone is not searchable")
	}
}

func TestSearchQueryString(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`gas -"gas deal" tag:energy by:"Grey Heron" after:2024-03-10 before:2024-04-01`,
			`tag:energy by:"Grey Heron" after:2024-03-10 before:2024-04-01 gas -"gas deal"`},
		{`"a" OR b -tag:x`, `"a" OR b -tag:x`},
		{"section:Europe by:Badger", "section:europe by:Badger"},
	} {
		if got := ParseSearch(c.in).String(); got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzParseSearch checks that ParseSearch takes anything without
// panicking, keeps its limits, and reads back what String writes.
func FuzzParseSearch(f *testing.F) {
	for _, s := range []string{
		"", `gas -"gas deal" tag:energy by:"Grey Heron" after:2024-03-10`, `"unbalanced`, `-"`, `--x`,
		"tag:a tag:b tag:c tag:d tag:e tag:f tag:g tag:h tag:i", `by:"`, `NEAR(a b) ^x *`, "\xff\x00\"",
		strings.Repeat("ab ", 50), `foo"bar" -"" "-x"`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := ParseSearch(s)
		if len(q.Terms) > MaxSearchTerms || len(q.Tags) > MaxSearchTags {
			t.Fatalf("%d terms, %d tags", len(q.Terms), len(q.Tags))
		}
		for _, term := range q.Terms {
			if !term.HasWords() || !utf8.ValidString(term.Text) || strings.ContainsAny(term.Text, "\"\x00\x02\x03") ||
				utf8.RuneCountInString(term.Text) > MaxSearchLen {
				t.Fatalf("term %+v", term)
			}
		}
		again := ParseSearch(q.String())
		if !reflect.DeepEqual(again, q) {
			t.Fatalf("ParseSearch(%q):\n    %+v\nwrites %q, which reads\n    %+v", s, q, q.String(), again)
		}
	})
}
