package gateway

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"sync"
)

// respWriter records what the handler answered, for the access log, and
// lets the request timeout answer 503 in the handler's place. Every call
// on the underlying ResponseWriter goes through its mutex, so the timeout's
// goroutine and the handler never write at once.
type respWriter struct {
	w        http.ResponseWriter
	mu       sync.Mutex
	status   int
	bytes    int64
	wrote    bool // header sent
	timedOut bool // the request timeout fired: further writes fail
	hijacked bool
	cc       *checkedConn // told of a hijack; nil for other protocols
}

var (
	_ http.ResponseWriter = (*respWriter)(nil)
	_ http.Flusher        = (*respWriter)(nil)
	_ http.Hijacker       = (*respWriter)(nil)
)

func (rw *respWriter) Header() http.Header { return rw.w.Header() }

func (rw *respWriter) WriteHeader(code int) {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if rw.timedOut || rw.hijacked {
		return
	}
	if code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
		rw.w.WriteHeader(code) // informational: not the final status
		return
	}
	if !rw.wrote {
		rw.wrote = true
		rw.status = code
	}
	rw.w.WriteHeader(code)
}

func (rw *respWriter) Write(p []byte) (int, error) {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if err := rw.beforeWrite(); err != nil {
		return 0, err
	}
	n, err := rw.w.Write(p)
	rw.bytes += int64(n)
	return n, err
}

// beforeWrite refuses a write after a timeout or a hijack, and records the
// implicit 200 of a first write. The caller holds rw.mu.
func (rw *respWriter) beforeWrite() error {
	if rw.timedOut {
		return http.ErrHandlerTimeout
	}
	if rw.hijacked {
		return http.ErrHijacked
	}
	if !rw.wrote {
		rw.wrote = true
		rw.status = http.StatusOK
	}
	return nil
}

// WriteString avoids a copy, as net/http's own ResponseWriter does.
func (rw *respWriter) WriteString(str string) (int, error) {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if err := rw.beforeWrite(); err != nil {
		return 0, err
	}
	n, err := io.WriteString(rw.w, str)
	rw.bytes += int64(n)
	return n, err
}

func (rw *respWriter) Flush() {
	_ = rw.FlushError()
}

// FlushError is what http.ResponseController calls.
func (rw *respWriter) FlushError() error {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if err := rw.beforeWrite(); err != nil {
		return err
	}
	return http.NewResponseController(rw.w).Flush()
}

func (rw *respWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if rw.timedOut {
		return nil, nil, http.ErrHandlerTimeout
	}
	c, brw, err := http.NewResponseController(rw.w).Hijack()
	if err == nil {
		rw.hijacked = true
		if rw.status == 0 {
			rw.status = http.StatusSwitchingProtocols
		}
		if rw.cc != nil {
			rw.cc.hijacked()
		}
	}
	return c, brw, err
}

// Unwrap lets http.ResponseController reach the server's writer for
// deadlines and full duplex.
func (rw *respWriter) Unwrap() http.ResponseWriter { return rw.w }

// timeout answers 503 in the handler's place if it has sent nothing, and
// makes its later writes fail. It reports whether the 503 was sent.
func (rw *respWriter) timeout() bool {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if rw.hijacked || rw.timedOut {
		return false
	}
	rw.timedOut = true
	if rw.wrote {
		return false
	}
	rw.wrote = true
	rw.status = http.StatusServiceUnavailable
	rw.bytes = int64(writeError(rw.w, http.StatusServiceUnavailable, "the request took longer than --request-timeout"))
	_ = http.NewResponseController(rw.w).Flush()
	return true
}

// result returns the status and body size for the access log.
func (rw *respWriter) result() (status int, bytes int64) {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	status = rw.status
	if status == 0 {
		status = http.StatusOK
	}
	return status, rw.bytes
}

// writeError writes a plain-text error response that closes the connection.
func writeError(w http.ResponseWriter, status int, reason string) int {
	h := w.Header()
	for k := range h {
		delete(h, k)
	}
	body := http.StatusText(status)
	if reason != "" {
		body += ": " + reason
	}
	body += "\n"
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Connection", "close")
	w.WriteHeader(status)
	n, _ := w.Write([]byte(body))
	return n
}
