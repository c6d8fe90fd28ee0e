package orm

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
)

// stmtCache keeps prepared statements by SQL text for one SQLite pool:
// the ORM writes the same statements again and again (Get, Insert,
// Update of a model), and preparing them was a quarter of a one-row read.
// database/sql prepares a cached statement again on each connection it
// runs on, and SQLite re-prepares after a schema change by itself.
type stmtCache struct {
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
	// wanted are statements a transaction ran unprepared (it holds the
	// pool's only connection, so none could be prepared then): they are
	// prepared once the transaction has ended (prepareWanted).
	wanted map[string]struct{}
}

// maxCachedStmts bounds the cache: queries with IN lists of many lengths
// would otherwise grow it without end. Past the bound, statements are
// prepared for each use as before.
const maxCachedStmts = 512

func (c *stmtCache) get(ctx context.Context, pool *sqlx.DB, query string) *sql.Stmt {
	c.mu.Lock()
	s, ok := c.stmts[query]
	full := len(c.stmts) >= maxCachedStmts
	c.mu.Unlock()
	if ok {
		return s
	}
	if full {
		return nil
	}
	// Prepare without the lock: preparing waits for a connection of the
	// pool, which a transaction that also looks in this cache may hold.
	s, err := pool.PrepareContext(ctx, query)
	if err != nil {
		return nil // the query itself will report the error
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.stmts[query]; ok {
		s.Close()
		return old
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[query] = s
	return s
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.stmts {
		s.Close()
	}
	c.stmts = nil
}

// reset empties the cache (after a schema change). The statements are
// closed a minute later, not now: a query that took one from the cache
// just before may still be about to use it.
func (c *stmtCache) reset() {
	c.mu.Lock()
	old := c.stmts
	c.stmts = nil
	c.mu.Unlock()
	if len(old) > 0 {
		time.AfterFunc(time.Minute, func() {
			for _, s := range old {
				s.Close()
			}
		})
	}
}

// prepared returns a cached statement for query on x when x is one of
// the database's pools (not a transaction), or nil.
func (db *DB) prepared(ctx context.Context, x execer, query string) *sql.Stmt {
	if db.dialect.Name() == "postgres" {
		// pgx's database/sql driver names a prepared statement by its
		// SQL text and reuses it: a statement prepared before a column
		// changed type (a migration, perhaps in another process) would
		// fail with "cached plan must not change result type" however
		// often it was prepared again. PostgreSQL statements are
		// described on every execution instead (openPostgres).
		return nil
	}
	switch x {
	case db.read:
		return db.readStmts.get(ctx, db.read, query)
	case db.write:
		return db.writeStmts.get(ctx, db.write, query)
	}
	if tx, ok := x.(*sqlx.Tx); ok {
		// Only a statement prepared already: preparing one now would
		// need a connection of the writer pool, whose only connection
		// (SQLite) is the one this transaction holds. A miss is noted,
		// and prepared when the transaction is over (Tx), so that the
		// next transaction finds it.
		if s := db.writeStmts.lookupOrWant(query); s != nil {
			return tx.StmtContext(ctx, s)
		}
	}
	return nil
}

// lookupOrWant returns the cached statement for query, or nil after
// noting query as wanted.
func (c *stmtCache) lookupOrWant(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.stmts[query]; ok {
		return s
	}
	if len(c.stmts)+len(c.wanted) < maxCachedStmts {
		if c.wanted == nil {
			c.wanted = map[string]struct{}{}
		}
		c.wanted[query] = struct{}{}
	}
	return nil
}

// prepareWanted prepares, on pool, the statements transactions wanted.
// It is called when a transaction has ended, so the pool's connection
// is free again.
func (c *stmtCache) prepareWanted(ctx context.Context, pool *sqlx.DB) {
	c.mu.Lock()
	wanted := c.wanted
	c.wanted = nil
	c.mu.Unlock()
	for query := range wanted {
		c.get(ctx, pool, query)
	}
}
