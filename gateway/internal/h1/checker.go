// Package h1 validates HTTP/1.1 request streams strictly (RFC 9112) before
// net/http parses them.
//
// A Checker is fed every byte a client sends on one connection. It tells
// the caller how many of those bytes are safe to pass on to net/http (Safe):
// complete, valid request heads and the body bytes validated after them.
// Everything it accepts, net/http's server reads identically (same method,
// target, version, fields, body, trailers and request count); whatever
// net/http would read differently, or refuse itself, is refused. The tests
// check this against net/http on Gunicorn's request corpus, on our own
// cases, and under fuzzing.
//
// What is refused, besides syntax errors: HTTP/1.1 without exactly one Host
// field; a repeated singleton field (Host, Content-Length, Content-Type,
// Authorization, Range...); Content-Length with Transfer-Encoding; any
// Transfer-Encoding but a single "chunked" (501, or 400 when chunked is not
// final or repeated); obs-fold; bare LF or CR; empty lines before a request
// line except the two net/http skips after a POST; request-targets net/url
// refuses; chunk lines and trailer sections longer than net/http's 4 KiB
// buffer; framing, routing and authentication fields in trailers; an Expect
// other than 100-continue (417, as net/http).
//
// After a request that closes the connection (Connection: close, or
// HTTP/1.0 without keep-alive) the Checker is Done and ignores the rest of
// the stream, which net/http never reads. After a CONNECT or Upgrade
// request it holds (see Checker.Hold).
package h1

import "bytes"

// Write states.
const (
	stLine      uint8 = iota // collecting a line; phase says which kind
	stBody                   // Content-Length body bytes
	stChunkData              // chunk data bytes
	stChunkCR                // CR after chunk data
	stChunkLF                // LF after chunk data
	stHold                   // after a CONNECT/Upgrade message, until Resume
	stDone                   // after a message that closes the connection
	stFailed
)

// Line kinds.
const (
	phRequest   uint8 = iota // request line, or an empty line before it
	phField                  // header field line
	phChunkSize              // chunk-size line
	phTrailer                // trailer field line
)

const (
	// maxChunkLine is the longest chunk-size line (CRLF excluded) net/http
	// reads: its chunked reader needs the line and CRLF in its 4096-byte
	// bufio buffer.
	maxChunkLine = 4094
	// maxTrailerSection is the longest trailer section net/http reads,
	// final CRLF included: it must find the CRLF CRLF inside its 4096-byte
	// bufio buffer.
	maxTrailerSection = 4096
	// maxChunkSize bounds one chunk; net/http's overhead accounting
	// overflows for sizes near 1<<62.
	maxChunkSize = 1 << 60
	// maxExcess is net/http's bound on chunk-framing overhead.
	maxExcess = 16 * 1024
	// maxBlankLines is how many empty lines net/http skips before a request
	// line, and only after a POST request (it discards up to 4 CR or LF).
	maxBlankLines = 2
	// keepLineBuffer is the largest line buffer Reset keeps for reuse.
	keepLineBuffer = 64 << 10
)

// Checker is a streaming validator of one connection's request stream.
// The zero value is not usable: create one with NewChecker. A Checker is
// not safe for concurrent use.
type Checker struct {
	lim   limits
	state uint8
	phase uint8

	off       int64 // stream bytes consumed
	safe      int64
	reqStart  int64 // first byte of the current request
	nreq      int
	headSafe  bool // the current request's head was declared safe
	err       *Error
	closeHold bool // when Resume ends a hold: close (stDone) instead of continuing
	blankOK   int  // empty lines still tolerated before the request line

	line []byte // partial line carried between Writes

	// Current request.
	req       reqState
	remaining int64 // body or chunk bytes still expected
	excess    int64 // net/http's chunk overhead accounting
	trailerN  int   // trailer section bytes so far

	obs observer // nil except in Parse
	// hostOptional disables the Host requirement; tests only.
	hostOptional bool
}

// reqState is the state of the request being read, reset per request.
type reqState struct {
	major, minor  uint8
	connect       bool
	options       bool
	post          bool
	nfields       int
	seen          uint32 // bit per singleton field id already seen
	hosts         int
	hasCL         bool
	cl            int64
	teFields      int
	teExact       bool // the only TE field value is exactly "chunked"
	teChunked     bool // some TE element is chunked
	teNotLast     bool // some TE element follows a chunked element
	chunked       bool
	upgrade       bool
	connClose     bool
	connKeepAlive bool
}

// observer receives what a Checker validated; Parse uses it.
type observer interface {
	requestLine(method, target []byte, major, minor int)
	field(name, value []byte, trailer bool)
	body(p []byte)
	messageEnd()
}

// NewChecker returns a Checker for a new connection.
func NewChecker(l Limits) *Checker {
	c := &Checker{}
	c.Reset(l)
	return c
}

// Reset prepares c for a new connection with limits l, keeping its line
// buffer, so that Checkers can be pooled (sync.Pool).
func (c *Checker) Reset(l Limits) {
	line := c.line[:0]
	if cap(line) > keepLineBuffer {
		line = nil
	}
	*c = Checker{lim: l.normalize(), line: line}
}

