package httpd

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httputil"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// readTransfer sets req's body, ContentLength, TransferEncoding and
// Trailer from its framing headers (net/http's readTransfer for a
// request).
func readTransfer(req *http.Request, r *bufio.Reader) error {
	chunked := false
	if raw, present := req.Header["Transfer-Encoding"]; present {
		delete(req.Header, "Transfer-Encoding")
		// Transfer-Encoding is ignored on HTTP/1.0 requests (as
		// net/http does; the gateway's checker refuses it first).
		if req.ProtoAtLeast(1, 1) {
			if len(raw) != 1 {
				return &unsupportedTEError{fmt.Sprintf("too many transfer encodings: %q", raw)}
			}
			if !strings.EqualFold(raw[0], "chunked") {
				return &unsupportedTEError{fmt.Sprintf("unsupported transfer encoding: %q", raw[0])}
			}
			chunked = true
		}
	}
	realLength, err := fixLength(req.Header, chunked)
	if err != nil {
		return err
	}
	switch {
	case chunked:
		req.Body = &body{src: httputil.NewChunkedReader(r), chunked: true, r: r, closing: req.Close}
	case realLength > 0:
		req.Body = &body{src: io.LimitReader(r, realLength), closing: req.Close}
	default:
		req.Body = http.NoBody
	}
	req.ContentLength = realLength
	if chunked {
		req.TransferEncoding = []string{"chunked"}
	}
	req.Trailer, err = fixTrailer(req.Header, chunked)
	return err
}

// fixLength is a request's body length: -1 for chunked, else its
// Content-Length (0 when there is none).
func fixLength(header http.Header, chunked bool) (int64, error) {
	contentLens := header["Content-Length"]
	if len(contentLens) > 1 {
		// Duplicates of one value are one value; different values are
		// an error (RFC 9110, section 8.6).
		first := textproto.TrimString(contentLens[0])
		for _, ct := range contentLens[1:] {
			if first != textproto.TrimString(ct) {
				return 0, fmt.Errorf("http: message cannot contain multiple Content-Length headers; got %q", contentLens)
			}
		}
		header.Del("Content-Length")
		header.Add("Content-Length", first)
		contentLens = header["Content-Length"]
	}
	var n int64
	if len(contentLens) > 0 {
		var err error
		if n, err = parseContentLength(contentLens); err != nil {
			return -1, err
		}
	}
	if chunked {
		header.Del("Content-Length")
		return -1, nil
	}
	if len(contentLens) > 0 {
		return n, nil
	}
	header.Del("Content-Length")
	return 0, nil
}

func parseContentLength(clHeaders []string) (int64, error) {
	if len(clHeaders) == 0 {
		return -1, nil
	}
	cl := textproto.TrimString(clHeaders[0])
	if cl == "" {
		return -1, badStringError("invalid empty Content-Length", cl)
	}
	n, err := strconv.ParseUint(cl, 10, 63)
	if err != nil {
		return 0, badStringError("bad Content-Length", cl)
	}
	return int64(n), nil
}

// fixTrailer takes the declared trailer names out of the Trailer header.
func fixTrailer(header http.Header, chunked bool) (http.Header, error) {
	vv, ok := header["Trailer"]
	if !ok || !chunked {
		return nil, nil // without chunking, Trailer stays a plain header
	}
	header.Del("Trailer")
	trailer := make(http.Header)
	var err error
	for _, v := range vv {
		foreachHeaderElement(v, func(key string) {
			key = http.CanonicalHeaderKey(key)
			switch key {
			case "Transfer-Encoding", "Trailer", "Content-Length":
				if err == nil {
					err = badStringError("bad trailer key", key)
					return
				}
			}
			trailer[key] = nil
		})
	}
	if err != nil {
		return nil, err
	}
	if len(trailer) == 0 {
		return nil, nil
	}
	return trailer, nil
}

// body is a request body: Content-Length bytes or a chunked stream (then
// the trailer, into req.Trailer). Close reads what is left, within
// limits, so that the connection can serve the next request.
type body struct {
	src          io.Reader
	chunked      bool
	req          *http.Request // receives the trailer
	r            *bufio.Reader // the connection's reader, for the trailer
	closing      bool          // the connection closes after this request
	doEarlyClose bool          // Close may give up on a long rest

	mu         sync.Mutex
	sawEOF     bool
	closed     bool
	earlyClose bool   // closed before its end: the connection cannot go on
	onHitEOF   func() // called once, when the end was read
}

func (b *body) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, http.ErrBodyReadAfterClose
	}
	return b.readLocked(p)
}

