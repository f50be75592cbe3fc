package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

// diffContext is how many unchanged lines a diff shows around a change.
const diffContext = 2

// maxDiffCells bounds the work of one line diff: beyond it, the texts are
// shown as wholly replaced.
const maxDiffCells = 4_000_000

// Kinds of diff lines.
const (
	diffSame = "same"
	diffDel  = "del"
	diffAdd  = "add"
	diffGap  = "gap" // unchanged lines left out
)

// diffLine is one line of a diff.
type diffLine struct {
	Kind string
	Text string
}

// lineDiff compares two texts line by line through their longest common
// subsequence of lines.
func lineDiff(before, after string) []diffLine {
	a, b := splitLines(before), splitLines(after)
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	out := make([]diffLine, 0, len(a)+len(b))
	for _, l := range a[:pre] {
		out = append(out, diffLine{diffSame, l})
	}
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if (len(am)+1)*(len(bm)+1) > maxDiffCells {
		for _, l := range am {
			out = append(out, diffLine{diffDel, l})
		}
		for _, l := range bm {
			out = append(out, diffLine{diffAdd, l})
		}
	} else {
		out = append(out, lcsDiff(am, bm)...)
	}
	for _, l := range a[len(a)-suf:] {
		out = append(out, diffLine{diffSame, l})
	}
	return out
}

// lcsDiff diffs a and b by dynamic programming: lcs[i][j] is the length
// of the longest common subsequence of a[i:] and b[j:].
func lcsDiff(a, b []string) []diffLine {
	w := len(b) + 1
	lcs := make([]int32, (len(a)+1)*w)
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	var out []diffLine
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, diffLine{diffSame, a[i]})
			i, j = i+1, j+1
		case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
			out = append(out, diffLine{diffDel, a[i]})
			i++
		default:
			out = append(out, diffLine{diffAdd, b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		out = append(out, diffLine{diffDel, a[i]})
	}
	for ; j < len(b); j++ {
		out = append(out, diffLine{diffAdd, b[j]})
	}
	return out
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// hunks keeps the changed lines of a diff and diffContext unchanged lines
// around each, folding the rest into gaps. A diff without changes gives
// nothing.
func hunks(lines []diffLine) []diffLine {
	keep := make([]bool, len(lines))
	changed := false
	for i, l := range lines {
		if l.Kind == diffSame {
			continue
		}
		changed = true
		for k := max(0, i-diffContext); k <= min(len(lines)-1, i+diffContext); k++ {
			keep[k] = true
		}
	}
	if !changed {
		return nil
	}
	var out []diffLine
	for i, l := range lines {
		switch {
		case keep[i]:
			out = append(out, l)
		case len(out) == 0 || out[len(out)-1].Kind != diffGap:
			out = append(out, diffLine{Kind: diffGap})
		}
	}
	return out
}

// fieldChange is one field a revision changed, other than the texts.
type fieldChange struct {
	Field, Before, After string
}

// revisionView is one change to a post, ready to show.
type revisionView struct {
	*burg.PostRevision
	Changes      []fieldChange
	Body         []diffLine
	OriginalBody []diffLine
}

type revisionsPage struct {
	base
	Post      *burg.Post
	PostURL   string
	Revisions []*revisionView // newest first
}

// handlePostRevisions lists the changes to a post, newest first: who,
// when, what, the fields changed and a line diff of the text.
func (s *Server) handlePostRevisions(w http.ResponseWriter, r *http.Request) {
	p := s.editablePost(w, r)
	if p == nil {
		return
	}
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	_, revs, err := s.app.PostRevisions(ctx, s.actor(r), p.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	sections, err := s.store.FindSections(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	names := map[int64]string{}
	for _, sec := range sections {
		names[sec.ID] = sec.Name
	}
	page := &revisionsPage{base: s.base(r, "Changes: "+p.Title), Post: p, PostURL: postURL(p)}
	page.NoIndex = true
	for i := len(revs) - 1; i >= 0; i-- {
		after := burg.SnapshotOf(p)
		if i+1 < len(revs) {
			after = revs[i+1].Before
		}
		page.Revisions = append(page.Revisions, s.viewRevision(revs[i], after, names))
	}
	if err := s.withChrome(ctx, &page.base); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, http.StatusOK, "revisions", page)
}

// viewRevision compares a revision's state with the one after it.
func (s *Server) viewRevision(rev *burg.PostRevision, after burg.PostSnapshot, sections map[int64]string) *revisionView {
	b := rev.Before
	v := &revisionView{PostRevision: rev}
	add := func(field, before, after string) {
		if before != after {
			v.Changes = append(v.Changes, fieldChange{field, before, after})
		}
	}
	when := func(t *time.Time, none string) string {
		if t == nil {
			return none
		}
		return t.In(s.cfg.Location).Format("2006-01-02 15:04")
	}
	section := func(id int64) string {
		if n, ok := sections[id]; ok {
			return n
		}
		return "section " + strconv.FormatInt(id, 10)
	}
	add("Title", b.Title, after.Title)
	add("Section", section(b.SectionID), section(after.SectionID))
	add("Source", b.SourceURL, after.SourceURL)
	add("Source tag", b.SourceTag, after.SourceTag)
	add("Language", b.SourceLang, after.SourceLang)
	add("Note", b.Note, after.Note)
	add("Posted", when(&b.PostedAt, ""), when(&after.PostedAt, ""))
	add("Tags", strings.Join(b.Tags, ", "), strings.Join(after.Tags, ", "))
	add("Comments close", when(b.CommentsCloseAt, "as usual"), when(after.CommentsCloseAt, "as usual"))
	add("Deleted", when(b.DeletedAt, "no"), when(after.DeletedAt, "no"))
	add("Remarks", strings.Join(b.Remarks, "\n"), strings.Join(after.Remarks, "\n"))
	v.Body = hunks(lineDiff(b.Body, after.Body))
	v.OriginalBody = hunks(lineDiff(b.OriginalBody, after.OriginalBody))
	return v
}
