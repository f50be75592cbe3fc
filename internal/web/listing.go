package web

import (
	"net/http"
	"net/url"

	burg "github.com/burg-news/burg"
)

// pageParams are the query parameters a listing reads.
var pageParams = []string{"page", "before", "after"}

// listPosts serves one page of the posts f selects as a listing, from the
// page cache when fresh.
func (s *Server) listPosts(w http.ResponseWriter, r *http.Request, f burg.PostFilter, link string, p *listingPage) {
	s.cachedRender(w, r, pageParams, func(r *http.Request) (built, error) {
		q := *p
		q.base.Slots = hasSlots(r)
		return s.listing(r, f, link, &q)
	})
}

// listing builds one page of the posts f selects.
func (s *Server) listing(r *http.Request, f burg.PostFilter, link string, p *listingPage) (built, error) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	pl, err := parsePlace(r)
	if err != nil {
		return built{}, err
	}
	// One more than a page shows whether there is another beyond it.
	f.Limit, f.Before, f.After, f.Listing = perPage+1, pl.before, pl.after, true
	if pl.page > 0 {
		f.Offset = (pl.page - 1) * perPage
	}
	posts, total, err := s.store.FindPosts(ctx, f)
	if err != nil {
		return built{}, err
	}
	more := len(posts) > perPage
	if more {
		if pl.after != nil {
			posts = posts[1:] // the newest is the next page's
		} else {
			posts = posts[:perPage]
		}
	}
	pg := pager{Page: pl.page, Total: min(total, burg.PostCountCap), More: total > burg.PostCountCap}
	if !pg.More {
		pg.Pages = max((total+perPage-1)/perPage, 1)
	}
	switch {
	case pl.page > pg.Pages && pg.Pages > 0 && total > 0:
		return built{}, burg.Errorf(burg.ENOTFOUND, "There is no page %d; the last is %d.", pl.page, pg.Pages)
	case len(posts) == 0 && (pl.before != nil || pl.after != nil):
		return built{}, burg.Errorf(burg.ENOTFOUND, "There are no more posts this way.")
	}
	older := (pl.after != nil && len(posts) > 0) || (pl.after == nil && more)
	newer := pl.before != nil || pl.page > 1 || (pl.after != nil && more)
	switch {
	case older && pl.page > 0 && pl.page < numberedPages:
		pg.Next = withPage(link, pl.page+1)
	case older:
		pg.Next = withQuery(link, "before", cursorString(burg.CursorOf(posts[len(posts)-1])))
	}
	switch {
	case newer && pl.page > 1:
		pg.Prev = withPage(link, pl.page-1)
	case newer:
		pg.Prev = withQuery(link, "after", cursorString(burg.CursorOf(posts[0])))
	}
	p.Pager = pg
	if p.Posts, err = s.viewAll(ctx, posts); err != nil {
		return built{}, err
	}
	if err := s.withChrome(ctx, &p.base); err != nil {
		return built{}, err
	}
	p.Canonical = link
	if pl.page > 1 {
		p.Canonical = withPage(link, pl.page)
	}
	if pl.page == 0 {
		p.NoIndex = true // a place reached by cursor: the numbered pages and days are the permalinks
	}
	return built{name: "listing", page: p, deps: postDeps(posts)}, nil
}

// handleSectionShow lists a section's posts, newest first.
func (s *Server) handleSectionShow(w http.ResponseWriter, r *http.Request) {
	sec, err := s.store.FindSectionBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := &listingPage{base: s.base(r, sec.Name), Heading: sec.Name, Kind: "section", Section: sec,
		Empty: "Nothing has been filed in this section yet."}
	p.CurrentTab = sec.Page.Slug
	p.Feeds = append(postFeeds(sec.Name, "/sections/"+sec.Slug), p.Feeds...)
	s.listPosts(w, r, burg.PostFilter{SectionID: sec.ID}, "/sections/"+sec.Slug, p)
}

// handleTagShow lists the posts filed under a tag, with the tag's entry.
func (s *Server) handleTagShow(w http.ResponseWriter, r *http.Request) {
	tag, err := s.store.FindTagBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := &listingPage{base: s.base(r, tag.Name), Heading: tag.Name, Kind: "tag", Tag: tag,
		Empty: "Nothing is filed under this tag yet."}
	p.Description = tag.Description
	p.Feeds = append(postFeeds(tag.Name, "/tags/"+tag.Slug), p.Feeds...)
	s.listPosts(w, r, burg.PostFilter{TagID: tag.ID}, "/tags/"+tag.Slug, p)
}

// handlePosterShow lists the posts of one poster.
func (s *Server) handlePosterShow(w http.ResponseWriter, r *http.Request) {
	u, err := s.store.FindUserByNick(r.Context(), r.PathValue("nick"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := &listingPage{base: s.base(r, "Posts by "+u.Nick), Heading: "Posts by " + u.Nick, Kind: "poster", Poster: u,
		Empty: u.Nick + " has not posted anything yet."}
	p.Feeds = append(postFeeds("Posts by "+u.Nick, "/posters/"+url.PathEscape(u.Nick)), p.Feeds...)
	s.listPosts(w, r, burg.PostFilter{PosterID: u.ID}, "/posters/"+url.PathEscape(u.Nick), p)
}

// handleLatestShow is the posting order: all posts by time, newest first.
func (s *Server) handleLatestShow(w http.ResponseWriter, r *http.Request) {
	p := &listingPage{base: s.base(r, "Posting order"), Heading: "Posting order", Kind: "latest",
		Empty: "Nothing has been posted yet."}
	s.listPosts(w, r, burg.PostFilter{}, "/latest", p)
}
