package sqlstore_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/sqlstore"
	"github.com/burg-news/burg/internal/storetest"
)

// eachDialect runs fn on a new, empty database of each dialect: a SQLite
// file, and a PostgreSQL schema when BURG_TEST_DATABASE_URL is set.
func eachDialect(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("SQLite", func(t *testing.T) {
		t.Parallel()
		fn(t, filepath.Join(t.TempDir(), "burg.db"))
	})
	t.Run("Postgres", func(t *testing.T) {
		t.Parallel()
		admin, baseURL := postgres(t)
		fn(t, freshSchema(t, admin, baseURL))
	})
}

// TestSearchSmallLimits runs the search contract with limits so small
// that the fixture's few thousand posts take the paths of a large
// archive: ranking among the newest matches only and in tiers, walking
// posts by date in chunks (and, on SQLite, giving the walk up as if the
// posts' ids were out of date order), capped counts.
func TestSearchSmallLimits(t *testing.T) {
	small := func(spread int) func(s *sqlstore.Store) burg.Store {
		return func(s *sqlstore.Store) burg.Store {
			sqlstore.SetSearchLimits(s, 40, 60, 120, spread, 30, 3)
			return s
		}
	}
	for _, c := range []struct {
		name   string
		spread int
	}{{"SQLite", 4096}, {"SQLiteOutOfOrder", -1 << 40}} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			storetest.RunSearch(t, func(t *testing.T) burg.Store {
				return small(c.spread)(openStore(t, filepath.Join(t.TempDir(), "burg.db")))
			})
		})
	}
	t.Run("Postgres", func(t *testing.T) {
		t.Parallel()
		admin, baseURL := postgres(t)
		storetest.RunSearch(t, func(t *testing.T) burg.Store {
			return small(4096)(openStore(t, freshSchema(t, admin, baseURL)))
		})
	})
}

// searchPlaces makes a page with one section and a poster, where the
// search tests file their posts.
func searchPlaces(t *testing.T, s burg.Store) (*burg.Section, *burg.User) {
	t.Helper()
	ctx := t.Context()
	page := &burg.Page{Name: "News", Slug: "news"}
	must(t, s.CreatePage(ctx, page))
	sec := &burg.Section{PageID: page.ID, Name: "Europe", Slug: "europe"}
	must(t, s.CreateSection(ctx, sec))
	u := &burg.User{Nick: "Badger", Role: burg.RolePoster}
	must(t, s.CreateUser(ctx, u))
	return sec, u
}

// searchTitles returns the titles SearchPosts finds for text, with
// comments.
func searchTitles(t *testing.T, s burg.Store, text string) []string {
	t.Helper()
	q := burg.ParseSearch(text)
	q.IncludeComments = true
	res, err := s.SearchPosts(t.Context(), q)
	if err != nil {
		t.Fatalf("search %q: %v", text, err)
	}
	var titles []string
	for _, h := range res.Hits {
		titles = append(titles, h.Post.Title)
	}
	return titles
}

func wantFound(t *testing.T, s burg.Store, text string, want ...string) {
	t.Helper()
	if got := searchTitles(t, s, text); !slices.Equal(got, want) {
		t.Errorf("%q: got %q, want %q", text, got, want)
	}
}

