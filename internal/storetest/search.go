package storetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	burg "github.com/burg-news/burg"
)

// RunSearch runs the contract tests of SearchPosts alone, for a store
// opened with other settings (such as smaller windows, so that the paths
// a large archive takes are taken by the suite's few thousand posts). Run
// includes them.
func RunSearch(t *testing.T, open func(t *testing.T) burg.Store) {
	t.Run("SearchPosts", func(t *testing.T) { testSearchPosts(t, open) })
}

// searchSite is the fixture of the search tests: a few hand-written posts
// with the cases that trip search engines up (accents, apostrophes,
// scripts, phrases, operators in the text), and a few thousand generated
// ones over two years whose words come from an invented vocabulary, so
// that what each query must find can be worked out here.
type searchSite struct {
	europe, caucasus, essays *burg.Section
	badger, otter, heron     *burg.User
	energy, georgia, ossetia *burg.Tag
	chechnya                 *burg.Tag
	topics                   []*burg.Tag // under generated posts only

	posts map[string]*burg.Post // the hand-written posts by key
	gen   []*burg.Post          // the generated posts, oldest first
	vocab []string              // the generated posts' words, most used first
	// fields and words are those of each generated post, as the
	// engines index them.
	fields [][][]string
	words  []map[string]bool
	uses   map[string]int // generated posts holding each word

	// liveComment and removedComment are on posts["host"].
	liveComment, removedComment *burg.Comment
}

// genStart is the first day of the generated posts, which span 2023 and
// 2024; the hand-written ones are from January 2025 but for one from 2010.
var genStart = time.Date(2023, time.January, 1, 0, 0, 0, 0, time.UTC)

// newSearchSite stores a searchSite in s, which must be empty.
func newSearchSite(t *testing.T, s burg.Store) *searchSite {
	t.Helper()
	ctx := t.Context()
	st := &searchSite{posts: map[string]*burg.Post{}}
	news := &burg.Page{Name: "News", Slug: "news", Position: 1}
	must(t, s.CreatePage(ctx, news))
	for _, sec := range []**burg.Section{&st.europe, &st.caucasus, &st.essays} {
		*sec = &burg.Section{PageID: news.ID, Page: news}
	}
	st.europe.Name, st.europe.Slug = "Europe", "europe"
	st.caucasus.Name, st.caucasus.Slug = "Caucasus", "caucasus"
	st.essays.Name, st.essays.Slug = "Essays", "essays"
	for _, sec := range []*burg.Section{st.europe, st.caucasus, st.essays} {
		must(t, s.CreateSection(ctx, sec))
	}
	st.badger = &burg.User{Nick: "Badger", Role: burg.RolePoster}
	st.otter = &burg.User{Nick: "Otter", Role: burg.RolePoster}
	st.heron = &burg.User{Nick: "Grey Heron", Role: burg.RoleModerator}
	for _, u := range []*burg.User{st.badger, st.otter, st.heron} {
		must(t, s.CreateUser(ctx, u))
	}
	tag := func(name, slug string) *burg.Tag {
		tg := &burg.Tag{Name: name, Slug: slug}
		must(t, s.CreateTag(ctx, tg))
		return tg
	}
	st.energy, st.georgia = tag("Energy", "energy"), tag("Georgia", "georgia")
	st.ossetia, st.chechnya = tag("South Ossetia", "south-ossetia"), tag("Chechnya", "chechnya")
	for i, name := range []string{"Harbour", "Railway", "Border", "Weather", "Courts", "Schools"} {
		st.topics = append(st.topics, tag(name, fmt.Sprintf("topic-%d", i)))
	}

	st.generate()
	must(t, s.CreatePosts(ctx, st.gen))

	at := func(day, hour int) time.Time { return time.Date(2025, time.January, day, hour, 0, 0, 0, time.UTC) }
	hand := []struct {
		key, title, text string
		sec              *burg.Section
		by               *burg.User
		at               time.Time
		tags             []*burg.Tag
		source           string
	}{
		{"msf", "Médecins Sans Frontières open a clinic in Tskhinvali",
			"The clinic opened on Monday. Russia's envoy called it well-known work; the e-mail from the ministry was short.",
			st.caucasus, st.badger, at(2, 9), []*burg.Tag{st.ossetia}, "KavkazUzel"},
		{"medecins", "Volunteer medecins return",
			"Doctors without the accent in their name arrived in the valley.", st.europe, st.otter, at(3, 9), nil, ""},
		{"cyrillic", "Москва отвечает", "Ёлка на площади. Министр сказал «нет».", st.europe, st.otter, at(4, 9), nil, ""},
		{"arabic", "القاهرة تستضيف المؤتمر", "وصل الوفد إلى المدينة مساء الأحد.", st.essays, st.heron, at(5, 9), nil, ""},
		{"phrase", "Gas deal signed in Baku", "The gas deal was signed after long talks.",
			st.caucasus, st.badger, at(6, 9), []*burg.Tag{st.energy}, ""},
		{"words", "Deal on gas prices", "A deal was reached; gas flows resume. Nothing was signed.",
			st.europe, st.otter, at(7, 9), []*burg.Tag{st.energy}, ""},
		{"pipeline", "Pipeline repairs delay gas", "Crews fixed the pipeline near the border.",
			st.caucasus, st.heron, at(8, 9), []*burg.Tag{st.energy, st.georgia}, ""},
		{"case", "UPPER case HEADLINE", "MiXeD CaSe words: Tbilisi TBILISI tbilisi.", st.caucasus, st.otter, at(9, 9), []*burg.Tag{st.georgia}, ""},
		{"operators", "Alpha or beta near the hill", "Near the hill the col term ended.", st.essays, st.badger, at(10, 9), nil, ""},
		{"quotes", `Quote marks "inside" a title`, `He wrote: "a" OR "b"; then '); DROP TABLE posts; -- ended.`,
			st.essays, st.otter, at(11, 9), nil, ""},
		{"angles", "Brackets in a text", "The page showed <script>warn()</script> & a brackenwort &amp; more.",
			st.essays, st.heron, at(11, 10), nil, ""},
		{"title-rank", "Quillon found at the dig", "A short note on the day's work at the dig.", st.europe, st.badger, at(12, 9), nil, ""},
		{"body-rank", "Museum note on the dig", "The museum also showed a quillon from the dig.", st.europe, st.badger, at(13, 9), nil, ""},
		{"host", "Comment host", "Nothing special here.", st.europe, st.otter, at(14, 9), nil, ""},
		{"glimmer", "Glimmerfish spotted", "A glimmerfish was seen off the coast.", st.europe, st.otter, at(15, 9), nil, ""},
		{"deleted", "Zombieword story", "The zombieword appears only here.", st.europe, st.otter, at(16, 9), nil, ""},
		{"archive", "Archive piece about ferries", "Ferries ran late all winter.", st.caucasus, st.heron,
			time.Date(2010, time.May, 1, 12, 0, 0, 0, time.UTC), []*burg.Tag{st.chechnya}, ""},
	}
	for _, h := range hand {
		p := &burg.Post{
			SectionID: h.sec.ID, Section: h.sec, PosterID: h.by.ID, Poster: h.by,
			Title: h.title, Body: "[b]" + h.text + "[/b]", Text: h.text,
			PostedAt: h.at, UpdatedAt: h.at, Tags: h.tags, SourceTag: h.source,
		}
		must(t, s.CreatePost(ctx, p))
		st.posts[h.key] = p
	}
	for _, h := range hand {
		for _, w := range strings.FieldsFunc(strings.ToLower(h.title+" "+h.text+" "+h.source), notWord) {
			if slices.Contains(st.vocab, w) {
				t.Fatalf("the hand-written post %q uses %q, a word of the generated vocabulary", h.key, w)
			}
		}
	}
	must(t, s.DeletePost(ctx, st.posts["deleted"].ID, burg.PostChange{UserID: st.heron.ID, Action: burg.ActionDeleted}))

	host := st.posts["host"]
	st.liveComment = &burg.Comment{PostID: host.ID, Nick: "Reader", Body: "I saw the livecomment word, and a glimmerfish too."}
	st.removedComment = &burg.Comment{PostID: host.ID, Nick: "Troll", Body: "A ghostcomment nobody should find."}
	must(t, s.CreateComment(ctx, st.liveComment))
	must(t, s.CreateComment(ctx, st.removedComment))
	must(t, s.DeleteComment(ctx, st.removedComment.ID, "spam"))
	return st
}

