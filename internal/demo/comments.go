package demo

import (
	"encoding/base64"
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/nick"
)

// Comment is a generated comment and the post it is on. Load sets PostID
// from Post and, for a comment by a member of staff, UserID from User.
type Comment struct {
	burg.Comment
	Post *burg.Post
}

// about is what the comments of a post can talk about: the things the
// post names and the words it picked, so that a comment's {P} is the
// post's.
type about struct {
	b     binding
	picks []pickedWord
}

// The readership of the demo.
const (
	// regularCount readers come back to many articles; regularNicks
	// gives most of them a nick of their own choosing.
	regularCount = 48
	// readerCount readers come back now and then under the nick
	// Pic-a-Nic gave them.
	readerCount = 2200
)

// Who writes a comment that is neither a reply in the thread nor by
// someone already in it, in percent; the rest are one-off commenters.
const (
	regularPercent = 30
	readerPercent  = 62
)

// commenter is one reader who comments, or a member of staff.
type commenter struct {
	nick, visitor, ip string
	email, website    string
	user              *burg.User // moderators
	signOff           string     // some regulars sign their comments
	voice             int        // the kind of comment they favour, -1 for none
	owl               bool       // replies at night as readily as by day
	thread            int        // the last thread they joined, to keep a thread's cast without a search
}

// people is the readership, made once per site.
type people struct {
	regulars, readers       []*commenter
	regularsCum, readersCum []int // cumulative weights, for picking
	mods                    []*commenter
	nicks                   *nick.Generator
	reserved                *nick.Reserved
	taken                   map[string]bool // nicks in use
}

// Kinds of comment.
const (
	kindShort = iota
	kindWry
	kindAngry
	kindKnowing
	kindQuestion
	kindOffTopic
	kindReply
	kindLong
	kindCount
)

// kindWeights are how common each kind is, before a commenter's voice
// and the hour weigh in.
var kindWeights = [kindCount]int{13, 20, 9, 13, 6, 4, 31, 3}

// Sentence pools of comments, for not repeating a line within one; they
// follow those of posts.
const (
	poolKnowing = poolSubhead + 1 + iota
	poolAngry
	poolLong
	poolList
)

// commentHours is how readily a comment falls in each hour of the day,
// out of 10: readers comment at night too, but fewer of them.
var commentHours = [24]int{4, 3, 2, 2, 2, 3, 5, 7, 9, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 9, 8, 6}

// thread is the state of the comments of one post while they are made.
type thread struct {
	id      int
	post    *burg.Post
	cast    []*commenter // who has commented, in order of arrival
	entries []entry      // one per comment so far
	size    int          // comments the thread will have
	removed int          // removals no moderator has spoken of yet
	reason  string       // the reason of the last of them
	at      time.Time    // when it was removed
}

// entry is what later comments of a thread can refer to.
type entry struct {
	nick  string
	quote string // a sentence of it, without markup; "" when not to be quoted
}

// comments makes the comments of every post, up to now: most threads
// short, a few long, and two of today's edition (its first post is
// posts[today]) very long. Then it sorts them by time, as they were made.
func (g *gen) comments(now time.Time, loc *time.Location, today int) {
	pp := g.newPeople()
	posts := g.site.Posts
	huge, long := -1, -1
	if today < len(posts) {
		huge, long = g.longThreads(posts, today)
	}
	g.site.Comments = make([]*Comment, 0, 20*len(posts))
	for i, p := range posts {
		n, floor := g.threadSize(p), 0
		switch i {
		case huge:
			floor = 1060 + g.r.intn(400) // over 1,000 left after removals
		case long:
			floor = 320 + g.r.intn(200)
		}
		g.b, g.picks, g.cpost = g.abouts[i].b, g.abouts[i].picks, p
		g.thread(pp, &thread{id: i + 1, post: p}, max(n, floor), floor > 0, now, loc)
	}
	slices.SortStableFunc(g.site.Comments, func(a, b *Comment) int { return a.CreatedAt.Compare(b.CreatedAt) })
}

