package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

// TestArticleThreadAndArchive: a reply names the comment it answers; a
// post with a snapshot offers the archived copy, served sandboxed and
// escaped; once the source is dead the title leads to the copy.
func TestArticleThreadAndArchive(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	id := f.article.ID
	parent := &burg.Comment{PostID: id, Nick: "Asker", Body: "Why?"}
	if err := f.store.CreateComments(ctx, []*burg.Comment{parent}); err != nil {
		t.Fatal(err)
	}
	reply := &burg.Comment{PostID: id, Nick: "Answerer", Body: "Because.", ParentID: parent.ID}
	if err := f.store.CreateComments(ctx, []*burg.Comment{reply}); err != nil {
		t.Fatal(err)
	}
	sn := &burg.Snapshot{PostID: id, URL: "https://news.example/story", FetchedAt: f.clock.Now(), Status: 200,
		Title: "Story <b>bold</b>", Text: "One <script>alert(1)</script> paragraph.\n\nAnother."}
	if err := f.store.CreateSnapshot(ctx, sn); err != nil {
		t.Fatal(err)
	}
	d := f.doc(t, f.articlePath())
	ref := d.Find("#c" + strconv.FormatInt(reply.ID, 10) + " .burg-reply-to a")
	if href, _ := ref.Attr("href"); href != "#c"+strconv.FormatInt(parent.ID, 10) || strings.TrimSpace(ref.Text()) != "#"+strconv.Itoa(parent.Num) {
		t.Errorf("the reply links %q %q", href, ref.Text())
	}
	if d.Find("#c"+strconv.FormatInt(parent.ID, 10)+" .burg-reply-to").Length() != 0 {
		t.Errorf("a comment answering none says it replies")
	}
	archive := "/posts/" + strconv.FormatInt(id, 10) + "/archive"
	if href, _ := d.Find("a.burg-archived").Attr("href"); href != archive {
		t.Errorf("archived copy link %q", href)
	}
	if href, _ := d.Find("h1.burg-title a.p-name").Attr("href"); href == archive {
		t.Errorf("the title leads to the copy while the source answers")
	}
	resp, body := f.get(t, archive)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Security-Policy") != "sandbox; default-src 'none'" ||
		resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("archive: %d %v", resp.StatusCode, resp.Header)
	}
	if strings.Contains(body, "<script>") || !strings.Contains(body, "&lt;script&gt;") || strings.Contains(body, "<b>bold") {
		t.Errorf("the copy is not escaped:\n%s", body)
	}
	if resp, _ := f.get(t, "/posts/"+strconv.FormatInt(f.old.ID, 10)+"/archive"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a post without a snapshot: %d", resp.StatusCode)
	}
}

// TestArticleDeadSource: the title of a post whose source is dead leads
// to the archived copy.
func TestArticleDeadSource(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	id := f.article.ID
	if err := f.store.CreateSnapshot(ctx, &burg.Snapshot{PostID: id, URL: f.article.SourceURL, FetchedAt: f.clock.Now(), Text: "Kept."}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.RecordSourceCheck(ctx, burg.SourceCheck{PostID: id, At: f.clock.Now().Add(time.Hour), Gone: true, Status: "HTTP 404"}); err != nil {
		t.Fatal(err)
	}
	d := f.doc(t, f.articlePath())
	if href, _ := d.Find("h1.burg-title a.p-name").Attr("href"); href != "/posts/"+strconv.FormatInt(id, 10)+"/archive" {
		t.Errorf("the title of a post whose source is dead leads to %q", href)
	}
	_, body := f.get(t, "/posts/"+strconv.FormatInt(id, 10)+"/archive")
	if !strings.Contains(body, "no longer answers") {
		t.Errorf("the copy does not say the source is gone:\n%s", body)
	}
}
