package wxr

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"testing"
)

// writeExport writes a made-up export of n posts, each with content,
// meta and two comments, and returns its size.
func writeExport(w io.Writer, n int) (int64, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := &countWriter{w: bw}
	fmt.Fprint(cw, `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Generated</title>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[gen]]></wp:author_login></wp:author>
`)
	var b []byte
	for i := 1; i <= n; i++ {
		id := strconv.AppendInt(nil, int64(i), 10)
		b = append(b[:0], "\t<item>\n\t\t<title><![CDATA[Generated post "...)
		b = append(b, id...)
		b = append(b, "]]></title>\n\t\t<dc:creator><![CDATA[gen]]></dc:creator>\n\t\t<content:encoded><![CDATA[<p>Body of post "...)
		b = append(b, id...)
		b = append(b, ": the quay, the ferry, the fish market &amp; the weather, as every day.</p>]]></content:encoded>\n"+
			"\t\t<wp:post_id>"...)
		b = append(b, id...)
		b = append(b, "</wp:post_id>\n\t\t<wp:post_date><![CDATA[2024-07-01 14:30:00]]></wp:post_date>\n"+
			"\t\t<wp:post_date_gmt><![CDATA[2024-07-01 12:30:00]]></wp:post_date_gmt>\n"+
			"\t\t<wp:status><![CDATA[publish]]></wp:status>\n\t\t<wp:post_type><![CDATA[post]]></wp:post_type>\n"+
			"\t\t<category domain=\"category\" nicename=\"news\"><![CDATA[News]]></category>\n"+
			"\t\t<wp:postmeta><wp:meta_key><![CDATA[_edit_last]]></wp:meta_key><wp:meta_value><![CDATA[1]]></wp:meta_value></wp:postmeta>\n"...)
		for c := 1; c <= 2; c++ {
			b = append(b, "\t\t<wp:comment><wp:comment_id>"...)
			b = strconv.AppendInt(b, int64(2*i+c), 10)
			b = append(b, "</wp:comment_id><wp:comment_author><![CDATA[Reader]]></wp:comment_author>"+
				"<wp:comment_author_IP>192.0.2.1</wp:comment_author_IP><wp:comment_content><![CDATA[Agreed.]]></wp:comment_content>"+
				"<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>\n"...)
		}
		b = append(b, "\t</item>\n"...)
		if _, err := cw.Write(b); err != nil {
			return cw.n, err
		}
	}
	fmt.Fprint(cw, "</channel>\n</rss>\n")
	return cw.n, bw.Flush()
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// TestConstantMemory streams a large export through a pipe, so the
// document never exists in memory as a whole, and checks that the live
// heap stays a small fraction of it.
func TestConstantMemory(t *testing.T) {
	const n = 30_000
	pr, pw := io.Pipe()
	size := make(chan int64, 1)
	go func() {
		written, err := writeExport(pw, n)
		pw.CloseWithError(err)
		size <- written
	}()
	r := NewReader(pr)
	var items, comments int
	var maxHeap uint64
	var ms runtime.MemStats
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if it, ok := rec.(*Item); ok {
			items++
			comments += len(it.Comments)
			if it.ID != int64(items) {
				t.Fatalf("item %d has ID %d", items, it.ID)
			}
			if items%5000 == 0 {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				maxHeap = max(maxHeap, ms.HeapAlloc)
			}
		}
	}
	total := <-size
	if items != n || comments != 2*n {
		t.Fatalf("read %d items, %d comments; want %d, %d", items, comments, n, 2*n)
	}
	t.Logf("read %.1f MB; live heap at most %.2f MB", float64(total)/1e6, float64(maxHeap)/1e6)
	if total < 30e6 {
		t.Fatalf("the export is only %d bytes; the test needs a large one", total)
	}
	if limit := uint64(total / 10); maxHeap > limit || maxHeap > 8<<20 {
		t.Errorf("live heap reached %d bytes reading %d: the reader holds more than a record", maxHeap, total)
	}
}

func benchExport(b *testing.B) []byte {
	b.Helper()
	var buf bytes.Buffer
	if _, err := writeExport(&buf, 20_000); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkReader reads a generated export of 20,000 posts (about 18 MB)
// record by record; MB/s is the figure to watch.
func BenchmarkReader(b *testing.B) {
	doc := benchExport(b)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		r := NewReader(bytes.NewReader(doc))
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkEncodingXML is the yardstick: encoding/xml only tokenizing the
// same export, without building any record.
func BenchmarkEncodingXML(b *testing.B) {
	doc := benchExport(b)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		d := xml.NewDecoder(bytes.NewReader(doc))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}
