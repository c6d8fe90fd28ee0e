package gateway

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/fcgi"
	"os"
	"sync"
	"sync/atomic"
	"time"

	proxyproto "github.com/pires/go-proxyproto"

	"github.com/goframe/goframe/gateway/internal/accesslog"
	"github.com/goframe/goframe/gateway/internal/h1"
	"github.com/goframe/goframe/gateway/internal/httpd"
	"github.com/goframe/goframe/gateway/internal/proxy"
	"github.com/goframe/goframe/gateway/internal/uwsgi"
)

// ErrServerClosed is returned by Serve after Shutdown or Close.
var ErrServerClosed = errors.New("gateway: Server closed")

// Server is the gateway's engine: it serves one http.Handler on a set of
// listeners with the limits, timeouts, proxy trust and access log of a
// Config. One worker process runs one Server. Create it with NewServer.
type Server struct {
	cfg     *Config
	handler http.Handler
	log     *slog.Logger
	access  *accesslog.Logger
	trust   proxy.Trust
	ppTrust proxy.Trust
	limits  h1.Limits
	tlsConf *tls.Config
	threads chan struct{}
	conns   *connLimit
	pid     int

	worker        WorkerInfo
	open          atomic.Int64 // HTTP connections open
	reaper        *reaper
	served        atomic.Int64
	maxRequests   int64
	onMaxRequests func()

	mu        sync.Mutex
	started   bool
	closed    bool
	listeners []net.Listener
	httpSrv   httpEngine
	uwsgiSrv  *uwsgi.Server
	inflight  sync.WaitGroup // FastCGI requests in flight
	serveErr  chan error
	stopped   chan struct{} // closed when Shutdown or Close has finished
	stopOnce  sync.Once
}

// Options are what a Server takes besides its Config.
type Options struct {
	// Logger is the error log; nil logs to standard error at the Config's
	// level.
	Logger *slog.Logger
	// AccessLog, when not nil, receives the access log instead of the
	// Config's --access-logfile.
	AccessLog *accesslog.Logger
	// MaxRequests, when > 0, calls OnMaxRequests (once, in its own
	// goroutine) after that many requests: the arbiter's cue to retire
	// the worker gracefully.
	MaxRequests   int
	OnMaxRequests func()
	// Worker, in a worker process, identifies it to the request hooks.
	Worker *WorkerInfo
}

// NewServer checks cfg and prepares a Server for h. It opens the access log
// and loads the TLS certificate, so their errors come before any socket
// is served.
func NewServer(cfg *Config, h http.Handler, o Options) (*Server, error) {
	if h == nil {
		return nil, errors.New("gateway: NewServer: nil handler")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, handler: h, log: o.Logger, pid: os.Getpid(), stopped: make(chan struct{}),
		maxRequests: int64(o.MaxRequests), onMaxRequests: o.OnMaxRequests}
	if o.Worker != nil {
		s.worker = *o.Worker
	} else {
		s.worker = WorkerInfo{PID: s.pid}
	}
	if s.log == nil {
		lvl, _ := parseLevel(cfg.LogLevel)
		s.log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl}))
	}
	var err error
	if s.trust, err = proxy.ParseTrust(cfg.ForwardedAllowIPs); err != nil {
		return nil, &SettingError{Setting: "forwarded_allow_ips", Source: "config", Err: err}
	}
	if s.ppTrust, err = proxy.ParseTrust(cfg.ProxyAllowIPs); err != nil {
		return nil, &SettingError{Setting: "proxy_allow_ips", Source: "config", Err: err}
	}
	s.limits = h1.Limits{RequestLine: cfg.LimitRequestLine, Fields: cfg.LimitRequestFields, FieldSize: cfg.LimitRequestFieldSize}
	if s.limits.FieldSize == 0 {
		s.limits.FieldSize = DefaultLimitRequestFieldSize // 0 means the default, as in Gunicorn
	}
	if cfg.Threads > 0 {
		s.threads = make(chan struct{}, cfg.Threads)
	}
	s.conns = newConnLimit(cfg.WorkerConnections)
	s.reaper = newReaper(cfg.HeaderTimeout, cfg.KeepAlive, cfg.Protocol == "http" && cfg.Engine == "goframe")
	if cfg.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(cfg.CertFile, cfg.KeyFile)
		if err != nil {
			return nil, &SettingError{Setting: "certfile", Source: "config", Err: err}
		}
		s.tlsConf = &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"http/1.1"}}
	}
	s.access = o.AccessLog
	if s.access == nil && cfg.AccessLog != "" {
		if s.access, err = accesslog.Open(cfg.AccessLog, cfg.AccessLogFormat); err != nil {
			return nil, &SettingError{Setting: "accesslog", Source: "config", Err: err}
		}
	}
	return s, nil
}