func notWord(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }

// generate makes the generated posts: 2,500 over 2023 and 2024, with
// words of two or three syllables drawn so that a few are common and most
// rare, and some posts sharing a posting time.
func (st *searchSite) generate() {
	r := rand.New(rand.NewPCG(2024, 11))
	syllables := strings.Fields("ka lo mi ru ve zo ta ne pi su do ga fe bu xi wo")
	seen := map[string]bool{}
	for len(st.vocab) < 3000 {
		var b strings.Builder
		for range 2 + r.IntN(2) {
			b.WriteString(syllables[r.IntN(len(syllables))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			st.vocab = append(st.vocab, w)
		}
	}
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(st.vocab)-1))
	words := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = st.vocab[zipf.Uint64()]
		}
		return out
	}
	sections := []*burg.Section{st.europe, st.caucasus, st.essays}
	posters := []*burg.User{st.badger, st.otter, st.heron}
	tags := append([]*burg.Tag{st.energy, st.georgia}, st.topics...)
	const n = 2500
	span := 2 * 365 * 24 * time.Hour
	var prev time.Time
	for i := range n {
		at := genStart.Add(span / n * time.Duration(i)).Add(time.Duration(r.IntN(3600)) * time.Second)
		if i%40 == 39 {
			at = prev // posts at the same instant sort by ID
		}
		prev = at
		title := words(3 + r.IntN(4))
		title[0] = strings.ToUpper(title[0][:1]) + title[0][1:]
		var text []string
		for range 2 + r.IntN(2) {
			sentence := words(6 + r.IntN(7))
			sentence[0] = strings.ToUpper(sentence[0][:1]) + sentence[0][1:]
			if r.IntN(2) == 0 {
				sentence[2] += ","
			}
			text = append(text, strings.Join(sentence, " ")+".")
		}
		sec, by := sections[r.IntN(len(sections))], posters[r.IntN(len(posters))]
		p := &burg.Post{
			SectionID: sec.ID, Section: sec, PosterID: by.ID, Poster: by,
			Title: strings.Join(title, " "), Text: strings.Join(text, " "),
			SourceTag: fmt.Sprintf("Wire%d", r.IntN(5)),
			PostedAt:  at, UpdatedAt: at,
		}
		p.Body = "[i]" + p.Text + "[/i]"
		for _, k := range r.Perm(len(tags))[:r.IntN(3)] {
			p.Tags = append(p.Tags, tags[k])
		}
		st.gen = append(st.gen, p)
	}
	// The vocabulary most used first, by posts using each word.
	st.uses = map[string]int{}
	for _, p := range st.gen {
		fields := genFields(p)
		set := map[string]bool{}
		for _, f := range fields {
			for _, w := range f {
				set[w] = true
			}
		}
		for w := range set {
			st.uses[w]++
		}
		st.fields, st.words = append(st.fields, fields), append(st.words, set)
	}
	slices.SortStableFunc(st.vocab, func(a, b string) int { return st.uses[b] - st.uses[a] })
}

// genFields are the words of each field of a generated post, in order.
func genFields(p *burg.Post) [][]string {
	split := func(s string) []string { return strings.FieldsFunc(strings.ToLower(s), notWord) }
	fields := [][]string{split(p.Title), split(p.Text), split(p.SourceTag)}
	for _, tag := range p.Tags {
		fields = append(fields, split(tag.Name))
	}
	return fields
}

// hasPhrase reports whether one of fields holds the words in a row.
func hasPhrase(fields [][]string, words []string) bool {
	for _, f := range fields {
		for i := 0; i+len(words) <= len(f); i++ {
			if slices.Equal(f[i:i+len(words)], words) {
				return true
			}
		}
	}
	return false
}

// expect returns the generated posts a query made of generated words
// must find, newest first.
func (st *searchSite) expect(q burg.SearchQuery, sections, posters map[string]int64) []*burg.Post {
	var out []*burg.Post
	for i, p := range st.gen {
		if genMatch(p, st.fields[i], q, sections, posters) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *burg.Post) int {
		if c := b.PostedAt.Compare(a.PostedAt); c != 0 {
			return c
		}
		return int(b.ID - a.ID)
	})
	return out
}

