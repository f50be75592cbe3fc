package voice

import (
	"cmp"
	"slices"

	burg "github.com/burg-news/burg"
)

// KeyKind says what a Key names.
type KeyKind uint8

// The kinds of dictionary item.
const (
	KindName KeyKind = iota + 1 // an entry of the names database
	KindSwap                    // a word swap
)

// Key names one item of a dictionary: an entry of the names database, by
// its tag ID, or a swap, by its ID.
type Key struct {
	Kind KeyKind
	ID   int64
}

// Dictionary is what Decorate, Mentions and Suggest look for: the names
// and aliases of the live entries of the names database and the terms of
// the word swaps, in one automaton. It is built once, never changed, and
// safe for use by many goroutines at once.
type Dictionary struct {
	vocab    map[string]int32 // folded word → its number
	ac       *automaton
	terms    []term      // by automaton node's out number
	names    []*burg.Tag // the live entries
	swaps    []*burg.Swap
	bySlug   map[string]int32 // entry index by slug, to know boxes made already
	byFolded map[string]int32 // term by its folded words, space-joined
}

// term is one path of the automaton: the items whose name, alias or term
// it is, the first of them the one it stands for.
type term struct {
	words int
	items []item
}

// item is an entry (index into names) or a swap (index into swaps), and
// whether the term is the entry's own name rather than an alias.
type item struct {
	kind  KeyKind
	index int32
	own   bool
}

// Build makes a dictionary of the entries in names that are not retired
// and of swaps. Names, aliases and terms without a letter or digit are
// left out. When two items share a term, an entry comes before a swap, an
// entry's own name before another's alias, and the older (lower ID) item
// before the newer.
func Build(names []*burg.Tag, swaps []*burg.Swap) *Dictionary {
	n := len(swaps)
	for _, tag := range names {
		if tag != nil {
			n += 1 + len(tag.Aliases)
		}
	}
	d := &Dictionary{
		vocab:    make(map[string]int32, 2*n),
		ac:       newAutomaton(2 * n),
		terms:    make([]term, 0, n),
		names:    make([]*burg.Tag, 0, len(names)),
		bySlug:   make(map[string]int32, len(names)),
		byFolded: make(map[string]int32, len(swaps)),
	}
	var sc scanner // buffers only
	add := func(text string, it item) {
		words := d.termWords(&sc, text)
		if len(words) == 0 {
			return
		}
		node := d.ac.add(words)
		t := d.ac.out[node]
		if t < 0 {
			t = int32(len(d.terms))
			d.ac.out[node] = t
			d.terms = append(d.terms, term{words: len(words)})
		}
		if it.kind == KindSwap {
			d.byFolded[foldedTerm(text)] = t
		}
		if !slices.Contains(d.terms[t].items, it) {
			d.terms[t].items = append(d.terms[t].items, it)
		}
	}
	for _, tag := range names {
		if tag == nil || tag.RetiredAt != nil {
			continue
		}
		i := int32(len(d.names))
		d.names = append(d.names, tag)
		d.bySlug[tag.Slug] = i
		add(tag.Name, item{KindName, i, true})
		for _, a := range tag.Aliases {
			add(a, item{KindName, i, false})
		}
	}
	for _, sw := range swaps {
		if sw == nil || len(sw.Variants) == 0 {
			continue
		}
		i := int32(len(d.swaps))
		d.swaps = append(d.swaps, sw)
		add(sw.Term, item{KindSwap, i, true})
	}
	for i := range d.terms {
		slices.SortStableFunc(d.terms[i].items, func(a, b item) int {
			if a.kind != b.kind {
				return cmp.Compare(a.kind, b.kind) // KindName first
			}
			if a.own != b.own {
				if a.own {
					return -1
				}
				return 1
			}
			return cmp.Compare(d.id(a), d.id(b))
		})
	}
	d.ac.build()
	return d
}

// Len returns the number of entries and swaps in d.
func (d *Dictionary) Len() (names, swaps int) { return len(d.names), len(d.swaps) }

// id is the ID of the entry or swap it.
func (d *Dictionary) id(it item) int64 {
	if it.kind == KindName {
		return d.names[it.index].ID
	}
	return d.swaps[it.index].ID
}

// key is the Key of it.
func (d *Dictionary) key(it item) Key { return Key{it.kind, d.id(it)} }

