package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
)

// sessionCookie holds the random token of a login; the store keeps only
// its SHA-256.
const sessionCookie = "burg_session"

// userKey keys the request's login in its context.
type userKey struct{}

// userCell finds the request's user on first use, at most once.
type userCell struct {
	once  sync.Once
	user  *burg.User
	token string
}

// withUser lets handlers find the logged-in user of a request carrying a
// session cookie; other requests cost nothing.
func (s *Server) withUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			r = r.WithContext(context.WithValue(r.Context(), userKey{}, &userCell{token: c.Value}))
		}
		next.ServeHTTP(w, r)
	})
}

// user returns the logged-in user of the request, or nil. A disabled user
// or an expired session is nobody.
func (s *Server) user(r *http.Request) *burg.User {
	cell, _ := r.Context().Value(userKey{}).(*userCell)
	if cell == nil {
		return nil
	}
	cell.once.Do(func() {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		u, err := s.app.UserBySession(ctx, cell.token)
		switch {
		case err == nil:
			cell.user = u
		case burg.ErrorCode(err) != burg.ENOTFOUND:
			s.logger.Error("find session", "err", err)
		}
	})
	return cell.user
}

// sessionToken returns the request's session token, or "".
func sessionToken(r *http.Request) string {
	if cell, _ := r.Context().Value(userKey{}).(*userCell); cell != nil {
		return cell.token
	}
	return ""
}

// actor is who makes the request, as the application layer sees them.
func (s *Server) actor(r *http.Request) app.Actor {
	return app.Actor{User: s.user(r), VisitorID: s.visitorID(r), IP: clientIP(r), UserAgent: r.UserAgent()}
}

// Access groups of the route table. Each wraps a handler in the check of
// who may call it; handlers never check a role themselves. Which post a
// poster may edit, say, is the application layer's to decide.

// public is open to anyone.
func (s *Server) public(h http.HandlerFunc) http.Handler { return h }

// member needs a logged-in registered user: a reader asking for a page is
// sent to log in, any other request answered 401.
func (s *Server) member(h http.HandlerFunc) http.Handler {
	return s.require(h, func(x app.Actor) bool { return x.Member() }, "registered users")
}

// moderator needs a logged-in moderator or admin.
func (s *Server) moderator(h http.HandlerFunc) http.Handler {
	return s.require(h, func(x app.Actor) bool { return x.Moderator() }, "moderators")
}

// admin needs a logged-in admin.
func (s *Server) admin(h http.HandlerFunc) http.Handler {
	return s.require(h, func(x app.Actor) bool { return x.Admin() }, "admins")
}

// staff needs a logged-in moderator or admin, and answers everyone else
// 403, readers included: the moderation pages are no business of theirs.
// What it serves is private to the moderator and never kept by a cache.
func (s *Server) staff(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !(app.Actor{User: s.user(r)}).Moderator() {
			s.error(w, r, burg.Errorf(burg.EFORBIDDEN, "Only moderators may do that. If you are one, log in first."))
			return
		}
		w.Header().Set("Cache-Control", "private, no-store")
		h(w, r)
	})
}

func (s *Server) require(h http.HandlerFunc, ok func(app.Actor) bool, who string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := s.user(r)
		switch {
		case u == nil:
			s.error(w, r, burg.Errorf(burg.EUNAUTHORIZED, "Please log in first."))
		case !ok(app.Actor{User: u}):
			s.error(w, r, burg.Errorf(burg.EFORBIDDEN, "Only %s may do that.", who))
		default:
			h(w, r)
		}
	})
}

// localPath returns next when it is a path on this site, else "/": a
// login never sends anyone elsewhere.
func localPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n\t\\") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}
