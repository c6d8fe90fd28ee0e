package orm

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Model describes a Go struct stored in a table: its columns, primary
// key, indexes and foreign keys, read from the struct's tags:
//
//	type Post struct {
//		ID        int64      `db:"id"`                               // the primary key (named ID, or tagged orm:"pk")
//		Title     string     `db:"title" orm:"size:200;index"`
//		Slug      string     `db:"slug" orm:"unique"`
//		AuthorID  int64      `db:"author_id" orm:"fk:User;on_delete:cascade"`
//		Published *time.Time `db:"published"`                        // a pointer is nullable
//		Views     int        `db:"views" orm:"default:0"`
//		Created   time.Time  `db:"created" orm:"created"`            // set on insert
//		Updated   time.Time  `db:"updated" orm:"updated"`            // set on every save
//	}
//
// The table is the type's name in snake_case (BlogPost → blog_post)
// unless the type has a TableName() string method. A column is the db
// tag, or the field's name in snake_case.
type Model struct {
	// Type is the struct type.
	Type reflect.Type
	// Name is the Go type's name.
	Name string
	// Table is the table's name.
	Table string
	// Fields are the columns, in struct order.
	Fields []*Field
	// PK is the primary-key field.
	PK *Field
	// Relations are the fields that hold related objects, by Go name.
	Relations map[string]*Relation

	byColumn map[string]*Field
	byName   map[string]*Field

	// SQL text that depends only on the model, made once (prepareSQL):
	// both dialects quote identifiers the SQL standard's way.
	sqlTable   string // the table's name, quoted
	sqlColumns string // every column, quoted, in field order
	sqlInsert  string // INSERT of every column but an auto primary key, RETURNING it
	sqlUpdate  string // UPDATE of every column but the key, by key; "" when there is none
	sqlGet     string // SELECT of every column by key (Get)
}

// Field is one column of a Model.
type Field struct {
	// Name is the Go field's name; Column the column's.
	Name, Column string
	// Index is the field's index path in the struct (reflect.FieldByIndex).
	Index []int
	// Type is the Go type.
	Type reflect.Type
	// PK marks the primary key; Auto an integer key the database assigns.
	PK, Auto bool
	// Unique and Indexed ask for a unique or plain index.
	Unique, Indexed bool
	// Null allows NULL (pointer and sql.Null* fields, or orm:"null").
	Null bool
	// Default is the column's SQL default as written in the tag ("" for none).
	Default string
	// HasDefault tells a default from an empty one.
	HasDefault bool
	// Size bounds a text column (VARCHAR(size)); 0 is unbounded.
	Size int
	// FK is the foreign key, or nil.
	FK *ForeignKey
	// Created and Updated are timestamps the ORM sets on insert and on
	// every save.
	Created, Updated bool

	manualPK bool   // orm:"pk;noauto": the application assigns the key
	sqlName  string // the column's name, quoted
}

// ForeignKey is a column referring to another model's primary key.
type ForeignKey struct {
	// Model is the referenced model's Go type name, as tagged.
	Model string
	// Table and Column are filled when the model is registered.
	Table, Column string
	// OnDelete is CASCADE, RESTRICT, SET NULL, SET DEFAULT or NO ACTION
	// (Django's CASCADE, PROTECT, SET_NULL, SET_DEFAULT, DO_NOTHING).
	OnDelete string
}

// Relation is a field holding related objects, loaded by Preload:
//
//	Author *User       `orm:"rel:AuthorID"`     // forward: the row AuthorID refers to
//	Posts  []*BlogPost `orm:"reverse:AuthorID"`  // reverse: the rows whose AuthorID refers to this one
type Relation struct {
	// Name is the Go field's name; Index its index path.
	Name  string
	Index []int
	// Target is the related model's struct type.
	Target reflect.Type
	// Reverse is set for a reverse set (a slice); Key is the foreign-key
	// field's Go name, on this model (forward) or on Target (reverse).
	Reverse bool
	Key     string
	// Ptr tells whether the field holds pointers (*User, []*Post).
	Ptr bool
}

// FieldByColumn returns the field stored in column.
func (m *Model) FieldByColumn(column string) (*Field, bool) {
	f, ok := m.byColumn[column]
	return f, ok
}

