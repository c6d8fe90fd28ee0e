package orm

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// QuerySet is a query on a model's table, built by chaining, as Django's
// QuerySet: nothing runs until a method that returns rows or a count.
// Every method returns a new QuerySet; a QuerySet can be kept and reused.
//
//	posts, err := orm.Objects[Post](db).
//		Filter("title__icontains", "go").
//		Exclude("published__isnull", true).
//		OrderBy("-created").
//		Limit(10).
//		All(ctx)
//
// Field names (Go field or column names, with Django's __lookup suffixes)
// are checked against the model; values are always bound parameters.
type QuerySet[T any] struct {
	q       Queryer
	m       *Model
	err     error
	where   []cond
	order   []string // SQL fragments, quoted
	limit   int      // -1: none
	offset  int
	preload []string
}

// cond is one WHERE condition: SQL with ? placeholders and its values.
type cond struct {
	sql  string
	args []any
}

// Objects starts a query on T's table (Django's Model.objects).
func Objects[T any](q Queryer) QuerySet[T] {
	m, err := ModelOf[T]()
	if err == nil {
		if qerr := checkQueryer(q); qerr != nil {
			err = fmt.Errorf("orm: %s: %w", m.Name, qerr)
		}
	}
	return QuerySet[T]{q: q, m: m, err: err, limit: -1}
}

func (qs QuerySet[T]) with(f func(*QuerySet[T])) QuerySet[T] {
	n := qs
	n.where = append([]cond(nil), qs.where...)
	n.order = append([]string(nil), qs.order...)
	n.preload = append([]string(nil), qs.preload...)
	if n.err == nil {
		f(&n)
	}
	return n
}

func (qs *QuerySet[T]) fail(format string, args ...any) {
	if qs.err == nil {
		qs.err = fmt.Errorf("orm: %s: %s", qs.m.Name, fmt.Sprintf(format, args...))
	}
}

// lookups are Django's field lookups, as SQL with the column for %s.
var lookups = map[string]string{
	"exact": "%s = ?", "gt": "%s > ?", "gte": "%s >= ?", "lt": "%s < ?", "lte": "%s <= ?",
	"contains": "%s LIKE ? ESCAPE '\\'", "startswith": "%s LIKE ? ESCAPE '\\'", "endswith": "%s LIKE ? ESCAPE '\\'",
	"icontains": "LOWER(%s) LIKE LOWER(?) ESCAPE '\\'", "istartswith": "LOWER(%s) LIKE LOWER(?) ESCAPE '\\'",
	"iendswith": "LOWER(%s) LIKE LOWER(?) ESCAPE '\\'", "iexact": "LOWER(%s) = LOWER(?)",
	"in": "", "isnull": "", "range": "%s BETWEEN ? AND ?",
}

// Filter keeps the rows where field matches value under a Django lookup:
// "title" (exact), "title__icontains", "views__gte", "id__in" (a slice),
// "published__isnull" (a bool), "created__range" (a two-element slice).
func (qs QuerySet[T]) Filter(lookup string, value any) QuerySet[T] {
	return qs.with(func(n *QuerySet[T]) {
		c, err := n.condition(lookup, value)
		if err != nil {
			n.fail("%v", err)
			return
		}
		n.where = append(n.where, c)
	})
}

// Exclude keeps the rows that do not match (Django's exclude).
func (qs QuerySet[T]) Exclude(lookup string, value any) QuerySet[T] {
	return qs.with(func(n *QuerySet[T]) {
		c, err := n.condition(lookup, value)
		if err != nil {
			n.fail("%v", err)
			return
		}
		c.sql = "NOT (" + c.sql + ")"
		n.where = append(n.where, c)
	})
}

// Where adds a condition written in SQL with ? placeholders for values:
// Where("views > ? OR author_id = ?", 10, 3). The SQL is the program's;
// values are bound, never spliced in.
func (qs QuerySet[T]) Where(sqlCond string, args ...any) QuerySet[T] {
	return qs.with(func(n *QuerySet[T]) {
		if strings.Count(sqlCond, "?") != len(args) {
			n.fail("Where(%q) has %d placeholders and %d values", sqlCond, strings.Count(sqlCond, "?"), len(args))
			return
		}
		n.where = append(n.where, cond{"(" + sqlCond + ")", args})
	})
}

