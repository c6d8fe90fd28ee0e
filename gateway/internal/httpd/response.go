package httpd

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"path"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// response is the http.ResponseWriter of one request. Its writes go
// through w (the body held back before the header), then cw (which
// writes the header, then the body, chunked or not), into the
// connection's write buffer: the same pipeline as net/http's, with the
// same decisions.
type response struct {
	conn             *conn
	req              *http.Request
	reqBody          io.ReadCloser
	cancelCtx        context.CancelFunc
	wroteHeader      bool // a non-1xx header has been (logically) written
	wants10KeepAlive bool // HTTP/1.0 with Connection: keep-alive
	wantsClose       bool // the request said Connection: close

	// canWriteContinue says whether the body reader may still answer
	// 100 Continue; writeContinueMu is held while it does.
	writeContinueMu  sync.Mutex
	canWriteContinue atomic.Bool

	w  *bufio.Writer // buffers the body before the header goes out
	cw chunkWriter

	// handlerHeader is the handler's Header; it is cloned into cw.header
	// when the header is logically written, so later changes do not
	// reach the client.
	handlerHeader http.Header
	calledHeader  bool

	written       int64 // body bytes written
	contentLength int64 // the declared Content-Length, or -1
	status        int

	closeAfterReply     bool
	fullDuplex          bool
	requestBodyLimitHit bool
	trailers            []string // declared by the Trailer header

	handlerDone atomic.Bool

	dateBuf   [len(http.TimeFormat)]byte
	clenBuf   [10]byte
	statusBuf [3]byte
}

var crlf = []byte("\r\n")

// SetReadDeadline is for http.ResponseController.
func (w *response) SetReadDeadline(deadline time.Time) error {
	return w.conn.rwc.SetReadDeadline(deadline)
}

// SetWriteDeadline is for http.ResponseController.
func (w *response) SetWriteDeadline(deadline time.Time) error {
	return w.conn.rwc.SetWriteDeadline(deadline)
}

// EnableFullDuplex is for http.ResponseController: the request body is
// left alone when the response begins.
func (w *response) EnableFullDuplex() error {
	w.fullDuplex = true
	return nil
}

// finalTrailers is the trailers the handler set, or nil.
func (w *response) finalTrailers() http.Header {
	var t http.Header
	for k, vv := range w.handlerHeader {
		if kk, found := strings.CutPrefix(k, http.TrailerPrefix); found {
			if t == nil {
				t = make(http.Header)
			}
			t[kk] = vv
		}
	}
	for _, k := range w.trailers {
		if t == nil {
			t = make(http.Header)
		}
		for _, v := range w.handlerHeader[k] {
			t.Add(k, v)
		}
	}
	return t
}

func (w *response) declareTrailer(k string) {
	k = http.CanonicalHeaderKey(k)
	if !validTrailerHeader(k) {
		return // forbidden in a trailer (RFC 9110, section 6.5.1)
	}
	w.trailers = append(w.trailers, k)
}

// disableWriteContinue stops the body reader from answering 100
// Continue, waiting for one being written.
func (w *response) disableWriteContinue() {
	w.writeContinueMu.Lock()
	w.canWriteContinue.Store(false)
	w.writeContinueMu.Unlock()
}

// ReadFrom copies src to the client with the connection's ReadFrom
// (sendfile) once the header is out, as net/http's does.
func (w *response) ReadFrom(src io.Reader) (n int64, err error) {
	rf, ok := w.conn.rwc.(io.ReaderFrom)
	if !ok {
		return io.Copy(writerOnly{w}, src)
	}
	// Copy the first bytes through the buffer first: the response must
	// not start before the source is readable, and they are sniffed.
	if !w.cw.wroteHeader {
		n0, err := io.Copy(writerOnly{w}, io.LimitReader(src, sniffLen))
		n += n0
		if err != nil || n0 < sniffLen {
			return n, err
		}
	}
	w.w.Flush()
	w.cw.flush()
	if !w.cw.chunking && w.bodyAllowed() && w.req.Method != "HEAD" {
		n0, err := rf.ReadFrom(src)
		n += n0
		w.written += n0
		return n, err
	}
	n0, err := io.Copy(writerOnly{w}, src)
	n += n0
	return n, err
}

// sniffLen is how much of a body Content-Type sniffing looks at.
const sniffLen = 512

// writerOnly hides a writer's ReadFrom from io.Copy.
type writerOnly struct{ io.Writer }

