package demo

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/burg-news/burg"
)

// world is the static data, indexed once at start.
type world struct {
	regions   []*region
	sections  []*section
	secTotal  int
	tags      []tagDef
	topicTag  map[*topic]int    // -1 for none
	mastheads map[string]string // outlet domain to name
	users     int               // total of the users' weights
}

type tagDef struct{ name, desc string }

// section is a sectionSpec resolved against the world.
type section struct {
	spec    sectionSpec
	regions []*region
	extra   *region
	topics  []*topic
	weights []int
	total   int
}

var theWorld = buildWorld()

func buildWorld() *world {
	w := &world{regions: regionDefs, topicTag: make(map[*topic]int), mastheads: make(map[string]string)}
	for _, o := range wires {
		w.mastheads[o.domain] = outletName(o.domain)
	}
	addTag := func(name, desc string) int {
		w.tags = append(w.tags, tagDef{name, desc})
		return len(w.tags) - 1
	}
	topics := make(map[string]*topic)
	for _, t := range topicDefs {
		topics[t.key] = t
		w.topicTag[t] = -1
		if t.tag != "" {
			w.topicTag[t] = addTag(t.tag, t.desc)
		}
	}
	addRegion := func(r *region) {
		for _, e := range r.countries {
			e.tag = addTag(e.name, e.desc)
		}
		for _, e := range r.places {
			desc := e.desc
			if desc == "" && e.kind != "" && e.home >= 0 {
				desc = upperFirst(e.kind) + " in " + r.countries[e.home].name + "."
			}
			e.tag = addTag(e.name, desc)
		}
		for _, e := range r.people {
			desc := e.desc
			if desc == "" && e.home >= 0 {
				desc = upperFirst(e.title) + " of " + r.countries[e.home].name + "."
			} else if desc == "" {
				desc = upperFirst(e.title) + "."
			}
			e.tag = addTag(e.name, desc)
		}
		for _, list := range [][]*ent{r.armed, r.parties, r.bodies} {
			for _, e := range list {
				e.tag = addTag(e.name, e.desc)
			}
		}
	}
	byKey := make(map[string]*region)
	for _, r := range regionDefs {
		byKey[r.key] = r
		addRegion(r)
		for _, o := range r.outlets {
			w.mastheads[o.domain] = outletName(o.domain)
		}
	}
	extras := make(map[string]*region)
	for _, r := range extraDefs {
		extras[r.key] = r
		addRegion(r)
	}
	for _, spec := range sectionSpecs {
		s := &section{spec: spec, extra: extras[spec.extra]}
		if spec.regions == "*" {
			s.regions = regionDefs
		} else {
			for _, k := range strings.Fields(spec.regions) {
				s.regions = append(s.regions, byKey[k])
			}
		}
		for _, f := range strings.Fields(spec.topics) {
			key, weight, _ := strings.Cut(f, ":")
			n, _ := strconv.Atoi(weight)
			s.topics = append(s.topics, topics[key])
			s.weights = append(s.weights, n)
			s.total += n
		}
		w.sections = append(w.sections, s)
		w.secTotal += spec.weight
	}
	for _, u := range userSpecs {
		w.users += u.weight
	}
	return w
}

// newSite makes fresh pages, sections, tags and users.
func (w *world) newSite() *Site {
	s := &Site{}
	for i, name := range pageNames {
		s.Pages = append(s.Pages, &burg.Page{Name: name, Slug: burg.Slugify(name, 100), Position: i + 1})
	}
	pos := make([]int, len(pageNames))
	for _, sec := range w.sections {
		pos[sec.spec.page]++
		s.Sections = append(s.Sections, &burg.Section{
			Name:     sec.spec.name,
			Slug:     burg.Slugify(sec.spec.name, 100),
			Position: pos[sec.spec.page],
			Page:     s.Pages[sec.spec.page],
		})
	}
	s.Tags = make([]*burg.Tag, len(w.tags))
	for i, t := range w.tags {
		s.Tags[i] = &burg.Tag{Name: t.name, Slug: burg.Slugify(t.name, 100), Description: t.desc}
	}
	for _, u := range userSpecs {
		s.Users = append(s.Users, &burg.User{Nick: u.nick, Role: u.role, Colour: u.colour})
	}
	return s
}

