package burg

import (
	"context"
	"time"
)

// SiteCounts are the figures of the site counter: "N articles and M
// comments are archived. Today: X articles and Y comments".
type SiteCounts struct {
	Posts         int
	Comments      int
	PostsToday    int
	CommentsToday int
}

// StatsStore answers the site-wide counters.
type StatsStore interface {
	// SiteCounts returns the totals and those of posts and comments made in
	// [dayStart, dayEnd).
	SiteCounts(ctx context.Context, dayStart, dayEnd time.Time) (SiteCounts, error)
	// Ping reports whether the store answers.
	Ping(ctx context.Context) error
	// Ready reports whether the store answers and holds the schema this
	// binary expects: every migration it carries has been applied. A
	// store that lacks some is EUNAVAILABLE, with a message saying how
	// many. Migrations newer than the binary's are allowed, so that an
	// older instance keeps serving while a newer one has migrated.
	Ready(ctx context.Context) error
}
