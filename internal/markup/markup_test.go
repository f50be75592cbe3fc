package markup

import (
	"strings"
	"testing"
)

const rel = ` rel="nofollow ugc noopener"`

var renderCases = []struct {
	name, in, want string
}{
	{"Empty", "", ""},
	{"Plain", "hello", "<p>hello</p>"},
	{"Escaped", `<script>alert("x")</script> & 'q'`, "<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;q&#39;</p>"},
	{"EntitiesStayText", "&lt;b&gt; &amp;", "<p>&amp;lt;b&amp;gt; &amp;amp;</p>"},
	{"Bold", "[b]x[/b]", "<p><strong>x</strong></p>"},
	{"Italic", "[i]x[/i]", "<p><em>x</em></p>"},
	{"Underline", "[u]x[/u]", "<p><u>x</u></p>"},
	{"Strike", "[s]x[/s]", "<p><s>x</s></p>"},
	{"Small", "[small]x[/small]", "<p><small>x</small></p>"},
	{"Big", "[big]x[/big]", `<p><span class="burg-big">x</span></p>`},
	{"CaseInsensitive", "[B]x[/b] [Small]y[/SMALL]", "<p><strong>x</strong> <small>y</small></p>"},
	{"Nested", "[b]a [i]b[/i] c[/b]", "<p><strong>a <em>b</em> c</strong></p>"},
	{"Unclosed", "[b]oops", "<p>[b]oops</p>"},
	{"UnclosedInner", "[b]a [i]b[/b]", "<p><strong>a [i]b</strong></p>"},
	{"StrayClose", "a[/b]b", "<p>a[/b]b</p>"},
	{"Misnested", "[b][i]x[/b]y[/i]", "<p><strong>[i]x</strong>y[/i]</p>"},
	{"UnknownTag", "[code]x[/code] [b=1]y[/b]", "<p>[code]x[/code] [b=1]y[/b]</p>"},
	{"Brackets", "a [ b ] [[b]] [b", "<p>a [ b ] [[b]] [b</p>"},
	{"BracketsAroundTag", "[[b]x[/b]]", "<p>[<strong>x</strong>]</p>"},
	{"EmptyElement", "a[b][/b]b", "<p>ab</p>"},
	{"LineBreak", "a\nb", "<p>a<br>b</p>"},
	{"Paragraphs", "a\n\nb\n\n\n\nc", "<p>a</p><p>b</p><p>c</p>"},
	{"BlankLineWithSpaces", "a\n  \t\nb", "<p>a</p><p>b</p>"},
	{"TrimmedEnds", "\n\n  a  \n\n", "<p>a  </p>"},
	{"CRLF", "a\r\nb\r\rc", "<p>a<br>b</p><p>c</p>"},
	{"ControlCharsDropped", "a\x00b\x1bc\u0085d\te", "<p>abcd\te</p>"},
	{"BidiDropped", "a\u202eb\u2066c\u2069d", "<p>abcd</p>"},
	{"InvalidUTF8", "a\xffb", "<p>a\ufffdb</p>"},
	{"BoldAcrossParagraphs", "[b]one\n\ntwo[/b]", "<p><strong>one</strong></p><p><strong>two</strong></p>"},
	{"BoldAcrossLines", "[b]one\ntwo[/b]", "<p><strong>one<br>two</strong></p>"},

	{"Quote", "[quote]x[/quote]", "<blockquote><p>x</p></blockquote>"},
	{"QuoteBetweenText", "before\n[quote]\nq\n[/quote]\nafter", "<p>before</p><blockquote><p>q</p></blockquote><p>after</p>"},
	{"QuoteParagraphs", "[quote]a\n\nb[/quote]", "<blockquote><p>a</p><p>b</p></blockquote>"},
	{"QuoteNested", "[quote]a[quote]b[/quote]c[/quote]", "<blockquote><p>a</p><blockquote><p>b</p></blockquote><p>c</p></blockquote>"},
	{"QuoteUnclosed", "[quote]a\n\nb", "<blockquote><p>a</p><p>b</p></blockquote>"},
	{"QuoteEmpty", "[quote] [/quote]x", "<p>x</p>"},
	{"QuoteInBoldIsText", "[b]a[quote]b[/quote][/b]", "<p><strong>a[quote]b[/quote]</strong></p>"},
	{"QuoteClosesInline", "[quote][b]x[/quote]", "<blockquote><p>[b]x</p></blockquote>"},
	{"QuoteTooDeep", strings.Repeat("[quote]", 6) + "x" + strings.Repeat("[/quote]", 6),
		strings.Repeat("<blockquote>", 5) + "<p>[quote]x</p>" + strings.Repeat("</blockquote>", 5) + "<p>[/quote]</p>"},

	{"List", "[list]\n[*] one\n[*] two\n[/list]", "<ul><li>one</li><li>two</li></ul>"},
	{"ListDashesAndStars", "[list]\n* one\n- two\n  - three\n[/list]", "<ul><li>one</li><li>two</li><li>three</li></ul>"},
	{"ListInline", "[list][*]a[*]b[/list]", "<ul><li>a</li><li>b</li></ul>"},
	{"ListItemLines", "[list]\n[*] a\nmore\n[*] b\n[/list]", "<ul><li>a<br>more</li><li>b</li></ul>"},
	{"ListTextBeforeItems", "[list]\nhello\n[*] b\n[/list]", "<ul><li>hello</li><li>b</li></ul>"},
	{"ListNested", "[list][*]a[list][*]b[/list][*]c[/list]", "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"},
	{"ListUnclosed", "[list]\n* a\n* b", "<ul><li>a</li><li>b</li></ul>"},
	{"ListEmpty", "[list]\n\n[/list]x", "<p>x</p>"},
	{"ListItemClosesInline", "[list][*][b]a[*]b[/list]", "<ul><li>[b]a</li><li>b</li></ul>"},
	{"ListQuoteInItem", "[list][*]a[quote]q[/quote]b[/list]", "<ul><li>a<blockquote><p>q</p></blockquote>b</li></ul>"},
	{"ItemOutsideList", "[*] a\n* b\n- c", "<p>[*] a<br>* b<br>- c</p>"},
	{"DashNotItemOutsideList", "a - b", "<p>a - b</p>"},

	{"URL", "[url=https://example.com/a?b=1&c=2]label[/url]", `<p><a href="https://example.com/a?b=1&amp;c=2"` + rel + `>label</a></p>`},
	{"URLQuoted", `[url="https://example.com/"]x[/url]`, `<p><a href="https://example.com/"` + rel + `>x</a></p>`},
	{"URLBare", "[url]https://example.com/x[/url]", `<p><a href="https://example.com/x"` + rel + `>https://example.com/x</a></p>`},
	{"URLBareSpaces", "[url] https://example.com/x [/url]", `<p><a href="https://example.com/x"` + rel + `>https://example.com/x</a></p>`},
	{"URLRelative", "[url=/posts/12]x[/url]", `<p><a href="/posts/12"` + rel + `>x</a></p>`},
	{"URLMailto", "[url=mailto:ed@example.com]mail[/url]", `<p><a href="mailto:ed@example.com"` + rel + `>mail</a></p>`},
	{"URLEmptyLabel", "[url=https://example.com/][/url]", `<p><a href="https://example.com/"` + rel + `>https://example.com/</a></p>`},
	{"URLLabelMarkup", "[url=https://example.com/][b]x[/b][/url]", `<p><a href="https://example.com/"` + rel + `><strong>x</strong></a></p>`},
	{"URLUnclosed", "[url=https://example.com/]x", "<p>[url=https://example.com/]x</p>"},
	{"URLJavascript", "[url=javascript:alert(1)]x[/url]", "<p>[url=javascript:alert(1)]x[/url]</p>"},
	{"URLData", "[url]data:text/html,hi[/url]", "<p>[url]data:text/html,hi[/url]</p>"},
	{"URLProtocolRelative", "[url=//evil.example/]x[/url]", "<p>[url=//evil.example/]x[/url]</p>"},
	{"URLBackslash", `[url=/\evil.example/]x[/url]`, `<p>[url=/\evil.example/]x[/url]</p>`},
	{"URLUserinfo", "[url=https://bank.example@evil.example/]x[/url]", "<p>[url=https://bank.example@evil.example/]x[/url]</p>"},
	{"URLTabInScheme", "[url=java\tscript:alert(1)]x[/url]", "<p>[url=java\tscript:alert(1)]x[/url]</p>"},
	{"URLEntityScheme", "[url=javascript&#58;alert(1)]x[/url]", "<p>[url=javascript&amp;#58;alert(1)]x[/url]</p>"},
	{"URLQuoteInside", `[url=https://example.com/"x]y[/url]`, `<p>[url=<a href="https://example.com/"` + rel + `>https://example.com/</a>&#34;x]y[/url]</p>`},
	{"URLInURL", "[url=https://a.example/][url=https://b.example/]x[/url][/url]", `<p><a href="https://a.example/"` + rel + `>[url=https://b.example/]x</a>[/url]</p>`},
	{"URLMailtoBareNeedsAt", "[url]mailto:nobody[/url]", "<p>[url]mailto:nobody[/url]</p>"},

	{"Squish", "[squish]https://www.example.com/news/2024/04/story-name.html[/squish]",
		`<p><a href="https://www.example.com/news/2024/04/story-name.html"` + rel + ` title="https://www.example.com/news/2024/04/story-name.html">example.com/…/story-name</a></p>`},
	{"SquishMailtoRefused", "[squish]mailto:a@b.example[/squish]", "<p>[squish]mailto:a@b.example[/squish]</p>"},

	{"Image", "[img]https://example.com/x.jpg[/img]", `<p><img src="https://example.com/x.jpg" alt="" loading="lazy" decoding="async" class="burg-img burg-img-box" width="400" height="300"></p>`},
	{"ImageUpload", "[img]/uploads/ab12.jpg[/img]", `<p><img src="/uploads/ab12.jpg" alt="" loading="lazy" decoding="async" class="burg-img burg-img-box" width="400" height="300"></p>`},
	// An image on this site is a stored photo: a page of the site as an
	// image would be fetched (and counted as viewed) by every reader.
	{"ImageOwnPage", "[img]/posts/12[/img]", "<p>[img]/posts/12[/img]</p>"},
	{"ImageOwnPageQuery", "[img]/uploads/a.jpg?x=1[/img]", "<p>[img]/uploads/a.jpg?x=1[/img]</p>"},
	{"ImageUploadsDeeper", "[img]/uploads/../posts/12[/img]", "<p>[img]/uploads/../posts/12[/img]</p>"},
	{"ImageFront", "[img]/[/img]", "<p>[img]/[/img]</p>"},
	{"ImageSize", "[img=640x480]/uploads/a.png[/img]", `<p><img src="/uploads/a.png" alt="" loading="lazy" decoding="async" class="burg-img" width="640" height="480"></p>`},
	{"ImageSizeClamped", "[img=2400X600]/uploads/a.png[/img]", `<p><img src="/uploads/a.png" alt="" loading="lazy" decoding="async" class="burg-img" width="1200" height="300"></p>`},
	{"ImageBadSize", "[img=big]/uploads/a.png[/img]", "<p>[img=big]/uploads/a.png[/img]</p>"},
	{"ImageData", "[img]data:image/png;base64,AAAA[/img]", "<p>[img]data:image/png;base64,AAAA[/img]</p>"},
	{"ImageMailto", "[img]mailto:a@b.example[/img]", "<p>[img]mailto:a@b.example[/img]</p>"},
	{"ImageSpace", "[img]https://example.com/a b.jpg[/img]", `<p>[img]<a href="https://example.com/a"` + rel + `>https://example.com/a</a> b.jpg[/img]</p>`},
	{"ImageInLink", "[url=https://example.com/][img]/uploads/a.png[/img][/url]",
		`<p><a href="https://example.com/"` + rel + `><img src="/uploads/a.png" alt="" loading="lazy" decoding="async" class="burg-img burg-img-box" width="400" height="300"></a></p>`},

	{"AutoLink", "see https://example.com/x now", `<p>see <a href="https://example.com/x"` + rel + `>https://example.com/x</a> now</p>`},
	{"AutoLinkTrailingDot", "at https://example.com/x.", `<p>at <a href="https://example.com/x"` + rel + `>https://example.com/x</a>.</p>`},
	{"AutoLinkParens", "(see https://example.com/x)", `<p>(see <a href="https://example.com/x"` + rel + `>https://example.com/x</a>)</p>`},
	{"AutoLinkBalancedParens", "https://en.wikipedia.org/wiki/Foo_(bar), ok",
		`<p><a href="https://en.wikipedia.org/wiki/Foo_(bar)"` + rel + `>https://en.wikipedia.org/wiki/Foo_(bar)</a>, ok</p>`},
	{"AutoLinkLong", "https://example.com/" + strings.Repeat("a", 80),
		`<p><a href="https://example.com/` + strings.Repeat("a", 80) + `"` + rel + `>https://example.com/` + strings.Repeat("a", 39) + `…</a></p>`},
	{"AutoLinkUnicodePath", "https://ru.wikipedia.org/wiki/Москва!",
		`<p><a href="https://ru.wikipedia.org/wiki/%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0"` + rel + `>https://ru.wikipedia.org/wiki/Москва</a>!</p>`},
	{"AutoLinkNotAfterLetter", "xhttps://example.com/", "<p>xhttps://example.com/</p>"},
	{"AutoLinkNoHost", "https:// and http://", "<p>https:// and http://</p>"},
	{"AutoLinkStopsAtQuote", `"https://example.com/"`, `<p>&#34;<a href="https://example.com/"` + rel + `>https://example.com/</a>&#34;</p>`},
	{"AutoLinkNotInLink", "[url=https://a.example/]https://b.example/[/url]", `<p><a href="https://a.example/"` + rel + `>https://b.example/</a></p>`},
	{"AutoLinkInBold", "[b]https://example.com/[/b]", `<p><strong><a href="https://example.com/"` + rel + `>https://example.com/</a></strong></p>`},
	{"PostTagsAreTextInComments", "[h]x[/h] [remark=Fred]y[/remark]", "<p>[h]x[/h] [remark=Fred]y[/remark]</p>"},
}

