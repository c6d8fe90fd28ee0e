package templates

import (
	"fmt"
	"math"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// SafeString is a string marked safe for HTML: it is written as it is,
// never escaped (Django's SafeString, mark_safe). Filters that keep
// safety (Django's is_safe) return a SafeString for a SafeString input.
type SafeString string

// Mapping is a dictionary with an order, as a Python dict: the engine
// iterates its keys in the order Keys gives. Plain Go maps work too;
// their keys are iterated sorted.
type Mapping interface {
	// Keys returns the keys in iteration order.
	Keys() []string
	// Get returns the value of key and whether the key is present.
	Get(key string) (any, bool)
}

// attrGetter is implemented by the engine's own values (forloop, block,
// regroup groups) for fast attribute lookups.
type attrGetter interface {
	attr(name string) (any, bool, error)
}

// isSafe reports whether v is marked safe.
func isSafe(v any) bool {
	_, ok := v.(SafeString)
	return ok
}

// truth is Python's truthiness, as Django's {% if %} uses it.
func truth(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case SafeString:
		return x != ""
	case int:
		return x != 0
	case int64:
		return x != 0
	case float64:
		return x != 0
	case []any:
		return len(x) > 0
	case map[string]any:
		return len(x) > 0
	case Mapping:
		return len(x.Keys()) > 0
	case dictView:
		return len(x.items) > 0
	case time.Time:
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return false
		}
		return truth(rv.Elem().Interface())
	case reflect.Bool:
		return rv.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return rv.Uint() != 0
	case reflect.Float32, reflect.Float64:
		return rv.Float() != 0
	case reflect.String, reflect.Slice, reflect.Map, reflect.Array, reflect.Chan:
		if rv.Kind() != reflect.Array && rv.IsNil() && rv.Kind() != reflect.String {
			return false
		}
		return rv.Len() > 0
	case reflect.Func:
		return !rv.IsNil()
	}
	return true
}

// normalize turns Go's many numeric and string kinds into the few the
// engine computes with: int64, float64, string, bool. Other values are
// returned unchanged.
func normalize(v any) any {
	switch x := v.(type) {
	case nil, bool, string, SafeString, int64, float64, time.Time, []any, map[string]any:
		return v
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case float32:
		return float64(x)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if u > math.MaxInt64 {
			return float64(u)
		}
		return int64(u)
	case reflect.Float32, reflect.Float64:
		return rv.Float()
	case reflect.Bool:
		return rv.Bool()
	case reflect.String:
		if _, ok := v.(fmt.Stringer); !ok {
			return rv.String()
		}
	case reflect.Pointer:
		if rv.IsNil() {
			return nil
		}
	}
	return v
}

// toInt converts v as Python's int() would for the engine's purposes:
// integers, integral floats (truncated), and strings holding an integer.
func toInt(v any) (int64, bool) {
	switch x := normalize(v).(type) {
	case int64:
		return x, true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, false
		}
		return int64(x), true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		return n, err == nil
	case SafeString:
		n, err := strconv.ParseInt(strings.TrimSpace(string(x)), 10, 64)
		return n, err == nil
	}
	return 0, false
}

// toFloat converts v as Python's float() would.
func toFloat(v any) (float64, bool) {
	switch x := normalize(v).(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case string:
		return parsePyFloat(x)
	case SafeString:
		return parsePyFloat(string(x))
	}
	return 0, false
}

