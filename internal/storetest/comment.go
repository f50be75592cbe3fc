package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

// Comments take their times from the store's clock, which this suite does
// not control: tests compare them with what the store gave back, never
// with a time of their own.

// comment returns an unstored comment on post by visitor.
func comment(post *burg.Post, visitor, nick, body string) *burg.Comment {
	return &burg.Comment{PostID: post.ID, Nick: nick, Body: body, VisitorID: visitor, IP: "192.0.2.7"}
}

// createComments stores comments in order.
func createComments(t *testing.T, s burg.Store, cs ...*burg.Comment) {
	t.Helper()
	for _, c := range cs {
		must(t, s.CreateComment(t.Context(), c))
	}
}

// checkComment checks every stored field of a comment and the post title
// and slug the store fills in.
func checkComment(t *testing.T, got, want *burg.Comment) {
	t.Helper()
	if got == nil {
		t.Fatalf("comment: got nil, want %q", want.Body)
	}
	type fields struct {
		ID, PostID, UserID, ModeratedBy int64
		Num, Score                      int
		Nick, Email, Website, Body      string
		VisitorID, IP, DeleteReason     string
		PostTitle, PostSlug             string
		State, Signals                  string
	}
	fieldsOf := func(c *burg.Comment) fields {
		state := c.State
		if state == "" {
			state = burg.CommentLive
		}
		return fields{c.ID, c.PostID, c.UserID, c.ModeratedBy, c.Num, c.Score, c.Nick, c.Email, c.Website, c.Body,
			c.VisitorID, c.IP, c.DeleteReason, c.PostTitle, c.PostSlug, state, c.Signals}
	}
	if g, w := fieldsOf(got), fieldsOf(want); g != w {
		t.Errorf("comment %d:\n got %+v\nwant %+v", want.ID, g, w)
	}
	checkTime(t, "comment created at", got.CreatedAt, want.CreatedAt)
	checkTime(t, "comment updated at", got.UpdatedAt, want.UpdatedAt)
	checkTimePtr(t, "comment deleted at", got.DeletedAt, want.DeletedAt)
	checkTimePtr(t, "comment purged at", got.PurgedAt, want.PurgedAt)
	switch {
	case got.UserID == 0 && got.User != nil:
		t.Errorf("comment %d: an anonymous comment has user %+v", got.ID, *got.User)
	case got.UserID != 0 && got.User == nil:
		t.Errorf("comment %d: user %d not filled", got.ID, got.UserID)
	case got.UserID != 0 && want.User != nil && (got.User.Nick != want.User.Nick ||
		got.User.Role != want.User.Role || got.User.Colour != want.User.Colour):
		t.Errorf("comment %d: user got %+v, want %+v", got.ID, *got.User, *want.User)
	}
}

// withPost returns c as a read gives it back: with its post's title and
// slug.
func withPost(c *burg.Comment, p *burg.Post) *burg.Comment {
	w := *c
	w.PostTitle, w.PostSlug = p.Title, p.Slug
	return &w
}

// commentIDs lists the IDs of comments.
func commentIDs(cs []*burg.Comment) []int64 {
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}

// checkCounters checks a post's comment count and latest comment.
func checkCounters(t *testing.T, s burg.Store, postID int64, count int, last *burg.Comment) {
	t.Helper()
	p, err := s.FindPost(t.Context(), postID)
	must(t, err)
	if p.CommentCount != count {
		t.Errorf("post %d: comment count %d, want %d", postID, p.CommentCount, count)
	}
	if last == nil {
		if p.LastCommentAt != nil || p.LastCommentNick != "" {
			t.Errorf("post %d: latest comment %v by %q, want none", postID, p.LastCommentAt, p.LastCommentNick)
		}
		return
	}
	checkTimePtr(t, "last comment at", p.LastCommentAt, &last.CreatedAt)
	if p.LastCommentNick != last.Nick {
		t.Errorf("post %d: latest comment by %q, want %q", postID, p.LastCommentNick, last.Nick)
	}
}

