package storetest

import (
	"fmt"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

func testSiteCounts(t *testing.T, open opener) {
	check := func(t *testing.T, s burg.Store, dayStart, dayEnd time.Time, want burg.SiteCounts) {
		t.Helper()
		got, err := s.SiteCounts(t.Context(), dayStart, dayEnd)
		must(t, err)
		if got != want {
			t.Errorf("got %+v, want %+v", got, want)
		}
	}
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		check(t, s, f.Day(3), f.Day(4), burg.SiteCounts{Posts: 6, PostsToday: 2})
	})
	test(t, "DayBounds", open, func(t *testing.T, s burg.Store) {
		// dayStart is inclusive, dayEnd exclusive.
		f := NewFixture(t, s)
		check(t, s, f.Posts[4].PostedAt, f.Posts[5].PostedAt, burg.SiteCounts{Posts: 6, PostsToday: 1})
	})
	test(t, "NonUTCDay", open, func(t *testing.T, s burg.Store) {
		// 11 March in UTC+10 runs from 10 March 14:00 to 11 March 14:00
		// UTC: only post 0.
		NewFixture(t, s)
		loc := time.FixedZone("AEST", 10*3600)
		start := time.Date(2024, time.March, 11, 0, 0, 0, 0, loc)
		check(t, s, start, start.AddDate(0, 0, 1), burg.SiteCounts{Posts: 6, PostsToday: 1})
	})
	test(t, "QuietDay", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		check(t, s, f.Day(7), f.Day(8), burg.SiteCounts{Posts: 6})
	})
	test(t, "Comments", open, func(t *testing.T, s burg.Store) {
		// Comments take their times from the store's clock, which this
		// suite does not control, so the day is taken around them.
		f := NewFixture(t, s)
		var cs []*burg.Comment
		for i, post := range []int{0, 0, 1} {
			c := &burg.Comment{PostID: f.Posts[post].ID, Nick: fmt.Sprintf("Reader %d", i), Body: fmt.Sprintf("Comment %d.", i)}
			must(t, s.CreateComment(t.Context(), c))
			cs = append(cs, c)
		}
		first, last := cs[0].CreatedAt, cs[0].CreatedAt
		for _, c := range cs {
			if c.CreatedAt.Before(first) {
				first = c.CreatedAt
			}
			if c.CreatedAt.After(last) {
				last = c.CreatedAt
			}
		}
		dayStart, dayEnd := first, last.Add(time.Microsecond)
		check(t, s, dayStart, dayEnd, burg.SiteCounts{Posts: 6, Comments: 3,
			PostsToday: countPosts(f, dayStart, dayEnd), CommentsToday: 3})
		check(t, s, dayStart.Add(-24*time.Hour), dayStart, burg.SiteCounts{Posts: 6, Comments: 3,
			PostsToday: countPosts(f, dayStart.Add(-24*time.Hour), dayStart)})
	})
	test(t, "ExcludesDeleted", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		f.deletePost(t, s, 3)
		check(t, s, f.Day(2), f.Day(3), burg.SiteCounts{Posts: 5, PostsToday: 1})
	})
	test(t, "Empty", open, func(t *testing.T, s burg.Store) {
		day := time.Date(2024, time.March, 11, 0, 0, 0, 0, time.UTC)
		check(t, s, day, day.AddDate(0, 0, 1), burg.SiteCounts{})
	})
}

func testPing(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		must(t, s.Ping(t.Context()))
	})
}

// countPosts counts the fixture's posts in [from, until).
func countPosts(f *Fixture, from, until time.Time) int {
	n := 0
	for _, p := range f.Posts {
		if !p.PostedAt.Before(from) && p.PostedAt.Before(until) {
			n++
		}
	}
	return n
}

func testReady(t *testing.T, open opener) {
	test(t, "Migrated", open, func(t *testing.T, s burg.Store) {
		must(t, s.Ready(t.Context()))
	})
}
