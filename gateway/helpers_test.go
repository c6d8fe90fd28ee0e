package gateway

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// testServer is a gateway Server on real sockets, for one test.
type testServer struct {
	srv   *Server
	addrs []string // listener addresses ("127.0.0.1:port", or a unix path)
	logs  *syncBuffer
	done  chan error
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServer serves h with the gateway configured by args (flags); with no
// --bind among them it binds 127.0.0.1:0.
func startServer(t *testing.T, h http.Handler, args ...string) *testServer {
	t.Helper()
	hasBind := false
	for _, a := range args {
		if a == "-b" || a == "--bind" || strings.HasPrefix(a, "--bind=") {
			hasBind = true
		}
	}
	if !hasBind {
		args = append([]string{"--bind", "127.0.0.1:0"}, args...)
	}
	// GATEWAY_TEST_ENGINE runs the tests on another --engine (make test
	// runs them on net/http too); a test's own --engine wins.
	if e := os.Getenv("GATEWAY_TEST_ENGINE"); e != "" && !slices.Contains(args, "--engine") {
		args = append([]string{"--engine", e}, args...)
	}
	cfg, err := LoadConfig(args, nil)
	if err != nil {
		t.Fatal(err)
	}
	return startConfig(t, h, cfg, nil)
}

func startConfig(t *testing.T, h http.Handler, cfg *Config, ls []net.Listener) *testServer {
	t.Helper()
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, err := NewServer(cfg, h, Options{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	if ls == nil {
		ls, err = ListenAll(cfg.Bind, ListenOptions{Backlog: cfg.Backlog, ReusePort: cfg.ReusePort, Umask: cfg.Umask})
		if err != nil {
			t.Fatal(err)
		}
	}
	ts := &testServer{srv: srv, logs: logs, done: make(chan error, 1)}
	for _, l := range ls {
		ts.addrs = append(ts.addrs, l.Addr().String())
	}
	go func() { ts.done <- srv.Serve(ls) }()
	t.Cleanup(func() {
		srv.Close()
		select {
		case <-ts.done:
		case <-time.After(5 * time.Second):
			t.Error("Serve did not return after Close")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return ts
}

func (ts *testServer) addr() string { return ts.addrs[0] }

// dial opens a client connection to the first listener.
func (ts *testServer) dial(t *testing.T) net.Conn {
	t.Helper()
	network := "tcp"
	if strings.HasPrefix(ts.addr(), "/") {
		network = "unix"
	}
	c, err := net.DialTimeout(network, ts.addr(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// exchange writes raw bytes and reads every response until the server
// closes the connection or no more arrive within wait.
func exchange(t *testing.T, c net.Conn, raw []byte, wait time.Duration) (resps []*http.Response, bodies []string, closed bool) {
	t.Helper()
	if len(raw) > 0 {
		if _, err := c.Write(raw); err != nil {
			t.Fatalf("write: %v", err)
		}
	}
	br := bufio.NewReader(c)
	for {
		c.SetReadDeadline(time.Now().Add(wait))
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				return resps, bodies, false
			}
			return resps, bodies, true
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatalf("response body: %v", err)
		}
		resps = append(resps, resp)
		bodies = append(bodies, string(body))
		if resp.Close {
			_, err := br.ReadByte()
			return resps, bodies, err != nil
		}
	}
}

// get does one request with a fresh client and returns status and body.
func get(t *testing.T, url string, hdr map[string]string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// waitFor polls cond until it holds or d passes.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func bufioReader(c net.Conn) *bufio.Reader { return bufio.NewReader(c) }
