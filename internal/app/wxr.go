package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/nick"
	"github.com/burg-news/burg/internal/wxr"
)

// WXROptions tune ImportWXR.
type WXROptions struct {
	// Location is the zone of dates the export gives without their GMT
	// twin (drafts, some old exporters); the site's zone when nil.
	Location *time.Location
	// BatchSize is how many items are stored per transaction; 0 means
	// DefaultImportBatch.
	BatchSize int
	// Name names the export when it does not name its site (the file's
	// name, say), for the record of what was imported.
	Name string
	// Progress, when set, is told after each committed batch.
	Progress func(ImportProgress)
}

// What becomes of a WordPress comment's approval state. Burg keeps live
// and removed comments; the states that are not "approved" become removed
// comments with the reason, until Burg has a queue of held comments.
var wxrCommentStates = map[string]struct{ label, reason string }{
	"0":     {"held", "Held for moderation on the old site."},
	"spam":  {"spam", "Marked as spam on the old site."},
	"trash": {"trash", "In the trash on the old site."},
}

// ImportWXR imports a WordPress export (WXR 1.0 to 1.2) as the actor, an
// admin or the operator: published posts and pages (pages as posts in a
// section "Pages"), categories as sections on the page "Imported", tags,
// authors as posters, and comments with their author, e-mail, website,
// address, time, approval state and parent.
//
// It reads the file as a stream and stores opt.BatchSize items per
// transaction, each with the record of what it made, so memory stays
// flat on a file of any size, and a run stopped by a fault in the file
// (returned with its line and column, with the summary so far) leaves
// whole batches behind: running it again on the mended file skips what
// is stored and goes on. A second run of the same file changes nothing.
// One EventAll is published at the end.
func (a *App) ImportWXR(ctx context.Context, x Actor, r io.Reader, opt WXROptions) (*ImportSummary, error) {
	loc := opt.Location
	if loc == nil {
		loc = a.cfg.Location
	}
	rd := wxr.NewReader(r)
	site, err := rd.Site()
	if err != nil {
		return newSummary(""), err
	}
	origin := cmp.Or(site.BaseBlogURL, site.BaseSiteURL, site.Link, opt.Name, site.Title)
	if origin == "" {
		return newSummary(""), burg.Errorf(burg.EINVALID, "The export names no site; give it a name.")
	}
	im, err := a.newImporter(ctx, x, "wxr:"+origin, opt.BatchSize)
	if err != nil {
		return newSummary("wxr:" + origin), err
	}
	w := &wxrRun{im: im, loc: loc, categories: map[string]string{}, authors: map[string]string{}, sitePubDate: site.PubDate}
	items := 0
	defer im.done(ctx)
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// What is whole is stored, so that a run on the mended file
			// goes on from there.
			if ferr := w.flush(ctx); ferr != nil {
				return im.sum, errors.Join(err, ferr)
			}
			return im.sum, err
		}
		items++
		switch rec := rec.(type) {
		case *wxr.Author:
			name := cmp.Or(strings.TrimSpace(rec.DisplayName), strings.TrimSpace(rec.FirstName+" "+rec.LastName), rec.Login)
			if rec.Login != "" {
				w.authors[rec.Login] = name
				// Every author becomes a poster, with posts here or not.
				if _, _, err := im.user(ctx, rec.Login, name); err != nil {
					return im.sum, err
				}
			}
		case *wxr.Category:
			if rec.Slug != "" {
				w.categories[rec.Slug] = cmp.Or(rec.Name, rec.Slug)
				// Every category becomes a section, so that the site's map
				// comes over whole.
				if _, _, err := im.section(ctx, rec.Slug, w.categories[rec.Slug]); err != nil {
					return im.sum, err
				}
			}
		case *wxr.Tag:
			// Tags are made with the posts filed under them.
		case *wxr.Term:
			if rec.Taxonomy == "category" && rec.Slug != "" {
				w.categories[rec.Slug] = cmp.Or(rec.Name, rec.Slug)
				if _, _, err := im.section(ctx, rec.Slug, w.categories[rec.Slug]); err != nil {
					return im.sum, err
				}
			}
		case *wxr.Item:
			w.pending = append(w.pending, rec)
			if len(w.pending) >= im.size {
				if err := w.flush(ctx); err != nil {
					return im.sum, err
				}
				if opt.Progress != nil {
					opt.Progress(ImportProgress{Items: items, Posts: im.sum.Made["post"] + im.sum.Made["page"], Comments: im.sum.Made["comment"]})
				}
			}
		}
	}
	if err := w.flush(ctx); err != nil {
		return im.sum, err
	}
	if opt.Progress != nil {
		opt.Progress(ImportProgress{Items: items, Posts: im.sum.Made["post"] + im.sum.Made["page"], Comments: im.sum.Made["comment"]})
	}
	return im.sum, nil
}

