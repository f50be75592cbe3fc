package markup

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// FromHTML turns HTML written elsewhere (a WordPress post or comment, a
// feed's summary) into Burg's markup source, keeping what the language
// can say: paragraphs and line breaks, bold, italic, underline, strike,
// small and big, quotes, lists, links, images and, with headlines set,
// sub-headlines. Everything else keeps its text and loses its tags;
// scripts, styles and other content that is not text are dropped.
//
// The result is markup source like any typed text: it becomes HTML only
// through Render or RenderPost, which check it again, so hostile HTML
// stays harmless. Text that happens to look like a markup tag ("[b]") is
// kept as it was written.
func FromHTML(src string, headlines bool) string {
	nodes, err := html.ParseFragment(strings.NewReader(src), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return strings.TrimSpace(src)
	}
	c := &converter{headlines: headlines}
	for _, n := range nodes {
		c.node(n)
	}
	return c.result()
}

type converter struct {
	b         strings.Builder
	headlines bool
	pre       int // inside <pre>: white space is kept
	link      int // inside a link: no links within
}

func (c *converter) result() string {
	lines := strings.Split(c.b.String(), "\n")
	var out []string
	blank := true
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if strings.TrimSpace(l) == "" {
			if !blank {
				out = append(out, "")
			}
			blank = true
			continue
		}
		out = append(out, l)
		blank = false
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// block starts a new paragraph.
func (c *converter) block() { c.b.WriteString("\n\n") }

func (c *converter) text(s string) {
	if c.pre > 0 {
		c.b.WriteString(s)
		return
	}
	// HTML folds runs of white space into one space.
	f := strings.Fields(s)
	if len(f) == 0 {
		if s != "" {
			c.b.WriteByte(' ')
		}
		return
	}
	if s[0] == ' ' || s[0] == '\n' || s[0] == '\t' || s[0] == '\r' {
		c.b.WriteByte(' ')
	}
	c.b.WriteString(strings.Join(f, " "))
	if last := s[len(s)-1]; last == ' ' || last == '\n' || last == '\t' || last == '\r' {
		c.b.WriteByte(' ')
	}
}

func (c *converter) children(n *html.Node) {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.node(ch)
	}
}

func (c *converter) wrap(n *html.Node, tag string) {
	var inner converter
	inner.headlines, inner.pre, inner.link = c.headlines, c.pre, c.link
	inner.children(n)
	s := inner.b.String()
	if strings.TrimSpace(s) == "" {
		c.b.WriteString(s)
		return
	}
	c.b.WriteString("[" + tag + "]" + s + "[/" + tag + "]")
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

func (c *converter) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		c.text(n.Data)
		return
	case html.ElementNode:
	default:
		return
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Object, atom.Embed,
		atom.Svg, atom.Math, atom.Head, atom.Form, atom.Button, atom.Select, atom.Textarea:
		return
	case atom.Br:
		c.b.WriteString("\n")
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Figure,
		atom.Figcaption, atom.Table, atom.Tr, atom.Dl, atom.Dt, atom.Dd, atom.Hr, atom.Address, atom.Aside, atom.Nav:
		c.block()
		c.children(n)
		c.block()
	case atom.Pre:
		c.block()
		c.pre++
		c.children(n)
		c.pre--
		c.block()
	case atom.Td, atom.Th:
		c.children(n)
		c.b.WriteString(" ")
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		c.block()
		var inner converter
		inner.link = c.link
		inner.children(n)
		line := strings.Join(strings.Fields(inner.b.String()), " ")
		if line != "" {
			if c.headlines {
				c.b.WriteString("[h]" + line + "[/h]")
			} else {
				c.b.WriteString("[b]" + line + "[/b]")
			}
		}
		c.block()
	case atom.B, atom.Strong:
		c.wrap(n, "b")
	case atom.I, atom.Em, atom.Cite, atom.Dfn, atom.Var:
		c.wrap(n, "i")
	case atom.U, atom.Ins:
		c.wrap(n, "u")
	case atom.S, atom.Strike, atom.Del:
		c.wrap(n, "s")
	case atom.Small, atom.Sub, atom.Sup:
		c.wrap(n, "small")
	case atom.Big:
		c.wrap(n, "big")
	case atom.Blockquote, atom.Q:
		if n.DataAtom == atom.Q {
			c.b.WriteString("“")
			c.children(n)
			c.b.WriteString("”")
			return
		}
		c.block()
		var inner converter
		inner.headlines, inner.link = c.headlines, c.link
		inner.children(n)
		if s := inner.result(); s != "" {
			c.b.WriteString("[quote]" + s + "[/quote]")
		}
		c.block()
	case atom.Ul, atom.Ol:
		c.block()
		var items []string
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type != html.ElementNode || ch.DataAtom != atom.Li {
				continue
			}
			var inner converter
			inner.headlines, inner.link = c.headlines, c.link
			inner.children(ch)
			if s := inner.result(); s != "" {
				items = append(items, "[*] "+s)
			}
		}
		if len(items) > 0 {
			c.b.WriteString("[list]\n" + strings.Join(items, "\n") + "\n[/list]")
		}
		c.block()
	case atom.A:
		href := attr(n, "href")
		if c.link > 0 || !linkable(href) {
			c.children(n)
			return
		}
		var inner converter
		inner.link = 1
		inner.children(n)
		label := strings.Join(strings.Fields(inner.b.String()), " ")
		switch {
		case label == "" || label == href:
			c.b.WriteString("[url]" + href + "[/url]")
		default:
			c.b.WriteString("[url=" + href + "]" + label + "[/url]")
		}
	case atom.Img:
		src := attr(n, "src")
		if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
			if !strings.ContainsAny(src, " []\n\t") {
				// The size the page gave keeps the picture's place as it
				// loads; without one, markup reserves a box.
				size := ""
				if w, h, ok := parseSize(attr(n, "width") + "x" + attr(n, "height")); ok {
					size = "=" + strconv.Itoa(w) + "x" + strconv.Itoa(h)
				}
				c.b.WriteString("[img" + size + "]" + src + "[/img]")
			}
		}
	default:
		c.children(n)
	}
}

// linkable reports whether href can be a [url=…] target as it is.
func linkable(href string) bool {
	if href == "" || strings.ContainsAny(href, " []\n\t\"") {
		return false
	}
	return strings.HasPrefix(href, "http://") || strings.HasPrefix(href, "https://") || strings.HasPrefix(href, "mailto:")
}