// Header returns the response's header map.
func (w *response) Header() http.Header {
	if w.cw.header == nil && w.wroteHeader && !w.cw.wroteHeader {
		// The header was logically written but not yet sent: the handler
		// may change this map, and the sent header must not change.
		w.cw.header = w.handlerHeader.Clone()
	}
	w.calledHeader = true
	return w.handlerHeader
}

func checkWriteHeaderCode(code int) {
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code))
	}
}

// relevantCaller is the first caller outside this package and net/http,
// for log lines.
func relevantCaller() runtime.Frame {
	pc := make([]uintptr, 16)
	n := runtime.Callers(1, pc)
	frames := runtime.CallersFrames(pc[:n])
	var frame runtime.Frame
	for {
		f, more := frames.Next()
		if !strings.Contains(f.Function, "/httpd.") && !strings.HasPrefix(f.Function, "net/http.") {
			return f
		}
		frame = f
		if !more {
			break
		}
	}
	return frame
}

// WriteHeader sends the status (a 1xx at once, with the header as it is).
func (w *response) WriteHeader(code int) {
	if w.conn.hijacked() {
		caller := relevantCaller()
		w.conn.server.logf("http: response.WriteHeader on hijacked connection from %s (%s:%d)", caller.Function, path.Base(caller.File), caller.Line)
		return
	}
	if w.wroteHeader {
		caller := relevantCaller()
		w.conn.server.logf("http: superfluous response.WriteHeader call from %s (%s:%d)", caller.Function, path.Base(caller.File), caller.Line)
		return
	}
	checkWriteHeaderCode(code)
	if code < 101 || code > 199 {
		// A 100 Continue or any final status stops the automatic
		// 100 Continue of the body reader.
		w.disableWriteContinue()
	}
	if code >= 100 && code <= 199 && code != http.StatusSwitchingProtocols {
		writeStatusLine(w.conn.bufw, w.req.ProtoAtLeast(1, 1), code, w.statusBuf[:])
		// RFC 8297: the header map is not cleared after a 1xx.
		w.handlerHeader.WriteSubset(w.conn.bufw, excludedHeadersNoBody)
		w.conn.bufw.Write(crlf)
		w.conn.bufw.Flush()
		return
	}
	w.wroteHeader = true
	w.status = code
	if w.calledHeader && w.cw.header == nil {
		w.cw.header = w.handlerHeader.Clone()
	}
	if cl := w.handlerHeader.Get("Content-Length"); cl != "" {
		v, err := strconv.ParseInt(cl, 10, 64)
		if err == nil && v >= 0 {
			w.contentLength = v
		} else {
			w.conn.server.logf("http: invalid Content-Length of %q", cl)
			w.handlerHeader.Del("Content-Length")
		}
	}
}

var excludedHeadersNoBody = map[string]bool{"Content-Length": true, "Transfer-Encoding": true}

// Write writes body bytes (after an implicit 200).
func (w *response) Write(data []byte) (int, error) { return w.write(len(data), data, "") }

// WriteString writes body bytes without a copy to []byte.
func (w *response) WriteString(data string) (int, error) { return w.write(len(data), nil, data) }

func (w *response) write(lenData int, dataB []byte, dataS string) (n int, err error) {
	if w.conn.hijacked() {
		if lenData > 0 {
			caller := relevantCaller()
			w.conn.server.logf("http: response.Write on hijacked connection from %s (%s:%d)", caller.Function, path.Base(caller.File), caller.Line)
		}
		return 0, http.ErrHijacked
	}
	if w.canWriteContinue.Load() {
		// The body reader has not answered 100 Continue yet: now it
		// must not.
		w.disableWriteContinue()
	}
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if lenData == 0 {
		return 0, nil
	}
	if !w.bodyAllowed() {
		return 0, http.ErrBodyNotAllowed
	}
	w.written += int64(lenData)
	if w.contentLength != -1 && w.written > w.contentLength {
		return 0, http.ErrContentLength
	}
	if dataB != nil {
		return w.w.Write(dataB)
	}
	return w.w.WriteString(dataS)
}

func (w *response) bodyAllowed() bool {
	if !w.wroteHeader {
		panic("net/http: bodyAllowed called before the header was written")
	}
	return bodyAllowedForStatus(w.status)
}

func bodyAllowedForStatus(status int) bool {
	switch {
	case status >= 100 && status <= 199:
		return false
	case status == 204, status == 304:
		return false
	}
	return true
}

