package web

import (
	"context"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/extract"
	"github.com/burg-news/burg/internal/markup"
	"github.com/burg-news/burg/internal/translate"
)

// Limits of the posting desk.
const (
	// targetLang is the language posts are translated into.
	targetLang = "en"
	// maxFetchedText is how much of a fetched page's text pre-fills the
	// form; the poster trims it to an excerpt anyway.
	maxFetchedText = 50_000
	// maxTags is how many tags one post may have.
	maxTags = 20
	// maxSuggestions is how many tag suggestions the form shows.
	maxSuggestions = 12
	// translateTimeout bounds one translation, which may be slow.
	translateTimeout = 90 * time.Second
	// offersTTL is how long the list of translation engines is kept.
	offersTTL = 5 * time.Minute
	// postFormBytes bounds a posting form: body and original text.
	postFormBytes = 3 * burg.MaxBodyLen
)

// postForm is what the posting and editing forms share: the fields of a
// post as typed.
type postForm struct {
	URL        string
	Title      string
	Body       string
	Section    string // a section ID
	Tags       string // comma-separated names
	SourceTag  string
	SourceLang string
	Note       string
	Original   string // the text before translation
	PostedAt   string // 2006-01-02T15:04 in the site's zone
}

// readPostForm reads the post fields from a form or query.
func readPostForm(v url.Values) postForm {
	text := func(k string) string { return strings.ReplaceAll(v.Get(k), "\r\n", "\n") }
	return postForm{
		URL:        strings.TrimSpace(v.Get("url")),
		Title:      strings.TrimSpace(v.Get("title")),
		Body:       text("body"),
		Section:    strings.TrimSpace(v.Get("section")),
		Tags:       strings.TrimSpace(v.Get("tags")),
		SourceTag:  strings.TrimSpace(v.Get("source_tag")),
		SourceLang: strings.TrimSpace(v.Get("source_lang")),
		Note:       strings.TrimSpace(v.Get("note")),
		Original:   text("original"),
		PostedAt:   strings.TrimSpace(v.Get("posted_at")),
	}
}

// formOf returns the post fields of p as a form shows them.
func (s *Server) formOf(p *burg.Post) postForm {
	names := make([]string, len(p.Tags))
	for i, t := range p.Tags {
		names[i] = t.Name
	}
	return postForm{
		URL: p.SourceURL, Title: p.Title, Body: p.Body, Section: strconv.FormatInt(p.SectionID, 10),
		Tags: strings.Join(names, ", "), SourceTag: p.SourceTag, SourceLang: p.SourceLang, Note: p.Note,
		Original: p.OriginalBody, PostedAt: s.formTime(p.PostedAt),
	}
}

// formTime shows a time as a datetime-local field does, in the site's zone.
func (s *Server) formTime(t time.Time) string {
	return t.In(s.cfg.Location).Format("2006-01-02T15:04")
}

