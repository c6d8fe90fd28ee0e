package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/goframe/goframe/examples/hello/app"
)

func TestServer_Hello(t *testing.T) {
	t.Parallel()
	ts := startServer(t, app.Handler())
	status, body, hdr := get(t, "http://"+ts.addr()+"/", nil)
	if status != 200 || body != "Hello, World!" || !strings.HasPrefix(hdr.Get("Content-Type"), "text/plain") {
		t.Errorf("GET / = %d %q %q", status, body, hdr.Get("Content-Type"))
	}
	status, body, _ = get(t, "http://"+ts.addr()+"/json", nil)
	if status != 200 || body != `{"message":"Hello, World!"}` {
		t.Errorf("GET /json = %d %q", status, body)
	}
}

func TestServer_Limits(t *testing.T) {
	t.Parallel()
	long := func(n int) string { return strings.Repeat("a", n) }
	reqLine := func(targetLen int) string { return "GET /" + long(targetLen-1) + " HTTP/1.1\r\nHost: x\r\n\r\n" }
	fields := func(n int) string {
		var b strings.Builder
		b.WriteString("GET / HTTP/1.1\r\nHost: x\r\n")
		for i := 1; i < n; i++ { // Host is the first field
			fmt.Fprintf(&b, "X-F%d: v\r\n", i)
		}
		b.WriteString("\r\n")
		return b.String()
	}
	field := func(lineLen int) string { // "X: " + value + CRLF = lineLen, as Gunicorn counts
		return "GET / HTTP/1.1\r\nHost: x\r\nX: " + long(lineLen-5) + "\r\n\r\n"
	}
	// "GET " + target + " HTTP/1.1" = 4 + t + 9
	tests := []struct {
		name string
		args []string
		raw  string
		want int
	}{
		{"line at default limit", nil, reqLine(4094 - 13), 200},
		{"line over default limit", nil, reqLine(4094 - 12), 400},
		{"line at custom limit", []string{"--limit-request-line", "100"}, reqLine(100 - 13), 200},
		{"line over custom limit", []string{"--limit-request-line", "100"}, reqLine(100 - 12), 400},
		{"line unlimited", []string{"--limit-request-line", "0"}, reqLine(6000), 200},
		{"fields at default limit", nil, fields(100), 200},
		{"fields over default limit", nil, fields(101), 431},
		{"fields at custom limit", []string{"--limit-request-fields", "5"}, fields(5), 200},
		{"fields over custom limit", []string{"--limit-request-fields", "5"}, fields(6), 431},
		{"field at default size", nil, field(8190), 200},
		{"field over default size", nil, field(8191), 431},
		{"field at custom size", []string{"--limit-request-field-size", "50"}, field(50), 200},
		{"field over custom size", []string{"--limit-request-field-size", "50"}, field(51), 431},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var ran atomic.Int32
			ts := startServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ran.Add(1) }), tt.args...)
			c := ts.dial(t)
			resps, _, _ := exchange(t, c, []byte(tt.raw), 5*time.Second)
			if len(resps) != 1 {
				t.Fatalf("got %d responses", len(resps))
			}
			if resps[0].StatusCode != tt.want {
				t.Errorf("status %d, want %d", resps[0].StatusCode, tt.want)
			}
			if tt.want >= 400 && ran.Load() != 0 {
				t.Error("the handler ran for a refused request")
			}
			if tt.want >= 400 && !resps[0].Close {
				t.Error("a refused request must close the connection")
			}
		})
	}
}

// TestServer_LimitRequestLineStreaming sends a request line with no end:
// the server must refuse it once the limit is passed, without waiting.
func TestServer_LimitRequestLineStreaming(t *testing.T) {
	t.Parallel()
	ts := startServer(t, app.Handler())
	c := ts.dial(t)
	resps, bodies, closed := exchange(t, c, []byte("GET /"+strings.Repeat("x", 5000)), 5*time.Second)
	if len(resps) != 1 || resps[0].StatusCode != 400 || !closed {
		t.Fatalf("responses %d, closed %v", len(resps), closed)
	}
	if !strings.Contains(bodies[0], "Request Line is too large") {
		t.Errorf("body %q does not say the line is too large", bodies[0])
	}
}

