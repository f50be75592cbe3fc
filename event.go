package burg

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Kinds of Event. Each names what a committed write changed, so that the
// copies of it that caches keep can go, and no further.
const (
	// EventPost: a post was published, edited, moved, re-tagged, remarked,
	// closed or reopened, deleted or restored. PostID says which.
	EventPost = "post"
	// EventComment: a comment on PostID was added, edited or removed.
	EventComment = "comment"
	// EventRender: the stored rendering of PostID's body was made anew
	// because the dictionary of the house voice changed; nothing else of
	// the post did.
	EventRender = "render"
	// EventNames: the names database or the word swaps changed: an
	// entry's name, epithet, description, image, kind or aliases, or a
	// swap. The posts it touches follow by EventRender.
	EventNames = "names"
	// EventUsers: registered users changed: a nick, role, colour or
	// account state.
	EventUsers = "users"
	// EventBans: bans were made or lifted.
	EventBans = "bans"
	// EventSettings: a site setting or the table of source names changed.
	EventSettings = "settings"
	// EventAll: anything may have changed, as when another process wrote
	// to the database or notifications were lost.
	EventAll = "all"
)

// Event tells whatever keeps copies of the site's data, in this process
// and in the others that serve the same database, that a write changed
// it. Events are published after the write commits; applying one twice
// does no harm.
type Event struct {
	Kind   string
	PostID int64 // the post of an EventPost or EventComment; 0 for none
	// VisitorID is the visitor whose comment an EventComment is, when a
	// visitor wrote it: what is kept of them (their count) changed too.
	VisitorID string
}

// String encodes e for a notification between instances: "comment 42",
// "comment 42 VISITOR", "users".
func (e Event) String() string {
	if e.PostID == 0 {
		return e.Kind
	}
	s := e.Kind + " " + strconv.FormatInt(e.PostID, 10)
	if e.VisitorID != "" {
		s += " " + e.VisitorID
	}
	return s
}

// ParseEvent reads an event that String encoded.
func ParseEvent(s string) (Event, error) {
	kind, id, hasID := strings.Cut(s, " ")
	id, visitor, hasVisitor := strings.Cut(id, " ")
	if hasVisitor {
		if kind != EventComment || visitor == "" || len(visitor) > 64 || strings.ContainsAny(visitor, " \t\r\n") {
			return Event{}, fmt.Errorf("event %q: bad visitor", s)
		}
	}
	e := Event{Kind: kind, VisitorID: visitor}
	switch kind {
	case EventPost, EventComment, EventRender, EventNames, EventUsers, EventBans, EventSettings, EventAll:
	default:
		return Event{}, fmt.Errorf("event %q: unknown kind", s)
	}
	if hasID {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			return Event{}, fmt.Errorf("event %q: bad post id", s)
		}
		e.PostID = n
	}
	if (kind == EventComment || kind == EventRender) && e.PostID == 0 {
		return Event{}, fmt.Errorf("event %q: a %s event needs a post", s, kind)
	}
	return e, nil
}

// EventPublisher is told of each committed write.
type EventPublisher interface {
	// Publish hands e on. It reports no error: the write is made already;
	// implementations log their own failures.
	Publish(ctx context.Context, e Event)
}
