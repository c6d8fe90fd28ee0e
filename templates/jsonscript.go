package templates

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goframe/goframe/internal/pyjson"
)

// json_script.

// filterJSONScript is Django's json_script: value as JSON in a
// <script type="application/json"> element, with <, > and & escaped as
// \u003C, \u003E and \u0026; arg, when given and true, is its id.
func filterJSONScript(_ FilterCall, in, arg any) (any, error) {
	var b strings.Builder
	if truth(arg) {
		b.WriteString(`<script id="`)
		b.WriteString(string(conditionalEscape(arg)))
		b.WriteString(`" type="application/json">`)
	} else {
		b.WriteString(`<script type="application/json">`)
	}
	if err := writePyJSON(&b, in, 0); err != nil {
		return nil, err
	}
	b.WriteString("</script>")
	return SafeString(b.String()), nil
}

// writePyJSON writes v as Python's json.dumps with DjangoJSONEncoder
// would: ", " and ": " separators, non-ASCII as \uXXXX, floats as
// Python's repr, dict keys in their order (a Go map's sorted).
// Structs and other Go values go through encoding/json.
func writePyJSON(b *strings.Builder, v any, depth int) error {
	if depth > 500 {
		return errors.New("ValueError: Circular reference detected")
	}
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
		return nil
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
		return nil
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
		return nil
	case int:
		b.WriteString(strconv.Itoa(x))
		return nil
	case float64:
		switch {
		case math.IsNaN(x):
			b.WriteString("NaN")
		case math.IsInf(x, 1):
			b.WriteString("Infinity")
		case math.IsInf(x, -1):
			b.WriteString("-Infinity")
		default:
			b.WriteString(formatFloat(x))
		}
		return nil
	case string:
		writeJSONString(b, x)
		return nil
	case SafeString:
		writeJSONString(b, string(x))
		return nil
	case *big.Int:
		if x == nil {
			b.WriteString("null")
		} else {
			b.WriteString(x.String())
		}
		return nil
	case time.Time:
		writeJSONString(b, djangoJSONTime(x))
		return nil
	case []any:
		return writeJSONList(b, x, depth)
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return writeJSONObject(b, keys, func(k string) any { return x[k] }, depth)
	case Mapping:
		return writeJSONObject(b, x.Keys(), func(k string) any { r, _ := x.Get(k); return r }, depth)
	case json.Marshaler:
		return writeMarshalled(b, v, depth)
	}
	switch n := normalize(v).(type) {
	case nil, bool, int64, float64, string:
		return writePyJSON(b, n, depth)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		return writePyJSON(b, rv.Elem().Interface(), depth+1)
	case reflect.Slice, reflect.Array:
		if isPyList(v) {
			items, _ := toList(v)
			return writeJSONList(b, items, depth)
		}
	case reflect.Map:
		if rv.Type().Key().Kind() == reflect.String {
			keys := make([]string, 0, rv.Len())
			for _, k := range rv.MapKeys() {
				keys = append(keys, k.String())
			}
			sort.Strings(keys)
			kt := rv.Type().Key()
			return writeJSONObject(b, keys, func(k string) any {
				return rv.MapIndex(reflect.ValueOf(k).Convert(kt)).Interface()
			}, depth)
		}
	}
	return writeMarshalled(b, v, depth)
}

// writeMarshalled writes a Go value through encoding/json (its field
// names and tags, its Marshal methods), re-encoded in Python's style.
func writeMarshalled(b *strings.Builder, v any, depth int) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("TypeError: Object of type %T is not JSON serializable: %w", v, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	decoded, err := decodeJSONValue(dec)
	if err != nil {
		return err
	}
	return writePyJSON(b, decoded, depth+1)
}

// writeJSONList writes a JSON array with Python's ", " separator.
func writeJSONList(b *strings.Builder, items []any, depth int) error {
	b.WriteByte('[')
	for i, it := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		if err := writePyJSON(b, it, depth+1); err != nil {
			return err
		}
	}
	b.WriteByte(']')
	return nil
}

// writeJSONObject writes a JSON object with Python's ", " and ": "
// separators, its keys in the order given.
func writeJSONObject(b *strings.Builder, keys []string, get func(string) any, depth int) error {
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		writeJSONString(b, k)
		b.WriteString(": ")
		if err := writePyJSON(b, get(k), depth+1); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// writeJSONString quotes s as json.dumps(ensure_ascii=True), then
// escapes <, > and & as json_script does.
func writeJSONString(b *strings.Builder, s string) { pyjson.Write(b, s, true) }

// djangoJSONTime is DjangoJSONEncoder's text of a datetime: isoformat
// with milliseconds, "Z" for UTC offsets. Times in time.UTC are the
// engine's naive datetimes and have no offset.
func djangoJSONTime(t time.Time) string {
	s := t.Format("2006-01-02T15:04:05")
	if us := t.Nanosecond() / 1000; us != 0 {
		s += fmt.Sprintf(".%03d", us/1000)
	}
	if t.Location() == time.UTC {
		return s
	}
	if off := t.Format("-07:00"); off != "+00:00" {
		return s + off
	}
	return s + "Z"
}
