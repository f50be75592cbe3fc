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

	burg "github.com/burg-news/burg"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect holds everything that differs between SQLite and PostgreSQL.
// SQL elsewhere is written once, with ? placeholders.
type dialect struct {
	name string // "sqlite" or "postgres"
	// rebind rewrites ? placeholders for the driver.
	rebind func(query string) string
	// readOnly are the options of read-only transactions.
	readOnly *sql.TxOptions
	// lockMigrations and unlockMigrations keep two instances from
	// migrating one database at once; "" where a file lock does it.
	lockMigrations, unlockMigrations string
	// identity names the database, to refuse copying one onto itself.
	identity string
	// tables lists the ordinary tables; columns a table's columns (name,
	// type) in order; foreignKeys the tables a table refers to.
	tables, columns, foreignKeys string
	// resetSequences sets each identity column's sequence past the rows a
	// copy brought in; SQLite needs nothing.
	resetSequences bool
	// dataVersion changes when another connection commits to the
	// database: a way to hear of writes by other processes. "" where the
	// database tells by notifications instead.
	dataVersion string
	// search is the full-text engine: FTS5 or tsvector.
	search searcher
	// keepStatements has a transaction prepare each query once and reuse
	// it. SQLite compiles a statement's triggers each time it prepares
	// it, which doubled the time to store a batch of posts once the
	// search index was kept by triggers; pgx keeps prepared statements
	// per connection already.
	keepStatements bool
	// textOrder follows a text column in ORDER BY so that text sorts by
	// its bytes, as SQLite's default collation does, and not by the
	// rules of a locale: an export is the same from either database.
	textOrder string
	// secondaryIndexes lists the name and the CREATE statement of each
	// index of a table (the one argument) that is neither unique nor a
	// constraint's, which a bulk load may drop and build again.
	secondaryIndexes string
	// buildIndexes prepares a transaction that builds indexes; "" for
	// nothing.
	buildIndexes string
	// bulkPragmas are set on the writer during a bulk load (and put back
	// after it); none where the server manages its own memory.
	bulkPragmas []string
	// bulkTriggers lists (name, sql) of the triggers a bulk load drops
	// and makes again at its end, after bulkRebuild has built what they
	// keep, in one pass.
	bulkTriggers string
	bulkRebuild  []string
	// insertReportsID is true where the driver reports the ID of each
	// inserted row, so that bulk inserts need no RETURNING clause.
	insertReportsID bool
	// likeCI is LIKE ignoring case: SQLite's LIKE ignores the case of
	// ASCII letters (only), PostgreSQL needs ILIKE (which folds every
	// letter).
	likeCI string
}

// binaryOrder is what follows a column of kind in ORDER BY for an order
// that is the same in both dialects.
func (d *dialect) binaryOrder(kind string) string {
	if kind == "text" {
		return d.textOrder
	}
	return ""
}

var sqliteDialect = &dialect{
	name:           "sqlite",
	rebind:         func(q string) string { return q },
	readOnly:       &sql.TxOptions{},
	identity:       `SELECT file FROM pragma_database_list WHERE name = 'main'`,
	tables:         `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'`,
	columns:        `SELECT name, type FROM pragma_table_info(?) ORDER BY cid`,
	foreignKeys:    `SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`,
	dataVersion:    `PRAGMA data_version`,
	search:         ftsSearcher{},
	keepStatements: true,
	secondaryIndexes: `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?
		AND sql IS NOT NULL AND UPPER(sql) NOT LIKE 'CREATE UNIQUE%' ORDER BY name`,
	// 128 MiB of page cache (negative: in KiB), and the sorts that build
	// indexes in memory. Every page of the cache costs an allocation and
	// a release of its own, so it is no larger than a load of twenty
	// years of comments gains by.
	bulkPragmas: []string{"cache_size=-131072", "temp_store=2"},
	// FTS5 flushes its pending terms as a new segment at every statement
	// that opens a savepoint, which each insert firing a trigger does, and
	// merges segments after each flush: row by row, a load of millions
	// spends most of its time merging one-row segments. Without the
	// insert triggers, the indexes are built at the end by reading every
	// row once, gathering 64 MiB of terms per segment; then merged into
	// one, and FTS5's default is back.
	bulkTriggers: `SELECT name, sql FROM sqlite_master WHERE type = 'trigger'
		AND name IN ('posts_search_insert', 'comments_search_insert') ORDER BY name`,
	bulkRebuild: []string{
		`INSERT INTO post_fts (post_fts, rank) VALUES ('hashsize', 67108864)`,
		`INSERT INTO post_fts (post_fts) VALUES ('rebuild')`,
		`INSERT INTO post_fts (post_fts) VALUES ('optimize')`,
		`INSERT INTO post_fts (post_fts, rank) VALUES ('hashsize', 1048576)`,
		`INSERT INTO comment_fts (comment_fts, rank) VALUES ('hashsize', 67108864)`,
		`INSERT INTO comment_fts (comment_fts) VALUES ('rebuild')`,
		`INSERT INTO comment_fts (comment_fts) VALUES ('optimize')`,
		`INSERT INTO comment_fts (comment_fts, rank) VALUES ('hashsize', 1048576)`,
	},
	insertReportsID: true,
	likeCI:          `LIKE`,
}

