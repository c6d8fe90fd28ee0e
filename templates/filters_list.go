package templates

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"
)

// Django's list and logic filters (django/template/defaultfilters.py,
// 3.2), with escapeseq from Django 5.0 and json_script's optional id
// from 4.1: default, default_if_none, dictsort, dictsortreversed,
// escapeseq, first, join, json_script, last, length, length_is, pprint,
// random, safeseq, slice, unordered_list, yesno.

func init() {
	addFilters(map[string]Filter{
		"default":          {Func: filterDefault, Arg: ArgRequired},
		"default_if_none":  {Func: filterDefaultIfNone, Arg: ArgRequired},
		"dictsort":         {Func: filterDictsort, Arg: ArgRequired},
		"dictsortreversed": {Func: filterDictsortReversed, Arg: ArgRequired},
		"escapeseq":        {Func: filterEscapeseq, IsSafe: true},
		"first":            {Func: filterFirst},
		"join":             {Func: filterJoin, Arg: ArgRequired, IsSafe: true},
		"json_script":      {Func: filterJSONScript, Arg: ArgOptional, IsSafe: true},
		"last":             {Func: filterLast, IsSafe: true},
		"length":           {Func: filterLength},
		"length_is":        {Func: filterLengthIs, Arg: ArgRequired},
		"pprint":           {Func: filterPprint, IsSafe: true},
		"random":           {Func: filterRandom, IsSafe: true},
		"safeseq":          {Func: filterSafeseq, IsSafe: true},
		"slice":            {Func: filterSlice, Arg: ArgRequired, IsSafe: true},
		"unordered_list":   {Func: filterUnorderedList, IsSafe: true},
		"yesno":            {Func: filterYesno, Arg: ArgOptional},
	})
}

// isNone reports whether v is Python's None: nil or a nil pointer.
func isNone(v any) bool {
	return v == nil || normalize(v) == nil
}

// pyStr returns v's text when v is a Python str (a string kind).
func pyStr(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case SafeString:
		return string(x), true
	}
	if s, ok := normalize(v).(string); ok {
		return s, true
	}
	return "", false
}

// isPyList reports whether v is a Python list: a slice or an array,
// but not text ([]byte is Python's bytes).
func isPyList(v any) bool {
	switch v.(type) {
	case []any:
		return true
	case nil, string, SafeString, map[string]any:
		return false
	}
	t := reflect.TypeOf(v)
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return t.Elem().Kind() != reflect.Uint8
	}
	return false
}

// isMapping reports whether v is a Python dict.
func isMapping(v any) bool {
	switch v.(type) {
	case map[string]any, Mapping:
		return true
	case nil:
		return false
	}
	return reflect.TypeOf(v).Kind() == reflect.Map
}

// pyIter returns what Python's iter(v) yields: list items, a string's
// characters (plain str, even from a SafeString, as in Python), a
// mapping's keys. ok is false when v is not iterable.
func pyIter(v any) ([]any, bool) {
	if s, ok := v.(SafeString); ok {
		return runesOf(string(s)), true
	}
	return toList(v)
}

// notIterable is the TypeError Python raises on iter(v).
func notIterable(v any) error {
	return fmt.Errorf("TypeError: '%s' object is not iterable", pyTypeName(v))
}

// filterDefault is Django's default: value or arg.
func filterDefault(_ FilterCall, in, arg any) (any, error) {
	if truth(in) {
		return in, nil
	}
	return arg, nil
}

// filterDefaultIfNone is Django's default_if_none: arg only for None.
func filterDefaultIfNone(_ FilterCall, in, arg any) (any, error) {
	if isNone(in) {
		return arg, nil
	}
	return in, nil
}

// filterLength is len(value), 0 for values without a length.
func filterLength(_ FilterCall, in, _ any) (any, error) {
	n, _ := length(in)
	return int64(n), nil
}

