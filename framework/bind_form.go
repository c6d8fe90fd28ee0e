package framework

import (
	"encoding"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
)

// BindForm fills v (a pointer to a struct) from a form, then validates it
// as BindJSON does: from the query string for GET and HEAD (a search
// form), else from the urlencoded or multipart body (another
// Content-Type is a 415). A field binds the form value named by its
// `form` tag, else by its `json` tag, else by its Go name; `form:"-"`
// skips it. Fields may be strings, booleans, numbers, types with an
// UnmarshalText method (time.Time), pointers to those (nil when the
// value is absent or empty) and slices of those (every value of the
// name). A bool is false when its name is absent, as an unticked
// checkbox sends nothing; "on", "true", "1" and "yes" are true. Values
// that do not convert and failed rules are a *RequestError with status
// 400 whose Fields are keyed by form name. Form values no field names
// are ignored (a form carries its submit button and CSRF token); use
// r.File for uploaded files.
func (r *Request) BindForm(v any) error {
	if err := checkBindTarget("BindForm", v); err != nil {
		return err
	}
	rv := reflect.ValueOf(v).Elem()
	if rv.Kind() != reflect.Struct {
		return fmt.Errorf("framework: BindForm: want a pointer to a struct, got %T", v)
	}
	var values url.Values
	switch r.HTTP.Method {
	case http.MethodGet, http.MethodHead:
		values = r.QueryValues()
	default:
		ct := r.HTTP.Header.Get("Content-Type")
		if !isFormType(ct) {
			return unsupportedType(ct, "application/x-www-form-urlencoded or multipart/form-data")
		}
		var err error
		if values, err = r.Form(); err != nil {
			return err
		}
	}
	fields := FieldErrors{}
	if err := decodeForm(values, rv, fields); err != nil {
		return err
	}
	return validate(v, formNaming, fields)
}

func isFormType(ct string) bool {
	mt, _, _ := mime.ParseMediaType(ct)
	return mt == "application/x-www-form-urlencoded" || mt == "multipart/form-data"
}

// decodeForm sets the fields of the struct v from values, recording
// values that do not convert in bad.
func decodeForm(values url.Values, v reflect.Value, bad FieldErrors) error {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name, promoted, skip := formNaming.name(f)
		if skip {
			continue
		}
		fv := v.Field(i)
		if promoted {
			if fv.Kind() == reflect.Pointer {
				if fv.IsNil() {
					if !fv.CanSet() {
						continue // an unexported embedded pointer: encoding/json skips it too
					}
					fv.Set(reflect.New(fv.Type().Elem()))
				}
				fv = fv.Elem()
			}
			if err := decodeForm(values, fv, bad); err != nil {
				return err
			}
			continue
		}
		if !formBindable(f.Type) {
			return fmt.Errorf("framework: BindForm: field %s.%s: a %s cannot come from a form (tag it `form:\"-\"`)", t, f.Name, f.Type)
		}
		vals, present := values[name]
		if f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() != reflect.Uint8 {
			if !present {
				continue
			}
			s := reflect.MakeSlice(f.Type, 0, len(vals))
			for _, text := range vals {
				e := reflect.New(f.Type.Elem()).Elem()
				if msg := setFormValue(e, text); msg != "" {
					bad[name] = msg
					break
				}
				s = reflect.Append(s, e)
			}
			fv.Set(s)
			continue
		}
		if !present || len(vals) == 0 {
			if f.Type.Kind() == reflect.Bool {
				fv.SetBool(false) // an unticked checkbox
			}
			continue
		}
		if msg := setFormValue(fv, vals[0]); msg != "" {
			bad[name] = msg
		}
	}
	return nil
}

// formBindable reports whether a form value can set a field of type t.
func formBindable(t reflect.Type) bool {
	if t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8 {
		t = t.Elem()
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return true
	}
	return isScalar(t) || (t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8)
}

// setFormValue sets v from the text of a form value and returns what was
// wrong with it ("" if nothing). Empty text leaves a pointer nil and a
// number zero.
func setFormValue(v reflect.Value, text string) string {
	if v.Kind() == reflect.Pointer {
		if text == "" {
			v.SetZero()
			return ""
		}
		p := reflect.New(v.Type().Elem())
		if msg := setFormValue(p.Elem(), text); msg != "" {
			return msg
		}
		v.Set(p)
		return ""
	}
	if tu, ok := v.Addr().Interface().(encoding.TextUnmarshaler); ok {
		if text == "" {
			v.SetZero()
			return ""
		}
		if err := tu.UnmarshalText([]byte(text)); err != nil {
			return fmt.Sprintf("%q is not valid here: %v", text, err)
		}
		return ""
	}
	trimmed := strings.TrimSpace(text)
	switch v.Kind() {
	case reflect.String:
		v.SetString(text)
	case reflect.Slice: // []byte
		v.SetBytes([]byte(text))
	case reflect.Bool:
		switch strings.ToLower(trimmed) {
		case "on", "true", "1", "yes":
			v.SetBool(true)
		case "", "off", "false", "0", "no":
			v.SetBool(false)
		default:
			return fmt.Sprintf("want true or false, got %q", text)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if trimmed == "" {
			v.SetZero()
			return ""
		}
		n, err := strconv.ParseInt(trimmed, 10, v.Type().Bits())
		if err != nil {
			return integerMessage(v.Type(), text, err)
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if trimmed == "" {
			v.SetZero()
			return ""
		}
		n, err := strconv.ParseUint(trimmed, 10, v.Type().Bits())
		if err != nil {
			return integerMessage(v.Type(), text, err)
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		if trimmed == "" {
			v.SetZero()
			return ""
		}
		n, err := strconv.ParseFloat(trimmed, v.Type().Bits())
		if err != nil {
			return fmt.Sprintf("want a number, got %q", text)
		}
		v.SetFloat(n)
	}
	return ""
}

func integerMessage(t reflect.Type, text string, err error) string {
	if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
		lo, hi := integerRange(t)
		return fmt.Sprintf("want an integer from %s to %s, got %s", lo, hi, strings.TrimSpace(text))
	}
	return fmt.Sprintf("want an integer, got %q", text)
}
