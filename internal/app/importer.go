package app

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/markup"
	"github.com/burg-news/burg/internal/nick"
)

// What imports share: the summary they give, the batches they store, and
// the rules for the users, sections and tags they bring. The importers
// themselves are wxr.go (WordPress) and feeds.go (RSS and Atom).

// DefaultImportBatch is how many items an import stores per transaction.
const DefaultImportBatch = 200

// ImportedPage is the page that sections made by imports go on.
const ImportedPage = "imported"

// maxNotes bounds the notes a summary keeps.
const maxNotes = 50

// ImportSummary says what an import brought over and what it left, and
// why.
type ImportSummary struct {
	Source string
	// Made counts what was made, by kind: "post", "page" (a WordPress
	// page, stored as a post), "comment", "user", "section", "tag".
	Made map[string]int
	// Mapped counts what was found here already and used, by kind: an
	// author whose nick a user has, a category whose slug a section has.
	Mapped map[string]int
	// Again counts what an earlier run imported already, by kind.
	Again map[string]int
	// Skipped counts what was left out, by reason.
	Skipped map[string]int
	// Removed counts comments imported as removed, by their state on the
	// old site (held, spam, trash): Burg has no queue for them yet.
	Removed map[string]int
	// Notes are things an operator should know, such as an author given
	// another nick because theirs was taken.
	Notes []string
	// Batches is how many transactions were committed.
	Batches int
	// Undated counts posts the file gives no date, dated by its feed
	// dates or the time of the import.
	Undated int
}

func newSummary(source string) *ImportSummary {
	return &ImportSummary{Source: source, Made: map[string]int{}, Mapped: map[string]int{}, Again: map[string]int{},
		Skipped: map[string]int{}, Removed: map[string]int{}}
}

func (s *ImportSummary) skip(reason string) { s.Skipped[reason]++ }

func (s *ImportSummary) note(format string, args ...any) {
	if len(s.Notes) < maxNotes {
		s.Notes = append(s.Notes, fmt.Sprintf(format, args...))
	} else if len(s.Notes) == maxNotes {
		s.Notes = append(s.Notes, "(more notes left out)")
	}
}

// Lines gives the summary as lines for a person: what was made, found,
// skipped and why.
func (s *ImportSummary) Lines() []string {
	var out []string
	list := func(label string, m map[string]int) {
		if len(m) == 0 {
			return
		}
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(m)) {
			parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
		}
		out = append(out, label+": "+strings.Join(parts, ", "))
	}
	list("imported", s.Made)
	list("found here already and used", s.Mapped)
	list("imported by an earlier run", s.Again)
	list("comments imported as removed, by their state on the old site", s.Removed)
	if len(s.Skipped) > 0 {
		out = append(out, "skipped:")
		for _, k := range slices.Sorted(maps.Keys(s.Skipped)) {
			out = append(out, fmt.Sprintf("  %6d  %s", s.Skipped[k], k))
		}
	}
	if s.Undated > 0 {
		out = append(out, fmt.Sprintf("%d posts had no date of their own: they are dated by the export's feed dates, or now", s.Undated))
	}
	for _, n := range s.Notes {
		out = append(out, "note: "+n)
	}
	return out
}

// ImportProgress is told after each committed batch.
type ImportProgress struct {
	Items    int // records read so far
	Posts    int // posts made so far
	Comments int // comments made so far
}

// importer is the state one import run keeps: what it has made or found
// so far, by foreign id, and the batch being filled.
type importer struct {
	a       *App
	sum     *ImportSummary
	batch   burg.ImportBatch
	size    int
	users   map[string]int64 // by foreign id
	nicks   *nick.Reserved
	allNick []string
	tags    map[string]*burg.Tag // by slug
	tagName map[string]*burg.Tag // by lower-cased name
	page    *burg.Page
	secs    map[string]*burg.Section // by slug
	secIDs  map[string]int64         // by foreign id
	nextPos int
}

