package web

import (
	"context"
	"html/template"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/markup"
)

// view prepares a post for a page. The body is the rendering stored with
// the post (made by internal/markup and the house voice when the post was
// saved); a post never rendered yet, until the background renderer
// reaches it, shows markup's HTML from the render cache.
func (s *Server) view(p *burg.Post) *postView {
	body := template.HTML(p.BodyHTML)
	if p.BodyHTML == "" {
		body = s.caches.bodies.get(p.ID, p.Body, 0, func() template.HTML {
			return markup.RenderPost(p.Body, markup.PostOptions{})
		})
	}
	v := &postView{
		Post: p, ID: p.ID, Title: p.Title, Slug: p.Slug, SourceURL: p.SourceURL, SourceTag: p.SourceTag,
		Note: p.Note, PostedAt: p.PostedAt, Section: p.Section, Poster: p.Poster, Tags: p.Tags,
		CommentCount: p.CommentCount, LastCommentAt: p.LastCommentAt, LastCommentNick: p.LastCommentNick,
		Body:         body,
		Remarks:      s.viewRemarks(p.Remarks),
		Views:        p.Views,
		URL:          postURL(p),
		CommentsOpen: s.app.CommentsOpen(p),
	}
	if s.views != nil {
		v.Views += s.views.Pending(p.ID)
	}
	return v
}

// viewAll prepares the posts of a listing.
func (s *Server) viewAll(_ context.Context, posts []*burg.Post) ([]*postView, error) {
	out := make([]*postView, len(posts))
	for i, p := range posts {
		out[i] = s.view(p)
	}
	return out, nil
}

// remarkView is an editorial remark ready to show.
type remarkView struct {
	User *burg.User
	Body template.HTML
}

// viewRemarks renders a post's remarks; their text goes through markup
// like every text a person typed.
func (s *Server) viewRemarks(rs []*burg.Remark) []remarkView {
	if len(rs) == 0 {
		return nil
	}
	out := make([]remarkView, len(rs))
	for i, r := range rs {
		out[i] = remarkView{User: r.User, Body: s.caches.remarks.get(r.ID, r.Body, 0, func() template.HTML { return markup.Render(r.Body) })}
	}
	return out
}