// termWords numbers the words of a term, adding new ones to the
// vocabulary. The numbers are in sc.nums until its next use.
func (d *Dictionary) termWords(sc *scanner, text string) []int32 {
	sc.words = scanWords(sc.words[:0], text)
	sc.nums = sc.nums[:0]
	for _, w := range sc.words {
		sc.buf = appendFolded(sc.buf[:0], text[w.start:w.end])
		if len(sc.buf) == 0 {
			continue
		}
		n, ok := d.vocab[string(sc.buf)]
		if !ok {
			n = int32(len(d.vocab))
			d.vocab[string(sc.buf)] = n
		}
		sc.nums = append(sc.nums, n)
	}
	return sc.nums
}

// foldedTerm is the folded words of text joined by single spaces.
func foldedTerm(text string) string {
	var b []byte
	for _, w := range scanWords(nil, text) {
		n := len(b)
		if n > 0 {
			b = append(b, ' ')
		}
		if b2 := appendFolded(b, text[w.start:w.end]); len(b2) == len(b) {
			b = b[:n] // a word of marks alone folds to nothing
		} else {
			b = b2
		}
	}
	return string(b)
}

// match is one term found in a text: its words [first, last] among the
// text's words.
type match struct {
	first, last int
	term        int32
}

// scanner finds terms in texts; it keeps its buffers between texts.
type scanner struct {
	d     *Dictionary
	words []word
	nums  []int32
	buf   []byte
	found []match
}

// find appends to s.found every term in text, overlapping ones included.
// The text's words are s.words afterwards. A word numbered -1 by
// noWord is taken as unknown, for words that run on into the text
// around this one.
func (s *scanner) find(text string, noFirst, noLast bool) {
	s.words = scanWords(s.words[:0], text)
	s.nums = s.nums[:0]
	for i, w := range s.words {
		n := int32(-1)
		if !(i == 0 && noFirst) && !(i == len(s.words)-1 && noLast) {
			s.buf = appendFolded(s.buf[:0], text[w.start:w.end])
			if v, ok := s.d.vocab[string(s.buf)]; ok {
				n = v
			}
		}
		s.nums = append(s.nums, n)
	}
	ac := s.d.ac
	node := int32(0)
	for i, w := range s.words {
		if w.hard {
			node = 0
		}
		node = ac.step(node, s.nums[i])
		n := node
		if ac.out[n] < 0 {
			n = ac.link[n]
		}
		for ; n > 0; n = ac.link[n] {
			t := ac.out[n]
			s.found = append(s.found, match{first: i - s.d.terms[t].words + 1, last: i, term: t})
		}
	}
}

// pick keeps, of s.found, the leftmost of overlapping matches and of
// those the longest, in text order.
func (s *scanner) pick() {
	slices.SortFunc(s.found, func(a, b match) int {
		if c := cmp.Compare(a.first, b.first); c != 0 {
			return c
		}
		return cmp.Compare(b.last, a.last)
	})
	out := s.found[:0]
	end := -1
	for _, m := range s.found {
		if m.first > end {
			out = append(out, m)
			end = m.last
		}
	}
	s.found = out
}

// Mentions returns the items whose terms occur in the plain text, each
// once, in the order they first occur. It looks at every occurrence,
// overlapping ones and ones a post's links or quotes would hide included,
// so that it finds a superset of what Decorate would use: the posts to
// render again when an item changes or is added.
func (d *Dictionary) Mentions(text string) []Key {
	s := &scanner{d: d}
	s.find(text, false, false)
	slices.SortStableFunc(s.found, func(a, b match) int { return cmp.Compare(a.first, b.first) })
	var out []Key
	seen := make(map[Key]bool)
	for _, m := range s.found {
		for _, it := range d.terms[m.term].items {
			if k := d.key(it); !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}

// Suggest returns up to max entries named in the plain text, by name or
// alias, that are "File under" tags, in the order they are first named.
// When a term is shared by several entries, each is suggested.
func (d *Dictionary) Suggest(text string, max int) []*burg.Tag {
	if max <= 0 {
		return nil
	}
	s := &scanner{d: d}
	s.find(text, false, false)
	s.pick()
	var out []*burg.Tag
	seen := make(map[int32]bool)
	for _, m := range s.found {
		for _, it := range d.terms[m.term].items {
			if it.kind != KindName || seen[it.index] {
				continue
			}
			seen[it.index] = true
			if tag := d.names[it.index]; tag.FileUnder() {
				out = append(out, tag)
				if len(out) == max {
					return out
				}
			}
		}
	}
	return out
}