// Field returns the field with a Go name or column name.
func (m *Model) Field(name string) (*Field, bool) {
	if f, ok := m.byColumn[name]; ok {
		return f, true
	}
	f, ok := m.byName[name]
	return f, ok
}

// models caches Model descriptions by type, as encoding/json caches its
// field lists: a type's description never changes.
var models sync.Map // reflect.Type -> *Model or error

// ModelOf describes the struct type T (or *T).
func ModelOf[T any]() (*Model, error) {
	return modelOfType(reflect.TypeFor[T]())
}

func modelOfType(t reflect.Type) (*Model, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if v, ok := models.Load(t); ok {
		if err, isErr := v.(error); isErr {
			return nil, err
		}
		return v.(*Model), nil
	}
	m, err := describe(t)
	if err != nil {
		models.Store(t, err)
		return nil, err
	}
	v, _ := models.LoadOrStore(t, m)
	return v.(*Model), nil
}

// tableNamer is implemented by models that choose their table's name.
type tableNamer interface{ TableName() string }

var (
	timeType    = reflect.TypeFor[time.Time]()
	scannerType = reflect.TypeFor[sql.Scanner]()
	valuerType  = reflect.TypeFor[driver.Valuer]()
	bytesType   = reflect.TypeFor[[]byte]()
)

func describe(t reflect.Type) (*Model, error) {
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("orm: %s is not a struct", t)
	}
	m := &Model{Type: t, Name: t.Name(), byColumn: map[string]*Field{}, byName: map[string]*Field{}, Relations: map[string]*Relation{}}
	if m.Name == "" {
		return nil, fmt.Errorf("orm: %s: a model must be a named struct type", t)
	}
	m.Table = snakeCase(m.Name)
	if tn, ok := reflect.New(t).Interface().(tableNamer); ok {
		m.Table = tn.TableName()
	} else if tn, ok := reflect.Zero(t).Interface().(tableNamer); ok {
		m.Table = tn.TableName()
	}
	if !validIdent(m.Table) {
		return nil, fmt.Errorf("orm: model %s: table name %q is not a plain identifier (letters, digits, _)", m.Name, m.Table)
	}
	if err := collectFields(m, t, nil); err != nil {
		return nil, err
	}
	if len(m.Fields) == 0 {
		return nil, fmt.Errorf("orm: model %s has no columns (exported fields)", m.Name)
	}
	if m.PK == nil {
		if f, ok := m.byName["ID"]; ok {
			f.PK = true
			m.PK = f
		} else {
			return nil, fmt.Errorf("orm: model %s has no primary key: name a field ID or tag one orm:\"pk\"", m.Name)
		}
	}
	if m.PK.Null {
		return nil, fmt.Errorf("orm: model %s: primary key %s cannot be nullable", m.Name, m.PK.Name)
	}
	switch m.PK.Type.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		m.PK.Auto = !m.PK.manualPK
	}
	m.prepareSQL()
	return m, nil
}

// prepareSQL makes the model's fixed SQL text, so that the common
// statements are not built again on every call.
func (m *Model) prepareSQL() {
	m.sqlTable = quoteIdent(m.Table)
	var cols, ins, marks, sets []string
	for _, f := range m.Fields {
		f.sqlName = quoteIdent(f.Column)
		cols = append(cols, f.sqlName)
		if !(f.PK && f.Auto) {
			ins = append(ins, f.sqlName)
			marks = append(marks, "?")
		}
		if !f.PK {
			sets = append(sets, f.sqlName+" = ?")
		}
	}
	m.sqlColumns = strings.Join(cols, ", ")
	m.sqlGet = "SELECT " + m.sqlColumns + " FROM " + m.sqlTable + " WHERE " + m.PK.sqlName + " = ? LIMIT 2"
	if len(ins) == 0 {
		m.sqlInsert = "INSERT INTO " + m.sqlTable + " DEFAULT VALUES RETURNING " + m.PK.sqlName
	} else {
		m.sqlInsert = "INSERT INTO " + m.sqlTable + " (" + strings.Join(ins, ", ") + ") VALUES (" +
			strings.Join(marks, ", ") + ") RETURNING " + m.PK.sqlName
	}
	if len(sets) > 0 {
		m.sqlUpdate = "UPDATE " + m.sqlTable + " SET " + strings.Join(sets, ", ") + " WHERE " + m.PK.sqlName + " = ?"
	}
}

