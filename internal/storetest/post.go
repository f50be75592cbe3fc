package storetest

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

func testCreatePost(t *testing.T, open opener) {
	test(t, "ErrSourcePosted", open, func(t *testing.T, s burg.Store) {
		// A source URL is posted once among live posts; posts without
		// one do not clash, and a deleted post frees its source.
		st := newSite(t, s)
		at := time.Date(2024, 5, 6, 7, 0, 0, 0, time.UTC)
		first := st.post("First", at)
		first.SourceURL = "https://example.org/story"
		must(t, s.CreatePost(t.Context(), first))
		again := st.post("Again", at.Add(time.Minute))
		again.SourceURL = first.SourceURL
		wantCode(t, s.CreatePost(t.Context(), again), burg.ECONFLICT)
		if again.ID != 0 {
			t.Errorf("a refused post got ID %d", again.ID)
		}
		must(t, s.CreatePost(t.Context(), st.post("No source one", at)))
		must(t, s.CreatePost(t.Context(), st.post("No source two", at)))
		by := burg.PostChange{UserID: st.poster.ID, Action: burg.ActionDeleted}
		must(t, s.DeletePost(t.Context(), first.ID, by))
		again.ID = 0
		must(t, s.CreatePost(t.Context(), again))
		by.Action = burg.ActionRestored
		wantCode(t, s.RestorePost(t.Context(), first.ID, by), burg.ECONFLICT)
	})
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		st := newSite(t, s)
		tag := &burg.Tag{Name: "Energy", Slug: "energy"}
		must(t, s.CreateTag(t.Context(), tag))
		posted := time.Date(2024, 5, 6, 7, 8, 9, 123456000, time.UTC)
		closeAt := posted.Add(72 * time.Hour)
		p := &burg.Post{
			SectionID: st.section.ID, Section: st.section,
			PosterID: st.poster.ID, Poster: st.poster,
			Title:        "Gazprom cuts supplies",
			Slug:         "gazprom-cuts",
			SourceURL:    "https://example.org/news/1?x=1&y=ü",
			SourceTag:    "Kommersant",
			SourceLang:   "ru",
			Note:         "Direct translation via Apertium. Edited.",
			Body:         "[b]Moscow[/b] — “quoted” text,\nnew line, ünïcödé, 'single' and \"double\" quotes; ? marks ?",
			OriginalBody: "[b]Москва[/b] — «цитата»",
			PostedAt:     posted, UpdatedAt: posted.Add(time.Hour),
			CommentsCloseAt: &closeAt,
			Tags:            []*burg.Tag{tag},
		}
		want := *p
		must(t, s.CreatePost(t.Context(), p))
		if p.ID == 0 {
			t.Fatal("ID not set")
		}
		if p.Slug != "gazprom-cuts" {
			t.Errorf("slug: got %q, want the given %q", p.Slug, "gazprom-cuts")
		}
		want.ID = p.ID
		want.Text = want.Body // never rendered: its markup source is what search reads
		got, err := s.FindPost(t.Context(), p.ID)
		must(t, err)
		checkPost(t, got, &want)
	})
	test(t, "TimesUTC", open, func(t *testing.T, s burg.Store) {
		// Times given in any zone come back as the same instants in UTC,
		// to the microsecond.
		st := newSite(t, s)
		loc := time.FixedZone("Y", 3*3600+30*60)
		posted := time.Date(2024, 12, 31, 23, 59, 59, 999999000, loc)
		updated := time.Date(2025, 1, 1, 0, 0, 0, 1000, loc)
		closeAt := time.Date(2025, 2, 1, 12, 0, 0, 500000000, time.FixedZone("Z", -8*3600))
		p := st.post("New Year", posted)
		p.UpdatedAt = updated
		p.CommentsCloseAt = &closeAt
		must(t, s.CreatePost(t.Context(), p))
		got, err := s.FindPost(t.Context(), p.ID)
		must(t, err)
		checkTime(t, "posted at", got.PostedAt, posted)
		checkTime(t, "updated at", got.UpdatedAt, updated)
		checkTimePtr(t, "comments close at", got.CommentsCloseAt, &closeAt)
		posts, _, err := s.FindPosts(t.Context(), burg.PostFilter{})
		must(t, err)
		if len(posts) != 1 {
			t.Fatalf("FindPosts: got %d posts, want 1", len(posts))
		}
		checkTime(t, "posted at in a list", posts[0].PostedAt, posted)
	})
	test(t, "SubMicrosecond", open, func(t *testing.T, s burg.Store) {
		// Nanoseconds need not survive, but the time stays within a
		// microsecond and reads back the same everywhere.
		st := newSite(t, s)
		posted := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)
		p := st.post("Nanoseconds", posted)
		must(t, s.CreatePost(t.Context(), p))
		got, err := s.FindPost(t.Context(), p.ID)
		must(t, err)
		if d := got.PostedAt.Sub(posted); d <= -time.Microsecond || d >= time.Microsecond {
			t.Errorf("posted at: got %v, want within 1µs of %v", got.PostedAt, posted)
		}
		posts, _, err := s.FindPosts(t.Context(), burg.PostFilter{From: got.PostedAt, Until: got.PostedAt.Add(time.Microsecond)})
		must(t, err)
		if len(posts) != 1 {
			t.Errorf("FindPosts in [%v, +1µs): got %d posts, want 1", got.PostedAt, len(posts))
		}
	})
	test(t, "SlugFromTitle", open, func(t *testing.T, s burg.Store) {
		st := newSite(t, s)
		for _, title := range []string{"Russia’s gas: Ökonomie & Politik", "¿¡…!?", "Война и мир"} {
			p := st.post(title, time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC))
			must(t, s.CreatePost(t.Context(), p))
			if !burg.ValidSlug(p.Slug) {
				t.Errorf("title %q: got slug %q, want a valid slug", title, p.Slug)
			}
			got, err := s.FindPost(t.Context(), p.ID)
			must(t, err)
			if got.Slug != p.Slug {
				t.Errorf("title %q: stored slug %q, set %q", title, got.Slug, p.Slug)
			}
		}
	})
	test(t, "NoTags", open, func(t *testing.T, s burg.Store) {
		st := newSite(t, s)
		p := st.post("Untagged", time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC))
		must(t, s.CreatePost(t.Context(), p))
		got, err := s.FindPost(t.Context(), p.ID)
		must(t, err)
		if len(got.Tags) != 0 {
			t.Errorf("tags: got %q, want none", tagSlugs(got.Tags))
		}
	})
	test(t, "TagOrder", open, func(t *testing.T, s burg.Store) {
		// Tags keep the order they were given in: neither by name nor by ID.
		f := NewFixture(t, s)
		p := &burg.Post{
			SectionID: f.Europe.ID, PosterID: f.Otter.ID, Title: "Three tags",
			PostedAt: f.Day(5), UpdatedAt: f.Day(5),
			Tags: []*burg.Tag{f.Georgia, f.Chechnya, f.Energy},
		}
		must(t, s.CreatePost(t.Context(), p))
		want := []string{"georgia", "chechnya", "energy"}
		got, err := s.FindPost(t.Context(), p.ID)
		must(t, err)
		if g := tagSlugs(got.Tags); !slices.Equal(g, want) {
			t.Errorf("FindPost: got %q, want %q", g, want)
		}
		posts, _, err := s.FindPosts(t.Context(), burg.PostFilter{Limit: 1})
		must(t, err)
		if len(posts) != 1 || posts[0].ID != p.ID {
			t.Fatalf("FindPosts: got %q, want the new post first", titles(posts))
		}
		if g := tagSlugs(posts[0].Tags); !slices.Equal(g, want) {
			t.Errorf("FindPosts: got %q, want %q", g, want)
		}
	})

	// Each invalid post is refused with EINVALID and leaves nothing behind.
	for _, c := range []struct {
		name   string
		change func(p *burg.Post, f *Fixture)
	}{
		{"ErrNoTitle", func(p *burg.Post, f *Fixture) { p.Title = "  " }},
		{"ErrTitleTooLong", func(p *burg.Post, f *Fixture) { p.Title = strings.Repeat("й", burg.MaxTitleLen+1) }},
		{"ErrNoSection", func(p *burg.Post, f *Fixture) { p.SectionID = 0 }},
		{"ErrUnknownSection", func(p *burg.Post, f *Fixture) { p.SectionID = 999999 }},
		{"ErrNoPoster", func(p *burg.Post, f *Fixture) { p.PosterID = 0 }},
		{"ErrUnknownPoster", func(p *burg.Post, f *Fixture) { p.PosterID = 999999 }},
		{"ErrNoTime", func(p *burg.Post, f *Fixture) { p.PostedAt = time.Time{} }},
		{"ErrBadSourceURL", func(p *burg.Post, f *Fixture) { p.SourceURL = "javascript:alert(1)" }},
		{"ErrBadSlug", func(p *burg.Post, f *Fixture) { p.Slug = "Bad Slug" }},
		{"ErrNoteTooLong", func(p *burg.Post, f *Fixture) { p.Note = strings.Repeat("n", burg.MaxNoteLen+1) }},
		{"ErrUnknownTag", func(p *burg.Post, f *Fixture) { p.Tags = []*burg.Tag{f.Energy, {ID: 999999, Name: "Ghost"}} }},
		{"ErrDuplicateTag", func(p *burg.Post, f *Fixture) { p.Tags = []*burg.Tag{f.Energy, f.Georgia, f.Energy} }},
	} {
		test(t, c.name, open, func(t *testing.T, s burg.Store) {
			f := NewFixture(t, s)
			p := &burg.Post{
				SectionID: f.Europe.ID, PosterID: f.Badger.ID, Title: "Refused",
				PostedAt: f.Day(5), UpdatedAt: f.Day(5), Tags: []*burg.Tag{f.Energy},
			}
			c.change(p, f)
			wantCode(t, s.CreatePost(t.Context(), p), burg.EINVALID)
			if p.ID != 0 {
				t.Errorf("ID set to %d for a post not stored", p.ID)
			}
			checkUnchanged(t, s, f)
		})
	}
}

