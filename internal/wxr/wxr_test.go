package wxr

import (
	"bytes"
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/burg-news/burg"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// readAll reads every record of an export, stopping at the first fault.
func readAll(t testing.TB, r *Reader) (Site, []Record, error) {
	t.Helper()
	var recs []Record
	for {
		rec, err := r.Next()
		if err == io.EOF {
			site, _ := r.Site()
			return site, recs, nil
		}
		if err != nil {
			site, _ := r.Site()
			return site, recs, err
		}
		recs = append(recs, rec)
	}
}

func readFile(t testing.TB, path string) (Site, []Record, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return readAll(t, NewReader(f))
}

func readString(t testing.TB, doc string) (Site, []Record, error) {
	t.Helper()
	return readAll(t, NewReader(strings.NewReader(doc)))
}

func items(recs []Record) []*Item {
	var out []*Item
	for _, r := range recs {
		if it, ok := r.(*Item); ok {
			out = append(out, it)
		}
	}
	return out
}

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("no time zone data for %s: %v", name, err)
	}
	return loc
}

func TestProjectExport(t *testing.T) {
	site, recs, err := readFile(t, "testdata/threaded-1.2.xml")
	if err != nil {
		t.Fatal(err)
	}
	wantSite := Site{
		Title:       "Harbour Town Notes",
		Link:        "https://notes.example.test",
		Description: "Small news from a made-up harbour town",
		Language:    "de-DE",
		PubDate:     "Sun, 01 Dec 2024 10:00:00 +0000",
		Generator:   "https://wordpress.org/?v=6.7",
		BaseSiteURL: "https://notes.example.test",
		BaseBlogURL: "https://notes.example.test",
		Version:     "1.2", VersionDeclared: true,
	}
	if site != wantSite {
		t.Errorf("site:\n got %+v\nwant %+v", site, wantSite)
	}

	var kinds []string
	for _, r := range recs {
		kinds = append(kinds, strings.TrimPrefix(reflect.TypeOf(r).String(), "*wxr."))
	}
	wantKinds := "Author Author Category Category Tag Tag Term Item Item Item Item Item"
	if got := strings.Join(kinds, " "); got != wantKinds {
		t.Fatalf("records in order:\n got %s\nwant %s", got, wantKinds)
	}

	if got, want := *recs[0].(*Author), (Author{ID: 1, Login: "greta", Email: "greta@example.test",
		DisplayName: "Greta Hafen", FirstName: "Greta", LastName: "Hafen", Line: 22}); got != want {
		t.Errorf("author:\n got %+v\nwant %+v", got, want)
	}
	ferries := recs[3].(*Category)
	if ferries.Slug != "ferries" || ferries.Parent != "harbour" || ferries.Name != "Ferries & Boats" ||
		ferries.Description != "Timetables, delays, new boats" || ferries.ID != 4 {
		t.Errorf("child category: %+v", ferries)
	}
	if tag := recs[5].(*Tag); tag.Slug != "fish-market" || !reflect.DeepEqual(tag.Meta, []Meta{{"colour", "#336699"}}) {
		t.Errorf("tag with meta: %+v", tag)
	}
	if term := recs[6].(*Term); term.Taxonomy != "nav_menu" || term.Slug != "main" || term.Name != "Main menu" {
		t.Errorf("term: %+v", term)
	}

	its := items(recs)
	post := its[0]
	if post.ID != 10 || post.Type != "post" || post.Status != "publish" || post.Name != "new-ferry" ||
		post.Author != "greta" || !post.Sticky || post.Title != `New ferry "Möwe" starts on Monday` ||
		post.CommentStatus != "open" || post.PingStatus != "closed" || post.GUIDIsPermaLink ||
		post.Excerpt != "A new ferry for the north pier." {
		t.Errorf("post: %+v", post)
	}
	wantContent := "<p>The new ferry runs every <strong>40 minutes</strong> from the north pier.</p>\n" +
		"<p>Tickets &amp; timetables: see the harbour office.</p>"
	if post.Content != wantContent {
		t.Errorf("content:\n got %q\nwant %q", post.Content, wantContent)
	}
	if got, want := post.Categories(), []ItemTerm{{"category", "ferries", "Ferries & Boats"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("categories: got %+v, want %+v", got, want)
	}
	if got, want := post.Tags(), []ItemTerm{{"post_tag", "weather", "Weather"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("tags: got %+v, want %+v", got, want)
	}
	if len(post.Meta) != 2 || post.Meta[1].Value != `a:2:{s:4:"name";s:13:"Harbour Board";s:3:"url";s:24:"https://board.example.test";}` {
		t.Errorf("serialized meta is not kept as a string: %+v", post.Meta)
	}

	// The comment tree: 100 ← 101 ← 102 ← 105, 100 ← 103, and 104 alone.
	type node struct {
		id, parent, user    int64
		approved, ip, email string
	}
	var got []node
	for _, c := range post.Comments {
		got = append(got, node{c.ID, c.Parent, c.UserID, c.Approved, c.AuthorIP, c.AuthorEmail})
	}
	want := []node{
		{100, 0, 0, "1", "192.0.2.10", "kalle@example.test"},
		{101, 100, 1, "1", "2001:db8::1", "greta@example.test"},
		{102, 101, 0, "1", "192.0.2.10", "kalle@example.test"},
		{103, 100, 0, "0", "198.51.100.7", ""},
		{104, 0, 0, "spam", "203.0.113.99", "spam@example.test"},
		{105, 102, 2, "trash", "192.0.2.11", "ole@example.test"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("comments:\n got %+v\nwant %+v", got, want)
	}
	c0 := post.Comments[0]
	if c0.Author != "Kalle" || c0.AuthorURL != "https://kalle.example.test/" || c0.Type != "comment" ||
		c0.Content != "Finally! Does it take bicycles?" || !reflect.DeepEqual(c0.Meta, []Meta{{"akismet_result", "false"}}) {
		t.Errorf("first comment: %+v", c0)
	}
	if got := post.Comments[2].Content; got != "Thanks &lt;3" {
		t.Errorf("CDATA content must not be unescaped: got %q", got)
	}

	berlin := mustLoad(t, "Europe/Berlin")
	tm, err := post.Time(berlin)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 7, 1, 12, 30, 0, 0, time.UTC); !tm.Equal(want) || tm.Location() != berlin {
		t.Errorf("summer post time: got %v (%v), want %v in Berlin", tm, tm.Location(), want)
	}
	ct, err := post.Comments[3].Time(berlin)
	if err != nil || !ct.Equal(time.Date(2024, 7, 1, 14, 0, 0, 0, time.UTC)) {
		t.Errorf("comment time: got %v, %v", ct, err)
	}
	mt, err := post.ModifiedTime(berlin)
	if err != nil || !mt.Equal(time.Date(2024, 7, 2, 7, 15, 0, 0, time.UTC)) {
		t.Errorf("modified time: got %v, %v", mt, err)
	}
	winter, err := its[1].Time(berlin)
	if err != nil || !winter.Equal(time.Date(2024, 11, 2, 7, 5, 0, 0, time.UTC)) {
		t.Errorf("winter post time: got %v, %v", winter, err)
	}
	draft := its[2]
	if draft.Status != "draft" || draft.PostDateGMT != "0000-00-00 00:00:00" {
		t.Fatalf("draft: %+v", draft)
	}
	dt, err := draft.Time(berlin)
	if err != nil || !dt.Equal(time.Date(2024, 12, 1, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("draft in Berlin: got %v, %v; want 08:00 UTC", dt, err)
	}
	if off, ok := Offset(its[1].PostDate, its[1].PostDateGMT); !ok || off != time.Hour {
		t.Errorf("Offset of the winter post: got %v, %v", off, ok)
	}
	page, att := its[3], its[4]
	if page.Type != "page" || page.MenuOrder != 3 || page.ID != 2 {
		t.Errorf("page: %+v", page)
	}
	if att.Type != "attachment" || att.Parent != 10 || att.Status != "inherit" ||
		att.AttachmentURL != "https://notes.example.test/wp-content/uploads/2024/07/ferry.jpg" {
		t.Errorf("attachment: %+v", att)
	}
}

func TestProjectBrokenFixtures(t *testing.T) {
	tests := []struct {
		file      string
		items     int
		line, col int
		msg       string
	}{
		{"testdata/truncated.xml", 1, 192, 53,
			"unexpected end of file inside a CDATA section that starts at line 192, column 20 (truncated export?)"},
		{"testdata/bad-xml.xml", 1, 24, 2,
			"</item> where </wp:comment> was expected, to close <wp:comment> opened at line 21, column 3"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, recs, err := readFile(t, tt.file)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("got error %v, want a *SyntaxError", err)
			}
			if se.Line != tt.line || se.Column != tt.col || se.Msg != tt.msg {
				t.Errorf("got line %d, column %d: %s\nwant line %d, column %d: %s", se.Line, se.Column, se.Msg, tt.line, tt.col, tt.msg)
			}
			if burg.ErrorCode(err) != burg.EINVALID {
				t.Errorf("code %q, want %q", burg.ErrorCode(err), burg.EINVALID)
			}
			if got := len(items(recs)); got != tt.items {
				t.Errorf("%d items before the fault, want %d", got, tt.items)
			}
		})
	}
}

// TestTruncatedAnywhere cuts exports at every byte: what is read before
// the fault must be exactly the records of the whole file that end
// before the cut, and the fault must say where.
func TestTruncatedAnywhere(t *testing.T) {
	// Every byte of the small files; a prime stride through the larger
	// one keeps the test fast and still lands on every kind of syntax.
	stride := map[string]int{"testdata/threaded-1.2.xml": 7}
	if dir := fixtureDir(t, false); dir != "" {
		stride[dir+"/valid-wxr-1.1.xml"] = 5
		stride[dir+"/crazy-cdata.xml"] = 1
		stride[dir+"/namespace-edge-cases.xml"] = 2
	}
	for file, step := range stride {
		doc, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		_, full, err := readAll(t, NewReader(bytes.NewReader(doc)))
		if err != nil {
			t.Fatal(err)
		}
		end := bytes.LastIndex(doc, []byte("</rss>")) + len("</rss>")
		for cut := 0; cut < end; cut += step {
			_, recs, err := readAll(t, NewReader(bytes.NewReader(doc[:cut])))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("%s cut at %d: got %v, want a *SyntaxError", file, cut, err)
			}
			if se.Line < 1 || se.Column < 1 || se.Offset > int64(cut) {
				t.Fatalf("%s cut at %d: bad position in %v (offset %d)", file, cut, se, se.Offset)
			}
			if len(recs) > len(full) || len(recs) > 0 && !reflect.DeepEqual(recs, full[:len(recs)]) {
				t.Fatalf("%s cut at %d: records read differ from the whole file's", file, cut)
			}
		}
	}
}