func testCreateComment(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		c := comment(f.Posts[0], "visitor-1", "Glolurong Jones1696", "First! [b]Bold[/b]")
		c.Email, c.Website = "glo@example.org", "https://glolurong.example"
		must(t, s.CreateComment(t.Context(), c))
		if c.ID == 0 || c.Num != 1 {
			t.Errorf("ID %d, Num %d; want an ID and Num 1", c.ID, c.Num)
		}
		if c.CreatedAt.IsZero() || c.CreatedAt.Location() != time.UTC || !c.UpdatedAt.Equal(c.CreatedAt) {
			t.Errorf("CreatedAt %v, UpdatedAt %v: want both set, equal, in UTC", c.CreatedAt, c.UpdatedAt)
		}
		got, err := s.FindComment(t.Context(), c.ID)
		must(t, err)
		checkComment(t, got, withPost(c, f.Posts[0]))
		checkCounters(t, s, f.Posts[0].ID, 1, c)
		checkCounters(t, s, f.Posts[1].ID, 0, nil)
	})
	test(t, "Numbering", open, func(t *testing.T, s burg.Store) {
		// Numbers run per post; IDs are global.
		f := NewFixture(t, s)
		var cs []*burg.Comment
		for i, post := range []int{0, 1, 0, 0, 1} {
			c := comment(f.Posts[post], "", fmt.Sprintf("Reader %d", i), fmt.Sprintf("Comment %d.", i))
			must(t, s.CreateComment(t.Context(), c))
			cs = append(cs, c)
		}
		var nums []int
		for _, c := range cs {
			nums = append(nums, c.Num)
		}
		if want := []int{1, 1, 2, 3, 2}; !slices.Equal(nums, want) {
			t.Errorf("numbers %v, want %v", nums, want)
		}
		ids := commentIDs(cs)
		for i := 1; i < len(ids); i++ {
			if ids[i] <= ids[i-1] {
				t.Errorf("IDs %v: want increasing", ids)
				break
			}
		}
		checkCounters(t, s, f.Posts[0].ID, 3, cs[3])
		checkCounters(t, s, f.Posts[1].ID, 2, cs[4])
	})
	test(t, "Concurrent", open, func(t *testing.T, s burg.Store) {
		// Commenters racing on one post each get a number of their own.
		f := NewFixture(t, s)
		const n = 12
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Go(func() {
				errs <- s.CreateComment(t.Context(), comment(f.Posts[2], fmt.Sprintf("v%d", i), fmt.Sprintf("Racer %d", i), "Me first."))
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			must(t, err)
		}
		cs, err := s.FindComments(t.Context(), f.Posts[2].ID)
		must(t, err)
		var nums []int
		for _, c := range cs {
			nums = append(nums, c.Num)
		}
		want := make([]int, n)
		for i := range want {
			want[i] = i + 1
		}
		if !slices.Equal(nums, want) {
			t.Errorf("numbers %v, want %v", nums, want)
		}
		checkCounters(t, s, f.Posts[2].ID, n, cs[n-1])
	})
	test(t, "Visitor", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		first := comment(f.Posts[0], "visitor-1", "My Original Nic", "Hello.")
		second := comment(f.Posts[1], "visitor-1", "Another Nick", "Hello again.")
		createComments(t, s, first, second)
		v, err := s.FindVisitor(t.Context(), "visitor-1")
		must(t, err)
		if v.ID != "visitor-1" || v.FirstNick != "My Original Nic" || v.Comments != 2 || v.PrevVisit != nil {
			t.Errorf("visitor = %+v, want first nick %q, 2 comments, no previous visit", *v, "My Original Nic")
		}
		checkTime(t, "first seen", v.FirstSeen, first.CreatedAt)
		checkTime(t, "last visit", v.LastVisit, first.CreatedAt)
	})
	test(t, "VisitorSeenBefore", open, func(t *testing.T, s burg.Store) {
		// A reader who visited before keeps the record, and gains the nick
		// and the count.
		f := NewFixture(t, s)
		seen := time.Date(2020, time.May, 1, 12, 0, 0, 123000, time.UTC)
		must(t, s.TouchVisitors(t.Context(), map[string]time.Time{"visitor-1": seen}))
		c := comment(f.Posts[0], "visitor-1", "Lurker No More", "At last.")
		must(t, s.CreateComment(t.Context(), c))
		v, err := s.FindVisitor(t.Context(), "visitor-1")
		must(t, err)
		if v.FirstNick != "Lurker No More" || v.Comments != 1 {
			t.Errorf("visitor = %+v, want the nick and 1 comment", *v)
		}
		checkTime(t, "first seen", v.FirstSeen, seen)
	})
	test(t, "Anonymous", open, func(t *testing.T, s burg.Store) {
		// Without a visitor id nothing is remembered and nothing is taken
		// for a repeat.
		f := NewFixture(t, s)
		a, b := comment(f.Posts[0], "", "Same", "Same words."), comment(f.Posts[0], "", "Same", "Same words.")
		createComments(t, s, a, b)
		if a.ID == b.ID {
			t.Errorf("two anonymous comments share ID %d", a.ID)
		}
		_, err := s.FindVisitor(t.Context(), "")
		wantCode(t, err, burg.ENOTFOUND)
	})
	test(t, "User", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		c := comment(f.Posts[0], "visitor-1", "Badger", "A word from the poster.")
		c.UserID = f.Badger.ID
		must(t, s.CreateComment(t.Context(), c))
		got, err := s.FindComment(t.Context(), c.ID)
		must(t, err)
		want := withPost(c, f.Posts[0])
		want.User = f.Badger
		checkComment(t, got, want)
	})
	test(t, "Duplicate", open, func(t *testing.T, s burg.Store) {
		// The same visitor sending the same text to the same post within
		// burg.DuplicateWindow (a double click) gets the first comment.
		f := NewFixture(t, s)
		first := comment(f.Posts[0], "visitor-1", "Twice", "Same words.")
		must(t, s.CreateComment(t.Context(), first))
		again := comment(f.Posts[0], "visitor-1", "Twice, renamed", "Same words.")
		must(t, s.CreateComment(t.Context(), again))
		checkComment(t, again, withPost(first, f.Posts[0]))
		checkCounters(t, s, f.Posts[0].ID, 1, first)
		v, err := s.FindVisitor(t.Context(), "visitor-1")
		must(t, err)
		if v.Comments != 1 {
			t.Errorf("visitor has %d comments after a repeat, want 1", v.Comments)
		}
		// Other words, another visitor or another post make new comments.
		others := []*burg.Comment{
			comment(f.Posts[0], "visitor-1", "Twice", "Other words."),
			comment(f.Posts[0], "visitor-2", "Twice", "Same words."),
			comment(f.Posts[1], "visitor-1", "Twice", "Same words."),
		}
		createComments(t, s, others...)
		ids := commentIDs(append([]*burg.Comment{first}, others...))
		if len(slices.Compact(slices.Sorted(slices.Values(ids)))) != 4 {
			t.Errorf("IDs %v: want four comments", ids)
		}
		checkCounters(t, s, f.Posts[0].ID, 3, others[1])
	})
	test(t, "RepeatAfterRemoval", open, func(t *testing.T, s burg.Store) {
		// A removed comment is no first comment to return.
		f := NewFixture(t, s)
		first := comment(f.Posts[0], "visitor-1", "Twice", "Same words.")
		must(t, s.CreateComment(t.Context(), first))
		must(t, s.DeleteComment(t.Context(), first.ID, "Off topic."))
		again := comment(f.Posts[0], "visitor-1", "Twice", "Same words.")
		must(t, s.CreateComment(t.Context(), again))
		if again.ID == first.ID || again.Num != 2 {
			t.Errorf("repeat after removal: ID %d (first %d), Num %d; want a new comment #2", again.ID, first.ID, again.Num)
		}
	})
	test(t, "ErrUnknownPost", open, func(t *testing.T, s burg.Store) {
		NewFixture(t, s)
		c := &burg.Comment{PostID: 987654, Nick: "Nobody", Body: "Hello?", VisitorID: "visitor-1"}
		wantCode(t, s.CreateComment(t.Context(), c), burg.ENOTFOUND)
		_, err := s.FindVisitor(t.Context(), "visitor-1")
		wantCode(t, err, burg.ENOTFOUND)
	})
	test(t, "ErrDeletedPost", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		f.deletePost(t, s, 3)
		wantCode(t, s.CreateComment(t.Context(), comment(f.Posts[3], "visitor-1", "Late", "Hello?")), burg.ENOTFOUND)
		cs, err := s.FindComments(t.Context(), f.Posts[3].ID)
		must(t, err)
		if len(cs) != 0 {
			t.Errorf("%d comments stored on a deleted post", len(cs))
		}
		_, err = s.FindVisitor(t.Context(), "visitor-1")
		wantCode(t, err, burg.ENOTFOUND)
	})
	for _, c := range []struct {
		name string
		edit func(*burg.Comment)
	}{
		{"ErrNoNick", func(c *burg.Comment) { c.Nick = "  " }},
		{"ErrNickTooLong", func(c *burg.Comment) { c.Nick = strings.Repeat("n", burg.MaxNickLen+1) }},
		{"ErrNickControl", func(c *burg.Comment) { c.Nick = "Bad\x07Nick" }},
		{"ErrEmptyBody", func(c *burg.Comment) { c.Body = " \n " }},
		{"ErrBodyTooLong", func(c *burg.Comment) { c.Body = strings.Repeat("y", burg.MaxCommentLen+1) }},
		{"ErrBadUTF8", func(c *burg.Comment) { c.Body = "bad \xff byte" }},
		{"ErrBadEmail", func(c *burg.Comment) { c.Email = "not-an-address" }},
		{"ErrBadWebsite", func(c *burg.Comment) { c.Website = "javascript:alert(1)" }},
		{"ErrNoPost", func(c *burg.Comment) { c.PostID = 0 }},
	} {
		test(t, c.name, open, func(t *testing.T, s burg.Store) {
			f := NewFixture(t, s)
			cm := comment(f.Posts[0], "visitor-1", "Someone", "Hello.")
			c.edit(cm)
			wantCode(t, s.CreateComment(t.Context(), cm), burg.EINVALID)
			if cm.ID != 0 {
				t.Errorf("a refused comment got ID %d", cm.ID)
			}
			cs, err := s.FindComments(t.Context(), f.Posts[0].ID)
			must(t, err)
			if len(cs) != 0 {
				t.Errorf("%d comments stored", len(cs))
			}
			checkCounters(t, s, f.Posts[0].ID, 0, nil)
		})
	}
}

