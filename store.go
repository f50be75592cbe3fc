package burg

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
	CommentListStore
}
