package orm

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// now is when created and updated timestamps are stamped: UTC, to the
// microsecond (PostgreSQL's precision), so that what is stored is what
// the struct holds.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// rebind turns ? placeholders into the dialect's.
func rebind(d Dialect, query string) string {
	if d.Name() == "postgres" {
		return sqlx.Rebind(sqlx.DOLLAR, query)
	}
	return query
}

// Insert stores obj as a new row. An auto-increment primary key left at
// zero is assigned by the database and set in obj; a created timestamp
// left zero and an updated timestamp are set to now.
func Insert[T any](ctx context.Context, q Queryer, obj *T) error {
	m, err := writeArgs("Insert", q, obj)
	if err != nil {
		return err
	}
	return insert(ctx, q, m, reflect.ValueOf(obj).Elem())
}

func insert(ctx context.Context, q Queryer, m *Model, v reflect.Value) error {
	var t time.Time
	var cols []string // nil: every column but an auto key (m.sqlInsert)
	args := make([]any, 0, len(m.Fields))
	for _, f := range m.Fields {
		fv := v.FieldByIndex(f.Index)
		switch {
		case f.PK && f.Auto && fv.IsZero():
			continue
		case f.PK && f.Auto:
			// A key the caller chose: the statement names it too.
			cols = make([]string, 0, len(m.Fields))
			for _, g := range m.Fields {
				cols = append(cols, g.sqlName)
			}
		case f.Created && fv.IsZero(), f.Updated:
			if t.IsZero() {
				t = now()
			}
			setTime(fv, t)
		}
		args = append(args, fv.Interface())
	}
	query := m.sqlInsert
	if cols != nil {
		query = "INSERT INTO " + m.sqlTable + " (" + strings.Join(cols, ", ") + ") VALUES (" +
			strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ") RETURNING " + m.PK.sqlName
	}
	pk := v.FieldByIndex(m.PK.Index)
	q.db().logQuery(query, args)
	_, err := runWrite(ctx, q, func(x execer) (struct{}, error) {
		return struct{}{}, q.db().queryRowScan(ctx, x, query, args, pk.Addr().Interface())
	})
	if err != nil {
		return fmt.Errorf("orm: inserting into %s: %w", m.Table, nameFKColumn(ctx, q, m, []reflect.Value{v}, err))
	}
	return nil
}

// setTime sets a time.Time or *time.Time field.
func setTime(fv reflect.Value, t time.Time) {
	if fv.Kind() == reflect.Pointer {
		fv.Set(reflect.ValueOf(&t))
		return
	}
	fv.Set(reflect.ValueOf(t))
}

// Update writes every column of obj to its row, found by primary key, and
// sets an updated timestamp to now. It returns ErrNotFound when no row
// has obj's key.
func Update[T any](ctx context.Context, q Queryer, obj *T) error {
	m, err := writeArgs("Update", q, obj)
	if err != nil {
		return err
	}
	return update(ctx, q, m, reflect.ValueOf(obj).Elem())
}

func update(ctx context.Context, q Queryer, m *Model, v reflect.Value) error {
	if m.sqlUpdate == "" {
		return nil // nothing but the key
	}
	var t time.Time
	args := make([]any, 0, len(m.Fields))
	for _, f := range m.Fields {
		if f.PK {
			continue
		}
		fv := v.FieldByIndex(f.Index)
		if f.Updated {
			if t.IsZero() {
				t = now()
			}
			setTime(fv, t)
		}
		args = append(args, fv.Interface())
	}
	args = append(args, v.FieldByIndex(m.PK.Index).Interface())
	query := m.sqlUpdate
	q.db().logQuery(query, args)
	res, err := runWrite(ctx, q, func(x execer) (sql.Result, error) {
		return q.db().exec(ctx, x, query, args)
	})
	if err != nil {
		return fmt.Errorf("orm: updating %s: %w", m.Table, nameFKColumn(ctx, q, m, []reflect.Value{v}, err))
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("orm: updating %s %s=%v: %w", m.Table, m.PK.Column, args[len(args)-1], ErrNotFound)
	}
	return nil
}

// Save inserts obj when its auto-increment primary key is zero, and
// updates its row otherwise (Django's Model.save).
func Save[T any](ctx context.Context, q Queryer, obj *T) error {
	m, err := writeArgs("Save", q, obj)
	if err != nil {
		return err
	}
	v := reflect.ValueOf(obj).Elem()
	if m.PK.Auto && v.FieldByIndex(m.PK.Index).IsZero() {
		return insert(ctx, q, m, v)
	}
	return update(ctx, q, m, v)
}

// Delete deletes obj's row, found by primary key. It returns ErrNotFound
// when there is none.
func Delete[T any](ctx context.Context, q Queryer, obj *T) error {
	m, err := writeArgs("Delete", q, obj)
	if err != nil {
		return err
	}
	pk := reflect.ValueOf(obj).Elem().FieldByIndex(m.PK.Index).Interface()
	query := "DELETE FROM " + m.sqlTable + " WHERE " + m.PK.sqlName + " = ?"
	q.db().logQuery(query, []any{pk})
	res, err := runWrite(ctx, q, func(x execer) (sql.Result, error) {
		return q.db().exec(ctx, x, query, []any{pk})
	})
	if err != nil {
		return fmt.Errorf("orm: deleting from %s: %w", m.Table, nameDeletedKey(m, err))
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("orm: deleting %s %s=%v: %w", m.Table, m.PK.Column, pk, ErrNotFound)
	}
	return nil
}