// bulkComment returns an unstored comment on post with times of its own,
// as an import gives them.
func bulkComment(post *burg.Post, visitor, nick, body string, at time.Time) *burg.Comment {
	c := comment(post, visitor, nick, body)
	c.CreatedAt, c.UpdatedAt = at, at
	return c
}

// checkVisitor checks a visitor's first nick, count and times.
func checkVisitor(t *testing.T, s burg.Store, id, firstNick string, comments int, first, last time.Time) {
	t.Helper()
	v, err := s.FindVisitor(t.Context(), id)
	must(t, err)
	if v.FirstNick != firstNick || v.Comments != comments {
		t.Errorf("visitor %s: first nick %q, %d comments; want %q, %d", id, v.FirstNick, v.Comments, firstNick, comments)
	}
	checkTime(t, id+" first seen", v.FirstSeen, first)
	checkTime(t, id+" last visit", v.LastVisit, last)
}

// nextNum stores one more comment on post and returns its number, which
// shows how many numbers the post has given.
func nextNum(t *testing.T, s burg.Store, post *burg.Post) int {
	t.Helper()
	c := comment(post, "", "Next", "Who is next?")
	must(t, s.CreateComment(t.Context(), c))
	return c.Num
}

func testCreateComments(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		// Every field is kept as given; numbers follow those of the post's
		// comments, in the order given; IDs rise in that order.
		f := NewFixture(t, s)
		before := []*burg.Comment{
			comment(f.Posts[0], "v1", "Early", "Before the batch."),
			comment(f.Posts[0], "v2", "Earlier", "Also before."),
			comment(f.Posts[1], "v1", "Early", "Elsewhere."),
		}
		createComments(t, s, before...)
		at := f.Day(4).Add(time.Hour + 7*time.Microsecond)
		removed := at.Add(3 * time.Hour)
		cs := []*burg.Comment{
			bulkComment(f.Posts[0], "v3", "Batch One", "[b]Batched[/b] first.", at),
			bulkComment(f.Posts[2], "v4", "Batch Two", "On a post without comments.", at.Add(time.Minute)),
			bulkComment(f.Posts[0], "", "No Cookie", "Anonymous.", at.Add(2*time.Minute).In(time.FixedZone("X", -5*3600))),
			bulkComment(f.Posts[1], "v3", "Batch One", "Removed by a moderator.", at.Add(3*time.Minute)),
			bulkComment(f.Posts[0], "v5", "Badger", "From the poster.", at.Add(4*time.Minute)),
		}
		cs[0].Email, cs[0].Website = "one@example.org", "https://one.example"
		cs[1].IP = "2001:db8::7"
		cs[1].UpdatedAt = at.Add(9 * time.Minute)
		cs[3].DeletedAt, cs[3].DeleteReason = &removed, "Removed by a moderator: spam."
		cs[4].UserID = f.Badger.ID
		must(t, s.CreateComments(t.Context(), cs))

		var nums []int
		for _, c := range cs {
			nums = append(nums, c.Num)
		}
		if want := []int{3, 1, 4, 2, 5}; !slices.Equal(nums, want) {
			t.Errorf("numbers %v, want %v", nums, want)
		}
		ids := commentIDs(append(before, cs...))
		for i := 1; i < len(ids); i++ {
			if ids[i] <= ids[i-1] {
				t.Errorf("IDs %v: want increasing", ids)
				break
			}
		}
		if loc := cs[2].CreatedAt.Location(); loc != time.UTC {
			t.Errorf("created at given in another zone: set to %v, want UTC", loc)
		}
		posts := []*burg.Post{f.Posts[0], f.Posts[2], f.Posts[0], f.Posts[1], f.Posts[0]}
		for i, c := range cs {
			got, err := s.FindComment(t.Context(), c.ID)
			must(t, err)
			want := withPost(c, posts[i])
			if c.UserID != 0 {
				want.User = f.Badger
			}
			checkComment(t, got, want)
		}
		checkCounters(t, s, f.Posts[0].ID, 5, cs[4])
		checkCounters(t, s, f.Posts[1].ID, 1, before[2])
		checkCounters(t, s, f.Posts[2].ID, 1, cs[1])
		checkCounters(t, s, f.Posts[3].ID, 0, nil)
		got, err := s.FindComments(t.Context(), f.Posts[0].ID)
		must(t, err)
		if g, w := commentIDs(got), commentIDs([]*burg.Comment{before[0], before[1], cs[0], cs[2], cs[4]}); !slices.Equal(g, w) {
			t.Errorf("comments of post 0: IDs %v, want %v", g, w)
		}
		latest, err := s.FindLatestComments(t.Context(), 3)
		must(t, err)
		if g, w := commentIDs(latest), commentIDs([]*burg.Comment{cs[4], cs[2], cs[1]}); !slices.Equal(g, w) {
			t.Errorf("latest comments: IDs %v, want %v (the removed one left out)", g, w)
		}
		if n := nextNum(t, s, f.Posts[1]); n != 3 {
			t.Errorf("next number of post 1: %d, want 3 (the removed comment keeps its number)", n)
		}
	})
	test(t, "AsCreateComment", open, func(t *testing.T, one burg.Store) {
		// A batch leaves the posts and visitors as the same comments would
		// made one at a time, the removed ones then removed.
		bulk := open(t)
		fo, fb := NewFixture(t, one), NewFixture(t, bulk)
		for _, st := range []struct {
			s burg.Store
			f *Fixture
		}{{one, fo}, {bulk, fb}} {
			createComments(t, st.s, comment(st.f.Posts[0], "v1", "Alpha", "Before."), comment(st.f.Posts[3], "v9", "Omega", "Before."))
		}
		specs := []struct {
			post          int
			visitor, nick string
			removed       bool
		}{
			{0, "v2", "Beta", false},
			{1, "v1", "Alpha Renamed", false},
			{0, "v1", "Alpha", true},
			{2, "v3", "Gamma", true},
			{1, "", "Anonymous", false},
			{3, "v2", "Beta", false},
			{3, "v9", "Omega", true},
			{4, "v3", "Gamma Again", false},
			{4, "v3", "Gamma", true},
		}
		at := fb.Day(5)
		var singles, bulks []*burg.Comment
		for i, sp := range specs {
			body := fmt.Sprintf("Comment %d.", i)
			c := comment(fo.Posts[sp.post], sp.visitor, sp.nick, body)
			must(t, one.CreateComment(t.Context(), c))
			singles = append(singles, c)
			b := bulkComment(fb.Posts[sp.post], sp.visitor, sp.nick, body, at.Add(time.Duration(i)*time.Minute))
			if sp.removed {
				b.DeletedAt, b.DeleteReason = new(at.Add(time.Hour)), "Removed by a moderator: off topic."
			}
			bulks = append(bulks, b)
		}
		for i, sp := range specs {
			if sp.removed {
				must(t, one.DeleteComment(t.Context(), singles[i].ID, "Removed by a moderator: off topic."))
			}
		}
		must(t, bulk.CreateComments(t.Context(), bulks))
		for i := range fo.Posts {
			po, err := one.FindPost(t.Context(), fo.Posts[i].ID)
			must(t, err)
			pb, err := bulk.FindPost(t.Context(), fb.Posts[i].ID)
			must(t, err)
			if po.CommentCount != pb.CommentCount || po.LastCommentNick != pb.LastCommentNick {
				t.Errorf("post %d: one at a time %d comments, latest by %q; in a batch %d, latest by %q",
					i, po.CommentCount, po.LastCommentNick, pb.CommentCount, pb.LastCommentNick)
			}
			// The latest comment is the same one, at the time each store gave it.
			for _, side := range []struct {
				name string
				s    burg.Store
				p    *burg.Post
			}{{"one at a time", one, po}, {"batch", bulk, pb}} {
				cs, err := side.s.FindComments(t.Context(), side.p.ID)
				must(t, err)
				var last *burg.Comment
				for _, c := range cs {
					if c.DeletedAt == nil {
						last = c
					}
				}
				if last == nil {
					checkTimePtr(t, side.name+" last comment at", side.p.LastCommentAt, nil)
				} else {
					checkTimePtr(t, side.name+" last comment at", side.p.LastCommentAt, &last.CreatedAt)
				}
			}
			if no, nb := nextNum(t, one, fo.Posts[i]), nextNum(t, bulk, fb.Posts[i]); no != nb {
				t.Errorf("post %d: next number %d one at a time, %d after a batch", i, no, nb)
			}
		}
		for _, id := range []string{"v1", "v2", "v3", "v9"} {
			vo, err := one.FindVisitor(t.Context(), id)
			must(t, err)
			vb, err := bulk.FindVisitor(t.Context(), id)
			must(t, err)
			if vo.FirstNick != vb.FirstNick || vo.Comments != vb.Comments {
				t.Errorf("visitor %s: one at a time %q with %d comments, in a batch %q with %d",
					id, vo.FirstNick, vo.Comments, vb.FirstNick, vb.Comments)
			}
		}
	})
	test(t, "Visitors", open, func(t *testing.T, s burg.Store) {
		// A visitor's record counts every comment, removed ones too; its
		// first nick is that of its first comment unless it had one, and
		// its first and last times stretch to cover its comments.
		f := NewFixture(t, s)
		at := f.Day(4).Add(250 * time.Microsecond)
		must(t, s.TouchVisitors(t.Context(), map[string]time.Time{"lurker": at.Add(time.Hour), "reader": at.Add(-48 * time.Hour)}))
		cs := []*burg.Comment{
			bulkComment(f.Posts[0], "fresh", "First Nick", "One.", at),
			bulkComment(f.Posts[1], "lurker", "Lurker", "Two.", at.Add(10*time.Minute)),
			bulkComment(f.Posts[2], "fresh", "Second Nick", "Three.", at.Add(20*time.Minute)),
			bulkComment(f.Posts[3], "lurker", "Lurker Renamed", "Four.", at.Add(2*time.Hour)),
			bulkComment(f.Posts[4], "fresh", "First Nick", "Five.", at.Add(3*time.Hour)),
		}
		cs[4].DeletedAt, cs[4].DeleteReason = new(at.Add(4*time.Hour)), "Removed by a moderator: personal attack."
		must(t, s.CreateComments(t.Context(), cs))
		checkVisitor(t, s, "fresh", "First Nick", 3, at, at.Add(3*time.Hour))
		checkVisitor(t, s, "lurker", "Lurker", 2, at.Add(10*time.Minute), at.Add(2*time.Hour))
		checkVisitor(t, s, "reader", "", 0, at.Add(-48*time.Hour), at.Add(-48*time.Hour))
		// A later batch adds to the records.
		must(t, s.CreateComments(t.Context(), []*burg.Comment{bulkComment(f.Posts[5], "fresh", "Third Nick", "Six.", at.Add(5*time.Hour))}))
		checkVisitor(t, s, "fresh", "First Nick", 4, at, at.Add(5*time.Hour))
	})
	test(t, "OnlyRemoved", open, func(t *testing.T, s burg.Store) {
		// Removed comments take numbers but leave the count and the latest
		// comment alone.
		f := NewFixture(t, s)
		first := comment(f.Posts[0], "v1", "Live", "Still here.")
		must(t, s.CreateComment(t.Context(), first))
		at := f.Day(4)
		var cs []*burg.Comment
		for i := range 3 {
			c := bulkComment(f.Posts[0], "v2", "Spammer", fmt.Sprintf("Buy %d.", i), at.Add(time.Duration(i)*time.Minute))
			c.DeletedAt, c.DeleteReason = new(at.Add(time.Hour)), "Removed by a moderator: spam."
			cs = append(cs, c)
		}
		must(t, s.CreateComments(t.Context(), cs))
		checkCounters(t, s, f.Posts[0].ID, 1, first)
		if n := nextNum(t, s, f.Posts[0]); n != 5 {
			t.Errorf("next number %d, want 5", n)
		}
		got, err := s.FindComments(t.Context(), f.Posts[0].ID)
		must(t, err)
		if len(got) != 5 || got[1].DeletedAt == nil || got[1].DeleteReason != "Removed by a moderator: spam." {
			t.Errorf("got %d comments, the second removed %v for %q; want 5, removed for spam", len(got), got[1].DeletedAt, got[1].DeleteReason)
		}
	})
	test(t, "StoreTimes", open, func(t *testing.T, s burg.Store) {
		// A comment without times gets the store's now, as CreateComment's.
		f := NewFixture(t, s)
		c := comment(f.Posts[0], "v1", "Timeless", "When?")
		must(t, s.CreateComments(t.Context(), []*burg.Comment{c}))
		if c.CreatedAt.IsZero() || c.CreatedAt.Location() != time.UTC || !c.UpdatedAt.Equal(c.CreatedAt) {
			t.Errorf("CreatedAt %v, UpdatedAt %v: want both set, equal, in UTC", c.CreatedAt, c.UpdatedAt)
		}
		got, err := s.FindComment(t.Context(), c.ID)
		must(t, err)
		checkComment(t, got, withPost(c, f.Posts[0]))
		checkCounters(t, s, f.Posts[0].ID, 1, c)
	})
	test(t, "Many", open, func(t *testing.T, s burg.Store) {
		// A batch larger than any statement's limits, over every post.
		f := NewFixture(t, s)
		at := f.Day(4)
		const n = 1200
		cs := make([]*burg.Comment, n)
		for i := range cs {
			cs[i] = bulkComment(f.Posts[i%len(f.Posts)], fmt.Sprintf("v%d", i%50), fmt.Sprintf("Reader %d", i%50),
				fmt.Sprintf("Comment %d.", i), at.Add(time.Duration(i)*time.Second))
		}
		must(t, s.CreateComments(t.Context(), cs))
		for i, c := range cs {
			if want := i/len(f.Posts) + 1; c.Num != want || c.ID == 0 {
				t.Fatalf("comment %d: ID %d, Num %d; want an ID and Num %d", i, c.ID, c.Num, want)
			}
		}
		for i, p := range f.Posts {
			checkCounters(t, s, p.ID, n/len(f.Posts), cs[n-len(f.Posts)+i])
		}
		checkVisitor(t, s, "v7", "Reader 7", n/50, cs[7].CreatedAt, cs[n-50+7].CreatedAt)
		got, err := s.FindComments(t.Context(), f.Posts[3].ID)
		must(t, err)
		if len(got) != n/len(f.Posts) || got[0].ID != cs[3].ID || got[len(got)-1].ID != cs[n-3].ID {
			t.Errorf("post 3: %d comments, want %d from ID %d to %d", len(got), n/len(f.Posts), cs[3].ID, cs[n-3].ID)
		}
	})
	test(t, "Empty", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		must(t, s.CreateComments(t.Context(), nil))
		must(t, s.CreateComments(t.Context(), []*burg.Comment{}))
		checkCounters(t, s, f.Posts[0].ID, 0, nil)
		if n := nextNum(t, s, f.Posts[0]); n != 1 {
			t.Errorf("next number %d, want 1", n)
		}
	})
	// nothingStored checks that a refused batch left no trace on the
	// posts it names, 0 to 2 (3 may be deleted).
	nothingStored := func(t *testing.T, s burg.Store, f *Fixture, cs []*burg.Comment) {
		t.Helper()
		for _, c := range cs {
			if c != nil && (c.ID != 0 || c.Num != 0) {
				t.Errorf("a refused comment got ID %d, Num %d", c.ID, c.Num)
			}
		}
		for _, p := range f.Posts[:3] {
			got, err := s.FindComments(t.Context(), p.ID)
			must(t, err)
			if len(got) != 0 {
				t.Errorf("post %q: %d comments stored", p.Title, len(got))
			}
			checkCounters(t, s, p.ID, 0, nil)
		}
		_, err := s.FindVisitor(t.Context(), "visitor-1")
		wantCode(t, err, burg.ENOTFOUND)
		if n := nextNum(t, s, f.Posts[0]); n != 1 {
			t.Errorf("next number %d after a refused batch, want 1", n)
		}
	}
	batch := func(f *Fixture) []*burg.Comment {
		at := f.Day(4)
		return []*burg.Comment{
			bulkComment(f.Posts[0], "visitor-1", "Someone", "Hello.", at),
			bulkComment(f.Posts[1], "visitor-1", "Someone", "Hello there.", at.Add(time.Minute)),
			bulkComment(f.Posts[0], "visitor-1", "Someone", "Hello again.", at.Add(2*time.Minute)),
			bulkComment(f.Posts[2], "visitor-1", "Someone", "Goodbye.", at.Add(3*time.Minute)),
		}
	}
	for _, c := range []struct {
		name string
		edit func(*burg.Comment)
	}{
		{"ErrNoNick", func(c *burg.Comment) { c.Nick = "  " }},
		{"ErrNickTooLong", func(c *burg.Comment) { c.Nick = strings.Repeat("n", burg.MaxNickLen+1) }},
		{"ErrEmptyBody", func(c *burg.Comment) { c.Body = " \n " }},
		{"ErrBodyTooLong", func(c *burg.Comment) { c.Body = strings.Repeat("y", burg.MaxCommentLen+1) }},
		{"ErrBadUTF8", func(c *burg.Comment) { c.Body = "bad \xff byte" }},
		{"ErrBadEmail", func(c *burg.Comment) { c.Email = "not-an-address" }},
		{"ErrBadWebsite", func(c *burg.Comment) { c.Website = "javascript:alert(1)" }},
		{"ErrNoPost", func(c *burg.Comment) { c.PostID = 0 }},
	} {
		test(t, c.name, open, func(t *testing.T, s burg.Store) {
			// One invalid comment refuses the batch, naming it.
			f := NewFixture(t, s)
			cs := batch(f)
			c.edit(cs[2])
			err := s.CreateComments(t.Context(), cs)
			wantCode(t, err, burg.EINVALID)
			if msg := burg.ErrorMessage(err); !strings.Contains(msg, "Comment 2") {
				t.Errorf("message %q does not name comment 2", msg)
			}
			nothingStored(t, s, f, cs)
		})
	}
	test(t, "ErrNil", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		cs := batch(f)
		cs[1] = nil
		wantCode(t, s.CreateComments(t.Context(), cs), burg.EINVALID)
		nothingStored(t, s, f, cs)
	})
	test(t, "ErrUnknownPost", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		cs := batch(f)
		cs[3].PostID = 987654
		err := s.CreateComments(t.Context(), cs)
		wantCode(t, err, burg.ENOTFOUND)
		if msg := burg.ErrorMessage(err); !strings.Contains(msg, "Comment 3") {
			t.Errorf("message %q does not name comment 3", msg)
		}
		nothingStored(t, s, f, cs)
	})
	test(t, "ErrDeletedPost", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		f.deletePost(t, s, 3)
		cs := batch(f)
		cs[3].PostID = f.Posts[3].ID
		wantCode(t, s.CreateComments(t.Context(), cs), burg.ENOTFOUND)
		nothingStored(t, s, f, cs)
	})
	test(t, "ErrUnknownUser", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		cs := batch(f)
		cs[1].UserID = 987654
		wantCode(t, s.CreateComments(t.Context(), cs), burg.EINVALID)
		nothingStored(t, s, f, cs)
	})
}