// longThreads picks the two posts of today's edition that get the longest
// threads: early ones, with time to collect comments, whose comments stay
// open. On a day of only one post, long is -1.
func (g *gen) longThreads(posts []*burg.Post, today int) (huge, long int) {
	var open []int
	for i := today; i < len(posts); i++ {
		if posts[i].CommentsCloseAt == nil {
			open = append(open, i)
		}
	}
	if len(open) < 2 {
		open = open[:0]
		for i := today; i < len(posts); i++ {
			open = append(open, i)
		}
	}
	early := max(len(open)/2, 1)
	huge = open[g.r.intn(early)]
	long = -1
	if len(open) > 1 {
		for long == -1 || long == huge {
			long = open[g.r.intn(min(early+1, len(open)))]
		}
	}
	return huge, long
}

// threadSize is how many comments a post collects in the end: none or a
// few for most, dozens for some, hundreds for a few.
func (g *gen) threadSize(p *burg.Post) int {
	u := g.r.float()
	var n float64
	switch x := g.r.float(); {
	case x < 0.4:
		return 0
	case x < 0.84:
		n = 1 + 6*u*u
	case x < 0.96:
		n = 7 + 12*u
	case x < 0.993:
		n = 19 + 32*u*u
	default:
		n = 50 + 100*u
	}
	if p.Section != nil && p.Section.Page != nil && p.Section.Page.Name == "Opinion" {
		n *= 1.4 // opinion pieces draw argument
	}
	return int(n)
}

// thread makes the comments of one post, n of them unless the post is too
// young or closed for some: those that would come later are not there.
// A forced thread keeps all n, squeezed into the time there is.
func (g *gen) thread(pp *people, th *thread, n int, forced bool, now time.Time, loc *time.Location) {
	p := th.post
	limit := now
	if p.CommentsCloseAt != nil && p.CommentsCloseAt.Add(-time.Second).Before(limit) {
		limit = p.CommentsCloseAt.Add(-time.Second)
	}
	span := max(limit.Sub(p.PostedAt), 0)
	g.times = g.times[:0]
	// A long thread keeps going for longer.
	stretch := 1 + float64(n)/300
	for range n {
		d := g.delay(p.PostedAt, loc, stretch)
		if d > span {
			if !forced {
				continue
			}
			// Front-loaded, as the first hours of a thread are, and
			// after the first minute when there is one.
			u := g.r.float()
			lead := min(span, time.Minute)
			d = lead + time.Duration(u*u*float64(span-lead))
		}
		g.times = append(g.times, d.Truncate(time.Second))
	}
	slices.Sort(g.times)
	th.size = len(g.times)
	slab := make([]Comment, len(g.times))
	for i, d := range g.times {
		c := &slab[i]
		g.comment(pp, th, c, p.PostedAt.Add(d), limit, loc)
		g.site.Comments = append(g.site.Comments, c)
	}
}

// delay is how long after its post a comment comes: most in the first
// hour or two (stretch times that), many over the day, a few days later;
// none before a reader has had a minute to read and type. Hours of the
// night are drawn less often.
func (g *gen) delay(posted time.Time, loc *time.Location, stretch float64) time.Duration {
	for try := 0; ; try++ {
		mean := 50 * stretch // minutes
		switch x := g.r.float(); {
		case x >= 0.93:
			mean = 36 * 60
		case x >= 0.55:
			mean = 6 * 60
		}
		d := time.Minute + time.Duration(-math.Log(1-g.r.float())*mean*float64(time.Minute))
		if try == 3 || g.r.intn(10) < commentHours[posted.Add(d).In(loc).Hour()] {
			return d
		}
	}
}

