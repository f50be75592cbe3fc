package web

import (
	"slices"
	"sync"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
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
	mu      sync.Mutex
	entries map[app.SearchInput]searchEntry
	limit   int
	gen     uint64 // bumped by every drop, so that reads begun before it are not kept
}

type searchEntry struct {
	at   time.Time
	page app.SearchPage
}

func newSearchCache(limit int) *searchCache {
	return &searchCache{entries: map[app.SearchInput]searchEntry{}, limit: limit}
}

// get returns the results of in, searching with load when they are not
// kept or are old. Errors are not kept.
func (c *searchCache) get(in app.SearchInput, now time.Time, load func() (app.SearchPage, error)) (app.SearchPage, error) {
	c.mu.Lock()
	e, ok := c.entries[in]
	gen := c.gen
	c.mu.Unlock()
	if ok && now.Sub(e.at) < freshFor && !now.Before(e.at) {
		return e.page, nil
	}
	page, err := load()
	if err != nil {
		return page, err
	}
	page = slimResults(page)
	c.mu.Lock()
	if gen == c.gen {
		if len(c.entries) >= c.limit {
			clear(c.entries) // bounded; the searches asked often come back first
		}
		c.entries[in] = searchEntry{at: now, page: page}
	}
	c.mu.Unlock()
	return page, nil
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
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for in, e := range c.entries {
		if in.Comments || slices.ContainsFunc(e.page.Results.Hits, func(h burg.SearchHit) bool {
			return h.Post != nil && h.Post.ID == post
		}) {
			delete(c.entries, in)
		}
	}
}

// dropAll drops every search.
func (c *searchCache) dropAll() {
	c.mu.Lock()
	clear(c.entries)
	c.gen++
	c.mu.Unlock()
}
