package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
	"github.com/burg-news/burg/internal/markup"
)

// commentForm is what the comment form shows: what was typed, and why it
// came back.
type commentForm struct {
	Name, Email, Website, Body string
	Token                      string
	Error                      string
	Preview                    template.HTML
	Suggested                  string // a Pic-a-Nic for browsers without JS
}

// commentView is a comment ready to show. Its fields are copied rather
// than embedded: templates look fields up by name, and a struct with an
// embedded field makes every lookup a slow search, which long threads feel.
type commentView struct {
	ID        int64
	Num       int
	Nick      string
	Website   string
	CreatedAt time.Time
	// Removed is set when its writer removed it, Redacted when a
	// moderator did (Reason is then what readers see), Held while it
	// waits for a moderator (shown only to its writer and moderators).
	Removed      bool
	Redacted     bool
	Held         bool
	DeleteReason string
	Reason       string
	User         *burg.User
	Body         template.HTML
	New          bool // newer than the visitor's last visit
	Editable     bool
	// Edited is set when the text was changed after it was posted.
	Edited bool
	// ReplyTo is the comment this one answers, when it is on the page.
	ReplyTo *replyRef
	// Mod holds what only moderators see, and their tools; nil for
	// everyone else.
	Mod *commentMod
}

// replyRef names the comment a reply answers.
type replyRef struct {
	ID  int64
	Num int
}

// commentMod is what moderators see of a comment on the article page:
// where it came from, what the spam rules made of it, its text when
// removed, and where their tools send them back to.
type commentMod struct {
	IP, Network, VisitorID string
	Score                  int
	Signals                string
	Source                 string // the text as typed, for the edit box
	Purged                 bool
	Live                   bool
	Next                   string
}

// viewer is who a list of comments is shown to: the visitor (nil for a
// live stream, which every reader shares) and whether a moderator.
type viewer struct {
	visitor *visitorView
	mod     bool
	next    string // the page moderators' tools come back to
}

// viewComments prepares a post's comments for its page. Held comments are
// shown only to their writer and to moderators; removed ones keep their
// place with a note instead of their text, but for moderators.
func (s *Server) viewComments(comments []*burg.Comment, vw viewer) []*commentView {
	now := s.now()
	out := make([]*commentView, 0, len(comments))
	nums := make(map[int64]int, len(comments))
	for _, c := range comments {
		nums[c.ID] = c.Num
	}
	for _, c := range comments {
		held := c.State == burg.CommentHeld
		own := vw.visitor != nil && vw.visitor.ID != "" && c.VisitorID == vw.visitor.ID
		if held && !own && !vw.mod {
			continue
		}
		cv := &commentView{ID: c.ID, Num: c.Num, Nick: c.Nick, Website: c.Website, CreatedAt: c.CreatedAt,
			Removed: c.State == burg.CommentRemoved, Redacted: c.State == burg.CommentRedacted, Held: held,
			DeleteReason: c.DeleteReason, User: c.User,
			Edited: c.DeletedAt == nil && c.UpdatedAt.Sub(c.CreatedAt) > time.Second}
		if n, ok := nums[c.ParentID]; ok && c.ParentID != 0 {
			cv.ReplyTo = &replyRef{ID: c.ParentID, Num: n}
		}
		if cv.Redacted && c.DeleteReason != defaultRedaction {
			cv.Reason = c.DeleteReason
		}
		if c.DeletedAt == nil || vw.mod && c.PurgedAt == nil {
			cv.Body = s.caches.comments.get(c.ID, c.Body, 0, func() template.HTML { return markup.Render(c.Body) })
		}
		if vw.visitor != nil {
			cv.New = vw.visitor.PrevVisit != nil && c.CreatedAt.After(*vw.visitor.PrevVisit) && !own
			cv.Editable = c.EditableBy(vw.visitor.ID, now)
		}
		if vw.mod {
			cv.Mod = &commentMod{IP: c.IP, Network: burg.Network(c.IP), VisitorID: c.VisitorID, Score: c.Score,
				Signals: c.Signals, Source: c.Body, Purged: c.PurgedAt != nil, Live: c.Live(),
				Next: vw.next + "#c" + strconv.FormatInt(c.ID, 10)}
		}
		out = append(out, cv)
	}
	return out
}

