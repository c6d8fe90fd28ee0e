package gateway

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goframe/goframe/examples/hello/app"
)

func TestServer_Expect100Continue(t *testing.T) {
	t.Parallel()
	ts := startServer(t, app.Handler())
	c := ts.dial(t)
	io.WriteString(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
	br := bufio.NewReader(c)
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	line, err := br.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "HTTP/1.1 100 Continue") {
		t.Fatalf("interim response %q, %v", line, err)
	}
	br.ReadString('\n') // the blank line after the 100
	io.WriteString(c, "hello")
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(body) != "received 5 bytes\n" {
		t.Errorf("%d %q", resp.StatusCode, body)
	}
}

func TestServer_HTTP10KeepAlive(t *testing.T) {
	t.Parallel()
	ts := startServer(t, app.Handler())
	c := ts.dial(t)
	req := "GET /json HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
	resps, _, closed := exchange(t, c, []byte(req+req), time.Second)
	if len(resps) != 2 || closed {
		t.Fatalf("HTTP/1.0 keep-alive: %d responses, closed %v", len(resps), closed)
	}
	for _, r := range resps {
		if r.Close || r.StatusCode != 200 {
			t.Errorf("response %d close=%v", r.StatusCode, r.Close)
		}
	}
	// Without keep-alive, HTTP/1.0 closes after one response.
	c2 := ts.dial(t)
	resps, _, closed = exchange(t, c2, []byte("GET /json HTTP/1.0\r\n\r\nGET /json HTTP/1.0\r\n\r\n"), time.Second)
	if len(resps) != 1 || !closed {
		t.Errorf("HTTP/1.0 without keep-alive: %d responses, closed %v", len(resps), closed)
	}
}

func TestServer_Pipelining(t *testing.T) {
	t.Parallel()
	ts := startServer(t, app.Handler())
	c := ts.dial(t)
	raw := "GET /sleep?ms=50 HTTP/1.1\r\nHost: x\r\n\r\n" +
		"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nX-Trailer: t\r\n\r\n" +
		"GET /json HTTP/1.1\r\nHost: x\r\n\r\n" +
		"GET /json HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx" +
		"GET /json HTTP/1.1\r\nHost: x\r\n\r\n"
	resps, bodies, closed := exchange(t, c, []byte(raw), 2*time.Second)
	want := []string{"slept 50 ms\n", "received 3 bytes\n", `{"message":"Hello, World!"}`}
	if len(resps) != 4 || !closed {
		t.Fatalf("%d responses (%s), closed %v; want 3 answers, then a 400 for the repeated Content-Length and a close", len(resps), statuses(resps), closed)
	}
	for i, w := range want {
		if bodies[i] != w {
			t.Errorf("response %d: %q, want %q", i, bodies[i], w)
		}
	}
	if resps[3].StatusCode != 400 {
		t.Errorf("fourth response %d, want 400", resps[3].StatusCode)
	}
}