// TestSearchTagChanges changes tags the way no store method does yet
// (renaming a tag, attaching and detaching one directly): the index
// follows, triggers keeping each post's list of tags.
func TestSearchTagChanges(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := t.Context()
		s := openStore(t, dsn)
		sec, u := searchPlaces(t, s)
		harbour, quay := &burg.Tag{Name: "Harbour", Slug: "harbour"}, &burg.Tag{Name: "Quayside", Slug: "quayside"}
		must(t, s.CreateTag(ctx, harbour))
		must(t, s.CreateTag(ctx, quay))
		at := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
		p := &burg.Post{SectionID: sec.ID, PosterID: u.ID, Title: "Ferries resume", Text: "Boats again.",
			PostedAt: at, UpdatedAt: at, Tags: []*burg.Tag{harbour}}
		must(t, s.CreatePost(ctx, p))
		wantFound(t, s, "harbour", "Ferries resume")

		must(t, sqlstore.Exec(ctx, s, `UPDATE tags SET name = ? WHERE id = ?`, "Lighthouse", harbour.ID))
		wantFound(t, s, "harbour")
		wantFound(t, s, "lighthouse boats", "Ferries resume")
		wantFound(t, s, "tag:harbour boats", "Ferries resume")

		must(t, sqlstore.Exec(ctx, s, `INSERT INTO post_tags (post_id, tag_id, position, posted_at) VALUES (?, ?, 1, ?)`,
			p.ID, quay.ID, at))
		wantFound(t, s, "quayside lighthouse", "Ferries resume")
		wantFound(t, s, "tag:quayside tag:harbour boats", "Ferries resume")

		must(t, sqlstore.Exec(ctx, s, `DELETE FROM post_tags WHERE post_id = ? AND tag_id = ?`, p.ID, harbour.ID))
		wantFound(t, s, "lighthouse")
		wantFound(t, s, "tag:harbour boats")
		wantFound(t, s, "tag:quayside boats", "Ferries resume")
		got, err := s.FindPost(ctx, p.ID)
		must(t, err)
		if len(got.Tags) != 1 || got.Tags[0].ID != quay.ID {
			t.Errorf("tags: got %+v", got.Tags)
		}
	})
}

