package sqlstore

import (
	"path/filepath"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

// Rows from before migration 9 get their keys: comments their address
// and text keys, posts their source keys; two live posts of one source
// under the new key stay, and the older one is what a look-up finds.
func TestFillModerationKeys(t *testing.T) {
	ctx := t.Context()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "burg.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	page := &burg.Page{Name: "News", Slug: "news"}
	must(s.CreatePage(ctx, page))
	sec := &burg.Section{PageID: page.ID, Name: "Europe", Slug: "europe"}
	must(s.CreateSection(ctx, sec))
	poster := &burg.User{Nick: "Thimble", Role: burg.RolePoster}
	must(s.CreateUser(ctx, poster))
	at := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	older := &burg.Post{SectionID: sec.ID, PosterID: poster.ID, Title: "Older", PostedAt: at, SourceURL: "https://www.example.org/a/1/"}
	newer := &burg.Post{SectionID: sec.ID, PosterID: poster.ID, Title: "Newer", PostedAt: at.Add(time.Hour), SourceURL: "https://example.org/b"}
	must(s.CreatePosts(ctx, []*burg.Post{older, newer}))
	c := &burg.Comment{PostID: older.ID, Nick: "Reader", Body: "A comment long enough to have a text key of its own.", IP: "::ffff:203.0.113.5"}
	must(s.CreateComment(ctx, c))
	// As they were before the migration: no keys, and the newer post
	// holding the same page under another spelling.
	for _, q := range []string{`UPDATE posts SET source_key = ''`, `UPDATE comments SET ip_key = '', text_key = ''`} {
		_, err := s.write.ExecContext(ctx, q)
		must(err)
	}
	_, err = s.write.ExecContext(ctx, `UPDATE posts SET source_url = 'http://example.org/a/1' WHERE id = ?`, newer.ID)
	must(err)

	stx, err := s.write.BeginTx(ctx, nil)
	must(err)
	must(fillModerationKeys(ctx, stx, s.d))
	must(stx.Commit())

	got, err := s.FindPostBySourceURL(ctx, "https://example.org/a/1")
	must(err)
	if got.ID != older.ID {
		t.Errorf("look-up found %q, want the older post", got.Title)
	}
	again := &burg.Post{SectionID: sec.ID, PosterID: poster.ID, Title: "Again", PostedAt: at.Add(2 * time.Hour), SourceURL: "https://example.org/a/1"}
	if err := s.CreatePost(ctx, again); burg.ErrorCode(err) != burg.ECONFLICT {
		t.Errorf("posting the source a third time: %v, want a conflict", err)
	}
	var ipKey, textKey string
	must(s.read.QueryRowContext(ctx, `SELECT ip_key, text_key FROM comments WHERE id = ?`, c.ID).Scan(&ipKey, &textKey))
	if ipKey != burg.AddrKey("203.0.113.5") || textKey != burg.TextKey(c.Body) {
		t.Errorf("comment keys %q, %q", ipKey, textKey)
	}
	p, err := burg.ParseNet("203.0.113.0/24")
	must(err)
	found, _, err := s.SearchComments(ctx, burg.CommentFilter{Net: p})
	must(err)
	if len(found) != 1 {
		t.Errorf("network search after the migration found %d", len(found))
	}
}