// filterLengthIs is len(value) == int(arg), "" when either fails.
func filterLengthIs(_ FilterCall, in, arg any) (any, error) {
	n, ok := length(in)
	if !ok {
		return "", nil
	}
	a, b, e := pyInt(arg)
	switch e {
	case pyOK:
	case pyOverflowError:
		return nil, intError(arg, e)
	default:
		return "", nil
	}
	return b == nil && a == int64(n), nil
}

// pyIndex is Python's v[i] for first (i = 0) and last (i = -1):
// IndexError gives "", Python's other exceptions abort the rendering.
func pyIndex(v any, i int) (any, error) {
	if s, ok := pyStr(v); ok {
		if s == "" {
			return "", nil
		}
		var r rune
		if i == 0 {
			r, _ = utf8.DecodeRuneInString(s)
		} else {
			r, _ = utf8.DecodeLastRuneInString(s)
		}
		return string(r), nil
	}
	if x, ok := v.([]any); ok {
		if len(x) == 0 {
			return "", nil
		}
		if i < 0 {
			i += len(x)
		}
		return x[i], nil
	}
	if b, ok := v.([]byte); ok { // Python's bytes: items are ints
		if len(b) == 0 {
			return "", nil
		}
		if i < 0 {
			i += len(b)
		}
		return int64(b[i]), nil
	}
	if isPyList(v) {
		rv := reflect.ValueOf(v)
		if rv.Len() == 0 {
			return "", nil
		}
		if i < 0 {
			i += rv.Len()
		}
		return rv.Index(i).Interface(), nil
	}
	if isMapping(v) {
		return nil, fmt.Errorf("KeyError: %d", i)
	}
	return nil, fmt.Errorf("TypeError: '%s' object is not subscriptable", pyTypeName(v))
}

// filterFirst is value[0], "" for an empty sequence.
func filterFirst(_ FilterCall, in, _ any) (any, error) { return pyIndex(in, 0) }

// filterLast is value[-1], "" for an empty sequence.
func filterLast(_ FilterCall, in, _ any) (any, error) { return pyIndex(in, -1) }

// filterRandom is random.choice(value): an error for an empty sequence,
// as in Django.
func filterRandom(_ FilterCall, in, _ any) (any, error) {
	if s, ok := pyStr(in); ok {
		n := utf8.RuneCountInString(s)
		if n == 0 {
			return nil, errors.New("IndexError: Cannot choose from an empty sequence")
		}
		k := rand.IntN(n)
		for _, r := range s {
			if k == 0 {
				return string(r), nil
			}
			k--
		}
	}
	n, ok := length(in)
	if !ok {
		return nil, fmt.Errorf("TypeError: object of type '%s' has no len()", pyTypeName(in))
	}
	if n == 0 {
		return nil, errors.New("IndexError: Cannot choose from an empty sequence")
	}
	k := rand.IntN(n)
	if x, ok := in.([]any); ok {
		return x[k], nil
	}
	if isPyList(in) {
		return reflect.ValueOf(in).Index(k).Interface(), nil
	}
	return nil, fmt.Errorf("KeyError: %d", k)
}

// filterSlice is value[slice(*bits)] for arg "start:stop:step"; value is
// returned unchanged when arg or value does not slice.
func filterSlice(_ FilterCall, in, arg any) (any, error) {
	var bits [3]int
	var given [3]bool
	parts := strings.Split(toStr(arg), ":")
	if len(parts) > 3 {
		return in, nil
	}
	for i, p := range parts {
		if p == "" {
			continue
		}
		n, b, e := parsePyInt(p)
		if e != pyOK {
			return in, nil
		}
		if b != nil {
			n = math.MaxInt32
			if b.Sign() < 0 {
				n = -math.MaxInt32
			}
		}
		n = max(min(n, math.MaxInt32), -math.MaxInt32)
		bits[i], given[i] = int(n), true
	}
	if len(parts) == 1 { // slice(stop)
		bits[1], given[1] = bits[0], given[0]
		given[0] = false
	}
	if given[2] && bits[2] == 0 {
		return in, nil // ValueError: slice step cannot be zero
	}
	if s, ok := pyStr(in); ok {
		if isASCII(s) {
			start, stop, step := sliceIndices(len(s), bits, given)
			if step == 1 {
				if start >= stop {
					return "", nil
				}
				return s[start:stop], nil
			}
			var b strings.Builder
			for i := start; (step > 0 && i < stop) || (step < 0 && i > stop); i += step {
				b.WriteByte(s[i])
			}
			return b.String(), nil
		}
		rs := []rune(s)
		start, stop, step := sliceIndices(len(rs), bits, given)
		out := make([]rune, 0, max(0, (stop-start)/step))
		for i := start; (step > 0 && i < stop) || (step < 0 && i > stop); i += step {
			out = append(out, rs[i])
		}
		return string(out), nil
	}
	if !isPyList(in) {
		return in, nil
	}
	items, _ := toList(in)
	start, stop, step := sliceIndices(len(items), bits, given)
	if step == 1 {
		if start >= stop {
			return []any{}, nil
		}
		return items[start:stop:stop], nil
	}
	out := make([]any, 0, max(0, (stop-start)/step))
	for i := start; (step > 0 && i < stop) || (step < 0 && i > stop); i += step {
		out = append(out, items[i])
	}
	return out, nil
}