// wxrRun is one run of ImportWXR.
type wxrRun struct {
	im         *importer
	loc        *time.Location
	categories map[string]string // slug → name, from the header
	authors    map[string]string // login → display name
	pending    []*wxr.Item
	// sitePubDate is when the export was made, for items without dates.
	sitePubDate string
	batchKeys   map[string]bool // items and comments of the batch
}

// fallbackTime dates an item the export gives no WordPress date: its
// RSS pubDate, else the export's, else now.
func (w *wxrRun) fallbackTime(it *wxr.Item) time.Time {
	for _, v := range []string{it.PubDate, w.sitePubDate} {
		for _, layout := range []string{time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST"} {
			if t, err := time.Parse(layout, strings.TrimSpace(v)); err == nil && t.Year() > 1970 {
				return t
			}
		}
	}
	return w.im.a.now()
}

// itemKey is the foreign id of an item: its post id, else its guid or
// link.
func itemKey(it *wxr.Item) string {
	if it.ID != 0 {
		return strconv.FormatInt(it.ID, 10)
	}
	return cmp.Or(it.GUID, it.Link, "line "+strconv.Itoa(it.Line))
}

// flush turns the pending items into a batch and stores it.
func (w *wxrRun) flush(ctx context.Context) error {
	im := w.im
	if len(w.pending) == 0 {
		return im.flush(ctx)
	}
	keys := make([]string, 0, len(w.pending))
	var commentKeys []string
	for _, it := range w.pending {
		keys = append(keys, itemKey(it))
		for _, c := range it.Comments {
			commentKeys = append(commentKeys, strconv.FormatInt(c.ID, 10))
		}
	}
	donePosts, err := im.a.store.FindImports(ctx, im.batch.Source, burg.ImportPost, keys)
	if err != nil {
		return err
	}
	doneComments, err := im.a.store.FindImports(ctx, im.batch.Source, burg.ImportComment, commentKeys)
	if err != nil {
		return err
	}
	// Keys repeated within the batch are caught here, those of earlier
	// batches by the record of imports: memory stays that of one batch.
	w.batchKeys = map[string]bool{}
	for _, it := range w.pending {
		if err := w.item(ctx, it, donePosts, doneComments); err != nil {
			return err
		}
	}
	w.pending = w.pending[:0]
	return im.flush(ctx)
}

