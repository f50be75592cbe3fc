package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
)

// The moderation pages under /mod/. Their routes are in the staff group:
// moderators only, 403 for anyone else, never kept by a cache. Each state
// change is a POST (behind the cross-origin protection every POST passes)
// that answers 303 back to where it came from: the form's next field,
// else the page it was sent from.

// formBulk bounds a bulk action's form: up to app's limit of ids ticked.
const formBulk = 256 << 10

// back returns where a moderator's action sends them back to: the form's
// next field or the page the form was on, when either is on this site,
// else fallback.
func back(r *http.Request, fallback string) string {
	if next := r.PostForm.Get("next"); next != "" && localPath(next) == next {
		return next
	}
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host && ref.Path != "" {
		return localPath(ref.RequestURI())
	}
	return fallback
}

// withDone adds a note of what was done to a local address, before its
// fragment, for the page to show.
func withDone(path, done string) string {
	frag := ""
	if i := strings.IndexByte(path, '#'); i >= 0 {
		path, frag = path[:i], path[i:]
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "done=" + url.QueryEscape(done) + frag
}

// doneNote is the note of what was done, as the page shows it: the
// redirect's own words, clipped, shown as text.
func doneNote(r *http.Request) string {
	return burg.Clip(strings.ToValidUTF8(r.URL.Query().Get("done"), ""), 200)
}

// modNav is the moderators' menu on their pages.
type modNav struct {
	Current string
}

// commentID reads the {id} of a /mod/comments route.
func commentID(r *http.Request) (int64, error) { return parseID(r.PathValue("id"), "comment") }

// handleCommentRedact redacts one comment with the reason readers see.
func (s *Server) handleCommentRedact(w http.ResponseWriter, r *http.Request) {
	s.moderateOne(w, r, app.BulkRedact)
}

// handleCommentRestore brings back a redacted comment.
func (s *Server) handleCommentRestore(w http.ResponseWriter, r *http.Request) {
	s.moderateOne(w, r, app.BulkRestore)
}

// handleCommentApprove publishes a held comment.
func (s *Server) handleCommentApprove(w http.ResponseWriter, r *http.Request) {
	s.moderateOne(w, r, app.BulkApprove)
}

func (s *Server) moderateOne(w http.ResponseWriter, r *http.Request, action string) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	id, err := commentID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := readForm(w, r, formSmall, ""); err != nil {
		s.error(w, r, err)
		return
	}
	c, err := s.app.ModerateComment(ctx, s.actor(r), id, action, r.PostForm.Get("reason"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, back(r, commentURL(c)), http.StatusSeeOther)
}

// handleCommentModEdit saves a moderator's edit of a comment.
func (s *Server) handleCommentModEdit(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	id, err := commentID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := readForm(w, r, formComment, "; is the comment longer than "+strconv.Itoa(burg.MaxCommentLen)+" characters?"); err != nil {
		s.error(w, r, err)
		return
	}
	c, err := s.app.EditComment(ctx, s.actor(r), id, r.PostForm.Get("body"), r.PostForm.Get("reason"))
	if err != nil {
		s.failed(w, r, err, func(status int, msg string) { s.renderWho(w, r, status, id, r.PostForm.Get("body"), msg) })
		return
	}
	http.Redirect(w, r, back(r, commentURL(c)), http.StatusSeeOther)
}

// handleCommentBan bans a comment's author, and redacts the comment when
// asked to.
func (s *Server) handleCommentBan(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	id, err := commentID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := readForm(w, r, formSmall, ""); err != nil {
		s.error(w, r, err)
		return
	}
	v := r.PostForm
	bans, c, err := s.app.BanFromComment(ctx, s.actor(r), id, app.BanInput{Kinds: v["ban"], For: v.Get("for"),
		Reason: v.Get("reason"), Redact: v.Get("redact") != ""})
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, withDone(back(r, commentURL(c)), "Banned: "+banSummary(bans)), http.StatusSeeOther)
}

// banSummary says what bans were made, for the moderator who made them.
func banSummary(bs []*burg.Ban) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = b.Kind + " " + burg.Clip(b.Value, 40)
	}
	return strings.Join(parts, ", ")
}

// commentQuery reads the moderators' search from a query or a form.
func commentQuery(v url.Values) app.CommentQuery {
	return app.CommentQuery{Nick: v.Get("nick"), Visitor: v.Get("visitor"), IP: v.Get("ip"), Since: v.Get("since"),
		Until: v.Get("until"), Q: v.Get("q"), State: v.Get("state"), Post: v.Get("post"), Page: v.Get("page")}
}

