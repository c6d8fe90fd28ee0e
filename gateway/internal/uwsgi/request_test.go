package uwsgi

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"maps"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// vars builds the vars nginx sends for a simple request, plus extra.
func vars(method, uri string, extra ...[2]string) [][2]string {
	v := [][2]string{
		{"REQUEST_METHOD", method},
		{"REQUEST_URI", uri},
		{"SERVER_PROTOCOL", "HTTP/1.1"},
		{"HTTP_HOST", "example.com"},
	}
	return append(v, extra...)
}

func parse(pkt []byte, l Limits) (*http.Request, error) {
	return ReadRequest(bufio.NewReader(bytes.NewReader(pkt)), l)
}

func TestReadRequestAccepts(t *testing.T) {
	tests := []struct {
		name  string
		extra [][2]string
		proto string
	}{
		{"tab in value", [][2]string{{"HTTP_X_A", "a\tb"}}, ""},
		{"obs-text in value", [][2]string{{"HTTP_X_A", "caf\xc3\xa9"}}, ""},
		{"empty value", [][2]string{{"HTTP_X_A", ""}}, ""},
		{"empty content vars", [][2]string{{"CONTENT_TYPE", ""}, {"CONTENT_LENGTH", ""}}, ""},
		{"zero header length", [][2]string{{"HTTP_CONTENT_LENGTH", "0"}}, ""},
		{"token name", [][2]string{{"HTTP_X.A!B", "1"}}, ""},
		{"http 1.0", nil, "HTTP/1.0"},
		{"http 2", nil, "HTTP/2.0"},
		{"http 3", nil, "HTTP/3.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := vars("GET", "/", tt.extra...)
			if tt.proto != "" {
				v[2][1] = tt.proto
			}
			r, err := parse(AppendPacket(nil, v), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if tt.proto != "" && r.Proto != tt.proto {
				t.Errorf("Proto = %q", r.Proto)
			}
		})
	}
}