// Safe is how many bytes of the stream, counted from the start of the
// connection, may be passed on to net/http now: everything up to the end of
// the last complete and valid request head, plus the body bytes validated
// after it. Bytes of an incomplete head are never safe; neither is a trailer
// section before its final CRLF, so that the handler cannot see the end of
// a body whose trailers are still unvalidated. After an error Safe no longer
// grows.
func (c *Checker) Safe() int64 { return c.safe }

// Requests is the number of complete, valid request heads seen so far.
func (c *Checker) Requests() int { return c.nreq }

// Err returns the protocol error the Checker failed with, or nil.
func (c *Checker) Err() error {
	if c.err == nil {
		return nil
	}
	return c.err
}

// FailedAt, after an error, is the stream offset of the first byte of the
// failing request (any empty lines before its request line included), so
// that the caller can pass everything before it on and substitute the rest;
// headWasSafe reports that the failing request's head had already been
// declared safe (the error is in its body or trailers). Before an error it
// returns (-1, false).
func (c *Checker) FailedAt() (offset int64, headWasSafe bool) {
	if c.err == nil {
		return -1, false
	}
	return c.reqStart, c.headSafe
}

// Hold reports that the last complete message asked to leave HTTP (method
// CONNECT, or an Upgrade header field): the bytes after it may not be HTTP
// at all. While Hold is true the Checker consumes nothing: Write returns
// ErrHold without consuming any byte, and Safe stays at the end of that
// message. The caller keeps the unconsumed bytes. If the handler takes the
// connection over, the caller stops using the Checker and passes the bytes
// through; if the handler finishes without taking it over, the caller calls
// Resume and writes those same bytes again.
func (c *Checker) Hold() bool { return c.state == stHold }

// Resume ends a hold (see Hold): the Checker continues with the next byte
// after the held message. If that message also asked to close the
// connection, the Checker goes Done instead. Resume does nothing unless Hold
// is true.
func (c *Checker) Resume() {
	if c.state != stHold {
		return
	}
	if c.closeHold {
		c.state = stDone
	} else {
		c.state = stLine
	}
}

// Done reports that the last complete message is the last one net/http
// reads from this connection: it carried "Connection: close", or it was
// HTTP/1.0 without "Connection: keep-alive". Write then consumes and ignores
// everything (it is never safe, never validated).
func (c *Checker) Done() bool { return c.state == stDone }

// Finish reports whether the client may end the stream at this point: nil
// at a message boundary (or while Hold or Done), else the Checker fails
// with a NoMoreData error (400), which it returns.
func (c *Checker) Finish() error {
	switch c.state {
	case stFailed:
		return c.err
	case stDone, stHold:
		return nil
	case stLine:
		if c.phase == phRequest && len(c.line) == 0 {
			return nil
		}
	}
	where := "request head"
	if c.headSafe {
		where = "request body"
	}
	return c.fail(newError(400, KindNoMoreData, "stream ended inside a %s", where))
}

// Write consumes the next bytes of the client's stream; any split of the
// stream gives the same results. It returns:
//
//   - len(p), nil: all of p was consumed (and validated as far as it goes);
//   - n, ErrHold: the first n bytes of p were consumed and end a message
//     after which the Checker holds (see Hold); p[n:] was not consumed;
//   - n, *Error: a protocol error, the first one in the stream; n is the
//     number of bytes consumed before it was detected. The Checker stays
//     failed: later Writes return 0 and the same error.
func (c *Checker) Write(p []byte) (int, error) {
	if c.state == stFailed {
		return 0, c.err
	}
	total := len(p)
	for len(p) > 0 {
		switch c.state {
		case stLine:
			i := bytes.IndexByte(p, '\n')
			if i < 0 {
				if err := c.partialLine(p); err != nil {
					return total - len(p), err
				}
				c.off += int64(len(p))
				return total, nil
			}
			if err := c.endLine(p[:i]); err != nil {
				return total - len(p), err
			}
			p = p[i+1:]
		case stBody, stChunkData:
			n := len(p)
			if int64(n) > c.remaining {
				n = int(c.remaining)
			}
			if c.obs != nil {
				c.obs.body(p[:n])
			}
			c.off += int64(n)
			c.safe = c.off
			c.remaining -= int64(n)
			p = p[n:]
			if c.remaining == 0 {
				if c.state == stBody {
					c.messageEnd()
				} else {
					c.state = stChunkCR
				}
			}
		case stChunkCR, stChunkLF:
			want := byte('\r')
			if c.state == stChunkLF {
				want = '\n'
			}
			if p[0] != want {
				return total - len(p), c.fail(newError(400, KindChunkMissingTerminator,
					"chunk data not followed by CRLF (got %s)", qbyte(p[0])))
			}
			c.off++
			p = p[1:]
			if c.state == stChunkCR {
				c.state = stChunkLF
			} else {
				c.safe = c.off
				c.state = stLine
				c.phase = phChunkSize
			}
		case stHold:
			return total - len(p), ErrHold
		case stDone:
			c.off += int64(len(p))
			return total, nil
		default:
			return total - len(p), c.err
		}
	}
	if c.state == stHold {
		return total, ErrHold
	}
	return total, nil
}