func (qs *QuerySet[T]) column(name string) (*Field, error) {
	f, ok := qs.m.Field(name)
	if !ok {
		return nil, fmt.Errorf("no field %q (fields: %s)", name, strings.Join(fieldNames(qs.m), ", "))
	}
	return f, nil
}

func fieldNames(m *Model) []string {
	out := make([]string, len(m.Fields))
	for i, f := range m.Fields {
		out[i] = f.Column
	}
	return out
}

func (qs *QuerySet[T]) condition(lookup string, value any) (cond, error) {
	name, op, _ := strings.Cut(lookup, "__")
	if op == "" {
		op = "exact"
	}
	tmpl, ok := lookups[op]
	if !ok {
		return cond{}, fmt.Errorf("unknown lookup %q in %q (want exact, iexact, contains, icontains, startswith, istartswith, endswith, iendswith, gt, gte, lt, lte, in, isnull, range)", op, lookup)
	}
	f, err := qs.column(name)
	if err != nil {
		return cond{}, err
	}
	col := f.sqlName
	switch op {
	case "exact":
		if value == nil || isNilPointer(value) {
			return cond{col + " IS NULL", nil}, nil
		}
	case "isnull":
		b, ok := value.(bool)
		if !ok {
			return cond{}, fmt.Errorf("%s wants a bool, not %T", lookup, value)
		}
		if b {
			return cond{col + " IS NULL", nil}, nil
		}
		return cond{col + " IS NOT NULL", nil}, nil
	case "in":
		items, ok := sliceItems(value)
		if !ok {
			return cond{}, fmt.Errorf("%s wants a slice, not %T", lookup, value)
		}
		if len(items) == 0 {
			return cond{"1 = 0", nil}, nil // Django: an empty __in matches nothing
		}
		return cond{col + " IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(items)), ", ") + ")", items}, nil
	case "range":
		items, ok := sliceItems(value)
		if !ok || len(items) != 2 {
			return cond{}, fmt.Errorf("%s wants a two-element slice, not %v", lookup, value)
		}
		return cond{fmt.Sprintf(tmpl, col), items}, nil
	case "contains", "icontains":
		value = "%" + likeEscape(fmt.Sprint(value)) + "%"
	case "startswith", "istartswith":
		value = likeEscape(fmt.Sprint(value)) + "%"
	case "endswith", "iendswith":
		value = "%" + likeEscape(fmt.Sprint(value))
	}
	return cond{strings.Replace(tmpl, "%s", col, 1), []any{value}}, nil
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

func sliceItems(v any) ([]any, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, false
	}
	if rv.Type().Elem().Kind() == reflect.Uint8 {
		return nil, false // []byte is a value, not a list
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, true
}

// OrderBy sorts by fields; a leading "-" sorts descending:
// OrderBy("-created", "title").
func (qs QuerySet[T]) OrderBy(fields ...string) QuerySet[T] {
	return qs.with(func(n *QuerySet[T]) {
		n.order = n.order[:0]
		for _, name := range fields {
			desc := strings.HasPrefix(name, "-")
			f, err := n.column(strings.TrimPrefix(name, "-"))
			if err != nil {
				n.fail("OrderBy: %v", err)
				return
			}
			s := n.q.db().dialect.Quote(f.Column)
			if desc {
				s += " DESC"
			}
			n.order = append(n.order, s)
		}
	})
}

// Limit returns at most n rows.
func (qs QuerySet[T]) Limit(n int) QuerySet[T] {
	return qs.with(func(q *QuerySet[T]) {
		if n < 0 {
			q.fail("Limit(%d): negative", n)
		}
		q.limit = n
	})
}

// Offset skips the first n rows.
func (qs QuerySet[T]) Offset(n int) QuerySet[T] {
	return qs.with(func(q *QuerySet[T]) {
		if n < 0 {
			q.fail("Offset(%d): negative", n)
		}
		q.offset = n
	})
}

// whereSQL is the WHERE clause and its values.
func (qs *QuerySet[T]) whereSQL() (string, []any) {
	if len(qs.where) == 0 {
		return "", nil
	}
	parts := make([]string, len(qs.where))
	var args []any
	for i, c := range qs.where {
		parts[i] = c.sql
		args = append(args, c.args...)
	}
	return " WHERE " + strings.Join(parts, " AND "), args
}

// selectSQL is the SELECT statement of the query for the given columns.
func (qs *QuerySet[T]) selectSQL(cols string) (string, []any) {
	d := qs.q.db().dialect
	var b strings.Builder
	b.Grow(64 + len(cols) + len(qs.m.sqlTable))
	b.WriteString("SELECT ")
	b.WriteString(cols)
	b.WriteString(" FROM ")
	b.WriteString(qs.m.sqlTable)
	var args []any
	for i, c := range qs.where {
		if i == 0 {
			b.WriteString(" WHERE ")
		} else {
			b.WriteString(" AND ")
		}
		b.WriteString(c.sql)
		args = append(args, c.args...)
	}
	for i, o := range qs.order {
		if i == 0 {
			b.WriteString(" ORDER BY ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(o)
	}
	switch {
	case qs.limit >= 0:
		b.WriteString(" LIMIT ")
		b.WriteString(strconv.Itoa(qs.limit))
	case qs.offset > 0 && d.Name() == "sqlite":
		b.WriteString(" LIMIT -1")
	}
	if qs.offset > 0 {
		b.WriteString(" OFFSET ")
		b.WriteString(strconv.Itoa(qs.offset))
	}
	return b.String(), args
}

// Iterate calls fn with each row in turn, streaming: rows are read as fn
// asks for them, never all held at once. An error from fn stops the
// iteration and is returned. fn may run queries of its own; on a
// sqlite::memory: database, whose one connection would be busy with the
// rows, they are read first and fn called after.
func (qs QuerySet[T]) Iterate(ctx context.Context, fn func(*T) error) error {
	if qs.err != nil {
		return qs.err
	}
	if fn == nil {
		return fmt.Errorf("orm: %s: Iterate: the function is nil", qs.m.Name)
	}
	if len(qs.preload) > 0 {
		return fmt.Errorf("orm: %s: Iterate does not preload relations (use All)", qs.m.Name)
	}
	if qs.q.db().single && !qs.q.inTx() {
		objs, err := qs.rows(ctx)
		if err != nil {
			return err
		}
		for _, obj := range objs {
			if err := fn(obj); err != nil {
				return err
			}
		}
		return nil
	}
	return qs.each(ctx, fn)
}

// rows reads every row of the query (without relations).
func (qs QuerySet[T]) rows(ctx context.Context) ([]*T, error) {
	var out []*T
	err := qs.each(ctx, func(obj *T) error {
		out = append(out, obj)
		return nil
	})
	return out, err
}

// each streams the query's rows to fn.
func (qs QuerySet[T]) each(ctx context.Context, fn func(*T) error) error {
	d := qs.q.db().dialect
	query, args := qs.selectSQL(columnList(d, qs.m))
	rows, err := qs.q.db().query(ctx, qs.q.reader(), query, args)
	if err != nil {
		return fmt.Errorf("orm: reading %s: %w", qs.m.Table, err)
	}
	defer rows.Close()
	for rows.Next() {
		obj := new(T)
		if err := scanRow(rows, qs.m, reflect.ValueOf(obj).Elem()); err != nil {
			return fmt.Errorf("orm: reading %s: %w", qs.m.Table, err)
		}
		if err := fn(obj); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("orm: reading %s: %w", qs.m.Table, d.translate(err))
	}
	return nil
}

// All returns every row, with the relations asked for by Preload.
func (qs QuerySet[T]) All(ctx context.Context) ([]*T, error) {
	if qs.err != nil {
		return nil, qs.err
	}
	out, err := qs.rows(ctx)
	if err != nil {
		return nil, err
	}
	if len(qs.preload) > 0 && len(out) > 0 {
		if err := preloadAll(ctx, qs.q, qs.m, out, qs.preload); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// First returns the first row (by the query's order, or the primary key
// when it has none), or ErrNotFound.
func (qs QuerySet[T]) First(ctx context.Context) (*T, error) {
	if qs.err != nil {
		return nil, qs.err
	}
	if len(qs.order) == 0 {
		qs = qs.OrderBy(qs.m.PK.Column)
	}
	rows, err := qs.Limit(1).All(ctx)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("orm: %s: %w", qs.m.Table, ErrNotFound)
	}
	return rows[0], nil
}

// Get returns the one row the query matches: ErrNotFound when none,
// ErrMultipleRows when more than one.
func (qs QuerySet[T]) Get(ctx context.Context) (*T, error) {
	if qs.err != nil {
		return nil, qs.err
	}
	rows, err := qs.Limit(2).All(ctx)
	switch {
	case err != nil:
		return nil, err
	case len(rows) == 0:
		return nil, fmt.Errorf("orm: %s: %w", qs.m.Table, ErrNotFound)
	case len(rows) > 1:
		return nil, fmt.Errorf("orm: %s: %w", qs.m.Table, ErrMultipleRows)
	}
	return rows[0], nil
}

// Count returns how many rows the query matches (ignoring Limit and
// Offset's effect only as SQL would: they apply).
func (qs QuerySet[T]) Count(ctx context.Context) (int64, error) {
	var n int64
	err := qs.scalar(ctx, "COUNT(*)", &n)
	return n, err
}

// Exists reports whether the query matches any row.
func (qs QuerySet[T]) Exists(ctx context.Context) (bool, error) {
	var one int
	err := qs.Limit(1).scalar(ctx, "1", &one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// scalar runs SELECT expr with the query's conditions into dest.
func (qs QuerySet[T]) scalar(ctx context.Context, expr string, dest any) error {
	if qs.err != nil {
		return qs.err
	}
	inner := qs
	var query string
	var args []any
	if qs.limit >= 0 || qs.offset > 0 {
		// Aggregate over the limited rows, as Django does with a subquery.
		sub, a := inner.selectSQL(columnList(qs.q.db().dialect, qs.m))
		query, args = "SELECT "+expr+" FROM ("+sub+") AS goframe_sub", a
	} else {
		inner.order = nil
		query, args = inner.selectSQL(expr)
	}
	row, err := qs.q.db().queryRow(ctx, qs.q.reader(), query, args)
	if err != nil {
		return fmt.Errorf("orm: %s: %w", qs.m.Table, err)
	}
	if err := row.Scan(dest); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return err
		}
		return fmt.Errorf("orm: %s: %w", qs.m.Table, qs.q.db().dialect.translate(err))
	}
	return nil
}

// Sum returns the sum of a numeric field over the matched rows (0 when
// none).
func (qs QuerySet[T]) Sum(ctx context.Context, field string) (float64, error) {
	return qs.floatAggregate(ctx, "SUM", field)
}

// Avg returns the average of a numeric field (0 when no rows).
func (qs QuerySet[T]) Avg(ctx context.Context, field string) (float64, error) {
	return qs.floatAggregate(ctx, "AVG", field)
}

func (qs QuerySet[T]) floatAggregate(ctx context.Context, fn, field string) (float64, error) {
	if qs.err != nil {
		return 0, qs.err
	}
	f, err := qs.column(field)
	if err != nil {
		return 0, fmt.Errorf("orm: %s: %s: %w", qs.m.Name, fn, err)
	}
	var v sql.NullFloat64
	if err := qs.scalar(ctx, fn+"("+qs.q.db().dialect.Quote(f.Column)+")", &v); err != nil {
		return 0, err
	}
	return v.Float64, nil
}

// Min scans the smallest value of field into dest (a pointer to the
// field's type; a pointer to a pointer or sql.Null* when there may be no
// rows).
func (qs QuerySet[T]) Min(ctx context.Context, field string, dest any) error {
	return qs.anyAggregate(ctx, "MIN", field, dest)
}

// Max scans the largest value of field into dest, as Min.
func (qs QuerySet[T]) Max(ctx context.Context, field string, dest any) error {
	return qs.anyAggregate(ctx, "MAX", field, dest)
}

func (qs QuerySet[T]) anyAggregate(ctx context.Context, fn, field string, dest any) error {
	if qs.err != nil {
		return qs.err
	}
	f, err := qs.column(field)
	if err != nil {
		return fmt.Errorf("orm: %s: %s: %w", qs.m.Name, fn, err)
	}
	expr := fn + "(" + qs.q.db().dialect.Quote(f.Column) + ")"
	if baseType(f.Type) != timeType || qs.q.db().dialect.Name() != "sqlite" {
		return qs.scalar(ctx, expr, dest)
	}
	// SQLite returns an aggregate of a DATETIME column as text: parse it
	// as go-sqlite3 parses DATETIME columns.
	var s sql.NullString
	if err := qs.scalar(ctx, expr, &s); err != nil {
		return err
	}
	var v any
	if s.Valid {
		t, err := parseSQLiteTime(s.String)
		if err != nil {
			return fmt.Errorf("orm: %s: %s(%s): %w", qs.m.Table, fn, f.Column, err)
		}
		v = t
	}
	return convertAssign(dest, v)
}

// parseSQLiteTime parses a time as go-sqlite3 stores it.
func parseSQLiteTime(s string) (time.Time, error) {
	s = strings.TrimSuffix(s, "Z")
	for _, layout := range sqlite3.SQLiteTimestampFormats {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot parse %q as a time", s)
}

// convertAssign stores v (a value or nil) into dest through the
// database/sql conversions (dest may be a *T, **T or sql.Null*).
func convertAssign(dest any, v any) error {
	if sc, ok := dest.(sql.Scanner); ok {
		return sc.Scan(v)
	}
	dv := reflect.ValueOf(dest)
	if dv.Kind() != reflect.Pointer || dv.IsNil() {
		return fmt.Errorf("orm: destination %T is not a non-nil pointer", dest)
	}
	target := dv.Elem()
	if v == nil {
		if target.Kind() == reflect.Pointer {
			target.Set(reflect.Zero(target.Type()))
			return nil
		}
		return fmt.Errorf("orm: NULL cannot be stored in %s (use a pointer)", target.Type())
	}
	if target.Kind() == reflect.Pointer {
		p := reflect.New(target.Type().Elem())
		if err := convertAssign(p.Interface(), v); err != nil {
			return err
		}
		target.Set(p)
		return nil
	}
	rv := reflect.ValueOf(v)
	if !rv.Type().AssignableTo(target.Type()) {
		return fmt.Errorf("orm: %T cannot be stored in %s", v, target.Type())
	}
	target.Set(rv)
	return nil
}

// Values returns the given fields of every row as maps keyed by column
// name (Django's values()); no fields means all of them.
func (qs QuerySet[T]) Values(ctx context.Context, fields ...string) ([]map[string]any, error) {
	if qs.err != nil {
		return nil, qs.err
	}
	d := qs.q.db().dialect
	var cols []string
	if len(fields) == 0 {
		fields = fieldNames(qs.m)
	}
	names := make([]string, len(fields))
	for i, name := range fields {
		f, err := qs.column(name)
		if err != nil {
			return nil, fmt.Errorf("orm: %s: Values: %w", qs.m.Name, err)
		}
		cols = append(cols, d.Quote(f.Column))
		names[i] = f.Column
	}
	query, args := qs.selectSQL(strings.Join(cols, ", "))
	rows, err := qs.q.db().query(ctx, qs.q.reader(), query, args)
	if err != nil {
		return nil, fmt.Errorf("orm: reading %s: %w", qs.m.Table, err)
	}
	defer rows.Close()
	var out []map[string]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("orm: reading %s: %w", qs.m.Table, err)
		}
		row := make(map[string]any, len(cols))
		for i, n := range names {
			if b, ok := vals[i].([]byte); ok && baseKind(qs.m.byColumn[n].Type) == reflect.String {
				vals[i] = string(b)
			}
			row[n] = vals[i]
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

// Update sets fields (by name) to values on every matched row and returns
// how many rows changed: Update(ctx, map[string]any{"views": 0}).
func (qs QuerySet[T]) Update(ctx context.Context, set map[string]any) (int64, error) {
	if qs.err != nil {
		return 0, qs.err
	}
	if len(set) == 0 {
		return 0, nil
	}
	if qs.limit >= 0 || qs.offset > 0 || len(qs.order) > 0 {
		return 0, fmt.Errorf("orm: %s: Update on a query with OrderBy, Limit or Offset is not supported", qs.m.Name)
	}
	d := qs.q.db().dialect
	var sets []string
	var args []any
	for _, f := range qs.m.Fields {
		v, ok := set[f.Column]
		if !ok {
			v, ok = set[f.Name]
		}
		if !ok {
			continue
		}
		sets = append(sets, d.Quote(f.Column)+" = ?")
		args = append(args, v)
	}
	if len(sets) != len(set) {
		for name := range set {
			if _, ok := qs.m.Field(name); !ok {
				return 0, fmt.Errorf("orm: %s: Update: no field %q", qs.m.Name, name)
			}
		}
		return 0, fmt.Errorf("orm: %s: Update: a field is given twice (by Go name and column)", qs.m.Name)
	}
	where, wargs := qs.whereSQL()
	query := fmt.Sprintf("UPDATE %s SET %s%s", d.Quote(qs.m.Table), strings.Join(sets, ", "), where)
	n, err := qs.exec(ctx, query, append(args, wargs...))
	if ce := unnamedFKError(err); ce != nil {
		// SQLite does not say which column: one of the foreign keys set,
		// or the primary key other rows refer to.
		var fks []*Field
		var vals [][]any
		for _, f := range qs.m.Fields {
			v, ok := set[f.Column]
			if !ok {
				v, ok = set[f.Name]
			}
			if ok && f.FK != nil && v != nil && !isNilPointer(v) {
				fks, vals = append(fks, f), append(vals, []any{v})
			}
		}
		ce.Table = qs.m.Table
		if ce.Column = missingReference(ctx, qs.q, fks, vals); ce.Column == "" && len(fks) == 0 {
			ce.Column = qs.m.PK.Column
		}
	}
	if err != nil {
		return 0, fmt.Errorf("orm: %s: %w", qs.m.Table, err)
	}
	return n, nil
}

// Delete deletes every matched row and returns how many.
func (qs QuerySet[T]) Delete(ctx context.Context) (int64, error) {
	if qs.err != nil {
		return 0, qs.err
	}
	if qs.limit >= 0 || qs.offset > 0 || len(qs.order) > 0 {
		return 0, fmt.Errorf("orm: %s: Delete on a query with OrderBy, Limit or Offset is not supported", qs.m.Name)
	}
	where, args := qs.whereSQL()
	n, err := qs.exec(ctx, fmt.Sprintf("DELETE FROM %s%s", qs.q.db().dialect.Quote(qs.m.Table), where), args)
	if err != nil {
		return 0, fmt.Errorf("orm: %s: %w", qs.m.Table, nameDeletedKey(qs.m, err))
	}
	return n, nil
}

func (qs QuerySet[T]) exec(ctx context.Context, query string, args []any) (int64, error) {
	db := qs.q.db()
	res, err := runWrite(ctx, qs.q, func(x execer) (sql.Result, error) {
		db.logQuery(query, args)
		return x.ExecContext(ctx, rebind(db.dialect, query), args...)
	})
	if err != nil {
		return 0, err // the caller names the table, after naming the column
	}
	return res.RowsAffected()
}

// SQL returns the query's SELECT statement and its values, for logs and
// tests.
func (qs QuerySet[T]) SQL() (string, []any, error) {
	if qs.err != nil {
		return "", nil, qs.err
	}
	q, args := qs.selectSQL(columnList(qs.q.db().dialect, qs.m))
	return q, args, nil
}
