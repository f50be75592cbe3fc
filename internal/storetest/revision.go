package storetest

import (
	"slices"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

func testOriginalBody(t *testing.T, open opener) {
	test(t, "RoundTrip", open, func(t *testing.T, s burg.Store) {
		st := newSite(t, s)
		p := st.post("Translated", time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC))
		p.Body, p.OriginalBody = "The river rose.", "El río creció."
		must(t, s.CreatePost(t.Context(), p))
		got, err := s.FindPost(t.Context(), p.ID)
		must(t, err)
		if got.OriginalBody != "El río creció." || got.Body != "The river rose." {
			t.Errorf("body %q, original %q", got.Body, got.OriginalBody)
		}
		if got.DeletedAt != nil {
			t.Errorf("a live post has DeletedAt %v", got.DeletedAt)
		}
	})
	test(t, "ErrTooLong", open, func(t *testing.T, s burg.Store) {
		st := newSite(t, s)
		p := st.post("Too long", time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC))
		p.OriginalBody = string(make([]byte, burg.MaxBodyLen+1))
		wantCode(t, s.CreatePost(t.Context(), p), burg.EINVALID)
	})
}

func testFindPostIncludingDeleted(t *testing.T, open opener) {
	test(t, "Live", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		got, err := s.FindPostIncludingDeleted(t.Context(), f.Posts[0].ID)
		must(t, err)
		checkPost(t, got, f.Posts[0])
	})
	test(t, "Deleted", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		p := f.Posts[2]
		must(t, s.DeletePost(t.Context(), p.ID, burg.PostChange{UserID: f.Editor.ID, Action: burg.ActionDeleted}))
		_, err := s.FindPost(t.Context(), p.ID)
		wantCode(t, err, burg.ENOTFOUND)
		got, err := s.FindPostIncludingDeleted(t.Context(), p.ID)
		must(t, err)
		if got.DeletedAt == nil || got.DeletedAt.Location() != time.UTC {
			t.Errorf("DeletedAt = %v, want set, in UTC", got.DeletedAt)
		}
		if got.Title != p.Title || !slices.Equal(tagSlugs(got.Tags), tagSlugs(p.Tags)) {
			t.Errorf("deleted post: got %q %q", got.Title, tagSlugs(got.Tags))
		}
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		_, err := s.FindPostIncludingDeleted(t.Context(), 4242)
		wantCode(t, err, burg.ENOTFOUND)
	})
}

func testFindPostBySourceURL(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		got, err := s.FindPostBySourceURL(t.Context(), f.Posts[0].SourceURL)
		must(t, err)
		checkPost(t, got, f.Posts[0])
	})
	test(t, "SameKeyOnly", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		for _, u := range []string{"", "https://www.kavkaz-uzel.eu/articles/", "https://www.kavkaz-uzel.eu/articles/12",
			"HTTPS://WWW.KAVKAZ-UZEL.EU/ARTICLES/1"} {
			_, err := s.FindPostBySourceURL(t.Context(), u)
			wantCode(t, err, burg.ENOTFOUND)
		}
		_ = f
	})
	test(t, "OnlyLive", open, func(t *testing.T, s burg.Store) {
		// Live posts never share a source; a deleted one frees it, and is
		// not what a look-up finds.
		st := newSite(t, s)
		const src = "https://example.org/story"
		by := burg.PostChange{UserID: st.poster.ID, Action: burg.ActionDeleted}
		old := st.post("Old", time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC))
		old.SourceURL = src
		must(t, s.CreatePost(t.Context(), old))
		must(t, s.DeletePost(t.Context(), old.ID, by))
		_, err := s.FindPostBySourceURL(t.Context(), src)
		wantCode(t, err, burg.ENOTFOUND)
		newer := st.post("Newer", time.Date(2024, 3, 2, 9, 0, 0, 0, time.UTC))
		newer.SourceURL = src
		must(t, s.CreatePost(t.Context(), newer))
		got, err := s.FindPostBySourceURL(t.Context(), src)
		must(t, err)
		if got.ID != newer.ID {
			t.Errorf("got %q, want the live one", got.Title)
		}
	})
}

