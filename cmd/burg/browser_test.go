package main

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Time limits of a browser test: starting the server and the browsers
// (the demo content takes a while under -race), then driving them.
const (
	startTimeout   = 12 * time.Minute
	browserTimeout = 6 * time.Minute
)

// readerUA is what the test browsers call themselves. Headless Chromium
// says "HeadlessChrome", which Burg takes for a robot (no visitor cookie
// on article pages, so no photo upload before a first comment, and no
// view counted); the tests play people.
const readerUA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"

// nickRE is the shape of a Pic-a-Nic nickname: two words and four digits.
var nickRE = regexp.MustCompile(`^\S+ \S+\d{4}$`)

// chromePath returns the Chromium to drive: BURG_TEST_CHROME or Debian's.
// Without one the test skips, except under CI=true, where it fails.
func chromePath(t *testing.T) string {
	t.Helper()
	p := os.Getenv("BURG_TEST_CHROME")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(p); err != nil {
		msg := fmt.Sprintf("browser tests need Chromium; none at %s (set BURG_TEST_CHROME): %v", p, err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return p
}

// chromeOptions are the flags every test browser runs with: headless, no
// sandbox (tests run as root), no background traffic, a profile of its
// own, and every host name but localhost and 127.* resolving to a closed
// port, so that nothing leaves the machine.
func chromeOptions(t *testing.T, path string) []chromedp.ExecAllocatorOption {
	t.Helper()
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("host-resolver-rules", "MAP * 127.0.0.1:9 , EXCLUDE localhost , EXCLUDE 127.*"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.UserAgent(readerUA),
		chromedp.WindowSize(1280, 1024),
	}
}

// browser is one Chromium process with one tab, and what its pages
// reported: console errors, uncaught exceptions, CSP violations.
type browser struct {
	name string
	ctx  context.Context

	mu       sync.Mutex
	problems []string
	answers  []string // what to type into the next prompt dialogs
}

// startBrowserTest starts burg serve (see startBrowserServer) and one
// Chromium per name side by side; from then on the browsers have
// browserTimeout for the test. Each browser has a profile, so cookies, of
// its own. Every host name but localhost resolves to a closed port, so
// nothing leaves the machine.
func startBrowserTest(t *testing.T, names ...string) (*server, []*browser) {
	t.Helper()
	return startBrowserTestFor(t, browserTimeout, names...)
}

// startBrowserTestFor is startBrowserTest with the browsers' time given.
func startBrowserTestFor(t *testing.T, limit time.Duration, names ...string) (*server, []*browser) {
	t.Helper()
	path := chromePath(t)
	ctx, cancel := context.WithTimeout(t.Context(), startTimeout)
	t.Cleanup(cancel)
	bs := make([]*browser, len(names))
	closers := make([]func(), len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, chromeOptions(t, path)...)
		tabCtx, cancelTab := chromedp.NewContext(allocCtx)
		closers[i] = func() {
			cancelTab()
			cancelAlloc()
		}
		t.Cleanup(closers[i])
		bs[i] = &browser{name: name, ctx: tabCtx}
		wg.Go(func() { errs[i] = chromedp.Do(tabCtx) })
	}
	srv := startBrowserServer(t)
	wg.Wait()
	// Close the browsers before the server stops.
	t.Cleanup(func() {
		for _, c := range closers {
			c()
		}
	})
	for i, b := range bs {
		if errs[i] != nil {
			t.Fatalf("%s: start Chromium: %v", b.name, errs[i])
		}
		// A context derived from the tab's bounds what runs in it and
		// leaves the browser to the cleanup.
		var cancel context.CancelFunc
		b.ctx, cancel = context.WithTimeout(b.ctx, limit)
		t.Cleanup(cancel)
		if err := chromedp.Listen(b.ctx, b.listen); err != nil {
			t.Fatalf("%s: listen: %v", b.name, err)
		}
		go b.answerDialogs()
	}
	return srv, bs
}

// listen notes what a page reports as going wrong. It runs in the tab's
// event loop, so it only records.
func (b *browser) listen(ev any) {
	var p string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		args := make([]string, len(ev.Args))
		for i, a := range ev.Args {
			args[i] = a.Description
			if len(a.Value) > 0 {
				args[i] = string(a.Value)
			}
		}
		p = "console." + string(ev.Type) + ": " + strings.Join(args, " ")
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		p = "uncaught exception: " + d.Text
		if d.Exception != nil {
			p += " " + d.Exception.Description
		}
		p += fmt.Sprintf(" (%s:%d)", d.URL, d.LineNumber+1)
	case *cdplog.EventEntryAdded:
		e := ev.Entry
		if e.Level != cdplog.EntryLevelError && e.Source != cdplog.EntrySourceSecurity {
			return
		}
		p = fmt.Sprintf("log %s %s: %s (%s)", e.Source, e.Level, e.Text, e.URL)
	default:
		return
	}
	b.mu.Lock()
	b.problems = append(b.problems, p)
	b.mu.Unlock()
}

