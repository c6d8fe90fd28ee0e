package templates

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// lookup resolves one part of a dotted variable (user.name, items.0) on
// v, in Django's order: a dictionary key, then an attribute (a struct
// field or method, matched as written, capitalised, or by its db/json
// tag name, so that Django's post.created_at finds CreatedAt), then a
// list index. A method or function value found is called, as Django
// calls callables; one that returns an error makes the lookup fail with
// it. found is false when nothing has that name.
func lookup(v any, name string) (out any, found bool, err error) {
	switch x := v.(type) {
	case nil:
		return nil, false, nil
	case map[string]any:
		if r, ok := x[name]; ok {
			return callIfFunc(r)
		}
		return dictMethod(v, name)
	case Mapping:
		if r, ok := x.Get(name); ok {
			return callIfFunc(r)
		}
		return dictMethod(v, name)
	case attrGetter:
		return x.attr(name)
	case dictView:
		return nil, false, nil // Python's dict views have no index
	case []any:
		if i, ok := index(name, len(x)); ok {
			return x[i], true, nil
		}
		return nil, false, nil
	case string:
		rs := []rune(x)
		if i, ok := index(name, len(rs)); ok {
			return string(rs[i]), true, nil
		}
		return nil, false, nil
	case time.Time:
		return timeAttr(x, name)
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Interface {
		rv = rv.Elem()
	}
	switch rv.Kind() {
	case reflect.Map:
		kt := rv.Type().Key()
		var key reflect.Value
		switch kt.Kind() {
		case reflect.String:
			key = reflect.ValueOf(name).Convert(kt)
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if n, err := strconv.ParseInt(name, 10, 64); err == nil {
				key = reflect.New(kt).Elem()
				key.SetInt(n)
			}
		}
		if key.IsValid() {
			if r := rv.MapIndex(key); r.IsValid() {
				return callIfFunc(r.Interface())
			}
		}
		if r, ok, err := methodLookup(rv, name); ok || err != nil {
			return r, ok, err
		}
		return dictMethod(v, name)
	case reflect.Slice, reflect.Array:
		if r, ok, err := methodLookup(rv, name); ok || err != nil {
			return r, ok, err
		}
		if i, ok := index(name, rv.Len()); ok {
			return rv.Index(i).Interface(), true, nil
		}
		return nil, false, nil
	case reflect.Pointer:
		if rv.IsNil() {
			return nil, false, nil
		}
		if r, ok, err := methodLookup(rv, name); ok || err != nil {
			return r, ok, err
		}
		return lookup(rv.Elem().Interface(), name)
	case reflect.Struct:
		info := typeInfoOf(rv.Type())
		if fi, ok := info.field(name); ok {
			f, err := rv.FieldByIndexErr(fi)
			if err != nil {
				return nil, false, nil // through a nil embedded pointer
			}
			return callIfFunc(f.Interface())
		}
		if r, ok, err := methodLookup(rv, name); ok || err != nil {
			return r, ok, err
		}
		// Methods with pointer receivers, on a copy.
		p := reflect.New(rv.Type())
		p.Elem().Set(rv)
		return methodLookup(p, name)
	default:
		return methodLookup(rv, name)
	}
}

// index parses a list index; negative ones count from the end, as in
// Python.
func index(name string, n int) (int, bool) {
	if name == "" || (name[0] != '-' && (name[0] < '0' || name[0] > '9')) {
		return 0, false
	}
	i, err := strconv.Atoi(name)
	if err != nil {
		return 0, false
	}
	if i < 0 {
		i += n
	}
	if i < 0 || i >= n {
		return 0, false
	}
	return i, true
}

// dictMethod gives a mapping Python's dict methods items, keys and values.
func dictMethod(v any, name string) (any, bool, error) {
	switch name {
	case "items", "keys", "values":
	default:
		return nil, false, nil
	}
	keys, _ := toList(v)
	out := make([]any, len(keys))
	for i, k := range keys {
		switch name {
		case "keys":
			out[i] = k
		default:
			val, _, err := lookupKey(v, k)
			if err != nil {
				return nil, false, err
			}
			if name == "values" {
				out[i] = val
			} else {
				out[i] = pyTuple{k, val}
			}
		}
	}
	switch name {
	case "items":
		return dictView{"dict_items", out}, true, nil
	case "keys":
		return dictView{"dict_keys", out}, true, nil
	}
	return dictView{"dict_values", out}, true, nil
}

// pyTuple is a Python tuple, such as a (key, value) pair of d.items: it
// iterates and indexes as a list and prints as ('a', 1).
type pyTuple []any

func (t pyTuple) String() string {
	parts := make([]string, len(t))
	for i, v := range t {
		parts[i] = repr(v)
	}
	if len(t) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// dictView is what Python's dict.items(), keys() and values() return:
// it iterates as a list and prints as dict_items([('a', 1)]).
type dictView struct {
	kind  string
	items []any
}

func (d dictView) String() string { return d.kind + "(" + reprList(d.items) + ")" }

// lookupKey returns m[k] for any kind of mapping.
func lookupKey(m, k any) (any, bool, error) {
	switch x := m.(type) {
	case map[string]any:
		r, ok := x[toStr(k)]
		return r, ok, nil
	case Mapping:
		r, ok := x.Get(toStr(k))
		return r, ok, nil
	}
	rv := reflect.ValueOf(m)
	if rv.Kind() != reflect.Map {
		return nil, false, nil
	}
	kv := reflect.ValueOf(k)
	if !kv.IsValid() || !kv.Type().AssignableTo(rv.Type().Key()) {
		return nil, false, nil
	}
	r := rv.MapIndex(kv)
	if !r.IsValid() {
		return nil, false, nil
	}
	return r.Interface(), true, nil
}

// timeAttr gives time.Time Python's datetime attributes.
func timeAttr(t time.Time, name string) (any, bool, error) {
	switch name {
	case "year":
		return int64(t.Year()), true, nil
	case "month":
		return int64(t.Month()), true, nil
	case "day":
		return int64(t.Day()), true, nil
	case "hour":
		return int64(t.Hour()), true, nil
	case "minute":
		return int64(t.Minute()), true, nil
	case "second":
		return int64(t.Second()), true, nil
	case "microsecond":
		return int64(t.Nanosecond() / 1000), true, nil
	}
	return methodLookup(reflect.ValueOf(t), name)
}

var errorType = reflect.TypeFor[error]()

// methodLookup finds and calls a method without arguments.
func methodLookup(rv reflect.Value, name string) (any, bool, error) {
	if !rv.IsValid() {
		return nil, false, nil
	}
	m := rv.MethodByName(name)
	if !m.IsValid() {
		if n := capitalise(name); n != name {
			m = rv.MethodByName(n)
		}
		if !m.IsValid() {
			if n := camel(name); n != name {
				m = rv.MethodByName(n)
			}
		}
	}
	if !m.IsValid() {
		return nil, false, nil
	}
	return call(m, name)
}

// callIfFunc calls v if it is a function without arguments.
func callIfFunc(v any) (any, bool, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Func || rv.IsNil() {
		return v, true, nil
	}
	return call(rv, "function")
}

// call calls f if it takes no arguments and returns a value, or a value
// and an error. Any other function is not found: Django's call of it
// would fail, and a failed call is string_if_invalid.
func call(f reflect.Value, name string) (any, bool, error) {
	t := f.Type()
	if t.NumIn() != 0 || t.NumOut() == 0 || t.NumOut() > 2 ||
		(t.NumOut() == 2 && !t.Out(1).Implements(errorType)) {
		return nil, false, nil
	}
	var out []reflect.Value
	var perr error
	func() {
		defer func() {
			if r := recover(); r != nil {
				perr = fmt.Errorf("calling %s panicked: %v", name, r)
			}
		}()
		out = f.Call(nil)
	}()
	if perr != nil {
		return nil, false, perr
	}
	if len(out) == 2 && !out[1].IsNil() {
		return nil, false, fmt.Errorf("calling %s: %w", name, out[1].Interface().(error))
	}
	return out[0].Interface(), true, nil
}

// capitalise upper-cases the first letter: Django's title finds Title.
func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// camel turns snake_case into CamelCase: created_at finds CreatedAt.
func camel(s string) string {
	if !strings.Contains(s, "_") {
		return capitalise(s)
	}
	var b strings.Builder
	for part := range strings.SplitSeq(s, "_") {
		b.WriteString(capitalise(part))
	}
	return b.String()
}

// typeInfo lists how a struct type's fields are found by name.
type typeInfo struct {
	exact map[string][]int // Go name and tag names
	loose map[string][]int // lower-case, underscores removed
}

func (ti *typeInfo) field(name string) ([]int, bool) {
	if ix, ok := ti.exact[name]; ok {
		return ix, true
	}
	ix, ok := ti.loose[looseName(name)]
	return ix, ok
}

func looseName(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, "_", ""))
}

