package h1_test

import (
	"errors"
	"testing"

	"github.com/goframe/goframe/gateway/internal/h1"
)

func TestHold(t *testing.T) {
	const (
		connect   = "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"
		websocket = "GET /chat HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
			"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
		upgradeBody  = "POST /up HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nContent-Length: 4\r\n\r\nbody"
		upgradeClose = "GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: close\r\n\r\n"
		tls          = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not HTTP at all\n\x00"
	)
	tests := []struct {
		name    string
		message string
		after   string // bytes after the held message
		// after Resume and feeding after again:
		requests int
		err      string // Kind, "" for none
		done     bool
	}{
		{"CONNECT tunnel declined, garbage follows", connect, tls, 1, h1.KindInvalidRequestLine, false},
		{"CONNECT declined, next request", connect, get, 2, "", false},
		{"websocket declined, next request", websocket, get, 2, "", false},
		{"Upgrade with body", upgradeBody, get, 2, "", false},
		{"Upgrade with Connection: close", upgradeClose, tls, 1, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := h1.NewChecker(h1.DefaultLimits())
			stream := []byte(tt.message + tt.after)
			n, err := c.Write(stream)
			if !errors.Is(err, h1.ErrHold) || n != len(tt.message) {
				t.Fatalf("Write = %d, %v; want %d, ErrHold", n, err, len(tt.message))
			}
			if !c.Hold() || c.Safe() != int64(len(tt.message)) || c.Requests() != 1 {
				t.Fatalf("Hold %v Safe %d Requests %d", c.Hold(), c.Safe(), c.Requests())
			}
			// While held nothing is consumed, not even an empty write.
			for _, p := range [][]byte{stream[n:], nil, []byte("GET")} {
				if m, err := c.Write(p); m != 0 || !errors.Is(err, h1.ErrHold) {
					t.Fatalf("Write during hold = %d, %v", m, err)
				}
			}
			if c.Safe() != int64(len(tt.message)) {
				t.Fatalf("Safe moved during hold: %d", c.Safe())
			}
			// The handler declined the connection: resume and re-feed,
			// one byte at a time this time.
			c.Resume()
			if c.Hold() {
				t.Fatal("still held after Resume")
			}
			var werr error
			for i := n; i < len(stream) && werr == nil; i++ {
				_, werr = c.Write(stream[i : i+1])
			}
			if werr == nil {
				werr = c.Finish()
			}
			if c.Requests() != tt.requests || c.Done() != tt.done {
				t.Fatalf("Requests %d Done %v; want %d %v", c.Requests(), c.Done(), tt.requests, tt.done)
			}
			var e *h1.Error
			switch {
			case tt.err == "" && werr != nil:
				t.Fatalf("unexpected error %v", werr)
			case tt.err != "" && (!errors.As(werr, &e) || e.Kind != tt.err):
				t.Fatalf("got %v, want %s", werr, tt.err)
			}
			if tt.err != "" {
				if off, headSafe := c.FailedAt(); off != int64(len(tt.message)) || headSafe {
					t.Fatalf("FailedAt = %d, %v; want %d, false", off, headSafe, len(tt.message))
				}
			}
		})
	}
}

func TestHoldAtWriteBoundary(t *testing.T) {
	c := h1.NewChecker(h1.DefaultLimits())
	// The hold starts exactly at the end of this Write: it still reports it.
	msg := []byte("CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n")
	if n, err := c.Write(msg[:10]); n != 10 || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if n, err := c.Write(msg[10:]); n != len(msg)-10 || !errors.Is(err, h1.ErrHold) {
		t.Fatalf("Write = %d, %v; want %d, ErrHold", n, err, len(msg)-10)
	}
	c.Resume()
	c.Resume() // no-op when not held
	if c.Hold() || c.Done() {
		t.Fatal("Resume twice")
	}
	if n, err := c.Write([]byte(get)); n != len(get) || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if c.Requests() != 2 || c.Safe() != int64(len(msg)+len(get)) {
		t.Fatalf("Requests %d Safe %d", c.Requests(), c.Safe())
	}
}

func TestDone(t *testing.T) {
	for _, head := range []string{
		"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
		"GET / HTTP/1.0\r\n\r\n",
		"GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n",
	} {
		c := h1.NewChecker(h1.DefaultLimits())
		garbage := "\x00\x01 whatever\n"
		if n, err := c.Write([]byte(head + garbage)); n != len(head)+len(garbage) || err != nil {
			t.Fatalf("%q: Write = %d, %v", head, n, err)
		}
		if !c.Done() || c.Safe() != int64(len(head)) || c.Finish() != nil {
			t.Fatalf("%q: Done %v Safe %d", head, c.Done(), c.Safe())
		}
	}
}
