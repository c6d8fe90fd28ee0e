package gateway

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	proxyproto "github.com/pires/go-proxyproto"

	"github.com/goframe/goframe/gateway/internal/h1"
)

// The synthetic request handed to net/http in place of a request the
// checker refused. It reaches the front handler, which answers with the
// checker's status and closes the connection; the application never runs.
const (
	rejectHost = "rejected.goframe.invalid"
	rejectURI  = "/.goframe/rejected"
	rejectHead = "GET " + rejectURI + " HTTP/1.1\r\nHost: " + rejectHost + "\r\n\r\n"
)

// readBufSize is the size of a connection's read buffer, from readBufs;
// a head that needs more grows it up to the connection's maxBuf.
const readBufSize = 4096

// readBufs are the read buffers of connections that hold bytes back. A
// connection returns its buffer when it has handed everything on, so an
// idle keep-alive connection holds none: net/http's own buffer is where
// its next request is read.
var readBufs = sync.Pool{New: func() any { b := make([]byte, readBufSize); return &b }}

// directMin is the smallest read that goes straight into the reader's
// buffer (net/http's 4 KiB bufio buffer); a smaller one (net/http's
// 1-byte background read) reads through the connection's buffer, so that
// the bytes after it need no second system call.
const directMin = 512

// checkListener gives every accepted connection a head checker.
type checkListener struct {
	net.Listener
	limits h1.Limits
	maxBuf int
	reaper *reaper
}

func (l *checkListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	cc := &checkedConn{Conn: c, ck: h1.NewChecker(l.limits), maxBuf: l.maxBuf, reaper: l.reaper}
	cc.setPhase(phaseHead) // the first head is due within --header-timeout of the accept
	l.reaper.add(cc)
	return cc, nil
}

// checkedConn is a client connection whose bytes reach net/http only after
// the h1 checker validated them. Bytes of an incomplete request head are
// held back until the head is complete and valid; a request found invalid is
// replaced by rejectHead and nothing after it is read.
//
// net/http reads a connection from one goroutine at a time (its serving
// goroutine, or its background reader, which it waits for), and after a
// hijack the handler reads it; so everything but the atomic fields belongs
// to whichever goroutine is in Read, with no lock. The front handler's
// goroutine only touches the atomic fields, and reads perr once rejected
// says it was written.
type checkedConn struct {
	net.Conn
	maxBuf int

	buf  []byte // nil when nothing is held back (readBufs)
	r, w int    // buf[r:w]: read from the client, not yet handed on
	base int64  // stream offset of buf[0]

	ck      *h1.Checker
	fed     int64     // stream offset up to which the checker consumed bytes
	rerr    error     // sticky error of the inner connection (EOF)
	perr    *h1.Error // the checker's verdict on a bad request
	failAt  int64     // stream offset where the bad request begins
	safeAt  int64     // what was safe when the checker failed
	replace bool      // the bad request's head was never handed on: replace it
	synth   []byte    // rest of rejectHead to hand on

	rejected atomic.Bool  // rejectHead went out: the front handler answers perr
	failed   atomic.Bool  // the checker failed: no keep-alive after it
	raw      atomic.Bool  // hijacked: raw bytes from now on
	heads    atomic.Int64 // complete request heads the checker passed
	done     atomic.Int64 // requests whose handler finished

	out atomic.Pointer[net.Conn] // where writes go, when not c.Conn

	// cancel cancels the connection's requests (gone.go); gone is set
	// once it was called for a client that went away.
	cancel atomic.Pointer[context.CancelFunc]
	gone   atomic.Bool
	watch  atomic.Bool // the HTTP server's word: look for the client leaving

	reaper    *reaper
	phase     atomic.Int32 // phaseHead, phaseActive, phaseIdle, phaseRaw
	since     atomic.Int64 // when the phase began, in Unix nanoseconds
	closeOnce sync.Once
}

// Close closes the connection and forgets it.
func (c *checkedConn) Close() error {
	c.closeOnce.Do(func() {
		c.reaper.remove(c)
		if cancel := c.cancel.Load(); cancel != nil {
			(*cancel)() // the connection's requests end with it
		}
	})
	return c.Conn.Close()
}

// ReadFrom keeps sendfile(2) for responses net/http copies from files.
func (c *checkedConn) ReadFrom(r io.Reader) (int64, error) {
	if out := c.out.Load(); out != nil {
		return readFrom(*out, r)
	}
	return readFrom(c.Conn, r)
}

// CloseWrite half-closes the connection (net/http's way of not losing
// its last response to a reset when it closes).
func (c *checkedConn) CloseWrite() error {
	if out := c.out.Load(); out != nil {
		return closeWrite(*out)
	}
	return closeWrite(c.Conn)
}

// Write writes to the client.
func (c *checkedConn) Write(p []byte) (int, error) {
	if out := c.out.Load(); out != nil {
		return (*out).Write(p)
	}
	return c.Conn.Write(p)
}

