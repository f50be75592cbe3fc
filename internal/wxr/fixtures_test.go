package wxr

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// fixtureDir returns the folder of WordPress's own importer test files,
// or "" (skipping the test when skip is set) where it is not present.
func fixtureDir(t *testing.T, skip bool) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "fixtures", "wxr")
	if _, err := os.Stat(filepath.Join(dir, "README.md")); err != nil {
		if skip {
			t.Skipf("WordPress export fixtures not present at %s", dir)
		}
		return ""
	}
	return dir
}

// counts is what an export holds, by record kind and post type.
type counts struct {
	Posts, Pages, Attachments, MenuItems, Untyped, OtherTypes int
	Comments, Categories, Tags, Terms, Authors                int
}

func countRecords(recs []Record) counts {
	var c counts
	for _, r := range recs {
		switch r := r.(type) {
		case *Author:
			c.Authors++
		case *Category:
			c.Categories++
		case *Tag:
			c.Tags++
		case *Term:
			c.Terms++
		case *Item:
			c.Comments += len(r.Comments)
			switch r.Type {
			case "post":
				c.Posts++
			case "page":
				c.Pages++
			case "attachment":
				c.Attachments++
			case "nav_menu_item":
				c.MenuItems++
			case "":
				c.Untyped++
			default:
				c.OtherTypes++
			}
		}
	}
	return c
}

var (
	scanItem     = regexp.MustCompile(`<item[\s>]`)
	scanType     = regexp.MustCompile(`<wp:post_type>\s*(?:<!\[CDATA\[)?\s*([a-z_]+)`)
	scanComment  = regexp.MustCompile(`<wp:comment>`)
	scanCategory = regexp.MustCompile(`<wp:category>`)
	scanTag      = regexp.MustCompile(`<wp:tag>`)
	scanTerm     = regexp.MustCompile(`<wp:term>`)
	// An author block starts with a child element; <wp:author>name</…>
	// inside an item is not one.
	scanAuthor = regexp.MustCompile(`<wp:(?:wp_)?author>\s*<`)
)

// scanCounts counts start tags in the raw file, knowing nothing of XML:
// an independent check of both the reader and the table below.
func scanCounts(doc string) counts {
	c := counts{
		Comments:   len(scanComment.FindAllString(doc, -1)),
		Categories: len(scanCategory.FindAllString(doc, -1)),
		Tags:       len(scanTag.FindAllString(doc, -1)),
		Terms:      len(scanTerm.FindAllString(doc, -1)),
		Authors:    len(scanAuthor.FindAllString(doc, -1)),
	}
	typed := 0
	for _, m := range scanType.FindAllStringSubmatch(doc, -1) {
		typed++
		switch m[1] {
		case "post":
			c.Posts++
		case "page":
			c.Pages++
		case "attachment":
			c.Attachments++
		case "nav_menu_item":
			c.MenuItems++
		default:
			c.OtherTypes++
		}
	}
	c.Untyped = len(scanItem.FindAllString(doc, -1)) - typed
	return c
}