// defaultRedaction is the reason a moderator's redaction has when they
// gave none; readers see it once, not twice.
const defaultRedaction = "Removed by a moderator."

// handleCommentCreate takes a comment from the form. It also serves the
// form's other buttons: preview, My Original Nic and Pic-a-Nic, which
// send the form back filled rather than post it.
func (s *Server) handleCommentCreate(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	id, err := parseID(r.PathValue("id"), "post")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := readForm(w, r, formComment, "; is the comment longer than "+strconv.Itoa(burg.MaxCommentLen)+" characters?"); err != nil {
		s.error(w, r, err)
		return
	}
	noCookie := s.visitorID(r) == ""
	x := s.visitorActor(w, r)
	v := r.PostForm
	in := app.CommentInput{PostID: id, Name: v.Get("name"), Email: v.Get("email"), Website: v.Get("website"),
		Body: v.Get("body"), Honeypot: v.Get("fax"), Token: v.Get("ts"), NoCookie: noCookie}
	action := v.Get("action")
	if action != "original" && action != "pic" && action != "preview" {
		// Posting reads the post once, in the application layer; the
		// page is read only when the form comes back.
		c, err := s.app.PostComment(ctx, x, in)
		if err == nil {
			http.Redirect(w, r, commentURL(c), http.StatusSeeOther)
			return
		}
		post, ferr := s.store.FindPost(ctx, id)
		if ferr != nil {
			s.error(w, r, ferr)
			return
		}
		s.failed(w, r, err, s.commentAgain(w, r, post, in))
		return
	}
	post, err := s.store.FindPost(ctx, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	again := s.commentAgain(w, r, post, in)
	if !s.app.CommentsOpen(post) {
		again(http.StatusForbidden, "")
		return
	}
	switch action {
	case "original":
		name, err := s.app.OriginalNick(ctx, x.VisitorID)
		if err != nil {
			s.failed(w, r, err, func(_ int, msg string) { again(http.StatusOK, msg) })
			return
		}
		in.Name = name
		s.commentAgain(w, r, post, in)(http.StatusOK, "")
	case "pic":
		name, err := s.app.FreshNick(ctx)
		if err != nil {
			s.error(w, r, err)
			return
		}
		in.Name = name
		s.commentAgain(w, r, post, in)(http.StatusOK, "")
	case "preview":
		in.Preview = true
		c, err := s.app.CheckComment(ctx, x, in)
		if err != nil {
			s.failed(w, r, err, again)
			return
		}
		form := s.commentFormOf(in)
		form.Name, form.Preview = c.Nick, markup.Render(c.Body)
		s.showPost(w, r, post, http.StatusOK, form)
	}
}

// commentFormOf is the comment form filled with what was typed, with a
// token of the time the form was first served.
func (s *Server) commentFormOf(in app.CommentInput) *commentForm {
	return &commentForm{Name: in.Name, Email: strings.TrimSpace(in.Email), Website: strings.TrimSpace(in.Website),
		Body: strings.ReplaceAll(in.Body, "\r\n", "\n"), Token: s.app.RenewFormToken(in.Token)}
}

// commentAgain returns what sends the article back with the comment form
// filled, msg said over it, and status.
func (s *Server) commentAgain(w http.ResponseWriter, r *http.Request, post *burg.Post, in app.CommentInput) func(status int, msg string) {
	return func(status int, msg string) {
		form := s.commentFormOf(in)
		form.Error = msg
		s.showPost(w, r, post, status, form)
	}
}

// handleNickNew answers a fresh Pic-a-Nic nickname as JSON.
func (s *Server) handleNickNew(w http.ResponseWriter, r *http.Request) {
	n, err := s.app.FreshNick(r.Context())
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "No nick could be made; try again."})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"nick": n})
}
