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
		// Kept by triggers on posts (migration 0009).
		err := t.queryRow(ctx, `SELECT posts, comments FROM site_counters WHERE id = 1`).Scan(&c.Posts, &c.Comments)
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

// recountSite sets the site counter's totals from the posts, as the
// migration that made them did; the triggers keep them from then on.
func recountSite(ctx context.Context, t *tx) error {
	_, err := t.exec(ctx, `UPDATE site_counters SET
		posts = (SELECT COUNT(*) FROM posts WHERE deleted_at IS NULL),
		comments = (SELECT COALESCE(SUM(comment_count), 0) FROM posts WHERE deleted_at IS NULL)
		WHERE id = 1`)
	if err != nil {
		return fmt.Errorf("recount site: %w", err)
	}
	return nil
}
