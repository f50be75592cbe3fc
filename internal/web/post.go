package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
	"github.com/burg-news/burg/internal/markup"
)

// relatedPerTag is how many other posts the Related block lists per tag.
const relatedPerTag = 5

// handlePostShow serves an article page. A wrong slug redirects to the
// permanent address; a missing one is served as is.
//
// Readers get the page from the shared cache with their own few bytes
// (the visitor line, new comments since their last visit, a suggested
// nick, the form token) spliced in, without a render and without a read
// from the store. Logged-in users, and a visitor who may still edit a
// comment of theirs, get a page rendered for them.
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
	now := s.now()
	visitorID := s.visitorID(r)
	if !app.IsRobot(r.UserAgent()) {
		// Readers get a visitor cookie on an article page, where they may
		// comment; robots get none.
		visitor := visitorID
		if visitor == "" {
			visitor = s.ensureVisitor(w, r)
		}
		if s.views != nil && r.Method == http.MethodGet && isNavigation(r) {
			// A reader is one viewer per visitor cookie. One without a
			// cookie yet (given one just now) is known by address too, so
			// that a script that drops cookies counts once an hour.
			keys := []string{"v:" + visitor}
			if visitorID == "" {
				keys = append(keys, "ip:"+clientIP(r))
			}
			s.views.AddFrom(post.ID, now, keys...)
		}
	}
	if s.user(r) != nil || editsOwn(art.comments, visitorID, now) || holdsOwn(art.comments, visitorID) {
		s.showPost(w, r, post, http.StatusOK, nil)
		return
	}
	v, err := s.visitor(ctx, visitorID, r.Method == http.MethodGet, now)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v.markNew(art.comments)
	s.serveArticle(w, r, art, v)
}

// editsOwn reports whether the visitor may still edit one of the comments,
// which their page then shows them with a link.
// holdsOwn reports whether the visitor wrote one of the comments that
// wait for a moderator, which only they (and moderators) see: their page
// is then their own.
func holdsOwn(comments []*burg.Comment, visitorID string) bool {
	if visitorID == "" {
		return false
	}
	for _, c := range comments {
		if c.State == burg.CommentHeld && c.VisitorID == visitorID {
			return true
		}
	}
	return false
}

func editsOwn(comments []*burg.Comment, visitorID string, now time.Time) bool {
	if visitorID == "" {
		return false
	}
	for i := len(comments) - 1; i >= 0; i-- {
		c := comments[i]
		if now.Sub(c.CreatedAt) >= burg.OwnEditWindow {
			break // in order of time: the rest are older
		}
		if c.EditableBy(visitorID, now) {
			return true
		}
	}
	return false
}

// articleData is what every reader of an article shares.
type articleData struct {
	post        *burg.Post
	related     []burg.Related
	comments    []*burg.Comment
	description string
	// snapshot is the kept copy of the post's source, without its raw
	// response; nil when there is none.
	snapshot *burg.Snapshot

	// The thread as the shared page shows it (see threadSegments), made
	// once per load of the data, which every change of a comment replaces.
	threadOnce  sync.Once
	threadSlots []string
	threadParts map[string]segment
}

// sharedThread returns the thread of art as the shared page shows it.
func (s *Server) sharedThread(art *articleData) ([]string, map[string]segment) {
	art.threadOnce.Do(func() { art.threadSlots, art.threadParts = s.threadSegments(art.comments) })
	return art.threadSlots, art.threadParts
}

// article reads a live post with its Related block and comments, through
// the shared data cache.
func (s *Server) article(ctx context.Context, id int64) (*articleData, error) {
	return s.caches.articles.getFrom(id, s.now(), func(prev *articleData, grown bool) (*articleData, error) {
		if grown {
			return s.grownArticle(ctx, prev)
		}
		post, err := s.store.FindPost(ctx, id)
		if err != nil {
			return nil, err
		}
		related, err := s.caches.related.get(id, s.now(), func() ([]burg.Related, error) {
			return s.store.FindRelated(ctx, id, relatedPerTag)
		})
		if err != nil {
			return nil, err
		}
		comments, err := s.store.FindComments(ctx, id)
		if err != nil {
			return nil, err
		}
		snap, err := s.store.FindSnapshot(ctx, id, false)
		if burg.ErrorCode(err) == burg.ENOTFOUND {
			snap, err = nil, nil
		}
		if err != nil {
			return nil, err
		}
		return &articleData{post: post, related: related, comments: comments,
			description: markup.Excerpt(post.Body, 200), snapshot: snap}, nil
	})
}