func (b *body) readLocked(p []byte) (n int, err error) {
	if b.sawEOF {
		return 0, io.EOF
	}
	n, err = b.src.Read(p)
	if err == io.EOF {
		b.sawEOF = true
		if b.chunked {
			if e := b.readTrailer(); e != nil {
				// Nothing more may be read from this body or this
				// connection.
				err = e
				b.sawEOF = false
				b.closed = true
			}
			b.chunked = false
		} else if lr, ok := b.src.(*io.LimitedReader); ok && lr.N > 0 {
			err = io.ErrUnexpectedEOF
		}
	}
	if err == nil && n > 0 {
		if lr, ok := b.src.(*io.LimitedReader); ok && lr.N == 0 {
			err = io.EOF
			b.sawEOF = true
		}
	}
	if b.sawEOF && b.onHitEOF != nil {
		f := b.onHitEOF
		b.onHitEOF = nil
		f()
	}
	return n, err
}

var (
	singleCRLF = []byte("\r\n")
	doubleCRLF = []byte("\r\n\r\n")
)

var errTrailerEOF = errors.New("http: unexpected EOF reading trailer")

func seeUpcomingDoubleCRLF(r *bufio.Reader) bool {
	for peekSize := 4; ; peekSize++ {
		buf, err := r.Peek(peekSize)
		if bytes.HasSuffix(buf, doubleCRLF) {
			return true
		}
		if err != nil {
			break
		}
	}
	return false
}

func (b *body) readTrailer() error {
	buf, err := b.r.Peek(2)
	if bytes.Equal(buf, singleCRLF) {
		b.r.Discard(2)
		return nil
	}
	if len(buf) < 2 {
		return errTrailerEOF
	}
	if err != nil {
		return err
	}
	// The trailer must end within the read buffer (net/http's bound).
	if !seeUpcomingDoubleCRLF(b.r) {
		return errors.New("http: suspiciously long trailer after chunked body")
	}
	hdr, err := textproto.NewReader(b.r).ReadMIMEHeader()
	if err != nil {
		if err == io.EOF {
			return errTrailerEOF
		}
		return err
	}
	if b.req != nil {
		if b.req.Trailer == nil {
			b.req.Trailer = http.Header(hdr)
		} else {
			maps.Copy(b.req.Trailer, http.Header(hdr))
		}
	}
	return nil
}

func (b *body) unreadDataSizeLocked() int64 {
	if lr, ok := b.src.(*io.LimitedReader); ok {
		return lr.N
	}
	return -1
}

func (b *body) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil
	}
	var err error
	switch {
	case b.sawEOF:
	case !b.chunked && b.closing:
		// No trailer and the connection closes: no need to read on.
	case b.doEarlyClose:
		if lr, ok := b.src.(*io.LimitedReader); ok && lr.N > maxPostHandlerReadBytes {
			b.earlyClose = true // too much left to read: give up
		} else {
			var n int64
			n, err = io.CopyN(io.Discard, bodyLocked{b}, maxPostHandlerReadBytes)
			if err == io.EOF {
				err = nil
			}
			if n == maxPostHandlerReadBytes {
				b.earlyClose = true
			}
		}
	default:
		_, err = io.Copy(io.Discard, bodyLocked{b})
	}
	b.closed = true
	return err
}

func (b *body) didEarlyClose() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.earlyClose
}

// bodyLocked reads a body whose mutex is held.
type bodyLocked struct{ b *body }

func (bl bodyLocked) Read(p []byte) (int, error) {
	if bl.b.closed {
		return 0, http.ErrBodyReadAfterClose
	}
	return bl.b.readLocked(p)
}

// expectContinueReader answers 100 Continue on the body's first read.
type expectContinueReader struct {
	resp       *response
	readCloser io.ReadCloser
	closed     atomic.Bool
	sawEOF     atomic.Bool
}

func (ecr *expectContinueReader) Read(p []byte) (n int, err error) {
	if ecr.closed.Load() {
		return 0, http.ErrBodyReadAfterClose
	}
	w := ecr.resp
	if w.canWriteContinue.Load() {
		w.writeContinueMu.Lock()
		if w.canWriteContinue.Load() {
			w.conn.bufw.WriteString("HTTP/1.1 100 Continue\r\n\r\n")
			w.conn.bufw.Flush()
			w.canWriteContinue.Store(false)
		}
		w.writeContinueMu.Unlock()
	}
	n, err = ecr.readCloser.Read(p)
	if err == io.EOF {
		ecr.sawEOF.Store(true)
	}
	return
}

func (ecr *expectContinueReader) Close() error {
	ecr.closed.Store(true)
	return ecr.readCloser.Close()
}