// answerDialogs answers each prompt with the next queued answer, and
// dismisses any dialog nobody expected.
func (b *browser) answerDialogs() {
	for ev, err := range chromedp.Events(b.ctx, page.JavascriptDialogOpening) {
		if err != nil {
			return
		}
		b.mu.Lock()
		params := page.HandleJavaScriptDialogParams{}
		if ev.Type == page.DialogTypePrompt && len(b.answers) > 0 {
			params = page.HandleJavaScriptDialogParams{Accept: true, PromptText: b.answers[0]}
			b.answers = b.answers[1:]
		} else {
			b.problems = append(b.problems, fmt.Sprintf("unexpected %s dialog: %q", ev.Type, ev.Message))
		}
		b.mu.Unlock()
		if _, err := chromedp.Call(b.ctx, page.HandleJavaScriptDialog, params); err != nil {
			return
		}
	}
}

// answerNextPrompt queues the text for the next prompt dialog.
func (b *browser) answerNextPrompt(s string) {
	b.mu.Lock()
	b.answers = append(b.answers, s)
	b.mu.Unlock()
}

// clean fails the test for anything the browser's pages reported since
// the last call. A round trip to the tab first makes sure every event sent
// before it has been seen.
func (b *browser) clean(t *testing.T, where string) {
	t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[chromedp.Void](`0`)); err != nil {
		t.Fatalf("%s: %s: %v", b.name, where, err)
	}
	b.mu.Lock()
	got := b.problems
	b.problems = nil
	b.mu.Unlock()
	for _, p := range got {
		t.Errorf("%s: %s: %s", b.name, where, p)
	}
}

// do runs actions in the browser's tab and fails the test on error.
func (b *browser) do(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		t.Fatalf("%s: %s: %v", b.name, what, err)
	}
}

// result runs one action that returns a value and fails the test on error.
func result[T any](t *testing.T, b *browser, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, a)
	if err != nil {
		t.Fatalf("%s: %s: %v", b.name, what, err)
	}
	return v
}

// eval evaluates a JavaScript expression in the page and decodes its
// value into T.
func eval[T any](t *testing.T, b *browser, js string) T {
	t.Helper()
	return result(t, b, "evaluate "+js, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

// poll waits until a JavaScript expression is truthy.
func poll(t *testing.T, b *browser, what, js string) {
	t.Helper()
	result(t, b, "wait until "+what, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingInterval(50*time.Millisecond)))
}

// submit clicks a button that sends its form and waits for the page that
// comes back; it returns the page's address and HTTP status.
func (b *browser) submit(t *testing.T, button string) (string, int64) {
	t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(button)))
	if err != nil {
		t.Fatalf("%s: submit with %s: %v", b.name, button, err)
	}
	return result(t, b, "location", chromedp.Location()), resp.Status
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	j, _ := json.Marshal(s)
	return string(j)
}

// article is a post of the demo edition, as the front page links it.
type article struct {
	ID   int64
	Path string
}

// openArticles returns the articles of today's edition whose comment
// form is shown, in front-page order.
func openArticles(t *testing.T, srv *server) []article {
	t.Helper()
	code, body := get(t, srv.URL+"/")
	if code != 200 {
		t.Fatalf("GET / = %d", code)
	}
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var open []article
	d.Find("article.h-entry a.u-url").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		href, _ := s.Attr("href")
		id, err := strconv.ParseInt(strings.Split(strings.TrimPrefix(href, "/posts/"), "/")[0], 10, 64)
		if err != nil {
			t.Fatalf("article link %q: %v", href, err)
		}
		code, page := get(t, srv.URL+href)
		if code == 200 && strings.Contains(page, `id="comment-form"`) {
			open = append(open, article{ID: id, Path: href})
		}
		return len(open) < 2
	})
	if len(open) < 2 {
		t.Fatalf("today's demo edition has %d articles open for comments, want 2:\n%s", len(open), srv.logs)
	}
	return open
}

