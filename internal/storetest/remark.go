package storetest

import (
	"slices"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

func testAddRemark(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		ctx := t.Context()
		id := f.Posts[2].ID
		first := &burg.Remark{PostID: id, UserID: f.Editor.ID, Body: "  Checked with the port authority.  "}
		must(t, s.AddRemark(ctx, first, burg.PostChange{UserID: f.Editor.ID, Action: burg.ActionRemark}))
		if first.ID == 0 || first.CreatedAt.IsZero() || first.Body != "Checked with the port authority." {
			t.Errorf("added remark = %+v", first)
		}
		second := &burg.Remark{PostID: id, UserID: f.Editor.ID, Body: "And again."}
		must(t, s.AddRemark(ctx, second, burg.PostChange{UserID: f.Editor.ID, Action: burg.ActionRemark}))
		p, err := s.FindPost(ctx, id)
		must(t, err)
		if len(p.Remarks) != 2 || p.Remarks[0].ID != first.ID || p.Remarks[1].ID != second.ID {
			t.Fatalf("remarks = %+v, want both, oldest first", p.Remarks)
		}
		r := p.Remarks[0]
		if r.PostID != id || r.UserID != f.Editor.ID || r.User == nil || r.User.Nick != f.Editor.Nick ||
			r.User.ID != f.Editor.ID || r.Body != first.Body {
			t.Errorf("remark read back = %+v (user %+v)", r, r.User)
		}
		checkTime(t, "remark created at", r.CreatedAt, first.CreatedAt)
		// Listings carry remarks too; posts without any have none.
		posts, _, err := s.FindPosts(ctx, burg.PostFilter{})
		must(t, err)
		for _, q := range posts {
			if want := map[bool]int{true: 2, false: 0}[q.ID == id]; len(q.Remarks) != want {
				t.Errorf("FindPosts: post %d has %d remarks, want %d", q.ID, len(q.Remarks), want)
			}
		}
		// Each remark left a revision holding the remarks before it.
		revs, err := s.FindPostRevisions(ctx, id)
		must(t, err)
		if len(revs) != 2 || revs[0].Action != burg.ActionRemark || len(revs[0].Before.Remarks) != 0 ||
			!slices.Equal(revs[1].Before.Remarks, []string{f.Editor.Nick + ": Checked with the port authority."}) {
			t.Errorf("revisions = %+v", revs)
		}
	})
	test(t, "ErrEmpty", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		err := s.AddRemark(t.Context(), &burg.Remark{PostID: f.Posts[0].ID, UserID: f.Editor.ID, Body: " \n "},
			burg.PostChange{UserID: f.Editor.ID, Action: burg.ActionRemark})
		if code := burg.ErrorCode(err); code != burg.EINVALID {
			t.Errorf("empty remark: %v, want EINVALID", err)
		}
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		err := s.AddRemark(t.Context(), &burg.Remark{PostID: 999_999, UserID: f.Editor.ID, Body: "x"},
			burg.PostChange{UserID: f.Editor.ID, Action: burg.ActionRemark})
		if code := burg.ErrorCode(err); code != burg.ENOTFOUND {
			t.Errorf("remark on no post: %v, want ENOTFOUND", err)
		}
	})
	test(t, "WithCreatePost", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		at := f.Day(2).Add(3 * time.Hour)
		p := &burg.Post{SectionID: f.Europe.ID, PosterID: f.Badger.ID, Title: "Imported with a remark", PostedAt: f.Day(2),
			Remarks: []*burg.Remark{{UserID: f.Editor.ID, Body: "From the old site.", CreatedAt: at}}}
		must(t, s.CreatePost(t.Context(), p))
		got, err := s.FindPost(t.Context(), p.ID)
		must(t, err)
		if len(got.Remarks) != 1 || got.Remarks[0].Body != "From the old site." || got.Remarks[0].UserID != f.Editor.ID {
			t.Fatalf("remarks = %+v", got.Remarks)
		}
		checkTime(t, "imported remark's time", got.Remarks[0].CreatedAt, at)
	})
}