// comment makes c the next comment of th, at at; nothing of it is later
// than limit.
func (g *gen) comment(pp *people, th *thread, c *Comment, at, limit time.Time, loc *time.Location) {
	k := len(th.entries)
	c.Post = th.post
	c.CreatedAt, c.UpdatedAt = at.UTC(), at.UTC()
	night := at.In(loc).Hour() < 6

	var who *commenter
	var quote string
	// A moderator says what was removed once it has been.
	note := th.removed > 0 && !at.Before(th.at) && g.r.chance(0.3)
	switch {
	case len(pp.mods) > 0 && (note || th.size >= 60 && g.r.chance(0.003) || g.r.chance(0.0008)):
		who = pp.mods[g.r.intn(len(pp.mods))]
		g.start()
		switch {
		case note && th.removed == 1:
			lines := modRemovalLines[th.reason]
			g.line(lines[g.r.intn(len(lines))])
			th.removed = 0
		case note:
			g.line(modRemovalsLines[g.r.intn(len(modRemovalsLines))])
			th.removed = 0
		default:
			g.line(modLines[g.r.intn(len(modLines))])
		}
	case g.r.chance(removalChance(th.size)):
		who = g.removed(pp, th, c, limit)
	default:
		who = g.author(pp, th)
		quote = g.commentText(th, who, k, night && !who.owl)
	}
	c.Body = string(g.out)
	c.Nick, c.VisitorID, c.IP, c.Email, c.Website = who.nick, who.visitor, who.ip, who.email, who.website
	c.User = who.user
	if c.DeletedAt == nil && g.r.chance(0.03) {
		// Edited within the quarter of an hour the writer has.
		edited := at.Add(time.Duration(30+g.r.intn(840)) * time.Second)
		if edited.Before(limit) {
			c.UpdatedAt = edited.UTC()
		}
	}
	th.entries = append(th.entries, entry{nick: who.nick, quote: quote})
}

// removalChance is how likely a comment is to be removed: long threads
// heat up.
func removalChance(size int) float64 {
	switch {
	case size >= 200:
		return 0.02
	case size >= 40:
		return 0.015
	default:
		return 0.008
	}
}

// removed writes a comment that is then removed, and returns its writer:
// spam from a one-off, a personal attack, a stray test, or a comment its
// writer took back.
func (g *gen) removed(pp *people, th *thread, c *Comment, limit time.Time) *commenter {
	g.start()
	var who *commenter
	after := time.Duration(120+g.r.intn(3600)) * time.Second
	switch x := g.r.intn(100); {
	case x < 40:
		spam := spammers[g.r.intn(len(spammers))]
		who = g.newCommenter(pp, spam.nick)
		g.line(spam.pitch)
		g.write(" https://")
		g.write(spam.shop)
		g.write("/?ref=")
		g.out = strconv.AppendInt(g.out, int64(1000+g.r.intn(9000)), 10)
		c.DeleteReason = reasonSpam
	case x < 75:
		who = g.author(pp, th)
		if k := len(th.entries); k > 0 && g.r.chance(0.6) {
			g.write("#")
			g.out = strconv.AppendInt(g.out, int64(k-g.r.intn(min(k, 3))), 10)
			g.write(" ")
		}
		g.line(attackLines[g.r.intn(len(attackLines))])
		c.DeleteReason = reasonAttack
	case x < 85:
		who = g.author(pp, th)
		g.line(offTopicFlood[g.r.intn(len(offTopicFlood))])
		c.DeleteReason = reasonTopic
	default:
		who = g.author(pp, th)
		g.line(writerRemoved[g.r.intn(len(writerRemoved))])
		c.DeleteReason = reasonWriter
		after = time.Duration(40+g.r.intn(800)) * time.Second
	}
	at := c.CreatedAt.Add(after)
	if at.After(limit) {
		at = limit
	}
	if at.Before(c.CreatedAt) {
		at = c.CreatedAt
	}
	at = at.UTC()
	c.DeletedAt = &at
	if c.DeleteReason != reasonWriter {
		th.removed++
		th.reason, th.at = c.DeleteReason, at
	}
	return who
}

