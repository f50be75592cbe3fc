package sqlstore

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/storetest"
)

// The writer leaves checkpoints to the checkpointer: what it commits
// reaches the database file soon after, with the log far below the size
// at which the writer checkpoints itself, and without the store closing.
// Under writes that never pause, the log still starts again rather than
// growing with every write.
func TestCheckpointsLeaveTheWriter(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "ckpt.db")
	s := openOn(t, path)
	if s.ckpt == nil {
		t.Fatal("SQLite store without a checkpointer")
	}
	var auto, pageSize int64
	if err := s.write.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil {
		t.Fatal(err)
	}
	if err := s.write.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	if auto != writerCheckpointPages {
		t.Errorf("the writer checkpoints at %d pages, want %d", auto, writerCheckpointPages)
	}
	f := storetest.NewFixture(t, s)
	size := func(name string) int64 {
		t.Helper()
		st, err := os.Stat(name)
		if err != nil {
			return 0
		}
		return st.Size()
	}
	body := strings.Repeat("A long comment about the harbour works. ", 100)
	n := 0
	write := func(transactions int) {
		t.Helper()
		for range transactions {
			var batch []*burg.Comment
			for range 10 {
				n++
				batch = append(batch, &burg.Comment{PostID: f.Posts[0].ID, Nick: "Writer",
					Body: fmt.Sprintf("%d %s", n, body), IP: "192.0.2.1", State: burg.CommentLive})
			}
			if err := s.CreateComments(ctx, batch); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Wait for the fixture's own writes to reach the file.
	time.Sleep(5 * checkpointEvery)
	before := size(path)

	// 200 comments of 4 KB: well under the writer's own threshold.
	write(20)
	if wal := size(path + "-wal"); wal >= writerCheckpointPages*pageSize/2 {
		t.Fatalf("the log is %d bytes: the test would reach the writer's own checkpoint", wal)
	}
	const grown = 512 << 10
	deadline := time.Now().Add(30 * time.Second)
	for size(path)-before < grown && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if got := size(path) - before; got < grown {
		t.Fatalf("the database file grew by %d bytes for 800 KB of comments: the log was not checkpointed", got)
	}

	// Writes without a pause, until the file has grown by the writer's
	// threshold: the log has then taken several times that.
	for size(path)-before < writerCheckpointPages*pageSize {
		write(10)
	}
	if wal := size(path + "-wal"); wal > 2*writerCheckpointPages*pageSize {
		t.Errorf("the log is %d bytes: it grows with every write", wal)
	}
}
