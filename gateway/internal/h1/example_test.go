package h1_test

import (
	"errors"
	"fmt"

	"github.com/goframe/goframe/gateway/internal/h1"
)

// A Checker sees the client's bytes before net/http does; only the first
// Safe() bytes may be handed on.
func ExampleChecker() {
	c := h1.NewChecker(h1.DefaultLimits())

	// A complete request and the start of a second one.
	stream := "POST /upload HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n\r\nhel" +
		"lo" + "GET /next HTTP/1.1\r\nHo"
	if _, err := c.Write([]byte(stream)); err != nil {
		fmt.Println(err)
	}
	fmt.Println("safe:", c.Safe(), "of", len(stream), "requests:", c.Requests())

	// The second head turns out to be invalid.
	_, err := c.Write([]byte("st: a\r\nHost: b\r\n\r\n"))
	var e *h1.Error
	if errors.As(err, &e) {
		off, headWasSafe := c.FailedAt()
		fmt.Println(e.Status, e.Kind, "at offset", off, "head was safe:", headWasSafe)
	}
	// Output:
	// safe: 68 of 90 requests: 1
	// 400 InvalidHeader at offset 68 head was safe: false
}

// After a CONNECT (or Upgrade) request the Checker holds: the bytes that
// follow may be a tunnel. Resume when the handler declined the connection,
// and write the held bytes again.
func ExampleChecker_Hold() {
	c := h1.NewChecker(h1.DefaultLimits())
	stream := []byte("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n\x16\x03\x01")
	// Here the handler either hijacks the connection, and the caller
	// passes stream[n:] and everything after it through unchecked, or it
	// declines, and the caller resumes and writes stream[n:] again.
	n, err := c.Write(stream)
	fmt.Println(n, err == h1.ErrHold, c.Hold(), c.Safe())

	// Output:
	// 59 true true 59
}

func ExampleParse() {
	reqs, err := h1.Parse([]byte("POST /p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"+
		"5;ext=1\r\nhello\r\n0\r\nChecksum: 42\r\n\r\n"), h1.DefaultLimits())
	fmt.Println(err)
	for _, r := range reqs {
		fmt.Printf("%s %s HTTP/%d.%d %q body=%q trailer=%q\n", r.Method, r.Target, r.Major, r.Minor, r.Header, r.Body, r.Trailer)
	}
	// Output:
	// <nil>
	// POST /p HTTP/1.1 [["Host" "a"] ["Transfer-Encoding" "chunked"]] body="hello" trailer=[["Checksum" "42"]]
}
