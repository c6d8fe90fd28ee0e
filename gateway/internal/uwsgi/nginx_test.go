package uwsgi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// nginxBinary finds nginx: Debian's /usr/sbin/nginx, else one on PATH.
func nginxBinary() string {
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx"
	}
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	return ""
}

// nginxConf is the front server's configuration: a server on a Unix socket
// passing / to the uwsgi server's Unix socket and /tcp/ to its TCP one.
const nginxConf = `daemon off;
master_process off;
error_log stderr warn;
pid {{dir}}/nginx.pid;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path {{dir}}/client_body;
    {{temp_paths}}
    server {
        listen unix:{{front}};
        server_name nginx.test;
        location / {
            include {{params}};
            uwsgi_pass unix:{{sock}};
        }
        location /tcp/ {
            include {{params}};
            uwsgi_pass {{tcp}};
        }
    }
}
`

// startNginx runs nginx in front of the uwsgi server listening on sock and
// tcp, and returns a client that talks to it.
func startNginx(t *testing.T, dir, sock, tcp string) *http.Client {
	t.Helper()
	bin := nginxBinary()
	if bin == "" {
		t.Fatal("the tool `nginx` is not installed (not at /usr/sbin/nginx nor on PATH): " +
			"this test runs a real nginx in front of the server; install it " +
			"(apt-get install nginx-light) or run `make test`, which does")
	}
	params, err := filepath.Abs(filepath.Join("testdata", "uwsgi_params"))
	if err != nil {
		t.Fatal(err)
	}
	front := filepath.Join(dir, "front.sock")
	// Temporary paths of the modules nginx was built with, so that it
	// needs nothing outside dir.
	version, _ := exec.Command(bin, "-V").CombinedOutput()
	var temps []string
	for _, m := range []string{"proxy", "fastcgi", "uwsgi", "scgi"} {
		if !bytes.Contains(version, []byte("--without-http_"+m+"_module")) {
			temps = append(temps, fmt.Sprintf("%s_temp_path %s/%s_temp;", m, dir, m))
		}
	}
	conf := strings.NewReplacer(
		"{{dir}}", dir, "{{front}}", front, "{{params}}", params, "{{sock}}", sock,
		"{{tcp}}", tcp, "{{temp_paths}}", strings.Join(temps, "\n    "),
	).Replace(nginxConf)
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr := new(syncBuffer)
	args := []string{"-p", dir, "-c", confPath}
	var major, minor, patch int
	if i := bytes.Index(version, []byte("nginx/")); i >= 0 {
		fmt.Sscanf(string(version[i:]), "nginx/%d.%d.%d", &major, &minor, &patch)
	}
	if major > 1 || major == 1 && (minor > 19 || minor == 19 && patch >= 5) {
		// Log to stderr before the configuration is read, too (-e is
		// from nginx 1.19.5).
		args = append(args, "-e", "stderr")
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting nginx: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() || testing.Verbose() {
			t.Logf("nginx output:\n%s", stderr)
		}
	})
	for deadline := time.Now().Add(10 * time.Second); ; {
		c, err := net.Dial("unix", front)
		if err == nil {
			c.Close()
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("nginx exited: %v\n%s", err, stderr)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not listen on %s: %v\n%s", front, err, stderr)
		}
	}
	return &http.Client{
		Timeout: 20 * time.Second,
		Transport: &http.Transport{
			DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, "unix", front)
			},
			DisableCompression: true,
		},
	}
}

// nginxHandler reports what it received in response headers and echoes the
// body's length and digest.
func nginxHandler() http.Handler {
	mux := http.NewServeMux()
	echo := func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		sum := sha256.Sum256(b)
		h := w.Header()
		h.Set("X-Method", r.Method)
		h.Set("X-Request-Uri", r.RequestURI)
		h.Set("X-Query-A", r.URL.Query().Get("a"))
		h.Set("X-Host", r.Host)
		h.Set("X-Test", r.Header.Get("X-Test"))
		h.Set("X-Dup", strings.Join(r.Header.Values("X-Dup"), ", "))
		h.Set("X-Content-Type", r.Header.Get("Content-Type"))
		h.Set("X-Content-Length", strconv.FormatInt(r.ContentLength, 10))
		h.Set("X-Transfer-Encoding", strings.Join(r.Header.Values("Transfer-Encoding"), ","))
		h.Set("X-Remote", r.RemoteAddr)
		h.Set("X-Vars-Remote", Vars(r.Context())["REMOTE_ADDR"])
		h.Set("X-Body-Sha256", hex.EncodeToString(sum[:]))
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, "got %d bytes", len(b))
	}
	mux.HandleFunc("/echo", echo)
	mux.HandleFunc("/tcp/echo", echo)
	mux.HandleFunc("/stream", func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte("0123456789abcdef"), 4<<10)
		for i := 0; i < 32; i++ {
			w.Write(chunk)
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/ignore-body", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "not reading that", http.StatusRequestEntityTooLarge)
	})
	mux.HandleFunc("/panic", func(w http.ResponseWriter, r *http.Request) {
		panic("boom")
	})
	mux.HandleFunc("/tcp/late-panic", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "partial")
		w.(http.Flusher).Flush()
		time.Sleep(50 * time.Millisecond)
		panic("late boom")
	})
	return mux
}

