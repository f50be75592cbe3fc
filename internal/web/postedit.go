package web

import (
	"net/http"
	"strconv"
	"strings"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
)

// postTools is what the article page offers a user who may change the
// post.
type postTools struct {
	Moderator bool
	Tags      string // the post's tags, for the re-tag form
	Open      bool   // comments are open
}

// toolsFor returns the tools the article page shows to the request's
// user, or nil.
func (s *Server) toolsFor(r *http.Request, p *burg.Post, open bool) *postTools {
	x := s.actor(r)
	if x.User == nil || !s.app.CanEdit(x, p) {
		return nil
	}
	return &postTools{Moderator: x.Moderator(), Tags: s.app.InputOf(p).Tags, Open: open}
}

// editForm is the edit form as typed.
type editForm struct {
	postForm
	Remark  string
	Updated string // the post's UpdatedAt when the form was served, in Unix nanoseconds
	// NoDecoration switches the house voice off (moderators only).
	NoDecoration bool
	Error        string
}

type postEditPage struct {
	base
	Post        *burg.Post
	PostURL     string
	Form        *editForm
	Sections    []*burg.Section
	Suggestions []*burg.Tag
	Moderator   bool
	Open        bool
	Closing     []closingChoice
}

// closingChoice is a span after which reopened comments close again.
type closingChoice struct {
	Value, Label string
}

// editablePost reads post {id}, deleted or not, when the request's user
// may edit it; otherwise it answers and returns nil.
func (s *Server) editablePost(w http.ResponseWriter, r *http.Request) *burg.Post {
	id, err := parseID(r.PathValue("id"), "post")
	if err != nil {
		s.error(w, r, err)
		return nil
	}
	p, err := s.app.EditablePost(r.Context(), s.actor(r), id)
	if err != nil {
		if p != nil && r.Method == http.MethodGet && p.Slug == lastSegment(r.URL.Path) {
			// A post whose slug is "edit" or "revisions" lives at this address.
			s.handlePostShow(w, r)
			return nil
		}
		s.error(w, r, err)
		return nil
	}
	return p
}

func lastSegment(path string) string {
	return path[strings.LastIndexByte(path, '/')+1:]
}

// handlePostEdit shows the edit form of a post.
func (s *Server) handlePostEdit(w http.ResponseWriter, r *http.Request) {
	p := s.editablePost(w, r)
	if p == nil {
		return
	}
	f := &editForm{postForm: postForm(s.app.InputOf(p)), Updated: strconv.FormatInt(p.UpdatedAt.UnixNano(), 10),
		NoDecoration: p.NoDecoration}
	s.renderPostEdit(w, r, http.StatusOK, p, f)
}

func (s *Server) renderPostEdit(w http.ResponseWriter, r *http.Request, status int, p *burg.Post, f *editForm) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	x := s.actor(r)
	page := &postEditPage{base: s.base(r, "Edit: "+p.Title), Post: p, PostURL: postURL(p), Form: f,
		Moderator: x.Moderator(), Open: s.app.CommentsOpen(p)}
	page.NoIndex = true
	var err error
	if page.Sections, err = s.store.FindSections(ctx); err != nil {
		s.error(w, r, err)
		return
	}
	if page.Suggestions, err = s.app.SuggestTags(ctx, f.Title+"\n\n"+f.Body, f.Tags); err != nil {
		s.error(w, r, err)
		return
	}
	page.Closing = []closingChoice{{"", "the site's usual time"}, {"1d", "a day"}, {"7d", "a week"},
		{"30d", "a month"}, {"365d", "a year"}}
	if s.cfg.CommentsCloseAfter == 0 {
		page.Closing[0].Label = "good"
	}
	if err := s.withChrome(ctx, &page.base); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, status, "post-edit", page)
}

