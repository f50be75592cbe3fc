package web

import (
	"context"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/markup"
	"github.com/burg-news/burg/internal/nick"
)

// minFillTime is how long a person takes at least to write a comment; a
// form sent back faster is a robot's.
const minFillTime = 2 * time.Second

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
	ID           int64
	Num          int
	Nick         string
	Website      string
	CreatedAt    time.Time
	Removed      bool
	DeleteReason string
	User         *burg.User
	Body         template.HTML
	New          bool // newer than the visitor's last visit
	Editable     bool
}

// visitorView is what the page knows of the visitor.
type visitorView struct {
	ID           string
	Comments     int
	OriginalNick string
	PrevVisit    *time.Time
}

// findVisitor reads what is remembered of visitor id; a visitor never
// seen is no error.
func (s *Server) findVisitor(ctx context.Context, id string) (*visitorView, error) {
	v := &visitorView{ID: id}
	if id == "" {
		return v, nil
	}
	rec, err := s.store.FindVisitor(ctx, id)
	switch {
	case burg.ErrorCode(err) == burg.ENOTFOUND:
		return v, nil
	case err != nil:
		return nil, err
	}
	v.Comments, v.OriginalNick, v.PrevVisit = rec.Comments, rec.FirstNick, rec.PrevVisit
	return v, nil
}

