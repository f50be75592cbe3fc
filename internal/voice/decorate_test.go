package voice_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/voice"
	"golang.org/x/net/html"
)

// decorateCases are inputs as internal/markup renders them and their
// decoration in brief's short form: {original=>swap}, [[name button]].
var decorateCases = []struct {
	name, in, want string
}{
	{"Swap",
		`<p>Police arrested three men.</p>`,
		`<p>{Police=>Cops} {arrested=>jugged} three men.</p>`},
	{"Case",
		`<p>Arrested. ARRESTED. arrested. ArReStEd.</p>`,
		`<p>{Arrested=>Jugged}. {ARRESTED=>JUGGED}. {arrested=>jugged}. {ArReStEd=>Jugged}.</p>`},
	{"WholeWordsOnly",
		`<p>Policeman unarrested; arrestedly; militantsia.</p>`,
		`<p>Policeman unarrested; arrestedly; militantsia.</p>`},
	{"PrefixTermLongestFirst",
		`<p>The police chief and the police.</p>`,
		`<p>The {police chief=>top cop} and the {police=>cops}.</p>`},
	{"NotAcrossAFullStop",
		`<p>Ask the police. Chief among them, the police, chief.</p>`,
		`<p>Ask the {police=>cops}. Chief among them, the {police=>cops}, chief.</p>`},
	{"MultiWordAcrossSpaces",
		"<p>Officials  said so; officials\nsaid so.</p>",
		"<p>{Officials  said=>The suits mumbled} so; {officials\nsaid=>the suits mumbled} so.</p>"},
	{"MultiWordAcrossNbsp",
		`<p>officials&nbsp;said</p>`,
		"<p>{officials\u00a0said=>the suits mumbled}</p>"},
	{"OverlapLeftmostThenLongest",
		`<p>Qasimiya City police came. The city police came.</p>`,
		`<p>[[The sleepless Qasimiya City]] {police=>cops} came. The {city police=>the flatfoots} came.</p>`},
	{"Possessive",
		`<p>Qasimiya's oil and Qasimiya’s gas.</p>`,
		`<p>[[The ineffectual Qasimiya]]'s oil and Qasimiya’s gas.</p>`},
	{"HyphenatedName",
		`<p>Saraya Al-Nakhil, Saraya al Nakhil and saraya-al-nakhil.</p>`,
		`<p>[[The ever-so-pious Saraya Al-Nakhil]], Saraya al Nakhil and saraya-al-nakhil.</p>`},
	{"HyphenatedCompound",
		`<p>A pro-Qasimiya rally of Qasimiya-based militants.</p>`,
		`<p>A pro-[[Qasimiya]] rally of Qasimiya-based {militants=>murderous thugs}.</p>`},
	{"CompoundAfter",
		`<p>A Qasimiya-based firm.</p>`,
		`<p>A [[the ineffectual Qasimiya]]-based firm.</p>`},
	{"Quotes",
		`<p>“Qasimiya,” he said, "police".</p>`,
		`<p>“[[The ineffectual Qasimiya]],” he said, "{police=>cops}".</p>`},
	{"NotInLinks",
		`<p><a href="https://x.example/">Qasimiya police</a> and Qasimiya police.</p>`,
		`<p><a>Qasimiya police</a> and [[the ineffectual Qasimiya]] {police=>cops}.</p>`},
	{"NotInQuotes",
		`<blockquote><p>Police arrested Qasimiya's men.</p></blockquote><p>Qasimiya, <q>police</q>.</p>`,
		`<blockquote><p>Police arrested Qasimiya's men.</p></blockquote><p>[[The ineffectual Qasimiya]], <q>police</q>.</p>`},
	{"NotInCode",
		`<p><code>police</code> <kbd>police</kbd></p><pre>police arrested</pre>`,
		`<p><code>police</code> <kbd>police</kbd></p><pre>police arrested</pre>`},
	{"NotInRemarks",
		`<aside class="burg-remark burg-mod-3"><span class="burg-remark-by">Fred</span> Police! Qasimiya!</aside><p>Police!</p><aside>Police!</aside>`,
		`<aside><span>Fred</span> Police! Qasimiya!</aside><p>{Police=>Cops}!</p><aside>{Police=>Cops}!</aside>`},
	{"InSubheads",
		`<h3 class="burg-subhead">Police arrested</h3>`,
		`<h3>{Police=>Cops} {arrested=>jugged}</h3>`},
	{"FirstMentionOnly",
		`<p>Qasimiya and Kasimiya and القاسمية.</p><p>Qasimiya again.</p>`,
		`<p>[[The ineffectual Qasimiya]] and Kasimiya and القاسمية.</p><p>Qasimiya again.</p>`},
	{"FirstMentionByAlias",
		`<p>Kasimiya, then Qasimiya.</p>`,
		`<p>[[The ineffectual Kasimiya]], then Qasimiya.</p>`},
	{"EverySwap",
		`<p>police, police; police</p>`,
		`<p>{police=>cops}, {police=>cops}; {police=>cops}</p>`},
	{"NameBeforeSwap",
		`<p>Kasimiya, Kasimiya.</p>`,
		`<p>[[The ineffectual Kasimiya]], Kasimiya.</p>`},
	{"Arabic",
		`<p>قالت القاسميّة إن أمس</p>`,
		`<p>قالت [[the ineffectual القاسميّة]] إن أمس</p>`},
	{"Cyrillic",
		`<p>В Касимии? Касимия: он задержан. ЗАДЕРЖАН!</p>`,
		`<p>В Касимии? [[The ineffectual Касимия]]: он {задержан=>упакован}. {ЗАДЕРЖАН=>УПАКОВАН}!</p>`},
	{"Accents",
		`<p>Elodie Marchetti met MARCHETTI.</p>`,
		`<p>[[The soggy Elodie Marchetti]] met MARCHETTI.</p>`},
	{"ShortName",
		`<p>They asked Marchetti.</p>`,
		`<p>They asked [[the soggy Marchetti]].</p>`},
	{"Chinese",
		`<p>外交部发言人周炳文说</p>`,
		`<p>外交部发言人[[the unblinking 周炳文]]说</p>`},
	{"Entities",
		`<p>Bread &amp; Butter League &lt;police&gt; &quot;arrested&quot;</p>`,
		`<p>[[The buttery Bread & Butter League]] <{police=>cops}> "{arrested=>jugged}"</p>`},
	{"SplitAcrossTags",
		`<p><b>Qas</b>imiya, <b>police</b> chief, Qas<i>imiya</i></p>`,
		`<p><b>Qas</b>imiya, <b>{police=>cops}</b> chief, Qas<i>imiya</i></p>`},
	{"WordRunsOnAcrossTags",
		`<p>Qasimiya<i>City</i> police<b>man</b> <b>anti</b>police</p>`,
		`<p>Qasimiya<i>City</i> police<b>man</b> <b>anti</b>police</p>`},
	{"WholeWordInTag",
		`<p><b>Qasimiya</b>'s <em>police</em>.</p>`,
		`<p><b>[[The ineffectual Qasimiya]]</b>'s <em>{police=>cops}</em>.</p>`},
	{"LineBreakEndsTerms",
		`<p>police<br>chief <img src="/uploads/x.jpg" alt="police"></p>`,
		`<p>{police=>cops}<br></br>chief <img></img></p>`},
	{"AfterThe",
		`<p>Yesterday the Union Party said so.</p>`,
		`<p>Yesterday the [[unloved Union Party]] said so.</p>`},
	{"AfterTheAtStart",
		`<p>The Union Party said no.</p>`,
		`<p>The [[unloved Union Party]] said no.</p>`},
	{"MentionWithThe",
		`<p>According to the Ledger, the Ledger's Ledger.</p>`,
		`<p>According to [[the breathless Ledger]], the Ledger's {Ledger=>Rag}.</p>`},
	{"ApostropheInName",
		`<p>the Hwasan Workers’ Party met.</p>`,
		`<p>the [[jolly Hwasan Workers’ Party]] met.</p>`},
	{"Abbreviation",
		`<p>In St. Ilmen, police.</p>`,
		`<p>In [[the moneyed St. Ilmen]], {police=>cops}.</p>`},
	{"Retired",
		`<p>The Black Spruce Cell.</p>`,
		`<p>The Black Spruce Cell.</p>`},
	{"NoEpithet",
		`<p>The Rawa Syndicate.</p>`,
		`<p>The [[Rawa Syndicate]].</p>`},
	{"UnknownKindGetsNoBox",
		`<p>Bogus Kind.</p>`,
		`<p>Bogus Kind.</p>`},
	{"TopicsGetNoBox",
		`<p>Smuggling and police.</p>`,
		`<p>Smuggling and {police=>cops}.</p>`},
	{"ListsAndCells",
		`<ul><li>Police arrested</li></ul><table><tbody><tr><td>Qasimiya</td></tr></tbody></table>`,
		`<ul><li>{Police=>Cops} {arrested=>jugged}</li></ul><table><tbody><tr><td>[[The ineffectual Qasimiya]]</td></tr></tbody></table>`},
	{"Nothing",
		`<p>Nothing to see.</p>`,
		`<p>Nothing to see.</p>`},
	{"Empty", ``, ``},
}

