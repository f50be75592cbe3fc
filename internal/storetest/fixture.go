package storetest

import (
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

// Fixture is a small site to test a store with: two pages, three
// sections, three users, four tags (one under no post) and six posts over
// three days of March 2024 (UTC).
//
// Pages, sections, users, tags and posts are each stored in an order other
// than the one the store must list them in, so that an ordering by ID
// shows. Every time has microseconds, so that a store losing them shows.
//
//	#  title                         section   poster  tags               posted (UTC)
//	0  Grozny market reopens         Caucasus  Badger  chechnya           day 1 08:00:00.250001
//	1  Tbilisi protests continue     Caucasus  Otter   georgia, energy    day 1 14:30:00.000007
//	2  Pipeline deal signed in Baku  Europe    Badger  energy, georgia    day 2 09:15:30.5
//	3  Kadyrov speaks                Caucasus  Badger  chechnya, energy   day 2 20:00:00.000010
//	4  On translation                Essays    Otter   (none)             day 3 10:00:00.999999
//	5  Gas prices rise               Europe    Editor  energy             day 3 23:30:00.000001
type Fixture struct {
	// News (position 1) holds Caucasus (1) and Europe (2); Opinion
	// (position 2) holds Essays (1).
	News, Opinion            *burg.Page
	Caucasus, Europe, Essays *burg.Section

	// Badger and Otter are posters, Editor an admin.
	Badger, Editor, Otter *burg.User

	// Unused is under no post.
	Chechnya, Energy, Georgia, Unused *burg.Tag

	// Posts are oldest first, each with its Section (and Page), Poster and
	// Tags as the store must give them back.
	Posts []*burg.Post
}

// fixtureDay1 is the first day of the Fixture's posts.
var fixtureDay1 = time.Date(2024, time.March, 11, 0, 0, 0, 0, time.UTC)

// Day returns midnight UTC of the fixture's day n: day 1 is 11 March 2024;
// day 4, the day after the last post.
func (f *Fixture) Day(n int) time.Time {
	return fixtureDay1.AddDate(0, 0, n-1)
}

// NewFixture stores a Fixture in s, which must be empty.
func NewFixture(t testing.TB, s burg.Store) *Fixture {
	t.Helper()
	ctx := t.Context()
	f := &Fixture{
		News:    &burg.Page{Name: "News", Slug: "news", Position: 1},
		Opinion: &burg.Page{Name: "Opinion", Slug: "opinion", Position: 2},
	}
	for _, p := range []*burg.Page{f.Opinion, f.News} {
		must(t, s.CreatePage(ctx, p))
	}

	f.Caucasus = &burg.Section{PageID: f.News.ID, Name: "Caucasus", Slug: "caucasus", Position: 1, Page: f.News}
	f.Europe = &burg.Section{PageID: f.News.ID, Name: "Europe", Slug: "europe", Position: 2, Page: f.News}
	f.Essays = &burg.Section{PageID: f.Opinion.ID, Name: "Essays", Slug: "essays", Position: 1, Page: f.Opinion}
	for _, sec := range []*burg.Section{f.Europe, f.Essays, f.Caucasus} {
		must(t, s.CreateSection(ctx, sec))
	}

	f.Badger = &burg.User{Nick: "Badger", Role: burg.RolePoster, Colour: "#aa5500", PasswordHash: "hash-badger"}
	f.Editor = &burg.User{Nick: "Editor", Role: burg.RoleAdmin}
	f.Otter = &burg.User{Nick: "Otter", Role: burg.RolePoster}
	for _, u := range []*burg.User{f.Otter, f.Badger, f.Editor} {
		must(t, s.CreateUser(ctx, u))
	}

	f.Chechnya = &burg.Tag{Name: "Chechnya", Slug: "chechnya", Description: "The Chechen Republic."}
	f.Energy = &burg.Tag{Name: "Energy", Slug: "energy"}
	f.Georgia = &burg.Tag{Name: "Georgia", Slug: "georgia", Description: "Sakartvelo."}
	f.Unused = &burg.Tag{Name: "Unused", Slug: "unused"}
	for _, tag := range []*burg.Tag{f.Georgia, f.Unused, f.Energy, f.Chechnya} {
		must(t, s.CreateTag(ctx, tag))
	}

	at := func(day, h, m, sec, micro int) time.Time {
		return f.Day(day).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
			time.Duration(sec)*time.Second + time.Duration(micro)*time.Microsecond)
	}
	closeAt := at(10, 0, 0, 0, 42)
	post := func(title string, sec *burg.Section, u *burg.User, posted time.Time, tags ...*burg.Tag) *burg.Post {
		return &burg.Post{
			SectionID: sec.ID, Section: sec,
			PosterID: u.ID, Poster: u,
			Title: title, Body: "Text of “" + title + "”.",
			PostedAt: posted, UpdatedAt: posted.Add(90 * time.Minute),
			Tags: tags,
		}
	}
	f.Posts = []*burg.Post{
		post("Grozny market reopens", f.Caucasus, f.Badger, at(1, 8, 0, 0, 250001), f.Chechnya),
		post("Tbilisi protests continue", f.Caucasus, f.Otter, at(1, 14, 30, 0, 7), f.Georgia, f.Energy),
		post("Pipeline deal signed in Baku", f.Europe, f.Badger, at(2, 9, 15, 30, 500000), f.Energy, f.Georgia),
		post("Kadyrov speaks", f.Caucasus, f.Badger, at(2, 20, 0, 0, 10), f.Chechnya, f.Energy),
		post("On translation", f.Essays, f.Otter, at(3, 10, 0, 0, 999999)),
		post("Gas prices rise", f.Europe, f.Editor, at(3, 23, 30, 0, 1), f.Energy),
	}
	p := f.Posts[0]
	p.SourceURL = "https://www.kavkaz-uzel.eu/articles/1"
	p.SourceTag = "KavkazUzel"
	p.SourceLang = "ru"
	p.Note = "Direct translation via Apertium. Edited."
	p.OriginalBody = "Рынок в Грозном вновь открылся."
	p.Slug = "grozny-market"
	p.CommentsCloseAt = &closeAt

	for _, i := range []int{3, 0, 5, 1, 4, 2} {
		p := f.Posts[i]
		posted, updated := p.PostedAt, p.UpdatedAt
		must(t, s.CreatePost(ctx, p))
		// The posts are what later tests expect back, so the store may
		// normalise their times but not move them.
		if !p.PostedAt.Equal(posted) || !p.UpdatedAt.Equal(updated) {
			t.Fatalf("CreatePost moved the times of %q: posted %v, updated %v; want %v, %v",
				p.Title, p.PostedAt, p.UpdatedAt, posted, updated)
		}
	}
	return f
}

