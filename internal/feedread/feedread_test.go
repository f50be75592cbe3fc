package feedread

import (
	"bytes"
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/burg-news/burg"
)

func readAll(t testing.TB, r io.Reader, opt Options) (Feed, []*Item, error) {
	t.Helper()
	fr := NewReader(r, opt)
	var items []*Item
	for {
		it, err := fr.Next()
		if err == io.EOF {
			feed, err := fr.Feed()
			if err != nil {
				t.Fatalf("Feed after the end: %v", err)
			}
			return feed, items, nil
		}
		if err != nil {
			feed, _ := fr.Feed()
			return feed, items, err
		}
		items = append(items, it)
	}
}

func readFile(t *testing.T, name string, opt Options) (Feed, []*Item, error) {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return readAll(t, f, opt)
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// sameItems compares items, times by instant.
func sameItems(t *testing.T, got, want []*Item) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d items, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := *got[i], *want[i]
		if !g.Published.Equal(w.Published) || !g.Updated.Equal(w.Updated) {
			t.Errorf("item %d dates: got %v / %v, want %v / %v", i, g.Published, g.Updated, w.Published, w.Updated)
		}
		g.Published, g.Updated, w.Published, w.Updated = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("item %d:\n got %#v\nwant %#v", i, g, w)
		}
	}
}

func TestRSS2(t *testing.T) {
	feed, items, err := readFile(t, "rss2.xml", Options{BaseURL: "https://gazette.example.test/feed/"})
	if err != nil {
		t.Fatal(err)
	}
	wantFeed := Feed{Format: RSS, Title: "Valley Gazette", Link: "https://gazette.example.test/",
		Description: "News from a valley that does not exist", Language: "en-gb", Updated: date("2024-12-03T18:00:00Z")}
	if !feed.Updated.Equal(wantFeed.Updated) {
		t.Errorf("feed updated %v", feed.Updated)
	}
	feed.Updated = wantFeed.Updated
	if feed != wantFeed {
		t.Errorf("feed:\n got %+v\nwant %+v", feed, wantFeed)
	}
	want := []*Item{{
		Title:      "Bridge & road reopen after repairs",
		Link:       "https://gazette.example.test/2024/12/03/bridge/",
		Summary:    "<p>The old bridge is open <b>again</b>.</p>",
		Content:    "<p>The old bridge is open <b>again</b>, after six weeks of work.</p><p>Buses return to their usual route.</p>",
		Published:  date("2024-12-03T16:45:10Z"),
		Categories: []string{"Roads", "Town council"},
		GUID:       "gazette-2024-1203-bridge",
		Author:     "Mira Quell",
	}, {
		// No <link>: the guid is a permalink.
		Title:     "Choir concert moved to Saturday",
		Link:      "https://gazette.example.test/2024/12/02/choir/",
		Summary:   "The concert moves to the school hall.",
		Published: date("2024-12-02T14:30:00Z"),
		GUID:      "https://gazette.example.test/2024/12/02/choir/",
	}, {
		// Double-escaped title; relative link; a date nobody can read.
		Title:      "Market & fair: stalls wanted",
		Link:       "https://gazette.example.test/2024/12/01/market/",
		Summary:    "Sign up at the town hall.",
		Categories: []string{"Market"},
	}, {
		// Unescaped XHTML in the description is kept as markup.
		Title:     "Snow expected",
		Link:      "https://gazette.example.test/2024/11/30/snow/",
		Summary:   "<p>Up to <em>ten</em> centimetres\u00a0tonight.</p>",
		Published: date("2024-11-30T21:00:00Z"),
		Updated:   date("2024-11-30T22:15:00Z"),
	}}
	sameItems(t, items, want)
	if got := items[1].Excerpt(); got != "The concert moves to the school hall." {
		t.Errorf("excerpt %q", got)
	}
}

func TestAtom(t *testing.T) {
	feed, items, err := readFile(t, "atom.xml", Options{BaseURL: "https://ignored.example.test/feed"})
	if err != nil {
		t.Fatal(err)
	}
	if feed.Format != Atom || feed.Title != "Ridge Weekly" || feed.Link != "https://ridge.example.test/blog/" ||
		feed.Description != "Notes from the ridge" || !feed.Updated.Equal(date("2024-12-04T08:00:00Z")) {
		t.Errorf("feed %+v", feed)
	}
	want := []*Item{{
		Title:      "Hut reopens for winter & spring",
		Link:       "https://ridge.example.test/blog/2024/12/hut-reopens",
		Summary:    "Beds &lt; 20 this year, so book early.",
		Content:    "<p>The hut opens on <strong>Friday</strong>.</p><p>Bring a sleeping bag<br/>and cash.</p>",
		Published:  date("2024-12-04T06:30:00.25Z"),
		Updated:    date("2024-12-04T06:45:00Z"),
		Categories: []string{"Mountain huts", "winter"},
		GUID:       "tag:ridge.example.test,2024:41",
		Author:     "Jo Marsh",
	}, {
		// The entry's own xml:base replaces the feed's.
		Title:   "Trail closed by a rockfall",
		Link:    "https://trail.example.test/news/rockfall",
		Summary: "<p>The lower trail is closed.</p>",
		Updated: date("2024-12-02T16:00:00Z"),
		GUID:    "tag:ridge.example.test,2024:40",
	}, {
		// Atom text is text: its "<" is not markup.
		Title:     "Plain title with <angle> brackets",
		Link:      "https://elsewhere.example.test/story",
		Content:   "Line one &amp; line two",
		Published: date("2024-11-28T00:00:00Z"),
		GUID:      "tag:ridge.example.test,2024:39",
	}}
	sameItems(t, items, want)
	if got := items[1].Date(); !got.Equal(date("2024-12-02T16:00:00Z")) {
		t.Errorf("Date falls back to Updated: %v", got)
	}
	if got := items[2].Excerpt(); got != "Line one &amp; line two" {
		t.Errorf("Excerpt falls back to Content: %q", got)
	}
}

