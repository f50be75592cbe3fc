package demo

import (
	"strings"
	"testing"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	"github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/markup"
	"github.com/burg-news/burg/internal/voice"
)

// TestNameDefs checks the house's words against the world: every entry
// written is of a thing the world has, and every group, person, place and
// newspaper has an epithet.
func TestNameDefs(t *testing.T) {
	known := map[string]bool{}
	for _, r := range append(append([]*region{}, regionDefs...), extraDefs...) {
		for _, list := range [][]*ent{r.countries, r.places, r.people, r.armed, r.parties, r.bodies} {
			for _, e := range list {
				known[e.name] = true
				if _, ok := nameDefs[e.name]; !ok {
					t.Errorf("%q has no entry in nameDefs", e.name)
				}
			}
		}
	}
	for name := range nameDefs {
		if !known[name] {
			t.Errorf("nameDefs has %q, which the world does not", name)
		}
	}
	mastheads := map[string]bool{}
	for _, m := range theWorld.mastheads {
		mastheads[m] = true
		if _, ok := outletDefs[m]; !ok {
			t.Errorf("newspaper %q has no entry in outletDefs", m)
		}
	}
	for name := range outletDefs {
		if !mastheads[name] {
			t.Errorf("outletDefs has %q, which is no newspaper of the world", name)
		}
	}
	for name, def := range mergeDefs() {
		if !strings.HasPrefix(def.epithet, "the ") || strings.TrimSpace(def.epithet) != def.epithet {
			t.Errorf("%q: epithet %q does not read \"the …\"", name, def.epithet)
		}
	}
}

func mergeDefs() map[string]nameDef {
	all := map[string]nameDef{}
	for k, v := range nameDefs {
		all[k] = v
	}
	for k, v := range outletDefs {
		all[k] = v
	}
	return all
}

// TestGenerateNames checks the names database of a generated site: valid
// entries of every kind, with epithets, aliases in several scripts, and
// no term naming two entries.
func TestGenerateNames(t *testing.T) {
	s := generate(t)
	kinds := map[string]int{}
	var epithets, aliased, nameOnly int
	scripts := map[string]bool{}
	owner := map[string]string{} // a term, roughly folded, to the entry it names
	for _, tag := range s.Tags {
		if err := tag.Validate(); err != nil {
			t.Errorf("entry %q: %v", tag.Name, err)
		}
		kinds[tag.Kind]++
		if tag.Epithet != "" {
			epithets++
		}
		if len(tag.Aliases) > 0 {
			aliased++
		}
		if tag.NameOnly {
			nameOnly++
		}
		for _, term := range append([]string{tag.Name}, tag.Aliases...) {
			for _, r := range term {
				for name, table := range map[string]*unicode.RangeTable{"Arabic": unicode.Arabic, "Cyrillic": unicode.Cyrillic,
					"Han": unicode.Han, "Hangul": unicode.Hangul, "Hebrew": unicode.Hebrew, "Bengali": unicode.Bengali} {
					if unicode.Is(table, r) {
						scripts[name] = true
					}
				}
			}
			key := roughFold(term)
			if other, ok := owner[key]; ok && other != tag.Name {
				t.Errorf("%q names both %q and %q", term, other, tag.Name)
			}
			owner[key] = tag.Name
		}
	}
	if kinds[burg.TagPlace] < 100 || kinds[burg.TagPerson] < 50 || kinds[burg.TagGroup] < 100 || kinds[burg.TagTopic] < 25 {
		t.Errorf("entries by kind: %v; want a world's worth of each", kinds)
	}
	if epithets < 300 || aliased < 300 {
		t.Errorf("%d entries have an epithet and %d aliases; want a few hundred", epithets, aliased)
	}
	if nameOnly < 50 {
		t.Errorf("%d name-only entries, want the newspapers", nameOnly)
	}
	if len(scripts) < 5 {
		t.Errorf("aliases are written in %v; want several scripts", scripts)
	}
	if got := len(s.Swaps); got < 30 {
		t.Errorf("got %d swaps, want a few dozen", got)
	}
	for _, sw := range s.Swaps {
		if err := sw.Validate(); err != nil {
			t.Errorf("swap %q: %v", sw.Term, err)
		}
		if n := len(sw.Variants); n < 2 || n > 4 {
			t.Errorf("swap %q has %d variants, want 2 to 4", sw.Term, n)
		}
		if owner[roughFold(sw.Term)] != "" {
			t.Errorf("swap %q is also the name of %q", sw.Term, owner[roughFold(sw.Term)])
		}
	}
}

// roughFold is close enough to how internal/voice compares terms to catch
// two entries sharing one: case, accents, hyphens and apostrophes aside.
func roughFold(s string) string {
	if slug := burg.Slugify(s, 200); slug != "" && strings.Trim(slug, "-") != "" &&
		!strings.ContainsFunc(s, func(r rune) bool { return r > 0x24f && unicode.IsLetter(r) }) {
		return slug
	}
	return strings.ToLower(s)
}

// TestDecoratePosts decorates the demo posts with the demo dictionary:
// most posts get a swap and a name box, and a real one gets both.
func TestDecoratePosts(t *testing.T) {
	s := generate(t)
	for i, tag := range s.Tags {
		tag.ID = int64(i + 1) // as Load would
	}
	for i, sw := range s.Swaps {
		sw.ID = int64(i + 1)
	}
	d := voice.Build(s.Tags, s.Swaps)
	opt := markup.PostOptions{}
	var swapped, named, both int
	used := map[voice.Key]bool{}
	var example string
	for i, p := range s.Posts {
		html, u := d.Decorate(string(markup.RenderPost(p.Body, opt)), int64(i+1))
		for _, k := range u.Keys() {
			used[k] = true
		}
		if len(u.Swaps) > 0 {
			swapped++
		}
		if len(u.Names) > 0 {
			named++
		}
		if len(u.Swaps) > 0 && len(u.Names) > 0 {
			both++
			if example == "" {
				example = html
			}
		}
	}
	if example == "" {
		t.Fatal("no demo post got both a swap and a name box")
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(example))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Find(".burg-swap[title]").Length() == 0 || doc.Find(".burg-name .burg-name-epithet").Length() == 0 ||
		doc.Find(".burg-name .burg-name-box[role=note] a[href^='/tags/']").Length() == 0 {
		t.Errorf("the decorated post lacks a swap or a whole name box:\n%s", example)
	}
	checkShare(t, "posts with a swap", swapped, len(s.Posts), 0.5, 1)
	checkShare(t, "posts with a name box", named, len(s.Posts), 0.5, 1)
	var swapsUsed, namesUsed int
	for k := range used {
		if k.Kind == voice.KindSwap {
			swapsUsed++
		} else {
			namesUsed++
		}
	}
	if swapsUsed < len(s.Swaps)/2 || namesUsed < 200 {
		t.Errorf("a month of posts used %d of %d swaps and %d entries; want most", swapsUsed, len(s.Swaps), namesUsed)
	}
}