func genMatch(p *burg.Post, fields [][]string, q burg.SearchQuery, sections, posters map[string]int64) bool {
	for _, term := range q.Terms {
		words := strings.FieldsFunc(strings.ToLower(term.Text), notWord)
		if hasPhrase(fields, words) == term.Exclude {
			return false
		}
	}
	for _, slug := range q.Tags {
		if !slices.ContainsFunc(p.Tags, func(tg *burg.Tag) bool { return tg.Slug == slug }) {
			return false
		}
	}
	switch {
	case q.Section != "" && p.SectionID != sections[q.Section]:
		return false
	case q.Poster != "" && p.PosterID != posters[strings.ToLower(q.Poster)]:
		return false
	case !q.From.IsZero() && p.PostedAt.Before(q.From):
		return false
	case !q.Until.IsZero() && !p.PostedAt.Before(q.Until):
		return false
	}
	return true
}

// searchAll pages through every hit of q, Limit at a time, by offset for
// relevance and by cursor for date, and returns them in order with the
// first page. It checks that pages do not repeat a post and are in order.
func searchAll(t *testing.T, s burg.Store, q burg.SearchQuery) ([]burg.SearchHit, burg.SearchResults) {
	t.Helper()
	var all []burg.SearchHit
	var first burg.SearchResults
	seen := map[int64]bool{}
	for page := 0; ; page++ {
		res, err := s.SearchPosts(t.Context(), q)
		must(t, err)
		if page == 0 {
			first = res
		} else if res.Total != first.Total || res.TotalCapped != first.TotalCapped {
			t.Errorf("%q page %d: total %d (capped %v), first page said %d (capped %v)",
				q.String(), page, res.Total, res.TotalCapped, first.Total, first.TotalCapped)
		}
		for _, h := range res.Hits {
			if seen[h.Post.ID] {
				t.Fatalf("%q: post %d (%q) on two pages", q.String(), h.Post.ID, h.Post.Title)
			}
			seen[h.Post.ID] = true
		}
		all = append(all, res.Hits...)
		limit := q.Limit
		if limit == 0 {
			limit = burg.DefaultSearchLimit
		}
		if res.Sort == burg.SortDate {
			if res.Next == "" {
				break
			}
			if len(res.Hits) != limit {
				t.Fatalf("%q: a page of %d hits before the last, want %d", q.String(), len(res.Hits), limit)
			}
			q.Cursor = res.Next
		} else {
			if len(res.Hits) < limit || res.Next != "" {
				if res.Next != "" {
					t.Errorf("%q: a cursor %q for results by relevance", q.String(), res.Next)
				}
				break
			}
			q.Offset += limit
		}
		if page > 1000 {
			t.Fatalf("%q: more than 1000 pages", q.String())
		}
	}
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		if first.Sort == burg.SortDate && (a.Post.PostedAt.Before(b.Post.PostedAt) ||
			a.Post.PostedAt.Equal(b.Post.PostedAt) && a.Post.ID < b.Post.ID) {
			t.Errorf("%q: %q (%v, %d) before %q (%v, %d) by date", q.String(),
				a.Post.Title, a.Post.PostedAt, a.Post.ID, b.Post.Title, b.Post.PostedAt, b.Post.ID)
		}
		if first.Sort == burg.SortRelevance && a.CommentID == 0 && b.CommentID == 0 && a.Rank < b.Rank {
			t.Errorf("%q: %q (rank %g) before %q (rank %g)", q.String(), a.Post.Title, a.Rank, b.Post.Title, b.Rank)
		}
	}
	return all, first
}

// checkFound checks hits, all the hits of a query in order, against the
// posts it must find (newest first), allowing for a store's windows: a
// total may be a lower bound, and ranking may cover only the newest
// RankWindow matches.
func checkFound(t *testing.T, q burg.SearchQuery, hits []burg.SearchHit, res burg.SearchResults, want []*burg.Post) {
	t.Helper()
	name := q.String()
	wantIDs := map[int64]bool{}
	for _, p := range want {
		wantIDs[p.ID] = true
	}
	for _, h := range hits {
		if !wantIDs[h.Post.ID] {
			t.Errorf("%q: found %q (%d), which does not match", name, h.Post.Title, h.Post.ID)
		}
	}
	switch {
	case res.TotalCapped && res.Total >= len(want):
		t.Errorf("%q: total more than %d, want %d", name, res.Total, len(want))
	case !res.TotalCapped && res.Total != len(want):
		t.Errorf("%q: total %d, want %d", name, res.Total, len(want))
	}
	if res.RankWindow != 0 {
		if res.Sort != burg.SortRelevance || res.RankWindow >= len(want) {
			t.Errorf("%q: ranked among %d of %d matches (sort %s)", name, res.RankWindow, len(want), res.Sort)
		}
		if len(hits) != res.RankWindow {
			t.Errorf("%q: %d hits reached, want the %d ranked", name, len(hits), res.RankWindow)
		}
		return
	}
	if len(hits) != len(want) {
		t.Errorf("%q: %d hits, want %d", name, len(hits), len(want))
	}
	if res.Sort == burg.SortDate {
		for i := range min(len(hits), len(want)) {
			if hits[i].Post.ID != want[i].ID {
				t.Errorf("%q: hit %d is %q (%d), want %q (%d)", name, i, hits[i].Post.Title, hits[i].Post.ID, want[i].Title, want[i].ID)
				break
			}
		}
	}
}

// hitTitles lists the titles of hits.
func hitTitles(hits []burg.SearchHit) []string {
	s := make([]string, len(hits))
	for i, h := range hits {
		s[i] = h.Post.Title
	}
	return s
}

// search runs q parsed from text and returns all its hits.
func search(t *testing.T, s burg.Store, text string, edit ...func(*burg.SearchQuery)) ([]burg.SearchHit, burg.SearchResults) {
	t.Helper()
	q := burg.ParseSearch(text)
	for _, e := range edit {
		e(&q)
	}
	return searchAll(t, s, q)
}

