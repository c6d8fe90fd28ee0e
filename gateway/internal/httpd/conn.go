package httpd

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Pools of the 4 KiB buffers a connection holds only while it serves a
// request (an idle keep-alive connection returns them).
var (
	readerPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 4<<10) }}
	writerPool = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 4<<10) }}
	// bodyBufPool buffers a response's body before the header is
	// written (net/http's bufferBeforeChunkingSize).
	bodyBufPool = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, bufferBeforeChunkingSize) }}
)

// bufferBeforeChunkingSize is how much of a body is held back before the
// header goes out: a handler that writes less and returns gets a
// Content-Length rather than chunked encoding.
const bufferBeforeChunkingSize = 2048

// maxPostHandlerReadBytes is the most of an unread request body read
// after the handler to keep the connection (net/http's figure).
const maxPostHandlerReadBytes = 256 << 10

// rstAvoidanceDelay is how long a connection closed with unread input
// waits after its FIN, so that the client reads the response before the
// reset (net/http's figure).
const rstAvoidanceDelay = 500 * time.Millisecond

// conn is one client connection.
type conn struct {
	server     *Server
	rwc        net.Conn
	remoteAddr string
	cancelCtx  context.CancelFunc

	// cr is what bufr reads: the connection, after the byte read while
	// the connection was idle.
	cr   connReader
	bufr *bufio.Reader // nil while idle
	bufw *bufio.Writer // nil while idle; writes to cw (checkConnErrorWriter)

	werr       error // the first write error, which ends the connection
	lastMethod string

	curState atomic.Uint64 // packed (unixSec<<8)|state

	mu        sync.Mutex // guards hijackedv against the handler's goroutines
	hijackedv bool
}

// clientWatcher is a connection that can notice its client leaving while
// a request runs, without a read (the gateway's checkedConn, whose reaper
// peeks at the socket). The server turns the watch on once the request's
// body was read to its end with nothing of a next request buffered, and
// off when the handler returns; a client found gone has the context
// ConnContext returned cancelled.
type clientWatcher interface{ WatchClient(on bool) }

// connReader reads the connection, first handing on a byte read ahead.
type connReader struct {
	c       *conn
	byteBuf [1]byte
	hasByte bool
}

func (cr *connReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if cr.hasByte {
		p[0] = cr.byteBuf[0]
		cr.hasByte = false
		return 1, nil
	}
	n, err := cr.c.rwc.Read(p)
	if err != nil && n == 0 && !isTimeout(err) {
		cr.c.cancelCtx() // the client went away: cancel what it asked for
	}
	return n, err
}

// checkConnErrorWriter notes the first write error, cancels the
// connection's context and closes nothing: the serving loop stops.
type checkConnErrorWriter struct{ c *conn }

func (w checkConnErrorWriter) Write(p []byte) (int, error) {
	n, err := w.c.rwc.Write(p)
	if err != nil && w.c.werr == nil {
		w.c.werr = err
		w.c.cancelCtx()
	}
	return n, err
}

func isTimeout(err error) bool {
	te, ok := err.(interface{ Timeout() bool })
	return ok && te.Timeout()
}

func (c *conn) setState(state http.ConnState) {
	s := c.server
	switch state {
	case http.StateNew:
		s.trackConn(c, true)
	case http.StateHijacked, http.StateClosed:
		s.trackConn(c, false)
	}
	c.curState.Store(uint64(time.Now().Unix()<<8) | uint64(state))
	if hook := s.ConnState; hook != nil {
		hook(c.rwc, state)
	}
}

func (c *conn) getState() (http.ConnState, int64) {
	v := c.curState.Load()
	return http.ConnState(v & 0xff), int64(v >> 8)
}

func (c *conn) hijacked() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hijackedv
}

// getBuffers gives the connection its read and write buffers.
func (c *conn) getBuffers() {
	if c.bufr == nil {
		c.bufr = readerPool.Get().(*bufio.Reader)
		c.bufr.Reset(&c.cr)
	}
	if c.bufw == nil {
		c.bufw = writerPool.Get().(*bufio.Writer)
		c.bufw.Reset(checkConnErrorWriter{c})
	}
}

