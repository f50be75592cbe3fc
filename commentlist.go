package burg

import (
	"context"
	"time"
)

// MaxCommentListLimit is the largest page of FindCommentList;
// DefaultCommentListLimit the page when CommentListFilter.Limit is 0.
const (
	MaxCommentListLimit     = 200
	DefaultCommentListLimit = 50
)

// CommentListFilter selects a page of the live comments on live posts,
// across posts, newest first: by time of writing, then by ID.
type CommentListFilter struct {
	// Since keeps comments written at or after it; zero keeps all.
	Since time.Time
	// Before continues after the last comment of a page: pass
	// CommentCursorOf(last). Nil starts with the newest.
	Before *PostCursor
	// Limit is the page size: DefaultCommentListLimit when 0, at most
	// MaxCommentListLimit.
	Limit int
}

// CommentCursorOf is the place of c in a list of comments, for
// CommentListFilter.Before. It shares PostCursor's shape: a time and an
// ID.
func CommentCursorOf(c *Comment) *PostCursor { return &PostCursor{At: c.CreatedAt, ID: c.ID} }

// CommentListStore lists comments across posts, page by page.
type CommentListStore interface {
	// FindCommentList returns the live comments on live posts that f
	// selects, newest first, with their posts' titles and slugs, as
	// FindLatestComments gives them. Removed comments and comments on
	// deleted posts are never listed. A Limit below 0 or above
	// MaxCommentListLimit is EINVALID.
	FindCommentList(ctx context.Context, f CommentListFilter) ([]*Comment, error)
}