func TestDecorate(t *testing.T) {
	d := testDict()
	for _, c := range decorateCases {
		t.Run(c.name, func(t *testing.T) {
			got, _ := d.Decorate(c.in, 7)
			if b := brief(t, got); b != c.want {
				t.Errorf("Decorate(%q):\n got %s\nwant %s\nhtml %s", c.in, b, c.want, got)
			}
		})
	}
}

// TestDecorateIdempotent decorates the decorated HTML of every case again:
// nothing changes, and Used says the same.
func TestDecorateIdempotent(t *testing.T) {
	d := testDict()
	for _, c := range decorateCases {
		t.Run(c.name, func(t *testing.T) {
			once, used := d.Decorate(c.in, 7)
			twice, used2 := d.Decorate(once, 7)
			if twice != once {
				t.Errorf("decorated twice:\n once  %s\n twice %s", once, twice)
			}
			if fmt.Sprint(used2) != fmt.Sprint(used) {
				t.Errorf("Used decorating twice: got %v, want %v", used2, used)
			}
		})
	}
}

// TestDecorateUnchanged checks that text without a match is kept byte for
// byte, entities and all.
func TestDecorateUnchanged(t *testing.T) {
	d := testDict()
	for _, in := range []string{
		`<p>Nothing &amp; nobody &#39;here&#39; &nbsp; &lt;b&gt; &#x263A;</p>`,
		"<p>Line\r\nbreaks</p>",
		`<p class="x" data-y='z'>Bare <b >tags</b ></p><!-- a comment --><hr/>`,
		`<a href="/posts/1?a=1&amp;b=2">police</a>`,
	} {
		got, used := d.Decorate(in, 1)
		if got != in {
			t.Errorf("Decorate(%q) = %q, want it unchanged", in, got)
		}
		if len(used.Names)+len(used.Swaps) != 0 {
			t.Errorf("Decorate(%q) used %v", in, used)
		}
	}
}

