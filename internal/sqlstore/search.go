package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	burg "github.com/burg-news/burg"
)

// searchLimits bound the work of one search. A query over a million
// posts can match hundreds of thousands; these bound what is ranked,
// sorted and counted so that every search costs about the same (see
// BenchmarkSearch and docs/BENCHMARKS.md). Tests shrink them to take the
// paths of a large archive on a small one.
type searchLimits struct {
	// rankWindow: relevance is computed among at most this many
	// matches, the newest; SearchResults.RankWindow says when it was.
	// It is also the deepest offset: deeper pages by relevance are not
	// ranked, and by date the cursor reaches every hit.
	rankWindow int
	// sortAll: up to this many matches are sorted by date outright; past
	// it the store walks posts newest first, which finds a page quickly
	// because so many match.
	sortAll int
	// total: the index counts matches up to here; totals past it are
	// "more than". bm25 ranks only words in at most this many posts.
	total int
	// spread: a walk by date gives up on a chunk of posts whose ids lie
	// further apart than 16 times its size and this.
	spread int
	// count: counts that must look at each match's row stop here ("more
	// than 1,000").
	count int
	// comments: with IncludeComments, the newest matching live comments
	// looked at.
	comments int
}

var defaultSearchLimits = searchLimits{rankWindow: 5000, sortAll: 2000, total: 20000, spread: 4096, count: 1000, comments: 500}

// Markers around matches in the highlighted text engines return: control
// characters that ParseSearch never lets into a query.
const (
	markStart = "\x02"
	markEnd   = "\x03"
)

// searchPlan is a SearchQuery checked and resolved: terms to match and to
// exclude, filters by ID, paging.
type searchPlan struct {
	words    []burg.SearchTerm // every one must match
	excluded []burg.SearchTerm // none may match
	section  int64
	poster   int64
	tags     []int64
	from     time.Time // zero: unbounded
	until    time.Time
	sort     burg.SearchSort
	comments bool
	offset   int
	limit    int
	after    *searchCursor // date order: hits strictly older than this
	lim      searchLimits
}

// searchCursor is a position in date order: (posted_at, id), newest first.
type searchCursor struct {
	at time.Time
	id int64
}

func (c searchCursor) String() string {
	return strconv.FormatInt(c.at.UnixMicro(), 10) + "-" + strconv.FormatInt(c.id, 10)
}

