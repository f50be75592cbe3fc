package web

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Kinds of Event.
const (
	// EventChanged: something pages show has changed; cached pages go.
	EventChanged = "changed"
	// EventComment: a post has a new comment; cached pages go and the
	// post's live readers are woken.
	EventComment = "comment"
)

// Event tells every instance of Burg that a write changed what pages
// show.
type Event struct {
	Kind   string // EventChanged or EventComment
	PostID int64  // the post of an EventComment
}

// String encodes e for a notification: "changed", "comment 42".
func (e Event) String() string {
	if e.PostID == 0 {
		return e.Kind
	}
	return e.Kind + " " + strconv.FormatInt(e.PostID, 10)
}

// ParseEvent reads an event that String encoded.
func ParseEvent(s string) (Event, error) {
	kind, id, hasID := strings.Cut(s, " ")
	e := Event{Kind: kind}
	if kind != EventChanged && kind != EventComment {
		return Event{}, fmt.Errorf("event %q: unknown kind", s)
	}
	if hasID {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			return Event{}, fmt.Errorf("event %q: bad post id", s)
		}
		e.PostID = n
	}
	if kind == EventComment && e.PostID == 0 {
		return Event{}, fmt.Errorf("event %q: a comment event needs a post", s)
	}
	return e, nil
}

// Events carries events to every instance of Burg that serves the same
// database, this one included; each instance hands what it hears to its
// Server's Apply. On PostgreSQL that is LISTEN/NOTIFY; a single instance
// needs none (Deps.Events nil).
type Events interface {
	// Publish sends e on its way. It reports no error: the write is made
	// already, the instance that made it has applied e, and the others'
	// caches age out after a few seconds in any case. Implementations
	// log their own failures.
	Publish(ctx context.Context, e Event)
}

// Apply acts on an event, whichever instance it comes from: it drops the
// cached pages and, for a comment, wakes the post's live streams. Applying
// an event twice does no harm. Apply publishes nothing, so a listener
// calls it and not Invalidate.
func (s *Server) Apply(e Event) {
	s.cache.Invalidate()
	s.chromeCache.Store(nil)
	if e.PostID != 0 {
		s.broker.Publish(e.PostID)
	}
}

// publish applies e here at once, then sends it to the other instances.
// A reader who leaves does not stop the news of the write.
func (s *Server) publish(ctx context.Context, e Event) {
	s.Apply(e)
	if s.events != nil {
		s.events.Publish(context.WithoutCancel(ctx), e)
	}
}
