package main

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	burg "github.com/burg-news/burg"
)

// axeScript returns axe-core's script: BURG_TEST_AXE names axe.min.js
// (.ci/run installs it from npm). Without it the test skips, except
// under CI=true, where it fails.
func axeScript(t *testing.T) string {
	t.Helper()
	p := os.Getenv("BURG_TEST_AXE")
	b, err := os.ReadFile(p)
	if p == "" || err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI needs axe-core: BURG_TEST_AXE=%q: %v", p, err)
		}
		t.Skip("BURG_TEST_AXE (path to axe.min.js) is not set; skipping the accessibility check")
	}
	return string(b)
}

// axeViolation is one rule axe found broken, with the elements.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// checkAxe runs axe-core on the page open in b and fails the test on
// every serious or critical violation of WCAG 2.2 A and AA.
func checkAxe(t *testing.T, b *browser, axe, where string) {
	t.Helper()
	eval[chromedp.Void](t, b, `(() => { if (!window.axe) { `+axe+`
	} })()`)
	raw := eval[string](t, b, `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}, resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.html.slice(0, 200))}))))`)
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatalf("%s: axe result %q: %v", where, raw, err)
	}
	for _, v := range vs {
		t.Errorf("%s: axe %s (%s): %s\n\t%s", where, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
	}
}

// pageTypes returns a path of every page type a reader can open, found
// from the front page of the demo edition.
func pageTypes(t *testing.T, srv *server, art article) map[string]string {
	t.Helper()
	_, body := get(t, srv.URL+"/")
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	first := func(sel string) string {
		href, ok := d.Find(sel).First().Attr("href")
		if !ok {
			t.Fatalf("the front page has no %s", sel)
		}
		return href
	}
	pages := map[string]string{
		"front":   "/",
		"day":     first(`.burg-pager a[rel="prev"]`),
		"article": art.Path,
		"section": first(`a[href^="/sections/"]`),
		"tag":     first(`a[href^="/tags/"]`),
		"poster":  first(`a[href^="/posters/"]`),
		"search":  "/search?q=" + url.QueryEscape(strings.Fields(d.Find(".burg-title").First().Text())[0]),
		"archive": "/archives",
		"latest":  "/latest",
		"login":   "/login",
		"missing": "/no-such-page",
	}
	if href, ok := d.Find(`.burg-tabs a[href^="/pages/"]`).First().Attr("href"); ok {
		pages["page tab"] = href
	}
	_, arch := get(t, srv.URL+"/archives")
	if a, err := goquery.NewDocumentFromReader(strings.NewReader(arch)); err == nil {
		if href, ok := a.Find(`.burg-main a[href^="/archives/"]`).First().Attr("href"); ok {
			pages["archive month"] = href
		}
	}
	return pages
}

