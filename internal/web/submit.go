package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
	"github.com/burg-news/burg/internal/markup"
)

// submitForm is the "Post a news link" form as typed.
type submitForm struct {
	postForm
	Kind      string // "link", or "article" for a piece of the poster's own
	Nick      string // a visitor's name, for the moderators
	Engine    string
	SiteName  string // of the fetched page
	Image     string // the fetched page's lead image
	Error     string
	Info      string
	Duplicate *burg.Post // the post that has this source already
	Preview   template.HTML
}

// engineChoice is a translation engine the form offers.
type engineChoice struct {
	Name     string
	Pairs    string // the languages it translates into app.TargetLang from
	Selected bool
}

type submitPage struct {
	base
	Form        *submitForm
	Sections    []*burg.Section
	Suggestions []*burg.Tag
	Engines     []engineChoice
	// Direct is set when what this user posts is published at once.
	Direct bool
	// Moderator may set the posting time.
	Moderator bool
	CanFetch  bool
	// Closed is set when this visitor may not submit at all.
	Closed  bool
	Article bool
}

// handleSubmitShow serves the "Post a news link" form, pre-filled from
// the query (the bookmarklet sends url, title and body; kind=article asks
// for an article of the poster's own).
func (s *Server) handleSubmitShow(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &submitForm{postForm: readPostInput(q), Kind: "link"}
	if q.Get("kind") == "article" {
		f.Kind = "article"
	}
	s.renderSubmit(w, r, http.StatusOK, f)
}

// renderSubmit fills in what the form offers and renders it.
func (s *Server) renderSubmit(w http.ResponseWriter, r *http.Request, status int, f *submitForm) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	x := s.actor(r)
	direct, err := s.app.Publishes(ctx, x)
	if err != nil {
		s.error(w, r, err)
		return
	}
	may, err := s.app.MaySubmit(ctx, x)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := &submitPage{Form: f, Direct: direct, Moderator: x.Moderator(), CanFetch: s.app.FetchOn(), Closed: !may,
		Article: f.Kind == "article"}
	title := "Post a news link"
	if p.Article {
		title = "Write an article"
	}
	p.base = s.base(r, title)
	p.NoIndex = true
	if p.Sections, err = s.store.FindSections(ctx); err != nil {
		s.error(w, r, err)
		return
	}
	if f.Section == "" && p.Article {
		if sec := app.OpinionSection(p.Sections); sec != nil {
			f.Section = strconv.FormatInt(sec.ID, 10)
		}
	}
	if p.Suggestions, err = s.app.SuggestTags(ctx, f.Title+"\n\n"+f.Body, f.Tags); err != nil {
		s.error(w, r, err)
		return
	}
	for _, o := range s.app.Offers(ctx) {
		c := engineChoice{Name: o.Engine.Name(), Selected: o.Engine.Name() == f.Engine}
		var from []string
		for _, pair := range o.Pairs {
			if pair.To == app.TargetLang {
				from = append(from, pair.From)
			}
		}
		if len(from) == 0 {
			continue
		}
		c.Pairs = strings.Join(from, ", ")
		p.Engines = append(p.Engines, c)
	}
	if err := s.withChrome(ctx, &p.base); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, status, "submit", p)
}

// handleSubmitCreate takes the posting form. Its buttons: fetch fills the
// form from the source's page, translate translates the text, preview
// shows it, and publish (the default) posts it or queues it for review.
func (s *Server) handleSubmitCreate(w http.ResponseWriter, r *http.Request) {
	if err := readForm(w, r, formPost, "; is the text longer than "+strconv.Itoa(burg.MaxBodyLen)+" bytes?"); err != nil {
		s.error(w, r, err)
		return
	}
	v := r.PostForm
	f := &submitForm{postForm: readPostInput(v), Kind: "link", Nick: strings.TrimSpace(v.Get("name")),
		Engine: v.Get("engine"), SiteName: strings.TrimSpace(v.Get("site_name")), Image: v.Get("image")}
	if v.Get("kind") == "article" {
		f.Kind = "article"
	}
	if !strings.HasPrefix(f.Image, "https://") && !strings.HasPrefix(f.Image, "http://") {
		f.Image = ""
	}
	switch v.Get("action") {
	case "fetch":
		s.submitFetch(w, r, f)
	case "translate":
		s.submitTranslate(w, r, f)
	case "preview":
		f.Preview = markup.RenderPost(f.Body, markup.PostOptions{})
		s.renderSubmit(w, r, http.StatusOK, f)
	default:
		s.submitPublish(w, r, f)
	}
}

// submitAgain shows the posting form again with the message of a failed
// action, and the existing post when the source was posted already.
func (s *Server) submitAgain(w http.ResponseWriter, r *http.Request, f *submitForm, err error) {
	s.failed(w, r, err, func(status int, msg string) {
		f.Error = msg
		if dup := app.PostedAlready(err); dup != nil {
			f.Duplicate = dup
			f.Error = "This page has been posted already."
		}
		s.renderSubmit(w, r, status, f)
	})
}

// submitPublish posts the form: at once for registered users (and for
// everyone on an open site), else into the queue for moderators.
func (s *Server) submitPublish(w http.ResponseWriter, r *http.Request, f *submitForm) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	x := s.actor(r)
	if !x.Member() {
		x = s.visitorActor(w, r) // what a reader submits is kept with their visitor id
	}
	in := &app.SubmitInput{PostInput: f.postForm, Article: f.Kind == "article", Nick: f.Nick,
		Honeypot: r.PostForm.Get("fax"), NoSection: !r.PostForm.Has("section")}
	done, err := s.app.Submit(ctx, x, in)
	f.postForm = in.PostInput // as normalised
	if err != nil {
		s.submitAgain(w, r, f, err)
		return
	}
	if done.Post == nil {
		http.Redirect(w, r, "/submit/done", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, postURL(done.Post), http.StatusSeeOther)
}

type messagePage struct {
	base
	Heading string
	Message string
	Links   []link
}

// link is a labelled address on a page.
type link struct {
	Label, URL string
}

// handleSubmitDone thanks a visitor whose submission waits for review.
func (s *Server) handleSubmitDone(w http.ResponseWriter, r *http.Request) {
	p := &messagePage{base: s.base(r, "Thank you"), Heading: "Thank you",
		Message: "Your news link is waiting for a moderator. It will appear on the site once they approve it.",
		Links:   []link{{"Post another link", "/submit"}, {"Back to today's edition", "/"}}}
	p.NoIndex = true
	s.render(w, r, http.StatusOK, "message", p)
}
