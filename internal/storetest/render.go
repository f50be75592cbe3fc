package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

// runRender runs the contract of stored renderings, the render queue and
// the dictionary changes that fill it.
func runRender(t *testing.T, open opener) {
	t.Run("CreatePostRendering", func(t *testing.T) { testCreatePostRendering(t, open) })
	t.Run("UpdatePostRendering", func(t *testing.T) { testUpdatePostRendering(t, open) })
	t.Run("DictionaryVersion", func(t *testing.T) { testDictionaryVersion(t, open) })
	t.Run("DictionaryChanges", func(t *testing.T) { testDictionaryChanges(t, open) })
	t.Run("ClaimChange", func(t *testing.T) { testClaimChange(t, open) })
	t.Run("AdvanceChange", func(t *testing.T) { testAdvanceChange(t, open) })
	t.Run("ClaimRenders", func(t *testing.T) { testClaimRenders(t, open) })
	t.Run("SaveRenderings", func(t *testing.T) { testSaveRenderings(t, open) })
	t.Run("FindPostsMentioning", func(t *testing.T) { testFindPostsMentioning(t, open) })
	t.Run("FindPostTexts", func(t *testing.T) { testFindPostTexts(t, open) })
	t.Run("RenderProgress", func(t *testing.T) { testRenderProgress(t, open) })
	t.Run("ResetRenderings", func(t *testing.T) { testResetRenderings(t, open) })
}

// nameRef and swapRef name dictionary items.
func nameRef(id int64) burg.TermRef { return burg.TermRef{Kind: burg.TermName, ID: id} }
func swapRef(id int64) burg.TermRef { return burg.TermRef{Kind: burg.TermSwap, ID: id} }

// renderAs returns a Render hook that renders a post as "<p>ID: body</p>"
// with the terms and dictionary version given, and records the IDs it
// was called with.
func renderAs(version int64, seen *[]int64, terms ...burg.TermRef) func(*burg.Post) {
	return func(p *burg.Post) {
		*seen = append(*seen, p.ID)
		p.BodyHTML = fmt.Sprintf("<p>%d: %s</p>", p.ID, p.Body)
		p.Text = p.Body
		p.Terms = terms
		p.RenderVersion = version
	}
}

// version returns the store's dictionary version.
func version(t *testing.T, s burg.Store) int64 {
	t.Helper()
	v, err := s.DictionaryVersion(t.Context())
	must(t, err)
	return v
}

// progress returns the store's render progress.
func progress(t *testing.T, s burg.Store) *burg.RenderProgress {
	t.Helper()
	pr, err := s.RenderProgress(t.Context())
	must(t, err)
	return pr
}

// claimAll claims every post to render, as IDs, newest first.
func claimAll(t *testing.T, s burg.Store) []int64 {
	t.Helper()
	posts, err := s.ClaimRenders(t.Context(), 1000, time.Hour)
	must(t, err)
	return postIDs(posts)
}

func postIDs(posts []*burg.Post) []int64 {
	ids := make([]int64, len(posts))
	for i, p := range posts {
		ids[i] = p.ID
	}
	return ids
}

// openChanges returns the unfinished dictionary changes, oldest first.
func openChanges(t *testing.T, s burg.Store) []*burg.DictionaryChange {
	t.Helper()
	var out []*burg.DictionaryChange
	for _, ch := range progress(t, s).Changes {
		if ch.DoneAt == nil {
			out = append(out, ch)
		}
	}
	return out
}