// TestServer_PipeliningSplit: the same pipelined stream, with a bad
// request in it, arriving in pieces of every size, gets the same answers
// as when it arrives at once: however the reads fall, bytes of a head are
// held back until the head is whole, and nothing past the bad request
// reaches the application.
func TestServer_PipeliningSplit(t *testing.T) {
	t.Parallel()
	ts := startServer(t, app.Handler())
	raw := "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nX-Trailer: t\r\n\r\n" +
		"GET /json HTTP/1.1\r\nHost: x\r\nUser-Agent: " + strings.Repeat("a", 700) + "\r\n\r\n" +
		"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" +
		"GET /json HTTP/1.1\nHost: x\n\n" + // bare LFs: net/http would take it, the checker does not
		"GET /json HTTP/1.1\r\nHost: x\r\n\r\n"
	want := []string{"200 received 3 bytes\n", `200 {"message":"Hello, World!"}`, "200 received 5 bytes\n",
		"400 Bad Request: request line ends with a bare LF (CRLF required)\n"} // the checker's answer, not net/http's
	for _, size := range []int{1, 5, 17, 64, 333, 600, len(raw)} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			t.Parallel()
			c := ts.dial(t)
			if tc, ok := c.(*net.TCPConn); ok {
				tc.SetNoDelay(true)
			}
			go func() {
				for i := 0; i < len(raw); i += size {
					if _, err := io.WriteString(c, raw[i:min(i+size, len(raw))]); err != nil {
						return // the server closed after the 400
					}
					time.Sleep(time.Millisecond)
				}
			}()
			resps, bodies, closed := exchange(t, c, nil, 5*time.Second)
			var got []string
			for i, r := range resps {
				got = append(got, strconv.Itoa(r.StatusCode)+" "+bodies[i])
			}
			if !slices.Equal(got, want) || !closed {
				t.Errorf("pieces of %d bytes: %q, closed %v; want %q and a close", size, got, closed, want)
			}
		})
	}
}

// TestServer_ChunkedBodyBrokenLate: a chunked body whose framing breaks
// after the handler started reading it; the handler's read fails and the
// client gets the handler's 400.
func TestServer_ChunkedBodyBrokenLate(t *testing.T) {
	t.Parallel()
	ts := startServer(t, app.Handler())
	c := ts.dial(t)
	io.WriteString(c, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
	time.Sleep(100 * time.Millisecond) // the head and first chunk went on
	resps, bodies, closed := exchange(t, c, []byte("zz\r\n"), 2*time.Second)
	if len(resps) != 1 || resps[0].StatusCode != 400 || !strings.Contains(bodies[0], "chunk") || !closed {
		t.Errorf("%d responses %s %q closed=%v", len(resps), statuses(resps), bodies, closed)
	}
}

// TestServer_Upgrade: after a hijacked Upgrade the bytes are the handler's,
// unchecked; after an Upgrade the handler declined, checking goes on.
func TestServer_Upgrade(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "echo" || r.URL.Path != "/up" {
			w.Write([]byte("plain " + r.URL.Path))
			return
		}
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
		brw.Flush()
		line, _ := brw.ReadString('\n')
		brw.WriteString("echo:" + line)
		brw.Flush()
	})
	ts := startServer(t, h)

	c := ts.dial(t)
	io.WriteString(c, "GET /up HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
	br := bufio.NewReader(c)
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != 101 {
		t.Fatalf("upgrade: %v %v", resp, err)
	}
	io.WriteString(c, "\x00not http at all\r\n") // would be refused as a request
	line, err := br.ReadString('\n')
	if err != nil || line != "echo:\x00not http at all\r\n" {
		t.Errorf("after the upgrade: %q, %v", line, err)
	}

	c2 := ts.dial(t)
	resps, bodies, _ := exchange(t, c2, []byte("GET /other HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\nGET /bad HTTP/1.1\r\n\r\n"), 2*time.Second)
	if len(resps) != 3 || bodies[0] != "plain /other" || bodies[1] != "plain /next" || resps[2].StatusCode != 400 {
		t.Errorf("declined upgrade: %s %q", statuses(resps), bodies)
	}
}

func TestServer_TLS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	certFile, keyFile := writeCert(t, dir)
	ts := startServer(t, app.Handler(), "--certfile", certFile, "--keyfile", keyFile)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := client.Get("https://" + ts.addr() + "/echo")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e app.Echo
	json.NewDecoder(resp.Body).Decode(&e)
	if e.Scheme != "https" || resp.TLS == nil {
		t.Errorf("over TLS the handler saw scheme %q", e.Scheme)
	}
	// A bad head over TLS is refused as over TCP.
	c, err := tls.Dial("tcp", ts.addr(), &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	resps, _, _ := exchange(t, c, []byte("GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n"), 2*time.Second)
	if len(resps) != 1 || resps[0].StatusCode != 400 {
		t.Errorf("bad head over TLS: %s", statuses(resps))
	}
}