// Read hands on validated bytes; see checkedConn.
func (c *checkedConn) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err, ok := c.deliver(p)
		if ok {
			return n, err
		}
		if c.raw.Load() {
			return c.Conn.Read(p)
		}
		if len(p) >= directMin && c.r == c.w && c.perr == nil && c.rerr == nil && !c.ck.Hold() && c.fed == c.base+int64(c.w) {
			n, err, ok := c.readDirect(p)
			if ok {
				return n, err
			}
			continue
		}
		if err := c.fill(); err != nil {
			return 0, err // a deadline: net/http decides what it means
		}
	}
}

// readDirect reads from the client straight into p when nothing is held
// back, and checks the bytes there: when all of them may be handed on
// (the usual case: whole requests), they are, with no copy and no buffer
// of the connection's own. Otherwise they are kept in the connection's
// buffer, as fill would have, for deliver. ok is as for deliver.
func (c *checkedConn) readDirect(p []byte) (n int, err error, ok bool) {
	c.base += int64(c.w) // everything was handed on: drop the buffer
	c.r, c.w = 0, 0
	c.putBuf()
	n, err = c.Conn.Read(p)
	if n > 0 {
		if c.phase.Load() == phaseIdle {
			c.setPhase(phaseHead) // the next request began: its head is now due
		}
		pos := c.base
		before := c.ck.Requests()
		m, ferr := c.ck.Write(p[:n])
		c.fed += int64(m)
		if ferr != nil && !errors.Is(ferr, h1.ErrHold) {
			c.fail(ferr)
		}
		if now := c.ck.Requests(); now != before || c.perr != nil {
			c.heads.Store(int64(now))
			c.setPhase(phaseActive)
		}
		if c.perr == nil && c.fed == pos+int64(n) && c.ck.Safe() >= c.fed {
			c.base += int64(n)
			if err != nil {
				_ = c.readError(err) // sticky: the next Read reports it
			}
			return n, nil, true
		}
		// Hold the bytes back until deliver may hand them on.
		c.getBuf(n)
		c.w = copy(c.buf, p[:n])
	}
	if err != nil {
		if terr := c.readError(err); terr != nil && n == 0 {
			return 0, terr, true
		}
	}
	return 0, nil, false
}

// getBuf gives the connection a buffer of at least n bytes.
func (c *checkedConn) getBuf(n int) {
	if c.buf == nil {
		c.buf = *readBufs.Get().(*[]byte)
	}
	if n > len(c.buf) {
		nb := make([]byte, max(n, min(2*len(c.buf), c.maxBuf)))
		copy(nb, c.buf[:c.w])
		c.buf = nb
	}
}

// putBuf returns an empty buffer of the pool's size to the pool.
func (c *checkedConn) putBuf() {
	if len(c.buf) == readBufSize {
		b := c.buf
		readBufs.Put(&b)
	}
	c.buf = nil
}

// deliver copies what may be handed on into p; ok reports whether Read
// should return (n, err) now rather than read from the client. The caller
// is the reading goroutine.
func (c *checkedConn) deliver(p []byte) (n int, err error, ok bool) {
	if c.raw.Load() {
		if c.r < c.w {
			n = copy(p, c.buf[c.r:c.w])
			c.r += n
			return n, nil, true
		}
		return 0, nil, false
	}
	c.feed()
	if c.rerr != nil && c.perr == nil {
		// The client ended its stream: fine between requests, a
		// truncated request otherwise.
		if err := c.ck.Finish(); err != nil {
			c.fail(err)
		}
	}
	limit := c.ck.Safe()
	if c.perr != nil {
		limit = c.safeAt
		if c.replace && c.failAt < limit {
			limit = c.failAt
		}
	}
	if pos := c.base + int64(c.r); pos < limit {
		avail := int(min(limit-pos, int64(c.w-c.r)))
		if avail > 0 {
			n = copy(p, c.buf[c.r:c.r+avail])
			c.r += n
			return n, nil, true
		}
	}
	if c.perr != nil {
		if !c.replace {
			// The bad request's head already went to the handler: its
			// body read fails with the checker's reason.
			return 0, c.perr, true
		}
		if len(c.synth) > 0 {
			n = copy(p, c.synth)
			c.synth = c.synth[n:]
			c.rejected.Store(true) // after perr: rejection may read it now
			return n, nil, true
		}
		return 0, io.EOF, true
	}
	if c.rerr != nil {
		return 0, c.rerr, true
	}
	return 0, nil, false
}

// feed gives the checker the bytes it has not consumed yet. After a hold
// (CONNECT, Upgrade) it consumes nothing until the request that asked for
// it is done without a hijack. The caller is the reading goroutine.
func (c *checkedConn) feed() {
	if c.perr != nil || c.raw.Load() {
		return
	}
	if c.ck.Hold() {
		if c.done.Load() < int64(c.ck.Requests()) || c.raw.Load() {
			return // the request that asked to leave HTTP is still running
		}
		c.ck.Resume()
	}
	end := c.base + int64(c.w)
	if c.fed >= end {
		return
	}
	before := c.ck.Requests()
	n, err := c.ck.Write(c.buf[c.fed-c.base : c.w])
	c.fed += int64(n)
	if err != nil && !errors.Is(err, h1.ErrHold) {
		c.fail(err)
	}
	if now := c.ck.Requests(); now != before || c.perr != nil {
		c.heads.Store(int64(now))
		c.setPhase(phaseActive)
	}
}

