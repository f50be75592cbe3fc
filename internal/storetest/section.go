package storetest

import (
	"slices"
	"testing"

	burg "github.com/burg-news/burg"
)

func testCreatePage(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		p := &burg.Page{Name: "Operations", Slug: "operations", Position: 3}
		must(t, s.CreatePage(t.Context(), p))
		if p.ID == 0 {
			t.Fatal("ID not set")
		}
		got, err := s.FindPageBySlug(t.Context(), "operations")
		must(t, err)
		checkPage(t, got, p)
	})
	test(t, "IDsDiffer", open, func(t *testing.T, s burg.Store) {
		a := &burg.Page{Name: "A", Slug: "a"}
		b := &burg.Page{Name: "B", Slug: "b"}
		must(t, s.CreatePage(t.Context(), a))
		must(t, s.CreatePage(t.Context(), b))
		if a.ID == b.ID {
			t.Errorf("two pages got ID %d", a.ID)
		}
	})
	for _, c := range []struct {
		name string
		page burg.Page
	}{
		{"ErrNoName", burg.Page{Name: "  ", Slug: "blank"}},
		{"ErrBadSlug", burg.Page{Name: "Opinion", Slug: "Opinion Pieces"}},
		{"ErrNoSlug", burg.Page{Name: "Opinion"}},
	} {
		test(t, c.name, open, func(t *testing.T, s burg.Store) {
			p := c.page
			wantCode(t, s.CreatePage(t.Context(), &p), burg.EINVALID)
			pages, err := s.FindPages(t.Context())
			must(t, err)
			if len(pages) != 0 {
				t.Errorf("an invalid page was stored: %+v", *pages[0])
			}
		})
	}
	test(t, "ErrSlugTaken", open, func(t *testing.T, s burg.Store) {
		must(t, s.CreatePage(t.Context(), &burg.Page{Name: "News", Slug: "news"}))
		wantCode(t, s.CreatePage(t.Context(), &burg.Page{Name: "Other news", Slug: "news"}), burg.ECONFLICT)
		got, err := s.FindPageBySlug(t.Context(), "news")
		must(t, err)
		if got.Name != "News" {
			t.Errorf("name: got %q, want %q", got.Name, "News")
		}
	})
}

func testFindPages(t *testing.T, open opener) {
	test(t, "Order", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		got, err := s.FindPages(t.Context())
		must(t, err)
		want := []*burg.Page{f.News, f.Opinion}
		if len(got) != len(want) {
			t.Fatalf("got %d pages, want %d", len(got), len(want))
		}
		for i := range want {
			checkPage(t, got[i], want[i])
		}
	})
	test(t, "Empty", open, func(t *testing.T, s burg.Store) {
		got, err := s.FindPages(t.Context())
		must(t, err)
		if len(got) != 0 {
			t.Errorf("got %d pages, want none", len(got))
		}
	})
}

func testFindPageBySlug(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		got, err := s.FindPageBySlug(t.Context(), "opinion")
		must(t, err)
		checkPage(t, got, f.Opinion)
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		NewFixture(t, s)
		for _, slug := range []string{"nope", ""} {
			p, err := s.FindPageBySlug(t.Context(), slug)
			wantCode(t, err, burg.ENOTFOUND)
			if p != nil {
				t.Errorf("slug %q: got page %+v with the error", slug, *p)
			}
		}
	})
}

func testCreateSection(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		page := &burg.Page{Name: "News", Slug: "news"}
		must(t, s.CreatePage(t.Context(), page))
		sec := &burg.Section{PageID: page.ID, Name: "Science & Technology", Slug: "science-technology", Position: 4}
		must(t, s.CreateSection(t.Context(), sec))
		if sec.ID == 0 {
			t.Fatal("ID not set")
		}
		got, err := s.FindSectionBySlug(t.Context(), sec.Slug)
		must(t, err)
		sec.Page = page
		checkSection(t, got, sec)
	})
	for _, c := range []struct {
		name   string
		pageID int64 // 0 for the stored page
		sec    burg.Section
	}{
		{"ErrNoName", 0, burg.Section{Slug: "europe"}},
		{"ErrBadSlug", 0, burg.Section{Name: "Europe", Slug: "-europe"}},
		{"ErrNoPage", -1, burg.Section{Name: "Europe", Slug: "europe"}},
		{"ErrUnknownPage", 999999, burg.Section{Name: "Europe", Slug: "europe"}},
	} {
		test(t, c.name, open, func(t *testing.T, s burg.Store) {
			page := &burg.Page{Name: "News", Slug: "news"}
			must(t, s.CreatePage(t.Context(), page))
			sec := c.sec
			switch c.pageID {
			case 0:
				sec.PageID = page.ID
			case -1:
				sec.PageID = 0
			default:
				sec.PageID = c.pageID
			}
			wantCode(t, s.CreateSection(t.Context(), &sec), burg.EINVALID)
			secs, err := s.FindSections(t.Context())
			must(t, err)
			if len(secs) != 0 {
				t.Errorf("an invalid section was stored: %+v", *secs[0])
			}
		})
	}
	test(t, "ErrSlugTaken", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		err := s.CreateSection(t.Context(), &burg.Section{PageID: f.Opinion.ID, Name: "Europe again", Slug: "europe"})
		wantCode(t, err, burg.ECONFLICT)
	})
}

