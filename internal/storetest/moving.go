package storetest

import (
	"slices"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

// runMoving runs the contract of imports, snapshots and whole-site export
// and import.
func runMoving(t *testing.T, open opener) {
	t.Run("StoreImport", func(t *testing.T) { testStoreImport(t, open) })
	t.Run("FindImports", func(t *testing.T) { testFindImports(t, open) })
	t.Run("CreateSnapshot", func(t *testing.T) { testCreateSnapshot(t, open) })
	t.Run("FindSnapshotsToCheck", func(t *testing.T) { testFindSnapshotsToCheck(t, open) })
	t.Run("RecordSourceCheck", func(t *testing.T) { testRecordSourceCheck(t, open) })
	t.Run("FindPostsWithoutSnapshot", func(t *testing.T) { testFindPostsWithoutSnapshot(t, open) })
	t.Run("ExportSite", func(t *testing.T) { testExportSite(t, open) })
	t.Run("ImportSite", func(t *testing.T) { testImportSite(t, open) })
}

// importBatch is a batch making a user, a section, two posts and a thread
// of three comments, the reply before the comment it answers.
func importBatch(f *Fixture) *burg.ImportBatch {
	at := f.Day(4).Add(time.Hour + 123*time.Microsecond)
	u := &burg.User{Nick: "Heron Quill", Role: burg.RolePoster}
	sec := &burg.Section{PageID: f.News.ID, Name: "Imported news", Slug: "imported-news", Position: 9}
	p1 := &burg.Post{Title: "Old post one", Body: "One.", Poster: u, Section: sec, PostedAt: at,
		Tags: []*burg.Tag{f.Energy, {Name: "Herons", Slug: "herons"}}}
	p2 := &burg.Post{Title: "Old post two", Body: "Two.", PosterID: f.Otter.ID, SectionID: f.Europe.ID, PostedAt: at.Add(time.Minute)}
	removed := at.Add(3 * time.Hour)
	return &burg.ImportBatch{
		Source:   "wxr:https://old.example",
		Users:    []burg.ImportedUser{{User: u, ForeignID: "heron"}},
		Sections: []burg.ImportedSection{{Section: sec, ForeignID: "news"}},
		Posts:    []burg.ImportedPost{{Post: p1, ForeignID: "1"}, {Post: p2, ForeignID: "2"}},
		Comments: []burg.ImportedComment{
			{Comment: &burg.Comment{Nick: "Reply", Body: "Yes.", CreatedAt: at.Add(2 * time.Hour)}, ForeignID: "11", PostForeignID: "1", ParentForeignID: "10"},
			{Comment: &burg.Comment{Nick: "First", Body: "Hello.", CreatedAt: at.Add(time.Hour), Email: "first@example.org", IP: "192.0.2.1"}, ForeignID: "10", PostForeignID: "1"},
			{Comment: &burg.Comment{Nick: "Spam", Body: "Buy.", CreatedAt: at.Add(3 * time.Hour), DeletedAt: &removed, DeleteReason: "spam"}, ForeignID: "12", PostForeignID: "1"},
		},
	}
}

func testStoreImport(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		ctx := t.Context()
		f := NewFixture(t, s)
		b := importBatch(f)
		must(t, s.StoreImport(ctx, b))
		u, p1, p2 := b.Users[0].User, b.Posts[0].Post, b.Posts[1].Post
		if u.ID == 0 || b.Sections[0].Section.ID == 0 || p1.ID == 0 || p2.ID == 0 {
			t.Fatalf("IDs not set: %+v %+v %+v", u, p1, p2)
		}
		got, err := s.FindPost(ctx, p1.ID)
		must(t, err)
		if got.PosterID != u.ID || got.SectionID != b.Sections[0].Section.ID || len(got.Tags) != 2 || got.Tags[1].Slug != "herons" {
			t.Errorf("post %+v tags %v", got, got.Tags)
		}
		// Comments are numbered, and the latest is taken, in the order
		// of the batch.
		if got.CommentCount != 2 || got.LastCommentNick != "First" {
			t.Errorf("counters %d %q", got.CommentCount, got.LastCommentNick)
		}
		cs, err := s.FindComments(ctx, p1.ID)
		must(t, err)
		if len(cs) != 3 {
			t.Fatalf("%d comments", len(cs))
		}
		byNick := map[string]*burg.Comment{}
		for _, c := range cs {
			byNick[c.Nick] = c
		}
		first, reply := byNick["First"], byNick["Reply"]
		if reply.ParentID != first.ID || first.ParentID != 0 || reply.Num != 1 || first.Num != 2 {
			t.Errorf("thread: first %+v reply %+v", first, reply)
		}
		if b.Comments[0].Comment.ParentID != first.ID || b.Comments[0].Comment.PostID != p1.ID {
			t.Errorf("the caller's reply: %+v", b.Comments[0].Comment)
		}
		if first.Email != "first@example.org" || first.IP != "192.0.2.1" || byNick["Spam"].DeletedAt == nil {
			t.Errorf("fields: %+v %+v", first, byNick["Spam"])
		}
		refs, err := s.FindImports(ctx, b.Source, burg.ImportComment, []string{"10", "11", "12", "13"})
		must(t, err)
		if len(refs) != 3 || refs["10"] != first.ID {
			t.Errorf("refs %v", refs)
		}
	})
	test(t, "LaterBatchFindsEarlier", open, func(t *testing.T, s burg.Store) {
		ctx := t.Context()
		f := NewFixture(t, s)
		b := importBatch(f)
		must(t, s.StoreImport(ctx, b))
		later := &burg.ImportBatch{Source: b.Source, Comments: []burg.ImportedComment{
			{Comment: &burg.Comment{Nick: "Late", Body: "Late.", CreatedAt: f.Day(6)}, ForeignID: "20", PostForeignID: "1", ParentForeignID: "11"},
		}}
		must(t, s.StoreImport(ctx, later))
		c := later.Comments[0].Comment
		if c.PostID != b.Posts[0].Post.ID || c.ParentID != b.Comments[0].Comment.ID || c.Num != 4 {
			t.Errorf("late comment %+v", c)
		}
	})
	test(t, "ErrAgain", open, func(t *testing.T, s burg.Store) {
		ctx := t.Context()
		f := NewFixture(t, s)
		must(t, s.StoreImport(ctx, importBatch(f)))
		again := &burg.ImportBatch{Source: "wxr:https://old.example", Posts: []burg.ImportedPost{
			{Post: &burg.Post{Title: "Dup", PosterID: f.Otter.ID, SectionID: f.Europe.ID, PostedAt: f.Day(5)}, ForeignID: "1"}}}
		wantCode(t, s.StoreImport(ctx, again), burg.ECONFLICT)
		if again.Posts[0].Post.ID != 0 {
			t.Errorf("a failed batch set an ID")
		}
		_, n, err := s.FindPosts(ctx, burg.PostFilter{Words: "Dup"})
		must(t, err)
		if n != 0 {
			t.Errorf("a failed batch stored its post")
		}
	})
	test(t, "ErrInvalidCommentRollsBack", open, func(t *testing.T, s burg.Store) {
		ctx := t.Context()
		f := NewFixture(t, s)
		b := importBatch(f)
		b.Comments = append(b.Comments, burg.ImportedComment{Comment: &burg.Comment{Nick: "Lost", Body: "x", CreatedAt: f.Day(5)},
			ForeignID: "99", PostForeignID: "no such post"})
		wantCode(t, s.StoreImport(ctx, b), burg.EINVALID)
		if _, err := s.FindUserByNick(ctx, "Heron Quill"); burg.ErrorCode(err) != burg.ENOTFOUND {
			t.Errorf("the user of a failed batch: %v", err)
		}
	})
	test(t, "ErrNoSource", open, func(t *testing.T, s burg.Store) {
		wantCode(t, s.StoreImport(t.Context(), &burg.ImportBatch{}), burg.EINVALID)
	})
}