func testFindComment(t *testing.T, open opener) {
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		createComments(t, s, comment(f.Posts[0], "", "Someone", "Hello."))
		for _, id := range []int64{0, -1, 987654} {
			_, err := s.FindComment(t.Context(), id)
			wantCode(t, err, burg.ENOTFOUND)
		}
	})
	test(t, "Removed", open, func(t *testing.T, s burg.Store) {
		// A removed comment is still found, with when and why.
		f := NewFixture(t, s)
		c := comment(f.Posts[0], "", "Someone", "Regrettable.")
		must(t, s.CreateComment(t.Context(), c))
		must(t, s.DeleteComment(t.Context(), c.ID, "Spam."))
		got, err := s.FindComment(t.Context(), c.ID)
		must(t, err)
		if got.DeletedAt == nil || got.DeleteReason != "Spam." || got.Body != "Regrettable." {
			t.Errorf("removed comment: deleted %v, reason %q, body %q", got.DeletedAt, got.DeleteReason, got.Body)
		}
	})
	test(t, "OnDeletedPost", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		c := comment(f.Posts[0], "", "Someone", "Hello.")
		must(t, s.CreateComment(t.Context(), c))
		f.deletePost(t, s, 0)
		got, err := s.FindComment(t.Context(), c.ID)
		must(t, err)
		checkComment(t, got, withPost(c, f.Posts[0]))
	})
}