// handlePostUpdate saves the edit form; the post as it stood is kept as a
// revision, and a remark typed into its box is added after it.
func (s *Server) handlePostUpdate(w http.ResponseWriter, r *http.Request) {
	old := s.editablePost(w, r)
	if old == nil {
		return
	}
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	if err := readForm(w, r, formPost, "; is the text longer than "+strconv.Itoa(burg.MaxBodyLen)+" bytes?"); err != nil {
		s.error(w, r, err)
		return
	}
	in := &app.EditInput{PostInput: readPostInput(r.PostForm), Remark: r.PostForm.Get("remark"), Updated: r.PostForm.Get("updated"),
		NoDecoration: r.PostForm.Get("no_decoration") != ""}
	p, err := s.app.UpdatePost(ctx, s.actor(r), old.ID, in)
	if err != nil {
		f := &editForm{postForm: postForm(in.PostInput), Remark: strings.TrimSpace(strings.ReplaceAll(in.Remark, "\r\n", "\n")), Updated: in.Updated,
			NoDecoration: in.NoDecoration}
		s.failed(w, r, err, func(status int, msg string) {
			f.Error = msg
			s.renderPostEdit(w, r, status, old, f)
		})
		return
	}
	http.Redirect(w, r, afterEdit(p), http.StatusSeeOther)
}

// afterEdit is where an edit of p lands: the article, or for a deleted
// post its edit page.
func afterEdit(p *burg.Post) string {
	if p.DeletedAt != nil {
		return "/posts/" + strconv.FormatInt(p.ID, 10) + "/edit"
	}
	return postURL(p)
}

// moderation reads the id and small form of a moderator's post action.
func (s *Server) moderation(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := parseID(r.PathValue("id"), "post")
	if err != nil {
		s.error(w, r, err)
		return 0, false
	}
	if err := readForm(w, r, formSmall, ""); err != nil {
		s.error(w, r, err)
		return 0, false
	}
	return id, true
}

// handlePostRetag replaces a post's tags from the article page.
func (s *Server) handlePostRetag(w http.ResponseWriter, r *http.Request) {
	id, ok := s.moderation(w, r)
	if !ok {
		return
	}
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	typed := strings.TrimSpace(r.PostForm.Get("tags"))
	p, err := s.app.RetagPost(ctx, s.actor(r), id, typed)
	if err != nil {
		if p == nil {
			s.error(w, r, err)
			return
		}
		// A bad tag comes back in the edit form, with what was typed.
		f := &editForm{postForm: postForm(s.app.InputOf(p)), Updated: strconv.FormatInt(p.UpdatedAt.UnixNano(), 10),
			NoDecoration: p.NoDecoration}
		f.Tags = typed
		s.failed(w, r, err, func(status int, msg string) {
			f.Error = msg
			s.renderPostEdit(w, r, status, p, f)
		})
		return
	}
	http.Redirect(w, r, afterEdit(p), http.StatusSeeOther)
}

// handlePostCommentsClosing closes a post's comments now, or reopens them
// for the site's usual time or a chosen span.
func (s *Server) handlePostCommentsClosing(w http.ResponseWriter, r *http.Request) {
	id, ok := s.moderation(w, r)
	if !ok {
		return
	}
	p, err := s.app.SetCommentsClosing(r.Context(), s.actor(r), id, r.PostForm.Get("action"), r.PostForm.Get("for"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, afterEdit(p), http.StatusSeeOther)
}

// handlePostDelete deletes a post: readers no longer see it, moderators
// may restore it from its edit page.
func (s *Server) handlePostDelete(w http.ResponseWriter, r *http.Request) {
	id, ok := s.moderation(w, r)
	if !ok {
		return
	}
	p, err := s.app.DeletePost(r.Context(), s.actor(r), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/posts/"+strconv.FormatInt(p.ID, 10)+"/edit", http.StatusSeeOther)
}

// handlePostRestore brings back a deleted post.
func (s *Server) handlePostRestore(w http.ResponseWriter, r *http.Request) {
	id, ok := s.moderation(w, r)
	if !ok {
		return
	}
	p, err := s.app.RestorePost(r.Context(), s.actor(r), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, postURL(p), http.StatusSeeOther)
}
