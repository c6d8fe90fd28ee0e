package templates

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
	"time"
)

// ParseJSONContext decodes a JSON object into variables for Render, as
// Django would see the same data from Python: integers stay integers
// (int64, or *big.Int beyond its range), other numbers are float64, objects keep their key order (as
// Python dicts do), and {"$date": "YYYY-MM-DDTHH:MM:SS"} is a date-time
// (time.Time, naive, in UTC). Errors name the offset of the bad input.
func ParseJSONContext(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeJSONValue(dec)
	if err != nil {
		return nil, jsonErr(dec, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("JSON context: unexpected data after the object at offset %d", dec.InputOffset())
	}
	m, ok := v.(*orderedMap)
	if !ok {
		return nil, errors.New("JSON context: the top level must be an object")
	}
	out := make(map[string]any, len(m.keys))
	for _, k := range m.keys {
		out[k] = m.values[k]
	}
	return out, nil
}

func jsonErr(dec *json.Decoder, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("JSON context: %v (at offset %d)", se, se.Offset)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("JSON context: unexpected end of input")
	}
	return fmt.Errorf("JSON context: %v (near offset %d)", err, dec.InputOffset())
}

func decodeJSONValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			m := &orderedMap{values: map[string]any{}}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k := kt.(string)
				v, err := decodeJSONValue(dec)
				if err != nil {
					return nil, err
				}
				if _, dup := m.values[k]; !dup {
					m.keys = append(m.keys, k)
				}
				m.values[k] = v
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			if len(m.keys) == 1 && m.keys[0] == "$date" {
				s, ok := m.values["$date"].(string)
				if !ok {
					return nil, errors.New(`"$date" must be a string "YYYY-MM-DDTHH:MM:SS"`)
				}
				return parseJSONDate(s)
			}
			return m, nil
		case '[':
			list := []any{}
			for dec.More() {
				v, err := decodeJSONValue(dec)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return list, nil
		}
	case json.Number:
		s := string(t)
		if !strings.ContainsAny(s, ".eE") {
			if n, err := t.Int64(); err == nil {
				return n, nil
			}
			if b, ok := new(big.Int).SetString(s, 10); ok {
				return b, nil // Python's ints have no limit
			}
		}
		f, err := t.Float64()
		if err != nil {
			return nil, fmt.Errorf("number %s out of range", s)
		}
		return f, nil
	}
	return tok, nil // string, bool, nil
}

func parseJSONDate(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04:05.999999", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf(`"$date": %q is not YYYY-MM-DDTHH:MM:SS`, s)
}

// orderedMap is a JSON object with its key order: a Mapping.
type orderedMap struct {
	keys   []string
	values map[string]any
}

func (m *orderedMap) Keys() []string { return m.keys }

func (m *orderedMap) Get(k string) (any, bool) {
	v, ok := m.values[k]
	return v, ok
}

func (m *orderedMap) String() string { return reprMapping(m) }
