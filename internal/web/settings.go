package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
)

// policyChoice is one option of the submission policy.
type policyChoice struct {
	Value, Label string
	Selected     bool
}

type settingsPage struct {
	base
	Policies   []policyChoice
	Moderation app.ModerationSettings
	// The numbers as typed, or as set.
	PurgeDays, SpamHold, SpamRefuse string
	Error                           string
	Saved                           bool
}

// handleSettingsShow shows the site settings.
func (s *Server) handleSettingsShow(w http.ResponseWriter, r *http.Request) {
	policy, err := s.app.SubmitPolicy(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	m, err := s.app.Moderation(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	in := app.SettingsInput{PurgeAfterDays: strconv.Itoa(int(m.PurgeAfter / (24 * time.Hour))),
		SpamHold: strconv.Itoa(m.SpamHold), SpamRefuse: strconv.Itoa(m.SpamRefuse)}
	s.renderSettings(w, r, http.StatusOK, policy, m, in, "", r.URL.Query().Get("saved") != "")
}

func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, status int, policy string, m app.ModerationSettings,
	typed app.SettingsInput, msg string, saved bool) {
	p := &settingsPage{base: s.base(r, "Settings"), Moderation: m, PurgeDays: typed.PurgeAfterDays,
		SpamHold: typed.SpamHold, SpamRefuse: typed.SpamRefuse, Error: msg, Saved: saved}
	p.NoIndex = true
	for _, c := range []policyChoice{
		{burg.SubmitOpen, "Open: what anyone submits is published at once", false},
		{burg.SubmitQueue, "Queue: posters publish at once, other submissions wait for a moderator", false},
		{burg.SubmitClosed, "Closed: only registered posters may post", false},
	} {
		c.Selected = c.Value == policy
		p.Policies = append(p.Policies, c)
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, status, "admin-settings", p)
}

// handleSettingsUpdate saves the site settings.
func (s *Server) handleSettingsUpdate(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, 4<<10, ""); err != nil {
		s.error(w, r, err)
		return
	}
	v := r.PostForm
	in := app.SettingsInput{Submissions: v.Get("submissions"), ReadOnly: v.Get("read_only") != "",
		FirstCommentHold: v.Get("first_comment_hold") != "", Public: v.Get("public_log") != "",
		PurgeAfterDays: v.Get("purge_after"), SpamHold: v.Get("spam_hold"), SpamRefuse: v.Get("spam_refuse")}
	if err := s.app.SaveSettings(r.Context(), s.actor(r), in); err != nil {
		s.failed(w, r, err, func(status int, msg string) {
			m := app.ModerationSettings{ReadOnly: in.ReadOnly, FirstCommentHold: in.FirstCommentHold, PublicLog: in.Public}
			s.renderSettings(w, r, status, in.Submissions, m, in, msg, false)
		})
		return
	}
	http.Redirect(w, r, "/admin/settings?saved=1", http.StatusSeeOther)
}

type sourcesPage struct {
	base
	Sources []*burg.Source
	Domain  string
	Name    string
	Error   string
}

// handleSourceIndex lists the table of short source names.
func (s *Server) handleSourceIndex(w http.ResponseWriter, r *http.Request) {
	s.renderSources(w, r, http.StatusOK, &sourcesPage{})
}

func (s *Server) renderSources(w http.ResponseWriter, r *http.Request, status int, p *sourcesPage) {
	var err error
	if p.Sources, err = s.app.Sources(r.Context(), s.actor(r)); err != nil {
		s.error(w, r, err)
		return
	}
	p.base = s.base(r, "Sources")
	p.NoIndex = true
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, status, "admin-sources", p)
}

// handleSourceCreate adds an entry to the source table, or renames one.
func (s *Server) handleSourceCreate(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, 4<<10, ""); err != nil {
		s.error(w, r, err)
		return
	}
	p := &sourcesPage{Domain: strings.TrimSpace(r.PostForm.Get("domain")), Name: strings.TrimSpace(r.PostForm.Get("name"))}
	if err := s.app.SetSource(r.Context(), s.actor(r), p.Domain, p.Name); err != nil {
		s.failed(w, r, err, func(status int, msg string) {
			p.Error = msg
			s.renderSources(w, r, status, p)
		})
		return
	}
	http.Redirect(w, r, "/admin/sources", http.StatusSeeOther)
}

// handleSourceDelete removes an entry from the source table.
func (s *Server) handleSourceDelete(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, 4<<10, ""); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.app.DeleteSource(r.Context(), s.actor(r), r.PostForm.Get("domain")); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/sources", http.StatusSeeOther)
}
