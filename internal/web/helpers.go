package web

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/markup"
)

const perPage = 50

// base fills what every page shows around its content.
func (s *Server) base(r *http.Request, title string) base {
	b := base{SiteName: s.cfg.SiteName, Title: title, User: s.user(r)}
	if title == "" {
		b.Title = s.cfg.SiteName
	} else {
		b.Title = title + " · " + s.cfg.SiteName
	}
	return b
}

// chrome is what pages show around their content, and the user facts
// handlers need, read once and shared until a write or pageTTL.
type chrome struct {
	version uint64
	at      time.Time
	day     time.Time
	tabs    []*burg.Page
	news    []burg.TagCount
	mods    []*burg.User
	latest  []*burg.Comment
	users   []*burg.User
}

// chrome returns the shared page furniture, from memory when fresh.
func (s *Server) chrome(ctx context.Context) (*chrome, error) {
	now := s.now()
	version := s.cache.version.Load()
	today, tomorrow := s.dayBounds(now)
	if c := s.chromeCache.Load(); c != nil && c.version == version && c.day.Equal(today) &&
		now.Sub(c.at) < pageTTL && !now.Before(c.at) {
		return c, nil
	}
	c := &chrome{version: version, at: now, day: today}
	var err error
	if c.tabs, err = s.store.FindPages(ctx); err != nil {
		return nil, err
	}
	if c.news, err = s.store.CountTags(ctx, today, tomorrow); err != nil {
		return nil, err
	}
	if len(c.news) > 30 {
		c.news = c.news[:30]
	}
	if c.users, err = s.store.FindUsers(ctx); err != nil {
		return nil, err
	}
	for _, u := range c.users {
		if u.IsModerator() {
			c.mods = append(c.mods, u)
		}
	}
	if c.latest, err = s.store.FindLatestComments(ctx, burg.LatestCommentsLen); err != nil {
		return nil, err
	}
	s.chromeCache.Store(c)
	return c, nil
}

// withChrome adds the page tabs and the side rail to b. It is a separate
// step so that error pages stay cheap when the store is down.
func (s *Server) withChrome(ctx context.Context, b *base) error {
	c, err := s.chrome(ctx)
	if err != nil {
		return err
	}
	b.Tabs = c.tabs
	b.Rail = &rail{Day: c.day, News: c.news, Moderators: c.mods, Comments: c.latest}
	return nil
}

// dayBounds returns the start of t's day in the site's location and the
// start of the next.
func (s *Server) dayBounds(t time.Time) (time.Time, time.Time) {
	y, m, d := t.In(s.cfg.Location).Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, s.cfg.Location)
	return start, start.AddDate(0, 0, 1)
}

// parseDay reads a YYYY-MM-DD day in the site's location.
func (s *Server) parseDay(v string) (time.Time, error) {
	t, err := time.ParseInLocation(burg.DateLayout, v, s.cfg.Location)
	if err != nil || t.Year() < 1970 || t.Year() > 9999 {
		return time.Time{}, burg.Errorf(burg.EINVALID, "%q is not a date; write it as YYYY-MM-DD.", clip(v, 40))
	}
	return t, nil
}

// parsePageNumber reads ?page=N (1 when absent).
func parsePageNumber(r *http.Request) (int, error) {
	v := r.URL.Query().Get("page")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100000 {
		return 0, burg.Errorf(burg.EINVALID, "%q is not a page number.", clip(v, 40))
	}
	return n, nil
}

// parseID reads a positive numeric id from the path.
func parseID(v, what string) (int64, error) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, burg.Errorf(burg.ENOTFOUND, "No such %s.", what)
	}
	return id, nil
}

// makePager links the pages of a listing at link, which may carry a query
// already; beyond the last page is ENOTFOUND.
func makePager(link string, page, total int) (pager, error) {
	pages := max((total+perPage-1)/perPage, 1)
	if page > pages {
		return pager{}, burg.Errorf(burg.ENOTFOUND, "There is no page %d; the last is %d.", page, pages)
	}
	p := pager{Page: page, Pages: pages, Total: total}
	if page > 1 {
		p.Prev = withPage(link, page-1)
	}
	if page < pages {
		p.Next = withPage(link, page+1)
	}
	return p, nil
}

// withPage adds ?page=n to link for pages after the first.
func withPage(link string, n int) string {
	if n <= 1 {
		return link
	}
	sep := "?"
	if strings.Contains(link, "?") {
		sep = "&"
	}
	return link + sep + "page=" + strconv.Itoa(n)
}

// view prepares a post for a page.
func (s *Server) view(p *burg.Post, c *chrome) *postView {
	body := s.bodies.get(p.ID, p.Body, 0, func() template.HTML {
		return markup.RenderPost(p.Body, markup.PostOptions{})
	})
	v := &postView{
		Post: p, ID: p.ID, Title: p.Title, Slug: p.Slug, SourceURL: p.SourceURL, SourceTag: p.SourceTag,
		Note: p.Note, PostedAt: p.PostedAt, Section: p.Section, Poster: p.Poster, Tags: p.Tags,
		CommentCount: p.CommentCount, LastCommentAt: p.LastCommentAt, LastCommentNick: p.LastCommentNick,
		Body:         body,
		Remarks:      s.viewRemarks(p.Remarks),
		Views:        p.Views,
		URL:          postURL(p),
		CommentsOpen: p.CommentsOpen(s.now(), s.cfg.CommentsCloseAfter),
	}
	if s.views != nil {
		v.Views += s.views.Pending(p.ID)
	}
	return v
}

func (s *Server) viewAll(ctx context.Context, posts []*burg.Post) ([]*postView, error) {
	c, err := s.chrome(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*postView, len(posts))
	for i, p := range posts {
		out[i] = s.view(p, c)
	}
	return out, nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// remarkView is an editorial remark ready to show.
type remarkView struct {
	User *burg.User
	Body template.HTML
}

// viewRemarks renders a post's remarks; their text goes through markup
// like every text a person typed.
func (s *Server) viewRemarks(rs []*burg.Remark) []remarkView {
	if len(rs) == 0 {
		return nil
	}
	out := make([]remarkView, len(rs))
	for i, r := range rs {
		out[i] = remarkView{User: r.User, Body: s.remarks.get(r.ID, r.Body, 0, func() template.HTML { return markup.Render(r.Body) })}
	}
	return out
}

// parseForm reads a posted form of at most limit bytes.
func parseForm(w http.ResponseWriter, r *http.Request, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseForm(); err != nil {
		return burg.Errorf(burg.EINVALID, "The form could not be read.")
	}
	return nil
}
