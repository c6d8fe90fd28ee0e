package orm

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

// QueryLog receives every statement the ORM runs, with its values (as
// Django's connection.queries in DEBUG): for a development toolbar, for
// logs, and for tests that count queries.
type QueryLog func(query string, args []any)

// logQuery reports a statement to the database's QueryLog.
func (db *DB) logQuery(query string, args []any) {
	if db.log != nil {
		db.log(query, args)
	}
}

// query runs a SELECT on x (the read pool or a transaction).
func (db *DB) query(ctx context.Context, x execer, query string, args []any) (*sql.Rows, error) {
	db.logQuery(query, args)
	rows, err := x.QueryContext(ctx, rebind(db.dialect, query), args...)
	return rows, db.dialect.translate(err)
}

// queryRow runs a SELECT of one row on x.
func (db *DB) queryRow(ctx context.Context, x execer, query string, args []any) (*sqlx.Row, error) {
	db.logQuery(query, args)
	return x.QueryRowxContext(ctx, rebind(db.dialect, query), args...), nil
}