// putBuffers returns the buffers to their pools. The read buffer must be
// empty: what it holds would be lost.
func (c *conn) putBuffers() {
	if c.bufr != nil {
		c.bufr.Reset(nil)
		readerPool.Put(c.bufr)
		c.bufr = nil
	}
	if c.bufw != nil {
		c.bufw.Reset(nil)
		writerPool.Put(c.bufw)
		c.bufw = nil
	}
}

// close flushes what is buffered and closes the connection.
func (c *conn) close() {
	if c.bufw != nil {
		c.bufw.Flush()
	}
	c.putBuffers()
	c.rwc.Close()
}

// closeWriteAndWait flushes, sends a FIN and waits a moment before the
// connection is closed, so that a client still sending sees the response
// before a reset (see net/http's closeWriteAndWait).
func (c *conn) closeWriteAndWait() {
	if c.bufw != nil {
		c.bufw.Flush()
	}
	if cw, ok := c.rwc.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
	time.Sleep(rstAvoidanceDelay)
}

// errorHeaders end net/http's answers to requests it cannot read.
const errorHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

// serve serves the connection's requests in turn.
func (c *conn) serve(ctx context.Context) {
	if ra := c.rwc.RemoteAddr(); ra != nil {
		c.remoteAddr = ra.String()
	}
	ctx = context.WithValue(ctx, http.LocalAddrContextKey, c.rwc.LocalAddr())
	ctx, c.cancelCtx = context.WithCancel(ctx)
	c.cr.c = c
	watcher, _ := c.rwc.(clientWatcher) // once, not per request
	var inFlight *response
	defer func() {
		if err := recover(); err != nil && err != http.ErrAbortHandler {
			const size = 64 << 10
			buf := make([]byte, size)
			buf = buf[:runtime.Stack(buf, false)]
			c.server.logf("http: panic serving %v: %v\n%s", c.remoteAddr, err, buf)
		}
		if inFlight != nil {
			inFlight.cancelCtx()
			inFlight.disableWriteContinue()
		}
		c.cancelCtx()
		if !c.hijacked() {
			if inFlight != nil {
				inFlight.reqBody.Close()
			}
			c.close()
			c.setState(http.StateClosed)
		}
	}()

	for {
		if c.bufr == nil {
			// Idle: wait for the next request's first byte without
			// buffers, then take them.
			n, err := c.rwc.Read(c.cr.byteBuf[:])
			if n == 0 {
				if err == nil {
					continue
				}
				return
			}
			c.cr.hasByte = true
		}
		c.getBuffers()
		w, err := c.readRequest(ctx)
		if st, _ := c.getState(); st != http.StateActive {
			c.setState(http.StateActive)
		}
		if c.server.inShutdown.Load() {
			return
		}
		if err != nil {
			c.answerReadError(err)
			return
		}

		req := w.req
		if hasToken(req.Header.Get("Expect"), "100-continue") {
			if req.ProtoAtLeast(1, 1) && req.ContentLength != 0 {
				// The body's first read answers 100 Continue.
				req.Body = &expectContinueReader{readCloser: req.Body, resp: w}
				w.canWriteContinue.Store(true)
			}
		} else if req.Header.Get("Expect") != "" {
			w.sendExpectationFailed()
			return
		}

		if watcher != nil {
			// The client may be watched for leaving once the request's
			// body is read and nothing of a next request is buffered,
			// as net/http's read ahead starts then.
			if b, ok := w.reqBody.(*body); ok {
				b.onHitEOF = func() {
					if c.bufr != nil && c.bufr.Buffered() == 0 {
						watcher.WatchClient(true)
					}
				}
			} else if c.bufr.Buffered() == 0 {
				watcher.WatchClient(true)
			}
		}
		inFlight = w
		c.server.Handler.ServeHTTP(w, w.req)
		inFlight = nil
		w.cancelCtx()
		if c.hijacked() {
			return
		}
		w.finishRequest()
		if watcher != nil {
			// Off after finishRequest, whose reading of an unread body
			// may have turned it on.
			watcher.WatchClient(false)
		}
		if !w.shouldReuseConnection() {
			if w.requestBodyLimitHit || w.closedRequestBodyEarly() {
				c.closeWriteAndWait()
			}
			return
		}
		c.setState(http.StateIdle)
		if !c.server.doKeepAlives() {
			// Stopping: the response may not have said Connection:
			// close, but such is HTTP/1.1 (as net/http says).
			return
		}
		if c.bufr.Buffered() == 0 {
			c.putBuffers() // nothing pipelined: idle without buffers
		}
	}
}

