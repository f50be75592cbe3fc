package burg

import "context"

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
	NameStore
	SwapStore
	SearchStore
	ImportStore
	SnapshotStore
	SiteStore
	BulkLoader
	RenderStore
	AuditStore
	ModerationStore
	CommentListStore
}

// BulkLoader stores a large archive quickly: an import, demo content, a
// load test's data.
type BulkLoader interface {
	// BulkLoad runs load, which stores many posts and comments through
	// the store's own methods (CreatePosts, CreateComments), with the
	// store set up for it; what load stores reads back as it would
	// otherwise, and the store is as fast as before once BulkLoad has
	// returned, whether load failed or not. It returns load's error. A
	// BulkLoad while another runs fails with ECONFLICT.
	BulkLoad(ctx context.Context, load func(ctx context.Context) error) error
}