func parseCursor(s string) (*searchCursor, error) {
	bad := burg.Errorf(burg.EINVALID, "That search page cannot be continued; start the search again.")
	at, id, ok := strings.Cut(s, "-")
	if !ok {
		return nil, bad
	}
	micros, err1 := strconv.ParseInt(at, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || n <= 0 {
		return nil, bad
	}
	return &searchCursor{at: time.UnixMicro(micros).UTC(), id: n}, nil
}

// hitRef is a matching post before it is read: where it sorts, and the
// comment it was found through.
type hitRef struct {
	id        int64
	at        time.Time
	rank      float64 // higher is better
	commentID int64
}

// hitPage is what a dialect's search finds: the page's hits in order and
// what is known of the rest.
type hitPage struct {
	refs   []hitRef
	total  int
	capped bool // total is a lower bound
	window int  // relevance was computed among this many only
	more   bool // a further page exists (date order)
}

// marked is the highlighted title and passage of a hit, with markStart
// and markEnd around the matches.
type marked struct {
	title, snippet string
}

// searcher is what differs between the dialects' full-text engines.
type searcher interface {
	// begin readies a search's transaction.
	begin(ctx context.Context, t *tx) error
	// find returns the page of hits for a plan that has words to match.
	find(ctx context.Context, t *tx, p *searchPlan) (hitPage, error)
	// excludeCond is an SQL condition on posts p that holds when none of
	// the terms match, with its arguments.
	excludeCond(terms []burg.SearchTerm) (string, []any)
	// mark highlights the hits; a hit it leaves out gets its plain title
	// and the start of its text.
	mark(ctx context.Context, t *tx, p *searchPlan, refs []hitRef) (map[int64]marked, error)
}

// SearchPosts returns a page of the live posts matching q; see
// burg.SearchStore. Every search is one read transaction.
func (s *Store) SearchPosts(ctx context.Context, q burg.SearchQuery) (burg.SearchResults, error) {
	p, err := newSearchPlan(q)
	if err != nil {
		return burg.SearchResults{}, err
	}
	p.lim = s.searchLimits
	if p.offset > p.lim.rankWindow {
		return burg.SearchResults{}, burg.Errorf(burg.EINVALID,
			"Search results go %d deep; narrow the search, or sort by date and follow the next page.", p.lim.rankWindow)
	}
	res := burg.SearchResults{Sort: p.sort}
	if !q.Searchable() {
		return res, nil
	}
	err = s.readTx(ctx, func(t *tx) error {
		if err := s.d.search.begin(ctx, t); err != nil {
			return err
		}
		ok, err := resolveSearch(ctx, t, q, p)
		if err != nil || !ok {
			return err
		}
		var page hitPage
		if len(p.words) > 0 {
			page, err = s.d.search.find(ctx, t, p)
		} else {
			page, err = listSearch(ctx, t, s.d.search, p)
		}
		if err != nil {
			return err
		}
		res.Total, res.TotalCapped, res.RankWindow = page.total, page.capped, page.window
		if page.more && p.sort == burg.SortDate && len(page.refs) > 0 {
			last := page.refs[len(page.refs)-1]
			res.Next = searchCursor{at: last.at, id: last.id}.String()
		}
		res.Hits, err = readHits(ctx, t, s.d.search, p, page.refs)
		return err
	})
	if err != nil {
		return burg.SearchResults{}, err
	}
	return res, nil
}

// newSearchPlan checks q and keeps of its terms those an engine can
// index, cut to the query limits, whoever built q.
func newSearchPlan(q burg.SearchQuery) (*searchPlan, error) {
	p := &searchPlan{
		sort: q.Sort, comments: q.IncludeComments,
		from: q.From, until: q.Until,
		offset: max(q.Offset, 0), limit: q.Limit,
	}
	switch p.sort {
	case "":
		p.sort = burg.SortRelevance
	case burg.SortRelevance, burg.SortDate:
	default:
		return nil, burg.Errorf(burg.EINVALID, "Search results are sorted by relevance or by date, not %q.", clip(string(q.Sort), 20))
	}
	switch {
	case p.limit <= 0:
		p.limit = burg.DefaultSearchLimit
	case p.limit > burg.MaxSearchLimit:
		p.limit = burg.MaxSearchLimit
	}
	for _, term := range q.Terms {
		if len(p.words)+len(p.excluded) == burg.MaxSearchTerms {
			break
		}
		term.Text = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, strings.ToValidUTF8(clip(term.Text, burg.MaxSearchLen), " "))
		switch {
		case !term.HasWords():
		case term.Exclude:
			p.excluded = append(p.excluded, term)
		default:
			p.words = append(p.words, term)
		}
	}
	if len(p.words) == 0 {
		// Nothing to rank: a filtered listing is by date.
		p.sort, p.comments = burg.SortDate, false
	}
	if q.Cursor != "" {
		if p.sort != burg.SortDate {
			return nil, burg.Errorf(burg.EINVALID, "Only results sorted by date continue from a cursor.")
		}
		c, err := parseCursor(q.Cursor)
		if err != nil {
			return nil, err
		}
		p.after, p.offset = c, 0
	}
	return p, nil
}