// fill reads more of the client's bytes. It returns only a transient error
// (a deadline); a lasting one is kept in rerr for deliver.
func (c *checkedConn) fill() error {
	if c.buf == nil {
		c.getBuf(readBufSize)
	}
	if c.r > 0 && (c.r == c.w || c.w == len(c.buf)) {
		copy(c.buf, c.buf[c.r:c.w])
		c.w -= c.r
		c.base += int64(c.r)
		c.r = 0
	}
	if c.w == len(c.buf) {
		if len(c.buf) >= c.maxBuf {
			c.rerr = errors.New("gateway: connection buffer full")
			return nil
		}
		nb := make([]byte, min(2*len(c.buf), c.maxBuf))
		copy(nb, c.buf[:c.w])
		c.buf = nb
	}
	n, err := c.Conn.Read(c.buf[c.w:])
	if n > 0 && c.phase.Load() == phaseIdle {
		c.setPhase(phaseHead) // the next request began: its head is now due
	}
	c.w += n
	if err != nil {
		if terr := c.readError(err); terr != nil && n == 0 {
			return terr
		}
	}
	return nil
}

// readError takes in an error of the client connection's Read: a
// deadline is returned, for the caller to pass on if nothing was read; a
// malformed PROXY protocol header becomes the request's refusal; anything
// else ends the stream (rerr).
func (c *checkedConn) readError(err error) error {
	switch {
	case isTimeout(err):
		return err
	case c.perr == nil && c.fed == 0 && c.w == 0 && isProxyProtoErr(err):
		// A malformed PROXY protocol header: refuse it as a bad
		// request line is refused, before any byte reached net/http.
		c.perr = &h1.Error{Status: http.StatusBadRequest, Kind: "InvalidProxyLine", Reason: err.Error()}
		c.replace, c.synth = true, []byte(rejectHead)
		c.rerr = io.EOF
		if pc, ok := c.Conn.(*proxyproto.Conn); ok {
			// go-proxyproto refuses writes after a bad header:
			// the refusal goes out on the raw connection.
			raw := pc.Raw()
			c.out.Store(&raw)
		}
	default:
		c.rerr = err
	}
	return nil
}

// isTimeout reports a deadline error without allocating (errors.As with a
// net.Error target would, once a request: every background read net/http
// aborts ends with one).
func isTimeout(err error) bool {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	te, ok := err.(interface{ Timeout() bool })
	return ok && te.Timeout()
}

// isProxyProtoErr reports an error of go-proxyproto's header parser (its
// errors all say "proxyproto:").
func isProxyProtoErr(err error) bool {
	return strings.HasPrefix(err.Error(), "proxyproto:")
}

// fail records the checker's verdict. The bad request can be replaced by
// rejectHead only if none of its bytes went to net/http yet.
func (c *checkedConn) fail(err error) {
	var perr *h1.Error
	if !errors.As(err, &perr) {
		perr = &h1.Error{Status: http.StatusBadRequest, Kind: "InvalidRequest", Reason: err.Error()}
	}
	c.perr = perr
	c.failed.Store(true)
	c.failAt, _ = c.ck.FailedAt()
	c.safeAt = c.ck.Safe()
	c.replace = c.failAt >= c.base+int64(c.r)
	if c.replace {
		c.synth = []byte(rejectHead)
	}
}

// rejection returns the checker's error if r is the stand-in for a
// refused request.
func (c *checkedConn) rejection(r *http.Request) *h1.Error {
	if r.Host != rejectHost || r.RequestURI != rejectURI {
		return nil
	}
	if c.rejected.Load() {
		return c.perr // written before rejected was set
	}
	return nil
}

// requestDone is called when a request's handler returned. If that request
// asked to leave HTTP (CONNECT, Upgrade) and was not hijacked, the checker
// goes on with the bytes after it, at the reader's next Read (see feed).
func (c *checkedConn) requestDone(*http.Request) {
	d := c.done.Add(1)
	if !c.raw.Load() && !c.failed.Load() && d >= c.heads.Load() {
		c.setPhase(phaseIdle) // nothing more to serve: keep-alive begins
	}
}

// hijacked switches the connection to raw bytes: the handler took it over
// (a WebSocket, a CONNECT tunnel).
func (c *checkedConn) hijacked() {
	c.raw.Store(true)
	c.setPhase(phaseRaw)
}

// tlsState is the TLS state of a connection served over TLS, else nil.
// net/http cannot see it, since it is given the checkedConn.
func (c *checkedConn) tlsState() *tls.ConnectionState {
	if tc, ok := c.Conn.(*tls.Conn); ok {
		st := tc.ConnectionState()
		return &st
	}
	return nil
}
