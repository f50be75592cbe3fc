package app_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
	"github.com/burg-news/burg/internal/sqlstore"
	"github.com/burg-news/burg/internal/wxr"
)

// testSite is a real SQLite store with the application layer over it.
type testSite struct {
	store  *sqlstore.Store
	app    *app.App
	events *eventLog
	path   string
}

type eventLog struct{ events []burg.Event }

func (l *eventLog) Publish(_ context.Context, e burg.Event) { l.events = append(l.events, e) }

func newSite(t testing.TB) *testSite {
	t.Helper()
	path := filepath.Join(t.TempDir(), "burg.db")
	store, err := sqlstore.Open(t.Context(), path, sqlstore.Options{Synchronous: "NORMAL"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	ev := &eventLog{}
	a, err := app.New(t.Context(), app.Config{}, app.Deps{Store: store, Events: ev})
	if err != nil {
		t.Fatal(err)
	}
	return &testSite{store: store, app: a, events: ev, path: path}
}

// fixtureDir is WordPress's own importer test files, or "" where they
// are not present.
func fixtureDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "fixtures", "wxr")
	if _, err := os.Stat(filepath.Join(dir, "README.md")); err != nil {
		t.Skipf("WordPress export fixtures not present at %s", dir)
	}
	return dir
}

// fileCounts is what an export holds that an import must bring over,
// counted by reading the file with the reader alone: published posts
// and pages, the comments on them (not pingbacks), every category
// (declared, or only used by a post) and every author (declared, or
// only named by a post).
type fileCounts struct {
	Posts, Comments, Categories, Authors int
}

func countFile(t *testing.T, path string) fileCounts {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd := wxr.NewReader(f)
	var c fileCounts
	cats, authors, seen := map[string]bool{}, map[string]bool{}, map[int64]bool{}
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch r := rec.(type) {
		case *wxr.Author:
			if r.Login != "" {
				authors[r.Login] = true
			}
		case *wxr.Category:
			cats[r.Slug] = true
		case *wxr.Term:
			if r.Taxonomy == "category" {
				cats[r.Slug] = true
			}
		case *wxr.Item:
			if r.Type != "post" && r.Type != "page" && r.Type != "" || r.Status != "publish" && r.Status != "" || r.Password != "" {
				continue
			}
			if r.ID != 0 && seen[r.ID] {
				continue // an item repeated: imported once
			}
			seen[r.ID] = true
			c.Posts++
			switch {
			case r.Type == "page":
				cats["wp-pages"] = true
			case len(r.Categories()) == 0:
				cats["uncategorized"] = true
			default:
				cats[r.Categories()[0].Slug] = true
			}
			authors[r.Author] = true
			for _, cm := range r.Comments {
				if cm.Type == "" || cm.Type == "comment" {
					c.Comments++
				}
			}
		}
	}
	c.Categories, c.Authors = len(cats), len(authors)
	return c
}

