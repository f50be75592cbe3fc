package app_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
	"github.com/burg-news/burg/internal/sqlstore"
)

// clock is a settable "now" shared by the store and the rules.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// events records what the rules publish.
type events struct {
	mu  sync.Mutex
	got []burg.Event
}

func (e *events) Publish(_ context.Context, ev burg.Event) {
	e.mu.Lock()
	e.got = append(e.got, ev)
	e.mu.Unlock()
}

// take returns the events since the last take.
func (e *events) take() []burg.Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	got := e.got
	e.got = nil
	return got
}

// site is a small site for the rules to act on: a section, a poster, a
// moderator, two names database entries and a word swap.
type site struct {
	store     *sqlstore.Store
	app       *app.App
	events    *events
	clock     *clock
	section   *burg.Section
	poster    app.Actor
	moderator app.Actor
	qasimiya  *burg.Tag // a place with an epithet
	ledger    *burg.Tag // a newspaper, a group that decorates but is not filed under
	arrested  *burg.Swap
}

func newVoiceSite(t *testing.T) *site {
	t.Helper()
	ctx := t.Context()
	clk := &clock{t: time.Date(2026, 3, 14, 15, 30, 0, 0, time.UTC)}
	store, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "burg.db"), sqlstore.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	s := &site{store: store, events: &events{}, clock: clk}
	page := &burg.Page{Name: "News", Slug: "news", Position: 1}
	must(store.CreatePage(ctx, page))
	s.section = &burg.Section{PageID: page.ID, Name: "Rivers", Slug: "rivers", Position: 1}
	must(store.CreateSection(ctx, s.section))
	poster := &burg.User{Nick: "Thimble", Role: burg.RolePoster}
	mod := &burg.User{Nick: "Gorse", Role: burg.RoleModerator}
	must(store.CreateUser(ctx, poster))
	must(store.CreateUser(ctx, mod))
	s.poster, s.moderator = app.Actor{User: poster}, app.Actor{User: mod}
	s.qasimiya = &burg.Tag{Name: "Qasimiya", Slug: "qasimiya", Kind: burg.TagPlace, Epithet: "the ineffectual",
		Description: "River state of oil fields and rival militias.", Aliases: []string{"Qassimiya"}}
	s.ledger = &burg.Tag{Name: "Ledger", Slug: "ledger", Kind: burg.TagGroup, Epithet: "the breathless",
		Description: "A morning paper.", NameOnly: true}
	must(store.CreateTag(ctx, s.qasimiya))
	must(store.CreateTag(ctx, s.ledger))
	s.arrested = &burg.Swap{Term: "arrested", Variants: []string{"jugged"}}
	must(store.CreateSwap(ctx, s.arrested))
	s.app, err = app.New(ctx, app.Config{}, app.Deps{Store: store, Events: s.events, Now: clk.Now})
	must(err)
	return s
}

// post publishes an article of the poster's own through the posting desk.
func (s *site) post(t *testing.T, title, body string) *burg.Post {
	t.Helper()
	in := &app.SubmitInput{PostInput: app.PostInput{Title: title, Body: body, Section: s.section.Slug}, Article: true}
	res, err := s.app.Submit(t.Context(), s.poster, in)
	if err != nil {
		t.Fatalf("submit %q: %v", title, err)
	}
	return res.Post
}