func TestRDF(t *testing.T) {
	feed, items, err := readFile(t, "rdf.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if feed.Format != RDF || feed.Title != "Lake Bulletin" || feed.Link != "https://lake.example.test/" ||
		feed.Language != "fr" || !feed.Updated.Equal(date("2024-12-01T09:00:00Z")) {
		t.Errorf("feed %+v", feed)
	}
	want := []*Item{{
		Title:      "Ice too thin for skating",
		Link:       "https://lake.example.test/ice",
		Summary:    "Stay off the ice this week.",
		Content:    "<p>Stay off the ice this week; it is <em>4 cm</em> thick.</p>",
		Published:  date("2024-12-01T08:00:00Z"),
		Categories: []string{"Safety"},
		GUID:       "https://lake.example.test/ice",
		Author:     "Lake Warden",
	}, {
		Title:     "Boats out of the water",
		Link:      "https://lake.example.test/boats",
		Published: date("2024-11-29T00:00:00Z"),
		GUID:      "https://lake.example.test/boats",
	}}
	sameItems(t, items, want)
}

func TestCharsets(t *testing.T) {
	tests := []struct {
		file, feedTitle, title, category string
	}{
		{"latin1.xml", "Dorfblatt Mühlbach", "Grüße vom Bäcker: Straßenfest am Samstag", "Gemüse"},
		{"windows-1251.xml", "Вести с реки", "Паром снова ходит", "Транспорт"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			feed, items, err := readFile(t, tt.file, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if feed.Title != tt.feedTitle || len(items) != 1 || items[0].Title != tt.title ||
				!reflect.DeepEqual(items[0].Categories, []string{tt.category}) {
				t.Errorf("got feed %q, items %+v", feed.Title, items)
			}
		})
	}
	_, items, err := readFile(t, "latin1.xml", Options{})
	if err != nil || items[0].Summary != "Kuchen für 2 EUR? Nein: für 2 Mark ½." {
		t.Errorf("summary %q, %v", items[0].Summary, err)
	}
	// A UTF-8 byte order mark, and UTF-16 with one.
	body := `<?xml version="1.0" encoding="UTF-8"?><rss><channel><item><title>Ä</title></item></channel></rss>`
	for name, doc := range map[string][]byte{
		"BOM":   append([]byte("\xEF\xBB\xBF"), body...),
		"UTF16": utf16LE("\uFEFF" + strings.Replace(body, "UTF-8", "UTF-16", 1)),
	} {
		_, items, err := readAll(t, bytes.NewReader(doc), Options{})
		if err != nil || len(items) != 1 || items[0].Title != "Ä" {
			t.Errorf("%s: %+v, %v", name, items, err)
		}
	}
}

func utf16LE(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func TestTruncated(t *testing.T) {
	_, items, err := readFile(t, "truncated.xml", Options{})
	var fe *Error
	if !errors.As(err, &fe) {
		t.Fatalf("got %v, want an *Error", err)
	}
	if fe.Line != 28 || fe.Msg != "unexpected end of file inside <description> (truncated feed?)" {
		t.Errorf("got line %d: %s", fe.Line, fe.Msg)
	}
	if burg.ErrorCode(err) != burg.EINVALID {
		t.Errorf("code %q", burg.ErrorCode(err))
	}
	if len(items) != 1 || items[0].Title != "Bridge & road reopen after repairs" {
		t.Errorf("items before the fault: %+v", items)
	}
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name, doc string
		line      int
		msg       string
	}{
		{"Empty", "", 1, "no XML elements in the file: not a feed"},
		{"NotXML", "hello", 1, "text before the root element: not an XML document"},
		{"HTML", "<!DOCTYPE html>\n<html><body></body></html>", 2,
			"the root element is <html>, not <rss>, <rdf:RDF> or Atom's <feed>: not a feed"},
		{"Mismatch", "<rss><channel>\n<item><title>x</item>", 2, "element <title> closed by </item>"},
		{"Charset", `<?xml version="1.0" encoding="x-unknown"?><rss/>`, 1,
			`the XML declaration names the encoding "x-unknown", which is not supported`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(t, strings.NewReader(tt.doc), Options{})
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want an *Error", err)
			}
			if fe.Line != tt.line || fe.Msg != tt.msg {
				t.Errorf("got line %d: %s\nwant line %d: %s", fe.Line, fe.Msg, tt.line, tt.msg)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	doc, err := os.ReadFile("testdata/rss2.xml")
	if err != nil {
		t.Fatal(err)
	}
	_, items, err := readAll(t, bytes.NewReader(doc), Options{MaxItems: 2})
	if err != nil || len(items) != 2 {
		t.Errorf("MaxItems 2: %d items, %v", len(items), err)
	}
	// The cap is on bytes read, so the reader stops without reading the
	// rest: here a reader that would fail past the cap.
	capped := io.MultiReader(bytes.NewReader(doc[:1500]), iotest.ErrReader(errors.New("read past the cap")))
	_, items, err = readAll(t, capped, Options{MaxBytes: 1400})
	var fe *Error
	if !errors.As(err, &fe) || fe.Msg != "the feed is larger than 1400 bytes" {
		t.Errorf("MaxBytes: got %v", err)
	}
	if len(items) > 1 {
		t.Errorf("MaxBytes: %d items", len(items))
	}
	if _, _, err := readAll(t, bytes.NewReader(doc), Options{MaxBytes: int64(len(doc))}); err != nil {
		t.Errorf("a feed of exactly MaxBytes: %v", err)
	}
}

func TestReadFailure(t *testing.T) {
	boom := errors.New("connection reset")
	_, _, err := readAll(t, io.MultiReader(strings.NewReader("<rss><channel><item>"), iotest.ErrReader(boom)), Options{})
	if !errors.Is(err, boom) || burg.ErrorCode(err) != burg.EINTERNAL {
		t.Errorf("got %v (code %q), want the read error, internal", err, burg.ErrorCode(err))
	}
}

func TestEntities(t *testing.T) {
	doc := `<rss><channel><item><title>Caf&eacute; &ndash; open&#8230;</title><description>a&nbsp;b</description></item></channel></rss>`
	_, items, err := readAll(t, strings.NewReader(doc), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := items[0].Title; got != "Café – open…" {
		t.Errorf("title %q", got)
	}
	if got := items[0].Summary; got != "a\u00a0b" {
		t.Errorf("summary %q", got)
	}
}

func TestReadBoundaries(t *testing.T) {
	for _, name := range []string{"rss2.xml", "atom.xml", "rdf.xml", "latin1.xml", "windows-1251.xml", "truncated.xml"} {
		doc, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		f1, i1, e1 := readAll(t, bytes.NewReader(doc), Options{})
		f2, i2, e2 := readAll(t, iotest.OneByteReader(bytes.NewReader(doc)), Options{})
		if !reflect.DeepEqual(f1, f2) || !reflect.DeepEqual(i1, i2) || (e1 == nil) != (e2 == nil) || e1 != nil && e1.Error() != e2.Error() {
			t.Errorf("%s: one-byte reads differ", name)
		}
	}
}

func FuzzReader(f *testing.F) {
	for _, name := range []string{"rss2.xml", "atom.xml", "rdf.xml", "latin1.xml", "truncated.xml"} {
		doc, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(doc)
	}
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="%zz"><entry><link href="::"/><title type="xhtml"><div><br/></div></title></entry></feed>`))
	f.Add([]byte(`<rss><channel><item><pubDate>Mon, 31 Feb 2024 25:61:61 +9999</pubDate></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		_, items, err := readAll(t, bytes.NewReader(doc), Options{MaxItems: 50, MaxBytes: 1 << 20})
		var fe *Error
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("a fault that is not an *Error: %v", err)
		}
		if len(items) > 50 {
			t.Fatalf("%d items past the cap", len(items))
		}
	})
}

func TestRelativeBase(t *testing.T) {
	doc := `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="sub/"><link href="."/>
<entry xml:base="deeper/"><link rel="alternate" href="x?y=1"/><link rel="enclosure" href="/file.mp3"/></entry></feed>`
	feed, items, err := readAll(t, strings.NewReader(doc), Options{BaseURL: "https://h.example.test/a/feed.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if feed.Link != "https://h.example.test/a/sub/" || items[0].Link != "https://h.example.test/a/sub/deeper/x?y=1" {
		t.Errorf("feed link %q, item link %q", feed.Link, items[0].Link)
	}
	// Without a feed URL a relative link stays relative.
	_, items, err = readAll(t, strings.NewReader(`<rss><channel><item><link>/p/1</link></item></channel></rss>`), Options{})
	if err != nil || items[0].Link != "/p/1" {
		t.Errorf("no base: %+v, %v", items, err)
	}
}
