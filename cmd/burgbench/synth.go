package main

import (
	"container/heap"
	"encoding/base64"
	"fmt"
	"math"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strconv"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/nick"
)

// synth generates a synthetic archive of a scale, deterministically for
// a seed and a day: the same seed on the same day gives the same archive.
// The posts come day by day, oldest first (next), each with its thread
// already drawn; comments come out in the order they were written
// (due), so that their IDs, like a real site's, follow time.
type synth struct {
	sc  scale
	r   *rand.Rand
	lx  *lexicon
	now time.Time // the end of the archive
	day int       // the next day to generate, 0 the oldest

	first time.Time // midnight (UTC) of the oldest day

	Pages    []*burg.Page
	Sections []*burg.Section
	Tags     []*burg.Tag
	Users    []*burg.User

	moderators []*burg.User
	visitors   []visitor
	outlets    []outlet
	dayPosts   []int // posts per day
	dayBudget  []int // comments per day's posts
	urlSeq     int

	pending commentHeap // drawn comments not yet due
	buf     []byte
}

// visitor is a commenter: a browser's visitor id, the nick it writes
// under and the address it writes from.
type visitor struct {
	id, nick, ip string
}

// outlet is a source that posts excerpt.
type outlet struct {
	domain, tag, lang string
}

// synthComment is a comment drawn for a post; its text is written only
// when it is due, so that the comments waiting for later days take little
// memory.
type synthComment struct {
	post    *burg.Post
	at      time.Time
	words   int
	visitor int // index into visitors, or -1 for a moderator
	mod     *burg.User
	removed bool
	seed    uint64
}

// pageNames are the tabs of the synthetic edition.
var pageNames = []string{"World", "Regions", "Politics", "Economy", "Culture", "Science"}

var languages = []string{"en", "en", "en", "ru", "ru", "de", "fr", "es", "ar", "tr", "uk", "it"}

var removalReasons = []string{"Spam.", "Personal attack.", "Off topic.", "Removed by its writer."}

// newSynth prepares the archive of sc ending at now, for seed: its pages,
// sections, tags, users, commenters and the number of posts and comments
// of each day.
func newSynth(sc scale, seed uint64, now time.Time) *synth {
	s := &synth{sc: sc, r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), lx: newLexicon(seed, 6000)}
	s.now = now.UTC().Truncate(time.Second)
	y, m, d := s.now.Date()
	s.first = time.Date(y, m, d-sc.Days+1, 0, 0, 0, 0, time.UTC)
	s.places()
	s.people(seed)
	s.spread()
	return s
}

// capital returns w with its first letter upper-case.
func capital(w string) string { return string(w[0]-'a'+'A') + w[1:] }

// places makes the pages, sections, tags and outlets.
func (s *synth) places() {
	for i, name := range pageNames {
		s.Pages = append(s.Pages, &burg.Page{Name: name, Slug: burg.Slugify(name, 100), Position: i + 1})
	}
	names := map[string]bool{}
	unique := func(words int) string {
		for {
			name := capital(s.lx.content[s.r.IntN(len(s.lx.content))])
			if words > 1 {
				name += " " + capital(s.lx.content[s.r.IntN(len(s.lx.content))])
			}
			if !names[name] {
				names[name] = true
				return name
			}
		}
	}
	pos := make([]int, len(s.Pages))
	for i := range s.sc.Sections {
		pg := i % len(s.Pages)
		pos[pg]++
		name := unique(1)
		s.Sections = append(s.Sections, &burg.Section{Name: name, Slug: burg.Slugify(name, 100), Position: pos[pg], Page: s.Pages[pg]})
	}
	for range s.sc.Tags {
		name := unique(1 + s.r.IntN(2))
		desc := string(s.lx.appendSentence(nil, s.r, 6+s.r.IntN(8)))
		s.Tags = append(s.Tags, &burg.Tag{Name: name, Slug: burg.Slugify(name, 100), Description: desc})
	}
	for range 60 {
		name := unique(1)
		s.outlets = append(s.outlets, outlet{
			domain: burg.Slugify(name, 40) + ".example",
			tag:    name,
			lang:   languages[s.r.IntN(len(languages))],
		})
	}
}

// people makes the registered users and the commenters.
func (s *synth) people(seed uint64) {
	nicks := nick.NewGenerator(seed)
	taken := map[string]bool{}
	fresh := func() string {
		for {
			n := nicks.Nick()
			if !taken[n] {
				taken[n] = true
				return n
			}
		}
	}
	colours := []string{"#b03a2e", "#1f618d", "#117a65", "#7d3c98"}
	for i := range max(s.sc.Posters, 2) {
		u := &burg.User{Nick: fresh(), Role: burg.RolePoster, CreatedAt: s.first.AddDate(0, 0, -30-i)}
		switch {
		case i == 0:
			u.Role = burg.RoleAdmin
		case i <= 3 && i < s.sc.Posters-1:
			u.Role = burg.RoleModerator
			u.Colour = colours[i%len(colours)]
			s.moderators = append(s.moderators, u)
		}
		s.Users = append(s.Users, u)
	}
	id := make([]byte, 16)
	s.visitors = make([]visitor, s.sc.Visitors)
	for i := range s.visitors {
		for j := range id {
			id[j] = byte(s.r.Uint32())
		}
		s.visitors[i] = visitor{id: base64.RawURLEncoding.EncodeToString(id), nick: fresh(), ip: visitorIP(i)}
	}
}

