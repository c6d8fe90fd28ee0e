package gateway

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
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

// diffResult is what one engine did with a case.
type diffResult struct {
	streams []string // per connection, normalised
	ends    []string // per connection: "closed" or "open"
	resets  []bool   // per connection: the close was a reset (not compared)
	records string   // what the handler observed
	err     error
}

func runDiffCase(t *testing.T, tc diffCase) {
	quiet := tc.quiet
	if quiet == 0 {
		quiet = diffQuiet
	}
	var servers [2]*testServer
	var recs [2]*recorder
	for i, engine := range diffEngines {
		recs[i] = &recorder{}
		servers[i] = startServer(t, recs[i].handler(tc.h), append([]string{"--engine", engine}, tc.args...)...)
	}
	var res [2]diffResult
	var wg sync.WaitGroup
	for i := range diffEngines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &res[i]
			for _, dc := range tc.conns {
				out, end, reset, err := diffExchange(servers[i].addr(), dc, quiet)
				if err != nil {
					r.err = err
					return
				}
				r.streams = append(r.streams, normalizeStream(out))
				r.ends = append(r.ends, end)
				r.resets = append(r.resets, reset)
			}
			r.records, r.err = recs[i].wait(3 * time.Second)
		}()
	}
	wg.Wait()
	for i, e := range diffEngines {
		if res[i].err != nil {
			t.Fatalf("%s: %v", e, res[i].err)
		}
	}
	ref, got := &res[0], &res[1]
	for i := range tc.conns {
		t.Logf("%s, connection %d (%s, reset %v): %s", diffEngines[0], i+1, ref.ends[i], ref.resets[i], quoteCapped(ref.streams[i]))
	}
	t.Logf("%s, what the handler saw:\n%s", diffEngines[0], ref.records)

	for i := range tc.conns {
		a, b := ref.streams[i], got.streams[i]
		if tc.differs != "" {
			a, b = parsedStream(a), parsedStream(b)
		}
		if a != b || ref.ends[i] != got.ends[i] {
			how := "the bytes sent back differ"
			if tc.differs != "" {
				how = "the responses differ (compared as parsed, since: " + tc.differs + ")"
			}
			t.Errorf("case %q, connection %d: %s\n%s (%s):\n%s\n%s (%s):\n%s\n%s",
				tc.name, i+1, how,
				diffEngines[0], ref.ends[i], quoteCapped(a), diffEngines[1], got.ends[i], quoteCapped(b),
				firstDiff(a, b))
		}
	}
	if ref.records != got.records {
		t.Errorf("case %q: the handler saw different things\n%s:\n%s\n%s:\n%s\n%s",
			tc.name, diffEngines[0], ref.records, diffEngines[1], got.records, firstDiff(ref.records, got.records))
	}
}

// diffExchange sends dc's bytes on a fresh connection to addr and returns
// everything the server sent back, and whether the server closed the
// connection ("closed") or went quiet ("open"). A reset counts as a
// close: whether the client sees a FIN or an RST depends on whether its
// unread bytes were still in the server's socket when it closed, which is
// timing; the bytes received before are compared all the same.
func diffExchange(addr string, dc diffConn, quiet time.Duration) (out []byte, end string, reset bool, err error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, "", false, err
	}
	defer c.Close()
	wrote := make(chan time.Time, 1)
	go func() {
		for i, p := range dc.parts {
			if i > 0 {
				time.Sleep(diffPause)
			}
			if _, err := io.WriteString(c, p); err != nil {
				break // the server closed; what it sent is the result
			}
		}
		if dc.halfClose {
			c.(*net.TCPConn).CloseWrite()
		}
		wrote <- time.Now()
	}()
	var buf bytes.Buffer
	b := make([]byte, 64<<10)
	start := time.Now()
	var last, wroteAt time.Time
	for {
		if wroteAt.IsZero() {
			select {
			case wroteAt = <-wrote:
			default:
			}
		}
		deadline := time.Now().Add(quiet)
		if !wroteAt.IsZero() {
			deadline = wroteAt.Add(quiet)
			if last.Add(quiet).After(deadline) {
				deadline = last.Add(quiet)
			}
		}
		if time.Since(start) > diffMax {
			return buf.Bytes(), "", false, fmt.Errorf("no end to the exchange after %v; got %q", diffMax, buf.Bytes())
		}
		c.SetReadDeadline(deadline)
		n, err := c.Read(b)
		buf.Write(b[:n])
		if n > 0 {
			last = time.Now()
		}
		switch {
		case err == nil:
		case errors.Is(err, io.EOF):
			return buf.Bytes(), "closed", false, nil
		case errors.Is(err, syscall.ECONNRESET):
			return buf.Bytes(), "closed", true, nil
		case errors.Is(err, os.ErrDeadlineExceeded):
			if !wroteAt.IsZero() && !time.Now().Before(deadline) {
				return buf.Bytes(), "open", false, nil
			}
		default:
			return buf.Bytes(), "", false, err
		}
	}
}