// migrationLock is the advisory lock PostgreSQL instances take to migrate:
// one per schema, so that instances migrating the same schema wait for each
// other and those on other schemas of the database do not.
const migrationLock = `727274, hashtext(COALESCE(current_schema(), ''))`

var postgresDialect = &dialect{
	name:   "postgres",
	rebind: dollarPlaceholders,
	// Under PostgreSQL's default READ COMMITTED each statement sees a
	// snapshot of its own, so FindPosts could count one set of posts and
	// list another. A read-only REPEATABLE READ transaction sees one
	// snapshot and never fails to serialise. (SQLite's WAL readers see one
	// snapshot per transaction already.)
	readOnly:         &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead},
	lockMigrations:   `SELECT pg_advisory_lock(` + migrationLock + `)`,
	unlockMigrations: `SELECT pg_advisory_unlock(` + migrationLock + `)`,
	identity: `SELECT current_database() || '/' || COALESCE(current_schema(), '') || '@' ||
		COALESCE(host(inet_server_addr()), 'local') || ':' || COALESCE(inet_server_port()::text, '')`,
	tables: `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
	columns: `SELECT column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER'
		ORDER BY ordinal_position`,
	foreignKeys: `SELECT DISTINCT r.relname FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid
		JOIN pg_class r ON r.oid = k.confrelid
		WHERE k.contype = 'f' AND c.relname = ?
		AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())`,
	resetSequences: true,
	search:         tsSearcher{},
	textOrder:      ` COLLATE "C"`,
	// From the catalog rather than pg_indexes, so that an index's
	// definition is made only for this table's indexes: the view's is
	// made for rows the filter then drops, and fails on an index another
	// session is dropping at that moment.
	secondaryIndexes: `SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
		WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ? AND NOT x.indisunique
		ORDER BY i.relname`,
	buildIndexes: `SET LOCAL maintenance_work_mem = '256MB'`,
	likeCI:       `ILIKE`,
}

// dollarPlaceholders turns each ? outside quotes into $1, $2, …
func dollarPlaceholders(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	inQuote := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inQuote = !inQuote
			b.WriteByte(c)
		case c == '?' && !inQuote:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// isUniqueViolation reports whether err is a unique-constraint violation in
// either driver, so that callers can return one domain error.
func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return false
}

// errSourcePosted is what a unique violation of a post's source URL means.
var errSourcePosted = burg.Errorf(burg.ECONFLICT, "That source has been posted already.")

// isBusy reports whether err is SQLite's "database is busy" or "locked".
func isBusy(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	code := se.Code() & 0xff // primary code without the extended bits
	return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
}

// Full-text search on SQLite: FTS5.
//
// post_fts indexes live posts (title, source tag, tag names, text and the
// facets column; see migration 0010) and comment_fts live comments; both
// read their text from views of the tables and are kept by triggers in
// the transaction that writes. A reader's terms reach MATCH only as FTS5
// strings, each in double quotes with quotes doubled, so that the
// tokenizer splits a term into a phrase and nothing in it is syntax:
// "a" OR "b", NEAR(, col:term, ^ and * are words and punctuation. Filters
// by section, poster, tag and month are facet words ANDed into the same
// MATCH, so that the index intersects them; date bounds are then checked
// exactly on each match's posting time.
//
// The work of a search is bounded (searchLimits) so that it costs about
// the same on a million posts as on a thousand:
//   - by relevance, the newest rankWindow matches (by id, the order posts
//     are stored in) are read from the index alone and ranked: with bm25,
//     the title weighing ten times the text, when every word is in at
//     most searchLimits.total posts (bm25 reads the whole list of each
//     word once per query); with a commoner word, in tiers (every word in
//     the title, every word in title, source and tags, the rest), newest
//     first within a tier;
//   - by date, up to sortAll matches are sorted outright; past it so many
//     posts match that reading posts newest first, a chunk at a time,
//     and keeping those FTS5 finds in the chunk's range of ids fills a
//     page after a chunk or two (see walk);
//   - the index counts matches up to searchLimits.total.
//
// What remains proportional to the archive is a query whose few matches
// hide among many posts holding a common word: "common -almost-as-common"
// or a phrase of two very common words walk the common word's whole list.
type ftsSearcher struct{}

func (ftsSearcher) begin(context.Context, *tx) error { return nil }

// ftsTextColumns are the columns a reader's terms may match.
const ftsTextColumns = "{title source_tag tag_names text} : "

// ftsString quotes s as an FTS5 string.
func ftsString(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// ftsTerms joins the terms, each an FTS5 string, with op.
func ftsTerms(terms []burg.SearchTerm, op string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = ftsString(t.Text)
	}
	return "(" + strings.Join(parts, " "+op+" ") + ")"
}

// ftsWords matches the plan's words and excludes its excluded terms, in
// the columns cols.
func ftsWords(p *searchPlan, cols string) string {
	e := cols + ftsTerms(p.words, "AND")
	if len(p.excluded) > 0 {
		e = "(" + e + ") NOT (" + cols + ftsTerms(p.excluded, "OR") + ")"
	}
	return e
}

// match is the whole MATCH expression of a plan: words, exclusions and
// facets.
func (ftsSearcher) match(ctx context.Context, t *tx, p *searchPlan) (string, error) {
	facets, err := ftsFacets(ctx, t, p)
	if err != nil {
		return "", err
	}
	return "(" + ftsWords(p, ftsTextColumns) + ")" + facets, nil
}

// ftsFacets is the part of the MATCH expression that holds the filters:
// " AND (facets : …)" for each, or "".
func ftsFacets(ctx context.Context, t *tx, p *searchPlan) (string, error) {
	e := ""
	facet := func(words ...string) {
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = ftsString(w)
		}
		e += " AND (facets : (" + strings.Join(quoted, " OR ") + "))"
	}
	if p.section != 0 {
		facet("s" + strconv.FormatInt(p.section, 10))
	}
	if p.poster != 0 {
		facet("p" + strconv.FormatInt(p.poster, 10))
	}
	for _, tag := range p.tags {
		facet("t" + strconv.FormatInt(tag, 10))
	}
	if !p.from.IsZero() || !p.until.IsZero() {
		months, err := ftsMonths(ctx, t, p.from, p.until)
		if err != nil {
			return "", err
		}
		if len(months) > 0 {
			facet(months...)
		}
	}
	return e, nil
}

// ftsMonths returns facet words (y2024 for a whole year, m202403 for a
// month) that cover [from, until), an open side bounded by the posts
// there are; nil when that takes too many words, leaving the bounds to
// the exact check alone.
func ftsMonths(ctx context.Context, t *tx, from, until time.Time) ([]string, error) {
	edge := func(order string) (time.Time, bool, error) {
		var at time.Time
		err := t.queryRow(ctx, `SELECT posted_at FROM posts ORDER BY posted_at `+order+` LIMIT 1`).Scan(&at)
		if errors.Is(err, sql.ErrNoRows) {
			return at, false, nil
		}
		return at.UTC(), err == nil, err
	}
	if from.IsZero() {
		first, ok, err := edge("ASC")
		if err != nil || !ok {
			return nil, err
		}
		from = first
	}
	if until.IsZero() {
		last, ok, err := edge("DESC")
		if err != nil || !ok {
			return nil, err
		}
		until = last.Add(time.Microsecond)
	}
	if !from.Before(until) {
		return nil, nil
	}
	month := func(at time.Time) int { return at.Year()*12 + int(at.Month()) - 1 }
	first, last := month(from), month(until.Add(-time.Microsecond))
	var words []string
	for m := first; m <= last; {
		y := m / 12
		if m%12 == 0 && m+11 <= last {
			words = append(words, "y"+strconv.Itoa(y))
			m += 12
			continue
		}
		words = append(words, fmt.Sprintf("m%04d%02d", y, m%12+1))
		m++
	}
	if len(words) > 60 {
		return nil, nil
	}
	return words, nil
}

// ftsDated is the join that reads a match's posting time from the small
// index of live posts' dates rather than from its row.
const ftsDated = ` JOIN posts p INDEXED BY posts_live_posted_at ON p.id = f.rowid`

func (se ftsSearcher) find(ctx context.Context, t *tx, p *searchPlan) (hitPage, error) {
	var page hitPage
	match, err := se.match(ctx, t, p)
	if err != nil {
		return page, err
	}
	dated := !p.from.IsZero() || !p.until.IsZero()
	where, args := timeSQL(&searchPlan{from: p.from, until: p.until}, "p.posted_at", "p.id")
	dateCond := ""
	if dated {
		dateCond = " AND " + strings.Join(where, " AND ")
	}
	var own []hitRef
	if p.sort == burg.SortRelevance {
		// The newest rankWindow matches, from the index alone (and the
		// small index of dates when there are date bounds); so many give
		// the total, or say there are more.
		q, qargs := `SELECT f.rowid, 0 FROM post_fts f WHERE post_fts MATCH ?`, []any{match}
		if dated {
			q = `SELECT f.rowid, 0 FROM post_fts f` + ftsDated + ` WHERE post_fts MATCH ? AND p.deleted_at IS NULL` + dateCond
			qargs = append(qargs, args...)
		}
		own, err = queryRanks(ctx, t, q+` ORDER BY f.rowid DESC LIMIT ?`, append(qargs, p.lim.rankWindow+1)...)
		if err != nil {
			return page, fmt.Errorf("search: rank matches: %w", err)
		}
		page.total = len(own)
		if len(own) > p.lim.rankWindow {
			own, page.window = own[:p.lim.rankWindow], p.lim.rankWindow
			page.total, page.capped = p.lim.rankWindow, true
		}
		if len(own) > 0 {
			if err := se.rank(ctx, t, p, page.window == 0, own); err != nil {
				return page, err
			}
		}
		slices.SortFunc(own, byRank)
		page.refs, _ = pageOf(p, own)
	} else {
		own, err = se.byDate(ctx, t, p, match, &page)
		if err != nil {
			return page, fmt.Errorf("search: matches by date: %w", err)
		}
		page.refs, page.more = pageOf(p, own)
	}
	if !p.comments {
		return page, nil
	}
	// The newest comments first; bm25 would cost a walk of the index for
	// a common word.
	comments, err := queryComments(ctx, t, `SELECT c.post_id, c.id, 0 FROM comment_fts f
		JOIN comments c ON c.id = f.rowid WHERE comment_fts MATCH ? AND c.state = 'live' ORDER BY f.rowid DESC LIMIT ?`,
		ftsWords(p, ""), p.lim.comments)
	if err != nil {
		return page, err
	}
	via, err := commentHits(ctx, t, p, comments, own, ownComplete(p, &page, own))
	if err != nil {
		return page, err
	}
	mergeComments(p, &page, own, via)
	return page, nil
}

// byDate finds the first offset+limit+1 matches by date (after the
// cursor) and sets the total on page. Up to sortAll matches are read from
// the index once and sorted by the small index of dates; more are walked
// (see walk), and counted by the index up to searchLimits.total.
func (se ftsSearcher) byDate(ctx context.Context, t *tx, p *searchPlan, match string, page *hitPage) ([]hitRef, error) {
	need := p.offset + p.limit + 1
	dates, dargs := timeSQL(&searchPlan{from: p.from, until: p.until}, "p.posted_at", "p.id")
	cursor, cargs := timeSQL(&searchPlan{after: p.after}, "p.posted_at", "p.id")
	ids, err := queryIDs(ctx, t, `SELECT rowid FROM post_fts WHERE post_fts MATCH ? ORDER BY rowid DESC LIMIT ?`,
		match, p.lim.sortAll+1)
	if err != nil {
		return nil, err
	}
	if len(ids) <= p.lim.sortAll {
		page.total = len(ids)
		if len(ids) == 0 {
			return nil, nil
		}
		from := ` FROM posts p INDEXED BY posts_live_posted_at WHERE p.deleted_at IS NULL AND p.id IN (` +
			placeholders(len(ids)) + `)`
		if len(dates) > 0 {
			from += " AND " + strings.Join(dates, " AND ")
			if err := t.queryRow(ctx, `SELECT COUNT(*)`+from, append(slices.Clip(ids), dargs...)...).Scan(&page.total); err != nil {
				return nil, err
			}
		}
		q, args := `SELECT p.id, p.posted_at`+from, append(slices.Clip(ids), dargs...)
		if len(cursor) > 0 {
			q += " AND " + strings.Join(cursor, " AND ")
			args = append(args, cargs...)
		}
		return queryRefs(ctx, t, q+` ORDER BY p.posted_at DESC, p.id DESC LIMIT ?`, append(args, need)...)
	}
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT rowid FROM post_fts WHERE post_fts MATCH ? LIMIT ?) n`,
		match, p.lim.total+1).Scan(&n); err != nil {
		return nil, err
	}
	page.total, page.capped = min(n, p.lim.total), n > p.lim.total
	if len(dates) > 0 {
		// The index's count holds posts outside the bounds.
		var c int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM post_fts f`+ftsDated+
			` WHERE post_fts MATCH ? AND p.deleted_at IS NULL AND `+strings.Join(dates, " AND ")+` LIMIT ?) n`,
			append(append([]any{match}, dargs...), p.lim.count+1)...).Scan(&c); err != nil {
			return nil, err
		}
		page.total, page.capped = min(c, p.lim.count), c > p.lim.count
	}
	own, walked, err := se.walk(ctx, t, p, match, need)
	if err != nil || walked {
		return own, err
	}
	// The posts' ids are out of date order: sort all the matches.
	q, args := `SELECT f.rowid, p.posted_at FROM post_fts f`+ftsDated+` WHERE post_fts MATCH ? AND p.deleted_at IS NULL`,
		[]any{match}
	if w := append(slices.Clip(dates), cursor...); len(w) > 0 {
		q += " AND " + strings.Join(w, " AND ")
		args = append(append(args, dargs...), cargs...)
	}
	return queryRefs(ctx, t, q+` ORDER BY p.posted_at DESC, p.id DESC LIMIT ?`, append(args, need)...)
}

// queryIDs reads rows of one id.
func queryIDs(ctx context.Context, t *tx, query string, args ...any) ([]any, error) {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []any
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// rank sets the ranks of a window of matches (newest first). bm25 counts,
// once per query, the posts that hold each of the MATCH's terms, walking
// their lists in the index: quick for words in a few thousand posts, slow
// for a common one. So bm25 ranks only when every word is in at most
// searchLimits.total posts, in a query of the words alone (facets and
// exclusions would be counted too); otherwise rank ranks in tiers.
func (se ftsSearcher) rank(ctx context.Context, t *tx, p *searchPlan, complete bool, window []hitRef) error {
	rare := complete
	for _, w := range p.words {
		if !rare {
			break
		}
		var df int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT rowid FROM post_fts WHERE post_fts MATCH ? LIMIT ?) n`,
			ftsTextColumns+ftsString(w.Text), p.lim.total+1).Scan(&df); err != nil {
			return fmt.Errorf("search: count posts with %q: %w", w.Text, err)
		}
		rare = df <= p.lim.total
	}
	if !rare {
		return se.tiers(ctx, t, p, window)
	}
	at := make(map[int64]int, len(window))
	ids := make([]any, len(window))
	for i, r := range window {
		at[r.id], ids[i] = i, r.id
	}
	ranked, err := queryRanks(ctx, t, `SELECT rowid, -rank FROM post_fts WHERE post_fts MATCH ?
		AND rowid >= ? AND rowid <= ? AND +rowid IN (`+placeholders(len(ids))+`)`,
		append([]any{ftsTextColumns + ftsTerms(p.words, "AND"), window[len(window)-1].id, window[0].id}, ids...)...)
	if err != nil {
		return fmt.Errorf("search: rank matches: %w", err)
	}
	for _, r := range ranked {
		window[at[r.id]].rank = r.rank
	}
	return nil
}

