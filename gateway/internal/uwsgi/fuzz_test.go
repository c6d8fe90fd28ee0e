package uwsgi

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// FuzzReadRequest checks that ReadRequest never panics, fails only with
// io.EOF or a 400/431 *Error on an in-memory stream, reads exactly
// ContentLength body bytes, and that an accepted packet re-encoded from
// its vars describes the same request.
func FuzzReadRequest(f *testing.F) {
	f.Add([]byte{})
	f.Add(AppendPacket(nil, vars("GET", "/?a=1", [2]string{"HTTP_X_FOO", "bar"})))
	f.Add(append(AppendPacket(nil, vars("POST", "/p", [2]string{"CONTENT_LENGTH", "5"}, [2]string{"CONTENT_TYPE", "text/plain"})), "hello"...))
	f.Add(append(AppendPacket(nil, vars("POST", "/p", [2]string{"CONTENT_LENGTH", "9"})), "short"...))
	f.Add(AppendPacket(nil, vars("GET", "/", [2]string{"HTTP_X_DUP", "a"}, [2]string{"HTTP_X_DUP", "b"}, [2]string{"HTTP_COOKIE", "a=1"}, [2]string{"HTTP_COOKIE", "b=2"})))
	f.Add(AppendPacket(nil, vars("POST", "/", [2]string{"HTTP_TRANSFER_ENCODING", "chunked"}, [2]string{"CONTENT_LENGTH", "0"}, [2]string{"HTTP_CONTENT_LENGTH", "0, 0"})))
	f.Add(AppendPacket(nil, vars("CONNECT", "example.com:443")))
	f.Add(AppendPacket(nil, vars("OPTIONS", "*", [2]string{"HTTP_HOST", "[::1]:80"})))
	f.Add(AppendPacket(nil, vars("GET", "http://h.example/x")))
	f.Add(AppendPacket(nil, vars("GET", "/", [2]string{"HTTP_X_A", "a\x01"})))
	f.Add(AppendPacket(nil, vars("GET", "/", [2]string{"HTTP_x", "1"})))
	f.Add([]byte{0, 9, 0, 0, 1, 0, 'A'})
	f.Add([]byte{1, 0, 0, 0})
	f.Add([]byte("GET / HTTP/1.1\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, l := range []Limits{{}, DefaultLimits, {MaxPacket: 64, RequestLine: 20, Fields: 2, FieldSize: 16}} {
			r, err := ReadRequest(bufio.NewReader(bytes.NewReader(data)), l)
			if err != nil {
				var e *Error
				switch {
				case errors.Is(err, io.EOF):
					if len(data) != 0 {
						t.Fatalf("io.EOF for %d bytes", len(data))
					}
				case !errors.As(err, &e):
					t.Fatalf("error %v (%T), want *Error", err, err)
				case e.Status != http.StatusBadRequest && e.Status != http.StatusRequestHeaderFieldsTooLarge:
					t.Fatalf("status %d", e.Status)
				}
				continue
			}
			checkAccepted(t, r)
		}
	})
}

func checkAccepted(t *testing.T, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	switch {
	case err == nil && int64(len(body)) != r.ContentLength:
		t.Fatalf("read %d body bytes, ContentLength %d", len(body), r.ContentLength)
	case err != nil && !errors.Is(err, io.ErrUnexpectedEOF):
		t.Fatalf("body error %v", err)
	}
	for k, vs := range r.Header {
		if http.CanonicalHeaderKey(k) != k || k == "Host" || k == "Transfer-Encoding" {
			t.Fatalf("header key %q", k)
		}
		for _, v := range vs {
			if !validHeaderValue(v) {
				t.Fatalf("header %s value %q", k, v)
			}
		}
	}
	if !isToken(r.Method) || r.RequestURI == "" || r.ProtoMajor < 1 || r.RemoteAddr != "" {
		t.Fatalf("accepted %q %q %q %q", r.Method, r.RequestURI, r.Proto, r.RemoteAddr)
	}

	m := Vars(r.Context())
	var v [][2]string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v = append(v, [2]string{k, m[k]})
	}
	stream := append(AppendPacket(nil, v), body...)
	r2, err := ReadRequest(bufio.NewReader(bytes.NewReader(stream)), Limits{})
	if err != nil {
		t.Fatalf("re-encoded packet refused: %v\nvars %q", err, v)
	}
	for _, c := range [][2]string{
		{r.Method, r2.Method}, {r.RequestURI, r2.RequestURI}, {r.URL.String(), r2.URL.String()},
		{r.Proto, r2.Proto}, {r.Host, r2.Host},
	} {
		if c[0] != c[1] {
			t.Fatalf("re-encoded request differs: %q != %q", c[0], c[1])
		}
	}
	if r.ContentLength != r2.ContentLength {
		t.Fatalf("ContentLength %d != %d", r.ContentLength, r2.ContentLength)
	}
	if !maps.Equal(m, Vars(r2.Context())) {
		t.Fatalf("vars differ:\n%q\n%q", m, Vars(r2.Context()))
	}
	joined := func(h http.Header) map[string]string {
		out := make(map[string]string, len(h))
		for k, vs := range h {
			sep := ", "
			if k == "Cookie" {
				sep = "; "
			}
			out[k] = strings.Join(vs, sep)
		}
		return out
	}
	if a, b := joined(r.Header), joined(r2.Header); !maps.Equal(a, b) {
		t.Fatalf("headers differ:\n%q\n%q", a, b)
	}
}
