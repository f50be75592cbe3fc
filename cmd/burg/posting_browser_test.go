package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/sqlstore"
)

// deskTimeout bounds the posting desk's browser test, start included (the
// demo content takes a while under -race).
const deskTimeout = 4 * time.Minute

// deskPassword is the test users' password.
const deskPassword = "river-bank-lantern-7"

// deskBrowser is one Chromium with one tab, and the errors its pages
// reported: console errors and uncaught exceptions.
type deskBrowser struct {
	name string
	ctx  context.Context

	mu       sync.Mutex
	problems []string
}

// newDeskBrowser starts a Chromium with a profile of its own. Every host
// but localhost and 127.* resolves to a closed port, so nothing leaves the
// machine.
func newDeskBrowser(t *testing.T, ctx context.Context, chrome, name string) *deskBrowser {
	t.Helper()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, chromeOptions(t, chrome)...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatalf("%s: start Chromium: %v", name, err)
	}
	b := &deskBrowser{name: name, ctx: tabCtx}
	if err := chromedp.Listen(tabCtx, b.listen); err != nil {
		t.Fatalf("%s: listen: %v", name, err)
	}
	return b
}

// listen notes console errors and uncaught exceptions; it runs in the
// tab's event loop, so it only records.
func (b *deskBrowser) listen(ev any) {
	var p string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError {
			return
		}
		var args []string
		for _, a := range ev.Args {
			args = append(args, a.Description+string(a.Value))
		}
		p = "console.error: " + strings.Join(args, " ")
	case *runtime.EventExceptionThrown:
		p = "uncaught exception: " + ev.ExceptionDetails.Text
		if e := ev.ExceptionDetails.Exception; e != nil {
			p += " " + e.Description
		}
	default:
		return
	}
	b.mu.Lock()
	b.problems = append(b.problems, p)
	b.mu.Unlock()
}

// clean fails the test for anything the pages reported since the last
// call.
func (b *deskBrowser) clean(t *testing.T, where string) {
	t.Helper()
	b.js(t, `0`)
	b.mu.Lock()
	got := b.problems
	b.problems = nil
	b.mu.Unlock()
	for _, p := range got {
		t.Errorf("%s: %s: %s", b.name, where, p)
	}
}

// run runs actions in the tab.
func (b *deskBrowser) run(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		t.Fatalf("%s: %s: %v", b.name, what, err)
	}
}

// js evaluates an expression and returns its value as JSON.
func (b *deskBrowser) js(t *testing.T, expr string) json.RawMessage {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[json.RawMessage](expr))
	if err != nil {
		t.Fatalf("%s: evaluate %s: %v", b.name, expr, err)
	}
	return v
}

// str evaluates an expression that gives a string.
func (b *deskBrowser) str(t *testing.T, expr string) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(b.js(t, expr), &s); err != nil {
		t.Fatalf("%s: %s is not a string: %v", b.name, expr, err)
	}
	return s
}

// text reads the trimmed text of the first element matching a CSS
// selector, "" when there is none.
func (b *deskBrowser) text(t *testing.T, sel string) string {
	t.Helper()
	return strings.Join(strings.Fields(b.str(t, `(document.querySelector(`+strconv.Quote(sel)+`)?.textContent ?? "")`)), " ")
}

// field reads the value of a form field.
func (b *deskBrowser) field(t *testing.T, sel string) string {
	t.Helper()
	return b.str(t, `(document.querySelector(`+strconv.Quote(sel)+`)?.value ?? "<none>")`)
}

// waitFor waits until an expression is truthy.
func (b *deskBrowser) waitFor(t *testing.T, what, expr string) {
	t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		t.Fatalf("%s: wait until %s: %v", b.name, what, err)
	}
}

// press clicks a button that sends its form, waits for the page that
// comes back and returns its address and HTTP status.
func (b *deskBrowser) press(t *testing.T, button string) (string, int64) {
	t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(button)))
	if err != nil {
		t.Fatalf("%s: press %s: %v", b.name, button, err)
	}
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		t.Fatalf("%s: location: %v", b.name, err)
	}
	return loc, resp.Status
}

// logIn logs the browser in through the login form.
func (b *deskBrowser) logIn(t *testing.T, base, nick string) {
	t.Helper()
	b.run(t, "open the login page", chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#login-form")),
		chromedp.SetValue(chromedp.CSS(`#login-form input[name="nick"]`), nick),
		chromedp.SetValue(chromedp.CSS(`#login-form input[name="password"]`), deskPassword))
	loc, status := b.press(t, "#login-form .burg-submit")
	if status != http.StatusOK || strings.Contains(loc, "/login") {
		t.Fatalf("%s: logging in landed on %s (%d): %s", b.name, loc, status, b.text(t, ".burg-form-error"))
	}
	if bar := b.text(t, ".burg-userbar"); !strings.Contains(bar, "Logged in as "+nick+" · Post a news link · Log out") {
		t.Fatalf("%s: user bar after logging in: %q", b.name, bar)
	}
	b.clean(t, "login")
}