// wantTitles checks that the query finds exactly the posts with titles,
// in order.
func wantTitles(t *testing.T, s burg.Store, text string, want ...string) {
	t.Helper()
	hits, _ := search(t, s, text)
	if got := hitTitles(hits); !slices.Equal(got, want) {
		t.Errorf("%q: got %q, want %q", text, got, want)
	}
}

// wantSameTitles checks that the query finds exactly the posts with
// titles, in any order.
func wantSameTitles(t *testing.T, s burg.Store, text string, want ...string) {
	t.Helper()
	hits, _ := search(t, s, text)
	got := hitTitles(hits)
	slices.Sort(got)
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("%q: got %q, want %q", text, got, want)
	}
}

// plain joins snippet parts back into their text.
func plain(parts []burg.SnippetPart) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.Text)
	}
	return b.String()
}

// marks lists the text of the hit parts.
func marks(parts []burg.SnippetPart) []string {
	var s []string
	for _, p := range parts {
		if p.Hit {
			s = append(s, p.Text)
		}
	}
	return s
}

func testSearchPosts(t *testing.T, open opener) {
	t.Run("Shared", func(t *testing.T) {
		// The tests that only read share one site; its store is closed
		// once they are all done.
		s := open(t)
		testSearchRead(t, s, newSearchSite(t, s))
	})
	testSearchWrites(t, open)
}