// siteCounts counts what the store holds.
func siteCounts(t *testing.T, s *testSite) fileCounts {
	t.Helper()
	var c fileCounts
	_, total, err := s.store.FindPosts(t.Context(), burg.PostFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	c.Posts = total
	posts, _, err := s.store.FindPosts(t.Context(), burg.PostFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range posts {
		cs, err := s.store.FindComments(t.Context(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.Comments += len(cs)
	}
	secs, err := s.store.FindSections(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	c.Categories = len(secs)
	users, err := s.store.FindUsers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	c.Authors = len(users)
	return c
}

func importFile(t *testing.T, s *testSite, path string) (*app.ImportSummary, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return s.app.ImportWXR(t.Context(), app.Operator, f, app.WXROptions{Name: filepath.Base(path), BatchSize: 7})
}

// TestImportWXRFixtures imports every export of WordPress's importer test
// suite into a fresh site and checks the counts of posts, comments,
// categories and authors against the file; the files broken on purpose
// are refused with their line and column. A second run changes nothing.
func TestImportWXRFixtures(t *testing.T) {
	dir := fixtureDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	refused := map[string]string{
		"invalid-version-tag.xml": "wxr: line 33, column 2: the WXR version in <wp:wxr_version> is \"abc\"",
		"malformed-simple.xml":    "wxr: line 14, column 1: unexpected end of file inside <item>",
		"malformed.xml":           "wxr: line 27, column 1: <notachanneltag> where <channel> was expected",
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			s := newSite(t)
			sum, err := importFile(t, s, file)
			if want, ok := refused[name]; ok {
				var se *wxr.SyntaxError
				if !errors.As(err, &se) || !strings.HasPrefix(err.Error(), want) {
					t.Fatalf("got %v, want it refused with %q", err, want)
				}
				if burg.ErrorCode(err) != burg.EINVALID {
					t.Errorf("code %q, want %q", burg.ErrorCode(err), burg.EINVALID)
				}
				return
			}
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			want := countFile(t, file)
			got := siteCounts(t, s)
			// Comments left out for a reason the summary gives (empty, or
			// not valid here) are accounted for.
			skipped := sum.Skipped["empty comments"] + sum.Skipped["comments that are not valid here"] +
				sum.Skipped["comments whose date cannot be read"]
			if got.Posts != want.Posts || got.Comments+skipped != want.Comments ||
				got.Categories != want.Categories || got.Authors != want.Authors {
				t.Errorf("got %+v (%d comments skipped), want %+v\n%s", got, skipped, want, strings.Join(sum.Lines(), "\n"))
			}
			if got.Posts > 0 && len(s.events.events) == 0 {
				t.Errorf("no event published")
			}
			again, err := importFile(t, s, file)
			if err != nil {
				t.Fatalf("second import: %v", err)
			}
			if n := len(again.Made); n != 0 {
				t.Errorf("the second run made %v", again.Made)
			}
			if after := siteCounts(t, s); after != got {
				t.Errorf("after the second run %+v, before %+v", after, got)
			}
		})
	}
}

// ownExport reads testdata/harbour.xml, a small export written for
// Burg: two authors (one of whom looks like an existing member), a
// nested thread, held, spam and pingback comments, a draft and a page.
func ownExport(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "harbour.xml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestImportWXROwn(t *testing.T) {
	s := newSite(t)
	ctx := t.Context()
	if _, _, err := s.app.CreateUser(ctx, app.Operator, app.UserInput{Nick: "Harrowgate", Role: burg.RoleModerator}); err != nil {
		t.Fatal(err)
	}
	sum, err := s.app.ImportWXR(ctx, app.Operator, strings.NewReader(ownExport(t)), app.WXROptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Source != "wxr:https://harbour.example" {
		t.Errorf("source %q", sum.Source)
	}
	for k, want := range map[string]int{"post": 1, "page": 1, "comment": 4, "user": 2, "section": 2, "tag": 1} {
		if sum.Made[k] != want {
			t.Errorf("made %d %s, want %d (%v)", sum.Made[k], k, want, sum.Made)
		}
	}
	if sum.Removed["spam"] != 1 || sum.Removed["held"] != 1 || sum.Skipped["pingbacks"] != 1 || sum.Skipped["posts that are drafts"] != 1 {
		t.Errorf("summary %v %v", sum.Removed, sum.Skipped)
	}
	// The author who looks like a member gets a nick of their own.
	if _, err := s.store.FindUserByNick(ctx, "Harr0wgate (imported)"); err != nil {
		t.Errorf("the look-alike author: %v\n%s", err, strings.Join(sum.Lines(), "\n"))
	}
	greta, err := s.store.FindUserByNick(ctx, "Greta Quay")
	if err != nil {
		t.Fatal(err)
	}
	if greta.Role != burg.RolePoster || greta.PasswordHash != "" {
		t.Errorf("imported author %+v", greta)
	}
	posts, _, err := s.store.FindPosts(ctx, burg.PostFilter{PosterID: greta.ID})
	if err != nil || len(posts) != 1 {
		t.Fatalf("posts %v %v", posts, err)
	}
	p := posts[0]
	// 20:15 in a zone two hours east of UTC.
	if want := time.Date(2019, 6, 1, 18, 15, 0, 0, time.UTC); !p.PostedAt.Equal(want) {
		t.Errorf("posted at %v, want %v", p.PostedAt, want)
	}
	if p.Slug != "pier-lights-return" || p.Section.Slug != "tides" || p.Section.Name != "Tides & Currents" ||
		p.Section.Page.Slug != app.ImportedPage || len(p.Tags) != 1 || p.Tags[0].Name != "Pier" {
		t.Errorf("post %+v section %+v tags %v", p, p.Section, p.Tags)
	}
	if want := "The [b]pier lights[/b] are back.\n\nSee [url=https://harbour.example/map]the map[/url]."; p.Body != want {
		t.Errorf("body %q, want %q", p.Body, want)
	}
	cs, err := s.store.FindComments(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 4 {
		t.Fatalf("%d comments", len(cs))
	}
	byNick := map[string]*burg.Comment{}
	for i, c := range cs {
		byNick[c.Nick] = c
		if c.Num != i+1 {
			t.Errorf("comment %s is #%d", c.Nick, c.Num)
		}
	}
	salt, gull := byNick["Old Salt"], byNick["Gull"]
	if salt == nil || gull == nil || gull.ParentID != salt.ID || salt.ParentID != 0 {
		t.Fatalf("thread: %+v %+v", salt, gull)
	}
	if salt.Email != "salt@harbour.example" || salt.Website != "https://harbour.example/salt" || salt.IP != "192.0.2.4" ||
		!salt.CreatedAt.Equal(time.Date(2019, 6, 1, 19, 0, 0, 0, time.UTC)) || salt.DeletedAt != nil {
		t.Errorf("comment %+v", salt)
	}
	if c := byNick["Cheap Pills"]; c == nil || c.DeletedAt == nil || !strings.Contains(c.DeleteReason, "spam") {
		t.Errorf("spam comment %+v", c)
	}
	if c := byNick["Newcomer"]; c == nil || c.DeletedAt == nil || !strings.Contains(c.DeleteReason, "Held") {
		t.Errorf("held comment %+v", c)
	}
	if p.CommentCount != 2 {
		t.Errorf("live count %d", p.CommentCount)
	}
	// The page is a post in the section Pages, with closed comments.
	pages, _, err := s.store.FindPosts(ctx, burg.PostFilter{Words: "About the harbour"})
	if err != nil || len(pages) != 1 {
		t.Fatalf("pages %v %v", pages, err)
	}
	if pg := pages[0]; pg.Section.Name != "Pages" || pg.CommentsCloseAt == nil || !strings.HasPrefix(pg.Body, "[h]Who we are[/h]") {
		t.Errorf("page %+v %q", pg.Section, pg.Body)
	}
	if n := len(s.events.events); n == 0 || s.events.events[n-1].Kind != burg.EventAll {
		t.Errorf("events %v", s.events.events)
	}
	// A later export of the same site with one more comment adds it alone.
	more := strings.Replace(ownExport(t), "</item>", `<wp:comment><wp:comment_id>105</wp:comment_id><wp:comment_author><![CDATA[Late]]></wp:comment_author><wp:comment_date><![CDATA[2019-06-05 08:00:00]]></wp:comment_date><wp:comment_date_gmt><![CDATA[2019-06-05 06:00:00]]></wp:comment_date_gmt><wp:comment_content><![CDATA[Late reply]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>102</wp:comment_parent></wp:comment></item>`, 1)
	sum, err = s.app.ImportWXR(ctx, app.Operator, strings.NewReader(more), app.WXROptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Made["comment"] != 1 || len(sum.Made) != 1 || sum.Again["post"] != 1 {
		t.Errorf("second run made %v, again %v", sum.Made, sum.Again)
	}
	cs, _ = s.store.FindComments(ctx, p.ID)
	if len(cs) != 5 || cs[4].Nick != "Late" || cs[4].ParentID != gull.ID || cs[4].Num != 5 {
		t.Errorf("late comment %+v", cs[len(cs)-1])
	}
}

// TestImportWXRTruncated cuts an export in the middle of an item: the
// import stops with the line, keeps the whole batches before it, and a
// run on the whole file then goes on without making anything twice.
func TestImportWXRTruncated(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Cut</title><link>https://cut.example</link><wp:wxr_version>1.2</wp:wxr_version>
`)
	for i := 1; i <= 40; i++ {
		b.WriteString("<item><title>Post " + itoa(i) + "</title><dc:creator>ann</dc:creator><content:encoded>Text " + itoa(i) +
			"</content:encoded><wp:post_id>" + itoa(i) + "</wp:post_id><wp:post_date>2020-01-02 03:04:05</wp:post_date>" +
			"<wp:post_date_gmt>2020-01-02 03:04:05</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>" +
			"<wp:comment><wp:comment_id>" + itoa(1000+i) + "</wp:comment_id><wp:comment_author>Reader</wp:comment_author>" +
			"<wp:comment_date>2020-01-02 04:00:00</wp:comment_date><wp:comment_date_gmt>2020-01-02 04:00:00</wp:comment_date_gmt>" +
			"<wp:comment_content>Hello " + itoa(i) + "</wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment></item>\n")
	}
	b.WriteString("</channel></rss>\n")
	whole := b.String()
	cut := whole[:strings.Index(whole, "<title>Post 33</title>")+30]

	s := newSite(t)
	ctx := t.Context()
	sum, err := s.app.ImportWXR(ctx, app.Operator, strings.NewReader(cut), app.WXROptions{BatchSize: 10})
	var se *wxr.SyntaxError
	if !errors.As(err, &se) || se.Line != 36 || !strings.Contains(se.Msg, "end of file") {
		t.Fatalf("got %v, want a fault at line 36", err)
	}
	if msg := app.WXRError(err, sum).Error(); !strings.Contains(msg, "run the import again") {
		t.Errorf("message %q", msg)
	}
	// Items 1–32 were whole: the three full batches and the two items
	// read before the fault are stored, each post with its comment.
	got := siteCounts(t, s)
	if got.Posts != 32 || got.Comments != 32 {
		t.Fatalf("after the cut: %+v", got)
	}
	sum, err = s.app.ImportWXR(ctx, app.Operator, strings.NewReader(whole), app.WXROptions{BatchSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Made["post"] != 8 || sum.Made["comment"] != 8 || sum.Again["post"] != 32 {
		t.Errorf("second run made %v, again %v", sum.Made, sum.Again)
	}
	if got := siteCounts(t, s); got.Posts != 40 || got.Comments != 40 {
		t.Errorf("after the whole file: %+v", got)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
