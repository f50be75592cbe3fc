package sqlstore

import (
	"context"

	burg "github.com/burg-news/burg"
)

// FindCommentList returns a page of the live comments on live posts,
// newest first, keyed by (created_at, id) so that a page deep in the list
// costs what the first does (the comments_created_at index ends with the
// row's id).
func (s *Store) FindCommentList(ctx context.Context, f burg.CommentListFilter) ([]*burg.Comment, error) {
	limit := f.Limit
	switch {
	case limit == 0:
		limit = burg.DefaultCommentListLimit
	case limit < 0 || limit > burg.MaxCommentListLimit:
		return nil, burg.Errorf(burg.EINVALID, "A page of comments holds 1 to %d.", burg.MaxCommentListLimit)
	}
	where := `WHERE c.deleted_at IS NULL AND c.state = 'live' AND p.deleted_at IS NULL`
	var args []any
	if !f.Since.IsZero() {
		where += ` AND c.created_at >= ?`
		args = append(args, utc(f.Since))
	}
	if f.Before != nil {
		where += ` AND (c.created_at < ? OR (c.created_at = ? AND c.id < ?))`
		args = append(args, utc(f.Before.At), utc(f.Before.At), f.Before.ID)
	}
	args = append(args, limit)
	return s.findComments(ctx, where+` ORDER BY c.created_at DESC, c.id DESC LIMIT ?`, args...)
}
