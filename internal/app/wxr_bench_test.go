package app_test

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/burg-news/burg/internal/app"
)

// writeExport writes a generated WordPress export of posts posts with
// comments comments each, to w, as a stream: a file of any size costs no
// memory to make.
func writeExport(w io.Writer, posts, comments int) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	fmt.Fprint(bw, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Generated</title><link>https://generated.example</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://generated.example</wp:base_site_url>
`)
	for a := range 20 {
		fmt.Fprintf(bw, "<wp:author><wp:author_login>writer%d</wp:author_login><wp:author_display_name>Writer Number %d</wp:author_display_name></wp:author>\n", a, a)
	}
	for c := range 30 {
		fmt.Fprintf(bw, "<wp:category><wp:category_nicename>region-%d</wp:category_nicename><wp:cat_name>Region %d</wp:cat_name></wp:category>\n", c, c)
	}
	cid := 0
	for i := 1; i <= posts; i++ {
		day := fmt.Sprintf("20%02d-%02d-%02d %02d:%02d:00", 10+i%15, 1+i%12, 1+i%28, i%24, i%60)
		fmt.Fprintf(bw, `<item><title>Generated report %d from the coast</title><dc:creator>writer%d</dc:creator>
<content:encoded><![CDATA[<p>The harbour board of town %d met on <strong>Tuesday</strong> to discuss the <a href="https://generated.example/%d">dredging</a> again.</p>
<p>Nobody agreed, and the meeting ran late into the evening while the gulls waited outside for the fish market to open.</p>
<blockquote><p>We will meet again next week.</p></blockquote>]]></content:encoded>
<wp:post_id>%d</wp:post_id><wp:post_date>%s</wp:post_date><wp:post_date_gmt>%s</wp:post_date_gmt>
<wp:post_name>generated-report-%d</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="region-%d"><![CDATA[Region %d]]></category>
<category domain="post_tag" nicename="topic-%d"><![CDATA[Topic %d]]></category>
`, i, i%20, i, i, i, day, day, i, i%30, i%30, i%200, i%200)
		first := cid + 1
		for range comments {
			cid++
			parent := 0
			if cid > first && cid%3 == 0 {
				parent = cid - 1
			}
			fmt.Fprintf(bw, `<wp:comment><wp:comment_id>%d</wp:comment_id><wp:comment_author>Reader %d</wp:comment_author>
<wp:comment_author_email>reader%d@generated.example</wp:comment_author_email><wp:comment_author_IP>192.0.2.%d</wp:comment_author_IP>
<wp:comment_date>%s</wp:comment_date><wp:comment_date_gmt>%s</wp:comment_date_gmt>
<wp:comment_content><![CDATA[I think the board should <em>finally</em> decide, comment %d.]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>%d</wp:comment_parent></wp:comment>
`, cid, cid%997, cid%997, cid%250, day, day, cid, parent)
		}
		fmt.Fprint(bw, "</item>\n")
	}
	fmt.Fprint(bw, "</channel></rss>\n")
	return bw.Flush()
}

// BenchmarkImportWXR imports a generated export of 500 posts with 5
// comments each into a new SQLite site per run.
func BenchmarkImportWXR(b *testing.B) {
	const posts, comments = 500, 5
	for b.Loop() {
		b.StopTimer()
		s := newSite(b)
		pr, pw := io.Pipe()
		go func() { pw.CloseWithError(writeExport(pw, posts, comments)) }()
		b.StartTimer()
		sum, err := s.app.ImportWXR(b.Context(), app.Operator, pr, app.WXROptions{})
		if err != nil {
			b.Fatal(err)
		}
		if sum.Made["post"] != posts || sum.Made["comment"] != posts*comments {
			b.Fatalf("made %v", sum.Made)
		}
	}
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(posts)/sec, "posts/s")
	b.ReportMetric(float64(posts*comments)/sec, "comments/s")
}

// TestWriteBigExport writes a generated export to the file
// BURG_WXR_BIG names, for measuring burg import wxr on a large file
// (docs/BENCHMARKS.md); BURG_WXR_POSTS and BURG_WXR_COMMENTS size it.
func TestWriteBigExport(t *testing.T) {
	path := os.Getenv("BURG_WXR_BIG")
	if path == "" {
		t.Skip("BURG_WXR_BIG is not set")
	}
	posts, _ := strconv.Atoi(os.Getenv("BURG_WXR_POSTS"))
	comments, _ := strconv.Atoi(os.Getenv("BURG_WXR_COMMENTS"))
	f, err := os.Create(filepath.Clean(path))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := writeExport(f, max(posts, 1), comments); err != nil {
		t.Fatal(err)
	}
}