// addDeskUser adds a user with deskPassword through burg user add.
func addDeskUser(t *testing.T, db, nick, role, colour string) {
	t.Helper()
	args := []string{"user", "add", "--db", db, "--nick", nick, "--role", role, "--password-stdin"}
	if colour != "" {
		args = append(args, "--colour", colour)
	}
	var out strings.Builder
	if err := run(t.Context(), args, func(string) string { return "" }, strings.NewReader(deskPassword+"\n"), &out, &out); err != nil {
		t.Fatalf("burg user add %s: %v\n%s", nick, err, out.String())
	}
}

// freePort returns a port on 127.0.0.1 that was free a moment ago, so
// that the server's public address is known before it starts.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// newsSite serves the saved Spanish article and its lead image on
// 127.0.0.1, as an outside news site would.
func newsSite(t *testing.T) *httptest.Server {
	t.Helper()
	page, err := os.ReadFile(filepath.Join("..", "..", "internal", "extract", "testdata", "es_regional.html"))
	if err != nil {
		t.Fatal(err)
	}
	gif := []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /navarra/2024/03/12/ebro-tudela", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/fotos/"), r.URL.Path == "/favicon.ico":
			w.Header().Set("Content-Type", "image/gif")
			w.Write(gif)
		default:
			w.WriteHeader(http.StatusNoContent) // stylesheets and scripts the page links
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// translationFlags picks the engine the test translates with: Apertium
// when its Spanish–English pair is installed (always under CI=true), else
// a stand-in LibreTranslate server.
func translationFlags(t *testing.T) (engine string, flags []string) {
	t.Helper()
	_, err := exec.LookPath("apertium")
	if err == nil {
		_, err = os.Stat("/usr/share/apertium/modes/spa-eng.mode")
	}
	if err == nil {
		return "Apertium", []string{"--apertium", "apertium"}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true needs apertium with the spa-eng pair (.ci/install-apertium.sh): %v", err)
	}
	t.Logf("apertium is not installed (%v); translating with a stand-in LibreTranslate", err)
	lt := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/languages" {
			io.WriteString(w, `[{"code": "es", "name": "Spanish", "targets": ["en"]}]`)
			return
		}
		var req struct{ Q string }
		json.NewDecoder(r.Body).Decode(&req)
		json.NewEncoder(w).Encode(map[string]string{"translatedText": "The flood of the Ebro. " + strings.Repeat("x", len(req.Q)%3)})
	}))
	t.Cleanup(lt.Close)
	return "LibreTranslate", []string{"--apertium", "", "--libretranslate-url", lt.URL}
}