// gen generates posts. It keeps its buffers between posts.
type gen struct {
	r          rng
	w          *world
	site       *Site
	moderators []*burg.User
	titles     map[string]struct{}
	urlID      int

	b     binding
	track bool         // record the things a title names
	used  []*ent       // the things named, in order
	seen  []int        // sentences used in the current post, by pool<<16|index
	out   []byte       // the text being written
	picks []pickedWord // the words this post uses
	times []time.Duration

	abouts []about    // what each post is about, for its comments
	cpost  *burg.Post // the post whose comments are being written
}

type pickedWord struct {
	key string
	i   int
}

// binding is what one post is about.
type binding struct {
	C, C2, P, P2, X, A, Y, B *ent
	O                        *outlet
	day                      time.Time // posting time in the site's location
}

func newGen(seed int64, w *world) *gen {
	return &gen{r: newRNG(seed), w: w}
}

// hourWeights shapes a day of posting: quiet at night, busy from breakfast
// to late evening.
var hourWeights = [24]int{2, 1, 1, 1, 1, 2, 3, 5, 6, 7, 7, 7, 6, 6, 6, 6, 6, 6, 5, 5, 5, 4, 4, 3}

const hourTotal = 2 + 1 + 1 + 1 + 1 + 2 + 3 + 5 + 6 + 7 + 7 + 7 + 6 + 6 + 6 + 6 + 6 + 6 + 5 + 5 + 5 + 4 + 4 + 3

// day generates the posts of the day [start, end), none after now.
func (g *gen) day(start, end, now time.Time) {
	n := 70 + g.r.intn(31)
	if wd := start.Weekday(); wd == time.Saturday || wd == time.Sunday {
		n = 60 + g.r.intn(21)
	}
	span := end.Sub(start)
	if end.After(now) {
		// Today: only what has been posted by now.
		span = now.Sub(start).Truncate(time.Second) + time.Second
	}
	g.times = g.times[:0]
	for range n {
		h := g.r.weighted(hourWeights[:], hourTotal)
		frac := (float64(h) + g.r.float()) / 24
		g.times = append(g.times, time.Duration(frac*float64(span)).Truncate(time.Second))
	}
	slices.Sort(g.times)
	for i := 1; i < len(g.times); i++ {
		// Two posts rarely share a second; on a day only seconds old they must.
		if prev := g.times[i-1]; g.times[i] <= prev {
			g.times[i] = prev
			if prev+time.Second < span {
				g.times[i] = prev + time.Second
			}
		}
	}
	for _, off := range g.times {
		g.post(start.Add(off), now)
	}
}

func (g *gen) post(at, now time.Time) {
	w := g.w
	si := 0
	for k, x := 0, g.r.intn(w.secTotal); si < len(w.sections); si++ {
		k += w.sections[si].spec.weight
		if x < k {
			break
		}
	}
	sec := w.sections[si]
	opinion := sec.spec.opinion

	var t *topic
	var title string
	for try := 0; ; try++ {
		g.bind(sec, at)
		t = sec.topics[g.r.weighted(sec.weights, sec.total)]
		title = g.title(t)
		if _, dup := g.titles[title]; !dup || try == 3 {
			break
		}
	}
	g.titles[title] = struct{}{}

	p := &burg.Post{
		Title:     title,
		Slug:      burg.Slugify(title, 80),
		PostedAt:  at.UTC(),
		UpdatedAt: at.UTC(),
		Section:   g.site.Sections[si],
		Poster:    g.site.Users[g.poster()],
		Tags:      g.tags(t),
	}
	if !opinion {
		o := g.b.O
		p.SourceURL = g.sourceURL(o, t, title)
		p.SourceTag = o.short
		if p.SourceTag == "" {
			p.SourceTag = strings.ToUpper(strings.TrimSuffix(o.domain, ".example"))
		}
		if o.lang != "en" {
			p.SourceLang = o.lang
			p.Note = g.note(o.lang)
		}
	}
	var remarkBy *burg.User
	if len(g.moderators) > 0 && g.r.chance(0.05) {
		remarkBy = g.moderators[g.r.intn(len(g.moderators))]
	}
	var remark string
	p.Body, remark = g.text(t, opinion, remarkBy != nil)
	if remark != "" {
		at := p.PostedAt.Add(time.Duration(20+g.r.intn(200)) * time.Minute)
		if at.After(now) {
			at = now.UTC()
		}
		p.Remarks = []*burg.Remark{{Body: remark, User: remarkBy, CreatedAt: at}}
	}

	switch x := g.r.float(); {
	case x < 0.03:
		closeAt := p.PostedAt.Add(time.Duration(2+g.r.intn(11)) * time.Hour)
		p.CommentsCloseAt = &closeAt
	case x < 0.06:
		closeAt := p.PostedAt.AddDate(0, 0, 45+g.r.intn(76))
		p.CommentsCloseAt = &closeAt
	}
	p.Views = g.views(now.Sub(at), opinion)
	g.site.Posts = append(g.site.Posts, p)
	g.abouts = append(g.abouts, about{b: g.b, picks: slices.Clone(g.picks)})
}

