package storetest

import (
	"slices"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

func testFindCommentList(t *testing.T, open opener) {
	test(t, "WalkSince", open, func(t *testing.T, s burg.Store) {
		// Newest first by time, ties by ID; removed comments and comments
		// on deleted posts are left out; Since bounds from below; walking
		// by cursor meets every comment once.
		f := NewFixture(t, s)
		base := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
		var cs []*burg.Comment
		for i := range 9 {
			at := base.Add(time.Duration(i/2) * time.Minute) // pairs share a time
			cs = append(cs, bulkComment(f.Posts[i%3], "", "Reader", "Comment "+string(rune('a'+i))+".", at))
		}
		cs = append(cs, bulkComment(f.Posts[3], "", "Reader", "On a post that goes.", base.Add(10*time.Minute)))
		must(t, s.CreateComments(t.Context(), cs))
		must(t, s.DeleteComment(t.Context(), cs[4].ID, "Spam."))
		f.deletePost(t, s, 3)

		var want []*burg.Comment
		for i := 8; i >= 0; i-- {
			if i != 4 {
				want = append(want, cs[i])
			}
		}
		var got []*burg.Comment
		var before *burg.PostCursor
		for range 10 {
			page, err := s.FindCommentList(t.Context(), burg.CommentListFilter{Before: before, Limit: 3})
			must(t, err)
			got = append(got, page...)
			if len(page) < 3 {
				break
			}
			before = burg.CommentCursorOf(page[len(page)-1])
		}
		if g, w := commentIDs(got), commentIDs(want); !slices.Equal(g, w) {
			t.Fatalf("walk: IDs %v, want %v", g, w)
		}
		checkComment(t, got[0], withPost(cs[8], f.Posts[2]))

		since, err := s.FindCommentList(t.Context(), burg.CommentListFilter{Since: base.Add(3 * time.Minute)})
		must(t, err)
		if g, w := commentIDs(since), commentIDs([]*burg.Comment{cs[8], cs[7], cs[6]}); !slices.Equal(g, w) {
			t.Errorf("since: IDs %v, want %v", g, w)
		}
	})
	test(t, "Limits", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		for range burg.DefaultCommentListLimit + 2 {
			createComments(t, s, comment(f.Posts[0], "", "Reader", "Again."))
		}
		got, err := s.FindCommentList(t.Context(), burg.CommentListFilter{})
		must(t, err)
		if len(got) != burg.DefaultCommentListLimit {
			t.Errorf("default: %d comments, want %d", len(got), burg.DefaultCommentListLimit)
		}
		for _, n := range []int{-1, burg.MaxCommentListLimit + 1} {
			_, err := s.FindCommentList(t.Context(), burg.CommentListFilter{Limit: n})
			if code := burg.ErrorCode(err); code != burg.EINVALID {
				t.Errorf("limit %d: code %q, want %q", n, code, burg.EINVALID)
			}
		}
	})
}
