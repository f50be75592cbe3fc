package markup

import (
	"strings"
	"testing"
)

func TestFromHTML(t *testing.T) {
	tests := []struct {
		name, in, want string
		headlines      bool
	}{
		{"Paragraphs", "<p>One  two</p>\n<p>Three<br>four</p>", "One two\n\nThree\nfour", false},
		{"Plain", "Just text\n\nand more", "Just text and more", false},
		{"Inline", "<b>bold</b> <em>it</em> <u>u</u> <del>gone</del>", "[b]bold[/b] [i]it[/i] [u]u[/u] [s]gone[/s]", false},
		{"Link", `<a href="https://example.org/x">the page</a>`, "[url=https://example.org/x]the page[/url]", false},
		{"BareLink", `<a href="https://example.org/x">https://example.org/x</a>`, "[url]https://example.org/x[/url]", false},
		{"ScriptLink", `<a href="javascript:alert(1)">click</a>`, "click", false},
		{"Image", `<img src="https://example.org/a.jpg" alt="">`, "[img]https://example.org/a.jpg[/img]", false},
		{"ImageSized", `<img src="https://example.org/a.jpg" width="640" height="480">`, "[img=640x480]https://example.org/a.jpg[/img]", false},
		{"ImageHalfSized", `<img src="https://example.org/a.jpg" width="640">`, "[img]https://example.org/a.jpg[/img]", false},
		{"ImageBadSize", `<img src="https://example.org/a.jpg" width="50%" height="x">`, "[img]https://example.org/a.jpg[/img]", false},
		{"Quote", "<blockquote><p>Said.</p></blockquote><p>After</p>", "[quote]Said.[/quote]\n\nAfter", false},
		{"List", "<ul><li>one</li><li>two</li></ul>", "[list]\n[*] one\n[*] two\n[/list]", false},
		{"Headline", "<h2>Sub</h2><p>Text</p>", "[h]Sub[/h]\n\nText", true},
		{"HeadlineInComment", "<h2>Sub</h2>", "[b]Sub[/b]", false},
		{"Script", "<p>a</p><script>alert(1)</script><style>p{}</style>", "a", false},
		{"Entities", "<p>Tom &amp; Jerry &lt;3</p>", "Tom & Jerry <3", false},
		{"Broken", "<p>open <b>bold", "open [b]bold[/b]", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FromHTML(tt.in, tt.headlines); got != tt.want {
				t.Errorf("FromHTML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestFromHTMLRenders checks that what FromHTML makes renders as the
// language means it: a link stays a link, a script stays out.
func TestFromHTMLRenders(t *testing.T) {
	src := FromHTML(`<p>See <a href="https://example.org/">this</a>.</p><script>x()</script><p onclick="y()">Hi</p>`, true)
	out := string(RenderPost(src, PostOptions{}))
	if !strings.Contains(out, `href="https://example.org/"`) {
		t.Errorf("the link is lost: %s", out)
	}
	if strings.Contains(out, "script") || strings.Contains(out, "onclick") || strings.Contains(out, "x()") {
		t.Errorf("hostile HTML came through: %s", out)
	}
}
