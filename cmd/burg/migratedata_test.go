package main

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
	"github.com/burg-news/burg/internal/demo"
	"github.com/burg-news/burg/internal/nick"
	"github.com/burg-news/burg/internal/sqlstore"
	_ "modernc.org/sqlite" // to look inside a SQLite site
)

// siteNow is the "now" of the demo content the migration tests fill.
var siteNow = time.Date(2026, 3, 14, 18, 0, 0, 0, time.UTC)

// fillSite stores a site with something in every table: three days of
// demo content, comments (edited, removed, held, redacted, by a member,
// one sent with a form token), visitors, settings, bans, a login and a
// failed one, post revisions, submissions, sources, views, blocked words
// and the audit log.
func fillSite(t *testing.T, s *sqlstore.Store) {
	t.Helper()
	ctx := t.Context()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	site := demo.Generate(1, siteNow, time.UTC, 3)
	a, err := app.New(ctx, app.Config{}, app.Deps{Store: s})
	must(err)
	must(demo.LoadRendered(ctx, s, site, a.PostRenderer))
	// A dictionary change half done: a post waits to be rendered again.
	must(s.CreateSwap(ctx, &burg.Swap{Term: "reported", Variants: []string{"squawked"}}))
	ch, err := s.ClaimChange(ctx, time.Minute)
	must(err)
	must(s.AdvanceChange(ctx, ch, burg.ChangeWords, 0, []int64{site.Posts[0].ID}))
	posts, editor := site.Posts, site.Users[0]
	editor.PasswordHash = "$argon2id$v=19$m=65536,t=1,p=4$c2FsdA$aGFzaA"
	must(s.UpdateUser(ctx, editor, false))

	var comments []*burg.Comment
	for i := range 60 {
		c := &burg.Comment{PostID: posts[len(posts)-1-i%7].ID, Nick: fmt.Sprintf("Reader %d", i%11),
			Body: fmt.Sprintf("Comment %d with [b]markup[/b] and ünïcödé.", i), VisitorID: fmt.Sprintf("visitor-%d", i%9),
			IP: fmt.Sprintf("192.0.2.%d", i%13)}
		if i%5 == 0 {
			c.Email, c.Website = fmt.Sprintf("r%d@example.org", i), "https://example.org/"+strconv.Itoa(i)
		}
		if i == 7 {
			c.UserID, c.Nick = editor.ID, editor.Nick
		}
		if i == 8 {
			c.State, c.Score, c.Signals = burg.CommentHeld, 4, "4 links (+2); a robot's user agent (+2)"
		}
		if i == 9 {
			c.FormNonce = "nonce-9"
		}
		must(s.CreateComment(ctx, c))
		comments = append(comments, c)
	}
	must(s.UpdateCommentBody(ctx, comments[3].ID, "Edited once."))
	must(s.UpdateCommentBody(ctx, comments[3].ID, "Edited twice."))
	must(s.DeleteComment(ctx, comments[4].ID, "Off topic."))
	_, err = s.ModerateComments(ctx, burg.CommentModeration{IDs: []int64{comments[5].ID}, From: []string{burg.CommentLive},
		To: burg.CommentRedacted, Reason: "Spam.", UserID: editor.ID,
		Audit: &burg.AuditEntry{UserID: editor.ID, Action: burg.AuditCommentRedact, Target: "comment", Reason: "Spam.", Detail: "192.0.2.5"}})
	must(err)
	must(s.AddBlockedWord(ctx, &burg.BlockedWord{Word: "casino", Action: burg.WordHold, Key: "casino", UserID: editor.ID}))
	must(s.TouchVisitors(ctx, map[string]time.Time{"visitor-1": siteNow.Add(2 * time.Hour), "reader-only": siteNow}))
	closeAt := siteNow.Add(48 * time.Hour)
	reopened, err := s.FindPost(ctx, posts[5].ID)
	must(err)
	reopened.CommentsCloseAt = &closeAt
	must(s.UpdatePost(ctx, reopened, burg.PostChange{UserID: editor.ID, Action: burg.ActionReopened}))
	must(s.AddViews(ctx, map[int64]int64{posts[0].ID: 12, posts[1].ID: 1 << 40}))

	if _, err := s.Setting(ctx, "signing_secret", func() (string, error) { return "00ff", nil }); err != nil {
		t.Fatal(err)
	}
	must(s.SetSetting(ctx, burg.SettingSubmissions, burg.SubmitQueue))
	until := time.Now().Add(72 * time.Hour) // bans end by the store's real clock
	must(s.CreateBan(ctx, &burg.Ban{Kind: burg.BanNick, Value: "Troll King", MatchKey: nick.Canonical("Troll King"), Reason: "Trolling.", ExpiresAt: &until, UserID: editor.ID}))
	must(s.CreateBan(ctx, &burg.Ban{Kind: burg.BanNet, Value: "198.51.100.0/24"}))
	sum := sha256.Sum256([]byte("token"))
	must(s.CreateSession(ctx, &burg.Session{TokenHash: hex.EncodeToString(sum[:]), UserID: editor.ID,
		ExpiresAt: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), IP: "192.0.2.1", UserAgent: "Firefox"}))
	must(s.RecordLoginFailure(ctx, "Editor", "192.0.2.9"))

	p, err := s.FindPost(ctx, posts[10].ID)
	must(err)
	p.Title += " (updated)"
	must(s.UpdatePost(ctx, p, burg.PostChange{UserID: editor.ID, Action: burg.ActionEdited}))
	must(s.DeletePost(ctx, posts[11].ID, burg.PostChange{UserID: editor.ID, Action: burg.ActionDeleted}))

	for i, title := range []string{"A link sent in", "Another link", "A third"} {
		sub := &burg.Submission{SourceURL: "https://news.example/" + strconv.Itoa(i), Title: title, Body: "Text.",
			SectionID: site.Sections[0].ID, Tags: "Vellmar", Nick: "Sender", VisitorID: "visitor-2", IP: "192.0.2.2"}
		must(s.CreateSubmission(ctx, sub))
		switch i {
		case 0:
			post := &burg.Post{SectionID: site.Sections[0].ID, PosterID: editor.ID, Title: title, Body: sub.Body,
				SourceURL: sub.SourceURL, PostedAt: siteNow}
			must(s.ApproveSubmission(ctx, sub.ID, post, editor.ID))
		case 1:
			must(s.RejectSubmission(ctx, sub.ID, editor.ID, "Old news."))
		}
	}
	must(s.SetSource(ctx, &burg.Source{Domain: "news.example", Name: "NewsExample"}))

	// A snapshot, whose raw page is bytes that are not text, and an
	// import with a reply.
	must(s.CreateSnapshot(ctx, &burg.Snapshot{PostID: posts[2].ID, URL: "https://news.example/kept", FetchedAt: siteNow,
		Status: 200, ContentType: "text/html; charset=windows-1251", Title: "Kept", Text: "Kept text.",
		Raw: []byte{0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x80}, RawSize: 7, WARCFile: "burg-post1.warc.gz"}))
	b := &burg.ImportBatch{Source: "wxr:https://old.example",
		Posts: []burg.ImportedPost{{Post: &burg.Post{Title: "From the old site", Body: "Old.", PosterID: editor.ID,
			SectionID: site.Sections[0].ID, PostedAt: siteNow.Add(-time.Hour)}, ForeignID: "7"}},
		Comments: []burg.ImportedComment{
			{Comment: &burg.Comment{Nick: "Old reader", Body: "First.", CreatedAt: siteNow}, ForeignID: "70", PostForeignID: "7"},
			{Comment: &burg.Comment{Nick: "Other", Body: "Reply.", CreatedAt: siteNow.Add(time.Minute)}, ForeignID: "71", PostForeignID: "7", ParentForeignID: "70"},
		}}
	must(s.StoreImport(ctx, b))
}

