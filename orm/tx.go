package orm

import (
	"context"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Conn is a transaction in progress: queries given a *Conn see and make
// its changes. Nested Tx calls on it use savepoints.
type Conn struct {
	tx    *sqlx.Tx
	d     *DB
	depth int
}

func (c *Conn) db() *DB        { return c.d }
func (c *Conn) reader() execer { return c.tx }
func (c *Conn) writer() execer { return c.tx }
func (db *DB) writer() execer  { return db.write }
func (c *Conn) inTx() bool     { return true }
func (db *DB) inTx() bool      { return false }

// Dialect returns the database's SQL dialect.
func (c *Conn) Dialect() Dialect { return c.d.dialect }

// Exec runs a statement in the transaction (placeholders written as ?).
func (c *Conn) Exec(ctx context.Context, query string, args ...any) error {
	_, err := c.tx.ExecContext(ctx, c.tx.Rebind(query), args...)
	return c.d.dialect.translate(err)
}

// Tx runs fn in a transaction: committed when fn returns nil, rolled back
// when it returns an error or panics (the panic goes on). Called with a
// *Conn, as from inside another Tx, it runs fn in a savepoint: an error
// rolls back only what fn did, and the outer transaction goes on.
//
// On SQLite, the transaction takes the database's write lock when it
// begins, waiting for other connections and processes as long as ctx
// allows; inside fn, run every query on tx, not on the *DB (the *DB's one
// writer connection is the one fn holds).
func Tx(ctx context.Context, q Queryer, fn func(tx *Conn) error) (err error) {
	if err := checkQueryer(q); err != nil {
		return fmt.Errorf("orm: Tx: %w", err)
	}
	if fn == nil {
		return errors.New("orm: Tx: the function is nil")
	}
	switch q := q.(type) {
	case *Conn:
		return q.savepoint(ctx, fn)
	case *DB:
		tx, err := execRetry(ctx, q.dialect, func() (*sqlx.Tx, error) { return q.write.BeginTxx(ctx, nil) })
		if err != nil {
			return fmt.Errorf("orm: beginning a transaction: %w", err)
		}
		c := &Conn{tx: tx, d: q}
		// Once the transaction is over (this runs after the rollback
		// below, on a panic too), prepare what it ran unprepared.
		defer q.writeStmts.prepareWanted(ctx, q.write)
		defer func() {
			if r := recover(); r != nil {
				_ = tx.Rollback()
				panic(r)
			}
		}()
		if err := fn(c); err != nil {
			if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, context.Canceled) {
				return errors.Join(err, fmt.Errorf("orm: rolling back: %w", rerr))
			}
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("orm: committing: %w", q.dialect.translate(err))
		}
		return nil
	}
	return fmt.Errorf("orm: Tx needs a *DB or a *Conn, not %T", q)
}

func (c *Conn) savepoint(ctx context.Context, fn func(tx *Conn) error) (err error) {
	c.depth++
	name := fmt.Sprintf("goframe_sp%d", c.depth)
	defer func() { c.depth-- }()
	if _, err := c.tx.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return fmt.Errorf("orm: savepoint: %w", err)
	}
	rollback := func() error {
		if _, err := c.tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT "+name); err != nil {
			return err
		}
		_, err := c.tx.ExecContext(ctx, "RELEASE SAVEPOINT "+name)
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			_ = rollback()
			panic(r)
		}
	}()
	if err := fn(c); err != nil {
		if rerr := rollback(); rerr != nil {
			return errors.Join(err, fmt.Errorf("orm: rolling back to the savepoint: %w", rerr))
		}
		return err
	}
	if _, err := c.tx.ExecContext(ctx, "RELEASE SAVEPOINT "+name); err != nil {
		return fmt.Errorf("orm: releasing the savepoint: %w", c.d.dialect.translate(err))
	}
	return nil
}
