package h1_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"reflect"
	"strings"
	"testing"
	_ "unsafe" // for go:linkname

	"github.com/goframe/goframe/gateway/internal/h1"
)

// readRequest is net/http's unexported request reader, the one its server
// uses: unlike http.ReadRequest it keeps the Host field in Header, which
// the server's checks need. net/http marks it for linkname use.
//
//go:linkname readRequest net/http.readRequest
func readRequest(b *bufio.Reader) (*http.Request, error)

// netRequest is what net/http's server reads for one request.
type netRequest struct {
	Method  string
	URI     string
	Major   int
	Minor   int
	Header  http.Header
	Body    []byte
	Trailer http.Header
}

// readNetHTTP reads raw the way net/http's server does (conn.readRequest
// and conn.serve): the tolerance for CR/LF after a POST, readRequest on a
// 4096-byte bufio.Reader, the server's own checks (HTTP/1.x only, Host,
// header validity, Expect), the whole body and its trailers, and stopping
// after a request that closes the connection. It returns the requests read and the error
// that stopped it, nil at a clean end of the stream.
func readNetHTTP(raw []byte) ([]netRequest, error) {
	br := bufio.NewReader(bytes.NewReader(raw))
	var out []netRequest
	lastMethod := ""
	for {
		if lastMethod == "POST" {
			peek, _ := br.Peek(4)
			n := 0
			for n < len(peek) && (peek[n] == '\r' || peek[n] == '\n') {
				n++
			}
			br.Discard(n)
		}
		if _, err := br.Peek(1); err == io.EOF {
			return out, nil
		}
		req, err := readRequest(br)
		if err != nil {
			return out, fmt.Errorf("readRequest: %w", err)
		}
		if req.ProtoMajor != 1 {
			return out, errors.New("server: unsupported protocol version")
		}
		hosts, haveHost := req.Header["Host"]
		if req.ProtoAtLeast(1, 1) && (!haveHost || len(hosts) == 0) && req.Method != "CONNECT" {
			return out, errors.New("server: missing required Host header")
		}
		if len(hosts) == 1 && !validHostHeader(hosts[0]) {
			return out, errors.New("server: malformed Host header")
		}
		for k, vv := range req.Header {
			if !validFieldName(k) {
				return out, errors.New("server: invalid header name")
			}
			for _, v := range vv {
				if !validFieldValue(v) {
					return out, errors.New("server: invalid header value")
				}
			}
		}
		if e := req.Header.Get("Expect"); e != "" && !strings.EqualFold(e, "100-continue") && !hasToken(e, "100-continue") {
			return out, errors.New("server: 417 Expectation Failed")
		}
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return out, fmt.Errorf("body: %w", err)
		}
		trailer := http.Header{}
		for k, v := range req.Trailer {
			if v != nil {
				trailer[k] = v
			}
		}
		out = append(out, netRequest{
			Method: req.Method, URI: req.RequestURI, Major: req.ProtoMajor, Minor: req.ProtoMinor,
			Header: req.Header, Body: body, Trailer: trailer,
		})
		lastMethod = req.Method
		if req.Close {
			return out, nil
		}
	}
}

// asNetHTTP converts what the Checker saw into what net/http is expected
// to present: canonical names grouped in order, Transfer-Encoding removed,
// Trailer removed from a chunked request's header, Pragma: no-cache
// mirrored into Cache-Control.
func asNetHTTP(r h1.Request) netRequest {
	h := http.Header{}
	for _, f := range r.Header {
		k := textproto.CanonicalMIMEHeaderKey(f[0])
		h[k] = append(h[k], f[1])
	}
	if _, chunked := h["Transfer-Encoding"]; chunked {
		delete(h, "Transfer-Encoding")
		delete(h, "Content-Length")
		delete(h, "Trailer")
	}
	if p := h["Pragma"]; len(p) > 0 && p[0] == "no-cache" {
		if _, ok := h["Cache-Control"]; !ok {
			h["Cache-Control"] = []string{"no-cache"}
		}
	}
	t := http.Header{}
	for _, f := range r.Trailer {
		k := textproto.CanonicalMIMEHeaderKey(f[0])
		t[k] = append(t[k], f[1])
	}
	body := r.Body
	if body == nil {
		body = []byte{}
	}
	return netRequest{Method: r.Method, URI: r.Target, Major: r.Major, Minor: r.Minor, Header: h, Body: body, Trailer: t}
}

// checkAgreement asserts that net/http reads the requests the Checker
// accepted in raw identically: all of them when Parse accepted the whole
// stream (and nothing more), the complete ones before the error otherwise.
func checkAgreement(t testing.TB, raw []byte, reqs []h1.Request, perr error) {
	t.Helper()
	got, nerr := readNetHTTP(raw)
	if perr == nil && nerr != nil {
		t.Fatalf("Checker accepted %q but net/http failed after %d requests: %v", raw, len(got), nerr)
	}
	if len(got) < len(reqs) {
		t.Fatalf("Checker accepted %d requests in %q, net/http read %d (%v)", len(reqs), raw, len(got), nerr)
	}
	if perr == nil && len(got) != len(reqs) {
		t.Fatalf("Checker accepted %d requests in %q, net/http read %d", len(reqs), raw, len(got))
	}
	for i, r := range reqs {
		want := asNetHTTP(r)
		g := got[i]
		if g.Body == nil {
			g.Body = []byte{}
		}
		if !reflect.DeepEqual(want, g) {
			t.Fatalf("request %d of %q:\nChecker: %+v\nnet/http: %+v", i, raw, want, g)
		}
	}
}

func validFieldName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		if !strings.ContainsRune(tchars, rune(k[i])) {
			return false
		}
	}
	return true
}

const tchars = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

func validFieldValue(v string) bool {
	for i := 0; i < len(v); i++ {
		b := v[i]
		if b < ' ' && b != '\t' || b == 0x7f {
			return false
		}
	}
	return true
}

// validHostHeader is golang.org/x/net/http/httpguts.ValidHostHeader.
func validHostHeader(h string) bool {
	for i := 0; i < len(h); i++ {
		b := h[i]
		ok := 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' ||
			strings.IndexByte("!$%&()*+,-.:;=['_]~", b) >= 0
		if !ok {
			return false
		}
	}
	return true
}

// hasToken is net/http's hasToken (header.go).
func hasToken(v, token string) bool {
	if len(token) > len(v) || token == "" {
		return false
	}
	if v == token {
		return true
	}
	for sp := 0; sp <= len(v)-len(token); sp++ {
		if b := v[sp]; b != token[0] && b|0x20 != token[0] {
			continue
		}
		if sp > 0 && !isTokenBoundary(v[sp-1]) {
			continue
		}
		if endPos := sp + len(token); endPos != len(v) && !isTokenBoundary(v[endPos]) {
			continue
		}
		if strings.EqualFold(v[sp:sp+len(token)], token) {
			return true
		}
	}
	return false
}

func isTokenBoundary(b byte) bool { return b == ' ' || b == ',' || b == '\t' }
