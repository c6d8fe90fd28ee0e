package h1_test

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"os"
	"testing"

	"github.com/goframe/goframe/gateway/internal/h1"
)

// corpusFile holds Gunicorn's request test cases, one JSON object a line.
const corpusFile = "testdata/gunicorn-requests.jsonl"

type corpusCase struct {
	Name     string
	Valid    bool
	Raw      []byte
	Settings map[string]any
	Requests []h1.Request
	Error    string // Gunicorn's exception class name
}

func loadCorpus(tb testing.TB) []corpusCase {
	tb.Helper()
	f, err := os.Open(corpusFile)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var cases []corpusCase
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var j struct {
			Name     string         `json:"name"`
			Valid    bool           `json:"valid"`
			RawB64   string         `json:"raw_b64"`
			Settings map[string]any `json:"settings"`
			Error    string         `json:"error"`
			Requests []struct {
				Method   string      `json:"method"`
				URI      string      `json:"uri"`
				Version  [2]int      `json:"version"`
				Headers  [][2]string `json:"headers"`
				BodyB64  string      `json:"body_b64"`
				Trailers [][2]string `json:"trailers"`
			} `json:"requests"`
		}
		if err := json.Unmarshal(sc.Bytes(), &j); err != nil {
			tb.Fatal(err)
		}
		raw, err := base64.StdEncoding.DecodeString(j.RawB64)
		if err != nil {
			tb.Fatalf("%s: %v", j.Name, err)
		}
		c := corpusCase{Name: j.Name, Valid: j.Valid, Raw: raw, Settings: j.Settings, Error: j.Error}
		for _, r := range j.Requests {
			body, err := base64.StdEncoding.DecodeString(r.BodyB64)
			if err != nil {
				tb.Fatalf("%s: %v", j.Name, err)
			}
			c.Requests = append(c.Requests, h1.Request{
				Method: latin1(r.Method), Target: latin1(r.URI), Major: r.Version[0], Minor: r.Version[1],
				Header: latin1Fields(r.Headers), Body: body, Trailer: latin1Fields(r.Trailers),
			})
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return cases
}

// limitsFor maps a case's Gunicorn settings to Limits. Gunicorn treats
// limit_request_field_size 0 as its default and limit_request_line 0 as
// unlimited (as Limits does).
func limitsFor(c corpusCase) h1.Limits {
	l := h1.DefaultLimits()
	if v, ok := c.Settings["limit_request_line"].(float64); ok {
		l.RequestLine = int(v)
	}
	if v, ok := c.Settings["limit_request_fields"].(float64); ok {
		l.Fields = int(v)
	}
	if v, ok := c.Settings["limit_request_field_size"].(float64); ok && v != 0 {
		l.FieldSize = int(v)
	}
	return l
}

// latin1 turns a corpus string back into the bytes sent: Gunicorn decodes
// the request head as ISO-8859-1 (WSGI), the corpus stores that decoding.
func latin1(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			panic("corpus string is not ISO-8859-1: " + s)
		}
		b = append(b, byte(r))
	}
	return string(b)
}

func latin1Fields(f [][2]string) [][2]string {
	out := make([][2]string, len(f))
	for i, kv := range f {
		out[i] = [2]string{latin1(kv[0]), latin1(kv[1])}
	}
	return out
}
