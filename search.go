package burg

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on a search query. Input past MaxSearchLen characters and terms
// past MaxSearchTerms are dropped, so that a pasted page or a script
// cannot make one search expensive.
const (
	MaxSearchLen   = 2000
	MaxSearchTerms = 32
	MaxSearchTags  = 8
	// MaxSearchLimit is the largest page of hits; DefaultSearchLimit is
	// the page when SearchQuery.Limit is 0.
	MaxSearchLimit     = 100
	DefaultSearchLimit = 20
)

// SearchSort orders search hits.
type SearchSort string

// The orders of search hits.
const (
	// SortRelevance puts the best matches first; it is the default. A
	// query without words to match is listed by date.
	SortRelevance SearchSort = "relevance"
	// SortDate puts the newest posts first.
	SortDate SearchSort = "date"
)

// SearchTerm is one word or quoted phrase of a search. A post matches a
// term when its text holds the term's words next to each other in that
// order, ignoring case, accents and punctuation: "Russia's" matches
// "russia s" and "RUSSIA'S", "medecins" matches "Médecins".
type SearchTerm struct {
	// Text is the term as typed, without the quotes of a phrase or the
	// leading - of an exclusion. It is never passed to a search engine as
	// syntax: stores quote every term.
	Text string
	// Phrase is set for a term typed in double quotes. It changes only
	// how the term is written back by SearchQuery.String: a word with
	// punctuation inside (well-known, Russia's) is matched as a phrase
	// of its parts too.
	Phrase bool
	// Exclude is set for a term typed with a leading -: posts that match
	// it are left out.
	Exclude bool
}

// HasWords reports whether the term holds a letter or a digit, that is
// anything a search engine indexes. Stores ignore terms without.
func (t SearchTerm) HasWords() bool {
	return strings.IndexFunc(t.Text, isIndexedRune) >= 0
}

func isIndexedRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// SearchQuery is a full-text search of posts, as ParseSearch reads it from
// what a reader types or as a program builds it. Every condition must
// hold: a post matches when it holds every term that is not excluded,
// none of the excluded ones, and passes every filter. Zero fields do not
// filter.
type SearchQuery struct {
	Terms []SearchTerm

	// Tags are tag slugs (tag:SLUG): the post must be under every one.
	Tags []string
	// Section is a section slug (section:SLUG).
	Section string
	// Poster is a poster's nick (by:NICK), matched case-insensitively.
	Poster string
	// A slug or nick that names nothing gives no hits, not an error.

	// SectionID, TagID and PosterID filter by ID, for callers that know
	// them; they combine with the slugs above.
	SectionID int64
	TagID     int64
	PosterID  int64

	// From and Until bound the posting time: From <= PostedAt < Until.
	// after:D sets From to the start of the day after D, before:D sets
	// Until to the start of D.
	From  time.Time
	Until time.Time

	// Sort is SortRelevance when empty.
	Sort SearchSort
	// IncludeComments also finds posts through their live comments: a
	// post matches when its own text matches, or when the text of one of
	// its live comments does (each text judged on its own, exclusions
	// too), and the post passes the filters. Such a hit names the comment
	// and comes after the posts that match by their own text when sorted
	// by relevance. Stores look only at the newest matching comments (a
	// few hundred).
	IncludeComments bool

	// Offset skips hits; Limit is the page size, DefaultSearchLimit when
	// 0 and at most MaxSearchLimit. Stores bound Offset (see
	// SearchResults.RankWindow): past it they answer EINVALID.
	Offset int
	Limit  int
	// Cursor, for SortDate, continues after the last hit of a page: pass
	// SearchResults.Next. Offset is ignored with a cursor.
	Cursor string
}

// Searchable reports whether q can match anything: it needs a term to
// match or a filter. A query of excluded terms alone, or of operators and
// punctuation alone, matches nothing.
func (q SearchQuery) Searchable() bool {
	for _, t := range q.Terms {
		if !t.Exclude && t.HasWords() {
			return true
		}
	}
	return q.Filtered()
}