func testCreatePostRendering(t *testing.T, open opener) {
	test(t, "Render", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		v := version(t, s)
		var seen []int64
		p := &burg.Post{SectionID: f.Europe.ID, PosterID: f.Badger.ID, Title: "Rendered", Body: "Grozny again.",
			PostedAt: f.Day(4), Tags: []*burg.Tag{f.Chechnya}, NoDecoration: true,
			Render: renderAs(v, &seen, nameRef(f.Chechnya.ID), swapRef(7), nameRef(f.Chechnya.ID))}
		must(t, s.CreatePost(t.Context(), p))
		if !slices.Equal(seen, []int64{p.ID}) {
			t.Fatalf("Render called for %v, want once for the post's ID %d", seen, p.ID)
		}
		want := fmt.Sprintf("<p>%d: Grozny again.</p>", p.ID)
		if p.BodyHTML != want || p.RenderVersion != v {
			t.Errorf("the caller's post: BodyHTML %q version %d, want %q %d", p.BodyHTML, p.RenderVersion, want, v)
		}
		got, err := s.FindPost(t.Context(), p.ID)
		must(t, err)
		if got.BodyHTML != want || got.Text != "Grozny again." || got.RenderVersion != v || !got.NoDecoration {
			t.Errorf("stored: BodyHTML %q Text %q version %d NoDecoration %v", got.BodyHTML, got.Text, got.RenderVersion, got.NoDecoration)
		}
		ids, err := s.FindPostsMentioning(t.Context(), []burg.TermRef{swapRef(7)}, 0, 10)
		must(t, err)
		if !slices.Equal(ids, []int64{p.ID}) {
			t.Errorf("posts mentioning swap 7 = %v, want [%d]", ids, p.ID)
		}
		for _, id := range claimAll(t, s) {
			if id == p.ID {
				t.Errorf("a post rendered with the current dictionary is queued")
			}
		}
	})
	test(t, "GivenWithoutRender", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		v := version(t, s)
		p := &burg.Post{SectionID: f.Europe.ID, PosterID: f.Badger.ID, Title: "Imported", Body: "Body.",
			PostedAt: f.Day(4), BodyHTML: "<script>alert(1)</script>", Text: "Body.", RenderVersion: v,
			Terms: []burg.TermRef{nameRef(f.Energy.ID)}}
		must(t, s.CreatePost(t.Context(), p))
		got, err := s.FindPost(t.Context(), p.ID)
		must(t, err)
		if got.BodyHTML != "" || got.RenderVersion != 0 || p.BodyHTML != "" {
			t.Errorf("a rendering given without Render was stored: BodyHTML %q Text %q version %d", got.BodyHTML, got.Text, got.RenderVersion)
		}
		ids, err := s.FindPostsMentioning(t.Context(), []burg.TermRef{nameRef(f.Energy.ID)}, 0, 10)
		must(t, err)
		if len(ids) != 0 {
			t.Errorf("terms given without Render were stored: %v", ids)
		}
	})
	test(t, "Unrendered", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		got, err := s.FindPost(t.Context(), f.Posts[0].ID)
		must(t, err)
		if got.BodyHTML != "" || got.RenderVersion != 0 {
			t.Errorf("a post stored without rendering: BodyHTML %q version %d", got.BodyHTML, got.RenderVersion)
		}
	})
	test(t, "CreatePosts", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		var seen []int64
		render := renderAs(version(t, s), &seen)
		ps := []*burg.Post{
			{SectionID: f.Europe.ID, PosterID: f.Badger.ID, Title: "One", Body: "One.", PostedAt: f.Day(4), Render: render},
			{SectionID: f.Europe.ID, PosterID: f.Badger.ID, Title: "Two", Body: "Two.", PostedAt: f.Day(4), Render: render},
		}
		must(t, s.CreatePosts(t.Context(), ps))
		if !slices.Equal(seen, []int64{ps[0].ID, ps[1].ID}) {
			t.Errorf("Render called for %v, want %d and %d", seen, ps[0].ID, ps[1].ID)
		}
		for _, p := range ps {
			got, err := s.FindPost(t.Context(), p.ID)
			must(t, err)
			if want := fmt.Sprintf("<p>%d: %s</p>", p.ID, p.Body); got.BodyHTML != want {
				t.Errorf("post %d: BodyHTML %q, want %q", p.ID, got.BodyHTML, want)
			}
		}
	})
	test(t, "ApproveSubmission", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		sub := submission("Approved and rendered", f.Europe.ID)
		must(t, s.CreateSubmission(t.Context(), sub))
		var seen []int64
		p := &burg.Post{SectionID: f.Europe.ID, PosterID: f.Editor.ID, Title: sub.Title, Body: sub.Body,
			PostedAt: f.Day(4), Render: renderAs(version(t, s), &seen)}
		must(t, s.ApproveSubmission(t.Context(), sub.ID, p, f.Editor.ID))
		got, err := s.FindPost(t.Context(), p.ID)
		must(t, err)
		if want := fmt.Sprintf("<p>%d: %s</p>", p.ID, sub.Body); got.BodyHTML != want || p.BodyHTML != want {
			t.Errorf("BodyHTML stored %q, given back %q; want %q", got.BodyHTML, p.BodyHTML, want)
		}
	})
	test(t, "OlderDictionary", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		var seen []int64
		p := &burg.Post{SectionID: f.Europe.ID, PosterID: f.Badger.ID, Title: "Late", Body: "Late.",
			PostedAt: f.Day(4), Render: renderAs(version(t, s)-1, &seen)}
		must(t, s.CreatePost(t.Context(), p))
		if pr := progress(t, s); pr.Queued != 1 {
			t.Errorf("a post rendered with an older dictionary: %d queued, want 1", pr.Queued)
		}
	})
	test(t, "NewTagIsAChange", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		v := version(t, s)
		var seen []int64
		p := &burg.Post{SectionID: f.Europe.ID, PosterID: f.Badger.ID, Title: "A new topic", Body: "Smuggling.",
			PostedAt: f.Day(4), Tags: []*burg.Tag{{Name: "Smuggling", Slug: "smuggling"}}, Render: renderAs(v, &seen)}
		must(t, s.CreatePost(t.Context(), p))
		if got := version(t, s); got != v+1 {
			t.Errorf("a post making a tag: version %d, want %d", got, v+1)
		}
		chs := openChanges(t, s)
		if len(chs) != 1 || !slices.Equal(chs[0].Items, []burg.TermRef{nameRef(p.Tags[0].ID)}) ||
			!slices.Equal(chs[0].Words, []string{"Smuggling"}) {
			t.Fatalf("changes after a new tag: %+v", chs)
		}
		// The post rendered before its tag was made: it is rendered again.
		if pr := progress(t, s); pr.Queued != 1 {
			t.Errorf("%d posts queued, want the new one", pr.Queued)
		}
	})
}

