package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"hash/maphash"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

// The article page for readers: rendered once for everyone into the
// shared page cache, with slots for the few bytes that are one visitor's
// own, filled per request as stored deflate blocks between the shared
// segments, so that a view costs neither a render nor a compression nor a
// read from the store.

// Slots of the article page that each request fills.
var visitorSlots = map[string]bool{"visitor": true, "new": true, "suggest": true, "token": true}

// serveArticle serves the shared article page with the visitor's bytes.
func (s *Server) serveArticle(w http.ResponseWriter, r *http.Request, art *articleData, v *visitorView) {
	now := s.now()
	key := s.scope(r) + "article:" + strconv.FormatInt(art.post.ID, 10) + themeKey(r)
	build := func(r *http.Request) (built, error) {
		ctx, cancel := ctxTimeout(r)
		defer cancel()
		a, err := s.article(ctx, art.post.ID)
		if err != nil {
			return built{}, err
		}
		p, err := s.articlePage(ctx, r, a, &visitorView{SiteName: s.cfg.SiteName}, &commentForm{})
		if err != nil {
			return built{}, err
		}
		return built{name: "post", page: p, deps: threadDeps(a.post.ID), parts: p.threadParts, thread: lastNum(a.comments)}, nil
	}
	p, needsBuild := s.caches.pages.get(key, now)
	if p == nil {
		var err error
		p, err = s.caches.pages.do(key, func() (*cachedPage, error) { return s.renderShared(withSlots(r), key, build) })
		if err != nil {
			s.error(w, r, err)
			return
		}
	} else if needsBuild {
		bg := r.Clone(context.WithoutCancel(r.Context()))
		go func() {
			ctx, cancel := context.WithTimeout(bg.Context(), 30*time.Second)
			defer cancel()
			if _, err := s.renderShared(withSlots(bg.WithContext(ctx)), key, build); err != nil {
				p.rebuilt()
				s.logger.Error("render page", "path", key, "err", err)
			}
		}()
	}
	if p.thread < lastNum(art.comments) {
		// A rendering from before the latest comments (served while the
		// next is made): the reader is told only of the new comments it
		// shows.
		shown := art.comments
		for len(shown) > 0 && shown[len(shown)-1].Num > p.thread {
			shown = shown[:len(shown)-1]
		}
		seen := *v
		seen.NewCount, seen.FirstNew = 0, 0
		seen.markNew(shown)
		v = &seen
	}
	a := s.caches.pages.assembled(p, func(slot string) (segment, uint64, time.Time, bool) {
		if visitorSlots[slot] {
			return segment{}, 0, time.Time{}, false
		}
		return s.fragment(r.Context(), slot)
	}, now)
	dyn := make([]segment, len(a.slots))
	tag := sha256.New()
	tag.Write([]byte(a.etag))
	for i, slot := range a.slots {
		b := s.visitorSlot(slot, v)
		dyn[i] = storedSegment(b)
		tag.Write([]byte{0})
		tag.Write(b)
	}
	etag := `"` + hex.EncodeToString(tag.Sum(nil)[:12]) + `"`
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("ETag", etag)
	h.Set("Cache-Control", "private, no-cache")
	if etagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	gz := acceptsGzip(r.Header.Get("Accept-Encoding"))
	if gz {
		h.Set("Content-Encoding", "gzip")
	}
	w.WriteHeader(p.status)
	if r.Method == http.MethodHead {
		return
	}
	if len(a.slots) == 0 {
		if gz {
			w.Write(a.gz)
		} else {
			w.Write(a.plain)
		}
		return
	}
	if !gz {
		for i, ch := range a.chunks {
			w.Write(ch.plain)
			if i < len(dyn) {
				w.Write(dyn[i].plain)
			}
		}
		return
	}
	w.Write(gzipHeader)
	crc, n := uint32(0), 0
	add := func(seg *segment) {
		w.Write(seg.deflate)
		crc = seg.crcAfter(crc)
		n += len(seg.plain)
	}
	for i := range a.chunks {
		add(&a.chunks[i])
		if i < len(dyn) {
			add(&dyn[i])
		}
	}
	w.Write(gzipTrailer(crc, n))
}

// lastNum is the number of the last of comments, 0 for none.
func lastNum(comments []*burg.Comment) int {
	if n := len(comments); n > 0 {
		return comments[n-1].Num
	}
	return 0
}

// visitorSlot renders one visitor's bytes of a slot.
func (s *Server) visitorSlot(slot string, v *visitorView) []byte {
	switch slot {
	case "visitor":
		return []byte(visitorLine(v))
	case "new":
		return []byte(newSince(v))
	case "suggest":
		return []byte(suggestNick(s.app.SuggestNick()))
	case "token":
		return []byte(formToken(s.app.FormToken()))
	}
	return nil
}

// The visitor's own bytes are written by hand, every value escaped, as
// they are made for every page view and a template costs tens of
// microseconds each.

