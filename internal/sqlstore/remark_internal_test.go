package sqlstore

import (
	"path/filepath"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

// Remarks that bodies held as markup before remarks were records move
// out of the bodies when they were a moderator's; a poster's look-alike
// stays as text.
func TestMoveBodyRemarks(t *testing.T) {
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
	mod := &burg.User{Nick: "Gorse", Role: burg.RoleModerator}
	poster := &burg.User{Nick: "Thimble", Role: burg.RolePoster}
	must(s.CreateUser(ctx, mod))
	must(s.CreateUser(ctx, poster))
	real := &burg.Post{SectionID: sec.ID, PosterID: poster.ID, Title: "Real", PostedAt: time.Now(),
		Body: "The board met.\n\n[remark=gorse]Well lit, at least.[/remark]"}
	forged := &burg.Post{SectionID: sec.ID, PosterID: poster.ID, Title: "Forged", PostedAt: time.Now(),
		Body: "The board met.\n\n[remark=Thimble]I am a moderator.[/remark]"}
	must(s.CreatePosts(ctx, []*burg.Post{real, forged}))
	stx, err := s.write.BeginTx(ctx, nil)
	must(err)
	must(moveBodyRemarks(ctx, stx, s.d))
	must(stx.Commit())
	got, err := s.FindPost(ctx, real.ID)
	must(err)
	if got.Body != "The board met." || len(got.Remarks) != 1 || got.Remarks[0].UserID != mod.ID || got.Remarks[0].Body != "Well lit, at least." {
		t.Errorf("moderator's remark: body %q, remarks %+v", got.Body, got.Remarks)
	}
	got, err = s.FindPost(ctx, forged.ID)
	must(err)
	if got.Body != forged.Body || len(got.Remarks) != 0 {
		t.Errorf("poster's look-alike: body %q, remarks %+v", got.Body, got.Remarks)
	}
}
