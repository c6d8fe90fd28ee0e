package gateway

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The engines TestEngine_SameAsNetHTTP holds to each other: the first is
// the reference.
var diffEngines = [2]string{"net/http", "goframe"}

const (
	// diffQuiet is how long a client waits, after the last byte it
	// received and after its last write, before it takes the response
	// stream as complete (when the server does not close first). A case
	// may set its own.
	diffQuiet = 300 * time.Millisecond
	// diffPause separates the parts of a client's stream (see diffConn).
	diffPause = 100 * time.Millisecond
	// diffMax bounds one connection's exchange.
	diffMax = 10 * time.Second
)

// diffConn is what a client sends on one fresh connection: parts, written
// in order diffPause apart (so that, e.g., a request body follows its head
// only after the server could answer 100 Continue), then, if halfClose,
// a shutdown of the client's writing side.
type diffConn struct {
	parts     []string
	halfClose bool
}

// send is one connection that sends parts.
func send(parts ...string) []diffConn { return []diffConn{{parts: parts}} }

// diffCase is one row of TestEngine_SameAsNetHTTP.
type diffCase struct {
	name  string
	args  []string   // flags for both servers, besides --engine
	conns []diffConn // one after another, each on a fresh connection
	h     func(w http.ResponseWriter, r *http.Request, o *observer)
	quiet time.Duration // 0: diffQuiet
	// differs, when set, says why the engines may legitimately put
	// different bytes on the wire for this case; the streams are then
	// compared as parsed responses (status, headers as a set, body).
	differs string
}

