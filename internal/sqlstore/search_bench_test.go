package sqlstore_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/sqlstore"
)

// BenchmarkSearch measures SearchPosts on a large synthetic archive:
// BURG_SEARCH_BENCH_POSTS posts (200000 is a good size) over twenty
// years, bodies of about 150 words drawn from a vocabulary of 60,000
// invented words with a Zipf law, as words in prose are, two or three of
// 3,000 tags each, and a comment for every other post. Filling takes
// minutes, so it runs only when asked:
//
//	BURG_SEARCH_BENCH_POSTS=200000 go test ./internal/sqlstore -run '^$' -bench BenchmarkSearch -benchtime 480x -v
//
// BURG_SEARCH_BENCH_DB names the database to keep the archive in between
// runs, filled when it holds no posts: a SQLite file (the default, in a
// temporary directory), or a PostgreSQL URL (with search_path=SCHEMA for
// a schema of its own). Each iteration runs one query of a mix (common,
// mid and rare words, phrases, filters with words, date order,
// exclusions, comments); the benchmark reports the p50 and p95 of the
// mix and of each kind, in milliseconds, and logs each query's median.
// The two "stress" queries, an inverted index's worst case, are reported
// on their own and left out of the mix's figures.
func BenchmarkSearch(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("BURG_SEARCH_BENCH_POSTS"))
	if n <= 0 {
		b.Skip("set BURG_SEARCH_BENCH_POSTS (e.g. 200000) to fill an archive that large and search it")
	}
	dsn := os.Getenv("BURG_SEARCH_BENCH_DB")
	if dsn == "" {
		dsn = filepath.Join(b.TempDir(), "search.db")
	}
	s, err := sqlstore.Open(b.Context(), dsn, sqlstore.Options{Synchronous: "NORMAL"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if l := os.Getenv("BURG_SEARCH_BENCH_LIMITS"); l != "" {
		// rankWindow,sortAll,total,spread,count,comments: to try others.
		var v [6]int
		if _, err := fmt.Sscanf(l, "%d,%d,%d,%d,%d,%d", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]); err != nil {
			b.Fatalf("BURG_SEARCH_BENCH_LIMITS=%q: %v", l, err)
		}
		sqlstore.SetSearchLimits(s, v[0], v[1], v[2], v[3], v[4], v[5])
	}
	a := newBenchArchive(n)
	_, stored, err := s.FindPosts(b.Context(), burg.PostFilter{Limit: 1})
	must(b, err)
	if stored == 0 {
		start := time.Now()
		a.fill(b, s)
		b.Logf("filled %d posts and %d comments in %v", n, n/2, time.Since(start).Round(time.Second))
	} else {
		a.load(b, s)
	}
	queries := a.queries()
	// One warm-up pass, as a running site has its pages in memory.
	for _, q := range queries {
		if _, err := s.SearchPosts(b.Context(), q.q); err != nil {
			b.Fatalf("%s %q: %v", q.kind, q.q.String(), err)
		}
	}
	took := map[string][]time.Duration{}
	each := make([][]time.Duration, len(queries))
	results := make([]burg.SearchResults, len(queries))
	var all []time.Duration // but the stress queries
	i := 0
	for b.Loop() {
		k := i % len(queries)
		i++
		q := queries[k]
		start := time.Now()
		res, err := s.SearchPosts(b.Context(), q.q)
		d := time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		results[k] = res
		took[q.kind] = append(took[q.kind], d)
		each[k] = append(each[k], d)
		if q.kind != "stress" {
			all = append(all, d)
		}
	}
	pct := func(ds []time.Duration, f float64) time.Duration {
		ds = slices.Sorted(slices.Values(ds))
		return ds[int(f*float64(len(ds)-1))]
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	// Each query on its own: the median shows its cost, the minimum what
	// it costs when nothing else runs on the machine.
	for k, q := range queries {
		if len(each[k]) == 0 {
			continue
		}
		res := results[k]
		b.Logf("%-11s %-44q %3d hits, total %6d%-1s window %4d: median %6.2f ms, min %6.2f ms", q.kind, q.q.String(),
			len(res.Hits), res.Total, map[bool]string{true: "+"}[res.TotalCapped], res.RankWindow,
			ms(pct(each[k], 0.5)), ms(slices.Min(each[k])))
	}
	b.ReportMetric(ms(pct(all, 0.5)), "mix-p50-ms")
	b.ReportMetric(ms(pct(all, 0.95)), "mix-p95-ms")
	for kind, ds := range took {
		b.ReportMetric(ms(pct(ds, 0.5)), kind+"-p50-ms")
		b.ReportMetric(ms(pct(ds, 0.95)), kind+"-p95-ms")
	}
	b.ReportMetric(0, "ns/op") // the percentiles say it better
}

// benchArchive is the synthetic archive of BenchmarkSearch; the same n
// always gives the same archive.
type benchArchive struct {
	n        int
	vocab    []string
	tags     []*burg.Tag
	sections []*burg.Section
	posters  []*burg.User
	first    time.Time
	span     time.Duration
}

func newBenchArchive(n int) *benchArchive {
	r := rand.New(rand.NewPCG(7, uint64(n)))
	a := &benchArchive{n: n, first: time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC), span: 20 * 365 * 24 * time.Hour}
	seen := map[string]bool{}
	const letters = "abcdefghijklmnoprstuvwyz"
	for len(a.vocab) < 60000 {
		var w strings.Builder
		for range 2 + r.IntN(9) {
			w.WriteByte(letters[r.IntN(len(letters))])
		}
		if !seen[w.String()] {
			seen[w.String()] = true
			a.vocab = append(a.vocab, w.String())
		}
	}
	return a
}