// newImporter reads what an import needs to know of the site: its users,
// tags and sections.
func (a *App) newImporter(ctx context.Context, x Actor, source string, batchSize int) (*importer, error) {
	if err := x.needAdmin(); err != nil {
		return nil, err
	}
	if batchSize <= 0 {
		batchSize = DefaultImportBatch
	}
	im := &importer{a: a, sum: newSummary(source), size: batchSize, users: map[string]int64{},
		tags: map[string]*burg.Tag{}, tagName: map[string]*burg.Tag{}, secs: map[string]*burg.Section{}, secIDs: map[string]int64{}}
	im.batch.Source = source
	users, err := a.store.FindUsers(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		im.allNick = append(im.allNick, u.Nick)
	}
	im.nicks = nick.NewReserved(im.allNick...)
	tags, err := a.store.FindTags(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range tags {
		im.tags[t.Slug] = t
		im.tagName[strings.ToLower(t.Name)] = t
	}
	sections, err := a.store.FindSections(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range sections {
		im.secs[s.Slug] = s
		if s.Page != nil && s.Page.Slug == ImportedPage {
			im.page = s.Page
			im.nextPos = max(im.nextPos, s.Position+1)
		}
	}
	return im, nil
}

// flush stores the batch, if it holds anything, in one transaction.
func (im *importer) flush(ctx context.Context) error {
	if im.batch.Len() == 0 {
		return nil
	}
	if err := im.a.store.StoreImport(ctx, &im.batch); err != nil {
		return err
	}
	im.sum.Batches++
	for _, u := range im.batch.Users {
		im.users[u.ForeignID] = u.User.ID
	}
	for _, s := range im.batch.Sections {
		im.secIDs[s.ForeignID] = s.Section.ID
	}
	for _, p := range im.batch.Posts {
		for _, t := range p.Post.Tags {
			if _, ok := im.tags[t.Slug]; !ok || im.tags[t.Slug].ID == 0 {
				im.tags[t.Slug] = t
				im.tagName[strings.ToLower(t.Name)] = t
			}
		}
	}
	im.batch = burg.ImportBatch{Source: im.batch.Source}
	return nil
}

// done publishes one event for the whole import, so that caches drop
// everything once rather than once per post.
func (im *importer) done(ctx context.Context) {
	if im.sum.Batches > 0 {
		im.a.publish(ctx, burg.Event{Kind: burg.EventAll})
	}
}

// importedPage returns the page sections made by imports go on, making it
// the first time.
func (im *importer) importedPage(ctx context.Context) (*burg.Page, error) {
	if im.page != nil {
		return im.page, nil
	}
	p, err := im.a.store.FindPageBySlug(ctx, ImportedPage)
	if burg.ErrorCode(err) == burg.ENOTFOUND {
		pages, perr := im.a.store.FindPages(ctx)
		if perr != nil {
			return nil, perr
		}
		p = &burg.Page{Name: "Imported", Slug: ImportedPage, Position: len(pages)}
		err = im.a.store.CreatePage(ctx, p)
	}
	if err != nil {
		return nil, err
	}
	im.page = p
	return p, nil
}

// section returns the ID of the section a category (by foreign id: its
// slug) becomes: the one an earlier run made, one with the same slug
// here, or a new one on the Imported page, made in the batch. It returns
// 0, with the section pending in the batch, when it is new.
func (im *importer) section(ctx context.Context, foreignID, name string) (int64, *burg.Section, error) {
	if id, ok := im.secIDs[foreignID]; ok {
		return id, nil, nil
	}
	for _, s := range im.batch.Sections {
		if s.ForeignID == foreignID {
			return 0, s.Section, nil
		}
	}
	got, err := im.a.store.FindImports(ctx, im.batch.Source, burg.ImportSection, []string{foreignID})
	if err != nil {
		return 0, nil, err
	}
	if id, ok := got[foreignID]; ok {
		im.secIDs[foreignID] = id
		im.sum.Again["section"]++
		return id, nil, nil
	}
	slug := foreignID
	if !burg.ValidSlug(slug) {
		slug = burg.Slugify(name, 80)
	}
	if slug == "" {
		slug = "imported-" + strconv.Itoa(len(im.secIDs)+len(im.batch.Sections)+1)
	}
	if s, ok := im.secs[slug]; ok {
		im.secIDs[foreignID] = s.ID
		im.sum.Mapped["section"]++
		return s.ID, nil, nil
	}
	page, err := im.importedPage(ctx)
	if err != nil {
		return 0, nil, err
	}
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		name = slug
	}
	if utf8.RuneCountInString(name) > 80 {
		name = string([]rune(name)[:80])
	}
	sec := &burg.Section{PageID: page.ID, Page: page, Name: name, Slug: slug, Position: im.nextPos}
	if err := sec.Validate(); err != nil {
		return 0, nil, err
	}
	im.nextPos++
	im.secs[slug] = sec
	im.batch.Sections = append(im.batch.Sections, burg.ImportedSection{Section: sec, ForeignID: foreignID})
	im.sum.Made["section"]++
	return 0, sec, nil
}

// user returns the ID of the user an author (by foreign id) becomes, or 0
// with the user pending in the batch. An author whose nick a user has
// here already (whatever its case) is that user; one whose nick only
// looks like another's (the rules that keep commenters from passing for
// members) gets the nick with " (imported)" and a number if need be, and
// a note says so. New users are posters without a password: they cannot
// log in until an admin resets theirs.
func (im *importer) user(ctx context.Context, foreignID, want string) (int64, *burg.User, error) {
	if id, ok := im.users[foreignID]; ok {
		return id, nil, nil
	}
	for _, u := range im.batch.Users {
		if u.ForeignID == foreignID {
			return 0, u.User, nil
		}
	}
	got, err := im.a.store.FindImports(ctx, im.batch.Source, burg.ImportUser, []string{foreignID})
	if err != nil {
		return 0, nil, err
	}
	if id, ok := got[foreignID]; ok {
		im.users[foreignID] = id
		im.sum.Again["user"]++
		return id, nil, nil
	}
	cand := userNick(want)
	if cand == "" {
		cand = userNick(foreignID)
	}
	if cand == "" {
		cand = "Imported author"
	}
	if u, err := im.a.store.FindUserByNick(ctx, cand); err == nil {
		im.users[foreignID] = u.ID
		im.sum.Mapped["user"]++
		im.sum.note("the author %q is the user %s, who has that nick here", want, u.Nick)
		return u.ID, nil, nil
	} else if burg.ErrorCode(err) != burg.ENOTFOUND {
		return 0, nil, err
	}
	final := cand
	for i := 1; ; i++ {
		if _, taken := im.nicks.Owner(final); !taken {
			break
		}
		suffix := " (imported)"
		if i > 1 {
			suffix = " (imported " + strconv.Itoa(i) + ")"
		}
		final = clipRunes(cand, 40-utf8.RuneCountInString(suffix)) + suffix
		if i > 20 {
			return 0, nil, burg.Errorf(burg.EINVALID, "No free nick for the author %q.", want)
		}
	}
	if final != cand {
		owner, _ := im.nicks.Owner(cand)
		im.sum.note("the author %q looks too much like the user %s, so they are %q here", cand, owner, final)
	}
	u := &burg.User{Nick: final, Role: burg.RolePoster}
	if err := u.Validate(); err != nil {
		return 0, nil, err
	}
	im.allNick = append(im.allNick, final)
	im.nicks = nick.NewReserved(im.allNick...)
	im.batch.Users = append(im.batch.Users, burg.ImportedUser{User: u, ForeignID: foreignID})
	im.sum.Made["user"]++
	return 0, u, nil
}

// userNick makes a nick a user may have from a name written elsewhere.
func userNick(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune("/?#%\\", r) || r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return clipRunes(strings.Join(strings.Fields(s), " "), 40)
}

func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:n]))
}

