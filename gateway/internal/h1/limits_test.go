package h1_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/goframe/goframe/gateway/internal/h1"
)

// requestLineOf returns a request line (CRLF excluded) of exactly n bytes.
func requestLineOf(n int) string {
	const pre, post = "GET /", " HTTP/1.1"
	return pre + strings.Repeat("a", n-len(pre)-len(post)) + post
}

// fieldLineOf returns a field line of exactly n bytes, CRLF included.
func fieldLineOf(n int) string {
	return "X: " + strings.Repeat("v", n-5) + "\r\n"
}

func TestLimits(t *testing.T) {
	def := h1.DefaultLimits()
	custom := h1.Limits{RequestLine: 100, Fields: 3, FieldSize: 50}
	fields := func(n int) string {
		var b strings.Builder
		b.WriteString("Host: a\r\n")
		for i := 1; i < n; i++ {
			fmt.Fprintf(&b, "X-%d: %d\r\n", i, i)
		}
		return b.String()
	}
	tests := []struct {
		name   string
		limits h1.Limits
		raw    string
		status int
		kind   string
	}{
		{"request line at default", def, requestLineOf(4094) + "\r\nHost: a\r\n\r\n", 0, ""},
		{"request line over default", def, requestLineOf(4095) + "\r\nHost: a\r\n\r\n", 400, h1.KindLimitRequestLine},
		{"request line at custom", custom, requestLineOf(100) + "\r\nHost: a\r\n\r\n", 0, ""},
		{"request line over custom", custom, requestLineOf(101) + "\r\nHost: a\r\n\r\n", 400, h1.KindLimitRequestLine},
		{"request line unlimited", h1.Limits{}, requestLineOf(200000) + "\r\nHost: a\r\n\r\n", 0, ""},
		{"request line over MaxLineBytes", h1.Limits{}, requestLineOf(h1.MaxLineBytes+1) + "\r\nHost: a\r\n\r\n", 400, h1.KindLimitRequestLine},
		{"field at default", def, "GET / HTTP/1.1\r\nHost: a\r\n" + fieldLineOf(8190) + "\r\n", 0, ""},
		{"field over default", def, "GET / HTTP/1.1\r\nHost: a\r\n" + fieldLineOf(8191) + "\r\n", 431, h1.KindLimitRequestHeaders},
		{"field at custom", custom, "GET / HTTP/1.1\r\nHost: a\r\n" + fieldLineOf(50) + "\r\n", 0, ""},
		{"field over custom", custom, "GET / HTTP/1.1\r\nHost: a\r\n" + fieldLineOf(51) + "\r\n", 431, h1.KindLimitRequestHeaders},
		{"field unlimited", h1.Limits{}, "GET / HTTP/1.1\r\nHost: a\r\n" + fieldLineOf(300000) + "\r\n", 0, ""},
		{"fields at default", def, "GET / HTTP/1.1\r\n" + fields(100) + "\r\n", 0, ""},
		{"fields over default", def, "GET / HTTP/1.1\r\n" + fields(101) + "\r\n", 431, h1.KindLimitRequestHeaders},
		{"fields at custom", custom, "GET / HTTP/1.1\r\n" + fields(3) + "\r\n", 0, ""},
		{"fields over custom", custom, "GET / HTTP/1.1\r\n" + fields(4) + "\r\n", 431, h1.KindLimitRequestHeaders},
		{"fields 0 means 32768", h1.Limits{Fields: 0}, "GET / HTTP/1.1\r\n" + fields(32768) + "\r\n", 0, ""},
		{"fields over 32768", h1.Limits{Fields: 0}, "GET / HTTP/1.1\r\n" + fields(32769) + "\r\n", 431, h1.KindLimitRequestHeaders},
		{"negative means default", h1.Limits{RequestLine: -1, Fields: -1, FieldSize: -1}, requestLineOf(4095) + "\r\n\r\n", 400, h1.KindLimitRequestLine},
		{"trailers count as fields", custom, te[:len(te)-2] + "\r\n0\r\nT: 1\r\n\r\n", 0, ""},
		{"trailers over fields", custom, te[:len(te)-2] + "\r\n0\r\nT: 1\r\nU: 2\r\n\r\n", 431, h1.KindLimitRequestHeaders},
		{"trailer over field size", custom, te + "0\r\n" + fieldLineOf(51) + "\r\n", 431, h1.KindLimitRequestHeaders},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h1.Parse([]byte(tt.raw), tt.limits)
			var e *h1.Error
			switch {
			case tt.status == 0 && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tt.status != 0 && (!errors.As(err, &e) || e.Status != tt.status || e.Kind != tt.kind):
				t.Fatalf("got %v, want %d %s", err, tt.status, tt.kind)
			}
		})
	}
}

// TestLimitWithoutNewline checks that an overlong line is refused while it
// streams in, without waiting for its end.
func TestLimitWithoutNewline(t *testing.T) {
	tests := []struct {
		name   string
		limits h1.Limits
		prefix string
		max    int // the line's bytes (without LF) when the error must come
		safe   int64
	}{
		{"request line", h1.DefaultLimits(), "", h1.DefaultLimitRequestLine + 2, 0},
		{"request line unlimited", h1.Limits{}, "", h1.MaxLineBytes + 2, 0},
		{"field line", h1.DefaultLimits(), "GET / HTTP/1.1\r\n", h1.DefaultLimitRequestFieldSize, 0},
		{"chunk-size line", h1.DefaultLimits(), te, 4094 + 2, int64(len(te))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := h1.NewChecker(tt.limits)
			if _, err := c.Write([]byte(tt.prefix)); err != nil {
				t.Fatal(err)
			}
			chunk := []byte(strings.Repeat("a", 1000))
			sent := 0
			var err error
			for sent < 4<<20 && err == nil {
				_, err = c.Write(chunk)
				sent += len(chunk)
			}
			if err == nil {
				t.Fatalf("no error after %d bytes without LF", sent)
			}
			if sent < tt.max || sent >= tt.max+len(chunk) {
				t.Fatalf("error %v after %d bytes, want it at the write reaching %d", err, sent, tt.max)
			}
			if c.Safe() != tt.safe {
				t.Fatalf("Safe %d, want %d", c.Safe(), tt.safe)
			}
		})
	}
}

func TestMaxHeadBytes(t *testing.T) {
	if got, want := h1.DefaultLimits().MaxHeadBytes(), int64(4+4094+2+100*8190+2); got != want {
		t.Fatalf("MaxHeadBytes() = %d, want %d", got, want)
	}
	// The largest head the defaults allow is accepted, and has that size
	// minus the 4 bytes of tolerated empty lines.
	var b strings.Builder
	b.WriteString(requestLineOf(4094) + "\r\nHost: " + strings.Repeat("h", 8190-8) + "\r\n")
	for i := 1; i < 100; i++ {
		b.WriteString(fieldLineOf(8190))
	}
	b.WriteString("\r\n")
	if _, err := h1.Parse([]byte(b.String()), h1.DefaultLimits()); err != nil {
		t.Fatal(err)
	}
	if int64(b.Len()) != h1.DefaultLimits().MaxHeadBytes()-4 {
		t.Fatalf("largest head %d bytes", b.Len())
	}
}