// checkUnchanged checks that the store holds the fixture's posts and no
// more.
func checkUnchanged(t *testing.T, s burg.Store, f *Fixture) {
	t.Helper()
	posts, total, err := s.FindPosts(t.Context(), burg.PostFilter{})
	must(t, err)
	if got, want := titles(posts), f.titles(5, 4, 3, 2, 1, 0); !slices.Equal(got, want) || total != len(want) {
		t.Errorf("posts: got %q (total %d), want %q", got, total, want)
	}
	counts, err := s.CountTags(t.Context(), f.Day(1), f.Day(9))
	must(t, err)
	var lines []string
	for _, c := range counts {
		lines = append(lines, fmt.Sprintf("%s %d", c.Tag.Slug, c.Posts))
	}
	if want := []string{"energy 4", "chechnya 2", "georgia 2"}; !slices.Equal(lines, want) {
		t.Errorf("tag counts: got %q, want %q", lines, want)
	}
}

func testCreatePosts(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		var ps []*burg.Post
		for i, title := range []string{"First of a batch", "Second of a batch", "Third of a batch"} {
			p := &burg.Post{
				SectionID: f.Essays.ID, Section: f.Essays, PosterID: f.Otter.ID, Poster: f.Otter,
				Title: title, PostedAt: f.Day(5).Add(time.Duration(i) * time.Minute),
				Tags: []*burg.Tag{f.Unused},
			}
			p.UpdatedAt = p.PostedAt
			ps = append(ps, p)
		}
		must(t, s.CreatePosts(t.Context(), ps))
		seen := map[int64]bool{}
		for _, p := range ps {
			if p.ID == 0 || seen[p.ID] {
				t.Fatalf("post %q: ID %d not set or not unique", p.Title, p.ID)
			}
			seen[p.ID] = true
			if !burg.ValidSlug(p.Slug) {
				t.Errorf("post %q: slug %q not set", p.Title, p.Slug)
			}
			got, err := s.FindPost(t.Context(), p.ID)
			must(t, err)
			checkPost(t, got, p)
		}
		posts, total, err := s.FindPosts(t.Context(), burg.PostFilter{TagID: f.Unused.ID})
		must(t, err)
		if got, want := titles(posts), []string{"Third of a batch", "Second of a batch", "First of a batch"}; !slices.Equal(got, want) || total != 3 {
			t.Errorf("got %q (total %d), want %q", got, total, want)
		}
	})
	test(t, "Empty", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.CreatePosts(t.Context(), nil))
		must(t, s.CreatePosts(t.Context(), []*burg.Post{}))
		checkUnchanged(t, s, f)
	})
	for _, c := range []struct {
		name   string
		change func(p *burg.Post)
	}{
		{"AllOrNothing", func(p *burg.Post) { p.SectionID = 999999 }},
		{"AllOrNothingDuplicateTag", func(p *burg.Post) { p.Tags = append(p.Tags, p.Tags[0]) }},
		{"AllOrNothingInvalid", func(p *burg.Post) { p.Title = "" }},
	} {
		// One bad post keeps the whole batch out.
		test(t, c.name, open, func(t *testing.T, s burg.Store) {
			f := NewFixture(t, s)
			var ps []*burg.Post
			for i := range 3 {
				p := &burg.Post{
					SectionID: f.Essays.ID, PosterID: f.Otter.ID, Title: fmt.Sprintf("Batch %d", i),
					PostedAt: f.Day(5), UpdatedAt: f.Day(5), Tags: []*burg.Tag{f.Energy},
				}
				ps = append(ps, p)
			}
			c.change(ps[2])
			wantCode(t, s.CreatePosts(t.Context(), ps), burg.EINVALID)
			for _, p := range ps {
				if p.ID != 0 {
					t.Errorf("post %q: ID set to %d though not stored", p.Title, p.ID)
				}
			}
			checkUnchanged(t, s, f)
		})
	}
}

