package gateway

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestServer_ClientGoneCancelsRequest: a client that closes its connection
// while its request runs has the request's context cancelled, with either
// engine (net/http through its background read, goframe through the
// reaper's peek).
func TestServer_ClientGoneCancelsRequest(t *testing.T) {
	requests := []struct{ name, raw string }{
		{"GET", "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"},
		// The handler reads the body first: the watch starts after it.
		{"POST read", "POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"},
	}
	for _, engine := range []string{"goframe", "net/http"} {
		for _, req := range requests {
			t.Run(engine+"/"+req.name, func(t *testing.T) {
				started := make(chan struct{})
				result := make(chan error, 1)
				h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					io.ReadAll(r.Body)
					close(started)
					select {
					case <-r.Context().Done():
						result <- r.Context().Err()
					case <-time.After(10 * time.Second):
						result <- nil
					}
				})
				ts := startServer(t, h, "--engine", engine)
				c := ts.dial(t)
				if _, err := c.Write([]byte(req.raw)); err != nil {
					t.Fatal(err)
				}
				<-started
				gone := time.Now()
				c.Close()
				select {
				case err := <-result:
					if err == nil {
						t.Fatal("the handler's context was not cancelled after the client left")
					}
					// The reaper looks every 200 ms at the default
					// --keep-alive 2 s: allow a few rounds on a busy machine.
					if d := time.Since(gone); d > 3*time.Second {
						t.Errorf("cancelled %s after the client left", d)
					}
				case <-time.After(12 * time.Second):
					t.Fatal("the handler did not return")
				}
			})
		}
	}
}

// TestServer_ClientStillThereKeepsRequest: a request whose client waits
// (or half-sends a pipelined request) is not cancelled by the reaper.
func TestServer_ClientStillThereKeepsRequest(t *testing.T) {
	result := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
			result <- r.Context().Err()
		case <-time.After(700 * time.Millisecond):
			result <- nil
		}
		w.Write([]byte("done"))
	})
	ts := startServer(t, h, "--engine", "goframe", "--keep-alive", "1")
	c := ts.dial(t)
	defer c.Close()
	// The second request waits pipelined behind the first.
	if _, err := c.Write([]byte("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	if err := <-result; err != nil {
		t.Fatalf("first request cancelled while its client waited: %v", err)
	}
	if err := <-result; err != nil {
		t.Fatalf("second request cancelled while its client waited: %v", err)
	}
}

// TestPeerGone peeks at real sockets: nothing waiting, bytes waiting, the
// peer closed.
func TestPeerGone(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	client, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	wrapped := &limitConn{Conn: server, lim: newConnLimit(1)}
	if peerGone(wrapped) {
		t.Fatal("an open, quiet connection is not gone")
	}
	client.Write([]byte("x"))
	time.Sleep(50 * time.Millisecond)
	if peerGone(wrapped) {
		t.Fatal("a connection with bytes waiting is not gone")
	}
	buf := make([]byte, 1)
	if _, err := server.Read(buf); err != nil {
		t.Fatal(err)
	}
	client.Close()
	time.Sleep(50 * time.Millisecond)
	if !peerGone(wrapped) {
		t.Fatal("a connection its peer closed is gone")
	}
}

// TestServer_ClientDoneSendingKeepsRequest: a client that sent its whole
// request and closed its writing side still waits for the answer when
// what it sent is not read yet — a body the handler has not read, or a
// pipelined request behind this one. net/http does not cancel the first
// (its read ahead starts after the body); it does cancel the second (its
// read ahead finds the end of the stream behind the pipelined request it
// already buffered). The goframe engine cancels neither.
func TestServer_ClientDoneSendingKeepsRequest(t *testing.T) {
	cases := []struct {
		name, raw string
		engines   []string
	}{
		{"unread body", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", []string{"goframe", "net/http"}},
		{"pipelined request", "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n", []string{"goframe"}},
	}
	for _, tc := range cases {
		for _, engine := range tc.engines {
			t.Run(engine+"/"+tc.name, func(t *testing.T) {
				result := make(chan error, 2)
				h := waitOnA(result)
				ts := startServer(t, h, "--engine", engine, "--keep-alive", "1")
				c := ts.dial(t)
				defer c.Close()
				if _, err := c.Write([]byte(tc.raw)); err != nil {
					t.Fatal(err)
				}
				c.(*net.TCPConn).CloseWrite()
				if err := <-result; err != nil {
					t.Fatalf("the request was cancelled while its client waited for the answer: %v", err)
				}
			})
		}
	}
}

// TestServer_WatchEndsWithTheRequest: the server reads a body its handler
// left after the handler (to go on with the connection); the watch that
// reading starts must not carry over to the next request, whose body is
// unread when its client has finished sending.
func TestServer_WatchEndsWithTheRequest(t *testing.T) {
	result := make(chan error, 1)
	h := waitOnA(result)
	ts := startServer(t, h, "--engine", "goframe", "--keep-alive", "1")
	c := ts.dial(t)
	defer c.Close()
	br := bufio.NewReader(c)
	// The first handler leaves its body unread: the server reads it.
	if _, err := c.Write([]byte("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if _, err := c.Write([]byte("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")); err != nil {
		t.Fatal(err)
	}
	c.(*net.TCPConn).CloseWrite()
	if err := <-result; err != nil {
		t.Fatalf("the second request was cancelled while its client waited for the answer: %v", err)
	}
}

// waitOnA answers every request with "done"; on /a it first waits 700 ms
// or until the request's context ends, and sends the context's error (nil
// when it was not cancelled) to result.
func waitOnA(result chan<- error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/a" {
			select {
			case <-r.Context().Done():
			case <-time.After(700 * time.Millisecond):
			}
			result <- r.Context().Err()
		}
		w.Write([]byte("done"))
	})
}