const head = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<wp:wxr_version>1.2</wp:wxr_version>
`

func TestFaults(t *testing.T) {
	tests := []struct {
		name, doc string
		line, col int
		msg       string
	}{
		{"Empty", "", 1, 1, "no XML elements in the file: not a WordPress export"},
		{"NotXML", "This is not valid XML content", 1, 1, "text outside the root element: this is not an XML document"},
		{"Atom", `<?xml version="1.0"?>` + "\n" + `<feed xmlns="http://www.w3.org/2005/Atom"></feed>`, 2, 1,
			"the file is an Atom feed, not a WordPress export"},
		{"HTML", "<html><body></body></html>", 1, 1, "the root element is <html>, not <rss>: not a WordPress export"},
		{"NoChannel", `<rss version="2.0"></rss>`, 1, 20, "<rss> holds no <channel>: not a WordPress export"},
		{"PlainFeed", "<rss version=\"2.0\"><channel><title>x</title>\n  <item><title>a</title></item></channel></rss>", 2, 3,
			"no <wp:wxr_version> and no WordPress export namespace before <item>: this looks like a plain RSS feed, not a WordPress export"},
		{"BadVersion", strings.Replace(head, "1.2</wp:wxr", "two</wp:wxr", 1) + "</channel></rss>", 4, 1,
			`the WXR version in <wp:wxr_version> is "two", not a number such as 1.2: this does not look like a WordPress export`},
		{"Mismatch", head + "<item>\n<title>a</titel>", 6, 9,
			"</titel> where </title> was expected, to close <title> opened at line 6, column 1"},
		{"EOFInItem", head + "<item>\n  <title>a</title>\n", 7, 1,
			"unexpected end of file inside <item> (opened at line 5, column 1) (truncated export?)"},
		{"EOFInTag", head + "<item><wp:post_id", 5, 18,
			"unexpected end of file inside the tag <wp:post_id> that starts at line 5, column 7 (truncated export?)"},
		{"EOFInComment", head + "<!-- a comment", 5, 15,
			"unexpected end of file inside a comment that starts at line 5, column 1 (truncated export?)"},
		{"UnquotedAttr", head + "<item><category domain=category>", 5, 24,
			"the value of attribute domain in <category> is not quoted"},
		{"LtInAttr", head + `<item><category domain="category>` + "\n<title>", 6, 1,
			"'<' inside the value of attribute domain in <category> (a quote is missing?)"},
		{"BadID", head + "<item><wp:post_id>12a</wp:post_id></item>", 5, 7,
			`<wp:post_id> is "12a", not a whole number`},
		{"StrayEnd", "</channel><rss>", 1, 1, "</channel> closes nothing"},
		{"BadMarkup", head + "<item><!ENTITY x 'y'></item>", 5, 7,
			`unexpected "<!ENTITY " inside <item>: expected a comment, CDATA section or element`},
		{"NoName", head + "< item>", 5, 2, "expected an element name after '<'"},
		{"Encoding", `<?xml version="1.0" encoding="x-klingon"?><rss/>`, 1, 1,
			`the XML declaration names the encoding "x-klingon", which is not supported`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readString(t, tt.doc)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a *SyntaxError", err)
			}
			if se.Line != tt.line || se.Column != tt.col || se.Msg != tt.msg {
				t.Errorf("got  line %d, column %d: %s\nwant line %d, column %d: %s", se.Line, se.Column, se.Msg, tt.line, tt.col, tt.msg)
			}
			if burg.ErrorCode(err) != burg.EINVALID || !strings.HasPrefix(burg.ErrorMessage(err), "wxr: line ") {
				t.Errorf("not a burg EINVALID error with the position: %q %q", burg.ErrorCode(err), burg.ErrorMessage(err))
			}
		})
	}
}