func testFindComments(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		// In number order, removed ones included, of that post only.
		f := NewFixture(t, s)
		cs := []*burg.Comment{
			comment(f.Posts[0], "v1", "One", "First."),
			comment(f.Posts[1], "v1", "Elsewhere", "Other post."),
			comment(f.Posts[0], "v2", "Two", "Second."),
			comment(f.Posts[0], "v3", "Three", "Third."),
		}
		createComments(t, s, cs...)
		must(t, s.DeleteComment(t.Context(), cs[2].ID, "Rude."))
		got, err := s.FindComments(t.Context(), f.Posts[0].ID)
		must(t, err)
		if g, w := commentIDs(got), commentIDs([]*burg.Comment{cs[0], cs[2], cs[3]}); !slices.Equal(g, w) {
			t.Fatalf("IDs %v, want %v", g, w)
		}
		checkComment(t, got[0], withPost(cs[0], f.Posts[0]))
		if got[1].DeletedAt == nil || got[1].DeleteReason != "Rude." {
			t.Errorf("removed comment: deleted %v, reason %q", got[1].DeletedAt, got[1].DeleteReason)
		}
		checkComment(t, got[2], withPost(cs[3], f.Posts[0]))
	})
	test(t, "None", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		for _, id := range []int64{f.Posts[0].ID, 987654} {
			got, err := s.FindComments(t.Context(), id)
			must(t, err)
			if len(got) != 0 {
				t.Errorf("post %d: %d comments, want 0", id, len(got))
			}
		}
	})
}