// TestBrowserPostingDesk files a news link the way a poster does — the
// bookmarklet, Fetch, Translate, a suggested tag, Publish — and has a
// moderator edit it, add a remark and read the revision trail.
func TestBrowserPostingDesk(t *testing.T) {
	chrome := chromePath(t)
	engine, engineFlags := translationFlags(t)
	news := newsSite(t)
	sourceURL := news.URL + "/navarra/2024/03/12/ebro-tudela"

	dir := t.TempDir()
	db := filepath.Join(dir, "burg.db")
	addDeskUser(t, db, "Pen Pusher", burg.RolePoster, "")
	addDeskUser(t, db, "Blue Pencil", burg.RoleModerator, "#2255aa")
	// A tag the fetched text names, to be suggested.
	store, err := sqlstore.Open(t.Context(), db, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := store.CreateTag(t.Context(), &burg.Tag{Name: "Ebro", Slug: "ebro"}); err != nil {
		t.Fatal(err)
	}
	store.Close()

	port := freePort(t)
	base := "http://127.0.0.1:" + port
	srv := startServer(t, nil, append([]string{"--db", db, "--demo", "--addr", "127.0.0.1:" + port, "--base-url", base,
		"--allow-private-fetch", "--uploads-dir", filepath.Join(dir, "uploads")}, engineFlags...)...)
	if srv.URL != base {
		t.Fatalf("server at %s, want %s", srv.URL, base)
	}

	ctx, cancel := context.WithTimeout(t.Context(), deskTimeout)
	defer cancel()
	poster := newDeskBrowser(t, ctx, chrome, "poster")
	mod := newDeskBrowser(t, ctx, chrome, "moderator")

	// The moderator names the news site's short tag first.
	mod.logIn(t, base, "Blue Pencil")
	mod.run(t, "add a source name", chromedp.Navigate(base+"/admin/sources"),
		chromedp.WaitVisible(chromedp.CSS("#source-form")),
		chromedp.SetValue(chromedp.CSS(`#source-form input[name="domain"]`), "127.0.0.1"),
		chromedp.SetValue(chromedp.CSS(`#source-form input[name="name"]`), "DiarioRibera"))
	if _, status := mod.press(t, "#source-form .burg-submit"); status != http.StatusOK {
		t.Fatalf("adding a source: %d", status)
	}
	if got := mod.text(t, ".burg-sources tbody"); !strings.Contains(got, "[DiarioRibera]") {
		t.Fatalf("sources: %q", got)
	}
	mod.clean(t, "sources")

	// The poster logs in and takes the bookmarklet to the news page.
	poster.logIn(t, base, "Pen Pusher")
	poster.run(t, "open the bookmarklet page", chromedp.Navigate(base+"/bookmarklet"),
		chromedp.WaitVisible(chromedp.CSS("a.burg-bookmarklet")))
	href := poster.str(t, `document.querySelector("a.burg-bookmarklet").getAttribute("href")`)
	script, err := url.PathUnescape(strings.TrimPrefix(href, "javascript:"))
	if err != nil || !strings.HasPrefix(href, "javascript:") {
		t.Fatalf("bookmarklet %q: %v", href, err)
	}
	poster.clean(t, "bookmarklet page")
	poster.run(t, "open the news page", chromedp.Navigate(sourceURL), chromedp.WaitReady(chromedp.CSS("body")))
	selected := poster.str(t, `(() => {
		const p = [...document.querySelectorAll("p")].find(p => p.textContent.includes("Tudela"));
		const r = document.createRange(); r.selectNodeContents(p);
		const s = getSelection(); s.removeAllRanges(); s.addRange(r);
		return String(s);
	})()`)
	pageTitle := poster.str(t, `document.title`)
	if _, err := chromedp.RunResponse(poster.ctx, chromedp.Evaluate[chromedp.Void](`(0, eval)(`+strconv.Quote(script)+`); 0`)); err != nil {
		t.Fatalf("run the bookmarklet: %v", err)
	}
	poster.run(t, "wait for the form", chromedp.WaitVisible(chromedp.CSS("#submit-form")))
	if got := poster.field(t, "#s-url"); got != sourceURL {
		t.Errorf("the bookmarklet's url = %q, want %q", got, sourceURL)
	}
	if got := poster.field(t, "#s-title"); got != pageTitle {
		t.Errorf("the bookmarklet's title = %q, want %q", got, pageTitle)
	}
	if got := poster.field(t, "#s-body"); strings.TrimSpace(got) != strings.TrimSpace(selected) || got == "" {
		t.Errorf("the bookmarklet's text = %q, want the selection %q", got, selected)
	}
	poster.clean(t, "form from the bookmarklet")

	// Fetch fills in the form from the page.
	if _, status := poster.press(t, "#fetch"); status != http.StatusOK {
		t.Fatalf("fetch: %d: %s", status, poster.text(t, ".burg-form-error"))
	}
	if got := poster.field(t, "#s-title"); got != "El Ebro se desborda en Tudela y obliga a desalojar dos urbanizaciones" {
		t.Errorf("fetched title = %q", got)
	}
	if got := poster.field(t, "#s-lang"); got != "es" {
		t.Errorf("fetched language = %q", got)
	}
	if got := poster.field(t, "#s-source-tag"); got != "DiarioRibera" {
		t.Errorf("fetched source tag = %q", got)
	}
	if got := poster.text(t, ".burg-site-name"); got != "Diario de la Ribera" {
		t.Errorf("site name = %q", got)
	}
	poster.waitFor(t, "the lead image loads", `(() => { const i = document.querySelector("img.burg-lead-image");
		return i && i.complete && i.naturalWidth > 0; })()`)
	poster.clean(t, "fetched form")

	// The poster trims the text to its first paragraph and translates it.
	spanish := poster.str(t, `(() => { const b = document.getElementById("s-body");
		b.value = b.value.split("\n\n").find(p => p.includes("Tudela")); return b.value; })()`)
	poster.run(t, "pick the engine", chromedp.SetValue(chromedp.CSS("#s-engine"), engine))
	if _, status := poster.press(t, "#translate"); status != http.StatusOK {
		t.Fatalf("translate: %d: %s", status, poster.text(t, ".burg-form-error"))
	}
	if got := poster.field(t, "#s-note"); got != "Direct translation via "+engine+". Edited." {
		t.Errorf("note = %q", got)
	}
	if got := poster.field(t, "#s-original"); got != spanish {
		t.Errorf("original = %q, want %q", got, spanish)
	}
	english := poster.field(t, "#s-body")
	if english == spanish || !strings.Contains(english, "Ebro") {
		t.Errorf("translation = %q", english)
	}
	poster.clean(t, "translated form")

	// A suggested tag, a typed one, a section, and publish.
	poster.run(t, "take the suggestion", chromedp.Click(chromedp.CSS(`button.burg-tag-suggestion[data-tag="Ebro"]`)))
	if got := poster.field(t, "#s-tags"); got != "Ebro" {
		t.Errorf("tags after the suggestion = %q", got)
	}
	poster.run(t, "tag and file", chromedp.SendKeys(chromedp.CSS("#s-tags"), ", Floods"))
	section := poster.str(t, `(() => { const s = document.getElementById("s-section");
		s.value = [...s.options].find(o => o.value !== "").value; return s.selectedOptions[0].textContent; })()`)
	loc, status := poster.press(t, "#publish")
	if status != http.StatusOK || !strings.Contains(loc, "/posts/") {
		t.Fatalf("publish landed on %s (%d): %s", loc, status, poster.text(t, ".burg-form-error"))
	}
	path := strings.TrimPrefix(loc, base)
	id := strings.Split(strings.TrimPrefix(path, "/posts/"), "/")[0]
	checks := map[string]string{
		"article.h-entry .burg-note":   "Direct translation via " + engine + ". Edited.",
		"article.h-entry .burg-source": "[DiarioRibera]",
		"article.h-entry .p-author":    "Pen Pusher",
		"article.h-entry .p-name":      "El Ebro se desborda en Tudela y obliga a desalojar dos urbanizaciones",
	}
	for sel, want := range checks {
		if got := poster.text(t, sel); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	if got := poster.str(t, `[...document.querySelectorAll("article.h-entry .p-category")].map(a => a.textContent).join(", ")`); got != "Ebro, Floods" {
		t.Errorf("tags on the page = %q", got)
	}
	if got := poster.text(t, "article.h-entry .burg-section"); !strings.Contains(section, got) {
		t.Errorf("section = %q, picked %q", got, section)
	}
	poster.clean(t, "published article")

	// The moderator edits it from the article page and adds a remark.
	mod.run(t, "open the article", chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS(".burg-post-tools #edit-post")))
	if _, status := mod.press(t, "#edit-post"); status != http.StatusOK {
		t.Fatalf("edit page: %d", status)
	}
	mod.run(t, "edit", chromedp.WaitVisible(chromedp.CSS("#edit-form")),
		chromedp.SetValue(chromedp.CSS("#e-title"), "The Ebro floods Tudela"),
		chromedp.SetValue(chromedp.CSS("#e-remark"), "Mind the river."))
	mod.clean(t, "edit page")
	loc, status = mod.press(t, "#save")
	if status != http.StatusOK || !strings.Contains(loc, "/posts/"+id+"/") {
		t.Fatalf("save landed on %s (%d): %s", loc, status, mod.text(t, ".burg-form-error"))
	}
	if got := mod.text(t, "article.h-entry .p-name"); got != "The Ebro floods Tudela" {
		t.Errorf("title after the edit = %q", got)
	}
	remark := mod.str(t, `(() => { const r = [...document.querySelectorAll("article.h-entry .burg-remark")].pop();
		return r ? r.className + "|" + r.textContent + "|" + getComputedStyle(r).borderTopColor : ""; })()`)
	if parts := strings.Split(remark, "|"); len(parts) != 3 || !strings.Contains(parts[0], "burg-mod-") ||
		!strings.Contains(parts[1], "Mind the river.") || parts[2] != "rgb(34, 85, 170)" {
		t.Errorf("remark = %q, want it in Blue Pencil's colour", remark)
	}
	mod.clean(t, "edited article")

	// The revision trail says who changed what.
	mod.run(t, "open the changes", chromedp.Navigate(base+"/posts/"+id+"/revisions"),
		chromedp.WaitVisible(chromedp.CSS(".burg-revision")))
	trail := mod.str(t, `JSON.stringify([...document.querySelectorAll(".burg-revision")].map(r => ({
		user: r.querySelector(".burg-revision-user").textContent,
		action: r.querySelector(".burg-revision-action").textContent,
		fields: [...r.querySelectorAll(".burg-changes tbody th")].map(th => th.textContent),
		added: [...r.querySelectorAll("ins.burg-diff-add")].map(l => l.textContent),
	})))`)
	var revs []struct {
		User, Action  string
		Fields, Added []string
	}
	if err := json.Unmarshal([]byte(trail), &revs); err != nil {
		t.Fatal(err)
	}
	// Newest first: the remark, then the edit it came with.
	if len(revs) != 2 || revs[0].User != "Blue Pencil" || revs[0].Action != burg.ActionRemark ||
		strings.Join(revs[0].Fields, ",") != "Remarks" ||
		revs[1].User != "Blue Pencil" || revs[1].Action != burg.ActionEdited || strings.Join(revs[1].Fields, ",") != "Title" {
		t.Errorf("revision trail = %+v", revs)
	}
	mod.clean(t, "revisions")
}