// author picks who writes the next comment of th: often someone already
// in a long thread, else a regular, a returning reader or a newcomer.
func (g *gen) author(pp *people, th *thread) *commenter {
	again := 0.1
	switch {
	case th.size >= 300:
		again = 0.55
	case th.size >= 60:
		again = 0.4
	case th.size >= 15:
		again = 0.25
	}
	if len(th.cast) > 1 && g.r.chance(again) {
		// Those who came first talk most.
		return th.cast[int(math.Pow(g.r.float(), 1.5)*float64(len(th.cast)))]
	}
	var c *commenter
	switch x := g.r.intn(100); {
	case x < regularPercent:
		c = pp.regulars[pickCum(&g.r, pp.regularsCum)]
	case x < regularPercent+readerPercent:
		c = pp.readers[pickCum(&g.r, pp.readersCum)]
	default:
		c = g.newCommenter(pp, "")
	}
	if c.thread != th.id {
		c.thread = th.id
		th.cast = append(th.cast, c)
	}
	return c
}

// pickCum picks an index by the cumulative weights cum.
func pickCum(r *rng, cum []int) int {
	x := r.intn(cum[len(cum)-1])
	i, _ := slices.BinarySearch(cum, x+1)
	return i
}

// unused returns a line of lines that the comment has not used yet, or
// any once it has used them all.
func (g *gen) unused(pool int, lines []string) string {
	if i := g.pickUnused(pool, len(lines)); i >= 0 {
		return lines[i]
	}
	return lines[g.r.intn(len(lines))]
}

// start begins a comment's text.
func (g *gen) start() {
	g.out = g.out[:0]
	g.seen = g.seen[:0]
}

// commentText writes the text of the k-th comment of th by who and
// returns a sentence of it that a later comment may quote.
func (g *gen) commentText(th *thread, who *commenter, k int, night bool) string {
	g.start()
	w := kindWeights
	if who.voice >= 0 {
		w[who.voice] += 25
	}
	if k == 0 {
		w[kindReply] = 0
	} else if night {
		w[kindReply] /= 3
	}
	total := 0
	for _, x := range w {
		total += x
	}
	var quote string
	// quoted writes a line and keeps it as the comment's quotable sentence.
	quoted := func(tmpl string) {
		start := len(g.out)
		g.line(tmpl)
		if quote == "" {
			quote = string(g.out[start:])
		}
	}
	emphasis := func() (open, close string) {
		switch x := g.r.intn(100); {
		case x < 5:
			return "[i]", "[/i]"
		case x < 8:
			return "[b]", "[/b]"
		}
		return "", ""
	}
	switch g.r.weighted(w[:], total) {
	case kindShort:
		quoted(shortLines[g.r.intn(len(shortLines))])
	case kindWry:
		if g.r.chance(0.015) {
			g.write("[s]")
			g.line(angryLines[g.r.intn(len(angryLines))])
			g.write("[/s] ")
		}
		open, close := emphasis()
		g.write(open)
		quoted(wryLines[g.r.intn(len(wryLines))])
		g.write(close)
		if g.r.chance(0.2) {
			g.write(" ")
			g.line(shortLines[g.r.intn(len(shortLines))])
		}
	case kindAngry:
		open, close := emphasis()
		g.write(open)
		quoted(g.unused(poolAngry, angryLines))
		g.write(close)
		if g.r.chance(0.4) {
			g.write(" ")
			g.line(g.unused(poolAngry, angryLines))
		}
	case kindKnowing:
		g.knowing(quoted, 2+g.r.intn(3))
	case kindQuestion:
		if g.r.chance(0.3) {
			quoted(g.unused(poolKnowing, knowingLines))
			g.write(" ")
		}
		quoted(questionLines[g.r.intn(len(questionLines))])
	case kindOffTopic:
		quoted(offTopicLines[g.r.intn(len(offTopicLines))])
	case kindReply:
		g.reply(th, k, quoted)
	case kindLong:
		g.long(quoted)
	}
	if who.signOff != "" && g.r.chance(0.5) {
		g.write("\n\n[small]— ")
		g.write(who.signOff)
		g.write("[/small]")
	}
	return quote
}

