package uwsgi

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

const (
	// lingerTimeout bounds how long an unread request body is drained
	// after the response, so that closing the socket does not reset it
	// (TCP and Unix sockets both do when unread data is left) and destroy
	// the response before the front server has read it. nginx closes its
	// side as soon as it has the response, which ends the drain early.
	lingerTimeout = 500 * time.Millisecond
	// errorWriteTimeout bounds writing a refusal or a 500.
	errorWriteTimeout = 5 * time.Second
)

// newConnGrace is how long Shutdown lets an accepted connection that has
// sent nothing yet live, as net/http does for StateNew (a variable for
// tests).
var newConnGrace = 5 * time.Second

// Server serves HTTP handlers over the uwsgi protocol. Its fields must not
// be changed once Serve was called. Each connection carries one request:
// nginx's uwsgi module opens a connection per request and reads the
// response until the connection closes.
type Server struct {
	// Handler answers the requests; nil means http.DefaultServeMux.
	Handler http.Handler
	// Limits bound the packets the Server accepts; the zero value only
	// has the protocol's own 64 KiB bound.
	Limits Limits
	// ReadTimeout bounds the time from accepting a connection until the
	// whole request, packet and body, has arrived; 0 means none. A handler
	// still reading the body when it expires gets a timeout error.
	ReadTimeout time.Duration
	// WriteTimeout bounds the time from the end of the packet until the
	// response is written, like http.Server's; 0 means none.
	WriteTimeout time.Duration
	// IdleTimeout has no effect: a connection is closed after its one
	// request, so it is never idle. It is here for symmetry with
	// http.Server.
	IdleTimeout time.Duration
	// ConnContext, like http.Server's, may derive the context of a new
	// connection from the one BaseContext gave; it must not return nil.
	ConnContext func(ctx context.Context, c net.Conn) context.Context
	// ConnState, like http.Server's, is called when a connection changes
	// state: StateNew when accepted, StateActive once request bytes were
	// read, StateClosed when closed. StateIdle and StateHijacked never
	// occur.
	ConnState func(net.Conn, http.ConnState)
	// BaseContext, like http.Server's, gives the base context of the
	// connections accepted on a listener; nil means context.Background().
	// It must not return nil.
	BaseContext func(net.Listener) context.Context
	// ErrorLog receives handler panics (Error), handler misuse (Warn) and
	// refused requests (Debug); nil means slog.Default().
	ErrorLog *slog.Logger

	inShutdown    atomic.Bool
	mu            sync.Mutex
	listeners     map[*net.Listener]struct{}
	conns         map[*conn]struct{}
	listenerGroup sync.WaitGroup
}

func (s *Server) logger() *slog.Logger {
	if s.ErrorLog != nil {
		return s.ErrorLog
	}
	return slog.Default()
}

// Serve accepts connections on l and serves one request on each, in its own
// goroutine. It always returns a non-nil error and closes l; after Shutdown
// or Close the error is ErrServerClosed. Temporary accept errors (such as
// running out of file descriptors) are logged and retried with a backoff.
func (s *Server) Serve(l net.Listener) error {
	l = &onceCloseListener{Listener: l}
	defer l.Close()
	if !s.trackListener(&l, true) {
		return ErrServerClosed
	}
	defer s.trackListener(&l, false)

	baseCtx := context.Background()
	if s.BaseContext != nil {
		if baseCtx = s.BaseContext(l); baseCtx == nil {
			panic("uwsgi: BaseContext returned a nil context")
		}
	}
	var tempDelay time.Duration
	for {
		rw, err := l.Accept()
		if err != nil {
			if s.inShutdown.Load() {
				return ErrServerClosed
			}
			var te interface{ Temporary() bool }
			if errors.As(err, &te) && te.Temporary() {
				tempDelay = min(max(2*tempDelay, 5*time.Millisecond), time.Second)
				s.logger().Warn("uwsgi: accept error; retrying", "err", err, "delay", tempDelay)
				time.Sleep(tempDelay)
				continue
			}
			return err
		}
		tempDelay = 0
		ctx := context.WithValue(baseCtx, http.LocalAddrContextKey, rw.LocalAddr())
		if s.ConnContext != nil {
			if ctx = s.ConnContext(ctx, rw); ctx == nil {
				panic("uwsgi: ConnContext returned a nil context")
			}
		}
		c := &conn{srv: s, rwc: rw, remoteAddr: peerAddr(rw)}
		c.setState(http.StateNew)
		go c.serve(ctx)
	}
}

