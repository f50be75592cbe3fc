package web

import (
	"bytes"
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
)

// dayParams are the query parameters an edition reads.
var dayParams = []string{"d"}

// handleEditionShow serves the daily edition: today, or ?d=YYYY-MM-DD.
func (s *Server) handleEditionShow(w http.ResponseWriter, r *http.Request) {
	s.cachedRender(w, r, dayParams, func(r *http.Request) (built, error) { return s.edition(r, r.URL.Query().Get("d"), nil) })
}

// handleDayShow serves /day/YYYY-MM-DD.
func (s *Server) handleDayShow(w http.ResponseWriter, r *http.Request) {
	s.cachedRender(w, r, nil, func(r *http.Request) (built, error) { return s.edition(r, r.PathValue("date"), nil) })
}

// handlePageShow serves one page tab of an edition: /pages/{slug}?d=….
func (s *Server) handlePageShow(w http.ResponseWriter, r *http.Request) {
	s.cachedRender(w, r, dayParams, func(r *http.Request) (built, error) {
		page, err := s.store.FindPageBySlug(r.Context(), r.PathValue("slug"))
		if err != nil {
			return built{}, err
		}
		return s.edition(r, r.URL.Query().Get("d"), page)
	})
}

// edition builds the page of one day's edition, or of one page tab of it.
func (s *Server) edition(r *http.Request, dayParam string, tab *burg.Page) (built, error) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	now := s.now()
	today, _ := s.dayBounds(now)
	day := today
	if dayParam != "" {
		d, err := s.parseDay(dayParam)
		if err != nil {
			return built{}, err
		}
		day = d
	}
	_, dayEnd := s.dayBounds(day)

	f := burg.PostFilter{From: day, Until: dayEnd, Limit: 500, Listing: true}
	if tab != nil {
		f.PageID = tab.ID
	}
	posts, _, err := s.store.FindPosts(ctx, f)
	if err != nil {
		return built{}, err
	}
	views, err := s.viewAll(ctx, posts)
	if err != nil {
		return built{}, err
	}
	title := ""
	if !day.Equal(today) {
		title = day.Format("January 2, 2006")
	}
	if tab != nil {
		title = tab.Name + " · " + day.Format("January 2, 2006")
	}
	p := &editionPage{
		base:      s.base(r, title),
		Day:       day,
		IsToday:   day.Equal(today),
		Groups:    groupEdition(views),
		PostCount: len(posts),
	}
	if !p.Slots {
		if p.Counter, err = s.siteCounter(ctx); err != nil {
			return built{}, err
		}
	}
	if err := s.withChrome(ctx, &p.base); err != nil {
		return built{}, err
	}
	p.Description = s.cfg.SiteName + ": the news of " + day.Format("January 2, 2006") + "."
	if tab != nil {
		p.CurrentTab = tab.Slug
		p.Canonical = "/pages/" + tab.Slug + "?d=" + day.Format(burg.DateLayout)
	} else if !p.IsToday {
		p.Canonical = "/day/" + day.Format(burg.DateLayout)
	}
	p.DayTabs = s.dayTabs(today, day, tab)
	if tab == nil {
		years, err := s.caches.onThisDay.get(day.Unix(), now, func() ([]app.YearPosts, error) { return s.app.OnThisDay(ctx, day) })
		if err != nil {
			return built{}, err
		}
		for _, y := range years {
			ov := onThisDayYear{Day: y.Day}
			for _, post := range y.Posts {
				ov.Posts = append(ov.Posts, s.view(post))
				b := depPost(post.ID)
				p.onThisDayDeps = append(p.onThisDayDeps, b)
			}
			p.OnThisDay = append(p.OnThisDay, ov)
		}
	}
	p.PrevDay = day.AddDate(0, 0, -1).Format(burg.DateLayout)
	if day.Before(today) {
		p.NextDay = day.AddDate(0, 0, 1).Format(burg.DateLayout)
	}
	b := built{name: "edition", page: p, deps: append(postDeps(posts), p.onThisDayDeps...)}
	if p.Slots {
		b.parts = s.articleSegments(views)
	}
	return b, nil
}