// bind picks what a post in sec is about.
func (g *gen) bind(sec *section, at time.Time) {
	r := sec.regions[g.r.intn(len(sec.regions))]
	x := sec.extra
	b := &g.b
	b.day = at
	g.picks = g.picks[:0]
	b.P = pick(&g.r, r.places)
	b.P2 = pickOther(&g.r, r.places, b.P)
	b.C = r.countries[b.P.home]
	if len(r.countries) > 1 {
		b.C2 = pickOther(&g.r, r.countries, b.C)
	} else {
		other := g.w.regions[g.r.intn(len(g.w.regions))]
		b.C2 = pickOther(&g.r, other.countries, b.C)
	}
	people := r.people
	if x != nil && len(x.people) > 0 && g.r.chance(0.6) {
		people = x.people
	}
	b.X = pick(&g.r, people)
	if b.X.home >= 0 && b.X.home != b.P.home && g.r.chance(0.6) {
		// Prefer someone from the place's own country.
		for _, e := range people {
			if e.home == b.P.home {
				b.X = e
				break
			}
		}
	}
	armed := r.armed
	if x != nil && len(x.armed) > 0 && g.r.chance(0.6) {
		armed = x.armed
	}
	b.A = pick(&g.r, armed)
	b.Y = pick(&g.r, r.parties)
	bodies := r.bodies
	if x != nil && len(x.bodies) > 0 && g.r.chance(0.85) {
		bodies = x.bodies
	}
	b.B = pick(&g.r, bodies)
	if g.r.chance(0.3) {
		b.O = &wires[g.r.intn(len(wires))]
	} else {
		b.O = &r.outlets[g.r.intn(len(r.outlets))]
	}
}

func (g *gen) title(t *topic) string {
	g.track = true
	g.used = g.used[:0]
	g.out = g.out[:0]
	g.expand(t.titles[g.r.intn(len(t.titles))], 0)
	g.track = false
	capitalise(g.out)
	return string(g.out)
}

// tags files a post under the things its title names and its topic.
func (g *gen) tags(t *topic) []*burg.Tag {
	tags := make([]*burg.Tag, 0, 3)
	add := func(i int) {
		tag := g.site.Tags[i]
		if len(tags) < 3 && !slices.Contains(tags, tag) {
			tags = append(tags, tag)
		}
	}
	for _, e := range g.used {
		if len(tags) == 2 {
			break
		}
		add(e.tag)
	}
	if i := g.w.topicTag[t]; i >= 0 {
		add(i)
	}
	if len(tags) == 0 || g.r.chance(0.35) {
		add(g.b.C.tag)
	}
	return tags
}

func (g *gen) poster() int {
	x := g.r.intn(g.w.users)
	for i, u := range userSpecs {
		if x < u.weight {
			return i
		}
		x -= u.weight
	}
	return 0
}

// note is the translation note of a post from a source in lang. Apertium
// does the languages close to English best; LibreTranslate the rest.
func (g *gen) note(lang string) string {
	p := 0.25
	switch lang {
	case "es", "fr", "de":
		p = 0.7
	}
	if g.r.chance(p) {
		return "Direct translation via Apertium. Edited."
	}
	return "Direct translation via LibreTranslate. Edited."
}

