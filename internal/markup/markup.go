package markup

import (
	"html/template"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
)

// PostOptions says how RenderPost shows the parts only posts have.
type PostOptions struct{}

// Render turns comment markup into safe HTML.
// See the package documentation for the language.
func Render(src string) template.HTML {
	return template.HTML(policy.Sanitize(renderHTML(src, false, PostOptions{})))
}

// RenderPost renders a post body: the comment language plus sub-headlines.
//
// Editorial remarks are not part of a body: they are records a moderator
// adds through the remark box, shown beside the body, so that nothing a
// poster types can pass for a moderator's word.
func RenderPost(src string, opt PostOptions) template.HTML {
	return template.HTML(policy.Sanitize(renderHTML(src, true, opt)))
}

// renderHTML is Render and RenderPost before the sanitiser's second look.
func renderHTML(src string, post bool, opt PostOptions) string {
	root := parse(normalize(src), post)
	r := &renderer{opt: opt}
	r.b.Grow(len(src) + len(src)/4)
	r.container(root.children, modePara)
	return r.b.String()
}

// Text returns the plain text of src with all markup removed (for feeds, search, meta descriptions, excerpts).
//
// It reads the post language (so it serves both comments and posts) and
// gives what a reader sees: link labels, list items starting with "• ",
// nothing for images. Paragraphs are
// separated by a blank line. The result is not HTML: escape it before use.
func Text(src string) string {
	root := parse(normalize(src), true)
	r := &renderer{text: true}
	r.container(root.children, modePara)
	lines := strings.Split(r.b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.TrimSpace(blankRuns.ReplaceAllString(strings.Join(lines, "\n"), "\n\n"))
}

var blankRuns = regexp.MustCompile(`\n{3,}`)

// Excerpt returns at most n runes of Text(src), cut at a word boundary, with "…" when cut.
// All white space, line breaks included, becomes a single space.
func Excerpt(src string, n int) string {
	if n <= 0 {
		return ""
	}
	t := strings.Join(strings.Fields(Text(src)), " ")
	if utf8.RuneCountInString(t) <= n {
		return t
	}
	cut, c := 0, 0
	for cut < len(t) && c < n-1 {
		_, w := utf8.DecodeRuneInString(t[cut:])
		cut += w
		c++
	}
	head := t[:cut]
	if t[cut] != ' ' {
		if i := strings.LastIndexByte(head, ' '); i > 0 {
			head = head[:i]
		}
	}
	head = strings.TrimRightFunc(head, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:.-–—", r)
	})
	if head == "" {
		head = strings.TrimRightFunc(t[:cut], unicode.IsSpace)
	}
	return head + "…"
}

// policy is the sanitiser's allow-list: exactly the HTML the renderer
// writes. Everything the renderer produces passes it unchanged; it exists
// to catch a mistake in the renderer, not to do the renderer's work.
var policy = newPolicy()

func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "strong", "em", "u", "s", "small", "blockquote", "ul", "li")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^burg-big$`)).OnElements("span")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^burg-subhead$`)).OnElements("h3")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("title").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^nofollow ugc noopener$`)).OnElements("a")
	p.AllowAttrs("src").OnElements("img")
	p.AllowAttrs("alt").Matching(regexp.MustCompile(`^$`)).OnElements("img")
	p.AllowAttrs("loading").Matching(regexp.MustCompile(`^lazy$`)).OnElements("img")
	p.AllowAttrs("decoding").Matching(regexp.MustCompile(`^async$`)).OnElements("img")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^burg-img( burg-img-box)?$`)).OnElements("img")
	p.AllowAttrs("width", "height").Matching(regexp.MustCompile(`^[1-9][0-9]{0,3}$`)).OnElements("img")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	return p
}
