package framework

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime/debug"
)

// recoverMiddleware is the outermost middleware: a panic in a view or a
// middleware becomes a 500 through renderError (the DEBUG page shows the
// panic and its stack), and http.ErrAbortHandler goes on to net/http.
// It wraps the ResponseWriter to know whether the response has begun: a
// panic after that cannot change the status, so it is logged and the
// connection aborted (by panicking with http.ErrAbortHandler, which
// net/http answers by closing the connection without logging), so that
// the client sees a truncated response rather than one that looks
// complete.
func (a *App) recoverMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := &responseState{ResponseWriter: w}
		if rs := reqStateFrom(r.Context()); rs != nil {
			rs.response = st
		} else {
			r = r.WithContext(context.WithValue(r.Context(), responseStateKey{}, st))
		}
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler {
				panic(p)
			}
			pe := &panicError{value: p, stack: debug.Stack()}
			req := r
			if st.req != nil {
				req = st.req // the view's request: route parameters, parsed form
			}
			if st.started {
				a.log.Error("framework: panic after the response began; connection aborted",
					"method", req.Method, "path", req.URL.Path, "request_id", requestID(w, req),
					"status", st.status, "error", pe.Error(), "stack", string(pe.stack))
				panic(http.ErrAbortHandler)
			}
			a.renderError(st, req, http.StatusInternalServerError, pe, "")
		}()
		next.ServeHTTP(st, r)
	})
}

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

type responseStateKey struct{}

// responseState is the ResponseWriter recoverMiddleware passes on: it
// notes whether the response has begun (its status sent), and the
// request the view received.
type responseState struct {
	http.ResponseWriter
	started bool
	status  int
	req     *http.Request
}

// responseStateFrom returns the request's responseState (nil outside
// recoverMiddleware).
func responseStateFrom(ctx context.Context) *responseState {
	if rs := reqStateFrom(ctx); rs != nil && rs.response != nil {
		return rs.response
	}
	st, _ := ctx.Value(responseStateKey{}).(*responseState)
	return st
}

// noteRequest records req as the request the view received, for the
// DEBUG page of a panic: it carries the route's parameters and, once
// parsed, the form, which the request recoverMiddleware holds does not.
func noteRequest(req *http.Request) {
	if st := responseStateFrom(req.Context()); st != nil {
		st.req = req
	}
}

func (s *responseState) start(code int) {
	if !s.started {
		s.started, s.status = true, code
	}
}

// WriteHeader sends the status; an informational one (103 Early Hints)
// does not begin the response.
func (s *responseState) WriteHeader(code int) {
	if code >= 200 || code == http.StatusSwitchingProtocols {
		s.start(code)
	}
	s.ResponseWriter.WriteHeader(code)
}

// Write sends body bytes (and a 200 if no status was sent).
func (s *responseState) Write(b []byte) (int, error) {
	s.start(http.StatusOK)
	return s.ResponseWriter.Write(b)
}

// ReadFrom keeps net/http's sendfile path for io.Copy into the response.
func (s *responseState) ReadFrom(src io.Reader) (int64, error) {
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
	s.start(http.StatusOK)
	return http.NewResponseController(s.ResponseWriter).Flush()
}

// Hijack hands the connection over, for handlers that assert
// http.Hijacker (a WebSocket upgrade).
func (s *responseState) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := http.NewResponseController(s.ResponseWriter).Hijack()
	if err == nil {
		s.start(http.StatusSwitchingProtocols)
	}
	return conn, rw, err
}

// Unwrap returns the wrapped ResponseWriter, for
// http.ResponseController.
func (s *responseState) Unwrap() http.ResponseWriter { return s.ResponseWriter }
