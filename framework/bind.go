package framework

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
)

// Messages of the *RequestError values that binding returns.
const (
	msgInvalidJSON = "invalid JSON body"
	msgInvalidData = "invalid data"
)

// BindJSON decodes the request's JSON body into v (a non-nil pointer to a
// struct, usually), then validates it: the `validate` struct tags
// (see Validate) and a Validate method (Validator).
//
// Every failure caused by what the client sent is a *RequestError, so a
// view can return Error(err) and the client gets its status — a JSON
// client gets {"error": ..., "fields": {"author.age": "..."}}:
//
//   - 415: the Content-Type is not application/json (nor a +json type);
//   - 413: the body is larger than DefaultMaxFormBytes;
//   - 400: the body is empty, not JSON (the message gives the line,
//     column and byte offset), has data after the JSON value, or does not
//     fit v. Values of the wrong type and unknown fields are listed in
//     Fields by their JSON path ("items[1].qty": "want an integer, got
//     string"). Unknown fields are refused, not ignored: a misspelt
//     field silently dropped is a wrong result nobody sees. A view that
//     accepts extra fields decodes r.HTTP.Body itself.
//   - 400: validation failed; Fields names every failing field.
//
// Any other error (v is not a pointer, a `validate` tag is malformed) is
// the program's fault and becomes a 500. BindJSON reads the body: call it
// once per request.
func (r *Request) BindJSON(v any) error {
	if err := checkBindTarget("BindJSON", v); err != nil {
		return err
	}
	ct := r.HTTP.Header.Get("Content-Type")
	if !isJSONType(ct) {
		return unsupportedType(ct, "application/json")
	}
	data, err := r.readBody("JSON body", DefaultMaxFormBytes)
	if err != nil {
		return err
	}
	if err := decodeJSON(data, v); err != nil {
		return err
	}
	return validate(v, jsonNaming, nil)
}

// Bind fills v from the request by its Content-Type: a JSON body as
// BindJSON does, an urlencoded or multipart form as BindForm does (and
// the query string of a GET or HEAD). Any other type is a *RequestError
// with status 415.
func (r *Request) Bind(v any) error {
	ct := r.HTTP.Header.Get("Content-Type")
	switch {
	case r.HTTP.Method == http.MethodGet || r.HTTP.Method == http.MethodHead:
		return r.BindForm(v)
	case isJSONType(ct):
		return r.BindJSON(v)
	case isFormType(ct):
		return r.BindForm(v)
	}
	return unsupportedType(ct, "application/json, application/x-www-form-urlencoded or multipart/form-data")
}

// isJSONType reports whether the Content-Type ct is JSON:
// application/json or a structured +json type (application/merge-patch+json),
// in UTF-8 (RFC 8259) if a charset is given.
func isJSONType(ct string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return false
	}
	return mt == "application/json" || (strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}

// unsupportedType is the 415 for a Content-Type ct when want was wanted.
func unsupportedType(ct, want string) error {
	got := "no Content-Type"
	if ct != "" {
		got = fmt.Sprintf("Content-Type %q", ct)
	}
	return &RequestError{Status: http.StatusUnsupportedMediaType,
		Message: fmt.Sprintf("unsupported media type: got %s, want %s", got, want)}
}

// checkBindTarget refuses what cannot be decoded into: the caller's bug.
func checkBindTarget(fn string, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("framework: %s: want a non-nil pointer, got %T", fn, v)
	}
	return nil
}

// readBody reads the whole body, at most limit bytes (413 beyond).
func (r *Request) readBody(what string, limit int64) ([]byte, error) {
	if r.HTTP.Body == nil || r.HTTP.Body == http.NoBody {
		return nil, nil
	}
	r.HTTP.Body = http.MaxBytesReader(r.w, r.HTTP.Body, limit)
	data, err := io.ReadAll(r.HTTP.Body)
	if err != nil {
		return nil, bodyError(what, err)
	}
	return data, nil
}

// decodeJSON decodes exactly one JSON value from data into v, refusing
// unknown fields; the errors are *RequestError values with status 400.
func decodeJSON(data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return &RequestError{Status: http.StatusBadRequest, Message: msgInvalidJSON + ": the body is empty"}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(data, v, err)
	}
	if off := dec.InputOffset(); len(bytes.TrimSpace(data[off:])) > 0 {
		off += int64(len(data[off:]) - len(bytes.TrimLeft(data[off:], " \t\r\n")))
		return &RequestError{Status: http.StatusBadRequest,
			Message: fmt.Sprintf("%s: unexpected data after the JSON value at %s", msgInvalidJSON, position(data, off))}
	}
	return nil
}

// jsonError turns a decoding error into a 400 that says where the body
// went wrong.
func jsonError(data []byte, v any, err error) error {
	bad := func(msg string) error {
		return &RequestError{Status: http.StatusBadRequest, Message: msgInvalidJSON + ": " + msg, Err: err}
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		// Offset counts the bytes read, the offending one included.
		return bad(fmt.Sprintf("syntax error at %s: %s", position(data, max(se.Offset-1, 0)), se.Error()))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return bad(fmt.Sprintf("unexpected end of the body at %s", position(data, int64(len(data)))))
	}
	// A value of the wrong type, an unknown field, a ",string" field
	// unquoted: find every misfit with its full path (encoding/json names
	// the first one only, without indices).
	fields, top := checkJSON(data, reflect.TypeOf(v).Elem())
	if top != "" {
		return bad(top)
	}
	if len(fields) == 0 { // the walk missed it: say what encoding/json says
		errors.As(err, &te)
		switch {
		case te != nil && te.Field == "":
			return bad(fmt.Sprintf("want %s, got %s", describeType(te.Type), te.Value))
		case te != nil:
			fields = map[string]string{te.Field: fmt.Sprintf("want %s, got %s", describeType(te.Type), te.Value)}
		case strings.HasPrefix(err.Error(), unknownFieldPrefix):
			fields = map[string]string{strings.Trim(strings.TrimPrefix(err.Error(), unknownFieldPrefix), `"`): "unknown field"}
		default:
			// An UnmarshalJSON or UnmarshalText method refused a value
			// (a bad time, say): the data's fault, where is unknown.
			return bad(err.Error())
		}
	}
	return &RequestError{Status: http.StatusBadRequest, Message: msgInvalidJSON, Fields: fields, Err: err}
}

// unknownFieldPrefix begins encoding/json's error for an unknown field.
const unknownFieldPrefix = "json: unknown field "

// position describes the byte at offset off (from 0) of data as "line L,
// column C (offset off)", lines and columns counted from 1 as editors do.
func position(data []byte, off int64) string {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return fmt.Sprintf("line %d, column %d (offset %d)", line, col, off)
}