// postSlot names the slot of an article in a shared page.
func postSlot(id int64) string { return "post:" + strconv.FormatInt(id, 10) }

// articleSegments returns each article's HTML as a segment, rendered and
// deflated once per version of the article (its text, counts and views)
// rather than once per page that shows it.
func (s *Server) articleSegments(views []*postView) map[string]segment {
	out := make(map[string]segment, len(views))
	t := s.tmpl["edition"]
	for _, v := range views {
		stamp := articleStamp(v)
		seg, ok := s.caches.articleSegs.get(v.ID, stamp)
		if !ok {
			var b bytes.Buffer
			if err := t.ExecuteTemplate(&b, "article", v); err != nil {
				s.logger.Error("render article", "post", v.ID, "err", err)
				continue // the page renders the slot empty
			}
			seg = newSegment(b.Bytes())
			s.caches.articleSegs.put(v.ID, stamp, seg)
		}
		out[postSlot(v.ID)] = seg
	}
	return out
}

// articleStamp names a version of what an article shows on a page.
func articleStamp(v *postView) string {
	p := v.Post
	var b strings.Builder
	fmt.Fprintf(&b, "%d|%d|%d|%d|%d|%t", p.UpdatedAt.UnixNano(), v.CommentCount, v.Views, len(p.Remarks), p.PosterID, v.CommentsOpen)
	if v.LastCommentAt != nil {
		b.WriteString("|" + strconv.FormatInt(v.LastCommentAt.UnixNano(), 10))
	}
	for _, r := range p.Remarks {
		b.WriteString("|" + strconv.FormatInt(r.ID, 10))
	}
	for _, t := range p.Tags {
		b.WriteString("|" + t.Slug + "=" + t.Name)
	}
	return b.String()
}

// postDeps are the dependencies of a page that lists posts.
func postDeps(posts []*burg.Post) []string {
	deps := make([]string, len(posts))
	for i, p := range posts {
		deps[i] = depPost(p.ID)
	}
	return deps
}

// dayTabs is today and the seven days before it.
func (s *Server) dayTabs(today, current time.Time, tab *burg.Page) []dayTab {
	tabs := make([]dayTab, 0, 8)
	for i := range 8 {
		d := today.AddDate(0, 0, -i)
		t := dayTab{Label: d.Format("Mon 1/2"), Current: d.Equal(current)}
		if i == 0 {
			t.Label = "Today"
		}
		switch {
		case tab != nil && i == 0:
			t.URL = "/pages/" + tab.Slug
		case tab != nil:
			t.URL = "/pages/" + tab.Slug + "?d=" + d.Format(burg.DateLayout)
		case i == 0:
			t.URL = "/"
		default:
			t.URL = "/day/" + d.Format(burg.DateLayout)
		}
		tabs = append(tabs, t)
	}
	return tabs
}

// groupEdition groups a day's posts by page tab and section, in their
// order; within a section and in the headlines, newest first.
func groupEdition(posts []*postView) []*pageGroup {
	var groups []*pageGroup
	byPage := map[int64]*pageGroup{}
	bySection := map[int64]*sectionGroup{}
	for _, p := range posts { // posts come newest first
		sec := p.Section
		g, ok := byPage[sec.PageID]
		if !ok {
			g = &pageGroup{Page: sec.Page}
			byPage[sec.PageID] = g
			groups = append(groups, g)
		}
		g.Posts = append(g.Posts, p)
		sg, ok := bySection[sec.ID]
		if !ok {
			sg = &sectionGroup{Section: sec}
			bySection[sec.ID] = sg
			g.Sections = append(g.Sections, sg)
		}
		sg.Posts = append(sg.Posts, p)
	}
	slices.SortStableFunc(groups, func(a, b *pageGroup) int {
		return cmp.Or(cmp.Compare(a.Page.Position, b.Page.Position), cmp.Compare(a.Page.ID, b.Page.ID))
	})
	for _, g := range groups {
		slices.SortStableFunc(g.Sections, func(a, b *sectionGroup) int {
			return cmp.Or(cmp.Compare(a.Section.Position, b.Section.Position), cmp.Compare(a.Section.ID, b.Section.ID))
		})
	}
	return groups
}