func TestFaultIsSticky(t *testing.T) {
	r := NewReader(strings.NewReader(head + "<item><title>a</item>"))
	_, err1 := r.Next()
	_, err2 := r.Next()
	if err1 == nil || err1 != err2 {
		t.Errorf("first %v, then %v: want the same fault twice", err1, err2)
	}
}

func TestReadFailure(t *testing.T) {
	boom := errors.New("disk on fire")
	r := NewReader(io.MultiReader(strings.NewReader(head+"<item>"), iotestErr{boom}))
	_, err := r.Next()
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want it to wrap the read error", err)
	}
	if burg.ErrorCode(err) != burg.EINTERNAL {
		t.Errorf("a read failure is not bad input: code %q", burg.ErrorCode(err))
	}
}

type iotestErr struct{ err error }

func (r iotestErr) Read([]byte) (int, error) { return 0, r.err }

// TestText covers how field text is read: CDATA, references, white
// space, markup, and the recovery of unescaped "]]>".
func TestText(t *testing.T) {
	tests := []struct {
		name, raw, want string
	}{
		{"Plain", "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;", `a & b <c> "d" 'e'`},
		{"CharRefs", "&#233;&#xE9;&#x1F680;", "éé🚀"},
		{"BadCharRef", "a&#0;b&#xD800;c", "a\uFFFDb\uFFFDc"},
		{"UnknownEntity", "a&nbsp;b &hellip;", "a&nbsp;b &hellip;"},
		{"BareAmp", "fish & chips &; &#;", "fish & chips &; &#;"},
		{"CDATA", "<![CDATA[<p>a &amp; b</p>]]>", "<p>a &amp; b</p>"},
		{"CDATAWhiteSpace", "\n  <![CDATA[ x ]]>\n  ", " x "},
		{"ManyCDATA", "\n<![CDATA[one]]><![CDATA[two]]>\n<![CDATA[three]]>\n", "onetwothree"},
		{"EscapedClose", "<![CDATA[a ]]]]><![CDATA[> b]]>", "a ]]> b"},
		{"TextAndCDATA", "x <![CDATA[y]]> z", "x y z"},
		{"UnescapedClose", "<![CDATA[a ]]> b]]>", "a ]]> b"},
		{"UnescapedOnly", "<![CDATA[]]>]]>", "]]>"},
		{"UnescapedNested", "<![CDATA[This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>]]>",
			"This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>"},
		{"CloseInText", "a ]]> b", "a ]]> b"},
		{"Comment", "a<!-- no -->b", "ab"},
		{"Markup", "<p class=\"x\">a &amp; <b>b</b><br/></p>", "<p class=\"x\">a &amp; <b>b</b><br/></p>"},
		{"MarkupAfterText", "1 &lt; 2 <em>yes</em>", "1 &lt; 2 <em>yes</em>"},
		{"MarkupCDATA", "<p><![CDATA[a<b]]></p>", "<p>a&lt;b</p>"},
		{"Empty", "", ""},
		{"InvalidUTF8", "a\xffb", "a\uFFFDb"},
		{"NUL", "a\x00b", "a\uFFFDb"},
		{"Lines", "<![CDATA[one\r\n\r\ntwo]]>", "one\r\n\r\ntwo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := head + "<item><content:encoded>" + tt.raw + "</content:encoded></item></channel></rss>"
			_, recs, err := readString(t, doc)
			if err != nil {
				t.Fatal(err)
			}
			if got := items(recs)[0].Content; got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEmptyElements(t *testing.T) {
	doc := head + `<wp:author/><item><title/><wp:post_id>4</wp:post_id><wp:postmeta/><wp:comment/><category domain="post_tag" nicename="a"/></item><item/></channel></rss>`
	_, recs, err := readString(t, doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 {
		t.Fatalf("got %d records, want 3", len(recs))
	}
	it := recs[1].(*Item)
	if it.ID != 4 || len(it.Meta) != 1 || len(it.Comments) != 1 || !reflect.DeepEqual(it.Terms, []ItemTerm{{"post_tag", "a", ""}}) {
		t.Errorf("item: %+v", it)
	}
}

func TestVersion(t *testing.T) {
	noVersion := `<rss xmlns:wp="http://wordpress.org/export/1.1/"><channel><item/></channel></rss>`
	site, _, err := readString(t, noVersion)
	if err != nil || site.Version != "1.1" || site.VersionDeclared {
		t.Errorf("lenient: got %+v, %v; want version 1.1 from the namespace, not declared", site, err)
	}
	r := NewReader(strings.NewReader(noVersion))
	r.RequireVersion = true
	_, _, err = readAll(t, r)
	if err == nil || !strings.Contains(err.Error(), "line 1, column 59: no <wp:wxr_version> before <item>") {
		t.Errorf("strict: got %v", err)
	}
	// A file with no records at all is still checked, at </channel>.
	_, _, err = readString(t, `<rss><channel><title>x</title></channel></rss>`)
	if err == nil || !strings.Contains(err.Error(), "before </channel>") {
		t.Errorf("no records: got %v", err)
	}
}

func TestNamespacePrefixes(t *testing.T) {
	// Other prefixes for the same namespaces, and undeclared conventional
	// ones, mean the same; a foreign namespace under the wp prefix does not.
	doc := `<rss xmlns:x="http://wordpress.org/export/1.2/" xmlns:c="http://purl.org/rss/1.0/modules/content/"><channel>
<x:wxr_version>1.2</x:wxr_version>
<item><x:post_id>1</x:post_id><c:encoded>one</c:encoded><dc:creator>ann</dc:creator></item>
<item><wp:post_id>2</wp:post_id><content:encoded>two</content:encoded></item>
<item xmlns:wp="http://example.test/other/"><wp:post_id>3</wp:post_id><x:post_id>4</x:post_id></item>
</channel></rss>`
	_, recs, err := readString(t, doc)
	if err != nil {
		t.Fatal(err)
	}
	its := items(recs)
	got := []any{its[0].ID, its[0].Content, its[0].Author, its[1].ID, its[1].Content, its[2].ID}
	want := []any{int64(1), "one", "ann", int64(2), "two", int64(4)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestWXR10Terms(t *testing.T) {
	doc := head + `<item>
<category><![CDATA[News]]></category>
<category domain="category" nicename="news"><![CDATA[News]]></category>
<category domain="tag"><![CDATA[rain]]></category>
<category domain="tag" nicename="rain"><![CDATA[rain]]></category>
<category domain="tag"><![CDATA[only bare]]></category>
<category domain="series" nicename="s1"><![CDATA[Series 1]]></category>
</item></channel></rss>`
	_, recs, err := readString(t, doc)
	if err != nil {
		t.Fatal(err)
	}
	want := []ItemTerm{
		{"category", "news", "News"},
		{"post_tag", "rain", "rain"},
		{"post_tag", "", "only bare"},
		{"series", "s1", "Series 1"},
	}
	if got := items(recs)[0].Terms; !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestEncodings(t *testing.T) {
	body := `<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Grüße aus Köln – ½</title></item></channel></rss>`
	latin1 := func(s string) []byte {
		b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	utf16 := func(s string) []byte {
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cyr, err := charmap.Windows1251.NewEncoder().Bytes([]byte(`<?xml version="1.0" encoding="windows-1251"?>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version><item><title>Привет</title></item></channel></rss>`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		doc   []byte
		title string
	}{
		{"UTF8", []byte(`<?xml version="1.0" encoding="UTF-8"?>` + body), "Grüße aus Köln – ½"},
		{"UTF8BOM", []byte(bomUTF8 + `<?xml version="1.0"?>` + body), "Grüße aus Köln – ½"},
		{"Latin1", latin1(`<?xml version="1.0" encoding="ISO-8859-1"?>` + strings.ReplaceAll(body, "–", "-")), "Grüße aus Köln - ½"},
		{"Windows1252", latin1(`<?xml version='1.0' encoding='windows-1252' ?>` + body), "Grüße aus Köln – ½"},
		{"Windows1251", cyr, "Привет"},
		{"UTF16", utf16(`<?xml version="1.0" encoding="UTF-16"?>` + body), "Grüße aus Köln – ½"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, recs, err := readAll(t, NewReader(bytes.NewReader(tt.doc)))
			if err != nil {
				t.Fatal(err)
			}
			if got := items(recs)[0].Title; got != tt.title {
				t.Errorf("got %q, want %q", got, tt.title)
			}
		})
	}
}

func TestRecordLimit(t *testing.T) {
	doc := head + "<item><content:encoded><![CDATA[" + strings.Repeat("x", 3000) + "]]></content:encoded></item></channel></rss>"
	r := NewReader(strings.NewReader(doc))
	r.MaxRecordBytes = 2 << 10
	_, _, err := readAll(t, r)
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != 5 || !strings.Contains(se.Msg, "more than") {
		t.Errorf("got %v, want a fault at line 5 about the size", err)
	}
	r = NewReader(strings.NewReader(doc))
	r.MaxRecordBytes = 4 << 10
	if _, _, err := readAll(t, r); err != nil {
		t.Errorf("under the limit: %v", err)
	}
	// Parts without text count too: a record cannot grow without bound.
	empty := head + "<item>" + strings.Repeat("<wp:postmeta/><wp:comment/><category/>", 100) + "</item></channel></rss>"
	r = NewReader(strings.NewReader(empty))
	r.MaxRecordBytes = 2 << 10
	if _, _, err := readAll(t, r); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("empty parts: got %v, want the record refused", err)
	}
}

func TestSiteBeforeNext(t *testing.T) {
	r := NewReader(strings.NewReader(head + "<wp:author><wp:author_login>a</wp:author_login></wp:author><title>late title</title></channel></rss>"))
	site, err := r.Site()
	if err != nil || site.Version != "1.2" || site.Title != "" {
		t.Fatalf("Site before records: %+v, %v", site, err)
	}
	rec, err := r.Next()
	if a, ok := rec.(*Author); err != nil || !ok || a.Login != "a" {
		t.Fatalf("first record after Site: %+v, %v", rec, err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("got %v, want io.EOF", err)
	}
	if site, err := r.Site(); err != nil || site.Title != "late title" {
		t.Errorf("Site after the end should have the late title and no error: %+v, %v", site, err)
	}
}
