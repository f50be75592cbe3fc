package web_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
	"github.com/burg-news/burg/internal/bus"
	"github.com/burg-news/burg/internal/upload"
	"github.com/burg-news/burg/internal/web"
)

// voiceFixture is the desk fixture with the application layer at hand, so
// that a test can run the background renderer step by step, and with
// photos switched on.
type voiceFixture struct {
	*deskFixture
	app *app.App
}

func newVoiceFixture(t *testing.T) *voiceFixture {
	t.Helper()
	v := &voiceFixture{}
	files := upload.DirStorage{Dir: t.TempDir()}
	v.deskFixture = newDeskFixture(t, func(d *web.Deps) {
		b := bus.New()
		a, err := app.New(t.Context(), app.Config{SiteName: "Burg Test", CommentsCloseAfter: 7 * 24 * time.Hour},
			app.Deps{Store: d.Store, Events: b, Now: d.Now, Uploads: upload.New(upload.Config{}, files)})
		if err != nil {
			t.Fatal(err)
		}
		b.Subscribe(a.Apply)
		d.App, d.Bus, d.Files = a, b, files
		v.app = a
	})
	return v
}

// drain runs the background renderer until it has nothing left to do and
// returns how many posts it rendered.
func (v *voiceFixture) drain(t *testing.T) int {
	t.Helper()
	n := 0
	for range 1000 {
		step, err := v.app.RenderOnce(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if step.Idle {
			return n
		}
		n += step.Rendered
	}
	t.Fatal("the renderer never came to rest")
	return 0
}

// upload sends a multipart form with a photo in field image.
func (b *browser) upload(path string, photo []byte, fields ...string) (*http.Response, *goquery.Document) {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	if photo != nil {
		fw, err := mw.CreateFormFile("image", "portrait.png")
		if err != nil {
			b.t.Fatal(err)
		}
		fw.Write(photo)
	}
	mw.Close()
	req, err := http.NewRequestWithContext(b.t.Context(), http.MethodPost, b.f.srv.URL+path, &body)
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	d, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return resp, d
}

// pngPhoto is a small photo made for the test.
func pngPhoto(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 24, 16))
	for x := range 24 {
		for y := range 16 {
			img.Set(x, y, color.RGBA{uint8(10 * x), uint8(15 * y), 90, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestHouseVoiceOnPages posts an article through the posting form and
// reads the house voice on its page, the edition and the entry's page.
func TestHouseVoiceOnPages(t *testing.T) {
	v := newVoiceFixture(t)
	ctx := t.Context()
	qasimiya := &burg.Tag{Name: "Qasimiya", Slug: "qasimiya", Kind: burg.TagPlace, Epithet: "the ineffectual",
		Description: "River state of oil fields and rival militias.", Aliases: []string{"Kasimiya"}}
	if err := v.store.CreateTag(ctx, qasimiya); err != nil {
		t.Fatal(err)
	}
	if err := v.store.CreateSwap(ctx, &burg.Swap{Term: "arrested", Variants: []string{"jugged"}}); err != nil {
		t.Fatal(err)
	}
	poster := v.browser(t)
	poster.login("Thimble Wick", "")
	resp, d := poster.post("/submit", "kind", "article", "title", "Ferrymen held at the border",
		"section", v.sectionID(), "tags", "Vellmar",
		"body", "Police arrested two ferrymen from Kasimiya, the harbour board said.\n\n"+
			"[quote]Nobody was arrested in Qasimiya,[/quote] a minister said. Qasimiya denies it.",
		"action", "publish")
	wantStatus(t, "publish", resp, d, http.StatusSeeOther)
	id := postIDOf(t, resp.Header.Get("Location"))

	reader := v.browser(t)
	_, d = reader.do(http.MethodGet, "/posts/"+strconv.FormatInt(id, 10), nil)
	body := d.Find("article.h-entry .e-content")
	swap := body.Find(".burg-swap[title]")
	if swap.Length() != 1 || swap.AttrOr("title", "") != "arrested" || text(swap) != "jugged" {
		t.Errorf("swaps: %d, title %q, text %q; want one, arrested → jugged", swap.Length(), swap.AttrOr("title", ""), text(swap))
	}
	if body.Find("blockquote .burg-swap, blockquote .burg-name").Length() != 0 {
		t.Errorf("the quote is decorated: %s", must(body.Html()))
	}
	names := body.Find(".burg-name")
	if names.Length() != 1 || !names.HasClass("burg-name-place") {
		t.Fatalf("%d name boxes, want one, for the first mention by the alias: %s", names.Length(), must(body.Html()))
	}
	button := names.Find("button.burg-name-term")
	if got := text(button); got != "the ineffectual Kasimiya" {
		t.Errorf("the mention reads %q", got)
	}
	box := names.Find(".burg-name-box")
	if ctl := button.AttrOr("aria-controls", ""); ctl == "" || box.AttrOr("id", "") != ctl ||
		button.AttrOr("aria-expanded", "") != "false" {
		t.Errorf("the disclosure: aria-controls %q, box id %q, aria-expanded %q", ctl, box.AttrOr("id", ""), button.AttrOr("aria-expanded", ""))
	}
	if _, hidden := box.Attr("hidden"); !hidden || !strings.Contains(text(box), qasimiya.Description) {
		t.Errorf("the box: hidden %v, text %q", hidden, text(box))
	}
	if href := box.Find("a.burg-name-link").AttrOr("href", ""); href != "/tags/qasimiya" {
		t.Errorf("the box links to %q", href)
	}

	// Today's edition shows the post's stored rendering; box ids differ
	// between the posts of a page.
	_, d = reader.do(http.MethodGet, "/", nil)
	if d.Find("#p"+strconv.FormatInt(id, 10)+" .e-content .burg-name").Length() != 1 {
		t.Errorf("the edition does not show the name box")
	}
	ids := map[string]bool{}
	d.Find(".burg-name-box").Each(func(_ int, s *goquery.Selection) {
		if ids[s.AttrOr("id", "")] {
			t.Errorf("two boxes with id %q", s.AttrOr("id", ""))
		}
		ids[s.AttrOr("id", "")] = true
	})

	// The entry's page: the entry on top, its posts below.
	_, d = reader.do(http.MethodGet, "/tags/vellmar", nil)
	if d.Find("article.h-entry").Length() != 5 {
		t.Errorf("the tag page lists %d posts, want 5", d.Find("article.h-entry").Length())
	}
	in := app.InputOfEntry(qasimiya)
	in.FileUnder = true
	mod := v.browser(t)
	mod.login("Gorse", "")
	resp, d = mod.upload("/mod/names/"+strconv.FormatInt(qasimiya.ID, 10), pngPhoto(t), "name", in.Name, "slug", in.Slug,
		"kind", in.Kind, "epithet", in.Epithet, "description", in.Description, "aliases", in.Aliases, "file_under", "on")
	wantStatus(t, "save the entry with a photo", resp, d, http.StatusSeeOther)
	_, d = reader.do(http.MethodGet, "/tags/qasimiya", nil)
	entry := d.Find(".burg-tag-entry")
	if got := text(entry.Find(".burg-tag-epithet")); got != "the ineffectual Qasimiya" {
		t.Errorf("epithet on the entry's page: %q", got)
	}
	if got := text(entry.Find(".burg-tag-description")); got != qasimiya.Description {
		t.Errorf("description on the entry's page: %q", got)
	}
	src := entry.Find("img.burg-tag-image").AttrOr("src", "")
	if !strings.HasPrefix(src, "/uploads/") {
		t.Fatalf("the entry's photo: %q", src)
	}
	if resp, _ := reader.do(http.MethodGet, src, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("GET %s: %d", src, resp.StatusCode)
	}
	if got := text(entry.Find(".burg-tag-aliases")); got != "Also written: Kasimiya" {
		t.Errorf("aliases on the entry's page: %q", got)
	}
	// The photo reaches the boxes once the renderer has been by.
	v.drain(t)
	_, d = reader.do(http.MethodGet, "/posts/"+strconv.FormatInt(id, 10), nil)
	if got := d.Find(".e-content .burg-name-box img.burg-name-image").AttrOr("src", ""); got != src {
		t.Errorf("the box's photo is %q, want %q", got, src)
	}
	// A retired entry keeps its page.
	mod.post("/mod/names/" + strconv.FormatInt(qasimiya.ID, 10) + "/retire")
	_, d = reader.do(http.MethodGet, "/tags/qasimiya", nil)
	if d.Find(".burg-tag-retired").Length() != 1 || text(d.Find(".burg-tag-description")) != qasimiya.Description {
		t.Errorf("the retired entry's page: %q", text(d.Find(".burg-tag-entry")))
	}
}

// TestModNamesRerender changes the dictionary through the moderators'
// pages and checks that exactly the posts that mention what changed are
// rendered again, with their pages following.
func TestModNamesRerender(t *testing.T) {
	v := newVoiceFixture(t)
	ctx := t.Context()
	if n := v.drain(t); n != 6 {
		t.Fatalf("the backfill rendered %d posts, want the fixture's 6", n)
	}
	versions := func() map[int64]int64 {
		posts, _, err := v.store.FindPosts(ctx, burg.PostFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]int64{}
		for _, p := range posts {
			out[p.ID] = p.RenderVersion
		}
		return out
	}
	rewritten := func(before map[int64]int64) []int64 {
		var ids []int64
		for id, ver := range versions() {
			if ver != before[id] {
				ids = append(ids, id)
			}
		}
		return ids
	}
	article := "/posts/" + strconv.FormatInt(v.article.ID, 10)
	reader := v.browser(t)
	_, d := reader.do(http.MethodGet, article, nil) // cached now
	if d.Find(".e-content .burg-name").Length() != 0 {
		t.Fatalf("a name box before the entry has a kind")
	}

	mod := v.browser(t)
	mod.login("Gorse", "")
	// Vellmar, a topic so far, becomes a place with an epithet.
	vellmar := "/mod/names/" + strconv.FormatInt(v.tag.ID, 10)
	resp, d := mod.do(http.MethodGet, vellmar, nil)
	wantStatus(t, "the entry's page", resp, d, http.StatusOK)
	before := versions()
	resp, d = mod.post(vellmar, "name", "Vellmar", "slug", "vellmar", "kind", burg.TagPlace,
		"epithet", "the quarrelsome", "description", v.tag.Description, "aliases", "Vellmarer", "file_under", "on")
	wantStatus(t, "save Vellmar", resp, d, http.StatusSeeOther)
	_, d = mod.do(http.MethodGet, "/mod/names", nil)
	if d.Find(".burg-changes-open li").Length() != 1 || !strings.Contains(text(d.Find(".burg-changes-open")), "Vellmar") {
		t.Errorf("progress before the renderer ran: %q", text(d.Find(".burg-render-progress")))
	}
	v.drain(t)
	got := rewritten(before)
	if len(got) != 1 || got[0] != v.article.ID {
		t.Errorf("rendered again %v, want only the article %d, the one post that mentions Vellmar", got, v.article.ID)
	}
	_, d = reader.do(http.MethodGet, article, nil)
	if got := text(d.Find(".e-content .burg-name-term")); got != "the quarrelsome Vellmar" {
		t.Errorf("after the change the article reads %q", got)
	}
	_, d = mod.do(http.MethodGet, "/mod/names", nil)
	if d.Find(".burg-changes-open li").Length() != 0 || d.Find(".burg-render-done").Length() != 1 {
		t.Errorf("progress after the renderer ran: %q", text(d.Find(".burg-render-progress")))
	}

	// A new swap reaches the posts whose text has its words.
	before = versions()
	resp, d = mod.post("/mod/swaps", "term", "lighthouse", "variants", "lamp tower\nbeacon shed")
	wantStatus(t, "add a swap", resp, d, http.StatusSeeOther)
	v.drain(t)
	var want []int64
	posts, _, _ := v.store.FindPosts(ctx, burg.PostFilter{Limit: 100})
	for _, p := range posts {
		if strings.Contains(strings.ToLower(p.Text), "lighthouse") {
			want = append(want, p.ID)
		}
	}
	if got := rewritten(before); !slices.Equal(sortedIDs(got), sortedIDs(want)) || len(want) == 0 || len(want) == len(posts) {
		t.Errorf("rendered again %v, want the %d posts that say lighthouse of %d", got, len(want), len(posts))
	}
	_, d = reader.do(http.MethodGet, article, nil)
	if s := d.Find(".e-content .burg-swap"); s.Length() == 0 || s.AttrOr("title", "") != "lighthouse" {
		t.Errorf("the article's swaps: %s", must(d.Find(".e-content").Html()))
	}

	// Deleting it takes the swap out again.
	sws, err := v.store.FindSwaps(ctx)
	if err != nil || len(sws) != 1 {
		t.Fatal(sws, err)
	}
	resp, d = mod.post("/mod/swaps/" + strconv.FormatInt(sws[0].ID, 10) + "/delete")
	wantStatus(t, "delete the swap", resp, d, http.StatusSeeOther)
	v.drain(t)
	_, d = reader.do(http.MethodGet, article, nil)
	if d.Find(".e-content .burg-swap").Length() != 0 {
		t.Errorf("a deleted swap is still shown")
	}
}

func TestModNamesForms(t *testing.T) {
	v := newVoiceFixture(t)
	mod := v.browser(t)
	mod.login("Gorse", "")
	for _, c := range []struct {
		name   string
		fields []string
		status int
		msg    string
	}{
		{"NoName", []string{"name", "", "kind", "place"}, http.StatusUnprocessableEntity, "name"},
		{"BadKind", []string{"name", "Tavrin", "kind", "planet"}, http.StatusUnprocessableEntity, "group, person, place or topic"},
		{"NoSlug", []string{"name", "القاسمية", "kind", "place"}, http.StatusUnprocessableEntity, "slug"},
		{"SlugTaken", []string{"name", "Vellmar", "kind", "place"}, http.StatusConflict, "vellmar"},
		{"AliasIsName", []string{"name", "Tavrin", "kind", "place", "aliases", "tavrin"}, http.StatusUnprocessableEntity, "own name"},
		{"OK", []string{"name", "Tavrin", "kind", "place", "aliases", "Tavrinsk, Tawrin", "epithet", "the draughty"}, http.StatusSeeOther, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, d := mod.post("/mod/names", c.fields...)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %q", resp.StatusCode, c.status, text(d.Find(".burg-form-error")))
			}
			if c.status == http.StatusSeeOther {
				return
			}
			if msg := text(d.Find("#entry-form .burg-form-error")); !strings.Contains(strings.ToLower(msg), strings.ToLower(c.msg)) {
				t.Errorf("message %q, want it to mention %q", msg, c.msg)
			}
			if got := value(d, "#entry-form", "name"); got != c.fields[1] {
				t.Errorf("the form came back with name %q, want %q as typed", got, c.fields[1])
			}
		})
	}
	tags, err := v.store.FindTags(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var tavrin *burg.Tag
	for _, tag := range tags {
		if tag.Name == "Tavrin" {
			tavrin = tag
		}
	}
	if tavrin == nil || tavrin.Kind != burg.TagPlace || strings.Join(tavrin.Aliases, "|") != "Tavrinsk|Tawrin" || tavrin.Epithet != "the draughty" {
		t.Fatalf("the entry added: %+v", tavrin)
	}
	// Merging into a missing entry comes back with the message; merging
	// into Vellmar moves the aliases and goes to Vellmar's page.
	path := "/mod/names/" + strconv.FormatInt(tavrin.ID, 10)
	resp, d := mod.post(path+"/merge", "into", "Atlantis")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(text(d.Find("#merge-form .burg-form-error")), "Atlantis") {
		t.Errorf("merge into nothing: %d %q", resp.StatusCode, text(d.Find(".burg-form-error")))
	}
	resp, _ = mod.post(path+"/merge", "into", "vellmar")
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/mod/names/"+strconv.FormatInt(v.tag.ID, 10) {
		t.Errorf("merge: %d to %q", resp.StatusCode, loc)
	}
	got, err := v.store.FindTag(t.Context(), v.tag.ID)
	if err != nil || strings.Join(got.Aliases, "|") != "Tavrin|Tavrinsk|Tawrin" {
		t.Errorf("Vellmar after the merge: %+v, %v", got, err)
	}
	if resp, _ := mod.do(http.MethodGet, path, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the merged entry's page: %d, want 404", resp.StatusCode)
	}

	// Swaps.
	resp, d = mod.post("/mod/swaps", "term", "arrested", "variants", "")
	if resp.StatusCode != http.StatusUnprocessableEntity || value(d, "#swap-form", "term") != "arrested" {
		t.Errorf("a swap without replacements: %d", resp.StatusCode)
	}
	mod.post("/mod/swaps", "term", "arrested", "variants", "jugged\nnicked")
	resp, _ = mod.post("/mod/swaps", "term", "Arrested", "variants", "collared")
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("a second swap of the same words: %d, want 409", resp.StatusCode)
	}
	sws, err := v.store.FindSwaps(t.Context())
	if err != nil || len(sws) != 1 || strings.Join(sws[0].Variants, "|") != "jugged|nicked" {
		t.Fatalf("swaps: %+v %v", sws, err)
	}
	swap := "/mod/swaps/" + strconv.FormatInt(sws[0].ID, 10)
	resp, d = mod.do(http.MethodGet, swap, nil)
	wantStatus(t, "the swap's page", resp, d, http.StatusOK)
	if got := value(d, "#swap-form", "variants"); got != "jugged\nnicked" {
		t.Errorf("the swap form shows %q", got)
	}
	mod.post(swap, "term", "arrested", "variants", "tossed in the slammer")
	if sw, _ := v.store.FindSwap(t.Context(), sws[0].ID); sw == nil || strings.Join(sw.Variants, "|") != "tossed in the slammer" {
		t.Errorf("the swap after the edit: %+v", sw)
	}
}

func TestModNamesAccess(t *testing.T) {
	v := newVoiceFixture(t)
	poster := v.browser(t)
	poster.login("Thimble Wick", "")
	reader := v.browser(t)
	id := strconv.FormatInt(v.tag.ID, 10)
	for _, c := range []struct {
		method, path string
	}{
		{http.MethodGet, "/mod/names"}, {http.MethodGet, "/mod/names/" + id}, {http.MethodPost, "/mod/names"},
		{http.MethodPost, "/mod/names/" + id}, {http.MethodPost, "/mod/names/" + id + "/retire"},
		{http.MethodPost, "/mod/names/" + id + "/merge"}, {http.MethodGet, "/mod/swaps"}, {http.MethodPost, "/mod/swaps"},
	} {
		form := url.Values{"name": {"Intruder"}, "kind": {"place"}, "into": {"ferries"}, "term": {"x"}, "variants": {"y"}}
		if c.method == http.MethodGet {
			form = nil
		}
		if resp, _ := poster.do(c.method, c.path, form); resp.StatusCode != http.StatusForbidden {
			t.Errorf("poster %s %s: %d, want 403", c.method, c.path, resp.StatusCode)
		}
		resp, _ := reader.do(c.method, c.path, form)
		if c.method == http.MethodGet && resp.StatusCode != http.StatusSeeOther || c.method == http.MethodPost && resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusForbidden {
			t.Errorf("reader %s %s: %d", c.method, c.path, resp.StatusCode)
		}
	}
	if tag, err := v.store.FindTag(t.Context(), v.tag.ID); err != nil || tag.Kind != burg.TagTopic || tag.RetiredAt != nil {
		t.Errorf("the entry changed: %+v %v", tag, err)
	}
}

func TestPostEditNoDecoration(t *testing.T) {
	v := newVoiceFixture(t)
	if err := v.store.CreateSwap(t.Context(), &burg.Swap{Term: "harbour board", Variants: []string{"port bosses"}}); err != nil {
		t.Fatal(err)
	}
	v.drain(t)
	article := "/posts/" + strconv.FormatInt(v.article.ID, 10)
	reader := v.browser(t)
	if _, d := reader.do(http.MethodGet, article, nil); d.Find(".e-content .burg-swap").Length() == 0 {
		t.Fatal("no swap to switch off")
	}
	mod := v.browser(t)
	mod.login("Gorse", "")
	_, d := mod.do(http.MethodGet, editPath(v.article.ID), nil)
	if d.Find(`#edit-form input[name="no_decoration"][type="checkbox"]`).Length() != 1 {
		t.Fatal("the moderator's edit form has no switch")
	}
	resp, d := mod.post(editPath(v.article.ID), with(editForm(d), "no_decoration", "on")...)
	wantStatus(t, "switch off", resp, d, http.StatusSeeOther)
	_, d = reader.do(http.MethodGet, article, nil)
	if d.Find(".e-content .burg-swap").Length() != 0 || !strings.Contains(text(d.Find(".e-content")), "harbour board") {
		t.Errorf("decoration switched off, the article reads: %s", must(d.Find(".e-content").Html()))
	}
	_, d = mod.do(http.MethodGet, editPath(v.article.ID), nil)
	if _, on := d.Find(`input[name="no_decoration"]`).Attr("checked"); !on {
		t.Error("the switch does not show as on")
	}
	poster := v.browser(t)
	poster.login("Thimble Wick", "")
	_, d = poster.do(http.MethodGet, editPath(v.article.ID), nil)
	if d.Find(`input[name="no_decoration"]`).Length() != 0 {
		t.Error("a poster's edit form offers the switch")
	}
}

func sortedIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}
