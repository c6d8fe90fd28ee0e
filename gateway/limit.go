package gateway

import (
	"io"
	"net"
	"sync"
)

// connLimit bounds the client connections one worker holds open across all
// its listeners (--worker-connections). A listener takes a slot before it
// calls accept(2), so when every slot is taken new connections stay in the
// kernel's backlog: neither accepted nor refused.
type connLimit struct {
	slots chan struct{}
}

func newConnLimit(n int) *connLimit {
	return &connLimit{slots: make(chan struct{}, n)}
}

// wrap returns l limited by the shared slots.
func (lim *connLimit) wrap(l net.Listener) net.Listener {
	return &limitListener{Listener: l, lim: lim, closed: make(chan struct{})}
}

// limitListener is a net.Listener that accepts only with a free slot.
type limitListener struct {
	net.Listener
	lim       *connLimit
	closed    chan struct{}
	closeOnce sync.Once
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.lim.slots <- struct{}{}:
	case <-l.closed:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.lim.slots
		return nil, err
	}
	return &limitConn{Conn: c, lim: l.lim}, nil
}

func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// limitConn gives its slot back once, when closed.
type limitConn struct {
	net.Conn
	lim     *connLimit
	release sync.Once
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.release.Do(func() { <-c.lim.slots })
	return err
}

// ReadFrom keeps sendfile(2) for responses net/http copies from files.
func (c *limitConn) ReadFrom(r io.Reader) (int64, error) {
	return readFrom(c.Conn, r)
}

// readFrom copies r to w with w's own ReadFrom (sendfile, splice) when it
// has one.
func readFrom(w io.Writer, r io.Reader) (int64, error) {
	if rf, ok := w.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{w}, r)
}

// CloseWrite half-closes the connection, which net/http does before it
// closes one, so that the client reads the last response before a reset.
func (c *limitConn) CloseWrite() error { return closeWrite(c.Conn) }

// closeWrite half-closes c if it can.
func closeWrite(c net.Conn) error {
	if cw, ok := c.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
