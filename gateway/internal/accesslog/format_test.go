package accesslog_test

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/goframe/goframe/gateway/internal/accesslog"
)

var start = time.Date(2000, 10, 10, 13, 55, 36, 123_000_000, time.FixedZone("", -7*3600))

func basic(userpass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(userpass))
}

// entry is a finished request with every field set.
func entry() *accesslog.Entry {
	r := httptest.NewRequest(http.MethodGet, "/caf%C3%A9/x?a=1&b=2", nil)
	r.Host = "example.com:8080"
	r.RemoteAddr = "10.0.0.2:5000"
	r.Header.Set("Referer", "https://ref.example/")
	r.Header.Set("User-Agent", "curl/8.0")
	r.Header.Set("Authorization", basic("alice:secret"))
	r.Header.Set("Content-Type", "text/plain")
	r.Header.Add("X-Request-Id", "a")
	r.Header.Add("X-Request-Id", "b")
	return &accesslog.Entry{
		Request:    r,
		RemoteAddr: "203.0.113.7:4711",
		Status:     200,
		Bytes:      2326,
		Start:      start,
		Duration:   2*time.Second + 345_678*time.Microsecond + 999,
		ResponseHeader: http.Header{
			"Content-Type": {"text/html"},
			"Set-Cookie":   {"a=1", "b=2"},
		},
		PID: 4242,
	}
}

func render(t *testing.T, format string, e *accesslog.Entry) string {
	t.Helper()
	f, err := accesslog.Compile(format)
	if err != nil {
		t.Fatalf("Compile(%q): %v", format, err)
	}
	return string(f.Append(nil, e))
}