// writeArgs describes T and checks what Insert, Update, Save and Delete
// were given: a nil Queryer or object is an error, not a panic.
func writeArgs[T any](op string, q Queryer, obj *T) (*Model, error) {
	m, err := ModelOf[T]()
	if err != nil {
		return nil, err
	}
	if err := checkQueryer(q); err != nil {
		return nil, fmt.Errorf("orm: %s %s: %w", op, m.Name, err)
	}
	if obj == nil {
		return nil, fmt.Errorf("orm: %s %s: the object is nil", op, m.Name)
	}
	return m, nil
}

// checkQueryer refuses a nil Queryer (nil, a nil *DB or a nil *Conn).
func checkQueryer(q Queryer) error {
	if q == nil {
		return errors.New("no database (the Queryer is nil)")
	}
	if v := reflect.ValueOf(q); v.Kind() == reflect.Pointer && v.IsNil() {
		return fmt.Errorf("no database (a nil %T)", q)
	}
	return nil
}

// Get returns the object whose primary key is pk, or ErrNotFound.
func Get[T any](ctx context.Context, q Queryer, pk any) (*T, error) {
	m, err := ModelOf[T]()
	if err != nil {
		return nil, err
	}
	if checkQueryer(q) != nil || pk == nil || isNilPointer(pk) {
		return Objects[T](q).Filter(m.PK.Column, pk).Get(ctx) // its errors
	}
	// The same query as Objects[T](q).Filter(pk).Get, without building it.
	rows, err := q.db().query(ctx, q.reader(), m.sqlGet, []any{pk})
	if err != nil {
		return nil, fmt.Errorf("orm: reading %s: %w", m.Table, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("orm: reading %s: %w", m.Table, err)
		}
		return nil, fmt.Errorf("orm: %s: %w", m.Table, ErrNotFound)
	}
	obj := new(T)
	if err := scanRow(rows, m, reflect.ValueOf(obj).Elem()); err != nil {
		return nil, fmt.Errorf("orm: reading %s: %w", m.Table, err)
	}
	if rows.Next() {
		return nil, fmt.Errorf("orm: %s: %w", m.Table, ErrMultipleRows)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("orm: reading %s: %w", m.Table, err)
	}
	return obj, nil
}

// columnList is the model's columns, quoted, in field order.
func columnList(_ Dialect, m *Model) string { return m.sqlColumns }

// scanRow scans a row of columnList into v's fields.
func scanRow(rows *sql.Rows, m *Model, v reflect.Value) error {
	ptrs := make([]any, len(m.Fields))
	for i, f := range m.Fields {
		ptrs[i] = v.FieldByIndex(f.Index).Addr().Interface()
	}
	return rows.Scan(ptrs...)
}

// runWrite runs a write: on the writer outside a transaction, retrying
// while SQLite is busy, or on the transaction.
func runWrite[R any](ctx context.Context, q Queryer, f func(x execer) (R, error)) (R, error) {
	d := q.db().dialect
	if q.inTx() {
		r, err := f(q.writer())
		return r, d.translate(err)
	}
	return execRetry(ctx, d, func() (R, error) { return f(q.writer()) })
}

// IsNotFound reports whether err is, or wraps, ErrNotFound.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// nameFKColumn fills in the table and column of a foreign-key error
// SQLite did not name, for a write of rows (struct values of m): the
// model's one foreign key, or the one whose value refers to no row
// (looked up when the model is registered and so knows its targets).
func nameFKColumn(ctx context.Context, q Queryer, m *Model, rows []reflect.Value, err error) error {
	ce := unnamedFKError(err)
	if ce == nil {
		return err
	}
	if ce.Table == "" {
		ce.Table = m.Table
	}
	var fks []*Field
	var vals [][]any
	for _, f := range m.Fields {
		if f.FK == nil {
			continue
		}
		var vs []any
		for _, v := range rows {
			fv := v.FieldByIndex(f.Index)
			if fv.IsZero() {
				continue // zero or a nil pointer: no reference
			}
			vs = append(vs, fv.Interface())
		}
		fks, vals = append(fks, f), append(vals, vs)
	}
	ce.Column = missingReference(ctx, q, fks, vals)
	return err
}

// nameDeletedKey fills in a foreign-key error SQLite did not name, for
// a delete (or a key change) refused because rows still refer to m's
// rows: m's table and primary key.
func nameDeletedKey(m *Model, err error) error {
	if ce := unnamedFKError(err); ce != nil {
		ce.Table, ce.Column = m.Table, m.PK.Column
	}
	return err
}

// unnamedFKError returns err's foreign-key ConstraintError when it
// names no column, or nil.
func unnamedFKError(err error) *ConstraintError {
	var ce *ConstraintError
	if !errors.As(err, &ce) || ce.Kind != ConstraintForeignKey || ce.Column != "" {
		return nil
	}
	return ce
}

// missingReference returns the column of the first of fks one of whose
// values (vals[i] for fks[i]) refers to no row, or "" when none is
// found; the only foreign key when there is one.
func missingReference(ctx context.Context, q Queryer, fks []*Field, vals [][]any) string {
	if len(fks) == 1 {
		return fks[0].Column
	}
	if q.inTx() && q.db().dialect.Name() == "postgres" {
		return "" // the transaction is aborted until rolled back (and PostgreSQL names the column anyway)
	}
	d := q.db().dialect
	for i, f := range fks {
		if f.FK.Table == "" {
			continue
		}
		query := fmt.Sprintf("SELECT 1 FROM %s WHERE %s = ?", d.Quote(f.FK.Table), d.Quote(f.FK.Column))
		for _, v := range vals[i] {
			var one int
			if qerr := q.db().queryRowScan(ctx, q.reader(), query, []any{v}, &one); errors.Is(qerr, sql.ErrNoRows) {
				return f.Column
			}
		}
	}
	return ""
}