// threeAndOneElsewhere stores three comments on the fixture's first post
// and, between the second and the third, one on its second post.
func threeAndOneElsewhere(t *testing.T, s burg.Store) (*Fixture, []*burg.Comment) {
	t.Helper()
	f := NewFixture(t, s)
	cs := []*burg.Comment{
		comment(f.Posts[0], "v1", "One", "First."),
		comment(f.Posts[0], "v2", "Two", "Second."),
		comment(f.Posts[1], "v1", "Elsewhere", "Other post."),
		comment(f.Posts[0], "v3", "Three", "Third."),
	}
	createComments(t, s, cs...)
	return f, cs
}

func testFindCommentsAfter(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f, cs := threeAndOneElsewhere(t, s)
		for _, c := range []struct {
			after int64
			want  []*burg.Comment
		}{
			{0, []*burg.Comment{cs[0], cs[1], cs[3]}},
			{cs[0].ID, []*burg.Comment{cs[1], cs[3]}},
			{cs[1].ID, []*burg.Comment{cs[3]}},
			{cs[3].ID, nil},
		} {
			got, err := s.FindCommentsAfter(t.Context(), f.Posts[0].ID, c.after)
			must(t, err)
			if g, w := commentIDs(got), commentIDs(c.want); !slices.Equal(g, w) {
				t.Errorf("after %d: IDs %v, want %v", c.after, g, w)
			}
		}
		got, err := s.FindCommentsAfter(t.Context(), f.Posts[0].ID, cs[1].ID)
		must(t, err)
		if len(got) == 1 {
			checkComment(t, got[0], withPost(cs[3], f.Posts[0]))
		}
	})
	test(t, "Removed", open, func(t *testing.T, s burg.Store) {
		// A live page learns of removals too: removed comments are listed.
		f := NewFixture(t, s)
		c := comment(f.Posts[0], "v1", "One", "First.")
		must(t, s.CreateComment(t.Context(), c))
		must(t, s.DeleteComment(t.Context(), c.ID, "Spam."))
		got, err := s.FindCommentsAfter(t.Context(), f.Posts[0].ID, 0)
		must(t, err)
		if len(got) != 1 || got[0].DeletedAt == nil {
			t.Errorf("got %d comments, want the removed one", len(got))
		}
	})
}

func testFindCommentsFrom(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f, cs := threeAndOneElsewhere(t, s)
		if cs[3].Num != 3 {
			t.Fatalf("the third comment on the post is numbered %d", cs[3].Num)
		}
		for _, c := range []struct {
			after int
			want  []*burg.Comment
		}{
			{0, []*burg.Comment{cs[0], cs[1], cs[3]}},
			{1, []*burg.Comment{cs[1], cs[3]}},
			{2, []*burg.Comment{cs[3]}},
			{3, nil},
		} {
			got, err := s.FindCommentsFrom(t.Context(), f.Posts[0].ID, c.after)
			must(t, err)
			if g, w := commentIDs(got), commentIDs(c.want); !slices.Equal(g, w) {
				t.Errorf("after #%d: IDs %v, want %v", c.after, g, w)
			}
		}
		got, err := s.FindCommentsFrom(t.Context(), f.Posts[0].ID, 2)
		must(t, err)
		if len(got) == 1 {
			checkComment(t, got[0], withPost(cs[3], f.Posts[0]))
		}
	})
	test(t, "HeldAndRemoved", open, func(t *testing.T, s burg.Store) {
		// Held and removed comments keep their numbers and are listed, as
		// FindComments lists them.
		f := NewFixture(t, s)
		held := comment(f.Posts[0], "v1", "One", "Waiting.")
		held.State = burg.CommentHeld
		gone := comment(f.Posts[0], "v2", "Two", "Spam.")
		createComments(t, s, held, gone)
		must(t, s.DeleteComment(t.Context(), gone.ID, "Spam."))
		got, err := s.FindCommentsFrom(t.Context(), f.Posts[0].ID, 0)
		must(t, err)
		if g, w := commentIDs(got), []int64{held.ID, gone.ID}; !slices.Equal(g, w) {
			t.Fatalf("IDs %v, want %v", g, w)
		}
		if got[0].State != burg.CommentHeld || got[1].DeletedAt == nil {
			t.Errorf("states %q and removed %v, want held and removed", got[0].State, got[1].DeletedAt)
		}
	})
}

func testFindLatestComments(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		// Newest first, across posts, without removed comments or
		// comments on deleted posts, with their posts' titles.
		f := NewFixture(t, s)
		cs := []*burg.Comment{
			comment(f.Posts[0], "v1", "One", "First."),
			comment(f.Posts[1], "v2", "Two", "Second."),
			comment(f.Posts[3], "v3", "Three", "On a post that goes."),
			comment(f.Posts[0], "v4", "Four", "Removed."),
			comment(f.Posts[5], "v5", "Five", "Fifth."),
		}
		createComments(t, s, cs...)
		must(t, s.DeleteComment(t.Context(), cs[3].ID, "Spam."))
		f.deletePost(t, s, 3)
		got, err := s.FindLatestComments(t.Context(), 10)
		must(t, err)
		if g, w := commentIDs(got), commentIDs([]*burg.Comment{cs[4], cs[1], cs[0]}); !slices.Equal(g, w) {
			t.Fatalf("IDs %v, want %v", g, w)
		}
		checkComment(t, got[0], withPost(cs[4], f.Posts[5]))
		checkComment(t, got[1], withPost(cs[1], f.Posts[1]))
		got, err = s.FindLatestComments(t.Context(), 2)
		must(t, err)
		if g, w := commentIDs(got), commentIDs([]*burg.Comment{cs[4], cs[1]}); !slices.Equal(g, w) {
			t.Errorf("n=2: IDs %v, want %v", g, w)
		}
	})
	test(t, "DefaultLength", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		for i := range burg.LatestCommentsLen + 5 {
			createComments(t, s, comment(f.Posts[i%len(f.Posts)], "", "Reader", fmt.Sprintf("Comment %d.", i)))
		}
		for _, n := range []int{0, -1} {
			got, err := s.FindLatestComments(t.Context(), n)
			must(t, err)
			if len(got) != burg.LatestCommentsLen {
				t.Errorf("n=%d: %d comments, want %d", n, len(got), burg.LatestCommentsLen)
			}
		}
	})
	test(t, "None", open, func(t *testing.T, s burg.Store) {
		NewFixture(t, s)
		got, err := s.FindLatestComments(t.Context(), 5)
		must(t, err)
		if len(got) != 0 {
			t.Errorf("%d comments, want 0", len(got))
		}
	})
}

