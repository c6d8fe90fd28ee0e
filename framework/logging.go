package framework

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// RequestLogger logs one structured line per request to log (slog's
// default logger if nil) once the handler returns: method, path, status,
// bytes (of the body sent), duration, request_id (RequestIDFrom: put
// RequestID outside it) and client_ip. As Django's django.request logger
// does, a 5xx is logged at error level and a 4xx at warning; other
// statuses at info. A request whose handler panicked is logged as a 500
// with panic=true, and the panic goes on to the recover middleware.
//
// Only the path is logged, never the query string, which often carries
// secrets (password-reset tokens, API keys, e-mail addresses); a path
// that holds one (/reset/<token>/) is logged as it is.
//
// The response writer it passes on keeps http.ResponseController's
// Flush, Hijack and deadlines working (Unwrap), and sendfile (ReadFrom).
func RequestLogger(log *slog.Logger) func(http.Handler) http.Handler {
	if log == nil {
		log = slog.Default()
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			lw := &logWriter{ResponseWriter: w}
			completed := false
			defer func() {
				status, level := lw.status, slog.LevelInfo
				switch {
				case !completed && !lw.wrote:
					status = http.StatusInternalServerError // the recover middleware answers
				case status == 0 && lw.hijacked:
					status = http.StatusSwitchingProtocols
				case status == 0:
					status = http.StatusOK
				}
				switch {
				case status >= 500:
					level = slog.LevelError
				case status >= 400:
					level = slog.LevelWarn
				}
				attrs := []slog.Attr{
					slog.String("method", r.Method),
					slog.String("path", r.URL.Path),
					slog.Int("status", status),
					slog.Int64("bytes", lw.bytes),
					slog.Duration("duration", time.Since(start)),
					slog.String("request_id", RequestIDFrom(r.Context())),
					slog.String("client_ip", clientIP(r)),
				}
				if !completed {
					attrs = append(attrs, slog.Bool("panic", true))
				}
				log.LogAttrs(context.WithoutCancel(r.Context()), level, "request", attrs...)
			}()
			next.ServeHTTP(lw, r)
			completed = true
		})
	}
}

// clientIP is the peer's address without its port (Request.ClientIP).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// logWriter records the status and the body's size.
type logWriter struct {
	http.ResponseWriter
	status   int
	bytes    int64
	wrote    bool
	hijacked bool
}

// WriteHeader records the status (the first final one).
func (w *logWriter) WriteHeader(code int) {
	if !w.wrote && code >= 200 {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write counts the bytes written.
func (w *logWriter) Write(b []byte) (int, error) {
	w.began()
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// ReadFrom keeps the underlying writer's io.ReaderFrom (sendfile).
func (w *logWriter) ReadFrom(r io.Reader) (int64, error) {
	w.began()
	var n int64
	var err error
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(r)
	} else {
		n, err = io.Copy(writerOnly{w.ResponseWriter}, r)
	}
	w.bytes += n
	return n, err
}

func (w *logWriter) began() {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
}

// Flush flushes (a no-op if the connection cannot); the status, if not
// set yet, is 200.
func (w *logWriter) Flush() { w.FlushError() }

// FlushError flushes, as http.ResponseController asks.
func (w *logWriter) FlushError() error {
	w.began()
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack hands over the connection, logged as status 101.
func (w *logWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, rw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err == nil {
		w.hijacked = true
	}
	return c, rw, err
}

// Unwrap lets http.ResponseController reach the connection.
func (w *logWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