func testUpdateSection(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		sec := *f.Europe
		sec.PageID, sec.Page = f.Opinion.ID, f.Opinion
		sec.Name, sec.Slug, sec.Position = "Wider Europe", "wider-europe", 7
		must(t, s.UpdateSection(t.Context(), &sec))

		got, err := s.FindSectionBySlug(t.Context(), "wider-europe")
		must(t, err)
		checkSection(t, got, &sec)
		_, err = s.FindSectionBySlug(t.Context(), "europe")
		wantCode(t, err, burg.ENOTFOUND)

		// The section's posts follow it to its new page.
		posts, _, err := s.FindPosts(t.Context(), burg.PostFilter{PageID: f.Opinion.ID})
		must(t, err)
		if got, want := titles(posts), f.titles(5, 4, 2); !slices.Equal(got, want) {
			t.Errorf("posts of the new page: got %q, want %q", got, want)
		}
	})
	test(t, "KeepSlug", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		sec := *f.Europe
		sec.Name = "Europe & Russia"
		must(t, s.UpdateSection(t.Context(), &sec))
		got, err := s.FindSectionBySlug(t.Context(), "europe")
		must(t, err)
		checkSection(t, got, &sec)
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		sec := &burg.Section{ID: 999999, PageID: f.News.ID, Name: "Ghost", Slug: "ghost"}
		wantCode(t, s.UpdateSection(t.Context(), sec), burg.ENOTFOUND)
	})
	test(t, "ErrSlugTaken", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		sec := *f.Europe
		sec.Slug = "caucasus"
		wantCode(t, s.UpdateSection(t.Context(), &sec), burg.ECONFLICT)
		got, err := s.FindSectionBySlug(t.Context(), "europe")
		must(t, err)
		checkSection(t, got, f.Europe)
	})
	test(t, "ErrInvalid", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		sec := *f.Europe
		sec.Name = ""
		wantCode(t, s.UpdateSection(t.Context(), &sec), burg.EINVALID)
		got, err := s.FindSectionBySlug(t.Context(), "europe")
		must(t, err)
		checkSection(t, got, f.Europe)
	})
	test(t, "ErrUnknownPage", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		sec := *f.Europe
		sec.PageID = 999999
		wantCode(t, s.UpdateSection(t.Context(), &sec), burg.EINVALID)
		got, err := s.FindSectionBySlug(t.Context(), "europe")
		must(t, err)
		checkSection(t, got, f.Europe)
	})
}

func testFindSections(t *testing.T, open opener) {
	test(t, "Order", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		got, err := s.FindSections(t.Context())
		must(t, err)
		want := []*burg.Section{f.Caucasus, f.Europe, f.Essays}
		if len(got) != len(want) {
			t.Fatalf("got %d sections, want %d", len(got), len(want))
		}
		for i := range want {
			checkSection(t, got[i], want[i])
		}
	})
	test(t, "PagePositionFirst", open, func(t *testing.T, s burg.Store) {
		// A section's own position only orders it within its page.
		f := NewFixture(t, s)
		late := &burg.Section{PageID: f.Opinion.ID, Name: "Letters", Slug: "letters", Position: -5, Page: f.Opinion}
		must(t, s.CreateSection(t.Context(), late))
		got, err := s.FindSections(t.Context())
		must(t, err)
		var slugs []string
		for _, sec := range got {
			slugs = append(slugs, sec.Slug)
		}
		if want := []string{"caucasus", "europe", "letters", "essays"}; !slices.Equal(slugs, want) {
			t.Errorf("got %q, want %q", slugs, want)
		}
	})
	test(t, "Empty", open, func(t *testing.T, s burg.Store) {
		got, err := s.FindSections(t.Context())
		must(t, err)
		if len(got) != 0 {
			t.Errorf("got %d sections, want none", len(got))
		}
	})
}

func testFindSectionBySlug(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		got, err := s.FindSectionBySlug(t.Context(), "essays")
		must(t, err)
		checkSection(t, got, f.Essays)
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		NewFixture(t, s)
		for _, slug := range []string{"asia", "news", ""} {
			sec, err := s.FindSectionBySlug(t.Context(), slug)
			wantCode(t, err, burg.ENOTFOUND)
			if sec != nil {
				t.Errorf("slug %q: got section %+v with the error", slug, *sec)
			}
		}
	})
}