// tiers ranks a window of matches, newest first by id, without bm25: 2
// for a post with every word in its title, 1 with every word in its
// title, source tag and tag names, 0 for the rest. Each tier is a query
// of the words and filters over the window's range of ids, without the
// exclusions, which can cost a walk of a long list: the window holds
// only posts that match the whole query.
func (ftsSearcher) tiers(ctx context.Context, t *tx, p *searchPlan, window []hitRef) error {
	at := make(map[int64]int, len(window))
	for i, r := range window {
		at[r.id] = i
	}
	low, high := window[len(window)-1].id, window[0].id
	facets, err := ftsFacets(ctx, t, p)
	if err != nil {
		return err
	}
	for rank, cols := range []string{"{title source_tag tag_names} : ", "{title} : "} {
		rows, err := t.query(ctx, `SELECT rowid FROM post_fts WHERE post_fts MATCH ? AND rowid >= ? AND rowid <= ?`,
			"("+cols+ftsTerms(p.words, "AND")+")"+facets, low, high)
		if err != nil {
			return fmt.Errorf("search: rank matches: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("search: rank matches: %w", err)
			}
			if i, ok := at[id]; ok {
				window[i].rank = float64(rank + 1)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("search: rank matches: %w", err)
		}
	}
	return nil
}

// walk finds the first need matches by date (after the cursor) when very
// many posts match, reporting false when it cannot. It reads posts newest
// first from the index of the first filter (a tag's post_tags rows, a
// section's or a poster's posts, or all posts) in chunks of growing size,
// and asks FTS5 once a chunk for the matches between the chunk's smallest
// and largest id, which FTS5 walks in its own order. Posts get their ids
// as they are posted, so a chunk's ids lie close together and FTS5 reads
// a short stretch; a chunk whose ids are spread over much more than its
// size (an archive imported out of order) makes walk give up, and the
// matches are sorted instead. The facets in match check the filters the
// chunks do not.
func (ftsSearcher) walk(ctx context.Context, t *tx, p *searchPlan, match string, need int) ([]hitRef, bool, error) {
	drive, from, cond, args := "p", "posts p", "", []any(nil)
	switch {
	case len(p.tags) > 0:
		drive, from, cond, args = "ft", "post_tags ft", "ft.tag_id = ?", []any{p.tags[0]}
	case p.section != 0:
		cond, args = "p.section_id = ?", []any{p.section}
	case p.poster != 0:
		cond, args = "p.poster_id = ?", []any{p.poster}
	}
	id := drive + idColumn(drive)
	var out []hitRef
	at := *p // the chunks' position: after the cursor, then after each chunk
	for size := 256; len(out) < need; size = min(size*4, 16384) {
		where, targs := timeSQL(&at, drive+".posted_at", id)
		if cond != "" {
			where = append([]string{cond}, where...)
		}
		q := `SELECT ` + id + `, ` + drive + `.posted_at FROM ` + from
		if len(where) > 0 {
			q += ` WHERE ` + strings.Join(where, " AND ")
		}
		chunk, err := queryRefs(ctx, t, q+` ORDER BY `+drive+`.posted_at DESC, `+id+` DESC LIMIT ?`,
			append(append(slices.Clip(args), targs...), size)...)
		if err != nil || len(chunk) == 0 {
			return out, err == nil, err
		}
		lo, hi := chunk[0].id, chunk[0].id
		for _, r := range chunk {
			lo, hi = min(lo, r.id), max(hi, r.id)
		}
		if hi-lo > int64(16*len(chunk)+p.lim.spread) {
			return nil, false, nil
		}
		rows, err := t.query(ctx, `SELECT rowid FROM post_fts WHERE post_fts MATCH ? AND rowid >= ? AND rowid <= ?`, match, lo, hi)
		if err != nil {
			return nil, false, err
		}
		matches := map[int64]bool{}
		for rows.Next() {
			var m int64
			if err := rows.Scan(&m); err != nil {
				rows.Close()
				return nil, false, err
			}
			matches[m] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, false, err
		}
		for _, r := range chunk {
			if matches[r.id] {
				out = append(out, r)
			}
		}
		if len(chunk) < size {
			break
		}
		last := chunk[len(chunk)-1]
		at.after = &searchCursor{at: last.at, id: last.id}
	}
	return out, true, nil
}

func (ftsSearcher) excludeCond(terms []burg.SearchTerm) (string, []any) {
	return `NOT EXISTS (SELECT 1 FROM post_fts WHERE post_fts MATCH ? AND rowid = p.id)`,
		[]any{ftsTextColumns + ftsTerms(terms, "OR")}
}

// mark reads the highlights of a page's hits in one statement per index,
// FTS5 looking each hit up by id: a page's few ids may lie anywhere in
// the archive, and walking the matches between the smallest and largest
// cost up to a second on a million posts. The posts found by their own
// text match every word, so highlighting asks for them all (AND): FTS5
// then starts from the rarest, where OR would walk a common word's whole
// list.
func (ftsSearcher) mark(ctx context.Context, t *tx, p *searchPlan, refs []hitRef) (map[int64]marked, error) {
	var ids, commentIDs []any
	posts := map[int64]int64{} // post of each comment
	for _, r := range refs {
		if r.commentID != 0 {
			commentIDs = append(commentIDs, r.commentID)
			posts[r.commentID] = r.id
		} else {
			ids = append(ids, r.id)
		}
	}
	marks := make(map[int64]marked, len(refs))
	read := func(what, query string, args ...any) error {
		rows, err := t.query(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("search: highlight %s: %w", what, err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var m marked
			if what == "posts" {
				err = rows.Scan(&id, &m.title, &m.snippet)
			} else {
				err = rows.Scan(&id, &m.snippet)
				id = posts[id]
			}
			if err != nil {
				return fmt.Errorf("search: highlight %s: %w", what, err)
			}
			marks[id] = m
		}
		return rows.Err()
	}
	if len(ids) > 0 {
		err := read("posts", `SELECT rowid, highlight(post_fts, 0, char(2), char(3)),
			snippet(post_fts, 3, char(2), char(3), '…', ?) FROM post_fts
			WHERE post_fts MATCH ? AND rowid IN (`+placeholders(len(ids))+`)`,
			append([]any{snippetWords, ftsTextColumns + ftsTerms(p.words, "AND")}, ids...)...)
		if err != nil {
			return nil, err
		}
	}
	if len(commentIDs) == 0 {
		return marks, nil
	}
	// A comment matches every word too.
	return marks, read("comments", `SELECT rowid, snippet(comment_fts, 0, char(2), char(3), '…', ?)
		FROM comment_fts WHERE comment_fts MATCH ? AND rowid IN (`+placeholders(len(commentIDs))+`)`,
		append([]any{snippetWords, ftsTerms(p.words, "AND")}, commentIDs...)...)
}

// queryRanks reads rows of (id, rank).
func queryRanks(ctx context.Context, t *tx, query string, args ...any) ([]hitRef, error) {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var refs []hitRef
	for rows.Next() {
		var r hitRef
		if err := rows.Scan(&r.id, &r.rank); err != nil {
			return nil, err
		}
		refs = append(refs, r)
	}
	return refs, rows.Err()
}

// queryComments reads rows of (post id, comment id, rank).
func queryComments(ctx context.Context, t *tx, query string, args ...any) ([]commentRef, error) {
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("search: comments: %w", err)
	}
	defer rows.Close()
	var out []commentRef
	for rows.Next() {
		var c commentRef
		if err := rows.Scan(&c.post, &c.id, &c.rank); err != nil {
			return nil, fmt.Errorf("search: comments: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Full-text search on PostgreSQL: a weighted tsvector per post and per
// comment (generated columns, migration 0010) with GIN indexes, in the
// burg_search configuration: 'simple' (no stemming, no stop words) with
// unaccent where the extension could be had, case folding alone where
// not. Each term becomes phraseto_tsquery('burg_search', term), which
// parses it as text, never as tsquery syntax, with the parser that made
// the index; the terms are joined with && and !!, and the resulting
// tsquery is passed back as a value. PostgreSQL's parser keeps host
// names, e-mail addresses and URLs whole (example.com is one word), where
// FTS5 splits them.
//
// By relevance, the rankWindow newest matches (by posting time) are ranked
// with ts_rank, the title weighing most; by date the planner walks the
// posted_at index or sorts the GIN matches, whichever is cheaper. Counts
// by date stop at searchLimits.count. Highlights come from ts_headline,
// for the page's hits only.
type tsSearcher struct{}

// begin asks for plans made for each search's own values, run by one
// process. pgx prepares and caches statements, and after a few runs
// PostgreSQL may switch a statement to a generic plan, which must guess
// how many posts a tsquery matches: guessing few for a common word, it
// sorted every match where walking the index by date finds the page at
// once (1.2 s against 10 ms for a word in each of 50,000 posts). Parallel
// workers took longer to start than the searches they would share (75 ms
// against 7 ms for a word in 2,000 posts).
func (tsSearcher) begin(ctx context.Context, t *tx) error {
	_, err := t.exec(ctx, `SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL max_parallel_workers_per_gather = 0`)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}

// tsTerms is an SQL tsquery expression joining the terms with op (&& or
// ||), with one argument per term.
func tsTerms(terms []burg.SearchTerm, op string) (string, []any) {
	parts := make([]string, len(terms))
	args := make([]any, len(terms))
	for i, t := range terms {
		parts[i] = "phraseto_tsquery('burg_search', ?)"
		args[i] = t.Text
	}
	return "(" + strings.Join(parts, " "+op+" ") + ")", args
}

// queries returns the plan's tsquery (words and exclusions) and one
// matching any of its words, for highlights; ok is false when the words
// hold nothing the parser indexes.
func (tsSearcher) queries(ctx context.Context, t *tx, p *searchPlan) (full, anyWord string, ok bool, err error) {
	pos, args := tsTerms(p.words, "&&")
	expr := pos
	if len(p.excluded) > 0 {
		neg, nargs := tsTerms(p.excluded, "||")
		expr = "(" + pos + " && !!" + neg + ")"
		args = append(args, nargs...)
	}
	alt, aargs := tsTerms(p.words, "||")
	args = append(append(append([]any{}, args[:len(p.words)]...), args...), aargs...)
	var nodes int
	err = t.queryRow(ctx, `SELECT numnode(`+pos+`), (`+expr+`)::text, (`+alt+`)::text`, args...).Scan(&nodes, &full, &anyWord)
	if err != nil {
		return "", "", false, fmt.Errorf("search: build query: %w", err)
	}
	return full, anyWord, nodes > 0, nil
}

func (se tsSearcher) find(ctx context.Context, t *tx, p *searchPlan) (hitPage, error) {
	var page hitPage
	query, _, ok, err := se.queries(ctx, t, p)
	if err != nil || !ok {
		return page, err
	}
	// The cursor bounds the listing below, not the count.
	uncursored := *p
	uncursored.after = nil
	where, args := filterSQL(&uncursored, "p")
	where = append(where, "p.deleted_at IS NULL", "p.search @@ ?::tsquery")
	args = append(args, query)
	cond := " WHERE " + strings.Join(where, " AND ")
	var own []hitRef
	if p.sort == burg.SortRelevance {
		// The newest rankWindow matches, ranked; so many give the total,
		// or say there are more. Ranked before they are sorted, the rows
		// are narrow: with the vectors in them the sort spilled to disk.
		own, err = queryRefs(ctx, t, `SELECT p.id, p.posted_at, ts_rank(p.search, ?::tsquery, 1) FROM posts p`+cond+
			` ORDER BY p.posted_at DESC, p.id DESC LIMIT ?`, append(append([]any{query}, args...), p.lim.rankWindow+1)...)
		if err != nil {
			return page, fmt.Errorf("search: rank matches: %w", err)
		}
		page.total = len(own)
		if len(own) > p.lim.rankWindow {
			own, page.window = own[:p.lim.rankWindow], p.lim.rankWindow
			page.total, page.capped = p.lim.rankWindow, true
		}
		slices.SortFunc(own, byRank)
		page.refs, _ = pageOf(p, own)
	} else {
		// Counting reads each match's row, so it stops at count.
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM posts p`+cond+` LIMIT ?) n`,
			append(slices.Clip(args), p.lim.count+1)...).Scan(&n); err != nil {
			return page, fmt.Errorf("search: count matches: %w", err)
		}
		page.total, page.capped = min(n, p.lim.count), n > p.lim.count
		cur, curArgs := timeSQL(&searchPlan{after: p.after}, "p.posted_at", "p.id")
		q, qargs := `SELECT p.id, p.posted_at FROM posts p`+cond, slices.Clip(args)
		if len(cur) > 0 {
			q += " AND " + strings.Join(cur, " AND ")
			qargs = append(qargs, curArgs...)
		}
		own, err = queryRefs(ctx, t, q+` ORDER BY p.posted_at DESC, p.id DESC LIMIT ?`, append(qargs, p.offset+p.limit+1)...)
		if err != nil {
			return page, fmt.Errorf("search: matches by date: %w", err)
		}
		page.refs, page.more = pageOf(p, own)
	}
	if !p.comments {
		return page, nil
	}
	comments, err := queryComments(ctx, t, `SELECT c.post_id, c.id, ts_rank(c.search, ?::tsquery, 1) FROM comments c
		WHERE c.deleted_at IS NULL AND c.state = 'live' AND c.search @@ ?::tsquery ORDER BY c.id DESC LIMIT ?`, query, query, p.lim.comments)
	if err != nil {
		return page, err
	}
	via, err := commentHits(ctx, t, p, comments, own, ownComplete(p, &page, own))
	if err != nil {
		return page, err
	}
	mergeComments(p, &page, own, via)
	return page, nil
}

func (tsSearcher) excludeCond(terms []burg.SearchTerm) (string, []any) {
	e, args := tsTerms(terms, "||")
	return "NOT (p.search @@ " + e + ")", args
}

// Options of ts_headline: the whole title marked, and up to two passages
// of the text.
const (
	tsTitleOptions = "HighlightAll=true, StartSel=" + markStart + ", StopSel=" + markEnd
	tsTextOptions  = `MaxWords=32, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … ", ` +
		"StartSel=" + markStart + ", StopSel=" + markEnd
)

// ts_headline's parser takes "<…>" for an HTML tag and "&…;" for an
// entity and leaves them out of passages, so that a text that speaks of
// <script> would lose it. tsKeep hides the two characters from it as
// private-use ones (which it takes for spaces) and tsRestore brings them
// back.
const (
	tsKeep      = `replace(replace(%s, '<', chr(57344)), '&', chr(57345))`
	tsLT, tsAmp = "\uE000", "\uE001"
)

var tsRestore = strings.NewReplacer(tsLT, "<", tsAmp, "&")

func (se tsSearcher) mark(ctx context.Context, t *tx, p *searchPlan, refs []hitRef) (map[int64]marked, error) {
	_, anyWord, ok, err := se.queries(ctx, t, p)
	if err != nil || !ok {
		return nil, err
	}
	ids := make([]any, len(refs))
	var commentIDs []any
	for i, r := range refs {
		ids[i] = r.id
		if r.commentID != 0 {
			commentIDs = append(commentIDs, r.commentID)
		}
	}
	marks := make(map[int64]marked, len(refs))
	rows, err := t.query(ctx, `SELECT p.id, ts_headline('burg_search', p.title, ?::tsquery, ?),
		ts_headline('burg_search', `+fmt.Sprintf(tsKeep, "p.text")+`, ?::tsquery, ?) FROM posts p WHERE p.id IN (`+placeholders(len(ids))+`)`,
		append([]any{anyWord, tsTitleOptions, anyWord, tsTextOptions}, ids...)...)
	if err != nil {
		return nil, fmt.Errorf("search: highlight posts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var m marked
		if err := rows.Scan(&id, &m.title, &m.snippet); err != nil {
			return nil, fmt.Errorf("search: highlight posts: %w", err)
		}
		m.snippet = tsRestore.Replace(m.snippet)
		marks[id] = m
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: highlight posts: %w", err)
	}
	rows.Close()
	if len(commentIDs) == 0 {
		return marks, nil
	}
	crows, err := t.query(ctx, `SELECT c.post_id, ts_headline('burg_search', `+fmt.Sprintf(tsKeep, "c.body")+`, ?::tsquery, ?) FROM comments c
		WHERE c.id IN (`+placeholders(len(commentIDs))+`)`, append([]any{anyWord, tsTextOptions}, commentIDs...)...)
	if err != nil {
		return nil, fmt.Errorf("search: highlight comments: %w", err)
	}
	defer crows.Close()
	for crows.Next() {
		var post int64
		var snippet string
		if err := crows.Scan(&post, &snippet); err != nil {
			return nil, fmt.Errorf("search: highlight comments: %w", err)
		}
		m := marks[post]
		m.snippet = tsRestore.Replace(snippet)
		marks[post] = m
	}
	return marks, crows.Err()
}
