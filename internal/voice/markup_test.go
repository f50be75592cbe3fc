package voice_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/burg-news/burg/internal/markup"
)

// posts are post bodies in Burg's markup, with every construct a post
// may hold.
var posts = []string{
	"Police arrested the Union Party's treasurer in Qasimiya City. [i]Qasimiya[/i] officials said nothing.\n\n" +
		"[quote]Police arrested nobody, the Union Party said.[/quote]\n\n" +
		"[h]Militants killed in Kasimiya[/h]\n\n" +
		"[remark=Fred]Police? In Qasimiya?[/remark]\n\n" +
		"See [url=https://news.example/qasimiya]Qasimiya police[/url] and https://news.example/police.\n\n" +
		"[list]\n* Saraya al-Nakhil militants killed three\n* The police chief, St. Ilmen\n[/list]",
	"[b]Élodie Marchetti[/b] & the Ledger: “Arrested!” Bread & Butter League <script>police</script>.\nLine two: 周炳文说 القاسمية Касимия задержан.",
}

func renderPost(s string) string {
	return string(markup.RenderPost(s, markup.PostOptions{}))
}

// TestDecorateRenderedPosts decorates what markup renders: swaps and boxes
// land in the text and not in links, quotations or remarks.
func TestDecorateRenderedPosts(t *testing.T) {
	d := testDict()
	for i, src := range posts {
		out, _ := d.Decorate(renderPost(src), int64(i+1))
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if doc.Find(".burg-swap[title]").Length() == 0 || doc.Find(".burg-name").Length() == 0 {
			t.Errorf("post %d: no swap or no name in\n%s", i, out)
		}
		if n := doc.Find("a .burg-swap, a .burg-name, blockquote .burg-swap, blockquote .burg-name, " +
			"aside.burg-remark .burg-swap, aside.burg-remark .burg-name").Length(); n > 0 {
			t.Errorf("post %d: %d decorations in links, quotations or remarks:\n%s", i, n, out)
		}
		doc.Find(".burg-name").Each(func(_ int, s *goquery.Selection) {
			if s.ParentsFiltered("p, li, h3, td").Length() == 0 && s.Parent().Is("body") {
				t.Errorf("post %d: a name box outside the text: %s", i, out)
			}
		})
		if doc.Find("script").Length() != 0 {
			t.Errorf("post %d: a script element: %s", i, out)
		}
	}
}

// TestValidHTML checks a page of decorated posts with the Nu HTML Checker
// (vnu.jar): boxes and swaps are valid HTML5 wherever they land. It runs
// when BURG_TEST_VNU names the jar, as .ci/run sets it; under CI=true a
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
	d := testDict()
	var page strings.Builder
	page.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Decorated posts</title></head><body>`)
	for i, src := range posts {
		out, _ := d.Decorate(renderPost(src), int64(i+1))
		page.WriteString(`<article class="h-entry"><div class="e-content">` + out + `</div></article>`)
	}
	for i, c := range decorateCases {
		out, _ := d.Decorate(c.in, int64(100+i))
		page.WriteString(`<article><div>` + out + `</div></article>`)
	}
	page.WriteString(`</body></html>`)
	name := filepath.Join(t.TempDir(), "posts.html")
	if err := os.WriteFile(name, []byte(page.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), java, "-jar", jar, "--errors-only", name).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "" {
		t.Fatalf("the HTML checker found errors (%v):\n%s\n(%s bytes of posts)", err, out, strconv.Itoa(page.Len()))
	}
}