func TestServer_WorkerConnections(t *testing.T) {
	t.Parallel()
	ts := startServer(t, app.Handler(), "--worker-connections", "2", "--keep-alive", "30")
	// Two clients hold both slots with idle keep-alive connections.
	held := []net.Conn{ts.dial(t), ts.dial(t)}
	for _, c := range held {
		resps, _, _ := exchange(t, c, []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), 2*time.Second)
		if len(resps) != 1 || resps[0].StatusCode != 200 {
			t.Fatal("held connection not served")
		}
	}
	// A third connects (the kernel completes the handshake from the
	// backlog) but is not accepted: its request gets no answer.
	third := ts.dial(t)
	if _, err := third.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	third.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
	buf := make([]byte, 1)
	if _, err := third.Read(buf); err == nil {
		t.Fatal("third connection was served while two were open")
	} else if ne, ok := err.(net.Error); !ok || !ne.Timeout() {
		t.Fatalf("third connection was refused rather than left waiting: %v", err)
	}
	// When one closes, the waiting one is accepted and served.
	held[0].Close()
	third.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufioReader(third), nil)
	if err != nil {
		t.Fatalf("waiting connection not served after a slot freed: %v", err)
	}
	if resp.StatusCode != 200 {
		t.Errorf("status %d", resp.StatusCode)
	}
}

func TestServer_Threads(t *testing.T) {
	t.Parallel()
	var cur, peak atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := cur.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
		cur.Add(-1)
	})
	for _, tt := range []struct {
		threads string
		want    int32
	}{{"2", 2}, {"0", 8}} {
		t.Run("threads="+tt.threads, func(t *testing.T) {
			cur.Store(0)
			peak.Store(0)
			ts := startServer(t, h, "--threads", tt.threads)
			var wg sync.WaitGroup
			for i := 0; i < 8; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					status, _, _ := get(t, "http://"+ts.addr()+"/", nil)
					if status != 200 {
						t.Errorf("status %d", status)
					}
				}()
			}
			wg.Wait()
			if tt.threads != "0" && peak.Load() > tt.want {
				t.Errorf("%d handlers ran at once with --threads %s", peak.Load(), tt.threads)
			}
			if tt.threads == "0" && peak.Load() < 3 {
				t.Errorf("only %d handlers ran at once with --threads 0: requests were serialised", peak.Load())
			}
		})
	}
}

func TestServer_KeepAliveTimeout(t *testing.T) {
	t.Parallel()
	ts := startServer(t, app.Handler(), "--keep-alive", "0.2")
	c := ts.dial(t)
	resps, _, _ := exchange(t, c, []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), 2*time.Second)
	if len(resps) != 1 || resps[0].Close {
		t.Fatal("keep-alive response expected")
	}
	start := time.Now()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Fatal("idle connection sent data")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("idle connection closed after %v, want about 0.2s", d)
	}
}

func TestServer_KeepAliveOff(t *testing.T) {
	t.Parallel()
	ts := startServer(t, app.Handler(), "--keep-alive", "0")
	c := ts.dial(t)
	resps, _, closed := exchange(t, c, []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"), 2*time.Second)
	if len(resps) != 1 || !resps[0].Close || !closed {
		t.Errorf("with --keep-alive 0: %d responses, closed %v", len(resps), closed)
	}
}

func TestServer_HeaderTimeout(t *testing.T) {
	t.Parallel()
	var ran atomic.Int32
	ts := startServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ran.Add(1) }), "--header-timeout", "0.3")
	c := ts.dial(t)
	// A Slowloris client: a byte every 100 ms, never finishing the head.
	start := time.Now()
	var err error
	for i := 0; i < 50 && err == nil; i++ {
		_, err = c.Write([]byte("GET / HTTP/1.1\r\nX: y\r\n"[i%8 : i%8+1]))
		time.Sleep(100 * time.Millisecond)
		c.SetReadDeadline(time.Now().Add(time.Millisecond))
		if _, rerr := c.Read(make([]byte, 1)); rerr != nil {
			if ne, ok := rerr.(net.Error); !ok || !ne.Timeout() {
				err = rerr
			}
		}
	}
	if err == nil {
		t.Fatal("a client trickling its head for 5 s was not cut off")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("cut off after %v, want about 0.3 s", d)
	}
	if ran.Load() != 0 {
		t.Error("handler ran")
	}
}

func TestServer_RequestTimeout(t *testing.T) {
	t.Parallel()
	cancelled := make(chan struct{}, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/stream" {
			w.Write([]byte("partial"))
			w.(http.Flusher).Flush()
		}
		<-r.Context().Done()
		cancelled <- struct{}{}
	})
	ts := startServer(t, h, "--request-timeout", "0.2")
	start := time.Now()
	resps, bodies, _ := exchange(t, ts.dial(t), []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), 5*time.Second)
	if len(resps) != 1 || resps[0].StatusCode != 503 || !resps[0].Close || !strings.Contains(bodies[0], "request-timeout") {
		t.Fatalf("timed out request: %d responses %s %q", len(resps), statuses(resps), bodies)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("answered after %v", d)
	}
	select {
	case <-cancelled:
	case <-time.After(3 * time.Second):
		t.Error("the handler's context was not cancelled")
	}
	// A handler that already began its answer: the connection is cut so
	// the truncated body cannot pass for a whole one.
	c := ts.dial(t)
	c.Write([]byte("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n"))
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufioReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(resp.Body); err == nil {
		t.Error("a response cut by the request timeout read as complete")
	}
}