func testFindPost(t *testing.T, open opener) {
	s := open(t)
	f := NewFixture(t, s)
	read(t, "OK", func(t *testing.T) {
		for _, want := range f.Posts {
			got, err := s.FindPost(t.Context(), want.ID)
			must(t, err)
			checkPost(t, got, want)
		}
	})
	read(t, "TagOrder", func(t *testing.T) {
		for i, want := range map[int][]string{1: {"georgia", "energy"}, 2: {"energy", "georgia"}} {
			got, err := s.FindPost(t.Context(), f.Posts[i].ID)
			must(t, err)
			if g := tagSlugs(got.Tags); !slices.Equal(g, want) {
				t.Errorf("post %d: got %q, want %q", i, g, want)
			}
		}
	})
	test(t, "CommentCounters", open, func(t *testing.T, s burg.Store) {
		// A post read back carries the count and the latest of its comments.
		f := NewFixture(t, s)
		var cs []*burg.Comment
		for i, post := range []int{0, 0, 1} {
			c := &burg.Comment{PostID: f.Posts[post].ID, Nick: fmt.Sprintf("Reader %d", i), Body: fmt.Sprintf("Comment %d.", i)}
			must(t, s.CreateComment(t.Context(), c))
			cs = append(cs, c)
		}
		for _, c := range []struct {
			post  int
			count int
			last  *burg.Comment
		}{{0, 2, cs[1]}, {1, 1, cs[2]}, {2, 0, nil}} {
			want := *f.Posts[c.post]
			want.CommentCount = c.count
			if c.last != nil {
				want.LastCommentAt, want.LastCommentNick = &c.last.CreatedAt, c.last.Nick
			}
			got, err := s.FindPost(t.Context(), want.ID)
			must(t, err)
			checkPost(t, got, &want)
		}
		posts, _, err := s.FindPosts(t.Context(), burg.PostFilter{Oldest: true, Limit: 1})
		must(t, err)
		if len(posts) != 1 || posts[0].CommentCount != 2 || posts[0].LastCommentNick != "Reader 1" {
			t.Errorf("FindPosts: got %d posts, want the first with 2 comments, the last by Reader 1", len(posts))
		}
	})
	test(t, "ErrDeleted", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		f.deletePost(t, s, 0)
		p, err := s.FindPost(t.Context(), f.Posts[0].ID)
		wantCode(t, err, burg.ENOTFOUND)
		if p != nil {
			t.Errorf("got deleted post %q with the error", p.Title)
		}
		got, err := s.FindPost(t.Context(), f.Posts[1].ID)
		must(t, err)
		checkPost(t, got, f.Posts[1])
	})
	read(t, "ErrNotFound", func(t *testing.T) {
		for _, id := range []int64{0, -1, 999999} {
			p, err := s.FindPost(t.Context(), id)
			wantCode(t, err, burg.ENOTFOUND)
			if p != nil {
				t.Errorf("id %d: got post %q with the error", id, p.Title)
			}
		}
	})
}

