package app

import (
	"context"
	"time"

	burg "github.com/burg-news/burg"
)

// What a feed carries. A site posts about a hundred items a day, and a
// reader whose feed reader looks once a day must miss none: a feed holds
// every post of the last FeedSpan, at least FeedMin and at most FeedMax.
const (
	FeedSpan = 36 * time.Hour
	FeedMin  = 50
	FeedMax  = 500
	// FeedComments is how many of an article's newest comments its
	// comment feed carries.
	FeedComments = 200
)

// FeedPosts returns the live posts f selects that a feed carries, newest
// first: every one of the last FeedSpan, and at least the newest FeedMin.
// f's paging fields are ignored.
func (a *App) FeedPosts(ctx context.Context, f burg.PostFilter) ([]*burg.Post, error) {
	// A feed shows no count of what it holds.
	f.Before, f.After, f.Offset, f.Oldest, f.Until, f.NoTotal = nil, nil, 0, false, time.Time{}, true
	recent := f
	recent.From, recent.Limit = a.now().Add(-FeedSpan), FeedMax
	posts, _, err := a.store.FindPosts(ctx, recent)
	if err != nil {
		return nil, err
	}
	if len(posts) < FeedMin {
		f.Limit = FeedMin
		if posts, _, err = a.store.FindPosts(ctx, f); err != nil {
			return nil, err
		}
	}
	return readerPosts(posts), nil
}

// FeedComments returns a live post and the newest of its comments that
// readers may see, oldest first: a removed comment (by its writer or a
// moderator) never reaches a feed, not even as a placeholder.
func (a *App) FeedComments(ctx context.Context, postID int64) (*burg.Post, []*burg.Comment, error) {
	p, err := a.ReaderPost(ctx, postID)
	if err != nil {
		return nil, nil, err
	}
	cs, err := a.store.FindComments(ctx, postID)
	if err != nil {
		return nil, nil, err
	}
	cs = ReaderComments(cs)
	if len(cs) > FeedComments {
		cs = cs[len(cs)-FeedComments:]
	}
	return p, cs, nil
}

// ReaderComments keeps the comments whose text readers may see.
func ReaderComments(cs []*burg.Comment) []*burg.Comment {
	out := make([]*burg.Comment, 0, len(cs))
	for _, c := range cs {
		if c.DeletedAt == nil && c.Live() { // not removed, not held
			out = append(out, c)
		}
	}
	return out
}

// readerPosts keeps the posts readers may see.
func readerPosts(ps []*burg.Post) []*burg.Post {
	out := ps[:0]
	for _, p := range ps {
		if p.DeletedAt == nil {
			out = append(out, p)
		}
	}
	return out
}

// walkChunk is how many posts WalkPosts reads at a time.
const walkChunk = 500

// WalkPosts calls each with every live post posted in [from, until),
// newest first, reading walkChunk posts at a time by keyset, so that a
// month of a large archive is never held in memory at once. It stops at
// the first error each returns.
func (a *App) WalkPosts(ctx context.Context, from, until time.Time, each func(*burg.Post) error) error {
	f := burg.PostFilter{From: from, Until: until, Limit: walkChunk}
	for {
		posts, _, err := a.store.FindPosts(ctx, f)
		if err != nil {
			return err
		}
		for _, p := range readerPosts(posts) {
			if err := each(p); err != nil {
				return err
			}
		}
		if len(posts) < walkChunk {
			return nil
		}
		f.Before = burg.CursorOf(posts[len(posts)-1])
	}
}

// ReaderPost returns the post id when readers may see it: a deleted post
// is not found.
func (a *App) ReaderPost(ctx context.Context, id int64) (*burg.Post, error) {
	p, err := a.store.FindPost(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.DeletedAt != nil {
		return nil, burg.Errorf(burg.ENOTFOUND, "There is no post %d.", id)
	}
	return p, nil
}
