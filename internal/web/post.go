package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
	"github.com/burg-news/burg/internal/markup"
)

// relatedPerTag is how many other posts the Related block lists per tag.
const relatedPerTag = 5

// handlePostShow serves an article page. A wrong slug redirects to the
// permanent address; a missing one is served as is.
func (s *Server) handlePostShow(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	id, err := parseID(r.PathValue("id"), "post")
	if err != nil {
		s.error(w, r, err)
		return
	}
	art, err := s.article(ctx, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	post := art.post
	if slug := r.PathValue("slug"); slug != "" && slug != post.Slug {
		http.Redirect(w, r, postURL(post), http.StatusMovedPermanently)
		return
	}
	if !app.IsRobot(r.UserAgent()) {
		// Readers get a visitor cookie on an article page, where they may
		// comment; robots get none.
		visitor := s.ensureVisitor(w, r)
		if s.views != nil && r.Method == http.MethodGet && isNavigation(r) {
			// A reader is one viewer per visitor cookie. One without a
			// cookie yet (given one just now) is known by address too, so
			// that a script that drops cookies counts once an hour.
			keys := []string{"v:" + visitor}
			if s.visitorID(r) == "" {
				keys = append(keys, "ip:"+clientIP(r))
			}
			s.views.AddFrom(post.ID, s.now(), keys...)
		}
	}
	s.showPost(w, r, post, http.StatusOK, nil)
}

// articleData is what every reader of an article shares.
type articleData struct {
	post        *burg.Post
	related     []burg.Related
	comments    []*burg.Comment
	description string
}

// article reads a live post with its Related block and comments, through
// the shared data cache.
func (s *Server) article(ctx context.Context, id int64) (*articleData, error) {
	return s.caches.articles.get(id, s.now(), func() (*articleData, error) {
		post, err := s.store.FindPost(ctx, id)
		if err != nil {
			return nil, err
		}
		related, err := s.store.FindRelated(ctx, id, relatedPerTag)
		if err != nil {
			return nil, err
		}
		comments, err := s.store.FindComments(ctx, id)
		if err != nil {
			return nil, err
		}
		return &articleData{post: post, related: related, comments: comments,
			description: markup.Excerpt(post.Body, 200)}, nil
	})
}

// showPost renders an article page with its comments and the comment form
// (form is what was typed, when the form comes back).
func (s *Server) showPost(w http.ResponseWriter, r *http.Request, post *burg.Post, status int, form *commentForm) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	art, err := s.article(ctx, post.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if art.post != post {
		// The form came back for a post read afresh (or a moderator's view
		// of a deleted one): show that post, with the shared extras.
		art = &articleData{post: post, related: art.related, comments: art.comments, description: markup.Excerpt(post.Body, 200)}
	}
	related, comments := art.related, art.comments
	visitor, err := s.findVisitor(ctx, s.currentVisitor(w, r))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if s.visits != nil && visitor.ID != "" && r.Method == http.MethodGet {
		s.visits.Touch(visitor.ID, s.now())
	}
	if form == nil {
		form = &commentForm{}
	}
	if form.Token == "" {
		form.Token = s.app.FormToken()
	}
	if u := s.user(r); u != nil && form.Name == "" && form.Error == "" {
		form.Name = u.Nick // a registered user comments under their own nick
	}
	if form.Name == "" && form.Error == "" {
		form.Suggested = s.app.SuggestNick()
	}
	v := s.view(post)
	x := s.actor(r)
	p := &postShowPage{
		base:     s.base(r, post.Title),
		Post:     v,
		Related:  related,
		Comments: s.viewComments(comments, viewer{visitor: visitor, mod: x.Moderator(), next: postURL(post)}),
		Form:     form,
		Visitor:  visitor,
		Open:     v.CommentsOpen,
		ReadOnly: !x.Moderator() && s.app.ReadOnly(ctx),
	}
	if len(comments) > 0 {
		p.LastCommentID = comments[len(comments)-1].ID
	}
	p.Tools = s.toolsFor(r, post, v.CommentsOpen)
	if err := s.withChrome(ctx, &p.base); err != nil {
		s.error(w, r, err)
		return
	}
	p.Canonical = v.URL
	p.CurrentTab = post.Section.Page.Slug
	p.Description = art.description
	p.JSONLD = s.newsArticle(post, p.Description)
	if visitor.ID != "" || status != http.StatusOK {
		w.Header().Set("Cache-Control", "private, no-cache")
	}
	s.render(w, r, status, "post", p)
}

// newsArticle is the schema.org NewsArticle of a post, as JSON-LD.
func (s *Server) newsArticle(p *burg.Post, description string) map[string]any {
	origin := s.cfg.BaseURL
	ld := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "NewsArticle",
		"headline":         p.Title,
		"datePublished":    p.PostedAt.Format("2006-01-02T15:04:05Z07:00"),
		"dateModified":     p.UpdatedAt.Format("2006-01-02T15:04:05Z07:00"),
		"articleSection":   p.Section.Name,
		"description":      description,
		"mainEntityOfPage": origin + postURL(p),
		"url":              origin + postURL(p),
		"author":           map[string]any{"@type": "Person", "name": p.Poster.Nick, "url": origin + "/posters/" + url.PathEscape(p.Poster.Nick)},
		"publisher":        map[string]any{"@type": "Organization", "name": s.cfg.SiteName, "url": origin + "/"},
		"commentCount":     p.CommentCount,
	}
	if len(p.Tags) > 0 {
		kw := make([]string, len(p.Tags))
		for i, t := range p.Tags {
			kw[i] = t.Name
		}
		ld["keywords"] = strings.Join(kw, ", ")
	}
	if p.SourceURL != "" {
		ld["isBasedOn"] = p.SourceURL
	}
	return ld
}

// isNavigation reports whether a request is a reader opening the page, as
// browsers that send Fetch Metadata say: not an image, a frame or a
// script's fetch of it. A request without those headers (an older
// browser) counts as one.
func isNavigation(r *http.Request) bool {
	if dest := r.Header.Get("Sec-Fetch-Dest"); dest != "" {
		return dest == "document"
	}
	if mode := r.Header.Get("Sec-Fetch-Mode"); mode != "" {
		return mode == "navigate"
	}
	return true
}
