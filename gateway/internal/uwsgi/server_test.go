package uwsgi

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for a logger and a test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func newTestLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testServer struct {
	srv     *Server
	network string
	addr    string
	log     *syncBuffer
	done    chan error // Serve's result
}

// listen returns a listener of the given network ("tcp" or "unix").
func listen(t *testing.T, network string) net.Listener {
	t.Helper()
	addr := "127.0.0.1:0"
	if network == "unix" {
		addr = filepath.Join(t.TempDir(), "s.sock")
	}
	l, err := net.Listen(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// startServer serves h on a new listener; the server is closed when the
// test ends.
func startServer(t *testing.T, network string, h http.Handler, config func(*Server)) *testServer {
	t.Helper()
	l := listen(t, network)
	ts := &testServer{network: network, addr: l.Addr().String(), log: new(syncBuffer), done: make(chan error, 1)}
	ts.srv = &Server{
		Handler:  h,
		Limits:   DefaultLimits,
		ErrorLog: newTestLogger(ts.log),
	}
	if config != nil {
		config(ts.srv)
	}
	go func() { ts.done <- ts.srv.Serve(l) }()
	t.Cleanup(func() {
		ts.srv.Close()
		select {
		case err := <-ts.done:
			if !errors.Is(err, ErrServerClosed) {
				t.Errorf("Serve = %v, want ErrServerClosed", err)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("Serve did not return after Close")
		}
	})
	return ts
}

func (ts *testServer) dial(t *testing.T) net.Conn {
	t.Helper()
	c, err := net.Dial(ts.network, ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(10 * time.Second))
	t.Cleanup(func() { c.Close() })
	return c
}

// roundTrip sends a packet and a body on a new connection and returns all
// the server sent until it closed the connection, and the read error if
// the close was not clean.
func (ts *testServer) roundTrip(t *testing.T, pkt []byte, body string) (string, error) {
	t.Helper()
	c := ts.dial(t)
	if _, err := c.Write(append(pkt, body...)); err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(c)
	return string(raw), err
}

// parseResponse parses a raw response, its body read until EOF.
func parseResponse(t *testing.T, raw, method string) (*http.Response, string) {
	t.Helper()
	resp, err := http.ReadResponse(bufio.NewReader(strings.NewReader(raw)), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("ReadResponse: %v\nraw: %q", err, raw)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("response body: %v\nraw: %q", err, raw)
	}
	return resp, string(b)
}

func TestServer(t *testing.T) {
	var ran atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		ran.Add(1)
		b, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("X-Method", r.Method)
		w.Header().Set("X-Uri", r.RequestURI)
		w.Header().Set("X-Foo", r.Header.Get("X-Foo"))
		w.Header().Set("X-Remote", r.RemoteAddr)
		w.Header().Set("X-Vars-Remote", Vars(r.Context())["REMOTE_ADDR"])
		w.Header().Set("X-Len", strconv.FormatInt(r.ContentLength, 10))
		w.Write(b)
	})
	mux.HandleFunc("/text", func(w http.ResponseWriter, r *http.Request) {
		ran.Add(1)
		io.WriteString(w, "hello, world\n")
	})
	mux.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		ran.Add(1)
		code, _ := strconv.Atoi(r.URL.Query().Get("code"))
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Length", "99") // dropped for 204 and 304
		w.WriteHeader(code)
		if _, err := w.Write([]byte("x")); !errors.Is(err, http.ErrBodyNotAllowed) {
			panic(fmt.Sprintf("Write with status %d: %v", code, err))
		}
	})
	mux.HandleFunc("/stream", func(w http.ResponseWriter, r *http.Request) {
		ran.Add(1)
		w.Header().Set("Content-Type", "application/octet-stream")
		chunk := bytes.Repeat([]byte{'s'}, 16<<10)
		for i := 0; i < 64; i++ {
			w.Write(chunk)
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/declared", func(w http.ResponseWriter, r *http.Request) {
		ran.Add(1)
		w.Header().Set("Content-Length", "10")
		io.WriteString(w, "01234")
		http.NewResponseController(w).Flush()
		io.WriteString(w, "56789")
		if _, err := io.WriteString(w, "!"); !errors.Is(err, http.ErrContentLength) {
			panic("write past Content-Length: " + fmt.Sprint(err))
		}
	})
	mux.HandleFunc("/interim", func(w http.ResponseWriter, r *http.Request) {
		ran.Add(1)
		w.Header().Set("Link", "</a.css>; rel=preload")
		w.WriteHeader(http.StatusEarlyHints)
		w.WriteHeader(http.StatusAccepted)
		w.WriteHeader(http.StatusTeapot) // superfluous, logged
		io.WriteString(w, "<html>")
	})
	mux.HandleFunc("/panic", func(w http.ResponseWriter, r *http.Request) {
		ran.Add(1)
		io.WriteString(w, "buffered, never sent")
		panic("boom")
	})
	mux.HandleFunc("/trailer", func(w http.ResponseWriter, r *http.Request) {
		ran.Add(1)
		w.Header().Set("Trailer", "X-T")
		w.Header().Set("Transfer-Encoding", "chunked")
		io.WriteString(w, "body")
		w.Header().Set("X-T", "v")
		w.Header().Set(http.TrailerPrefix+"X-U", "v")
	})

	get := func(uri string, extra ...[2]string) []byte { return AppendPacket(nil, vars("GET", uri, extra...)) }
	tests := []struct {
		name    string
		pkt     []byte
		body    string
		method  string // for parsing the response; GET if empty
		status  string // the status line
		header  map[string]string
		absent  []string
		want    string
		wantRun bool
		log     string
		remote  bool // check the handler saw the transport peer
		close   bool // want Connection: close
	}{
		{
			name:   "GET with query",
			pkt:    get("/echo?a=1&b=%20", [2]string{"HTTP_X_FOO", "bar"}, [2]string{"REMOTE_ADDR", "203.0.113.7"}),
			status: "HTTP/1.1 200 OK",
			header: map[string]string{"X-Method": "GET", "X-Uri": "/echo?a=1&b=%20", "X-Foo": "bar", "X-Vars-Remote": "203.0.113.7", "Content-Length": "0"},
			absent: []string{"Content-Type", "Transfer-Encoding"}, wantRun: true, remote: true,
		},
		{
			name:   "POST body",
			pkt:    AppendPacket(nil, vars("POST", "/echo", [2]string{"CONTENT_TYPE", "text/plain"}, [2]string{"CONTENT_LENGTH", "100000"})),
			body:   strings.Repeat("b", 100000),
			status: "HTTP/1.1 200 OK",
			header: map[string]string{"X-Method": "POST", "X-Len": "100000", "Content-Type": "text/plain; charset=utf-8"},
			absent: []string{"Content-Length"}, // 100000 bytes do not fit the buffer
			want:   strings.Repeat("b", 100000), wantRun: true,
		},
		{
			name:   "small text",
			pkt:    get("/text"),
			status: "HTTP/1.1 200 OK",
			header: map[string]string{"Content-Length": "13", "Content-Type": "text/plain; charset=utf-8"},
			want:   "hello, world\n", wantRun: true,
		},
		{
			name:   "HEAD",
			pkt:    AppendPacket(nil, vars("HEAD", "/text")),
			method: "HEAD",
			status: "HTTP/1.1 200 OK",
			header: map[string]string{"Content-Length": "13", "Content-Type": "text/plain; charset=utf-8"},
			want:   "", wantRun: true,
		},
		{
			name: "HTTP/1.0",
			pkt: AppendPacket(nil, [][2]string{
				{"REQUEST_METHOD", "GET"}, {"REQUEST_URI", "/text"}, {"SERVER_PROTOCOL", "HTTP/1.0"},
			}),
			status: "HTTP/1.0 200 OK",
			want:   "hello, world\n", wantRun: true,
		},
		{
			name: "HTTP/2.0 from the client", pkt: AppendPacket(nil, [][2]string{
				{"REQUEST_METHOD", "GET"}, {"REQUEST_URI", "/text"}, {"SERVER_PROTOCOL", "HTTP/2.0"},
			}),
			status: "HTTP/1.1 200 OK", want: "hello, world\n", wantRun: true,
		},
		{
			name: "204", pkt: get("/status?code=204"), status: "HTTP/1.1 204 No Content",
			header: map[string]string{"Content-Type": "text/plain"}, absent: []string{"Content-Length"}, wantRun: true,
		},
		{
			name: "304", pkt: get("/status?code=304"), status: "HTTP/1.1 304 Not Modified",
			absent: []string{"Content-Length", "Content-Type"}, wantRun: true,
		},
		{
			name: "not found", pkt: get("/nothing"), status: "HTTP/1.1 404 Not Found",
			header: map[string]string{"X-Content-Type-Options": "nosniff"}, want: "404 page not found\n",
		},
		{
			name: "streamed", pkt: get("/stream"), status: "HTTP/1.1 200 OK",
			header: map[string]string{"Content-Type": "application/octet-stream"},
			absent: []string{"Content-Length", "Transfer-Encoding"},
			want:   strings.Repeat("s", 64*16<<10), wantRun: true,
		},
		{
			name: "declared length", pkt: get("/declared"), status: "HTTP/1.1 200 OK",
			header: map[string]string{"Content-Length": "10"}, want: "0123456789", wantRun: true,
		},
		{
			name: "interim and superfluous", pkt: get("/interim"), status: "HTTP/1.1 202 Accepted",
			header: map[string]string{"Link": "</a.css>; rel=preload", "Content-Type": "text/html; charset=utf-8"},
			want:   "<html>", wantRun: true, log: "superfluous response.WriteHeader",
		},
		{
			name: "trailers dropped", pkt: get("/trailer"), status: "HTTP/1.1 200 OK",
			header: map[string]string{"Content-Length": "4"}, absent: []string{"Trailer", "Transfer-Encoding", "X-T", "X-U"},
			want: "body", wantRun: true,
		},
		{
			name: "panic", pkt: get("/panic"), status: "HTTP/1.1 500 Internal Server Error",
			close: true, want: "500 Internal Server Error\n",
			wantRun: true, log: "panic serving request",
		},
		{
			name: "invalid packet", pkt: AppendPacket(nil, vars("GET", "/echo", [2]string{"HTTP_X_BAD", "a\x01"})),
			status: "HTTP/1.1 400 Bad Request", close: true, header: map[string]string{"Content-Type": "text/plain; charset=utf-8"},
			want: "400 Bad Request: invalid header value in an HTTP_* var\n", log: "refused request",
		},
		{
			name: "not uwsgi", pkt: []byte("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n"),
			status: "HTTP/1.1 400 Bad Request", close: true,
		},
		{
			name:   "too many fields",
			pkt:    AppendPacket(nil, vars("GET", "/echo", manyHeaders(100)...)),
			status: "HTTP/1.1 431 Request Header Fields Too Large", close: true,
			want: "431 Request Header Fields Too Large: too many header fields\n",
		},
		{
			name:   "body with leftover",
			pkt:    AppendPacket(nil, vars("POST", "/text", [2]string{"CONTENT_LENGTH", strconv.Itoa(3 << 20)})),
			body:   strings.Repeat("u", 3<<20), // never read by the handler
			status: "HTTP/1.1 200 OK", want: "hello, world\n", wantRun: true,
		},
	}
	for _, network := range []string{"tcp", "unix"} {
		t.Run(network, func(t *testing.T) {
			ts := startServer(t, network, mux, nil)
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					before := ran.Load()
					raw, err := ts.roundTrip(t, tt.pkt, tt.body)
					if err != nil {
						t.Fatalf("read: %v (got %q)", err, raw)
					}
					if line, _, _ := strings.Cut(raw, "\r\n"); line != tt.status {
						t.Fatalf("status line %q, want %q", line, tt.status)
					}
					method := tt.method
					if method == "" {
						method = "GET"
					}
					resp, body := parseResponse(t, raw, method)
					if resp.Header.Get("Date") == "" {
						t.Errorf("no Date header")
					}
					for k, v := range tt.header {
						if got := resp.Header.Get(k); got != v {
							t.Errorf("header %s = %q, want %q", k, got, v)
						}
					}
					head, _, _ := strings.Cut(raw, "\r\n\r\n")
					if got := strings.Contains(head+"\r\n", "\r\nConnection: close\r\n"); got != tt.close {
						t.Errorf("Connection: close is %v, want %v", got, tt.close)
					}
					for _, k := range tt.absent {
						if _, ok := resp.Header[k]; ok {
							t.Errorf("header %s = %q, want none", k, resp.Header[k])
						}
					}
					if tt.want != "" || method == "HEAD" {
						if body != tt.want {
							t.Errorf("body %.80q (%d bytes), want %.80q (%d bytes)", body, len(body), tt.want, len(tt.want))
						}
					}
					if tt.remote {
						remote := resp.Header.Get("X-Remote")
						if network == "unix" && !strings.HasPrefix(remote, "unix:/") ||
							network == "tcp" && !strings.HasPrefix(remote, "127.0.0.1:") {
							t.Errorf("RemoteAddr = %q", remote)
						}
					}
					if didRun := ran.Load() != before; didRun != tt.wantRun {
						t.Errorf("handler ran: %v, want %v", didRun, tt.wantRun)
					}
					if tt.log != "" && !strings.Contains(ts.log.String(), tt.log) {
						t.Errorf("log lacks %q:\n%s", tt.log, ts.log)
					}
				})
			}
		})
	}
}

