package gateway

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/goframe/goframe/gateway/internal/accesslog"
	"github.com/goframe/goframe/gateway/internal/proxy"
)

// connKey is the context key of the *connInfo of a request's connection.
type connKey struct{}

// connInfo is what the gateway knows about one client connection.
type connInfo struct {
	cc *checkedConn // nil for protocols other than HTTP
}

// front is the handler the gateway serves: it runs the stages every
// request goes through before and after the application's handler, in
// order: refuse what the head checker rejected, apply trusted proxy
// headers, take a thread slot, bound the request's time, run the handler
// (recovering a panic), then write the access log line.
type front struct {
	s    *Server
	next http.Handler
}

func (f *front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s := f.s
	var start time.Time
	if s.access != nil || s.cfg.Hooks.PostRequest != nil {
		start = time.Now()
	}
	ci, _ := r.Context().Value(connKey{}).(*connInfo)
	if ci != nil && ci.cc != nil {
		if perr := ci.cc.rejection(r); perr != nil {
			s.log.Info("refused request", "remote", r.RemoteAddr, "status", perr.Status, "error", perr.Reason)
			writeError(w, perr.Status, perr.Reason)
			return
		}
		if st := ci.cc.tlsState(); st != nil {
			r.TLS = st
		}
	}
	rw := &respWriter{w: w}
	if ci != nil && ci.cc != nil {
		defer ci.cc.requestDone(r)
		rw.cc = ci.cc
	}

	if err := s.trust.Apply(r); err != nil {
		status, reason := http.StatusBadRequest, err.Error()
		var pe *proxy.Error
		if errors.As(err, &pe) {
			status, reason = pe.Status, pe.Reason
		}
		rw.mu.Lock()
		rw.wrote, rw.status = true, status
		rw.bytes = int64(writeError(w, status, reason))
		rw.mu.Unlock()
		s.logAccess(r, rw, start)
		return
	}

	ctx := r.Context()
	if s.cfg.RequestTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.cfg.RequestTimeout)
		method, uri, remote := r.Method, r.RequestURI, r.RemoteAddr
		fired := make(chan struct{})
		stop := context.AfterFunc(ctx, func() {
			defer close(fired)
			if errors.Is(ctx.Err(), context.DeadlineExceeded) && rw.timeout() {
				s.log.Warn("request timeout", "remote", remote, "method", method, "uri", uri, "after", s.cfg.RequestTimeout)
			}
		})
		defer func() {
			// The 503 must be written before net/http finishes the
			// response: wait for the timer's goroutine if it started.
			if !stop() {
				<-fired
			}
			cancel()
		}()
		r = r.WithContext(ctx)
	}

	if s.threads != nil {
		select {
		case s.threads <- struct{}{}:
		case <-ctx.Done():
			// Out of time waiting for a slot (a 503), or the client left.
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				rw.timeout()
			}
			s.logAccess(r, rw, start)
			return
		}
	}
	if hook := s.cfg.Hooks.PreRequest; hook != nil {
		hook(s.worker, r)
	}
	f.serve(rw, r)
	if hook := s.cfg.Hooks.PostRequest; hook != nil {
		status, _ := rw.result()
		hook(s.worker, r, status, time.Since(start))
	}
	if s.threads != nil {
		<-s.threads
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		rw.timeout() // the handler gave up on its context before the timer wrote
	}
	s.logAccess(r, rw, start)
	s.countRequest()
	rw.mu.Lock()
	aborted := rw.timedOut && rw.status != http.StatusServiceUnavailable
	rw.mu.Unlock()
	if aborted {
		// The handler had begun its answer when time ran out: cut the
		// connection rather than let a truncated body look complete.
		panic(http.ErrAbortHandler)
	}
}

// serve runs the application's handler, turning a panic into a 500 (when
// nothing was sent yet) and an error log entry with the stack.
func (f *front) serve(rw *respWriter, r *http.Request) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v)
		}
		f.s.log.Error("panic serving request", "remote", r.RemoteAddr, "method", r.Method, "uri", r.RequestURI,
			"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		rw.mu.Lock()
		wrote := rw.wrote || rw.hijacked
		if !wrote {
			rw.wrote, rw.status = true, http.StatusInternalServerError
			rw.bytes = int64(writeError(rw.w, http.StatusInternalServerError, ""))
		}
		rw.mu.Unlock()
		if wrote {
			panic(http.ErrAbortHandler)
		}
	}()
	f.next.ServeHTTP(rw, r)
}

// logAccess writes the access log line of a finished request.
func (s *Server) logAccess(r *http.Request, rw *respWriter, start time.Time) {
	if s.access == nil {
		return
	}
	status, n := rw.result()
	s.access.Log(&accesslog.Entry{
		Request:        r,
		RemoteAddr:     r.RemoteAddr,
		Status:         status,
		Bytes:          n,
		Start:          start,
		Duration:       time.Since(start),
		ResponseHeader: rw.w.Header(),
		PID:            s.pid,
	})
}

// countRequest counts a served request toward --max-requests.
func (s *Server) countRequest() {
	n := s.served.Add(1)
	if s.maxRequests > 0 && n == s.maxRequests && s.onMaxRequests != nil {
		go s.onMaxRequests()
	}
}

// parseLevel turns a Gunicorn log level into a slog level.
func parseLevel(v string) (slog.Level, error) {
	switch v {
	case "debug", "DEBUG":
		return slog.LevelDebug, nil
	case "info", "INFO":
		return slog.LevelInfo, nil
	case "warning", "WARNING", "warn":
		return slog.LevelWarn, nil
	case "error", "ERROR":
		return slog.LevelError, nil
	case "critical", "CRITICAL":
		return slog.LevelError + 4, nil
	}
	return 0, fmt.Errorf("%q is not one of debug, info, warning, error, critical", v)
}