// visitorIP is the address of the i-th commenter, in the ranges kept for
// documentation: IPv4 while they last, then IPv6.
func visitorIP(i int) string {
	v4 := [...]netip.Addr{
		netip.AddrFrom4([4]byte{192, 0, 2, 0}),
		netip.AddrFrom4([4]byte{198, 51, 100, 0}),
		netip.AddrFrom4([4]byte{203, 0, 113, 0}),
	}
	if i < 3*254 {
		b := v4[i/254].As4()
		b[3] = byte(1 + i%254)
		return netip.AddrFrom4(b).String()
	}
	var b [16]byte
	b[0], b[1], b[2], b[3] = 0x20, 0x01, 0x0d, 0xb8
	b[8], b[9], b[10], b[11] = byte(i>>24), byte(i>>16), byte(i>>8), byte(i)
	b[15] = 1
	return netip.AddrFrom16(b).String()
}

// spread shares the posts and comments out over the days: a site that
// grew over the years, quieter at weekends, with the day-to-day wobble of
// the news. Each day's comment budget follows its posts.
func (s *synth) spread() {
	days := s.sc.Days
	w := make([]float64, days)
	for i := range w {
		growth := 0.6 + 0.6*float64(i)/float64(max(days-1, 1))
		w[i] = growth * (0.8 + 0.4*s.r.Float64())
		if wd := s.first.AddDate(0, 0, i).Weekday(); wd == time.Saturday || wd == time.Sunday {
			w[i] *= 0.7
		}
	}
	s.dayPosts = allot(s.sc.Posts, w)
	pw := make([]float64, days)
	for i, n := range s.dayPosts {
		pw[i] = float64(n)
	}
	s.dayBudget = allot(s.sc.Comments, pw)
}

// allot shares total out in proportion to weights, in whole numbers that
// add up to total.
func allot(total int, weights []float64) []int {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	out := make([]int, len(weights))
	if sum <= 0 {
		return out
	}
	cum, prev := 0.0, 0
	for i, w := range weights {
		cum += w
		next := int(math.Round(float64(total) * cum / sum))
		out[i] = next - prev
		prev = next
	}
	return out
}

// done reports whether every day's posts have been generated.
func (s *synth) done() bool { return s.day >= s.sc.Days }

