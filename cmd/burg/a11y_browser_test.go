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
	// A browser per theme, each with its own time.
	srv, bs := startBrowserTest(t, "light", "dark")
	art := openArticles(t, srv)[0]
	pages := pageTypes(t, srv, art)

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
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	if raceEnabled {
		// Tabbing through a thread of a thousand comments, each key a
		// round trip to a server slowed several times by the race
		// detector, outlasts the browser's time limits on two cores; the
		// keyboard part runs without the race detector.
		t.Log("keyboard-only commenting is checked without -race")
		return
	}
	b := bs[1]
	// A comment with the keyboard alone: the skip link first, then Tab to
	// each field, typing, and Enter on the Post button.
	b.do(t, "open the article", chromedp.Navigate(srv.URL+art.Path), chromedp.WaitReady(chromedp.CSS("#comment-form .burg-status")))
	press(t, b, "\t")
	if got := eval[string](t, b, `document.activeElement.className`); got != "burg-skip" {
		t.Fatalf("the first Tab focuses %q, want the skip link", got)
	}
	tabTo(t, b, `document.activeElement.id === "c-name"`)
	b.do(t, "type the name", chromedp.KeyEvent("Keyboard Reader"))
	tabTo(t, b, `document.activeElement.name === "body"`)
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
	b.clean(t, "keyboard comment")
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