// Handler returns the handler the server runs for each request: the
// application's handler behind the gateway's stages.
func (s *Server) Handler() http.Handler { return &front{s: s, next: s.handler} }

// Serve serves every listener until Shutdown or Close, and returns
// ErrServerClosed then, or the first listener's failure.
func (s *Server) Serve(listeners []net.Listener) error {
	s.mu.Lock()
	if s.started || s.closed {
		s.mu.Unlock()
		return ErrServerClosed
	}
	s.started = true
	s.serveErr = make(chan error, len(listeners))
	for _, l := range listeners {
		s.listeners = append(s.listeners, s.wrapListener(l))
	}
	front := s.Handler()
	switch s.cfg.Protocol {
	case "uwsgi":
		s.uwsgiSrv = &uwsgi.Server{
			Handler:     uwsgiVars(front),
			Limits:      uwsgi.Limits{RequestLine: s.limits.RequestLine, Fields: s.limits.Fields, FieldSize: s.limits.FieldSize},
			ReadTimeout: s.cfg.HeaderTimeout,
			ErrorLog:    s.log,
		}
	case "fastcgi":
	default:
		s.httpSrv = s.newHTTPServer(front)
		go s.reaper.run()
	}
	ls := s.listeners
	s.mu.Unlock()

	for _, l := range ls {
		go func(l net.Listener) {
			var err error
			switch {
			case s.uwsgiSrv != nil:
				err = s.uwsgiSrv.Serve(l)
			case s.httpSrv != nil:
				err = s.httpSrv.Serve(l)
			default:
				err = fcgi.Serve(l, s.fcgiHandler(front))
			}
			s.serveErr <- err
		}(l)
	}
	// Wait for every accept loop, or for a stop to finish: a loop whose
	// accept(2) is stuck in the kernel (a listener shared in blocking mode
	// by another process) must not keep a stopped server from returning.
	var first error
	for remaining := len(ls); remaining > 0; {
		select {
		case err := <-s.serveErr:
			remaining--
			if first == nil && !s.isClosed() && !isClosedErr(err) {
				first = err
				s.Close()
			}
		case <-s.stopped:
			remaining = 0
		}
	}
	if first != nil {
		return fmt.Errorf("gateway: serve: %w", first)
	}
	// The listeners closed because Shutdown or Close began: return once
	// it has finished, so that a program exits only after its requests.
	<-s.stopped
	return ErrServerClosed
}

func isClosedErr(err error) bool {
	return err == nil || errors.Is(err, http.ErrServerClosed) || errors.Is(err, uwsgi.ErrServerClosed) ||
		errors.Is(err, net.ErrClosed)
}