func testUpdatePostRendering(t *testing.T, open opener) {
	edit := func(s burg.Store, f *Fixture, p *burg.Post) error {
		return s.UpdatePost(t.Context(), p, burg.PostChange{UserID: f.Editor.ID, Action: burg.ActionEdited})
	}
	test(t, "Render", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		var seen []int64
		v := version(t, s)
		p := *f.Posts[1]
		p.Body = "New text."
		p.Render = renderAs(v, &seen, swapRef(3))
		must(t, edit(s, f, &p))
		if !slices.Equal(seen, []int64{p.ID}) {
			t.Errorf("Render called for %v, want %d", seen, p.ID)
		}
		got, err := s.FindPost(t.Context(), p.ID)
		must(t, err)
		if want := fmt.Sprintf("<p>%d: New text.</p>", p.ID); got.BodyHTML != want || got.RenderVersion != v || p.BodyHTML != want {
			t.Errorf("stored BodyHTML %q version %d, given back %q; want %q %d", got.BodyHTML, got.RenderVersion, p.BodyHTML, want, v)
		}
		// The terms are replaced.
		p.Body = "Newer text."
		p.Render = renderAs(v, &seen, swapRef(4))
		must(t, edit(s, f, &p))
		for ref, want := range map[burg.TermRef][]int64{swapRef(3): nil, swapRef(4): {p.ID}} {
			ids, err := s.FindPostsMentioning(t.Context(), []burg.TermRef{ref}, 0, 10)
			must(t, err)
			if !slices.Equal(ids, want) {
				t.Errorf("posts mentioning %v = %v, want %v", ref, ids, want)
			}
		}
	})
	test(t, "WithoutRender", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		var seen []int64
		v := version(t, s)
		p := *f.Posts[1]
		p.Render = renderAs(v, &seen, swapRef(3))
		must(t, edit(s, f, &p))
		rendered := p.BodyHTML
		q := p
		q.Render = nil
		q.Title = "Re-titled"
		q.NoDecoration = true
		must(t, edit(s, f, &q))
		got, err := s.FindPost(t.Context(), p.ID)
		must(t, err)
		if got.BodyHTML != rendered || got.RenderVersion != v || !got.NoDecoration {
			t.Errorf("after an edit without Render: BodyHTML %q version %d NoDecoration %v; want %q %d true",
				got.BodyHTML, got.RenderVersion, got.NoDecoration, rendered, v)
		}
		ids, err := s.FindPostsMentioning(t.Context(), []burg.TermRef{swapRef(3)}, 0, 10)
		must(t, err)
		if !slices.Equal(ids, []int64{p.ID}) {
			t.Errorf("an edit without Render dropped the terms: %v", ids)
		}
	})
}

func testDictionaryVersion(t *testing.T, open opener) {
	test(t, "GrowsWithEveryChange", open, func(t *testing.T, s burg.Store) {
		ctx := t.Context()
		if v := version(t, s); v != 1 {
			t.Errorf("an empty store's version = %d, want 1", v)
		}
		a := &burg.Tag{Name: "Qasimiya", Slug: "qasimiya", Kind: burg.TagPlace}
		b := &burg.Tag{Name: "Kasimiya", Slug: "kasimiya", Kind: burg.TagPlace}
		sw := &burg.Swap{Term: "arrested", Variants: []string{"jugged"}}
		steps := []struct {
			name string
			do   func() error
		}{
			{"CreateTag", func() error { return s.CreateTag(ctx, a) }},
			{"CreateTag", func() error { return s.CreateTag(ctx, b) }},
			{"UpdateTag", func() error { a.Epithet = "the ineffectual"; return s.UpdateTag(ctx, a) }},
			{"RetireTag", func() error { return s.RetireTag(ctx, a.ID) }},
			{"RestoreTag", func() error { return s.RestoreTag(ctx, a.ID) }},
			{"MergeTags", func() error { return s.MergeTags(ctx, b.ID, a.ID) }},
			{"CreateSwap", func() error { return s.CreateSwap(ctx, sw) }},
			{"UpdateSwap", func() error { sw.Variants = []string{"nicked"}; return s.UpdateSwap(ctx, sw) }},
			{"DeleteSwap", func() error { return s.DeleteSwap(ctx, sw.ID) }},
		}
		for i, st := range steps {
			must(t, st.do())
			if v := version(t, s); v != int64(i+2) {
				t.Errorf("after %s: version %d, want %d", st.name, v, i+2)
			}
		}
		// With no posts there is nothing to render again.
		if chs := openChanges(t, s); len(chs) != 0 {
			t.Errorf("changes without posts are unfinished: %+v", chs)
		}
		if _, err := s.ClaimChange(ctx, time.Minute); burg.ErrorCode(err) != burg.ENOTFOUND {
			t.Errorf("ClaimChange without posts: %v, want ENOTFOUND", err)
		}
	})
	test(t, "FailedWriteIsNoChange", open, func(t *testing.T, s burg.Store) {
		ctx := t.Context()
		must(t, s.CreateTag(ctx, &burg.Tag{Name: "Qasimiya", Slug: "qasimiya"}))
		v := version(t, s)
		wantCode(t, s.CreateTag(ctx, &burg.Tag{Name: "Qasimiya again", Slug: "qasimiya"}), burg.ECONFLICT)
		wantCode(t, s.UpdateTag(ctx, &burg.Tag{ID: 999, Name: "Nobody", Slug: "nobody"}), burg.ENOTFOUND)
		wantCode(t, s.DeleteSwap(ctx, 999), burg.ENOTFOUND)
		if got := version(t, s); got != v {
			t.Errorf("failed writes moved the version from %d to %d", v, got)
		}
	})
}

