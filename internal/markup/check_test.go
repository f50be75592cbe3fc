package markup

import (
	"bufio"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// allowedAttrs is every element the renderer may write, with the
// attributes it may carry.
var allowedAttrs = map[string]map[string]bool{
	"p":          {},
	"br":         {},
	"strong":     {},
	"em":         {},
	"u":          {},
	"s":          {},
	"small":      {},
	"blockquote": {},
	"ul":         {},
	"li":         {},
	"span":       {"class": true},
	"h3":         {"class": true},
	"aside":      {"class": true},
	"a":          {"href": true, "rel": true, "title": true},
	"img":        {"src": true, "alt": true, "loading": true, "decoding": true, "class": true, "width": true, "height": true},
}

var voidElements = map[string]bool{"br": true, "img": true}

// checkHTML reports the first way out breaks the renderer's promises:
// an element or attribute outside the allow-list, an event handler, a style,
// an unsafe URL, an unbalanced or self-closed tag, markup an HTML parser
// would have to repair, or output the sanitiser would change.
func checkHTML(out string) error {
	z := html.NewTokenizer(strings.NewReader(out))
	var stack []string
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if len(stack) > 0 {
				return fmt.Errorf("unclosed %v", stack)
			}
			return checkParse(out)
		case html.TextToken:
		case html.StartTagToken:
			t := z.Token()
			if err := checkTag(t); err != nil {
				return err
			}
			if !voidElements[t.Data] {
				stack = append(stack, t.Data)
			}
		case html.EndTagToken:
			t := z.Token()
			if len(stack) == 0 || stack[len(stack)-1] != t.Data {
				return fmt.Errorf("end tag </%s> does not match open %v", t.Data, stack)
			}
			stack = stack[:len(stack)-1]
		default:
			return fmt.Errorf("unexpected token %v: %q", tt, z.Token().String())
		}
	}
}

func checkTag(t html.Token) error {
	attrs, ok := allowedAttrs[t.Data]
	if !ok {
		return fmt.Errorf("element <%s> not allowed", t.Data)
	}
	for _, a := range t.Attr {
		k := strings.ToLower(a.Key)
		if strings.HasPrefix(k, "on") || k == "style" || !attrs[k] {
			return fmt.Errorf("attribute %s on <%s> not allowed", a.Key, t.Data)
		}
		if k == "href" || k == "src" {
			if err := checkSafeURL(a.Val); err != nil {
				return fmt.Errorf("<%s %s=%q>: %v", t.Data, k, a.Val, err)
			}
		}
	}
	return nil
}

// checkSafeURL accepts http, https and mailto URLs and paths starting with
// a single slash, judging the scheme the way a browser would.
func checkSafeURL(v string) error {
	s := strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, v)
	low := strings.ToLower(s)
	for _, bad := range []string{"javascript:", "data:", "vbscript:"} {
		if strings.HasPrefix(low, bad) {
			return fmt.Errorf("unsafe scheme")
		}
	}
	if s != v {
		return fmt.Errorf("white space or control characters")
	}
	if strings.HasPrefix(s, "/") {
		if strings.HasPrefix(s, "//") || strings.HasPrefix(s, `/\`) {
			return fmt.Errorf("protocol-relative")
		}
		return nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	switch u.Scheme {
	case "http", "https", "mailto":
		return nil
	}
	return fmt.Errorf("scheme %q", u.Scheme)
}

// checkParse parses out as the content of a div and prints the tree again
// the way the renderer writes HTML: any difference means the parser had to
// move or close something. It also runs the sanitiser over out.
func checkParse(out string) error {
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(out), ctx)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, n := range nodes {
		printNode(&b, n)
	}
	if got := b.String(); got != out {
		return fmt.Errorf("HTML parser changed the output:\n got %s\nwant %s", got, out)
	}
	if got := policy.Sanitize(out); got != out {
		return fmt.Errorf("sanitiser changed the output:\n got %s\nwant %s", got, out)
	}
	return nil
}

func printNode(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(html.EscapeString(n.Data))
	case html.ElementNode:
		b.WriteString("<" + n.Data)
		for _, a := range n.Attr {
			b.WriteString(" " + a.Key + `="` + html.EscapeString(a.Val) + `"`)
		}
		b.WriteString(">")
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			printNode(b, c)
		}
		if !voidElements[n.Data] {
			b.WriteString("</" + n.Data + ">")
		}
	default:
		fmt.Fprintf(b, "<!-- node type %d -->", n.Type)
	}
}

// checkAll renders src every way there is and checks each result.
func checkAll(t *testing.T, src string) {
	t.Helper()
	opt := PostOptions{}
	for _, post := range []bool{false, true} {
		raw := renderHTML(src, post, opt)
		if err := checkHTML(raw); err != nil {
			t.Fatalf("post=%v, input %q:\n%v", post, src, err)
		}
		var final string
		if post {
			final = string(RenderPost(src, opt))
		} else {
			final = string(Render(src))
		}
		if final != raw {
			t.Fatalf("post=%v, input %q: sanitiser changed the output:\n got %s\nwant %s", post, src, final, raw)
		}
	}
	if txt := Text(src); strings.ContainsRune(txt, 0) {
		t.Fatalf("Text(%q) holds NUL", src)
	}
	for _, n := range []int{1, 80} {
		if got := Excerpt(src, n); len([]rune(got)) > n {
			t.Fatalf("Excerpt(%q, %d) = %q, longer than %d runes", src, n, got, n)
		}
	}
}

// nastyInputs reads testdata/nasty.txt: inputs separated by lines holding
// only "%%". Within an input, `\n`, `\r`, `\t`, `\0` and `\uXXXX` written
// out are turned into the characters they name (`\\` is one backslash); lines starting with "#"
// before an input are comments.
func nastyInputs(t testing.TB) []string {
	t.Helper()
	f, err := os.Open("testdata/nasty.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var (
		out []string
		cur []string
	)
	flush := func() {
		for len(cur) > 0 && strings.HasPrefix(cur[0], "#") {
			cur = cur[1:]
		}
		if len(cur) > 0 {
			out = append(out, unescapeNasty(strings.Join(cur, "\n")))
		}
		cur = nil
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if sc.Text() == "%%" {
			flush()
			continue
		}
		cur = append(cur, sc.Text())
	}
	flush()
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func unescapeNasty(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case '0':
			b.WriteByte(0)
		case '\\':
			b.WriteByte('\\')
		case 'x':
			if i+3 < len(s) {
				var v byte
				if _, err := fmt.Sscanf(s[i+2:i+4], "%02x", &v); err == nil {
					b.WriteByte(v)
					i += 3
					continue
				}
			}
			b.WriteString(`\x`)
		case 'u':
			if i+5 < len(s) {
				var v rune
				if _, err := fmt.Sscanf(s[i+2:i+6], "%04x", &v); err == nil {
					b.WriteRune(v)
					i += 5
					continue
				}
			}
			b.WriteString(`\u`)
		default:
			b.WriteByte('\\')
			b.WriteByte(s[i+1])
		}
		i++
	}
	return b.String()
}