func TestRender(t *testing.T) {
	for _, tc := range renderCases {
		t.Run(tc.name, func(t *testing.T) {
			got := string(Render(tc.in))
			if got != tc.want {
				t.Errorf("Render(%q)\n got %s\nwant %s", tc.in, got, tc.want)
			}
			checkAll(t, tc.in)
		})
	}
}

func TestRenderPost(t *testing.T) {
	opt := PostOptions{}
	for _, tc := range []struct {
		name, in, want string
	}{
		{"Headline", "[h]Sub-headline[/h]", `<h3 class="burg-subhead">Sub-headline</h3>`},
		{"HeadlineLinked", "a\n[h][url=https://example.com/]More[/url] news[/h]\nb",
			`<p>a</p><h3 class="burg-subhead"><a href="https://example.com/"` + rel + `>More</a> news</h3><p>b</p>`},
		{"HeadlineUnclosed", "[h]one\ntwo", "<p>[h]one<br>two</p>"},
		{"HeadlineEmpty", "[h] [/h]x", "<p>x</p>"},
		{"HeadlineInQuote", "[quote][h]x[/h][/quote]", `<blockquote><h3 class="burg-subhead">x</h3></blockquote>`},
		{"HeadlineInBoldIsText", "[b][h]x[/h][/b]", "<p><strong>[h]x[/h]</strong></p>"},
		// A remark is a moderator's record, never body markup: a poster who
		// types one gets text, not an aside in a moderator's colour.
		{"RemarkIsText", "[remark=Fred]Verified by the moderators.[/remark]",
			"<p>[remark=Fred]Verified by the moderators.[/remark]</p>"},
		{"RemarkNoNickIsText", "[remark]x[/remark]", "<p>[remark]x[/remark]</p>"},
		{"RemarkInQuoteIsText", "[quote][remark=Fred]x[/remark][/quote]", "<blockquote><p>[remark=Fred]x[/remark]</p></blockquote>"},
		{"AsideIsText", `<aside class="burg-remark burg-mod-12">x</aside>`,
			"<p>&lt;aside class=&#34;burg-remark burg-mod-12&#34;&gt;x&lt;/aside&gt;</p>"},
		{"ImageInPost", "text\n[img]/uploads/a.jpg[/img]",
			`<p>text<br><img src="/uploads/a.jpg" alt="" loading="lazy" decoding="async" class="burg-img burg-img-box" width="400" height="300"></p>`},
		{"CommentLanguage", "[b]x[/b]", "<p><strong>x</strong></p>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := string(RenderPost(tc.in, opt))
			if got != tc.want {
				t.Errorf("RenderPost(%q)\n got %s\nwant %s", tc.in, got, tc.want)
			}
			checkAll(t, tc.in)
		})
	}
}

