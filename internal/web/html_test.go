package web_test

import (
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	burg "github.com/burg-news/burg"
)

// TestValidHTML checks rendered pages with the Nu HTML Checker (vnu.jar,
// from the npm package vnu-jar): every page must be valid HTML5. It runs
// when BURG_TEST_VNU names the jar; .ci/run sets it, and under CI=true a
// missing checker is a failure.
func TestValidHTML(t *testing.T) {
	jar := os.Getenv("BURG_TEST_VNU")
	java, javaErr := exec.LookPath("java")
	if jar == "" || javaErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI needs the HTML checker: BURG_TEST_VNU=%q, java: %v", jar, javaErr)
		}
		t.Skip("BURG_TEST_VNU (path to vnu.jar) or java is missing; skipping the HTML5 validity check")
	}
	f := newFixture(t)
	b := f.browser(t)
	b.comment(f.article.ID, "Validator Reader", "A [b]comment[/b] with a link https://example.org/x and a [quote]quote[/quote].")
	// A reply, and a snapshot of the source: the article links both.
	first, err := f.store.FindComments(t.Context(), f.article.ID)
	if err != nil || len(first) == 0 {
		t.Fatal(err)
	}
	if err := f.store.CreateComments(t.Context(), []*burg.Comment{{PostID: f.article.ID, Nick: "Replier", ParentID: first[0].ID,
		Body: "Quite. [img]https://example.org/p.jpg[/img] [img=40x30]https://example.org/q.png[/img]"}}); err != nil {
		t.Fatal(err)
	}
	f.bus.Deliver(burg.Event{Kind: burg.EventComment, PostID: f.article.ID}) // as the store's writer would tell
	if err := f.store.CreateSnapshot(t.Context(), &burg.Snapshot{PostID: f.article.ID, URL: "https://news.example/a?b=1&c=2",
		FetchedAt: f.clock.Now(), Status: 200, Title: "A <page>", Text: "First paragraph & more.\n\nSecond one."}); err != nil {
		t.Fatal(err)
	}
	// Both images, the one of unknown size in its box, are lazy and sized.
	_, page := f.get(t, f.articlePath())
	for _, want := range []string{`loading="lazy" decoding="async" class="burg-img burg-img-box" width="400" height="300">`,
		`loading="lazy" decoding="async" class="burg-img" width="40" height="30">`} {
		if !strings.Contains(page, want) {
			t.Errorf("the article's comments have no image with %s", want)
		}
	}
	paths := []string{"/", "/day/2026-03-13", "/pages/opinion", f.articlePath(), "/posts/" + strconv.FormatInt(f.article.ID, 10) + "/archive", "/sections/europe", "/tags/vellmar",
		"/posters/Gorse", "/latest", "/search?q=harbour", "/search?q=harbour+board&section=europe&sort=date&comments=1&from=2026-03-01",
		"/search?q=x&from=bad", "/archives", "/archives/2026-03", f.articlePath() + "/email", "/no/such/page"}
	dir := t.TempDir()
	var files []string
	for i, p := range paths {
		// The raw bytes, not a re-serialised parse: the checker must see
		// what browsers get.
		resp, err := b.client.Get(f.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		html, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode >= 500 {
			t.Fatalf("GET %s: %d", p, resp.StatusCode)
		}
		name := filepath.Join(dir, strconv.Itoa(i)+".html")
		if err := os.WriteFile(name, html, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
	}
	// The form coming back with an error is a page too.
	resp, err := b.client.PostForm(f.srv.URL+f.articlePath()+"/comments", url.Values{"name": {""}, "body": {"no name"}})
	if err != nil {
		t.Fatal(err)
	}
	html, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	name := filepath.Join(dir, "form-error.html")
	os.WriteFile(name, html, 0o644)
	files = append(files, name)

	out, err := exec.CommandContext(t.Context(), java, append([]string{"-jar", jar, "--errors-only"}, files...)...).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "" {
		t.Fatalf("the HTML checker found errors (%v):\n%s\npages: %v", err, out, paths)
	}
}
