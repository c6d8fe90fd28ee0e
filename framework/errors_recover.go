package framework

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
)

// panicError is a recovered panic: its value and the stack of the
// goroutine where it happened.
type panicError struct {
	value any
	stack []byte
}

func (p *panicError) Error() string { return fmt.Sprintf("panic: %v", p.value) }

// Unwrap returns the panic's value when it is an error, so that
// errors.As finds, say, a template error a view panicked with.
func (p *panicError) Unwrap() error {
	err, _ := p.value.(error)
	return err
}

// responseState is the ResponseWriter the App's request path passes on:
// it notes whether the response has begun (its status sent) and the
// request the view received, and runs the request's before-write duties
// (reqState.beforeWrite: the CSRF cookie, the messages, the session) once,
// just before the header is written — by WriteHeader, the first Write,
// ReadFrom or Flush — or when the App's middleware are done and nothing
// was written (finish). An informational (1xx) header does not count. A
// hijack skips them: the response is then not the server's to write.
// http.ResponseController reaches the connection through Unwrap; ReadFrom
// keeps the server's sendfile path for files.
type responseState struct {
	http.ResponseWriter
	started bool
	status  int
	req     *http.Request
	duties  *reqState // whose beforeWrite runs; nil for none
	done    bool      // the duties ran, or must not
}

// responseStateFrom returns the request's responseState (nil outside an
// App).
func responseStateFrom(ctx context.Context) *responseState {
	if rs := reqStateFrom(ctx); rs != nil {
		return rs.response
	}
	return nil
}

// noteRequest records req as the request the view received, for the
// DEBUG page of a panic: it carries the route's parameters and, once
// parsed, the form, which the request the App began with does not.
func noteRequest(req *http.Request) {
	if st := responseStateFrom(req.Context()); st != nil {
		st.req = req
	}
}

// before runs the duties once, for a header about to go out with status.
func (s *responseState) before(status int) {
	if !s.done {
		s.done = true
		if s.duties != nil {
			s.duties.beforeWrite(status)
		}
	}
}

// finish runs the duties if nothing was written: net/http then sends an
// empty 200.
func (s *responseState) finish() { s.before(http.StatusOK) }

func (s *responseState) start(code int) {
	if !s.started {
		s.started, s.status = true, code
	}
}

// WriteHeader sends the status; an informational one (103 Early Hints)
// does not begin the response.
func (s *responseState) WriteHeader(code int) {
	if code >= 200 || code == http.StatusSwitchingProtocols {
		s.before(code)
		s.start(code)
	}
	s.ResponseWriter.WriteHeader(code)
}

// Write sends body bytes (and a 200 if no status was sent).
func (s *responseState) Write(b []byte) (int, error) {
	if !s.started {
		s.before(http.StatusOK)
		s.start(http.StatusOK)
	}
	return s.ResponseWriter.Write(b)
}

// WriteString sends body bytes without a copy when the writer below can.
func (s *responseState) WriteString(str string) (int, error) {
	if !s.started {
		s.before(http.StatusOK)
		s.start(http.StatusOK)
	}
	return io.WriteString(s.ResponseWriter, str)
}

// ReadFrom keeps net/http's sendfile path for io.Copy into the response.
func (s *responseState) ReadFrom(src io.Reader) (int64, error) {
	s.before(http.StatusOK)
	s.start(http.StatusOK)
	if rf, ok := s.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(src)
	}
	return io.Copy(writerOnly{s.ResponseWriter}, src)
}

// Flush sends what is buffered, for handlers that assert http.Flusher.
func (s *responseState) Flush() { s.FlushError() }

// FlushError sends what is buffered; http.ResponseController uses it.
func (s *responseState) FlushError() error {
	s.before(http.StatusOK)
	s.start(http.StatusOK)
	return http.NewResponseController(s.ResponseWriter).Flush()
}

// Hijack hands the connection over, for handlers that assert
// http.Hijacker (a WebSocket upgrade); the duties do not run after a
// successful one.
func (s *responseState) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := http.NewResponseController(s.ResponseWriter).Hijack()
	if err == nil {
		s.done = true
		s.start(http.StatusSwitchingProtocols)
	}
	return conn, rw, err
}

// Unwrap returns the wrapped ResponseWriter, for
// http.ResponseController.
func (s *responseState) Unwrap() http.ResponseWriter { return s.ResponseWriter }
