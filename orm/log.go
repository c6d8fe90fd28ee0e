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
	query = rebind(db.dialect, query)
	if s := db.prepared(ctx, x, query); s != nil {
		rows, err := s.QueryContext(ctx, args...)
		return rows, db.dialect.translate(err)
	}
	rows, err := x.QueryContext(ctx, query, args...)
	return rows, db.dialect.translate(err)
}

// exec runs a statement that returns no rows on x.
func (db *DB) exec(ctx context.Context, x execer, query string, args []any) (sql.Result, error) {
	query = rebind(db.dialect, query)
	if s := db.prepared(ctx, x, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return x.ExecContext(ctx, query, args...)
}

// queryRowScan runs a statement returning one row on x and scans it.
func (db *DB) queryRowScan(ctx context.Context, x execer, query string, args []any, dest ...any) error {
	query = rebind(db.dialect, query)
	if s := db.prepared(ctx, x, query); s != nil {
		return s.QueryRowContext(ctx, args...).Scan(dest...)
	}
	return x.QueryRowxContext(ctx, query, args...).Scan(dest...)
}

// queryRow runs a SELECT of one row on x.
func (db *DB) queryRow(ctx context.Context, x execer, query string, args []any) (*sqlx.Row, error) {
	db.logQuery(query, args)
	return x.QueryRowxContext(ctx, rebind(db.dialect, query), args...), nil
}
