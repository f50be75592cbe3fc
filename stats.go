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
}

// Store is everything Burg keeps.
type Store interface {
	SectionStore
	PostStore
	TagStore
	UserStore
	StatsStore
	CommentStore
	SettingStore
	SessionStore
	LoginStore
	PostEditStore
	SubmissionStore
	SourceStore
	BanStore
	SearchStore
}

// SettingStore keeps site-wide values, such as the secret that signs
// cookies, shared by every instance.
type SettingStore interface {
	// Setting returns the value of key, creating it with def() when
	// absent; two instances racing get the same value.
	Setting(ctx context.Context, key string, def func() (string, error)) (string, error)
	// SetSetting stores the value of key, replacing any it had.
	SetSetting(ctx context.Context, key, value string) error
}
