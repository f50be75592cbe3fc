package web

import (
	"net/http"
	"strconv"
	"strings"

	burg "github.com/burg-news/burg"
)

// queueLen is how many waiting submissions the queue page shows.
const queueLen = 200

// queueItem is a submission on the queue page, with what the moderator
// typed into its approval form when it came back.
type queueItem struct {
	*burg.Submission
	Section string
	Tags    string
	Title   string
	Error   string
}

type queuePage struct {
	base
	Items    []*queueItem
	Sections []*burg.Section
	Policy   string
}

// handleQueueIndex lists the submissions waiting for a moderator.
func (s *Server) handleQueueIndex(w http.ResponseWriter, r *http.Request) {
	if s.requireModerator(w, r) == nil {
		return
	}
	s.renderQueue(w, r, http.StatusOK, nil)
}

// renderQueue renders the queue; failed, when set, is the item whose
// approval came back with an error.
func (s *Server) renderQueue(w http.ResponseWriter, r *http.Request, status int, failed *queueItem) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	subs, err := s.store.FindSubmissions(ctx, burg.SubmissionPending, queueLen)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := &queuePage{base: s.base(r, "Submissions")}
	p.NoIndex = true
	if p.Sections, err = s.store.FindSections(ctx); err != nil {
		s.error(w, r, err)
		return
	}
	if p.Policy, err = s.submitPolicy(ctx); err != nil {
		s.error(w, r, err)
		return
	}
	for _, sub := range subs {
		item := &queueItem{Submission: sub, Tags: sub.Tags, Title: sub.Title}
		if sub.SectionID != 0 {
			item.Section = strconv.FormatInt(sub.SectionID, 10)
		}
		if failed != nil && failed.ID == sub.ID {
			item.Section, item.Tags, item.Title, item.Error = failed.Section, failed.Tags, failed.Title, failed.Error
		}
		p.Items = append(p.Items, item)
	}
	if err := s.withChrome(ctx, &p.base); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, status, "admin-queue", p)
}

// handleSubmissionApprove publishes a submission under the approving
// moderator's name, with the section, tags and title they settled on.
func (s *Server) handleSubmissionApprove(w http.ResponseWriter, r *http.Request) {
	mod := s.requireModerator(w, r)
	if mod == nil {
		return
	}
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	id, err := parseID(r.PathValue("id"), "submission")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := parseForm(w, r, 16<<10); err != nil {
		s.error(w, r, err)
		return
	}
	sub, err := s.store.FindSubmission(ctx, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if sub.Status != burg.SubmissionPending {
		s.error(w, r, burg.Errorf(burg.ECONFLICT, "That submission was %s already.", sub.Status))
		return
	}
	// Fields the form leaves out stay as submitted.
	field := func(name, submitted string) string {
		if !r.PostForm.Has(name) {
			return submitted
		}
		return strings.TrimSpace(r.PostForm.Get(name))
	}
	section := ""
	if sub.SectionID != 0 {
		section = strconv.FormatInt(sub.SectionID, 10)
	}
	item := &queueItem{Submission: sub, Section: field("section", section), Tags: field("tags", sub.Tags),
		Title: field("title", sub.Title)}
	fail := func(err error) {
		if code := burg.ErrorCode(err); code != burg.EINVALID && code != burg.ECONFLICT {
			s.error(w, r, err)
			return
		}
		item.Error = burg.ErrorMessage(err)
		s.renderQueue(w, r, http.StatusUnprocessableEntity, item)
	}
	sections, err := s.store.FindSections(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := postForm{URL: sub.SourceURL, Title: item.Title, Body: sub.Body, Section: item.Section, Tags: item.Tags,
		SourceTag: sub.SourceTag, SourceLang: sub.SourceLang, Note: sub.Note, Original: sub.OriginalBody}
	p := &burg.Post{PosterID: mod.ID, PostedAt: s.now()}
	if err := f.applyTo(s, p, sections, false, false); err != nil {
		fail(err)
		return
	}
	if p.SourceURL != "" {
		if dup, err := s.store.FindPostBySourceURL(ctx, p.SourceURL); err == nil {
			fail(burg.Errorf(burg.ECONFLICT, "This page has been posted already, as %q. Reject the submission.", dup.Title))
			return
		}
	}
	if p.Tags, err = s.resolveTags(ctx, f.Tags); err != nil {
		fail(err)
		return
	}
	if err := s.store.ApproveSubmission(ctx, sub.ID, p, mod.ID); err != nil {
		fail(err)
		return
	}
	s.Invalidate()
	http.Redirect(w, r, postURL(p), http.StatusSeeOther)
}

// handleSubmissionReject turns a submission down.
func (s *Server) handleSubmissionReject(w http.ResponseWriter, r *http.Request) {
	mod := s.requireModerator(w, r)
	if mod == nil {
		return
	}
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	id, err := parseID(r.PathValue("id"), "submission")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := parseForm(w, r, 16<<10); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.store.RejectSubmission(ctx, id, mod.ID, strings.TrimSpace(r.PostForm.Get("reason"))); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/queue", http.StatusSeeOther)
}
