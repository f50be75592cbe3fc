package web

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
)

// The moderators' pages of the house voice: /mod/names keeps the names
// database, /mod/swaps the word swaps. Both show how far the background
// renderer has come with the posts a change touches.

// kindChoice is a kind of entry the form offers.
type kindChoice struct {
	Value, Label string
}

var entryKinds = []kindChoice{
	{burg.TagGroup, "Group"}, {burg.TagPerson, "Person"}, {burg.TagPlace, "Place"}, {burg.TagTopic, "Topic (no box)"},
}

// changeView is a dictionary change as the progress box shows it.
type changeView struct {
	*burg.DictionaryChange
	What    string // the entries and swaps changed, by name
	Percent int    // of the pass over the posts' text, for ChangeWords
}

// progressView is the background renderer's progress.
type progressView struct {
	*burg.RenderProgress
	Open, Done []changeView
}

// progress reads the renderer's progress and names the items of each
// change by the entries and swaps given.
func (s *Server) progress(ctx context.Context, x app.Actor, names []*burg.Tag, swaps []*burg.Swap) (*progressView, error) {
	pr, err := s.app.RenderProgress(ctx, x)
	if err != nil {
		return nil, err
	}
	nameOf := make(map[burg.TermRef]string, len(names)+len(swaps))
	for _, t := range names {
		nameOf[burg.TermRef{Kind: burg.TermName, ID: t.ID}] = t.Name
	}
	for _, sw := range swaps {
		nameOf[burg.TermRef{Kind: burg.TermSwap, ID: sw.ID}] = "“" + sw.Term + "”"
	}
	v := &progressView{RenderProgress: pr}
	for _, ch := range pr.Changes {
		var what []string
		for _, k := range ch.Items {
			n, ok := nameOf[k]
			switch {
			case ok:
			case k.Kind == burg.TermSwap:
				n = "a deleted swap"
			default:
				n = "a merged entry"
			}
			what = append(what, n)
		}
		cv := changeView{DictionaryChange: ch, What: strings.Join(what, ", ")}
		if ch.Phase == burg.ChangeWords && pr.LastPostID > 0 {
			cv.Percent = int(min(100, 100*ch.Cursor/pr.LastPostID))
		}
		if ch.DoneAt == nil {
			v.Open = append(v.Open, cv)
		} else {
			v.Done = append(v.Done, cv)
		}
	}
	return v, nil
}

type namesPage struct {
	base
	// The list, filtered by Filter (a name or alias, in part).
	Entries []*burg.Tag
	Filter  string
	Total   int
	// The entry being edited, nil on the list.
	Entry    *burg.Tag
	Form     app.EntryInput
	Error    string
	Into     string // the merge form as typed
	MergeErr string
	Others   []string // the names of the live entries it may merge into
	Kinds    []kindChoice
	Progress *progressView
	Photos   bool
}

// handleNameIndex lists the names database with a form to add an entry.
func (s *Server) handleNameIndex(w http.ResponseWriter, r *http.Request) {
	s.renderNames(w, r, http.StatusOK, &namesPage{Form: app.EntryInput{Kind: burg.TagGroup, FileUnder: true}})
}

// renderNames renders the list of entries, or an entry's page when
// p.Entry is set.
func (s *Server) renderNames(w http.ResponseWriter, r *http.Request, status int, p *namesPage) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	x := s.actor(r)
	all, err := s.app.Entries(ctx, x)
	if err != nil {
		s.error(w, r, err)
		return
	}
	swaps, err := s.app.Swaps(ctx, x)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if p.Progress, err = s.progress(ctx, x, all, swaps); err != nil {
		s.error(w, r, err)
		return
	}
	title := "Names"
	if p.Entry != nil {
		title = "Names: " + p.Entry.Name
		for _, t := range all {
			if t.ID != p.Entry.ID && t.RetiredAt == nil {
				p.Others = append(p.Others, t.Name)
			}
		}
	} else {
		p.Filter = strings.TrimSpace(r.URL.Query().Get("q"))
		p.Total = len(all)
		for _, t := range all {
			if entryMatches(t, p.Filter) {
				p.Entries = append(p.Entries, t)
			}
		}
	}
	p.base = s.base(r, title)
	p.NoIndex = true
	p.Kinds = entryKinds
	p.Photos = s.app.PhotosOn()
	if err := s.withChrome(ctx, &p.base); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, status, "mod-names", p)
}