// handleCommentBulk applies an action to the comments ticked, or to all
// that match the search.
func (s *Server) handleCommentBulk(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	if err := readForm(w, r, formBulk, "; were too many comments ticked?"); err != nil {
		s.error(w, r, err)
		return
	}
	v := r.PostForm
	q := commentQuery(v)
	q.Page = ""
	res, err := s.app.Bulk(ctx, s.actor(r), app.BulkInput{Action: v.Get("action"), IDs: v["id"], All: v.Get("all") != "",
		Query: q, Reason: v.Get("reason"), Ban: v["ban"], For: v.Get("for")})
	if err != nil {
		s.error(w, r, err)
		return
	}
	done := bulkNote(res)
	http.Redirect(w, r, withDone(back(r, "/mod/comments?"+searchQuery(q).Encode()), done), http.StatusSeeOther)
}

// bulkNote says what a bulk action did.
func bulkNote(res *app.BulkResult) string {
	var b strings.Builder
	switch res.Action {
	case app.BulkBan:
		b.WriteString("Made " + strconv.Itoa(res.Bans) + " bans for the authors of " + strconv.Itoa(res.Matched) + " comments.")
	default:
		verb := map[string]string{app.BulkRedact: "Redacted", app.BulkRestore: "Restored", app.BulkApprove: "Approved"}[res.Action]
		b.WriteString(verb + " " + strconv.Itoa(res.Changed) + " of " + strconv.Itoa(res.Matched) + " comments.")
	}
	if res.More {
		b.WriteString(" More match: send it again for the rest.")
	}
	return b.String()
}

// searchQuery is the search as query parameters, for links and forms.
func searchQuery(q app.CommentQuery) url.Values {
	v := url.Values{}
	for _, f := range []struct{ k, v string }{{"nick", q.Nick}, {"visitor", q.Visitor}, {"ip", q.IP}, {"since", q.Since},
		{"until", q.Until}, {"q", q.Q}, {"state", q.State}, {"post", q.Post}} {
		if f.v != "" {
			v.Set(f.k, f.v)
		}
	}
	return v
}

// modCommentRow is a comment in the moderators' lists.
type modCommentRow struct {
	C       *burg.Comment
	View    *commentView
	Network string
	URL     string
}

func (s *Server) modRows(cs []*burg.Comment, next string) []*modCommentRow {
	views := s.viewComments(cs, viewer{mod: true, next: next})
	out := make([]*modCommentRow, len(cs))
	for i, c := range cs {
		out[i] = &modCommentRow{C: c, View: views[i], Network: burg.Network(c.IP), URL: commentURL(c)}
	}
	return out
}

type commentSearchPage struct {
	base
	Nav      modNav
	Query    app.CommentQuery
	Hidden   url.Values // the search, as hidden fields of the bulk form
	Rows     []*modCommentRow
	Search   *app.CommentSearch
	Prev     string
	Next     string
	Here     string
	Done     string
	Error    string
	States   []string
	Searched bool
}

// handleCommentSearch is the moderators' comment search, with its bulk
// actions.
func (s *Server) handleCommentSearch(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	q := commentQuery(r.URL.Query())
	p := &commentSearchPage{base: s.base(r, "Comments"), Nav: modNav{"comments"}, Query: q, Done: doneNote(r),
		States: []string{burg.CommentLive, burg.CommentHeld, burg.CommentRedacted, burg.CommentRemoved}}
	p.NoIndex = true
	p.Here = r.URL.RequestURI()
	res, err := s.app.SearchComments(ctx, s.actor(r), q)
	status := http.StatusOK
	if err != nil {
		if _, ok := formStatus(err); !ok {
			s.error(w, r, err)
			return
		}
		status, p.Error = http.StatusUnprocessableEntity, burg.ErrorMessage(err)
		res = &app.CommentSearch{Page: 1, Pages: 1}
	}
	p.Search = res
	p.Searched = !q.Empty()
	p.Rows = s.modRows(res.Comments, "")
	p.Hidden = searchQuery(q)
	link := func(page int) string {
		v := searchQuery(q)
		v.Set("page", strconv.Itoa(page))
		return "/mod/comments?" + v.Encode()
	}
	if res.Page > 1 {
		p.Prev = link(res.Page - 1)
	}
	if res.Page < res.Pages {
		p.Next = link(res.Page + 1)
	}
	s.render(w, r, status, "mod-comments", p)
}

