package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

// Moderators (and admins) edit any post; a poster edits the text, source
// and tags of their own live posts, but does not move, delete or close
// them, and adds no remarks.

// canEdit reports whether u may edit p.
func canEdit(u *burg.User, p *burg.Post) bool {
	if u.IsModerator() {
		return true
	}
	return canPost(u) && p.PosterID == u.ID && p.DeletedAt == nil
}

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
	u := s.user(r)
	if !canEdit(u, p) {
		return nil
	}
	return &postTools{Moderator: u.IsModerator(), Tags: s.formOf(p).Tags, Open: open}
}

// editForm is the edit form as typed.
type editForm struct {
	postForm
	Remark  string
	Updated string // the post's UpdatedAt when the form was served, in Unix nanoseconds
	Error   string
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

// editablePost reads post {id} (deleted ones too) and checks that the
// request's user may edit it; otherwise it answers and returns nil.
func (s *Server) editablePost(w http.ResponseWriter, r *http.Request) (*burg.Post, *burg.User) {
	id, err := parseID(r.PathValue("id"), "post")
	if err != nil {
		s.error(w, r, err)
		return nil, nil
	}
	p, err := s.store.FindPostIncludingDeleted(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return nil, nil
	}
	u := s.user(r)
	if !canEdit(u, p) && r.Method == http.MethodGet && p.DeletedAt == nil && p.Slug == lastSegment(r.URL.Path) {
		// A post whose slug is "edit" or "revisions" lives at this address.
		s.handlePostShow(w, r)
		return nil, nil
	}
	if u = s.requireUser(w, r); u == nil {
		return nil, nil
	}
	if !canEdit(u, p) {
		if p.DeletedAt != nil {
			s.error(w, r, burg.Errorf(burg.ENOTFOUND, "No such post."))
		} else {
			s.error(w, r, burg.Errorf(burg.EFORBIDDEN, "Only moderators and the post's poster may change it."))
		}
		return nil, nil
	}
	return p, u
}

func lastSegment(path string) string {
	return path[strings.LastIndexByte(path, '/')+1:]
}

// handlePostEdit shows the edit form of a post.
func (s *Server) handlePostEdit(w http.ResponseWriter, r *http.Request) {
	p, _ := s.editablePost(w, r)
	if p == nil {
		return
	}
	f := &editForm{postForm: s.formOf(p), Updated: strconv.FormatInt(p.UpdatedAt.UnixNano(), 10)}
	s.renderPostEdit(w, r, http.StatusOK, p, f)
}

func (s *Server) renderPostEdit(w http.ResponseWriter, r *http.Request, status int, p *burg.Post, f *editForm) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	u := s.user(r)
	page := &postEditPage{base: s.base(r, "Edit: "+p.Title), Post: p, PostURL: postURL(p), Form: f,
		Moderator: u.IsModerator(), Open: p.CommentsOpen(s.now(), s.cfg.CommentsCloseAfter)}
	page.NoIndex = true
	var err error
	if page.Sections, err = s.store.FindSections(ctx); err != nil {
		s.error(w, r, err)
		return
	}
	if page.Suggestions, err = s.suggestTags(ctx, f.Title+"\n\n"+f.Body, f.Tags); err != nil {
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
// revision. A remark typed into its box is added to the end of the body
// under the moderator's nick.
func (s *Server) handlePostUpdate(w http.ResponseWriter, r *http.Request) {
	old, u := s.editablePost(w, r)
	if old == nil {
		return
	}
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	r.Body = http.MaxBytesReader(w, r.Body, postFormBytes)
	if err := r.ParseForm(); err != nil {
		s.error(w, r, burg.Errorf(burg.EINVALID, "The form could not be read; is the text longer than %d bytes?", burg.MaxBodyLen))
		return
	}
	f := &editForm{postForm: readPostForm(r.PostForm), Remark: strings.TrimSpace(strings.ReplaceAll(r.PostForm.Get("remark"), "\r\n", "\n")),
		Updated: r.PostForm.Get("updated")}
	fail := func(err error) {
		switch burg.ErrorCode(err) {
		case burg.EINVALID:
			f.Error = burg.ErrorMessage(err)
			s.renderPostEdit(w, r, http.StatusUnprocessableEntity, old, f)
		case burg.ECONFLICT:
			f.Error = burg.ErrorMessage(err)
			s.renderPostEdit(w, r, http.StatusConflict, old, f)
		default:
			s.error(w, r, err)
		}
	}
	sections, err := s.store.FindSections(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := *old
	if err := f.applyTo(s, &p, sections, false, u.IsModerator()); err != nil {
		fail(err)
		return
	}
	var remark *burg.Remark
	if f.Remark != "" {
		if !u.IsModerator() {
			fail(burg.Errorf(burg.EINVALID, "Only moderators add editorial remarks."))
			return
		}
		remark = &burg.Remark{PostID: p.ID, UserID: u.ID, Body: f.Remark}
		if err := remark.Validate(); err != nil {
			fail(err)
			return
		}
	}
	if p.SourceURL != "" && p.SourceURL != old.SourceURL {
		if dup, err := s.store.FindPostBySourceURL(ctx, p.SourceURL); err == nil && dup.ID != p.ID {
			fail(burg.Errorf(burg.EINVALID, "Another post, %q, has this source already.", dup.Title))
			return
		}
	}
	if p.Tags, err = s.resolveTags(ctx, f.Tags); err != nil {
		fail(err)
		return
	}
	ch := burg.PostChange{UserID: u.ID, Action: burg.ActionEdited}
	if n, err := strconv.ParseInt(f.Updated, 10, 64); err == nil && n > 0 {
		ch.IfUpdatedAt = time.Unix(0, n).UTC()
	}
	if !sameSnapshot(burg.SnapshotOf(old), burg.SnapshotOf(&p)) {
		if err := s.store.UpdatePost(ctx, &p, ch); err != nil {
			fail(err)
			return
		}
		ch.IfUpdatedAt = time.Time{} // the edit just made is ours
	}
	if remark != nil {
		ch.Action = burg.ActionRemark
		if err := s.store.AddRemark(ctx, remark, ch); err != nil {
			fail(err)
			return
		}
	}
	s.Invalidate()
	http.Redirect(w, r, s.afterEdit(&p), http.StatusSeeOther)
}

// afterEdit is where an edit of p lands: the article, or for a deleted
// post its edit page.
func (s *Server) afterEdit(p *burg.Post) string {
	if p.DeletedAt != nil {
		return "/posts/" + strconv.FormatInt(p.ID, 10) + "/edit"
	}
	return postURL(p)
}

// sameSnapshot reports whether two states of a post are alike.
func sameSnapshot(a, b burg.PostSnapshot) bool {
	sameTime := func(x, y *time.Time) bool { return x == nil && y == nil || x != nil && y != nil && x.Equal(*y) }
	return a.Title == b.Title && a.SectionID == b.SectionID && a.SourceURL == b.SourceURL && a.SourceTag == b.SourceTag &&
		a.SourceLang == b.SourceLang && a.Note == b.Note && a.Body == b.Body && a.OriginalBody == b.OriginalBody &&
		a.PostedAt.Equal(b.PostedAt) && sameTime(a.CommentsCloseAt, b.CommentsCloseAt) &&
		sameTime(a.DeletedAt, b.DeletedAt) && slices.Equal(a.Tags, b.Tags) && slices.Equal(a.Remarks, b.Remarks)
}

// moderatedPost reads post {id}, deleted or not, for a moderator's
// action; otherwise it answers and returns nil.
func (s *Server) moderatedPost(w http.ResponseWriter, r *http.Request) (*burg.Post, *burg.User) {
	u := s.requireModerator(w, r)
	if u == nil {
		return nil, nil
	}
	id, err := parseID(r.PathValue("id"), "post")
	if err != nil {
		s.error(w, r, err)
		return nil, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.error(w, r, burg.Errorf(burg.EINVALID, "The form could not be read."))
		return nil, nil
	}
	p, err := s.store.FindPostIncludingDeleted(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return nil, nil
	}
	return p, u
}

// handlePostRetag replaces a post's tags from the article page.
func (s *Server) handlePostRetag(w http.ResponseWriter, r *http.Request) {
	old, u := s.moderatedPost(w, r)
	if old == nil {
		return
	}
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	typed := strings.TrimSpace(r.PostForm.Get("tags"))
	tags, err := s.resolveTags(ctx, typed)
	if err != nil {
		if burg.ErrorCode(err) == burg.EINVALID {
			f := &editForm{postForm: s.formOf(old), Updated: strconv.FormatInt(old.UpdatedAt.UnixNano(), 10)}
			f.Tags, f.Error = typed, burg.ErrorMessage(err)
			s.renderPostEdit(w, r, http.StatusUnprocessableEntity, old, f)
			return
		}
		s.error(w, r, err)
		return
	}
	p := *old
	p.Tags = tags
	if !slices.Equal(burg.SnapshotOf(old).Tags, burg.SnapshotOf(&p).Tags) {
		if err := s.store.UpdatePost(ctx, &p, burg.PostChange{UserID: u.ID, Action: burg.ActionRetagged}); err != nil {
			s.error(w, r, err)
			return
		}
		s.Invalidate()
	}
	http.Redirect(w, r, s.afterEdit(&p), http.StatusSeeOther)
}

// parseSpan reads a span typed as "7d", "36h" or "90m".
func parseSpan(v string) (time.Duration, error) {
	bad := burg.Errorf(burg.EINVALID, "%q is not a span of time such as 7d or 48h.", clip(v, 20))
	if n, ok := strings.CutSuffix(v, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days <= 0 || days > 3650 {
			return 0, bad
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 || d > 3650*24*time.Hour {
		return 0, bad
	}
	return d, nil
}

// handlePostCommentsClosing closes a post's comments now, or reopens them
// for the site's usual time or a chosen span.
func (s *Server) handlePostCommentsClosing(w http.ResponseWriter, r *http.Request) {
	old, u := s.moderatedPost(w, r)
	if old == nil {
		return
	}
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	now := s.now()
	p := *old
	ch := burg.PostChange{UserID: u.ID}
	switch r.PostForm.Get("action") {
	case "close":
		p.CommentsCloseAt, ch.Action = &now, burg.ActionClosed
	case "reopen":
		ch.Action = burg.ActionReopened
		span := s.cfg.CommentsCloseAfter
		if v := strings.TrimSpace(r.PostForm.Get("for")); v != "" {
			d, err := parseSpan(v)
			if err != nil {
				s.error(w, r, err)
				return
			}
			span = d
		}
		if span > 0 {
			at := now.Add(span)
			p.CommentsCloseAt = &at
		} else {
			p.CommentsCloseAt = nil
		}
	default:
		s.error(w, r, burg.Errorf(burg.EINVALID, "Say whether to close or to reopen the comments."))
		return
	}
	if err := s.store.UpdatePost(ctx, &p, ch); err != nil {
		s.error(w, r, err)
		return
	}
	s.Invalidate()
	s.broker.Publish(p.ID)
	http.Redirect(w, r, s.afterEdit(&p), http.StatusSeeOther)
}

// handlePostDelete deletes a post: readers no longer see it, moderators
// may restore it from its edit page.
func (s *Server) handlePostDelete(w http.ResponseWriter, r *http.Request) {
	p, u := s.moderatedPost(w, r)
	if p == nil {
		return
	}
	if err := s.store.DeletePost(r.Context(), p.ID, burg.PostChange{UserID: u.ID, Action: burg.ActionDeleted}); err != nil {
		s.error(w, r, err)
		return
	}
	s.Invalidate()
	http.Redirect(w, r, "/posts/"+strconv.FormatInt(p.ID, 10)+"/edit", http.StatusSeeOther)
}

// handlePostRestore brings back a deleted post.
func (s *Server) handlePostRestore(w http.ResponseWriter, r *http.Request) {
	p, u := s.moderatedPost(w, r)
	if p == nil {
		return
	}
	if err := s.store.RestorePost(r.Context(), p.ID, burg.PostChange{UserID: u.ID, Action: burg.ActionRestored}); err != nil {
		s.error(w, r, err)
		return
	}
	s.Invalidate()
	http.Redirect(w, r, postURL(p), http.StatusSeeOther)
}
