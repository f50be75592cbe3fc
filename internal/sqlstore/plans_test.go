package sqlstore

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/storetest"
)

// bigTables grow with the archive: a query on them must use an index,
// never read the whole table.
var bigTables = []string{"posts", "comments", "post_tags", "post_remarks", "comment_revisions", "post_revisions",
	"visitors", "sessions", "login_failures", "bans", "submissions"}

// The hot queries of page views and comment posts use indexes: each read
// method runs once with its statements traced, and SQLite's EXPLAIN QUERY
// PLAN of each shows no scan of a big table.
func TestHotQueryPlans(t *testing.T) {
	ctx := t.Context()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "plans.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := storetest.NewFixture(t, s)
	c := &burg.Comment{PostID: f.Posts[1].ID, Nick: "Reader", Body: "Seen.", VisitorID: "v1", IP: "192.0.2.1"}
	if err := s.CreateComment(ctx, c); err != nil {
		t.Fatal(err)
	}
	scaleStats(t, s)
	var mu sync.Mutex
	type stmt struct {
		q    string
		args []any
	}
	var seen []stmt
	s.trace = func(q string, args []any) {
		mu.Lock()
		seen = append(seen, stmt{q, args})
		mu.Unlock()
	}
	day := f.Day(2)
	calls := map[string]func() error{
		"FindPost": func() error { _, err := s.FindPost(ctx, f.Posts[1].ID); return err },
		"FindPosts/day": func() error {
			_, _, err := s.FindPosts(ctx, burg.PostFilter{From: day, Until: day.AddDate(0, 0, 1)})
			return err
		},
		"FindPosts/latest":   func() error { _, _, err := s.FindPosts(ctx, burg.PostFilter{Limit: 50}); return err },
		"FindPosts/section":  func() error { _, _, err := s.FindPosts(ctx, burg.PostFilter{SectionID: f.Europe.ID}); return err },
		"FindPosts/page":     func() error { _, _, err := s.FindPosts(ctx, burg.PostFilter{PageID: f.News.ID, From: day}); return err },
		"FindPosts/tag":      func() error { _, _, err := s.FindPosts(ctx, burg.PostFilter{TagID: f.Energy.ID}); return err },
		"FindPosts/poster":   func() error { _, _, err := s.FindPosts(ctx, burg.PostFilter{PosterID: f.Badger.ID}); return err },
		"FindRelated":        func() error { _, err := s.FindRelated(ctx, f.Posts[1].ID, 5); return err },
		"FindComments":       func() error { _, err := s.FindComments(ctx, f.Posts[1].ID); return err },
		"FindCommentsAfter":  func() error { _, err := s.FindCommentsAfter(ctx, f.Posts[1].ID, 0); return err },
		"FindCommentsFrom":   func() error { _, err := s.FindCommentsFrom(ctx, f.Posts[1].ID, 0); return err },
		"FindLatestComments": func() error { _, err := s.FindLatestComments(ctx, 20); return err },
		"CountTags":          func() error { _, err := s.CountTags(ctx, day, day.AddDate(0, 0, 1)); return err },
		"SiteCounts":         func() error { _, err := s.SiteCounts(ctx, day, day.AddDate(0, 0, 1)); return err },
		"CountCommentsSince": func() error { _, err := s.CountCommentsSince(ctx, "v1", "192.0.2.1", day); return err },
		"FindActiveBan": func() error {
			s.FindActiveBan(ctx, burg.Commenter{NickKey: "reader", VisitorID: "v1", IP: "192.0.2.1"})
			return nil
		},
		"CountLoginFailures":    func() error { _, _, err := s.CountLoginFailures(ctx, "Badger", "192.0.2.1", day); return err },
		"FindSession":           func() error { s.FindSession(ctx, strings.Repeat("a", 64)); return nil },
		"FindVisitor":           func() error { s.FindVisitor(ctx, "v1"); return nil },
		"FindPostBySourceURL":   func() error { s.FindPostBySourceURL(ctx, "https://example.org/x"); return nil },
		"CountPostsByDay":       func() error { _, err := s.CountPostsByDay(ctx, day, day.AddDate(0, 1, 0), time.UTC); return err },
		"FindUserByNick":        func() error { _, err := s.FindUserByNick(ctx, "badger"); return err },
		"FindPostIncludingDel…": func() error { _, err := s.FindPostIncludingDeleted(ctx, f.Posts[1].ID); return err },
		"PurgeComments":         func() error { _, err := s.PurgeComments(ctx, day, 1000, nil); return err },
	}
	for name, call := range calls {
		seen = nil
		if err := call(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, st := range seen {
			aliases := tableAliases(st.q)
			plan := queryPlan(t, ctx, s, st.q, st.args)
			if sortsForLimit(st.q, plan) && !sortsFew[name] {
				t.Errorf("%s sorts what it matches to take a few:\n  %s\n  plan: %s", name, oneLine(st.q), strings.Join(plan, "; "))
			}
			for _, line := range plan {
				for _, big := range bigTables {
					if scansTable(line, big, aliases) && !walksNewest(st.q) {
						t.Errorf("%s scans %s:\n  %s\n  plan: %s", name, big, oneLine(st.q), line)
					}
				}
			}
		}
	}
}

// queryPlan returns the lines of SQLite's plan of q.
func queryPlan(t *testing.T, ctx context.Context, s *Store, q string, args []any) []string {
	t.Helper()
	rows, err := s.read.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", oneLine(q), err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, detail)
	}
	return out
}