// fill stores the archive in s through CreatePosts, 2,000 posts a
// transaction, and its comments in bulk.
func (a *benchArchive) fill(b *testing.B, s *sqlstore.Store) {
	ctx := b.Context()
	page := &burg.Page{Name: "News", Slug: "news"}
	must(b, s.CreatePage(ctx, page))
	for i := range 30 {
		sec := &burg.Section{PageID: page.ID, Name: fmt.Sprintf("Section %d", i), Slug: fmt.Sprintf("section-%d", i)}
		must(b, s.CreateSection(ctx, sec))
		a.sections = append(a.sections, sec)
	}
	for i := range 20 {
		u := &burg.User{Nick: fmt.Sprintf("Poster%d", i), Role: burg.RolePoster}
		must(b, s.CreateUser(ctx, u))
		a.posters = append(a.posters, u)
	}
	for i := range 3000 {
		tag := &burg.Tag{Name: fmt.Sprintf("%s %s", strings.ToUpper(a.vocab[1000+i][:1])+a.vocab[1000+i][1:], a.vocab[5000+i]),
			Slug: fmt.Sprintf("tag-%d", i)}
		must(b, s.CreateTag(ctx, tag))
		a.tags = append(a.tags, tag)
	}
	r := rand.New(rand.NewPCG(11, uint64(a.n)))
	words := rand.NewZipf(r, 1.07, 2, uint64(len(a.vocab)-1))
	tagZipf := rand.NewZipf(r, 1.2, 1, uint64(len(a.tags)-1))
	text := func(n int) string {
		var t strings.Builder
		for i := range n {
			if i > 0 {
				t.WriteByte(' ')
			}
			// A stock phrase now and then, for phrase searches.
			if r.IntN(15000) == 0 {
				t.WriteString("bilateral pipeline accord ")
			}
			t.WriteString(a.vocab[words.Uint64()])
			if r.IntN(12) == 0 {
				t.WriteString(".")
			}
		}
		return t.String()
	}
	const batch = 2000
	posts := make([]*burg.Post, 0, batch)
	for i := range a.n {
		at := a.first.Add(time.Duration(float64(a.span) * float64(i) / float64(a.n))).Add(time.Duration(r.IntN(3600)) * time.Second)
		body := text(120 + r.IntN(60))
		p := &burg.Post{
			SectionID: a.sections[r.IntN(len(a.sections))].ID, PosterID: a.posters[r.IntN(len(a.posters))].ID,
			Title: text(6 + r.IntN(5)), Body: "[b]" + body + "[/b]", Text: body,
			SourceTag: fmt.Sprintf("Source%d", r.IntN(200)), PostedAt: at, UpdatedAt: at,
		}
		for _, k := range []int{int(tagZipf.Uint64()), int(tagZipf.Uint64()), int(tagZipf.Uint64())}[:2+r.IntN(2)] {
			if !slices.ContainsFunc(p.Tags, func(t *burg.Tag) bool { return t.ID == a.tags[k].ID }) {
				p.Tags = append(p.Tags, a.tags[k])
			}
		}
		posts = append(posts, p)
		if len(posts) == batch || i == a.n-1 {
			must(b, s.CreatePosts(ctx, posts))
			posts = posts[:0]
		}
	}
	// Comments in bulk rows, as an import would write them.
	const perInsert = 500
	var rows []string
	var args []any
	flush := func() {
		if len(rows) > 0 {
			must(b, sqlstore.Exec(ctx, s, `INSERT INTO comments (post_id, num, nick, body, created_at, updated_at) VALUES `+
				strings.Join(rows, ", "), args...))
			rows, args = rows[:0], args[:0]
		}
	}
	for i := range a.n / 2 {
		post := int64(1 + r.IntN(a.n))
		at := a.first.Add(time.Duration(float64(a.span) * float64(post) / float64(a.n)))
		rows = append(rows, "(?, ?, ?, ?, ?, ?)")
		args = append(args, post, i+1, "Reader", text(20+r.IntN(40)), at, at)
		if len(rows) == perInsert {
			flush()
		}
	}
	flush()
}