func testUpdatePost(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		old, err := s.FindPost(t.Context(), f.Posts[0].ID)
		must(t, err)
		p := *old
		closeAt := time.Date(2024, 4, 1, 12, 0, 0, 5000, time.UTC)
		p.Title = "  Grozny market reopens at last  "
		p.SectionID, p.Section = f.Europe.ID, f.Europe
		p.SourceURL, p.SourceTag, p.SourceLang = "https://example.org/grozny", "EXAMPLE", "en"
		p.Note, p.Body, p.OriginalBody = "", "New text.\n\n[remark=Editor]Checked.[/remark]", "Старый текст."
		p.PostedAt = f.Day(3).Add(7*time.Hour + 3*time.Microsecond)
		p.CommentsCloseAt = &closeAt
		p.Tags = []*burg.Tag{f.Georgia, f.Unused}
		must(t, s.UpdatePost(t.Context(), &p, burg.PostChange{UserID: f.Editor.ID, Action: burg.ActionEdited}))
		if p.Title != "Grozny market reopens at last" {
			t.Errorf("title not trimmed: %q", p.Title)
		}
		got, err := s.FindPost(t.Context(), p.ID)
		must(t, err)
		want := p
		want.Slug = old.Slug // links keep working
		checkPost(t, got, &want)
		if got.OriginalBody != p.OriginalBody {
			t.Errorf("original body %q, want %q", got.OriginalBody, p.OriginalBody)
		}
		if got.UpdatedAt.Equal(old.UpdatedAt) {
			t.Error("UpdatedAt did not move")
		}

		// The move shows in the listings: the post and its tags are on
		// day 3 now.
		day3, _, err := s.FindPosts(t.Context(), burg.PostFilter{From: f.Day(3), Until: f.Day(4), TagID: f.Georgia.ID})
		must(t, err)
		if !slices.Contains(titles(day3), p.Title) {
			t.Errorf("day 3 under Georgia: %q, want the moved post", titles(day3))
		}
		day1, _, err := s.FindPosts(t.Context(), burg.PostFilter{From: f.Day(1), Until: f.Day(2)})
		must(t, err)
		if slices.Contains(titles(day1), p.Title) || slices.Contains(titles(day1), old.Title) {
			t.Errorf("day 1 still lists the moved post: %q", titles(day1))
		}
		chechnya, _, err := s.FindPosts(t.Context(), burg.PostFilter{TagID: f.Chechnya.ID})
		must(t, err)
		if slices.Contains(titles(chechnya), p.Title) {
			t.Errorf("the post is still under Chechnya: %q", titles(chechnya))
		}

		revs, err := s.FindPostRevisions(t.Context(), p.ID)
		must(t, err)
		if len(revs) != 1 {
			t.Fatalf("%d revisions, want 1", len(revs))
		}
		r := revs[0]
		if r.PostID != p.ID || r.UserID != f.Editor.ID || r.Action != burg.ActionEdited || r.ID == 0 {
			t.Errorf("revision = %+v", *r)
		}
		if r.User == nil || r.User.Nick != "Editor" || r.User.Role != burg.RoleAdmin {
			t.Errorf("revision user = %+v", r.User)
		}
		if r.At.IsZero() || r.At.Location() != time.UTC {
			t.Errorf("revision time = %v", r.At)
		}
		checkSnapshot(t, r.Before, burg.SnapshotOf(old))
	})
	test(t, "IfUpdatedAt", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		first, err := s.FindPost(t.Context(), f.Posts[1].ID)
		must(t, err)
		second := *first
		first.Title = "First editor's title"
		must(t, s.UpdatePost(t.Context(), first, burg.PostChange{UserID: f.Editor.ID, Action: burg.ActionEdited,
			IfUpdatedAt: first.UpdatedAt}))
		// The second editor opened the post before the first saved.
		second.Title = "Second editor's title"
		err = s.UpdatePost(t.Context(), &second, burg.PostChange{UserID: f.Badger.ID, Action: burg.ActionEdited,
			IfUpdatedAt: second.UpdatedAt})
		wantCode(t, err, burg.ECONFLICT)
		got, err := s.FindPost(t.Context(), first.ID)
		must(t, err)
		if got.Title != "First editor's title" {
			t.Errorf("title = %q, want the first editor's", got.Title)
		}
		revs, err := s.FindPostRevisions(t.Context(), first.ID)
		must(t, err)
		if len(revs) != 1 {
			t.Errorf("%d revisions, want 1: a refused change leaves none", len(revs))
		}
	})
	test(t, "NoTags", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		p, err := s.FindPost(t.Context(), f.Posts[1].ID)
		must(t, err)
		p.Tags = nil
		must(t, s.UpdatePost(t.Context(), p, burg.PostChange{UserID: f.Editor.ID, Action: burg.ActionRetagged}))
		got, err := s.FindPost(t.Context(), p.ID)
		must(t, err)
		if len(got.Tags) != 0 {
			t.Errorf("tags = %q, want none", tagSlugs(got.Tags))
		}
		revs, err := s.FindPostRevisions(t.Context(), p.ID)
		must(t, err)
		if len(revs) != 1 || !slices.Equal(revs[0].Before.Tags, []string{"Georgia", "Energy"}) || revs[0].Action != burg.ActionRetagged {
			t.Errorf("revisions = %+v", revs)
		}
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		p := *f.Posts[1]
		p.ID = 98765
		wantCode(t, s.UpdatePost(t.Context(), &p, burg.PostChange{UserID: f.Editor.ID, Action: burg.ActionEdited}), burg.ENOTFOUND)
	})
	for _, c := range []struct {
		name string
		edit func(f *Fixture, p *burg.Post, ch *burg.PostChange)
	}{
		{"ErrNoTitle", func(f *Fixture, p *burg.Post, ch *burg.PostChange) { p.Title = " " }},
		{"ErrNoSection", func(f *Fixture, p *burg.Post, ch *burg.PostChange) { p.SectionID = 0 }},
		{"ErrUnknownSection", func(f *Fixture, p *burg.Post, ch *burg.PostChange) { p.SectionID = 55555 }},
		{"ErrUnknownTag", func(f *Fixture, p *burg.Post, ch *burg.PostChange) {
			p.Tags = []*burg.Tag{f.Energy, {ID: 55555, Name: "Ghost", Slug: "ghost"}}
		}},
		{"ErrTagTwice", func(f *Fixture, p *burg.Post, ch *burg.PostChange) { p.Tags = []*burg.Tag{f.Energy, f.Energy} }},
		{"ErrBadSource", func(f *Fixture, p *burg.Post, ch *burg.PostChange) { p.SourceURL = "javascript:alert(1)" }},
		{"ErrNoUser", func(f *Fixture, p *burg.Post, ch *burg.PostChange) { ch.UserID = 0 }},
		{"ErrUnknownUser", func(f *Fixture, p *burg.Post, ch *burg.PostChange) { ch.UserID = 55555 }},
		{"ErrNoAction", func(f *Fixture, p *burg.Post, ch *burg.PostChange) { ch.Action = "" }},
	} {
		test(t, c.name, open, func(t *testing.T, s burg.Store) {
			f := NewFixture(t, s)
			old, err := s.FindPost(t.Context(), f.Posts[1].ID)
			must(t, err)
			p := *old
			p.Body = "Changed."
			ch := burg.PostChange{UserID: f.Editor.ID, Action: burg.ActionEdited}
			c.edit(f, &p, &ch)
			wantCode(t, s.UpdatePost(t.Context(), &p, ch), burg.EINVALID)
			got, err := s.FindPost(t.Context(), old.ID)
			must(t, err)
			checkPost(t, got, old)
			revs, err := s.FindPostRevisions(t.Context(), old.ID)
			must(t, err)
			if len(revs) != 0 {
				t.Errorf("%d revisions after a refused change", len(revs))
			}
		})
	}
}

