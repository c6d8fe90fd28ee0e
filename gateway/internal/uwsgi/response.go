package uwsgi

import (
	"bufio"
	"fmt"
	"net/http"
	"path"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// bufferBeforeHeader is how much handler output is held back before the
// response header is sent. A handler that returns without flushing and
// wrote no more than this gets a Content-Length; other bodies end when the
// connection closes (see the package documentation).
const bufferBeforeHeader = 4 << 10

// response is the http.ResponseWriter of one request. Like net/http's, it
// is not safe for concurrent use and must not be used after the handler
// returns.
type response struct {
	c             *conn
	req           *http.Request
	isHEAD        bool
	handlerHeader http.Header
	header        http.Header // handlerHeader as of WriteHeader
	status        int
	wroteHeader   bool  // WriteHeader was called with a final status
	contentLength int64 // declared by the handler, or -1
	written       int64 // body bytes the handler wrote
	handlerDone   bool

	w  *bufio.Writer // handler output, flushing into ow
	ow outWriter
}

func newResponse(c *conn, req *http.Request) *response {
	w := &response{
		c:             c,
		req:           req,
		isHEAD:        req.Method == http.MethodHead,
		handlerHeader: make(http.Header),
		contentLength: -1,
	}
	w.ow.res = w
	w.w = bufio.NewWriterSize(&w.ow, bufferBeforeHeader)
	return w
}

// Header returns the header map to be sent by WriteHeader.
func (w *response) Header() http.Header { return w.handlerHeader }

// WriteHeader sends (or, until the first flush, prepares) the status line
// and header. A second call is logged and ignored. Informational 1xx
// statuses other than 101 are dropped: nginx's uwsgi module would take them
// for the final status.
func (w *response) WriteHeader(code int) {
	if w.wroteHeader {
		_, file, line, _ := runtime.Caller(1)
		w.c.srv.logger().Warn("uwsgi: superfluous response.WriteHeader call",
			"caller", path.Base(file)+":"+strconv.Itoa(line), "status", code)
		return
	}
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code))
	}
	if code >= 100 && code <= 199 && code != http.StatusSwitchingProtocols {
		return
	}
	w.wroteHeader = true
	w.status = code
	w.header = w.handlerHeader.Clone()
	if cl := w.header.Get("Content-Length"); cl != "" {
		if n, ok := parseContentLength(cl); ok {
			w.contentLength = n
		} else {
			w.c.srv.logger().Warn("uwsgi: handler set an invalid Content-Length; dropped", "value", cl)
			delete(w.header, "Content-Length")
		}
	}
}

// Write writes body bytes, sending the header first if needed. It fails
// with http.ErrBodyNotAllowed for 1xx, 204 and 304 responses and with
// http.ErrContentLength past a declared Content-Length; for HEAD requests
// the bytes are counted and dropped.
func (w *response) Write(p []byte) (int, error) {
	if err := w.beforeWrite(len(p)); err != nil || len(p) == 0 {
		return 0, err
	}
	return w.w.Write(p)
}

// WriteString is Write for a string.
func (w *response) WriteString(s string) (int, error) {
	if err := w.beforeWrite(len(s)); err != nil || len(s) == 0 {
		return 0, err
	}
	return w.w.WriteString(s)
}

func (w *response) beforeWrite(n int) error {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if n == 0 {
		return nil
	}
	if !bodyAllowedForStatus(w.status) {
		return http.ErrBodyNotAllowed
	}
	if w.contentLength != -1 && w.written+int64(n) > w.contentLength {
		return http.ErrContentLength
	}
	w.written += int64(n)
	return nil
}

// Flush sends the header and everything written so far to the front
// server. After a flush, the body is delimited by the end of the connection
// unless the handler declared a Content-Length.
func (w *response) Flush() { _ = w.FlushError() }