type heldPage struct {
	base
	Nav   modNav
	Queue *app.HeldQueue
	Rows  []*modCommentRow
	Done  string
}

// handleHeldIndex is the moderation queue: the held comments, grouped.
func (s *Server) handleHeldIndex(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	q, err := s.app.HeldComments(ctx, s.actor(r))
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := &heldPage{base: s.base(r, "Held comments"), Nav: modNav{"queue"}, Queue: q, Rows: s.modRows(q.Comments, ""),
		Done: doneNote(r)}
	p.NoIndex = true
	s.render(w, r, http.StatusOK, "mod-queue", p)
}

type whoPage struct {
	base
	Nav       modNav
	Profile   *app.Profile
	View      *commentView
	URL       string
	ByVisitor []*modCommentRow
	ByAddress []*modCommentRow
	Revisions []burg.CommentRevision
	Body      string // the edit box
	Error     string
	Done      string
}

// handleCommentWho shows who wrote a comment: their nicks, browser,
// address and network, their other comments and the bans that hold
// them, with the tools to act on them.
func (s *Server) handleCommentWho(w http.ResponseWriter, r *http.Request) {
	id, err := commentID(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderWho(w, r, http.StatusOK, id, "", "")
}

func (s *Server) renderWho(w http.ResponseWriter, r *http.Request, status int, id int64, body, msg string) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	prof, err := s.app.WhoIs(ctx, s.actor(r), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	revs, err := s.store.FindCommentRevisions(ctx, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	here := "/mod/comments/" + strconv.FormatInt(id, 10)
	p := &whoPage{base: s.base(r, "Who is "+prof.Comment.Nick), Nav: modNav{"comments"}, Profile: prof,
		URL: commentURL(prof.Comment), ByVisitor: s.modRows(prof.ByVisitor, ""), ByAddress: s.modRows(prof.ByAddress, ""),
		Revisions: revs, Body: prof.Comment.Body, Error: msg, Done: doneNote(r)}
	p.View = s.viewComments([]*burg.Comment{prof.Comment}, viewer{mod: true, next: here})[0]
	p.View.Mod.Next = here
	if msg != "" {
		p.Body = body
	}
	p.NoIndex = true
	s.render(w, r, status, "mod-comment", p)
}

type auditPage struct {
	base
	Nav     modNav
	Query   app.AuditQuery
	Log     *app.AuditPage
	Actions []string
	Prev    string
	Next    string
	Error   string
	Public  bool
}

// auditQuery reads the log's filter.
func auditQuery(v url.Values) app.AuditQuery {
	return app.AuditQuery{Who: v.Get("who"), Action: v.Get("action"), Since: v.Get("since"), Until: v.Get("until"), Page: v.Get("page")}
}

// handleAuditIndex is the audit log, for moderators.
func (s *Server) handleAuditIndex(w http.ResponseWriter, r *http.Request) {
	q := auditQuery(r.URL.Query())
	log, err := s.app.AuditLog(r.Context(), s.actor(r), q)
	s.renderAudit(w, r, "/mod/log", q, log, err, false)
}

// handlePublicLog is the moderation log as everyone may read it, when the
// site publishes it: what was done, without addresses, e-mails or the
// reasons of bans.
func (s *Server) handlePublicLog(w http.ResponseWriter, r *http.Request) {
	q := auditQuery(r.URL.Query())
	q.Who = ""
	log, err := s.app.PublicLog(r.Context(), q)
	w.Header().Set("Cache-Control", "no-cache")
	s.renderAudit(w, r, "/moderation", q, log, err, true)
}

func (s *Server) renderAudit(w http.ResponseWriter, r *http.Request, path string, q app.AuditQuery, log *app.AuditPage, err error, public bool) {
	p := &auditPage{base: s.base(r, "Moderation log"), Nav: modNav{"log"}, Query: q, Log: log, Actions: app.AuditActions, Public: public}
	p.NoIndex = true
	status := http.StatusOK
	if err != nil {
		if burg.ErrorCode(err) != burg.EINVALID {
			s.error(w, r, err)
			return
		}
		status, p.Error = http.StatusUnprocessableEntity, burg.ErrorMessage(err)
		p.Log = &app.AuditPage{Page: 1, Pages: 1}
	}
	link := func(page int) string {
		v := url.Values{}
		for _, f := range [][2]string{{"who", q.Who}, {"action", q.Action}, {"since", q.Since}, {"until", q.Until}} {
			if f[1] != "" {
				v.Set(f[0], f[1])
			}
		}
		v.Set("page", strconv.Itoa(page))
		return path + "?" + v.Encode()
	}
	if p.Log.Page > 1 {
		p.Prev = link(p.Log.Page - 1)
	}
	if p.Log.Page < p.Log.Pages {
		p.Next = link(p.Log.Page + 1)
	}
	if err := s.withChrome(r.Context(), &p.base); err != nil && public {
		s.error(w, r, err)
		return
	}
	s.render(w, r, status, "mod-log", p)
}

type wordsPage struct {
	base
	Nav    modNav
	Words  []*burg.BlockedWord
	Word   string
	Action string
	Error  string
}

// handleWordIndex lists the blocked words.
func (s *Server) handleWordIndex(w http.ResponseWriter, r *http.Request) {
	s.renderWords(w, r, http.StatusOK, &wordsPage{Action: burg.WordHold})
}

func (s *Server) renderWords(w http.ResponseWriter, r *http.Request, status int, p *wordsPage) {
	var err error
	if p.Words, err = s.app.BlockedWords(r.Context(), s.actor(r)); err != nil {
		s.error(w, r, err)
		return
	}
	p.base, p.Nav = s.base(r, "Blocked words"), modNav{"words"}
	p.NoIndex = true
	s.render(w, r, status, "mod-words", p)
}

// handleWordCreate blocks a word.
func (s *Server) handleWordCreate(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, formSmall, ""); err != nil {
		s.error(w, r, err)
		return
	}
	p := &wordsPage{Word: r.PostForm.Get("word"), Action: r.PostForm.Get("action")}
	if _, err := s.app.AddBlockedWord(r.Context(), s.actor(r), p.Word, p.Action); err != nil {
		s.failed(w, r, err, func(status int, msg string) {
			p.Error = msg
			s.renderWords(w, r, status, p)
		})
		return
	}
	http.Redirect(w, r, "/mod/words", http.StatusSeeOther)
}

// handleWordDelete unblocks a word.
func (s *Server) handleWordDelete(w http.ResponseWriter, r *http.Request) {
	s.removeByID(w, r, "blocked word", "/mod/words", s.app.RemoveBlockedWord)
}

// removeByID runs one of the moderators' removals of a thing named by
// the path's id, and goes back to its list.
func (s *Server) removeByID(w http.ResponseWriter, r *http.Request, what, back string,
	remove func(context.Context, app.Actor, int64) error) {
	id, err := parseID(r.PathValue("id"), what)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := remove(r.Context(), s.actor(r), id); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

type bansPage struct {
	base
	Nav   modNav
	Bans  []*burg.Ban
	All   bool
	Now   time.Time
	Kind  string
	Value string
	For   string
	Why   string
	Error string
}

// handleBanIndex lists the bans in force (all of them with ?all=1): the
// same list burg ban keeps.
func (s *Server) handleBanIndex(w http.ResponseWriter, r *http.Request) {
	s.renderBans(w, r, http.StatusOK, &bansPage{All: r.URL.Query().Get("all") != "", Kind: burg.BanIP, For: "72h"})
}

func (s *Server) renderBans(w http.ResponseWriter, r *http.Request, status int, p *bansPage) {
	var err error
	if p.Bans, err = s.app.Bans(r.Context(), s.actor(r), p.All); err != nil {
		s.error(w, r, err)
		return
	}
	p.base, p.Nav, p.Now = s.base(r, "Bans"), modNav{"bans"}, s.now()
	p.NoIndex = true
	s.render(w, r, status, "mod-bans", p)
}

// handleBanCreate makes a ban by hand.
func (s *Server) handleBanCreate(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, formSmall, ""); err != nil {
		s.error(w, r, err)
		return
	}
	v := r.PostForm
	p := &bansPage{Kind: v.Get("kind"), Value: v.Get("value"), For: v.Get("for"), Why: v.Get("reason")}
	if err := s.app.AddBan(r.Context(), s.actor(r), p.Kind, p.Value, p.For, p.Why); err != nil {
		s.failed(w, r, err, func(status int, msg string) {
			p.Error = msg
			s.renderBans(w, r, status, p)
		})
		return
	}
	http.Redirect(w, r, "/mod/bans", http.StatusSeeOther)
}

// handleBanDelete lifts a ban.
func (s *Server) handleBanDelete(w http.ResponseWriter, r *http.Request) {
	s.removeByID(w, r, "ban", "/mod/bans", s.app.RemoveBan)
}
