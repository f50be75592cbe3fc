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
