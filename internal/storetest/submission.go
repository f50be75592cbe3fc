package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

// submission returns an unstored submission from a visitor.
func submission(title string, sectionID int64) *burg.Submission {
	return &burg.Submission{
		SourceURL: "https://example.org/" + burg.Slugify(title, 40), Title: title,
		Body: "What happened.", OriginalBody: "Was geschah.", SectionID: sectionID, Tags: "Energy, Pipelines",
		SourceTag: "EXAMPLE", SourceLang: "de", Note: "Direct translation via Apertium. Edited.",
		Nick: "A Reader", VisitorID: "visitor-1", IP: "198.51.100.4",
	}
}

func testCreateSubmission(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		sub := submission("  Pipeline opens  ", f.Europe.ID)
		must(t, s.CreateSubmission(t.Context(), sub))
		if sub.ID == 0 || sub.Status != burg.SubmissionPending || sub.CreatedAt.IsZero() || sub.CreatedAt.Location() != time.UTC {
			t.Fatalf("after create: %+v", *sub)
		}
		got, err := s.FindSubmission(t.Context(), sub.ID)
		must(t, err)
		want := *sub
		want.Title = "Pipeline opens"
		checkSubmission(t, got, &want)
	})
	test(t, "ByUserWithoutSection", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		sub := submission("My own piece", 0)
		sub.SourceURL, sub.UserID = "", f.Otter.ID
		must(t, s.CreateSubmission(t.Context(), sub))
		got, err := s.FindSubmission(t.Context(), sub.ID)
		must(t, err)
		checkSubmission(t, got, sub)
	})
	for _, c := range []struct {
		name string
		edit func(*burg.Submission)
	}{
		{"ErrNoTitle", func(x *burg.Submission) { x.Title = "  " }},
		{"ErrTitleTooLong", func(x *burg.Submission) { x.Title = strings.Repeat("t", burg.MaxTitleLen+1) }},
		{"ErrBadURL", func(x *burg.Submission) { x.SourceURL = "ftp://example.org/" }},
		{"ErrUnknownSection", func(x *burg.Submission) { x.SectionID = 4444 }},
		{"ErrTagsTooLong", func(x *burg.Submission) { x.Tags = strings.Repeat("t,", burg.MaxTagsLen) }},
	} {
		test(t, c.name, open, func(t *testing.T, s burg.Store) {
			f := NewFixture(t, s)
			sub := submission("Fine", f.Europe.ID)
			c.edit(sub)
			wantCode(t, s.CreateSubmission(t.Context(), sub), burg.EINVALID)
			subs, err := s.FindSubmissions(t.Context(), burg.SubmissionPending, 10)
			must(t, err)
			if len(subs) != 0 {
				t.Errorf("an invalid submission was stored: %+v", *subs[0])
			}
		})
	}
}

func testFindSubmission(t *testing.T, open opener) {
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		_, err := s.FindSubmission(t.Context(), 123)
		wantCode(t, err, burg.ENOTFOUND)
	})
}

func testFindSubmissions(t *testing.T, open opener) {
	test(t, "ByStateOldestFirst", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		var subs []*burg.Submission
		for _, title := range []string{"One", "Two", "Three", "Four"} {
			sub := submission(title, f.Europe.ID)
			must(t, s.CreateSubmission(t.Context(), sub))
			subs = append(subs, sub)
		}
		must(t, s.RejectSubmission(t.Context(), subs[1].ID, f.Editor.ID, "Spam."))
		p := &burg.Post{SectionID: f.Europe.ID, PosterID: f.Editor.ID, Title: "Three", PostedAt: f.Day(2)}
		must(t, s.ApproveSubmission(t.Context(), subs[2].ID, p, f.Editor.ID))

		for _, c := range []struct {
			status string
			limit  int
			want   []string
		}{
			{burg.SubmissionPending, 10, []string{"One", "Four"}},
			{burg.SubmissionPending, 1, []string{"One"}},
			{burg.SubmissionRejected, 10, []string{"Two"}},
			{burg.SubmissionApproved, 0, []string{"Three"}},
			{"other", 10, nil},
		} {
			got, err := s.FindSubmissions(t.Context(), c.status, c.limit)
			must(t, err)
			var names []string
			for _, g := range got {
				names = append(names, g.Title)
			}
			if !slices.Equal(names, c.want) {
				t.Errorf("%s (limit %d): got %q, want %q", c.status, c.limit, names, c.want)
			}
		}
	})
}