// startBrowserServer runs burg serve for the browser tests: a fresh
// database with demo content, comments open for a month, uploads in a
// temporary directory. The comment form's token is required as ever; the
// minimum fill time is off, as these servers run on the real clock (it
// is tested on a clock of the tests' own in internal/web).
func startBrowserServer(t *testing.T) *server {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "burg.db")
	srv := startServer(t, nil, "--db", db, "--demo",
		"--comments-close", "720h", "--uploads-dir", filepath.Join(dir, "uploads"), "--min-fill", "0")
	srv.db = db
	return srv
}

// writePNG writes a small PNG to dir and returns its path.
func writePNG(t *testing.T, dir string) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 24, 16))
	for y := range 16 {
		for x := range 24 {
			img.Set(x, y, color.RGBA{uint8(x * 10), uint8(y * 15), 160, 255})
		}
	}
	path := filepath.Join(dir, "burg-test.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	return path
}

// bodyJS addresses the comment form's textarea.
const bodyJS = `document.querySelector('#comment-form textarea[name="body"]')`

// addText appends a paragraph to the comment body and selects it, or,
// when text is empty, starts a new paragraph and puts the cursor there.
func addText(t *testing.T, b *browser, text string) {
	t.Helper()
	eval[chromedp.Void](t, b, `(() => {
		const el = `+bodyJS+`, text = `+jsString(text)+`;
		el.value += (el.value ? "\n\n" : "") + text;
		const end = el.value.length;
		el.setSelectionRange(end - text.length, end);
	})()`)
}

// clickTool clicks the toolbar button for tag.
func clickTool(t *testing.T, b *browser, tag string) {
	t.Helper()
	b.do(t, "click toolbar "+tag, chromedp.Click(chromedp.CSS(`#comment-form .burg-toolbar button[data-tag="`+tag+`"]`)))
}

// commentView is what a page shows of one comment.
type commentView struct {
	Classes string         `json:"classes"`
	Num     string         `json:"num"`
	Author  string         `json:"author"`
	Text    string         `json:"text"`
	HTML    string         `json:"html"`
	Counts  map[string]int `json:"counts"`
	Links   []string       `json:"links"`
	Images  []string       `json:"images"`
}

// contentSelectors are the elements the toolbar's markup must produce in
// a comment's e-content.
var contentSelectors = []string{"strong", "em", "u", "s", "ul > li", "blockquote", "small", ".burg-big",
	"a[rel~=nofollow]", "img"}

// readComment reads comment #c<id> from the page, or nil.
func readComment(t *testing.T, b *browser, id int64) *commentView {
	t.Helper()
	sels, _ := json.Marshal(contentSelectors)
	return eval[*commentView](t, b, `(() => {
		const c = document.querySelector("#comments .p-comment.h-entry#c`+strconv.FormatInt(id, 10)+`");
		if (!c) return null;
		const e = c.querySelector(".e-content");
		const counts = {};
		for (const s of `+string(sels)+`) counts[s] = e ? e.querySelectorAll(s).length : 0;
		return {
			classes: c.className,
			num: c.querySelector(".burg-num")?.textContent ?? "",
			author: c.querySelector(".p-author")?.textContent ?? "",
			text: e?.textContent ?? "",
			html: e?.innerHTML ?? "",
			counts,
			links: e ? [...e.querySelectorAll("a")].map(a => a.getAttribute("href") + " " + a.rel) : [],
			images: e ? [...e.querySelectorAll("img")].map(i => i.getAttribute("src")) : [],
		};
	})()`)
}

// checkHeading checks that the thread's heading counts n comments, in
// words as the server writes them.
func checkHeading(t *testing.T, b *browser, n int) {
	t.Helper()
	want := strconv.Itoa(n) + " comments"
	if n == 1 {
		want = "1 comment"
	}
	if got := strings.Join(strings.Fields(result(t, b, "comments heading", chromedp.Text(chromedp.CSS("#comments > h2")))), " "); got != want {
		t.Errorf("%s: the thread's heading reads %q, want %q", b.name, got, want)
	}
}