func testDictionaryChanges(t *testing.T, open opener) {
	// change makes one dictionary change on the fixture's site and returns
	// the change it recorded, nil when it was done at once.
	change := func(t *testing.T, s burg.Store, do func() error) *burg.DictionaryChange {
		t.Helper()
		before := openChanges(t, s)
		must(t, do())
		after := openChanges(t, s)
		switch len(after) - len(before) {
		case 0:
			return nil
		case 1:
			return after[len(after)-1]
		}
		t.Fatalf("one write made %d changes", len(after)-len(before))
		return nil
	}
	// mention stores a post whose rendering mentions refs.
	mention := func(t *testing.T, s burg.Store, f *Fixture, refs ...burg.TermRef) *burg.Post {
		t.Helper()
		var seen []int64
		p := &burg.Post{SectionID: f.Europe.ID, PosterID: f.Badger.ID, Title: fmt.Sprintf("Mentions %v", refs),
			Body: "Text.", PostedAt: f.Day(4), Render: renderAs(version(t, s), &seen, refs...)}
		must(t, s.CreatePost(t.Context(), p))
		return p
	}
	cases := []struct {
		name string
		// do makes the change on a site with a post mentioning Chechnya
		// and the swap; want is its items and words, or nil for none.
		do        func(t *testing.T, s burg.Store, f *Fixture, sw *burg.Swap) error
		wantItems func(f *Fixture, sw *burg.Swap) []burg.TermRef
		wantWords []string
		done      bool
	}{
		{"NewEntry", func(t *testing.T, s burg.Store, f *Fixture, sw *burg.Swap) error {
			return s.CreateTag(t.Context(), &burg.Tag{Name: "Ichkeria", Slug: "ichkeria", Aliases: []string{"Nokhchiyn"}})
		}, nil, []string{"Ichkeria", "Nokhchiyn"}, false},
		{"NewAlias", func(t *testing.T, s burg.Store, f *Fixture, sw *burg.Swap) error {
			e := *f.Chechnya
			e.Aliases = []string{"Ichkeria"}
			return s.UpdateTag(t.Context(), &e)
		}, func(f *Fixture, _ *burg.Swap) []burg.TermRef { return []burg.TermRef{nameRef(f.Chechnya.ID)} },
			[]string{"Ichkeria"}, false},
		{"Renamed", func(t *testing.T, s burg.Store, f *Fixture, sw *burg.Swap) error {
			e := *f.Chechnya
			e.Name = "Chechen Republic"
			return s.UpdateTag(t.Context(), &e)
		}, func(f *Fixture, _ *burg.Swap) []burg.TermRef { return []burg.TermRef{nameRef(f.Chechnya.ID)} },
			[]string{"Chechen Republic"}, false},
		{"NewEpithet", func(t *testing.T, s burg.Store, f *Fixture, sw *burg.Swap) error {
			e := *f.Chechnya
			e.Epithet = "the mountainous"
			return s.UpdateTag(t.Context(), &e)
		}, func(f *Fixture, _ *burg.Swap) []burg.TermRef { return []burg.TermRef{nameRef(f.Chechnya.ID)} }, nil, false},
		{"EpithetOfAnUnmentionedEntry", func(t *testing.T, s burg.Store, f *Fixture, sw *burg.Swap) error {
			e := *f.Unused
			e.Epithet = "the forgotten"
			return s.UpdateTag(t.Context(), &e)
		}, nil, nil, true},
		{"Retired", func(t *testing.T, s burg.Store, f *Fixture, sw *burg.Swap) error {
			return s.RetireTag(t.Context(), f.Chechnya.ID)
		}, func(f *Fixture, _ *burg.Swap) []burg.TermRef { return []burg.TermRef{nameRef(f.Chechnya.ID)} }, nil, false},
		{"Merged", func(t *testing.T, s burg.Store, f *Fixture, sw *burg.Swap) error {
			return s.MergeTags(t.Context(), f.Chechnya.ID, f.Georgia.ID)
		}, func(f *Fixture, _ *burg.Swap) []burg.TermRef {
			return []burg.TermRef{nameRef(f.Chechnya.ID), nameRef(f.Georgia.ID)}
		}, nil, false},
		{"MergedRetired", func(t *testing.T, s burg.Store, f *Fixture, sw *burg.Swap) error {
			must(t, s.RetireTag(t.Context(), f.Unused.ID))
			return s.MergeTags(t.Context(), f.Unused.ID, f.Georgia.ID)
		}, func(f *Fixture, _ *burg.Swap) []burg.TermRef {
			return []burg.TermRef{nameRef(f.Unused.ID), nameRef(f.Georgia.ID)}
		}, []string{"Unused"}, false},
		{"NewSwap", func(t *testing.T, s burg.Store, f *Fixture, sw *burg.Swap) error {
			return s.CreateSwap(t.Context(), &burg.Swap{Term: "officials said", Variants: []string{"we hear"}})
		}, nil, []string{"officials said"}, false},
		{"SwapVariants", func(t *testing.T, s burg.Store, f *Fixture, sw *burg.Swap) error {
			sw.Variants = []string{"nicked", "collared"}
			return s.UpdateSwap(t.Context(), sw)
		}, func(_ *Fixture, sw *burg.Swap) []burg.TermRef { return []burg.TermRef{swapRef(sw.ID)} }, nil, false},
		{"SwapTermCase", func(t *testing.T, s burg.Store, f *Fixture, sw *burg.Swap) error {
			sw.Term = "Arrested"
			return s.UpdateSwap(t.Context(), sw)
		}, func(_ *Fixture, sw *burg.Swap) []burg.TermRef { return []burg.TermRef{swapRef(sw.ID)} }, nil, false},
		{"SwapTerm", func(t *testing.T, s burg.Store, f *Fixture, sw *burg.Swap) error {
			sw.Term = "detained"
			return s.UpdateSwap(t.Context(), sw)
		}, func(_ *Fixture, sw *burg.Swap) []burg.TermRef { return []burg.TermRef{swapRef(sw.ID)} },
			[]string{"detained"}, false},
		{"SwapDeleted", func(t *testing.T, s burg.Store, f *Fixture, sw *burg.Swap) error {
			return s.DeleteSwap(t.Context(), sw.ID)
		}, func(_ *Fixture, sw *burg.Swap) []burg.TermRef { return []burg.TermRef{swapRef(sw.ID)} }, nil, false},
	}
	for _, c := range cases {
		test(t, c.name, open, func(t *testing.T, s burg.Store) {
			f := NewFixture(t, s)
			sw := &burg.Swap{Term: "arrested", Variants: []string{"jugged"}}
			must(t, s.CreateSwap(t.Context(), sw))
			mention(t, s, f, nameRef(f.Chechnya.ID), swapRef(sw.ID))
			for _, ch := range openChanges(t, s) {
				// Clear what setting up made: the fixture's posts are there.
				must(t, s.AdvanceChange(t.Context(), ch, burg.ChangeDone, 0, nil))
			}
			v := version(t, s)
			ch := change(t, s, func() error { return c.do(t, s, f, sw) })
			if got := version(t, s); got <= v {
				t.Errorf("version %d after the change, want more than %d", got, v)
			}
			if c.done {
				if ch != nil {
					t.Errorf("a change that touches no post is unfinished: %+v", *ch)
				}
				return
			}
			if ch == nil {
				t.Fatal("no unfinished change recorded")
			}
			if c.wantItems != nil && !slices.Equal(ch.Items, c.wantItems(f, sw)) {
				t.Errorf("items %v, want %v", ch.Items, c.wantItems(f, sw))
			}
			if len(ch.Items) == 0 {
				t.Errorf("a change with no items")
			}
			if !slices.Equal(ch.Words, c.wantWords) {
				t.Errorf("words %q, want %q", ch.Words, c.wantWords)
			}
			if ch.Phase != burg.ChangeItems || ch.Cursor != 0 || ch.Queued != 0 || ch.CreatedAt.IsZero() {
				t.Errorf("a new change: phase %q cursor %d queued %d created %v", ch.Phase, ch.Cursor, ch.Queued, ch.CreatedAt)
			}
		})
	}
}