// lineMax is the longest content (CRLF excluded) of the current line kind.
func (c *Checker) lineMax() int {
	switch c.phase {
	case phRequest:
		return c.lim.line
	case phField:
		return c.lim.field
	case phChunkSize:
		return maxChunkLine
	default:
		return min(c.lim.field, max(maxTrailerSection-4-c.trailerN, 0))
	}
}

// tooLong is the error for a line longer than lineMax.
func (c *Checker) tooLong() *Error {
	switch c.phase {
	case phRequest:
		return newError(400, KindLimitRequestLine,
			"Request Line is too large (more than %d bytes)", c.lim.line)
	case phField:
		return newError(431, KindLimitRequestHeaders,
			"header field line is too large (more than %d bytes with CRLF)", c.lim.field+2)
	case phChunkSize:
		return newError(400, KindInvalidChunkSize,
			"chunk-size line is too large (more than %d bytes)", maxChunkLine)
	default:
		if c.lim.field < maxTrailerSection-4-c.trailerN {
			return newError(431, KindLimitRequestHeaders,
				"trailer field line is too large (more than %d bytes with CRLF)", c.lim.field+2)
		}
		return newError(431, KindLimitRequestHeaders,
			"trailer section is too large (more than %d bytes)", maxTrailerSection)
	}
}

// partialLine takes p, which holds no LF, as the continuation of the
// current line. A line is too long once its bytes without LF reach
// lineMax+2: its content is then longer than lineMax whatever follows.
func (c *Checker) partialLine(p []byte) error {
	if len(c.line)+len(p) >= c.lineMax()+2 {
		return c.fail(c.tooLong())
	}
	c.line = append(c.line, p...)
	return nil
}

// endLine completes the current line with p, the bytes before its LF, and
// consumes them and the LF.
func (c *Checker) endLine(p []byte) error {
	n := len(c.line) + len(p)
	var last byte
	if len(p) > 0 {
		last = p[len(p)-1]
	} else if len(c.line) > 0 {
		last = c.line[len(c.line)-1]
	}
	content := n
	if last == '\r' {
		content--
	}
	if content > c.lineMax() {
		return c.fail(c.tooLong())
	}
	line := p
	if len(c.line) > 0 {
		c.line = append(c.line, p...)
		line = c.line
	}
	c.off += int64(len(p)) + 1
	if last != '\r' {
		c.line = c.line[:0]
		return c.fail(c.bareLF())
	}
	line = line[:content]
	var err *Error
	switch c.phase {
	case phRequest:
		err = c.requestLine(line)
	case phField:
		err = c.fieldLine(line)
	case phChunkSize:
		err = c.chunkSizeLine(line)
	default:
		err = c.trailerLine(line)
	}
	c.line = c.line[:0]
	if err != nil {
		return c.fail(err)
	}
	return nil
}

func (c *Checker) bareLF() *Error {
	switch c.phase {
	case phRequest:
		return errRequestLine("request line ends with a bare LF (CRLF required)")
	case phChunkSize:
		return newError(400, KindInvalidChunkSize, "chunk-size line ends with a bare LF (CRLF required)")
	default:
		return errHeader("field line ends with a bare LF (CRLF required)")
	}
}

func (c *Checker) fail(e *Error) *Error {
	if c.err == nil {
		c.err = e
		c.state = stFailed
	}
	return c.err
}

// headEnd is called at the empty line ending a valid head's field lines.
func (c *Checker) headEnd() *Error {
	if err := c.framing(); err != nil {
		return err
	}
	r := &c.req
	if r.hosts == 0 && r.minor == 1 && !c.hostOptional {
		return errHeader("HTTP/1.1 request without a Host header field")
	}
	c.nreq++
	c.safe = c.off
	c.headSafe = true
	switch {
	case r.chunked:
		c.phase = phChunkSize
		c.excess = 0
	case r.cl > 0:
		c.state = stBody
		c.remaining = r.cl
	default:
		c.messageEnd()
	}
	return nil
}

// messageEnd is called when the current message is complete and valid.
func (c *Checker) messageEnd() {
	if c.obs != nil {
		c.obs.messageEnd()
	}
	r := &c.req
	c.safe = c.off
	c.reqStart = c.off
	c.headSafe = false
	c.blankOK = 0
	if r.post {
		c.blankOK = maxBlankLines
	}
	// net/http's shouldClose for requests.
	closing := r.connClose || r.minor == 0 && !r.connKeepAlive
	hold := r.connect || r.upgrade
	c.req = reqState{}
	c.state = stLine
	c.phase = phRequest
	switch {
	case hold:
		c.state = stHold
		c.closeHold = closing
	case closing:
		c.state = stDone
	}
}