// Filtered reports whether q has a filter other than its terms.
func (q SearchQuery) Filtered() bool {
	return len(q.Tags) > 0 || q.Section != "" || q.Poster != "" ||
		q.SectionID != 0 || q.TagID != 0 || q.PosterID != 0 ||
		!q.From.IsZero() || !q.Until.IsZero()
}

// String writes q back in the syntax ParseSearch reads, filters first, so
// that a search box can show what was understood: ParseSearch(q.String())
// gives q's terms and filters again. IDs, sort and paging are not
// written. From and Until are written as days in UTC.
func (q SearchQuery) String() string {
	var parts []string
	for _, tag := range q.Tags {
		parts = append(parts, "tag:"+tag)
	}
	if q.Section != "" {
		parts = append(parts, "section:"+q.Section)
	}
	if q.Poster != "" {
		if strings.ContainsFunc(q.Poster, unicode.IsSpace) {
			parts = append(parts, `by:"`+q.Poster+`"`)
		} else {
			parts = append(parts, "by:"+q.Poster)
		}
	}
	if !q.From.IsZero() {
		parts = append(parts, "after:"+q.From.UTC().AddDate(0, 0, -1).Format(DateLayout))
	}
	if !q.Until.IsZero() {
		parts = append(parts, "before:"+q.Until.UTC().Format(DateLayout))
	}
	for _, t := range q.Terms {
		s := t.Text
		if t.Phrase {
			s = `"` + s + `"`
		}
		if t.Exclude {
			s = "-" + s
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// ParseSearch reads a search as a reader types it, with days in UTC; see
// ParseSearchIn.
func ParseSearch(q string) SearchQuery {
	return ParseSearchIn(q, time.UTC)
}

// ParseSearchIn reads a search as a reader types it. It never fails:
// whatever it does not understand is taken as plain words.
//
//   - Words: every one must match, in any order.
//   - "quoted phrases": the words must follow each other.
//   - A leading - excludes a word or phrase: -pipeline, -"gas deal".
//   - Filters: tag:SLUG (repeatable: every tag), section:SLUG, by:NICK
//     (by:"Two Words" for a nick with spaces), after:YYYY-MM-DD and
//     before:YYYY-MM-DD, days taken in loc (nil means UTC). after:D keeps
//     posts from the day after D on; before:D keeps posts from before D.
//     For section:, by:, after: and before: the last one given wins.
//
// A filter that does not parse (before:yesterday, tag:Not_A_Slug) is a
// plain word. Unbalanced quotes, operators such as AND, OR, NOT and NEAR,
// parentheses, * ^ : and other punctuation mean nothing special: a term is
// what it says, and a term without letters or digits is dropped. Input
// past MaxSearchLen characters and terms past MaxSearchTerms are dropped.
func ParseSearchIn(q string, loc *time.Location) SearchQuery {
	if loc == nil {
		loc = time.UTC
	}
	q = clipRunes(strings.ToValidUTF8(q, "\uFFFD"), MaxSearchLen)
	var out SearchQuery
	rs := []rune(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' ' // also keeps the store's snippet markers out
		}
		return r
	}, q))
	i := 0
	addTerm := func(text string, phrase, exclude bool) {
		t := SearchTerm{Text: text, Phrase: phrase, Exclude: exclude}
		if t.HasWords() && len(out.Terms) < MaxSearchTerms {
			out.Terms = append(out.Terms, t)
		}
	}
	for i < len(rs) {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		exclude := false
		if rs[i] == '-' && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			exclude = true
			i++
		}
		if rs[i] == '"' {
			end := indexRune(rs, i+1, '"')
			if end < 0 {
				// An unbalanced quote: the rest is plain words.
				i++
				continue
			}
			addTerm(strings.TrimSpace(string(rs[i+1:end])), true, exclude)
			i = end + 1
			continue
		}
		start := i
		for i < len(rs) && !unicode.IsSpace(rs[i]) && rs[i] != '"' {
			i++
		}
		word := string(rs[start:i])
		if exclude {
			addTerm(word, false, true)
			continue
		}
		// by:"Two Words" takes the quoted nick after the colon.
		if strings.EqualFold(word, "by:") && i < len(rs) && rs[i] == '"' {
			if end := indexRune(rs, i+1, '"'); end >= 0 {
				if nick := strings.TrimSpace(string(rs[i+1 : end])); validSearchNick(nick) {
					out.Poster = nick
					i = end + 1
					continue
				}
			}
		}
		if !out.filter(word, loc) {
			addTerm(word, false, false)
		}
	}
	return out
}