func testClaimChange(t *testing.T, open opener) {
	test(t, "OldestFirstOnce", open, func(t *testing.T, s burg.Store) {
		ctx := t.Context()
		f := NewFixture(t, s)
		for _, ch := range openChanges(t, s) {
			must(t, s.AdvanceChange(ctx, ch, burg.ChangeDone, 0, nil))
		}
		for _, name := range []string{"First", "Second"} {
			must(t, s.CreateTag(ctx, &burg.Tag{Name: name, Slug: burg.Slugify(name, 20)}))
		}
		_ = f
		first, err := s.ClaimChange(ctx, time.Minute)
		must(t, err)
		second, err := s.ClaimChange(ctx, time.Minute)
		must(t, err)
		if !slices.Equal(first.Words, []string{"First"}) || !slices.Equal(second.Words, []string{"Second"}) {
			t.Errorf("claimed %q then %q, want First then Second", first.Words, second.Words)
		}
		if _, err := s.ClaimChange(ctx, time.Minute); burg.ErrorCode(err) != burg.ENOTFOUND {
			t.Errorf("a third claim: %v, want ENOTFOUND while both are held", err)
		}
		// Advancing gives the claim up.
		must(t, s.AdvanceChange(ctx, first, burg.ChangeWords, 0, nil))
		again, err := s.ClaimChange(ctx, time.Minute)
		must(t, err)
		if again.ID != first.ID || again.Phase != burg.ChangeWords {
			t.Errorf("claimed change %d at %q, want %d at %q", again.ID, again.Phase, first.ID, burg.ChangeWords)
		}
	})
	test(t, "ErrLease", open, func(t *testing.T, s burg.Store) {
		_, err := s.ClaimChange(t.Context(), 0)
		wantCode(t, err, burg.EINVALID)
	})
}

