package orm

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// bulkChunk bounds the rows of one INSERT statement, under SQLite's and
// PostgreSQL's limits on bound parameters.
const bulkChunk = 200

// BulkInsert inserts objs with one statement per chunk of rows (Django's
// bulk_create) and sets their auto-increment primary keys and timestamps
// as Insert does. Either all objects have their primary key set or none.
func BulkInsert[T any](ctx context.Context, q Queryer, objs []*T) error {
	m, err := ModelOf[T]()
	if err != nil {
		return err
	}
	if err := checkQueryer(q); err != nil {
		return fmt.Errorf("orm: BulkInsert into %s: %w", m.Table, err)
	}
	if len(objs) == 0 {
		return nil
	}
	if i := slices.Index(objs, nil); i >= 0 {
		return fmt.Errorf("orm: BulkInsert into %s: object %d of %d is nil", m.Table, i, len(objs))
	}
	withPK := !m.PK.Auto
	if m.PK.Auto {
		set := 0
		for _, o := range objs {
			if !reflect.ValueOf(o).Elem().FieldByIndex(m.PK.Index).IsZero() {
				set++
			}
		}
		if set != 0 && set != len(objs) {
			return fmt.Errorf("orm: BulkInsert into %s: %d of %d objects have a primary key: set all or none", m.Table, set, len(objs))
		}
		withPK = set == len(objs)
	}
	d := q.db().dialect
	var fields []*Field
	var cols []string
	for _, f := range m.Fields {
		if f.PK && !withPK {
			continue
		}
		fields = append(fields, f)
		cols = append(cols, d.Quote(f.Column))
	}
	if len(fields) == 0 {
		return errors.New("orm: BulkInsert: the model has only an auto primary key")
	}
	t := now()
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(fields)), ", ") + ")"
	for start := 0; start < len(objs); start += bulkChunk {
		chunk := objs[start:min(start+bulkChunk, len(objs))]
		args := make([]any, 0, len(chunk)*len(fields))
		for _, o := range chunk {
			v := reflect.ValueOf(o).Elem()
			for _, f := range fields {
				fv := v.FieldByIndex(f.Index)
				if f.Created && fv.IsZero() || f.Updated {
					setTime(fv, t)
				}
				args = append(args, fv.Interface())
			}
		}
		query := fmt.Sprintf("INSERT INTO %s (%s) VALUES %s RETURNING %s", d.Quote(m.Table), strings.Join(cols, ", "),
			strings.TrimSuffix(strings.Repeat(row+", ", len(chunk)), ", "), d.Quote(m.PK.Column))
		q.db().logQuery(query, args)
		_, err := runWrite(ctx, q, func(x execer) (struct{}, error) {
			rows, err := x.QueryContext(ctx, rebind(d, query), args...)
			if err != nil {
				return struct{}{}, err
			}
			defer rows.Close()
			i := 0
			for rows.Next() {
				if i >= len(chunk) {
					return struct{}{}, errors.New("more keys returned than rows inserted")
				}
				pk := reflect.ValueOf(chunk[i]).Elem().FieldByIndex(m.PK.Index)
				if err := rows.Scan(pk.Addr().Interface()); err != nil {
					return struct{}{}, err
				}
				i++
			}
			return struct{}{}, rows.Err()
		})
		if err != nil {
			rows := make([]reflect.Value, len(chunk))
			for i, o := range chunk {
				rows[i] = reflect.ValueOf(o).Elem()
			}
			return fmt.Errorf("orm: bulk inserting into %s: %w", m.Table, nameFKColumn(ctx, q, m, rows, err))
		}
	}
	return nil
}

// ErrPageOutOfRange is returned by Paginate for a page number before the
// first or after the last page (Django's EmptyPage).
var ErrPageOutOfRange = errors.New("orm: page out of range")

// Page is one page of a query's results (Django's Paginator and Page).
type Page[T any] struct {
	// Items are the page's rows.
	Items []*T
	// Number is the page's number, from 1; PerPage the page size.
	Number, PerPage int
	// Count is the number of rows in all pages; NumPages the number of
	// pages (at least 1: an empty result has one empty page).
	Count    int64
	NumPages int
}

// HasNext reports whether a page follows this one.
func (p *Page[T]) HasNext() bool { return p.Number < p.NumPages }

// HasPrevious reports whether a page comes before this one.
func (p *Page[T]) HasPrevious() bool { return p.Number > 1 }

// NextNumber is the next page's number (valid when HasNext).
func (p *Page[T]) NextNumber() int { return p.Number + 1 }

// PreviousNumber is the previous page's number (valid when HasPrevious).
func (p *Page[T]) PreviousNumber() int { return p.Number - 1 }

// StartIndex is the 1-based index of the page's first row in the whole
// result (0 when there are no rows), as Django's start_index.
func (p *Page[T]) StartIndex() int64 {
	if p.Count == 0 {
		return 0
	}
	return int64(p.PerPage)*int64(p.Number-1) + 1
}

// EndIndex is the 1-based index of the page's last row.
func (p *Page[T]) EndIndex() int64 {
	if p.Number == p.NumPages {
		return p.Count
	}
	return int64(p.Number) * int64(p.PerPage)
}

// Paginate returns page number (from 1) of qs with perPage rows a page:
// two queries, a count and the page's rows. A number outside 1..NumPages
// is ErrPageOutOfRange; an empty result has one empty page 1.
func Paginate[T any](ctx context.Context, qs QuerySet[T], number, perPage int) (*Page[T], error) {
	if perPage <= 0 {
		return nil, fmt.Errorf("orm: Paginate: perPage %d must be positive", perPage)
	}
	count, err := qs.Count(ctx)
	if err != nil {
		return nil, err
	}
	pages := int((count + int64(perPage) - 1) / int64(perPage))
	if pages == 0 {
		pages = 1
	}
	if number < 1 || number > pages {
		return nil, fmt.Errorf("%w: page %d of %d", ErrPageOutOfRange, number, pages)
	}
	items, err := qs.Offset((number - 1) * perPage).Limit(perPage).All(ctx)
	if err != nil {
		return nil, err
	}
	return &Page[T]{Items: items, Number: number, PerPage: perPage, Count: count, NumPages: pages}, nil
}