var (
	dateField     = regexp.MustCompile(`\r\nDate: ([^\r\n]*)\r\n`)
	rangeBoundary = regexp.MustCompile(`multipart/byteranges; boundary=([0-9a-zA-Z'()+_,./:=?-]+)`)
)

// normalizeStream replaces what differs from one response to the next
// whatever the engine: the Date field's value, if it is the current time
// in http.TimeFormat (give or take a few seconds: an engine may cache
// it), and the random boundary of a multipart/byteranges body
// (http.ServeContent's). A Date that is not is left as it is, to show.
func normalizeStream(b []byte) string {
	b = dateField.ReplaceAllFunc(b, func(f []byte) []byte {
		v := dateField.FindSubmatch(f)[1]
		d, err := time.Parse(http.TimeFormat, string(v))
		if err != nil || d.Format(http.TimeFormat) != string(v) || time.Since(d).Abs() > 5*time.Second {
			return f
		}
		return []byte("\r\nDate: <date>\r\n")
	})
	for _, m := range rangeBoundary.FindAllSubmatch(b, -1) {
		b = bytes.ReplaceAll(b, m[1], []byte("<boundary>"))
	}
	return string(b)
}

// parsedStream renders a response stream as its responses: status,
// header fields sorted (Connection: close shows as close=true, since
// ReadResponse takes it out), body and trailer; for the cases whose bytes
// may differ. Responses are parsed as answers to GET: a case that
// compares HEAD responses this way must not use differs.
func parsedStream(s string) string {
	var out strings.Builder
	br := bufio.NewReader(strings.NewReader(s))
	for i := 1; ; i++ {
		if _, err := br.Peek(1); err != nil {
			return out.String() // the stream ends between responses
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			rest, _ := io.ReadAll(br)
			fmt.Fprintf(&out, "unparsed: %v: %q\n", err, rest)
			return out.String()
		}
		body, berr := io.ReadAll(resp.Body)
		fmt.Fprintf(&out, "response %d: %s %s close=%v\n", i, resp.Proto, resp.Status, resp.Close)
		for _, l := range sortedHeader(resp.Header) {
			fmt.Fprintf(&out, "  %s\n", l)
		}
		fmt.Fprintf(&out, "  body %q (%v)\n  trailer %q\n", body, berr, sortedHeader(resp.Trailer))
	}
}

// quoteCapped quotes s, keeping its beginning and end when it is long.
func quoteCapped(s string) string {
	const max = 4096
	if len(s) <= max {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q ...[%d bytes]... %q", s[:max/2], len(s)-max, s[len(s)-max/2:])
}

// firstDiff names the first line (ending in \n) where a and b differ.
func firstDiff(a, b string) string {
	la, lb := strings.SplitAfter(a, "\n"), strings.SplitAfter(b, "\n")
	for i := 0; i < max(len(la), len(lb)); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("first difference at line %d:\n  %s: %s\n  %s: %s",
				i+1, diffEngines[0], quoteCapped(x), diffEngines[1], quoteCapped(y))
		}
	}
	return "the streams are the same line by line; the difference is in how they ended"
}

// handlerRecord is what a handler saw of one request and of its
// ResponseWriter.
type handlerRecord struct {
	Method, RequestURI, URL, Path, Proto string
	ProtoMajor, ProtoMinor               int
	Host                                 string
	Header                               []string
	ContentLength                        int64
	TransferEncoding                     []string
	Close                                bool
	NoBody                               bool // r.Body == http.NoBody
	RemoteHost                           string
	TLSNil                               bool
	Interfaces                           []string
	InitialHeader                        []string // w.Header() before the handler ran
	Events                               []string // the handler's calls and their results, in order
	Body                                 []byte   // request body bytes the handler read
	BodyErr                              []string // the errors of its reads
	Trailer                              []string // r.Trailer when the handler returned
	Panic                                string
	Context                              string // r.Context() around the end of the handler
	done                                 bool
}