// isASCII reports whether s is all ASCII (one byte per character).
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// sliceIndices is Python's slice.indices(n).
func sliceIndices(n int, bits [3]int, given [3]bool) (start, stop, step int) {
	step = 1
	if given[2] {
		step = bits[2]
	}
	lower, upper := 0, n
	if step < 0 {
		lower, upper = -1, n-1
	}
	clamp := func(i int, ok bool, def int) int {
		if !ok {
			return def
		}
		if i < 0 {
			i += n
			if i < lower {
				i = lower
			}
		} else if i > upper {
			i = upper
		}
		return i
	}
	if step < 0 {
		return clamp(bits[0], given[0], upper), clamp(bits[1], given[1], lower), step
	}
	return clamp(bits[0], given[0], lower), clamp(bits[1], given[1], upper), step
}

// filterJoin is Django 3.2's join: items conditionally escaped when
// autoescaping, joined with conditional_escape(arg), marked safe. A
// value that is not iterable, or (without autoescaping) holds items
// that are not strings, is returned unchanged.
func filterJoin(c FilterCall, in, arg any) (any, error) {
	items, ok := pyIter(in)
	if !ok {
		return in, nil
	}
	sep := string(conditionalEscape(arg))
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteString(sep)
		}
		if c.Autoescape {
			b.WriteString(string(conditionalEscape(it)))
			continue
		}
		s, ok := pyStr(it)
		if !ok {
			return in, nil // TypeError: sequence item: expected str instance
		}
		b.WriteString(s)
	}
	return SafeString(b.String()), nil
}

// filterSafeseq marks each item safe (as text).
func filterSafeseq(c FilterCall, in, _ any) (any, error) {
	items, ok := pyIter(in)
	if !ok {
		return nil, notIterable(in)
	}
	out := make([]any, len(items))
	for i, it := range items {
		if s, ok := it.(SafeString); ok {
			out[i] = s
		} else {
			out[i] = SafeString(toStr(it))
		}
	}
	return safeList(c, out), nil
}

// filterEscapeseq escapes each item unless it is safe (Django 5.0).
func filterEscapeseq(c FilterCall, in, _ any) (any, error) {
	items, ok := pyIter(in)
	if !ok {
		return nil, notIterable(in)
	}
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = conditionalEscape(it)
	}
	return safeList(c, out), nil
}

// safeList is the result of an is_safe filter that makes a list: Django
// marks it safe when the input was, which makes it the text of the list.
func safeList(c FilterCall, out []any) any {
	if c.InputSafe {
		return SafeString(reprList(out))
	}
	return out
}