// clip cuts s to n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// resolveSearch turns the slugs and nick of q into IDs on p. It reports
// false when one names nothing, or two filters contradict each other, so
// that nothing can match.
func resolveSearch(ctx context.Context, t *tx, q burg.SearchQuery, p *searchPlan) (bool, error) {
	lookup := func(what, query string, arg any) (int64, error) {
		var id int64
		err := t.queryRow(ctx, query, arg).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, nil
		} else if err != nil {
			return 0, fmt.Errorf("search: find %s: %w", what, err)
		}
		return id, nil
	}
	// both combines an ID given with one resolved: they must agree.
	both := func(given, found int64) (int64, bool) {
		if given != 0 && found != 0 && given != found {
			return 0, false
		}
		return max(given, found), true
	}
	p.section, p.poster = q.SectionID, q.PosterID
	if q.Section != "" {
		id, err := lookup("section", `SELECT id FROM sections WHERE slug = ?`, q.Section)
		if err != nil || id == 0 {
			return false, err
		}
		var ok bool
		if p.section, ok = both(p.section, id); !ok {
			return false, nil
		}
	}
	if q.Poster != "" {
		id, err := lookup("poster", `SELECT id FROM users WHERE nick_key = ?`, nickKey(q.Poster))
		if err != nil || id == 0 {
			return false, err
		}
		var ok bool
		if p.poster, ok = both(p.poster, id); !ok {
			return false, nil
		}
	}
	if q.TagID != 0 {
		p.tags = append(p.tags, q.TagID)
	}
	for _, slug := range q.Tags {
		id, err := lookup("tag", `SELECT id FROM tags WHERE slug = ?`, slug)
		if err != nil || id == 0 {
			return false, err
		}
		if !slices.Contains(p.tags, id) {
			p.tags = append(p.tags, id)
		}
	}
	if !p.from.IsZero() {
		p.from = utc(p.from)
	}
	if !p.until.IsZero() {
		p.until = utc(p.until)
	}
	if !p.from.IsZero() && !p.until.IsZero() && !p.from.Before(p.until) {
		return false, nil
	}
	return true, nil
}

// filterSQL writes the plan's filters other than its words as conditions
// on posts p, for the driving table drive ("p", or "ft" for the first
// tag's post_tags rows, whose posted_at is the post's). skipDriven leaves
// out the filters that only choose a walk's index.
func filterSQL(p *searchPlan, drive string) ([]string, []any) {
	var where []string
	var args []any
	timeCol := drive + ".posted_at"
	if drive == "ft" {
		where = append(where, "ft.tag_id = ?")
		args = append(args, p.tags[0])
	}
	for i, tag := range p.tags {
		if i == 0 && drive == "ft" {
			continue
		}
		where = append(where, "EXISTS (SELECT 1 FROM post_tags pt WHERE pt.post_id = p.id AND pt.tag_id = ?)")
		args = append(args, tag)
	}
	if p.section != 0 {
		where = append(where, "p.section_id = ?")
		args = append(args, p.section)
	}
	if p.poster != 0 {
		where = append(where, "p.poster_id = ?")
		args = append(args, p.poster)
	}
	w, a := timeSQL(p, timeCol, drive+idColumn(drive))
	return append(where, w...), append(args, a...)
}

// idColumn is the post id column of a driving table.
func idColumn(drive string) string {
	if drive == "ft" {
		return ".post_id"
	}
	return ".id"
}

// timeSQL writes the plan's date bounds and cursor on the given columns.
func timeSQL(p *searchPlan, timeCol, idCol string) ([]string, []any) {
	var where []string
	var args []any
	if !p.from.IsZero() {
		where = append(where, timeCol+" >= ?")
		args = append(args, p.from)
	}
	if !p.until.IsZero() {
		where = append(where, timeCol+" < ?")
		args = append(args, p.until)
	}
	if c := p.after; c != nil {
		// Written so that an index on the time column serves it in both
		// dialects.
		where = append(where, timeCol+" <= ? AND ("+timeCol+" < ? OR "+idCol+" < ?)")
		args = append(args, c.at, c.at, c.id)
	}
	return where, args
}

