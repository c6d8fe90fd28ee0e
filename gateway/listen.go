package gateway

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/coreos/go-systemd/v22/activation"
)

// Bind is a parsed --bind address.
type Bind struct {
	Network string // "tcp", "unix" or "fd"
	Address string // host:port, the socket path, or the descriptor number
}

// String gives the bind back in --bind syntax.
func (b Bind) String() string {
	switch b.Network {
	case "unix":
		return "unix:" + b.Address
	case "fd":
		return "fd://" + b.Address
	}
	return b.Address
}

// ParseBind reads one --bind value: HOST:PORT, [IPv6]:PORT, HOST (port
// 8000, as Gunicorn), unix:PATH or fd://N.
func ParseBind(s string) (Bind, error) {
	switch {
	case strings.HasPrefix(s, "unix:"):
		path := strings.TrimPrefix(s, "unix:")
		path = strings.TrimPrefix(path, "//")
		if path == "" {
			return Bind{}, fmt.Errorf("%q names no socket path", s)
		}
		return Bind{Network: "unix", Address: path}, nil
	case strings.HasPrefix(s, "fd://"):
		n, err := strconv.Atoi(strings.TrimPrefix(s, "fd://"))
		if err != nil || n < 0 {
			return Bind{}, fmt.Errorf("%q: the descriptor is not a number", s)
		}
		return Bind{Network: "fd", Address: strconv.Itoa(n)}, nil
	case strings.HasPrefix(s, "tcp://"):
		s = strings.TrimPrefix(s, "tcp://")
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		// A bare host, as Gunicorn allows: port 8000.
		h := strings.Trim(s, "[]")
		if h == "" || strings.ContainsAny(h, " /") || (strings.Contains(h, ":") && net.ParseIP(h) == nil) {
			return Bind{}, fmt.Errorf("%q is not HOST:PORT, unix:PATH or fd://N", s)
		}
		return Bind{Network: "tcp", Address: net.JoinHostPort(h, "8000")}, nil
	}
	p, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return Bind{}, fmt.Errorf("%q: port %q is not a number from 0 to 65535", s, port)
	}
	if strings.Contains(host, ":") && net.ParseIP(host) == nil {
		return Bind{}, fmt.Errorf("%q: %q is not an IPv6 address", s, host)
	}
	return Bind{Network: "tcp", Address: net.JoinHostPort(host, strconv.FormatUint(p, 10))}, nil
}

// ListenOptions are the socket settings applied to every bound listener.
type ListenOptions struct {
	Backlog   int  // listen(2) backlog; 0 = DefaultBacklog
	ReusePort bool // SO_REUSEPORT
	Umask     int  // mode of unix sockets: 0777 &^ Umask
}

// Listen binds one address. A stale unix socket (nobody accepting) is
// removed first; any other file at the path is an error.
func Listen(b Bind, o ListenOptions) (net.Listener, error) {
	backlog := o.Backlog
	if backlog <= 0 {
		backlog = DefaultBacklog
	}
	switch b.Network {
	case "fd":
		n, _ := strconv.Atoi(b.Address)
		f := os.NewFile(uintptr(n), "fd://"+b.Address)
		if f == nil {
			return nil, fmt.Errorf("gateway: bind fd://%s: not an open descriptor", b.Address)
		}
		l, err := net.FileListener(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("gateway: bind fd://%s: %w", b.Address, err)
		}
		return l, nil
	case "unix":
		if err := removeStaleSocket(b.Address); err != nil {
			return nil, fmt.Errorf("gateway: bind unix:%s: %w", b.Address, err)
		}
	}
	lc := net.ListenConfig{
		Control: func(network, address string, c syscall.RawConn) error {
			var serr error
			err := c.Control(func(fd uintptr) {
				if o.ReusePort && b.Network == "tcp" {
					serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, soReusePort, 1)
				}
			})
			return errors.Join(err, serr)
		},
	}
	l, err := lc.Listen(context.Background(), b.Network, b.Address)
	if err != nil {
		return nil, fmt.Errorf("gateway: bind %s: %w", b, err)
	}
	// Go listens with net.core.somaxconn; listen(2) again on a listening
	// socket sets the backlog to the one asked for.
	if err := setBacklog(l, backlog); err != nil {
		l.Close()
		return nil, fmt.Errorf("gateway: bind %s: backlog %d: %w", b, backlog, err)
	}
	if b.Network == "unix" {
		if err := os.Chmod(b.Address, fs.FileMode(0o777&^o.Umask)); err != nil {
			l.Close()
			return nil, fmt.Errorf("gateway: bind %s: %w", b, err)
		}
	}
	return l, nil
}

const soReusePort = 0xf // SO_REUSEPORT on Linux

func setBacklog(l net.Listener, backlog int) error {
	sc, ok := l.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return err
	}
	var lerr error
	if err := rc.Control(func(fd uintptr) { lerr = syscall.Listen(int(fd), backlog) }); err != nil {
		return err
	}
	return lerr
}

// removeStaleSocket removes a unix socket nobody accepts on. A live socket
// or a file that is not a socket is left alone and reported.
func removeStaleSocket(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.Mode()&fs.ModeSocket == 0 {
		return fmt.Errorf("%s exists and is not a socket; refusing to remove it", path)
	}
	c, err := net.DialTimeout("unix", path, time.Second)
	if err == nil {
		c.Close()
		return fmt.Errorf("%s is in use by another server", path)
	}
	return os.Remove(path)
}

// ListenAll binds every address, or uses the sockets systemd passed
// (LISTEN_FDS) when there are any. On error every listener already bound is
// closed.
func ListenAll(binds []string, o ListenOptions) ([]net.Listener, error) {
	if o.Backlog <= 0 {
		o.Backlog = DefaultBacklog
	}
	if os.Getenv("LISTEN_FDS") != "" {
		ls, err := activation.Listeners()
		if err != nil {
			return nil, fmt.Errorf("gateway: systemd socket activation: %w", err)
		}
		var out []net.Listener
		for _, l := range ls {
			if l != nil {
				out = append(out, l)
			}
		}
		if len(out) > 0 {
			for _, l := range out {
				if err := setBacklog(l, o.Backlog); err != nil {
					return nil, fmt.Errorf("gateway: systemd socket %s: backlog: %w", l.Addr(), err)
				}
			}
			return out, nil
		}
	}
	var out []net.Listener
	for _, s := range binds {
		b, err := ParseBind(s)
		if err == nil {
			var l net.Listener
			l, err = Listen(b, o)
			if err == nil {
				out = append(out, l)
				continue
			}
		}
		for _, l := range out {
			l.Close()
		}
		return nil, err
	}
	return out, nil
}