// TestSearchMigration fills a database at the migration before search
// with raw rows, as an older Burg left it, and migrates it: what was
// there is found.
func TestSearchMigration(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := t.Context()
		s, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Now: clock, NoMigrate: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		must(t, sqlstore.MigrateTo(ctx, s, 6))
		at := time.Date(2020, 5, 6, 7, 8, 9, 0, time.UTC)
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO pages (id, name, slug) VALUES (1, 'News', 'news')`, nil},
			{`INSERT INTO sections (id, page_id, name, slug) VALUES (1, 1, 'Europe', 'europe'), (2, 1, 'Asia', 'asia')`, nil},
			{`INSERT INTO users (id, nick, nick_key, role, created_at) VALUES (1, 'Badger', 'badger', 'poster', ?)`, []any{at}},
			{`INSERT INTO tags (id, name, slug) VALUES (1, 'Harbour', 'harbour'), (2, 'Médecins du Monde', 'mdm')`, nil},
			{`INSERT INTO posts (id, section_id, title, slug, body, poster_id, posted_at, updated_at, deleted_at) VALUES
				(1, 1, 'Ferries resume', 'ferries', '[b]Boats[/b] sail again.', 1, ?, ?, NULL),
				(2, 2, 'Clinic opens', 'clinic', 'Doctors arrive.', 1, ?, ?, NULL),
				(3, 1, 'Withdrawn story', 'withdrawn', 'Boats sank.', 1, ?, ?, ?)`, []any{at, at, at, at, at, at, at}},
			{`INSERT INTO post_tags (post_id, tag_id, position, posted_at) VALUES (1, 1, 0, ?), (2, 2, 0, ?), (2, 1, 1, ?)`, []any{at, at, at}},
			{`INSERT INTO comments (id, post_id, num, nick, body, created_at, updated_at, deleted_at) VALUES
				(1, 2, 1, 'Reader', 'The stethoscope was new.', ?, ?, NULL),
				(2, 2, 2, 'Troll', 'A crowbar.', ?, ?, ?)`, []any{at, at, at, at, at}},
		} {
			must(t, sqlstore.Exec(ctx, s, q.sql, q.args...))
		}
		must(t, s.Migrate(ctx))
		wantFound(t, s, "boats", "Ferries resume")
		wantFound(t, s, "medecins harbour", "Clinic opens")
		wantFound(t, s, "tag:harbour section:asia", "Clinic opens")
		wantFound(t, s, "tag:mdm doctors after:2020-05-05 before:2020-05-07", "Clinic opens")
		wantFound(t, s, "stethoscope", "Clinic opens")
		wantFound(t, s, "crowbar")
		wantFound(t, s, "sank")
		p, err := s.FindPost(ctx, 1)
		must(t, err)
		if p.Text != "[b]Boats[/b] sail again." {
			t.Errorf("text of an older post: got %q, want its body", p.Text)
		}
		if err := sqlstore.CheckSearchIndex(ctx, s); err != nil {
			t.Error(err)
		}
	})
}

// TestSearchCopy copies a site with Copy, as burg migrate-data does, onto
// an empty database and over one holding another site: the target finds
// what the source does, and nothing of what it held.
func TestSearchCopy(t *testing.T) {
	ctx := t.Context()
	src := openStore(t, filepath.Join(t.TempDir(), "src.db"))
	fill := func(s burg.Store, title, text, tagName, comment string) {
		t.Helper()
		sec, u := searchPlaces(t, s)
		tag := &burg.Tag{Name: tagName, Slug: "t1"}
		must(t, s.CreateTag(ctx, tag))
		at := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
		p := &burg.Post{SectionID: sec.ID, PosterID: u.ID, Title: title, Text: text, PostedAt: at, UpdatedAt: at, Tags: []*burg.Tag{tag}}
		must(t, s.CreatePost(ctx, p))
		must(t, s.CreateComment(ctx, &burg.Comment{PostID: p.ID, Nick: "Reader", Body: comment}))
	}
	fill(src, "Ferries resume", "Boats sail again.", "Harbour", "A gull watched.")
	check := func(t *testing.T, dst *sqlstore.Store) {
		wantFound(t, dst, "boats tag:t1", "Ferries resume")
		wantFound(t, dst, "harbour", "Ferries resume")
		wantFound(t, dst, "gull", "Ferries resume")
		wantFound(t, dst, "trains")
		wantFound(t, dst, "railway")
		wantFound(t, dst, "conductor")
		if err := sqlstore.CheckSearchIndex(ctx, dst); err != nil {
			t.Error(err)
		}
	}
	eachDialect(t, func(t *testing.T, dsn string) {
		dst := openStore(t, dsn)
		fill(dst, "Trains stop", "Trains stood still.", "Railway", "The conductor left.")
		wantFound(t, dst, "trains", "Trains stop")
		if _, err := sqlstore.Copy(ctx, dst, src, sqlstore.CopyOptions{Force: true, BatchSize: 2}); err != nil {
			t.Fatal(err)
		}
		check(t, dst)
		// And from there onto an empty SQLite file.
		back := openStore(t, filepath.Join(t.TempDir(), "back.db"))
		if _, err := sqlstore.Copy(ctx, back, dst, sqlstore.CopyOptions{}); err != nil {
			t.Fatal(err)
		}
		check(t, back)
	})
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestSearchBulkLoad stores posts and comments before, during and after a
// bulk load, which builds the search index once at its end rather than
// row by row: all of them are found, the index matches the rows, and
// what is stored after the load is indexed as it is written again.
func TestSearchBulkLoad(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := t.Context()
		s := openStore(t, dsn)
		sec, u := searchPlaces(t, s)
		at := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
		post := func(ctx context.Context, title, text, comment string) {
			t.Helper()
			p := &burg.Post{SectionID: sec.ID, PosterID: u.ID, Title: title, Text: text, PostedAt: at, UpdatedAt: at}
			must(t, s.CreatePosts(ctx, []*burg.Post{p}))
			must(t, s.CreateComments(ctx, []*burg.Comment{{PostID: p.ID, Nick: "Reader", Body: comment, CreatedAt: at}}))
		}
		post(ctx, "Ferries resume", "Boats sail again.", "A gull watched.")
		must(t, s.BulkLoad(ctx, func(ctx context.Context) error {
			post(ctx, "Clinic opens", "Doctors arrive.", "The stethoscope was new.")
			post(ctx, "Bridge closes", "Cracks were found.", "A crowbar would not do.")
			return nil
		}))
		post(ctx, "Market returns", "Stalls fill the square.", "The cheese was ripe.")
		wantFound(t, s, "boats", "Ferries resume")
		wantFound(t, s, "doctors", "Clinic opens")
		wantFound(t, s, "crowbar", "Bridge closes")
		wantFound(t, s, "stalls", "Market returns")
		wantFound(t, s, "cheese", "Market returns")
		if err := sqlstore.CheckSearchIndex(ctx, s); err != nil {
			t.Error(err)
		}
	})
}
