package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	burg "github.com/burg-news/burg"
)

// Group commit of comments on SQLite.
//
// SQLite has one writer, and with synchronous=FULL every commit waits for
// the disk: one comment per transaction caps a site at a few hundred
// comments a second however fast the rest is. CreateComment therefore
// hands its comment to one committer goroutine, which stores every
// comment waiting at that moment in one transaction and commits once. A
// comment that fails (a closed post, a form sent twice) fails alone; the
// others commit (see commentBatch). Every caller returns only once the
// commit that holds its comment is durable, or with the error that
// stopped it.
//
// A lone comment waits for nothing: the committer takes what is queued
// when it comes round, never a timer's worth more, so the latency of a
// quiet site is that of one transaction.

// defaultBatchTimeout bounds the transaction of one batch of comments.
const defaultBatchTimeout = 30 * time.Second

// errBatchTimeout answers the comments of a batch that could not be
// stored in time.
var errBatchTimeout = burg.Errorf(burg.EUNAVAILABLE, "Comments are slow to store just now; send yours again in a moment.")

// maxCommentBatch bounds the comments of one transaction, so that one
// batch's work cannot hold the writer for long.
const maxCommentBatch = 256

// commentJob is one CreateComment waiting for the committer.
type commentJob struct {
	ctx  context.Context
	c    *burg.Comment
	done chan error
}

// committer stores queued comments in shared transactions.
type committer struct {
	jobs chan *commentJob
	quit chan struct{}
	wg   sync.WaitGroup
	run  func(batch []*commentJob) // stores a batch and answers each job
	// mu keeps a job from being queued once stop has begun: do queues
	// under the read lock, stop sets closed under the write lock.
	mu     sync.RWMutex
	closed bool
}

func newCommitter(run func([]*commentJob)) *committer {
	c := &committer{jobs: make(chan *commentJob, maxCommentBatch), quit: make(chan struct{}), run: run}
	c.wg.Add(1)
	go c.loop()
	return c
}

func (c *committer) loop() {
	defer c.wg.Done()
	batch := make([]*commentJob, 0, maxCommentBatch)
	for {
		select {
		case j := <-c.jobs:
			batch = append(batch[:0], j)
		case <-c.quit:
			return
		}
	fill:
		for len(batch) < maxCommentBatch {
			select {
			case j := <-c.jobs:
				batch = append(batch, j)
			default:
				break fill
			}
		}
		c.run(batch)
		clear(batch)
	}
}

// do queues c and waits for the commit that holds it.
func (c *committer) do(ctx context.Context, cm *burg.Comment) error {
	j := &commentJob{ctx: ctx, c: cm, done: make(chan error, 1)}
	c.mu.RLock()
	if c.closed {
		c.mu.RUnlock()
		return errStoreClosed
	}
	select {
	case c.jobs <- j:
	case <-ctx.Done():
		c.mu.RUnlock()
		return ctx.Err()
	}
	c.mu.RUnlock()
	// Once queued the job is answered, by the committer or by stop: a
	// commit cannot be taken back, so the caller hears how it ended even
	// when it stopped waiting.
	return <-j.done
}

// stop ends the committer once the batch it is storing is answered, and
// answers what is still queued; later comments are refused.
func (c *committer) stop() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	close(c.quit)
	c.mu.Unlock()
	c.wg.Wait()
	for {
		select {
		case j := <-c.jobs:
			j.done <- errStoreClosed
		default:
			return
		}
	}
}

var errStoreClosed = errors.New("sqlstore: the store is closed")

// commentBatch stores the comments of a batch in one transaction and
// answers each job. A comment refused writes nothing before it is
// refused (see createComment), so the batch needs no savepoint per
// comment; one that fails after writing part of itself (a constraint, a
// full disk) or with an error of the store has the batch stored again,
// each comment in a savepoint of its own, so that it fails alone.
//
// Savepoints are not free: the search index writes what it holds to disk
// at each one, so a savepoint per comment made every comment a segment
// of the index of its own, and the index's merges a cost of every batch.
func (s *Store) commentBatch(batch []*commentJob) {
	errs := make([]error, len(batch))
	saved := make([]burg.Comment, len(batch))
	// Each comment as sent, put back if the batch fails, even before its
	// transaction began.
	for i, j := range batch {
		saved[i] = *j.c
	}
	// The transaction serves many callers: none of their cancellations
	// may cut it short, but it may not hang for ever either.
	ctx, cancel := context.WithTimeout(context.Background(), s.batchTimeout)
	defer cancel()
	err := s.storeBatch(ctx, batch, saved, errs, false)
	if errors.Is(err, errCommentAlone) {
		for i, j := range batch {
			*j.c = saved[i]
		}
		err = s.storeBatch(ctx, batch, saved, errs, true)
	}
	if err != nil && ctx.Err() != nil {
		// Nothing of the batch is stored: the writer was held too long
		// (a long import, a merge of the search index). The comments
		// may be sent again.
		err = errBatchTimeout
	}
	for i, j := range batch {
		if err != nil {
			*j.c = saved[i]
			errs[i] = err
		}
		j.done <- errs[i]
	}
}

// errCommentAlone stops a batch stored without savepoints when one of
// its comments must fail alone.
var errCommentAlone = errors.New("sqlstore: a comment of the batch failed after writing")

// storeBatch stores a batch in one transaction, setting each job's error
// in errs and putting back, from saved, each comment refused. Without
// savepoints it gives up with errCommentAlone at the first comment that
// cannot simply be left out.
func (s *Store) storeBatch(ctx context.Context, batch []*commentJob, saved []burg.Comment, errs []error, savepoints bool) error {
	clear(errs)
	return s.writeTx(ctx, func(t *tx) error {
		for i, j := range batch {
			errs[i] = j.ctx.Err() // one that stopped waiting before its turn is not stored
			if errs[i] != nil {
				continue
			}
			if !savepoints {
				errs[i] = createComment(ctx, t, j.c)
				var partial partialComment
				if errors.As(errs[i], &partial) || (errs[i] != nil && burg.ErrorCode(errs[i]) == burg.EINTERNAL) {
					return errCommentAlone
				} else if errs[i] != nil {
					*j.c = saved[i]
				}
				continue
			}
			if _, err := t.exec(ctx, `SAVEPOINT burg_comment`); err != nil {
				return fmt.Errorf("savepoint: %w", err)
			}
			if errs[i] = createComment(ctx, t, j.c); errs[i] != nil {
				*j.c = saved[i]
				if _, err := t.exec(ctx, `ROLLBACK TO burg_comment`); err != nil {
					return fmt.Errorf("roll back a comment: %w", err)
				}
			}
			if _, err := t.exec(ctx, `RELEASE burg_comment`); err != nil {
				return fmt.Errorf("release savepoint: %w", err)
			}
		}
		return nil
	})
}
