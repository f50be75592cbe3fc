package app

import (
	"path/filepath"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/sqlstore"
)

// TestCheckRenderCode checks that posts rendered by another way of
// rendering are marked to be rendered anew, once.
func TestCheckRenderCode(t *testing.T) {
	ctx := t.Context()
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "burg.db"), sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	page := &burg.Page{Name: "News", Slug: "news"}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(store.CreatePage(ctx, page))
	sec := &burg.Section{PageID: page.ID, Name: "Rivers", Slug: "rivers"}
	must(store.CreateSection(ctx, sec))
	u := &burg.User{Nick: "Thimble", Role: burg.RolePoster}
	must(store.CreateUser(ctx, u))
	a, err := New(ctx, Config{}, Deps{Store: store})
	must(err)
	render, err := a.PostRenderer(ctx)
	must(err)
	p := &burg.Post{SectionID: sec.ID, PosterID: u.ID, Title: "One", Body: "Text.", PostedAt: time.Now(), Render: render}
	must(store.CreatePost(ctx, p))

	unrendered := func() int {
		t.Helper()
		pr, err := store.RenderProgress(ctx)
		must(err)
		return pr.Unrendered
	}
	must(a.checkRenderCode(ctx)) // a new site takes this code
	if n := unrendered(); n != 0 {
		t.Fatalf("%d unrendered on a new site", n)
	}
	must(store.SetSetting(ctx, "render_code", "markup-voice-0"))
	must(a.checkRenderCode(ctx))
	if n := unrendered(); n != 1 {
		t.Errorf("%d unrendered after a new render code, want 1", n)
	}
	got, err := store.FindPost(ctx, p.ID)
	must(err)
	if got.BodyHTML != p.BodyHTML {
		t.Errorf("the old rendering is not kept to show meanwhile")
	}
	step, err := a.RenderOnce(ctx)
	must(err)
	if step.Rendered != 1 {
		t.Errorf("rendered %d, want 1", step.Rendered)
	}
	must(a.checkRenderCode(ctx)) // once only
	if n := unrendered(); n != 0 {
		t.Errorf("%d unrendered after checking again", n)
	}
}