// answerReadError answers a request that could not be read, as net/http
// does, and the connection closes.
func (c *conn) answerReadError(err error) {
	var ute *unsupportedTEError
	var se statusError
	switch {
	case errors.As(err, &ute):
		code := http.StatusNotImplemented
		fmt.Fprintf(c.rwc, "HTTP/1.1 %d %s%sUnsupported transfer encoding", code, http.StatusText(code), errorHeaders)
	case isCommonNetReadError(err):
		// nothing to answer
	case errors.As(err, &se):
		fmt.Fprintf(c.rwc, "HTTP/1.1 %d %s: %s%s%d %s: %s", se.code, http.StatusText(se.code), se.text, errorHeaders, se.code, http.StatusText(se.code), se.text)
	default:
		const publicErr = "400 Bad Request"
		fmt.Fprintf(c.rwc, "HTTP/1.1 "+publicErr+errorHeaders+publicErr)
	}
}

// isCommonNetReadError reports an error that means the client went away
// or was too slow: there is no one to answer.
func isCommonNetReadError(err error) bool {
	if err == io.EOF {
		return true
	}
	if isTimeout(err) {
		return true
	}
	oe, ok := err.(*net.OpError)
	return ok && oe.Op == "read"
}

// statusError is a request error answered with its status.
type statusError struct {
	code int
	text string
}

func (e statusError) Error() string { return http.StatusText(e.code) + ": " + e.text }

func badRequestError(e string) error { return statusError{http.StatusBadRequest, e} }

// unsupportedTEError is a Transfer-Encoding the server does not do (501).
type unsupportedTEError struct{ err string }

func (e *unsupportedTEError) Error() string { return e.err }

// readRequest reads the next request's head and prepares its response.
func (c *conn) readRequest(ctx context.Context) (*response, error) {
	if c.lastMethod == "POST" {
		// RFC 7230 section 3's tolerance for old clients: CR or LF
		// after a POST body.
		peek, _ := c.bufr.Peek(4)
		c.bufr.Discard(numLeadingCRorLF(peek))
	}
	var tmpl http.Request // parsed here, then copied once with its context
	if err := readRequest(c.bufr, &tmpl); err != nil {
		return nil, err
	}
	if tmpl.ProtoMajor != 1 {
		return nil, statusError{http.StatusHTTPVersionNotSupported, "unsupported protocol version"}
	}
	c.lastMethod = tmpl.Method

	hosts, haveHost := tmpl.Header["Host"]
	if tmpl.ProtoAtLeast(1, 1) && (!haveHost || len(hosts) == 0) && tmpl.Method != "CONNECT" {
		return nil, badRequestError("missing required Host header")
	}
	if len(hosts) == 1 && !validHostHeader(hosts[0]) {
		return nil, badRequestError("malformed Host header")
	}
	for k, vv := range tmpl.Header {
		if !validHeaderFieldName(k) {
			return nil, badRequestError("invalid header name")
		}
		for _, v := range vv {
			if !validHeaderFieldValue(v) {
				return nil, badRequestError("invalid header value")
			}
		}
	}
	delete(tmpl.Header, "Host")
	tmpl.RemoteAddr = c.remoteAddr

	w := &response{conn: c, contentLength: -1}
	reqCtx, cancel := context.WithCancel(ctx)
	w.cancelCtx = cancel
	w.req = tmpl.WithContext(reqCtx)
	w.reqBody = w.req.Body
	if b, ok := w.reqBody.(*body); ok {
		b.doEarlyClose = true
		b.req = w.req // the trailer goes to the request the handler sees
	}
	w.handlerHeader = make(http.Header)
	w.wants10KeepAlive = w.req.ProtoMajor == 1 && w.req.ProtoMinor == 0 && hasToken(w.req.Header.Get("Connection"), "keep-alive")
	w.wantsClose = w.req.Close || hasToken(w.req.Header.Get("Connection"), "close")
	w.cw.res = w
	w.w = bodyBufPool.Get().(*bufio.Writer)
	w.w.Reset(&w.cw)
	return w, nil
}