func testUpdateCommentBody(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		c := comment(f.Posts[0], "v1", "Typist", "Teh typo.")
		must(t, s.CreateComment(t.Context(), c))
		must(t, s.UpdateCommentBody(t.Context(), c.ID, "The typo."))
		must(t, s.UpdateCommentBody(t.Context(), c.ID, "The typo, fixed."))
		got, err := s.FindComment(t.Context(), c.ID)
		must(t, err)
		if got.Body != "The typo, fixed." || got.Num != 1 || got.Nick != "Typist" {
			t.Errorf("edited comment: body %q, num %d, nick %q", got.Body, got.Num, got.Nick)
		}
		checkTime(t, "created at", got.CreatedAt, c.CreatedAt)
		if got.UpdatedAt.Before(got.CreatedAt) {
			t.Errorf("updated at %v before created at %v", got.UpdatedAt, got.CreatedAt)
		}
		revs, err := s.FindCommentRevisions(t.Context(), c.ID)
		must(t, err)
		var bodies []string
		for _, r := range revs {
			bodies = append(bodies, r.Body)
			if r.CommentID != c.ID {
				t.Errorf("revision of comment %d, want %d", r.CommentID, c.ID)
			}
			if r.EditedAt.Before(c.CreatedAt) || r.EditedAt.After(got.UpdatedAt) || r.EditedAt.Location() != time.UTC {
				t.Errorf("revision edited at %v, want in UTC between %v and %v", r.EditedAt, c.CreatedAt, got.UpdatedAt)
			}
		}
		if want := []string{"Teh typo.", "The typo."}; !slices.Equal(bodies, want) {
			t.Fatalf("revisions %q, want %q", bodies, want)
		}
		// The text replaced last was replaced by the edit that shows.
		checkTime(t, "last revision edited at", revs[1].EditedAt, got.UpdatedAt)
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		NewFixture(t, s)
		wantCode(t, s.UpdateCommentBody(t.Context(), 987654, "Hello."), burg.ENOTFOUND)
	})
	test(t, "ErrRemoved", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		c := comment(f.Posts[0], "v1", "Typist", "Regrettable.")
		must(t, s.CreateComment(t.Context(), c))
		must(t, s.DeleteComment(t.Context(), c.ID, "Spam."))
		wantCode(t, s.UpdateCommentBody(t.Context(), c.ID, "Better."), burg.EINVALID)
		revs, err := s.FindCommentRevisions(t.Context(), c.ID)
		must(t, err)
		if len(revs) != 0 {
			t.Errorf("%d revisions of a refused edit", len(revs))
		}
	})
	for _, c := range []struct{ name, body string }{
		{"ErrEmpty", "  "},
		{"ErrTooLong", strings.Repeat("y", burg.MaxCommentLen+1)},
	} {
		test(t, c.name, open, func(t *testing.T, s burg.Store) {
			f := NewFixture(t, s)
			cm := comment(f.Posts[0], "v1", "Typist", "Fine as it is.")
			must(t, s.CreateComment(t.Context(), cm))
			wantCode(t, s.UpdateCommentBody(t.Context(), cm.ID, c.body), burg.EINVALID)
			got, err := s.FindComment(t.Context(), cm.ID)
			must(t, err)
			if got.Body != "Fine as it is." {
				t.Errorf("body changed to %q", got.Body)
			}
			revs, err := s.FindCommentRevisions(t.Context(), cm.ID)
			must(t, err)
			if len(revs) != 0 {
				t.Errorf("%d revisions of a refused edit", len(revs))
			}
		})
	}
}

func testDeleteComment(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		// The post's counters are recomputed from the comments left.
		f := NewFixture(t, s)
		cs := []*burg.Comment{
			comment(f.Posts[0], "v1", "One", "First."),
			comment(f.Posts[0], "v2", "Two", "Second."),
			comment(f.Posts[0], "v3", "Three", "Third."),
		}
		createComments(t, s, cs...)
		must(t, s.DeleteComment(t.Context(), cs[2].ID, "Off topic."))
		checkCounters(t, s, f.Posts[0].ID, 2, cs[1])
		got, err := s.FindComment(t.Context(), cs[2].ID)
		must(t, err)
		if got.DeletedAt == nil || got.DeletedAt.Location() != time.UTC || got.DeleteReason != "Off topic." {
			t.Errorf("deleted %v, reason %q", got.DeletedAt, got.DeleteReason)
		}
		if got.Body != "Third." {
			t.Errorf("the text is gone before a purge: %q", got.Body)
		}
		// Removing one in the middle leaves the latest.
		must(t, s.DeleteComment(t.Context(), cs[0].ID, "Spam."))
		checkCounters(t, s, f.Posts[0].ID, 1, cs[1])
		must(t, s.DeleteComment(t.Context(), cs[1].ID, "Spam."))
		checkCounters(t, s, f.Posts[0].ID, 0, nil)
		// Numbers are never given twice.
		next := comment(f.Posts[0], "v4", "Four", "Anyone here?")
		must(t, s.CreateComment(t.Context(), next))
		if next.Num != 4 {
			t.Errorf("next comment numbered %d, want 4", next.Num)
		}
		checkCounters(t, s, f.Posts[0].ID, 1, next)
	})
	test(t, "Twice", open, func(t *testing.T, s burg.Store) {
		// Removing a removed comment changes nothing, not even the reason.
		f := NewFixture(t, s)
		cs := []*burg.Comment{comment(f.Posts[0], "v1", "One", "First."), comment(f.Posts[0], "v2", "Two", "Second.")}
		createComments(t, s, cs...)
		must(t, s.DeleteComment(t.Context(), cs[1].ID, "Spam."))
		must(t, s.DeleteComment(t.Context(), cs[1].ID, "Another reason."))
		got, err := s.FindComment(t.Context(), cs[1].ID)
		must(t, err)
		if got.DeleteReason != "Spam." {
			t.Errorf("reason %q, want the first", got.DeleteReason)
		}
		checkCounters(t, s, f.Posts[0].ID, 1, cs[0])
	})
	test(t, "SiteCounts", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		cs := []*burg.Comment{comment(f.Posts[0], "v1", "One", "First."), comment(f.Posts[1], "v2", "Two", "Second.")}
		createComments(t, s, cs...)
		must(t, s.DeleteComment(t.Context(), cs[0].ID, "Spam."))
		got, err := s.SiteCounts(t.Context(), cs[0].CreatedAt, cs[0].CreatedAt.Add(time.Microsecond))
		must(t, err)
		if got.Comments != 1 || got.CommentsToday != 1 {
			t.Errorf("site counts %+v, want 1 comment in all and today", got)
		}
	})
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		NewFixture(t, s)
		wantCode(t, s.DeleteComment(t.Context(), 987654, "Spam."), burg.ENOTFOUND)
	})
}

func testFindCommentRevisions(t *testing.T, open opener) {
	test(t, "None", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		c := comment(f.Posts[0], "v1", "One", "Never edited.")
		must(t, s.CreateComment(t.Context(), c))
		for _, id := range []int64{c.ID, 987654} {
			revs, err := s.FindCommentRevisions(t.Context(), id)
			must(t, err)
			if len(revs) != 0 {
				t.Errorf("comment %d: %d revisions, want 0", id, len(revs))
			}
		}
	})
	test(t, "OwnOnly", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		a, b := comment(f.Posts[0], "v1", "One", "A1"), comment(f.Posts[0], "v2", "Two", "B1")
		createComments(t, s, a, b)
		must(t, s.UpdateCommentBody(t.Context(), a.ID, "A2"))
		must(t, s.UpdateCommentBody(t.Context(), b.ID, "B2"))
		must(t, s.UpdateCommentBody(t.Context(), a.ID, "A3"))
		revs, err := s.FindCommentRevisions(t.Context(), a.ID)
		must(t, err)
		var bodies []string
		for _, r := range revs {
			bodies = append(bodies, r.Body)
		}
		if want := []string{"A1", "A2"}; !slices.Equal(bodies, want) {
			t.Errorf("revisions %q, want %q", bodies, want)
		}
	})
}