// filter applies word to q when it is a well-formed filter, and reports
// whether it was.
func (q *SearchQuery) filter(word string, loc *time.Location) bool {
	name, value, ok := strings.Cut(word, ":")
	if !ok || value == "" {
		return false
	}
	switch strings.ToLower(name) {
	case "tag":
		slug := strings.ToLower(value)
		if !ValidSlug(slug) || len(q.Tags) >= MaxSearchTags {
			return false
		}
		q.Tags = append(q.Tags, slug)
	case "section":
		slug := strings.ToLower(value)
		if !ValidSlug(slug) {
			return false
		}
		q.Section = slug
	case "by":
		if !validSearchNick(value) {
			return false
		}
		q.Poster = value
	case "before", "after":
		day, err := time.ParseInLocation(DateLayout, value, loc)
		if err != nil {
			return false
		}
		if strings.EqualFold(name, "before") {
			q.Until = day.UTC()
		} else {
			q.From = day.AddDate(0, 0, 1).UTC()
		}
	default:
		return false
	}
	return true
}

// validSearchNick reports whether s can be a poster's nick.
func validSearchNick(s string) bool {
	return s != "" && utf8.RuneCountInString(s) <= 40 && !strings.ContainsAny(s, `"/?#%\`)
}

func indexRune(rs []rune, from int, r rune) int {
	for i := from; i < len(rs); i++ {
		if rs[i] == r {
			return i
		}
	}
	return -1
}

// clipRunes returns s cut to at most n characters.
func clipRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// SnippetPart is a piece of a title or passage in search results: plain
// text, or the text of a match (Hit). Stores never return HTML: the web
// layer escapes each part and wraps hits in <mark>.
type SnippetPart struct {
	Text string
	Hit  bool
}

// SearchHit is one post found by a search.
type SearchHit struct {
	// Post comes with its section, poster and tags, as FindPosts gives
	// them.
	Post *Post
	// Rank orders hits by relevance, higher first. Its scale depends on
	// the store and the query: compare ranks only within one result.
	Rank float64
	// Title is the post's title with the matching words marked.
	Title []SnippetPart
	// Snippet is a passage of the post's text (or of the comment, when
	// CommentID is set) around the matches, with them marked; it is the
	// text's beginning when only the title matched.
	Snippet []SnippetPart
	// CommentID is set when the post was found through one of its live
	// comments rather than its own text.
	CommentID int64
}

// SearchResults is a page of search hits.
type SearchResults struct {
	Hits []SearchHit
	// Total is the number of matching posts. When TotalCapped is set
	// there are more than Total ("more than 5,000"): counting them all
	// would cost more than the search, so stores stop counting at a
	// bound of their own.
	Total       int
	TotalCapped bool
	// Sort is the order the hits are in: the one asked for, or SortDate
	// for a query without words to rank.
	Sort SearchSort
	// RankWindow, when not 0, says that the query matched so many posts
	// that relevance was computed among the RankWindow newest of them
	// only (see the store's notes); sorting by date reaches all.
	RankWindow int
	// Next is the cursor of the next page for SortDate ("" after the
	// last page): pass it as SearchQuery.Cursor.
	Next string
}

// SearchStore finds posts by their text.
type SearchStore interface {
	// SearchPosts returns a page of the live posts matching q, with
	// their sections, posters and tags, highlighted titles and snippets,
	// and the number of matches. A query that is not Searchable gives no
	// hits and no error; an unknown Sort, a malformed Cursor, a Cursor
	// with SortRelevance or an Offset past the store's bound is EINVALID.
	SearchPosts(ctx context.Context, q SearchQuery) (SearchResults, error)
}
