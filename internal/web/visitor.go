package web

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
)

// visitorCookie holds a random visitor id and its signature.
const visitorCookie = "burg_visitor"

// visitorID returns the visitor id of a request's valid cookie, or "".
func (s *Server) visitorID(r *http.Request) string {
	c, err := r.Cookie(visitorCookie)
	if err != nil {
		return ""
	}
	id, mac, ok := strings.Cut(c.Value, ".")
	if !ok || len(id) != 22 || !s.app.Verify(mac, "visitor", id) {
		return ""
	}
	return id
}

// currentVisitor returns the visitor id of the request, including one
// given to it in this response.
func (s *Server) currentVisitor(w http.ResponseWriter, r *http.Request) string {
	if id := s.visitorID(r); id != "" {
		return id
	}
	for _, line := range w.Header().Values("Set-Cookie") {
		if c, err := http.ParseSetCookie(line); err == nil && c.Name == visitorCookie {
			id, _, _ := strings.Cut(c.Value, ".")
			return id
		}
	}
	return ""
}

// ensureVisitor returns the request's visitor id, giving the browser a new
// one when it has none.
func (s *Server) ensureVisitor(w http.ResponseWriter, r *http.Request) string {
	if id := s.currentVisitor(w, r); id != "" {
		return id
	}
	id := app.NewVisitorID()
	http.SetCookie(w, &http.Cookie{
		Name:     visitorCookie,
		Value:    id + "." + s.app.Sign("visitor", id),
		Path:     "/",
		MaxAge:   2 * 365 * 24 * 3600,
		HttpOnly: true,
		Secure:   r.TLS != nil,
		SameSite: http.SameSiteLaxMode,
	})
	return id
}

// visitorActor is the request's actor with a visitor id, given one now if
// the browser had none: for actions that remember the visitor.
func (s *Server) visitorActor(w http.ResponseWriter, r *http.Request) app.Actor {
	x := s.actor(r)
	x.VisitorID = s.ensureVisitor(w, r)
	return x
}

// clientIP is the address of the connection's peer (or, behind a trusted
// proxy, of the client it names).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
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
