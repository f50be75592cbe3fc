package web

import (
	"net/http"
	"strconv"
	"strings"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
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
	s.renderQueue(w, r, http.StatusOK, nil)
}

// renderQueue renders the queue; failed, when set, is the item whose
// approval came back with an error.
func (s *Server) renderQueue(w http.ResponseWriter, r *http.Request, status int, failed *queueItem) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	subs, err := s.app.Queue(ctx, s.actor(r), queueLen)
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
	if p.Policy, err = s.app.SubmitPolicy(ctx); err != nil {
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
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	id, err := parseID(r.PathValue("id"), "submission")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := readForm(w, r, formSmall, ""); err != nil {
		s.error(w, r, err)
		return
	}
	// Fields the form leaves out stay as submitted.
	field := func(name string) *string {
		if !r.PostForm.Has(name) {
			return nil
		}
		v := strings.TrimSpace(r.PostForm.Get(name))
		return &v
	}
	ap := app.Approval{Section: field("section"), Tags: field("tags"), Title: field("title")}
	p, err := s.app.Approve(ctx, s.actor(r), id, ap)
	if err != nil {
		if burg.ErrorCode(err) != burg.EINVALID {
			// Decided already, or gone: the queue no longer shows it.
			s.error(w, r, err)
			return
		}
		s.failed(w, r, err, func(status int, msg string) {
			// The item comes back with what the moderator typed.
			item := &queueItem{Submission: &burg.Submission{ID: id}, Error: msg}
			typed := func(v *string) string {
				if v == nil {
					return ""
				}
				return *v
			}
			item.Section, item.Tags, item.Title = typed(ap.Section), typed(ap.Tags), typed(ap.Title)
			if sub, ferr := s.store.FindSubmission(ctx, id); ferr == nil {
				item.Submission = sub
				if ap.Section == nil && sub.SectionID != 0 {
					item.Section = strconv.FormatInt(sub.SectionID, 10)
				}
				if ap.Tags == nil {
					item.Tags = sub.Tags
				}
				if ap.Title == nil {
					item.Title = sub.Title
				}
			}
			s.renderQueue(w, r, status, item)
		})
		return
	}
	http.Redirect(w, r, postURL(p), http.StatusSeeOther)
}

// handleSubmissionReject turns a submission down.
func (s *Server) handleSubmissionReject(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	id, err := parseID(r.PathValue("id"), "submission")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := readForm(w, r, formSmall, ""); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.app.Reject(ctx, s.actor(r), id, r.PostForm.Get("reason")); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/queue", http.StatusSeeOther)
}