func (h *handlerRecord) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "  %s %s (URL %q, Path %q) %s (%d.%d) Host %q\n", h.Method, h.RequestURI, h.URL, h.Path, h.Proto, h.ProtoMajor, h.ProtoMinor, h.Host)
	fmt.Fprintf(&b, "  Header %q\n", h.Header)
	fmt.Fprintf(&b, "  ContentLength %d TransferEncoding %q Close %v NoBody %v\n", h.ContentLength, h.TransferEncoding, h.Close, h.NoBody)
	fmt.Fprintf(&b, "  RemoteAddr host %s, TLS nil %v\n", h.RemoteHost, h.TLSNil)
	fmt.Fprintf(&b, "  ResponseWriter implements %v; Header() at first %q\n", h.Interfaces, h.InitialHeader)
	body := h.Body
	if len(body) > 64 {
		body = append(body[:64:64], "..."...)
	}
	fmt.Fprintf(&b, "  read body %d bytes (crc %08x) %q, errors %v\n", len(h.Body), crc32.ChecksumIEEE(h.Body), body, h.BodyErr)
	fmt.Fprintf(&b, "  Trailer after %q\n", h.Trailer)
	for _, e := range h.Events {
		fmt.Fprintf(&b, "  - %s\n", e)
	}
	if h.Panic != "" {
		fmt.Fprintf(&b, "  panicked: %s\n", h.Panic)
	}
	fmt.Fprintf(&b, "  context: %s\n", h.Context)
	return b.String()
}

// recorder runs a case's handler on one server and keeps what each
// request's handler saw, in the order the handlers began.
type recorder struct {
	mu   sync.Mutex
	recs []*handlerRecord
}

// observer is a handler's way to record what it did and got.
type observer struct {
	mu  *sync.Mutex
	rec *handlerRecord
}

func (o *observer) event(format string, args ...any) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.rec.Events = append(o.rec.Events, fmt.Sprintf(format, args...))
}

// write writes s and records the result.
func (o *observer) write(w http.ResponseWriter, s string) {
	n, err := w.Write([]byte(s))
	o.event("Write(%d bytes) = %d, %v", len(s), n, err)
}

// readBody reads n bytes of the request body (all of it if n < 0) and
// records them and the error.
func (o *observer) readBody(r *http.Request, n int) {
	var b []byte
	var err error
	if n < 0 {
		b, err = io.ReadAll(r.Body)
	} else {
		b = make([]byte, n)
		n, err = io.ReadFull(r.Body, b)
		b = b[:n]
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.rec.Body = append(o.rec.Body, b...)
	o.rec.BodyErr = append(o.rec.BodyErr, fmt.Sprint(err))
}

func (rs *recorder) handler(h func(http.ResponseWriter, *http.Request, *observer)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &handlerRecord{
			Method: r.Method, RequestURI: r.RequestURI, URL: r.URL.String(), Path: r.URL.Path, Proto: r.Proto,
			ProtoMajor: r.ProtoMajor, ProtoMinor: r.ProtoMinor, Host: r.Host, Header: sortedHeader(r.Header),
			ContentLength: r.ContentLength, TransferEncoding: r.TransferEncoding, Close: r.Close,
			NoBody: r.Body == http.NoBody, TLSNil: r.TLS == nil, InitialHeader: sortedHeader(w.Header()),
		}
		rec.RemoteHost, _, _ = net.SplitHostPort(r.RemoteAddr)
		for _, i := range []struct {
			name string
			ok   bool
		}{
			{"Flusher", is[http.Flusher](w)},
			{"Hijacker", is[http.Hijacker](w)},
			{"io.StringWriter", is[io.StringWriter](w)},
			{"io.ReaderFrom", is[io.ReaderFrom](w)},
			{"FlushError", is[interface{ FlushError() error }](w)},
			{"Unwrap", is[interface{ Unwrap() http.ResponseWriter }](w)},
		} {
			if i.ok {
				rec.Interfaces = append(rec.Interfaces, i.name)
			}
		}
		rs.mu.Lock()
		rs.recs = append(rs.recs, rec)
		rs.mu.Unlock()

		o := &observer{mu: &rs.mu, rec: rec}
		defer func() {
			v := recover()
			rs.mu.Lock()
			rec.Trailer = sortedHeader(r.Trailer)
			if v != nil {
				rec.Panic = fmt.Sprint(v)
			}
			rs.mu.Unlock()
			watchContext(&rs.mu, rec, r.Context())
			if v != nil {
				panic(v)
			}
		}()
		h(w, r, o)
	})
}

