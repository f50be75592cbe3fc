package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/bus"
	"github.com/burg-news/burg/internal/sqlstore"
	"github.com/burg-news/burg/internal/storetest"
	"github.com/burg-news/burg/internal/views"
	"github.com/burg-news/burg/internal/web"
)

// BenchmarkSearchPageArchive serves /search through the whole handler on
// an archive made elsewhere (`burgbench gen`), named by
// BURG_SEARCH_ARCHIVE: a SQLite file, opened read-only (Options.ReadOnly),
// or a PostgreSQL URL.
//
//	BURG_SEARCH_ARCHIVE=/tmp/small.db go test ./internal/web -run '^$' -bench BenchmarkSearchPageArchive -benchtime 200x
//
// Each iteration serves one search of a mix (the word the load harness
// searches for, a rarer one, two words, a tag, by date, page 2, with
// comments). "repeat" serves them as readers asking the same searches
// get them; "afterComment" first delivers the event of a comment on the
// first hit, as a busy site has between two readers' searches, so that
// the search is made again. It reports the p50 and p95 in milliseconds.
func BenchmarkSearchPageArchive(b *testing.B) {
	dsn := os.Getenv("BURG_SEARCH_ARCHIVE")
	if dsn == "" {
		b.Skip("set BURG_SEARCH_ARCHIVE to an archive to search")
	}
	ctx := b.Context()
	store, err := sqlstore.Open(ctx, dsn, sqlstore.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	posts, _, err := store.FindPosts(ctx, burg.PostFilter{Limit: 500})
	if err != nil {
		b.Fatal(err)
	}
	if len(posts) == 0 {
		b.Fatal("the archive has no posts")
	}
	events := bus.New()
	now := time.Now()
	srv, err := web.New(web.Config{SiteName: "Burg", CommentsCloseAfter: 30 * 24 * time.Hour},
		web.Deps{Store: store, Views: views.New(store, nil), Visits: views.NewVisits(store, nil),
			Now: func() time.Time { return now }, Bus: events})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	common, rare, tag := archiveWords(posts)
	paths := []string{
		"/search?q=" + url.QueryEscape(common),
		"/search?q=" + url.QueryEscape(rare),
		"/search?q=" + url.QueryEscape(common+" "+rare),
		"/search?q=" + url.QueryEscape(common) + "&tag=" + tag,
		"/search?q=" + url.QueryEscape(common) + "&sort=date",
		"/search?q=" + url.QueryEscape(common) + "&page=2",
		"/search?q=" + url.QueryEscape(rare) + "&comments=1",
	}
	get := func(path string) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("User-Agent", "Mozilla/5.0 Firefox/140.0")
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d", path, rec.Code)
		}
	}
	for _, p := range paths {
		get(p) // the first time the store reads its pages from disk
	}
	for _, mode := range []string{"repeat", "afterComment"} {
		b.Run(mode, func(b *testing.B) {
			var took []time.Duration
			i := 0
			for b.Loop() {
				path := paths[i%len(paths)]
				i++
				if mode == "afterComment" {
					events.Deliver(burg.Event{Kind: burg.EventComment, PostID: posts[i%len(posts)].ID})
					// A comment on a post the page may not show: the
					// searches that include comments go in any case.
					events.Deliver(burg.Event{Kind: burg.EventComment, PostID: firstHit(b, store, path)})
				}
				start := time.Now()
				get(path)
				took = append(took, time.Since(start))
			}
			b.ReportMetric(msOf(percentile(took, 0.5)), "p50-ms")
			b.ReportMetric(msOf(percentile(took, 0.95)), "p95-ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// firstHit returns the first post a search page's query finds, or 0.
func firstHit(b *testing.B, store burg.Store, path string) int64 {
	b.Helper()
	u, err := url.Parse(path)
	if err != nil {
		b.Fatal(err)
	}
	q := burg.ParseSearch(u.Query().Get("q"))
	q.Limit = 1
	res, err := store.SearchPosts(b.Context(), q)
	if err != nil {
		b.Fatal(err)
	}
	if len(res.Hits) == 0 {
		return 0
	}
	return res.Hits[0].Post.ID
}

// archiveWords picks from the newest posts the commonest word of five
// letters or more in most of them but not nearly all (English function
// words are in nearly every one), a word in about one post in a hundred,
// and the tag they are filed under most.
func archiveWords(posts []*burg.Post) (common, rare, tag string) {
	aw := storetest.NewArchiveWords(posts)
	return aw.At(0.85), aw.At(0.01), aw.Tag
}

func percentile(ds []time.Duration, f float64) time.Duration {
	ds = slices.Sorted(slices.Values(ds))
	return ds[int(f*float64(len(ds)-1))]
}

func msOf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
