package app

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	burg "github.com/burg-news/burg"
)

// SearchPerPage is how many hits a page of search results shows.
const SearchPerPage = 20

// SearchInput is a search as a reader asks for it: the text typed in the
// box (with its tag:, section:, by:, before: and after: filters) and the
// fields of the search form, all as typed. A form field, when given, wins
// over the same filter in the text.
type SearchInput struct {
	Text    string
	Section string // a section slug
	Tag     string // a tag slug
	Poster  string // a poster's nick
	// From and To are days (YYYY-MM-DD) in the site's time zone, both
	// included.
	From, To string
	// Sort is "", "relevance" or "date".
	Sort string
	// Comments also finds posts through their live comments.
	Comments bool
	// Page is the page of results, from 1; 0 means 1. Cursor, for
	// results by date, continues after a page past the numbered ones.
	Page   int
	Cursor string
}

// SearchPage is one page of search results for a reader.
type SearchPage struct {
	// Query is what the search was understood as; Query.String() is the
	// search box's text once the form's fields are folded in.
	Query   burg.SearchQuery
	Results burg.SearchResults
	// Page is the page shown (0 for a page reached by cursor); Pages the
	// numbered pages that can be reached, 0 when there are no hits.
	Page, Pages int
	// Next, for results by date deeper than the numbered pages, is the
	// cursor of the following page.
	Next string
}

// Search finds the posts a reader may see that match in: live posts only,
// and through comments only live ones, which the store guarantees and
// this checks again, so that a hidden post or comment never reaches a
// page. Malformed text never fails (see burg.ParseSearchIn); a form field
// that cannot be read is EINVALID with a message saying which.
func (a *App) Search(ctx context.Context, in SearchInput) (SearchPage, error) {
	q, err := a.SearchQuery(in)
	if err != nil {
		return SearchPage{}, err
	}
	page := max(in.Page, 1)
	if in.Cursor != "" {
		q.Cursor = in.Cursor
		page = 0
	} else {
		q.Offset = (page - 1) * SearchPerPage
	}
	q.Limit = SearchPerPage
	out := SearchPage{Query: q, Page: page}
	if !q.Searchable() {
		if page > 1 {
			return SearchPage{}, burg.Errorf(burg.ENOTFOUND, "There is no page %d of these results.", page)
		}
		return out, nil
	}
	res, err := a.store.SearchPosts(ctx, q)
	if err != nil {
		return SearchPage{}, err
	}
	hits := res.Hits[:0]
	for _, h := range res.Hits {
		if h.Post != nil && h.Post.DeletedAt == nil {
			hits = append(hits, h)
		}
	}
	res.Hits = hits
	out.Results = res
	reach := res.Total
	if res.RankWindow > 0 || res.TotalCapped {
		reach = min(reach, searchDepth(res))
	}
	out.Pages = (reach + SearchPerPage - 1) / SearchPerPage
	if page > max(out.Pages, 1) && len(res.Hits) == 0 {
		return SearchPage{}, burg.Errorf(burg.ENOTFOUND, "There is no page %d of these results; the last is %d.", page, max(out.Pages, 1))
	}
	if res.Sort == burg.SortDate && (page == 0 || page >= out.Pages) {
		out.Next = res.Next
	}
	return out, nil
}

// searchDepth is how deep numbered pages reach into results the store
// did not count or rank in full.
func searchDepth(res burg.SearchResults) int {
	if res.RankWindow > 0 {
		return res.RankWindow
	}
	return res.Total
}

// SearchQuery reads a reader's search into a store query, without
// paging: the text through burg.ParseSearchIn in the site's zone, then
// the form's fields over it.
func (a *App) SearchQuery(in SearchInput) (burg.SearchQuery, error) {
	loc := a.cfg.Location
	if !utf8.ValidString(in.Text) {
		in.Text = strings.ToValidUTF8(in.Text, "\uFFFD")
	}
	q := burg.ParseSearchIn(in.Text, loc)
	if v := strings.ToLower(strings.TrimSpace(in.Section)); v != "" {
		if !burg.ValidSlug(v) {
			return q, burg.Errorf(burg.EINVALID, "%q is not a section's short name.", burg.Clip(in.Section, 40))
		}
		q.Section = v
	}
	if v := strings.ToLower(strings.TrimSpace(in.Tag)); v != "" {
		if !burg.ValidSlug(v) {
			return q, burg.Errorf(burg.EINVALID, "%q is not a tag's short name.", burg.Clip(in.Tag, 40))
		}
		if !slices.Contains(q.Tags, v) && len(q.Tags) < burg.MaxSearchTags {
			q.Tags = append(q.Tags, v)
		}
	}
	if v := strings.TrimSpace(in.Poster); v != "" {
		if utf8.RuneCountInString(v) > 40 || !utf8.ValidString(v) {
			return q, burg.Errorf(burg.EINVALID, "A poster's nick is at most 40 characters.")
		}
		q.Poster = v
	}
	day := func(name, v string) (time.Time, error) {
		d, err := time.ParseInLocation(burg.DateLayout, strings.TrimSpace(v), loc)
		if err != nil {
			return time.Time{}, burg.Errorf(burg.EINVALID, "The %q day %q is not a date; write it as YYYY-MM-DD.", name, burg.Clip(v, 20))
		}
		return d, nil
	}
	if in.From != "" {
		d, err := day("from", in.From)
		if err != nil {
			return q, err
		}
		q.From = d.UTC()
	}
	if in.To != "" {
		d, err := day("to", in.To)
		if err != nil {
			return q, err
		}
		q.Until = d.AddDate(0, 0, 1).UTC()
	}
	if !q.From.IsZero() && !q.Until.IsZero() && !q.From.Before(q.Until) {
		return q, burg.Errorf(burg.EINVALID, "The first day of the search comes after its last day.")
	}
	switch burg.SearchSort(in.Sort) {
	case "", burg.SortRelevance:
		q.Sort = burg.SortRelevance
	case burg.SortDate:
		q.Sort = burg.SortDate
	default:
		return q, burg.Errorf(burg.EINVALID, "Search results are sorted by relevance or by date.")
	}
	if in.Cursor != "" && q.Sort != burg.SortDate {
		return q, burg.Errorf(burg.EINVALID, "Only results sorted by date continue from a cursor.")
	}
	if in.Page < 0 {
		return q, burg.Errorf(burg.EINVALID, "Pages of results are numbered from 1.")
	}
	q.IncludeComments = in.Comments
	return q, nil
}
