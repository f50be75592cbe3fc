package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"sync"
)

// stmtCache keeps the statements of one pool prepared across
// transactions, by query. database/sql prepares each on a connection the
// first time a transaction there asks for it and keeps it with that
// connection, so a query is parsed and planned once per connection rather
// than once per transaction: on SQLite that parse was a third of the cost
// of reading a post by id.
//
// It holds at most maxStatements queries; others are prepared in their
// transaction as before. Queries with a list of placeholders (IN lists,
// whose length varies) are never kept, since each length is a query of
// its own and would crowd out the ones that repeat.
type stmtCache struct {
	db *sql.DB
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

// maxStatements bounds what one pool keeps prepared: the store's queries
// that repeat number in the low hundreds.
const maxStatements = 512

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: map[string]*sql.Stmt{}}
}

// keepable reports whether q is worth keeping: one statement, with no
// list of placeholders.
func keepable(q string) bool {
	return !strings.Contains(q, ";") && !strings.Contains(q, "?, ?")
}

// get returns q prepared on the pool, or nil when it is not kept yet.
func (c *stmtCache) get(q string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.m[q]
}

// add prepares and keeps the queries a transaction missed. It runs after
// the transaction has ended, never in one: preparing takes a connection
// of the pool, and a transaction holding the writer's only connection
// would wait for itself.
func (c *stmtCache) add(ctx context.Context, qs []string) {
	if c == nil {
		return
	}
	for _, q := range qs {
		c.mu.RLock()
		_, ok := c.m[q]
		full := len(c.m) >= maxStatements
		c.mu.RUnlock()
		if ok {
			continue
		}
		if full {
			return
		}
		// Prepared on whichever connection the pool gives; database/sql
		// prepares it again on each other connection as it is used there.
		st, err := c.db.PrepareContext(context.WithoutCancel(ctx), q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if _, ok := c.m[q]; ok || len(c.m) >= maxStatements {
			st.Close()
		} else {
			c.m[q] = st
		}
		c.mu.Unlock()
	}
}

// close closes every kept statement.
func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.m {
		st.Close()
		delete(c.m, q)
	}
}
