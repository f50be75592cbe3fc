package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
)

func testBulkLoad(t *testing.T, open opener) {
	test(t, "OK", open, func(t *testing.T, s burg.Store) {
		// What a load stores reads back the same during the load and
		// after it, through the queries the indexes serve.
		f := NewFixture(t, s)
		var ps []*burg.Post
		check := func(t *testing.T, when string) {
			t.Helper()
			posts, total, err := s.FindPosts(t.Context(), burg.PostFilter{TagID: f.Unused.ID})
			must(t, err)
			if got, want := titles(posts), []string{"Bulk 2", "Bulk 1", "Bulk 0"}; !slices.Equal(got, want) || total != 3 {
				t.Errorf("%s: posts under the tag: got %q (total %d), want %q", when, got, total, want)
			}
			posts, _, err = s.FindPosts(t.Context(), burg.PostFilter{From: f.Day(6), Until: f.Day(7)})
			must(t, err)
			if got, want := titles(posts), []string{"Bulk 2", "Bulk 1", "Bulk 0"}; !slices.Equal(got, want) {
				t.Errorf("%s: posts of the day: got %q, want %q", when, got, want)
			}
			cs, err := s.FindComments(t.Context(), ps[1].ID)
			must(t, err)
			var bodies []string
			for _, c := range cs {
				bodies = append(bodies, fmt.Sprintf("#%d %s", c.Num, c.Body))
			}
			if want := []string{"#1 First.", "#2 Second."}; !slices.Equal(bodies, want) {
				t.Errorf("%s: comments: got %q, want %q", when, bodies, want)
			}
			latest, err := s.FindLatestComments(t.Context(), 1)
			must(t, err)
			if len(latest) != 1 || latest[0].Body != "Second." {
				t.Errorf("%s: latest comment: got %v, want the second", when, latest)
			}
			checkVisitor(t, s, "bulk-visitor", "Bulk Nick", 2, f.Day(6).Add(time.Hour), f.Day(6).Add(2*time.Hour))
		}
		err := s.BulkLoad(t.Context(), func(ctx context.Context) error {
			for i := range 3 {
				ps = append(ps, &burg.Post{SectionID: f.Europe.ID, PosterID: f.Otter.ID, Title: fmt.Sprintf("Bulk %d", i),
					PostedAt: f.Day(6).Add(time.Duration(i) * time.Minute), Tags: []*burg.Tag{f.Unused}})
			}
			if err := s.CreatePosts(ctx, ps); err != nil {
				return err
			}
			err := s.CreateComments(ctx, []*burg.Comment{
				bulkComment(ps[1], "bulk-visitor", "Bulk Nick", "First.", f.Day(6).Add(time.Hour)),
				bulkComment(ps[1], "bulk-visitor", "Bulk Nick", "Second.", f.Day(6).Add(2*time.Hour)),
			})
			if err != nil {
				return err
			}
			check(t, "during the load")
			return nil
		})
		must(t, err)
		check(t, "after the load")
		// A post's source is still posted once, during a load and after
		// (the fixture's first post has one).
		dup := func() error {
			return s.CreatePost(t.Context(), &burg.Post{SectionID: f.Europe.ID, PosterID: f.Otter.ID, Title: "Again",
				SourceURL: f.Posts[0].SourceURL, PostedAt: f.Day(6)})
		}
		must(t, s.BulkLoad(t.Context(), func(context.Context) error {
			wantCode(t, dup(), burg.ECONFLICT)
			return nil
		}))
		wantCode(t, dup(), burg.ECONFLICT)
	})
	test(t, "LoadFails", open, func(t *testing.T, s burg.Store) {
		// The load's error comes back, what it committed stays, and the
		// store takes a load again.
		f := NewFixture(t, s)
		failed := errors.New("the load gave up")
		err := s.BulkLoad(t.Context(), func(ctx context.Context) error {
			if err := s.CreatePost(ctx, &burg.Post{SectionID: f.Europe.ID, PosterID: f.Otter.ID, Title: "Committed",
				PostedAt: f.Day(6), Tags: []*burg.Tag{f.Unused}}); err != nil {
				return err
			}
			return failed
		})
		if !errors.Is(err, failed) {
			t.Fatalf("got %v, want the load's error", err)
		}
		posts, _, err := s.FindPosts(t.Context(), burg.PostFilter{TagID: f.Unused.ID})
		must(t, err)
		if got := titles(posts); !slices.Equal(got, []string{"Committed"}) {
			t.Errorf("after the failed load: got %q, want the committed post", got)
		}
		must(t, s.BulkLoad(t.Context(), func(context.Context) error { return nil }))
	})
	test(t, "ErrInProgress", open, func(t *testing.T, s burg.Store) {
		NewFixture(t, s)
		must(t, s.BulkLoad(t.Context(), func(ctx context.Context) error {
			wantCode(t, s.BulkLoad(ctx, func(context.Context) error {
				t.Error("a second load ran during the first")
				return nil
			}), burg.ECONFLICT)
			return nil
		}))
	})
}