func testDeletePost(t *testing.T, open opener) {
	test(t, "DeleteAndRestore", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		p := f.Posts[3]
		del := burg.PostChange{UserID: f.Editor.ID, Action: burg.ActionDeleted}
		must(t, s.DeletePost(t.Context(), p.ID, del))
		must(t, s.DeletePost(t.Context(), p.ID, del)) // no change, no second revision
		all, _, err := s.FindPosts(t.Context(), burg.PostFilter{})
		must(t, err)
		if slices.Contains(titles(all), p.Title) {
			t.Error("FindPosts lists a deleted post")
		}
		related, err := s.FindRelated(t.Context(), f.Posts[0].ID, 10)
		must(t, err)
		for _, r := range related {
			if r.Post.ID == p.ID {
				t.Error("FindRelated lists a deleted post")
			}
		}

		must(t, s.RestorePost(t.Context(), p.ID, burg.PostChange{UserID: f.Badger.ID, Action: burg.ActionRestored}))
		must(t, s.RestorePost(t.Context(), p.ID, burg.PostChange{UserID: f.Badger.ID, Action: burg.ActionRestored}))
		got, err := s.FindPost(t.Context(), p.ID)
		must(t, err)
		if got.DeletedAt != nil || got.Title != p.Title || !slices.Equal(tagSlugs(got.Tags), tagSlugs(p.Tags)) {
			t.Errorf("restored post = %+v", got)
		}

		revs, err := s.FindPostRevisions(t.Context(), p.ID)
		must(t, err)
		var actions []string
		for _, r := range revs {
			actions = append(actions, r.Action+" by "+r.User.Nick)
		}
		if want := []string{"deleted by Editor", "restored by Badger"}; !slices.Equal(actions, want) {
			t.Fatalf("revisions %q, want %q", actions, want)
		}
		if revs[0].Before.DeletedAt != nil || revs[1].Before.DeletedAt == nil {
			t.Errorf("revisions keep deleted times %v and %v, want none then one", revs[0].Before.DeletedAt, revs[1].Before.DeletedAt)
		}
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		ch := burg.PostChange{UserID: f.Editor.ID, Action: burg.ActionDeleted}
		wantCode(t, s.DeletePost(t.Context(), 31337, ch), burg.ENOTFOUND)
		wantCode(t, s.RestorePost(t.Context(), 31337, ch), burg.ENOTFOUND)
	})
	test(t, "ErrNoUser", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		wantCode(t, s.DeletePost(t.Context(), f.Posts[0].ID, burg.PostChange{Action: burg.ActionDeleted}), burg.EINVALID)
		_, err := s.FindPost(t.Context(), f.Posts[0].ID)
		must(t, err)
	})
}

