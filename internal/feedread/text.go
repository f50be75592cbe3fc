package feedread

import (
	"encoding/xml"
	"html"
	"strings"

	nethtml "golang.org/x/net/html"
)

// text is a field read both ways: as plain text and as HTML.
type text struct {
	text string // plain, white space collapsed
	html string
}

// textConstruct reads the element just opened as text. In Atom its type
// says what it holds: "text" (the default), "html" (escaped HTML) or
// "xhtml" (inline XHTML inside a <div>); a media type that is none of
// these, or content given by a src attribute, reads as nothing. In RSS
// text is HTML or plain text, told apart by looking; inline elements
// (unescaped XHTML) are kept as markup.
func (r *Reader) textConstruct(t xml.StartElement, atom bool) (text, error) {
	plain, markup, elems, err := r.subtree()
	if err != nil {
		return text{}, err
	}
	if atom {
		if attr(t, "src") != "" {
			return text{}, nil
		}
		switch strings.ToLower(strings.TrimSpace(attr(t, "type"))) {
		case "", "text", "text/plain":
			return text{collapse(plain), html.EscapeString(plain)}, nil
		case "html", "text/html":
			return text{htmlToText(plain), plain}, nil
		case "xhtml", "application/xhtml+xml":
			return text{collapse(plain), markup}, nil
		}
		return text{}, nil
	}
	if elems {
		return text{htmlToText(markup), markup}, nil
	}
	if strings.ContainsAny(plain, "<&") {
		return text{htmlToText(plain), plain}, nil
	}
	return text{collapse(plain), plain}, nil
}

// plain reads the element just opened and returns its text, that of
// its descendants included.
func (r *Reader) plain() (string, error) {
	s, _, _, err := r.subtree()
	return s, err
}

// voids are the HTML elements without an end tag: <br></br> would read
// as two breaks.
var voids = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true,
}

// subtree reads the content of the element just opened up to its end
// tag: its text, the same written out as HTML markup, and whether it
// had child elements. A <div> that wraps the whole content (as Atom's
// XHTML must) is left out of the markup.
func (r *Reader) subtree() (plain, markup string, elems bool, err error) {
	top := r.depth()
	var p, m strings.Builder
	wrapper := 0 // depth of the wrapping <div>, when there is one
	for {
		tok, err := r.token()
		if err != nil {
			return "", "", false, err
		}
		d := r.depth()
		switch t := tok.(type) {
		case xml.CharData:
			p.Write(t)
			m.WriteString(html.EscapeString(string(t)))
		case xml.StartElement:
			if d == top+1 && !elems && t.Name.Local == "div" && strings.TrimSpace(p.String()) == "" {
				wrapper = d
				elems = true
				continue
			}
			elems = true
			m.WriteByte('<')
			m.WriteString(t.Name.Local)
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" || a.Name.Space == nsXML {
					continue
				}
				m.WriteByte(' ')
				m.WriteString(a.Name.Local)
				m.WriteString(`="`)
				m.WriteString(html.EscapeString(a.Value))
				m.WriteByte('"')
			}
			if voids[t.Name.Local] {
				m.WriteByte('/')
			}
			m.WriteByte('>')
		case xml.EndElement:
			if d < top {
				return p.String(), m.String(), elems, nil
			}
			if d+1 == wrapper {
				wrapper = -1 // the wrapper's end tag is left out as its start was
				continue
			}
			if !voids[t.Name.Local] {
				m.WriteString("</")
				m.WriteString(t.Name.Local)
				m.WriteByte('>')
			}
		}
	}
}

// blocks are the elements that separate words.
var blocks = map[string]bool{
	"br": true, "p": true, "div": true, "li": true, "tr": true, "td": true, "th": true, "blockquote": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "hr": true, "pre": true,
}

// htmlToText returns the text of an HTML fragment, white space collapsed.
func htmlToText(s string) string {
	z := nethtml.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := ""
	for {
		switch z.Next() {
		case nethtml.ErrorToken:
			return collapse(b.String())
		case nethtml.TextToken:
			if skip == "" {
				b.Write(z.Text())
			}
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			name, _ := z.TagName()
			switch n := string(name); {
			case n == "script" || n == "style":
				skip = n
			case blocks[n]:
				b.WriteByte(' ')
			}
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			if string(name) == skip {
				skip = ""
			}
			if blocks[string(name)] {
				b.WriteByte(' ')
			}
		}
	}
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
