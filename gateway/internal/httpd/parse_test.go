package httpd

import (
	"bufio"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// parseBoth parses raw with the buffered fast path (falling back as
// readRequest does) and with net/textproto alone, and returns both.
func parseBoth(t testing.TB, raw string) (fast, text parsed) {
	t.Helper()
	fast = parse(raw, true)
	text = parse(raw, false)
	return fast, text
}

// parsed is what a head parse produces, comparably.
type parsed struct {
	Method, RequestURI, Proto string
	Major, Minor              int
	URL                       string
	Host                      string
	Header                    map[string][]string
	Err                       string
	Rest                      string // what is left in the reader
}

func parse(raw string, buffered bool) parsed {
	b := bufio.NewReaderSize(strings.NewReader(raw), 4096)
	b.Peek(1) // fill the buffer, as a connection's first read does
	var req reqForTest
	var err error
	if buffered {
		var ok bool
		ok, err = readHeadBuffered(b, &req.Request)
		if !ok {
			err = readHeadText(b, &req.Request)
		}
	} else {
		err = readHeadText(b, &req.Request)
	}
	var p parsed
	if err != nil {
		p.Err = err.Error()
		return p
	}
	rest, _ := b.Peek(b.Buffered())
	p = parsed{Method: req.Method, RequestURI: req.RequestURI, Proto: req.Proto, Major: req.ProtoMajor, Minor: req.ProtoMinor,
		URL: req.URL.String(), Header: req.Header, Rest: string(rest)}
	return p
}

func TestReadHeadBuffered_SameAsTextproto(t *testing.T) {
	cases := []struct {
		name, raw string
		fast      bool // whether the fast path takes it
	}{
		{"minimal", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", true},
		{"no fields", "GET / HTTP/1.0\r\n\r\n", true},
		{"pipelined rest", "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\n", true},
		{"body after", "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc", true},
		{"non-canonical keys", "GET / HTTP/1.1\r\nhost: x\r\nx-forwarded-FOR: 1.2.3.4\r\nuser-agent: u\r\n\r\n", true},
		{"duplicates and empty", "GET / HTTP/1.1\r\nHost: x\r\nAccept: a/b, c/d\r\nAccept: e/f\r\nX-Empty:\r\nX-Sp:   \r\n\r\n", true},
		{"whitespace around value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: \t v w \t\r\n\r\n", true},
		{"non-ASCII value", "GET / HTTP/1.1\r\nHost: x\r\nX-U: caf\xc3\xa9\r\n\r\n", true},
		{"token punctuation in key", "GET / HTTP/1.1\r\nHost: x\r\nX_Under.Dot!: v\r\n\r\n", true},
		{"query and escapes", "GET /a%20b/c?x=1&y=%2F HTTP/1.1\r\nHost: x\r\n\r\n", true},
		{"absolute form", "GET http://example.com:8080/x?y HTTP/1.1\r\nHost: other\r\n\r\n", true},
		{"connect", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", true},
		{"options star", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", true},
		{"colon in value", "GET / HTTP/1.1\r\nHost: x:80\r\nX-T: a:b:c\r\n\r\n", true},
		// Left to net/textproto, which words the faults as net/http does.
		{"obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  b\r\n\r\n", false},
		{"leading whitespace line", "GET / HTTP/1.1\r\n X: a\r\nHost: x\r\n\r\n", false},
		{"space before colon", "GET / HTTP/1.1\r\nHost: x\r\nX-A : a\r\n\r\n", false},
		{"bare LF in fields", "GET / HTTP/1.1\r\nHost: x\nX: a\r\n\r\n", false},
		{"bare LF request line", "GET / HTTP/1.1\nHost: x\r\n\r\n", false},
		{"control byte", "GET / HTTP/1.1\r\nHost: x\r\nX: a\x01b\r\n\r\n", false},
		{"no colon", "GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", false},
		{"empty key", "GET / HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n", false},
		{"bad version", "GET / HTTP/x\r\nHost: x\r\n\r\n", false},
		{"bad request line", "GET /\r\nHost: x\r\n\r\n", false},
		{"bad method", "G(T / HTTP/1.1\r\nHost: x\r\n\r\n", false},
		{"bad URL", "GET :/ HTTP/1.1\r\nHost: x\r\n\r\n", false},
		{"incomplete head", "GET / HTTP/1.1\r\nHost: x\r\n", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fast, text := parseBoth(t, tc.raw)
			if !reflect.DeepEqual(fast, text) {
				t.Fatalf("buffered path differs from net/textproto:\nbuffered: %+v\ntextproto: %+v", fast, text)
			}
			b := bufio.NewReaderSize(strings.NewReader(tc.raw), 4096)
			b.Peek(1)
			var req reqForTest
			ok, _ := readHeadBuffered(b, &req.Request)
			if ok != tc.fast {
				t.Errorf("fast path took it: %v, want %v", ok, tc.fast)
			}
			if !ok && b.Buffered() != len(tc.raw) {
				t.Errorf("the fast path consumed %d bytes of a head it left", len(tc.raw)-b.Buffered())
			}
		})
	}
}

// FuzzReadHead: for any bytes, the buffered path either leaves the head
// to net/textproto or parses it exactly as net/textproto does.
func FuzzReadHead(f *testing.F) {
	for _, s := range []string{
		"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
		"POST /a?b=c HTTP/1.0\r\nContent-Length: 1\r\nx-y: z\r\n\r\nq",
		"GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n",
		"CONNECT h:1 HTTP/1.1\r\nHost: h:1\r\n\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		fast, text := parseBoth(t, raw)
		if !reflect.DeepEqual(fast, text) {
			t.Fatalf("buffered path differs from net/textproto on %q:\nbuffered: %+v\ntextproto: %+v", raw, fast, text)
		}
	})
}

// reqForTest holds a request being parsed (a field, so it is addressable).
type reqForTest struct{ http.Request }