func testApproveSubmission(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		sub := submission("Pipeline opens", f.Europe.ID)
		must(t, s.CreateSubmission(t.Context(), sub))
		p := &burg.Post{SectionID: f.Europe.ID, PosterID: f.Editor.ID, Title: sub.Title, Body: sub.Body,
			OriginalBody: sub.OriginalBody, SourceURL: sub.SourceURL, PostedAt: f.Day(4), Tags: []*burg.Tag{f.Energy}}
		must(t, s.ApproveSubmission(t.Context(), sub.ID, p, f.Editor.ID))
		if p.ID == 0 || p.Slug != "pipeline-opens" {
			t.Fatalf("post after approval: ID %d slug %q", p.ID, p.Slug)
		}
		got, err := s.FindPost(t.Context(), p.ID)
		must(t, err)
		if got.Title != sub.Title || got.OriginalBody != sub.OriginalBody || got.PosterID != f.Editor.ID ||
			!slices.Equal(tagSlugs(got.Tags), []string{"energy"}) {
			t.Errorf("approved post = %+v", got)
		}
		done, err := s.FindSubmission(t.Context(), sub.ID)
		must(t, err)
		if done.Status != burg.SubmissionApproved || done.PostID != p.ID || done.DecidedBy != f.Editor.ID || done.DecidedAt == nil {
			t.Errorf("approved submission = %+v", *done)
		}
	})
	test(t, "ErrDecided", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		sub := submission("Twice", f.Europe.ID)
		must(t, s.CreateSubmission(t.Context(), sub))
		post := func() *burg.Post {
			return &burg.Post{SectionID: f.Europe.ID, PosterID: f.Editor.ID, Title: "Twice", PostedAt: f.Day(4)}
		}
		must(t, s.ApproveSubmission(t.Context(), sub.ID, post(), f.Editor.ID))
		second := post()
		wantCode(t, s.ApproveSubmission(t.Context(), sub.ID, second, f.Badger.ID), burg.ECONFLICT)
		if second.ID != 0 {
			t.Errorf("a refused approval gave the post ID %d", second.ID)
		}
		wantCode(t, s.RejectSubmission(t.Context(), sub.ID, f.Badger.ID, "Late."), burg.ECONFLICT)
		posts, _, err := s.FindPosts(t.Context(), burg.PostFilter{Words: "Twice"})
		must(t, err)
		if len(posts) != 1 {
			t.Errorf("%d posts titled Twice, want 1", len(posts))
		}
	})
	test(t, "ErrInvalidPostKeepsItPending", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		sub := submission("Keep me", f.Europe.ID)
		must(t, s.CreateSubmission(t.Context(), sub))
		bad := &burg.Post{SectionID: 9999, PosterID: f.Editor.ID, Title: "Keep me", PostedAt: f.Day(4)}
		wantCode(t, s.ApproveSubmission(t.Context(), sub.ID, bad, f.Editor.ID), burg.EINVALID)
		got, err := s.FindSubmission(t.Context(), sub.ID)
		must(t, err)
		if got.Status != burg.SubmissionPending {
			t.Errorf("status %q, want pending", got.Status)
		}
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		p := &burg.Post{SectionID: f.Europe.ID, PosterID: f.Editor.ID, Title: "Ghost", PostedAt: f.Day(4)}
		wantCode(t, s.ApproveSubmission(t.Context(), 777, p, f.Editor.ID), burg.ENOTFOUND)
		posts, _, err := s.FindPosts(t.Context(), burg.PostFilter{Words: "Ghost"})
		must(t, err)
		if len(posts) != 0 {
			t.Error("a post was made for an unknown submission")
		}
	})
}

func testRejectSubmission(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		sub := submission("Spam", f.Europe.ID)
		must(t, s.CreateSubmission(t.Context(), sub))
		must(t, s.RejectSubmission(t.Context(), sub.ID, f.Editor.ID, "Advertising."))
		got, err := s.FindSubmission(t.Context(), sub.ID)
		must(t, err)
		if got.Status != burg.SubmissionRejected || got.Reason != "Advertising." || got.DecidedBy != f.Editor.ID ||
			got.DecidedAt == nil || got.PostID != 0 {
			t.Errorf("rejected submission = %+v", *got)
		}
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		wantCode(t, s.RejectSubmission(t.Context(), 5, f.Editor.ID, ""), burg.ENOTFOUND)
	})
}