// views is a plausible view count for a post of age age: most views come
// in the first day, popular posts keep collecting them.
func (g *gen) views(age time.Duration, opinion bool) int64 {
	h := max(age.Hours(), 0)
	u := g.r.float()
	pop := 150 + 2400*u*u
	if opinion {
		pop *= 1.3
	}
	v := 20 + pop*h/(h+20) + min(h/24*8, 300)
	return int64(min(max(v, 20), 3000))
}

// sourceURL is a unique address for an article of outlet o.
func (g *gen) sourceURL(o *outlet, t *topic, title string) string {
	g.urlID += 1 + g.r.intn(40)
	id := strconv.Itoa(100000 + g.urlID)
	slug := burg.Slugify(title, 60)
	d := g.b.day
	date := d.Format("2006/01/02")
	switch o.style {
	case 1:
		return "https://" + o.domain + "/article/" + id + "/" + slug
	case 2:
		sub := "world"
		if t.tag != "" {
			sub = burg.Slugify(t.tag, 40)
		}
		return "https://" + o.domain + "/" + o.lang + "/" + sub + "/" + id + ".html"
	case 3:
		return "https://www." + o.domain + "/story.php?id=" + id
	case 4:
		return "https://" + o.domain + "/" + d.Format("20060102") + "/" + id + "-" + slug + ".html"
	default:
		return "https://" + o.domain + "/news/" + date + "/" + slug + "-" + id
	}
}

// Sentence pools, for not repeating a sentence within a post.
const (
	poolTopic = iota
	poolGeneric
	poolQuoteLine
	poolQuote
	poolOpinion
	poolSubhead
)

// text writes the body of a post about t.
// text writes a post's body, and when remark is set the text of a
// moderator's remark on it.
func (g *gen) text(t *topic, opinion bool, remark bool) (body, remarkText string) {
	g.out = g.out[:0]
	g.seen = g.seen[:0]
	paras := g.paragraphs(opinion)
	quoteBlock := paras >= 3 && g.r.chance(0.08)
	subAt := -1
	if paras >= 4 && g.r.chance(0.15) {
		subAt = paras / 2
	}
	remarkTop := remark && g.r.chance(0.25)
	if remarkTop {
		remarkText = g.remark()
	}
	for i := range paras {
		if i > 0 {
			g.write("\n\n")
		}
		if i == subAt {
			g.subhead()
			g.write("\n\n")
		}
		sentences := 2 + g.r.intn(3)
		if i == 0 && !opinion {
			sentences = 2 + g.r.intn(2)
		}
		for s := range sentences {
			if s > 0 {
				g.write(" ")
			}
			g.sentence(t, opinion, i == 0 && s == 0)
		}
		if i == 0 && quoteBlock {
			g.write(" ")
			g.line(quoteIntros[g.r.intn(len(quoteIntros))])
			g.write("\n\n[quote]")
			g.quote()
			g.write(". ")
			g.quote()
			g.write(".[/quote]")
		}
	}
	if g.r.chance(0.05) {
		g.write("\n\n[b]Update:[/b] ")
		g.line(updateLines[g.r.intn(len(updateLines))])
	}
	if g.r.chance(0.09) {
		g.write("\n\n")
		g.line(linkIntros[g.r.intn(len(linkIntros))])
		g.write(" ")
		g.link()
	}
	if remark && !remarkTop {
		remarkText = g.remark()
	}
	return string(g.out), remarkText
}

// paragraphs is how many paragraphs a post has: 2–8 for news, mostly 3–5;
// 6–11 for an opinion piece.
func (g *gen) paragraphs(opinion bool) int {
	if opinion {
		return 6 + g.r.intn(6)
	}
	return 2 + g.r.weighted([]int{10, 20, 22, 18, 14, 9, 7}, 100)
}

// remark returns the text of a moderator's remark, written through the
// same machinery as the body and then taken out of it.
func (g *gen) remark() string {
	start := len(g.out)
	g.line(remarks[g.r.intn(len(remarks))])
	text := string(g.out[start:])
	g.out = g.out[:start]
	return text
}

func (g *gen) subhead() {
	i := g.pickUnused(poolSubhead, len(subheads))
	if i < 0 {
		i = g.r.intn(len(subheads))
	}
	g.write("[h]")
	if g.r.chance(0.3) {
		g.write("[url=")
		g.link()
		g.write("]")
		g.line(subheads[i])
		g.write("[/url]")
	} else {
		g.line(subheads[i])
	}
	g.write("[/h]")
}

