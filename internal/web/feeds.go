package web

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/feeds"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/markup"
)

// The feeds of the site, of each section, tag and poster (RSS 2.0 at
// feed.xml, Atom at atom.xml, JSON Feed at feed.json), and of each
// article's comments (comments.xml, comments.atom). Each is served from
// the page cache, which the events of writes drop, with an ETag and a
// Last-Modified for conditional GET.

// feedFormat is one way of writing a feed.
type feedFormat struct {
	contentType string
	write       func(*feeds.Feed, *bytes.Buffer) error
}

var feedFormats = map[string]feedFormat{
	"rss":  {"application/rss+xml; charset=utf-8", func(f *feeds.Feed, b *bytes.Buffer) error { return f.WriteRss(b) }},
	"atom": {"application/atom+xml; charset=utf-8", func(f *feeds.Feed, b *bytes.Buffer) error { return f.WriteAtom(b) }},
	"json": {"application/feed+json; charset=utf-8", func(f *feeds.Feed, b *bytes.Buffer) error { return f.WriteJSON(b) }},
}

// feedLink is a feed a page points to with <link rel="alternate">.
type feedLink struct {
	Type, Title, Href string
}

// postFeeds are the links to the feeds of a listing at path ("" for the
// site).
func postFeeds(title, path string) []feedLink {
	return []feedLink{
		{"application/rss+xml", title + " (RSS)", path + "/feed.xml"},
		{"application/atom+xml", title + " (Atom)", path + "/atom.xml"},
		{"application/feed+json", title + " (JSON Feed)", path + "/feed.json"},
	}
}

// commentFeeds are the links to the feeds of an article's comments.
func commentFeeds(p *burg.Post) []feedLink {
	path := "/posts/" + strconv.FormatInt(p.ID, 10)
	return []feedLink{
		{"application/rss+xml", "Comments on this article (RSS)", path + "/comments.xml"},
		{"application/atom+xml", "Comments on this article (Atom)", path + "/comments.atom"},
	}
}

// handleFeed serves the feed of a listing: the site, a section, a tag or
// a poster, as the route says.
func (s *Server) handleFeed(format, kind string) http.HandlerFunc {
	ff := feedFormats[format]
	return func(w http.ResponseWriter, r *http.Request) {
		s.cachedBytes(w, r, ff.contentType, func(r *http.Request) ([]byte, []string, error) {
			ctx, cancel := ctxTimeout(r)
			defer cancel()
			title, path, desc, f, err := s.feedSubject(ctx, r, kind)
			if err != nil {
				return nil, nil, err
			}
			posts, err := s.app.FeedPosts(ctx, f)
			if err != nil {
				return nil, nil, err
			}
			feed := s.postFeed(r, title, path, desc, posts)
			var b bytes.Buffer
			if err := ff.write(feed, &b); err != nil {
				return nil, nil, err
			}
			return b.Bytes(), postDeps(posts), nil
		})
	}
}

// feedSubject reads what a listing's feed is of.
func (s *Server) feedSubject(ctx context.Context, r *http.Request, kind string) (title, path, desc string, f burg.PostFilter, err error) {
	switch kind {
	case "section":
		sec, err := s.store.FindSectionBySlug(ctx, r.PathValue("slug"))
		if err != nil {
			return "", "", "", f, err
		}
		return sec.Name, "/sections/" + sec.Slug, "The latest in " + sec.Name + ".", burg.PostFilter{SectionID: sec.ID}, nil
	case "tag":
		tag, err := s.store.FindTagBySlug(ctx, r.PathValue("slug"))
		if err != nil {
			return "", "", "", f, err
		}
		d := tag.Description
		if d == "" {
			d = "The latest filed under " + tag.Name + "."
		}
		return tag.Name, "/tags/" + tag.Slug, d, burg.PostFilter{TagID: tag.ID}, nil
	case "poster":
		u, err := s.store.FindUserByNick(ctx, r.PathValue("nick"))
		if err != nil {
			return "", "", "", f, err
		}
		return "Posts by " + u.Nick, "/posters/" + url.PathEscape(u.Nick), "The latest posted by " + u.Nick + ".", burg.PostFilter{PosterID: u.ID}, nil
	}
	return s.cfg.SiteName, "", "The latest news on " + s.cfg.SiteName + ".", burg.PostFilter{}, nil
}