func testFindImports(t *testing.T, open opener) {
	test(t, "BySourceAndKind", open, func(t *testing.T, s burg.Store) {
		ctx := t.Context()
		f := NewFixture(t, s)
		must(t, s.StoreImport(ctx, importBatch(f)))
		for _, tt := range []struct {
			source, kind string
			ids          []string
			want         int
		}{
			{"wxr:https://old.example", burg.ImportPost, []string{"1", "2", "3"}, 2},
			{"wxr:https://old.example", burg.ImportUser, []string{"heron"}, 1},
			{"wxr:https://old.example", burg.ImportSection, []string{"news"}, 1},
			{"wxr:https://other.example", burg.ImportPost, []string{"1"}, 0},
			{"wxr:https://old.example", burg.ImportComment, []string{"1"}, 0},
			{"wxr:https://old.example", burg.ImportPost, nil, 0},
		} {
			got, err := s.FindImports(ctx, tt.source, tt.kind, tt.ids)
			must(t, err)
			if len(got) != tt.want {
				t.Errorf("%s %s %v: %v", tt.source, tt.kind, tt.ids, got)
			}
		}
	})
	test(t, "ManyIDs", open, func(t *testing.T, s burg.Store) {
		ids := make([]string, 1500)
		for i := range ids {
			ids[i] = "id" + string(rune('a'+i%26))
		}
		got, err := s.FindImports(t.Context(), "x", burg.ImportPost, ids)
		must(t, err)
		if len(got) != 0 {
			t.Errorf("%v", got)
		}
	})
}

