package app_test

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
	"github.com/burg-news/burg/internal/demo"
	"github.com/burg-news/burg/internal/sqlstore"
)

// benchSite is the demo site, stored rendered in SQLite, with its
// application layer.
func benchSite(b *testing.B) (*sqlstore.Store, *app.App) {
	b.Helper()
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, filepath.Join(b.TempDir(), "burg.db"), sqlstore.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	a, err := app.New(ctx, app.Config{}, app.Deps{Store: store})
	if err != nil {
		b.Fatal(err)
	}
	site := demo.Generate(1, time.Date(2026, 3, 14, 15, 0, 0, 0, time.UTC), time.UTC, 30)
	if err := demo.LoadRendered(ctx, store, site, a.PostRenderer); err != nil {
		b.Fatal(err)
	}
	return store, a
}

// drainAll runs the renderer until it rests and returns the posts it
// rendered.
func drainAll(b *testing.B, a *app.App) int {
	b.Helper()
	n := 0
	for {
		step, err := a.RenderOnce(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if step.Idle {
			return n
		}
		n += step.Rendered
	}
}

// BenchmarkRerender measures the background renderer on the demo site
// (2,460 posts): Items changes the epithet of the entry most posts
// mention, so that its posts are found by index and rendered again; Words
// adds a swap, so that every post's text is looked through and those
// with the words rendered again; Backfill renders every post anew, as
// after a new version of the renderer.
func BenchmarkRerender(b *testing.B) {
	store, a := benchSite(b)
	ctx := context.Background()
	mod := app.Actor{Operator: true}
	names, err := store.FindNames(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var top *burg.Tag
	most := 0
	for _, t := range names {
		if t.Kind == burg.TagTopic {
			continue
		}
		ids, err := store.FindPostsMentioning(ctx, []burg.TermRef{{Kind: burg.TermName, ID: t.ID}}, 0, 10_000)
		if err != nil {
			b.Fatal(err)
		}
		if len(ids) > most {
			top, most = t, len(ids)
		}
	}
	b.Run("Items", func(b *testing.B) {
		posts := 0
		for i := 0; b.Loop(); i++ {
			in := app.InputOfEntry(top)
			in.Epithet = "the much-mentioned " + strconv.Itoa(i)
			if _, err := a.UpdateEntry(ctx, mod, top.ID, &in, nil); err != nil {
				b.Fatal(err)
			}
			posts += drainAll(b, a)
		}
		b.ReportMetric(float64(posts)/float64(b.N), "posts/op")
		b.ReportMetric(float64(posts)/b.Elapsed().Seconds(), "posts/s")
	})
	b.Run("Words", func(b *testing.B) {
		posts := 0
		for i := 0; b.Loop(); i++ {
			// "said" is in many posts: a swap of it touches them all.
			sw, err := a.CreateSwap(ctx, mod, &app.SwapInput{Term: "said", Variants: "squawked " + strconv.Itoa(i)})
			if err != nil {
				b.Fatal(err)
			}
			posts += drainAll(b, a)
			if err := a.DeleteSwap(ctx, mod, sw.ID); err != nil {
				b.Fatal(err)
			}
			posts += drainAll(b, a)
		}
		b.ReportMetric(float64(posts)/float64(b.N), "posts/op")
		b.ReportMetric(float64(posts)/b.Elapsed().Seconds(), "posts/s")
	})
	b.Run("Backfill", func(b *testing.B) {
		posts := 0
		for b.Loop() {
			if err := store.ResetRenderings(ctx); err != nil {
				b.Fatal(err)
			}
			posts += drainAll(b, a)
		}
		b.ReportMetric(float64(posts)/float64(b.N), "posts/op")
		b.ReportMetric(float64(posts)/b.Elapsed().Seconds(), "posts/s")
	})
}