// link writes the address of another article of the post's source, or of
// a newspaper of its region.
func (g *gen) link() {
	g.urlID += 1 + g.r.intn(40)
	g.write("https://")
	g.write(g.b.O.domain)
	g.write("/")
	g.out = strconv.AppendInt(g.out, int64(g.b.day.Year()), 10)
	g.write("/")
	g.out = strconv.AppendInt(g.out, int64(100000+g.urlID), 10)
}

// sentence writes one sentence of a post about t.
func (g *gen) sentence(t *topic, opinion, lead bool) {
	type pool struct {
		id    int
		lines []string
	}
	order := [3]pool{{poolTopic, t.lines}, {poolGeneric, genericLines}, {poolQuoteLine, quoteLines}}
	x := g.r.float()
	switch {
	case opinion:
		order = [3]pool{{poolOpinion, opinionLines}, {poolGeneric, genericLines}, {poolQuoteLine, quoteLines}}
		if x >= 0.65 {
			order[0], order[1] = order[1], order[0]
		}
		if x >= 0.92 {
			order[0], order[2] = order[2], order[0]
		}
	case lead:
	case x < 0.55:
	case x < 0.86:
		order[0], order[1] = order[1], order[0]
	default:
		order[0], order[2] = order[2], order[0]
	}
	for _, p := range order {
		if i := g.pickUnused(p.id, len(p.lines)); i >= 0 {
			g.line(p.lines[i])
			return
		}
	}
	g.line(genericLines[g.r.intn(len(genericLines))])
}

// pickUnused picks an index of a pool of n that the post has not used yet,
// and marks it used; -1 when there is none.
func (g *gen) pickUnused(pool, n int) int {
	if n == 0 {
		return -1
	}
	start := g.r.intn(n)
	for k := range n {
		i := (start + k) % n
		key := pool<<16 | i
		if !slices.Contains(g.seen, key) {
			g.seen = append(g.seen, key)
			return i
		}
	}
	return -1
}

func (g *gen) write(s string) { g.out = append(g.out, s...) }

// line writes tmpl as a sentence: first letter upper-case.
func (g *gen) line(tmpl string) {
	start := len(g.out)
	g.expand(tmpl, 0)
	capitalise(g.out[start:])
}

// quote writes one of the quotes, without a final stop.
func (g *gen) quote() {
	i := g.pickUnused(poolQuote, len(quotes))
	if i < 0 {
		i = g.r.intn(len(quotes))
	}
	g.expand(quotes[i], 1)
}

// expand writes tmpl with its {slots} filled in.
func (g *gen) expand(tmpl string, depth int) {
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			g.write(tmpl)
			return
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			g.write(tmpl)
			return
		}
		g.write(tmpl[:i])
		g.slot(tmpl[i+1:i+j], depth)
		tmpl = tmpl[i+j+1:]
	}
}

func (g *gen) slot(key string, depth int) {
	b := &g.b
	r := &g.r
	num := func(n int) { g.out = strconv.AppendInt(g.out, int64(n), 10) }
	switch key {
	case "C":
		g.put(b.C, b.C.name)
	case "C2":
		g.put(b.C2, b.C2.name)
	case "P":
		g.put(b.P, b.P.name)
	case "P2":
		g.put(b.P2, b.P2.name)
	case "X":
		g.put(b.X, b.X.name)
	case "XR":
		g.write(b.X.title)
	case "XL":
		name := b.X.surname
		if name == "" {
			name = b.X.name[strings.LastIndexByte(b.X.name, ' ')+1:]
		}
		g.put(b.X, name)
	case "A":
		g.put(b.A, b.A.name)
	case "tA":
		g.the(b.A)
	case "Y":
		g.put(b.Y, b.Y.name)
	case "tY":
		g.the(b.Y)
	case "B":
		g.put(b.B, b.B.name)
	case "O":
		g.write(g.w.mastheads[b.O.domain])
	case "n":
		num(r.between(2, 12))
	case "nn":
		num(r.between(12, 95))
	case "N":
		g.thousands(r.between(120, 9800))
	case "k":
		num(r.between(12, 480))
	case "M":
		num(r.between(2, 900))
	case "pct":
		num(r.between(3, 41))
	case "teen":
		num(r.between(17, 24))
	case "temp":
		num(r.between(41, 49))
	case "yr":
		num(b.day.Year())
	case "yr1":
		num(b.day.Year() + 1)
	case "yrpast":
		num(b.day.Year() - r.between(3, 12))
	case "weekday":
		g.write(b.day.AddDate(0, 0, -r.intn(2)).Weekday().String())
	case "q", "q2":
		g.quote()
	default:
		if strings.IndexByte(key, '|') >= 0 {
			n := strings.Count(key, "|") + 1
			k := r.intn(n)
			for range k {
				key = key[strings.IndexByte(key, '|')+1:]
			}
			if end := strings.IndexByte(key, '|'); end >= 0 {
				key = key[:end]
			}
			g.write(key)
			return
		}
		words, ok := lists[key]
		if !ok || depth > 3 {
			// Left visible so that TestTemplates catches it.
			g.write("{" + key + "}")
			return
		}
		g.expand(words[g.pickWord(key, len(words))], depth+1)
	}
}

