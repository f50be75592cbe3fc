package voice_test

import (
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/voice"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Test entries and swaps: a small world with the tricky bits.
var (
	qasimiya = &burg.Tag{ID: 1, Name: "Qasimiya", Slug: "qasimiya", Kind: burg.TagPlace, Epithet: "the ineffectual",
		Description: "River state of oil fields & rival militias.",
		Aliases:     []string{"Kasimiya", "Qassimiya", "القاسمية", "Касимия"}, Image: "qasimiya.jpg"}
	qasimiyaCity = &burg.Tag{ID: 2, Name: "Qasimiya City", Slug: "qasimiya-city", Kind: burg.TagPlace,
		Epithet: "the sleepless", Description: "Capital of Qasimiya."}
	saraya = &burg.Tag{ID: 3, Name: "Saraya al-Nakhil", Slug: "saraya-al-nakhil", Kind: burg.TagGroup,
		Epithet: "the ever-so-pious", Aliases: []string{"Palm Brigades", "Saraya an-Nakhil"}}
	unionParty = &burg.Tag{ID: 4, Name: "Union Party", Slug: "union-party", Kind: burg.TagGroup, Epithet: "the unloved"}
	ledger     = &burg.Tag{ID: 5, Name: "Caspian Ledger", Slug: "caspian-ledger", Kind: burg.TagGroup,
		Epithet: "the breathless", Aliases: []string{"the Ledger"}, NameOnly: true}
	elodie = &burg.Tag{ID: 6, Name: "Élodie Marchetti", Slug: "elodie-marchetti", Kind: burg.TagPerson,
		Epithet: "the soggy", Aliases: []string{"Marchetti"}}
	zhou = &burg.Tag{ID: 7, Name: "周炳文", Slug: "zhou-bingwen", Kind: burg.TagPerson, Epithet: "the unblinking",
		Aliases: []string{"Zhou Bingwen"}}
	retired = &burg.Tag{ID: 8, Name: "Black Spruce Cell", Slug: "black-spruce-cell", Kind: burg.TagGroup,
		Epithet: "the imaginary", RetiredAt: &retiredAt}
	plain  = &burg.Tag{ID: 9, Name: "Smuggling", Slug: "smuggling", Epithet: "the lucrative"} // a topic
	bogus  = &burg.Tag{ID: 14, Name: "Bogus Kind", Slug: "bogus", Kind: `place" onclick="alert(1)`, Epithet: "the odd"}
	rawa   = &burg.Tag{ID: 15, Name: "Rawa Syndicate", Slug: "rawa-syndicate", Kind: burg.TagGroup} // no epithet
	hwasan = &burg.Tag{ID: 10, Name: "Hwasan Workers' Party", Slug: "hwasan-workers-party", Kind: burg.TagGroup,
		Epithet: "the jolly"}
	procter = &burg.Tag{ID: 11, Name: "Bread & Butter League", Slug: "bread-butter-league", Kind: burg.TagGroup,
		Epithet: "the buttery"}
	ilmen = &burg.Tag{ID: 12, Name: "St. Ilmen", Slug: "st-ilmen", Kind: burg.TagPlace, Epithet: "the moneyed"}
	nasty = &burg.Tag{ID: 13, Name: `Nasty <script>alert(1)</script>`, Slug: `nasty"><img src=x onerror=alert(1)>`,
		Kind: burg.TagPlace, Epithet: `the "quoted" <b>bold</b>`, Description: `</span></p><script>alert(2)</script>`,
		Image: `"><script>alert(3)</script>`}

	arrested     = &burg.Swap{ID: 101, Term: "arrested", Variants: []string{"jugged"}}
	police       = &burg.Swap{ID: 102, Term: "police", Variants: []string{"cops"}}
	policeChief  = &burg.Swap{ID: 103, Term: "police chief", Variants: []string{"top cop"}}
	officials    = &burg.Swap{ID: 104, Term: "officials said", Variants: []string{"the suits mumbled"}}
	militants    = &burg.Swap{ID: 105, Term: "militants", Variants: []string{"murderous thugs"}}
	killed       = &burg.Swap{ID: 106, Term: "killed", Variants: []string{"whacked"}}
	ledgerSwap   = &burg.Swap{ID: 107, Term: "Ledger", Variants: []string{"rag"}} // loses to the entry's alias
	nastySwap    = &burg.Swap{ID: 108, Term: "launched", Variants: []string{`<img src=x onerror=alert(4)> & "co"`}}
	cyrillicSwap = &burg.Swap{ID: 109, Term: "задержан", Variants: []string{"упакован"}}
	kasimiyaSwap = &burg.Swap{ID: 110, Term: "Kasimiya", Variants: []string{"Absurdistan"}} // loses to the alias
	cityPolice   = &burg.Swap{ID: 111, Term: "city police", Variants: []string{"the flatfoots"}}
)

var retiredAt = time.Date(2024, time.March, 1, 0, 0, 0, 0, time.UTC)

func testDict() *voice.Dictionary {
	return voice.Build(
		[]*burg.Tag{qasimiya, qasimiyaCity, saraya, unionParty, ledger, elodie, zhou, retired, plain, hwasan, procter, ilmen, nasty, bogus, rawa},
		[]*burg.Swap{arrested, police, policeChief, officials, militants, killed, ledgerSwap, nastySwap, cyrillicSwap,
			kasimiyaSwap, cityPolice},
	)
}

// brief re-writes decorated HTML in a short form to compare in tables: a
// swap as {original=>replacement}, a name as [[button text]] with its box
// left out, everything else as it is.
func brief(t *testing.T, s string) string {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.ElementNode && n.Data == "span" && hasClass(n, "burg-swap"):
			b.WriteString("{" + attr(n, "title") + "=>" + textOf(n) + "}")
			return
		case n.Type == html.ElementNode && n.Data == "span" && hasClass(n, "burg-name"):
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Data == "button" {
					b.WriteString("[[" + textOf(c) + "]]")
				}
			}
			return
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
			return
		case n.Type == html.ElementNode:
			b.WriteString("<" + n.Data + ">")
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
			b.WriteString("</" + n.Data + ">")
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return b.String()
}

func hasClass(n *html.Node, c string) bool {
	for _, f := range strings.Fields(attr(n, "class")) {
		if f == c {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