func testFindPosts(t *testing.T, open opener) {
	s := open(t)
	f := NewFixture(t, s)
	loc := time.FixedZone("X", -5*3600)
	for _, c := range []struct {
		name      string
		filter    burg.PostFilter
		want      []int // indexes into f.Posts, in order
		wantTotal int   // -1 for len(want)
	}{
		{"All", burg.PostFilter{}, []int{5, 4, 3, 2, 1, 0}, -1},
		{"Oldest", burg.PostFilter{Oldest: true}, []int{0, 1, 2, 3, 4, 5}, -1},
		{"BySection", burg.PostFilter{SectionID: f.Caucasus.ID}, []int{3, 1, 0}, -1},
		{"BySectionOldest", burg.PostFilter{SectionID: f.Europe.ID, Oldest: true}, []int{2, 5}, -1},
		{"ByPage", burg.PostFilter{PageID: f.News.ID}, []int{5, 3, 2, 1, 0}, -1},
		{"ByOtherPage", burg.PostFilter{PageID: f.Opinion.ID}, []int{4}, -1},
		{"ByTag", burg.PostFilter{TagID: f.Energy.ID}, []int{5, 3, 2, 1}, -1},
		{"ByTagOldest", burg.PostFilter{TagID: f.Georgia.ID, Oldest: true}, []int{1, 2}, -1},
		{"ByUnusedTag", burg.PostFilter{TagID: f.Unused.ID}, nil, -1},
		{"ByPoster", burg.PostFilter{PosterID: f.Badger.ID}, []int{3, 2, 0}, -1},
		{"ByOtherPoster", burg.PostFilter{PosterID: f.Otter.ID}, []int{4, 1}, -1},
		{"FromUntil", burg.PostFilter{From: f.Posts[1].PostedAt, Until: f.Posts[4].PostedAt}, []int{3, 2, 1}, -1},
		{"FromUntilNonUTC", burg.PostFilter{From: f.Posts[1].PostedAt.In(loc), Until: f.Posts[4].PostedAt.In(loc)}, []int{3, 2, 1}, -1},
		{"FromOneMicrosecondLate", burg.PostFilter{From: f.Posts[1].PostedAt.Add(time.Microsecond), Until: f.Day(3)}, []int{3, 2}, -1},
		{"From", burg.PostFilter{From: f.Day(3)}, []int{5, 4}, -1},
		{"Until", burg.PostFilter{Until: f.Day(2)}, []int{1, 0}, -1},
		{"ByTagFromUntil", burg.PostFilter{TagID: f.Energy.ID, From: f.Posts[2].PostedAt, Until: f.Posts[5].PostedAt}, []int{3, 2}, -1},
		{"ByTagAndPoster", burg.PostFilter{TagID: f.Energy.ID, PosterID: f.Badger.ID}, []int{3, 2}, -1},
		{"ByTagPosterSection", burg.PostFilter{TagID: f.Energy.ID, PosterID: f.Badger.ID, SectionID: f.Caucasus.ID}, []int{3}, -1},
		{"BySectionAndPage", burg.PostFilter{SectionID: f.Europe.ID, PageID: f.News.ID}, []int{5, 2}, -1},
		{"NoMatch", burg.PostFilter{SectionID: f.Essays.ID, TagID: f.Energy.ID}, nil, -1},
		{"SectionNotOnPage", burg.PostFilter{SectionID: f.Essays.ID, PageID: f.News.ID}, nil, -1},
		{"UnknownPoster", burg.PostFilter{PosterID: 999999}, nil, -1},
		{"Limit", burg.PostFilter{Limit: 2}, []int{5, 4}, 6},
		{"Offset", burg.PostFilter{Offset: 2, Limit: 2}, []int{3, 2}, 6},
		{"LastPage", burg.PostFilter{Offset: 4, Limit: 4}, []int{1, 0}, 6},
		{"OffsetOldest", burg.PostFilter{Offset: 4, Limit: 4, Oldest: true}, []int{4, 5}, 6},
		{"OffsetByTag", burg.PostFilter{TagID: f.Energy.ID, Offset: 1, Limit: 2}, []int{3, 2}, 4},
		{"OffsetByTagOldest", burg.PostFilter{TagID: f.Energy.ID, Offset: 3, Limit: 2, Oldest: true}, []int{5}, 4},
		{"OffsetAtEnd", burg.PostFilter{Offset: 6}, nil, 6},
		{"OffsetPastEnd", burg.PostFilter{Offset: 100, Limit: 10}, nil, 6},
		{"OffsetWithoutLimit", burg.PostFilter{Offset: 3}, []int{2, 1, 0}, 6},
		{"DefaultLimit", burg.PostFilter{Limit: 0}, []int{5, 4, 3, 2, 1, 0}, 6},
		// Without a count, the total is what came back.
		{"NoTotal", burg.PostFilter{Limit: 2, NoTotal: true}, []int{5, 4}, 2},
		{"NoTotalByTag", burg.PostFilter{TagID: f.Energy.ID, Offset: 1, Limit: 2, NoTotal: true}, []int{3, 2}, 2},
		{"NoTotalPastEnd", burg.PostFilter{Offset: 100, Limit: 10, NoTotal: true}, nil, 0},
		{"NoTotalNoMatch", burg.PostFilter{SectionID: f.Essays.ID, TagID: f.Energy.ID, NoTotal: true}, nil, 0},
		{"NoTotalCursor", burg.PostFilter{Before: burg.CursorOf(f.Posts[3]), Limit: 2, NoTotal: true}, []int{2, 1}, 2},
	} {
		read(t, c.name, func(t *testing.T) {
			posts, total, err := s.FindPosts(t.Context(), c.filter)
			must(t, err)
			want := f.titles(c.want...)
			if got := titles(posts); !slices.Equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
			wantTotal := c.wantTotal
			if wantTotal < 0 {
				wantTotal = len(c.want)
			}
			if total != wantTotal {
				t.Errorf("total: got %d, want %d", total, wantTotal)
			}
		})
	}
	test(t, "ExcludesDeleted", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		f.deletePost(t, s, 3)
		for _, c := range []struct {
			filter burg.PostFilter
			want   []int
		}{
			{burg.PostFilter{}, []int{5, 4, 2, 1, 0}},
			{burg.PostFilter{Oldest: true, Offset: 2, Limit: 2}, []int{2, 4}},
			{burg.PostFilter{TagID: f.Energy.ID}, []int{5, 2, 1}},
			{burg.PostFilter{TagID: f.Chechnya.ID}, []int{0}},
			{burg.PostFilter{SectionID: f.Caucasus.ID}, []int{1, 0}},
			{burg.PostFilter{PageID: f.News.ID}, []int{5, 2, 1, 0}},
			{burg.PostFilter{PosterID: f.Badger.ID}, []int{2, 0}},
			{burg.PostFilter{From: f.Day(2), Until: f.Day(3)}, []int{2}},
		} {
			posts, total, err := s.FindPosts(t.Context(), c.filter)
			must(t, err)
			if got, want := titles(posts), f.titles(c.want...); !slices.Equal(got, want) {
				t.Errorf("%+v: got %q, want %q", c.filter, got, want)
			}
			wantTotal := len(c.want)
			if c.filter.Limit > 0 {
				wantTotal = 5
			}
			if total != wantTotal {
				t.Errorf("%+v: total got %d, want %d", c.filter, total, wantTotal)
			}
		}
	})
	read(t, "Filled", func(t *testing.T) {
		// Posts in a list carry what FindPost gives: section, page, poster
		// and tags in order, and every stored field.
		posts, _, err := s.FindPosts(t.Context(), burg.PostFilter{Oldest: true})
		must(t, err)
		if len(posts) != len(f.Posts) {
			t.Fatalf("got %d posts, want %d", len(posts), len(f.Posts))
		}
		for i, p := range posts {
			checkPost(t, p, f.Posts[i])
		}
	})
	read(t, "FilledByTag", func(t *testing.T) {
		// Filtering by a tag still gives every tag of each post.
		posts, _, err := s.FindPosts(t.Context(), burg.PostFilter{TagID: f.Chechnya.ID})
		must(t, err)
		if len(posts) != 2 {
			t.Fatalf("got %q, want 2 posts", titles(posts))
		}
		checkPost(t, posts[0], f.Posts[3])
		checkPost(t, posts[1], f.Posts[0])
	})
	read(t, "Pages", func(t *testing.T) {
		// Walking the pages gives every post once, in order.
		var got []string
		for offset := 0; ; offset += 4 {
			posts, total, err := s.FindPosts(t.Context(), burg.PostFilter{Offset: offset, Limit: 4})
			must(t, err)
			if total != 6 {
				t.Errorf("offset %d: total got %d, want 6", offset, total)
			}
			if len(posts) == 0 {
				break
			}
			got = append(got, titles(posts)...)
			if offset > 100 {
				t.Fatal("paging does not end")
			}
		}
		if want := f.titles(5, 4, 3, 2, 1, 0); !slices.Equal(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}

func testFindRelated(t *testing.T, open opener) {
	s := open(t)
	f := NewFixture(t, s)
	for _, c := range []struct {
		name   string
		post   int
		perTag int
		want   []string // "tag: post index"
	}{
		// Post 1 is under georgia and energy, in that order; it is never
		// related to itself.
		{"OK", 1, 5, []string{"georgia: 2", "energy: 5", "energy: 3", "energy: 2"}},
		{"TagOrder", 2, 5, []string{"energy: 5", "energy: 3", "energy: 1", "georgia: 1"}},
		{"PerTag", 1, 1, []string{"georgia: 2", "energy: 5"}},
		{"PerTagTwo", 5, 2, []string{"energy: 3", "energy: 2"}},
		{"OldPost", 0, 5, []string{"chechnya: 3"}},
		{"NoTags", 4, 5, nil},
	} {
		read(t, c.name, func(t *testing.T) {
			related, err := s.FindRelated(t.Context(), f.Posts[c.post].ID, c.perTag)
			must(t, err)
			var got []string
			for _, r := range related {
				if r.Tag == nil || r.Post == nil {
					t.Fatalf("incomplete related line %+v", r)
				}
				got = append(got, fmt.Sprintf("%s: %d", r.Tag.Slug, f.index(r.Post.ID)))
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
	test(t, "ExcludesDeleted", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		f.deletePost(t, s, 3)
		related, err := s.FindRelated(t.Context(), f.Posts[1].ID, 5)
		must(t, err)
		var got []string
		for _, r := range related {
			got = append(got, fmt.Sprintf("%s: %d", r.Tag.Slug, f.index(r.Post.ID)))
		}
		if want := []string{"georgia: 2", "energy: 5", "energy: 2"}; !slices.Equal(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	read(t, "Filled", func(t *testing.T) {
		related, err := s.FindRelated(t.Context(), f.Posts[3].ID, 5)
		must(t, err)
		if len(related) == 0 {
			t.Fatal("nothing related")
		}
		r := related[0]
		checkTag(t, r.Tag, f.Chechnya)
		want := f.Posts[0]
		if r.Post.ID != want.ID || r.Post.Title != want.Title || r.Post.Slug != want.Slug {
			t.Errorf("post: got %d %q %q, want %d %q %q", r.Post.ID, r.Post.Title, r.Post.Slug, want.ID, want.Title, want.Slug)
		}
		checkTime(t, "posted at", r.Post.PostedAt, want.PostedAt)
	})
}

// index returns the index in f.Posts of the post with the given ID, or -1.
func (f *Fixture) index(id int64) int {
	for i, p := range f.Posts {
		if p.ID == id {
			return i
		}
	}
	return -1
}

func testAddViews(t *testing.T, open opener) {
	views := func(t *testing.T, s burg.Store, f *Fixture) []int64 {
		t.Helper()
		v := make([]int64, len(f.Posts))
		for i, p := range f.Posts {
			got, err := s.FindPost(t.Context(), p.ID)
			must(t, err)
			v[i] = got.Views
		}
		return v
	}
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.AddViews(t.Context(), map[int64]int64{f.Posts[0].ID: 3, f.Posts[2].ID: 1}))
		if got, want := views(t, s, f), []int64{3, 0, 1, 0, 0, 0}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
		posts, _, err := s.FindPosts(t.Context(), burg.PostFilter{Oldest: true, Limit: 1})
		must(t, err)
		if len(posts) != 1 {
			t.Fatalf("FindPosts: got %d posts, want 1", len(posts))
		}
		if posts[0].Views != 3 {
			t.Errorf("FindPosts: got %d views, want 3", posts[0].Views)
		}
	})
	test(t, "AddsUp", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.AddViews(t.Context(), map[int64]int64{f.Posts[0].ID: 3}))
		must(t, s.AddViews(t.Context(), map[int64]int64{f.Posts[0].ID: 4, f.Posts[1].ID: 1}))
		if got, want := views(t, s, f), []int64{7, 1, 0, 0, 0, 0}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	test(t, "Large", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		const big = 1 << 40 // more than 32 bits hold
		must(t, s.AddViews(t.Context(), map[int64]int64{f.Posts[5].ID: big}))
		must(t, s.AddViews(t.Context(), map[int64]int64{f.Posts[5].ID: big}))
		if got, want := views(t, s, f), []int64{0, 0, 0, 0, 0, 2 * big}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	test(t, "UnknownIDs", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.AddViews(t.Context(), map[int64]int64{999999: 5, f.Posts[4].ID: 2, 0: 1}))
		if got, want := views(t, s, f), []int64{0, 0, 0, 0, 2, 0}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
		checkUnchanged(t, s, f)
	})
	test(t, "Empty", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.AddViews(t.Context(), nil))
		must(t, s.AddViews(t.Context(), map[int64]int64{}))
		if got, want := views(t, s, f), []int64{0, 0, 0, 0, 0, 0}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
}

func testCountPostsByDay(t *testing.T, open opener) {
	check := func(t *testing.T, got []burg.DayCount, want []burg.DayCount) {
		t.Helper()
		format := func(days []burg.DayCount) []string {
			var s []string
			for _, d := range days {
				s = append(s, fmt.Sprintf("%s %d", d.Day.Format(time.RFC3339), d.Posts))
			}
			return s
		}
		if g, w := format(got), format(want); !slices.Equal(g, w) {
			t.Fatalf("got %q, want %q", g, w)
		}
		for i := range want {
			if !got[i].Day.Equal(want[i].Day) {
				t.Errorf("day %d: got %v, want %v", i, got[i].Day, want[i].Day)
			}
		}
	}
	test(t, "Location", open, func(t *testing.T, s burg.Store) {
		// In UTC-5 a day starts at 05:00 UTC: posts on either side of that
		// fall on different days, and the days are midnights in UTC-5.
		st := newSite(t, s)
		loc := time.FixedZone("X", -5*3600)
		utcAt := func(day, h, m, sec, micro int) time.Time {
			return time.Date(2024, time.February, day, h, m, sec, micro*1000, time.UTC)
		}
		for i, at := range []time.Time{
			utcAt(9, 4, 59, 59, 999999), // before from: 8 Feb, 23:59:59.999999 in X
			utcAt(9, 5, 0, 0, 0),        // from: 9 Feb, 00:00 in X
			utcAt(10, 4, 59, 59, 999999),
			utcAt(10, 5, 0, 0, 0), // 10 Feb
			utcAt(10, 5, 0, 0, 1),
			utcAt(11, 2, 0, 0, 0), // 10 Feb, 21:00 in X
			utcAt(12, 4, 59, 59, 999999),
			utcAt(12, 5, 0, 0, 0), // until: 12 Feb, 00:00 in X
		} {
			must(t, s.CreatePost(t.Context(), st.post(fmt.Sprintf("Post %d", i), at)))
		}
		from := time.Date(2024, time.February, 9, 0, 0, 0, 0, loc)
		until := time.Date(2024, time.February, 12, 0, 0, 0, 0, loc)
		got, err := s.CountPostsByDay(t.Context(), from, until, loc)
		must(t, err)
		check(t, got, []burg.DayCount{
			{Day: time.Date(2024, time.February, 9, 0, 0, 0, 0, loc), Posts: 2},
			{Day: time.Date(2024, time.February, 10, 0, 0, 0, 0, loc), Posts: 3},
			{Day: time.Date(2024, time.February, 11, 0, 0, 0, 0, loc), Posts: 1},
		})
		for _, d := range got {
			if _, off := d.Day.Zone(); off != -5*3600 || d.Day.Hour() != 0 || d.Day.Minute() != 0 {
				t.Errorf("day %v: want midnight in the asked location", d.Day)
			}
		}

		// The same posts counted in UTC.
		got, err = s.CountPostsByDay(t.Context(), from, until, time.UTC)
		must(t, err)
		check(t, got, []burg.DayCount{
			{Day: utcAt(9, 0, 0, 0, 0), Posts: 1},
			{Day: utcAt(10, 0, 0, 0, 0), Posts: 3},
			{Day: utcAt(11, 0, 0, 0, 0), Posts: 1},
			{Day: utcAt(12, 0, 0, 0, 0), Posts: 1},
		})
	})
	test(t, "Fixture", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		got, err := s.CountPostsByDay(t.Context(), f.Day(1), f.Day(4), time.UTC)
		must(t, err)
		check(t, got, []burg.DayCount{{Day: f.Day(1), Posts: 2}, {Day: f.Day(2), Posts: 2}, {Day: f.Day(3), Posts: 2}})

		// From is inclusive, until exclusive; days without posts are left out.
		got, err = s.CountPostsByDay(t.Context(), f.Posts[1].PostedAt, f.Posts[5].PostedAt, time.UTC)
		must(t, err)
		check(t, got, []burg.DayCount{{Day: f.Day(1), Posts: 1}, {Day: f.Day(2), Posts: 2}, {Day: f.Day(3), Posts: 1}})
	})
	test(t, "ExcludesDeleted", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		f.deletePost(t, s, 3)
		f.deletePost(t, s, 4)
		f.deletePost(t, s, 5)
		got, err := s.CountPostsByDay(t.Context(), f.Day(1), f.Day(4), time.UTC)
		must(t, err)
		check(t, got, []burg.DayCount{{Day: f.Day(1), Posts: 2}, {Day: f.Day(2), Posts: 1}})
	})
	test(t, "SkipsEmptyDays", open, func(t *testing.T, s burg.Store) {
		st := newSite(t, s)
		for i, day := range []int{1, 1, 4, 9} {
			at := time.Date(2024, time.July, day, 12, 0, 0, 0, time.UTC)
			must(t, s.CreatePost(t.Context(), st.post(fmt.Sprintf("Post %d", i), at)))
		}
		got, err := s.CountPostsByDay(t.Context(), time.Date(2024, time.July, 1, 0, 0, 0, 0, time.UTC),
			time.Date(2024, time.August, 1, 0, 0, 0, 0, time.UTC), time.UTC)
		must(t, err)
		day := func(d int) time.Time { return time.Date(2024, time.July, d, 0, 0, 0, 0, time.UTC) }
		check(t, got, []burg.DayCount{{Day: day(1), Posts: 2}, {Day: day(4), Posts: 1}, {Day: day(9), Posts: 1}})
	})
	test(t, "Empty", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		got, err := s.CountPostsByDay(t.Context(), f.Day(10), f.Day(20), time.UTC)
		must(t, err)
		check(t, got, nil)
	})
}

func testFindPostsCursor(t *testing.T, open opener) {
	test(t, "Pages", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		ctx := t.Context()
		all, total, err := s.FindPosts(ctx, burg.PostFilter{})
		must(t, err)
		if total != len(f.Posts) {
			t.Fatalf("total %d, want %d", total, len(f.Posts))
		}
		ids := func(ps []*burg.Post) []int64 {
			out := make([]int64, len(ps))
			for i, p := range ps {
				out[i] = p.ID
			}
			return out
		}
		// Walk older two at a time, then back newer: the same pages.
		var pages [][]int64
		var cur *burg.PostCursor
		for {
			ps, n, err := s.FindPosts(ctx, burg.PostFilter{Limit: 2, Before: cur})
			must(t, err)
			if n != total {
				t.Errorf("a page past a cursor counts %d, want the whole listing's %d", n, total)
			}
			if len(ps) == 0 {
				break
			}
			pages = append(pages, ids(ps))
			cur = burg.CursorOf(ps[len(ps)-1])
		}
		var walked []int64
		for _, p := range pages {
			walked = append(walked, p...)
		}
		if !slices.Equal(walked, ids(all)) {
			t.Errorf("walked %v, want %v", walked, ids(all))
		}
		last := pages[len(pages)-1]
		first, err := s.FindPost(ctx, last[0])
		must(t, err)
		back, _, err := s.FindPosts(ctx, burg.PostFilter{Limit: 2, After: burg.CursorOf(first)})
		must(t, err)
		if want := pages[len(pages)-2]; !slices.Equal(ids(back), want) {
			t.Errorf("the page before %v: %v, want %v", last, ids(back), want)
		}
		// Within a section, by tag: the same walk holds.
		ps, _, err := s.FindPosts(ctx, burg.PostFilter{TagID: f.Energy.ID, Limit: 1})
		must(t, err)
		rest, _, err := s.FindPosts(ctx, burg.PostFilter{TagID: f.Energy.ID, Before: burg.CursorOf(ps[0])})
		must(t, err)
		full, _, err := s.FindPosts(ctx, burg.PostFilter{TagID: f.Energy.ID})
		must(t, err)
		if !slices.Equal(append(ids(ps), ids(rest)...), ids(full)) {
			t.Errorf("tag walk %v + %v, want %v", ids(ps), ids(rest), ids(full))
		}
	})
}

