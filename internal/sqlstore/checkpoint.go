package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"
)

// Checkpoints on SQLite.
//
// In WAL mode a commit appends the pages it changed to the log, and a
// checkpoint copies them back into the database file and syncs it. By
// default the connection that commits runs the checkpoint itself, inside
// its commit, whenever the log has passed 1,000 pages: on a busy site
// that is the writer, every few dozen batches of comments, and the
// comments of that batch wait for the copy and the file's sync besides
// their own. The store's checkpointer therefore runs them on a
// connection of its own: a passive checkpoint (it never waits for a
// reader or the writer) shortly after commits, at most every
// checkpointEvery. Pages written again and again between two
// checkpoints (a thread's counters, an index's last page) are copied
// once. The writer checkpoints itself only when the log has reached
// writerCheckpointPages, which lets the log start again (see there).
//
// When the store closes, the last connection to close checkpoints what
// is left and removes the log, as before.

// checkpointEvery is the least time between two checkpoints.
const checkpointEvery = 100 * time.Millisecond

// writerCheckpointPages is the size of the log, in pages, at which the
// writer checkpoints after all. The log starts again from its beginning
// only after a checkpoint has copied all of it, and a checkpoint beside a
// busy writer never catches up: the writer's, run between its
// transactions, copies the few pages left and lets the log start again.
const writerCheckpointPages = 4096

// checkpointer runs the checkpoints of one SQLite store.
type checkpointer struct {
	db    *sql.DB
	poked chan struct{}
	quit  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once
}

// newCheckpointer starts a checkpointer on db, a pool of one connection
// to the store's file.
func newCheckpointer(db *sql.DB) *checkpointer {
	c := &checkpointer{db: db, poked: make(chan struct{}, 1), quit: make(chan struct{})}
	c.wg.Add(1)
	go c.loop()
	return c
}

// poke tells the checkpointer that a commit has grown the log. It never
// waits.
func (c *checkpointer) poke() {
	select {
	case c.poked <- struct{}{}:
	default:
	}
}

func (c *checkpointer) loop() {
	defer c.wg.Done()
	for {
		select {
		case <-c.quit:
			return
		case <-c.poked:
		}
		// Let the commits of the next moment join this checkpoint.
		select {
		case <-c.quit:
			return
		case <-time.After(checkpointEvery):
		}
		// A failure (another process checkpointing, a full disk) is left
		// to the next commit's checkpoint; the log keeps every page.
		_ = c.run(context.Background())
	}
}

// run runs one passive checkpoint.
func (c *checkpointer) run(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var busy, log, done int
	if err := c.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &log, &done); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}

// stop ends the checkpointer and closes its connection.
func (c *checkpointer) stop() error {
	c.once.Do(func() { close(c.quit) })
	c.wg.Wait()
	return c.db.Close()
}
