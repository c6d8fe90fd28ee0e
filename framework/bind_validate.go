package framework

import (
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Validator is implemented by a bound struct that checks itself beyond
// its `validate` tags: cross-field rules, a database lookup. Validate runs
// only when the struct's fields (and its nested structs) passed their
// tags, so it can rely on them, as Django REST framework's validate()
// does. It returns nil, a FieldErrors naming fields (relative to the
// struct), a *RequestError (passed on as is, at the top level: to answer
// 409, say), or any other error, whose text is shown to the client under
// NonFieldErrors (or the nested struct's path).
type Validator interface {
	Validate() error
}

// FieldErrors are per-field messages, keyed by field name, that a
// Validate method returns.
type FieldErrors map[string]string

// Error lists the fields and their messages, in order.
func (e FieldErrors) Error() string {
	parts := make([]string, 0, len(e))
	for _, k := range sortedKeys(e) {
		parts = append(parts, k+": "+e[k])
	}
	return strings.Join(parts, "; ")
}

// NonFieldErrors is the RequestError.Fields key of an error about the
// whole value rather than one field (Django's NON_FIELD_ERRORS).
const NonFieldErrors = "__all__"

// Validate checks v (a pointer to a struct) as BindJSON does after
// decoding, for a value decoded another way: each field's `validate` tag,
// then the Validator method of each struct that passed. Failures are a
// *RequestError with status 400 whose Fields name every failing field by
// its JSON path; a malformed tag is an error of the program (a 500).
//
// The rules, separated by commas (`validate:"required,min=3,max=100"`):
//
//   - required: not the zero value; a string of spaces is empty, a nil
//     pointer is missing (use *int to require a number that may be 0);
//   - min=N, max=N: a string's length in characters, a slice's or map's
//     number of items, a number's value;
//   - len=N: exactly N characters or items;
//   - email: an address such as ada@example.com (no display name);
//   - url: an absolute http:// or https:// URL;
//   - oneof=a b c: one of the values, separated by spaces (strings and
//     integers).
//
// A field that is not required and empty (an empty string, a nil
// pointer) skips the other rules, as Django's validators do. Structs
// inside v — nested, behind pointers, in slices and maps — are checked
// too.
func Validate(v any) error { return validate(v, jsonNaming, nil) }

// fieldNaming names struct fields for error keys by the first of its
// tag keys that names them ("json"; "form" then "json"), else by the Go
// name.
type fieldNaming []string

var (
	jsonNaming = fieldNaming{"json"}
	formNaming = fieldNaming{"form", "json"}
)

// name returns the field's name; promoted is true for an untagged
// embedded struct, whose fields count as the outer struct's; skip for a
// field not bound (unexported, or tagged "-").
func (n fieldNaming) name(f reflect.StructField) (name string, promoted, skip bool) {
	if !f.IsExported() && !f.Anonymous {
		return "", false, true
	}
	for _, key := range n {
		tag, ok := f.Tag.Lookup(key)
		if !ok {
			continue
		}
		if tag == "-" {
			return "", false, true
		}
		if name, _, _ = strings.Cut(tag, ","); name != "" {
			return name, false, false
		}
	}
	t := f.Type
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if f.Anonymous && t.Kind() == reflect.Struct {
		return "", true, false
	}
	if !f.IsExported() {
		return "", false, true
	}
	return f.Name, false, false
}

// validate checks v; fields are failures found before (a form's
// conversion errors), which keep the Validator methods from running.
func validate(v any, names fieldNaming, fields FieldErrors) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("framework: validate: want a non-nil pointer, got %T", v)
	}
	vd := &validation{names: names, fields: fields, seen: map[seenKey]bool{}}
	if vd.fields == nil {
		vd.fields = FieldErrors{}
	}
	if err := vd.value("", rv); err != nil {
		return err
	}
	if vd.passOn != nil {
		return vd.passOn
	}
	if len(vd.fields) == 0 {
		return nil
	}
	return &RequestError{Status: http.StatusBadRequest, Message: msgInvalidData, Fields: vd.fields}
}

type seenKey struct {
	ptr uintptr
	typ reflect.Type
}

type validation struct {
	names  fieldNaming
	fields FieldErrors
	seen   map[seenKey]bool // pointers followed, against cycles
	passOn *RequestError    // the top Validate's own *RequestError
}