// Flush sends what is buffered (http.Flusher).
func (w *response) Flush() { w.FlushError() }

// FlushError is Flush with its error (http.ResponseController).
func (w *response) FlushError() error {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	err := w.w.Flush()
	e2 := w.cw.flush()
	if err == nil {
		err = e2
	}
	return err
}

// finishRequest ends the response once the handler returned.
func (w *response) finishRequest() {
	w.handlerDone.Store(true)
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	w.w.Flush()
	w.w.Reset(nil)
	bodyBufPool.Put(w.w)
	w.w = nil
	w.cw.close()
	w.conn.bufw.Flush()
	// Close the body (whether or not the connection stays) so that its
	// reader is done with the connection's read buffer.
	w.reqBody.Close()
	if w.req.MultipartForm != nil {
		w.req.MultipartForm.RemoveAll()
	}
}

// shouldReuseConnection reports whether the connection may serve another
// request. Only after the handler returned.
func (w *response) shouldReuseConnection() bool {
	if w.closeAfterReply {
		return false
	}
	if w.req.Method != "HEAD" && w.contentLength != -1 && w.bodyAllowed() && w.contentLength != w.written {
		return false // the body was shorter than declared
	}
	if w.conn.werr != nil {
		return false
	}
	return !w.closedRequestBodyEarly()
}

func (w *response) closedRequestBodyEarly() bool {
	b, ok := w.req.Body.(*body)
	if !ok {
		if ecr, ok := w.req.Body.(*expectContinueReader); ok {
			b, ok = ecr.readCloser.(*body)
			if !ok {
				return false
			}
		} else {
			return false
		}
	}
	return b.didEarlyClose()
}

// sendExpectationFailed answers an Expect other than 100-continue with
// 417 (RFC 9110, section 10.1.1).
func (w *response) sendExpectationFailed() {
	w.Header().Set("Connection", "close")
	w.WriteHeader(http.StatusExpectationFailed)
	w.finishRequest()
}

// chunkWriter writes the header on the first write, then the body,
// chunked when it must be.
type chunkWriter struct {
	res         *response
	header      http.Header // the header as logically written, if cloned
	wroteHeader bool
	chunking    bool
}

func (cw *chunkWriter) Write(p []byte) (n int, err error) {
	if !cw.wroteHeader {
		cw.writeHeader(p)
	}
	if cw.res.req.Method == "HEAD" {
		return len(p), nil // eat writes
	}
	bw := cw.res.conn.bufw
	if cw.chunking {
		_, err = bw.Write(strconv.AppendInt(cw.res.clenBuf[:0], int64(len(p)), 16))
		if err == nil {
			_, err = bw.Write(crlf)
		}
		if err != nil {
			cw.res.conn.rwc.Close()
			return
		}
	}
	n, err = bw.Write(p)
	if cw.chunking && err == nil {
		_, err = bw.Write(crlf)
	}
	if err != nil {
		cw.res.conn.rwc.Close()
	}
	return
}

func (cw *chunkWriter) flush() error {
	if !cw.wroteHeader {
		cw.writeHeader(nil)
	}
	return cw.res.conn.bufw.Flush()
}

func (cw *chunkWriter) close() {
	if !cw.wroteHeader {
		cw.writeHeader(nil)
	}
	if cw.chunking {
		bw := cw.res.conn.bufw
		bw.WriteString("0\r\n")
		if trailers := cw.res.finalTrailers(); trailers != nil {
			trailers.Write(bw)
		}
		bw.WriteString("\r\n")
	}
}

// extraHeader is the header lines writeHeader adds, written after the
// handler's in this order, as net/http does.
type extraHeader struct {
	contentType      string
	connection       string
	transferEncoding string
	date             []byte
	contentLength    []byte
}

func (h *extraHeader) write(w *bufio.Writer) {
	if h.date != nil {
		w.WriteString("Date: ")
		w.Write(h.date)
		w.Write(crlf)
	}
	if h.contentLength != nil {
		w.WriteString("Content-Length: ")
		w.Write(h.contentLength)
		w.Write(crlf)
	}
	if h.contentType != "" {
		w.WriteString("Content-Type: ")
		w.WriteString(h.contentType)
		w.Write(crlf)
	}
	if h.connection != "" {
		w.WriteString("Connection: ")
		w.WriteString(h.connection)
		w.Write(crlf)
	}
	if h.transferEncoding != "" {
		w.WriteString("Transfer-Encoding: ")
		w.WriteString(h.transferEncoding)
		w.Write(crlf)
	}
}