func TestAtoms(t *testing.T) {
	t.Setenv("GOFRAME_ACCESSLOG_TEST", "from-env")
	tests := []struct{ format, want string }{
		{"%(h)s", "203.0.113.7"},
		{"%(l)s", "-"},
		{"%(u)s", "alice"},
		{"%(t)s", "[10/Oct/2000:13:55:36 -0700]"},
		{"%(r)s", "GET /caf%C3%A9/x?a=1&b=2 HTTP/1.1"},
		{"%(m)s", "GET"},
		{"%(U)s", "/café/x"},
		{"%(q)s", "a=1&b=2"},
		{"%(H)s", "HTTP/1.1"},
		{"%(s)s", "200"},
		{"%(B)s", "2326"},
		{"%(b)s", "2326"},
		{"%(f)s", "https://ref.example/"},
		{"%(a)s", "curl/8.0"},
		{"%(T)s", "2"},
		{"%(D)s", "2345678"},
		{"%(M)s", "2345"},
		{"%(L)s", "2.345678"},
		{"%(p)s", "<4242>"},
		{"%({x-request-id}i)s", "a, b"},
		{"%({X-REQUEST-ID}I)s", "a, b"},
		{"%({host}i)s", "example.com:8080"},
		{"%({missing}i)s", "-"},
		{"%({content-type}o)s", "text/html"},
		{"%({set-cookie}o)s", "a=1, b=2"},
		{"%({missing}o)s", "-"},
		{"%({request_method}e)s", "GET"},
		{"%({QUERY_STRING}e)s", "a=1&b=2"},
		{"%({raw_uri}e)s", "/caf%C3%A9/x?a=1&b=2"},
		{"%({path_info}e)s", "/café/x"},
		{"[%({script_name}e)s]", "[]"},
		{"%({server_protocol}e)s", "HTTP/1.1"},
		{"%({remote_addr}e)s", "203.0.113.7"},
		{"%({remote_port}e)s", "4711"},
		{"%({server_name}e)s", "example.com"},
		{"%({server_port}e)s", "8080"},
		{"%({content_type}e)s", "text/plain"},
		{"%({content_length}e)s", "-"},
		{"%({http_user_agent}e)s", "curl/8.0"},
		{"%({HTTP_X_REQUEST_ID}e)s", "a, b"},
		{"%({wsgi.url_scheme}e)s", "http"},
		{"%({GOFRAME_ACCESSLOG_TEST}e)s", "from-env"},
		{"%({goframe_accesslog_test}e)s", "from-env"},
		{"%({GOFRAME_NO_SUCH_VARIABLE}e)s", "-"},
		{"%(zz)s", "-"},
		{"%(H2)s", "-"},
		{"%({x}z)s", "-"},
		{"%()s", "-"},
		{"%(a(b)c)s", "-"},
		{"100%% %(s)d", "100% 200"},
		{"%(s)i %(s)u %(s)r %(s)a", "200 200 200 200"},
		{"[%(s)5s]", "[  200]"},
		{"[%(s)-5s]", "[200  ]"},
		{"[%(U)-8s]", "[/café/x ]"},
		{"[%(s)2s]", "[200]"},
		{"no atoms", "no atoms"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			if got := render(t, tt.format, entry()); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAtomsMissing(t *testing.T) {
	tests := []struct {
		name, format, want string
		edit               func(e *accesslog.Entry)
	}{
		{"nil request", "%(h)s %(u)s %(r)s %(m)s %(U)s %(q)s %(H)s %(f)s %(a)s %({host}i)s %({wsgi.url_scheme}e)s", "203.0.113.7 - - - - - - - - - -",
			func(e *accesslog.Entry) { e.Request = nil }},
		{"zero bytes", "%(b)s %(B)s", "- 0", func(e *accesslog.Entry) { e.Bytes = 0 }},
		{"unknown bytes", "%(b)s %(B)s", "- -", func(e *accesslog.Entry) { e.Bytes = -1 }},
		{"no status", "%(s)s", "-", func(e *accesslog.Entry) { e.Status = 0 }},
		{"no query", "[%(q)s]", "[]", func(e *accesslog.Entry) { e.Request.URL.RawQuery = "" }},
		{"no auth", "%(u)s", "-", func(e *accesslog.Entry) { e.Request.Header.Del("Authorization") }},
		{"bearer", "%(u)s", "-", func(e *accesslog.Entry) { e.Request.Header.Set("Authorization", "Bearer abc") }},
		{"bad base64", "%(u)s", "-", func(e *accesslog.Entry) { e.Request.Header.Set("Authorization", "Basic !!!") }},
		{"no colon", "%(u)s", "bob", func(e *accesslog.Entry) {
			e.Request.Header.Set("Authorization", "basic "+base64.StdEncoding.EncodeToString([]byte("bob")))
		}},
		{"long user", "%(u)s", strings.Repeat("u", 300), func(e *accesslog.Entry) { e.Request.Header.Set("Authorization", basic(strings.Repeat("u", 300)+":p")) }},
		{"remote from request", "%(h)s", "10.0.0.2", func(e *accesslog.Entry) { e.RemoteAddr = "" }},
		{"unix socket", "%(h)s", "-", func(e *accesslog.Entry) { e.RemoteAddr, e.Request.RemoteAddr = "", "" }},
		{"IPv6", "%(h)s %({remote_port}e)s", "2001:db8::1 80", func(e *accesslog.Entry) { e.RemoteAddr = "[2001:db8::1]:80" }},
		{"no port", "%(h)s", "192.0.2.1", func(e *accesslog.Entry) { e.RemoteAddr = "192.0.2.1" }},
		{"https default port", "%({wsgi.url_scheme}e)s %({server_port}e)s", "https 443", func(e *accesslog.Entry) { e.Request.URL.Scheme, e.Request.Host = "https", "example.com" }},
		{"http default port", "%({server_port}e)s", "80", func(e *accesslog.Entry) { e.Request.Host = "example.com" }},
		{"negative duration", "%(T)s %(D)s %(M)s %(L)s", "0 0 0 0.000000", func(e *accesslog.Entry) { e.Duration = -time.Second }},
		{"short duration", "%(L)s %(M)s", "0.000042 0", func(e *accesslog.Entry) { e.Duration = 42 * time.Microsecond }},
		{"request without RequestURI", "%(r)s", "GET /caf%C3%A9/x?a=1&b=2 HTTP/1.1", func(e *accesslog.Entry) { e.Request.RequestURI = "" }},
		{"transfer encoding", "%({transfer-encoding}i)s", "chunked", func(e *accesslog.Entry) { e.Request.TransferEncoding = []string{"chunked"} }},
		{"empty header", "[%({x-empty}i)s]", "[]", func(e *accesslog.Entry) { e.Request.Header["X-Empty"] = []string{""} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := entry()
			tt.edit(e)
			if got := render(t, tt.format, e); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDefaultFormat(t *testing.T) {
	want := `203.0.113.7 - alice [10/Oct/2000:13:55:36 -0700] "GET /caf%C3%A9/x?a=1&b=2 HTTP/1.1" 200 2326 "https://ref.example/" "curl/8.0"`
	if got := render(t, accesslog.DefaultFormat, entry()); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	e := entry()
	e.Request.Header = http.Header{}
	e.Bytes = 0
	want = `203.0.113.7 - - [10/Oct/2000:13:55:36 -0700] "GET /caf%C3%A9/x?a=1&b=2 HTTP/1.1" 200 - "-" "-"`
	if got := render(t, accesslog.DefaultFormat, e); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestEscaping(t *testing.T) {
	tests := []struct{ name, value, want string }{
		{"plain", "curl/8.0", "curl/8.0"},
		{"quote", `a"b`, `a\"b`},
		{"backslash", `a\b`, `a\\b`},
		{"newline", "a\nb", `a\nb`},
		{"carriage return", "a\rb", `a\rb`},
		{"tab", "a\tb", `a\tb`},
		{"nul", "a\x00b", `a\x00b`},
		{"escape", "a\x1b[31mb", `a\x1b[31mb`},
		{"del", "a\x7fb", `a\x7fb`},
		{"invalid utf8", "a\xffb", `a\xffb`},
		{"truncated utf8", "a\xc3", `a\xc3`},
		{"c1 control", "a\u0085b", `a\xc2\x85b`},
		{"line separator", "a\u2028b", `a\xe2\x80\xa8b`},
		{"utf8 kept", "café ☕", "café ☕"},
		{"forged line", "x\"\n203.0.113.9 - - [01/Jan/2000:00:00:00 +0000] \"GET / HTTP/1.1\" 200 0 \"-\" \"y",
			`x\"\n203.0.113.9 - - [01/Jan/2000:00:00:00 +0000] \"GET / HTTP/1.1\" 200 0 \"-\" \"y`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := entry()
			e.Request.Header.Set("User-Agent", tt.value)
			if got := render(t, "%(a)s", e); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			// Every source of client text is escaped.
			e.Request.Header.Set("Referer", tt.value)
			e.Request.Header.Set("X-Custom", tt.value)
			e.Request.Header.Set("Authorization", basic(tt.value+":pw"))
			e.Request.Method = tt.value
			e.Request.URL.Path = tt.value
			e.Request.URL.RawQuery = tt.value
			e.Request.RequestURI = tt.value
			e.Request.Host = tt.value
			e.ResponseHeader.Set("X-Out", tt.value)
			line := render(t, `"%(f)s" "%({x-custom}i)s" "%(u)s" "%(m)s" "%(U)s" "%(q)s" "%(r)s" "%({host}i)s" "%({x-out}o)s"`, e)
			if strings.ContainsAny(line, "\n\r\x00\x1b") || strings.Contains(line, "\u2028") || strings.Contains(line, "\u0085") {
				t.Errorf("line contains raw control characters: %q", line)
			}
			if n := strings.Count(line, `"`) - strings.Count(line, `\"`); n != 18 {
				t.Errorf("line has %d unescaped quotes, want 18: %s", n, line)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct{ format, want string }{
		{"%(h)s %(h", `accesslog: access-logformat: unterminated atom at offset 6: "%(h"`},
		{"%(h)", `accesslog: access-logformat: missing conversion after atom at offset 0: "%(h)"`},
		{"%(h)x", `accesslog: access-logformat: unsupported conversion 'x' at offset 0: "%(h)x"`},
		{"%(h).3s", `accesslog: access-logformat: unsupported conversion '.' at offset 0: "%(h).3s"`},
		{"%s", `accesslog: access-logformat: % not followed by "(atom)" or "%" at offset 0: "%s"`},
		{"100%", `accesslog: access-logformat: lone % at end at offset 3: "%"`},
		{"%((h)s", `accesslog: access-logformat: unterminated atom at offset 0: "%((h)s"`},
		{"%(h)99999s", `accesslog: access-logformat: width too large at offset 0: "%(h)99999s"`},
		{"%(h" + strings.Repeat("x", 40), `accesslog: access-logformat: unterminated atom at offset 0: "%(hxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."`},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			f, err := accesslog.Compile(tt.format)
			if err == nil {
				t.Fatalf("Compile(%q) = %v, want an error", tt.format, f)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %s\nwant    %s", err, tt.want)
			}
		})
	}
}

func TestFormatString(t *testing.T) {
	f, err := accesslog.Compile(accesslog.DefaultFormat)
	if err != nil {
		t.Fatal(err)
	}
	if f.String() != accesslog.DefaultFormat {
		t.Errorf("String() = %q", f.String())
	}
}

func TestAppendAllocs(t *testing.T) {
	f, err := accesslog.Compile(accesslog.DefaultFormat + ` %(T)s %(D)s %(L)s %(p)s "%({x-request-id}i)s" "%({content-type}o)s"`)
	if err != nil {
		t.Fatal(err)
	}
	e := entry()
	buf := make([]byte, 0, 1024)
	tests := []struct {
		name string
		fn   func()
	}{
		{"Format.Append", func() { buf = f.Append(buf[:0], e) }},
		{"AppendJSON", func() { buf = accesslog.AppendJSON(buf[:0], e) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if n := testing.AllocsPerRun(100, tt.fn); n != 0 {
				t.Errorf("%v allocations per call, want 0", n)
			}
		})
	}
}

func BenchmarkAppend(b *testing.B) {
	f, err := accesslog.Compile(accesslog.DefaultFormat)
	if err != nil {
		b.Fatal(err)
	}
	e := entry()
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		buf = f.Append(buf[:0], e)
	}
}

func BenchmarkAppendJSON(b *testing.B) {
	e := entry()
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		buf = accesslog.AppendJSON(buf[:0], e)
	}
}