func testSetSetting(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		def := func(v string) func() (string, error) { return func() (string, error) { return v, nil } }
		got, err := s.Setting(t.Context(), burg.SettingSubmissions, def(burg.SubmitQueue))
		must(t, err)
		if got != burg.SubmitQueue {
			t.Fatalf("setting = %q", got)
		}
		must(t, s.SetSetting(t.Context(), burg.SettingSubmissions, burg.SubmitOpen))
		if got, err = s.Setting(t.Context(), burg.SettingSubmissions, def(burg.SubmitQueue)); err != nil || got != burg.SubmitOpen {
			t.Errorf("after SetSetting: %q, %v", got, err)
		}
		// A key never read before.
		must(t, s.SetSetting(t.Context(), "fresh", "x"))
		if got, err = s.Setting(t.Context(), "fresh", def("y")); err != nil || got != "x" {
			t.Errorf("fresh key: %q, %v", got, err)
		}
	})
}

// checkSubmission checks every field of a submission.
func checkSubmission(t *testing.T, got, want *burg.Submission) {
	t.Helper()
	g, w := *got, *want
	g.CreatedAt, w.CreatedAt = time.Time{}, time.Time{}
	g.DecidedAt, w.DecidedAt = nil, nil
	if g != w {
		t.Errorf("submission:\n got %+v\nwant %+v", g, w)
	}
	checkTime(t, "submission created at", got.CreatedAt, want.CreatedAt)
	checkTimePtr(t, "submission decided at", got.DecidedAt, want.DecidedAt)
}

func testSources(t *testing.T, open opener) {
	test(t, "SetFindDelete", open, func(t *testing.T, s burg.Store) {
		for _, src := range []*burg.Source{
			{Domain: "kavkaz-uzel.eu", Name: "KavkazUzel"},
			{Domain: "arabnews.com", Name: "ArabNews"},
			{Domain: "bbc.co.uk", Name: "BBC"},
		} {
			must(t, s.SetSource(t.Context(), src))
		}
		must(t, s.SetSource(t.Context(), &burg.Source{Domain: "arabnews.com", Name: "Arab News"}))
		got, err := s.FindSources(t.Context())
		must(t, err)
		var lines []string
		for _, src := range got {
			lines = append(lines, src.Domain+"="+src.Name)
		}
		if want := []string{"arabnews.com=Arab News", "bbc.co.uk=BBC", "kavkaz-uzel.eu=KavkazUzel"}; !slices.Equal(lines, want) {
			t.Errorf("sources %q, want %q", lines, want)
		}
		must(t, s.DeleteSource(t.Context(), "bbc.co.uk"))
		wantCode(t, s.DeleteSource(t.Context(), "bbc.co.uk"), burg.ENOTFOUND)
		got, err = s.FindSources(t.Context())
		must(t, err)
		if len(got) != 2 {
			t.Errorf("%d sources after a delete, want 2", len(got))
		}
	})
	for _, c := range []struct {
		name string
		src  burg.Source
	}{
		{"ErrNoDomain", burg.Source{Name: "X"}},
		{"ErrBadDomain", burg.Source{Domain: "not a domain", Name: "X"}},
		{"ErrUpperCaseDomain", burg.Source{Domain: "Example.org", Name: "X"}},
		{"ErrBareName", burg.Source{Domain: "localhost", Name: "X"}},
		{"ErrNoName", burg.Source{Domain: "example.org", Name: ""}},
		{"ErrBracketName", burg.Source{Domain: "example.org", Name: "[X]"}},
		{"ErrLongName", burg.Source{Domain: "example.org", Name: strings.Repeat("x", 41)}},
	} {
		test(t, c.name, open, func(t *testing.T, s burg.Store) {
			src := c.src
			wantCode(t, s.SetSource(t.Context(), &src), burg.EINVALID)
			got, err := s.FindSources(t.Context())
			must(t, err)
			if len(got) != 0 {
				t.Errorf("an invalid source was stored: %+v", *got[0])
			}
		})
	}
}