var langRE = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{2,8})*$`)

// applyTo checks the typed fields and copies them into p, whose poster and
// time the caller sets. The URL is normalised in the form too, so that the
// poster sees what is kept. Tags are resolved separately.
func (f *postForm) applyTo(s *Server, p *burg.Post, sections []*burg.Section, needURL, canSetTime bool) error {
	if f.URL == "" {
		if needURL {
			return burg.Errorf(burg.EINVALID, "A news link needs the address of its source.")
		}
	} else {
		norm, err := extract.NormalizeURL(f.URL)
		if err != nil {
			return err
		}
		f.URL = norm
	}
	p.SourceURL = f.URL
	p.Title = f.Title
	p.Body, p.OriginalBody, p.Note = f.Body, f.Original, f.Note
	p.SourceTag = strings.TrimSpace(strings.Trim(f.SourceTag, "[]"))
	if utf8.RuneCountInString(p.SourceTag) > 80 || strings.ContainsAny(p.SourceTag, "[]\n") {
		return burg.Errorf(burg.EINVALID, "A source tag is a short name of at most 80 characters, without brackets.")
	}
	lang := strings.ToLower(f.SourceLang)
	if lang != "" && (len(lang) > burg.MaxLangLen || !langRE.MatchString(lang)) {
		return burg.Errorf(burg.EINVALID, "%q is not a language code such as es or pt-br.", clip(f.SourceLang, 20))
	}
	p.SourceLang = lang
	p.SectionID = 0
	id, _ := strconv.ParseInt(f.Section, 10, 64)
	for _, sec := range sections {
		// The form sends an ID; a slug is understood too.
		if f.Section != "" && (sec.ID == id || sec.Slug == strings.ToLower(f.Section)) {
			p.SectionID, p.Section = sec.ID, sec
			f.Section = strconv.FormatInt(sec.ID, 10)
		}
	}
	if p.SectionID == 0 {
		return burg.Errorf(burg.EINVALID, "Pick a section for the post.")
	}
	// The form shows minutes: a time sent back as shown keeps its seconds.
	if canSetTime && f.PostedAt != "" && f.PostedAt != s.formTime(p.PostedAt) {
		at, err := s.parseFormTime(f.PostedAt, p.PostedAt)
		if err != nil {
			return err
		}
		p.PostedAt = at
	}
	if _, err := splitTags(f.Tags); err != nil {
		return err
	}
	return p.Validate()
}

// parseFormTime reads a posting time typed as 2006-01-02T15:04 or
// "2006-01-02 15:04" in the site's zone; a day alone keeps the time of day
// of old, so that a post moves to another day.
func (s *Server) parseFormTime(v string, old time.Time) (time.Time, error) {
	loc := s.cfg.Location
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil && t.Year() >= 1970 && t.Year() <= 9999 {
			return t, nil
		}
	}
	if d, err := time.ParseInLocation(burg.DateLayout, v, loc); err == nil && d.Year() >= 1970 && d.Year() <= 9999 {
		o := old.In(loc)
		return time.Date(d.Year(), d.Month(), d.Day(), o.Hour(), o.Minute(), o.Second(), o.Nanosecond(), loc), nil
	}
	return time.Time{}, burg.Errorf(burg.EINVALID, "%q is not a time; write it as YYYY-MM-DD HH:MM.", clip(v, 40))
}

// splitTags reads a comma-separated list of tag names, without repeats.
func splitTags(typed string) ([]string, error) {
	var names []string
	seen := map[string]bool{}
	for part := range strings.SplitSeq(typed, ",") {
		name := strings.Join(strings.Fields(part), " ")
		if name == "" || seen[strings.ToLower(name)] {
			continue
		}
		seen[strings.ToLower(name)] = true
		names = append(names, name)
	}
	if len(names) > maxTags {
		return nil, burg.Errorf(burg.EINVALID, "A post may have at most %d tags.", maxTags)
	}
	return names, nil
}

// resolveTags finds the typed tags by name (case-insensitively) or slug
// and creates those that do not exist yet.
func (s *Server) resolveTags(ctx context.Context, typed string) ([]*burg.Tag, error) {
	names, err := splitTags(typed)
	if err != nil || len(names) == 0 {
		return nil, err
	}
	all, err := s.store.FindTags(ctx)
	if err != nil {
		return nil, err
	}
	byName, bySlug := map[string]*burg.Tag{}, map[string]*burg.Tag{}
	for _, t := range all {
		byName[strings.ToLower(t.Name)] = t
		bySlug[t.Slug] = t
	}
	found := make([]*burg.Tag, len(names))
	var missing []*burg.Tag
	for i, name := range names {
		slug := burg.Slugify(name, 80)
		switch {
		case byName[strings.ToLower(name)] != nil:
			found[i] = byName[strings.ToLower(name)]
		case bySlug[strings.ToLower(name)] != nil:
			found[i] = bySlug[strings.ToLower(name)]
		case bySlug[slug] != nil:
			found[i] = bySlug[slug]
		default:
			t := &burg.Tag{Name: name, Slug: slug}
			if slug == "" {
				return nil, burg.Errorf(burg.EINVALID, "The new tag %q needs some Latin letters or digits for its address.", clip(name, 40))
			}
			if err := t.Validate(); err != nil {
				return nil, err
			}
			found[i] = t
			missing = append(missing, t)
			bySlug[slug] = t
		}
	}
	// Every name is checked before any tag is made.
	for _, t := range missing {
		err := s.store.CreateTag(ctx, t)
		if burg.ErrorCode(err) == burg.ECONFLICT { // made meanwhile
			known, ferr := s.store.FindTagBySlug(ctx, t.Slug)
			if ferr != nil {
				return nil, ferr
			}
			*t = *known
		} else if err != nil {
			return nil, err
		}
	}
	// Two names may have led to one tag.
	out := found[:0]
	ids := map[int64]bool{}
	for _, t := range found {
		if !ids[t.ID] {
			ids[t.ID] = true
			out = append(out, t)
		}
	}
	return out, nil
}

// suggestTags returns the existing tags whose names occur as whole words
// in text and are not among the typed tags yet.
func (s *Server) suggestTags(ctx context.Context, text, typed string) ([]*burg.Tag, error) {
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	all, err := s.store.FindTags(ctx)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	names, _ := splitTags(typed)
	for _, n := range names {
		have[strings.ToLower(n)] = true
	}
	words := wordsOf(markup.Text(text))
	set := make(map[string]bool, len(words))
	for _, w := range words {
		set[w] = true
	}
	joined := " " + strings.Join(words, " ") + " "
	var out []*burg.Tag
	for _, t := range all {
		if have[strings.ToLower(t.Name)] || have[t.Slug] {
			continue
		}
		tw := wordsOf(t.Name)
		if len(tw) == 0 || !set[tw[0]] {
			continue
		}
		if len(tw) == 1 || strings.Contains(joined, " "+strings.Join(tw, " ")+" ") {
			out = append(out, t)
			if len(out) == maxSuggestions {
				break
			}
		}
	}
	return out, nil
}

// wordsOf splits text into lower-cased words of letters and digits.
func wordsOf(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

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
	Pairs    string // the languages it translates into targetLang from
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

// errUnset stops Setting from storing a default: reading the policy
// writes nothing.
var errUnset = errors.New("setting not set")

// submitPolicy returns the site's submission policy: SubmitQueue until an
// admin sets one.
func (s *Server) submitPolicy(ctx context.Context) (string, error) {
	v, err := s.store.Setting(ctx, burg.SettingSubmissions, func() (string, error) { return "", errUnset })
	if errors.Is(err, errUnset) {
		return burg.SubmitQueue, nil
	} else if err != nil {
		return "", err
	}
	if !burg.ValidSubmitPolicy(v) {
		return burg.SubmitQueue, nil
	}
	return v, nil
}

// canPost reports whether u publishes without review: any enabled
// registered user.
func canPost(u *burg.User) bool {
	return u != nil && !u.Disabled && burg.ValidRole(u.Role)
}

// opinionSection is the first section of the Opinion page, where original
// articles go by default.
func opinionSection(sections []*burg.Section) *burg.Section {
	for _, sec := range sections {
		if sec.Page != nil && (sec.Page.Slug == "opinion" || strings.EqualFold(sec.Page.Name, "Opinion")) {
			return sec
		}
	}
	return nil
}

// handleSubmitShow serves the "Post a news link" form, pre-filled from
// the query (the bookmarklet sends url, title and body; kind=article asks
// for an article of the poster's own).
func (s *Server) handleSubmitShow(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &submitForm{postForm: readPostForm(q), Kind: "link"}
	if q.Get("kind") == "article" {
		f.Kind = "article"
	}
	s.renderSubmit(w, r, http.StatusOK, f)
}

// renderSubmit fills in what the form offers and renders it.
func (s *Server) renderSubmit(w http.ResponseWriter, r *http.Request, status int, f *submitForm) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	u := s.user(r)
	policy, err := s.submitPolicy(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p := &submitPage{Form: f, Direct: canPost(u) || policy == burg.SubmitOpen, Moderator: u.IsModerator(),
		CanFetch: s.desk.fetcher != nil, Closed: !canPost(u) && policy == burg.SubmitClosed,
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
		if sec := opinionSection(p.Sections); sec != nil {
			f.Section = strconv.FormatInt(sec.ID, 10)
		}
	}
	if p.Suggestions, err = s.suggestTags(ctx, f.Title+"\n\n"+f.Body, f.Tags); err != nil {
		s.error(w, r, err)
		return
	}
	for _, o := range s.desk.availableOffers(ctx, s) {
		c := engineChoice{Name: o.Engine.Name(), Selected: o.Engine.Name() == f.Engine}
		var from []string
		for _, pair := range o.Pairs {
			if pair.To == targetLang {
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

// availableOffers returns the engines that translate now, asking them at
// most every offersTTL.
func (d *desk) availableOffers(ctx context.Context, s *Server) []translate.Offer {
	if len(d.engines) == 0 {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	now := time.Now()
	if d.offers != nil && now.Sub(d.offersAt) < offersTTL {
		return d.offers
	}
	offers, err := translate.Available(ctx, d.engines...)
	if err != nil {
		s.logger.Warn("translation engines", "err", err)
	}
	if offers == nil {
		offers = []translate.Offer{}
	}
	d.offers, d.offersAt = offers, now
	return offers
}

// handleSubmitCreate takes the posting form. Its buttons: fetch fills the
// form from the source's page, translate translates the text, preview
// shows it, and publish (the default) posts it or queues it for review.
func (s *Server) handleSubmitCreate(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, postFormBytes)
	if err := r.ParseForm(); err != nil {
		s.error(w, r, burg.Errorf(burg.EINVALID, "The form could not be read; is the text longer than %d bytes?", burg.MaxBodyLen))
		return
	}
	v := r.PostForm
	f := &submitForm{postForm: readPostForm(v), Kind: "link", Nick: strings.TrimSpace(v.Get("name")),
		Engine: v.Get("engine"), SiteName: strings.TrimSpace(v.Get("site_name")), Image: v.Get("image")}
	if v.Get("kind") == "article" {
		f.Kind = "article"
	}
	if !strings.HasPrefix(f.Image, "https://") && !strings.HasPrefix(f.Image, "http://") {
		f.Image = ""
	}
	switch v.Get("action") {
	case "fetch":
		s.renderSubmit(w, r, s.submitFetch(w, r, f), f)
	case "translate":
		s.renderSubmit(w, r, s.submitTranslate(w, r, f), f)
	case "preview":
		f.Preview = s.previewPost(r.Context(), f.Body)
		s.renderSubmit(w, r, http.StatusOK, f)
	default:
		s.submitPublish(w, r, f)
	}
}

// previewPost renders a post body as the article page will.
func (s *Server) previewPost(ctx context.Context, body string) template.HTML {
	return markup.RenderPost(body, markup.PostOptions{})
}

// deskWorkAllowed reports whether the request may have the server fetch
// or translate, which costs outside work (and, for LibreTranslate, an API
// key's quota): registered users within their limits; readers only where
// the site takes their submissions, within tighter limits per visitor and
// address. It fills f.Error and returns the status to answer with when not.
func (s *Server) deskWorkAllowed(w http.ResponseWriter, r *http.Request, f *submitForm, what string) (int, bool) {
	if u := s.user(r); canPost(u) {
		if !s.desk.fetches.allow("user:" + strconv.FormatInt(u.ID, 10)) {
			f.Error = "You are " + what + " faster than we can. Please wait a minute."
			return http.StatusTooManyRequests, false
		}
		return 0, true
	}
	policy, err := s.submitPolicy(r.Context())
	if err != nil {
		s.logger.Error("submission policy", "err", err)
		f.Error = "The page could not be fetched just now. You can still fill in the form by hand."
		return http.StatusServiceUnavailable, false
	}
	if policy == burg.SubmitClosed {
		f.Error = "Only registered posters may post news links on this site. Please log in."
		return http.StatusForbidden, false
	}
	if !s.desk.readerFetches.allow("ip:"+clientIP(r), "visitor:"+s.ensureVisitor(w, r)) {
		f.Error = "You are " + what + " faster than we can. Please wait a minute."
		return http.StatusTooManyRequests, false
	}
	return 0, true
}

// submitFetch fills the form from the source's page and returns the
// status to answer with. A page that cannot be read leaves the form as
// typed, with the reason.
func (s *Server) submitFetch(w http.ResponseWriter, r *http.Request, f *submitForm) int {
	if s.desk.fetcher == nil {
		f.Error = "Fetching pages is switched off on this site; please fill in the form by hand."
		return http.StatusUnprocessableEntity
	}
	if f.URL == "" {
		f.Error = "Paste the address of the news page first."
		return http.StatusUnprocessableEntity
	}
	if status, ok := s.deskWorkAllowed(w, r, f, "fetching pages"); !ok {
		return status
	}
	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	defer cancel()
	page, err := s.desk.fetcher.Fetch(ctx, f.URL)
	if err != nil {
		if burg.ErrorCode(err) == burg.EINTERNAL {
			s.logger.Warn("fetch source", "url", f.URL, "err", err)
			f.Error = "The page could not be fetched. You can still fill in the form by hand."
		} else {
			f.Error = burg.ErrorMessage(err) + " You can still fill in the form by hand."
		}
		if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
			return http.StatusRequestTimeout
		}
		return http.StatusUnprocessableEntity
	}
	f.URL = page.URL
	if page.Title != "" {
		f.Title = page.Title
	}
	f.Body = clipParagraphs(page.Text, maxFetchedText)
	f.Original, f.Note = "", ""
	f.SourceLang = page.Lang
	f.SiteName = page.SiteName
	f.Image = page.Image
	table, err := s.sourceTable(ctx)
	if err != nil {
		s.logger.Error("source table", "err", err)
	}
	f.SourceTag = extract.SourceTag(page.URL, table)
	f.Info = "Filled in from the page. Trim the text to an excerpt before publishing."
	if dup, err := s.store.FindPostBySourceURL(ctx, page.URL); err == nil {
		f.Duplicate = dup
		f.Error = "This page has been posted already."
	}
	return http.StatusOK
}

// clipParagraphs shortens text to at most n bytes, at a paragraph break
// when there is one.
func clipParagraphs(text string, n int) string {
	if len(text) <= n {
		return text
	}
	if i := strings.LastIndex(text[:n], "\n\n"); i > n/2 {
		return text[:i]
	}
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n]
}

// sourceTable returns the moderators' table of short source names by
// domain.
func (s *Server) sourceTable(ctx context.Context) (map[string]string, error) {
	srcs, err := s.store.FindSources(ctx)
	if err != nil {
		return nil, err
	}
	table := make(map[string]string, len(srcs))
	for _, src := range srcs {
		table[src.Domain] = src.Name
	}
	return table, nil
}

// submitTranslate translates the text with the chosen engine, keeping
// the original, and returns the status to answer with.
func (s *Server) submitTranslate(w http.ResponseWriter, r *http.Request, f *submitForm) int {
	ctx, cancel := context.WithTimeout(r.Context(), translateTimeout)
	defer cancel()
	text := f.Original
	if strings.TrimSpace(text) == "" {
		text = f.Body
	}
	if strings.TrimSpace(text) == "" {
		f.Error = "There is no text to translate."
		return http.StatusUnprocessableEntity
	}
	from := strings.ToLower(f.SourceLang)
	if from == "" {
		f.Error = "Say which language the source is in (such as es), then translate."
		return http.StatusUnprocessableEntity
	}
	var offer *translate.Offer
	offers := s.desk.availableOffers(ctx, s)
	for i, o := range offers {
		if o.Engine.Name() == f.Engine || (f.Engine == "" && o.Supports(from, targetLang)) {
			offer = &offers[i]
			break
		}
	}
	switch {
	case offer == nil && len(offers) == 0:
		f.Error = "No translation engine is set up on this site."
		return http.StatusUnprocessableEntity
	case offer == nil:
		f.Error = "There is no translation engine called " + strconv.Quote(f.Engine) + "."
		return http.StatusUnprocessableEntity
	case !offer.Supports(from, targetLang):
		f.Error = offer.Engine.Name() + " cannot translate from " + strconv.Quote(from) + " into " + targetLang + " here."
		return http.StatusUnprocessableEntity
	}
	if status, ok := s.deskWorkAllowed(w, r, f, "translating"); !ok {
		return status
	}
	out, err := offer.Engine.Translate(ctx, text, from, targetLang)
	if err != nil {
		if burg.ErrorCode(err) == burg.EINTERNAL {
			s.logger.Warn("translate", "engine", offer.Engine.Name(), "err", err)
			f.Error = "The translation failed. Please try again, or another engine."
		} else {
			f.Error = burg.ErrorMessage(err)
		}
		if burg.ErrorCode(err) == burg.ETOOMANY {
			return http.StatusTooManyRequests
		}
		return http.StatusUnprocessableEntity
	}
	f.Original = text
	f.Body = strings.ReplaceAll(out, "\r\n", "\n")
	f.Engine = offer.Engine.Name()
	f.Note = translate.Note(offer.Engine.Name())
	f.Info = "Translated by " + offer.Engine.Name() + ". The original is kept below; edit the translation and the note as needed."
	return http.StatusOK
}

// submitPublish posts the form: at once for registered users (and for
// everyone on an open site), else into the queue for moderators.
func (s *Server) submitPublish(w http.ResponseWriter, r *http.Request, f *submitForm) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	u := s.user(r)
	policy, err := s.submitPolicy(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !canPost(u) && policy == burg.SubmitClosed {
		f.Error = "Only registered posters may post news links on this site. Please log in."
		s.renderSubmit(w, r, http.StatusForbidden, f)
		return
	}
	if !canPost(u) && r.PostForm.Get("fax") != "" { // the honeypot
		f.Error = "Your submission looks like spam and was not taken."
		s.renderSubmit(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	sections, err := s.store.FindSections(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if !r.PostForm.Has("section") && len(sections) > 0 {
		// A form without the field (not ours, which asks) files a link in
		// the first section and an article under Opinion.
		sec := sections[0]
		if o := opinionSection(sections); o != nil && f.Kind == "article" {
			sec = o
		}
		f.Section = strconv.FormatInt(sec.ID, 10)
	}
	p := &burg.Post{PostedAt: s.now()}
	if u != nil {
		p.PosterID = u.ID
	} else {
		// A visitor's post gets its poster below, once the form is found
		// good; until then a stand-in lets Validate check the rest.
		p.PosterID = -1
	}
	if err := f.applyTo(s, p, sections, f.Kind != "article", u.IsModerator()); err != nil {
		s.formError(w, r, f, err)
		return
	}
	if p.SourceURL != "" {
		if dup, err := s.store.FindPostBySourceURL(ctx, p.SourceURL); err == nil {
			f.Duplicate = dup
			f.Error = "This page has been posted already."
			s.renderSubmit(w, r, http.StatusUnprocessableEntity, f)
			return
		} else if burg.ErrorCode(err) != burg.ENOTFOUND {
			s.error(w, r, err)
			return
		}
		if p.SourceTag == "" {
			table, err := s.sourceTable(ctx)
			if err != nil {
				s.error(w, r, err)
				return
			}
			p.SourceTag = extract.SourceTag(p.SourceURL, table)
		}
	}
	switch {
	case canPost(u):
	case policy == burg.SubmitOpen:
		if !s.desk.submits.allow("ip:"+clientIP(r), "visitor:"+s.ensureVisitor(w, r)) {
			f.Error = "You are posting faster than we can read. Please wait a minute and send it again."
			s.renderSubmit(w, r, http.StatusTooManyRequests, f)
			return
		}
		if p.PosterID, err = s.guestPoster(ctx); err != nil {
			s.error(w, r, err)
			return
		}
	default:
		s.submitToQueue(w, r, f, p)
		return
	}
	if p.Tags, err = s.resolveTags(ctx, f.Tags); err != nil {
		s.formError(w, r, f, err)
		return
	}
	if err := s.store.CreatePost(ctx, p); err != nil {
		s.formError(w, r, f, err)
		return
	}
	s.Invalidate()
	http.Redirect(w, r, postURL(p), http.StatusSeeOther)
}

// formError shows the posting form again with the message of a domain
// error, or the error page for anything else.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, f *submitForm, err error) {
	switch burg.ErrorCode(err) {
	case burg.EINVALID, burg.ECONFLICT:
		f.Error = burg.ErrorMessage(err)
		s.renderSubmit(w, r, http.StatusUnprocessableEntity, f)
	default:
		s.error(w, r, err)
	}
}

// submitToQueue keeps a visitor's submission for the moderators.
func (s *Server) submitToQueue(w http.ResponseWriter, r *http.Request, f *submitForm, p *burg.Post) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	visitor := s.ensureVisitor(w, r)
	if !s.desk.submits.allow("ip:"+clientIP(r), "visitor:"+visitor) {
		f.Error = "You are posting faster than we can read. Please wait a minute and send it again."
		s.renderSubmit(w, r, http.StatusTooManyRequests, f)
		return
	}
	sub := &burg.Submission{SourceURL: p.SourceURL, Title: p.Title, Body: p.Body, OriginalBody: p.OriginalBody,
		SectionID: p.SectionID, Tags: f.Tags, SourceTag: p.SourceTag, SourceLang: p.SourceLang, Note: p.Note,
		Nick: f.Nick, VisitorID: visitor, IP: clientIP(r)}
	if u := s.user(r); u != nil {
		sub.UserID = u.ID
	}
	if err := s.store.CreateSubmission(ctx, sub); err != nil {
		s.formError(w, r, f, err)
		return
	}
	http.Redirect(w, r, "/submit/done", http.StatusSeeOther)
}

// guestPoster returns the account that posts what visitors submit on an
// open site: a disabled user, so that nobody can log in as it.
func (s *Server) guestPoster(ctx context.Context) (int64, error) {
	v, err := s.store.Setting(ctx, "guest_poster", func() (string, error) {
		for i := range 10 {
			u := &burg.User{Nick: "Guest", Role: burg.RolePoster, Disabled: true}
			if i > 0 {
				u.Nick = "Guest " + strconv.Itoa(i+1)
			}
			err := s.store.CreateUser(ctx, u)
			if burg.ErrorCode(err) == burg.ECONFLICT {
				continue
			} else if err != nil {
				return "", err
			}
			s.Invalidate() // the new nick is reserved
			return strconv.FormatInt(u.ID, 10), nil
		}
		return "", errors.New("no free nick for the guest poster")
	})
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
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

type bookmarkletPage struct {
	base
	Link template.URL
}

// bookmarkletJS opens the posting form with the page being read. %s is
// the site's address as a JavaScript string.
const bookmarkletJS = `javascript:(function(){var s=String(window.getSelection?window.getSelection():'').slice(0,4000);` +
	`location.href=%s+'/submit?url='+encodeURIComponent(location.href)+'&title='+encodeURIComponent(document.title)+'&body='+encodeURIComponent(s);})();`

// handleBookmarkletShow serves the page with the "Post to SITE" link a
// poster drags to the browser's bar.
func (s *Server) handleBookmarkletShow(w http.ResponseWriter, r *http.Request) {
	p := &bookmarkletPage{base: s.base(r, "Bookmarklet"), Link: s.bookmarklet()}
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	if err := s.withChrome(ctx, &p.base); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "bookmarklet", p)
}

// bookmarklet is the bookmarklet's address: our own script with the
// configured site address, never anything a user typed.
func (s *Server) bookmarklet() template.URL {
	site, _ := json.Marshal(s.cfg.BaseURL)
	return template.URL(strings.Replace(bookmarkletJS, "%s", string(site), 1))
}