// writeCert writes a self-signed certificate for 127.0.0.1.
func writeCert(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return certFile, keyFile
}

func TestServer_ProxyProtocol(t *testing.T) {
	t.Parallel()
	v1 := "PROXY TCP4 198.51.100.7 192.0.2.1 40000 80\r\n"
	req := "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n"
	t.Run("trusted", func(t *testing.T) {
		ts := startServer(t, app.Handler(), "--proxy-protocol")
		resps, bodies, _ := exchange(t, ts.dial(t), []byte(v1+req), time.Second)
		var e app.Echo
		if len(resps) == 1 {
			json.Unmarshal([]byte(bodies[0]), &e)
		}
		if e.RemoteAddr != "198.51.100.7:40000" {
			t.Errorf("PROXY v1 from a trusted peer: %s %q", statuses(resps), bodies)
		}
	})
	t.Run("untrusted", func(t *testing.T) {
		ts := startServer(t, app.Handler(), "--proxy-protocol", "--proxy-allow-from", "10.0.0.0/8")
		resps, _, _ := exchange(t, ts.dial(t), []byte(v1+req), time.Second)
		if len(resps) != 1 || resps[0].StatusCode != 400 {
			t.Errorf("a PROXY header from an untrusted peer must be refused as a bad request line: %s", statuses(resps))
		}
	})
	t.Run("off", func(t *testing.T) {
		ts := startServer(t, app.Handler())
		resps, _, _ := exchange(t, ts.dial(t), []byte(v1+req), time.Second)
		if len(resps) != 1 || resps[0].StatusCode != 400 {
			t.Errorf("without --proxy-protocol a PROXY line is a bad request: %s", statuses(resps))
		}
	})
}

func TestServer_AccessLog(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		format string
		check  func(line string) bool
	}{
		{DefaultAccessLogFormat, func(l string) bool {
			return strings.HasPrefix(l, "127.0.0.1 - - [") && strings.HasSuffix(l, `] "GET /json?x=1 HTTP/1.1" 200 27 "-" "Go-http-client/1.1"`)
		}},
		{"json", func(l string) bool {
			var m map[string]any
			return json.Unmarshal([]byte(l), &m) == nil && m["path"] == "/json" && m["status"] == float64(200) && m["remote_addr"] != nil
		}},
		{`%(h)s %(s)s %(M)s %({X-Test}i)s %({Content-Type}o)s`, func(l string) bool {
			f := strings.Fields(l)
			return len(f) == 5 && f[0] == "127.0.0.1" && f[1] == "200" && f[3] == "yes" && f[4] == "application/json"
		}},
	} {
		t.Run(tt.format, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "access.log")
			ts := startServer(t, app.Handler(), "--access-logfile", path, "--access-logformat", tt.format)
			get(t, "http://"+ts.addr()+"/json?x=1", map[string]string{"X-Test": "yes"})
			var line string
			waitFor(t, 2*time.Second, "access log line", func() bool {
				b, _ := os.ReadFile(path)
				line = strings.TrimSpace(string(b))
				return line != ""
			})
			if !tt.check(line) {
				t.Errorf("access log line %q", line)
			}
		})
	}
}

// TestServer_ServeFile: a file answer goes out whole (through sendfile
// where the connection allows it).
func TestServer_ServeFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := []byte(strings.Repeat("0123456789abcdef", 1<<16)) // 1 MiB
	os.WriteFile(filepath.Join(dir, "big.bin"), data, 0o644)
	ts := startServer(t, http.FileServer(http.Dir(dir)))
	resp, err := http.Get("http://" + ts.addr() + "/big.bin")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 || string(got) != string(data) {
		t.Errorf("file: status %d, %d bytes, %v", resp.StatusCode, len(got), err)
	}
}
