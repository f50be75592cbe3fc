package web_test

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestValidHTMLPostingDesk checks the posting desk's pages with the Nu
// HTML Checker, as TestValidHTML does the readers' pages: BURG_TEST_VNU
// names vnu.jar; under CI=true a missing checker is a failure.
func TestValidHTMLPostingDesk(t *testing.T) {
	jar := os.Getenv("BURG_TEST_VNU")
	java, javaErr := exec.LookPath("java")
	if jar == "" || javaErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI needs the HTML checker: BURG_TEST_VNU=%q, java: %v", jar, javaErr)
		}
		t.Skip("BURG_TEST_VNU (path to vnu.jar) or java is missing; skipping the HTML5 validity check")
	}
	f := newDeskFixture(t, nil)
	admin := f.browser(t)
	admin.login("Warden", "")
	id := strconv.FormatInt(f.article.ID, 10)
	reader := f.browser(t)
	reader.post("/submit", "url", "https://lantern-post.example/q", "title", "Queued", "body", "Text.", "section", f.sectionID())
	admin.post("/admin/sources", "domain", "lantern-post.example", "name", "Lantern")
	_, d := admin.do(http.MethodGet, editPath(f.article.ID), nil)
	admin.post(editPath(f.article.ID), with(editForm(d), "title", "Changed", "remark", "Noted.")...)

	dir := t.TempDir()
	var files []string
	save := func(name string, resp *http.Response) {
		t.Helper()
		html, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode >= 500 {
			t.Fatalf("%s: %d", name, resp.StatusCode)
		}
		path := filepath.Join(dir, strconv.Itoa(len(files))+".html")
		if err := os.WriteFile(path, html, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	for _, p := range []string{"/login", "/submit", "/submit?kind=article", "/submit/done", "/bookmarklet",
		"/posts/" + id, editPath(f.article.ID), "/posts/" + id + "/revisions", "/admin/users", "/admin/settings",
		"/admin/sources", "/admin/queue"} {
		resp, err := admin.client.Get(f.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		save(p, resp)
	}
	for _, p := range []string{"/login", "/submit"} {
		resp, err := reader.client.Get(f.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		save("reader "+p, resp)
	}
	// Forms that come back with an error are pages too.
	for _, c := range []struct {
		path string
		form url.Values
	}{
		{"/submit", url.Values{"url": {"ftp://x"}, "title": {"T"}, "tags": {"a, b"}}},
		{editPath(f.article.ID), url.Values{"title": {""}}},
		{"/admin/users", url.Values{"nick": {"a/b"}, "role": {"poster"}}},
		{"/admin/users", url.Values{"nick": {"Fresh"}, "role": {"poster"}}},
	} {
		resp, err := admin.client.PostForm(f.srv.URL+c.path, c.form)
		if err != nil {
			t.Fatal(err)
		}
		save(c.path, resp)
	}
	resp, err := reader.client.PostForm(f.srv.URL+"/login", url.Values{"nick": {"Gorse"}, "password": {"wrong"}})
	if err != nil {
		t.Fatal(err)
	}
	save("failed login", resp)

	out, err := exec.CommandContext(t.Context(), java, append([]string{"-jar", jar, "--errors-only"}, files...)...).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "" {
		t.Fatalf("the HTML checker found errors (%v):\n%s", err, out)
	}
}

// TestValidHTMLHouseVoice checks the pages of the house voice with the Nu
// HTML Checker: articles with swaps and name boxes, an entry's page, and
// the moderators' pages of names and swaps with their forms.
func TestValidHTMLHouseVoice(t *testing.T) {
	jar := os.Getenv("BURG_TEST_VNU")
	java, javaErr := exec.LookPath("java")
	if jar == "" || javaErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI needs the HTML checker: BURG_TEST_VNU=%q, java: %v", jar, javaErr)
		}
		t.Skip("BURG_TEST_VNU (path to vnu.jar) or java is missing; skipping the HTML5 validity check")
	}
	v := newVoiceFixture(t)
	mod := v.browser(t)
	mod.login("Gorse", "")
	vellmar := "/mod/names/" + strconv.FormatInt(v.tag.ID, 10)
	mod.upload(vellmar, pngPhoto(t), "name", "Vellmar", "slug", "vellmar", "kind", "place", "epithet", "the quarrelsome",
		"description", "A river port <with> a harbour board & a lighthouse.", "aliases", "Vellmarer\nВелмар", "file_under", "on")
	mod.post("/mod/swaps", "term", "lighthouse", "variants", "lamp tower")
	mod.post("/mod/names", "name", "Ferry Union", "kind", "group", "epithet", "the unsinkable", "aliases", "Ferrymen")
	v.drain(t)
	sws, err := v.store.FindSwaps(t.Context())
	if err != nil || len(sws) != 1 {
		t.Fatal(sws, err)
	}
	swap := "/mod/swaps/" + strconv.FormatInt(sws[0].ID, 10)
	// A change waiting for the renderer shows in the progress boxes.
	mod.post(swap, "term", "lighthouse", "variants", "lamp tower\nbeacon shed")

	dir := t.TempDir()
	var files, names []string
	save := func(name string, resp *http.Response) {
		t.Helper()
		html, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode >= 500 {
			t.Fatalf("%s: %d", name, resp.StatusCode)
		}
		path := filepath.Join(dir, strconv.Itoa(len(files))+".html")
		if err := os.WriteFile(path, html, 0o644); err != nil {
			t.Fatal(err)
		}
		files, names = append(files, path), append(names, name)
	}
	reader := v.browser(t)
	for _, p := range []string{"/", "/posts/" + strconv.FormatInt(v.article.ID, 10), "/tags/vellmar"} {
		resp, err := reader.client.Get(v.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		save(p, resp)
	}
	if article, _ := os.ReadFile(files[1]); !strings.Contains(string(article), "burg-name-box") || !strings.Contains(string(article), "burg-swap") {
		t.Fatalf("the article to check has no name box or swap")
	}
	for _, p := range []string{"/mod/names", "/mod/names?q=vell", vellmar, "/mod/swaps", swap, editPath(v.article.ID), "/tags/vellmar"} {
		resp, err := mod.client.Get(v.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		save("moderator "+p, resp)
	}
	for _, c := range []struct {
		path string
		form url.Values
	}{
		{"/mod/names", url.Values{"name": {""}, "kind": {"place"}}},
		{vellmar, url.Values{"name": {"Vellmar"}, "kind": {"planet"}}},
		{vellmar + "/merge", url.Values{"into": {"Atlantis"}}},
		{"/mod/swaps", url.Values{"term": {"x"}, "variants": {""}}},
		{swap, url.Values{"term": {""}, "variants": {"y"}}},
	} {
		resp, err := mod.client.PostForm(v.srv.URL+c.path, c.form)
		if err != nil {
			t.Fatal(err)
		}
		save("failed POST "+c.path, resp)
	}
	mod.post(vellmar + "/retire")
	resp, err := reader.client.Get(v.srv.URL + "/tags/vellmar")
	if err != nil {
		t.Fatal(err)
	}
	save("retired /tags/vellmar", resp)

	out, err := exec.CommandContext(t.Context(), java, append([]string{"-jar", jar, "--errors-only"}, files...)...).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "" {
		t.Fatalf("the HTML checker found errors (%v):\n%s\npages: %q", err, out, names)
	}
}

// TestValidHTMLModeration checks the moderators' pages with the Nu HTML
// Checker, with comments in every state to list, and the pages readers
// reach around moderation: an article with the moderators' tools, their
// own comment's edit page, the public log, and an article closed for
// comments, as a reader and as a moderator sees it.
func TestValidHTMLModeration(t *testing.T) {
	jar := os.Getenv("BURG_TEST_VNU")
	java, javaErr := exec.LookPath("java")
	if jar == "" || javaErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI needs the HTML checker: BURG_TEST_VNU=%q, java: %v", jar, javaErr)
		}
		t.Skip("BURG_TEST_VNU (path to vnu.jar) or java is missing; skipping the HTML5 validity check")
	}
	m := newModSite(t)
	reader := m.browser(t)
	kept := reader.commentOK(m.article.ID, "Calm Reader", "A [b]kept[/b] comment with https://example.org/a?b=1&c=2.")
	m.clock.Advance(time.Minute)
	gone := reader.commentOK(m.article.ID, "Rude Reader", "A remark to redact.")
	m.clock.Advance(time.Minute)
	banned := m.browser(t).commentOK(m.article.ID, "Spammer", "Buy lanterns.", "email", "spammer@example.org")
	for _, p := range [][]string{
		{"/mod/comments/" + strconv.FormatInt(gone, 10) + "/redact", "reason", "Off topic."},
		{"/mod/comments/" + strconv.FormatInt(banned, 10) + "/ban", "ban", "ip", "ban", "visitor", "reason", "Spam & more", "redact", "1"},
		{"/mod/words", "word", "flimflam", "action", "hold"},
		{"/mod/bans", "kind", "nick", "value", "Lantern Seller", "for", "72h", "reason", "Spam."},
	} {
		resp, d := m.mod.post(p[0], p[1:]...)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST %s: %d: %s", p[0], resp.StatusCode, msgOf(d))
		}
	}
	// A comment with a blocked word waits for a moderator.
	reader.comment(m.article.ID, "Calm Reader", "Such flimflam.")
	if resp, d := m.admin.post("/admin/settings", "submissions", "queue", "public_log", "on"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("public log on: %d: %s", resp.StatusCode, msgOf(d))
	}

	dir := t.TempDir()
	var files, names []string
	save := func(b *browser, name, path string) {
		t.Helper()
		resp, err := b.client.Get(m.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		html, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s %s: %d", name, path, resp.StatusCode)
		}
		file := filepath.Join(dir, strconv.Itoa(len(files))+".html")
		if err := os.WriteFile(file, html, 0o644); err != nil {
			t.Fatal(err)
		}
		files, names = append(files, file), append(names, name+" "+path)
	}
	for _, p := range []string{"/mod/queue", "/mod/comments", "/mod/comments?state=redacted", "/mod/comments?nick=Calm+Reader",
		"/mod/comments/" + strconv.FormatInt(kept, 10), "/mod/comments/" + strconv.FormatInt(banned, 10),
		"/mod/log", "/mod/words", "/mod/bans", m.articlePath()} {
		save(m.mod, "moderator", p)
	}
	save(reader, "reader", "/comments/"+strconv.FormatInt(kept, 10)+"/edit")
	save(reader, "reader", "/moderation")
	if resp, d := m.mod.post("/posts/"+strconv.FormatInt(m.article.ID, 10)+"/comments-closing", "action", "close"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("close comments: %d: %s", resp.StatusCode, msgOf(d))
	}
	save(reader, "reader, comments closed", m.articlePath())
	if page, _ := os.ReadFile(files[len(files)-1]); !strings.Contains(string(page), "burg-closed") || strings.Contains(string(page), `id="comment-form"`) {
		t.Fatal("the article to check is not closed for comments")
	}
	save(m.mod, "moderator, comments closed", m.articlePath())

	out, err := exec.CommandContext(t.Context(), java, append([]string{"-jar", jar, "--errors-only"}, files...)...).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "" {
		t.Fatalf("the HTML checker found errors (%v):\n%s\npages: %q", err, out, names)
	}
}