// TestDecorateEntities checks that decorated text keeps its entities safe.
func TestDecorateEntities(t *testing.T) {
	d := testDict()
	got, _ := d.Decorate(`<p>&lt;script&gt; police &amp; &quot;Qasimiya&quot;</p>`, 1)
	for _, want := range []string{`&lt;script&gt; <span class="burg-swap" title="police">cops</span> &amp; &#34;`,
		`Qasimiya</button>`, `</span></span>&#34;</p>`} {
		if !strings.Contains(got, want) {
			t.Errorf("decorated HTML %s lacks %s", got, want)
		}
	}
	if strings.Contains(got, "<script") {
		t.Errorf("an escaped tag came back as a tag: %s", got)
	}
}

// TestDecorateMarkup pins the HTML of a swap and of a name box, which the
// front end styles.
func TestDecorateMarkup(t *testing.T) {
	d := testDict()
	got, _ := d.Decorate(`<p>Police in Qasimiya.</p>`, 42)
	want := `<p><span class="burg-swap" title="Police">Cops</span> in ` +
		`<span class="burg-name burg-name-place" data-name="qasimiya">` +
		`<button type="button" class="burg-name-term" aria-expanded="false" aria-controls="burg-name-42-1">` +
		`<span class="burg-name-epithet">the ineffectual</span> Qasimiya</button>` +
		`<span class="burg-name-box" role="note" id="burg-name-42-1" hidden>` +
		`<img class="burg-name-image" src="/uploads/qasimiya.jpg" alt="" loading="lazy" width="72" height="72">` +
		`<span class="burg-name-title">Qasimiya</span> ` +
		`<span class="burg-name-desc">River state of oil fields &amp; rival militias.</span> ` +
		`<a class="burg-name-link" href="/tags/qasimiya">More on Qasimiya</a></span></span>.</p>`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestDecorateBoxes checks the structure of the boxes: phrasing content
// inside the paragraph, a button that controls its box, ids unique across
// the posts of a page.
func TestDecorateBoxes(t *testing.T) {
	d := testDict()
	page := ""
	for _, id := range []int64{1, 2, 12, -3} {
		out, _ := d.Decorate(`<p>Qasimiya, Qasimiya City and the Union Party; <b>Élodie Marchetti</b>.</p>`, id)
		page += out
	}
	doc, err := html.Parse(strings.NewReader("<!DOCTYPE html><body>" + page))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	var buttons int
	var walk func(n *html.Node, inP bool)
	walk = func(n *html.Node, inP bool) {
		if n.Type == html.ElementNode {
			if id := attr(n, "id"); id != "" {
				if ids[id] {
					t.Errorf("id %q used twice on the page", id)
				}
				ids[id] = true
			}
			switch n.Data {
			case "p":
				inP = true
			case "div", "details", "section", "aside", "figure":
				if inP {
					t.Errorf("%s inside a paragraph", n.Data)
				}
			case "button":
				buttons++
				if !inP {
					t.Error("a button left its paragraph: the parser moved it")
				}
				box := n.NextSibling
				if attr(n, "type") != "button" || attr(n, "aria-expanded") != "false" || box == nil ||
					attr(n, "aria-controls") != attr(box, "id") || attr(box, "role") != "note" || !hasClass(box, "burg-name-box") {
					t.Errorf("button %v does not control the box after it (%v)", n.Attr, box)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inP)
		}
	}
	walk(doc, false)
	if buttons != 16 {
		t.Errorf("got %d name buttons, want 4 per post", buttons)
	}
}

func TestDecorateVariants(t *testing.T) {
	sw := &burg.Swap{ID: 5, Term: "arrested", Variants: []string{"jugged", "tossed in the slammer", "nicked", "collared"}}
	d := voice.Build(nil, []*burg.Swap{sw})
	in := `<p>They arrested one, then arrested two, then arrested three.</p>`
	seen := map[string]bool{}
	varied := false
	for seed := range int64(40) {
		a, _ := d.Decorate(in, seed)
		b, _ := d.Decorate(in, seed)
		if a != b {
			t.Fatalf("seed %d: two decorations differ:\n%s\n%s", seed, a, b)
		}
		doc, _ := html.Parse(strings.NewReader(a))
		var got []string
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode && hasClass(n, "burg-swap") {
				got = append(got, textOf(n))
				seen[textOf(n)] = true
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if len(got) != 3 {
			t.Fatalf("seed %d: %d swaps, want 3: %s", seed, len(got), a)
		}
		if got[0] != got[1] || got[1] != got[2] {
			varied = true
		}
	}
	for _, v := range sw.Variants {
		if !seen[v] {
			t.Errorf("variant %q never picked in 40 posts", v)
		}
	}
	if !varied {
		t.Error("three uses in one post always got the same variant")
	}
}

func TestDecorateUsed(t *testing.T) {
	d := testDict()
	_, used := d.Decorate(`<p>Police: the police chief arrested Qasimiya's <a href="/">Union Party</a> men.</p>`+
		`<blockquote>militants killed</blockquote><p>Kasimiya, the Ledger, killed.</p>`, 3)
	if want := []int64{1, 5}; !slices.Equal(used.Names, want) {
		t.Errorf("names used: got %v, want %v", used.Names, want)
	}
	if want := []int64{101, 102, 103, 106}; !slices.Equal(used.Swaps, want) {
		t.Errorf("swaps used: got %v, want %v", used.Swaps, want)
	}
	if got := used.Keys(); len(got) != 6 || got[0] != (voice.Key{Kind: voice.KindName, ID: 1}) ||
		got[5] != (voice.Key{Kind: voice.KindSwap, ID: 106}) {
		t.Errorf("keys: got %v", got)
	}
}

// TestDecorateSafety decorates with entries and swaps full of markup: it
// all comes out as text.
func TestDecorateSafety(t *testing.T) {
	d := testDict()
	got, _ := d.Decorate(`<p>Nasty script alert 1 script launched.</p>`, 9)
	doc, err := html.Parse(strings.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	var names int
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "b":
				t.Errorf("a %s element came out of the dictionary: %s", n.Data, got)
			case "img":
				if attr(n, "onerror") != "" || attr(n, "class") != "burg-name-image" {
					t.Errorf("an image came out of the dictionary: %v", n.Attr)
				}
				if src := attr(n, "src"); !strings.HasPrefix(src, "/uploads/") || strings.Contains(src[len("/uploads/"):], "/") {
					t.Errorf("image src %q is not one upload", src)
				}
			case "a":
				if href := attr(n, "href"); !strings.HasPrefix(href, "/tags/") || strings.ContainsAny(href[len("/tags/"):], `/"<>`) {
					t.Errorf("link %q is not one tag page", href)
				}
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("attribute %s=%q came out of the dictionary", a.Key, a.Val)
				}
				if a.Key == "class" && strings.ContainsAny(a.Val, `"<>=`) {
					t.Errorf("class %q came out of the dictionary", a.Val)
				}
			}
			if hasClass(n, "burg-name") {
				names++
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if names != 1 || !strings.Contains(got, `class="burg-name burg-name-place"`) {
		t.Errorf("the nasty entry was not decorated as a place: %s", got)
	}
	if !strings.Contains(got, `&lt;img src=x onerror=alert(4)&gt; &amp; &#34;co&#34;`) {
		t.Errorf("the nasty swap is not escaped: %s", got)
	}
}

func TestDecorateEmptyDictionary(t *testing.T) {
	d := voice.Build(nil, nil)
	in := `<p>Police arrested Qasimiya.</p>`
	if got, used := d.Decorate(in, 1); got != in || len(used.Names)+len(used.Swaps) != 0 {
		t.Errorf("empty dictionary: got %q %v", got, used)
	}
}

func TestDecorateConcurrent(t *testing.T) {
	d := testDict()
	want, _ := d.Decorate(decorateCases[0].in+decorateCases[7].in, 5)
	done := make(chan string)
	for range 8 {
		go func() {
			got, _ := d.Decorate(decorateCases[0].in+decorateCases[7].in, 5)
			done <- got
		}()
	}
	for range 8 {
		if got := <-done; got != want {
			t.Errorf("concurrent Decorate: got %s, want %s", got, want)
		}
	}
}