// A listing (PostFilter.Listing) reads every post as FindPosts does but
// for the texts it does not show: the plain text and the original are
// empty, and so is the markup source of a post stored rendered, while an
// unrendered post keeps it, for the page to render.
func testFindPostsListing(t *testing.T, open opener) {
	s := open(t)
	f := NewFixture(t, s)
	var seen []int64
	rendered := &burg.Post{SectionID: f.Europe.ID, PosterID: f.Badger.ID, Title: "Rendered for listings", Body: "Rendered [b]body[/b].",
		OriginalBody: "Der Text.", PostedAt: f.Day(6), Render: renderAs(version(t, s), &seen)}
	must(t, s.CreatePost(t.Context(), rendered))
	filter := burg.PostFilter{From: f.Day(0), Until: f.Day(30)}
	full, total, err := s.FindPosts(t.Context(), filter)
	must(t, err)
	filter.Listing = true
	listed, listedTotal, err := s.FindPosts(t.Context(), filter)
	must(t, err)
	if len(listed) != len(full) || listedTotal != total || len(full) < 2 {
		t.Fatalf("a listing found %d of %d posts (%d of %d), want the same", len(listed), listedTotal, len(full), total)
	}
	sawRendered, sawPlain := false, false
	for i, want := range full {
		got := listed[i]
		if got.ID != want.ID {
			t.Fatalf("listing post %d is %d, want %d", i, got.ID, want.ID)
		}
		if got.Text != "" || got.OriginalBody != "" {
			t.Errorf("post %d listed with Text %q OriginalBody %q, want both empty", got.ID, got.Text, got.OriginalBody)
		}
		wantBody := want.Body
		if want.BodyHTML != "" {
			wantBody, sawRendered = "", true
		} else {
			sawPlain = true
		}
		if got.Body != wantBody {
			t.Errorf("post %d listed with Body %q, want %q", got.ID, got.Body, wantBody)
		}
		// Everything else is as FindPosts reads it.
		g, w := *got, *want
		g.Body, g.Text, g.OriginalBody = "", "", ""
		w.Body, w.Text, w.OriginalBody = "", "", ""
		if !reflect.DeepEqual(g, w) {
			t.Errorf("post %d listed as\n%+v\nwant\n%+v", got.ID, g, w)
		}
	}
	if !sawRendered || !sawPlain {
		t.Errorf("the test saw rendered posts %v, unrendered %v: want both", sawRendered, sawPlain)
	}
	if full[0].ID != rendered.ID || full[0].OriginalBody != "Der Text." || full[0].Text == "" {
		t.Errorf("FindPosts without Listing lost the texts: %+v", full[0])
	}
}
