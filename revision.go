package burg

import (
	"context"
	"time"
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
	return s
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
	// FindPostBySourceURL returns the newest live post with exactly this
	// source URL, or ENOTFOUND.
	FindPostBySourceURL(ctx context.Context, sourceURL string) (*Post, error)
	// UpdatePost stores p's section, title, source fields, note, body,
	// original body, posted time, comment closing time and tags (by ID),
	// and sets its UpdatedAt. The slug stays, so that links keep working.
	UpdatePost(ctx context.Context, p *Post, ch PostChange) error
	// DeletePost marks a post deleted; readers no longer see it.
	DeletePost(ctx context.Context, id int64, ch PostChange) error
	// RestorePost brings a deleted post back.
	RestorePost(ctx context.Context, id int64, ch PostChange) error
	// FindPostRevisions returns a post's revisions with their users,
	// oldest first.
	FindPostRevisions(ctx context.Context, postID int64) ([]*PostRevision, error)
}
