package web

import (
	"net/http"
	"strconv"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/markup"
)

var errBadAfter = burg.Errorf(burg.EINVALID, "after must be a comment number.")

type commentEditPage struct {
	base
	Comment *burg.Comment
	PostURL string
	Body    string
	Error   string
}

func commentURL(c *burg.Comment) string {
	p := &burg.Post{ID: c.PostID, Slug: c.PostSlug}
	return postURL(p) + "#c" + strconv.FormatInt(c.ID, 10)
}

// ownComment finds comment {id} when the visitor may still change it.
func (s *Server) ownComment(r *http.Request) (*burg.Comment, error) {
	id, err := parseID(r.PathValue("id"), "comment")
	if err != nil {
		return nil, err
	}
	return s.app.OwnComment(r.Context(), s.actor(r), id)
}

// handleCommentEdit shows the writer's own comment for editing.
func (s *Server) handleCommentEdit(w http.ResponseWriter, r *http.Request) {
	c, err := s.ownComment(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderCommentEdit(w, r, http.StatusOK, c, c.Body, "")
}

func (s *Server) renderCommentEdit(w http.ResponseWriter, r *http.Request, status int, c *burg.Comment, body, msg string) {
	p := &commentEditPage{base: s.base(r, "Edit your comment"), Comment: c, PostURL: commentURL(c), Body: body, Error: msg}
	p.NoIndex = true
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, status, "comment-edit", p)
}

// handleCommentUpdate saves the writer's edit; the old text is kept as a
// revision.
func (s *Server) handleCommentUpdate(w http.ResponseWriter, r *http.Request) {
	c, err := s.ownComment(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := readForm(w, r, formComment, ""); err != nil {
		s.error(w, r, err)
		return
	}
	body := r.PostForm.Get("body")
	if _, err := s.app.EditOwnComment(r.Context(), s.actor(r), c.ID, body); err != nil {
		s.failed(w, r, err, func(status int, msg string) { s.renderCommentEdit(w, r, status, c, body, msg) })
		return
	}
	http.Redirect(w, r, commentURL(c), http.StatusSeeOther)
}

// handleCommentDelete removes the writer's own comment.
func (s *Server) handleCommentDelete(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r.PathValue("id"), "comment")
	if err != nil {
		s.error(w, r, err)
		return
	}
	c, err := s.app.DeleteOwnComment(r.Context(), s.actor(r), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, commentURL(c), http.StatusSeeOther)
}

// handlePreview renders comment markup for the live preview.
func (s *Server) handlePreview(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, formComment, ""); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(markup.Render(r.PostForm.Get("body"))))
}
