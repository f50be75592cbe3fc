package burg

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// What a change did to a post, as its revision records it.
const (
	ActionEdited   = "edited"
	ActionRemark   = "added a remark"
	ActionRetagged = "re-tagged"
	ActionClosed   = "closed comments"
	ActionReopened = "reopened comments"
	ActionDeleted  = "deleted"
	ActionRestored = "restored"
)

// PostSnapshot is every field of a post a moderator may change, as it
// stood at one time.
type PostSnapshot struct {
	Title           string
	SectionID       int64
	SourceURL       string
	SourceTag       string
	SourceLang      string
	Note            string
	Body            string
	OriginalBody    string
	PostedAt        time.Time
	CommentsCloseAt *time.Time
	DeletedAt       *time.Time
	Tags            []string // tag names, in the post's order
	// Remarks are the post's editorial remarks as "Nick: text", oldest
	// first.
	Remarks []string
}

// SnapshotOf returns the changeable fields of p.
func SnapshotOf(p *Post) PostSnapshot {
	s := PostSnapshot{
		Title: p.Title, SectionID: p.SectionID, SourceURL: p.SourceURL, SourceTag: p.SourceTag,
		SourceLang: p.SourceLang, Note: p.Note, Body: p.Body, OriginalBody: p.OriginalBody,
		PostedAt: p.PostedAt, CommentsCloseAt: p.CommentsCloseAt, DeletedAt: p.DeletedAt,
	}
	for _, t := range p.Tags {
		s.Tags = append(s.Tags, t.Name)
	}
	for _, r := range p.Remarks {
		s.Remarks = append(s.Remarks, r.Line())
	}
	return s
}

// MaxRemarkLen bounds the text of an editorial remark.
const MaxRemarkLen = 5000

// Remark is a moderator's editorial remark on a post, shown after the body
// in the moderator's colour. Remarks are records a moderator adds through
// the post's remark box; no text a poster types in a body can make one.
type Remark struct {
	ID        int64
	PostID    int64
	UserID    int64  // the moderator who made it
	Body      string // markup source; rendered only through internal/markup
	CreatedAt time.Time

	User *User // filled by the store on reads
}

// Validate reports whether r may be stored.
func (r *Remark) Validate() error {
	body := strings.TrimSpace(r.Body)
	switch {
	case body == "":
		return Errorf(EINVALID, "The remark is empty.")
	case utf8.RuneCountInString(body) > MaxRemarkLen:
		return Errorf(EINVALID, "The remark is longer than %d characters.", MaxRemarkLen)
	case !utf8.ValidString(body):
		return Errorf(EINVALID, "The remark has text that is not valid UTF-8.")
	case r.UserID == 0:
		return Errorf(EINVALID, "A remark needs the moderator who makes it.")
	}
	return nil
}

// Line is the remark as one line of a post's history: "Nick: text".
func (r *Remark) Line() string {
	nick := "?"
	if r.User != nil {
		nick = r.User.Nick
	}
	return nick + ": " + strings.TrimSpace(r.Body)
}

// PostRevision records one change to a post: who made it, when, what it
// was, and the post as it stood before. The post as it stood after is the
// next revision's Before, or the post itself for the latest.
type PostRevision struct {
	ID     int64
	PostID int64
	UserID int64
	Action string // one of the Action… constants
	At     time.Time
	Before PostSnapshot

	User *User // filled by the store on reads
}

// PostChange says who changes a post and why, for the revision the change
// leaves behind.
type PostChange struct {
	UserID int64
	Action string
	// IfUpdatedAt, when set, makes the change fail with ECONFLICT if the
	// post was changed after this time: someone else saved it meanwhile.
	IfUpdatedAt time.Time
}

// PostEditStore changes posts after they are published. Every change
// keeps the post's previous state as a revision, in the same transaction.
type PostEditStore interface {
	// FindPostIncludingDeleted returns one post, deleted or not, with its
	// section, poster, tags and DeletedAt, or ENOTFOUND.
	FindPostIncludingDeleted(ctx context.Context, id int64) (*Post, error)
	// FindPostBySourceURL returns the newest live post whose source has
	// the SourceKey of sourceURL, or ENOTFOUND.
	FindPostBySourceURL(ctx context.Context, sourceURL string) (*Post, error)
	// UpdatePost stores p's section, title, source fields, note, body,
	// original body, posted time, comment closing time and tags (by ID),
	// and sets its UpdatedAt. The slug stays, so that links keep working.
	UpdatePost(ctx context.Context, p *Post, ch PostChange) error
	// DeletePost marks a post deleted; readers no longer see it.
	DeletePost(ctx context.Context, id int64, ch PostChange) error
	// RestorePost brings a deleted post back.
	RestorePost(ctx context.Context, id int64, ch PostChange) error
	// AddRemark adds r to its post, keeping the post as it stood as a
	// revision, and sets r's ID and CreatedAt. The store does not check
	// that r's user may moderate: the caller does.
	AddRemark(ctx context.Context, r *Remark, ch PostChange) error
	// FindPostRevisions returns a post's revisions with their users,
	// oldest first.
	FindPostRevisions(ctx context.Context, postID int64) ([]*PostRevision, error)
}