// postFeed is a feed of posts with their full text, every link absolute.
func (s *Server) postFeed(r *http.Request, title, path, desc string, posts []*burg.Post) *feeds.Feed {
	origin := s.origin(r)
	home := origin + path
	if path == "" {
		home = origin + "/"
		title = s.cfg.SiteName
	} else {
		title += " · " + s.cfg.SiteName
	}
	feed := &feeds.Feed{Title: title, Link: &feeds.Link{Href: home}, Description: desc, Id: home}
	for _, p := range posts {
		v := s.view(p)
		it := &feeds.Item{
			Title:       p.Title,
			Link:        &feeds.Link{Href: origin + postURL(p)},
			Id:          origin + "/posts/" + strconv.FormatInt(p.ID, 10),
			IsPermaLink: "false",
			Created:     p.PostedAt,
			Updated:     later(p.UpdatedAt, p.PostedAt),
			Description: summary(p),
			Content:     postContent(v, origin),
		}
		if p.Poster != nil {
			it.Author = &feeds.Author{Name: p.Poster.Nick}
		}
		if p.SourceURL != "" {
			it.Source = &feeds.Link{Href: p.SourceURL}
		}
		feed.Items = append(feed.Items, it)
		feed.Updated = later(feed.Updated, it.Updated)
		feed.Created = later(feed.Created, it.Created)
	}
	if feed.Updated.IsZero() {
		feed.Updated = s.now() // an empty feed still needs a date
	}
	return feed
}

// later is the later of two times.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// summary is a post's first words as plain text.
func summary(p *burg.Post) string {
	return markup.Excerpt(p.Body, 300)
}

// postContent is a post's whole text as HTML for a feed: its body as
// markup made it, its note, its source and its tags, links absolute.
func postContent(v *postView, origin string) string {
	var b strings.Builder
	esc := template.HTMLEscapeString
	if v.Note != "" {
		b.WriteString("<p><em>" + esc(v.Note) + "</em></p>\n")
	}
	b.WriteString(absoluteLinks(string(v.Body), origin))
	if v.SourceURL != "" {
		name := v.SourceTag
		if name == "" {
			name = v.SourceURL
		}
		b.WriteString("\n<p>Source: <a href=\"" + esc(v.SourceURL) + "\">" + esc(name) + "</a></p>")
	}
	if len(v.Tags) > 0 {
		b.WriteString("\n<p>Tags: ")
		for i, t := range v.Tags {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("<a href=\"" + esc(origin+"/tags/"+t.Slug) + "\">" + esc(t.Name) + "</a>")
		}
		b.WriteString("</p>")
	}
	return b.String()
}

// handleCommentFeed serves the feed of an article's comments that readers
// may see.
func (s *Server) handleCommentFeed(format string) http.HandlerFunc {
	ff := feedFormats[format]
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil || id <= 0 {
			s.error(w, r, burg.Errorf(burg.ENOTFOUND, "There is no such post."))
			return
		}
		s.cachedBytes(w, r, ff.contentType, func(r *http.Request) ([]byte, []string, error) {
			ctx, cancel := ctxTimeout(r)
			defer cancel()
			p, cs, err := s.app.FeedComments(ctx, id)
			if err != nil {
				return nil, nil, err
			}
			origin := s.origin(r)
			link := origin + postURL(p)
			feed := &feeds.Feed{Title: "Comments on " + p.Title + " · " + s.cfg.SiteName, Link: &feeds.Link{Href: link},
				Description: "Comments on " + p.Title + ".", Id: link + "#comments", Updated: p.PostedAt}
			for _, c := range cs {
				html := s.caches.comments.get(c.ID, c.Body, 0, func() template.HTML { return markup.Render(c.Body) })
				feed.Items = append(feed.Items, &feeds.Item{
					Title:       "#" + strconv.Itoa(c.Num) + " " + c.Nick,
					Link:        &feeds.Link{Href: link + "#c" + strconv.FormatInt(c.ID, 10)},
					Id:          origin + "/posts/" + strconv.FormatInt(p.ID, 10) + "#c" + strconv.FormatInt(c.ID, 10),
					IsPermaLink: "false",
					Author:      &feeds.Author{Name: c.Nick},
					Created:     c.CreatedAt,
					Updated:     later(c.UpdatedAt, c.CreatedAt),
					Content:     absoluteLinks(string(html), origin),
				})
				feed.Updated = later(feed.Updated, later(c.UpdatedAt, c.CreatedAt))
			}
			var b bytes.Buffer
			if err := ff.write(feed, &b); err != nil {
				return nil, nil, err
			}
			return b.Bytes(), threadDeps(p.ID), nil
		})
	}
}