// listSearch lists the live posts that pass the plan's filters and match
// none of its excluded terms, newest first: a search without words.
func listSearch(ctx context.Context, t *tx, se searcher, p *searchPlan) (hitPage, error) {
	from, drive := "posts p", "p"
	if len(p.tags) > 0 {
		// Walk the first tag's index, as FindPosts does.
		from, drive = "post_tags ft JOIN posts p ON p.id = ft.post_id", "ft"
	}
	where, args := filterSQL(p, drive)
	where = append(where, "p.deleted_at IS NULL")
	if len(p.excluded) > 0 {
		c, a := se.excludeCond(p.excluded)
		where = append(where, c)
		args = append(args, a...)
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	var page hitPage
	// The count ignores the cursor, so that every page says the same.
	countWhere, countArgs := where, args
	if p.after != nil {
		cp := *p
		cp.after = nil
		countWhere, countArgs = filterSQL(&cp, drive)
		countWhere = append(countWhere, "p.deleted_at IS NULL")
		if len(p.excluded) > 0 {
			c, a := se.excludeCond(p.excluded)
			countWhere = append(countWhere, c)
			countArgs = append(countArgs, a...)
		}
	}
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM `+from+` WHERE `+strings.Join(countWhere, " AND ")+
		` LIMIT ?) n`, append(slices.Clip(countArgs), p.lim.count+1)...).Scan(&page.total)
	if err != nil {
		return page, fmt.Errorf("search: count posts: %w", err)
	}
	if page.total > p.lim.count {
		page.total, page.capped = p.lim.count, true
	}
	refs, err := queryRefs(ctx, t, `SELECT `+drive+idColumn(drive)+`, `+drive+`.posted_at FROM `+from+cond+
		` ORDER BY `+drive+`.posted_at DESC, `+drive+idColumn(drive)+` DESC LIMIT ? OFFSET ?`,
		append(slices.Clip(args), p.limit+1, p.offset)...)
	if err != nil {
		return page, fmt.Errorf("search: list posts: %w", err)
	}
	page.refs, page.more = cut(refs, p.limit)
	return page, nil
}

// cut keeps the first n refs and reports whether there were more.
func cut(refs []hitRef, n int) ([]hitRef, bool) {
	if len(refs) > n {
		return refs[:n], true
	}
	return refs, false
}

// queryRefs reads rows of (id, posted_at[, rank]).
func queryRefs(ctx context.Context, t *tx, query string, args ...any) ([]hitRef, error) {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var refs []hitRef
	for rows.Next() {
		var r hitRef
		dest := []any{&r.id, &r.at, &r.rank}[:len(cols)]
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		r.at = r.at.UTC()
		refs = append(refs, r)
	}
	return refs, rows.Err()
}

// commentRef is a live comment matching the words, and its rank.
type commentRef struct {
	post, id int64
	rank     float64
}

// commentHits finds the posts that match through one of their live
// comments only: among the newest matching comments (searchLimits), the
// best of each post that passes the filters and is not among own, the
// posts that match by their own text. own holds all of those when
// complete is set; otherwise by relevance it holds the newest (a post
// whose own text matches further back is then found through its
// comment), and by date the first of those after the cursor, so that a
// post missing from it is either older than all of them, and not on this
// page, or does not match by its text.
func commentHits(ctx context.Context, t *tx, p *searchPlan, comments []commentRef, own []hitRef, complete bool) ([]hitRef, error) {
	if len(comments) == 0 {
		return nil, nil
	}
	mine := make(map[int64]bool, len(own))
	for _, r := range own {
		mine[r.id] = true
	}
	best := map[int64]commentRef{}
	for _, c := range comments {
		if mine[c.post] {
			continue
		}
		if b, ok := best[c.post]; !ok || c.rank > b.rank || (c.rank == b.rank && c.id > b.id) {
			best[c.post] = c
		}
	}
	if len(best) == 0 {
		return nil, nil
	}
	ids := make([]any, 0, len(best))
	for id := range best {
		ids = append(ids, id)
	}
	where, args := filterSQL(p, "p")
	where = append(where, "p.deleted_at IS NULL", "p.id IN ("+placeholders(len(ids))+")")
	refs, err := queryRefs(ctx, t, `SELECT p.id, p.posted_at FROM posts p WHERE `+strings.Join(where, " AND "),
		append(args, ids...)...)
	if err != nil {
		return nil, fmt.Errorf("search: posts of comments: %w", err)
	}
	if p.sort == burg.SortDate && !complete && len(own) > 0 {
		last := own[len(own)-1]
		refs = slices.DeleteFunc(refs, func(r hitRef) bool { return byDate(r, last) > 0 })
	}
	for i := range refs {
		c := best[refs[i].id]
		refs[i].rank, refs[i].commentID = c.rank, c.id
	}
	return refs, nil
}

// ownComplete reports whether own, the posts matching by their text that
// a search read, are all there are: by relevance, when no window cut
// them; by date, when fewer came than the page asked for.
func ownComplete(p *searchPlan, page *hitPage, own []hitRef) bool {
	if p.sort == burg.SortRelevance {
		return page.window == 0
	}
	return len(own) <= p.offset+p.limit
}

// byRank orders refs best first, then by id, newest first: a window of
// matches by relevance does not read their posting times.
func byRank(a, b hitRef) int {
	switch {
	case a.rank > b.rank:
		return -1
	case a.rank < b.rank:
		return 1
	case a.id > b.id:
		return -1
	case a.id < b.id:
		return 1
	}
	return 0
}

// byDate orders refs newest first, by posting time and then id.
func byDate(a, b hitRef) int {
	if c := b.at.Compare(a.at); c != 0 {
		return c
	}
	switch {
	case a.id > b.id:
		return -1
	case a.id < b.id:
		return 1
	}
	return 0
}

// pageOf cuts the page of the plan from a full list of refs in order.
func pageOf(p *searchPlan, refs []hitRef) ([]hitRef, bool) {
	if p.offset >= len(refs) {
		return nil, false
	}
	return cut(refs[p.offset:], p.limit)
}

// mergeComments adds the posts found through comments to a search's
// page. By relevance they follow the posts that match by their own text
// (own holds all of those that can be reached); by date they are merged
// in, own holding the first offset+limit+1 of those after the cursor.
func mergeComments(p *searchPlan, page *hitPage, own, viaComments []hitRef) {
	if len(viaComments) >= p.lim.comments {
		page.capped = true
	}
	if p.sort == burg.SortRelevance {
		slices.SortFunc(viaComments, byRank)
		all := append(own, viaComments...)
		page.refs, _ = pageOf(p, all)
		page.total += len(viaComments)
		return
	}
	if p.after != nil {
		viaComments = slices.DeleteFunc(viaComments, func(r hitRef) bool {
			return byDate(r, hitRef{at: p.after.at, id: p.after.id}) <= 0
		})
	}
	all := append(own, viaComments...)
	slices.SortFunc(all, byDate)
	page.refs, page.more = pageOf(p, all)
	page.total += len(viaComments)
}

// readHits reads the posts of refs, in order, with their sections,
// posters, tags and highlights.
func readHits(ctx context.Context, t *tx, se searcher, p *searchPlan, refs []hitRef) ([]burg.SearchHit, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	ids := make([]any, len(refs))
	for i, r := range refs {
		ids[i] = r.id
	}
	rows, err := t.query(ctx, `SELECT `+postColumns+` FROM posts p`+postJoins+
		` WHERE p.id IN (`+placeholders(len(ids))+`) AND p.deleted_at IS NULL`, ids...)
	if err != nil {
		return nil, fmt.Errorf("search: read posts: %w", err)
	}
	defer rows.Close()
	byID := make(map[int64]*burg.Post, len(refs))
	var posts []*burg.Post
	for rows.Next() {
		post, err := scanPost(rows)
		if err != nil {
			return nil, fmt.Errorf("search: read posts: %w", err)
		}
		byID[post.ID] = post
		posts = append(posts, post)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: read posts: %w", err)
	}
	rows.Close()
	if err := attachTags(ctx, t, posts); err != nil {
		return nil, err
	}
	var marks map[int64]marked
	if len(p.words) > 0 {
		if marks, err = se.mark(ctx, t, p, refs); err != nil {
			return nil, err
		}
	}
	hits := make([]burg.SearchHit, 0, len(refs))
	for _, r := range refs {
		post := byID[r.id]
		if post == nil {
			continue // cannot happen inside one snapshot
		}
		h := burg.SearchHit{Post: post, Rank: r.rank, CommentID: r.commentID}
		if m, ok := marks[r.id]; ok {
			h.Title, h.Snippet = snippetParts(m.title), snippetParts(m.snippet)
		}
		if len(h.Title) == 0 {
			h.Title = []burg.SnippetPart{{Text: post.Title}}
		}
		if len(h.Snippet) == 0 {
			if s := leadWords(post.Text, snippetWords); s != "" {
				h.Snippet = []burg.SnippetPart{{Text: s}}
			}
		}
		hits = append(hits, h)
	}
	return hits, nil
}

// snippetWords is about how many words a passage shows.
const snippetWords = 32

// snippetParts splits text with markStart and markEnd around matches into
// parts. Markers that do not pair up are dropped.
func snippetParts(s string) []burg.SnippetPart {
	var parts []burg.SnippetPart
	add := func(text string, hit bool) {
		if text == "" {
			return
		}
		if n := len(parts); n > 0 && parts[n-1].Hit == hit {
			parts[n-1].Text += text
			return
		}
		parts = append(parts, burg.SnippetPart{Text: text, Hit: hit})
	}
	for s != "" {
		i := strings.Index(s, markStart)
		if i < 0 {
			add(strings.ReplaceAll(s, markEnd, ""), false)
			break
		}
		add(strings.ReplaceAll(s[:i], markEnd, ""), false)
		s = s[i+len(markStart):]
		j := strings.Index(s, markEnd)
		if j < 0 {
			add(strings.ReplaceAll(s, markStart, ""), false)
			break
		}
		add(strings.ReplaceAll(s[:j], markStart, ""), true)
		s = s[j+len(markEnd):]
	}
	return parts
}

// leadWords returns about the first n words of text, with "…" when it
// goes on.
func leadWords(text string, n int) string {
	fields := strings.Fields(text)
	if len(fields) <= n {
		return strings.Join(fields, " ")
	}
	return strings.Join(fields[:n], " ") + " …"
}

// searchText is what a post's text column holds: its plain text, or its
// body when it was saved without one.
func searchText(p *burg.Post) string {
	if p.Text != "" {
		return p.Text
	}
	return p.Body
}

// searchTagLists returns the tag_names and tag_keys of a post with tags:
// the tags' names, one a line, and "t<ID>" words, in the post's order.
// The triggers of migration 0010 write the same lists.
func searchTagLists(ctx context.Context, t *tx, tags []*burg.Tag) (string, string, error) {
	if len(tags) == 0 {
		return "", "", nil
	}
	ids := make([]any, len(tags))
	for i, tag := range tags {
		ids[i] = tag.ID
	}
	rows, err := t.query(ctx, `SELECT id, name FROM tags WHERE id IN (`+placeholders(len(ids))+`)`, ids...)
	if err != nil {
		return "", "", fmt.Errorf("read tag names: %w", err)
	}
	defer rows.Close()
	names := map[int64]string{}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return "", "", fmt.Errorf("read tag names: %w", err)
		}
		names[id] = name
	}
	if err := rows.Err(); err != nil {
		return "", "", fmt.Errorf("read tag names: %w", err)
	}
	var nameList, keyList []string
	for _, tag := range tags {
		nameList = append(nameList, names[tag.ID])
		keyList = append(keyList, "t"+strconv.FormatInt(tag.ID, 10))
	}
	return strings.Join(nameList, "\n"), strings.Join(keyList, " "), nil
}
