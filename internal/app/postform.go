package app

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/extract"
	"github.com/burg-news/burg/internal/markup"
)

// Limits of the posting forms.
const (
	// MaxTags is how many tags one post may have.
	MaxTags = 20
	// maxSuggestions is how many tag suggestions the form shows.
	maxSuggestions = 12
)

// PostInput is the fields of a post as typed into the posting and editing
// forms. The checks normalise some of them (the URL, the section) in
// place, so that the form shows what is kept.
type PostInput struct {
	URL        string
	Title      string
	Body       string
	Section    string // a section ID, or its slug
	Tags       string // comma-separated names
	SourceTag  string
	SourceLang string
	Note       string
	Original   string // the text before translation
	PostedAt   string // 2006-01-02T15:04 in the site's zone
}

// Trim tidies the input as a form sends it: spaces around the one-line
// fields, Windows line ends in the texts.
func (in PostInput) Trim() PostInput {
	text := func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
	return PostInput{
		URL: strings.TrimSpace(in.URL), Title: strings.TrimSpace(in.Title), Body: text(in.Body),
		Section: strings.TrimSpace(in.Section), Tags: strings.TrimSpace(in.Tags),
		SourceTag: strings.TrimSpace(in.SourceTag), SourceLang: strings.TrimSpace(in.SourceLang),
		Note: strings.TrimSpace(in.Note), Original: text(in.Original), PostedAt: strings.TrimSpace(in.PostedAt),
	}
}

// InputOf returns the fields of p as the forms show them.
func (a *App) InputOf(p *burg.Post) PostInput {
	names := make([]string, len(p.Tags))
	for i, t := range p.Tags {
		names[i] = t.Name
	}
	return PostInput{
		URL: p.SourceURL, Title: p.Title, Body: p.Body, Section: strconv.FormatInt(p.SectionID, 10),
		Tags: strings.Join(names, ", "), SourceTag: p.SourceTag, SourceLang: p.SourceLang, Note: p.Note,
		Original: p.OriginalBody, PostedAt: a.FormTime(p.PostedAt),
	}
}

// FormTime shows a time as a datetime-local field does, in the site's
// zone.
func (a *App) FormTime(t time.Time) string {
	return t.In(a.cfg.Location).Format("2006-01-02T15:04")
}

