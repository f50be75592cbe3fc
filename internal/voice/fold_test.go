package voice

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Qasimiya", "qasimiya"},
		{"QASIMIYA", "qasimiya"},
		{"Élodie", "elodie"},
		{"Wielgórski", "wielgorski"},
		{"Añil", "anil"},
		{"Łódź", "lodz"},
		{"Straße", "strasse"},
		{"Ærø", "aero"},
		{"Nguyễn", "nguyen"},
		{"Ελλάδα", "ελλαδα"},
		{"ΟΔΥΣΣΕΥΣ", "οδυσσευσ"},
		{"Οδυσσεύς", "οδυσσευσ"},
		{"Ёлкин", "елкин"},
		{"Йошкар", "йошкар"}, // й stays й
		{"القاسميّة", "القاسميه"},
		{"أحمد", "احمد"},
		{"إبراهيم", "ابراهيم"},
		{"مصطفى", "مصطفي"},
		{"کرمان", "كرمان"},
		{"עִבְרִית", "עברית"},
		{"e\u0301lodie", "elodie"}, // a combining accent
		{"周炳文", "周炳文"},
		{"İstanbul", "istanbul"},
	} {
		if got := fold(c.in); got != c.want {
			t.Errorf("fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestScanWords lists the words of texts, with "|" before a word that a
// hard gap precedes.
func TestScanWords(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Qasimiya's oil", "|Qasimiya s oil"},
		{"Saraya al-Nakhil", "|Saraya al Nakhil"},
		{"Workers’ Party", "|Workers Party"},
		{"police. Chief", "|police |Chief"},
		{"police, chief", "|police |chief"},
		{"Kezharia–Ulgarstan", "|Kezharia |Ulgarstan"}, // a dash, not a hyphen
		{"St. Ilmen", "|St Ilmen"},
		{"U.S. troops", "|U S troops"},
		{"Bread & Butter", "|Bread Butter"},
		{"(Qasimiya)", "|Qasimiya"},
		{"“Qasimiya”", "|Qasimiya"},
		{"a\u00a0b\tc\nd", "|a b c d"},
		{"周炳文说", "|周 炳 文 说"},
		{"外交部 周", "|外 交 部 周"},
		{"ภาษาไทย", "|ภ า ษ า ไ ท ย"},
		{"القاسمية، بغداد", "|القاسمية |بغداد"},
		{"Касимия-2 и", "|Касимия 2 и"},
		{"e\u0301lodie", "|e\u0301lodie"},
		{"12,000 men", "|12 |000 men"},
		{"", ""},
		{"!!!", ""},
	} {
		var parts []string
		for _, w := range scanWords(nil, c.in) {
			p := c.in[w.start:w.end]
			if w.hard {
				p = "|" + p
			}
			parts = append(parts, p)
		}
		if got := strings.Join(parts, " "); got != c.want {
			t.Errorf("scanWords(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestAutomaton checks the automaton against a plain search: over random
// dictionaries and texts of a few words, it finds every term at every
// place the plain search does, and nothing else.
func TestAutomaton(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		const alphabet = 5
		var terms [][]int32
		a := newAutomaton(0)
		for range 1 + r.IntN(12) {
			term := make([]int32, 1+r.IntN(4))
			for i := range term {
				term[i] = int32(r.IntN(alphabet))
			}
			if slices.ContainsFunc(terms, func(x []int32) bool { return slices.Equal(x, term) }) {
				continue
			}
			n := a.add(term)
			a.out[n] = int32(len(terms))
			terms = append(terms, term)
		}
		a.build()
		text := make([]int32, r.IntN(30))
		for i := range text {
			text[i] = int32(r.IntN(alphabet+1)) - 1 // -1 is an unknown word
		}
		type hit struct{ end, term int32 }
		var got, want []hit
		node := int32(0)
		for i, w := range text {
			node = a.step(node, w)
			n := node
			if a.out[n] < 0 {
				n = a.link[n]
			}
			for ; n > 0; n = a.link[n] {
				got = append(got, hit{int32(i), a.out[n]})
			}
			for k, term := range terms {
				if i+1 >= len(term) && slices.Equal(text[i+1-len(term):i+1], term) {
					want = append(want, hit{int32(i), int32(k)})
				}
			}
		}
		sortHits := func(h []hit) {
			slices.SortFunc(h, func(a, b hit) int { return int(a.end-b.end)*100 + int(a.term-b.term) })
		}
		sortHits(got)
		sortHits(want)
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: terms %v, text %v:\n got %v\nwant %v", round, terms, text, got, want)
		}
	}
}
