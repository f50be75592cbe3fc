package nick

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func TestNickDeterministic(t *testing.T) {
	a, b, c := NewGenerator(42), NewGenerator(42), NewGenerator(43)
	same := 0
	for range 1000 {
		got, want, other := a.Nick(), b.Nick(), c.Nick()
		if got != want {
			t.Fatalf("seed 42 gave %q and %q", got, want)
		}
		if got == other {
			same++
		}
	}
	if same > 0 {
		t.Errorf("seeds 42 and 43 gave %d equal nicks out of 1000", same)
	}
}

func TestNickExamples(t *testing.T) {
	// The first nicks of seed 1, to notice an accidental change of the
	// generator. Change them when changing the generator on purpose.
	g := NewGenerator(1)
	var got []string
	for range 5 {
		got = append(got, g.Nick())
	}
	want := []string{
		"Skurilf Radishbutton7141",
		"Propy Ironside4281",
		"Brolell Banjodale4706",
		"Emil Kelly8531",
		"Zethema Crumbledust3551",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// nickRE is the shape of every generated nick.
var nickRE = regexp.MustCompile(`^[A-Z][a-z]+ [A-Z][a-z]+[1-9][0-9]{3}$`)

func TestNickValid(t *testing.T) {
	const n = 100_000
	g := NewGenerator(7)
	seen := make(map[string]int, n)
	dups := 0
	for range n {
		nick := g.Nick()
		if seen[nick]++; seen[nick] == 2 {
			dups++
		}
		if !nickRE.MatchString(nick) {
			t.Fatalf("%q does not have the shape %s", nick, nickRE)
		}
		if got, err := Clean(nick); got != nick || err != nil {
			t.Fatalf("Clean(%q) = %q, %v; want it unchanged", nick, got, err)
		}
		if c := utf8.RuneCountInString(nick); c > MaxLen {
			t.Fatalf("%q has %d runes, more than %d", nick, c, MaxLen)
		}
		first, rest, _ := strings.Cut(nick, " ")
		second := rest[:len(rest)-4]
		if offensive(first) || offensive(second) || containsFragment(filterKey(first+second)) {
			t.Fatalf("%q passed the blocklist", nick)
		}
	}
	if dups > 2 {
		t.Errorf("%d of %d nicks were duplicates; want at most 2", dups, n)
	}
}

func TestNickConcurrent(t *testing.T) {
	g := NewRandomGenerator()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				if nick := g.Nick(); !nickRE.MatchString(nick) {
					t.Errorf("bad nick %q", nick)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestNewRandomGenerator(t *testing.T) {
	a, b := NewRandomGenerator(), NewRandomGenerator()
	same := 0
	for range 100 {
		if a.Nick() == b.Nick() {
			same++
		}
	}
	if same > 1 {
		t.Errorf("two random generators agreed on %d of 100 nicks", same)
	}
}

func TestWordLists(t *testing.T) {
	lists := []struct {
		name  string
		words []string
		re    *regexp.Regexp
	}{
		{"firstNames", firstNames, regexp.MustCompile(`^[A-Z][a-z]{2,9}$`)},
		{"surnames", surnames, regexp.MustCompile(`^[A-Z][a-z]{1,15}$`)},
		{"surnamePrefixes", surnamePrefixes, regexp.MustCompile(`^[A-Z][a-z]{1,8}$`)},
		{"surnameSuffixes", surnameSuffixes, regexp.MustCompile(`^[a-z]{2,8}$`)},
	}
	for _, l := range lists {
		t.Run(l.name, func(t *testing.T) {
			seen := make(map[string]bool)
			for _, w := range l.words {
				if seen[w] {
					t.Errorf("%q is listed twice", w)
				}
				seen[w] = true
				if !l.re.MatchString(w) {
					t.Errorf("%q does not match %s", w, l.re)
				}
				if offensive(w) {
					t.Errorf("%q is blocked", w)
				}
			}
		})
	}
	if n := len(surnames); n < 300 {
		t.Errorf("%d surnames; want several hundred", n)
	}
}

// spaceBound returns a lower bound of the number of distinct nicks, and
// its factors: distinct first names and distinct surnames. Nicks parse
// back into first name, surname and number, so distinct nicks are the
// product of the three counts.
func spaceBound() (total float64, firsts, seconds int) {
	firsts = len(firstNames) // checked to be distinct by TestWordLists

	// Invented two-syllable names with one-letter vowels, one-consonant
	// medial onsets and no medial coda parse back uniquely into their
	// five parts, provided no consonant part holds a vowel letter, so
	// they can be counted without storing them.
	vowelsOnly := distinct(vowels, "y")
	for _, o1 := range distinct(initialOnsets, "qu", "y") {
		for _, v1 := range vowelsOnly {
			for _, o2 := range distinct(medialOnsets, "y") {
				for _, v2 := range vowelsOnly {
					for _, c := range distinct(finalCodas) {
						name := capitalise(o1 + v1 + o2 + v2 + c)
						if acceptable(name, minFirstLen, maxFirstLen) && !slices.Contains(firstNames, name) {
							firsts++
						}
					}
				}
			}
		}
	}

	set := make(map[string]bool)
	for _, s := range surnames {
		set[s] = true
	}
	for _, p := range surnamePrefixes {
		for _, s := range surnameSuffixes {
			if name := p + s; acceptable(name, 2, maxSecondLen) {
				set[name] = true
			}
		}
	}
	seconds = len(set)
	return float64(firsts) * float64(seconds) * 9000, firsts, seconds
}

// distinct returns list without duplicates and without the given parts.
func distinct(list []string, without ...string) []string {
	var out []string
	for _, s := range list {
		if !slices.Contains(out, s) && !slices.Contains(without, s) {
			out = append(out, s)
		}
	}
	return out
}

func TestNameSpace(t *testing.T) {
	total, firsts, seconds := spaceBound()
	t.Logf("at least %d first names × %d surnames × 9000 numbers = %.2g nicks", firsts, seconds, total)
	if total < 1e9 {
		t.Errorf("name space %.2g; want at least 1e9", total)
	}

	// The effective size by collisions: drawing n parts, the expected
	// number of equal pairs is n(n-1)/2 times the chance that two draws
	// agree, which is 1/size for a uniform draw.
	const n = 200_000
	g := NewGenerator(99)
	effective := func(draw func() string) float64 {
		counts := make(map[string]int, n)
		for range n {
			counts[draw()]++
		}
		pairs := 0
		for _, c := range counts {
			pairs += c * (c - 1) / 2
		}
		return float64(n) * (n - 1) / 2 / math.Max(float64(pairs), 1)
	}
	ef, es := effective(g.first), effective(g.second)
	eff := ef * es * 9000
	t.Logf("effective: %.3g first names × %.3g surnames × 9000 = %.2g nicks", ef, es, eff)
	if eff < 1e9 {
		t.Errorf("effective name space %.2g; want at least 1e9", eff)
	}
}

func TestReadable(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Glolurong", true},
		{"Omineling", true},
		{"Belllow", false},
		{"Strngtha", false},
		{"Aeiou", false},
		{"Quuno", false},
		{"Thistlewood", true},
	}
	for _, tt := range tests {
		if got := readable(tt.in); got != tt.want {
			t.Errorf("readable(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func BenchmarkNick(b *testing.B) {
	g := NewGenerator(1)
	for b.Loop() {
		g.Nick()
	}
}
