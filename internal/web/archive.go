package web

import (
	"net/http"
	"time"

	burg "github.com/burg-news/burg"
)

// handleArchiveIndex lists the months from the first post to now.
func (s *Server) handleArchiveIndex(w http.ResponseWriter, r *http.Request) {
	s.cachedRender(w, r, nil, s.archiveIndex)
}

func (s *Server) archiveIndex(r *http.Request) (built, error) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	first, _, err := s.store.FindPosts(ctx, burg.PostFilter{Oldest: true, Limit: 1})
	if err != nil {
		return built{}, err
	}
	p := &archiveIndexPage{base: s.base(r, "Archives")}
	p.Canonical = "/archives"
	if len(first) > 0 {
		now := s.now().In(s.cfg.Location)
		start := first[0].PostedAt.In(s.cfg.Location)
		m := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, s.cfg.Location)
		stop := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, s.cfg.Location)
		for ; !m.Before(stop); m = m.AddDate(0, -1, 0) {
			if n := len(p.Years); n == 0 || p.Years[n-1].Year != m.Year() {
				p.Years = append(p.Years, archiveYear{Year: m.Year()})
			}
			y := &p.Years[len(p.Years)-1]
			y.Months = append(y.Months, m)
		}
	}
	if err := s.withChrome(ctx, &p.base); err != nil {
		return built{}, err
	}
	return built{name: "archives", page: p}, nil
}

// handleArchiveMonth lists the days of a month with their post counts.
func (s *Server) handleArchiveMonth(w http.ResponseWriter, r *http.Request) {
	s.cachedRender(w, r, nil, s.archiveMonth)
}

func (s *Server) archiveMonth(r *http.Request) (built, error) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	v := r.PathValue("month")
	month, err := time.ParseInLocation(burg.MonthLayout, v, s.cfg.Location)
	if err != nil || month.Year() < 1970 || month.Year() > 9999 {
		return built{}, burg.Errorf(burg.EINVALID, "%q is not a month; write it as YYYY-MM.", burg.Clip(v, 40))
	}
	next := month.AddDate(0, 1, 0)
	days, err := s.store.CountPostsByDay(ctx, month, next, s.cfg.Location)
	if err != nil {
		return built{}, err
	}
	p := &archiveMonthPage{base: s.base(r, month.Format("January 2006")), Month: month, Days: days, Weeks: calendar(month, days)}
	p.Canonical = "/archives/" + month.Format(burg.MonthLayout)
	p.Prev = "/archives/" + month.AddDate(0, -1, 0).Format(burg.MonthLayout)
	if next.Before(s.now()) {
		p.Next = "/archives/" + next.Format(burg.MonthLayout)
	}
	if err := s.withChrome(ctx, &p.base); err != nil {
		return built{}, err
	}
	return built{name: "archive-month", page: p}, nil
}

// calendar lays out a month's days in weeks from Monday, each with its
// count of posts.
func calendar(month time.Time, days []burg.DayCount) [][]calendarDay {
	counts := map[int]int{}
	for _, d := range days {
		counts[d.Day.Day()] = d.Posts
	}
	lead := (int(month.Weekday()) + 6) % 7 // days before the 1st in its week
	var weeks [][]calendarDay
	week := make([]calendarDay, lead, 7)
	for d := month; d.Month() == month.Month(); d = d.AddDate(0, 0, 1) {
		week = append(week, calendarDay{Day: d, Posts: counts[d.Day()]})
		if len(week) == 7 {
			weeks = append(weeks, week)
			week = make([]calendarDay, 0, 7)
		}
	}
	if len(week) > 0 {
		weeks = append(weeks, append(week, make([]calendarDay, 7-len(week))...))
	}
	return weeks
}
