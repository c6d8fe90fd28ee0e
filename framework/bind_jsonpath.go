package framework

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// checkJSON walks the JSON value in data against the Go type t, as
// encoding/json would decode it, and names every value of the wrong type
// and every unknown field by its JSON path ("items[1].qty"). encoding/json
// decides whether the body fits; this walk only says where it does not,
// so that the client learns every problem at once. A problem with the
// value as a whole comes back as top.
func checkJSON(data []byte, t reflect.Type) (fields map[string]string, top string) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, ""
	}
	c := jsonChecker{fields: map[string]string{}}
	c.check("", tree, t)
	top = c.fields[""]
	delete(c.fields, "")
	return c.fields, top
}

type jsonChecker struct{ fields map[string]string }

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

func (c *jsonChecker) want(path, want string, v any) {
	c.fields[path] = fmt.Sprintf("want %s, got %s", want, jsonKind(v))
}

func (c *jsonChecker) check(path string, v any, t reflect.Type) {
	if v == nil { // null fits anything
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	pt := reflect.PointerTo(t)
	if pt.Implements(jsonUnmarshalerType) {
		return // its own decoding: nothing to check here
	}
	if pt.Implements(textUnmarshalerType) {
		if _, ok := v.(string); !ok {
			c.want(path, "a string", v)
		}
		return
	}
	switch t.Kind() {
	case reflect.Interface:
		if t.NumMethod() > 0 {
			c.want(path, "nothing (the Go type "+t.String()+" cannot be decoded)", v)
		}
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			c.want(path, "an object", v)
			return
		}
		fields := jsonFields(t)
		for _, key := range sortedKeys(obj) {
			p := joinPath(path, key)
			f, ok := findJSONField(fields, key)
			if !ok {
				c.fields[p] = "unknown field"
				continue
			}
			if f.quoted {
				if _, ok := obj[key].(string); !ok && obj[key] != nil {
					c.want(p, "a string holding "+describeType(f.typ), obj[key])
				}
				continue
			}
			c.check(p, obj[key], f.typ)
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			c.want(path, "an object", v)
			return
		}
		kt := t.Key()
		for _, key := range sortedKeys(obj) {
			p := joinPath(path, key)
			if !reflect.PointerTo(kt).Implements(textUnmarshalerType) && kt.Kind() != reflect.String {
				if !parsesAsInteger(key, kt) {
					c.fields[p] = fmt.Sprintf("want an integer key, got %q", key)
					continue
				}
			}
			c.check(p, obj[key], t.Elem())
		}
	case reflect.Slice, reflect.Array:
		if _, ok := v.(string); ok && t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
			return // []byte from a base64 string
		}
		arr, ok := v.([]any)
		if !ok {
			c.want(path, "an array", v)
			return
		}
		for i, e := range arr {
			c.check(fmt.Sprintf("%s[%d]", path, i), e, t.Elem())
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			c.want(path, "true or false", v)
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			c.want(path, "a string", v)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, ok := v.(json.Number)
		if !ok {
			c.want(path, "an integer", v)
			return
		}
		if !parsesAsInteger(n.String(), t) {
			if strings.ContainsAny(n.String(), ".eE") {
				c.fields[path] = "want an integer, got number " + n.String()
			} else {
				lo, hi := integerRange(t)
				c.fields[path] = fmt.Sprintf("want an integer from %s to %s, got %s", lo, hi, n)
			}
		}
	case reflect.Float32, reflect.Float64:
		n, ok := v.(json.Number)
		if !ok {
			c.want(path, "a number", v)
			return
		}
		if _, err := strconv.ParseFloat(n.String(), t.Bits()); err != nil {
			c.fields[path] = "want a number, got " + n.String() + " (out of range)"
		}
	default:
		c.want(path, "nothing (the Go type "+t.String()+" cannot be decoded)", v)
	}
}

// parsesAsInteger reports whether s is an integer that fits the integer
// type t.
func parsesAsInteger(s string, t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		_, err := strconv.ParseInt(s, 10, t.Bits())
		return err == nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		_, err := strconv.ParseUint(s, 10, t.Bits())
		return err == nil
	}
	return false
}

// integerRange returns the smallest and largest values of the integer
// type t.
func integerRange(t reflect.Type) (lo, hi string) {
	bits := t.Bits()
	switch t.Kind() {
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "0", strconv.FormatUint(math.MaxUint64>>(64-bits), 10)
	}
	return strconv.FormatInt(math.MinInt64>>(64-bits), 10), strconv.FormatInt(math.MaxInt64>>(64-bits), 10)
}

// jsonKind names the kind of a decoded JSON value.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number, float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// describeType names the JSON value that fits the Go type t.
func describeType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return "a string"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "a " + t.String()
}

// joinPath appends a field's name to a JSON path.
func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// jsonField is a struct field as encoding/json sees it.
type jsonField struct {
	name   string
	typ    reflect.Type
	quoted bool // the ",string" option
}

// jsonFields returns the fields encoding/json decodes into for the
// struct type t: exported fields by their json tag name (or Go name),
// with the fields of untagged embedded structs promoted; a shallower
// field hides a deeper one of the same name.
func jsonFields(t reflect.Type) []jsonField {
	var out []jsonField
	seen := map[string]bool{}
	level := []reflect.Type{t}
	visited := map[reflect.Type]bool{}
	for len(level) > 0 {
		var next []reflect.Type
		for _, st := range level {
			if visited[st] {
				continue
			}
			visited[st] = true
			for i := range st.NumField() {
				f := st.Field(i)
				name, opts, skip := jsonFieldName(f)
				if skip {
					continue
				}
				if f.Anonymous && !hasTagName(f, "json") {
					ft := f.Type
					if ft.Kind() == reflect.Pointer {
						ft = ft.Elem()
					}
					if ft.Kind() == reflect.Struct {
						next = append(next, ft)
						continue
					}
					if !f.IsExported() {
						continue
					}
				}
				if !seen[name] {
					seen[name] = true
					out = append(out, jsonField{name: name, typ: f.Type, quoted: strings.Contains(opts, ",string") && isScalar(f.Type)})
				}
			}
		}
		level = next
	}
	return out
}

// jsonFieldName returns the JSON name of a struct field and its tag's
// options; skip is true for fields encoding/json ignores (unexported, or
// tagged "-").
func jsonFieldName(f reflect.StructField) (name, opts string, skip bool) {
	if !f.IsExported() && !f.Anonymous {
		return "", "", true
	}
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", "", true
	}
	name, rest, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	if rest != "" {
		opts = "," + rest
	}
	return name, opts, false
}

func hasTagName(f reflect.StructField, key string) bool {
	name, _, _ := strings.Cut(f.Tag.Get(key), ",")
	return name != "" && name != "-"
}

func isScalar(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

// findJSONField finds the field a key decodes into: the exact name, or
// else one equal under case folding, as encoding/json matches.
func findJSONField(fields []jsonField, key string) (jsonField, bool) {
	for _, f := range fields {
		if f.name == key {
			return f, true
		}
	}
	for _, f := range fields {
		if strings.EqualFold(f.name, key) {
			return f, true
		}
	}
	return jsonField{}, false
}
