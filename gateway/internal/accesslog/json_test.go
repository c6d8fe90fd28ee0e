package accesslog_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/goframe/goframe/gateway/internal/accesslog"
)

func TestAppendJSON(t *testing.T) {
	want := `{"remote_addr":"203.0.113.7","time":"2000-10-10T13:55:36.123-07:00","method":"GET","path":"/café/x","query":"a=1&b=2",` +
		`"proto":"HTTP/1.1","status":200,"bytes":2326,"duration_ms":2345.678,"referer":"https://ref.example/","user_agent":"curl/8.0",` +
		`"host":"example.com:8080","pid":4242}`
	if got := string(accesslog.AppendJSON(nil, entry())); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}

	e := entry()
	e.Request = nil
	e.Bytes = -1
	want = `{"remote_addr":"203.0.113.7","time":"2000-10-10T13:55:36.123-07:00","method":"","path":"","query":"",` +
		`"proto":"","status":200,"bytes":0,"duration_ms":2345.678,"referer":"","user_agent":"","host":"","pid":4242}`
	if got := string(accesslog.AppendJSON(nil, e)); got != want {
		t.Errorf("nil request:\ngot  %s\nwant %s", got, want)
	}
}

func TestAppendJSONHostile(t *testing.T) {
	tests := []struct{ name, value, want string }{
		{"plain", "curl/8.0", "curl/8.0"},
		{"quote and backslash", `a"b\c`, `a"b\c`},
		{"controls", "a\n\r\t\x00\x1f\x7fb", "a\n\r\t\x00\x1f\x7fb"},
		{"invalid utf8", "a\xff\xc3b", "a\ufffd\ufffdb"},
		{"separators", "a\u2028\u2029b", "a\u2028\u2029b"},
		{"utf8", "café ☕ 𝄞", "café ☕ 𝄞"},
		{"html", "<script>&</script>", "<script>&</script>"},
		{"json injection", `","status":500,"x":"`, `","status":500,"x":"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := entry()
			r := e.Request
			r.Method = tt.value
			r.URL.Path = tt.value
			r.URL.RawQuery = tt.value
			r.Proto = tt.value
			r.Host = tt.value
			r.Header.Set("Referer", tt.value)
			r.Header.Set("User-Agent", tt.value)
			e.RemoteAddr = tt.value
			line := accesslog.AppendJSON(nil, e)
			if !json.Valid(line) {
				t.Fatalf("invalid JSON: %s", line)
			}
			if bytes.ContainsAny(line, "\n\r") || bytes.Contains(line, []byte("\u2028")) {
				t.Errorf("raw line break in %q", line)
			}
			var got map[string]any
			dec := json.NewDecoder(bytes.NewReader(line))
			dec.UseNumber()
			if err := dec.Decode(&got); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"method", "path", "query", "proto", "host", "referer", "user_agent", "remote_addr"} {
				if got[k] != tt.want {
					t.Errorf("%s = %q, want %q", k, got[k], tt.want)
				}
			}
			if got["status"] != json.Number("200") || len(got) != 13 {
				t.Errorf("status = %v, %d keys", got["status"], len(got))
			}
		})
	}
}

func TestAppendJSONKeys(t *testing.T) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(accesslog.AppendJSON(nil, entry()), &m); err != nil {
		t.Fatal(err)
	}
	keys := "remote_addr time method path query proto status bytes duration_ms referer user_agent host pid"
	for _, k := range strings.Fields(keys) {
		t.Run(k, func(t *testing.T) {
			if _, ok := m[k]; !ok {
				t.Errorf("key %q missing", k)
			}
		})
	}
}