// visitorLine is the element that gives the page's scripts the visitor's
// original nick and previous visit, and the "You have commented" line.
func visitorLine(v *visitorView) template.HTML {
	var b strings.Builder
	b.WriteString(`<span id="burg-me" hidden data-nick="`)
	b.WriteString(template.HTMLEscapeString(v.OriginalNick))
	b.WriteString(`"`)
	if v.PrevVisit != nil {
		b.WriteString(` data-prev="`)
		b.WriteString(strconv.FormatInt(v.PrevVisit.Unix(), 10))
		b.WriteString(`"`)
	}
	b.WriteString(`></span>`)
	if v.Comments > 0 {
		b.WriteString(`<p class="burg-visitor-count">You have commented `)
		b.WriteString(strconv.Itoa(v.Comments))
		b.WriteString(plural(v.Comments, " time", " times"))
		b.WriteString(` on `)
		b.WriteString(template.HTMLEscapeString(v.SiteName))
		b.WriteString(`.</p>`)
	}
	return template.HTML(b.String())
}

// newSince says how many comments are new since the visitor's last visit,
// with a link to the first.
func newSince(v *visitorView) template.HTML {
	if v.NewCount == 0 {
		return ""
	}
	return template.HTML(`<p class="burg-new-since"><a href="#c` + strconv.FormatInt(v.FirstNew, 10) + `">` +
		strconv.Itoa(v.NewCount) + plural(v.NewCount, " new comment", " new comments") + `</a> since your last visit.</p>`)
}

// suggestNick offers a Pic-a-Nic to a reader without scripts.
func suggestNick(nick string) template.HTML {
	if nick == "" {
		return ""
	}
	return template.HTML(`<span class="burg-suggest">Need a name? Try <q>` + template.HTMLEscapeString(nick) + `</q>.</span>`)
}

// formToken is the comment form's signed fill-time field.
func formToken(token string) template.HTML {
	return template.HTML(`<input type="hidden" name="ts" value="` + template.HTMLEscapeString(token) + `">`)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// commentFragments returns the HTML of each comment, rendered once per
// version of the comment rather than once per page.
func (s *Server) commentFragments(comments []*burg.Comment) []template.HTML {
	views := s.viewComments(comments, viewer{}) // as any reader sees them: no held ones
	byID := make(map[int64]*burg.Comment, len(comments))
	for _, c := range comments {
		byID[c.ID] = c
	}
	out := make([]template.HTML, len(views))
	t := s.tmpl["post"]
	for i, cv := range views {
		c := byID[cv.ID]
		out[i] = s.caches.fragments.get(c.ID, commentStamp(c), 0, func() template.HTML {
			var b strings.Builder
			if err := t.ExecuteTemplate(&b, "comment", cv); err != nil {
				s.logger.Error("render comment", "comment", c.ID, "err", err)
				return ""
			}
			return template.HTML(b.String())
		})
	}
	return out
}

// threadRun is how many comments one segment of a thread holds. Each run
// starts deflate afresh, without the comments before it to refer to,
// which costs about 1.2 KB of gzip per run on the demo's threads (runs of
// 32 made the 431-comment page 36% larger, one run for the whole thread
// none); and a new comment deflates its run again, not the thread.
const threadRun = 256

// threadSegments returns the thread of the shared article page as runs
// of threadRun comments, each a segment deflated once per version of
// its comments rather than once per render of the page, and the names of
// their slots in order. A run is found by what it holds (its comments'
// HTML), so that it needs no invalidation: a changed comment makes
// another run.
func (s *Server) threadSegments(comments []*burg.Comment) ([]string, map[string]segment) {
	frags := s.commentFragments(comments)
	n := (len(frags) + threadRun - 1) / threadRun
	slots := make([]string, 0, n)
	parts := make(map[string]segment, n)
	for i := 0; i < len(frags); i += threadRun {
		run := frags[i:min(i+threadRun, len(frags))]
		var h maphash.Hash
		h.SetSeed(s.caches.threadSeed)
		size := 0
		for _, f := range run {
			h.WriteString(string(f))
			h.WriteByte(0)
			size += len(f)
		}
		key, stamp := int64(h.Sum64()), strconv.Itoa(len(run))+"/"+strconv.Itoa(size)
		seg, ok := s.caches.threads.get(key, stamp)
		if !ok {
			plain := make([]byte, 0, size)
			for _, f := range run {
				plain = append(plain, f...)
			}
			seg = newSegment(plain)
			s.caches.threads.put(key, stamp, seg)
		}
		slot := "thread:" + strconv.Itoa(len(slots))
		slots = append(slots, slot)
		parts[slot] = seg
	}
	return slots, parts
}

// commentStamp names a version of what a comment shows.
func commentStamp(c *burg.Comment) string {
	var b strings.Builder
	b.WriteString(strconv.FormatInt(c.UpdatedAt.UnixNano(), 10))
	b.WriteByte('|')
	b.WriteString(c.State)
	b.WriteByte('|')
	if c.DeletedAt != nil {
		b.WriteString("removed|")
		b.WriteString(c.DeleteReason)
	}
	b.WriteByte('|')
	b.WriteString(c.Nick)
	b.WriteByte('|')
	b.WriteString(c.Website)
	if u := c.User; u != nil {
		b.WriteString("|" + strconv.FormatInt(u.ID, 10) + u.Colour)
	}
	b.WriteByte('|')
	b.WriteString(c.Body)
	return b.String()
}