// writeHeader decides the framing and writes the header to the
// connection's buffer; p is the body's first bytes (sniffed for a
// Content-Type, and the whole body if the handler is done). This is
// net/http's chunkWriter.writeHeader, decision for decision.
func (cw *chunkWriter) writeHeader(p []byte) {
	if cw.wroteHeader {
		return
	}
	cw.wroteHeader = true

	w := cw.res
	keepAlivesEnabled := w.conn.server.doKeepAlives()
	isHEAD := w.req.Method == "HEAD"

	header := cw.header
	owned := header != nil
	if !owned {
		header = w.handlerHeader
	}
	var excludeHeader map[string]bool
	delHeader := func(key string) {
		if owned {
			header.Del(key)
			return
		}
		if _, ok := header[key]; !ok {
			return
		}
		if excludeHeader == nil {
			excludeHeader = make(map[string]bool)
		}
		excludeHeader[key] = true
	}
	var setHeader extraHeader

	// The "Trailer:" keys are not header lines.
	trailers := false
	for k := range cw.header {
		if strings.HasPrefix(k, http.TrailerPrefix) {
			if excludeHeader == nil {
				excludeHeader = make(map[string]bool)
			}
			excludeHeader[k] = true
			trailers = true
		}
	}
	for _, v := range cw.header["Trailer"] {
		trailers = true
		foreachHeaderElement(v, cw.res.declareTrailer)
	}

	te := header.Get("Transfer-Encoding")
	hasTE := te != ""

	// A handler done with a small body gets a Content-Length, even 0
	// (not for 1xx, 204, 304, nor an empty HEAD answer).
	if w.handlerDone.Load() && !trailers && !hasTE && bodyAllowedForStatus(w.status) && !hasHeader(header, "Content-Length") && (!isHEAD || len(p) > 0) {
		w.contentLength = int64(len(p))
		setHeader.contentLength = strconv.AppendInt(cw.res.clenBuf[:0], int64(len(p)), 10)
	}

	// An HTTP/1.0 keep-alive request answered with a Content-Length may
	// keep its connection.
	if w.wants10KeepAlive && keepAlivesEnabled {
		sentLength := header.Get("Content-Length") != ""
		if sentLength && header.Get("Connection") == "keep-alive" {
			w.closeAfterReply = false
		}
	}

	hasCL := w.contentLength != -1

	if w.wants10KeepAlive && (isHEAD || hasCL || !bodyAllowedForStatus(w.status)) {
		if _, set := header["Connection"]; !set {
			setHeader.connection = "keep-alive"
		}
	} else if !w.req.ProtoAtLeast(1, 1) || w.wantsClose {
		w.closeAfterReply = true
	}

	if header.Get("Connection") == "close" || !keepAlivesEnabled {
		w.closeAfterReply = true
	}

	// A client that asked for 100-continue and whose body was not read
	// to its end: do not reuse the connection.
	if ecr, ok := w.req.Body.(*expectContinueReader); ok && !ecr.sawEOF.Load() {
		w.closeAfterReply = true
	}

	// Consume what is left of the request body before the response, so
	// that a client sending its whole request before reading does not
	// deadlock (unless full duplex, or closing anyway).
	if w.req.ContentLength != 0 && !w.closeAfterReply && !w.fullDuplex {
		var discard, tooBig bool
		switch bdy := w.req.Body.(type) {
		case *expectContinueReader:
			// Only here when it was read to its end (above).
		case *body:
			bdy.mu.Lock()
			switch {
			case bdy.closed:
				if !bdy.sawEOF {
					w.closeAfterReply = true // closed with an error
				}
			case bdy.unreadDataSizeLocked() >= maxPostHandlerReadBytes:
				tooBig = true
			default:
				discard = true
			}
			bdy.mu.Unlock()
		default:
			discard = true
		}
		if discard {
			_, err := io.CopyN(io.Discard, w.reqBody, maxPostHandlerReadBytes+1)
			switch err {
			case nil:
				tooBig = true // even more left
			case http.ErrBodyReadAfterClose:
			case io.EOF:
				if err := w.reqBody.Close(); err != nil {
					w.closeAfterReply = true
				}
			default:
				// Whatever remains on the wire is not a request.
				w.closeAfterReply = true
			}
		}
		if tooBig {
			w.requestTooLarge()
			delHeader("Connection")
			setHeader.connection = "close"
		}
	}

	code := w.status
	if bodyAllowedForStatus(code) {
		_, haveType := header["Content-Type"]
		// A set Content-Encoding means the bytes are not what to sniff.
		hasCE := header.Get("Content-Encoding") != ""
		if !hasCE && !haveType && !hasTE && len(p) > 0 {
			setHeader.contentType = http.DetectContentType(p)
		}
	} else {
		for _, k := range suppressedHeaders(code) {
			delHeader(k)
		}
	}

	if !hasHeader(header, "Date") {
		setHeader.date = w.conn.server.appendDate(cw.res.dateBuf[:0])
	}

	if hasCL && hasTE && te != "identity" {
		w.conn.server.logf("http: WriteHeader called with both Transfer-Encoding of %q and a Content-Length of %d",
			te, w.contentLength)
		delHeader("Content-Length")
		hasCL = false
	}

	switch {
	case w.req.Method == "HEAD" || !bodyAllowedForStatus(code) || code == http.StatusNoContent:
		delHeader("Transfer-Encoding")
	case hasCL:
		delHeader("Transfer-Encoding")
	case w.req.ProtoAtLeast(1, 1):
		if hasTE && te == "identity" {
			// Close-delimited, as Server-Sent Events recommend.
			cw.chunking = false
			w.closeAfterReply = true
			delHeader("Transfer-Encoding")
		} else {
			cw.chunking = true
			setHeader.transferEncoding = "chunked"
			if hasTE && te == "chunked" {
				delHeader("Transfer-Encoding") // written below, once
			}
		}
	default:
		// HTTP/1.0 without a length: the end of the body is the close.
		w.closeAfterReply = true
		delHeader("Transfer-Encoding")
	}

	if cw.chunking {
		delHeader("Content-Length")
	}
	if !w.req.ProtoAtLeast(1, 0) {
		return
	}

	// Say Connection: close when closing, unless the handler said it
	// already with keep-alive on, or this is a protocol switch.
	delConnectionHeader := w.closeAfterReply &&
		(!keepAlivesEnabled || !hasToken(cw.header.Get("Connection"), "close")) &&
		!isProtocolSwitchResponse(w.status, header)
	if delConnectionHeader {
		delHeader("Connection")
		if w.req.ProtoAtLeast(1, 1) {
			setHeader.connection = "close"
		}
	}

	bw := w.conn.bufw
	writeStatusLine(bw, w.req.ProtoAtLeast(1, 1), code, w.statusBuf[:])
	cw.header.WriteSubset(bw, excludeHeader)
	setHeader.write(bw)
	bw.Write(crlf)
}