// testSearchRead holds the tests that only read the shared site.
func testSearchRead(t *testing.T, s burg.Store, st *searchSite) {
	sections := map[string]int64{"europe": st.europe.ID, "caucasus": st.caucasus.ID, "essays": st.essays.ID}
	posters := map[string]int64{"badger": st.badger.ID, "otter": st.otter.ID, "grey heron": st.heron.ID}
	v := st.vocab
	// Words by how many generated posts hold them.
	var mid, rare []string
	for _, w := range v {
		switch n := st.uses[w]; {
		case n >= 20 && n <= 80 && len(mid) < 4:
			mid = append(mid, w)
		case n >= 1 && n <= 3 && len(rare) < 2:
			rare = append(rare, w)
		}
	}
	if len(mid) < 4 || len(rare) < 2 {
		t.Fatalf("the vocabulary has %d mid and %d rare words", len(mid), len(rare))
	}
	// A two-word phrase of the text of two posts at least.
	var phrase string
	counts := map[string]int{}
	for _, fields := range st.fields {
		f := fields[1]
		for i := 0; i+1 < len(f); i++ {
			counts[f[i]+" "+f[i+1]]++
		}
	}
	for _, fields := range st.fields {
		f := fields[1]
		if k := f[3] + " " + f[4]; counts[k] >= 2 && counts[k] <= 30 && phrase == "" {
			phrase = k
		}
	}
	if phrase == "" {
		t.Fatal("no phrase to search for")
	}

	read(t, "Reference", func(t *testing.T) {
		// What the store finds is what the words and filters say, for
		// queries over the generated posts, in both orders.
		queries := []string{
			v[0], v[1] + " " + v[2], mid[0], rare[0], rare[1] + " " + v[0],
			mid[1] + " " + mid[2], `"` + phrase + `"`, phrase,
			v[0] + " -" + v[1], v[0] + ` -"` + phrase + `"`, mid[0] + " -" + mid[1] + " -" + mid[2],
			"section:caucasus " + v[0], "tag:energy " + mid[0], "tag:topic-2 tag:energy " + v[1],
			"by:otter " + v[0], `by:"Grey Heron" tag:georgia ` + v[0], "by:badger section:essays " + v[2],
			"after:2023-06-15 before:2024-02-01 " + v[0], "after:2024-03-31 " + mid[3], "before:2023-02-11 " + v[1],
			"after:2023-12-31 section:europe " + v[3],
			// Filters alone, within the generated posts' two years.
			"section:essays after:2024-06-30 before:2025-01-01", "tag:energy before:2025-01-01 -" + v[0],
			"by:otter before:2023-03-01", "tag:topic-4",
		}
		for _, text := range queries {
			q := burg.ParseSearch(text)
			if !q.Searchable() {
				t.Fatalf("%q is not searchable", text)
			}
			want := st.expect(q, sections, posters)
			for _, sort := range []burg.SearchSort{burg.SortRelevance, burg.SortDate} {
				q.Sort = sort
				q.Limit = 100
				hits, res := searchAll(t, s, q)
				wantSort := sort
				if !slices.ContainsFunc(q.Terms, func(t burg.SearchTerm) bool { return !t.Exclude }) {
					wantSort = burg.SortDate
				}
				if res.Sort != wantSort {
					t.Errorf("%q sorted %s: results say %s", text, sort, res.Sort)
				}
				checkFound(t, q, hits, res, want)
			}
		}
	})
	read(t, "PaginationStable", func(t *testing.T) {
		// Small pages give the same hits in the same order as one big
		// page, by offset and by cursor.
		for _, sort := range []burg.SearchSort{burg.SortRelevance, burg.SortDate} {
			q := burg.ParseSearch(mid[0])
			q.Sort, q.Limit = sort, 100
			big, _ := searchAll(t, s, q)
			q.Limit = 7
			small, _ := searchAll(t, s, q)
			if g, w := hitTitles(small), hitTitles(big); !slices.Equal(g, w) {
				t.Errorf("sorted by %s: pages of 7 give\n %q\nwant\n %q", sort, g, w)
			}
		}
	})
	read(t, "HitsAreFull", func(t *testing.T) {
		// A hit's post is as FindPost gives it.
		hits, _ := search(t, s, "tskhinvali")
		if len(hits) != 1 {
			t.Fatalf("got %d hits, want 1", len(hits))
		}
		want, err := s.FindPost(t.Context(), st.posts["msf"].ID)
		must(t, err)
		checkPost(t, hits[0].Post, want)
		if hits[0].Post.Text != st.posts["msf"].Text {
			t.Errorf("text: got %q, want %q", hits[0].Post.Text, st.posts["msf"].Text)
		}
	})
	read(t, "Accents", func(t *testing.T) {
		for _, q := range []string{"medecins", "Médecins", "MEDECINS", "médecins", "frontieres", "FRONTIÈRES"} {
			wantSameTitles(t, s, q+" -volunteer", st.posts["msf"].Title)
		}
		wantSameTitles(t, s, "medecins", st.posts["msf"].Title, st.posts["medecins"].Title)
		wantSameTitles(t, s, "Médecins", st.posts["msf"].Title, st.posts["medecins"].Title)
	})
	read(t, "Case", func(t *testing.T) {
		for _, q := range []string{"upper headline", "UPPER HEADLINE", "tbilisi", "TbIlIsI mixed"} {
			wantTitles(t, s, q, st.posts["case"].Title)
		}
	})
	read(t, "Punctuation", func(t *testing.T) {
		// A term with punctuation inside is a phrase of its parts.
		for _, q := range []string{"Russia's", "russia's envoy", "russia", "RUSSIA’S", "well-known", `"well known"`, "e-mail", "tskhinvali.", "(clinic)", "envoy,called"} {
			wantTitles(t, s, q, st.posts["msf"].Title)
		}
	})
	read(t, "SourceAndTags", func(t *testing.T) {
		// The source tag and the names of the tags are searched.
		wantTitles(t, s, "kavkazuzel", st.posts["msf"].Title)
		wantTitles(t, s, `"south ossetia"`, st.posts["msf"].Title)
		wantTitles(t, s, "chechnya ferries", st.posts["archive"].Title)
	})
	read(t, "Phrase", func(t *testing.T) {
		wantSameTitles(t, s, "gas deal", st.posts["phrase"].Title, st.posts["words"].Title)
		wantTitles(t, s, `"gas deal"`, st.posts["phrase"].Title)
		wantTitles(t, s, `"deal gas"`)
		wantTitles(t, s, `"GAS  Deal" signed`, st.posts["phrase"].Title)
	})
	read(t, "Exclude", func(t *testing.T) {
		wantSameTitles(t, s, "gas", st.posts["phrase"].Title, st.posts["words"].Title, st.posts["pipeline"].Title)
		wantSameTitles(t, s, "gas -pipeline", st.posts["phrase"].Title, st.posts["words"].Title)
		wantSameTitles(t, s, `gas -"gas deal"`, st.posts["words"].Title, st.posts["pipeline"].Title)
		wantTitles(t, s, "gas -PIPELINE -signed")
		wantTitles(t, s, "-gas")
		wantTitles(t, s, `-"gas deal" -pipeline`)
	})
	read(t, "NonLatin", func(t *testing.T) {
		wantTitles(t, s, "москва", st.posts["cyrillic"].Title)
		wantTitles(t, s, "МОСКВА ёлка", st.posts["cyrillic"].Title)
		wantTitles(t, s, "ЁЛКА", st.posts["cyrillic"].Title)
		wantTitles(t, s, `"министр сказал"`, st.posts["cyrillic"].Title)
		wantTitles(t, s, "«нет»", st.posts["cyrillic"].Title)
		wantTitles(t, s, "القاهرة", st.posts["arabic"].Title)
		wantTitles(t, s, `"وصل الوفد"`, st.posts["arabic"].Title)
		wantTitles(t, s, "المدينة -القاهرة")
	})
	read(t, "NotSearchable", func(t *testing.T) {
		// No words to match and no filter: no hits, no error.
		for _, q := range []string{"", "   ", "-", "*", "^", "( )", `""`, `" "`, "- -- ---", "&& || !", "—", "😀",
			"-gas", `-"gas deal"`, "-gas -pipeline"} {
			res, err := s.SearchPosts(t.Context(), burg.ParseSearch(q))
			must(t, err)
			if len(res.Hits) != 0 || res.Total != 0 {
				t.Errorf("%q: got %d hits (total %d), want none", q, len(res.Hits), res.Total)
			}
		}
		res, err := s.SearchPosts(t.Context(), burg.SearchQuery{Terms: []burg.SearchTerm{{Text: "?!"}, {Text: "gas", Exclude: true}}})
		must(t, err)
		if len(res.Hits) != 0 {
			t.Errorf("a query built of punctuation: got %d hits, want none", len(res.Hits))
		}
	})
	read(t, "Operators", func(t *testing.T) {
		// Engine syntax in a query is words and punctuation: every term
		// must be in the post.
		wantTitles(t, s, `"alpha" OR "beta"`, st.posts["operators"].Title)
		wantTitles(t, s, `alpha AND beta`)
		wantTitles(t, s, `alpha NOT beta`)
		wantTitles(t, s, "NEAR( alpha beta )", st.posts["operators"].Title)
		wantTitles(t, s, "NEAR(alpha beta)") // the phrase "near alpha"
		wantSameTitles(t, s, "NEAR(", st.posts["operators"].Title, st.posts["pipeline"].Title)
		wantTitles(t, s, "col:term", st.posts["operators"].Title)
		wantTitles(t, s, "title:alpha")
		wantTitles(t, s, "{title}:alpha")
		wantTitles(t, s, "alph*")
		wantTitles(t, s, "alpha*", st.posts["operators"].Title)
		wantTitles(t, s, "^alpha", st.posts["operators"].Title)
		wantTitles(t, s, "alpha & !beta | hill:*", st.posts["operators"].Title)
		wantTitles(t, s, "(alpha) <-> beta", st.posts["operators"].Title)
		wantTitles(t, s, `"inside"`, st.posts["quotes"].Title)
		wantTitles(t, s, `"a" OR "b" ended`, st.posts["quotes"].Title)
	})
	read(t, "UnbalancedQuotes", func(t *testing.T) {
		wantSameTitles(t, s, `"gas deal`, st.posts["phrase"].Title, st.posts["words"].Title)
		wantSameTitles(t, s, `gas deal"`, st.posts["phrase"].Title, st.posts["words"].Title)
		wantTitles(t, s, `"gas deal" "signed`, st.posts["phrase"].Title)
		wantSameTitles(t, s, `-"gas`, st.posts["phrase"].Title, st.posts["words"].Title, st.posts["pipeline"].Title)
	})
	read(t, "Injection", func(t *testing.T) {
		for _, q := range []string{
			`'); DROP TABLE posts; --`, `x' OR '1'='1`, `" OR 1=1 --`, `\'; SELECT * FROM users; --`,
			`post_fts MATCH '*'`, `$1`, `?`, `%`, `_`, `\`, "a\x00b", `"""`, `'`, `;`,
		} {
			res, err := s.SearchPosts(t.Context(), burg.ParseSearch(q))
			if err != nil {
				t.Errorf("%q: %v", q, err)
				continue
			}
			for _, h := range res.Hits {
				if h.Post.ID != st.posts["quotes"].ID {
					t.Errorf("%q found %q", q, h.Post.Title)
				}
			}
		}
		// The store is whole after them.
		wantTitles(t, s, "tskhinvali", st.posts["msf"].Title)
		wantTitles(t, s, "drop table posts", st.posts["quotes"].Title)
	})
	read(t, "LongQuery", func(t *testing.T) {
		// A query of 2,000 characters and more is cut, not refused.
		long := strings.Repeat("tskhinvali ", 300)
		hits, _ := search(t, s, long)
		if g := hitTitles(hits); !slices.Equal(g, []string{st.posts["msf"].Title}) {
			t.Errorf("a long query found %q", g)
		}
		res, err := s.SearchPosts(t.Context(), burg.SearchQuery{Terms: []burg.SearchTerm{{Text: strings.Repeat("gas ", 5000)}}})
		must(t, err)
		if len(res.Hits) != 0 {
			t.Errorf("a phrase of 5,000 words found %d posts", len(res.Hits))
		}
		many := make([]burg.SearchTerm, 500)
		for i := range many {
			many[i] = burg.SearchTerm{Text: "gas"}
		}
		res, err = s.SearchPosts(t.Context(), burg.SearchQuery{Terms: many})
		must(t, err)
		if res.Total != 3 {
			t.Errorf("500 terms: total %d, want 3", res.Total)
		}
	})
	read(t, "Filters", func(t *testing.T) {
		wantSameTitles(t, s, "gas tag:energy", st.posts["phrase"].Title, st.posts["words"].Title, st.posts["pipeline"].Title)
		wantSameTitles(t, s, "gas tag:energy tag:georgia", st.posts["pipeline"].Title)
		wantSameTitles(t, s, "gas section:caucasus", st.posts["phrase"].Title, st.posts["pipeline"].Title)
		wantSameTitles(t, s, `gas by:"grey heron"`, st.posts["pipeline"].Title)
		wantSameTitles(t, s, "gas by:OTTER", st.posts["words"].Title)
		wantSameTitles(t, s, "gas after:2025-01-06 before:2025-01-08", st.posts["words"].Title)
		wantSameTitles(t, s, "gas before:2025-01-07", st.posts["phrase"].Title)
		wantSameTitles(t, s, "ferries before:2011-01-01 tag:chechnya", st.posts["archive"].Title)
		wantTitles(t, s, "ferries after:2011-01-01")
		wantTitles(t, s, "gas before:2025-01-08 after:2025-01-07")
		// Filters alone list by date.
		wantTitles(t, s, "tag:south-ossetia", st.posts["msf"].Title)
		wantTitles(t, s, "tag:georgia section:caucasus after:2024-12-31", st.posts["case"].Title, st.posts["pipeline"].Title)
		wantTitles(t, s, "tag:energy after:2024-12-31 -pipeline", st.posts["words"].Title, st.posts["phrase"].Title)
		wantTitles(t, s, "by:Badger section:essays after:2024-12-31", st.posts["operators"].Title)
		// A filter naming nothing finds nothing.
		wantTitles(t, s, "gas tag:no-such-tag")
		wantTitles(t, s, "gas section:nowhere")
		wantTitles(t, s, "gas by:nobody")
		wantTitles(t, s, "tag:no-such-tag")
		// A malformed filter is words.
		wantTitles(t, s, "gas before:yesterday")
		wantTitles(t, s, "tag:Not_A_Slug gas")
		// IDs given by a program combine with the slugs.
		q := burg.ParseSearch("gas tag:energy")
		q.SectionID = st.caucasus.ID
		hits, _ := searchAll(t, s, q)
		if g := len(hits); g != 2 {
			t.Errorf("gas tag:energy in section %d: %d hits, want 2", st.caucasus.ID, g)
		}
		q = burg.ParseSearch("gas section:europe")
		q.SectionID = st.caucasus.ID
		hits, _ = searchAll(t, s, q)
		if len(hits) != 0 {
			t.Errorf("two sections at once: %d hits, want none", len(hits))
		}
		q = burg.SearchQuery{TagID: st.georgia.ID, PosterID: st.otter.ID, From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
		hits, _ = searchAll(t, s, q)
		if g := hitTitles(hits); !slices.Equal(g, []string{st.posts["case"].Title}) {
			t.Errorf("by IDs: got %q", g)
		}
	})
	read(t, "DateSort", func(t *testing.T) {
		q := burg.ParseSearch("gas")
		q.Sort = burg.SortDate
		hits, res := searchAll(t, s, q)
		if g, w := hitTitles(hits), []string{st.posts["pipeline"].Title, st.posts["words"].Title, st.posts["phrase"].Title}; !slices.Equal(g, w) {
			t.Errorf("by date: got %q, want %q", g, w)
		}
		if res.Sort != burg.SortDate {
			t.Errorf("sort: got %q", res.Sort)
		}
	})
	read(t, "Relevance", func(t *testing.T) {
		// A match in the title ranks above one in the text.
		wantTitles(t, s, "quillon", st.posts["title-rank"].Title, st.posts["body-rank"].Title)
		wantTitles(t, s, "quillon dig", st.posts["title-rank"].Title, st.posts["body-rank"].Title)
	})
	read(t, "Snippets", func(t *testing.T) {
		hits, _ := search(t, s, "medecins envoy -volunteer")
		if len(hits) != 1 {
			t.Fatalf("got %d hits", len(hits))
		}
		h := hits[0]
		if g, w := plain(h.Title), st.posts["msf"].Title; g != w {
			t.Errorf("title parts read %q, want %q", g, w)
		}
		if g := marks(h.Title); !slices.Equal(g, []string{"Médecins"}) {
			t.Errorf("title marks: got %q, want the title's own spelling", g)
		}
		if g := marks(h.Snippet); !slices.Equal(g, []string{"envoy"}) {
			t.Errorf("snippet marks: got %q (snippet %q)", g, plain(h.Snippet))
		}
		if !strings.Contains(plain(h.Snippet), "Russia's envoy called it") {
			t.Errorf("snippet %q does not show the match in its text", plain(h.Snippet))
		}
		for _, p := range append(h.Title, h.Snippet...) {
			if strings.ContainsAny(p.Text, "\x02\x03<>") || p.Text == "" {
				t.Errorf("snippet part %q", p.Text)
			}
		}
		// Text that looks like HTML is text: the passage shows it all.
		hits, _ = search(t, s, "brackenwort")
		if len(hits) != 1 || !strings.Contains(plain(hits[0].Snippet), "<script>warn()</script> & a brackenwort &amp; more") {
			t.Errorf("brackets: snippet %+v", hits)
		}
		// A title match still gets a passage: the text's beginning.
		hits, _ = search(t, s, "upper headline")
		if len(hits) != 1 || !strings.HasPrefix(plain(hits[0].Snippet), "MiXeD CaSe") || len(marks(hits[0].Snippet)) != 0 {
			t.Errorf("title match: snippet %+v", hits)
		}
		// A listing without words shows the text's beginning too.
		hits, _ = search(t, s, "tag:south-ossetia")
		if len(hits) != 1 || !strings.HasPrefix(plain(hits[0].Snippet), "The clinic opened") {
			t.Errorf("listing: snippet %+v", hits)
		}
	})
	read(t, "Comments", func(t *testing.T) {
		withComments := func(q *burg.SearchQuery) { q.IncludeComments = true }
		hits, res := search(t, s, "livecomment", withComments)
		if len(hits) != 1 || hits[0].Post.ID != st.posts["host"].ID || hits[0].CommentID != st.liveComment.ID {
			t.Fatalf("livecomment with comments: got %+v", hits)
		}
		if res.Total != 1 {
			t.Errorf("total %d, want 1", res.Total)
		}
		if g := marks(hits[0].Snippet); !slices.Equal(g, []string{"livecomment"}) {
			t.Errorf("comment snippet marks %q in %q", g, plain(hits[0].Snippet))
		}
		wantTitles(t, s, "livecomment")
		hits, _ = search(t, s, "ghostcomment", withComments)
		if len(hits) != 0 {
			t.Errorf("a removed comment found %q", hitTitles(hits))
		}
		// A post's own match ranks first; a post found both ways is
		// found once, through its own text.
		hits, _ = search(t, s, "glimmerfish", withComments)
		if g, w := hitTitles(hits), []string{st.posts["glimmer"].Title, st.posts["host"].Title}; !slices.Equal(g, w) {
			t.Fatalf("glimmerfish with comments: got %q, want %q", g, w)
		}
		if hits[0].CommentID != 0 || hits[1].CommentID != st.liveComment.ID {
			t.Errorf("comment IDs: got %d, %d", hits[0].CommentID, hits[1].CommentID)
		}
		hits, _ = search(t, s, "glimmerfish", withComments, func(q *burg.SearchQuery) { q.Sort = burg.SortDate; q.Limit = 1 })
		if g, w := hitTitles(hits), []string{st.posts["glimmer"].Title, st.posts["host"].Title}; !slices.Equal(g, w) {
			t.Errorf("by date, a page of one: got %q, want %q", g, w)
		}
		// Filters hold for posts found through comments.
		hits, _ = search(t, s, "glimmerfish section:caucasus", withComments)
		if len(hits) != 0 {
			t.Errorf("in another section: got %q", hitTitles(hits))
		}
		hits, _ = search(t, s, "livecomment -coast", withComments)
		if len(hits) != 1 {
			t.Errorf("with an exclusion: got %q", hitTitles(hits))
		}
		hits, _ = search(t, s, "livecomment -glimmerfish", withComments)
		if len(hits) != 0 {
			t.Errorf("excluded by the comment's own text: got %q", hitTitles(hits))
		}
	})
	read(t, "DeletedPosts", func(t *testing.T) {
		wantTitles(t, s, "zombieword")
		q := burg.ParseSearch("zombieword")
		q.IncludeComments, q.Sort = true, burg.SortDate
		hits, _ := searchAll(t, s, q)
		if len(hits) != 0 {
			t.Errorf("a deleted post found by date")
		}
		hits, _ = search(t, s, "by:otter after:2025-01-15")
		for _, h := range hits {
			if h.Post.ID == st.posts["deleted"].ID {
				t.Errorf("a deleted post listed")
			}
		}
	})
	read(t, "ErrBadQuery", func(t *testing.T) {
		for _, q := range []burg.SearchQuery{
			{Terms: []burg.SearchTerm{{Text: "gas"}}, Offset: 1_000_000},
			{Terms: []burg.SearchTerm{{Text: "gas"}}, Offset: 1_000_000, Sort: burg.SortDate},
			{Terms: []burg.SearchTerm{{Text: "gas"}}, Sort: "views"},
			{Terms: []burg.SearchTerm{{Text: "gas"}}, Sort: burg.SortDate, Cursor: "yesterday"},
			{Terms: []burg.SearchTerm{{Text: "gas"}}, Sort: burg.SortDate, Cursor: "12-0"},
			{Terms: []burg.SearchTerm{{Text: "gas"}}, Cursor: "1700000000000000-5"},
		} {
			_, err := s.SearchPosts(t.Context(), q)
			wantCode(t, err, burg.EINVALID)
		}
	})
	read(t, "Paging", func(t *testing.T) {
		q := burg.ParseSearch(v[0])
		for _, c := range []struct {
			offset, limit, want int
		}{{0, 0, burg.DefaultSearchLimit}, {0, 1, 1}, {0, 1000, burg.MaxSearchLimit}, {-5, 3, 3}} {
			q.Offset, q.Limit = c.offset, c.limit
			res, err := s.SearchPosts(t.Context(), q)
			must(t, err)
			if res.RankWindow != 0 {
				c.want = min(c.want, max(0, res.RankWindow-max(c.offset, 0)))
			}
			if len(res.Hits) != c.want {
				t.Errorf("offset %d limit %d: %d hits, want %d", c.offset, c.limit, len(res.Hits), c.want)
			}
		}
	})
}

// testSearchWrites holds the tests that change what is indexed, each on a
// store of its own.
func testSearchWrites(t *testing.T, open opener) {
	at := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	test(t, "UpdatePost", open, func(t *testing.T, s burg.Store) {
		st := newSite(t, s)
		old := &burg.Tag{Name: "Harbourmaster", Slug: "harbourmaster"}
		neu := &burg.Tag{Name: "Lighthouse", Slug: "lighthouse"}
		must(t, s.CreateTag(t.Context(), old))
		must(t, s.CreateTag(t.Context(), neu))
		p := st.post("Ferry strike ends", at)
		p.Text, p.Tags = "The crews went back to the quays.", []*burg.Tag{old}
		must(t, s.CreatePost(t.Context(), p))
		wantTitles(t, s, "quays", "Ferry strike ends")
		wantTitles(t, s, "harbourmaster", "Ferry strike ends")
		wantTitles(t, s, "tag:harbourmaster ferry", "Ferry strike ends")

		p.Title, p.Text, p.Tags = "Tram strike ends", "The drivers went back to the depots.", []*burg.Tag{neu}
		must(t, s.UpdatePost(t.Context(), p, burg.PostChange{UserID: st.poster.ID, Action: burg.ActionEdited}))
		for _, gone := range []string{"quays", "ferry", "harbourmaster", "tag:harbourmaster", "tag:harbourmaster strike"} {
			wantTitles(t, s, gone)
		}
		for _, found := range []string{"depots", "tram", "lighthouse", "tag:lighthouse strike", "strike ends"} {
			wantTitles(t, s, found, "Tram strike ends")
		}
		// Moving the post moves it between filters.
		other := &burg.Section{PageID: st.page.ID, Name: "Asia", Slug: "asia", Page: st.page}
		must(t, s.CreateSection(t.Context(), other))
		p.SectionID, p.Section, p.PostedAt = other.ID, other, time.Date(2019, 2, 3, 4, 5, 6, 0, time.UTC)
		p.Tags = []*burg.Tag{neu, old}
		must(t, s.UpdatePost(t.Context(), p, burg.PostChange{UserID: st.poster.ID, Action: burg.ActionEdited}))
		wantTitles(t, s, "depots section:europe")
		wantTitles(t, s, "depots section:asia before:2019-02-04 after:2019-02-02 tag:harbourmaster", "Tram strike ends")
		wantTitles(t, s, "depots after:2020-01-01")
		wantTitles(t, s, "harbourmaster lighthouse", "Tram strike ends")
		// Text saved empty is the body.
		p.Text, p.Body = "", "[b]Buses[/b] too."
		must(t, s.UpdatePost(t.Context(), p, burg.PostChange{UserID: st.poster.ID, Action: burg.ActionEdited}))
		wantTitles(t, s, "buses", "Tram strike ends")
		wantTitles(t, s, "depots")
	})
	test(t, "Text", open, func(t *testing.T, s burg.Store) {
		st := newSite(t, s)
		p := st.post("Plain text kept", at)
		p.Body, p.Text = "[url=https://example.org]Link[/url] here", "Link here"
		q := st.post("Body as text", at)
		q.Body = "[i]Markup[/i] only"
		must(t, s.CreatePosts(t.Context(), []*burg.Post{p, q}))
		for _, c := range []struct {
			post *burg.Post
			want string
		}{{p, "Link here"}, {q, "[i]Markup[/i] only"}} {
			got, err := s.FindPost(t.Context(), c.post.ID)
			must(t, err)
			if got.Text != c.want {
				t.Errorf("%q: text %q, want %q", c.post.Title, got.Text, c.want)
			}
		}
		wantTitles(t, s, "example")
		wantTitles(t, s, "markup", "Body as text")
		big := st.post("Too long", at)
		big.Text = strings.Repeat("x", burg.MaxBodyLen+1)
		wantCode(t, s.CreatePost(t.Context(), big), burg.EINVALID)
	})
	test(t, "DeleteRestore", open, func(t *testing.T, s burg.Store) {
		st := newSite(t, s)
		p := st.post("Lantern festival", at)
		must(t, s.CreatePost(t.Context(), p))
		wantTitles(t, s, "lantern", "Lantern festival")
		must(t, s.DeletePost(t.Context(), p.ID, burg.PostChange{UserID: st.poster.ID, Action: burg.ActionDeleted}))
		wantTitles(t, s, "lantern")
		wantTitles(t, s, "section:europe")
		must(t, s.RestorePost(t.Context(), p.ID, burg.PostChange{UserID: st.poster.ID, Action: burg.ActionRestored}))
		wantTitles(t, s, "lantern", "Lantern festival")
		wantTitles(t, s, "section:europe", "Lantern festival")
	})
	test(t, "Comments", open, func(t *testing.T, s burg.Store) {
		st := newSite(t, s)
		p := st.post("Open thread", at)
		must(t, s.CreatePost(t.Context(), p))
		c := &burg.Comment{PostID: p.ID, Nick: "Reader", Body: "First about the [b]sturgeon[/b]."}
		must(t, s.CreateComment(t.Context(), c))
		found := func(word string) bool {
			t.Helper()
			q := burg.ParseSearch(word)
			q.IncludeComments = true
			hits, _ := searchAll(t, s, q)
			return len(hits) == 1 && hits[0].CommentID == c.ID
		}
		if !found("sturgeon") {
			t.Errorf("a new comment is not found")
		}
		must(t, s.UpdateCommentBody(t.Context(), c.ID, "Now about the pike."))
		if found("sturgeon") || !found("pike") {
			t.Errorf("an edited comment: old words found %v, new found %v", found("sturgeon"), found("pike"))
		}
		must(t, s.DeleteComment(t.Context(), c.ID, "off topic"))
		if found("pike") {
			t.Errorf("a removed comment is found")
		}
	})
	test(t, "ApproveSubmission", open, func(t *testing.T, s burg.Store) {
		st := newSite(t, s)
		sub := &burg.Submission{SourceURL: "https://example.org/kites", Title: "Kite contest", Nick: "Visitor", SectionID: st.section.ID}
		must(t, s.CreateSubmission(t.Context(), sub))
		p := st.post("Kite contest on the dunes", at)
		p.Text = "Hundreds of kites flew."
		must(t, s.ApproveSubmission(t.Context(), sub.ID, p, st.poster.ID))
		wantTitles(t, s, "kites dunes", "Kite contest on the dunes")
	})
}