// find reads a post as the store has it.
func (s *site) find(t *testing.T, p *burg.Post) *burg.Post {
	t.Helper()
	got, err := s.store.FindPostIncludingDeleted(t.Context(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// drain runs the background renderer step by step until it is idle and
// returns the posts whose rendering it stored, each once, in order.
func (s *site) drain(t *testing.T) (rendered []int64) {
	t.Helper()
	s.events.take()
	for range 1000 {
		before := s.storedVersions(t)
		step, err := s.app.RenderOnce(t.Context())
		if err != nil {
			t.Fatalf("render step: %v", err)
		}
		if step.Idle {
			return rendered
		}
		for id, v := range s.storedVersions(t) {
			if v != before[id] && !slices.Contains(rendered, id) {
				rendered = append(rendered, id)
			}
		}
	}
	t.Fatal("the renderer never came to rest")
	return nil
}

// storedVersions returns every post's render version by ID.
func (s *site) storedVersions(t *testing.T) map[int64]int64 {
	t.Helper()
	posts, _, err := s.store.FindPosts(t.Context(), burg.PostFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[int64]int64, len(posts))
	for _, p := range posts {
		out[p.ID] = p.RenderVersion
	}
	return out
}

// renderEvents returns the posts of the EventRender events since the last
// take.
func (s *site) renderEvents() []int64 {
	var ids []int64
	for _, e := range s.events.take() {
		if e.Kind == burg.EventRender {
			ids = append(ids, e.PostID)
		}
	}
	slices.Sort(ids)
	return ids
}

func sorted(ids ...int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

func TestRenderAtSave(t *testing.T) {
	s := newVoiceSite(t)
	p := s.post(t, "Three men held", "Police arrested three men in Qasimiya on Friday, the Ledger says.\n\n"+
		"[quote]Qasimiya is calm,[/quote] said a spokesman.")
	if p.BodyHTML == "" || p.RenderVersion == 0 {
		t.Fatalf("the posted post is not rendered: version %d", p.RenderVersion)
	}
	got := s.find(t, p)
	for _, want := range []string{
		`<span class="burg-swap" title="arrested">jugged</span>`,
		`<span class="burg-name burg-name-place" data-name="qasimiya">`,
		`<span class="burg-name-epithet">the ineffectual</span> Qasimiya`,
		`id="burg-name-` + itoa(int(p.ID)) + `-1"`,
		`<span class="burg-name burg-name-group" data-name="ledger">`,
		`<blockquote>`,
	} {
		if !strings.Contains(got.BodyHTML, want) {
			t.Errorf("stored body lacks %s:\n%s", want, got.BodyHTML)
		}
	}
	if strings.Count(got.BodyHTML, `data-name="qasimiya"`) != 1 {
		t.Errorf("Qasimiya boxed more than once, or inside the quote:\n%s", got.BodyHTML)
	}
	if !strings.HasPrefix(got.Text, "Police arrested three men in Qasimiya") {
		t.Errorf("stored text %q", got.Text)
	}
	if got.Body != p.Body || strings.Contains(got.Body, "jugged") {
		t.Errorf("the stored original changed: %q", got.Body)
	}
	// An approved submission is rendered as it is published.
	sub := &burg.Submission{SourceURL: "https://river-news.example/held", Title: "Held at the ford",
		Body: "Guards arrested a boatman.", SectionID: s.section.ID, Nick: "A Reader", VisitorID: "v1", IP: "192.0.2.7"}
	if err := s.store.CreateSubmission(t.Context(), sub); err != nil {
		t.Fatal(err)
	}
	approved, err := s.app.Approve(t.Context(), s.moderator, sub.ID, app.Approval{})
	if err != nil {
		t.Fatal(err)
	}
	if b := s.find(t, approved).BodyHTML; !strings.Contains(b, `title="arrested">jugged</span>`) {
		t.Errorf("the approved post is not rendered: %q", b)
	}
	// Saved renderings are not queued again.
	if step := s.drainStep(t); !step.Idle {
		t.Errorf("fresh posts left work for the renderer: %+v", step)
	}
}

// entry reads an entry as the store has it.
func (s *site) entry(t *testing.T, id int64) *burg.Tag {
	t.Helper()
	e, err := s.app.Entry(t.Context(), s.moderator, id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// drainStep runs one step of the renderer.
func (s *site) drainStep(t *testing.T) app.RenderStep {
	t.Helper()
	step, err := s.app.RenderOnce(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return step
}

// TestRerender changes the dictionary as moderators do and checks that the
// background renderer renders again exactly the posts each change may
// touch, and leaves the others alone.
func TestRerender(t *testing.T) {
	s := newVoiceSite(t)
	ctx := t.Context()
	river := s.post(t, "Unrest on the river", "Police arrested three men in Qasimiya.")
	paper := s.post(t, "What the papers say", "The Ledger reported a quiet night.")
	plain := s.post(t, "Weather", "Rain all week, and fog by the water.")
	spelled := s.post(t, "Another spelling", "Travellers to Kasimiya wait at the ford.")
	quoted := s.post(t, "Quoted", "[quote]Kasimiya will not pay,[/quote] a minister said.")
	all := []*burg.Post{river, paper, plain, spelled, quoted}
	if got := s.drain(t); len(got) != 0 {
		t.Fatalf("fresh posts were rendered again: %v", got)
	}

	steps := []struct {
		name string
		do   func() error
		// want are the posts rendered again; changed those whose HTML
		// changed, announced by EventRender.
		want, changed []*burg.Post
		check         func(t *testing.T)
	}{
		{"Epithet", func() error {
			in := app.InputOfEntry(s.qasimiya)
			in.Epithet = "the hapless"
			_, err := s.app.UpdateEntry(ctx, s.moderator, s.qasimiya.ID, &in, nil)
			return err
		}, []*burg.Post{river}, []*burg.Post{river}, func(t *testing.T) {
			if b := s.find(t, river).BodyHTML; !strings.Contains(b, "the hapless</span> Qasimiya") {
				t.Errorf("the new epithet is not shown:\n%s", b)
			}
		}},
		{"Alias", func() error {
			in := app.InputOfEntry(s.entry(t, s.qasimiya.ID))
			in.Aliases += "\nKasimiya"
			_, err := s.app.UpdateEntry(ctx, s.moderator, s.qasimiya.ID, &in, nil)
			return err
		}, // river mentions the entry; spelled and quoted have the new alias,
			// though a quote is never decorated.
			[]*burg.Post{river, spelled, quoted}, []*burg.Post{spelled}, func(t *testing.T) {
				if b := s.find(t, spelled).BodyHTML; !strings.Contains(b, `data-name="qasimiya"`) {
					t.Errorf("the new alias is not boxed:\n%s", b)
				}
			}},
		{"NewSwap", func() error {
			_, err := s.app.CreateSwap(ctx, s.moderator, &app.SwapInput{Term: "reported", Variants: "squawked"})
			return err
		}, []*burg.Post{paper}, []*burg.Post{paper}, func(t *testing.T) {
			if b := s.find(t, paper).BodyHTML; !strings.Contains(b, `title="reported">squawked</span>`) {
				t.Errorf("the new swap is not made:\n%s", b)
			}
		}},
		{"SwapVariants", func() error {
			_, err := s.app.UpdateSwap(ctx, s.moderator, s.arrested.ID, &app.SwapInput{Term: "arrested", Variants: "nicked"})
			return err
		}, []*burg.Post{river}, []*burg.Post{river}, nil},
		{"SwapDeleted", func() error {
			return s.app.DeleteSwap(ctx, s.moderator, s.arrested.ID)
		}, []*burg.Post{river}, []*burg.Post{river}, func(t *testing.T) {
			if b := s.find(t, river).BodyHTML; strings.Contains(b, "burg-swap") {
				t.Errorf("a deleted swap is still made:\n%s", b)
			}
		}},
		{"Retired", func() error {
			return s.app.RetireEntry(ctx, s.moderator, s.ledger.ID)
		}, []*burg.Post{paper}, []*burg.Post{paper}, func(t *testing.T) {
			if b := s.find(t, paper).BodyHTML; strings.Contains(b, "burg-name") {
				t.Errorf("a retired entry is still boxed:\n%s", b)
			}
		}},
		{"Restored", func() error {
			return s.app.RestoreEntry(ctx, s.moderator, s.ledger.ID)
		}, []*burg.Post{paper}, []*burg.Post{paper}, nil},
		{"UnmentionedEntry", func() error {
			_, err := s.app.CreateEntry(ctx, s.moderator, &app.EntryInput{Name: "Vellmar", Kind: burg.TagPlace}, nil)
			return err
		}, nil, nil, nil},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			before := map[int64]*burg.Post{}
			for _, p := range all {
				before[p.ID] = s.find(t, p)
			}
			if err := st.do(); err != nil {
				t.Fatal(err)
			}
			got := s.drain(t)
			var want []int64
			for _, p := range st.want {
				want = append(want, p.ID)
			}
			if !slices.Equal(sorted(got...), sorted(want...)) {
				t.Errorf("rendered again %v, want %v", got, want)
			}
			var changed []int64
			for _, p := range st.changed {
				changed = append(changed, p.ID)
			}
			if ev := s.renderEvents(); !slices.Equal(ev, sorted(changed...)) {
				t.Errorf("EventRender for %v, want %v", ev, sorted(changed...))
			}
			for _, p := range all {
				if slices.Contains(want, p.ID) {
					continue
				}
				now := s.find(t, p)
				if now.RenderVersion != before[p.ID].RenderVersion || now.BodyHTML != before[p.ID].BodyHTML {
					t.Errorf("%q was rewritten: version %d → %d", p.Title, before[p.ID].RenderVersion, now.RenderVersion)
				}
			}
			if st.check != nil {
				st.check(t)
			}
		})
	}
}

func TestRerenderMerge(t *testing.T) {
	s := newVoiceSite(t)
	ctx := t.Context()
	dup, err := s.app.CreateEntry(ctx, s.moderator, &app.EntryInput{Name: "Kasimiya", Kind: burg.TagPlace,
		Epithet: "the doubled", FileUnder: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := s.post(t, "One", "Kasimiya again.")
	b := s.post(t, "Two", "Qasimiya once more.")
	c := s.post(t, "Three", "Nothing of either.")
	s.drain(t)
	cBefore := s.find(t, c).RenderVersion
	if _, err := s.app.MergeEntry(ctx, s.moderator, dup.ID, "qasimiya"); err != nil {
		t.Fatal(err)
	}
	got := s.drain(t)
	if !slices.Equal(sorted(got...), sorted(a.ID, b.ID)) {
		t.Errorf("rendered again %v, want the posts of both entries %d and %d", got, a.ID, b.ID)
	}
	if html := s.find(t, a).BodyHTML; !strings.Contains(html, `data-name="qasimiya"`) || !strings.Contains(html, "ineffectual</span> Kasimiya") {
		t.Errorf("the merged name boxes as the entry it joined:\n%s", html)
	}
	if v := s.find(t, c).RenderVersion; v != cBefore {
		t.Errorf("an unrelated post was rendered again")
	}
}

func TestRenderBackfill(t *testing.T) {
	s := newVoiceSite(t)
	ctx := t.Context()
	// Posts stored without a rendering, as an older Burg or an importer
	// leaves them.
	var old []*burg.Post
	for i := range 120 {
		p := &burg.Post{SectionID: s.section.ID, PosterID: s.poster.User.ID, Title: "Old " + itoa(int(int64(i))),
			Body: "Police arrested someone in Qassimiya.", PostedAt: s.clock.Now().Add(-time.Duration(i) * time.Hour)}
		old = append(old, p)
	}
	if err := s.store.CreatePosts(ctx, old); err != nil {
		t.Fatal(err)
	}
	step := s.drainStep(t)
	if step.Rendered != 50 || step.Changed != 50 {
		t.Errorf("first step rendered %d (%d changed), want a batch of 50", step.Rendered, step.Changed)
	}
	// The newest come first.
	if s.find(t, old[len(old)-1]).RenderVersion == 0 {
		t.Errorf("the newest post waits behind older ones")
	}
	s.drain(t)
	for _, p := range old {
		got := s.find(t, p)
		if got.RenderVersion == 0 || !strings.Contains(got.BodyHTML, "burg-swap") || got.Text == "" {
			t.Fatalf("post %d after the backfill: version %d, body %q", p.ID, got.RenderVersion, got.BodyHTML)
		}
	}
	pr, err := s.app.RenderProgress(ctx, s.moderator)
	if err != nil {
		t.Fatal(err)
	}
	if pr.Queued != 0 || pr.Unrendered != 0 {
		t.Errorf("progress after the backfill: %+v", *pr)
	}
	if _, err := s.app.RenderProgress(ctx, s.poster); burg.ErrorCode(err) != burg.EFORBIDDEN {
		t.Errorf("a poster saw the progress: %v", err)
	}
}

// TestRenderClaims checks that a claim made by a renderer that stopped
// runs out, so that the work is taken up after a restart.
func TestRenderClaims(t *testing.T) {
	s := newVoiceSite(t)
	ctx := t.Context()
	p := &burg.Post{SectionID: s.section.ID, PosterID: s.poster.User.ID, Title: "Unrendered",
		Body: "Qasimiya.", PostedAt: s.clock.Now()}
	if err := s.store.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	claimed, err := s.store.ClaimRenders(ctx, 10, time.Minute) // a renderer that then stopped
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claimed %d, %v", len(claimed), err)
	}
	if step := s.drainStep(t); !step.Idle {
		t.Errorf("a claimed post was rendered by another: %+v", step)
	}
	s.clock.Add(2 * time.Minute)
	if step := s.drainStep(t); step.Rendered != 1 {
		t.Errorf("after the claim ran out: %+v, want the post rendered", step)
	}
}

func TestNoDecoration(t *testing.T) {
	s := newVoiceSite(t)
	ctx := t.Context()
	p := s.post(t, "Held", "Police arrested two men in Qasimiya.")
	edit := func(x app.Actor, off bool) *burg.Post {
		t.Helper()
		old := s.find(t, p)
		in := &app.EditInput{PostInput: s.app.InputOf(old), NoDecoration: off,
			Updated: itoa(int(old.UpdatedAt.UnixNano()))}
		got, err := s.app.UpdatePost(ctx, x, p.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	edit(s.moderator, true)
	got := s.find(t, p)
	if !got.NoDecoration || strings.Contains(got.BodyHTML, "burg-") || !strings.Contains(got.BodyHTML, "arrested") {
		t.Errorf("decoration switched off: NoDecoration %v, body %s", got.NoDecoration, got.BodyHTML)
	}
	// A poster's edit keeps the switch as it is.
	edit(s.poster, false)
	if got := s.find(t, p); !got.NoDecoration {
		t.Errorf("a poster's edit switched decoration back on")
	}
	// Undecorated posts are not touched by dictionary changes.
	in := app.InputOfEntry(s.qasimiya)
	in.Epithet = "the hapless"
	if _, err := s.app.UpdateEntry(ctx, s.moderator, s.qasimiya.ID, &in, nil); err != nil {
		t.Fatal(err)
	}
	if got := s.drain(t); len(got) != 0 {
		t.Errorf("an undecorated post was rendered again: %v", got)
	}
	edit(s.moderator, false)
	if got := s.find(t, p); got.NoDecoration || !strings.Contains(got.BodyHTML, "the hapless") {
		t.Errorf("decoration switched on again: %s", got.BodyHTML)
	}
}

func TestSuggestTags(t *testing.T) {
	s := newVoiceSite(t)
	ctx := t.Context()
	retired := &burg.Tag{Name: "Old Ford", Slug: "old-ford", Kind: burg.TagPlace}
	topic := &burg.Tag{Name: "Smuggling", Slug: "smuggling"}
	for _, tag := range []*burg.Tag{retired, topic} {
		if err := s.store.CreateTag(ctx, tag); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.store.RetireTag(ctx, retired.ID); err != nil {
		t.Fatal(err)
	}
	names := func(tags []*burg.Tag) []string {
		var out []string
		for _, t := range tags {
			out = append(out, t.Name)
		}
		return out
	}
	for _, c := range []struct {
		name, text, typed string
		want              []string
	}{
		{"ByAlias", "Boats from Qassimiya smuggling fuel at the Old Ford, the Ledger says.", "", []string{"Qasimiya", "Smuggling"}},
		{"TypedAlready", "Qasimiya and smuggling.", "qasimiya", []string{"Smuggling"}},
		{"TypedAsAlias", "Qasimiya.", "Qassimiya", nil},
		{"Nothing", "Rain.", "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.app.SuggestTags(ctx, c.text, c.typed)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(names(got), c.want) {
				t.Errorf("suggested %q, want %q", names(got), c.want)
			}
		})
	}
}

func TestFileUnder(t *testing.T) {
	s := newVoiceSite(t)
	ctx := t.Context()
	old := &burg.Tag{Name: "Old Ford", Slug: "old-ford", Kind: burg.TagPlace}
	if err := s.store.CreateTag(ctx, old); err != nil {
		t.Fatal(err)
	}
	submit := func(tags string) (*burg.Post, error) {
		in := &app.SubmitInput{PostInput: app.PostInput{Title: "Tagged " + tags, Body: "Text.", Section: s.section.Slug,
			Tags: tags}, Article: true}
		res, err := s.app.Submit(ctx, s.poster, in)
		if err != nil {
			return nil, err
		}
		return res.Post, nil
	}
	p, err := submit("Qassimiya, Old Ford")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.find(t, p).Tags; len(got) != 2 || got[0].ID != s.qasimiya.ID {
		t.Errorf("an alias files under its entry: %v", got)
	}
	if _, err := submit("Ledger"); burg.ErrorCode(err) != burg.EINVALID {
		t.Errorf("filed under a name-only entry: %v", err)
	}
	if err := s.store.RetireTag(ctx, old.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := submit("Old Ford"); burg.ErrorCode(err) != burg.EINVALID {
		t.Errorf("filed under a retired entry: %v", err)
	}
	// A post filed under it before keeps it through an edit.
	cur := s.find(t, p)
	in := &app.EditInput{PostInput: s.app.InputOf(cur), Updated: itoa(int(cur.UpdatedAt.UnixNano()))}
	in.Body = "Edited."
	if _, err := s.app.UpdatePost(ctx, s.poster, p.ID, in); err != nil {
		t.Errorf("an edit of a post under a retired entry: %v", err)
	}
}