func (s *Server) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// wrapListener puts the connection limit, the PROXY protocol reader and
// TLS in front of a bound listener, in that order.
func (s *Server) wrapListener(l net.Listener) net.Listener {
	l = s.conns.wrap(l)
	if s.cfg.Protocol != "http" {
		l = &trustedPeerListener{Listener: l, trust: s.trust, log: s.log}
	}
	if s.cfg.ProxyProtocol {
		l = &proxyproto.Listener{
			Listener:          l,
			ReadHeaderTimeout: s.cfg.HeaderTimeout,
			ConnPolicy: func(o proxyproto.ConnPolicyOptions) (proxyproto.Policy, error) {
				if s.ppTrust.Trusted(o.Upstream.String()) || o.Upstream.Network() == "unix" {
					return proxyproto.USE, nil
				}
				// A header from anyone else is refused (400), not skipped.
				return proxyproto.REJECT, nil
			},
		}
	}
	if s.tlsConf != nil {
		l = tls.NewListener(l, s.tlsConf)
	}
	if s.cfg.Protocol == "http" {
		l = &checkListener{Listener: l, limits: s.limits, maxBuf: int(s.limits.MaxHeadBytes()) + 64<<10, reaper: s.reaper}
	}
	return l
}

// httpEngine is what serves --protocol http behind the head checker:
// net/http's Server or the gateway's own (internal/httpd), by --engine.
type httpEngine interface {
	Serve(l net.Listener) error
	SetKeepAlivesEnabled(v bool)
	Close() error
}

// newHTTPServer configures the HTTP/1.1 server behind the head checker.
func (s *Server) newHTTPServer(h http.Handler) httpEngine {
	cfg := s.cfg
	connState := func(c net.Conn, st http.ConnState) {
		switch st {
		case http.StateNew:
			s.open.Add(1)
		case http.StateClosed, http.StateHijacked:
			s.open.Add(-1)
		}
	}
	connContext := func(ctx context.Context, c net.Conn) context.Context {
		ci := &connInfo{}
		if cc, ok := c.(*checkedConn); ok {
			ci.cc = cc
			var cancel context.CancelFunc
			ctx, cancel = context.WithCancel(ctx)
			cc.setCancel(cancel)
		}
		return context.WithValue(ctx, connKey{}, ci)
	}
	errorLog := slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)
	var e httpEngine
	if cfg.Engine == "goframe" {
		e = &httpd.Server{Handler: h, ErrorLog: errorLog, ConnState: connState, ConnContext: connContext}
	} else {
		protos := new(http.Protocols)
		protos.SetHTTP1(true)
		e = &http.Server{
			Handler: h,
			// --header-timeout and --keep-alive are the reaper's: see reaper.go.
			MaxHeaderBytes:               int(s.limits.MaxHeadBytes()),
			DisableGeneralOptionsHandler: true,
			Protocols:                    protos,
			ErrorLog:                     errorLog,
			ConnState:                    connState,
			ConnContext:                  connContext,
		}
	}
	if cfg.KeepAlive == 0 {
		e.SetKeepAlivesEnabled(false)
	}
	return e
}