// Shutdown stops the server gracefully: it closes the listeners, then waits
// until every connection has finished its request and is closed, closing
// at once those that have sent nothing for newConnGrace (5 s). If ctx ends
// first, Shutdown returns ctx.Err() and leaves the remaining connections
// alone (call Close to cut them). Serve returns ErrServerClosed at once.
func (s *Server) Shutdown(ctx context.Context) error {
	s.inShutdown.Store(true)
	s.mu.Lock()
	err := s.closeListenersLocked()
	s.mu.Unlock()
	s.listenerGroup.Wait()

	interval := time.Millisecond
	next := func() time.Duration {
		d := interval + time.Duration(rand.Int64N(int64(interval)/10+1))
		interval = min(2*interval, 500*time.Millisecond)
		return d
	}
	timer := time.NewTimer(next())
	defer timer.Stop()
	for {
		if s.closeIdleConns() {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
			timer.Reset(next())
		}
	}
}

// Close stops the server at once: it closes the listeners and every
// connection. Handlers still running are not interrupted, but their writes
// fail. Serve returns ErrServerClosed.
func (s *Server) Close() error {
	s.inShutdown.Store(true)
	s.mu.Lock()
	err := s.closeListenersLocked()
	s.mu.Unlock()
	s.listenerGroup.Wait()

	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.rwc.Close()
		delete(s.conns, c)
	}
	return err
}

func (s *Server) trackListener(ln *net.Listener, add bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !add {
		delete(s.listeners, ln)
		s.listenerGroup.Done()
		return true
	}
	if s.inShutdown.Load() {
		return false
	}
	if s.listeners == nil {
		s.listeners = make(map[*net.Listener]struct{})
	}
	s.listeners[ln] = struct{}{}
	s.listenerGroup.Add(1)
	return true
}

func (s *Server) closeListenersLocked() error {
	var err error
	for ln := range s.listeners {
		if cerr := (*ln).Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	return err
}

func (s *Server) trackConn(c *conn, add bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conns == nil {
		s.conns = make(map[*conn]struct{})
	}
	if add {
		s.conns[c] = struct{}{}
	} else {
		delete(s.conns, c)
	}
}

// closeIdleConns closes the connections that wait for a packet since
// newConnGrace and reports whether no other connection is left.
func (s *Server) closeIdleConns() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	quiescent := true
	for c := range s.conns {
		st, since := c.getState()
		if st != http.StateNew || time.Since(since) < newConnGrace {
			quiescent = false
			continue
		}
		c.rwc.Close()
		delete(s.conns, c)
	}
	return quiescent
}

// onceCloseListener protects a listener from being closed twice (by
// Shutdown and by Serve's return).
type onceCloseListener struct {
	net.Listener
	once sync.Once
	err  error
}

func (l *onceCloseListener) Close() error {
	l.once.Do(func() { l.err = l.Listener.Close() })
	return l.err
}

// peerAddr is the request's RemoteAddr: the transport peer. A Unix socket
// client usually has no name (net reports "" or "@"); it is then named
// "unix:" followed by the server's socket path, so that logs show where it
// came from and the gateway can tell it is a local peer.
func peerAddr(c net.Conn) string {
	ra := c.RemoteAddr()
	if ra == nil {
		return ""
	}
	s := ra.String()
	switch ra.Network() {
	case "unix", "unixpacket":
		if s == "" || s == "@" {
			if la := c.LocalAddr(); la != nil {
				s = la.String()
			}
		}
		return "unix:" + s
	}
	return s
}

// conn is one accepted connection.
type conn struct {
	srv        *Server
	rwc        net.Conn
	remoteAddr string
	br         *bufio.Reader
	bw         *bufio.Writer
	state      atomic.Int64 // http.ConnState
	stateAt    atomic.Int64 // when it was set, in Unix nanoseconds
	cancelCtx  context.CancelFunc

	bgMu      sync.Mutex
	bgDone    chan struct{} // closed when the background read ends
	bgStopped bool          // no background read may start any more
	bgAborted atomic.Bool   // its error is ours: ignore it
}

func (c *conn) setState(st http.ConnState) {
	switch st {
	case http.StateNew:
		c.srv.trackConn(c, true)
	case http.StateClosed:
		c.srv.trackConn(c, false)
	}
	c.stateAt.Store(time.Now().UnixNano())
	c.state.Store(int64(st))
	if hook := c.srv.ConnState; hook != nil {
		hook(c.rwc, st)
	}
}

func (c *conn) getState() (http.ConnState, time.Time) {
	st := http.ConnState(c.state.Load())
	return st, time.Unix(0, c.stateAt.Load())
}

