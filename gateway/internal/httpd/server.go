// Package httpd is the gateway's own HTTP/1.1 server: it serves an
// http.Handler with the http.Request and http.ResponseWriter behaviour of
// Go's net/http server, at a lower cost per request and per connection.
//
// The gateway puts it behind its strict head checker (gateway/internal/h1),
// so it parses only heads that checker let through; it still refuses, with
// net/http's answers, what it cannot parse. What it does differently from
// net/http.Server, on purpose:
//
//   - No background read per request. net/http starts a goroutine that
//     reads one byte ahead while the handler runs, to cancel the request's
//     context if the client goes away; the goroutine, the read and the
//     read deadlines that stop it cost more than a small handler. Here a
//     request's context is cancelled when its handler returns, when a
//     read or write of the connection fails, or when the context that
//     ConnContext returned is cancelled: the gateway cancels it when its
//     reaper, peeking at connections whose request has run a while, finds
//     the client gone.
//   - An idle keep-alive connection holds no buffers: its 4 KiB read and
//     write buffers go back to a pool until the next request arrives.
//   - The Date header is formatted once a second, not once a response.
//
// Everything a handler can observe otherwise follows net/http: the parsed
// request, Content-Length or chunked framing, Content-Type sniffing,
// 100-continue, trailers, HEAD, 1xx responses, Flush, Hijack,
// http.ResponseController, sendfile through ReaderFrom, keep-alive rules,
// the treatment of unread request bodies and the bytes on the wire. The
// gateway's differential test holds it to that.
//
// Parts of this package are adapted from Go's net/http (server.go,
// transfer.go), Copyright 2009 The Go Authors, under the BSD licence in
// Go's LICENSE file.
package httpd

import (
	"context"
	"log"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Server serves HTTP/1.1 on listeners. Its zero value is not usable: set
// Handler. Fields must not change once Serve was called.
type Server struct {
	// Handler answers every request.
	Handler http.Handler
	// ErrorLog receives what net/http would log (a panic's stack, a
	// superfluous WriteHeader); nil discards it.
	ErrorLog *log.Logger
	// ConnState, when set, is called on every connection's state change,
	// as net/http.Server's hook is (StateNew, StateActive, StateIdle,
	// StateHijacked, StateClosed).
	ConnState func(net.Conn, http.ConnState)
	// ConnContext, when set, returns the context of a new connection's
	// requests, derived from ctx.
	ConnContext func(ctx context.Context, c net.Conn) context.Context

	noKeepAlives atomic.Bool
	date         atomic.Pointer[dateCache]
	inShutdown   atomic.Bool

	mu        sync.Mutex
	listeners map[*net.Listener]struct{}
	conns     map[*conn]struct{}
}

// SetKeepAlivesEnabled turns HTTP keep-alive on or off; off also closes
// the connections idle now, and every later response says
// Connection: close.
func (s *Server) SetKeepAlivesEnabled(v bool) {
	s.noKeepAlives.Store(!v)
	if !v {
		s.closeIdleConns()
	}
}

func (s *Server) doKeepAlives() bool { return !s.noKeepAlives.Load() && !s.inShutdown.Load() }

// Serve accepts connections on l and serves each in its own goroutine. It
// returns http.ErrServerClosed after Close, or the listener's error.
func (s *Server) Serve(l net.Listener) error {
	if !s.trackListener(&l, true) {
		return http.ErrServerClosed
	}
	defer s.trackListener(&l, false)
	base := context.Background()
	var tempDelay time.Duration
	for {
		rw, err := l.Accept()
		if err != nil {
			if s.inShutdown.Load() {
				return http.ErrServerClosed
			}
			if te, ok := err.(interface{ Temporary() bool }); ok && te.Temporary() {
				// A transient failure (EMFILE and the like): back off,
				// as net/http does.
				tempDelay = min(max(2*tempDelay, 5*time.Millisecond), time.Second)
				s.logf("http: Accept error: %v; retrying in %v", err, tempDelay)
				time.Sleep(tempDelay)
				continue
			}
			return err
		}
		tempDelay = 0
		ctx := base
		if s.ConnContext != nil {
			ctx = s.ConnContext(ctx, rw)
			if ctx == nil {
				panic("httpd: ConnContext returned nil")
			}
		}
		c := &conn{server: s, rwc: rw}
		c.setState(http.StateNew)
		go c.serve(ctx)
	}
}

func (s *Server) trackListener(l *net.Listener, add bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if add {
		if s.inShutdown.Load() {
			return false
		}
		if s.listeners == nil {
			s.listeners = map[*net.Listener]struct{}{}
		}
		s.listeners[l] = struct{}{}
	} else {
		delete(s.listeners, l)
	}
	return true
}

func (s *Server) trackConn(c *conn, add bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if add {
		if s.conns == nil {
			s.conns = map[*conn]struct{}{}
		}
		s.conns[c] = struct{}{}
	} else {
		delete(s.conns, c)
	}
}

// Close closes the listeners and every connection at once, as
// net/http.Server's Close does.
func (s *Server) Close() error {
	s.inShutdown.Store(true)
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	for l := range s.listeners {
		if cerr := (*l).Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	for c := range s.conns {
		c.rwc.Close()
		delete(s.conns, c)
	}
	return err
}

// closeIdleConns closes the idle connections, and those that have not
// sent their first request's head in 5 seconds, as net/http does.
func (s *Server) closeIdleConns() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now().Unix()
	for c := range s.conns {
		st, since := c.getState()
		if st == http.StateNew && since < now-5 {
			st = http.StateIdle
		}
		if st != http.StateIdle || since == 0 {
			continue
		}
		c.rwc.Close()
		delete(s.conns, c)
	}
}

func (s *Server) logf(format string, args ...any) {
	if s.ErrorLog != nil {
		s.ErrorLog.Printf(format, args...)
	}
}
