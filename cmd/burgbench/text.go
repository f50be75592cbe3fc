package main

import (
	"math/rand/v2"
	"strings"
)

// A lexicon writes synthetic text fast: sentences of invented words mixed
// with English function words, so that pages have the shape and weight of
// real ones (word lengths, paragraphs, a little markup) without saying
// anything. Word frequencies fall off steeply, as in any language, so that
// a search for a common word finds many posts and one for a rare word few.
type lexicon struct {
	content []string // invented words, most frequent first
	small   []string // function words
}

// functionWords carry no content; they only make sentences read like
// sentences.
var functionWords = strings.Fields(`the of and to in a is that for on with as was by at from
	it be are this an or not but have has had were which their its they will been would
	after over into more than about also who when there up out new two other some could
	all any most only before while under where between because since during against`)

var (
	onsets = strings.Fields("b br c ch d dr f fl g gr h j k kl l m n p pr r s sh st t tr v w z")
	nuclei = strings.Fields("a e i o u a e o ai ea ou")
	codas  = []string{"", "", "", "n", "r", "s", "l", "m", "t", "nd", "st", "rk"}
)

// newLexicon invents n content words, the same ones for the same seed.
func newLexicon(seed uint64, n int) *lexicon {
	r := rand.New(rand.NewPCG(seed, seed^0x5bd1e995))
	seen := make(map[string]bool, n)
	lx := &lexicon{small: functionWords}
	var b strings.Builder
	for len(lx.content) < n {
		b.Reset()
		syllables := 1 + r.IntN(3)
		if r.IntN(4) == 0 {
			syllables++
		}
		for range syllables {
			b.WriteString(onsets[r.IntN(len(onsets))])
			b.WriteString(nuclei[r.IntN(len(nuclei))])
		}
		b.WriteString(codas[r.IntN(len(codas))])
		w := b.String()
		if len(w) < 3 || seen[w] {
			continue
		}
		seen[w] = true
		lx.content = append(lx.content, w)
	}
	return lx
}

// word picks a content word: the first few hundred words make up most of
// the text.
func (lx *lexicon) word(r *rand.Rand) string {
	u := r.Float64()
	return lx.content[int(u*u*float64(len(lx.content)))]
}

// appendSentence appends a sentence of n words (and a space before it
// unless it starts the text).
func (lx *lexicon) appendSentence(b []byte, r *rand.Rand, n int) []byte {
	if len(b) > 0 && b[len(b)-1] != '\n' {
		b = append(b, ' ')
	}
	for i := range n {
		var w string
		content := r.IntN(5) >= 2
		if content {
			w = lx.word(r)
		} else {
			w = lx.small[r.IntN(len(lx.small))]
		}
		if i == 0 {
			b = append(b, w[0]-'a'+'A')
			b = append(b, w[1:]...)
		} else {
			b = append(b, ' ')
			if content && r.IntN(8) == 0 { // a name
				b = append(b, w[0]-'a'+'A')
				b = append(b, w[1:]...)
			} else {
				b = append(b, w...)
			}
		}
		if i < n-1 && i > 2 && r.IntN(9) == 0 {
			b = append(b, ',')
		}
	}
	if r.IntN(10) == 0 {
		return append(b, '?')
	}
	return append(b, '.')
}

// appendText appends about words words in paragraphs of two to six
// sentences.
func (lx *lexicon) appendText(b []byte, r *rand.Rand, words int) []byte {
	inPara := 0
	paraLen := 2 + r.IntN(5)
	for words > 0 {
		n := min(words, 6+r.IntN(15))
		words -= n
		b = lx.appendSentence(b, r, n)
		inPara++
		if inPara == paraLen && words > 0 {
			b = append(b, "\n\n"...)
			inPara, paraLen = 0, 2+r.IntN(5)
		}
	}
	return b
}

// title returns a headline of four to ten words.
func (lx *lexicon) title(r *rand.Rand) string {
	b := lx.appendSentence(nil, r, 4+r.IntN(7))
	return string(b[:len(b)-1]) // headlines end without a stop
}

// appendComment appends a comment of words words, sometimes with the
// markup readers use: bold, a quote of an earlier commenter, a link.
func (lx *lexicon) appendComment(b []byte, r *rand.Rand, words int) []byte {
	switch r.IntN(20) {
	case 0:
		b = append(b, "[quote]"...)
		b = lx.appendSentence(b, r, 5+r.IntN(10))
		b = append(b, "[/quote]\n"...)
	case 1:
		b = append(b, "[b]"...)
		b = lx.appendSentence(b, r, 3+r.IntN(5))
		b = append(b, "[/b] "...)
	}
	b = lx.appendText(b, r, words)
	switch r.IntN(25) {
	case 0:
		b = append(b, " https://"...)
		b = append(b, lx.word(r)...)
		b = append(b, ".example/"...)
		b = append(b, lx.word(r)...)
	case 1:
		b = append(b, " [url=https://"...)
		b = append(b, lx.word(r)...)
		b = append(b, ".example/]"...)
		b = append(b, lx.word(r)...)
		b = append(b, "[/url]"...)
	}
	return b
}