// viewComments prepares a post's comments for its page.
func (s *Server) viewComments(comments []*burg.Comment, v *visitorView) []*commentView {
	now := s.now()
	out := make([]*commentView, len(comments))
	for i, c := range comments {
		cv := &commentView{ID: c.ID, Num: c.Num, Nick: c.Nick, Website: c.Website, CreatedAt: c.CreatedAt,
			Removed: c.DeletedAt != nil, DeleteReason: c.DeleteReason, User: c.User}
		if c.DeletedAt == nil {
			cv.Body = s.comments.get(c.ID, c.Body, 0, func() template.HTML { return markup.Render(c.Body) })
		}
		if v != nil {
			cv.New = v.PrevVisit != nil && c.CreatedAt.After(*v.PrevVisit) && c.VisitorID != v.ID
			cv.Editable = c.EditableBy(v.ID, now)
		}
		out[i] = cv
	}
	return out
}

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
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.error(w, r, burg.Errorf(burg.EINVALID, "The form could not be read; is the comment longer than %d characters?", burg.MaxCommentLen))
		return
	}
	post, err := s.store.FindPost(ctx, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	visitor := s.ensureVisitor(w, r)
	form := &commentForm{
		Name:    r.PostForm.Get("name"),
		Email:   strings.TrimSpace(r.PostForm.Get("email")),
		Website: strings.TrimSpace(r.PostForm.Get("website")),
		Body:    strings.ReplaceAll(r.PostForm.Get("body"), "\r\n", "\n"),
	}
	if !post.CommentsOpen(s.now(), s.cfg.CommentsCloseAfter) {
		s.showPost(w, r, post, http.StatusForbidden, form)
		return
	}
	switch r.PostForm.Get("action") {
	case "original":
		v, err := s.findVisitor(ctx, visitor)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if v.OriginalNick != "" {
			form.Name = v.OriginalNick
		} else {
			form.Error = "You have not commented here before, so there is no original nick yet."
		}
		s.showPost(w, r, post, http.StatusOK, form)
		return
	case "pic":
		if form.Name, err = s.freshNick(ctx); err != nil {
			s.error(w, r, err)
			return
		}
		s.showPost(w, r, post, http.StatusOK, form)
		return
	}

	c := &burg.Comment{PostID: post.ID, Email: form.Email, Website: burg.NormalizeWebsite(form.Website),
		Body: form.Body, VisitorID: visitor, IP: clientIP(r)}
	if err := s.checkComment(ctx, r, c, form); err != nil {
		form.Error = burg.ErrorMessage(err)
		status := http.StatusUnprocessableEntity
		if burg.ErrorCode(err) == burg.ETOOMANY {
			status = http.StatusTooManyRequests
		}
		s.showPost(w, r, post, status, form)
		return
	}
	if r.PostForm.Get("action") == "preview" {
		form.Name = c.Nick
		form.Preview = markup.Render(c.Body)
		s.showPost(w, r, post, http.StatusOK, form)
		return
	}
	if banned, err := s.commentBanned(ctx, c); err != nil {
		s.error(w, r, err)
		return
	} else if banned {
		// Neither the kind of ban nor its reason is shown: they would
		// tell a troll what to change.
		form.Error = "Your comment was not posted: this site does not take comments from you at present."
		s.showPost(w, r, post, http.StatusForbidden, form)
		return
	}
	if ok, err := s.commentAllowed(ctx, visitor, c.IP); err != nil {
		s.error(w, r, err)
		return
	} else if !ok {
		form.Error = "You are commenting faster than we can read. Please wait a minute and send it again."
		s.showPost(w, r, post, http.StatusTooManyRequests, form)
		return
	}
	if err := s.store.CreateComment(ctx, c); err != nil {
		if burg.ErrorCode(err) == burg.EINVALID {
			form.Error = burg.ErrorMessage(err)
			s.showPost(w, r, post, http.StatusUnprocessableEntity, form)
			return
		}
		s.error(w, r, err)
		return
	}
	s.publish(ctx, Event{Kind: EventComment, PostID: post.ID})
	http.Redirect(w, r, postURL(post)+"#c"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
}

// commentBanned reports whether a ban in the store holds the commenter:
// by nick, visitor cookie, address or network.
func (s *Server) commentBanned(ctx context.Context, c *burg.Comment) (bool, error) {
	b, err := s.store.FindActiveBan(ctx, burg.Commenter{Nick: c.Nick, VisitorID: c.VisitorID, IP: c.IP})
	switch {
	case burg.ErrorCode(err) == burg.ENOTFOUND:
		return false, nil
	case err != nil:
		return false, err
	}
	s.logger.Info("banned comment refused", "ban", b.ID, "kind", b.Kind, "post", c.PostID)
	return true, nil
}

// commentAllowed reports whether the visitor and the address are within
// commentLimits. The counts come from the comments in the store, so that
// the limits hold across every instance serving it.
func (s *Server) commentAllowed(ctx context.Context, visitor, ip string) (bool, error) {
	now := s.now()
	for _, lim := range commentLimits {
		// Within the window means less than window ago; times are stored
		// to the microsecond.
		a, err := s.store.CountCommentsSince(ctx, visitor, ip, now.Add(-lim.window+time.Microsecond))
		if err != nil {
			return false, err
		}
		if a.ByVisitor >= lim.n || a.ByIP >= lim.n {
			return false, nil
		}
	}
	return true, nil
}

// checkComment cleans and validates what was typed, including the spam
// traps and the reserved nicks.
func (s *Server) checkComment(ctx context.Context, r *http.Request, c *burg.Comment, form *commentForm) error {
	if r.PostForm.Get("fax") != "" { // the honeypot field, hidden from people
		return burg.Errorf(burg.EINVALID, "Your comment looks like spam and was not posted.")
	}
	if tok := r.PostForm.Get("ts"); tok != "" {
		age, ok := s.formAge(tok)
		if !ok {
			return burg.Errorf(burg.EINVALID, "The form was damaged on its way; please send it again.")
		}
		if age < minFillTime && r.PostForm.Get("action") != "preview" {
			return burg.Errorf(burg.EINVALID, "That was quick! Please take a moment to read your comment, then send it again.")
		}
	}
	name, err := nick.Clean(form.Name)
	if err != nil {
		return err
	}
	c.Nick = name
	if err := c.Validate(); err != nil {
		return err
	}
	c2, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	reserved := make([]string, 0, len(c2.users))
	for _, u := range c2.users {
		reserved = append(reserved, u.Nick)
	}
	if owner, taken := nick.NewReserved(reserved...).Owner(name); taken {
		// The member themselves, logged in, comments under their nick
		// and in their colour.
		u := s.user(r)
		if u == nil || !strings.EqualFold(owner, u.Nick) {
			return burg.Errorf(burg.EFORBIDDEN, "The nick %q belongs to a registered member (%s). Please pick another.", name, owner)
		}
		c.Nick, c.UserID = u.Nick, u.ID
	}
	return checkCommentText(c)
}

// maxCommentLinks is how many links a comment may hold.
const maxCommentLinks = 8

// checkCommentText applies the rules on what a comment says, for a new
// comment and an edit alike.
func checkCommentText(c *burg.Comment) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if n := strings.Count(strings.ToLower(c.Body), "http"); n > maxCommentLinks {
		return burg.Errorf(burg.EINVALID, "A comment may hold at most %d links.", maxCommentLinks)
	}
	return nil
}

// clientIP is the address of the connection's peer.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// handleNickNew answers a fresh Pic-a-Nic nickname as JSON.
func (s *Server) handleNickNew(w http.ResponseWriter, r *http.Request) {
	n, err := s.freshNick(r.Context())
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "No nick could be made; try again."})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"nick": n})
}

// freshNick returns a Pic-a-Nic that is no registered member's nick nor
// looks like one.
func (s *Server) freshNick(ctx context.Context) (string, error) {
	c, err := s.chrome(ctx)
	if err != nil {
		return "", err
	}
	nicks := make([]string, len(c.users))
	for i, u := range c.users {
		nicks[i] = u.Nick
	}
	reserved := nick.NewReserved(nicks...)
	for range 50 {
		n := s.nicks.Nick()
		if _, taken := reserved.Owner(n); !taken {
			return n, nil
		}
	}
	return "", fmt.Errorf("fifty generated nicks were all reserved")
}