// fcgiHandler counts FastCGI requests in flight (fcgi.Serve has no
// Shutdown) and applies the request-head limits to the CGI parameters.
func (s *Server) fcgiHandler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.inflight.Add(1)
		defer s.inflight.Done()
		// nginx sends CONTENT_TYPE and also the header as HTTP_CONTENT_TYPE;
		// net/http/cgi keeps both: one value is the request's.
		for _, k := range []string{"Content-Type", "Content-Length"} {
			if v := r.Header[k]; len(v) == 2 && v[0] == v[1] {
				r.Header[k] = v[:1]
			}
		}
		if err := checkParams(r, s.limits); err != nil {
			writeError(w, err.Status, err.Reason)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// closeListeners closes listeners and returns their errors, waiting at most
// a moment: closing a listener whose accept(2) is stuck in the kernel (a
// descriptor another process switched to blocking mode) waits for the next
// connection, and a stop must not.
func closeListeners(ls []net.Listener) error {
	errc := make(chan error, len(ls))
	for _, l := range ls {
		go func() { errc <- l.Close() }()
	}
	var errs []error
	timeout := time.After(200 * time.Millisecond)
	for range ls {
		select {
		case err := <-errc:
			if err != nil && !errors.Is(err, net.ErrClosed) {
				errs = append(errs, err)
			}
		case <-timeout:
			return errors.Join(errs...)
		}
	}
	return errors.Join(errs...)
}

// uwsgiVars takes the client's address and scheme from the uwsgi vars of
// the web server, which the trusted-peer listener let in.
func uwsgiVars(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := uwsgi.TrustVars(r); err != nil {
			status := http.StatusBadRequest
			var ue *uwsgi.Error
			if errors.As(err, &ue) {
				status = ue.Status
			}
			writeError(w, status, err.Error())
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Shutdown stops accepting, lets requests in flight finish, closes idle
// connections and returns; if ctx ends first, it closes what is left and
// returns ctx's error.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	ls, hs, us := s.listeners, s.httpSrv, s.uwsgiSrv
	s.mu.Unlock()
	var errs []error
	if us != nil {
		errs = append(errs, us.Shutdown(ctx))
	}
	errs = append(errs, closeListeners(ls))
	if hs != nil {
		errs = append(errs, s.drainHTTP(ctx, hs))
	}
	if s.cfg.Protocol == "fastcgi" {
		done := make(chan struct{})
		go func() { s.inflight.Wait(); close(done) }()
		select {
		case <-done:
		case <-ctx.Done():
			errs = append(errs, ctx.Err())
		}
	}
	err := errors.Join(errs...)
	if err != nil {
		s.Close()
	}
	s.reaper.close()
	s.stopOnce.Do(func() { close(s.stopped) })
	return err
}

// drainHTTP is the HTTP part of a graceful stop. net/http's own Shutdown
// drops a request it reads after the stop began, even one on a connection
// accepted just before (the client sees its new connection close with no
// answer); so the listeners are closed first, keep-alive is turned off (idle
// connections close, every later answer says Connection: close), and the
// connections still open are waited for: every request they hold is
// answered.
func (s *Server) drainHTTP(ctx context.Context, hs httpEngine) error {
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	start, said := time.Now(), time.Now()
	for {
		hs.SetKeepAlivesEnabled(false) // also closes the connections idle now
		n := s.open.Load()
		if n == 0 {
			return closeHTTP(hs)
		}
		if time.Since(said) > 5*time.Second {
			said = time.Now()
			s.log.Info("graceful stop: waiting for connections", "open", n, "for", time.Since(start).Round(time.Second))
		}
		select {
		case <-ctx.Done():
			hs.Close()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// closeHTTP closes the HTTP server. It closes the listeners it serves
// too, which a stop has closed already: that is no error.
func closeHTTP(hs httpEngine) error {
	if err := hs.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
		return err
	}
	return nil
}

// Close stops at once: listeners and every connection are closed.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	ls, hs, us := s.listeners, s.httpSrv, s.uwsgiSrv
	s.mu.Unlock()
	var errs []error
	if hs != nil {
		errs = append(errs, closeHTTP(hs))
	}
	if us != nil {
		errs = append(errs, us.Close())
	}
	errs = append(errs, closeListeners(ls))
	s.reaper.close()
	s.stopOnce.Do(func() { close(s.stopped) })
	return errors.Join(errs...)
}

// ReopenLogs reopens the access log file (SIGUSR1).
func (s *Server) ReopenLogs() error {
	if s.access == nil {
		return nil
	}
	return s.access.Reopen()
}

// Served is the number of requests served so far.
func (s *Server) Served() int64 { return s.served.Load() }

// trustedPeerListener closes connections from peers outside
// --forwarded-allow-ips at once: with uwsgi and FastCGI the peer is the
// web server, whose parameters (REMOTE_ADDR, HTTPS, HTTP_HOST) are taken
// as true, so only a trusted web server may connect.
type trustedPeerListener struct {
	net.Listener
	trust proxy.Trust
	log   *slog.Logger
}

func (l *trustedPeerListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		addr := c.RemoteAddr()
		if addr == nil || addr.Network() == "unix" || l.trust.Trusted(addr.String()) {
			return c, nil
		}
		l.log.Warn("refused connection from an untrusted peer (not in --forwarded-allow-ips)", "remote", addr.String())
		c.Close()
	}
}

// shutdownTimeout is Shutdown with a time limit.
func (s *Server) shutdownTimeout(d time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return s.Shutdown(ctx)
}