func numLeadingCRorLF(v []byte) (n int) {
	for _, b := range v {
		if b == '\r' || b == '\n' {
			n++
			continue
		}
		break
	}
	return
}

// readRequest parses a request head from b into req, with the body
// reader its framing calls for (net/http's readRequest and
// readTransfer).
func readRequest(b *bufio.Reader, req *http.Request) error {
	ok, err := readHeadBuffered(b, req)
	if !ok {
		err = readHeadText(b, req)
	}
	if err != nil {
		return err
	}
	if len(req.Header["Host"]) > 1 {
		return errors.New("too many Host headers")
	}
	req.Host = req.URL.Host
	if req.Host == "" {
		req.Host = req.Header.Get("Host")
	}
	if hp, ok := req.Header["Pragma"]; ok && len(hp) > 0 && hp[0] == "no-cache" {
		if _, ok := req.Header["Cache-Control"]; !ok {
			req.Header["Cache-Control"] = []string{"no-cache"}
		}
	}
	req.Close = shouldClose(req.ProtoMajor, req.ProtoMinor, req.Header)
	return readTransfer(req, b)
}

// readHeadText reads the request line and header with net/textproto, as
// net/http does: for heads readHeadBuffered leaves alone.
func readHeadText(b *bufio.Reader, req *http.Request) error {
	tp := textproto.NewReader(b)
	s, err := tp.ReadLine()
	if err != nil {
		return err
	}
	if err := parseTarget(req, s); err != nil {
		return err
	}
	mh, err := tp.ReadMIMEHeader()
	if err != nil {
		return err
	}
	req.Header = http.Header(mh)
	return nil
}

// parseTarget sets req's method, target, URL and version from its
// request line s.
func parseTarget(req *http.Request, s string) error {
	var ok bool
	req.Method, req.RequestURI, req.Proto, ok = parseRequestLine(s)
	if !ok {
		return badStringError("malformed HTTP request", s)
	}
	if !isToken(req.Method) {
		return badStringError("invalid method", req.Method)
	}
	rawurl := req.RequestURI
	if req.ProtoMajor, req.ProtoMinor, ok = http.ParseHTTPVersion(req.Proto); !ok {
		return badStringError("malformed HTTP version", req.Proto)
	}
	// CONNECT's authority-form (host:port) is not a URL.
	justAuthority := req.Method == "CONNECT" && !strings.HasPrefix(rawurl, "/")
	if justAuthority {
		rawurl = "http://" + rawurl
	}
	var err error
	if req.URL, err = url.ParseRequestURI(rawurl); err != nil {
		return err
	}
	if justAuthority {
		req.URL.Scheme = ""
	}
	return nil
}

