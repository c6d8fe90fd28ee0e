package gateway

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"syscall"

	proxyproto "github.com/pires/go-proxyproto"
)

// Client-gone detection for the goframe engine. net/http learns that a
// client went away while its handler runs from a read it keeps pending on
// every connection (a goroutine, a read and two deadline changes per
// request); the goframe engine does not keep one, so the reaper looks
// instead: a connection whose request has run for one reaper interval is
// peeked at without blocking, and if the client closed it or it failed,
// the request's context is cancelled, as net/http would have. The engine
// says when to look (WatchClient): only once the request's body was read
// and nothing of a next request is buffered, when net/http's read ahead
// would be pending.

// WatchClient is the goframe engine's word on whether the reaper may look
// for this connection's client having left: on once the request's body
// was read to its end and nothing of a next request is held (then a
// closed socket means the client left, not that it finished sending), off
// when the handler returns. The caller is the reading goroutine.
func (c *checkedConn) WatchClient(on bool) { c.watch.Store(on && c.r == c.w) }

// setCancel records the function that cancels the connection's requests.
func (c *checkedConn) setCancel(cancel context.CancelFunc) { c.cancel.Store(&cancel) }

// checkGone cancels the connection's requests if its client is gone.
func (c *checkedConn) checkGone() {
	if c.gone.Load() || c.raw.Load() || !c.watch.Load() {
		return
	}
	cancel := c.cancel.Load()
	if cancel == nil || !peerGone(c.Conn) {
		return
	}
	c.gone.Store(true)
	(*cancel)()
}

// peerGone peeks at the socket under c without blocking: true when the
// peer closed it (a read would return EOF) or it failed; false when
// bytes are waiting, nothing is, or the socket cannot be peeked at.
func peerGone(c net.Conn) bool {
	for {
		switch cc := c.(type) {
		case *limitConn:
			c = cc.Conn
			continue
		case *tls.Conn:
			c = cc.NetConn()
			continue
		case *proxyproto.Conn:
			c = cc.Raw()
			continue
		}
		break
	}
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	gone := false
	// Control, not Read: it does not wait for the read lock a handler
	// reading the body may hold.
	cerr := raw.Control(func(fd uintptr) {
		var b [1]byte
		n, _, err := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		switch {
		case err == nil:
			gone = n == 0 // EOF
		case errors.Is(err, syscall.EAGAIN), errors.Is(err, syscall.EINTR):
		default:
			gone = true // reset, or another failure
		}
	})
	return cerr == nil && gone
}
