package voice_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// added are the elements and attributes Decorate may add: those of a swap
// and of a name box.
var added = map[string]bool{
	"span": true, "span class": true, "span title": true, "span data-name": true, "span role": true,
	"span id": true, "span hidden": true,
	"button": true, "button type": true, "button class": true, "button aria-expanded": true, "button aria-controls": true,
	"img": true, "img class": true, "img src": true, "img alt": true, "img loading": true, "img width": true, "img height": true,
	"a": true, "a class": true, "a href": true,
}

// shapes lists the elements of an HTML document as "tag" and its
// attributes as "tag attr".
func shapes(t *testing.T, s string) map[string]bool {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	out := map[string]bool{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			out[n.Data] = true
			for _, a := range n.Attr {
				key := n.Data + " " + a.Key
				if a.Namespace != "" {
					key = n.Data + " " + a.Namespace + ":" + a.Key
				}
				out[key] = true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// FuzzDecorate decorates any input, HTML or not: Decorate never panics,
// never adds elements or attributes but those of swaps and name boxes,
// and changes nothing when it decorates its own output again. The seed
// corpus runs with every go test.
func FuzzDecorate(f *testing.F) {
	for _, c := range decorateCases {
		f.Add(c.in, int64(7))
	}
	for _, s := range []string{
		`<p>Nasty script alert 1 script launched</p>`,
		`<p>police <a href="x">police</p> police</a> police`,
		`<b><a>police</b>police</a>`,
		`<a><select></a></select>Qasimiya`,
		`<svg><![CDATA[ > </svg> <p>Qasimiya</p> ]]></svg>`,
		`<svg><style></svg><p>police</p></style>`,
		`<table>police<tr><td>Qasimiya</td></tr></table>`,
		`<select><option>police</option></select><textarea>police</textarea>`,
		`<title>police</title><noscript>police</noscript><script>police</script>`,
		`<p title="police">police <img alt="police"></p><!-- police -->`,
		`<span class="burg-swap" title="police">cops</span> police <span class="burg-name" data-name="qasimiya">x</span> Qasimiya`,
		`<span class="burg-swap"><span>x</span>police</span>police`,
		`<aside class="burg-remark"><aside>police</aside>police</aside>police`,
		"police\x00arrested\r\npolice&#0;&amp",
		`<p>Qasimiya<p>Qasimiya City police chief`,
		`<p class="x`,
		`<button>police</button><label>police</label>`,
		`<math><mi>police</mi></math><template>police</template>`,
		`<plaintext>police <b>Qasimiya</b>`,
		`<q><a></q>police</a>police`,
		`<p>外交部发言人周炳文说 القاسمية Касимия</p>`,
	} {
		f.Add(s, int64(-1))
	}
	d := testDict()
	f.Fuzz(func(t *testing.T, in string, seed int64) {
		out, used := d.Decorate(in, seed)
		before, after := shapes(t, in), shapes(t, out)
		for s := range after {
			if !before[s] && !added[s] {
				t.Fatalf("Decorate added %q:\n in  %q\n out %q", s, in, out)
			}
		}
		again, used2 := d.Decorate(out, seed)
		if again != out {
			t.Fatalf("decorating twice changed the HTML:\n in    %q\n once  %q\n twice %q", in, out, again)
		}
		if len(used2.Names) != len(used.Names) || len(used2.Swaps) != len(used.Swaps) {
			t.Fatalf("decorating twice: used %v, then %v; in %q", used, used2, in)
		}
	})
}