// filterYesno maps True, False and None to the parts of arg
// ("yes,no,maybe" by default); None takes the second part when arg has
// two. The value is returned unchanged for an arg of fewer than two parts.
func filterYesno(_ FilterCall, in, arg any) (any, error) {
	spec := "yes,no,maybe"
	if arg != nil {
		s, ok := pyStr(arg)
		if !ok {
			return nil, fmt.Errorf("AttributeError: '%s' object has no attribute 'split'", pyTypeName(arg))
		}
		spec = s
	}
	bits := strings.Split(spec, ",")
	if len(bits) < 2 {
		return in, nil
	}
	yes, no, maybe := bits[0], bits[1], bits[1]
	if len(bits) == 3 {
		maybe = bits[2]
	}
	switch {
	case isNone(in):
		return maybe, nil
	case truth(in):
		return yes, nil
	}
	return no, nil
}

// filterUnorderedList renders a nested list as <li> items (without the
// outer <ul>): an item followed by a list has that list as its children.
func filterUnorderedList(c FilterCall, in, _ any) (any, error) {
	items, ok := pyIter(in)
	if !ok {
		return nil, notIterable(in)
	}
	var b strings.Builder
	writeListItems(&b, items, 1, c.Autoescape)
	return SafeString(b.String()), nil
}

// writeListItems is unordered_list's list_formatter: items at tabs
// tabs of indentation, one per line, children in a nested <ul>.
func writeListItems(b *strings.Builder, items []any, tabs int, autoescape bool) {
	for i := 0; i < len(items); {
		if i > 0 {
			b.WriteByte('\n')
		}
		item := items[i]
		i++
		var children []any
		if i < len(items) && isPyList(items[i]) {
			children, _ = toList(items[i])
			i++
		}
		writeTabs(b, tabs)
		b.WriteString("<li>")
		if autoescape {
			b.WriteString(string(conditionalEscape(item)))
		} else {
			b.WriteString(toStr(item))
		}
		if len(children) > 0 {
			b.WriteByte('\n')
			writeTabs(b, tabs)
			b.WriteString("<ul>\n")
			writeListItems(b, children, tabs+1, autoescape)
			b.WriteByte('\n')
			writeTabs(b, tabs)
			b.WriteString("</ul>\n")
			writeTabs(b, tabs)
		}
		b.WriteString("</li>")
	}
}

// writeTabs writes n tab characters.
func writeTabs(b *strings.Builder, n int) {
	for range n {
		b.WriteByte('\t')
	}
}

// dictsort and dictsortreversed.

// errDictsortFail stands for the exceptions dictsort turns into "":
// AttributeError and TypeError.
var errDictsortFail = errors.New("dictsort: no sort key")

// unorderable is the key Python would get from a dict's method (a bound
// method): it compares with nothing.
type unorderable struct{}

// pyDictMethods are the attributes getattr finds on a Python dict.
var pyDictMethods = map[string]bool{
	"clear": true, "copy": true, "fromkeys": true, "get": true, "items": true, "keys": true,
	"pop": true, "popitem": true, "setdefault": true, "update": true, "values": true,
}

// sortKeyFunc is Django 3.2's _property_resolver: arg convertible to
// float is an item index or key (operator.itemgetter(arg)); otherwise a
// dotted path of keys and attributes.
func sortKeyFunc(arg any) (func(any) (any, error), error) {
	switch a := normalize(arg).(type) {
	case int64:
		return func(item any) (any, error) { return itemAt(item, a, nil) }, nil
	case bool:
		n := boolInt(a)
		return func(item any) (any, error) { return itemAt(item, n, nil) }, nil
	case *big.Int:
		return func(item any) (any, error) { return itemAt(item, 0, a) }, nil
	case float64:
		return func(item any) (any, error) {
			if isMapping(item) {
				return nil, fmt.Errorf("KeyError: %s", formatFloat(a))
			}
			return nil, errDictsortFail
		}, nil
	case string, SafeString:
		s, _ := stringOf(a)
		if _, e := parsePyFloatStr(s); e == pyOK {
			return func(item any) (any, error) {
				if !isMapping(item) {
					return nil, errDictsortFail
				}
				v, found, err := lookupKey(item, s)
				if err != nil {
					return nil, err
				}
				if !found {
					return nil, fmt.Errorf("KeyError: %s", reprString(s))
				}
				return v, nil
			}, nil
		}
		if s == "" {
			return nil, errors.New("IndexError: string index out of range")
		}
		if strings.Contains(s, "._") || s[0] == '_' {
			return nil, errDictsortFail // private attributes are forbidden
		}
		parts := strings.Split(s, ".")
		return func(item any) (any, error) { return resolvePath(item, parts) }, nil
	}
	return nil, errDictsortFail // float(arg) raised TypeError
}