func testAdvanceChange(t *testing.T, open opener) {
	setup := func(t *testing.T, s burg.Store) (*Fixture, *burg.DictionaryChange) {
		t.Helper()
		f := NewFixture(t, s)
		for _, ch := range openChanges(t, s) {
			must(t, s.AdvanceChange(t.Context(), ch, burg.ChangeDone, 0, nil))
		}
		must(t, s.CreateTag(t.Context(), &burg.Tag{Name: "Ichkeria", Slug: "ichkeria"}))
		ch, err := s.ClaimChange(t.Context(), time.Minute)
		must(t, err)
		return f, ch
	}
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f, ch := setup(t, s)
		ctx := t.Context()
		must(t, s.AdvanceChange(ctx, ch, burg.ChangeWords, 0, nil))
		ids := []int64{f.Posts[0].ID, f.Posts[2].ID}
		must(t, s.AdvanceChange(ctx, ch, burg.ChangeWords, f.Posts[2].ID, ids))
		// A post queued twice is queued once.
		must(t, s.AdvanceChange(ctx, ch, burg.ChangeDone, f.Posts[3].ID, []int64{f.Posts[2].ID}))
		if ch.Phase != burg.ChangeDone || ch.Cursor != f.Posts[3].ID || ch.Queued != 3 || ch.DoneAt == nil {
			t.Errorf("the caller's change: %+v", *ch)
		}
		pr := progress(t, s)
		if pr.Queued != 2 {
			t.Errorf("%d posts queued, want 2", pr.Queued)
		}
		var got *burg.DictionaryChange
		for _, c := range pr.Changes {
			if c.ID == ch.ID {
				got = c
			}
		}
		if got == nil || got.Phase != burg.ChangeDone || got.DoneAt == nil || got.Queued != 3 || got.Cursor != f.Posts[3].ID {
			t.Errorf("stored change: %+v", got)
		}
		if _, err := s.ClaimChange(ctx, time.Minute); burg.ErrorCode(err) != burg.ENOTFOUND {
			t.Errorf("a finished change was claimed again: %v", err)
		}
	})
	test(t, "ErrMovedOn", open, func(t *testing.T, s burg.Store) {
		_, ch := setup(t, s)
		stale := *ch
		must(t, s.AdvanceChange(t.Context(), ch, burg.ChangeWords, 0, nil))
		wantCode(t, s.AdvanceChange(t.Context(), &stale, burg.ChangeWords, 5, nil), burg.ECONFLICT)
	})
	test(t, "ErrPhase", open, func(t *testing.T, s burg.Store) {
		_, ch := setup(t, s)
		wantCode(t, s.AdvanceChange(t.Context(), ch, "later", 0, nil), burg.EINVALID)
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		_, ch := setup(t, s)
		gone := *ch
		gone.ID = 999
		wantCode(t, s.AdvanceChange(t.Context(), &gone, burg.ChangeDone, 0, nil), burg.ENOTFOUND)
	})
}

func testClaimRenders(t *testing.T, open opener) {
	test(t, "UnrenderedNewestFirst", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		ctx := t.Context()
		byID := slices.Clone(f.Posts)
		slices.SortFunc(byID, func(a, b *burg.Post) int { return int(b.ID - a.ID) })
		got, err := s.ClaimRenders(ctx, 2, time.Minute)
		must(t, err)
		if !slices.Equal(postIDs(got), postIDs(byID[:2])) {
			t.Errorf("first claim %v, want the newest two %v", postIDs(got), postIDs(byID[:2]))
		}
		for _, p := range got {
			if p.Body == "" || p.Section == nil || p.Poster == nil {
				t.Errorf("claimed post %d without its body, section or poster", p.ID)
			}
		}
		// Claimed posts are passed by.
		rest := claimAll(t, s)
		if !slices.Equal(rest, postIDs(byID[2:])) {
			t.Errorf("second claim %v, want %v", rest, postIDs(byID[2:]))
		}
		if again := claimAll(t, s); len(again) != 0 {
			t.Errorf("third claim %v, want none", again)
		}
	})
	test(t, "QueuedWithTerms", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		ctx := t.Context()
		// Render every post, then queue two.
		var rs []burg.Rendering
		v := version(t, s)
		for _, p := range f.Posts {
			rs = append(rs, burg.Rendering{PostID: p.ID, Body: p.Body, HTML: "<p>x</p>", Version: v,
				Terms: []burg.TermRef{swapRef(2), nameRef(p.ID)}})
		}
		claimAll(t, s)
		_, err := s.SaveRenderings(ctx, rs)
		must(t, err)
		must(t, s.CreateTag(ctx, &burg.Tag{Name: "Ichkeria", Slug: "ichkeria"}))
		ch, err := s.ClaimChange(ctx, time.Minute)
		must(t, err)
		must(t, s.AdvanceChange(ctx, ch, burg.ChangeDone, 0, []int64{f.Posts[1].ID, f.Posts[4].ID}))
		got, err := s.ClaimRenders(ctx, 10, time.Minute)
		must(t, err)
		if !slices.Equal(postIDs(got), []int64{max(f.Posts[1].ID, f.Posts[4].ID), min(f.Posts[1].ID, f.Posts[4].ID)}) {
			t.Fatalf("claimed %v, want posts %d and %d", postIDs(got), f.Posts[1].ID, f.Posts[4].ID)
		}
		for _, p := range got {
			want := []burg.TermRef{nameRef(p.ID), swapRef(2)}
			if !slices.Equal(p.Terms, want) {
				t.Errorf("post %d: terms %v, want %v", p.ID, p.Terms, want)
			}
		}
	})
	test(t, "Deleted", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		f.deletePost(t, s, 2)
		if ids := claimAll(t, s); !slices.Contains(ids, f.Posts[2].ID) {
			t.Errorf("a deleted post is not rendered: %v", ids)
		}
	})
	test(t, "ErrLease", open, func(t *testing.T, s burg.Store) {
		_, err := s.ClaimRenders(t.Context(), 5, 0)
		wantCode(t, err, burg.EINVALID)
	})
}