// entryMatches reports whether an entry's name, slug or an alias holds
// q, without regard to case.
func entryMatches(t *burg.Tag, q string) bool {
	if q == "" {
		return true
	}
	q = strings.ToLower(q)
	if strings.Contains(strings.ToLower(t.Name), q) || strings.Contains(t.Slug, q) {
		return true
	}
	for _, a := range t.Aliases {
		if strings.Contains(strings.ToLower(a), q) {
			return true
		}
	}
	return false
}

// readEntryForm reads the entry form and the photo sent with it, if any;
// the caller closes the photo.
func (s *Server) readEntryForm(w http.ResponseWriter, r *http.Request) (app.EntryInput, io.ReadCloser, error) {
	photo, err := readFormWithFile(w, r, "image")
	if err != nil {
		return app.EntryInput{}, nil, err
	}
	v := r.PostForm
	in := app.EntryInput{Name: v.Get("name"), Slug: v.Get("slug"), Kind: v.Get("kind"), Epithet: v.Get("epithet"),
		Description: v.Get("description"), Aliases: v.Get("aliases"), FileUnder: v.Get("file_under") != "",
		RemoveImage: v.Get("remove_image") != ""}
	return in, photo, nil
}

// handleNameCreate adds an entry and goes to its page.
func (s *Server) handleNameCreate(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	in, photo, err := s.readEntryForm(w, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if photo != nil {
		defer photo.Close()
	}
	t, err := s.app.CreateEntry(ctx, s.actor(r), &in, reader(photo))
	if err != nil {
		s.failed(w, r, err, func(status int, msg string) {
			s.renderNames(w, r, status, &namesPage{Form: in, Error: msg})
		})
		return
	}
	http.Redirect(w, r, entryPath(t.ID), http.StatusSeeOther)
}

// entryPath is the moderators' page of entry id.
func entryPath(id int64) string { return "/mod/names/" + strconv.FormatInt(id, 10) }

// reader is rc as an io.Reader, nil when rc is nil, so that no photo
// reads as none.
func reader(rc io.ReadCloser) io.Reader {
	if rc == nil {
		return nil
	}
	return rc
}

// entry reads entry {id} for a moderator; otherwise it answers and
// returns nil.
func (s *Server) entry(w http.ResponseWriter, r *http.Request) *burg.Tag {
	return byID(s, w, r, "entry", s.app.Entry)
}

// byID reads the {id} of the route, a what, through find as the actor;
// when it cannot, it answers and returns nil.
func byID[T any](s *Server, w http.ResponseWriter, r *http.Request, what string, find func(context.Context, app.Actor, int64) (*T, error)) *T {
	id, err := parseID(r.PathValue("id"), what)
	if err != nil {
		s.error(w, r, err)
		return nil
	}
	v, err := find(r.Context(), s.actor(r), id)
	if err != nil {
		s.error(w, r, err)
		return nil
	}
	return v
}

// handleNameEdit shows an entry's page: its form, merging and retiring.
func (s *Server) handleNameEdit(w http.ResponseWriter, r *http.Request) {
	t := s.entry(w, r)
	if t == nil {
		return
	}
	s.renderNames(w, r, http.StatusOK, &namesPage{Entry: t, Form: app.InputOfEntry(t)})
}

// handleNameUpdate saves an entry's form.
func (s *Server) handleNameUpdate(w http.ResponseWriter, r *http.Request) {
	old := s.entry(w, r)
	if old == nil {
		return
	}
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	in, photo, err := s.readEntryForm(w, r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if photo != nil {
		defer photo.Close()
	}
	if _, err := s.app.UpdateEntry(ctx, s.actor(r), old.ID, &in, reader(photo)); err != nil {
		s.failed(w, r, err, func(status int, msg string) {
			s.renderNames(w, r, status, &namesPage{Entry: old, Form: in, Error: msg})
		})
		return
	}
	http.Redirect(w, r, entryPath(old.ID), http.StatusSeeOther)
}

// handleNameMerge folds an entry into another and goes to that one.
func (s *Server) handleNameMerge(w http.ResponseWriter, r *http.Request) {
	old := s.entry(w, r)
	if old == nil {
		return
	}
	if err := readForm(w, r, formSmall, ""); err != nil {
		s.error(w, r, err)
		return
	}
	into := r.PostForm.Get("into")
	dst, err := s.app.MergeEntry(r.Context(), s.actor(r), old.ID, into)
	if err != nil {
		s.failed(w, r, err, func(status int, msg string) {
			s.renderNames(w, r, status, &namesPage{Entry: old, Form: app.InputOfEntry(old), Into: into, MergeErr: msg})
		})
		return
	}
	http.Redirect(w, r, entryPath(dst.ID), http.StatusSeeOther)
}

// handleNameRetire retires an entry.
func (s *Server) handleNameRetire(w http.ResponseWriter, r *http.Request) {
	s.entryAction(w, r, s.app.RetireEntry)
}

// handleNameRestore brings a retired entry back.
func (s *Server) handleNameRestore(w http.ResponseWriter, r *http.Request) {
	s.entryAction(w, r, s.app.RestoreEntry)
}

// entryAction runs a moderator's action on entry {id} and returns to its
// page.
func (s *Server) entryAction(w http.ResponseWriter, r *http.Request, act func(context.Context, app.Actor, int64) error) {
	id, err := parseID(r.PathValue("id"), "entry")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := readForm(w, r, formSmall, ""); err != nil {
		s.error(w, r, err)
		return
	}
	if err := act(r.Context(), s.actor(r), id); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, entryPath(id), http.StatusSeeOther)
}

type swapsPage struct {
	base
	Swaps []*burg.Swap
	// The swap being edited, nil on the list.
	Swap     *burg.Swap
	Form     app.SwapInput
	Error    string
	Progress *progressView
}

// handleSwapIndex lists the word swaps with a form to add one.
func (s *Server) handleSwapIndex(w http.ResponseWriter, r *http.Request) {
	s.renderSwaps(w, r, http.StatusOK, &swapsPage{})
}

func (s *Server) renderSwaps(w http.ResponseWriter, r *http.Request, status int, p *swapsPage) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	x := s.actor(r)
	var err error
	if p.Swaps, err = s.app.Swaps(ctx, x); err != nil {
		s.error(w, r, err)
		return
	}
	names, err := s.app.Entries(ctx, x)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if p.Progress, err = s.progress(ctx, x, names, p.Swaps); err != nil {
		s.error(w, r, err)
		return
	}
	title := "Word swaps"
	if p.Swap != nil {
		title = "Word swaps: " + p.Swap.Term
	}
	p.base = s.base(r, title)
	p.NoIndex = true
	if err := s.withChrome(ctx, &p.base); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, status, "mod-swaps", p)
}

