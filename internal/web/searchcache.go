package web

import (
	"slices"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
	"github.com/burg-news/burg/internal/memo"
)

// searchCache keeps pages of search results by the search as asked, so
// that the same search asked again (the word in the news that everyone
// looks up, page 2 of it, a robot's retries) costs a map lookup rather
// than a full-text query. Results change with writes only: a comment
// drops the searches that include comments and those that show its post
// (its count), anything else drops them all (a post may now match any
// search). Like the other data caches an entry older than freshFor is
// read again. Entries keep what the results page shows of a post, not
// its text, so that many fit.
type searchCache struct {
	entries *memo.Cache[app.SearchInput, app.SearchPage]
}

func newSearchCache(limit int) *searchCache {
	return &searchCache{entries: memo.New[app.SearchInput, app.SearchPage](limit, freshFor)}
}

// get returns the results of in, searching with load when they are not
// kept or are old. Errors are not kept.
func (c *searchCache) get(in app.SearchInput, now time.Time, load func() (app.SearchPage, error)) (app.SearchPage, error) {
	return c.entries.Get(in, now, func() (app.SearchPage, error) {
		page, err := load()
		if err != nil {
			return page, err
		}
		return slimResults(page), nil
	})
}

// slimResults copies the posts of page without their text, body and
// remarks, which a results page does not show.
func slimResults(page app.SearchPage) app.SearchPage {
	hits := slices.Clone(page.Results.Hits)
	for i, h := range hits {
		if h.Post == nil {
			continue
		}
		p := *h.Post
		p.Body, p.BodyHTML, p.Text, p.Remarks = "", "", "", nil
		hits[i].Post = &p
	}
	page.Results.Hits = hits
	return page
}

// dropComment drops the searches a comment on post may change: those
// that include comments, and those showing the post.
func (c *searchCache) dropComment(post int64) {
	c.entries.DropFunc(func(in app.SearchInput, page app.SearchPage) bool {
		return in.Comments || slices.ContainsFunc(page.Results.Hits, func(h burg.SearchHit) bool {
			return h.Post != nil && h.Post.ID == post
		})
	})
}

// dropAll drops every search.
func (c *searchCache) dropAll() { c.entries.DropAll() }