func parsePyFloat(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "nan", "+nan", "-nan":
		return math.NaN(), true
	case "inf", "+inf", "infinity", "+infinity":
		return math.Inf(1), true
	case "-inf", "-infinity":
		return math.Inf(-1), true
	}
	if strings.ContainsAny(s, "xXpP_") {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// isNumber reports whether v is an integer or a float (not a bool).
func isNumber(v any) bool {
	switch normalize(v).(type) {
	case int64, float64:
		return true
	}
	return false
}

// toStr is Python's str() of v, the text the engine prints for it.
func toStr(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case SafeString:
		return string(x)
	case nil:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return formatFloat(x)
	case time.Time:
		return formatDateTime(x)
	case []any:
		return reprList(x)
	case map[string]any:
		return reprMap(x)
	case fmt.Stringer:
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
			return "None"
		}
		return x.String()
	case error:
		return x.Error()
	case Mapping:
		return reprMapping(x)
	}
	switch n := normalize(v).(type) {
	case nil:
		return "None"
	case int64:
		return strconv.FormatInt(n, 10)
	case float64:
		return formatFloat(n)
	case bool:
		return toStr(n)
	case string:
		return n
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		if b, ok := v.([]byte); ok {
			return string(b)
		}
		items := make([]any, rv.Len())
		for i := range items {
			items[i] = rv.Index(i).Interface()
		}
		return reprList(items)
	case reflect.Map:
		var b strings.Builder
		b.WriteByte('{')
		keys := sortedMapKeys(rv)
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(repr(k.Interface()))
			b.WriteString(": ")
			b.WriteString(repr(rv.MapIndex(k).Interface()))
		}
		b.WriteByte('}')
		return b.String()
	case reflect.Pointer:
		if !rv.IsNil() {
			return toStr(rv.Elem().Interface())
		}
		return "None"
	case reflect.Func:
		return "<function>"
	}
	return fmt.Sprint(v)
}

// formatDateTime is Python's str() of a naive datetime.
func formatDateTime(t time.Time) string {
	if t.Nanosecond()/1000 != 0 {
		return t.Format("2006-01-02 15:04:05.000000")
	}
	return t.Format("2006-01-02 15:04:05")
}

