package app

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/sqlstore"
	"github.com/burg-news/burg/internal/storetest"
)

// TestCommentPostsFollowTheirPost checks that the post a comment needs is
// read once and kept, and that a change to it still reaches the next
// comment: by its event (published here, or heard from another
// instance), by EventAll, or at the latest after commentPostTTL.
func TestCommentPostsFollowTheirPost(t *testing.T) {
	ctx := t.Context()
	clock := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "burg.db"), sqlstore.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	f := storetest.NewFixture(t, store)
	a, err := New(ctx, Config{CommentLimits: []Limit{}}, Deps{Store: store, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	id := f.Posts[1].ID // Posts[0] closes on a day of its own
	n := 0
	comment := func() error {
		n++
		_, err := a.PostComment(ctx, Actor{VisitorID: fmt.Sprintf("visitor-%03d-abcdefghijkl", n), IP: "192.0.2.7"},
			CommentInput{PostID: id, Name: fmt.Sprintf("Reader %d", n), Body: fmt.Sprintf("Comment number %d.", n), Token: a.FormToken()})
		return err
	}
	// setClosing writes the post's closing straight to the store, as
	// another instance would, announcing it or not.
	setClosing := func(at *time.Time, announce bool) {
		t.Helper()
		p, err := store.FindPost(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		p.CommentsCloseAt = at
		if err := store.UpdatePost(ctx, p, burg.PostChange{UserID: f.Editor.ID, Action: burg.ActionClosed}); err != nil {
			t.Fatal(err)
		}
		if announce {
			a.Apply(burg.Event{Kind: burg.EventPost, PostID: id})
		}
	}
	wantClosed := func(err error, when string) {
		t.Helper()
		if err != errClosed {
			t.Errorf("%s: the comment got %v, want the comments closed", when, err)
		}
	}

	if err := comment(); err != nil {
		t.Fatal(err)
	}
	closed := clock.Add(-time.Minute)
	setClosing(&closed, false)
	if err := comment(); err != nil {
		t.Errorf("the post was read again for a comment with no event: %v", err)
	}
	setClosing(&closed, true)
	wantClosed(comment(), "after the closing's event")

	setClosing(nil, false)
	wantClosed(comment(), "reopened with no event")
	clock = clock.Add(commentPostTTL)
	if err := comment(); err != nil {
		t.Errorf("reopened and kept for %s: %v", commentPostTTL, err)
	}

	// Closing here, through the rules, publishes the event itself.
	if _, err := a.SetCommentsClosing(ctx, Actor{User: f.Editor}, id, "close", ""); err != nil {
		t.Fatal(err)
	}
	wantClosed(comment(), "closed by a moderator")

	setClosing(nil, false)
	a.Apply(burg.Event{Kind: burg.EventAll})
	if err := comment(); err != nil {
		t.Errorf("reopened, then EventAll: %v", err)
	}
	// A deleted post takes no comment, whatever was kept of it.
	if err := store.DeletePost(ctx, id, burg.PostChange{UserID: f.Editor.ID, Action: burg.ActionDeleted}); err != nil {
		t.Fatal(err)
	}
	if err := comment(); burg.ErrorCode(err) != burg.ENOTFOUND {
		t.Errorf("a comment on a deleted post got %v, want not found", err)
	}
}