func TestServer_NoRequestTimeoutByDefault(t *testing.T) {
	t.Parallel()
	ts := startServer(t, app.Handler())
	status, _, _ := get(t, "http://"+ts.addr()+"/sleep?ms=300", nil)
	if status != 200 {
		t.Errorf("status %d", status)
	}
}

func TestServer_Panic(t *testing.T) {
	t.Parallel()
	ts := startServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") }))
	status, _, _ := get(t, "http://"+ts.addr()+"/", nil)
	if status != 500 {
		t.Errorf("status %d, want 500", status)
	}
	waitFor(t, 2*time.Second, "panic logged", func() bool { return strings.Contains(ts.logs.String(), "boom") })
}

func TestServer_GracefulShutdown(t *testing.T) {
	t.Parallel()
	ts := startServer(t, app.Handler(), "--keep-alive", "30")
	idle := ts.dial(t)
	if resps, _, _ := exchange(t, idle, []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), 2*time.Second); len(resps) != 1 {
		t.Fatal("idle connection not served")
	}
	type result struct {
		status int
		body   string
		err    error
	}
	res := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + ts.addr() + "/sleep?ms=500")
		if err != nil {
			res <- result{err: err}
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		res <- result{status: resp.StatusCode, body: string(b)}
	}()
	time.Sleep(150 * time.Millisecond) // the request is in flight
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	shut := make(chan error, 1)
	go func() { shut <- ts.srv.Shutdown(ctx) }()
	// New connections are refused once the listeners close.
	waitFor(t, 2*time.Second, "listener closed", func() bool {
		c, err := net.DialTimeout("tcp", ts.addr(), 100*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	// The idle keep-alive connection is closed.
	idle.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, err := idle.Read(make([]byte, 1)); err == nil {
		t.Error("idle connection not closed by the graceful stop")
	}
	r := <-res
	if r.err != nil || r.status != 200 || r.body != "slept 500 ms\n" {
		t.Errorf("in-flight request: %+v", r)
	}
	if err := <-shut; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	select {
	case err := <-ts.done:
		ts.done <- err // for the cleanup
		if !errors.Is(err, ErrServerClosed) {
			t.Errorf("Serve returned %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Error("Serve did not return")
	}
}

func TestServer_ProxyHeaders(t *testing.T) {
	t.Parallel()
	echo := func(t *testing.T, ts *testServer, hdr map[string]string) (int, app.Echo) {
		status, body, _ := get(t, "http://"+ts.addr()+"/echo", hdr)
		var e app.Echo
		if status == 200 {
			if err := json.Unmarshal([]byte(body), &e); err != nil {
				t.Fatal(err)
			}
		}
		return status, e
	}
	forwarded := map[string]string{"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "example.com"}

	t.Run("trusted", func(t *testing.T) {
		ts := startServer(t, app.Handler())
		status, e := echo(t, ts, forwarded)
		if status != 200 || e.RemoteIP != "203.0.113.7" || e.Scheme != "https" || e.Host != "example.com" {
			t.Errorf("from a trusted peer: %d %+v", status, e)
		}
	})
	t.Run("rfc7239", func(t *testing.T) {
		ts := startServer(t, app.Handler())
		status, e := echo(t, ts, map[string]string{"Forwarded": `for="[2001:db8::1]:4711";proto=https;host=example.org`})
		if status != 200 || e.RemoteIP != "2001:db8::1" || e.Scheme != "https" || e.Host != "example.org" {
			t.Errorf("Forwarded: %d %+v", status, e)
		}
	})
	t.Run("untrusted", func(t *testing.T) {
		ts := startServer(t, app.Handler(), "--forwarded-allow-ips", "10.0.0.0/8")
		status, e := echo(t, ts, forwarded)
		if status != 200 || e.RemoteIP != "127.0.0.1" || e.Scheme != "http" || !strings.HasPrefix(e.Host, "127.0.0.1:") {
			t.Errorf("from an untrusted peer the headers changed the request: %d %+v", status, e)
		}
	})
	t.Run("contradictory", func(t *testing.T) {
		ts := startServer(t, app.Handler(), "--forwarded-allow-ips", "*")
		status, _ := echo(t, ts, map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Ssl": "off"})
		if status != 400 {
			t.Errorf("contradictory scheme headers: status %d, want 400", status)
		}
	})
	t.Run("contradictory untrusted", func(t *testing.T) {
		ts := startServer(t, app.Handler(), "--forwarded-allow-ips", "192.0.2.1")
		status, _ := echo(t, ts, map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Ssl": "off"})
		if status != 200 {
			t.Errorf("untrusted contradictory headers: status %d, want 200", status)
		}
	})
}

func TestServer_Binds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sock := filepath.Join(dir, "app.sock")

	t.Run("unix and tcp at once", func(t *testing.T) {
		ts := startServer(t, app.Handler(), "-b", "unix:"+sock, "-b", "127.0.0.1:0", "-b", "[::1]:0", "--umask", "0o077")
		if len(ts.addrs) != 3 {
			t.Fatalf("listeners: %v", ts.addrs)
		}
		fi, err := os.Stat(sock)
		if err != nil || fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != 0o700 {
			t.Errorf("socket mode %v, %v; want srwx------ from --umask 0o077", fi.Mode(), err)
		}
		client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return net.Dial("unix", sock)
		}}}
		resp, err := client.Get("http://unix/echo")
		if err != nil {
			t.Fatal(err)
		}
		var e app.Echo
		json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		if e.Path != "/echo" {
			t.Errorf("unix socket: %+v", e)
		}
		for _, a := range ts.addrs[1:] {
			if status, _, _ := get(t, "http://"+a+"/", nil); status != 200 {
				t.Errorf("%s: status %d", a, status)
			}
		}
	})
	t.Run("stale socket removed", func(t *testing.T) {
		stale := filepath.Join(dir, "stale.sock")
		l, err := net.Listen("unix", stale)
		if err != nil {
			t.Fatal(err)
		}
		l.(*net.UnixListener).SetUnlinkOnClose(false)
		l.Close() // leaves the socket file behind, with nobody accepting
		ts := startServer(t, app.Handler(), "-b", "unix:"+stale)
		if len(ts.addrs) != 1 {
			t.Fatal("not bound")
		}
	})
	t.Run("non-socket file kept", func(t *testing.T) {
		file := filepath.Join(dir, "data.txt")
		os.WriteFile(file, []byte("precious"), 0o644)
		_, err := Listen(Bind{Network: "unix", Address: file}, ListenOptions{})
		if err == nil || !strings.Contains(err.Error(), "not a socket") {
			t.Errorf("binding over a regular file: %v", err)
		}
		if b, _ := os.ReadFile(file); string(b) != "precious" {
			t.Error("the file was changed")
		}
	})
	t.Run("live socket kept", func(t *testing.T) {
		live := filepath.Join(dir, "live.sock")
		l, err := net.Listen("unix", live)
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		go func() {
			for {
				c, err := l.Accept()
				if err != nil {
					return
				}
				c.Close()
			}
		}()
		if _, err := Listen(Bind{Network: "unix", Address: live}, ListenOptions{}); err == nil || !strings.Contains(err.Error(), "in use") {
			t.Errorf("binding over a live socket: %v", err)
		}
	})
	t.Run("fd", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		// fd://N hands descriptor N over to the server, which closes it
		// once it has its own copy: give it a bare descriptor that no
		// os.File here owns (closing one twice would close whatever
		// socket of a parallel test got the number in between).
		f, err := l.(*net.TCPListener).File()
		l.Close()
		if err != nil {
			t.Fatal(err)
		}
		fd, err := syscall.Dup(int(f.Fd()))
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig([]string{"-b", fmt.Sprintf("fd://%d", fd)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		ts := startConfig(t, app.Handler(), cfg, nil)
		if status, _, _ := get(t, "http://"+ts.addr()+"/", nil); status != 200 {
			t.Errorf("fd listener: status %d", status)
		}
	})
}

// TestListen_Backlog checks with ss(8) that the listen(2) backlog is the
// one asked for: ss shows it as Send-Q of a listening socket.
func TestListen_Backlog(t *testing.T) {
	t.Parallel()
	ss, err := exec.LookPath("ss")
	if err != nil {
		t.Fatal("ss (iproute2) is needed: run make deps")
	}
	for _, backlog := range []int{DefaultBacklog, 17} {
		l, err := Listen(Bind{Network: "tcp", Address: "127.0.0.1:0"}, ListenOptions{Backlog: backlog})
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		out, err := exec.Command(ss, "-ltnH", fmt.Sprintf("sport = :%d", port)).Output()
		l.Close()
		if err != nil {
			t.Fatal(err)
		}
		fields := strings.Fields(string(out))
		if len(fields) < 3 || fields[2] != fmt.Sprint(backlog) {
			t.Errorf("backlog %d: ss shows %q", backlog, out)
		}
	}
}
