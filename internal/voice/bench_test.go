package voice_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/voice"
)

// benchWorld is n invented entries of one to three words with two aliases
// each, forty swaps, and a text of about words words in paragraphs of
// HTML that mentions some of them.
func benchWorld(n, words int) ([]*burg.Tag, []*burg.Swap, string) {
	r := rand.New(rand.NewPCG(7, 11))
	syl := []string{"ka", "zha", "ri", "ul", "gar", "stan", "mo", "ne", "tav", "qa", "si", "mi", "ya", "bel", "on", "de", "ru", "ma", "li", "vo"}
	word := func() string {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteString(syl[r.IntN(len(syl))])
		}
		s := b.String()
		return strings.ToUpper(s[:1]) + s[1:]
	}
	// Other words come from other syllables, so that they name nothing.
	fill := []string{"po", "ter", "an", "gu", "pel", "ix", "dro", "fen", "wa", "lut"}
	other := func() string {
		var b strings.Builder
		for range 1 + r.IntN(3) {
			b.WriteString(fill[r.IntN(len(fill))])
		}
		return b.String()
	}
	phrase := func(k int) string {
		p := make([]string, k)
		for i := range p {
			p[i] = word()
		}
		return strings.Join(p, " ")
	}
	tags := make([]*burg.Tag, n)
	for i := range tags {
		name := phrase(1 + r.IntN(3))
		tags[i] = &burg.Tag{ID: int64(i + 1), Name: name, Slug: fmt.Sprintf("entry-%d", i+1), Kind: burg.TagGroup,
			Epithet: "the " + strings.ToLower(word()), Description: "An invented entry for benchmarks.",
			Aliases: []string{name + "ov", phrase(1)}}
	}
	var swaps []*burg.Swap
	for i := range 40 {
		swaps = append(swaps, &burg.Swap{ID: int64(i + 1), Term: strings.ToLower(phrase(1 + i%2)), Variants: []string{"one", "two", "three"}})
	}
	common := strings.Fields("the of and to in a said that was for on with as by at from officials police")
	var b strings.Builder
	for w := 0; w < words; {
		b.WriteString("<p>")
		for range 60 + r.IntN(60) {
			switch x := r.IntN(100); {
			case x < 3:
				b.WriteString(tags[r.IntN(n)].Name)
			case x < 4:
				b.WriteString(swaps[r.IntN(len(swaps))].Term)
			case x < 5:
				b.WriteString(`<a href="https://x.example/">` + tags[r.IntN(n)].Name + `</a>`)
			case x < 40:
				b.WriteString(other())
			default:
				b.WriteString(common[r.IntN(len(common))])
			}
			if r.IntN(12) == 0 {
				b.WriteString(".")
			}
			b.WriteString(" ")
			w++
		}
		b.WriteString("</p>\n")
	}
	return tags, swaps, b.String()
}

// BenchmarkBuild builds a dictionary of 10,000 entries (30,000 terms)
// and 40 swaps.
func BenchmarkBuild(b *testing.B) {
	tags, swaps, _ := benchWorld(10000, 0)
	b.ReportAllocs()
	for b.Loop() {
		voice.Build(tags, swaps)
	}
}

// BenchmarkDecorate decorates a 10,000-word post with a dictionary of
// 10,000 entries.
func BenchmarkDecorate(b *testing.B) {
	tags, swaps, text := benchWorld(10000, 10000)
	d := voice.Build(tags, swaps)
	out, used := d.Decorate(text, 1)
	if len(used.Names) < 100 || len(used.Swaps) < 20 || len(out) <= len(text) {
		b.Fatalf("the benchmark text decorates too little: %d names, %d swaps", len(used.Names), len(used.Swaps))
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		d.Decorate(text, 1)
	}
}

// BenchmarkDecoratePost decorates a post of usual length, 300 words,
// with the same dictionary.
func BenchmarkDecoratePost(b *testing.B) {
	tags, swaps, _ := benchWorld(10000, 0)
	_, _, text := benchWorld(10000, 300)
	d := voice.Build(tags, swaps)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		d.Decorate(text, 1)
	}
}

// BenchmarkMentions finds the terms in the plain text of a 10,000-word
// post.
func BenchmarkMentions(b *testing.B) {
	tags, swaps, text := benchWorld(10000, 10000)
	d := voice.Build(tags, swaps)
	plain := strings.NewReplacer("<p>", "", "</p>", "", `<a href="https://x.example/">`, "", "</a>", "").Replace(text)
	b.SetBytes(int64(len(plain)))
	b.ReportAllocs()
	for b.Loop() {
		d.Mentions(plain)
	}
}