var langRE = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{2,8})*$`)

// apply checks the typed fields and copies them into p, whose poster and
// time the caller sets. The URL and section are normalised in in too.
// Tags are resolved separately, by resolveTags.
func (a *App) apply(in *PostInput, p *burg.Post, sections []*burg.Section, needURL, canSetTime bool) error {
	if in.URL == "" {
		if needURL {
			return burg.Errorf(burg.EINVALID, "A news link needs the address of its source.")
		}
	} else {
		norm, err := extract.NormalizeURL(in.URL)
		if err != nil {
			return err
		}
		in.URL = norm
	}
	p.SourceURL = in.URL
	p.Title = in.Title
	p.Body, p.OriginalBody, p.Note = in.Body, in.Original, in.Note
	p.SourceTag = strings.TrimSpace(strings.Trim(in.SourceTag, "[]"))
	if utf8.RuneCountInString(p.SourceTag) > 80 || strings.ContainsAny(p.SourceTag, "[]\n") {
		return burg.Errorf(burg.EINVALID, "A source tag is a short name of at most 80 characters, without brackets.")
	}
	lang := strings.ToLower(in.SourceLang)
	if lang != "" && (len(lang) > burg.MaxLangLen || !langRE.MatchString(lang)) {
		return burg.Errorf(burg.EINVALID, "%q is not a language code such as es or pt-br.", burg.Clip(in.SourceLang, 20))
	}
	p.SourceLang = lang
	p.SectionID = 0
	id, _ := strconv.ParseInt(in.Section, 10, 64)
	for _, sec := range sections {
		// The form sends an ID; a slug is understood too.
		if in.Section != "" && (sec.ID == id || sec.Slug == strings.ToLower(in.Section)) {
			p.SectionID, p.Section = sec.ID, sec
			in.Section = strconv.FormatInt(sec.ID, 10)
		}
	}
	if p.SectionID == 0 {
		return burg.Errorf(burg.EINVALID, "Pick a section for the post.")
	}
	// The form shows minutes: a time sent back as shown keeps its seconds.
	if canSetTime && in.PostedAt != "" && in.PostedAt != a.FormTime(p.PostedAt) {
		at, err := a.parseFormTime(in.PostedAt, p.PostedAt)
		if err != nil {
			return err
		}
		p.PostedAt = at
	}
	if _, err := splitTags(in.Tags); err != nil {
		return err
	}
	return p.Validate()
}

// parseFormTime reads a posting time typed as 2006-01-02T15:04 or
// "2006-01-02 15:04" in the site's zone; a day alone keeps the time of day
// of old, so that a post moves to another day.
func (a *App) parseFormTime(v string, old time.Time) (time.Time, error) {
	loc := a.cfg.Location
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil && t.Year() >= 1970 && t.Year() <= 9999 {
			return t, nil
		}
	}
	if d, err := time.ParseInLocation(burg.DateLayout, v, loc); err == nil && d.Year() >= 1970 && d.Year() <= 9999 {
		o := old.In(loc)
		return time.Date(d.Year(), d.Month(), d.Day(), o.Hour(), o.Minute(), o.Second(), o.Nanosecond(), loc), nil
	}
	return time.Time{}, burg.Errorf(burg.EINVALID, "%q is not a time; write it as YYYY-MM-DD HH:MM.", burg.Clip(v, 40))
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
	if len(names) > MaxTags {
		return nil, burg.Errorf(burg.EINVALID, "A post may have at most %d tags.", MaxTags)
	}
	return names, nil
}

// resolveTags finds the typed tags by name (case-insensitively), slug or
// alias. Tags that do not exist yet come back new, with ID 0: the store
// makes them in the transaction that stores the post, so that a failed
// post leaves no stray tags behind. Posts are filed only under "File
// under" entries: a name-only or retired entry is refused, unless the
// post has it already (keep).
func (a *App) resolveTags(ctx context.Context, typed string, keep []*burg.Tag) ([]*burg.Tag, error) {
	names, err := splitTags(typed)
	if err != nil || len(names) == 0 {
		return nil, err
	}
	all, err := a.store.FindTags(ctx)
	if err != nil {
		return nil, err
	}
	byName, bySlug, byAlias := map[string]*burg.Tag{}, map[string]*burg.Tag{}, map[string]*burg.Tag{}
	for _, t := range all {
		byName[strings.ToLower(t.Name)] = t
		bySlug[t.Slug] = t
	}
	for _, t := range all {
		// An alias leads to its entry when no entry has it as its name,
		// and only to a "File under" one.
		for _, al := range t.Aliases {
			if k := strings.ToLower(al); byName[k] == nil && t.FileUnder() && byAlias[k] == nil {
				byAlias[k] = t
			}
		}
	}
	kept := make(map[int64]bool, len(keep))
	for _, t := range keep {
		kept[t.ID] = true
	}
	var out []*burg.Tag
	seen := map[*burg.Tag]bool{} // two names may lead to one tag
	for _, name := range names {
		slug := burg.Slugify(name, 80)
		t := byName[strings.ToLower(name)]
		if t == nil {
			t = bySlug[strings.ToLower(name)]
		}
		if t == nil {
			t = byAlias[strings.ToLower(name)]
		}
		if t == nil {
			t = bySlug[slug]
		}
		if t == nil {
			if slug == "" {
				return nil, burg.Errorf(burg.EINVALID, "The new tag %q needs some Latin letters or digits for its address.", burg.Clip(name, 40))
			}
			t = &burg.Tag{Name: name, Slug: slug}
			if err := t.Validate(); err != nil {
				return nil, err
			}
			bySlug[slug] = t
		}
		switch {
		case t.ID == 0 || t.FileUnder() || kept[t.ID]:
		case t.RetiredAt != nil:
			return nil, burg.Errorf(burg.EINVALID, "%q is retired: nothing new is filed under it.", burg.Clip(t.Name, 40))
		default:
			return nil, burg.Errorf(burg.EINVALID, "%q is a name in the names database, not a File under tag.", burg.Clip(t.Name, 40))
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out, nil
}

// SuggestTags returns the "File under" entries that text (markup, such
// as a title and a body) names, by name or alias, in the order it first
// names them, leaving out those typed already (by name, slug or alias).
func (a *App) SuggestTags(ctx context.Context, text, typed string) ([]*burg.Tag, error) {
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	d, _, err := a.dictionary(ctx)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	names, _ := splitTags(typed)
	for _, n := range names {
		have[strings.ToLower(n)] = true
	}
	typedAlready := func(t *burg.Tag) bool {
		if have[strings.ToLower(t.Name)] || have[t.Slug] {
			return true
		}
		for _, al := range t.Aliases {
			if have[strings.ToLower(al)] {
				return true
			}
		}
		return false
	}
	var out []*burg.Tag
	for _, t := range d.Suggest(markup.Text(text), maxSuggestions+len(names)) {
		if !typedAlready(t) {
			out = append(out, t)
			if len(out) == maxSuggestions {
				break
			}
		}
	}
	return out, nil
}

// sourcePosted is the one answer to a source already posted, whichever
// way a post is made: the new post, an edit, an approval.
type sourcePosted struct {
	err *burg.Error
	// Post is the live post that has the source.
	Post *burg.Post
}

func (e *sourcePosted) Error() string { return e.err.Error() }
func (e *sourcePosted) Unwrap() error { return e.err }

// PostedAlready returns the post that has the source already when err is
// a refusal of a source posted before, else nil.
func PostedAlready(err error) *burg.Post {
	var sp *sourcePosted
	if errors.As(err, &sp) {
		return sp.Post
	}
	return nil
}

// checkSourceFree refuses a source URL that a live post other than self
// has already: "a source is posted once".
func (a *App) checkSourceFree(ctx context.Context, sourceURL string, self int64) error {
	if sourceURL == "" {
		return nil
	}
	dup, err := a.store.FindPostBySourceURL(ctx, sourceURL)
	switch {
	case burg.ErrorCode(err) == burg.ENOTFOUND:
		return nil
	case err != nil:
		return err
	case dup.ID == self:
		return nil
	}
	return &sourcePosted{err: burg.Errorf(burg.EINVALID, "This page has been posted already, as %q.", burg.Clip(dup.Title, 80)), Post: dup}
}

// sourceRace turns the store's refusal of a second live post with one
// source (two posters at the same moment) into the same answer.
func (a *App) sourceRace(ctx context.Context, err error, sourceURL string, self int64) error {
	if burg.ErrorCode(err) == burg.ECONFLICT && sourceURL != "" {
		if ferr := a.checkSourceFree(ctx, sourceURL, self); ferr != nil {
			return ferr
		}
	}
	return err
}