// load reads back the sections, posters and tags of a filled archive.
func (a *benchArchive) load(b *testing.B, s *sqlstore.Store) {
	ctx := b.Context()
	secs, err := s.FindSections(ctx)
	must(b, err)
	users, err := s.FindUsers(ctx)
	must(b, err)
	tags, err := s.FindTags(ctx)
	must(b, err)
	a.sections, a.posters, a.tags = secs, users, tags
	slices.SortFunc(a.tags, func(x, y *burg.Tag) int { return int(x.ID - y.ID) })
}

type benchQuery struct {
	kind string
	q    burg.SearchQuery
}

// queries is the mix: the words by their rank in the Zipf law (the 3rd
// most common word is in most posts, the 30,000th in a few dozen).
func (a *benchArchive) queries() []benchQuery {
	v := a.vocab
	parse := func(kind, s string, edit ...func(*burg.SearchQuery)) benchQuery {
		q := burg.ParseSearch(s)
		for _, e := range edit {
			e(&q)
		}
		return benchQuery{kind, q}
	}
	byDate := func(q *burg.SearchQuery) { q.Sort = burg.SortDate }
	comments := func(q *burg.SearchQuery) { q.IncludeComments = true }
	tag := a.tags[3].Slug // a popular tag
	return []benchQuery{
		parse("common", v[2]),
		parse("common", v[10]),
		parse("common", v[5]+" "+v[8]),
		parse("mid", v[300]),
		parse("mid", v[1000]+" "+v[40]),
		parse("rare", v[30000]),
		parse("rare", v[20000]+" "+v[3]),
		parse("phrase", `"bilateral pipeline accord"`),
		parse("phrase", `"`+v[300]+" "+v[2]+`"`),
		parse("filter+word", "section:section-7 "+v[2]),
		parse("filter+word", "tag:"+tag+" "+v[300]),
		parse("filter+word", "by:Poster3 "+v[10]),
		parse("filter+word", "after:2023-06-30 "+v[2]),
		parse("filter+word", "before:2008-01-01 tag:"+tag+" "+v[50]),
		parse("date", v[2], byDate),
		parse("date", v[300], byDate),
		parse("date", v[30000], byDate),
		parse("date", "section:section-3 "+v[10], byDate),
		parse("exclude", v[2]+" -"+v[300]),
		parse("exclude", v[300]+" -"+v[5]),
		parse("filters", "tag:"+tag+" after:2020-01-01"),
		parse("comments", v[300], comments),
		parse("comments", v[5000], comments, byDate),
		// What an inverted index does worst: few matches among the posts
		// of the commonest words, like "the of" and "the -of" in English.
		parse("stress", `"`+v[2]+" "+v[3]+`"`),
		parse("stress", v[2]+" -"+v[3]),
	}
}