// serve reads the request, runs the handler and closes the connection.
func (c *conn) serve(connCtx context.Context) {
	s := c.srv
	ctx, cancel := context.WithCancel(connCtx)
	c.cancelCtx = cancel
	defer cancel()
	defer c.setState(http.StateClosed)

	c.br = bufio.NewReaderSize(c.rwc, 4<<10)
	c.bw = bufio.NewWriterSize(c.rwc, 4<<10)
	if d := s.ReadTimeout; d > 0 {
		c.rwc.SetReadDeadline(time.Now().Add(d))
	}
	req, body, err := readRequest(ctx, c.br, s.Limits)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			c.setState(http.StateActive)
			s.logger().Debug("uwsgi: refused request", "remote", c.remoteAddr,
				"status", e.Status, "reason", e.Reason)
			c.writeError(e.Status, e.Reason)
			c.lingerClose()
			return
		}
		// io.EOF (a connection closed unused), a timeout or a reset:
		// nobody to answer.
		c.rwc.Close()
		return
	}
	c.setState(http.StateActive)
	req.RemoteAddr = c.remoteAddr
	if d := s.WriteTimeout; d > 0 {
		c.rwc.SetWriteDeadline(time.Now().Add(d))
	}
	if body != nil {
		body.onEOF = c.startBackgroundRead
	} else {
		c.startBackgroundRead()
	}

	handler := s.Handler
	if handler == nil {
		handler = http.DefaultServeMux
	}
	w := newResponse(c, req)
	if pv, panicked := c.runHandler(handler, w, req); panicked {
		cancel()
		c.abortPendingRead()
		if w.ow.wroteHeader || pv == http.ErrAbortHandler {
			// Part of the response may be out: make the front server
			// see an error, not a short body.
			c.abort()
			return
		}
		c.writeError(http.StatusInternalServerError, "")
		c.lingerClose()
		return
	}
	err = w.finish()
	cancel()
	c.abortPendingRead()
	if err != nil || !w.complete() {
		c.abort()
		return
	}
	if (body != nil && !body.done.Load()) || c.br.Buffered() > 0 {
		c.lingerClose()
		return
	}
	c.rwc.Close()
}

// runHandler calls the handler and recovers its panic, logging it unless
// it is http.ErrAbortHandler.
func (c *conn) runHandler(h http.Handler, w http.ResponseWriter, r *http.Request) (pv any, panicked bool) {
	defer func() {
		if v := recover(); v != nil {
			pv, panicked = v, true
			if v != http.ErrAbortHandler {
				const size = 64 << 10
				buf := make([]byte, size)
				buf = buf[:runtime.Stack(buf, false)]
				c.srv.logger().Error("uwsgi: panic serving request", "remote", c.remoteAddr,
					"method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(buf))
			}
		}
	}()
	h.ServeHTTP(w, r)
	return nil, false
}

// writeError writes a complete error response, ignoring write errors.
func (c *conn) writeError(status int, reason string) {
	d := errorWriteTimeout
	if wt := c.srv.WriteTimeout; wt > 0 && wt < d {
		d = wt
	}
	c.rwc.SetWriteDeadline(time.Now().Add(d))
	c.bw.Reset(c.rwc)
	if writeErrorResponse(c.bw, status, reason) == nil {
		c.bw.Flush()
	}
}

// lingerClose closes the connection after the response was written while
// request bytes may still be unread: it half-closes the write side, so the
// front server sees the end of the response, and drains what it still
// sends for a short while before closing.
func (c *conn) lingerClose() {
	if cw, ok := c.rwc.(interface{ CloseWrite() error }); ok && cw.CloseWrite() == nil {
		c.rwc.SetReadDeadline(time.Now().Add(lingerTimeout))
		io.Copy(io.Discard, c.rwc)
	}
	c.rwc.Close()
}

// abort closes the connection so that the front server sees an error: on
// TCP with a reset, on other transports with a plain close.
func (c *conn) abort() {
	if tc, ok := c.rwc.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	c.rwc.Close()
}

// startBackgroundRead watches the connection once the request body has
// been read: the front server sends nothing more, so the read ends only
// when the connection does (the client went away and nginx closed it), and
// then the request's context is cancelled. The read deadline is cleared,
// as net/http does.
func (c *conn) startBackgroundRead() {
	c.bgMu.Lock()
	defer c.bgMu.Unlock()
	if c.bgStopped || c.bgDone != nil {
		return
	}
	c.rwc.SetReadDeadline(time.Time{})
	done := make(chan struct{})
	c.bgDone = done
	go func() {
		defer close(done)
		var b [1]byte
		_, err := c.br.Read(b[:])
		var ne net.Error
		if err == nil || c.bgAborted.Load() || (errors.As(err, &ne) && ne.Timeout()) {
			return // stray bytes after the body, our own abort, or a handler's deadline
		}
		c.cancelCtx()
	}()
}

// abortPendingRead stops the background read and waits for it to end.
func (c *conn) abortPendingRead() {
	c.bgMu.Lock()
	c.bgStopped = true
	done := c.bgDone
	c.bgMu.Unlock()
	if done == nil {
		return
	}
	c.bgAborted.Store(true)
	c.rwc.SetReadDeadline(aLongTimeAgo)
	<-done
}

var aLongTimeAgo = time.Unix(1, 0)
