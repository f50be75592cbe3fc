package sqlstore_test

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/sqlstore"
	"github.com/burg-news/burg/internal/storetest"
)

// BenchmarkSearchArchive measures SearchPosts on an archive made
// elsewhere, by `burgbench gen` for instance, named by
// BURG_SEARCH_ARCHIVE (a SQLite file or a PostgreSQL URL). The file is
// opened read-only (Options.ReadOnly: as it is, nothing written).
//
//	BURG_SEARCH_ARCHIVE=/tmp/small.db go test ./internal/sqlstore -run '^$' -bench BenchmarkSearchArchive -benchtime 400x -v
//
// The words come from the archive: the commonest words of five letters
// or more in the newest posts' titles and text (the word the load
// harness searches for is one of them), one in about a tenth of them and
// a rare one; the tag and poster with the most posts. Each iteration runs
// one query of the mix, which covers what readers type: one or two
// frequent words, a phrase, a tag: filter, sort by date, page 2 and 5, a
// date range, and comments; it reports the p50 and p95 of the mix and
// logs each query's median.
func BenchmarkSearchArchive(b *testing.B) {
	dsn := os.Getenv("BURG_SEARCH_ARCHIVE")
	if dsn == "" {
		b.Skip("set BURG_SEARCH_ARCHIVE to an archive to search")
	}
	s, err := sqlstore.Open(b.Context(), dsn, sqlstore.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	queries := archiveQueries(b, s)
	if only := os.Getenv("BURG_SEARCH_ARCHIVE_KIND"); only != "" {
		// One kind of query alone, to profile it.
		queries = slices.DeleteFunc(queries, func(q archiveQuery) bool { return q.kind != only })
		if len(queries) == 0 {
			b.Fatalf("no query of kind %q", only)
		}
	}
	for _, q := range queries {
		if _, err := s.SearchPosts(b.Context(), q.q); err != nil {
			b.Fatalf("%s %q: %v", q.kind, q.q.String(), err)
		}
	}
	each := make([][]time.Duration, len(queries))
	results := make([]burg.SearchResults, len(queries))
	var all []time.Duration
	i := 0
	for b.Loop() {
		k := i % len(queries)
		i++
		start := time.Now()
		res, err := s.SearchPosts(b.Context(), queries[k].q)
		d := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		results[k] = res
		each[k] = append(each[k], d)
		all = append(all, d)
	}
	for k, q := range queries {
		if len(each[k]) == 0 {
			continue
		}
		res := results[k]
		b.Logf("%-8s %-48q %2d hits, total %6d%-1s window %4d: median %7.2f ms, max %7.2f ms", q.kind, q.label,
			len(res.Hits), res.Total, map[bool]string{true: "+"}[res.TotalCapped], res.RankWindow,
			msOf(percentile(each[k], 0.5)), msOf(slices.Max(each[k])))
	}
	b.ReportMetric(msOf(percentile(all, 0.5)), "p50-ms")
	b.ReportMetric(msOf(percentile(all, 0.95)), "p95-ms")
	b.ReportMetric(0, "ns/op")
}

func percentile(ds []time.Duration, f float64) time.Duration {
	ds = slices.Sorted(slices.Values(ds))
	return ds[int(f*float64(len(ds)-1))]
}

func msOf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

type archiveQuery struct {
	kind, label string
	q           burg.SearchQuery
}

// archiveQueries builds the mix from what the archive holds.
func archiveQueries(b *testing.B, s *sqlstore.Store) []archiveQuery {
	b.Helper()
	ctx := b.Context()
	posts, _, err := s.FindPosts(ctx, burg.PostFilter{Limit: 500})
	must(b, err)
	if len(posts) == 0 {
		b.Fatal("the archive has no posts")
	}
	// Function words (English ones the text is strewn with) are in
	// nearly every post; the first invented word is the harness's.
	aw := storetest.NewArchiveWords(posts)
	common, common2, tenth, rare := aw.At(0.85), aw.At(0.3), aw.At(0.1), aw.At(0.005)
	tag := aw.Tag
	phrase := ""
	for _, p := range posts {
		if f := strings.Fields(p.Title); len(f) >= 4 {
			phrase = `"` + strings.Join(f[1:3], " ") + `"`
			break
		}
	}
	parse := func(kind, text string, edit ...func(*burg.SearchQuery)) archiveQuery {
		q := burg.ParseSearch(text)
		label := text
		for _, e := range edit {
			e(&q)
		}
		if q.Sort == burg.SortDate {
			label += " [date]"
		}
		if q.Offset > 0 {
			label += " [page " + strconv.Itoa(q.Offset/20+1) + "]"
		}
		if q.IncludeComments {
			label += " [comments]"
		}
		q.Limit = 20
		return archiveQuery{kind, label, q}
	}
	byDate := func(q *burg.SearchQuery) { q.Sort = burg.SortDate }
	page := func(n int) func(*burg.SearchQuery) { return func(q *burg.SearchQuery) { q.Offset = (n - 1) * 20 } }
	comments := func(q *burg.SearchQuery) { q.IncludeComments = true }
	last := posts[0].PostedAt
	month := last.AddDate(0, -1, 0).Format(burg.DateLayout)
	return []archiveQuery{
		parse("common", common),
		parse("common", common2),
		parse("common", common+" "+common2),
		parse("mid", tenth),
		parse("rare", rare),
		parse("phrase", phrase),
		parse("tag", "tag:"+tag+" "+common),
		parse("tag", "tag:"+tag),
		parse("date", common, byDate),
		parse("date", tenth, byDate),
		parse("page", common, page(2)),
		parse("page", common, page(5)),
		parse("page", common, byDate, page(3)),
		parse("range", "after:"+month+" "+common),
		parse("exclude", common+" -"+tenth),
		parse("comments", tenth, comments),
		parse("comments", common, comments),
	}
}