// knowing writes n sentences of background, in one or two paragraphs,
// now and then with a link.
func (g *gen) knowing(quoted func(string), n int) {
	for i := range n {
		switch {
		case i == 0:
		case i == 2 && g.r.chance(0.5):
			g.write("\n\n")
		default:
			g.write(" ")
		}
		quoted(g.unused(poolKnowing, knowingLines))
	}
	if g.r.chance(0.25) {
		g.write("\n\n")
		g.commentLink()
	}
}

// commentLink writes a link to the post's source or its region's press,
// in one of the ways readers give links.
func (g *gen) commentLink() {
	switch x := g.r.intn(100); {
	case x < 45:
		g.line(linkIntrosComment[g.r.intn(len(linkIntrosComment))])
		g.write(" ")
		g.link()
	case x < 80:
		g.write("See [url=")
		g.link()
		g.write("]")
		g.expand(linkLabels[g.r.intn(len(linkLabels))], 0)
		g.write("[/url].")
	case x < 92:
		g.line(linkIntrosComment[g.r.intn(len(linkIntrosComment))])
		g.write(" [squish]")
		g.link()
		g.write("/")
		g.write(g.cpost.Slug)
		g.write("[/squish]")
	default:
		g.write("[url]")
		g.link()
		g.write("[/url]")
	}
}

// reply answers an earlier comment of th: quoting it, or naming it by its
// number as "#12".
func (g *gen) reply(th *thread, k int, quoted func(string)) {
	// Mostly the last few comments.
	j := k - 1 - int(float64(k)*math.Pow(g.r.float(), 4))
	for tries := 0; th.entries[j].quote == "" && tries < 3; tries++ {
		j = g.r.intn(k)
	}
	e := th.entries[j]
	switch x := g.r.intn(100); {
	case x < 45 && e.quote != "":
		g.write("[quote]")
		g.write(e.quote)
		g.write("[/quote]\n\n")
	case x < 80:
		g.write("#")
		g.out = strconv.AppendInt(g.out, int64(j+1), 10)
		g.write(" ")
	default:
		g.write("#")
		g.out = strconv.AppendInt(g.out, int64(j+1), 10)
		g.write(" ")
		g.write(e.nick)
		g.write(": ")
	}
	quoted(replyLines[g.r.intn(len(replyLines))])
	switch x := g.r.intn(100); {
	case x < 20:
		g.write(" ")
		g.line(wryLines[g.r.intn(len(wryLines))])
	case x < 35:
		g.write(" ")
		g.line(g.unused(poolKnowing, knowingLines))
	}
}

// long writes a comment of several paragraphs, perhaps with a list.
func (g *gen) long(quoted func(string)) {
	quoted(longOpeners[g.r.intn(len(longOpeners))])
	paras := 2 + g.r.intn(3)
	list := g.r.chance(0.35)
	for i := range paras {
		g.write("\n\n")
		if list && i == 1 {
			g.write("Consider what we have so far:\n[list]")
			for range 3 + g.r.intn(2) {
				g.write("\n[*] ")
				g.expand(g.unused(poolList, listItems), 0)
			}
			g.write("\n[/list]")
			continue
		}
		for s := range 2 + g.r.intn(2) {
			if s > 0 {
				g.write(" ")
			}
			switch x := g.r.intn(10); {
			case x < 5:
				g.line(g.unused(poolKnowing, knowingLines))
			case x < 7:
				g.line(g.unused(poolAngry, angryLines))
			case x < 8:
				g.write("[b]")
				g.line(g.unused(poolLong, longLines))
				g.write("[/b]")
			default:
				g.line(g.unused(poolLong, longLines))
			}
		}
	}
	if g.r.chance(0.3) {
		g.write("\n\n")
		g.commentLink()
	}
	g.write("\n\n")
	g.line(longClosers[g.r.intn(len(longClosers))])
}