// readSwapForm reads the swap form.
func readSwapForm(r *http.Request) app.SwapInput {
	return app.SwapInput{Term: r.PostForm.Get("term"), Variants: r.PostForm.Get("variants")}
}

// handleSwapCreate adds a word swap.
func (s *Server) handleSwapCreate(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, formSmall, ""); err != nil {
		s.error(w, r, err)
		return
	}
	in := readSwapForm(r)
	if _, err := s.app.CreateSwap(r.Context(), s.actor(r), &in); err != nil {
		s.failed(w, r, err, func(status int, msg string) {
			s.renderSwaps(w, r, status, &swapsPage{Form: in, Error: msg})
		})
		return
	}
	http.Redirect(w, r, "/mod/swaps", http.StatusSeeOther)
}

// swap reads swap {id} for a moderator; otherwise it answers and returns
// nil.
func (s *Server) swap(w http.ResponseWriter, r *http.Request) *burg.Swap {
	return byID(s, w, r, "swap", s.app.Swap)
}

// handleSwapEdit shows a swap's form.
func (s *Server) handleSwapEdit(w http.ResponseWriter, r *http.Request) {
	sw := s.swap(w, r)
	if sw == nil {
		return
	}
	s.renderSwaps(w, r, http.StatusOK, &swapsPage{Swap: sw, Form: app.InputOfSwap(sw)})
}

// handleSwapUpdate saves a swap's form.
func (s *Server) handleSwapUpdate(w http.ResponseWriter, r *http.Request) {
	old := s.swap(w, r)
	if old == nil {
		return
	}
	if err := readForm(w, r, formSmall, ""); err != nil {
		s.error(w, r, err)
		return
	}
	in := readSwapForm(r)
	if _, err := s.app.UpdateSwap(r.Context(), s.actor(r), old.ID, &in); err != nil {
		s.failed(w, r, err, func(status int, msg string) {
			s.renderSwaps(w, r, status, &swapsPage{Swap: old, Form: in, Error: msg})
		})
		return
	}
	http.Redirect(w, r, "/mod/swaps", http.StatusSeeOther)
}

// handleSwapDelete removes a word swap.
func (s *Server) handleSwapDelete(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r.PathValue("id"), "swap")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := readForm(w, r, formSmall, ""); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.app.DeleteSwap(r.Context(), s.actor(r), id); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/mod/swaps", http.StatusSeeOther)
}