func snapshotOf(f *Fixture, i int) *burg.Snapshot {
	return &burg.Snapshot{PostID: f.Posts[i].ID, URL: "https://news.example/" + f.Posts[i].Slug,
		FetchedAt: f.Day(4).Add(time.Duration(i)*time.Minute + 7*time.Microsecond), Status: 200, ContentType: "text/html",
		Title: f.Posts[i].Title, Text: "Text of " + f.Posts[i].Title, Raw: []byte{0x1f, 0x8b, byte(i), 0, 255}, RawSize: 100 + i}
}

func testCreateSnapshot(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		ctx := t.Context()
		f := NewFixture(t, s)
		sn := snapshotOf(f, 0)
		must(t, s.CreateSnapshot(ctx, sn))
		if sn.ID == 0 {
			t.Fatal("no ID")
		}
		got, err := s.FindSnapshot(ctx, f.Posts[0].ID, true)
		must(t, err)
		if got.URL != sn.URL || !got.FetchedAt.Equal(sn.FetchedAt) || string(got.Raw) != string(sn.Raw) || got.RawSize != 100 ||
			got.Text != sn.Text || got.CheckedAt != nil || got.DeadAt != nil {
			t.Errorf("got %+v", got)
		}
		summary, err := s.FindSnapshot(ctx, f.Posts[0].ID, false)
		must(t, err)
		if summary.Raw != nil || summary.Text != sn.Text {
			t.Errorf("summary %+v", summary)
		}
		again := snapshotOf(f, 0)
		again.Text = "Newer"
		must(t, s.CreateSnapshot(ctx, again))
		got, err = s.FindSnapshot(ctx, f.Posts[0].ID, false)
		must(t, err)
		if got.Text != "Newer" || got.ID != again.ID {
			t.Errorf("the second snapshot did not replace the first: %+v", got)
		}
	})
	test(t, "ErrNoPost", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		sn := snapshotOf(f, 0)
		sn.PostID = 99999
		wantCode(t, s.CreateSnapshot(t.Context(), sn), burg.ENOTFOUND)
	})
	test(t, "ErrInvalid", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		sn := snapshotOf(f, 0)
		sn.URL = ""
		wantCode(t, s.CreateSnapshot(t.Context(), sn), burg.EINVALID)
	})
	test(t, "NotFound", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		_, err := s.FindSnapshot(t.Context(), f.Posts[1].ID, false)
		wantCode(t, err, burg.ENOTFOUND)
	})
}

