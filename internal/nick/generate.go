package nick

import (
	crand "crypto/rand"
	"encoding/binary"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// MaxLen is the most characters a nick may have, generated or typed.
const MaxLen = 40

// Limits on the parts of a generated nick, which keep it well inside
// MaxLen: 12 + 1 + 18 + 4 = 35.
const (
	maxFirstLen  = 12
	minFirstLen  = 3
	maxSecondLen = 18
)

// Odds of the kinds of part, in percent.
const (
	realFirstPercent    = 15 // a real first name rather than an invented one
	listSurnamePercent  = 35 // a listed surname rather than a compound
	medialCodaPercent   = 15 // a consonant closing a syllable that is not the last
	clusterPercent      = 12 // a cluster starting a syllable that is not the first
	digraphPercent      = 12 // a vowel digraph, once per name at most
	twoSyllablePercent  = 45 // of invented names; the rest three or four
	fourSyllablePercent = 15
)

// A Generator invents Pic-a-Nic nicknames. It is safe for concurrent use.
type Generator struct {
	mu  sync.Mutex
	rng *rand.Rand
}

// NewGenerator returns a Generator whose nicks follow from seed alone: two
// Generators with the same seed give the same nicks in the same order.
// Use it in tests; NewRandomGenerator is for serving.
func NewGenerator(seed uint64) *Generator {
	return &Generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// NewRandomGenerator returns a Generator seeded from crypto/rand, so that
// each one, in each run, gives its own nicks. Nicks are not secrets: PCG
// is not a cryptographic generator.
func NewRandomGenerator() *Generator {
	var b [16]byte
	_, _ = crand.Read(b[:]) // never fails: crypto/rand crashes the program instead
	src := rand.NewPCG(binary.LittleEndian.Uint64(b[:8]), binary.LittleEndian.Uint64(b[8:]))
	return &Generator{rng: rand.New(src)}
}

// Nick returns a fresh nickname such as "Glolurong Jones1696": a first
// name, a space, a surname and four digits (1000–9999). It is at most
// MaxLen runes, passes the blocklist, and Clean returns it unchanged.
func (g *Generator) Nick() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	for {
		first, second := g.first(), g.second()
		// Run together the parts could spell what neither does alone.
		if containsFragment(filterKey(first + second)) {
			continue
		}
		nick := first + " " + second + strconv.Itoa(1000+g.rng.IntN(9000))
		if utf8.RuneCountInString(nick) <= MaxLen {
			return nick
		}
	}
}

// first returns a first name: usually invented, sometimes real.
func (g *Generator) first() string {
	if g.rng.IntN(100) < realFirstPercent {
		return pick(g.rng, firstNames)
	}
	for {
		if name := g.invented(); acceptable(name, minFirstLen, maxFirstLen) {
			return name
		}
	}
}

// invented returns a name of two to four syllables, capitalised. It may
// be unpronounceable or worse; first checks it.
func (g *Generator) invented() string {
	n := 3
	switch p := g.rng.IntN(100); {
	case p < twoSyllablePercent:
		n = 2
	case p < twoSyllablePercent+fourSyllablePercent:
		n = 4
	}
	var b strings.Builder
	digraph := false
	for i := range n {
		switch {
		case i == 0:
			b.WriteString(pick(g.rng, initialOnsets))
		case g.rng.IntN(100) < clusterPercent:
			b.WriteString(pick(g.rng, medialClusters))
		default:
			b.WriteString(pick(g.rng, medialOnsets))
		}
		if !digraph && g.rng.IntN(100) < digraphPercent {
			b.WriteString(pick(g.rng, vowelDigraphs))
			digraph = true
		} else {
			b.WriteString(pick(g.rng, vowels))
		}
		switch {
		case i == n-1:
			b.WriteString(pick(g.rng, finalCodas))
		case g.rng.IntN(100) < medialCodaPercent:
			b.WriteString(pick(g.rng, medialCodas))
		}
	}
	return capitalise(b.String())
}

// second returns a surname: a listed one, or a compound of two parts.
func (g *Generator) second() string {
	for {
		var name string
		if g.rng.IntN(100) < listSurnamePercent {
			name = pick(g.rng, surnames)
		} else {
			name = pick(g.rng, surnamePrefixes) + pick(g.rng, surnameSuffixes)
		}
		if acceptable(name, 2, maxSecondLen) {
			return name
		}
	}
}

// acceptable reports whether a generated part is between shortest and
// longest letters long, reads well enough, and is not offensive.
func acceptable(part string, shortest, longest int) bool {
	n := len(part) // parts are ASCII
	return n >= shortest && n <= longest && readable(part) && !offensive(part)
}

// ugly holds letter sequences that make a generated part hard to read.
var ugly = []string{"quu", "uu", "ii", "yy", "aa", "yi", "iy", "quou", "quoo", "wu", "wy", "ckk", "qy"}

// readable reports whether part avoids a letter three times running, more
// than three consonants or vowels running, and the sequences in ugly.
func readable(part string) bool {
	lower := strings.ToLower(part)
	for _, u := range ugly {
		if strings.Contains(lower, u) {
			return false
		}
	}
	vowelRun, consonantRun := 0, 0
	for i := 0; i < len(lower); i++ {
		c := lower[i]
		if i >= 2 && c == lower[i-1] && c == lower[i-2] {
			return false
		}
		if strings.IndexByte("aeiouy", c) >= 0 {
			vowelRun, consonantRun = vowelRun+1, 0
		} else {
			vowelRun, consonantRun = 0, consonantRun+1
		}
		if vowelRun > 3 || consonantRun > 3 {
			return false
		}
	}
	return true
}

// pick returns a random element of list.
func pick(rng *rand.Rand, list []string) string {
	return list[rng.IntN(len(list))]
}

// capitalise upper-cases the first letter of an ASCII word.
func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