// itemAt is item[i] for dictsort's itemgetter with an integer.
func itemAt(item any, i int64, b *big.Int) (any, error) {
	if isMapping(item) {
		if b != nil {
			return nil, fmt.Errorf("KeyError: %s", b)
		}
		return nil, fmt.Errorf("KeyError: %d", i)
	}
	var n int
	var get func(int) any
	if s, ok := pyStr(item); ok {
		rs := []rune(s)
		n, get = len(rs), func(k int) any { return string(rs[k]) }
	} else if isPyList(item) {
		rv := reflect.ValueOf(item)
		n, get = rv.Len(), func(k int) any { return rv.Index(k).Interface() }
	} else {
		return nil, errDictsortFail
	}
	if b == nil {
		if i < 0 {
			i += int64(n)
		}
		if i >= 0 && i < int64(n) {
			return get(int(i)), nil
		}
	}
	return nil, errors.New("IndexError: index out of range")
}

// resolvePath follows a dotted path on item as Django 3.2's dictsort
// does: a key of a mapping, else an attribute (a struct field or method).
func resolvePath(v any, parts []string) (any, error) {
	for _, part := range parts {
		if isMapping(v) {
			r, found, err := lookupKey(v, part)
			if err != nil {
				return nil, err
			}
			switch {
			case found:
				v = r
			case pyDictMethods[part]:
				v = unorderable{}
			default:
				return nil, errDictsortFail
			}
			continue
		}
		switch normalize(v).(type) {
		case nil, string, SafeString, int64, float64, bool, *big.Int, unorderable:
			return nil, errDictsortFail
		}
		if isPyList(v) {
			return nil, errDictsortFail
		}
		r, found, err := lookup(v, part)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, errDictsortFail
		}
		v = r
	}
	return v, nil
}

// pyCompare is compare, with Go's typed slices compared as lists.
func pyCompare(a, b any) (int, bool) {
	if c, ok := compare(a, b); ok {
		return c, true
	}
	if isPyList(a) && isPyList(b) {
		la, _ := toList(a)
		lb, _ := toList(b)
		return compare(la, lb)
	}
	return 0, false
}

// dictsort sorts value by the key arg selects, stably; "" when the keys
// cannot be found or compared (Django's AttributeError and TypeError).
func dictsort(in, arg any, reverse bool) (any, error) {
	items, ok := pyIter(in)
	if !ok {
		return "", nil
	}
	keyOf, err := sortKeyFunc(arg)
	if err != nil {
		if err == errDictsortFail {
			return "", nil
		}
		return nil, err
	}
	type keyed struct{ key, item any }
	ks := make([]keyed, len(items))
	for i, it := range items {
		k, err := keyOf(it)
		if err != nil {
			if err == errDictsortFail {
				return "", nil
			}
			return nil, err
		}
		ks[i] = keyed{k, it}
	}
	bad := false
	sort.SliceStable(ks, func(i, j int) bool {
		a, b := ks[i].key, ks[j].key
		if reverse {
			a, b = b, a
		}
		c, ok := pyCompare(a, b)
		if !ok {
			bad = true
		}
		return ok && c < 0
	})
	if bad {
		return "", nil
	}
	out := make([]any, len(ks))
	for i := range ks {
		out[i] = ks[i].item
	}
	return out, nil
}

// filterDictsort sorts a list by a key of its items.
func filterDictsort(_ FilterCall, in, arg any) (any, error) { return dictsort(in, arg, false) }

// filterDictsortReversed sorts a list by a key of its items, in
// reverse (equal keys keep their order, as in Python's sorted).
func filterDictsortReversed(_ FilterCall, in, arg any) (any, error) {
	return dictsort(in, arg, true)
}