// titles lists the titles of the fixture's posts with the given indexes.
func (f *Fixture) titles(indexes ...int) []string {
	s := make([]string, len(indexes))
	for i, n := range indexes {
		s[i] = f.Posts[n].Title
	}
	return s
}

// site stores the least a post needs: a page, a section and a poster.
type site struct {
	page    *burg.Page
	section *burg.Section
	poster  *burg.User
}

// newSite stores a site in s.
func newSite(t *testing.T, s burg.Store) *site {
	t.Helper()
	ctx := t.Context()
	st := &site{
		page:   &burg.Page{Name: "News", Slug: "news", Position: 1},
		poster: &burg.User{Nick: "Badger", Role: burg.RolePoster},
	}
	must(t, s.CreatePage(ctx, st.page))
	st.section = &burg.Section{PageID: st.page.ID, Name: "Europe", Slug: "europe", Page: st.page}
	must(t, s.CreateSection(ctx, st.section))
	must(t, s.CreateUser(ctx, st.poster))
	return st
}

// post returns an unstored post in the site's section by its poster.
func (st *site) post(title string, postedAt time.Time) *burg.Post {
	return &burg.Post{
		SectionID: st.section.ID, Section: st.section,
		PosterID: st.poster.ID, Poster: st.poster,
		Title: title, PostedAt: postedAt, UpdatedAt: postedAt,
	}
}

// deletePost deletes the fixture's post i as its admin would.
func (f *Fixture) deletePost(t *testing.T, s burg.Store, i int) {
	t.Helper()
	must(t, s.DeletePost(t.Context(), f.Posts[i].ID, burg.PostChange{UserID: f.Editor.ID, Action: burg.ActionDeleted}))
}
