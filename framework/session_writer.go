package framework

import (
	"bufio"
	"io"
	"net"
	"net/http"
)

// beforeWriter is a ResponseWriter that runs a function once, just
// before the response's header is written (by WriteHeader, the first
// Write, ReadFrom or Flush), or when the handler returns without writing
// (finish): where the session and messages middleware save what the view
// changed and add their headers. An informational (1xx) header does not
// count. http.ResponseController reaches the connection through Unwrap;
// ReadFrom keeps the server's sendfile path for files.
type beforeWriter struct {
	http.ResponseWriter
	before func(status int)
	done   bool
}

func newBeforeWriter(w http.ResponseWriter, before func(status int)) *beforeWriter {
	return &beforeWriter{ResponseWriter: w, before: before}
}

func (w *beforeWriter) fire(status int) {
	if !w.done {
		w.done = true
		w.before(status)
	}
}

// finish runs the function if nothing was written: net/http then sends
// an empty 200.
func (w *beforeWriter) finish() { w.fire(http.StatusOK) }

func (w *beforeWriter) WriteHeader(code int) {
	if code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
		w.ResponseWriter.WriteHeader(code) // 103 Early Hints and the like
		return
	}
	w.fire(code)
	w.ResponseWriter.WriteHeader(code)
}

func (w *beforeWriter) Write(b []byte) (int, error) {
	w.fire(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

// ReadFrom copies from r, through the underlying writer's ReadFrom
// (sendfile for a file) when it has one.
func (w *beforeWriter) ReadFrom(r io.Reader) (int64, error) {
	w.fire(http.StatusOK)
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(writerOnly{w.ResponseWriter}, r)
}

// Flush sends what was written so far, for code that asserts
// http.Flusher.
func (w *beforeWriter) Flush() { w.FlushError() }

// FlushError is Flush reporting the error, as http.ResponseController
// wants it.
func (w *beforeWriter) FlushError() error {
	w.fire(http.StatusOK)
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack hands the connection over (WebSockets): the response is then
// not the server's to write, and the function does not run.
func (w *beforeWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, rw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err == nil {
		w.done = true
	}
	return c, rw, err
}

// Unwrap returns the underlying ResponseWriter, for
// http.ResponseController.
func (w *beforeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
