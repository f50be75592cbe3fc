package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// clutterTokens are words in a class or id that mark page furniture
// readability tends to keep when it sits inside the article: inline ads,
// share bars, newsletter boxes, cookie notices.
var clutterTokens = map[string]bool{
	"ad": true, "ads": true, "adslot": true, "advert": true, "adverts": true,
	"advertisement": true, "advertising": true, "sponsor": true, "sponsored": true,
	"promo": true, "cookie": true, "cookies": true, "newsletter": true,
	"paywall": true, "share": true, "sharing": true, "social": true,
	"outbrain": true, "taboola": true,
}

// removeClutter deletes elements whose class or id names them as
// clutter. Structural elements are kept whatever their names say.
func removeClutter(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && isClutter(c) {
			n.RemoveChild(c)
		} else {
			removeClutter(c)
		}
		c = next
	}
}

func isClutter(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Html, atom.Head, atom.Body, atom.Article, atom.Main,
		atom.Title, atom.Meta, atom.Link, atom.Script:
		return false
	}
	for _, key := range []string{"class", "id"} {
		for tok := range strings.FieldsFuncSeq(strings.ToLower(attr(n, key)), func(r rune) bool {
			return r == ' ' || r == '-' || r == '_' || r == '\t' || r == '\n'
		}) {
			if clutterTokens[tok] {
				return true
			}
		}
	}
	return false
}
