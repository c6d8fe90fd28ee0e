package orm

import (
	"context"
	"fmt"
	"reflect"
	"strings"
)

// Preload asks All to load the named relations (Relation fields) of the
// objects it returns: one query per relation, whatever the number of
// objects (Django's select_related/prefetch_related; never N+1). A
// dotted name loads a relation of the related objects too:
// Preload("Posts.Tags").
func (qs QuerySet[T]) Preload(names ...string) QuerySet[T] {
	return qs.with(func(n *QuerySet[T]) {
		for _, name := range names {
			head, _, _ := strings.Cut(name, ".")
			if _, ok := n.m.Relations[head]; !ok {
				n.fail("Preload(%q): no relation field %s (tag one orm:\"rel:FieldID\" or orm:\"reverse:FieldID\")", name, head)
				return
			}
			n.preload = append(n.preload, name)
		}
	})
}

// preloadAll loads the named relations of objs (pointers to m's type).
func preloadAll[T any](ctx context.Context, q Queryer, m *Model, objs []*T, names []string) error {
	vals := make([]reflect.Value, len(objs))
	for i, o := range objs {
		vals[i] = reflect.ValueOf(o).Elem()
	}
	return preloadValues(ctx, q, m, vals, names)
}

// preloadValues groups the names by their first relation and loads each.
func preloadValues(ctx context.Context, q Queryer, m *Model, vals []reflect.Value, names []string) error {
	nested := map[string][]string{}
	var order []string
	for _, name := range names {
		head, rest, _ := strings.Cut(name, ".")
		if _, seen := nested[head]; !seen {
			order = append(order, head)
			nested[head] = nil
		}
		if rest != "" {
			nested[head] = append(nested[head], rest)
		}
	}
	for _, head := range order {
		rel, ok := m.Relations[head]
		if !ok {
			return fmt.Errorf("orm: %s has no relation %s", m.Name, head)
		}
		loaded, target, assign, err := loadRelation(ctx, q, m, rel, vals)
		if err != nil {
			return err
		}
		// Nested relations first: a []Post field holds copies.
		if len(nested[head]) > 0 && len(loaded) > 0 {
			if err := preloadValues(ctx, q, target, loaded, nested[head]); err != nil {
				return err
			}
		}
		assign()
	}
	return nil
}

// keyOf turns a key field's value into a map key that ignores Go's
// integer widths and pointers (AuthorID int64 and ID int match).
func keyOf(v reflect.Value) (any, bool) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil, false
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return int64(v.Uint()), true
	case reflect.String:
		return v.String(), true
	}
	if !v.IsValid() || v.IsZero() {
		return nil, false
	}
	return v.Interface(), true
}

// loadRelation loads one relation for vals and returns the loaded
// objects (addressable struct values), their model, and the function
// that sets the relation fields of vals.
func loadRelation(ctx context.Context, q Queryer, m *Model, rel *Relation, vals []reflect.Value) ([]reflect.Value, *Model, func(), error) {
	target, err := modelOfType(rel.Target)
	if err != nil {
		return nil, nil, nil, err
	}
	var keyField, matchField *Field // the values we have; the column we look up
	if rel.Reverse {
		fk, ok := target.byName[rel.Key]
		if !ok {
			return nil, nil, nil, fmt.Errorf("orm: %s.%s: %s has no field %s", m.Name, rel.Name, target.Name, rel.Key)
		}
		keyField, matchField = m.PK, fk
	} else {
		fk, ok := m.byName[rel.Key]
		if !ok {
			return nil, nil, nil, fmt.Errorf("orm: %s.%s: %s has no field %s", m.Name, rel.Name, m.Name, rel.Key)
		}
		keyField, matchField = fk, target.PK
	}
	var keys []any
	seen := map[any]bool{}
	for _, v := range vals {
		if k, ok := keyOf(v.FieldByIndex(keyField.Index)); ok && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	// Load the related rows, in chunks that stay under the databases'
	// parameter limits.
	byKey := map[any][]reflect.Value{}
	var loaded []reflect.Value
	d := q.db().dialect
	for start := 0; start < len(keys); start += 500 {
		chunk := keys[start:min(start+500, len(keys))]
		query := fmt.Sprintf("SELECT %s FROM %s WHERE %s IN (%s) ORDER BY %s", columnList(d, target), d.Quote(target.Table),
			d.Quote(matchField.Column), strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", "), d.Quote(target.PK.Column))
		rows, err := q.db().query(ctx, q.reader(), query, chunk)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("orm: preloading %s.%s: %w", m.Name, rel.Name, err)
		}
		for rows.Next() {
			p := reflect.New(target.Type)
			if err := scanRow(rows, target, p.Elem()); err != nil {
				rows.Close()
				return nil, nil, nil, fmt.Errorf("orm: preloading %s.%s: %w", m.Name, rel.Name, err)
			}
			k, _ := keyOf(p.Elem().FieldByIndex(matchField.Index))
			byKey[k] = append(byKey[k], p)
			loaded = append(loaded, p.Elem())
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, nil, nil, fmt.Errorf("orm: preloading %s.%s: %w", m.Name, rel.Name, err)
		}
	}
	assign := func() {
		assignRelation(rel, keyField, vals, byKey)
	}
	return loaded, target, assign, nil
}

// assignRelation sets the relation field of each of vals from the
// loaded rows grouped by key.
func assignRelation(rel *Relation, keyField *Field, vals []reflect.Value, byKey map[any][]reflect.Value) {
	for _, v := range vals {
		f := v.FieldByIndex(rel.Index)
		k, ok := keyOf(v.FieldByIndex(keyField.Index))
		found := byKey[k]
		if !ok {
			found = nil
		}
		if !rel.Reverse {
			if len(found) > 0 {
				f.Set(found[0])
			} else {
				f.Set(reflect.Zero(f.Type()))
			}
			continue
		}
		s := reflect.MakeSlice(f.Type(), 0, len(found))
		for _, p := range found {
			if rel.Ptr {
				s = reflect.Append(s, p)
			} else {
				s = reflect.Append(s, p.Elem())
			}
		}
		f.Set(s)
	}
}
