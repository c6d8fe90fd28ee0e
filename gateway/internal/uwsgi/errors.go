package uwsgi

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"
)

// ErrServerClosed is returned by Server.Serve after a call to Shutdown or
// Close, like http.ErrServerClosed.
var ErrServerClosed = errors.New("uwsgi: Server closed")

// Error is a request the front server sent that this package refuses before
// any handler runs: a malformed packet or vars block, or one over the
// Limits. The Server answers it with Status (400 Bad Request, or 431 Request
// Header Fields Too Large for the Fields, FieldSize and MaxPacket limits)
// and a text body carrying Reason, then closes the connection. Reason is a
// fixed phrase of this package that never quotes the request.
type Error struct {
	Status int    // HTTP status to answer with
	Reason string // short description, e.g. "missing REQUEST_METHOD var"
}

// Error returns "uwsgi: " followed by the status code and the reason.
func (e *Error) Error() string {
	return "uwsgi: " + strconv.Itoa(e.Status) + " " + e.Reason
}

func badRequest(reason string) *Error {
	return &Error{Status: http.StatusBadRequest, Reason: reason}
}

func tooLarge(reason string) *Error {
	return &Error{Status: http.StatusRequestHeaderFieldsTooLarge, Reason: reason}
}

// writeErrorResponse writes a complete plain-text response that tells the
// front server the connection is closing. It is used for refused requests
// and for handler panics that happened before any output.
func writeErrorResponse(w io.Writer, status int, reason string) error {
	text := strconv.Itoa(status) + " " + http.StatusText(status)
	body := text
	if reason != "" {
		body += ": " + reason
	}
	body += "\n"
	b := make([]byte, 0, 160+len(body))
	b = append(b, "HTTP/1.1 "...)
	b = append(b, text...)
	b = append(b, "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "...)
	b = strconv.AppendInt(b, int64(len(body)), 10)
	b = append(b, "\r\nConnection: close\r\nDate: "...)
	b = time.Now().UTC().AppendFormat(b, http.TimeFormat)
	b = append(b, "\r\nX-Content-Type-Options: nosniff\r\n\r\n"...)
	b = append(b, body...)
	_, err := w.Write(b)
	return err
}