// TestEngine_SameAsNetHTTP is a differential test: every case's handler is
// served by a gateway with --engine net/http and one with --engine
// goframe, both get the same raw bytes, and both must send back the same
// bytes and end the connection the same way (closed, or left open), and
// show the handler the same request and the same ResponseWriter behaviour
// (see handlerRecord). Only the Date field's value and the random boundary
// of a multipart/byteranges body are normalised (normalizeStream).
//
// Run it with -v to see net/http's answer to every case; the case names'
// first part is a group, so -run 'TestEngine_SameAsNetHTTP/size/' runs one.
func TestEngine_SameAsNetHTTP(t *testing.T) {
	t.Parallel()
	modTime := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	file := filepath.Join(t.TempDir(), "file.txt")
	if err := os.WriteFile(file, []byte("0123456789abcdefghij\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(file, modTime, modTime); err != nil {
		t.Fatal(err)
	}

	// writes is a handler that writes each of parts in its own Write.
	writes := func(parts ...string) func(http.ResponseWriter, *http.Request, *observer) {
		return func(w http.ResponseWriter, r *http.Request, o *observer) {
			for _, p := range parts {
				o.write(w, p)
			}
		}
	}
	// byPath answers with its path, reading no body.
	byPath := func(w http.ResponseWriter, r *http.Request, o *observer) { o.write(w, "path "+r.URL.Path+"\n") }
	kb := func(n int, c byte) string { return strings.Repeat(string(c), n) }

	cases := []diffCase{
		// Small bodies: implicit 200, Content-Length computed, Content-Type sniffed.
		{name: "write/text", conns: send("GET /t HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: writes("hello, world\n")},
		{name: "write/html", conns: send("GET /h HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: writes("<!DOCTYPE html><html><body>hi</body></html>")},
		{name: "write/binary", conns: send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: writes("\x00\x01\x02\x03\xfe\xff")},
		{name: "write/json-looking", conns: send("GET /j HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: writes(`{"message":"Hello, World!"}`)},
		{name: "write/content-type set", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.Header().Set("Content-Type", "application/json")
				o.write(w, `{"a":1}`)
			}},
		{name: "write/content-type nil no sniffing", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.Header()["Content-Type"] = nil
				o.write(w, "<html>not sniffed</html>")
			}},
		{name: "write/Content-Encoding set no sniffing", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.Header().Set("Content-Encoding", "identity-ish")
				o.write(w, "<html>not sniffed</html>")
			}},
		{name: "write/handler sets Transfer-Encoding chunked", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.Header().Set("Transfer-Encoding", "chunked")
				o.write(w, "small")
			}},
		{name: "write/date nil", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.Header()["Date"] = nil
				o.write(w, "no date")
			}},
		{name: "write/two writes and WriteString", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				o.write(w, "one,")
				n, err := io.WriteString(w, "two")
				o.event("WriteString = %d, %v", n, err)
			}},
		{name: "write/zero-length write", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: writes("")},
		{name: "write/headers set after WriteHeader are ignored", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.Header().Add("X-Multi", "a")
				w.Header().Add("X-Multi", "b")
				w.Header().Set("x-lower", "canonicalised by Set")
				w.Header()["x-raw"] = []string{"raw key"}
				w.WriteHeader(http.StatusCreated)
				w.Header().Set("X-Late", "too late")
				o.write(w, "created")
			}},
		{name: "status/empty 200", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {}},
		{name: "status/404 only", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) { w.WriteHeader(http.StatusNotFound) }},
		{name: "status/WriteHeader twice", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.WriteHeader(http.StatusAccepted)
				w.WriteHeader(http.StatusInternalServerError) // superfluous
				o.write(w, "accepted")
			}},
		{name: "status/Write then WriteHeader", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				o.write(w, "first")
				w.WriteHeader(http.StatusNotFound) // superfluous: 200 went
			}},
		{name: "status/unknown code 599", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) { w.WriteHeader(599); o.write(w, "odd") }},
		{name: "status/invalid code 99 panics", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) { w.WriteHeader(99) }},

		// Sizes around net/http's 2048-byte buffer before chunking.
		{name: "size/1KB", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), h: writes(kb(1024, 'a'))},
		{name: "size/2048 fits the buffer", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), h: writes(kb(2048, 'a'))},
		{name: "size/2049 chunked", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), h: writes(kb(2049, 'a'))},
		{name: "size/3KB chunked", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), h: writes(kb(3072, 'b'))},
		{name: "size/5KB chunked", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), h: writes(kb(5120, 'c'))},
		{name: "size/100KB chunked", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), h: writes(kb(100<<10, 'd'))},
		{name: "size/ten writes of 500 bytes", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: writes(kb(500, '0'), kb(500, '1'), kb(500, '2'), kb(500, '3'), kb(500, '4'), kb(500, '5'), kb(500, '6'), kb(500, '7'), kb(500, '8'), kb(500, '9'))},

		// A Content-Length the handler sets.
		{name: "content-length/exact 5KB", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				if r.URL.Path == "/next" {
					byPath(w, r, o)
					return
				}
				w.Header().Set("Content-Length", "5120")
				o.write(w, kb(5120, 'e'))
			}},
		{name: "content-length/body too short closes", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.Header().Set("Content-Length", "10")
				o.write(w, "short")
			}},
		{name: "content-length/write past it", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				if r.URL.Path == "/next" {
					byPath(w, r, o)
					return
				}
				w.Header().Set("Content-Length", "3")
				o.write(w, "abc")
				o.write(w, "de") // http.ErrContentLength
			}},
		{name: "content-length/first write too long", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.Header().Set("Content-Length", "3")
				o.write(w, "abcdef")
			}},

		// Responses without a body.
		{name: "head/small body", conns: send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) { o.write(w, "hello from "+r.Method) }},
		{name: "head/5KB body", conns: send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				if r.Method == "HEAD" {
					o.write(w, kb(5120, 'h'))
					return
				}
				byPath(w, r, o)
			}},
		{name: "head/explicit Content-Length no write", conns: send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) { w.Header().Set("Content-Length", "100") }},
		{name: "status/204 with a write", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				if r.URL.Path == "/next" {
					byPath(w, r, o)
					return
				}
				w.Header().Set("Content-Type", "text/plain")
				w.Header().Set("Content-Length", "4")
				w.WriteHeader(http.StatusNoContent)
				o.write(w, "body") // http.ErrBodyNotAllowed
			}},
		{name: "status/304 with a write", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.Header().Set("ETag", `"v1"`)
				w.Header().Set("Content-Type", "text/plain")
				w.WriteHeader(http.StatusNotModified)
				o.write(w, "body")
			}},
		{name: "status/103 early hints then 200", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.Header().Add("Link", "</style.css>; rel=preload; as=style")
				w.WriteHeader(http.StatusEarlyHints)
				w.Header().Add("Link", "</app.js>; rel=preload; as=script")
				w.WriteHeader(http.StatusEarlyHints)
				o.write(w, "final")
			}},
		{name: "expect/100-continue body read", conns: send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n", "hello"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				o.readBody(r, -1)
				o.write(w, "got it")
			}},
		// The handler answers without reading: net/http says Connection:
		// close but then drains the declared body before it closes, so a
		// client that never sends it finds the connection still open.
		{name: "expect/100-continue body ignored", conns: []diffConn{
			{parts: []string{"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"}},
			{parts: []string{"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n", "hello"}},
		}, h: writes("not reading it")},
		{name: "expect/unknown expectation 417", conns: send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: something\r\n\r\nhello"),
			h: writes("not reached")},

		// Flushing.
		{name: "flush/write flush write", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				o.write(w, "part one;")
				w.(http.Flusher).Flush()
				o.write(w, "part two")
			}},
		{name: "flush/ResponseController", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				o.write(w, "a")
				o.event("ResponseController.Flush = %v", http.NewResponseController(w).Flush())
				o.write(w, "b")
				o.event("ResponseController.Flush = %v", http.NewResponseController(w).Flush())
			}},
		{name: "flush/before any write", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.Header().Set("X-Before", "1")
				w.(http.Flusher).Flush()
			}},
		{name: "flush/with Content-Length", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.Header().Set("Content-Length", "10")
				o.write(w, "12345")
				w.(http.Flusher).Flush()
				o.write(w, "67890")
			}},
		{name: "controller/deadlines and full duplex", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				rc := http.NewResponseController(w)
				o.event("SetReadDeadline = %v", rc.SetReadDeadline(time.Time{}))
				o.event("SetWriteDeadline = %v", rc.SetWriteDeadline(time.Time{}))
				o.event("EnableFullDuplex = %v", rc.EnableFullDuplex())
				o.write(w, "ok")
			}},

		// Trailers.
		{name: "trailer/declared", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.Header().Set("Trailer", "X-Checksum, X-Count")
				o.write(w, "body")
				w.Header().Set("X-Checksum", "abc")
				w.Header().Set("X-Count", "1")
			}},
		{name: "trailer/TrailerPrefix", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				o.write(w, "body")
				w.Header().Set(http.TrailerPrefix+"X-Late", "late value")
			}},
		{name: "trailer/TrailerPrefix after a flush", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				o.write(w, "body")
				w.(http.Flusher).Flush()
				w.Header().Set(http.TrailerPrefix+"X-Late", "late value")
			}},

		// Request bodies.
		{name: "reqbody/content-length read fully", conns: send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				o.readBody(r, -1)
				o.readBody(r, 1) // after EOF
				o.write(w, "read")
			}},
		{name: "reqbody/small body read partly then pipelined GET", conns: send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world" + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				if r.Method == "POST" {
					o.readBody(r, 5)
				}
				byPath(w, r, o)
			}},
		{name: "reqbody/300KB body read partly then pipelined GET", conns: send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 300000\r\n\r\n" + kb(300000, 'x') + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				if r.Method == "POST" {
					o.readBody(r, 5)
				}
				byPath(w, r, o)
			}},
		{name: "reqbody/100KB body unread then pipelined GET", conns: send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 102400\r\n\r\n" + kb(100<<10, 'x') + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: byPath},
		{name: "reqbody/not read then pipelined GET", conns: send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: byPath},
		{name: "reqbody/chunked with extensions and declared trailer", conns: send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n" +
			"5;name=val\r\nhello\r\n6;a=\"q\"\r\n world\r\n0\r\nX-Sum: 42\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				o.event("Trailer before the body: %v", sortedHeader(r.Trailer))
				o.readBody(r, -1)
				o.write(w, "read")
			}},
		{name: "reqbody/chunked with undeclared trailer", conns: send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
			"3\r\nabc\r\n0\r\nX-Undeclared: yes\r\nX-Other: 1\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				o.readBody(r, -1)
				o.write(w, "read")
			}},
		{name: "reqbody/chunked unread then pipelined GET", conns: send("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n" + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: byPath},

		// Keep-alive and closing.
		{name: "conn/two pipelined HTTP/1.1", conns: send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n"), h: byPath},
		{name: "conn/client Connection close", conns: send("GET /1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n"), h: byPath},
		{name: "conn/handler Connection close", conns: send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.Header().Set("Connection", "close")
				byPath(w, r, o)
			}},
		{name: "conn/HTTP/1.0 without keep-alive", conns: send("GET /1 HTTP/1.0\r\nHost: x\r\n\r\nGET /2 HTTP/1.0\r\nHost: x\r\n\r\n"), h: byPath},
		{name: "conn/HTTP/1.0 keep-alive", conns: send("GET /1 HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\nGET /2 HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n"), h: byPath},
		{name: "conn/HTTP/1.0 keep-alive 5KB body", conns: send("GET /1 HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\nGET /2 HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n"),
			h: writes(kb(5120, 'k'))},
		{name: "conn/keep-alive disabled", args: []string{"--keep-alive", "0"},
			conns: send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n"), h: byPath},
		{name: "conn/client half-closes", conns: []diffConn{{parts: []string{"GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"}, halfClose: true}},
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				select {
				case <-r.Context().Done():
					o.event("context done while the handler ran: %v", r.Context().Err())
				case <-time.After(time.Second):
					o.event("context not done within 1s")
				}
				byPath(w, r, o)
			}},

		// Request targets.
		{name: "target/query and percent-encoding", conns: send("GET /a%20b/c%2Fd/%7Euser?q=1&r=%41+x&e=%zz HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				o.event("Path=%q RawPath=%q RawQuery=%q Query=%v", r.URL.Path, r.URL.RawPath, r.URL.RawQuery, r.URL.Query())
				byPath(w, r, o)
			}},
		{name: "target/absolute-form", conns: send("GET http://example.com/x?y HTTP/1.1\r\nHost: other.example\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				o.event("Scheme=%q URL.Host=%q", r.URL.Scheme, r.URL.Host)
				byPath(w, r, o)
			}},
		{name: "target/OPTIONS asterisk", conns: send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.Header().Set("Allow", "GET, HEAD, OPTIONS")
				w.WriteHeader(http.StatusOK)
			}},
		{name: "target/CONNECT answered without hijack", conns: send("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				if r.Method == "CONNECT" {
					o.event("URL.Host=%q", r.URL.Host)
					w.WriteHeader(http.StatusOK)
					return
				}
				byPath(w, r, o)
			}},
		{name: "target/double slash and dot segments", conns: send("GET /a//b/./c/../d HTTP/1.1\r\nHost: x\r\n\r\n"), h: byPath},

		// Request header fields.
		{name: "header/duplicates empty value mixed case", conns: send("GET / HTTP/1.1\r\nHost: x\r\nX-Dup: one\r\nx-dup: two\r\nX-EMPTY:\r\nx-mIxEd-CaSe: v\r\nAccept: a/b, c/d\r\nAccept: e/f\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				o.event("Values(X-Dup)=%q Get(X-Empty)=%q", r.Header.Values("X-Dup"), r.Header.Get("X-Empty"))
				o.write(w, "ok")
			}},
		{name: "header/long value", conns: send("GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + kb(7000, 'v') + "\r\n\r\n"),
			h: writes("ok")},
		{name: "header/several Cookie fields", conns: send("GET / HTTP/1.1\r\nHost: x\r\nCookie: a=1; b=2\r\nCookie: c=3\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				var cs []string
				for _, c := range r.Cookies() {
					cs = append(cs, c.Name+"="+c.Value)
				}
				o.event("Cookies=%q", cs)
				http.SetCookie(w, &http.Cookie{Name: "s", Value: "v", Path: "/", HttpOnly: true})
				o.write(w, "ok")
			}},
		{name: "header/Host with port", conns: send("GET / HTTP/1.1\r\nHost: Example.COM:8080\r\n\r\n"), h: writes("ok")},
		{name: "header/HTTP/1.0 without Host", conns: send("GET /old HTTP/1.0\r\n\r\n"), h: byPath},

		// Hijacking.
		{name: "hijack/raw bytes then close", conns: send("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: raw\r\nConnection: Upgrade\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.Header().Set("X-Ignored", "1")
				c, brw, err := w.(http.Hijacker).Hijack()
				o.event("Hijack = %v", err)
				if err != nil {
					return
				}
				defer c.Close()
				brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: raw\r\nConnection: Upgrade\r\n\r\nraw bytes")
				o.event("Flush = %v", brw.Flush())
				o.write(w, "after hijack") // http.ErrHijacked
			}},
		{name: "hijack/reads the pipelined request", conns: send("GET /hijack HTTP/1.1\r\nHost: x\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				c, brw, err := http.NewResponseController(w).Hijack()
				o.event("Hijack = %v", err)
				if err != nil {
					return
				}
				defer c.Close()
				c.SetReadDeadline(time.Now().Add(2 * time.Second))
				r2, err := http.ReadRequest(brw.Reader)
				if err != nil {
					o.event("ReadRequest = %v", err)
					return
				}
				o.event("read %s %s", r2.Method, r2.RequestURI)
				brw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nfirst answer\nHTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nsecond\n")
				o.event("Flush = %v", brw.Flush())
			}},

		// Panics.
		{name: "panic/before writing", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.Header().Set("X-Dropped", "1")
				panic("boom")
			}},
		{name: "panic/ErrAbortHandler after a flushed chunk", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				o.write(w, kb(3000, 'p'))
				w.(http.Flusher).Flush()
				o.write(w, "buffered, never sent")
				panic(http.ErrAbortHandler)
			}},
		{name: "panic/ErrAbortHandler after a buffered write", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				o.write(w, "buffered")
				panic(http.ErrAbortHandler)
			}},

		// net/http's helpers.
		{name: "helper/ServeContent range", conns: send("GET /f.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=2-5\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				http.ServeContent(w, r, "f.txt", modTime, strings.NewReader("0123456789abcdefghij\n"))
			}},
		{name: "helper/ServeContent multipart byteranges", conns: send("GET /f.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1,5-6,-3\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				http.ServeContent(w, r, "f.txt", modTime, strings.NewReader("0123456789abcdefghij\n"))
			}},
		{name: "helper/ServeFile full and If-Modified-Since", conns: send("GET /file.txt HTTP/1.1\r\nHost: x\r\n\r\n" +
			"GET /file.txt HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: " + modTime.Format(http.TimeFormat) + "\r\n\r\n" +
			"HEAD /file.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=3-\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) { http.ServeFile(w, r, file) }},
		{name: "helper/ServeFile unsatisfiable range", conns: send("GET /file.txt HTTP/1.1\r\nHost: x\r\nRange: bytes=100-200\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) { http.ServeFile(w, r, file) }},
		{name: "helper/Error", conns: send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				w.Header().Set("Content-Length", "99")
				http.Error(w, "teapot trouble", http.StatusTeapot)
			}},
		{name: "helper/Redirect", conns: send("GET /old?x=1 HTTP/1.1\r\nHost: x\r\n\r\n"),
			h: func(w http.ResponseWriter, r *http.Request, o *observer) {
				http.Redirect(w, r, "new?y=2", http.StatusFound)
			}},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			runDiffCase(t, tc)
		})
	}
}