// tagsFor resolves tags by slug or name, as the posting form does; new
// ones are made with the post. Past MaxTags the rest are dropped.
func (im *importer) tagsFor(names, slugs []string) []*burg.Tag {
	var out []*burg.Tag
	seen := map[string]bool{}
	for i, name := range names {
		name = strings.Join(strings.Fields(name), " ")
		if name == "" {
			continue
		}
		slug := ""
		if i < len(slugs) && burg.ValidSlug(slugs[i]) {
			slug = slugs[i]
		}
		t := im.tagName[strings.ToLower(name)]
		if t == nil && slug != "" {
			t = im.tags[slug]
		}
		if t == nil {
			if slug == "" {
				slug = burg.Slugify(name, 80)
			}
			if slug == "" {
				im.sum.skip("tags without Latin letters or digits for an address")
				continue
			}
			if t = im.tags[slug]; t == nil {
				t = &burg.Tag{Name: clipRunes(name, 80), Slug: slug}
				if t.Validate() != nil {
					im.sum.skip("tags that are not valid here")
					continue
				}
				im.tags[slug] = t
				im.tagName[strings.ToLower(name)] = t
				im.sum.Made["tag"]++
			}
		}
		if seen[t.Slug] {
			continue
		}
		if len(out) == MaxTags {
			im.sum.skip(fmt.Sprintf("tags past the %d a post may have", MaxTags))
			break
		}
		seen[t.Slug] = true
		out = append(out, t)
	}
	return out
}

// commentBody turns a comment's HTML into markup, or "" when nothing is
// left.
func commentBody(html string) string {
	body := markup.FromHTML(html, false)
	if utf8.RuneCountInString(body) > burg.MaxCommentLen {
		body = string([]rune(body)[:burg.MaxCommentLen-1]) + "…"
	}
	return body
}

// postBody turns a post's HTML into markup within the limit of a post.
func postBody(html string) string {
	body := markup.FromHTML(html, true)
	if len(body) > burg.MaxBodyLen {
		body = clipParagraphs(body, burg.MaxBodyLen)
	}
	return body
}

// postTitle makes a title a post may have: untitled items are named by
// the start of their text.
func postTitle(title, body string) string {
	title = strings.Join(strings.Fields(title), " ")
	if title == "" {
		title = markup.Excerpt(body, 80)
	}
	if title == "" {
		title = "Untitled"
	}
	return clipRunes(title, burg.MaxTitleLen)
}