// value checks the structs in v.
func (vd *validation) value(path string, v reflect.Value) error {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		if v.Kind() == reflect.Pointer {
			k := seenKey{v.Pointer(), v.Type()}
			if vd.seen[k] {
				return nil
			}
			vd.seen[k] = true
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		return vd.structValue(path, v)
	case reflect.Slice, reflect.Array:
		if !mayHoldStruct(v.Type().Elem()) {
			return nil
		}
		for i := range v.Len() {
			if err := vd.value(fmt.Sprintf("%s[%d]", path, i), v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		if !mayHoldStruct(v.Type().Elem()) {
			return nil
		}
		keys := v.MapKeys()
		names := make(map[string]reflect.Value, len(keys))
		for _, k := range keys {
			names[fmt.Sprint(k)] = k
		}
		for _, name := range sortedKeys(names) {
			if err := vd.value(joinPath(path, name), v.MapIndex(names[name])); err != nil {
				return err
			}
		}
	}
	return nil
}

func mayHoldStruct(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct || t.Kind() == reflect.Interface
}

// structValue checks the fields of the struct v, then its Validate
// method if they passed.
func (vd *validation) structValue(path string, v reflect.Value) error {
	if err := vd.structFields(path, v); err != nil {
		return err
	}
	if vd.failedUnder(path) || !v.CanInterface() {
		return nil
	}
	if !v.CanAddr() { // a map's value: Validate may have a pointer receiver
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		v = c
	}
	val, ok := v.Addr().Interface().(Validator)
	if !ok {
		return nil
	}
	err := val.Validate()
	var fe FieldErrors
	var re *RequestError
	switch {
	case err == nil:
	case errors.As(err, &fe):
		for k, msg := range fe {
			if k == NonFieldErrors && path != "" {
				vd.fields[path] = msg
				continue
			}
			vd.fields[joinPath(path, k)] = msg
		}
	case path == "" && errors.As(err, &re):
		vd.passOn = re
	case path == "":
		vd.fields[NonFieldErrors] = err.Error()
	default:
		vd.fields[path] = err.Error()
	}
	return nil
}

// structFields checks each field's tag and the structs inside it;
// untagged embedded structs' fields count as the struct's own.
func (vd *validation) structFields(path string, v reflect.Value) error {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name, promoted, skip := vd.names.name(f)
		if skip {
			continue
		}
		fv := v.Field(i)
		if promoted {
			for fv.Kind() == reflect.Pointer && !fv.IsNil() {
				fv = fv.Elem()
			}
			if fv.Kind() == reflect.Struct {
				if err := vd.structFields(path, fv); err != nil {
					return err
				}
			}
			continue
		}
		p := joinPath(path, name)
		if _, failed := vd.fields[p]; failed {
			continue // a form value that did not convert
		}
		if tag := f.Tag.Get("validate"); tag != "" && tag != "-" {
			msg, err := checkRules(tag, f.Type, fv)
			if err != nil {
				return fmt.Errorf("framework: validate: field %s.%s: %w", t, f.Name, err)
			}
			if msg != "" {
				vd.fields[p] = msg
				continue
			}
		}
		if err := vd.value(p, fv); err != nil {
			return err
		}
	}
	return nil
}

// failedUnder reports whether a field at path, or inside it, failed.
func (vd *validation) failedUnder(path string) bool {
	if path == "" {
		return len(vd.fields) > 0
	}
	for k := range vd.fields {
		if k == path || strings.HasPrefix(k, path+".") || strings.HasPrefix(k, path+"[") {
			return true
		}
	}
	return false
}

// rule is one parsed validate rule.
type rule struct{ name, param string }

// ruleNames are the rules Validate knows.
const ruleNames = "required, min, max, len, email, url, oneof"

// parseRules parses a validate tag for a field of type t, refusing
// unknown rules, bad parameters and rules that do not apply to t.
func parseRules(tag string, t reflect.Type) ([]rule, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var rules []rule
	for part := range strings.SplitSeq(tag, ",") {
		name, param, hasParam := strings.Cut(strings.TrimSpace(part), "=")
		r := rule{name: name, param: param}
		switch name {
		case "required", "email", "url":
			if hasParam {
				return nil, fmt.Errorf("rule %q takes no parameter", name)
			}
			if name != "required" && t.Kind() != reflect.String {
				return nil, fmt.Errorf("rule %q applies to strings, not %s", name, t)
			}
		case "min", "max", "len":
			switch {
			case isLengthKind(t.Kind()):
				if n, err := strconv.Atoi(param); err != nil || n < 0 {
					return nil, fmt.Errorf("rule %s=%q: want a whole number", name, param)
				}
			case isNumberKind(t.Kind()) && name != "len":
				if _, err := strconv.ParseFloat(param, 64); err != nil {
					return nil, fmt.Errorf("rule %s=%q: want a number", name, param)
				}
			default:
				return nil, fmt.Errorf("rule %q does not apply to %s", name, t)
			}
		case "oneof":
			if strings.TrimSpace(param) == "" {
				return nil, errors.New(`rule "oneof" needs values: oneof=a b c`)
			}
			if t.Kind() != reflect.String && !isIntegerKind(t.Kind()) {
				return nil, fmt.Errorf("rule %q applies to strings and integers, not %s", name, t)
			}
		default:
			return nil, fmt.Errorf("unknown rule %q (known: %s)", name, ruleNames)
		}
		rules = append(rules, r)
	}
	return rules, nil
}

// checkRules checks the value v of a field of type t against its tag and
// returns the first failure's message ("" if it passes).
func checkRules(tag string, t reflect.Type, v reflect.Value) (string, error) {
	rules, err := parseRules(tag, t)
	if err != nil {
		return "", err
	}
	missing := false
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			missing = true
			break
		}
		v = v.Elem()
	}
	empty := missing || (v.Kind() == reflect.String && strings.TrimSpace(v.String()) == "") ||
		(isLengthKind(v.Kind()) && v.Kind() != reflect.String && v.Len() == 0) ||
		(!isLengthKind(v.Kind()) && v.IsZero())
	for _, r := range rules {
		if r.name == "required" && empty {
			return "this field is required", nil
		}
	}
	if missing || (v.Kind() == reflect.String && v.String() == "") {
		return "", nil
	}
	for _, r := range rules {
		if msg := checkRule(r, v); msg != "" {
			return msg, nil
		}
	}
	return "", nil
}

