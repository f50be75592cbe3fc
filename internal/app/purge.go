package app

import (
	"context"
	"time"

	burg "github.com/burg-news/burg"
)

// Removed comments keep their text for the site's retention
// (ModerationSettings.PurgeAfter), so that a moderator can look again or
// restore one; then Purge deletes it for good, with the comment's e-mail,
// website and earlier texts. The comment keeps its place and number.

// purgeBatch is how many comments one transaction of a purge takes, and
// purgeBatches how many transactions one run makes at most: the next run
// goes on where it stopped.
const (
	purgeBatch   = 1000
	purgeBatches = 20
)

// Purge deletes for good the texts of comments removed longer ago than
// the site's retention, at most purgeBatch×purgeBatches of them, and
// returns how many. Each batch is one audit entry with its count. The
// operator (the command line and the server's own job) and admins may
// purge.
func (a *App) Purge(ctx context.Context, x Actor) (int, error) {
	if err := x.needAdmin(); err != nil {
		return 0, err
	}
	set, err := a.Moderation(ctx)
	if err != nil {
		return 0, err
	}
	before := a.now().Add(-set.PurgeAfter)
	total := 0
	for range purgeBatches {
		audit := &burg.AuditEntry{UserID: x.userID(), Action: burg.AuditCommentPurge, Target: "removed comments",
			Detail: "removed before " + before.UTC().Format(time.RFC3339)}
		res, err := a.store.PurgeComments(ctx, before, purgeBatch, audit)
		if err != nil {
			return total, err
		}
		total += res.Changed
		a.publishPosts(ctx, res.Posts)
		if res.Changed < purgeBatch {
			break
		}
	}
	return total, nil
}

// RunPurge purges every interval (and once at the start) until ctx ends,
// as the operator. Several servers may run it at once: a comment is
// purged once whichever gets to it.
func (a *App) RunPurge(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := a.Purge(ctx, Operator)
		switch {
		case err != nil && ctx.Err() == nil:
			a.logger.Error("purge removed comments", "err", err)
		case n > 0:
			a.logger.Info("purged removed comments", "comments", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