// newPeople makes the readership: moderators, regulars and returning
// readers, each with a visitor id and an address of their own.
func (g *gen) newPeople() *people {
	pp := &people{nicks: nick.NewGenerator(g.r.next()), taken: make(map[string]bool)}
	names := make([]string, len(g.site.Users))
	for i, u := range g.site.Users {
		names[i] = u.Nick
		pp.taken[u.Nick] = true
	}
	pp.reserved = nick.NewReserved(names...)
	for _, u := range g.moderators {
		c := g.newCommenter(pp, u.Nick)
		c.user = u
		pp.mods = append(pp.mods, c)
	}
	chosen := 0
	total := 0
	for i := range regularCount {
		name := ""
		if i%4 != 1 && chosen < len(regularNicks) {
			name = regularNicks[chosen]
			chosen++
		}
		c := g.newCommenter(pp, name)
		c.voice = []int{kindWry, kindAngry, kindKnowing, kindReply, kindLong, kindQuestion}[g.r.intn(6)]
		c.owl = g.r.chance(0.2)
		if i%3 == 0 {
			c.website = regularSites[(i/3)%len(regularSites)]
		}
		if i%7 == 2 {
			c.email = burg.Slugify(c.nick, 30) + "@post.example"
		}
		if i%6 == 4 {
			c.signOff = signOffs[(i/6)%len(signOffs)]
		}
		// A few regulars write much of what regulars write.
		total += 6000 / (i + 8)
		pp.regulars = append(pp.regulars, c)
		pp.regularsCum = append(pp.regularsCum, total)
	}
	total = 0
	for range readerCount {
		c := g.newCommenter(pp, "")
		c.owl = g.r.chance(0.1)
		u := g.r.float()
		total += 1 + int(40*u*u*u)
		pp.readers = append(pp.readers, c)
		pp.readersCum = append(pp.readersCum, total)
	}
	return pp
}

// newCommenter makes a commenter with a new visitor id and address, under
// name, or under a nick from Pic-a-Nic as most readers keep it (some drop
// the number, or keep only the first name).
func (g *gen) newCommenter(pp *people, name string) *commenter {
	c := &commenter{nick: name, voice: -1}
	for c.nick == "" {
		n := pp.nicks.Nick()
		switch x := g.r.intn(100); {
		case x < 12:
			n = n[:len(n)-4] // "Glolurong Jones"
		case x < 20:
			n, _, _ = strings.Cut(n, " ") // "Glolurong"
		}
		if _, owned := pp.reserved.Owner(n); !owned && !pp.taken[n] {
			c.nick = n
		}
	}
	pp.taken[c.nick] = true
	var id [16]byte
	for i := range 2 {
		v := g.r.next()
		for j := range 8 {
			id[i*8+j] = byte(v >> (8 * j))
		}
	}
	c.visitor = base64.RawURLEncoding.EncodeToString(id[:])
	c.ip = g.address()
	return c
}

// address is an address from the ranges kept for documentation: one of
// the three IPv4 /24s, or 2001:db8::/32.
func (g *gen) address() string {
	if g.r.chance(0.4) {
		b := [16]byte{0x20, 0x01, 0x0d, 0xb8}
		v := g.r.next()
		for j := range 4 {
			b[4+j] = byte(v >> (8 * j))
		}
		if g.r.chance(0.3) {
			// An interface id of its own, as privacy addresses have.
			w := g.r.next()
			for j := range 8 {
				b[8+j] = byte(w >> (8 * j))
			}
		} else {
			// A short one, as a router hands them out.
			b[14], b[15] = byte(v>>40), byte(v>>48)
		}
		return netip.AddrFrom16(b).String()
	}
	nets := [3][3]byte{{192, 0, 2}, {198, 51, 100}, {203, 0, 113}}
	n := nets[g.r.intn(3)]
	return netip.AddrFrom4([4]byte{n[0], n[1], n[2], byte(1 + g.r.intn(254))}).String()
}