// item adds one item, with its comments, to the batch, or says why not.
func (w *wxrRun) item(ctx context.Context, it *wxr.Item, donePosts, doneComments map[string]int64) error {
	im := w.im
	key := itemKey(it)
	kind := "post"
	switch it.Type {
	case "post", "":
		// An item without a type is a post, as WordPress's importer takes it.
	case "page":
		kind = "page"
	case "attachment":
		im.sum.skip("attachments (files are not brought over)")
		return nil
	case "nav_menu_item":
		im.sum.skip("menu items")
		return nil
	default:
		im.sum.skip("items of the post type " + strconv.Quote(it.Type))
		return nil
	}
	switch it.Status {
	case "publish", "":
	case "draft", "auto-draft", "pending", "future", "private", "trash", "inherit":
		im.sum.skip(kind + "s that are " + statusWord(it.Status))
		return nil
	default:
		im.sum.skip(kind + "s in the state " + strconv.Quote(it.Status))
		return nil
	}
	if it.Password != "" {
		im.sum.skip(kind + "s behind a password")
		return nil
	}
	if w.batchKeys[key] {
		im.sum.skip("items whose id repeats an earlier item's")
		return nil
	}
	w.batchKeys[key] = true
	postID, imported := donePosts[key]
	if imported {
		im.sum.Again[kind]++
	} else {
		posted, err := it.Time(w.loc)
		if err != nil {
			im.sum.skip(kind + "s whose date cannot be read")
			im.sum.note("%s %s (line %d): %s", kind, key, it.Line, burg.ErrorMessage(err))
			return nil
		}
		if posted.IsZero() {
			// WordPress's own importer dates such an item now; the
			// export's feed dates say more.
			posted = w.fallbackTime(it)
			im.sum.Undated++
		}
		p := &burg.Post{PostedAt: posted}
		p.Body = postBody(it.Content)
		p.Title = postTitle(it.Title, p.Body)
		if burg.ValidSlug(it.Name) && len(it.Name) <= 80 {
			p.Slug = it.Name
		}
		if mod, err := it.ModifiedTime(w.loc); err == nil && mod.After(posted) {
			p.UpdatedAt = mod
		}
		if it.CommentStatus == "closed" {
			closed := posted
			p.CommentsCloseAt = &closed
		}
		if err := w.place(ctx, it, kind, p); err != nil {
			return err
		}
		var names, slugs []string
		for _, t := range it.Tags() {
			names, slugs = append(names, t.Name), append(slugs, t.Slug)
		}
		p.Tags = im.tagsFor(names, slugs)
		check := *p
		if check.PosterID == 0 {
			check.PosterID = -1 // made in this batch
		}
		if check.SectionID == 0 {
			check.SectionID = -1
		}
		if err := check.Validate(); err != nil {
			im.sum.skip(kind + "s that are not valid here")
			im.sum.note("%s %s (line %d): %s", kind, key, it.Line, burg.ErrorMessage(err))
			return nil
		}
		im.batch.Posts = append(im.batch.Posts, burg.ImportedPost{Post: p, ForeignID: key})
		im.sum.Made[kind]++
	}
	return w.comments(it, key, postID, doneComments)
}

func statusWord(s string) string {
	switch s {
	case "draft", "auto-draft":
		return "drafts"
	case "pending":
		return "pending review"
	case "future":
		return "scheduled"
	case "private":
		return "private"
	case "trash":
		return "in the trash"
	}
	return s
}

// place sets the post's section and poster, making them in the batch
// when they are new. A user or section made in this batch is known by
// pointer until the batch is stored; the store resolves them.
func (w *wxrRun) place(ctx context.Context, it *wxr.Item, kind string, p *burg.Post) error {
	im := w.im
	var secID int64
	var sec *burg.Section
	var err error
	if kind == "page" {
		secID, sec, err = im.section(ctx, "wp-pages", "Pages")
	} else if cats := it.Categories(); len(cats) > 0 {
		c := cats[0]
		slug := cmp.Or(c.Slug, burg.Slugify(c.Name, 80))
		secID, sec, err = im.section(ctx, slug, cmp.Or(w.categories[slug], c.Name, slug))
	} else {
		secID, sec, err = im.section(ctx, "uncategorized", "Uncategorized")
	}
	if err != nil {
		return err
	}
	login := it.Author
	name := cmp.Or(w.authors[login], login)
	if login == "" {
		login, name = "(no author)", "WordPress"
	}
	uid, u, err := im.user(ctx, login, name)
	if err != nil {
		return err
	}
	p.SectionID, p.Section = secID, sec
	p.PosterID, p.Poster = uid, u
	return nil
}