func collectFields(m *Model, t reflect.Type, index []int) error {
	for i := range t.NumField() {
		sf := t.Field(i)
		idx := append(append([]int(nil), index...), i)
		if rel, ok, err := relationOf(m, sf, idx); err != nil {
			return err
		} else if ok {
			m.Relations[rel.Name] = rel
			continue
		}
		dbTag, hasDB := sf.Tag.Lookup("db")
		if dbTag == "-" || !sf.IsExported() && !sf.Anonymous {
			continue
		}
		if sf.Anonymous && sf.Type.Kind() == reflect.Struct && !hasDB && !isScalar(sf.Type) {
			if err := collectFields(m, sf.Type, idx); err != nil {
				return err
			}
			continue
		}
		if !sf.IsExported() {
			continue
		}
		f := &Field{Name: sf.Name, Column: dbTag, Index: idx, Type: sf.Type}
		if f.Column == "" {
			f.Column = snakeCase(sf.Name)
		}
		if !validIdent(f.Column) {
			return fmt.Errorf("orm: model %s: field %s: column name %q is not a plain identifier", m.Name, sf.Name, f.Column)
		}
		if !isScalar(sf.Type) {
			return fmt.Errorf("orm: model %s: field %s: type %s cannot be stored in a column (use db:\"-\" to leave it out)", m.Name, sf.Name, sf.Type)
		}
		f.Null = sf.Type.Kind() == reflect.Pointer || isNullType(sf.Type)
		if err := parseORMTag(m, f, sf.Tag.Get("orm")); err != nil {
			return err
		}
		if _, dup := m.byColumn[f.Column]; dup {
			return fmt.Errorf("orm: model %s: column %q used by two fields", m.Name, f.Column)
		}
		if f.PK {
			if m.PK != nil {
				return fmt.Errorf("orm: model %s: two primary keys (%s and %s)", m.Name, m.PK.Name, f.Name)
			}
			m.PK = f
		}
		m.Fields = append(m.Fields, f)
		m.byColumn[f.Column] = f
		m.byName[f.Name] = f
	}
	return nil
}

// relationOf reads a relation field (orm:"rel:Key" or orm:"reverse:Key").
func relationOf(m *Model, sf reflect.StructField, idx []int) (*Relation, bool, error) {
	tag := sf.Tag.Get("orm")
	var key string
	reverse := false
	for opt := range strings.SplitSeq(tag, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(opt), ":")
		switch k {
		case "rel":
			key = strings.TrimSpace(v)
		case "reverse":
			key, reverse = strings.TrimSpace(v), true
		}
	}
	if key == "" {
		return nil, false, nil
	}
	fail := func(format string, args ...any) (*Relation, bool, error) {
		return nil, false, fmt.Errorf("orm: model %s: field %s: %s", m.Name, sf.Name, fmt.Sprintf(format, args...))
	}
	if !sf.IsExported() {
		return fail("a relation field must be exported")
	}
	r := &Relation{Name: sf.Name, Index: idx, Reverse: reverse, Key: key}
	t := sf.Type
	if reverse {
		if t.Kind() != reflect.Slice {
			return fail("orm:\"reverse:%s\" needs a slice of a model ([]*Post), not %s", key, t)
		}
		t = t.Elem()
	}
	if t.Kind() == reflect.Pointer {
		r.Ptr = true
		t = t.Elem()
	} else if !reverse {
		return fail("orm:\"rel:%s\" needs a pointer to a model (*User), not %s", key, sf.Type)
	}
	if t.Kind() != reflect.Struct {
		return fail("a relation holds a model struct, not %s", t)
	}
	r.Target = t
	return r, true, nil
}