// formatFloat is Python's repr() of a float: the shortest text that reads
// back the same, with ".0" on integral values and an exponent outside
// 1e-4 <= |f| < 1e16.
func formatFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	if f == 0 {
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	if exp < -4 || exp >= 16 {
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		return fmt.Sprintf("%se%s%02d", mant, sign, exp)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// repr is Python's repr() of v, as it appears inside a printed list.
func repr(v any) string {
	switch x := v.(type) {
	case string:
		return reprString(x)
	case SafeString:
		return reprString(string(x))
	case time.Time:
		s := fmt.Sprintf("datetime.datetime(%d, %d, %d, %d, %d", x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute())
		if x.Second() != 0 || x.Nanosecond() != 0 {
			s += fmt.Sprintf(", %d", x.Second())
		}
		if us := x.Nanosecond() / 1000; us != 0 {
			s += fmt.Sprintf(", %d", us)
		}
		return s + ")"
	}
	if n := normalize(v); n != nil {
		if s, ok := n.(string); ok {
			if _, isStringer := v.(fmt.Stringer); !isStringer {
				return reprString(s)
			}
		}
	}
	return toStr(v)
}

// reprString quotes s as Python's repr does.
func reprString(s string) string {
	q := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		q = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(q):
			b.WriteByte('\\')
			b.WriteByte(q)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r != ' ' && (unicode.In(r, unicode.C, unicode.Z) || r == utf8.RuneError):
			// Python's repr escapes what str.isprintable() rejects.
			switch {
			case r < 0x100:
				fmt.Fprintf(&b, `\x%02x`, r)
			case r < 0x10000:
				fmt.Fprintf(&b, `\u%04x`, r)
			default:
				fmt.Fprintf(&b, `\U%08x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

func reprList(items []any) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, it := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(repr(it))
	}
	b.WriteByte(']')
	return b.String()
}

func reprMap(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(reprString(k))
		b.WriteString(": ")
		b.WriteString(repr(m[k]))
	}
	b.WriteByte('}')
	return b.String()
}

func reprMapping(m Mapping) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range m.Keys() {
		if i > 0 {
			b.WriteString(", ")
		}
		v, _ := m.Get(k)
		b.WriteString(reprString(k))
		b.WriteString(": ")
		b.WriteString(repr(v))
	}
	b.WriteByte('}')
	return b.String()
}

func sortedMapKeys(rv reflect.Value) []reflect.Value {
	keys := rv.MapKeys()
	sort.Slice(keys, func(i, j int) bool {
		return lessValues(keys[i].Interface(), keys[j].Interface())
	})
	return keys
}

// lessValues orders map keys and sort keys: numbers numerically, strings
// by code point, others by their text.
func lessValues(a, b any) bool {
	if c, ok := compare(a, b); ok {
		return c < 0
	}
	return toStr(a) < toStr(b)
}

// escapeHTML is Django's escape(): & < > " ' become entities.
func escapeHTML(s string) string {
	i := strings.IndexAny(s, "&<>\"'")
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for _, c := range []byte(s[i:]) {
		switch c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#x27;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// display is the text written for {{ v }}: escaped unless v is safe or
// autoescaping is off.
func display(v any, autoescape bool) string {
	switch x := v.(type) {
	case SafeString:
		return string(x)
	case string:
		if autoescape {
			return escapeHTML(x)
		}
		return x
	}
	s := toStr(v)
	if autoescape {
		return escapeHTML(s)
	}
	return s
}

// conditionalEscape is Django's conditional_escape: escape unless safe.
func conditionalEscape(v any) SafeString {
	if s, ok := v.(SafeString); ok {
		return s
	}
	return SafeString(escapeHTML(toStr(v)))
}

// compare orders a and b as Python would: numbers (and bools) by value,
// strings by code point, times by instant, lists element-wise. ok is
// false when Python would raise a TypeError.
func compare(a, b any) (int, bool) {
	a, b = normalize(a), normalize(b)
	if c, ok, isBig := compareBig(a, b); isBig {
		return c, ok
	}
	switch x := a.(type) {
	case int64:
		switch y := b.(type) {
		case int64:
			return cmpOrdered(x, y), true
		case float64:
			return cmpFloat(float64(x), y), true
		case bool:
			return cmpOrdered(x, boolInt(y)), true
		}
	case float64:
		switch y := b.(type) {
		case int64:
			return cmpFloat(x, float64(y)), true
		case float64:
			return cmpFloat(x, y), true
		case bool:
			return cmpFloat(x, float64(boolInt(y))), true
		}
	case bool:
		switch y := b.(type) {
		case bool:
			return cmpOrdered(boolInt(x), boolInt(y)), true
		case int64:
			return cmpOrdered(boolInt(x), y), true
		case float64:
			return cmpFloat(float64(boolInt(x)), y), true
		}
	case string:
		if y, ok := stringOf(b); ok {
			return strings.Compare(x, y), true
		}
	case SafeString:
		if y, ok := stringOf(b); ok {
			return strings.Compare(string(x), y), true
		}
	case time.Time:
		if y, ok := b.(time.Time); ok {
			return x.Compare(y), true
		}
	case []any:
		if y, ok := b.([]any); ok {
			for i := 0; i < len(x) && i < len(y); i++ {
				if equal(x[i], y[i]) {
					continue
				}
				return compare(x[i], y[i])
			}
			return cmpOrdered(len(x), len(y)), true
		}
	}
	return 0, false
}

func stringOf(v any) (string, bool) {
	switch s := v.(type) {
	case string:
		return s, true
	case SafeString:
		return string(s), true
	}
	return "", false
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func cmpOrdered[T int | int64 | string](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	case a == b:
		return 0
	}
	return 2 // NaN: neither less, greater nor equal
}

// equal is Python's ==.
func equal(a, b any) bool {
	a, b = normalize(a), normalize(b)
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if c, ok := compare(a, b); ok {
		return c == 0
	}
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !equal(v, w) {
				return false
			}
		}
		return true
	}
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	if ta != tb || !ta.Comparable() {
		return false
	}
	return a == b
}

// length is Python's len(); ok is false for values without one.
func length(v any) (int, bool) {
	switch x := v.(type) {
	case string:
		return len([]rune(x)), true
	case SafeString:
		return len([]rune(string(x))), true
	case []any:
		return len(x), true
	case map[string]any:
		return len(x), true
	case Mapping:
		return len(x.Keys()), true
	case dictView:
		return len(x.items), true
	case pyTuple:
		return len(x), true
	case fmt.Stringer:
		return 0, false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return len([]rune(rv.String())), true
	case reflect.Slice, reflect.Array, reflect.Map, reflect.Chan:
		return rv.Len(), true
	case reflect.Pointer:
		if !rv.IsNil() && rv.Elem().Kind() == reflect.Array {
			return rv.Elem().Len(), true
		}
	}
	return 0, false
}

// contains is Python's `item in container`; ok is false when Python
// would raise a TypeError.
func contains(container, item any) (bool, bool) {
	switch c := container.(type) {
	case string, SafeString:
		s, _ := stringOf(c)
		sub, ok := stringOf(normalize(item))
		if !ok {
			return false, false
		}
		return strings.Contains(s, sub), true
	case []any:
		for _, x := range c {
			if equal(x, item) {
				return true, true
			}
		}
		return false, true
	case dictView:
		return contains(c.items, item)
	case map[string]any:
		k, ok := stringOf(normalize(item))
		if !ok {
			return false, true
		}
		_, found := c[k]
		return found, true
	case Mapping:
		k, ok := stringOf(normalize(item))
		if !ok {
			return false, true
		}
		_, found := c.Get(k)
		return found, true
	case nil:
		return false, false
	}
	rv := reflect.ValueOf(container)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		for i := 0; i < rv.Len(); i++ {
			if equal(rv.Index(i).Interface(), item) {
				return true, true
			}
		}
		return false, true
	case reflect.Map:
		kv := reflect.ValueOf(item)
		if !kv.IsValid() {
			return false, true
		}
		kt := rv.Type().Key()
		if kv.Type().ConvertibleTo(kt) && (kv.Kind() == kt.Kind() || isNumber(item) == (kt.Kind() != reflect.String)) {
			return rv.MapIndex(kv.Convert(kt)).IsValid(), true
		}
		return false, true
	case reflect.String:
		sub, ok := stringOf(normalize(item))
		if !ok {
			return false, false
		}
		return strings.Contains(rv.String(), sub), true
	}
	return false, false
}

// toList returns the elements of v as Django's {% for %} sees them:
// list items, a string's characters, a mapping's keys. ok is false when
// v cannot be iterated.
func toList(v any) ([]any, bool) {
	switch x := v.(type) {
	case nil:
		return nil, false
	case []any:
		return x, true
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out, true
	case string:
		return runesOf(x), true
	case SafeString:
		// Python iterates a SafeString as plain characters.
		return runesOf(string(x)), true
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i] = k
		}
		return out, true
	case Mapping:
		keys := x.Keys()
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i] = k
		}
		return out, true
	case dictView:
		return x.items, true
	case pyTuple:
		return []any(x), true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			return nil, false
		}
		if rv.Elem().Kind() == reflect.Array {
			return toList(rv.Elem().Interface())
		}
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).Interface()
		}
		return out, true
	case reflect.Map:
		keys := sortedMapKeys(rv)
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i] = k.Interface()
		}
		return out, true
	case reflect.String:
		return runesOf(rv.String()), true
	}
	return nil, false
}

func runesOf(s string) []any {
	out := make([]any, 0, len(s))
	for _, r := range s {
		out = append(out, string(r))
	}
	return out
}

// Escape is Django's escape(): the five HTML-special characters & < > " '
// become entities.
func Escape(s string) string { return escapeHTML(s) }

// compareBig compares numbers when one is an integer beyond int64 (a
// *big.Int, as a JSON context gives them), exactly, as Python compares
// its ints with ints and floats; isBig is false when neither is one.
func compareBig(a, b any) (c int, ok, isBig bool) {
	_, aBig := a.(*big.Int)
	_, bBig := b.(*big.Int)
	if !aBig && !bBig {
		return 0, false, false
	}
	x, xok := bigFloatOf(a)
	y, yok := bigFloatOf(b)
	if !xok || !yok {
		return 0, false, true
	}
	return x.Cmp(y), true, true
}

// bigFloatOf is a number as an exact big.Float (NaN is not one).
func bigFloatOf(v any) (*big.Float, bool) {
	switch x := v.(type) {
	case *big.Int:
		if x == nil {
			return nil, false
		}
		return new(big.Float).SetInt(x), true
	case int64:
		return new(big.Float).SetInt64(x), true
	case bool:
		return new(big.Float).SetInt64(boolInt(x)), true
	case float64:
		if math.IsNaN(x) {
			return nil, false
		}
		return big.NewFloat(x), true
	}
	return nil, false
}