// comments adds the item's comments that are not imported yet, in the
// order they were written.
func (w *wxrRun) comments(it *wxr.Item, postKey string, postID int64, done map[string]int64) error {
	im := w.im
	cs := slices.Clone(it.Comments)
	times := make(map[int64]time.Time, len(cs))
	for _, c := range cs {
		at, err := c.Time(w.loc)
		if err == nil {
			times[c.ID] = at
		}
	}
	slices.SortStableFunc(cs, func(x, y wxr.Comment) int {
		if c := times[x.ID].Compare(times[y.ID]); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
	for _, c := range cs {
		key := strconv.FormatInt(c.ID, 10)
		if _, ok := done[key]; ok {
			im.sum.Again["comment"]++
			continue
		}
		if w.batchKeys["comment "+key] {
			im.sum.skip("comments whose id repeats an earlier comment's")
			continue
		}
		w.batchKeys["comment "+key] = true
		switch c.Type {
		case "", "comment":
		case "pingback", "trackback":
			im.sum.skip(c.Type + "s")
			continue
		default:
			im.sum.skip("comments of the type " + strconv.Quote(c.Type))
			continue
		}
		at, ok := times[c.ID]
		if !ok || at.IsZero() {
			im.sum.skip("comments whose date cannot be read")
			continue
		}
		nc := &burg.Comment{PostID: postID, CreatedAt: at, Body: commentBody(c.Content)}
		if strings.TrimSpace(nc.Body) == "" {
			im.sum.skip("empty comments")
			continue
		}
		if n, err := nick.Clean(c.Author); err == nil {
			nc.Nick = n
		} else {
			nc.Nick = "Anonymous"
		}
		if e := strings.TrimSpace(c.AuthorEmail); e != "" {
			probe := burg.Comment{PostID: 1, Nick: "x", Body: "x", Email: e}
			if probe.Validate() == nil {
				nc.Email = e
			}
		}
		if site := burg.NormalizeWebsite(c.AuthorURL); site != "" && site != "https://" && site != "http://" {
			probe := burg.Comment{PostID: 1, Nick: "x", Body: "x", Website: site}
			if probe.Validate() == nil {
				nc.Website = site
			}
		}
		if ip, err := netip.ParseAddr(strings.TrimSpace(c.AuthorIP)); err == nil {
			nc.IP = ip.Unmap().String()
		}
		if st, ok := wxrCommentStates[c.Approved]; ok {
			removed := at
			nc.DeletedAt, nc.DeleteReason = &removed, st.reason
			im.sum.Removed[st.label]++
		} else if c.Approved != "1" && c.Approved != "" {
			im.sum.skip("comments in the state " + strconv.Quote(c.Approved))
			continue
		}
		probe := *nc
		probe.PostID = 1
		if err := probe.Validate(); err != nil {
			im.sum.skip("comments that are not valid here")
			im.sum.note("comment %s on %s: %s", key, postKey, burg.ErrorMessage(err))
			continue
		}
		ic := burg.ImportedComment{Comment: nc, ForeignID: key}
		if postID == 0 {
			ic.PostForeignID = postKey
		}
		if c.Parent != 0 {
			ic.ParentForeignID = strconv.FormatInt(c.Parent, 10)
		}
		im.batch.Comments = append(im.batch.Comments, ic)
		im.sum.Made["comment"]++
	}
	return nil
}

// WXRError explains a fault in an export for the operator: where it is,
// and that what came before it is stored.
func WXRError(err error, sum *ImportSummary) error {
	var se *wxr.SyntaxError
	if errors.As(err, &se) && sum != nil {
		return fmt.Errorf("%w\n%d batches before line %d are stored; mend the file and run the import again to go on from there",
			err, sum.Batches, se.Line)
	}
	return err
}