func testFindSnapshotsToCheck(t *testing.T, open opener) {
	test(t, "NeverCheckedFirst", open, func(t *testing.T, s burg.Store) {
		ctx := t.Context()
		f := NewFixture(t, s)
		for i := range 3 {
			must(t, s.CreateSnapshot(ctx, snapshotOf(f, i)))
		}
		_, err := s.RecordSourceCheck(ctx, burg.SourceCheck{PostID: f.Posts[0].ID, At: f.Day(5), OK: true, Status: "ok"})
		must(t, err)
		got, err := s.FindSnapshotsToCheck(ctx, f.Day(6), 10)
		must(t, err)
		var ids []int64
		for _, sn := range got {
			ids = append(ids, sn.PostID)
		}
		if want := []int64{f.Posts[1].ID, f.Posts[2].ID, f.Posts[0].ID}; !slices.Equal(ids, want) {
			t.Errorf("got %v, want %v", ids, want)
		}
		got, err = s.FindSnapshotsToCheck(ctx, f.Day(5), 10)
		must(t, err)
		if len(got) != 2 {
			t.Errorf("checked since before: %d", len(got))
		}
		got, err = s.FindSnapshotsToCheck(ctx, f.Day(6), 1)
		must(t, err)
		if len(got) != 1 {
			t.Errorf("limit: %d", len(got))
		}
	})
}

func testRecordSourceCheck(t *testing.T, open opener) {
	test(t, "DeadAfterFailures", open, func(t *testing.T, s burg.Store) {
		ctx := t.Context()
		f := NewFixture(t, s)
		must(t, s.CreateSnapshot(ctx, snapshotOf(f, 0)))
		id := f.Posts[0].ID
		var sn *burg.Snapshot
		var err error
		for i := range burg.SnapshotDeadAfter {
			sn, err = s.RecordSourceCheck(ctx, burg.SourceCheck{PostID: id, At: f.Day(5).Add(time.Duration(i) * time.Hour), Status: "HTTP 503"})
			must(t, err)
			if dead := sn.DeadAt != nil; dead != (i == burg.SnapshotDeadAfter-1) {
				t.Errorf("after %d failures dead is %v", i+1, dead)
			}
		}
		if sn.Failures != burg.SnapshotDeadAfter || sn.CheckStatus != "HTTP 503" || sn.CheckedAt == nil {
			t.Errorf("%+v", sn)
		}
		sn, err = s.RecordSourceCheck(ctx, burg.SourceCheck{PostID: id, At: f.Day(6), OK: true, Status: "ok"})
		must(t, err)
		if sn.DeadAt != nil || sn.Failures != 0 {
			t.Errorf("a source answering again: %+v", sn)
		}
	})
	test(t, "GoneAtOnce", open, func(t *testing.T, s burg.Store) {
		ctx := t.Context()
		f := NewFixture(t, s)
		must(t, s.CreateSnapshot(ctx, snapshotOf(f, 0)))
		sn, err := s.RecordSourceCheck(ctx, burg.SourceCheck{PostID: f.Posts[0].ID, At: f.Day(5), Status: "HTTP 404", Gone: true})
		must(t, err)
		if sn.DeadAt == nil || !sn.DeadAt.Equal(f.Day(5)) {
			t.Errorf("%+v", sn)
		}
		sn, err = s.RecordSourceCheck(ctx, burg.SourceCheck{PostID: f.Posts[0].ID, At: f.Day(6), Status: "HTTP 404", Gone: true})
		must(t, err)
		if !sn.DeadAt.Equal(f.Day(5)) {
			t.Errorf("the first time dead is kept: %v", sn.DeadAt)
		}
	})
	test(t, "ErrNoSnapshot", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		_, err := s.RecordSourceCheck(t.Context(), burg.SourceCheck{PostID: f.Posts[0].ID, OK: true})
		wantCode(t, err, burg.ENOTFOUND)
	})
}

