package app

import (
	"context"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/memo"
)

// The posts readers comment on are kept with what a comment needs of
// them: whether comments are open and the address of the post's page. A
// comment then costs no read of the post, with its text and tags. A
// post's entry goes with its EventPost (which an edit, a closing or
// reopening, a deletion or a restoration publishes, and which reaches
// every instance through the bus), all of them with EventAll, and any
// entry after commentPostTTL, the bound on an event lost. The store
// refuses a comment on a deleted post whatever the entry says.

// commentPostTTL bounds how long a change to a post made on another
// instance can go unseen here if its event is lost.
const commentPostTTL = 30 * time.Second

// maxCommentPosts bounds the posts kept.
const maxCommentPosts = 4096

func newCommentPosts() *memo.Cache[int64, *burg.Post] {
	return memo.New[int64, *burg.Post](maxCommentPosts, commentPostTTL)
}

// commentPost returns what a comment needs of post id (its ID, Slug,
// PostedAt and CommentsCloseAt): the post as kept, or read from the
// store (burg.ENOTFOUND when there is none).
func (a *App) commentPost(ctx context.Context, id int64) (*burg.Post, error) {
	return a.commentPosts.Get(id, a.now(), func() (*burg.Post, error) {
		p, err := a.store.FindPost(ctx, id)
		if err != nil {
			return nil, err
		}
		return &burg.Post{ID: p.ID, Slug: p.Slug, PostedAt: p.PostedAt, CommentsCloseAt: p.CommentsCloseAt}, nil
	})
}
