package extract

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// metaScanLimit is how far into a page a <meta> charset declaration is
// looked for. HTML's own pre-scan stops at 1024 bytes; real pages often
// declare it later, after long comments or scripts.
const metaScanLimit = 64 << 10

// decode converts body to UTF-8. The encoding is taken from, in order: a
// byte order mark, the charset of the Content-Type header, a <meta
// charset> or <meta http-equiv="Content-Type"> declaration, and a guess
// (UTF-8 when the bytes are valid UTF-8, windows-1251 when the text is
// mostly Cyrillic-looking bytes, else windows-1252).
func decode(body []byte, contentType string) ([]byte, error) {
	enc := detectEncoding(body, contentType)
	if enc == nil || enc == unicode.UTF8 || enc == encoding.Nop {
		return bytes.ToValidUTF8(stripUTF8BOM(body), []byte("\uFFFD")), nil
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, fmt.Errorf("decode page: %w", err)
	}
	return stripUTF8BOM(out), nil
}

func stripUTF8BOM(b []byte) []byte {
	return bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
}

func detectEncoding(body []byte, contentType string) encoding.Encoding {
	// A byte order mark or a charset in the header settles it.
	if enc, _, certain := charset.DetermineEncoding(body, contentType); certain {
		return enc
	}
	if enc := metaCharset(body); enc != nil {
		return enc
	}
	// Guess from the whole body: the standard guess looks only at the
	// first 1024 bytes, which are often plain ASCII markup.
	switch {
	case utf8.Valid(body):
		return unicode.UTF8
	case looksCyrillic(body):
		return charmap.Windows1251
	default:
		return charmap.Windows1252
	}
}

// metaCharset looks for a charset declaration in the first metaScanLimit
// bytes of the page's head.
func metaCharset(body []byte) encoding.Encoding {
	if len(body) > metaScanLimit {
		body = body[:metaScanLimit]
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "head" {
				return nil
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "body":
				return nil
			case "meta":
			default:
				continue
			}
			var label, httpEquiv, content string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch strings.ToLower(string(k)) {
				case "charset":
					label = string(v)
				case "http-equiv":
					httpEquiv = strings.ToLower(strings.TrimSpace(string(v)))
				case "content":
					content = string(v)
				}
			}
			if label == "" && httpEquiv == "content-type" {
				if _, params, err := mime.ParseMediaType(content); err == nil {
					label = params["charset"]
				}
			}
			if label == "" {
				continue
			}
			e, err := htmlindex.Get(strings.TrimSpace(label))
			if err != nil {
				continue
			}
			// A page that reached us as bytes cannot really be UTF-16;
			// HTML says to read such a declaration as UTF-8.
			if n, _ := htmlindex.Name(e); strings.HasPrefix(n, "utf-16") {
				return unicode.UTF8
			}
			return e
		}
	}
}

// looksCyrillic reports whether the page's text (outside tags, scripts and
// styles) is mostly bytes in 0xC0–0xFF, which in windows-1251 are the
// Cyrillic letters. Text in windows-1252 uses that range only for the odd
// accented letter among ASCII ones.
func looksCyrillic(body []byte) bool {
	var high, ascii int
	z := html.NewTokenizer(bytes.NewReader(body))
	skip := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return high > 20 && high > ascii
		case html.StartTagToken:
			name, _ := z.TagName()
			skip = string(name) == "script" || string(name) == "style"
		case html.EndTagToken:
			skip = false
		case html.TextToken:
			if skip {
				continue
			}
			for _, b := range z.Raw() {
				switch {
				case b >= 0xC0:
					high++
				case b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z':
					ascii++
				}
			}
		}
	}
}