// parseORMTag reads `orm:"pk;noauto;unique;index;null;default:0;size:200;
// fk:User;on_delete:cascade;created;updated"`.
func parseORMTag(m *Model, f *Field, tag string) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("orm: model %s: field %s: %s", m.Name, f.Name, fmt.Sprintf(format, args...))
	}
	onDelete := ""
	for opt := range strings.SplitSeq(tag, ";") {
		opt = strings.TrimSpace(opt)
		if opt == "" {
			continue
		}
		key, val, hasVal := strings.Cut(opt, ":")
		key = strings.TrimSpace(key)
		val = strings.TrimSpace(val)
		noVal := func() error {
			if hasVal {
				return fail("orm tag option %q takes no value", key)
			}
			return nil
		}
		switch key {
		case "pk":
			f.PK = true
			if err := noVal(); err != nil {
				return err
			}
		case "noauto":
			f.manualPK = true
			if err := noVal(); err != nil {
				return err
			}
		case "unique":
			f.Unique = true
			if err := noVal(); err != nil {
				return err
			}
		case "index":
			f.Indexed = true
			if err := noVal(); err != nil {
				return err
			}
		case "null":
			if isBytes(f.Type) {
				f.Null = true // a nil slice is NULL
			}
			if !f.Null {
				return fail("orm:\"null\" needs a pointer, []byte or sql.Null* type to hold NULL, not %s", f.Type)
			}
		case "default":
			if !hasVal {
				return fail("orm tag default needs a value (default:0, default:'text')")
			}
			f.Default, f.HasDefault = val, true
		case "size":
			n, err := strconv.Atoi(val)
			if err != nil || n <= 0 {
				return fail("orm tag size:%s is not a positive number", val)
			}
			if baseKind(f.Type) != reflect.String {
				return fail("orm tag size applies to strings, not %s", f.Type)
			}
			f.Size = n
		case "fk":
			if val == "" {
				return fail("orm tag fk needs the referenced model (fk:User)")
			}
			f.FK = &ForeignKey{Model: val, OnDelete: "CASCADE"}
		case "on_delete":
			switch strings.ToLower(val) {
			case "cascade":
				onDelete = "CASCADE"
			case "protect", "restrict":
				onDelete = "RESTRICT"
			case "set_null":
				onDelete = "SET NULL"
			case "set_default":
				onDelete = "SET DEFAULT"
			case "do_nothing", "no_action":
				onDelete = "NO ACTION"
			default:
				return fail("orm tag on_delete:%s: want cascade, protect, restrict, set_null, set_default or do_nothing", val)
			}
		case "created", "updated":
			if baseType(f.Type) != timeType {
				return fail("orm tag %s needs a time.Time field, not %s", key, f.Type)
			}
			f.Created = key == "created"
			f.Updated = key == "updated"
		default:
			return fail("unknown orm tag option %q (want pk, unique, index, null, default, size, fk, on_delete, created, updated)", key)
		}
	}
	if onDelete != "" {
		if f.FK == nil {
			return fail("orm tag on_delete without fk")
		}
		if onDelete == "SET NULL" && !f.Null {
			return fail("on_delete:set_null needs a nullable field (a pointer)")
		}
		f.FK.OnDelete = onDelete
	}
	return nil
}

// isScalar reports types a column holds: numbers, strings, bools, bytes,
// times, pointers to them, and Scanner/Valuer types.
func isScalar(t reflect.Type) bool {
	if t.Implements(valuerType) || reflect.PointerTo(t).Implements(scannerType) {
		return true
	}
	if isBytes(t) || t == timeType {
		return true
	}
	if t.Kind() == reflect.Pointer {
		return isScalar(t.Elem())
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// isBytes reports []byte and named byte-slice types (json.RawMessage).
func isBytes(t reflect.Type) bool {
	return t == bytesType || t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8
}

// isNullType reports database/sql's Null types (sql.NullString, sql.Null[T]).
func isNullType(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.PkgPath() == "database/sql" && strings.HasPrefix(t.Name(), "Null")
}

func baseType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func baseKind(t reflect.Type) reflect.Kind { return baseType(t).Kind() }

// snakeCase turns a Go name into snake_case: BlogPost → blog_post,
// AuthorID → author_id, HTTPServer → http_server.
func snakeCase(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) ||
				i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// validIdent accepts the identifiers goframe writes into SQL: letters,
// digits and underscores, not starting with a digit.
func validIdent(s string) bool {
	if s == "" || len(s) > 63 {
		return false
	}
	for i, r := range s {
		if r == '_' || r < 128 && unicode.IsLetter(r) || i > 0 && r < 128 && unicode.IsDigit(r) {
			continue
		}
		return false
	}
	return true
}
