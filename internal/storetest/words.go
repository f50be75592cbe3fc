package storetest

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	burg "github.com/burg-news/burg"
)

// ArchiveWords counts the words of some posts, for benchmarks that search
// an archive made elsewhere with words it holds: how many of the posts
// have each word of five letters or more, and the tag they are filed
// under most.
type ArchiveWords struct {
	count map[string]int
	words []string // commonest first
	posts int
	// Tag is the slug of the tag most of the posts are filed under.
	Tag string
}

// NewArchiveWords counts the words and tags of posts, which must not be
// empty.
func NewArchiveWords(posts []*burg.Post) *ArchiveWords {
	a := &ArchiveWords{count: map[string]int{}, posts: len(posts)}
	tagged := map[string]int{}
	for _, p := range posts {
		seen := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(p.Title+" "+p.Text), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len(w) >= 5 && !seen[w] {
				seen[w] = true
				a.count[w]++
			}
		}
		for _, t := range p.Tags {
			tagged[t.Slug]++
			if a.Tag == "" || tagged[t.Slug] > tagged[a.Tag] {
				a.Tag = t.Slug
			}
		}
	}
	for w := range a.count {
		a.words = append(a.words, w)
	}
	slices.SortFunc(a.words, func(x, y string) int { return cmp.Or(a.count[y]-a.count[x], strings.Compare(x, y)) })
	return a
}

// At returns the commonest word in at most frac of the posts: English
// function words are in nearly every post, so At(0.85) is the commonest
// word of the text's own.
func (a *ArchiveWords) At(frac float64) string {
	for _, w := range a.words {
		if float64(a.count[w]) <= frac*float64(a.posts) {
			return w
		}
	}
	if len(a.words) == 0 {
		return ""
	}
	return a.words[len(a.words)-1]
}