func testFindPostsWithoutSnapshot(t *testing.T, open opener) {
	test(t, "OldestFirst", open, func(t *testing.T, s burg.Store) {
		ctx := t.Context()
		f := NewFixture(t, s)
		for _, i := range []int{1, 3} {
			p := *f.Posts[i]
			p.SourceURL = "https://news.example/" + p.Slug
			must(t, s.UpdatePost(ctx, &p, burg.PostChange{UserID: f.Editor.ID, Action: burg.ActionEdited}))
		}
		withSource := func(skip int64) []int64 {
			posts, _, err := s.FindPosts(ctx, burg.PostFilter{Oldest: true})
			must(t, err)
			var ids []int64
			for _, p := range posts {
				if p.SourceURL != "" && p.ID != skip {
					ids = append(ids, p.ID)
				}
			}
			return ids
		}
		got, err := s.FindPostsWithoutSnapshot(ctx, 10)
		must(t, err)
		if want := withSource(0); !slices.Equal(got, want) || len(want) < 2 {
			t.Errorf("got %v, want %v", got, want)
		}
		must(t, s.CreateSnapshot(ctx, snapshotOf(f, 1)))
		got, err = s.FindPostsWithoutSnapshot(ctx, 10)
		must(t, err)
		if want := withSource(f.Posts[1].ID); !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
		got, err = s.FindPostsWithoutSnapshot(ctx, 1)
		must(t, err)
		if len(got) != 1 {
			t.Errorf("limit: %v", got)
		}
	})
}

// exportAll collects a store's export.
func exportAll(t *testing.T, s burg.Store, secrets bool) []*burg.SiteRecord {
	t.Helper()
	var out []*burg.SiteRecord
	must(t, s.ExportSite(t.Context(), burg.ExportOptions{Secrets: secrets}, func(r *burg.SiteRecord) error {
		out = append(out, r)
		return nil
	}))
	return out
}

func testExportSite(t *testing.T, open opener) {
	test(t, "OrderAndSecrets", open, func(t *testing.T, s burg.Store) {
		ctx := t.Context()
		f := NewFixture(t, s)
		must(t, s.StoreImport(ctx, importBatch(f)))
		must(t, s.CreateSnapshot(ctx, snapshotOf(f, 0)))
		hashed := *f.Otter
		hashed.PasswordHash = "$argon2id$secret"
		must(t, s.UpdateUser(ctx, &hashed, false))
		_, err := s.Setting(ctx, "signing_secret", func() (string, error) { return "very secret", nil })
		must(t, err)
		recs := exportAll(t, s, false)
		order := map[string]int{}
		for i, rt := range s.SiteRecordTypes() {
			order[rt.Type] = i
		}
		last := -1
		counts := map[string]int{}
		for _, r := range recs {
			o, ok := order[r.Type]
			if !ok {
				t.Fatalf("unknown type %q", r.Type)
			}
			if o < last {
				t.Fatalf("%s after a later type", r.Type)
			}
			last = o
			counts[r.Type]++
			if r.Type == "user" && r.Get("password_hash") != nil {
				t.Errorf("a password hash without secrets")
			}
			if r.Type == "setting" && r.Get("key") == "signing_secret" {
				t.Errorf("the signing secret without secrets")
			}
		}
		for typ, want := range map[string]int{"page": 2, "section": 4, "user": 4, "post": 8, "comment": 3, "snapshot": 1, "import": 7} {
			if counts[typ] != want {
				t.Errorf("%d %s records, want %d", counts[typ], typ, want)
			}
		}
		withSecrets := exportAll(t, s, true)
		found := false
		for _, r := range withSecrets {
			if r.Type == "user" && r.Get("password_hash") == "$argon2id$secret" {
				found = true
			}
		}
		if !found {
			t.Errorf("no password hash with secrets")
		}
	})
}