// TestWordPressFixtures reads every export of WordPress's importer test
// suite. The counts were verified by reading each file; the raw scan
// checks them again. Files broken on purpose must be refused at the
// right place with the right reason.
func TestWordPressFixtures(t *testing.T) {
	dir := fixtureDir(t, true)
	type refusal struct {
		line, col int
		msg       string
	}
	tests := map[string]struct {
		want   counts
		refuse *refusal
		// scanDiffers marks files where a raw scan cannot see what XML
		// namespaces mean; the table holds what the file means.
		scanDiffers bool
	}{
		// 1 untyped: "Page with comments" (line 679) has no <wp:post_type>.
		// The one author is a <wp:wp_author> block, read as an author.
		"a11y-unit-test-data.xml": {want: counts{Posts: 47, Pages: 17, Attachments: 39, MenuItems: 50, Untyped: 1,
			Comments: 29, Categories: 27, Tags: 61, Terms: 5, Authors: 1}},
		"authors-multiline.xml":          {want: counts{Posts: 1, Authors: 3}},
		"backslashes.xml":                {want: counts{Posts: 1}},
		"blank-lines.xml":                {want: counts{Posts: 1}},
		"cdata-edge.xml":                 {want: counts{Posts: 1}},
		"chunked-meta.xml":               {want: counts{Posts: 1}},
		"crazy-cdata-escaped.xml":        {want: counts{Posts: 1}},
		"crazy-cdata.xml":                {want: counts{Posts: 1}},
		"e2e-wxr-base-url-rewriting.xml": {want: counts{Posts: 1, Authors: 1}},
		"e2e-wxr-comprehensive.xml":      {want: counts{Posts: 1, Pages: 1, Comments: 1, Categories: 2, Tags: 2, Authors: 2}},
		"e2e-wxr-css-urls.xml":           {want: counts{Posts: 1, Categories: 1, Authors: 1}},
		"e2e-wxr-simple.xml":             {want: counts{Posts: 1, Authors: 1}},
		"invalid-version-tag.xml": {refuse: &refusal{33, 2,
			`the WXR version in <wp:wxr_version> is "abc", not a number such as 1.2: this does not look like a WordPress export`}},
		"large-authors.xml": {want: counts{Authors: 300}},
		"malformed-simple.xml": {refuse: &refusal{14, 1,
			"unexpected end of file inside <item> (opened at line 9, column 1) (truncated export?)"}},
		"malformed.xml": {refuse: &refusal{27, 1, "<notachanneltag> where <channel> was expected inside <rss>"}},
		// Broken on purpose (no authors, no dates) but sound XML: its one
		// post reads with no author, and the importer decides.
		"missing-tags.xml": {want: counts{Posts: 1}},
		// Without <wp:wxr_version>; read because it declares the WXR 1.1
		// namespace (TestMissingVersion covers the strict mode).
		"missing-version-tag.xml": {want: counts{Categories: 21, Tags: 18, Terms: 14, Authors: 1}},
		"multiple-cdata.xml":      {want: counts{Posts: 1}},
		// Elements in foreign namespaces under the wp prefix are not WXR:
		// the first <wp:author>, <custom:author>, one <wp:term> and the
		// "hijacked" item's fields (so that item is untyped) are not read;
		// <wp2:author> in the 1.1 namespace is an author.
		"namespace-edge-cases.xml":                {want: counts{Posts: 5, Untyped: 1, Terms: 2, Authors: 2}, scanDiffers: true},
		"post-content-blank-lines.xml":            {want: counts{Posts: 1, Authors: 1}},
		"slashes.xml":                             {want: counts{Posts: 1, Comments: 1, Categories: 1, Tags: 1, Authors: 1}},
		"small-export.xml":                        {want: counts{Posts: 6, Pages: 5, Comments: 1, Categories: 30, Tags: 3, Authors: 3}},
		"term-formats.xml":                        {want: counts{Categories: 2, Tags: 3, Terms: 2}},
		"term-meta.xml":                           {want: counts{Terms: 1}},
		"test-serialized-comment-meta.xml":        {want: counts{Posts: 1, Comments: 1}},
		"test-serialized-postmeta-no-cdata.xml":   {want: counts{Posts: 1}},
		"test-serialized-postmeta-with-cdata.xml": {want: counts{Posts: 1}},
		"test-serialized-term-meta.xml":           {want: counts{Posts: 1, Categories: 1, Tags: 1, Terms: 1}},
		"test-utw-post-meta-import.xml":           {want: counts{Posts: 1}},
		"theme-unit-test-data.xml": {want: counts{Posts: 58, Pages: 21, Attachments: 37, MenuItems: 70,
			Comments: 33, Categories: 68, Tags: 110, Terms: 7, Authors: 2}},
		"valid-wxr-1.0.xml":                      {want: counts{Posts: 3, Pages: 3, Comments: 1, Categories: 5, Tags: 4}},
		"valid-wxr-1.1.xml":                      {want: counts{Posts: 1, Pages: 1, Comments: 1, Categories: 1, Tags: 1, Terms: 1, Authors: 1}},
		"wxr-flat-attachment-different-site.xml": {want: counts{Posts: 1, Attachments: 1, Authors: 1}},
		"wxr-flat-attachment-same-site.xml":      {want: counts{Posts: 1, Attachments: 1, Authors: 1}},
		"wxr-simple.xml":                         {want: counts{Posts: 1, Authors: 1}},
		"wxr-utf-8-challenges.xml":               {want: counts{Posts: 1, Authors: 1}},
		"wxr-with-sub-data.xml":                  {want: counts{Posts: 1, Comments: 1, Terms: 1}},
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(tests) {
		t.Errorf("%d files in %s, %d in the table: every fixture must be covered", len(files), dir, len(tests))
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			tt, ok := tests[name]
			if !ok {
				t.Fatalf("no expectation for %s", name)
			}
			site, recs, err := readFile(t, file)
			if tt.refuse != nil {
				var se *SyntaxError
				if !errors.As(err, &se) {
					t.Fatalf("got %v (%d records), want it refused", err, len(recs))
				}
				if se.Line != tt.refuse.line || se.Column != tt.refuse.col || se.Msg != tt.refuse.msg {
					t.Errorf("got  line %d, column %d: %s\nwant line %d, column %d: %s",
						se.Line, se.Column, se.Msg, tt.refuse.line, tt.refuse.col, tt.refuse.msg)
				}
				if len(items(recs)) != 0 {
					t.Errorf("%d items read before the fault, want none", len(items(recs)))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !isVersion(site.Version) {
				t.Errorf("version %q", site.Version)
			}
			if got := countRecords(recs); got != tt.want {
				t.Errorf("read:  %+v\nwant:  %+v", got, tt.want)
			}
			doc, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if scan := scanCounts(string(doc)); !tt.scanDiffers && scan != tt.want {
				t.Errorf("scan:  %+v\ntable: %+v", scan, tt.want)
			}
		})
	}
}

func TestMissingVersion(t *testing.T) {
	dir := fixtureDir(t, true)
	f, err := os.Open(filepath.Join(dir, "missing-version-tag.xml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := NewReader(f)
	r.RequireVersion = true
	_, recs, err := readAll(t, r)
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != 35 || se.Column != 2 ||
		se.Msg != "no <wp:wxr_version> before <wp:author>: not a WordPress export, or one whose header is missing" {
		t.Errorf("strict: got %v", err)
	}
	if len(recs) != 0 {
		t.Errorf("strict: %d records before the fault", len(recs))
	}
	site, _, err := readFile(t, filepath.Join(dir, "missing-version-tag.xml"))
	if err != nil || site.Version != "1.1" || site.VersionDeclared {
		t.Errorf("lenient: %+v, %v", site, err)
	}
}

// TestWordPressFixtureContent checks what WordPress's own parser tests
// check of these files.
func TestWordPressFixtureContent(t *testing.T) {
	dir := fixtureDir(t, true)
	read := func(t *testing.T, name string) (Site, []Record) {
		t.Helper()
		site, recs, err := readFile(t, filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return site, recs
	}
	first := func(recs []Record, kind string) Record {
		for _, r := range recs {
			if strings.HasSuffix(reflect.TypeOf(r).String(), "."+kind) {
				return r
			}
		}
		return nil
	}

	t.Run("valid-wxr-1.1", func(t *testing.T) {
		site, recs := read(t, "valid-wxr-1.1.xml")
		if site.BaseSiteURL != "http://localhost/" {
			t.Errorf("base URL %q", site.BaseSiteURL)
		}
		wantAuthor := Author{ID: 2, Login: "john", Email: "johndoe@example.org", DisplayName: "John Doe", FirstName: "John", LastName: "Doe"}
		a := *first(recs, "Author").(*Author)
		a.Line = 0
		if a != wantAuthor {
			t.Errorf("author %+v", a)
		}
		c := first(recs, "Category").(*Category)
		if c.ID != 3 || c.Slug != "alpha" || c.Parent != "" || c.Name != "alpha" || c.Description != "The alpha category" {
			t.Errorf("category %+v", c)
		}
		g := first(recs, "Tag").(*Tag)
		if g.ID != 22 || g.Slug != "clippable" || g.Name != "Clippable" || g.Description != "The Clippable post_tag" {
			t.Errorf("tag %+v", g)
		}
		m := first(recs, "Term").(*Term)
		if m.ID != 40 || m.Taxonomy != "post_tax" || m.Slug != "bieup" || m.Name != "bieup" || m.Description != "The bieup post_tax" {
			t.Errorf("term %+v", m)
		}
		its := items(recs)
		wantTerms := []ItemTerm{{"category", "alpha", "alpha"}, {"post_tag", "clippable", "Clippable"}, {"post_tax", "bieup", "bieup"}}
		if !reflect.DeepEqual(its[0].Terms, wantTerms) {
			t.Errorf("terms %+v", its[0].Terms)
		}
		if !reflect.DeepEqual(its[1].Meta, []Meta{{"_wp_page_template", "default"}}) {
			t.Errorf("page meta %+v", its[1].Meta)
		}
	})
	t.Run("valid-wxr-1.0", func(t *testing.T) {
		_, recs := read(t, "valid-wxr-1.0.xml")
		its := items(recs)
		if len(its) != 6 {
			t.Fatalf("%d items", len(its))
		}
		tests := []struct {
			i    int
			want []ItemTerm
		}{
			{0, []ItemTerm{{"category", "uncategorized", "Uncategorized"}}},
			{2, []ItemTerm{{"category", "alpha", "alpha"}, {"post_tag", "news", "news"}, {"post_tag", "roar", "roar"}}},
			{3, []ItemTerm{{"post_tag", "chicken", "chicken"}, {"category", "child", "child"}, {"post_tag", "face", "face"}}},
		}
		for _, tt := range tests {
			if !reflect.DeepEqual(its[tt.i].Terms, tt.want) {
				t.Errorf("item %d terms:\n got %+v\nwant %+v", tt.i, its[tt.i].Terms, tt.want)
			}
		}
	})
	t.Run("crazy-cdata", func(t *testing.T) {
		for _, name := range []string{"crazy-cdata.xml", "crazy-cdata-escaped.xml"} {
			_, recs := read(t, name)
			it := items(recs)[0]
			if want := "Content with nested <![CDATA[ tags ]]> :)"; it.Content != want {
				t.Errorf("%s content %q, want %q", name, it.Content, want)
			}
			want := []Meta{
				{"Plain string", "Foo"},
				{"Closing CDATA", "]]>"},
				{"Alot of CDATA", "This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>"},
			}
			if !reflect.DeepEqual(it.Meta, want) {
				t.Errorf("%s meta:\n got %q\nwant %q", name, it.Meta, want)
			}
		}
	})
	t.Run("cdata-edge", func(t *testing.T) {
		_, recs := read(t, "cdata-edge.xml")
		if got := items(recs)[0].Content; !strings.HasSuffix(got, "]] >") {
			t.Errorf("content %q", got)
		}
	})
	t.Run("multiple-cdata", func(t *testing.T) {
		_, recs := read(t, "multiple-cdata.xml")
		if got := items(recs)[0].Content; got != "line oneline twoline three" {
			t.Errorf("content %q", got)
		}
	})
	t.Run("blank-lines", func(t *testing.T) {
		_, recs := read(t, "blank-lines.xml")
		if got := items(recs)[0].Content; got != "first paragraph\n\nsecond paragraph" {
			t.Errorf("content %q", got)
		}
		_, recs = read(t, "post-content-blank-lines.xml")
		if got := strings.Count(items(recs)[0].Content, "\n"); got != 3 {
			t.Errorf("%d newlines, want 3", got)
		}
	})
	t.Run("backslashes", func(t *testing.T) {
		_, recs := read(t, "backslashes.xml")
		if got := items(recs)[0].Content; got != `C:\xampp\htdocs\wp-content` {
			t.Errorf("content %q", got)
		}
	})
	t.Run("serialized-meta", func(t *testing.T) {
		_, recs := read(t, "chunked-meta.xml")
		if got := items(recs)[0].Meta; !reflect.DeepEqual(got, []Meta{{"_my_meta", `a:1:{s:3:"foo";s:3:"bar";}`}}) {
			t.Errorf("meta %q", got)
		}
		want := []Meta{{"string", `¯\_(ツ)_/¯`}, {"array", `a:1:{s:3:"key";s:13:"¯\_(ツ)_/¯";}`}}
		_, recs = read(t, "test-serialized-comment-meta.xml")
		if got := items(recs)[0].Comments[0].Meta; !reflect.DeepEqual(got, want) {
			t.Errorf("comment meta %q", got)
		}
		_, recs = read(t, "test-serialized-term-meta.xml")
		for _, r := range recs {
			var meta []Meta
			switch r := r.(type) {
			case *Category:
				meta = r.Meta
			case *Tag:
				meta = r.Meta
			case *Term:
				meta = r.Meta
			default:
				continue
			}
			if !reflect.DeepEqual(meta, want) {
				t.Errorf("%T meta %q", r, meta)
			}
		}
		_, recs = read(t, "test-serialized-postmeta-no-cdata.xml")
		want0 := `a:2:{s:18:"special_post_title";s:15:"A special title";s:11:"is_calendar";s:0:"";}`
		if got := items(recs)[0].Meta[0].Value; got != want0 {
			t.Errorf("postmeta without CDATA %q", got)
		}
	})
	t.Run("utf-8-challenges", func(t *testing.T) {
		_, recs := read(t, "wxr-utf-8-challenges.xml")
		it := items(recs)[0]
		// The file hides bidirectional overrides and zero-width characters
		// in its text; they must come through untouched.
		if it.Title != "\"The Road \u202eNot\u202c Taken\" by Rob\u202dert \u202eFrost \u202a🌲\u202c" ||
			it.Name != "hello-w\u202eorld\u202c-utf8-💫-test" ||
			it.GUID != "https://playground.internal/path/🚀/\u202etsop\u202c/?p=1&test=💫\u200c\u200b\u200d\u200e" {
			t.Errorf("item %q %q %q", it.Title, it.Name, it.GUID)
		}
		if !strings.Contains(it.Content, "السلام عليكم وﷲ") || !strings.Contains(it.Content, "𝓣𝓮𝓼𝓽 𝓜𝓾𝓵𝓽𝓲-𝓑𝔂𝓽𝓮") {
			t.Errorf("content lost characters")
		}
		byKey := map[string]string{}
		for _, m := range it.Meta {
			byKey[m.Key] = m.Value
		}
		if len(it.Meta) != 5 || byKey["_pingme\u200c\u200b\u200d\u200e"] != "1\u200b\u200d\u200c\u200e" ||
			byKey["_utf8_test"] != "🚀 Test with 𝔻𝕠𝕦𝕓𝕝𝕖 𝔖𝔱𝔯𝔲𝔠𝔨: ℍ𝔢𝔩𝔩𝔬 \u202eolleH\u202c 𝖂𝖔𝖗𝖫𝖉! " ||
			byKey["_special_chars"] != "&#x202E;&#x202D;&#x200B;&#x200C;&#x200D;&#x2060;&#xFEFF;&#xFFFD;" {
			t.Errorf("meta %q", it.Meta)
		}
		a := first(recs, "Author").(*Author)
		if a.Login != "admin\u200c\u200b\u200d\u200e" || a.Email != "ădmĩn@ℓocalhost.com" || a.FirstName != "🅰️" ||
			a.LastName != "&#x1F1FA;&#x1F1F8;𝕌𝕟𝕚𝕔𝕠𝕕𝕖" {
			t.Errorf("author %+v", a)
		}
	})
	t.Run("sub-data", func(t *testing.T) {
		site, recs := read(t, "wxr-with-sub-data.xml")
		it := items(recs)[0]
		if site.Version != "1.1" || it.ID != 101 || it.Title != "Post with sub data" || it.Author != "admin" ||
			!reflect.DeepEqual(it.Meta, []Meta{{"_test_meta_key", "test_meta_value"}}) ||
			!reflect.DeepEqual(it.Terms, []ItemTerm{{"category", "test-cat", "Test Category"}}) {
			t.Errorf("item %+v", it)
		}
		c := it.Comments[0]
		if c.ID != 201 || c.Author != "Commenter" || c.Content != "This is a comment with meta." ||
			!reflect.DeepEqual(c.Meta, []Meta{{"_comment_meta_key", "comment_meta_value"}}) {
			t.Errorf("comment %+v", c)
		}
		m := first(recs, "Term").(*Term)
		if m.ID != 40 || m.Taxonomy != "custom_tax" || m.Slug != "custom-term" || m.Name != "Custom Term" ||
			!reflect.DeepEqual(m.Meta, []Meta{{"term_meta_key", "term_meta_value"}}) {
			t.Errorf("term %+v", m)
		}
	})
	t.Run("authors-multiline", func(t *testing.T) {
		_, recs := read(t, "authors-multiline.xml")
		var logins []string
		for _, r := range recs {
			if a, ok := r.(*Author); ok {
				logins = append(logins, a.Login)
			}
		}
		if !reflect.DeepEqual(logins, []string{"alice", "bob", "carol"}) {
			t.Errorf("logins %q", logins)
		}
		if got := items(recs)[0].Author; got != "alice" {
			t.Errorf("author of the item %q", got)
		}
	})
	t.Run("term-meta", func(t *testing.T) {
		_, recs := read(t, "term-meta.xml")
		if m := first(recs, "Term").(*Term); !reflect.DeepEqual(m.Meta, []Meta{{"legacy_id", "42"}}) {
			t.Errorf("term %+v", m)
		}
	})
	t.Run("wxr-simple", func(t *testing.T) {
		site, recs := read(t, "wxr-simple.xml")
		it := items(recs)[0]
		if site.BaseSiteURL != "https://playground.internal/path" || site.BaseBlogURL != "https://playground.internal/path" ||
			it.ID != 10 || it.Title != `"The Road Not Taken" by Robert Frost` || it.Name != "hello-world" || it.Status != "publish" {
			t.Errorf("site %+v item %+v", site, it)
		}
	})
}
