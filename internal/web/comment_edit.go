package web

import (
	"net/http"
	"strconv"
	"strings"

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

// ownComment finds comment {id} and checks that the visitor may still
// change it.
func (s *Server) ownComment(r *http.Request) (*burg.Comment, error) {
	id, err := parseID(r.PathValue("id"), "comment")
	if err != nil {
		return nil, err
	}
	c, err := s.store.FindComment(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !c.EditableBy(s.visitorID(r), s.now()) {
		return nil, burg.Errorf(burg.EFORBIDDEN,
			"A comment can be changed only from the browser that wrote it, within %d minutes.", int(burg.OwnEditWindow.Minutes()))
	}
	return c, nil
}

func commentURL(c *burg.Comment) string {
	p := &burg.Post{ID: c.PostID, Slug: c.PostSlug}
	return postURL(p) + "#c" + strconv.FormatInt(c.ID, 10)
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
	if err := parseForm(w, r, 64<<10); err != nil {
		s.error(w, r, err)
		return
	}
	body := strings.ReplaceAll(r.PostForm.Get("body"), "\r\n", "\n")
	// An edit passes the rules a new comment passes: the post must be
	// live and open, the writer not banned, the text within bounds.
	post, err := s.store.FindPost(r.Context(), c.PostID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !post.CommentsOpen(s.now(), s.cfg.CommentsCloseAfter) {
		s.renderCommentEdit(w, r, http.StatusForbidden, c, body, "Comments have been closed on this article, so the comment can no longer be changed.")
		return
	}
	edited := *c
	edited.Body, edited.IP = body, clientIP(r)
	if banned, err := s.commentBanned(r.Context(), &edited); err != nil {
		s.error(w, r, err)
		return
	} else if banned {
		s.renderCommentEdit(w, r, http.StatusForbidden, c, body, "Your comment was not changed: this site does not take comments from you at present.")
		return
	}
	if err := checkCommentText(&edited); err != nil {
		s.renderCommentEdit(w, r, http.StatusUnprocessableEntity, c, body, burg.ErrorMessage(err))
		return
	}
	if err := s.store.UpdateCommentBody(r.Context(), c.ID, body); err != nil {
		if burg.ErrorCode(err) == burg.EINVALID {
			s.renderCommentEdit(w, r, http.StatusUnprocessableEntity, c, body, burg.ErrorMessage(err))
			return
		}
		s.error(w, r, err)
		return
	}
	s.Invalidate()
	http.Redirect(w, r, commentURL(c), http.StatusSeeOther)
}

// handleCommentDelete removes the writer's own comment.
func (s *Server) handleCommentDelete(w http.ResponseWriter, r *http.Request) {
	c, err := s.ownComment(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.store.DeleteComment(r.Context(), c.ID, "Removed by its writer."); err != nil {
		s.error(w, r, err)
		return
	}
	s.Invalidate()
	http.Redirect(w, r, commentURL(c), http.StatusSeeOther)
}

// handlePreview renders comment markup for the live preview.
func (s *Server) handlePreview(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.error(w, r, burg.Errorf(burg.EINVALID, "The text could not be read."))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(markup.Render(r.PostForm.Get("body"))))
}