// checkRule checks one rule (parsed for v's type) against v.
func checkRule(r rule, v reflect.Value) string {
	switch r.name {
	case "min", "max", "len":
		if isLengthKind(v.Kind()) {
			n, _ := strconv.Atoi(r.param)
			got, unit := v.Len(), "items"
			if v.Kind() == reflect.String {
				got, unit = utf8.RuneCountInString(v.String()), "characters"
			}
			switch {
			case r.name == "min" && got < n:
				return fmt.Sprintf("want at least %d %s, got %d", n, unit, got)
			case r.name == "max" && got > n:
				return fmt.Sprintf("want at most %d %s, got %d", n, unit, got)
			case r.name == "len" && got != n:
				return fmt.Sprintf("want exactly %d %s, got %d", n, unit, got)
			}
			return ""
		}
		if c := compareNumber(v, r.param); (r.name == "min" && c < 0) || (r.name == "max" && c > 0) {
			bound := map[string]string{"min": "at least", "max": "at most"}[r.name]
			return fmt.Sprintf("want %s %s, got %s", bound, r.param, numberText(v))
		}
	case "email":
		if !validEmail(v.String()) {
			return "want an email address such as name@example.com"
		}
	case "url":
		if !validURL(v.String()) {
			return "want an absolute http:// or https:// URL"
		}
	case "oneof":
		got := v.String()
		if v.Kind() != reflect.String {
			got = numberText(v)
		}
		choices := strings.Fields(r.param)
		for _, c := range choices {
			if c == got {
				return ""
			}
		}
		return fmt.Sprintf("want one of %s, got %q", strings.Join(choices, ", "), got)
	}
	return ""
}

// compareNumber compares the number v with param: -1, 0 or +1.
func compareNumber(v reflect.Value, param string) int {
	switch {
	case isIntegerKind(v.Kind()) && v.CanInt():
		if p, err := strconv.ParseInt(param, 10, 64); err == nil {
			return cmp3(v.Int() < p, v.Int() > p)
		}
		f := float64(v.Int())
		p, _ := strconv.ParseFloat(param, 64)
		return cmp3(f < p, f > p)
	case isIntegerKind(v.Kind()):
		if p, err := strconv.ParseInt(param, 10, 64); err == nil {
			if p < 0 {
				return 1
			}
			return cmp3(v.Uint() < uint64(p), v.Uint() > uint64(p))
		}
		f := float64(v.Uint())
		p, _ := strconv.ParseFloat(param, 64)
		return cmp3(f < p, f > p)
	}
	p, _ := strconv.ParseFloat(param, 64)
	return cmp3(v.Float() < p, v.Float() > p)
}

func cmp3(less, more bool) int {
	switch {
	case less:
		return -1
	case more:
		return 1
	}
	return 0
}

func numberText(v reflect.Value) string {
	switch {
	case v.CanInt():
		return strconv.FormatInt(v.Int(), 10)
	case v.CanUint():
		return strconv.FormatUint(v.Uint(), 10)
	case v.CanFloat():
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

func isLengthKind(k reflect.Kind) bool {
	return k == reflect.String || k == reflect.Slice || k == reflect.Array || k == reflect.Map
}

func isIntegerKind(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

func isNumberKind(k reflect.Kind) bool {
	return isIntegerKind(k) || k == reflect.Float32 || k == reflect.Float64
}

// validEmail accepts a bare address whose domain has a dot (Django's
// EmailValidator accepts the same shapes, localhost aside).
func validEmail(s string) bool {
	if len(s) > 320 || strings.ContainsAny(s, " <>\t\r\n") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, "[") {
		return false
	}
	for label := range strings.SplitSeq(domain, ".") {
		if label == "" || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return false
		}
	}
	return true
}

// validURL accepts an absolute http or https URL with a host.
func validURL(s string) bool {
	if strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Hostname() == "" {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return scheme == "http" || scheme == "https"
}
