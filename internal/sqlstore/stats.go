package sqlstore

import (
	"context"
	"fmt"
	"time"

	burg "github.com/burg-news/burg"
)

// SiteCounts returns the totals of live posts and comments and those made
// in [dayStart, dayEnd).
func (s *Store) SiteCounts(ctx context.Context, dayStart, dayEnd time.Time) (burg.SiteCounts, error) {
	var c burg.SiteCounts
	err := s.readTx(ctx, func(t *tx) error {
		err := t.queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(comment_count), 0) FROM posts WHERE deleted_at IS NULL`).
			Scan(&c.Posts, &c.Comments)
		if err != nil {
			return fmt.Errorf("site counts: %w", err)
		}
		err = t.queryRow(ctx, `SELECT COUNT(*) FROM posts WHERE posted_at >= ? AND posted_at < ? AND deleted_at IS NULL`,
			utc(dayStart), utc(dayEnd)).Scan(&c.PostsToday)
		if err != nil {
			return fmt.Errorf("site counts: %w", err)
		}
		err = t.queryRow(ctx, `SELECT COUNT(*) FROM comments WHERE created_at >= ? AND created_at < ? AND state = 'live'`,
			utc(dayStart), utc(dayEnd)).Scan(&c.CommentsToday)
		if err != nil {
			return fmt.Errorf("site counts: %w", err)
		}
		return nil
	})
	return c, err
}