// TestBrowserAccessibility opens every page type a reader sees, in the
// light and the dark theme, chosen on the switch in the footer, and runs
// axe-core on each; it comments on an article with the keyboard alone;
// with BURG_SCREENSHOTS=dir it writes the screenshots of docs/SCREENSHOTS.md.
func TestBrowserAccessibility(t *testing.T) {
	axe := axeScript(t)
	// A browser per theme, each with its own time: axe runs on some
	// forty pages, the dark browser's half of them logged in as an admin.
	srv, bs := startBrowserTestFor(t, a11yTimeout, "light", "dark")
	arts := openArticles(t, srv)
	art, closing := arts[0], arts[1]
	pages := pageTypes(t, srv, art)
	// The dark browser goes on as the site's admin, who sees every page
	// of the desk and of moderation; burg user add writes to the running
	// server's file, as an operator would.
	addDeskUser(t, srv.db, staffNick, burg.RoleAdmin, "#7a1f5c")

	// The themes run side by side, as each browser's time runs from the
	// start.
	var wg sync.WaitGroup
	for i, theme := range []string{"light", "dark"} {
		b := bs[i]
		wg.Go(func() {
			b.do(t, "open the front page", chromedp.Navigate(srv.URL+"/"), chromedp.WaitReady(chromedp.CSS(".burg-theme")))
			loc, status := b.submit(t, `.burg-theme button[value="`+theme+`"]`)
			if status != 200 || loc != srv.URL+"/" {
				t.Fatalf("the %s switch came back to %s (%d), want the front page", theme, loc, status)
			}
			if got := eval[string](t, b, `document.documentElement.className`); !strings.Contains(" "+got+" ", " burg-theme-"+theme+" ") {
				t.Fatalf("after the %s switch <html class=%q>", theme, got)
			}
			bg := eval[string](t, b, `getComputedStyle(document.body).backgroundColor`)
			if dark := bg == "rgb(23, 23, 26)"; dark != (theme == "dark") {
				t.Errorf("%s theme: the page's background is %s", theme, bg)
			}
			for name, path := range pages {
				if theme == "dark" && name != "front" && name != "article" && name != "search" {
					// Colours are the same rules on every page: the dark
					// theme is checked on a few, to keep within the time.
					continue
				}
				b.do(t, "open the "+name+" page", chromedp.Navigate(srv.URL+path), chromedp.WaitReady(chromedp.CSS("footer")))
				checkAxe(t, b, axe, theme+" "+name+" "+path)
				// The missing page logs its 404 to the console.
				if name != "missing" {
					b.clean(t, theme+" "+name)
				} else {
					b.mu.Lock()
					b.problems = nil
					b.mu.Unlock()
				}
			}
			for _, width := range []int64{390, 1280} {
				height := int64(844)
				if width > 800 {
					height = 900
				}
				if _, err := chromedp.Call(b.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
					Width: width, Height: height, DeviceScaleFactor: 1, Mobile: width < 800}); err != nil {
					t.Fatalf("set the width to %d: %v", width, err)
				}
				for _, shot := range []struct{ name, path string }{{"front", "/"}, {"article", art.Path}} {
					b.do(t, "open the "+shot.name+" page", chromedp.Navigate(srv.URL+shot.path), chromedp.WaitReady(chromedp.CSS("footer")))
					if width < 800 {
						// Nothing is wider than the phone's screen.
						if w := eval[int](t, b, `document.documentElement.scrollWidth`); w > int(width) {
							t.Errorf("%s %s at %d px: the page is %d px wide", theme, shot.name, width, w)
						}
						if shot.name == "front" {
							top := eval[bool](t, b, `(() => { const s = document.querySelector(".burg-search-top"), m = document.getElementById("main"); return s.offsetParent !== null && s.getBoundingClientRect().bottom <= m.getBoundingClientRect().top; })()`)
							if !top {
								t.Errorf("%s front at %d px: the search box is not above the content", theme, width)
							}
						}
					}
					if width < 800 {
						checkAxe(t, b, axe, theme+" "+shot.name+" at "+strconv.FormatInt(width, 10))
					}
					if dir := os.Getenv("BURG_SCREENSHOTS"); dir != "" {
						png := result(t, b, "screenshot", chromedp.CaptureScreenshot())
						name := filepath.Join(dir, shot.name+"-"+strconv.FormatInt(width, 10)+"-"+theme+".png")
						if err := os.WriteFile(name, png, 0o644); err != nil {
							t.Fatal(err)
						}
					}
				}
				if _, err := chromedp.Call(b.ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{}); err != nil {
					t.Fatalf("reset the width: %v", err)
				}
			}
			if theme == "dark" {
				checkStaffPages(t, b, srv, axe, closing)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	// The article the admin closed, as a reader sees it.
	b := bs[0]
	b.do(t, "open the closed article", chromedp.Navigate(srv.URL+closing.Path), chromedp.WaitReady(chromedp.CSS("footer")))
	if closed := eval[bool](t, b, `!!document.querySelector(".burg-closed") && !document.getElementById("comment-form")`); !closed {
		t.Fatalf("the article %s is still open for comments after the admin closed them", closing.Path)
	}
	checkAxe(t, b, axe, "light closed article "+closing.Path)
	b.clean(t, "closed article")
	if raceEnabled {
		// Tabbing through a thread of a thousand comments, each key a
		// round trip to a server slowed several times by the race
		// detector, outlasts the browser's time limits on two cores; the
		// keyboard part runs without the race detector.
		t.Log("keyboard-only commenting is checked without -race")
		return
	}
	// A comment with the keyboard alone: the skip link first, then Tab to
	// each field, typing, and Enter on the Post button.
	b.do(t, "open the article", chromedp.Navigate(srv.URL+art.Path), chromedp.WaitReady(chromedp.CSS("#comment-form .burg-status")))
	press(t, b, "\t")
	if got := eval[string](t, b, `document.activeElement.className`); got != "burg-skip" {
		t.Fatalf("the first Tab focuses %q, want the skip link", got)
	}
	tabTo(t, b, `document.activeElement.id === "c-name"`)
	b.do(t, "type the name", chromedp.KeyEvent("Keyboard Reader"))
	// The toolbar is one Tab stop: Tab reaches Bold, the right arrow
	// Italic, Enter uses it and leaves the cursor between the tags.
	tabTo(t, b, `document.activeElement.dataset.tag === "b"`)
	press(t, b, kb.ArrowRight)
	if got := eval[string](t, b, `document.activeElement.getAttribute("aria-label") || document.activeElement.textContent`); got != "Italic" {
		t.Fatalf("the right arrow in the toolbar went to %q, want Italic", got)
	}
	press(t, b, "\r")
	if got := eval[string](t, b, `document.activeElement.name + " " + document.activeElement.value`); got != "body [i][/i]" {
		t.Fatalf("after Italic with Enter the focus is on %q, want the comment with [i][/i]", got)
	}
	b.do(t, "type the comment", chromedp.KeyEvent("Typed without a mouse."))
	tabTo(t, b, `document.activeElement.tagName === "BUTTON" && document.activeElement.value === "post"`)
	// The form refuses comments filled in faster than a person types.
	time.Sleep(3 * time.Second)
	resp, err := chromedp.RunResponse(b.ctx, chromedp.KeyEvent("\r"))
	if err != nil {
		t.Fatalf("post with Enter: %v", err)
	}
	if resp.Status != 200 {
		t.Fatalf("post with Enter: status %d", resp.Status)
	}
	text := eval[string](t, b, `[...document.querySelectorAll("#comments .p-comment")].map(c => c.textContent).join("\n")`)
	if !strings.Contains(text, "Typed without a mouse.") || !strings.Contains(text, "Keyboard Reader") {
		t.Errorf("the keyboard's comment is not in the thread:\n%s", text)
	}
	if got := eval[string](t, b, `[...document.querySelectorAll("#comments .p-comment .e-content em")].map(e => e.textContent).pop() ?? ""`); got != "Typed without a mouse." {
		t.Errorf("the text typed after Italic is %q in italics, want all of it", got)
	}
	b.clean(t, "keyboard comment")
	// The writer's own comment opens for editing from the same browser.
	edit := eval[string](t, b, `(() => { const a = [...document.querySelectorAll("#comments .p-comment .burg-edit")].pop(); return a ? a.href : "" })()`)
	if edit == "" {
		t.Fatal("the keyboard's comment has no edit link")
	}
	b.do(t, "open the comment's edit page", chromedp.Navigate(edit), chromedp.WaitReady(chromedp.CSS("footer")))
	checkAxe(t, b, axe, "light comment edit "+edit)
	b.clean(t, "comment edit")
}

// a11yTimeout is the time TestBrowserAccessibility's browsers have,
// twice the other browser tests': axe takes seconds a page, more on a
// loaded machine, whatever the race detector does to the server.
const a11yTimeout = 2 * browserTimeout

// staffNick is the admin TestBrowserAccessibility logs in as.
const staffNick = "Night Editor"

// checkStaffPages logs b in as staffNick and runs axe-core on every page
// of the posting desk, of running the site and of moderation, the public
// moderation log (which it publishes in the settings), and on an article
// with the moderators' tools, which it closes for comments on the way,
// through its own button.
func checkStaffPages(t *testing.T, b *browser, srv *server, axe string, art article) {
	t.Helper()
	b.do(t, "open the login page", chromedp.Navigate(srv.URL+"/login"), chromedp.WaitVisible(chromedp.CSS("#login-form")),
		chromedp.SetValue(chromedp.CSS(`#login-form input[name="nick"]`), staffNick),
		chromedp.SetValue(chromedp.CSS(`#login-form input[name="password"]`), deskPassword))
	if loc, status := b.submit(t, "#login-form .burg-submit"); status != 200 || strings.Contains(loc, "/login") {
		t.Fatalf("logging in as %s landed on %s (%d)", staffNick, loc, status)
	}
	b.clean(t, "login")

	b.do(t, "open the article to close", chromedp.Navigate(srv.URL+art.Path), chromedp.WaitReady(chromedp.CSS("footer")))
	if loc, status := b.submit(t, `.burg-post-tools form[action$="/comments-closing"] button`); status != 200 {
		t.Fatalf("closing the comments landed on %s (%d)", loc, status)
	}
	if eval[bool](t, b, `!!document.getElementById("comment-form")`) {
		t.Fatalf("%s still has its comment form after Close comments", art.Path)
	}
	checkAxe(t, b, axe, "admin closed article with the moderators' tools "+art.Path)
	comment := eval[string](t, b, `(document.querySelector("#comments .p-comment")?.dataset.id ?? "")`)
	b.clean(t, "closed article")

	// A blocked word and a swap, so that their lists and edit page have
	// rows; each through its form.
	b.do(t, "block a word", chromedp.Navigate(srv.URL+"/mod/words"), chromedp.WaitVisible(chromedp.CSS("#word-form")),
		chromedp.SetValue(chromedp.CSS("#w-word"), "flimflam"))
	b.submit(t, "#word-form .burg-submit")
	b.do(t, "add a swap", chromedp.Navigate(srv.URL+"/mod/swaps"), chromedp.WaitVisible(chromedp.CSS("#swap-form")),
		chromedp.SetValue(chromedp.CSS("#w-term"), "said"), chromedp.SetValue(chromedp.CSS("#w-variants"), "remarked"))
	b.submit(t, "#add-swap")

	// The moderation log published, which readers then read at
	// /moderation; the rest of the settings as they were.
	b.do(t, "publish the moderation log", chromedp.Navigate(srv.URL+"/admin/settings"), chromedp.WaitVisible(chromedp.CSS("#settings-form")))
	eval[chromedp.Void](t, b, `document.querySelector('#settings-form input[name="public_log"]').checked = true`)
	if loc, status := b.submit(t, "#settings-form .burg-submit"); status != 200 {
		t.Fatalf("saving the settings landed on %s (%d)", loc, status)
	}

	id := strconv.FormatInt(art.ID, 10)
	paths := []string{"/submit", "/submit?kind=article", "/submit/done", "/bookmarklet", "/posts/" + id + "/edit", "/posts/" + id + "/revisions",
		"/admin/queue", "/admin/sources", "/admin/users", "/admin/settings",
		"/mod/queue", "/mod/comments", "/mod/log", "/mod/words", "/mod/bans", "/mod/names", "/mod/swaps", "/moderation", "/login"}
	if comment != "" {
		paths = append(paths, "/mod/comments/"+comment)
	}
	for _, list := range []string{"/mod/names", "/mod/swaps"} {
		b.do(t, "open "+list, chromedp.Navigate(srv.URL+list), chromedp.WaitReady(chromedp.CSS("footer")))
		if href := eval[string](t, b, `(document.querySelector('main a[href^="`+list+`/"]')?.getAttribute("href") ?? "")`); href != "" {
			paths = append(paths, href)
		} else {
			t.Errorf("%s links no entry to edit", list)
		}
	}
	for _, p := range paths {
		b.do(t, "open "+p, chromedp.Navigate(srv.URL+p), chromedp.WaitReady(chromedp.CSS("footer")))
		checkAxe(t, b, axe, "admin "+p)
		b.clean(t, "admin "+p)
	}
}

// press sends one key to the page.
func press(t *testing.T, b *browser, key string) {
	t.Helper()
	b.do(t, "press "+strconv.Quote(key), chromedp.KeyEvent(key))
}

// tabTo presses Tab until the expression holds, at most 200 times.
func tabTo(t *testing.T, b *browser, js string) {
	t.Helper()
	for range 200 {
		if eval[bool](t, b, js) {
			return
		}
		press(t, b, "\t")
	}
	t.Fatalf("Tab never reached %s; focus is on %s", js, eval[string](t, b, `document.activeElement.outerHTML.slice(0, 200)`))
}