// watchContext records, as the handler returns, whether r.Context() is
// done already (the client went away) or, if not, whether it is canceled
// within a second (net/http cancels it once the handler returned).
func watchContext(mu *sync.Mutex, rec *handlerRecord, ctx context.Context) {
	finish := func(what string) {
		mu.Lock()
		rec.Context, rec.done = what, true
		mu.Unlock()
	}
	if err := ctx.Err(); err != nil {
		finish("done before the handler returned: " + err.Error())
		return
	}
	go func() {
		select {
		case <-ctx.Done():
			finish("canceled after the handler returned: " + ctx.Err().Error())
		case <-time.After(time.Second):
			finish("not canceled within 1s after the handler returned")
		}
	}()
}

func is[T any](w http.ResponseWriter) bool {
	_, ok := w.(T)
	return ok
}

// wait waits until every handler's record is complete and renders them.
func (rs *recorder) wait(d time.Duration) (string, error) {
	deadline := time.Now().Add(d)
	for {
		rs.mu.Lock()
		done := true
		for _, r := range rs.recs {
			done = done && r.done
		}
		if done {
			var b strings.Builder
			for i, r := range rs.recs {
				fmt.Fprintf(&b, "request %d:\n%s", i+1, r)
			}
			if len(rs.recs) == 0 {
				b.WriteString("no request reached the handler\n")
			}
			rs.mu.Unlock()
			return b.String(), nil
		}
		rs.mu.Unlock()
		if time.Now().After(deadline) {
			return "", fmt.Errorf("handlers still running after %v", d)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// sortedHeader renders h as "Key: v1 | v2" lines sorted by key, values in
// their order.
func sortedHeader(h http.Header) []string {
	var out []string
	for k, vs := range h {
		out = append(out, fmt.Sprintf("%s: %s", k, strings.Join(vs, " | ")))
	}
	sort.Strings(out)
	return out
}

// TestEngine_Settings: --engine takes goframe or net/http, refuses anything
// else naming the setting, and defaults to the settings table's default.
func TestEngine_Settings(t *testing.T) {
	var def *Setting
	for _, s := range Settings() {
		if s.Name == "engine" {
			def = s
		}
	}
	if def == nil {
		t.Fatal("no engine setting in the table")
	}
	if def.Default != "goframe" && def.Default != "net/http" {
		t.Errorf("the table's default %q is not an engine", def.Default)
	}
	c, err := LoadConfig(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Engine != def.Default {
		t.Errorf("default engine %q, the table says %q", c.Engine, def.Default)
	}
	for _, e := range diffEngines {
		c, err := LoadConfig([]string{"--engine", e}, nil)
		if err != nil || c.Engine != e {
			t.Errorf("--engine %s: %v, Engine %q", e, err, c.Engine)
		}
		c, err = LoadConfig(nil, []string{"GOFRAME_ENGINE=" + e})
		if err != nil || c.Engine != e {
			t.Errorf("GOFRAME_ENGINE=%s: %v, Engine %q", e, err, c.Engine)
		}
	}
	// A bad value is a *SettingError whose message names the setting. A
	// flag's error names it as the flag (--engine) and leaves Setting
	// empty, as every flag's does; the other sources fill Setting.
	for _, bad := range []struct {
		args, env []string
		setting   string // the SettingError's Setting
	}{
		{[]string{"--engine", "nosuch"}, nil, ""},
		{[]string{"--engine="}, nil, ""},
		{[]string{"--engine", "net/HTTP"}, nil, ""},
		{nil, []string{"GOFRAME_ENGINE=nosuch"}, "engine"},
		{nil, []string{"GOFRAME_CMD_ARGS=--engine nosuch"}, ""},
	} {
		_, err := LoadConfig(bad.args, bad.env)
		var se *SettingError
		if !errors.As(err, &se) || se.Setting != bad.setting || !strings.Contains(err.Error(), "engine") {
			t.Errorf("args %q env %q: error %#v, want a *SettingError naming engine", bad.args, bad.env, err)
		}
	}
}