// scansTable reports whether a plan line reads the whole of table: "SCAN
// posts" or "SCAN p" for an alias of it in the query, but not a scan of
// one of its indexes in order ("SCAN p USING INDEX …"), which a LIMIT
// stops early.
func scansTable(line, table string, aliases map[string]string) bool {
	f := strings.Fields(line)
	if len(f) < 2 || f[0] != "SCAN" {
		return false
	}
	if strings.Contains(line, "USING INDEX") || strings.Contains(line, "USING COVERING INDEX") || strings.Contains(line, "USING INTEGER PRIMARY KEY") {
		return false
	}
	return f[1] == table || aliases[f[1]] == table
}

var aliasRE = regexp.MustCompile(`(?i)\b(?:FROM|JOIN)\s+(\w+)\s+(?:AS\s+)?(\w+)`)

// tableAliases maps the aliases a query gives tables to the tables.
func tableAliases(q string) map[string]string {
	m := map[string]string{}
	for _, sm := range aliasRE.FindAllStringSubmatch(q, -1) {
		m[sm[2]] = sm[1]
	}
	return m
}

// walksNewest reports whether a query reads a table backwards by its
// integer key from the newest row and stops at a LIMIT: the latest
// comments, which cost the limit's worth of rows, not the table.
func walksNewest(q string) bool {
	q = oneLine(q)
	return strings.Contains(q, "ORDER BY c.id DESC LIMIT ?")
}

// sortsFew are the hot reads that may sort what they match, because it is
// few rows whatever the archive's size.
var sortsFew = map[string]bool{
	"FindPosts/page":      true, // the posts of a page's sections since a day: an edition's worth
	"FindPostBySourceURL": true, // the posts of one source address: one, seldom two
}

// sortsForLimit reports whether a query that takes the first few rows
// (LIMIT) of a big table in some order sorts every row it matches to find
// them, rather than reading an index in that order and stopping: on a
// twenty-year archive that is every comment of a state, or every post of
// a section.
func sortsForLimit(q string, plan []string) bool {
	q = oneLine(q)
	if !strings.Contains(q, " LIMIT ") || !strings.Contains(q, " ORDER BY ") {
		return false
	}
	for _, line := range plan {
		if strings.HasPrefix(line, "USE TEMP B-TREE FOR ORDER BY") || strings.HasPrefix(line, "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY") {
			return true
		}
	}
	return false
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// scaleStats gives SQLite's planner the statistics of a twenty-year
// archive's comments (ten million, in a few states), so that
// it plans the fixture's queries as it would there: with the fixture's
// own few rows, a walk of a whole table looks as cheap as any index.
func scaleStats(t *testing.T, s *Store) {
	t.Helper()
	ctx := t.Context()
	// ANALYZE makes the statistics table; of what it measured only the
	// figures below are kept, the other tables planned without any, as
	// the planner's defaults take them for big.
	if _, err := s.write.ExecContext(ctx, `ANALYZE`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.write.ExecContext(ctx, `DELETE FROM sqlite_stat1`); err != nil {
		t.Fatal(err)
	}
	for _, st := range []struct{ idx, stat string }{
		{"comments_state", "10000000 2500000 2"},
		{"comments_state_id", "10000000 2500000 1"},
		{"comments_created_at", "10000000 2"},
	} {
		if _, err := s.write.ExecContext(ctx, `INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('comments', ?, ?)`, st.idx, st.stat); err != nil {
			t.Fatal(err)
		}
	}
	// The readers load the statistics afresh.
	if _, err := s.write.ExecContext(ctx, `ANALYZE sqlite_schema`); err != nil {
		t.Fatal(err)
	}
	s.read.SetMaxIdleConns(0)
	s.read.SetMaxIdleConns(2)
}
