package app

import (
	"context"
	"time"

	burg "github.com/burg-news/burg"
)

// OnThisDay bounds: how many earlier years the box looks back over, and
// how many posts it shows of each.
const (
	OnThisDayYears   = 25
	OnThisDayPerYear = 3
)

// YearPosts are the posts of one earlier year's same day.
type YearPosts struct {
	Day   time.Time // midnight of that day in the site's zone
	Posts []*burg.Post
}

// OnThisDay returns the live posts of the same date as day in earlier
// years, the latest year first, back to the archive's first post and at
// most OnThisDayYears: a few of each year's. A date that an earlier year
// lacks (February 29) is skipped for that year.
func (a *App) OnThisDay(ctx context.Context, day time.Time) ([]YearPosts, error) {
	loc := a.cfg.Location
	day = day.In(loc)
	first, _, err := a.store.FindPosts(ctx, burg.PostFilter{Oldest: true, Limit: 1})
	if err != nil || len(first) == 0 {
		return nil, err
	}
	oldest := first[0].PostedAt.In(loc).Year()
	var out []YearPosts
	for y := day.Year() - 1; y >= oldest && y >= day.Year()-OnThisDayYears; y-- {
		d := time.Date(y, day.Month(), day.Day(), 0, 0, 0, 0, loc)
		if d.Month() != day.Month() {
			continue
		}
		posts, _, err := a.store.FindPosts(ctx, burg.PostFilter{From: d, Until: d.AddDate(0, 0, 1), Limit: OnThisDayPerYear})
		if err != nil {
			return nil, err
		}
		if posts = readerPosts(posts); len(posts) > 0 {
			out = append(out, YearPosts{Day: d, Posts: posts})
		}
	}
	return out, nil
}
