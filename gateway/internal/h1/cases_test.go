package h1_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/goframe/goframe/gateway/internal/h1"
)

// ownCase is a case of our own: n requests accepted, then the error
// (Status, Kind), or no error when Status is 0.
type ownCase struct {
	name   string
	raw    string
	n      int
	status int
	kind   string
}

const (
	get  = "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
	post = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
	te   = "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
)

var ownCases = []ownCase{
	// Request line.
	{name: "minimal", raw: get, n: 1},
	{name: "lowercase method", raw: "get / HTTP/1.1\r\nHost: a\r\n\r\n", n: 1},
	{name: "empty method", raw: " / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidRequestMethod},
	{name: "tab after method", raw: "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidRequestMethod},
	{name: "double space", raw: "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidRequestLine},
	{name: "no spaces", raw: "GET\r\n\r\n", status: 400, kind: h1.KindInvalidRequestLine},
	{name: "trailing space", raw: "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidHTTPVersion},
	{name: "lowercase version", raw: "GET / http/1.1\r\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidHTTPVersion},
	{name: "HTTP/1.2", raw: "GET / HTTP/1.2\r\nHost: a\r\n\r\n", status: 505, kind: h1.KindInvalidHTTPVersion},
	{name: "HTTP/0.9", raw: "GET / HTTP/0.9\r\n\r\n", status: 505, kind: h1.KindInvalidHTTPVersion},
	{name: "h2 preface", raw: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", status: 505, kind: h1.KindInvalidHTTPVersion},
	{name: "bare LF request line", raw: "GET / HTTP/1.1\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidRequestLine},
	{name: "bare CR request line", raw: "GET /\r HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidRequestLine},
	{name: "leading CRLF", raw: "\r\n" + get, status: 400, kind: h1.KindInvalidRequestLine},
	{name: "CRLF after GET", raw: get + "\r\n" + get, n: 1, status: 400, kind: h1.KindInvalidRequestLine},
	{name: "CRLF after POST", raw: post + "\r\n" + get, n: 2},
	{name: "2 CRLF after POST", raw: post + "\r\n\r\n" + get, n: 2},
	{name: "3 CRLF after POST", raw: post + "\r\n\r\n\r\n" + get, n: 1, status: 400, kind: h1.KindInvalidRequestLine},
	{name: "bare LF after POST", raw: post + "\n" + get, n: 1, status: 400, kind: h1.KindInvalidRequestLine},
	{name: "CRLF after POST then EOF", raw: post + "\r\n", n: 1},

	// Request target.
	{name: "NUL in target", raw: "GET /\x00 HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidRequestLine},
	{name: "DEL in target", raw: "GET /\x7f HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidRequestLine},
	{name: "obs-text target", raw: "GET /\xff\x80 HTTP/1.1\r\nHost: a\r\n\r\n", n: 1},
	{name: "fragment", raw: "GET /a#b?c#d HTTP/1.1\r\nHost: a\r\n\r\n", n: 1},
	{name: "bad escape in path", raw: "GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidRequestLine},
	{name: "short escape in path", raw: "GET /a% HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidRequestLine},
	{name: "bad escape in query", raw: "GET /a?%zz HTTP/1.1\r\nHost: a\r\n\r\n", n: 1},
	{name: "absolute uppercase scheme", raw: "GET HTTP://A/b HTTP/1.1\r\nHost: a\r\n\r\n", n: 1},
	{name: "absolute without path", raw: "GET http://a HTTP/1.1\r\nHost: a\r\n\r\n", n: 1},
	{name: "absolute empty host", raw: "GET http:///b HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidRequestLine},
	{name: "absolute bad port", raw: "GET http://a:b/ HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidRequestLine},
	{name: "ftp scheme", raw: "GET ftp://a/ HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidRequestLine},
	{name: "OPTIONS absolute", raw: "OPTIONS http://a HTTP/1.1\r\nHost: a\r\n\r\n", n: 1},
	{name: "CONNECT", raw: "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n" + get, n: 2},
	{name: "CONNECT no port", raw: "CONNECT a HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidRequestLine},
	{name: "CONNECT empty port", raw: "CONNECT a: HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidRequestLine},
	{name: "CONNECT origin-form", raw: "CONNECT /x HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidRequestLine},
	{name: "CONNECT userinfo", raw: "CONNECT u@a:443 HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidRequestLine},
	{name: "CONNECT body", raw: "CONNECT a:443 HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nx", status: 400, kind: h1.KindInvalidHeader},
	{name: "CONNECT chunked", raw: "CONNECT a:443 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "CONNECT CL 0", raw: "CONNECT a:443 HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n", n: 1},
	{name: "connect lowercase is not CONNECT", raw: "connect a:443 HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, kind: h1.KindInvalidRequestLine},

	// Header fields.
	{name: "empty value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX:\r\nY: \t \r\n\r\n", n: 1},
	{name: "underscore name", raw: "GET / HTTP/1.1\r\nHost: a\r\nX_Y: 1\r\n\r\n", n: 1},
	{name: "empty name", raw: "GET / HTTP/1.1\r\nHost: a\r\n: x\r\n\r\n", status: 400, kind: h1.KindInvalidHeaderName},
	{name: "no colon", raw: "GET / HTTP/1.1\r\nHost: a\r\nX\r\n\r\n", status: 400, kind: h1.KindInvalidHeaderName},
	{name: "tab before colon", raw: "GET / HTTP/1.1\r\nHost: a\r\nX\t: y\r\n\r\n", status: 400, kind: h1.KindInvalidHeaderName},
	{name: "space before first field", raw: "GET / HTTP/1.1\r\n Host: a\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "bare CR in value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "NUL in value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "bare LF ends head", raw: "GET / HTTP/1.1\r\nHost: a\r\n\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "obs-text value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX: \x80\xff\r\n\r\n", n: 1},
	{name: "Pragma no-cache", raw: "GET / HTTP/1.1\r\nHost: a\r\nPragma: no-cache\r\n\r\n", n: 1},
	{name: "HTTP/1.0 without Host", raw: "GET / HTTP/1.0\r\n\r\n", n: 1},
	{name: "empty Host", raw: "GET / HTTP/1.1\r\nHost:\r\n\r\n", n: 1},
	{name: "Host with port", raw: "GET / HTTP/1.1\r\nHost: a.b-c_d~:8080\r\n\r\n", n: 1},
	{name: "Host IPv6", raw: "GET / HTTP/1.1\r\nHost: [fe80::1]:80\r\n\r\n", n: 1},
	{name: "Host IPv6 invalid", raw: "GET / HTTP/1.1\r\nHost: [:]\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "Host IPv4 in brackets", raw: "GET / HTTP/1.1\r\nHost: [1.2.3.4]\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "Host IPvFuture", raw: "GET / HTTP/1.1\r\nHost: [v1.a:b]:80\r\n\r\n", n: 1},
	{name: "Host with space", raw: "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "Host with slash", raw: "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "Host port only", raw: "GET / HTTP/1.1\r\nHost: :80\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "Host twice HTTP/1.0", raw: "GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "CONNECT without Host", raw: "CONNECT a:443 HTTP/1.1\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "repeated Authorization", raw: "GET / HTTP/1.1\r\nHost: a\r\nAuthorization: x\r\nAuthorization: y\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "repeated list field", raw: "GET / HTTP/1.1\r\nHost: a\r\nAccept: x\r\nAccept: y\r\n\r\n", n: 1},
	{name: "Connection list", raw: "GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, ,Close\r\n\r\n" + get, n: 1},
	{name: "Connection not a token", raw: "GET / HTTP/1.1\r\nHost: a\r\nConnection: a b\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "Connection close ignores rest", raw: "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\ngarbage\x00\n", n: 1},
	{name: "HTTP/1.0 keep-alive", raw: "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" + get, n: 2},
	{name: "HTTP/1.0 closes", raw: "GET / HTTP/1.0\r\n\r\ngarbage", n: 1},
	{name: "Expect 100-continue", raw: "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\nx", n: 1},
	{name: "Expect other", raw: "POST / HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\nx", status: 417, kind: h1.KindExpectationFailed},
	{name: "Expect list", raw: "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue, x\r\nContent-Length: 1\r\n\r\nx", status: 417, kind: h1.KindExpectationFailed},
	{name: "Upgrade then request", raw: "GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n" + get, n: 2},

	// Content-Length.
	{name: "CL leading zeros", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 007\r\n\r\n1234567", n: 1},
	{name: "CL OWS", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\t3 \r\n\r\nabc", n: 1},
	{name: "CL empty", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "CL max", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9223372036854775807\r\n\r\nab", status: 400, kind: h1.KindNoMoreData},
	{name: "CL overflow", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9223372036854775808\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "CL repeated equal", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx", status: 400, kind: h1.KindInvalidHeader},
	{name: "CL hex", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x1\r\n\r\nx", status: 400, kind: h1.KindInvalidHeader},
	{name: "CL body is not a request", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 27\r\n\r\n" + get, n: 1},
	{name: "CL truncated", raw: post[:len(post)-1], status: 400, kind: h1.KindNoMoreData},

	// Transfer-Encoding.
	{name: "chunked", raw: te + "5\r\nhello\r\n0\r\n\r\n" + get, n: 2},
	{name: "chunked uppercase", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:  CHUNKED \r\n\r\n0\r\n\r\n", n: 1},
	{name: "chunked trailing comma", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked,\r\n\r\n0\r\n\r\n", status: 501, kind: h1.KindUnsupportedTransferCoding},
	{name: "chunked parameter", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked;a=b\r\n\r\n0\r\n\r\n", status: 501, kind: h1.KindUnsupportedTransferCoding},
	{name: "gzip", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", status: 501, kind: h1.KindUnsupportedTransferCoding},
	{name: "identity", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n", status: 501, kind: h1.KindUnsupportedTransferCoding},
	{name: "chunked twice one field", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "chunked twice two fields", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "chunked then gzip", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "TE empty", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \r\n\r\n", status: 501, kind: h1.KindUnsupportedTransferCoding},
	{name: "TE malformed", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked x\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "TE HTTP/1.0", raw: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},

	// Chunked bodies.
	{name: "chunk ext token", raw: te + "5;a=b;c\r\nhello\r\n0;z\r\n\r\n", n: 1},
	{name: "chunk ext BWS after semicolon", raw: te + "5; a = b ;c\r\nhello\r\n0\r\n\r\n", n: 1},
	{name: "chunk ext quoted pair", raw: te + "5;a=\"x\\\"y\"\r\nhello\r\n0\r\n\r\n", n: 1},
	{name: "chunk ext BWS before semicolon", raw: te + "5 ;a\r\nhello\r\n0\r\n\r\n", status: 400, kind: h1.KindInvalidChunkSize},
	{name: "chunk ext empty name", raw: te + "5;=b\r\nhello\r\n0\r\n\r\n", status: 400, kind: h1.KindInvalidChunkExtension},
	{name: "chunk ext unterminated quote", raw: te + "5;a=\"b\r\nhello\r\n0\r\n\r\n", status: 400, kind: h1.KindInvalidChunkExtension},
	{name: "chunk ext NUL", raw: te + "5;a=b\x00\r\nhello\r\n0\r\n\r\n", status: 400, kind: h1.KindInvalidChunkExtension},
	{name: "chunk size 16 digits", raw: te + "0000000000000005\r\nhello\r\n0\r\n\r\n", n: 1},
	{name: "chunk size 17 digits", raw: te + "00000000000000005\r\nhello\r\n0\r\n\r\n", status: 400, kind: h1.KindInvalidChunkSize},
	{name: "chunk size too large", raw: te + "1000000000000001\r\n", status: 400, kind: h1.KindInvalidChunkSize},
	{name: "chunk data too long", raw: te + "5\r\nhello!\r\n0\r\n\r\n", status: 400, kind: h1.KindChunkMissingTerminator},
	{name: "chunk data LF only", raw: te + "5\r\nhello\n0\r\n\r\n", status: 400, kind: h1.KindChunkMissingTerminator},
	{name: "last chunk bare LF", raw: te + "0\n\r\n", status: 400, kind: h1.KindInvalidChunkSize},
	{name: "chunk truncated", raw: te + "5\r\nhel", status: 400, kind: h1.KindNoMoreData},
	{name: "too much non-data", raw: te + strings.Repeat("1;"+strings.Repeat("x", 1000)+"\r\nx\r\n", 17) + "0\r\n\r\n", status: 400, kind: h1.KindInvalidChunkExtension},
	{name: "some non-data", raw: te + strings.Repeat("1;"+strings.Repeat("x", 1000)+"\r\nx\r\n", 16) + "0\r\n\r\n", n: 1},
	{name: "chunk line 4094", raw: te + "1;" + strings.Repeat("x", 4092) + "\r\nx\r\n0\r\n\r\n", n: 1},
	{name: "chunk line 4095", raw: te + "1;" + strings.Repeat("x", 4093) + "\r\nx\r\n0\r\n\r\n", status: 400, kind: h1.KindInvalidChunkSize},
	{name: "trailers", raw: te + "0\r\nX-Sum: 1\r\nX-Sum: 2\r\nY:\r\n\r\n" + get, n: 2},
	{name: "declared trailer", raw: "POST / HTTP/1.1\r\nHost: a\r\nTrailer: X-Sum, Y\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\nX-Sum: 1\r\n\r\n", n: 1},
	{name: "Trailer announces CL", raw: "POST / HTTP/1.1\r\nHost: a\r\nTrailer: content-length\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400, kind: h1.KindInvalidHeader},
	{name: "trailer forbidden Connection", raw: te + "0\r\nConnection: close\r\n\r\n", status: 400, kind: h1.KindInvalidHeaderName},
	{name: "trailer obs-fold", raw: te + "0\r\nX: a\r\n b\r\n\r\n", status: 400, kind: h1.KindObsoleteFolding},
	{name: "trailer section 4096", raw: te + "0\r\nX: " + strings.Repeat("x", 4096-7) + "\r\n\r\n", n: 1},
	{name: "trailer section 4097", raw: te + "0\r\nX: " + strings.Repeat("x", 4096-6) + "\r\n\r\n", status: 431, kind: h1.KindLimitRequestHeaders},
	{name: "trailer section many lines", raw: te + "0\r\n" + strings.Repeat("X: "+strings.Repeat("x", 95)+"\r\n", 41) + "\r\n", status: 431, kind: h1.KindLimitRequestHeaders},
	{name: "POST chunked then CRLF", raw: te + "0\r\n\r\n\r\n" + get, n: 2},
}

func TestOwnCases(t *testing.T) {
	for _, c := range ownCases {
		t.Run(c.name, func(t *testing.T) {
			reqs, err := h1.Parse([]byte(c.raw), h1.DefaultLimits())
			checkAgreement(t, []byte(c.raw), reqs, err)
			if len(reqs) != c.n {
				t.Errorf("got %d requests, want %d (error %v)", len(reqs), c.n, err)
			}
			if c.status == 0 {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			var e *h1.Error
			if !errors.As(err, &e) || e.Status != c.status || e.Kind != c.kind {
				t.Fatalf("got %v, want %d %s", err, c.status, c.kind)
			}
		})
	}
}
