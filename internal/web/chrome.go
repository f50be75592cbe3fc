package web

import (
	"bytes"
	"context"
	"net/http"
	"time"

	burg "github.com/burg-news/burg"
)

// slotsKey marks a request whose page is rendered for the shared cache,
// with slot marks where the shared fragments go.
type slotsKey struct{}

func withSlots(r *http.Request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), slotsKey{}, true))
}

func hasSlots(r *http.Request) bool { v, _ := r.Context().Value(slotsKey{}).(bool); return v }

// base fills what every page shows around its content.
func (s *Server) base(r *http.Request, title string) base {
	b := base{SiteName: s.cfg.SiteName, Title: title, User: s.user(r), Slots: hasSlots(r), Origin: s.origin(r),
		Feeds: postFeeds(s.cfg.SiteName, ""), Theme: themeOf(r), Path: r.URL.Path}
	if title == "" {
		b.Title = s.cfg.SiteName
	} else {
		b.Title = title + " · " + s.cfg.SiteName
	}
	return b
}

// chrome is what pages show around their content: the page tabs and the
// side rail's data, read once and shared until a write changes it.
type chrome struct {
	day    time.Time
	tabs   []*burg.Page
	news   []burg.TagCount
	mods   []*burg.User
	latest []*burg.Comment
	users  []*burg.User
}

// chrome returns the shared page furniture.
func (s *Server) chrome(ctx context.Context) (*chrome, error) {
	today, _ := s.dayBounds(s.now())
	s.caches.checkDay(today)
	c, _, _, err := s.caches.chrome.get(s.now(), func() (*chrome, error) { return s.readChrome(ctx, today) }, s.refresh)
	return c, err
}

// refresh runs a fragment's background render with a context of its own:
// the request that started it may end first.
func (s *Server) refresh(render func()) { go render() }

func (s *Server) readChrome(ctx context.Context, today time.Time) (*chrome, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	tomorrow := today.AddDate(0, 0, 1)
	c := &chrome{day: today}
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

// railSegment is the side rail, rendered once for every shared page.
func (s *Server) railSegment(ctx context.Context) (segment, uint64, time.Time) {
	seg, v, at, err := s.caches.rail.get(s.now(), func() (segment, error) {
		var b base
		if err := s.withChrome(ctx, &b); err != nil {
			return segment{}, err
		}
		return s.renderFragment("rail", &b)
	}, s.refresh)
	if err != nil {
		s.logger.Error("render side rail", "err", err)
	}
	return seg, v, at
}

// counterSegment is the site counter, rendered once for every edition.
func (s *Server) counterSegment(ctx context.Context) (segment, uint64, time.Time) {
	seg, v, at, err := s.caches.counter.get(s.now(), func() (segment, error) {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		c, err := s.siteCounter(ctx)
		if err != nil {
			return segment{}, err
		}
		return s.renderFragment("counter", c)
	}, s.refresh)
	if err != nil {
		s.logger.Error("render site counter", "err", err)
	}
	return seg, v, at
}

// siteCounter reads the figures of the site counter.
func (s *Server) siteCounter(ctx context.Context) (*siteCounter, error) {
	now := s.now()
	today, tomorrow := s.dayBounds(now)
	counts, err := s.store.SiteCounts(ctx, today, tomorrow)
	if err != nil {
		return nil, err
	}
	return &siteCounter{Counts: counts, AsOf: now}, nil
}

// renderFragment renders one partial template into a segment.
func (s *Server) renderFragment(name string, data any) (segment, error) {
	var b bytes.Buffer
	if err := s.tmpl["error"].ExecuteTemplate(&b, name, data); err != nil {
		return segment{}, err
	}
	return newSegment(b.Bytes()), nil
}

// fragment returns the current segment of the shared fragment in a slot;
// ok is false for a slot that each request fills itself.
func (s *Server) fragment(ctx context.Context, slot string) (seg segment, version uint64, at time.Time, ok bool) {
	switch slot {
	case "rail":
		seg, version, at = s.railSegment(ctx)
		return seg, version, at, true
	case "counter":
		seg, version, at = s.counterSegment(ctx)
		return seg, version, at, true
	}
	return segment{}, 0, time.Time{}, false
}

// dayBounds returns the start of t's day in the site's location and the
// start of the next.
func (s *Server) dayBounds(t time.Time) (time.Time, time.Time) {
	y, m, d := t.In(s.cfg.Location).Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, s.cfg.Location)
	return start, start.AddDate(0, 0, 1)
}