// commentID is the comment a page address points at: /posts/…#c<ID>.
func commentID(t *testing.T, loc string) int64 {
	t.Helper()
	_, frag, ok := strings.Cut(loc, "#c")
	id, err := strconv.ParseInt(frag, 10, 64)
	if !ok || err != nil {
		t.Fatalf("landed on %s, want an address ending in #c<ID>", loc)
	}
	return id
}

// TestBrowserCommentThread writes a comment with every toolbar button and
// a Pic-a-Nic, posts it, finds it rendered, gets the nick back with My
// Original Nic on another article, and watches a second browser receive
// the new comments live.
func TestBrowserCommentThread(t *testing.T) {
	srv, bs := startBrowserTest(t, "reader", "watcher")
	reader, watcher := bs[0], bs[1]
	arts := openArticles(t, srv)
	a, other := arts[0], arts[1]

	reader.do(t, "open the front page", chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`.burg-headlines a[href="#p`+strconv.FormatInt(a.ID, 10)+`"]`)))
	reader.clean(t, "front page")
	reader.do(t, "open the article", chromedp.Navigate(srv.URL+a.Path),
		chromedp.WaitVisible(chromedp.CSS("#comment-form .burg-toolbar")),
		chromedp.WaitReady(chromedp.CSS("#comment-form .burg-status")))
	reader.clean(t, "article")

	// The watcher keeps the article open from before the comments exist.
	watcher.do(t, "open the article", chromedp.Navigate(srv.URL+a.Path),
		chromedp.WaitReady(chromedp.CSS("#comments[data-live]")),
		chromedp.WaitReady(chromedp.CSS("#comment-form .burg-status")),
		chromedp.Evaluate[chromedp.Void](`window.burgStayed = true`))
	watcher.clean(t, "article")
	before := eval[int](t, watcher, `document.querySelectorAll("#comments .p-comment").length`)
	// The heading counts the comments readers can read; a redacted one
	// keeps its place and number in the thread but is not counted.
	counted := eval[int](t, watcher, `Number(document.querySelector("#comments .burg-comment-total").textContent)`)

	// Every toolbar button, in the order of the toolbar but for Photo,
	// whose upload the Foto button then links by its full address.
	var want []string
	for _, tag := range []string{"b", "i", "u", "s"} {
		addText(t, reader, tag+" words")
		clickTool(t, reader, tag)
		want = append(want, "["+tag+"]"+tag+" words[/"+tag+"]")
	}
	addText(t, reader, "first item\n- second item")
	clickTool(t, reader, "list")
	want = append(want, "[list]\n[*] first item\n[*] second item\n[/list]")
	for _, tag := range []string{"quote", "small", "big"} {
		addText(t, reader, tag+" words")
		clickTool(t, reader, tag)
		want = append(want, "["+tag+"]"+tag+" words[/"+tag+"]")
	}

	const link = "https://burg.example/story"
	addText(t, reader, "a labelled link")
	reader.answerNextPrompt(link)
	clickTool(t, reader, "url")
	want = append(want, "[url="+link+"]a labelled link[/url]")

	const long = "https://news.example/2026/05/01/world/a-very-long-story-name-that-wants-squishing-for-the-page"
	addText(t, reader, "")
	reader.answerNextPrompt(long)
	clickTool(t, reader, "squish")
	want = append(want, "[squish]"+long+"[/squish]")

	// Photo opens a file picker; the test answers it as a person would.
	if _, err := chromedp.Call(reader.ctx, page.SetInterceptFileChooserDialog, page.SetInterceptFileChooserDialogParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	pngPath := writePNG(t, t.TempDir())
	choosers := chromedp.Events(reader.ctx, page.FileChooserOpened)
	addText(t, reader, "")
	clickTool(t, reader, "photo")
	for ev, err := range choosers {
		if err != nil {
			t.Fatalf("no file picker opened: %v", err)
		}
		if _, err := chromedp.Call(reader.ctx, dom.SetFileInputFiles, dom.SetFileInputFilesParams{
			Files: []string{pngPath}, BackendNodeID: ev.BackendNodeID}); err != nil {
			t.Fatalf("choose the photo: %v", err)
		}
		break
	}
	// The upload's size goes with it, 24×16 as writePNG draws it.
	poll(t, reader, "the photo is uploaded", bodyJS+`.value.includes("[img=24x16]/uploads/")`)
	if got := result(t, reader, "status", chromedp.Text(chromedp.CSS("#comment-form .burg-status"))); got != "Photo added." {
		t.Errorf("status after the upload = %q", got)
	}
	upload := regexp.MustCompile(`\[img=24x16\](/uploads/[^\[]+)\[/img\]`).FindStringSubmatch(eval[string](t, reader, bodyJS+`.value`))
	if upload == nil {
		t.Fatal("no uploaded photo in the comment")
	}
	want = append(want, "[img=24x16]"+upload[1]+"[/img]")

	addText(t, reader, "")
	reader.answerNextPrompt(srv.URL + upload[1])
	clickTool(t, reader, "img")
	want = append(want, "[img]"+srv.URL+upload[1]+"[/img]")

	markup := eval[string](t, reader, bodyJS+`.value`)
	if w := strings.Join(want, "\n\n"); markup != w {
		t.Errorf("comment markup:\n%s\nwant:\n%s", markup, w)
	}
	for _, construct := range []string{"[b]", "[i]", "[u]", "[s]", "[list]\n[*]", "[quote]", "[small]", "[big]",
		"[url=", "[squish]", "[img=24x16]/uploads/", "[img]http://127.0.0.1"} {
		if !strings.Contains(markup, construct) {
			t.Errorf("comment markup lacks %q", construct)
		}
	}
	// The live preview catches up with the last change.
	poll(t, reader, "the preview shows the comment",
		`(() => { const p = document.getElementById("live-preview");
			return !p.hidden && p.querySelectorAll("img").length == 2 && p.querySelector("ul > li, .burg-big") != null; })()`)
	reader.clean(t, "toolbar")

	// Pic-a-Nic fills the name without leaving the page.
	eval[chromedp.Void](t, reader, `window.burgStayed = true`)
	reader.do(t, "Pic-a-Nic", chromedp.Click(chromedp.CSS("#pic-a-nic")))
	poll(t, reader, "a nick is picked", `/^\S+ \S+\d{4}$/.test(document.querySelector('#comment-form input[name="name"]').value)`)
	nick := eval[string](t, reader, `window.burgStayed && document.querySelector('#comment-form input[name="name"]').value`)
	if !nickRE.MatchString(nick) {
		t.Fatalf("Pic-a-Nic gave %q, or reloaded the page", nick)
	}

	loc, status := reader.submit(t, "#comment-form .burg-submit")
	if status != 200 || !strings.Contains(loc, a.Path) {
		t.Fatalf("after posting: %d %s, want 200 on %s", status, loc, a.Path)
	}
	id := commentID(t, loc)
	c := readComment(t, reader, id)
	if c == nil {
		t.Fatalf("comment #c%d is not on %s", id, loc)
	}
	if c.Num != "#"+strconv.Itoa(before+1) {
		t.Errorf("comment number = %q, want #%d", c.Num, before+1)
	}
	if strings.TrimSpace(c.Author) != nick {
		t.Errorf("comment author = %q, want %q", c.Author, nick)
	}
	for _, s := range contentSelectors {
		if c.Counts[s] == 0 {
			t.Errorf("the comment has no %s:\n%s", s, c.HTML)
		}
	}
	if c.Counts["ul > li"] != 2 || c.Counts["img"] != 2 {
		t.Errorf("the comment has %d list items and %d images, want 2 and 2:\n%s", c.Counts["ul > li"], c.Counts["img"], c.HTML)
	}
	for _, l := range []string{link, long} {
		found := false
		for _, got := range c.Links {
			found = found || strings.HasPrefix(got, l+" ") && strings.Contains(" "+got+" ", " nofollow ")
		}
		if !found {
			t.Errorf("the comment has no nofollow link to %s: %q", l, c.Links)
		}
	}
	for _, src := range []string{upload[1], srv.URL + upload[1]} {
		if !strings.Contains(strings.Join(c.Images, " "), src) {
			t.Errorf("the comment has no image %s: %q", src, c.Images)
		}
	}
	// Lazy images keep their place: the upload its own size, the one by
	// address the 400×300 box the style sheet fits it in, which it keeps
	// once loaded.
	boxes := eval[[]string](t, reader, `[...document.querySelectorAll("#c`+strconv.FormatInt(id, 10)+` .e-content img")].map(i =>
		i.getAttribute("loading") + " " + i.getAttribute("width") + "x" + i.getAttribute("height") + " " + Math.round(i.getBoundingClientRect().width) + "x" + Math.round(i.getBoundingClientRect().height))`)
	if got, want := strings.Join(boxes, ", "), "lazy 24x16 24x16, lazy 400x300 400x300"; got != want {
		t.Errorf("the comment's images, loading attribute, size and box: %s, want %s", got, want)
	}
	for _, words := range []string{"b words", "quote words", "first item", "a labelled link"} {
		if !strings.Contains(c.Text, words) {
			t.Errorf("the comment does not read %q: %q", words, c.Text)
		}
	}
	if got := strings.TrimSpace(result(t, reader, "visitor line", chromedp.Text(chromedp.CSS(".burg-visitor-count")))); got != "You have commented 1 time on Burg." {
		t.Errorf("visitor line = %q", got)
	}
	if got := eval[bool](t, reader, `[...document.images].every(i => i.complete && i.naturalWidth > 0)`); !got {
		t.Error("an image of the article page did not load")
	}
	reader.clean(t, "article after posting")

	// The watcher got it without reloading, as the page itself renders it.
	sel := "#comments .p-comment.burg-live#c" + strconv.FormatInt(id, 10)
	watcher.do(t, "wait for the live comment", chromedp.WaitVisible(chromedp.CSS(sel)))
	if lc := readComment(t, watcher, id); lc == nil || lc.HTML != c.HTML || lc.Author != c.Author || lc.Num != c.Num {
		t.Errorf("live comment = %+v\nwant as on the page: %+v", lc, c)
	}
	checkHeading(t, watcher, counted+1)
	// Said in words, not by colour alone, and told to screen readers
	// through the thread's polite status line.
	if got := eval[string](t, watcher, `(document.querySelector(`+jsString(sel+" .burg-new-mark")+`)?.textContent ?? "")`); got != "new" {
		t.Errorf("the live comment's mark reads %q, want new", got)
	}
	announced := "New: Comment " + strings.TrimPrefix(c.Num, "#") + " by " + c.Author + "."
	poll(t, watcher, "the live comment is announced", `document.querySelector("#comments .burg-live-status[aria-live=polite]").textContent === `+jsString(announced))
	watcher.clean(t, "live comment")

	// The front page counts it, within seconds: a listing follows
	// comments at most a second or two behind.
	row := `.burg-headlines tr.burg-headline:has(a[href="#p` + strconv.FormatInt(a.ID, 10) + `"]) .burg-comment-count`
	for deadline := time.Now().Add(10 * time.Second); ; {
		reader.do(t, "open the front page", chromedp.Navigate(srv.URL+"/"))
		n, err := strconv.Atoi(strings.TrimSpace(result(t, reader, "comment count", chromedp.Text(chromedp.CSS(row)))))
		if err == nil && n >= 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("front page comment count for the article = %d, %v; want at least 1", n, err)
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	reader.clean(t, "front page after posting")

	// My Original Nic on another article fills in the nick just used,
	// without sending the form.
	reader.do(t, "open another article", chromedp.Navigate(srv.URL+other.Path),
		chromedp.WaitReady(chromedp.CSS("#comment-form .burg-status")),
		chromedp.Evaluate[chromedp.Void](`window.burgStayed = true`))
	if got := result(t, reader, "name", chromedp.Value(chromedp.CSS(`#comment-form input[name="name"]`))); got != "" {
		t.Errorf("name before My Original Nic = %q", got)
	}
	reader.do(t, "My Original Nic", chromedp.Click(chromedp.CSS("#my-original-nic")))
	poll(t, reader, "the original nick is filled in", `document.querySelector('#comment-form input[name="name"]').value != ""`)
	if got := eval[string](t, reader, `window.burgStayed && document.querySelector('#comment-form input[name="name"]').value`); got != nick {
		t.Errorf("My Original Nic gave %q, want %q", got, nick)
	}
	reader.clean(t, "other article")

	// A second comment from the reader reaches the watcher live too.
	text := "Seen live from the other browser " + strconv.FormatInt(time.Now().UnixNano(), 36)
	reader.do(t, "open the article again", chromedp.Navigate(srv.URL+a.Path),
		chromedp.WaitReady(chromedp.CSS("#comment-form .burg-status")),
		chromedp.SetValue(chromedp.CSS(`#comment-form input[name="name"]`), nick),
		chromedp.SetValue(chromedp.CSS(`#comment-form textarea[name="body"]`), text))
	loc, status = reader.submit(t, "#comment-form .burg-submit")
	id2 := commentID(t, loc)
	if status != 200 || id2 == id {
		t.Fatalf("second comment: %d %s", status, loc)
	}
	if got := strings.TrimSpace(result(t, reader, "visitor line", chromedp.Text(chromedp.CSS(".burg-visitor-count")))); got != "You have commented 2 times on Burg." {
		t.Errorf("visitor line = %q", got)
	}
	reader.clean(t, "article after the second comment")

	sel = "#comments .p-comment.burg-live#c" + strconv.FormatInt(id2, 10)
	watcher.do(t, "wait for the second live comment", chromedp.WaitVisible(chromedp.CSS(sel)))
	if got := result(t, watcher, "live text", chromedp.Text(chromedp.CSS(sel+" .e-content"))); strings.TrimSpace(got) != text {
		t.Errorf("live comment reads %q, want %q", got, text)
	}
	if got := eval[bool](t, watcher, `window.burgStayed === true`); !got {
		t.Error("the watcher's page was reloaded")
	}
	checkHeading(t, watcher, counted+2)
	watcher.clean(t, "second live comment")
}

// TestBrowserWithoutJavaScript uses the comment form with scripts off:
// Pic-a-Nic comes back from the server with a name, and a comment posts
// through the plain form.
func TestBrowserWithoutJavaScript(t *testing.T) {
	srv, bs := startBrowserTest(t, "no-js")
	b := bs[0]
	a := openArticles(t, srv)[0]
	if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	b.do(t, "open the article", chromedp.Navigate(srv.URL+a.Path),
		chromedp.WaitVisible(chromedp.CSS("#comment-form .burg-submit")))
	b.clean(t, "article")
	// burg.js adds a status line to the form; without scripts there is none.
	if n := len(result(t, b, "status line", chromedp.QueryNodeIDs(chromedp.CSS("#comment-form .burg-status"), chromedp.AtLeast(0)))); n != 0 {
		t.Fatal("scripts ran although they are off")
	}

	// Pic-a-Nic sends the form to the server, which sends it back with a
	// nick and with what was typed.
	text := "Posted with scripts off " + strconv.FormatInt(time.Now().UnixNano(), 36)
	b.do(t, "type a comment", chromedp.SetValue(chromedp.CSS(`#comment-form textarea[name="body"]`), text))
	loc, status := b.submit(t, "#pic-a-nic")
	if status != 200 || !strings.Contains(loc, "/posts/"+strconv.FormatInt(a.ID, 10)) {
		t.Fatalf("Pic-a-Nic without scripts: %d %s", status, loc)
	}
	nick := result(t, b, "name", chromedp.Value(chromedp.CSS(`#comment-form input[name="name"]`)))
	if !nickRE.MatchString(nick) {
		t.Fatalf("Pic-a-Nic without scripts gave the name %q", nick)
	}
	if got := result(t, b, "body", chromedp.Value(chromedp.CSS(`#comment-form textarea[name="body"]`))); got != text {
		t.Errorf("after Pic-a-Nic the comment reads %q, want %q", got, text)
	}
	b.clean(t, "Pic-a-Nic")

	loc, status = b.submit(t, "#comment-form .burg-submit")
	if status != 200 {
		t.Fatalf("posting without scripts: %d %s", status, loc)
	}
	id := commentID(t, loc)
	sel := "#comments .p-comment.h-entry#c" + strconv.FormatInt(id, 10)
	if got := result(t, b, "comment text", chromedp.Text(chromedp.CSS(sel+" .e-content"))); strings.TrimSpace(got) != text {
		t.Errorf("comment reads %q, want %q", got, text)
	}
	if got := result(t, b, "comment author", chromedp.Text(chromedp.CSS(sel+" .p-author"))); strings.TrimSpace(got) != nick {
		t.Errorf("comment author = %q, want %q", got, nick)
	}
	if got := strings.TrimSpace(result(t, b, "visitor line", chromedp.Text(chromedp.CSS(".burg-visitor-count")))); got != "You have commented 1 time on Burg." {
		t.Errorf("visitor line = %q", got)
	}
	b.clean(t, "article after posting")
}