func TestText(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"Empty", "", ""},
		{"Markup", "[b]bold[/b] and [i]it[/i]", "bold and it"},
		{"Paragraphs", "a\nb\n\n\nc", "a\nb\n\nc"},
		{"NotEscaped", "<b> & \"x\"", "<b> & \"x\""},
		{"Links", "[url=https://example.com/]label[/url] [url]https://x.example/[/url] https://y.example/", "label https://x.example/ https://y.example/"},
		{"Squish", "[squish]https://www.example.com/a/b/story.html[/squish]", "example.com/…/story"},
		{"Image", "a [img]/uploads/x.jpg[/img] b", "a  b"},
		{"Quote", "[quote]q[/quote]reply", "q\n\nreply"},
		{"List", "intro\n[list]\n* one\n* two\n[/list]", "intro\n\n• one\n• two"},
		{"Headline", "a[h]Head[/h]b", "a\n\nHead\n\nb"},
		{"RemarkIsText", "body\n[remark=Fred]So it goes.[/remark]", "body\n[remark=Fred]So it goes.[/remark]"},
		{"UnclosedShown", "[b]x", "[b]x"},
		{"ControlDropped", "a\x00b", "ab"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Text(tc.in); got != tc.want {
				t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		n        int
		want     string
	}{
		{"Short", "[b]Hello[/b] world", 20, "Hello world"},
		{"Exact", "Hello world", 11, "Hello world"},
		{"WordBoundary", "The quick brown fox jumps", 12, "The quick…"},
		{"AtSpace", "The quick brown fox", 10, "The quick…"},
		{"TrailingComma", "One, two, three", 8, "One…"},
		{"LongWord", "Supercalifragilistic", 6, "Super…"},
		{"WhitespaceCollapsed", "a\n\nb   c", 10, "a b c"},
		{"Zero", "abc", 0, ""},
		{"One", "abc", 1, "…"},
		{"Runes", "Москва это столица", 10, "Москва…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Excerpt(tc.in, tc.n)
			if got != tc.want {
				t.Errorf("Excerpt(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
			}
			if n := len([]rune(got)); n > tc.n {
				t.Errorf("Excerpt(%q, %d) has %d runes", tc.in, tc.n, n)
			}
		})
	}
}