// readHeadBuffered parses a head that is whole in b's buffer and plain
// (every line "name: value" with a token name and visible value bytes,
// as the gateway's checker lets through) with one string for all of it:
// the method, target and every header value are parts of that string,
// where net/textproto makes one string per line and per value. ok is
// false, with nothing read, for any other head: readHeadText then reads
// it, with net/http's exact answers to what is wrong.
func readHeadBuffered(b *bufio.Reader, req *http.Request) (ok bool, err error) {
	buf, _ := b.Peek(b.Buffered())
	end := bytes.Index(buf, doubleCRLF)
	for end < 0 {
		// Read on while the buffer has room: the head's first byte may
		// have come alone (an idle connection's wake-up read).
		if len(buf) >= b.Size() {
			return false, nil
		}
		if _, err := b.Peek(len(buf) + 1); err != nil {
			return false, nil
		}
		buf, _ = b.Peek(b.Buffered())
		end = bytes.Index(buf, doubleCRLF)
	}
	lineEnd := bytes.Index(buf, crlf)
	if lineEnd <= 0 || bytes.IndexByte(buf[:lineEnd], '\n') >= 0 || bytes.IndexByte(buf[:lineEnd], '\r') >= 0 {
		return false, nil
	}
	lines := buf[lineEnd+2 : end+2]
	if !plainLines(lines) {
		return false, nil
	}
	fields := bytes.Count(lines, crlf)
	head := string(buf[:end+2]) // the one allocation for the head's text
	hdr := make(http.Header, fields)
	vals := make([]string, fields)
	rest := head[lineEnd+2:]
	for i := 0; i < fields; i++ {
		eol := strings.Index(rest, "\r\n")
		line := rest[:eol]
		rest = rest[eol+2:]
		colon := strings.IndexByte(line, ':')
		if colon <= 0 {
			return false, nil
		}
		key := line[:colon]
		if !isToken(key) {
			return false, nil
		}
		key = http.CanonicalHeaderKey(key) // no copy when canonical or common
		v := trimOWS(line[colon+1:])
		if vv := hdr[key]; vv == nil {
			vals[i] = v
			hdr[key] = vals[i : i+1 : i+1]
		} else {
			hdr[key] = append(vv, v)
		}
	}
	if err := parseTarget(req, head[:lineEnd]); err != nil {
		return false, nil // let readHeadText find and word the fault
	}
	req.Header = hdr
	b.Discard(end + 4)
	return true, nil
}

// plainLines reports whether lines (CRLF-terminated header lines) hold
// only what readHeadBuffered parses: no bare CR or LF, no obs-fold, no
// control bytes but HTAB.
func plainLines(lines []byte) bool {
	atStart := true
	for i := 0; i < len(lines); i++ {
		c := lines[i]
		switch {
		case c == '\r':
			if i+1 >= len(lines) || lines[i+1] != '\n' {
				return false
			}
			i++
			atStart = true
			continue
		case c == '\n':
			return false
		case atStart && (c == ' ' || c == '\t'):
			return false // obs-fold
		case c < ' ' && c != '\t', c == 0x7f:
			return false
		}
		atStart = false
	}
	return true
}

func parseRequestLine(line string) (method, requestURI, proto string, ok bool) {
	method, rest, ok1 := strings.Cut(line, " ")
	requestURI, proto, ok2 := strings.Cut(rest, " ")
	if !ok1 || !ok2 {
		return "", "", "", false
	}
	return method, requestURI, proto, true
}

func badStringError(what, val string) error { return fmt.Errorf("%s %q", what, val) }

// shouldClose reports whether the connection closes after this request.
func shouldClose(major, minor int, header http.Header) bool {
	if major < 1 {
		return true
	}
	conv := header["Connection"]
	hasClose := headerValuesContainsToken(conv, "close")
	if major == 1 && minor == 0 {
		return hasClose || !headerValuesContainsToken(conv, "keep-alive")
	}
	return hasClose
}

// Hijack lets the handler take over the connection, as net/http's does.
func (w *response) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if w.handlerDone.Load() {
		panic("net/http: Hijack called after ServeHTTP finished")
	}
	w.disableWriteContinue()
	if w.wroteHeader {
		w.cw.flush()
	}
	c := w.conn
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hijackedv {
		return nil, nil, http.ErrHijacked
	}
	c.hijackedv = true
	rwc := c.rwc
	rwc.SetDeadline(time.Time{})
	// The handler gets the read buffer with what it holds; the write
	// buffer is flushed and given up.
	c.bufw.Flush()
	buf := bufio.NewReadWriter(c.bufr, bufio.NewWriter(rwc))
	if c.cr.hasByte {
		if _, err := c.bufr.Peek(c.bufr.Buffered() + 1); err != nil {
			return nil, nil, fmt.Errorf("unexpected Peek failure reading buffered byte: %v", err)
		}
	}
	c.bufr = nil
	c.bufw.Reset(nil)
	writerPool.Put(c.bufw)
	c.bufw = nil
	if w.w != nil {
		w.w.Reset(nil)
		bodyBufPool.Put(w.w)
		w.w = nil
	}
	c.setState(http.StateHijacked)
	return rwc, buf, nil
}