func testImportSite(t *testing.T, open opener) {
	test(t, "RoundTrip", open, func(t *testing.T, s burg.Store) {
		ctx := t.Context()
		f := NewFixture(t, s)
		must(t, s.StoreImport(ctx, importBatch(f)))
		must(t, s.CreateSnapshot(ctx, snapshotOf(f, 2)))
		recs := exportAll(t, s, false)
		dst := open(t)
		i := 0
		must(t, dst.ImportSite(ctx, func() (*burg.SiteRecord, error) {
			if i == len(recs) {
				return nil, nil
			}
			i++
			return recs[i-1], nil
		}))
		again := exportAll(t, dst, false)
		if len(again) != len(recs) {
			t.Fatalf("%d records, then %d", len(recs), len(again))
		}
		for i := range recs {
			if !sameRecord(recs[i], again[i]) {
				t.Fatalf("record %d: %+v, then %+v", i, recs[i], again[i])
			}
		}
		// New rows get new IDs past the imported ones.
		p := &burg.Post{Title: "After", PosterID: f.Otter.ID, SectionID: f.Europe.ID, PostedAt: f.Day(7)}
		must(t, dst.CreatePost(ctx, p))
		if p.ID <= f.Posts[len(f.Posts)-1].ID {
			t.Errorf("new post %d collides with imported ones", p.ID)
		}
		got, err := dst.FindSnapshot(ctx, f.Posts[2].ID, true)
		must(t, err)
		if string(got.Raw) != string(snapshotOf(f, 2).Raw) {
			t.Errorf("raw %v", got.Raw)
		}
	})
	test(t, "ErrNotEmpty", open, func(t *testing.T, s burg.Store) {
		NewFixture(t, s)
		wantCode(t, s.ImportSite(t.Context(), func() (*burg.SiteRecord, error) { return nil, nil }), burg.ECONFLICT)
	})
	test(t, "ErrBadRecord", open, func(t *testing.T, s burg.Store) {
		for _, rec := range []*burg.SiteRecord{
			{Type: "nonsense"},
			{Type: "page", Fields: []burg.SiteField{{Name: "id", Value: int64(1)}, {Name: "name", Value: "X"}, {Name: "slug", Value: "x"}}},
			{Type: "page", Fields: []burg.SiteField{{Name: "id", Value: int64(1)}, {Name: "name", Value: "X"}, {Name: "slug", Value: "x"}, {Name: "position", Value: "one"}}},
			{Type: "page", Fields: []burg.SiteField{{Name: "id", Value: int64(1)}, {Name: "name", Value: "X"}, {Name: "slug", Value: "x"}, {Name: "position", Value: int64(1)}, {Name: "extra", Value: "y"}}},
		} {
			done := false
			err := s.ImportSite(t.Context(), func() (*burg.SiteRecord, error) {
				if done {
					return nil, nil
				}
				done = true
				return rec, nil
			})
			wantCode(t, err, burg.EINVALID)
		}
		pages, err := s.FindPages(t.Context())
		must(t, err)
		if len(pages) != 0 {
			t.Errorf("a refused import stored %v", pages)
		}
	})
}

// sameRecord compares two records field by field.
func sameRecord(a, b *burg.SiteRecord) bool {
	if a.Type != b.Type || len(a.Fields) != len(b.Fields) {
		return false
	}
	for i := range a.Fields {
		x, y := a.Fields[i], b.Fields[i]
		if x.Name != y.Name {
			return false
		}
		switch xv := x.Value.(type) {
		case time.Time:
			yv, ok := y.Value.(time.Time)
			if !ok || !xv.Equal(yv) {
				return false
			}
		case []byte:
			yv, ok := y.Value.([]byte)
			if !ok || string(xv) != string(yv) {
				return false
			}
		default:
			if x.Value != y.Value {
				return false
			}
		}
	}
	return true
}