func testFindVisitor(t *testing.T, open opener) {
	test(t, "ErrNotFound", open, func(t *testing.T, s burg.Store) {
		must(t, s.TouchVisitors(t.Context(), map[string]time.Time{"known": farFuture}))
		for _, id := range []string{"unknown", "", "KNOWN"} {
			_, err := s.FindVisitor(t.Context(), id)
			wantCode(t, err, burg.ENOTFOUND)
		}
	})
}

func testTouchVisitors(t *testing.T, open opener) {
	start := time.Date(2024, time.March, 11, 9, 0, 0, 250001000, time.UTC)
	touch := func(t *testing.T, s burg.Store, id string, at time.Time) {
		t.Helper()
		must(t, s.TouchVisitors(t.Context(), map[string]time.Time{id: at}))
	}
	check := func(t *testing.T, s burg.Store, id string, first, last time.Time, prev *time.Time) {
		t.Helper()
		v, err := s.FindVisitor(t.Context(), id)
		must(t, err)
		checkTime(t, id+" first seen", v.FirstSeen, first)
		checkTime(t, id+" last visit", v.LastVisit, last)
		checkTimePtr(t, id+" previous visit", v.PrevVisit, prev)
	}
	test(t, "New", open, func(t *testing.T, s burg.Store) {
		touch(t, s, "v1", start)
		check(t, s, "v1", start, start, nil)
		v, err := s.FindVisitor(t.Context(), "v1")
		must(t, err)
		if v.FirstNick != "" || v.Comments != 0 {
			t.Errorf("a reader who never commented: %+v", *v)
		}
	})
	test(t, "SameVisit", open, func(t *testing.T, s burg.Store) {
		// Page views less than burg.VisitGap apart are one visit, however
		// long it lasts.
		touch(t, s, "v1", start)
		touch(t, s, "v1", start.Add(20*time.Minute))
		touch(t, s, "v1", start.Add(40*time.Minute))
		touch(t, s, "v1", start.Add(40*time.Minute+burg.VisitGap)) // exactly the gap: still the same visit
		check(t, s, "v1", start, start.Add(40*time.Minute+burg.VisitGap), nil)
	})
	test(t, "NewVisit", open, func(t *testing.T, s burg.Store) {
		// After a pause longer than burg.VisitGap the last visit becomes
		// the previous one, and stays so through the new visit.
		touch(t, s, "v1", start)
		second := start.Add(burg.VisitGap + time.Microsecond)
		touch(t, s, "v1", second)
		check(t, s, "v1", start, second, &start)
		touch(t, s, "v1", second.Add(10*time.Minute))
		check(t, s, "v1", start, second.Add(10*time.Minute), &start)
		third := second.Add(3 * time.Hour)
		touch(t, s, "v1", third)
		prev := second.Add(10 * time.Minute)
		check(t, s, "v1", start, third, &prev)
	})
	test(t, "OutOfOrder", open, func(t *testing.T, s burg.Store) {
		// Instances flush on their own schedules: an older time changes
		// nothing.
		touch(t, s, "v1", start.Add(2*time.Hour))
		touch(t, s, "v1", start)
		touch(t, s, "v1", start.Add(2*time.Hour))
		check(t, s, "v1", start.Add(2*time.Hour), start.Add(2*time.Hour), nil)
	})
	test(t, "Batch", open, func(t *testing.T, s burg.Store) {
		touch(t, s, "b", start)
		batch := map[string]time.Time{}
		for i := range 50 {
			batch[fmt.Sprintf("v%02d", i)] = start.Add(time.Duration(i) * time.Second)
		}
		batch["b"] = start.Add(time.Hour)
		must(t, s.TouchVisitors(t.Context(), batch))
		for id, at := range batch {
			if id == "b" {
				check(t, s, id, start, at, &start)
				continue
			}
			check(t, s, id, at, at, nil)
		}
	})
	test(t, "Empty", open, func(t *testing.T, s burg.Store) {
		must(t, s.TouchVisitors(t.Context(), nil))
		must(t, s.TouchVisitors(t.Context(), map[string]time.Time{}))
	})
	test(t, "KeepsComments", open, func(t *testing.T, s burg.Store) {
		f := NewFixture(t, s)
		c := comment(f.Posts[0], "v1", "Regular", "Hello.")
		must(t, s.CreateComment(t.Context(), c))
		later := c.CreatedAt.Add(2 * time.Hour)
		touch(t, s, "v1", later)
		v, err := s.FindVisitor(t.Context(), "v1")
		must(t, err)
		if v.Comments != 1 || v.FirstNick != "Regular" {
			t.Errorf("visitor %+v lost its comments or nick", *v)
		}
		check(t, s, "v1", c.CreatedAt, later, &c.CreatedAt)
	})
}

func testSetting(t *testing.T, open opener) {
	test(t, "CreateOnce", open, func(t *testing.T, s burg.Store) {
		calls := 0
		def := func(v string) func() (string, error) {
			return func() (string, error) { calls++; return v, nil }
		}
		got, err := s.Setting(t.Context(), "signing_secret", def("first"))
		must(t, err)
		if got != "first" || calls != 1 {
			t.Fatalf("first read: %q after %d calls, want %q after 1", got, calls, "first")
		}
		got, err = s.Setting(t.Context(), "signing_secret", def("second"))
		must(t, err)
		if got != "first" || calls != 1 {
			t.Errorf("second read: %q after %d calls, want %q without a call", got, calls, "first")
		}
		// Keys are apart.
		got, err = s.Setting(t.Context(), "other", def("other value"))
		must(t, err)
		if got != "other value" {
			t.Errorf("other key: %q", got)
		}
	})
	test(t, "ErrDefault", open, func(t *testing.T, s burg.Store) {
		// A failing default stores nothing.
		boom := errors.New("no randomness")
		_, err := s.Setting(t.Context(), "k", func() (string, error) { return "", boom })
		if !errors.Is(err, boom) {
			t.Fatalf("got %v, want the default's error", err)
		}
		got, err := s.Setting(t.Context(), "k", func() (string, error) { return "v", nil })
		must(t, err)
		if got != "v" {
			t.Errorf("after a failed default: %q, want %q", got, "v")
		}
	})
	test(t, "Concurrent", open, func(t *testing.T, s burg.Store) {
		// Instances starting together each make a value; all end up with
		// the one that was stored.
		const n = 8
		got := make([]string, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				got[i], errs[i] = s.Setting(t.Context(), "signing_secret", func() (string, error) {
					return fmt.Sprintf("secret-%d", i), nil
				})
			})
		}
		wg.Wait()
		for i := range n {
			must(t, errs[i])
			if got[i] != got[0] {
				t.Errorf("caller %d got %q, caller 0 %q", i, got[i], got[0])
			}
		}
		again, err := s.Setting(t.Context(), "signing_secret", func() (string, error) { return "late", nil })
		must(t, err)
		if again != got[0] {
			t.Errorf("stored %q, callers got %q", again, got[0])
		}
	})
}