func TestNginx(t *testing.T) {
	dir, err := os.MkdirTemp("", "uwsgi-nginx") // short: socket paths are limited
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "app.sock")
	ul, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	tl := listen(t, "tcp")
	log := new(syncBuffer)
	srv := &Server{Handler: nginxHandler(), Limits: DefaultLimits, ErrorLog: newTestLogger(log)}
	done := make(chan error, 2)
	go func() { done <- srv.Serve(ul) }()
	go func() { done <- srv.Serve(tl) }()
	t.Cleanup(func() {
		srv.Close()
		for i := 0; i < 2; i++ {
			if err := <-done; !errors.Is(err, ErrServerClosed) {
				t.Errorf("Serve = %v", err)
			}
		}
	})
	client := startNginx(t, dir, sock, tl.Addr().String())

	bigBody := strings.Repeat("payload-", 40000) // 320 kB
	bigSum := sha256.Sum256([]byte(bigBody))
	tests := []struct {
		name    string
		method  string
		path    string
		body    io.Reader
		chunked bool
		header  http.Header
		status  int
		want    map[string]string // response headers
		body1   string            // want body, if set
		bodyLen int               // want body length, if set
		noCL    bool              // the request has no Content-Length
	}{
		{
			name: "GET with query", method: "GET", path: "/echo?a=1&b=%20x",
			header: http.Header{"X-Test": {"hello"}, "X-Dup": {"one", "two"}},
			status: 201,
			want: map[string]string{
				"X-Method": "GET", "X-Request-Uri": "/echo?a=1&b=%20x", "X-Query-A": "1",
				"X-Host": "nginx.test", "X-Test": "hello", "X-Dup": "one, two",
				"X-Content-Length": "0", "X-Vars-Remote": "unix:",
				"Content-Type": "text/plain; charset=utf-8",
			},
			body1: "got 0 bytes",
		},
		{
			name: "POST body", method: "POST", path: "/echo", body: strings.NewReader(bigBody),
			header: http.Header{"Content-Type": {"application/octet-stream"}}, status: 201,
			want: map[string]string{
				"X-Method": "POST", "X-Content-Type": "application/octet-stream",
				"X-Content-Length": strconv.Itoa(len(bigBody)), "X-Body-Sha256": hex.EncodeToString(bigSum[:]),
			},
			body1: fmt.Sprintf("got %d bytes", len(bigBody)),
		},
		{
			name: "POST chunked body", method: "POST", path: "/echo", body: strings.NewReader(bigBody), chunked: true,
			status: 201,
			want: map[string]string{
				"X-Content-Length": strconv.Itoa(len(bigBody)), "X-Transfer-Encoding": "",
				"X-Body-Sha256": hex.EncodeToString(bigSum[:]),
			},
		},
		{
			name: "POST over TCP", method: "POST", path: "/tcp/echo?a=tcp", body: strings.NewReader("small"),
			status: 201,
			want:   map[string]string{"X-Query-A": "tcp", "X-Content-Length": "5"},
			body1:  "got 5 bytes",
		},
		{
			name: "HEAD", method: "HEAD", path: "/echo", status: 201,
			want: map[string]string{"X-Method": "HEAD"}, body1: "",
		},
		{
			name: "streamed", method: "GET", path: "/stream", status: 200, bodyLen: 32 * 64 << 10,
			want: map[string]string{"Content-Type": "text/plain; charset=utf-8"},
		},
		{
			name: "body not read", method: "POST", path: "/ignore-body", body: strings.NewReader(bigBody),
			status: 413, body1: "not reading that\n",
		},
		{name: "not found", method: "GET", path: "/missing", status: 404, body1: "404 page not found\n"},
		{name: "panic", method: "GET", path: "/panic", status: 500, body1: "500 Internal Server Error\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, "http://nginx.test"+tt.path, tt.body)
			if err != nil {
				t.Fatal(err)
			}
			if tt.chunked {
				req.ContentLength = -1
				req.Body = io.NopCloser(req.Body) // hide the length
			}
			for k, vs := range tt.header {
				for _, v := range vs {
					req.Header.Add(k, v)
				}
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatalf("body: %v", err)
			}
			if resp.StatusCode != tt.status {
				t.Fatalf("status %s, want %d; body %.200q", resp.Status, tt.status, b)
			}
			for k, v := range tt.want {
				if got := resp.Header.Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
			if remote := resp.Header.Get("X-Remote"); remote != "" && !strings.HasPrefix(remote, "unix:") &&
				!strings.HasPrefix(remote, "127.0.0.1:") {
				t.Errorf("RemoteAddr %q is not the transport peer", remote)
			}
			if tt.body1 != "" || tt.method == "HEAD" {
				if string(b) != tt.body1 {
					t.Errorf("body %.200q, want %q", b, tt.body1)
				}
			}
			if tt.bodyLen != 0 && len(b) != tt.bodyLen {
				t.Errorf("body length %d, want %d", len(b), tt.bodyLen)
			}
		})
	}

	t.Run("panic after output over TCP", func(t *testing.T) {
		resp, err := client.Get("http://nginx.test/tcp/late-panic")
		if err != nil {
			t.Logf("client error: %v", err)
			return // nginx may drop the client at once
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err == nil {
			t.Fatalf("read %q to a clean end; want the truncation to show", b)
		}
		t.Logf("read %q, then %v", b, err)
	})
}
