package h1

import (
	"errors"
	"fmt"
	"strconv"
)

// Error kinds: Gunicorn's exception class names.
const (
	KindLimitRequestLine          = "LimitRequestLine"
	KindLimitRequestHeaders       = "LimitRequestHeaders"
	KindInvalidRequestLine        = "InvalidRequestLine"
	KindInvalidRequestMethod      = "InvalidRequestMethod"
	KindInvalidHTTPVersion        = "InvalidHTTPVersion"
	KindInvalidHeader             = "InvalidHeader"
	KindInvalidHeaderName         = "InvalidHeaderName"
	KindObsoleteFolding           = "ObsoleteFolding"
	KindUnsupportedTransferCoding = "UnsupportedTransferCoding"
	KindInvalidChunkSize          = "InvalidChunkSize"
	KindInvalidChunkExtension     = "InvalidChunkExtension"
	KindChunkMissingTerminator    = "ChunkMissingTerminator"
	KindNoMoreData                = "NoMoreData"
	// KindExpectationFailed (417) is not Gunicorn's: an Expect field with
	// an expectation other than 100-continue (RFC 9110 §10.1.1).
	KindExpectationFailed = "ExpectationFailed"
)

// Error is a protocol failure: it carries the HTTP status the server
// answers with.
type Error struct {
	Status int    // 400, 417, 431, 501 or 505
	Kind   string // Gunicorn's exception class name, one of the Kind constants
	Reason string // human-readable detail, one line
}

// Error returns "h1: " followed by the reason.
func (e *Error) Error() string { return "h1: " + e.Reason }

// ErrHold is returned by Checker.Write when the stream reached the end of a
// request that asks to leave HTTP (CONNECT, or an Upgrade header field).
// The bytes after that message were not consumed: see Checker.Hold.
var ErrHold = errors.New("h1: stream held after a CONNECT or Upgrade request")

func newError(status int, kind, format string, args ...any) *Error {
	return &Error{Status: status, Kind: kind, Reason: fmt.Sprintf(format, args...)}
}

func errRequestLine(format string, args ...any) *Error {
	return newError(400, KindInvalidRequestLine, format, args...)
}

func errHeader(format string, args ...any) *Error {
	return newError(400, KindInvalidHeader, format, args...)
}

func errHeaderName(format string, args ...any) *Error {
	return newError(400, KindInvalidHeaderName, format, args...)
}

// quote renders at most 40 bytes of b for an error reason.
func quote(b []byte) string {
	const max = 40
	if len(b) > max {
		return strconv.Quote(string(b[:max])) + "..."
	}
	return strconv.Quote(string(b))
}

// qbyte renders one byte for an error reason.
func qbyte(b byte) string { return strconv.Quote(string([]byte{b})) }