func testSaveRenderings(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		ctx := t.Context()
		v := version(t, s)
		claimed := claimAll(t, s)
		p, q := f.Posts[0], f.Posts[1]
		saved, err := s.SaveRenderings(ctx, []burg.Rendering{
			{PostID: p.ID, Body: p.Body, HTML: "<p>rendered</p>", Text: "rendered", Version: v, Terms: []burg.TermRef{swapRef(9)}},
			// Made from a body the post no longer has: not stored.
			{PostID: q.ID, Body: "An older body.", HTML: "<p>old</p>", Version: v},
		})
		must(t, err)
		if !slices.Equal(saved, []int64{p.ID}) {
			t.Errorf("saved %v, want [%d]", saved, p.ID)
		}
		got, err := s.FindPost(ctx, p.ID)
		must(t, err)
		if got.BodyHTML != "<p>rendered</p>" || got.Text != "rendered" || got.RenderVersion != v {
			t.Errorf("stored: %q %q version %d", got.BodyHTML, got.Text, got.RenderVersion)
		}
		if !got.UpdatedAt.Equal(p.UpdatedAt) {
			t.Errorf("rendering moved UpdatedAt from %v to %v", p.UpdatedAt, got.UpdatedAt)
		}
		other, err := s.FindPost(ctx, q.ID)
		must(t, err)
		if other.BodyHTML != "" {
			t.Errorf("a rendering of another body was stored: %q", other.BodyHTML)
		}
		ids, err := s.FindPostsMentioning(ctx, []burg.TermRef{swapRef(9)}, 0, 10)
		must(t, err)
		if !slices.Equal(ids, []int64{p.ID}) {
			t.Errorf("posts mentioning swap 9: %v", ids)
		}
		// Both are off the queue; the other four stay (claimed) on it.
		if pr := progress(t, s); pr.Queued != len(claimed)-2 {
			t.Errorf("%d queued, want %d", pr.Queued, len(claimed)-2)
		}
	})
	test(t, "SwitchChanged", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		p := f.Posts[3]
		claimAll(t, s)
		saved, err := s.SaveRenderings(t.Context(), []burg.Rendering{
			{PostID: p.ID, Body: p.Body, NoDecoration: true, HTML: "<p>plain</p>", Version: version(t, s)}})
		must(t, err)
		if len(saved) != 0 {
			t.Errorf("a rendering without decoration was stored for a decorated post")
		}
	})
	test(t, "OlderDictionary", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		p := f.Posts[3]
		claimAll(t, s)
		saved, err := s.SaveRenderings(t.Context(), []burg.Rendering{
			{PostID: p.ID, Body: p.Body, HTML: "<p>stale</p>", Version: version(t, s) - 1}})
		must(t, err)
		if !slices.Equal(saved, []int64{p.ID}) {
			t.Errorf("saved %v, want [%d]", saved, p.ID)
		}
		// Stored, and free to be claimed again.
		if ids := claimAll(t, s); !slices.Equal(ids, []int64{p.ID}) {
			t.Errorf("claimable after a stale rendering: %v, want [%d]", ids, p.ID)
		}
	})
	test(t, "Gone", open, func(t *testing.T, s burg.Store) {
		NewFixture(t, s)
		saved, err := s.SaveRenderings(t.Context(), []burg.Rendering{{PostID: 999, Body: "x", HTML: "x", Version: 1}})
		must(t, err)
		if len(saved) != 0 {
			t.Errorf("saved a rendering of no post: %v", saved)
		}
	})
}

func testFindPostsMentioning(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		ctx := t.Context()
		v := version(t, s)
		claimAll(t, s)
		var rs []burg.Rendering
		for i, p := range f.Posts {
			r := burg.Rendering{PostID: p.ID, Body: p.Body, HTML: "x", Version: v}
			if i%2 == 0 {
				r.Terms = []burg.TermRef{nameRef(1), swapRef(1)}
			} else {
				r.Terms = []burg.TermRef{swapRef(2)}
			}
			rs = append(rs, r)
		}
		_, err := s.SaveRenderings(ctx, rs)
		must(t, err)
		even := []int64{f.Posts[0].ID, f.Posts[2].ID, f.Posts[4].ID}
		slices.Sort(even)
		all := postIDs(f.Posts)
		slices.Sort(all)
		for _, c := range []struct {
			name  string
			items []burg.TermRef
			after int64
			n     int
			want  []int64
		}{
			{"OneItem", []burg.TermRef{nameRef(1)}, 0, 10, even},
			{"KindsApart", []burg.TermRef{nameRef(2)}, 0, 10, nil},
			{"EachOnce", []burg.TermRef{nameRef(1), swapRef(1), swapRef(2)}, 0, 10, all},
			{"After", []burg.TermRef{nameRef(1)}, even[0], 10, even[1:]},
			{"Limit", []burg.TermRef{nameRef(1)}, 0, 2, even[:2]},
			{"NoItems", nil, 0, 10, nil},
		} {
			got, err := s.FindPostsMentioning(ctx, c.items, c.after, c.n)
			must(t, err)
			if !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
	})
}