// dump reads every table of a database but schema_migrations as sorted
// lines of normalised values, so that two dialects compare: times in UTC,
// booleans as 1 and 0.
func dump(t *testing.T, db *sql.DB, postgres bool) map[string][]string {
	t.Helper()
	ctx := t.Context()
	q := `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'`
	if postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	tables := queryStrings(t, db, q)
	out := map[string][]string{}
	for _, table := range tables {
		if table == "schema_migrations" {
			continue
		}
		// Columns by name, so that the order of ALTER TABLEs does not
		// matter; generated columns (search vectors) are derived, and
		// pragma_table_info leaves SQLite's out too.
		cq := `SELECT name FROM pragma_table_info('` + table + `')`
		if postgres {
			cq = `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '` + table + `'
				AND is_generated = 'NEVER'`
		}
		cols := queryStrings(t, db, cq)
		slices.Sort(cols)
		rows, err := db.QueryContext(ctx, `SELECT "`+strings.Join(cols, `", "`)+`" FROM "`+table+`"`)
		if err != nil {
			t.Fatalf("dump %s: %v", table, err)
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		lines := []string{}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fields := make([]string, len(cols))
			for i, v := range vals {
				switch x := v.(type) {
				case nil:
					fields[i] = cols[i] + "=NULL"
				case time.Time:
					fields[i] = cols[i] + "=" + x.UTC().Format(time.RFC3339Nano)
				case bool:
					fields[i] = cols[i] + "=0"
					if x {
						fields[i] = cols[i] + "=1"
					}
				case []byte:
					fields[i] = cols[i] + "=" + strconv.Quote(string(x))
				case string:
					fields[i] = cols[i] + "=" + strconv.Quote(x)
				default:
					fields[i] = fmt.Sprintf("%s=%v", cols[i], x)
				}
			}
			lines = append(lines, strings.Join(fields, " "))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		slices.Sort(lines)
		out[table] = lines
	}
	return out
}

func queryStrings(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// openRaw opens a database to look inside it, not through the store.
func openRaw(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	driver, name := "sqlite", "file:"+dsn+"?mode=ro"
	if sqlstore.IsPostgres(dsn) {
		driver, name = "pgx", dsn
	}
	db, err := sql.Open(driver, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// sameData checks that two databases hold the same rows, field by field,
// and that every table holds some.
func sameData(t *testing.T, fromDSN, toDSN string) {
	t.Helper()
	from := dump(t, openRaw(t, fromDSN), sqlstore.IsPostgres(fromDSN))
	to := dump(t, openRaw(t, toDSN), sqlstore.IsPostgres(toDSN))
	var fromTables, toTables []string
	for table := range from {
		fromTables = append(fromTables, table)
	}
	for table := range to {
		toTables = append(toTables, table)
	}
	slices.Sort(fromTables)
	slices.Sort(toTables)
	if !slices.Equal(fromTables, toTables) {
		t.Fatalf("tables differ:\n from %q\n   to %q", fromTables, toTables)
	}
	for _, table := range fromTables {
		f, g := from[table], to[table]
		if len(f) == 0 {
			t.Errorf("table %s is empty in the source: fillSite must put something in every table", table)
		}
		if len(f) != len(g) {
			t.Errorf("table %s: %d rows in the source, %d in the target", table, len(f), len(g))
			continue
		}
		for i := range f {
			if f[i] != g[i] {
				t.Errorf("table %s differs:\n source %s\n target %s", table, f[i], g[i])
				break
			}
		}
	}
}

// migrateData runs burg migrate-data and returns what it printed.
func migrateData(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out strings.Builder
	err := run(t.Context(), append([]string{"migrate-data"}, args...), func(string) string { return "" }, nil, &out, io.Discard)
	return out.String(), err
}

// checkSample compares a few records through the store, as Burg reads
// them.
func checkSample(t *testing.T, fromDSN, toDSN string) {
	t.Helper()
	ctx := t.Context()
	open := func(dsn string) *sqlstore.Store {
		s, err := sqlstore.Open(ctx, dsn, sqlstore.Options{NoMigrate: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	from, to := open(fromDSN), open(toDSN)
	posts, n, err := from.FindPosts(ctx, burg.PostFilter{Limit: 50})
	if err != nil || len(posts) == 0 {
		t.Fatalf("source posts: %d, %v", len(posts), err)
	}
	gotPosts, gotN, err := to.FindPosts(ctx, burg.PostFilter{Limit: 50})
	if err != nil || gotN != n || len(gotPosts) != len(posts) {
		t.Fatalf("target posts: %d of %d (%v), want %d of %d", len(gotPosts), gotN, err, len(posts), n)
	}
	for i, p := range posts {
		g := gotPosts[i]
		if g.ID != p.ID || g.Title != p.Title || g.Slug != p.Slug || g.Body != p.Body || g.SectionID != p.SectionID ||
			g.PosterID != p.PosterID || g.Views != p.Views || g.CommentCount != p.CommentCount ||
			g.LastCommentNick != p.LastCommentNick || !g.PostedAt.Equal(p.PostedAt) || !g.UpdatedAt.Equal(p.UpdatedAt) ||
			g.Section.Name != p.Section.Name || g.Poster.Nick != p.Poster.Nick || len(g.Tags) != len(p.Tags) {
			t.Errorf("post %d differs:\n source %+v\n target %+v", p.ID, *p, *g)
			continue
		}
		for j := range p.Tags {
			if !reflect.DeepEqual(g.Tags[j], p.Tags[j]) {
				t.Errorf("post %d tag %d: %+v, want %+v", p.ID, j, *g.Tags[j], *p.Tags[j])
			}
		}
		cs, err := from.FindComments(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		gcs, err := to.FindComments(ctx, p.ID)
		if err != nil || len(gcs) != len(cs) {
			t.Fatalf("post %d: %d comments in the target (%v), want %d", p.ID, len(gcs), err, len(cs))
		}
		for j, c := range cs {
			g := gcs[j]
			if fmt.Sprint(g.ID, g.Num, g.Nick, g.Email, g.Website, g.Body, g.VisitorID, g.IP, g.UserID, g.DeleteReason) !=
				fmt.Sprint(c.ID, c.Num, c.Nick, c.Email, c.Website, c.Body, c.VisitorID, c.IP, c.UserID, c.DeleteReason) ||
				!g.CreatedAt.Equal(c.CreatedAt) || !g.UpdatedAt.Equal(c.UpdatedAt) || (g.DeletedAt == nil) != (c.DeletedAt == nil) {
				t.Errorf("comment %d differs:\n source %+v\n target %+v", c.ID, *c, *g)
			}
		}
	}
	for _, id := range []string{"visitor-1", "reader-only"} {
		v, err := from.FindVisitor(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		g, err := to.FindVisitor(ctx, id)
		if err != nil {
			t.Fatalf("visitor %s: %v", id, err)
		}
		if g.FirstNick != v.FirstNick || g.Comments != v.Comments || !g.LastVisit.Equal(v.LastVisit) ||
			!g.FirstSeen.Equal(v.FirstSeen) || (g.PrevVisit == nil) != (v.PrevVisit == nil) {
			t.Errorf("visitor %s:\n source %+v\n target %+v", id, *v, *g)
		}
	}
	// The names database and the swaps, aliases and all.
	fromNames, err := from.FindTags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	toNames, err := to.FindTags(ctx)
	if err != nil || fmt.Sprint(entries(toNames)) != fmt.Sprint(entries(fromNames)) || len(fromNames) == 0 {
		t.Errorf("entries differ (%v):\n source %v\n target %v", err, entries(fromNames), entries(toNames))
	}
	fromSwaps, err := from.FindSwaps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	toSwaps, err := to.FindSwaps(ctx)
	if err != nil || len(toSwaps) != len(fromSwaps) || len(fromSwaps) == 0 {
		t.Fatalf("target swaps: %d (%v), want %d", len(toSwaps), err, len(fromSwaps))
	}
	for i, sw := range fromSwaps {
		if g := toSwaps[i]; g.ID != sw.ID || g.Term != sw.Term || !slices.Equal(g.Variants, sw.Variants) ||
			!g.CreatedAt.Equal(sw.CreatedAt) || !g.UpdatedAt.Equal(sw.UpdatedAt) {
			t.Errorf("swap %d:\n source %+v\n target %+v", sw.ID, *sw, *g)
		}
	}
	secret := func(s *sqlstore.Store) string {
		v, err := s.Setting(ctx, "signing_secret", func() (string, error) { return "made anew", nil })
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if g, w := secret(to), secret(from); g != w {
		t.Errorf("signing secret %q, want %q: every visitor would lose the cookie", g, w)
	}
	fromBans, err := from.FindBans(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	toBans, err := to.FindBans(ctx, true)
	if err != nil || len(toBans) != len(fromBans) {
		t.Fatalf("bans: %d (%v), want %d", len(toBans), err, len(fromBans))
	}
	if b, err := to.FindActiveBan(ctx, burg.Commenter{NickKey: nick.Canonical("TROLL KING")}); err != nil || b.ID != fromBans[1].ID {
		t.Errorf("the nick ban does not hold in the target: %+v, %v", b, err)
	}
}

// checkNewRows adds rows of every kind to a migrated store: ids must
// follow the copied ones.
func checkNewRows(t *testing.T, dsn string) {
	t.Helper()
	ctx := t.Context()
	s, err := sqlstore.Open(ctx, dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	posts, _, err := s.FindPosts(ctx, burg.PostFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	last := posts[0]
	p := &burg.Post{SectionID: last.SectionID, PosterID: last.PosterID, Title: "Written after the move", PostedAt: siteNow.Add(time.Hour)}
	if err := s.CreatePost(ctx, p); err != nil {
		t.Fatalf("new post: %v", err)
	}
	c := &burg.Comment{PostID: p.ID, Nick: "Newcomer", Body: "First after the move."}
	if err := s.CreateComment(ctx, c); err != nil {
		t.Fatalf("new comment: %v", err)
	}
	if err := s.UpdateCommentBody(ctx, c.ID, "Edited after the move."); err != nil {
		t.Fatalf("new comment revision: %v", err)
	}
	u := &burg.User{Nick: "New Member", Role: burg.RolePoster}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatalf("new user: %v", err)
	}
	if err := s.CreateBan(ctx, &burg.Ban{Kind: burg.BanIP, Value: "203.0.113.1"}); err != nil {
		t.Fatalf("new ban: %v", err)
	}
	if err := s.CreateTag(ctx, &burg.Tag{Name: "After", Slug: "after"}); err != nil {
		t.Fatalf("new tag: %v", err)
	}
	sub := &burg.Submission{Title: "Sent after the move", Body: "Text."}
	if err := s.CreateSubmission(ctx, sub); err != nil {
		t.Fatalf("new submission: %v", err)
	}
	p.Title += " (edited)"
	if err := s.UpdatePost(ctx, p, burg.PostChange{UserID: u.ID, Action: burg.ActionEdited}); err != nil {
		t.Fatalf("new post revision: %v", err)
	}
	all, n, err := s.FindPosts(ctx, burg.PostFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range all {
		if q.ID > p.ID {
			t.Errorf("new post got id %d below copied post %d", p.ID, q.ID)
		}
	}
	if n < 2 {
		t.Errorf("%d posts after adding one", n)
	}
}

// TestMigrateDataSQLite copies a site from one SQLite file to another,
// which needs nothing but Go.
func TestMigrateDataSQLite(t *testing.T) {
	dir := t.TempDir()
	from, to := filepath.Join(dir, "from.db"), filepath.Join(dir, "to.db")
	src, err := sqlstore.Open(t.Context(), from, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fillSite(t, src)
	src.Close()

	out, err := migrateData(t, "--from", "sqlite:"+from, "--to", "sqlite:"+to)
	if err != nil {
		t.Fatalf("migrate-data: %v\n%s", err, out)
	}
	if !strings.Contains(out, "from sqlite") || !strings.Contains(out, "comments") {
		t.Errorf("migrate-data printed %q", out)
	}
	sameData(t, from, to)
	checkSample(t, from, to)

	// A target with data is refused unless forced, and stays as it was.
	if out, err := migrateData(t, "--from", from, "--to", to); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("second copy: %v, want a refusal that mentions --force\n%s", err, out)
	}
	sameData(t, from, to)
	checkNewRows(t, to)
	if out, err := migrateData(t, "--from", from, "--to", to, "--force", "--batch", "7"); err != nil {
		t.Fatalf("forced copy: %v\n%s", err, out)
	}
	sameData(t, from, to)

	for _, c := range []struct {
		name string
		args []string
	}{
		{"SameDatabase", []string{"--from", from, "--to", "sqlite:" + from, "--force"}},
		{"NoSource", []string{"--from", filepath.Join(dir, "missing.db"), "--to", filepath.Join(dir, "new.db")}},
		{"NoTarget", []string{"--from", from}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if out, err := migrateData(t, c.args...); err == nil {
				t.Errorf("succeeded:\n%s", out)
			}
		})
	}
	sameData(t, from, to)
}

// TestMigrateDataPostgres moves a SQLite site to PostgreSQL and back.
func TestMigrateDataPostgres(t *testing.T) {
	pg := postgresURL(t)
	dir := t.TempDir()
	from, back := filepath.Join(dir, "from.db"), filepath.Join(dir, "back.db")
	src, err := sqlstore.Open(t.Context(), from, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fillSite(t, src)
	src.Close()

	out, err := migrateData(t, "--from", "sqlite:"+from, "--to", pg)
	if err != nil {
		t.Fatalf("migrate-data to PostgreSQL: %v\n%s", err, out)
	}
	if strings.Contains(out, "burg:burg@") {
		t.Errorf("migrate-data printed a password:\n%s", out)
	}
	sameData(t, from, pg)
	checkSample(t, from, pg)

	// And back, which also shows that nothing was lost on the way.
	if out, err := migrateData(t, "--from", pg, "--to", "sqlite:"+back); err != nil {
		t.Fatalf("migrate-data to SQLite: %v\n%s", err, out)
	}
	sameData(t, from, back)

	if _, err := migrateData(t, "--from", "sqlite:"+from, "--to", pg); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("copy onto a PostgreSQL site: %v, want a refusal that mentions --force", err)
	}
	if _, err := migrateData(t, "--from", pg, "--to", pg, "--force"); err == nil {
		t.Fatal("copied a database onto itself")
	}
	// New rows get new ids: the sequences were moved past the copied ones.
	checkNewRows(t, pg)
	if out, err := migrateData(t, "--from", "sqlite:"+from, "--to", pg, "--force"); err != nil {
		t.Fatalf("forced copy: %v\n%s", err, out)
	}
	sameData(t, from, pg)
	checkNewRows(t, pg)
}

// entries lists the names database as comparable lines.
func entries(tags []*burg.Tag) []string {
	var out []string
	for _, t := range tags {
		out = append(out, fmt.Sprint(t.ID, t.Name, t.Slug, t.Description, t.Kind, t.Epithet, t.Image, t.NameOnly,
			t.RetiredAt != nil, t.Aliases))
	}
	return out
}