// requestTooLarge marks the connection to close: too much of the request
// body is left to read.
func (w *response) requestTooLarge() {
	w.closeAfterReply = true
	w.requestBodyLimitHit = true
	if !w.wroteHeader {
		w.Header().Set("Connection", "close")
	}
}

func hasHeader(h http.Header, key string) bool {
	_, ok := h[key]
	return ok
}

var (
	suppressedHeaders304    = []string{"Content-Type", "Content-Length", "Transfer-Encoding"}
	suppressedHeadersNoBody = []string{"Content-Length", "Transfer-Encoding"}
)

func suppressedHeaders(status int) []string {
	switch {
	case status == 304:
		return suppressedHeaders304 // RFC 9110, section 15.4.5
	case !bodyAllowedForStatus(status):
		return suppressedHeadersNoBody
	}
	return nil
}

func isProtocolSwitchResponse(code int, h http.Header) bool {
	return code == http.StatusSwitchingProtocols && h.Get("Upgrade") != "" &&
		headerValuesContainsToken(h["Connection"], "Upgrade")
}

// writeStatusLine writes "HTTP/1.x CODE TEXT\r\n".
func writeStatusLine(bw *bufio.Writer, is11 bool, code int, scratch []byte) {
	if is11 {
		bw.WriteString("HTTP/1.1 ")
	} else {
		bw.WriteString("HTTP/1.0 ")
	}
	if text := http.StatusText(code); text != "" {
		bw.Write(strconv.AppendInt(scratch[:0], int64(code), 10))
		bw.WriteByte(' ')
		bw.WriteString(text)
		bw.WriteString("\r\n")
	} else {
		fmt.Fprintf(bw, "%03d status code %d\r\n", code, code)
	}
}