// next generates the posts of the next day, oldest first, and draws their
// threads. Their comments come out of due.
func (s *synth) next() []*burg.Post {
	i := s.day
	s.day++
	start := s.first.AddDate(0, 0, i)
	end := start.AddDate(0, 0, 1)
	today := !end.Before(s.now)
	if today {
		end = s.now.Add(-time.Minute) // what has been posted by now
		if !end.After(start) {
			end = start.Add(time.Second)
		}
	}
	n := s.dayPosts[i]
	times := make([]time.Time, n)
	span := end.Sub(start)
	for j := range times {
		// Busy from breakfast to late evening, quiet at night.
		f := s.r.Float64()
		if !today && s.r.IntN(4) > 0 {
			f = 0.3 + 0.65*s.r.Float64()
		}
		times[j] = start.Add(time.Duration(f * float64(span))).Truncate(time.Second)
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	posts := make([]*burg.Post, n)
	for j, at := range times {
		posts[j] = s.post(at)
	}
	s.threads(posts, s.dayBudget[i], today)
	return posts
}

// post writes one post.
func (s *synth) post(at time.Time) *burg.Post {
	r := s.r
	p := &burg.Post{
		Title:    s.lx.title(r),
		PostedAt: at,
		Views:    int64(20 + r.IntN(3000)),
	}
	p.Section = s.Sections[r.IntN(len(s.Sections))]
	p.Poster = s.Users[r.IntN(len(s.Users))]
	p.SectionID, p.PosterID = p.Section.ID, p.Poster.ID
	if r.IntN(20) > 0 {
		o := s.outlets[r.IntN(len(s.outlets))]
		s.urlSeq++
		p.SourceURL = "https://" + o.domain + "/" + strconv.Itoa(at.Year()) + "/" + strconv.Itoa(s.urlSeq)
		p.SourceTag, p.SourceLang = o.tag, o.lang
		if o.lang != "en" {
			p.Note = "Machine translation, edited."
		}
	}
	s.buf = s.lx.appendText(s.buf[:0], r, 100+r.IntN(301))
	p.Body = string(s.buf)
	for range 1 + r.IntN(4) {
		// A few tags are on many posts, most on few.
		u := r.Float64()
		tag := s.Tags[int(u*u*float64(len(s.Tags)))]
		if !slices.Contains(p.Tags, tag) {
			p.Tags = append(p.Tags, tag)
		}
	}
	return p
}

// threads draws the comments of one day's posts within the day's budget:
// most threads short, a couple long every day, now and then one of
// hundreds to thousands, and on the last day the two long threads the
// load harness reads.
func (s *synth) threads(posts []*burg.Post, budget int, today bool) {
	if len(posts) == 0 {
		return
	}
	r := s.r
	sizes := make([]int, len(posts))
	fixed := make([]bool, len(posts))
	long := func(at int, n int) {
		if at < len(posts) && !fixed[at] {
			sizes[at], fixed[at] = n, true
			budget -= n
		}
	}
	if today {
		long(0, s.sc.Today[1])
		long(1, s.sc.Today[0])
	}
	logUniform := func(lo, hi float64) int { return int(lo * math.Pow(hi/lo, r.Float64())) }
	if n := logUniform(300, 2000); r.IntN(10) < 3 && n <= budget/2 {
		long(r.IntN(len(posts)), n)
	}
	for range 2 {
		long(r.IntN(len(posts)), min(logUniform(80, 300), budget/4))
	}
	// The rest share what is left, lognormally, a quarter of them nothing.
	w := make([]float64, len(posts))
	for j := range w {
		if !fixed[j] && r.IntN(4) > 0 {
			w[j] = math.Exp(1.3 * r.NormFloat64())
		}
	}
	for j, n := range allot(max(budget, 0), w) {
		if !fixed[j] {
			sizes[j] = n
		}
	}
	for j, p := range posts {
		s.thread(p, sizes[j])
	}
}

// thread draws n comments on p, between its posting and the earlier of
// now and a week later, most of them in its first hours.
func (s *synth) thread(p *burg.Post, n int) {
	r := s.r
	end := p.PostedAt.Add(7 * 24 * time.Hour)
	if end.After(s.now) {
		end = s.now
	}
	span := end.Sub(p.PostedAt)
	for range n {
		f := r.Float64()
		f *= f * f * f
		c := &synthComment{post: p, at: p.PostedAt.Add(time.Duration(f * float64(span))).Truncate(time.Millisecond),
			seed: r.Uint64(), removed: r.IntN(50) == 0}
		u := r.Float64()
		c.visitor = int(u * u * float64(len(s.visitors)))
		if len(s.moderators) > 0 && r.IntN(200) == 0 {
			c.mod, c.visitor = s.moderators[r.IntN(len(s.moderators))], -1
		}
		// Short more often than long: 10 to 150 words.
		v := r.Float64()
		c.words = 10 + int(140*v*v)
		heap.Push(&s.pending, c)
	}
}

// dueComment is a comment ready to store once its post is stored: its
// PostID is then post's ID.
type dueComment struct {
	c    *burg.Comment
	post *burg.Post
}

// due appends the comments written before until that have not come out
// yet, oldest first, ready to store.
func (s *synth) due(until time.Time, out []dueComment) []dueComment {
	for s.pending.Len() > 0 && s.pending[0].at.Before(until) {
		c := heap.Pop(&s.pending).(*synthComment)
		out = append(out, dueComment{s.comment(c), c.post})
	}
	return out
}

// dayEnd is where the day that next generated last ends: every comment
// before it has been drawn.
func (s *synth) dayEnd() time.Time {
	if s.done() {
		return s.now.Add(time.Second)
	}
	return s.first.AddDate(0, 0, s.day)
}

// comment writes out a drawn comment.
func (s *synth) comment(c *synthComment) *burg.Comment {
	r := rand.New(rand.NewPCG(c.seed, c.seed>>7))
	s.buf = s.lx.appendComment(s.buf[:0], r, c.words)
	out := &burg.Comment{Body: string(s.buf), CreatedAt: c.at}
	if c.mod != nil {
		out.Nick, out.UserID = c.mod.Nick, c.mod.ID
	} else {
		v := s.visitors[c.visitor]
		out.Nick, out.VisitorID, out.IP = v.nick, v.id, v.ip
	}
	if c.removed {
		at := c.at.Add(time.Duration(1+r.IntN(120)) * time.Minute)
		if at.After(s.now) {
			at = s.now
		}
		out.DeletedAt = &at
		out.DeleteReason = removalReasons[r.IntN(len(removalReasons))]
	}
	return out
}

// commentHeap orders drawn comments by time.
type commentHeap []*synthComment

func (h commentHeap) Len() int           { return len(h) }
func (h commentHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h commentHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *commentHeap) Push(x any)        { *h = append(*h, x.(*synthComment)) }
func (h *commentHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return c
}

// describe is a line saying what a scale holds.
func (sc scale) describe() string {
	return fmt.Sprintf("%d posts over %d days, about %d comments, %d tags, %d sections, %d commenters",
		sc.Posts, sc.Days, sc.Comments, sc.Tags, sc.Sections, sc.Visitors)
}