func manyHeaders(n int) [][2]string {
	var v [][2]string
	for i := 0; i < n; i++ {
		v = append(v, [2]string{"HTTP_X_H" + strconv.Itoa(i), "v"})
	}
	return v
}

// TestServerAbort checks that a response cut short is not passed off as
// complete: over TCP the connection is reset.
func TestServerAbort(t *testing.T) {
	handlers := map[string]http.HandlerFunc{
		"panic after flush": func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "partial")
			w.(http.Flusher).Flush()
			panic("late boom")
		},
		"abort handler": func(w http.ResponseWriter, r *http.Request) {
			panic(http.ErrAbortHandler)
		},
		"short declared body": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100")
			io.WriteString(w, "short")
		},
	}
	for name, h := range handlers {
		t.Run(name, func(t *testing.T) {
			ts := startServer(t, "tcp", h, nil)
			raw, err := ts.roundTrip(t, AppendPacket(nil, vars("GET", "/")), "")
			if err == nil {
				t.Fatalf("clean close after %q, want a reset", raw)
			}
			if strings.Contains(raw, "500") {
				t.Errorf("got a 500 after output: %q", raw)
			}
			if name == "abort handler" && raw != "" {
				t.Errorf("response %q, want none", raw)
			}
			if name == "abort handler" && strings.Contains(ts.log.String(), "panic") {
				t.Errorf("ErrAbortHandler was logged: %s", ts.log)
			}
		})
	}
}