// typeInfos caches typeInfo by struct type, as encoding/json caches its
// field lists: types never change, so the cache is safe to share.
var typeInfos sync.Map // reflect.Type -> *typeInfo

func typeInfoOf(t reflect.Type) *typeInfo {
	if ti, ok := typeInfos.Load(t); ok {
		return ti.(*typeInfo)
	}
	ti := &typeInfo{exact: map[string][]int{}, loose: map[string][]int{}}
	fields := reflect.VisibleFields(t)
	sort.SliceStable(fields, func(i, j int) bool { return len(fields[i].Index) < len(fields[j].Index) })
	for _, f := range fields {
		if !f.IsExported() || f.Anonymous && f.Type.Kind() == reflect.Struct {
			continue
		}
		add := func(m map[string][]int, k string) {
			if _, dup := m[k]; !dup && k != "" && k != "-" {
				m[k] = f.Index
			}
		}
		add(ti.exact, f.Name)
		for _, tag := range []string{"db", "json", "template"} {
			if v, ok := f.Tag.Lookup(tag); ok {
				n, _, _ := strings.Cut(v, ",")
				add(ti.exact, n)
			}
		}
		add(ti.loose, looseName(f.Name))
	}
	actual, _ := typeInfos.LoadOrStore(t, ti)
	return actual.(*typeInfo)
}
