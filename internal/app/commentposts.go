package app

import (
	"context"
	"sync"
	"time"

	burg "github.com/burg-news/burg"
)

// commentPosts keeps, for the posts readers comment on, what a comment
// needs of its post: whether comments are open and the address of its
// page. A comment then costs no read of the post, with its text and
// tags. A post's entry goes with its EventPost (which an edit, a
// closing or reopening, a deletion or a restoration publishes, and which
// reaches every instance through the bus), all of them with EventAll,
// and any entry after commentPostTTL, the bound on an event lost. The
// store refuses a comment on a deleted post whatever the entry says.
type commentPosts struct {
	mu    sync.Mutex
	posts map[int64]commentPost
	gen   uint64 // counts drops, so that no post read before one is kept
}

// commentPost is a post as a comment needs it, and when it was read.
type commentPost struct {
	post *burg.Post // ID, Slug, PostedAt and CommentsCloseAt only
	at   time.Time
}

// commentPostTTL bounds how long a change to a post made on another
// instance can go unseen here if its event is lost.
const commentPostTTL = 30 * time.Second

// maxCommentPosts bounds the posts kept; past it an arbitrary one goes.
const maxCommentPosts = 4096

// drop forgets post id, or every post for 0.
func (k *commentPosts) drop(id int64) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.gen++
	if id == 0 {
		clear(k.posts)
		return
	}
	delete(k.posts, id)
}

// commentPost returns what a comment needs of post id: the post as kept,
// or read from the store (burg.ENOTFOUND when there is none).
func (a *App) commentPost(ctx context.Context, id int64) (*burg.Post, error) {
	k, now := &a.commentPosts, a.now()
	k.mu.Lock()
	e, ok := k.posts[id]
	gen := k.gen
	k.mu.Unlock()
	if ok && now.Sub(e.at) < commentPostTTL && !now.Before(e.at) {
		return e.post, nil
	}
	p, err := a.store.FindPost(ctx, id)
	if err != nil {
		return nil, err
	}
	kept := &burg.Post{ID: p.ID, Slug: p.Slug, PostedAt: p.PostedAt, CommentsCloseAt: p.CommentsCloseAt}
	k.mu.Lock()
	defer k.mu.Unlock()
	// A post read across a drop serves this comment but is not kept.
	if k.gen != gen {
		return kept, nil
	}
	if k.posts == nil {
		k.posts = make(map[int64]commentPost)
	}
	if _, there := k.posts[id]; !there && len(k.posts) >= maxCommentPosts {
		for other := range k.posts {
			delete(k.posts, other)
			break
		}
	}
	k.posts[id] = commentPost{post: kept, at: now}
	return kept, nil
}