// FlushError is Flush returning the write error, for
// http.ResponseController.
func (w *response) FlushError() error {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	err := w.w.Flush()
	if !w.ow.wroteHeader {
		w.ow.writeHeader(nil)
	}
	if err2 := w.c.bw.Flush(); err == nil {
		err = err2
	}
	return err
}

// SetReadDeadline sets the connection's read deadline, for
// http.ResponseController.
func (w *response) SetReadDeadline(t time.Time) error { return w.c.rwc.SetReadDeadline(t) }

// SetWriteDeadline sets the connection's write deadline, for
// http.ResponseController.
func (w *response) SetWriteDeadline(t time.Time) error { return w.c.rwc.SetWriteDeadline(t) }

// EnableFullDuplex does nothing: the request body can always be read while
// the response is written, since it arrives on the stream after the vars.
func (w *response) EnableFullDuplex() error { return nil }

// finish completes the response after the handler returned.
func (w *response) finish() error {
	w.handlerDone = true
	return w.FlushError()
}

// complete reports whether the body sent matches a declared Content-Length.
func (w *response) complete() bool {
	return w.contentLength == -1 || w.isHEAD || !bodyAllowedForStatus(w.status) ||
		w.written == w.contentLength
}

// outWriter writes the header before the first body bytes reach the
// connection.
type outWriter struct {
	res         *response
	wroteHeader bool
}

func (ow *outWriter) Write(p []byte) (int, error) {
	if !ow.wroteHeader {
		ow.writeHeader(p)
	}
	if ow.res.isHEAD {
		return len(p), nil
	}
	return ow.res.c.bw.Write(p)
}

// writeHeader writes the status line and header to the connection's
// buffer. p is the start of the body, used for Content-Type sniffing and,
// when it is all of the body, for Content-Length.
func (ow *outWriter) writeHeader(p []byte) {
	ow.wroteHeader = true
	w := ow.res
	h := w.header
	if h == nil {
		h = make(http.Header)
	}
	// Trailers need chunked encoding, which nginx's uwsgi module does not
	// decode: drop them, and any Transfer-Encoding the handler set.
	for k := range h {
		if strings.HasPrefix(k, http.TrailerPrefix) {
			delete(h, k)
		}
	}
	delete(h, "Trailer")
	delete(h, "Transfer-Encoding")

	code := w.status
	if _, has := h["Content-Length"]; !has && w.handlerDone && bodyAllowedForStatus(code) &&
		(!w.isHEAD || len(p) > 0) {
		h["Content-Length"] = []string{strconv.Itoa(len(p))}
	}
	if bodyAllowedForStatus(code) {
		if _, haveType := h["Content-Type"]; !haveType && h.Get("Content-Encoding") == "" && len(p) > 0 {
			h["Content-Type"] = []string{http.DetectContentType(p)}
		}
	} else {
		delete(h, "Content-Length")
		if code == http.StatusNotModified {
			delete(h, "Content-Type")
		}
	}
	if _, has := h["Date"]; !has {
		h["Date"] = []string{time.Now().UTC().Format(http.TimeFormat)}
	}

	bw := w.c.bw
	if w.req.ProtoMajor == 1 && w.req.ProtoMinor == 0 {
		bw.WriteString("HTTP/1.0 ")
	} else {
		bw.WriteString("HTTP/1.1 ")
	}
	bw.WriteString(strconv.Itoa(code))
	bw.WriteByte(' ')
	if text := http.StatusText(code); text != "" {
		bw.WriteString(text)
	} else {
		bw.WriteString("status code " + strconv.Itoa(code))
	}
	bw.WriteString("\r\n")
	h.Write(bw) // sorted; drops invalid names, turns newlines in values into spaces
	bw.WriteString("\r\n")
}

// bodyAllowedForStatus reports whether a response with this status may
// have a body (RFC 9110, section 6.4.1).
func bodyAllowedForStatus(status int) bool {
	switch {
	case status >= 100 && status <= 199, status == 204, status == 304:
		return false
	}
	return true
}
