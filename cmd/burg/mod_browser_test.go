package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	burg "github.com/burg-news/burg"
)

// A moderator, in a real browser on the demo site, redacts a comment from
// the article page with a reason, which readers then see in its place;
// restores it; and bans the writer of another, which then shows among the
// bans. Every step is a form of the page, sent as the browser sends it.
func TestBrowserModeratorTools(t *testing.T) {
	chrome := chromePath(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "burg.db")
	addDeskUser(t, db, "Blue Pencil", burg.RoleModerator, "#2255aa")
	srv := startServer(t, nil, "--db", db, "--demo", "--uploads-dir", filepath.Join(dir, "uploads"))

	ctx, cancel := context.WithTimeout(t.Context(), deskTimeout)
	defer cancel()
	mod := newDeskBrowser(t, ctx, chrome, "moderator")
	mod.logIn(t, srv.URL, "Blue Pencil")

	// The articles the latest comments are on (the edition may be minutes
	// old, its own articles without comments yet).
	_, front := get(t, srv.URL+"/")
	var paths []string
	for _, m := range regexp.MustCompile(`href="(/posts/[0-9]+[^"#]*)#c[0-9]+"`).FindAllStringSubmatch(front, -1) {
		if !slices.Contains(paths, m[1]) {
			paths = append(paths, m[1])
		}
	}
	var path, id, text string
	for _, p := range paths {
		// A thread of a few dozen comments: a moderator's page of a
		// thousand, every comment with its tools, is slow to load here.
		_, page := get(t, srv.URL+p)
		if n := strings.Count(page, `class="p-comment`); n < 3 || n > 150 {
			continue
		}
		mod.run(t, "open an article", chromedp.Navigate(srv.URL+p), chromedp.WaitReady(chromedp.CSS("footer")))
		id = mod.str(t, `(() => { const d = document.querySelector("#comments .p-comment .burg-mod-redact"); return d ? d.closest(".p-comment").id : "" })()`)
		if id != "" {
			path = p
			text = mod.text(t, "#"+id+" .e-content")
			break
		}
	}
	if id == "" {
		t.Fatal("no article of the edition has a live comment with the moderators' tools")
	}
	mod.clean(t, "article as a moderator")

	shoot(t, mod, "mod-article-tools", "#"+id)

	// Redact, with a reason readers see.
	mod.run(t, "open the redact form", chromedp.Click(chromedp.CSS("#"+id+" .burg-mod-redact summary")),
		chromedp.SetValue(chromedp.CSS("#"+id+` .burg-mod-redact input[name="reason"]`), "Off topic, sorry."))
	loc, status := mod.press(t, "#"+id+" .burg-redact")
	if status != http.StatusOK || !strings.Contains(loc, path) || !strings.HasSuffix(loc, "#"+id) {
		t.Fatalf("redacting landed on %s (%d)", loc, status)
	}
	if got := mod.text(t, "#"+id+" .burg-redacted"); !strings.Contains(got, "Off topic, sorry.") {
		t.Errorf("the moderator sees the redacted comment as %q", got)
	}
	_, body := get(t, srv.URL+path)
	reader := commentHTML(body, id)
	if !strings.Contains(reader, "burg-redacted") || !strings.Contains(reader, "Off topic, sorry.") {
		t.Errorf("a reader sees the redacted comment as %s", reader)
	}
	if words := strings.Fields(text); len(words) > 3 && strings.Contains(reader, strings.Join(words[:4], " ")) {
		t.Errorf("a reader still reads the redacted text %q", text)
	}

	// Restore it.
	loc, status = mod.press(t, "#"+id+" .burg-restore")
	if status != http.StatusOK || !strings.HasSuffix(loc, "#"+id) {
		t.Fatalf("restoring landed on %s (%d)", loc, status)
	}
	if got := mod.text(t, "#"+id+" .e-content"); got != text {
		t.Errorf("restored text %q, want %q", got, text)
	}
	_, body = get(t, srv.URL+path)
	if reader := commentHTML(body, id); strings.Contains(reader, "burg-redacted") {
		t.Errorf("a reader still sees the restored comment redacted: %s", reader)
	}

	// Ban the writer of another comment by its address, redacting it.
	other := mod.str(t, `(() => { const ds = [...document.querySelectorAll("#comments .p-comment .burg-mod-ban")].map(d => d.closest(".p-comment")).filter(c => c.id !== `+jsString(id)+` && c.querySelector(".burg-mod-redact") && c.querySelector('input[name="ban"][value="ip"]')); return ds.length ? ds[0].id : "" })()`)
	if other == "" {
		t.Fatal("no other live comment with an address to ban")
	}
	mod.run(t, "open the ban form", chromedp.Click(chromedp.CSS("#"+other+" .burg-mod-ban summary")),
		chromedp.SetValue(chromedp.CSS("#"+other+` .burg-mod-ban input[name="reason"]`), "Trolling the thread."))
	if loc, status = mod.press(t, "#"+other+" .burg-ban"); status != http.StatusOK {
		t.Fatalf("banning landed on %s (%d)", loc, status)
	}
	mod.run(t, "open the bans", chromedp.Navigate(srv.URL+"/mod/bans"), chromedp.WaitReady(chromedp.CSS("footer")))
	if got := mod.text(t, "main"); !strings.Contains(got, "Trolling the thread.") {
		t.Errorf("the bans page does not list the new ban: %q", got)
	}
	shoot(t, mod, "mod-bans", "")
	mod.run(t, "open the queue", chromedp.Navigate(srv.URL+"/mod/queue"), chromedp.WaitReady(chromedp.CSS("footer")))
	shoot(t, mod, "mod-queue", "")
	mod.run(t, "search the comments", chromedp.Navigate(srv.URL+"/mod/comments?state=redacted"), chromedp.WaitReady(chromedp.CSS("footer")))
	shoot(t, mod, "mod-comments", "")
	mod.run(t, "open the audit log", chromedp.Navigate(srv.URL+"/mod/log"), chromedp.WaitReady(chromedp.CSS("footer")))
	shoot(t, mod, "mod-log", "")
	if got := mod.text(t, "main"); !strings.Contains(got, "Blue Pencil") {
		t.Errorf("the audit log does not name the moderator: %q", got)
	}
	mod.clean(t, "moderation pages")
}

// shoot writes a screenshot of the page open in b, scrolled to sel when
// given, as NAME.png in BURG_SCREENSHOTS (docs/MODERATION.md shows them);
// without that variable it does nothing.
func shoot(t *testing.T, b *deskBrowser, name, sel string) {
	t.Helper()
	dir := os.Getenv("BURG_SCREENSHOTS")
	if dir == "" {
		return
	}
	if sel != "" {
		b.js(t, `document.querySelector(`+jsString(sel)+`).scrollIntoView({block: "start"})`)
	}
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("%s: screenshot %s: %v", b.name, name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// commentHTML is the markup of the comment with the element id in an
// article page's HTML, "" when it is not there.
func commentHTML(page, id string) string {
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	rest := page[i:]
	if j := strings.Index(rest, "</article>"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}
