package web

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
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
	SiteName     string
	// NewCount comments on the page are newer than the visitor's last
	// visit (their own left out), the first of them FirstNew.
	NewCount int
	FirstNew int64
}

// markNew counts the comments newer than the visitor's previous visit.
func (v *visitorView) markNew(comments []*burg.Comment) {
	if v.PrevVisit == nil {
		return
	}
	for _, c := range comments {
		if c.CreatedAt.After(*v.PrevVisit) && c.VisitorID != v.ID && c.DeletedAt == nil {
			if v.NewCount == 0 {
				v.FirstNew = c.ID
			}
			v.NewCount++
		}
	}
}

// visitorEntry is what this server keeps of a visitor: their record as
// the store had it, and their visits as this server saw them.
type visitorEntry struct {
	rec    burg.Visitor
	loaded bool // rec is the store's; false after a comment of theirs
	last   time.Time
	prev   *time.Time
}

// visitorCache keeps visitors in memory, so that a page view reads no
// visitor from the store but the first of each visitor on this server.
type visitorCache struct {
	mu    sync.Mutex
	m     map[string]*visitorEntry
	limit int
}

func newVisitorCache(limit int) *visitorCache {
	return &visitorCache{m: map[string]*visitorEntry{}, limit: limit}
}

// dirty marks a visitor's record to be read again (their comment count
// and first nick changed); the visits seen here are kept.
func (c *visitorCache) dirty(id string) {
	c.mu.Lock()
	if e := c.m[id]; e != nil {
		e.loaded = false
	}
	c.mu.Unlock()
}

// reset forgets every visitor.
func (c *visitorCache) reset() {
	c.mu.Lock()
	clear(c.m)
	c.mu.Unlock()
}

// visitor returns what is known of visitor id. With touch, the view is a
// page view at now: it extends the visit, or starts a new one after
// burg.VisitGap, as the store's TouchVisitors does when the visit is
// written (buffered, later).
func (s *Server) visitor(ctx context.Context, id string, touch bool, now time.Time) (*visitorView, error) {
	v := &visitorView{ID: id, SiteName: s.cfg.SiteName}
	if id == "" {
		return v, nil
	}
	c := s.caches.visitors
	c.mu.Lock()
	e := c.m[id]
	c.mu.Unlock()
	if e == nil || !e.loaded {
		rec, err := s.store.FindVisitor(ctx, id)
		switch {
		case burg.ErrorCode(err) == burg.ENOTFOUND:
			rec = &burg.Visitor{ID: id}
		case err != nil:
			return nil, err
		}
		c.mu.Lock()
		if old := c.m[id]; old != nil {
			// The store's times lag behind what this server saw.
			if old.last.After(rec.LastVisit) {
				rec.LastVisit = old.last
			}
			if old.prev != nil && (rec.PrevVisit == nil || old.prev.After(*rec.PrevVisit)) {
				rec.PrevVisit = old.prev
			}
		}
		if len(c.m) >= c.limit {
			clear(c.m) // bounded; refills from the store
		}
		e = &visitorEntry{rec: *rec, loaded: true, last: rec.LastVisit, prev: rec.PrevVisit}
		c.m[id] = e
		c.mu.Unlock()
	}
	c.mu.Lock()
	if touch {
		if !e.last.IsZero() && now.Sub(e.last) > burg.VisitGap {
			last := e.last
			e.prev = &last
		}
		if now.After(e.last) {
			e.last = now
		}
	}
	v.Comments, v.OriginalNick, v.PrevVisit = e.rec.Comments, e.rec.FirstNick, e.prev
	c.mu.Unlock()
	if touch && s.visits != nil {
		s.visits.Touch(id, now)
	}
	return v, nil
}