// varied are the word lists that may give a different word each time in
// one post; every other list gives a post one word, so that the contraband
// of the headline is the contraband of the text.
var varied = map[string]bool{"official": true, "said": true, "ordinal": true, "hour": true, "few": true, "signs": true, "trigger": true}

// pickWord picks an index of the list key of n words.
func (g *gen) pickWord(key string, n int) int {
	if varied[key] {
		return g.r.intn(n)
	}
	for _, p := range g.picks {
		if p.key == key {
			return p.i
		}
	}
	i := g.r.intn(n)
	g.picks = append(g.picks, pickedWord{key, i})
	return i
}

// put writes the name of e and, in a title, remembers e for tagging.
func (g *gen) put(e *ent, s string) {
	g.write(s)
	if g.track && !slices.Contains(g.used, e) {
		g.used = append(g.used, e)
	}
}

// the writes the name of a group as running text names it: "the Union
// Party", but "Saraya al-Nakhil".
func (g *gen) the(e *ent) {
	if !e.bare {
		g.write("the ")
	}
	g.put(e, e.name)
}

func (g *gen) thousands(n int) {
	s := strconv.Itoa(n)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			g.out = append(g.out, ',')
		}
		g.out = append(g.out, s[i])
	}
}

// outletName is the masthead of a newspaper: "caspian-ledger.example" is
// the Caspian Ledger.
func outletName(domain string) string {
	label := strings.TrimSuffix(domain, ".example")
	words := strings.Split(label, "-")
	for i, w := range words {
		switch {
		case i > 0 && (w == "al" || w == "e" || w == "del" || w == "de" || w == "le" || w == "la"):
		case w == "24":
		default:
			words[i] = upperFirst(w)
		}
	}
	return strings.Join(words, " ")
}

// capitalise makes the first letter of b upper-case, looking past opening
// markup tags and quotation marks.
func capitalise(b []byte) {
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '[':
			for i < len(b) && b[i] != ']' {
				i++
			}
		case c == '"' || c == '\'':
		case c >= 'a' && c <= 'z':
			b[i] = c - 'a' + 'A'
			return
		default:
			return
		}
	}
}

func upperFirst(s string) string {
	b := []byte(s)
	capitalise(b)
	return string(b)
}

func pick(r *rng, es []*ent) *ent { return es[r.intn(len(es))] }

// pickOther picks an element of es other than not, when there is one.
func pickOther(r *rng, es []*ent, not *ent) *ent {
	if len(es) == 1 {
		return es[0]
	}
	for {
		if e := es[r.intn(len(es))]; e != not {
			return e
		}
	}
}

// rng is a small, fast generator (SplitMix64) whose output is fixed for a
// seed across Go releases, so demo content never changes under a test.
type rng struct{ s uint64 }

func newRNG(seed int64) rng { return rng{s: uint64(seed) ^ 0x6a09e667f3bcc909} }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// intn returns a number in [0, n).
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

func (r *rng) chance(p float64) bool { return r.float() < p }

// weighted returns an index of weights, each as likely as its weight;
// total is their sum.
func (r *rng) weighted(weights []int, total int) int {
	x := r.intn(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}