// grownArticle is prev with the comments made since it was read, and the
// post read again for its counts: a new comment adds to a thread without
// changing what it held, so a long thread is not read whole for each.
func (s *Server) grownArticle(ctx context.Context, prev *articleData) (*articleData, error) {
	post, err := s.store.FindPost(ctx, prev.post.ID)
	if err != nil {
		return nil, err
	}
	more, err := s.store.FindCommentsFrom(ctx, post.ID, lastNum(prev.comments))
	if err != nil {
		return nil, err
	}
	return &articleData{post: post, related: prev.related, comments: slices.Concat(prev.comments, more),
		description: markup.Excerpt(post.Body, 200), snapshot: prev.snapshot}, nil
}

// articlePage builds the page of an article for r: with slots for the
// shared cache, or for one user (visitor and form given).
func (s *Server) articlePage(ctx context.Context, r *http.Request, art *articleData, visitor *visitorView, form *commentForm) (*postShowPage, error) {
	post := art.post
	v := s.view(post)
	// On its own page the article's title is the h1, so the body's
	// sub-headlines (h3 under a listing's h2 titles) move up to h2.
	v.Body = fitHeadings(v.Body)
	if sn := art.snapshot; sn != nil {
		v.ArchiveURL = fmt.Sprintf("/posts/%d/archive", post.ID)
		v.SourceDead = sn.DeadAt != nil
	}
	p := &postShowPage{
		base:    s.base(r, post.Title),
		Post:    v,
		Related: art.related,
		Form:    form,
		Visitor: visitor,
		Open:    v.CommentsOpen,
	}
	mod := s.actor(r).Moderator()
	if p.Slots {
		p.ThreadSlots, p.threadParts = s.sharedThread(art)
	} else {
		p.Comments = s.viewComments(art.comments, viewer{visitor: visitor, mod: mod, next: postURL(post)})
	}
	// Read-only mode is a setting: a settings event drops the shared
	// pages that show it.
	p.ReadOnly = !mod && s.app.ReadOnly(ctx)
	if n := len(art.comments); n > 0 {
		p.LastCommentID = art.comments[n-1].ID
	}
	if !p.Slots {
		p.Tools = s.toolsFor(r, post, v.CommentsOpen)
	}
	if err := s.withChrome(ctx, &p.base); err != nil {
		return nil, err
	}
	p.Canonical = v.URL
	p.CurrentTab = post.Section.Page.Slug
	p.Description = art.description
	p.JSONLD = s.newsArticle(post, p.Description, p.Origin)
	p.Feeds = append(commentFeeds(post), p.Feeds...)
	return p, nil
}

// showPost renders an article page for one user, with its comments and
// the comment form (form is what was typed, when the form comes back).
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
		art = &articleData{post: post, related: art.related, comments: art.comments, description: markup.Excerpt(post.Body, 200),
			snapshot: art.snapshot}
	}
	visitor, err := s.visitor(ctx, s.currentVisitor(w, r), r.Method == http.MethodGet, s.now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	visitor.markNew(art.comments)
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
	p, err := s.articlePage(ctx, r, art, visitor, form)
	if err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-cache")
	s.render(w, r, status, "post", p)
}

// newsArticle is the schema.org NewsArticle of a post, as JSON-LD.
func (s *Server) newsArticle(p *burg.Post, description, origin string) map[string]any {
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

// subheadLevel turns the body's h3 into h2. The body is internal/markup's
// sanitised output, where "<h3" can only be the tag (text has its "<"
// escaped).
var subheadLevel = strings.NewReplacer("<h3 ", "<h2 ", "<h3>", "<h2>", "</h3>", "</h2>")

// fitHeadings fits a post body's headings under an article page's h1.
func fitHeadings(body template.HTML) template.HTML {
	if !strings.Contains(string(body), "<h3") {
		return body
	}
	return template.HTML(subheadLevel.Replace(string(body)))
}
