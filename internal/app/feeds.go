package app

import (
	"cmp"
	"context"
	"io"
	"strconv"
	"strings"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/extract"
	"github.com/burg-news/burg/internal/feedread"
	"github.com/burg-news/burg/internal/markup"
)

// FeedOptions tune ImportFeed.
type FeedOptions struct {
	// Section is the section the posts go in, by slug or ID; the first
	// section when empty.
	Section string
	// Poster is the nick of the user the posts are by; when empty, a
	// poster named after the feed (made the first time, as authors of
	// exports are).
	Poster string
	// BaseURL is where the feed came from, for its relative links and
	// the record of what was imported; Name names a feed read from a
	// file.
	BaseURL, Name string
	// MaxItems bounds the items read; 0 means feedread's default.
	MaxItems int
}

// maxExcerpt bounds a feed item's excerpt, in runes of markup.
const maxExcerpt = 4000

// ImportFeed imports the items of an RSS or Atom feed as posts, as the
// actor (an admin or the operator): the title, the link as the source
// URL, the summary as the excerpt, the date, and the categories as tags.
// A source a live post has already is skipped, with the post named, as
// the posting desk refuses it; so is an item imported before. One
// EventAll is published at the end.
func (a *App) ImportFeed(ctx context.Context, x Actor, r io.Reader, opt FeedOptions) (*ImportSummary, error) {
	rd := feedread.NewReader(r, feedread.Options{BaseURL: opt.BaseURL, MaxItems: opt.MaxItems})
	feed, err := rd.Feed()
	if err != nil {
		return newSummary(""), err
	}
	origin := cmp.Or(opt.BaseURL, feed.Link, opt.Name, feed.Title)
	if origin == "" {
		return newSummary(""), burg.Errorf(burg.EINVALID, "The feed names no site; give it a name.")
	}
	im, err := a.newImporter(ctx, x, "feed:"+origin, DefaultImportBatch)
	if err != nil {
		return newSummary("feed:" + origin), err
	}
	defer im.done(ctx)
	sections, err := a.store.FindSections(ctx)
	if err != nil {
		return im.sum, err
	}
	if len(sections) == 0 {
		return im.sum, burg.Errorf(burg.EINVALID, "The site has no sections yet to file the posts in.")
	}
	sec := sections[0]
	if opt.Section != "" {
		sec = nil
		id, _ := strconv.ParseInt(opt.Section, 10, 64)
		for _, s := range sections {
			if s.ID == id || s.Slug == strings.ToLower(opt.Section) {
				sec = s
			}
		}
		if sec == nil {
			return im.sum, burg.Errorf(burg.EINVALID, "There is no section %q.", burg.Clip(opt.Section, 40))
		}
	}
	var posterID int64
	var poster *burg.User
	if opt.Poster != "" {
		u, err := a.store.FindUserByNick(ctx, opt.Poster)
		if err != nil {
			if burg.ErrorCode(err) == burg.ENOTFOUND {
				return im.sum, burg.Errorf(burg.EINVALID, "There is no user %q to post as.", burg.Clip(opt.Poster, 40))
			}
			return im.sum, err
		}
		posterID = u.ID
	} else if posterID, poster, err = im.user(ctx, "feed", cmp.Or(feed.Title, "Feed")); err != nil {
		return im.sum, err
	}
	table, err := a.sourceTable(ctx)
	if err != nil {
		return im.sum, err
	}
	seen := map[string]bool{}
	for {
		it, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if ferr := im.flush(ctx); ferr != nil {
				return im.sum, ferr
			}
			return im.sum, err
		}
		link, lerr := extract.NormalizeURL(it.Link)
		switch {
		case strings.TrimSpace(it.Link) == "":
			im.sum.skip("items without a link")
			continue
		case lerr != nil:
			im.sum.skip("items whose link is not a web address")
			continue
		case seen[link]:
			im.sum.skip("items repeating a link of the feed")
			continue
		}
		seen[link] = true
		key := cmp.Or(it.GUID, link)
		done, err := a.store.FindImports(ctx, im.batch.Source, burg.ImportPost, []string{key})
		if err != nil {
			return im.sum, err
		}
		if _, ok := done[key]; ok {
			im.sum.Again["post"]++
			continue
		}
		if err := a.checkSourceFree(ctx, link, 0); err != nil {
			if dup := PostedAlready(err); dup != nil {
				im.sum.skip("sources posted already")
				im.sum.note("%s is posted already, as %q (post %d)", link, burg.Clip(dup.Title, 60), dup.ID)
				continue
			}
			return im.sum, err
		}
		p := &burg.Post{SourceURL: link, SectionID: sec.ID, PosterID: posterID, Poster: poster,
			SourceTag: extract.SourceTag(link, table), PostedAt: it.Date()}
		if p.PostedAt.IsZero() {
			p.PostedAt = a.now()
		}
		body := markup.FromHTML(it.Excerpt(), false)
		if len([]rune(body)) > maxExcerpt {
			body = markup.Excerpt(body, maxExcerpt)
		}
		p.Body = body
		p.Title = postTitle(it.Title, body)
		p.Tags = im.tagsFor(it.Categories, nil)
		check := *p
		if check.PosterID == 0 {
			check.PosterID = -1
		}
		if err := check.Validate(); err != nil {
			im.sum.skip("items that are not valid posts here")
			im.sum.note("%s: %s", link, burg.ErrorMessage(err))
			continue
		}
		// Two items of one batch may not share a source; seen keeps them
		// apart, and the store's index refuses a race with the desk.
		im.batch.Posts = append(im.batch.Posts, burg.ImportedPost{Post: p, ForeignID: key})
		im.sum.Made["post"]++
		if len(im.batch.Posts) >= im.size {
			if err := im.flush(ctx); err != nil {
				return im.sum, a.sourceRace(ctx, err, "", 0)
			}
			posterID, poster = im.users["feed"], nil
			if opt.Poster != "" {
				posterID = p.PosterID
			}
		}
	}
	if err := im.flush(ctx); err != nil {
		return im.sum, err
	}
	return im.sum, nil
}

// FetchFeed fetches a feed through the posting desk's fetcher, within its
// limits (time, size, addresses), for ImportFeed.
func (a *App) FetchFeed(ctx context.Context, x Actor, rawURL string) (*extract.Response, error) {
	if err := x.needAdmin(); err != nil {
		return nil, err
	}
	if a.fetcher == nil {
		return nil, burg.Errorf(burg.EINVALID, "Fetching is switched off on this site.")
	}
	resp, err := a.fetcher.FetchRaw(ctx, rawURL, "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1")
	if err != nil {
		return nil, err
	}
	if resp.Status < 200 || resp.Status > 299 {
		return nil, burg.Errorf(burg.EINVALID, "The feed's site answered %s.", resp.StatusText)
	}
	return resp, nil
}
