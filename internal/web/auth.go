package web

import (
	"net/http"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

type loginPage struct {
	base
	Nick  string
	Next  string
	Error string
}

// handleSessionNew shows the login form, and to a logged-in user the ways
// to log out.
func (s *Server) handleSessionNew(w http.ResponseWriter, r *http.Request) {
	s.renderLogin(w, r, http.StatusOK, &loginPage{Next: localPath(r.URL.Query().Get("next"))})
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, p *loginPage) {
	p.base = s.base(r, "Log in")
	p.NoIndex = true
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, status, "login", p)
}

// handleSessionCreate checks a nick and password and starts a session.
func (s *Server) handleSessionCreate(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	if err := readForm(w, r, formSmall, ""); err != nil {
		s.error(w, r, err)
		return
	}
	p := &loginPage{Nick: strings.TrimSpace(r.PostForm.Get("nick")), Next: localPath(r.PostForm.Get("next"))}
	if rs := []rune(p.Nick); len(rs) > 100 {
		p.Nick = string(rs[:100])
	}
	token, _, err := s.app.Login(ctx, s.actor(r), p.Nick, r.PostForm.Get("password"))
	if err != nil {
		if r.Context().Err() != nil {
			return // the client went away
		}
		s.failed(w, r, err, func(status int, msg string) {
			p.Error = msg
			s.renderLogin(w, r, status, p)
		})
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    token,
		Path:     "/",
		MaxAge:   int(burg.SessionTTL / time.Second),
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, p.Next, http.StatusSeeOther)
}

// handleSessionDelete (log out) ends the session, or with everywhere=1
// every session of the user, and forgets the cookie.
func (s *Server) handleSessionDelete(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	readForm(w, r, 4<<10, "") // a form that cannot be read logs out of this session only
	if err := s.app.Logout(ctx, sessionToken(r), r.Form.Get("everywhere") != ""); err != nil {
		s.error(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