func testFindPostTexts(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		ctx := t.Context()
		claimAll(t, s)
		p := f.Posts[2]
		_, err := s.SaveRenderings(ctx, []burg.Rendering{{PostID: p.ID, Body: p.Body, HTML: "x", Text: "Pipeline text", Version: 1}})
		must(t, err)
		f.deletePost(t, s, 5)
		all := postIDs(f.Posts)
		slices.Sort(all)
		got, err := s.FindPostTexts(ctx, 0, 100)
		must(t, err)
		var ids []int64
		for _, pt := range got {
			ids = append(ids, pt.ID)
			want := "Pipeline text"
			if pt.ID != p.ID {
				want = bodyOf(f.Posts, pt.ID) // never rendered: its markup source
			}
			if pt.Text != want {
				t.Errorf("post %d: text %q, want %q", pt.ID, pt.Text, want)
			}
		}
		if !slices.Equal(ids, all) {
			t.Errorf("texts of %v, want every post %v", ids, all)
		}
		page, err := s.FindPostTexts(ctx, all[1], 2)
		must(t, err)
		if len(page) != 2 || page[0].ID != all[2] || page[1].ID != all[3] {
			t.Errorf("a page after %d: %+v, want posts %v", all[1], page, all[2:4])
		}
	})
}

func testRenderProgress(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		ctx := t.Context()
		pr := progress(t, s)
		maxID := slices.Max(postIDs(f.Posts))
		if pr.Posts != 6 || pr.LastPostID != maxID || pr.Unrendered != 6 || pr.Queued != 0 || pr.Version != version(t, s) {
			t.Errorf("progress on the fixture: %+v", *pr)
		}
		got, err := s.ClaimRenders(ctx, 2, time.Minute)
		must(t, err)
		pr = progress(t, s)
		if pr.Unrendered != 4 || pr.Queued != 2 {
			t.Errorf("after claiming two: unrendered %d queued %d, want 4 and 2", pr.Unrendered, pr.Queued)
		}
		var rs []burg.Rendering
		for _, p := range got {
			rs = append(rs, burg.Rendering{PostID: p.ID, Body: p.Body, HTML: "x", Version: pr.Version})
		}
		_, err = s.SaveRenderings(ctx, rs)
		must(t, err)
		pr = progress(t, s)
		if pr.Unrendered != 4 || pr.Queued != 0 {
			t.Errorf("after rendering two: unrendered %d queued %d, want 4 and 0", pr.Unrendered, pr.Queued)
		}
		// Finished changes come after the open ones, newest first, five at
		// most.
		for i := range 7 {
			name := fmt.Sprintf("Entry %d", i)
			must(t, s.CreateTag(ctx, &burg.Tag{Name: name, Slug: burg.Slugify(name, 20)}))
		}
		for range 7 {
			ch, err := s.ClaimChange(ctx, time.Minute)
			must(t, err)
			must(t, s.AdvanceChange(ctx, ch, burg.ChangeDone, 0, nil))
		}
		must(t, s.CreateTag(ctx, &burg.Tag{Name: "Open", Slug: "open"}))
		pr = progress(t, s)
		if len(pr.Changes) != 6 || pr.Changes[0].DoneAt != nil || !slices.Equal(pr.Changes[0].Words, []string{"Open"}) {
			t.Fatalf("changes: %d, first %+v", len(pr.Changes), pr.Changes[0])
		}
		for i, ch := range pr.Changes[1:] {
			if want := fmt.Sprintf("Entry %d", 6-i); ch.DoneAt == nil || !slices.Equal(ch.Words, []string{want}) {
				t.Errorf("finished change %d: %q done %v, want %q", i, ch.Words, ch.DoneAt, want)
			}
		}
	})
}

func testResetRenderings(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		ctx := t.Context()
		claimAll(t, s)
		var rs []burg.Rendering
		for _, p := range f.Posts {
			rs = append(rs, burg.Rendering{PostID: p.ID, Body: p.Body, HTML: "<p>kept</p>", Version: version(t, s)})
		}
		_, err := s.SaveRenderings(ctx, rs)
		must(t, err)
		if pr := progress(t, s); pr.Unrendered != 0 {
			t.Fatalf("%d unrendered after rendering all", pr.Unrendered)
		}
		must(t, s.ResetRenderings(ctx))
		if pr := progress(t, s); pr.Unrendered != 6 {
			t.Errorf("%d unrendered after a reset, want 6", pr.Unrendered)
		}
		got, err := s.FindPost(ctx, f.Posts[0].ID)
		must(t, err)
		if got.BodyHTML != "<p>kept</p>" || got.RenderVersion != 0 {
			t.Errorf("after a reset: BodyHTML %q version %d, want the old rendering at version 0", got.BodyHTML, got.RenderVersion)
		}
		if ids := claimAll(t, s); len(ids) != 6 {
			t.Errorf("claimed %d after a reset, want 6", len(ids))
		}
	})
}

// bodyOf is the body of the post with id among posts.
func bodyOf(posts []*burg.Post, id int64) string {
	for _, p := range posts {
		if p.ID == id {
			return p.Body
		}
	}
	return ""
}
