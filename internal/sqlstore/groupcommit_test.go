package sqlstore

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/storetest"
)

// Many comments posted at once share transactions, yet each is stored or
// refused on its own: numbers stay gapless per post, counts match, a
// comment on a missing post, a form sent twice and a comment the store
// refuses halfway (by a user not there) fail alone, and every
// comment acknowledged reads back from a fresh connection.
func TestGroupCommitKeepsEachComment(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "group.db")
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.group == nil {
		t.Fatal("SQLite store without group commit")
	}
	f := storetest.NewFixture(t, s)
	a, b := f.Posts[0].ID, f.Posts[1].ID
	const n = 300
	var (
		wg         sync.WaitGroup
		ok         atomic.Int64
		missing    atomic.Int64
		usedTwice  atomic.Int64
		broken     atomic.Int64
		storedByID sync.Map
	)
	for i := range n {
		wg.Go(func() {
			c := &burg.Comment{PostID: a, Nick: fmt.Sprintf("Reader %d", i), Body: fmt.Sprintf("Comment %d.", i),
				VisitorID: fmt.Sprintf("v%d", i%40), IP: "192.0.2.1"}
			switch {
			case i%3 == 1:
				c.PostID = b
			case i%50 == 7:
				c.PostID = 1_000_000 // no such post
			case i%50 == 9:
				c.FormNonce = "sent-twice" // the second and later fail
			case i%50 == 11:
				c.UserID = 1_000_000 // no such user: refused by the store once numbered
			}
			err := s.CreateComment(ctx, c)
			switch {
			case err == nil:
				ok.Add(1)
				storedByID.Store(c.ID, c.Num)
			case burg.ErrorCode(err) == burg.ENOTFOUND:
				missing.Add(1)
			case burg.ErrorCode(err) == burg.ECONFLICT:
				usedTwice.Add(1)
			case i%3 != 1 && i%50 == 11:
				broken.Add(1)
			default:
				t.Errorf("comment %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	wantMissing, nonces, wantBroken := 0, 0, 0
	for i := range n {
		if i%3 != 1 && i%50 == 7 {
			wantMissing++
		}
		if i%3 != 1 && i%50 == 11 {
			wantBroken++
		}
		if i%3 != 1 && i%50 == 9 {
			nonces++
		}
	}
	if got := missing.Load(); got != int64(wantMissing) {
		t.Errorf("%d comments on a missing post failed, want %d", got, wantMissing)
	}
	if got := broken.Load(); got != int64(wantBroken) {
		t.Errorf("%d comments by a user not there failed, want %d", got, wantBroken)
	}
	if got := usedTwice.Load(); got != int64(nonces-1) {
		t.Errorf("%d forms sent twice were refused, want %d", got, nonces-1)
	}

	// A second store on the file sees exactly what was acknowledged.
	other, err := Open(ctx, path, Options{NoMigrate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	total := 0
	for _, id := range []int64{a, b} {
		cs, err := other.FindComments(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for k, c := range cs {
			if c.Num != k+1 {
				t.Fatalf("post %d: comment %d has number %d, want %d", id, c.ID, c.Num, k+1)
			}
			if num, ok := storedByID.Load(c.ID); !ok || num.(int) != c.Num {
				t.Errorf("comment %d (#%d) was stored but not acknowledged as such", c.ID, c.Num)
			}
		}
		p, err := other.FindPost(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if p.CommentCount != len(cs) {
			t.Errorf("post %d counts %d comments, has %d", id, p.CommentCount, len(cs))
		}
		total += len(cs)
	}
	if int64(total) != ok.Load() {
		t.Errorf("%d comments stored, %d acknowledged", total, ok.Load())
	}
}

// A batch's comments reach the search index: every comment stored is
// found, one sent twice is indexed once, one refused not at all, and the
// index agrees with the comments table.
func TestGroupCommitIndexesTheBatch(t *testing.T) {
	ctx := t.Context()
	s := openOn(t, filepath.Join(t.TempDir(), "group.db"))
	f := storetest.NewFixture(t, s)
	found := func(word string) int {
		t.Helper()
		var n int
		if err := s.write.QueryRowContext(ctx, `SELECT COUNT(*) FROM comment_fts WHERE comment_fts MATCH ?`, word).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	const n = 40
	var jobs []*commentJob
	for i := range n {
		c := &burg.Comment{PostID: f.Posts[0].ID, Nick: fmt.Sprintf("Reader %d", i),
			Body: fmt.Sprintf("Zebra crossing number %d.", i), VisitorID: fmt.Sprintf("v%d", i), IP: "192.0.2.1", State: burg.CommentLive}
		jobs = append(jobs, &commentJob{ctx: ctx, c: c, done: make(chan error, 1)})
	}
	// One sent twice in the batch, and one on a post that is not there.
	twice := *jobs[3].c
	jobs = append(jobs, &commentJob{ctx: ctx, c: &twice, done: make(chan error, 1)})
	jobs = append(jobs, &commentJob{ctx: ctx, done: make(chan error, 1),
		c: &burg.Comment{PostID: 1_000_000, Nick: "Lost", Body: "Zebra nowhere.", VisitorID: "lost", IP: "192.0.2.1"}})
	var savepoints atomic.Int64
	s.trace = func(q string, _ []any) {
		if strings.HasPrefix(q, "SAVEPOINT") {
			savepoints.Add(1)
		}
	}
	s.commentBatch(jobs)
	for i, j := range jobs {
		err := <-j.done
		if want := i == len(jobs)-1; (err != nil) != want {
			t.Errorf("comment %d: error %v", i, err)
		}
	}
	// Comments refused before they write need no savepoint: one per
	// comment would have the index write each comment apart.
	if n := savepoints.Load(); n != 0 {
		t.Errorf("a batch with no comment failing halfway took %d savepoints", n)
	}
	if twice.ID != jobs[3].c.ID {
		t.Errorf("the comment sent twice was stored twice: %d and %d", jobs[3].c.ID, twice.ID)
	}
	if got := found("zebra"); got != n {
		t.Errorf("the search finds %d of the %d comments", got, n)
	}
	if _, err := s.write.ExecContext(ctx, `INSERT INTO comment_fts (comment_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("the search index disagrees with the comments: %v", err)
	}
	// A comment refused halfway has the batch stored again with a
	// savepoint each: it fails alone, and leaves no gap in the numbers.
	before, err := s.FindComments(ctx, f.Posts[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var again []*commentJob
	for i := range 3 {
		c := &burg.Comment{PostID: f.Posts[0].ID, Nick: "Again", Body: fmt.Sprintf("Zebra again %d.", i),
			VisitorID: fmt.Sprintf("again%d", i), IP: "192.0.2.1", State: burg.CommentLive}
		if i == 1 {
			c.UserID = 1_000_000
		}
		again = append(again, &commentJob{ctx: ctx, c: c, done: make(chan error, 1)})
	}
	s.commentBatch(again)
	for i, j := range again {
		if err := <-j.done; (err != nil) != (i == 1) {
			t.Errorf("batch again, comment %d: error %v", i, err)
		}
	}
	if again[1].c.ID != 0 || again[1].c.Num != 0 {
		t.Errorf("the refused comment came back as stored: #%d, id %d", again[1].c.Num, again[1].c.ID)
	}
	if want := len(before) + 1; again[0].c.Num != want || again[2].c.Num != want+1 {
		t.Errorf("numbers after a refused comment: %d and %d, want %d and %d", again[0].c.Num, again[2].c.Num, want, want+1)
	}
	if savepoints.Load() == 0 {
		t.Error("the batch with a comment refused halfway was not stored again with savepoints")
	}
	s.trace = nil

	// Outside a batch the trigger indexes a comment as it is stored.
	if err := s.CreateComments(ctx, []*burg.Comment{{PostID: f.Posts[1].ID, Nick: "Bulk", Body: "A zebra, imported.", IP: "192.0.2.2"}}); err != nil {
		t.Fatal(err)
	}
	if got, want := found("zebra"), n+2+1; got != want {
		t.Errorf("after an import the search finds %d comments, want %d", got, want)
	}
}

// A caller that stops waiting before its comment's turn has it left out,
// and a closed store refuses new comments rather than hanging.
func TestGroupCommitCancelAndClose(t *testing.T) {
	ctx := t.Context()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "group.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := storetest.NewFixture(t, s)
	done, cancel := context.WithCancel(ctx)
	cancel()
	c := &burg.Comment{PostID: f.Posts[0].ID, Nick: "Late", Body: "Too late."}
	if err := s.CreateComment(done, c); err == nil {
		t.Error("a comment whose caller had gone was stored")
	}
	s.Close()
	if err := s.CreateComment(ctx, &burg.Comment{PostID: f.Posts[0].ID, Nick: "After", Body: "Closed."}); err == nil {
		t.Error("a closed store took a comment")
	}
}

// A batch that cannot be stored in time, the writer held elsewhere, is
// refused as "unavailable" (a 503 with Retry-After on the web), not as a
// failure of the server, and nothing of it is stored.
func TestGroupCommitTimeoutIsUnavailable(t *testing.T) {
	ctx := t.Context()
	s := openOn(t, filepath.Join(t.TempDir(), "group.db"))
	f := storetest.NewFixture(t, s)
	s.batchTimeout = 200 * time.Millisecond
	hold, err := s.write.BeginTx(ctx, nil) // the writer's only connection
	if err != nil {
		t.Fatal(err)
	}
	c := &burg.Comment{PostID: f.Posts[0].ID, Nick: "Patient", Body: "Waiting for the writer.", VisitorID: "v-wait", IP: "192.0.2.9"}
	err = s.CreateComment(ctx, c)
	if code := burg.ErrorCode(err); code != burg.EUNAVAILABLE {
		t.Errorf("a batch that timed out: %v (code %q), want %q", err, code, burg.EUNAVAILABLE)
	}
	hold.Rollback()
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM comments WHERE visitor_id = 'v-wait'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d comments of the timed-out batch were stored", n)
	}
	if err := s.CreateComment(ctx, c); err != nil {
		t.Errorf("sent again once the writer is free: %v", err)
	}
}

// BenchmarkCreateCommentParallel posts comments from many goroutines on
// a durable (synchronous=FULL) SQLite file: with group commit, and with
// one transaction a comment (the reference, same machine, same run).
func BenchmarkCreateCommentParallel(b *testing.B) {
	for _, mode := range []string{"group", "one-tx"} {
		b.Run(mode, func(b *testing.B) {
			ctx := b.Context()
			s, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"), Options{Synchronous: "FULL"})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			if mode == "one-tx" {
				s.group.stop()
				s.group = nil
			}
			f := storetest.NewFixture(b, s)
			var seq atomic.Int64
			b.SetParallelism(32)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := seq.Add(1)
					c := &burg.Comment{PostID: f.Posts[int(i)%len(f.Posts)].ID, Nick: "Bench",
						Body: fmt.Sprintf("Comment number %d.", i), VisitorID: fmt.Sprintf("v%d", i%500), IP: "192.0.2.1"}
					if err := s.CreateComment(ctx, c); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "comments/s")
		})
	}
}