func testFindPostRevisions(t *testing.T, open opener) {
	test(t, "OldestFirst", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		p, err := s.FindPost(t.Context(), f.Posts[5].ID)
		must(t, err)
		bodies := []string{p.Body}
		for i, body := range []string{"Second text.", "Third text.", "Fourth text."} {
			p.Body = body
			action := burg.ActionEdited
			if i == 1 {
				action = burg.ActionRemark
			}
			must(t, s.UpdatePost(t.Context(), p, burg.PostChange{UserID: f.Editor.ID, Action: action}))
			bodies = append(bodies, body)
		}
		revs, err := s.FindPostRevisions(t.Context(), p.ID)
		must(t, err)
		if len(revs) != 3 {
			t.Fatalf("%d revisions, want 3", len(revs))
		}
		for i, r := range revs {
			if r.Before.Body != bodies[i] {
				t.Errorf("revision %d keeps %q, want %q", i, r.Before.Body, bodies[i])
			}
			if i > 0 && r.ID <= revs[i-1].ID {
				t.Errorf("revision %d has ID %d after %d", i, r.ID, revs[i-1].ID)
			}
		}
		if revs[1].Action != burg.ActionRemark {
			t.Errorf("second revision's action = %q", revs[1].Action)
		}
	})
	test(t, "None", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		revs, err := s.FindPostRevisions(t.Context(), f.Posts[0].ID)
		must(t, err)
		if len(revs) != 0 {
			t.Errorf("%d revisions of an unchanged post", len(revs))
		}
	})
}

// checkSnapshot checks every field of a revision's snapshot.
func checkSnapshot(t *testing.T, got, want burg.PostSnapshot) {
	t.Helper()
	if got.Title != want.Title || got.SectionID != want.SectionID || got.SourceURL != want.SourceURL ||
		got.SourceTag != want.SourceTag || got.SourceLang != want.SourceLang || got.Note != want.Note ||
		got.Body != want.Body || got.OriginalBody != want.OriginalBody || !slices.Equal(got.Tags, want.Tags) {
		t.Errorf("snapshot:\n got %+v\nwant %+v", got, want)
	}
	checkTime(t, "snapshot posted at", got.PostedAt, want.PostedAt)
	checkTimePtr(t, "snapshot comments close at", got.CommentsCloseAt, want.CommentsCloseAt)
	checkTimePtr(t, "snapshot deleted at", got.DeletedAt, want.DeletedAt)
}