func TestReadRequestMapping(t *testing.T) {
	pkt := AppendPacket(nil, [][2]string{
		{"QUERY_STRING", "a=1&b=2"},
		{"REQUEST_METHOD", "POST"},
		{"CONTENT_TYPE", "text/plain"},
		{"CONTENT_LENGTH", "011"},
		{"REQUEST_URI", "/p%20q/r?a=1&b=2"},
		{"PATH_INFO", "/p q/r"},
		{"SERVER_PROTOCOL", "HTTP/1.0"},
		{"REQUEST_SCHEME", "https"},
		{"HTTPS", "on"},
		{"REMOTE_ADDR", "203.0.113.7"},
		{"REMOTE_PORT", "4711"},
		{"SERVER_NAME", "example.com"},
		{"HTTP_HOST", "example.com:8443"},
		{"HTTP_X_FORWARDED_FOR", "198.51.100.1"},
		{"HTTP_ACCEPT_ENCODING", "gzip"},
		{"HTTP_X_DUP", "a"},
		{"HTTP_X_DUP", "b"},
		{"HTTP_COOKIE", "c=1"},
		{"HTTP_COOKIE", "d=2"},
		{"HTTP_CONTENT_TYPE", "text/plain"},
		{"HTTP_CONTENT_LENGTH", "11"},
		{"HTTP_TRANSFER_ENCODING", "chunked"},
		{"HTTP_X_A1B", "digits"},
	})
	stream := append(pkt, "hello worldNEXT"...)
	br := bufio.NewReader(bytes.NewReader(stream))
	r, err := ReadRequest(br, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := http.Header{
		"X-Forwarded-For": {"198.51.100.1"},
		"Accept-Encoding": {"gzip"},
		"X-Dup":           {"a", "b"},
		"Cookie":          {"c=1", "d=2"},
		"Content-Type":    {"text/plain"},
		"Content-Length":  {"11"},
		"X-A1b":           {"digits"},
	}
	if !reflect.DeepEqual(r.Header, wantHeader) {
		t.Errorf("Header = %v\nwant %v", r.Header, wantHeader)
	}
	for k := range r.Header {
		if http.CanonicalHeaderKey(k) != k {
			t.Errorf("header key %q is not canonical", k)
		}
	}
	checks := []struct{ name, got, want string }{
		{"Method", r.Method, "POST"},
		{"RequestURI", r.RequestURI, "/p%20q/r?a=1&b=2"},
		{"URL.Path", r.URL.Path, "/p q/r"},
		{"URL.RawQuery", r.URL.RawQuery, "a=1&b=2"},
		{"URL.Scheme", r.URL.Scheme, ""},
		{"URL.Host", r.URL.Host, ""},
		{"Proto", r.Proto, "HTTP/1.0"},
		{"Host", r.Host, "example.com:8443"},
		{"RemoteAddr", r.RemoteAddr, ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if r.ProtoMajor != 1 || r.ProtoMinor != 0 || r.ContentLength != 11 || r.TLS != nil || !r.Close {
		t.Errorf("ProtoMajor %d ProtoMinor %d ContentLength %d TLS %v Close %v",
			r.ProtoMajor, r.ProtoMinor, r.ContentLength, r.TLS, r.Close)
	}
	if c, err := r.Cookie("d"); err != nil || c.Value != "2" {
		t.Errorf("Cookie(d) = %v, %v", c, err)
	}
	m := Vars(r.Context())
	for k, want := range map[string]string{
		"REMOTE_ADDR":    "203.0.113.7",
		"REMOTE_PORT":    "4711",
		"HTTPS":          "on",
		"PATH_INFO":      "/p q/r",
		"HTTP_X_DUP":     "a, b",
		"HTTP_COOKIE":    "c=1; d=2",
		"CONTENT_LENGTH": "011",
	} {
		if m[k] != want {
			t.Errorf("Vars[%s] = %q, want %q", k, m[k], want)
		}
	}
	b, err := io.ReadAll(r.Body)
	if err != nil || string(b) != "hello world" {
		t.Fatalf("body = %q, %v", b, err)
	}
	if n, err := r.Body.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		t.Errorf("read after EOF = %d, %v", n, err)
	}
	r.Body.Close()
	if _, err := r.Body.Read(make([]byte, 1)); err != http.ErrBodyReadAfterClose {
		t.Errorf("read after Close: %v", err)
	}
	rest, _ := io.ReadAll(br)
	if string(rest) != "NEXT" {
		t.Errorf("stream after body = %q, want NEXT", rest)
	}
}

func TestReadRequestTargets(t *testing.T) {
	tests := []struct {
		method, uri       string
		path, host, query string
	}{
		{"GET", "/a?b=c", "/a", "example.com", "b=c"},
		{"OPTIONS", "*", "*", "example.com", ""},
		{"CONNECT", "proxy.example:443", "", "proxy.example:443", ""},
		{"GET", "http://other.example/x?y", "/x", "other.example", "y"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.uri, func(t *testing.T) {
			r, err := parse(AppendPacket(nil, vars(tt.method, tt.uri)), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if r.URL.Path != tt.path || r.Host != tt.host || r.URL.RawQuery != tt.query || r.URL.Scheme != "" && tt.method == "CONNECT" {
				t.Errorf("URL %#v Host %q", r.URL, r.Host)
			}
		})
	}
}

func TestReadRequestBody(t *testing.T) {
	tests := []struct {
		name, length, stream string
		want                 string
		wantErr              error
	}{
		{"exact", "5", "hello", "hello", nil},
		{"more on stream", "3", "hello", "hel", nil},
		{"truncated", "10", "hello", "hello", io.ErrUnexpectedEOF},
		{"empty", "0", "hello", "", nil},
		{"absent", "", "hello", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pkt := AppendPacket(nil, vars("POST", "/", [2]string{"CONTENT_LENGTH", tt.length}))
			r, err := parse(append(pkt, tt.stream...), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" && r.Body != http.NoBody {
				t.Errorf("Body = %T, want http.NoBody", r.Body)
			}
			b, err := io.ReadAll(r.Body)
			if string(b) != tt.want || !errors.Is(err, tt.wantErr) && err != tt.wantErr {
				t.Fatalf("body = %q, %v; want %q, %v", b, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	// Each case builds a request exactly at the limit with n = 0 and one
	// over it with n = 1.
	tests := []struct {
		name   string
		limits Limits
		build  func(n int) [][2]string
		status int
	}{
		{
			name:   "MaxPacket",
			limits: Limits{MaxPacket: 200},
			build: func(n int) [][2]string {
				v := vars("GET", "/", [2]string{"PAD", ""})
				size := len(AppendPacket(nil, v)) - headerSize
				v[len(v)-1][1] = strings.Repeat("p", 200-size+n)
				return v
			},
			status: 431,
		},
		{
			name:   "RequestLine",
			limits: Limits{RequestLine: 100},
			build: func(n int) [][2]string {
				// GET + space + uri + space + HTTP/1.1
				return vars("GET", "/"+strings.Repeat("u", 100-len("GET  HTTP/1.1")-1+n))
			},
			status: 400,
		},
		{
			name:   "Fields",
			limits: Limits{Fields: 10},
			build: func(n int) [][2]string {
				v := vars("POST", "/", [2]string{"CONTENT_TYPE", "text/plain"}, [2]string{"CONTENT_LENGTH", "0"}) // host + 2
				for i := 0; i < 7+n; i++ {
					v = append(v, [2]string{"HTTP_X_" + string(rune('A'+i)), "v"})
				}
				return v
			},
			status: 431,
		},
		{
			name:   "Fields with twins",
			limits: Limits{Fields: 3},
			build: func(n int) [][2]string {
				// HTTP_CONTENT_TYPE makes CONTENT_TYPE not count again.
				v := vars("POST", "/", [2]string{"CONTENT_TYPE", "text/plain"}, [2]string{"HTTP_CONTENT_TYPE", "text/plain"}, [2]string{"HTTP_X", "1"})
				if n > 0 {
					v = append(v, [2]string{"CONTENT_LENGTH", "0"})
				}
				return v
			},
			status: 431,
		},
		{
			name:   "FieldSize",
			limits: Limits{FieldSize: 50},
			build: func(n int) [][2]string {
				// len("X-Long") + 2 + len(value)
				return vars("GET", "/", [2]string{"HTTP_X_LONG", strings.Repeat("v", 50-8+n)})
			},
			status: 431,
		},
		{
			name:   "FieldSize content type",
			limits: Limits{FieldSize: 50},
			build: func(n int) [][2]string {
				return vars("GET", "/", [2]string{"CONTENT_TYPE", strings.Repeat("v", 50-14+n)})
			},
			status: 431,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := parse(AppendPacket(nil, tt.build(0)), tt.limits); err != nil {
				t.Fatalf("at the limit: %v", err)
			}
			_, err := parse(AppendPacket(nil, tt.build(1)), tt.limits)
			var e *Error
			if !errors.As(err, &e) || e.Status != tt.status {
				t.Fatalf("one over: err = %v, want status %d", err, tt.status)
			}
			if _, err := parse(AppendPacket(nil, tt.build(1)), Limits{}); err != nil {
				t.Fatalf("zero Limits: %v", err)
			}
		})
	}
}

func TestTrustVars(t *testing.T) {
	tests := []struct {
		name       string
		extra      [][2]string
		remote     string
		scheme     string
		wantErr    bool
		noVarsPeer bool
	}{
		{name: "ipv4", extra: [][2]string{{"REMOTE_ADDR", "203.0.113.7"}, {"REMOTE_PORT", "4711"}}, remote: "203.0.113.7:4711"},
		{name: "ipv6", extra: [][2]string{{"REMOTE_ADDR", "2001:db8::1"}, {"REMOTE_PORT", "1"}}, remote: "[2001:db8::1]:1"},
		{name: "mapped", extra: [][2]string{{"REMOTE_ADDR", "::ffff:10.0.0.1"}, {"REMOTE_PORT", "1"}}, remote: "10.0.0.1:1"},
		{name: "no port", extra: [][2]string{{"REMOTE_ADDR", "203.0.113.7"}}, remote: "203.0.113.7:0"},
		{name: "bad port", extra: [][2]string{{"REMOTE_ADDR", "203.0.113.7"}, {"REMOTE_PORT", "99999"}}, remote: "203.0.113.7:0"},
		{name: "unix client", extra: [][2]string{{"REMOTE_ADDR", "unix:"}}, remote: "peer"},
		{name: "no addr", remote: "peer"},
		{name: "bad addr", extra: [][2]string{{"REMOTE_ADDR", "example.com"}}, wantErr: true},
		{name: "https on", extra: [][2]string{{"HTTPS", "on"}}, remote: "peer", scheme: "https"},
		{name: "https ON", extra: [][2]string{{"HTTPS", "ON"}}, remote: "peer", scheme: "https"},
		{name: "https 1", extra: [][2]string{{"HTTPS", "1"}}, remote: "peer", scheme: "https"},
		{name: "scheme https", extra: [][2]string{{"REQUEST_SCHEME", "https"}}, remote: "peer", scheme: "https"},
		{name: "scheme http", extra: [][2]string{{"REQUEST_SCHEME", "http"}}, remote: "peer", scheme: "http"},
		{name: "https off", extra: [][2]string{{"HTTPS", "off"}}, remote: "peer"},
		{name: "not ours", remote: "peer", noVarsPeer: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r *http.Request
			if tt.noVarsPeer {
				r, _ = http.NewRequest("GET", "/", nil)
			} else {
				var err error
				if r, err = parse(AppendPacket(nil, vars("GET", "/", tt.extra...)), Limits{}); err != nil {
					t.Fatal(err)
				}
			}
			r.RemoteAddr = "peer"
			before := maps.Clone(Vars(r.Context()))
			err := TrustVars(r)
			if tt.wantErr {
				var e *Error
				if !errors.As(err, &e) || e.Status != 400 {
					t.Fatalf("err = %v, want a 400 *Error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.RemoteAddr != tt.remote || r.URL.Scheme != tt.scheme || r.TLS != nil {
				t.Errorf("RemoteAddr %q Scheme %q TLS %v; want %q %q", r.RemoteAddr, r.URL.Scheme, r.TLS, tt.remote, tt.scheme)
			}
			if !maps.Equal(before, Vars(r.Context())) {
				t.Errorf("TrustVars changed the vars")
			}
		})
	}
}

func TestHeaderName(t *testing.T) {
	for _, name := range []string{"X", "X_FORWARDED_FOR", "A1B", "X__Y", "_X", "X_", "1_ABC", "X.Y!Z", "WWW_AUTHENTICATE", "X_1A"} {
		got, ok := headerName(name)
		want := http.CanonicalHeaderKey(strings.ReplaceAll(name, "_", "-"))
		if !ok || got != want {
			t.Errorf("headerName(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}
