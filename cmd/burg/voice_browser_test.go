package main

import (
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// firstName is the first name box of today's demo edition.
const firstName = `document.querySelector(".e-content .burg-name-term")`

// boxState is the state of the first name box: its button's
// aria-expanded, whether the box is shown and has a size, and whether the
// button or something in the box has the focus.
const boxState = `(() => {
  const b = ` + firstName + `;
  const box = document.getElementById(b.getAttribute("aria-controls"));
  const r = box.getBoundingClientRect();
  const shown = getComputedStyle(box).display !== "none" && r.width > 0 && r.height > 0;
  const at = document.activeElement === b ? "button" : box.contains(document.activeElement) ? "box" : "elsewhere";
  return b.getAttribute("aria-expanded") + " " + (shown ? "shown" : "hidden") + " " + at;
})()`

// TestBrowserNameBoxes opens and closes a name box of the demo edition by
// keyboard and by clicking, with scripts and without.
func TestBrowserNameBoxes(t *testing.T) {
	srv, bs := startBrowserTest(t, "reader", "no-js")
	reader, noJS := bs[0], bs[1]
	reader.do(t, "open the edition", chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitReady(chromedp.CSS(".e-content .burg-name-term")))
	poll(t, reader, "burg.js to run", `document.documentElement.classList.contains("burg-js")`)
	state := func(b *browser, what, want string) {
		t.Helper()
		if got := eval[string](t, b, boxState); got != want {
			t.Errorf("%s: %s: the box is %q, want %q", b.name, what, got, want)
		}
	}
	state(reader, "at first", "false hidden elsewhere")

	// Keyboard: Enter opens, Tab reaches the box's link, Escape closes and
	// gives the focus back to the button, Space opens again.
	reader.do(t, "focus the name", chromedp.Focus(chromedp.JSPath(firstName)))
	state(reader, "focused", "false hidden button")
	reader.do(t, "press Enter", chromedp.KeyEvent(kb.Enter))
	state(reader, "after Enter", "true shown button")
	reader.do(t, "press Tab", chromedp.KeyEvent(kb.Tab))
	state(reader, "after Tab", "true shown box")
	reader.do(t, "press Escape", chromedp.KeyEvent(kb.Escape))
	state(reader, "after Escape", "false hidden button")
	reader.do(t, "press Space", chromedp.KeyEvent(" "))
	state(reader, "after Space", "true shown button")
	reader.do(t, "press Enter again", chromedp.KeyEvent(kb.Enter))
	state(reader, "after Enter again", "false hidden button")

	// A click or tap opens and closes it, focus or not.
	reader.do(t, "click the name", chromedp.Click(chromedp.JSPath(firstName)))
	if got := eval[string](t, reader, boxState); got[:11] != "true shown " {
		t.Errorf("after a click the box is %q, want open", got)
	}
	reader.do(t, "click it again", chromedp.Click(chromedp.JSPath(firstName)))
	if got := eval[string](t, reader, boxState); got[:13] != "false hidden " {
		t.Errorf("after a second click the box is %q, want closed", got)
	}
	reader.clean(t, "name boxes")

	// Without scripts the box shows while the entry has focus.
	if _, err := chromedp.Call(noJS.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	noJS.do(t, "open the edition", chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitReady(chromedp.CSS(".e-content .burg-name-term")))
	state(noJS, "without scripts", "false hidden elsewhere")
	noJS.do(t, "focus the name", chromedp.Focus(chromedp.JSPath(firstName)))
	state(noJS, "focused, without scripts", "false shown button")
	noJS.do(t, "press Tab", chromedp.KeyEvent(kb.Tab))
	state(noJS, "the box's link focused, without scripts", "false shown box")
	noJS.do(t, "press Tab again", chromedp.KeyEvent(kb.Tab))
	state(noJS, "focus gone on, without scripts", "false hidden elsewhere")
	noJS.clean(t, "name boxes without scripts")
}