func TestSquish(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"https://www.example.com/news/2024/04/story-name.html", "example.com/…/story-name"},
		{"https://example.com/", "example.com"},
		{"https://example.com", "example.com"},
		{"https://example.com/about", "example.com/about"},
		{"https://example.com/a/b/", "example.com/…/b"},
		{"https://Example.COM:8080/a/index.html", "example.com/a"},
		{"https://example.com/a/b?x=1#frag", "example.com/…/b"},
		{"https://ru.example/news/%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0", "ru.example/…/Москва"},
		{"https://example.com/x/%E2%80%AEgnp.exe", "example.com/…/%E2%80%AEgnp.exe"},
		{"https://example.com/x/" + strings.Repeat("b", 40), "example.com/…/" + strings.Repeat("b", 31) + "…"},
		{"/uploads/a.jpg", "/uploads/a.jpg"},
		{"not a url", "not a url"},
		{"", ""},
	} {
		if got := Squish(tc.in); got != tc.want {
			t.Errorf("Squish(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCheckURL(t *testing.T) {
	for _, tc := range []struct {
		in    string
		flags int
		want  string // "" for refused
	}{
		{"https://example.com/", 0, "https://example.com/"},
		{"HTTPS://example.com/", 0, "https://example.com/"},
		{"http://example.com/a b", 0, ""},
		{"/uploads/a.jpg", imageURL, "/uploads/a.jpg"},
		{"//example.com/", 0, ""},
		{"/\\example.com/", 0, ""},
		{"javascript:alert(1)", allowMailto, ""},
		{"mailto:a@b.example", allowMailto, "mailto:a@b.example"},
		{"mailto:a@b.example", imageURL, ""},
		{"mailto:a@b.example", 0, ""},
		{"data:image/png;base64,AAAA", imageURL, ""},
		{"https://a.example\u200b/", 0, ""},
		{"https://a.example/\u00a0", 0, "https://a.example/"},
		{"https://a.example/\u00a0x", 0, ""},
		{"relative/path", 0, ""},
		{"https:///path", 0, ""},
		{"https:example.com", 0, ""},
		{"https://u:p@example.com/", 0, ""},
		{"https://example.com/%zz", 0, ""},
	} {
		got, ok := checkURL(tc.in, tc.flags)
		if !ok {
			got = ""
		}
		if got != tc.want {
			t.Errorf("checkURL(%q, %d) = %q, want %q", tc.in, tc.flags, got, tc.want)
		}
	}
}

// TestNasty runs the corpus in testdata/nasty.txt through every check.
func TestNasty(t *testing.T) {
	inputs := nastyInputs(t)
	if len(inputs) < 50 {
		t.Fatalf("read %d inputs from testdata/nasty.txt, want at least 50", len(inputs))
	}
	for _, in := range inputs {
		checkAll(t, in)
		for _, bad := range []string{"<script", "<img src=x", "<iframe", "<style", "<svg", "javascript:alert"} {
			out := strings.ToLower(string(RenderPost(in, PostOptions{})))
			// Typed markup shows escaped, so it may appear only after "&lt;"
			// or as text outside any tag.
			if i := strings.Index(out, bad); i >= 0 && bad[0] == '<' {
				t.Errorf("input %q: output holds %q: %s", in, bad, out)
			}
			if i := strings.Index(out, `href="`+bad); i >= 0 {
				t.Errorf("input %q: output links to %q: %s", in, bad, out)
			}
		}
	}
}

// TestHuge renders large and pathological inputs; a renderer that is not
// linear would make this test time out.
func TestHuge(t *testing.T) {
	const n = 200_000
	inputs := map[string]string{
		"Openers":      strings.Repeat("[b]", n/3),
		"Closers":      strings.Repeat("[/b]", n/4),
		"Brackets":     strings.Repeat("[", n),
		"BracketEq":    strings.Repeat("[url=", n/5),
		"URLOpeners":   strings.Repeat("[url]", n/5),
		"URLNoClose":   strings.Repeat("[url]https://example.com/"+strings.Repeat("a", 100), n/130),
		"ImageNoClose": strings.Repeat("[img]", n/5) + strings.Repeat("a", n),
		"Quotes":       strings.Repeat("[quote]", n/7) + strings.Repeat("[/quote]", n/8),
		"Lists":        strings.Repeat("[list]\n* [b]x\n", n/14),
		"Items":        "[list]" + strings.Repeat("[*]", n/3),
		"Newlines":     strings.Repeat("\n", n),
		"BoldParas":    "[b]" + strings.Repeat("x\n\n", n/3) + "[/b]",
		"URLs":         strings.Repeat("https://example.com/x ", n/22),
		"HTTPs":        strings.Repeat("http", n/4),
		"Parens":       "https://example.com/" + strings.Repeat("(", n/2) + strings.Repeat(")", n/2),
		"Dots":         "https://example.com/" + strings.Repeat(".", n),
		"CloseParens":  "https://example.com/" + strings.Repeat(")", n),
		"OpenParens":   "https://example.com/" + strings.Repeat("(", n) + ".",
		"URLChain":     strings.Repeat("http://", n/7),
		"LongURL":      "https://example.com/" + strings.Repeat("a", n),
		"ArgNoClose":   strings.Repeat("[url="+strings.Repeat("a", 3000), n/3000),
		"Headlines":    strings.Repeat("[h]", n/3),
		"Mixed":        strings.Repeat("[b][i][url=https://example.com/][quote][list][*]", n/50),
		"Over1MB":      strings.Repeat("abc ", maxInput/4+1000),
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			checkAll(t, in)
		})
	}
}

// TestConcurrent renders from many goroutines at once, for the race
// detector: the sanitiser policy is shared.
func TestConcurrent(t *testing.T) {
	for i := range 8 {
		t.Run(strings.Repeat("x", i+1), func(t *testing.T) {
			t.Parallel()
			for _, tc := range renderCases {
				if got := string(Render(tc.in)); got != tc.want {
					t.Errorf("Render(%q) = %s, want %s", tc.in, got, tc.want)
				}
			}
		})
	}
}
