package accesslog

import (
	"encoding/base64"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Entry is what the gateway knows about one finished request.
type Entry struct {
	// Request is the request as the handler saw it. It may be nil, and then
	// every atom taken from it is '-'.
	Request *http.Request
	// RemoteAddr is the client's address after proxy rewriting, as
	// "ip:port"; if empty, Request.RemoteAddr is used.
	RemoteAddr string
	// Status is the response status; 0 (nothing written) logs as '-'.
	Status int
	// Bytes is the length of the response body sent; negative if unknown.
	Bytes int64
	// Start is when the request arrived; zero means now.
	Start time.Time
	// Duration is how long the request took.
	Duration time.Duration
	// ResponseHeader is the header sent with the response; may be nil.
	ResponseHeader http.Header
	// PID is the worker's process ID; 0 means os.Getpid().
	PID int
}

var pid = os.Getpid()

const clfTime = "[02/Jan/2006:15:04:05 -0700]"

// Append renders one log line for e onto dst and returns the extended
// buffer. The line has no trailing newline. Append does not allocate
// beyond growing dst, except to decode an unusually long Authorization
// header for %(u)s.
func (f *Format) Append(dst []byte, e *Entry) []byte {
	for i := range f.parts {
		p := &f.parts[i]
		if p.kind == kLiteral {
			dst = append(dst, p.text...)
			continue
		}
		start := len(dst)
		dst = appendAtom(dst, p, e)
		if p.width != 0 {
			dst = pad(dst, start, p.width)
		}
	}
	return dst
}

func appendAtom(dst []byte, p *part, e *Entry) []byte {
	r := e.Request
	switch p.kind {
	case kDash:
		return append(dst, '-')
	case kRemote:
		return appendOrDash(dst, remoteHost(e))
	case kUser:
		return appendUser(dst, r)
	case kTime:
		return startTime(e).AppendFormat(dst, clfTime)
	case kStatus:
		if e.Status == 0 {
			return append(dst, '-')
		}
		return strconv.AppendInt(dst, int64(e.Status), 10)
	case kBytes:
		if e.Bytes < 0 {
			return append(dst, '-')
		}
		return strconv.AppendInt(dst, e.Bytes, 10)
	case kBytesCLF:
		if e.Bytes <= 0 {
			return append(dst, '-')
		}
		return strconv.AppendInt(dst, e.Bytes, 10)
	case kSecs:
		return strconv.AppendInt(dst, int64(duration(e)/time.Second), 10)
	case kMicros:
		return strconv.AppendInt(dst, int64(duration(e)/time.Microsecond), 10)
	case kMillis:
		return strconv.AppendInt(dst, int64(duration(e)/time.Millisecond), 10)
	case kDecimal:
		return appendDecimal(dst, int64(duration(e)/time.Microsecond), 1e6, 6)
	case kPID:
		dst = append(dst, '<')
		dst = strconv.AppendInt(dst, int64(entryPID(e)), 10)
		return append(dst, '>')
	case kRespHeader:
		return appendHeader(dst, e.ResponseHeader, p.text)
	case kEnvConst:
		return appendEscaped(dst, p.text)
	case kEnvScriptName:
		return dst
	case kEnvRemotePort:
		return appendOrDash(dst, remotePort(e))
	}
	if r == nil {
		return append(dst, '-')
	}
	switch p.kind {
	case kRequest:
		dst = appendEscaped(dst, r.Method)
		dst = append(dst, ' ')
		dst = appendEscaped(dst, requestURI(r))
		dst = append(dst, ' ')
		return appendEscaped(dst, r.Proto)
	case kMethod:
		return appendEscaped(dst, r.Method)
	case kPath:
		if r.URL == nil {
			return append(dst, '-')
		}
		return appendEscaped(dst, r.URL.Path)
	case kQuery:
		if r.URL == nil {
			return dst
		}
		return appendEscaped(dst, r.URL.RawQuery)
	case kProto:
		return appendEscaped(dst, r.Proto)
	case kReferer:
		return appendHeader(dst, r.Header, "Referer")
	case kAgent:
		return appendHeader(dst, r.Header, "User-Agent")
	case kReqHeader:
		switch p.text {
		case "Host":
			return appendOrDash(dst, r.Host)
		case "Transfer-Encoding":
			if len(r.TransferEncoding) > 0 {
				return appendJoined(dst, r.TransferEncoding)
			}
		}
		return appendHeader(dst, r.Header, p.text)
	case kEnvRawURI:
		return appendEscaped(dst, requestURI(r))
	case kEnvScheme:
		return append(dst, scheme(r)...)
	case kEnvServerName:
		h, _ := splitHostPort(r.Host)
		return appendEscaped(dst, h)
	case kEnvServerPort:
		_, port := splitHostPort(r.Host)
		if port == "" {
			if scheme(r) == "https" {
				return append(dst, "443"...)
			}
			return append(dst, "80"...)
		}
		return appendEscaped(dst, port)
	}
	return append(dst, '-')
}

// pad pads dst[start:] with blanks to width characters (left-aligned if
// width is negative), as Python's %-formatting does.
func pad(dst []byte, start, width int) []byte {
	left := width < 0
	if left {
		width = -width
	}
	n := width - utf8.RuneCount(dst[start:])
	if n <= 0 {
		return dst
	}
	for range n {
		dst = append(dst, ' ')
	}
	if !left {
		copy(dst[start+n:], dst[start:len(dst)-n])
		for i := start; i < start+n; i++ {
			dst[i] = ' '
		}
	}
	return dst
}

func startTime(e *Entry) time.Time {
	if e.Start.IsZero() {
		return time.Now()
	}
	return e.Start
}

func duration(e *Entry) time.Duration { return max(e.Duration, 0) }

func entryPID(e *Entry) int {
	if e.PID != 0 {
		return e.PID
	}
	return pid
}

func remoteAddr(e *Entry) string {
	if e.RemoteAddr == "" && e.Request != nil {
		return e.Request.RemoteAddr
	}
	return e.RemoteAddr
}

func remoteHost(e *Entry) string {
	h, _ := splitHostPort(remoteAddr(e))
	return h
}

func remotePort(e *Entry) string {
	_, p := splitHostPort(remoteAddr(e))
	return p
}

// splitHostPort splits "host:port", "[v6]:port", "[v6]", "host" and a bare
// IPv6 address without allocating or failing.
func splitHostPort(s string) (host, port string) {
	if strings.HasPrefix(s, "[") {
		if end := strings.IndexByte(s, ']'); end > 0 {
			host, rest := s[1:end], s[end+1:]
			return host, strings.TrimPrefix(rest, ":")
		}
		return s, ""
	}
	if i := strings.IndexByte(s, ':'); i >= 0 && strings.IndexByte(s[i+1:], ':') < 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

func requestURI(r *http.Request) string {
	if r.RequestURI != "" || r.URL == nil {
		return r.RequestURI
	}
	return r.URL.RequestURI()
}

func scheme(r *http.Request) string {
	if r.URL != nil && r.URL.Scheme != "" {
		return r.URL.Scheme
	}
	if r.TLS != nil {
		return "https"
	}
	return "http"
}

// appendUser appends the user name of a Basic Authorization header, as
// Gunicorn's _get_user does, or '-'.
func appendUser(dst []byte, r *http.Request) []byte {
	if r == nil {
		return append(dst, '-')
	}
	auth := r.Header["Authorization"]
	if len(auth) == 0 || len(auth[0]) < 6 || !strings.EqualFold(auth[0][:6], "basic ") {
		return append(dst, '-')
	}
	enc := strings.Trim(auth[0][6:], " \t")
	var stack [192]byte
	buf := stack[:]
	if n := base64.StdEncoding.DecodedLen(len(enc)); n > len(buf) {
		buf = make([]byte, n)
	}
	n, err := base64.StdEncoding.Decode(buf, []byte(enc))
	if err != nil {
		return append(dst, '-')
	}
	user := buf[:n]
	for i, c := range user {
		if c == ':' {
			user = user[:i]
			break
		}
	}
	return appendEscapedBytes(dst, user)
}

func appendHeader(dst []byte, h http.Header, key string) []byte {
	vs := h[key]
	if len(vs) == 0 {
		return append(dst, '-')
	}
	return appendJoined(dst, vs)
}

func appendJoined(dst []byte, vs []string) []byte {
	for i, v := range vs {
		if i > 0 {
			dst = append(dst, ", "...)
		}
		dst = appendEscaped(dst, v)
	}
	return dst
}

func appendOrDash(dst []byte, s string) []byte {
	if s == "" {
		return append(dst, '-')
	}
	return appendEscaped(dst, s)
}

// appendDecimal appends n/unit with the given number of decimals, for n >= 0.
func appendDecimal(dst []byte, n, unit int64, decimals int) []byte {
	dst = strconv.AppendInt(dst, n/unit, 10)
	dst = append(dst, '.')
	frac := n % unit
	for d := unit / 10; d > 0; d /= 10 {
		dst = append(dst, byte('0'+frac/d%10))
		if decimals--; decimals == 0 {
			break
		}
	}
	return dst
}

const hexDigits = "0123456789abcdef"

// appendEscaped appends s escaped for a log line (see the package
// documentation).
func appendEscaped(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f && c != '"' && c != '\\' {
			j := i + 1
			for j < len(s) && s[j] >= 0x20 && s[j] < 0x7f && s[j] != '"' && s[j] != '\\' {
				j++
			}
			dst = append(dst, s[i:j]...)
			i = j
			continue
		}
		if c < utf8.RuneSelf {
			dst = appendEscapedASCII(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r >= 0x80 && r <= 0x9f || r == 0x2028 || r == 0x2029 {
			for k := 0; k < size; k++ {
				dst = append(dst, '\\', 'x', hexDigits[s[i+k]>>4], hexDigits[s[i+k]&0xf])
			}
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst
}

func appendEscapedBytes(dst []byte, b []byte) []byte {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r < utf8.RuneSelf {
			c := b[0]
			if c >= 0x20 && c < 0x7f && c != '"' && c != '\\' {
				dst = append(dst, c)
			} else {
				dst = appendEscapedASCII(dst, c)
			}
		} else if r == utf8.RuneError && size == 1 || r <= 0x9f || r == 0x2028 || r == 0x2029 {
			for _, c := range b[:size] {
				dst = append(dst, '\\', 'x', hexDigits[c>>4], hexDigits[c&0xf])
			}
		} else {
			dst = append(dst, b[:size]...)
		}
		b = b[size:]
	}
	return dst
}

func appendEscapedASCII(dst []byte, c byte) []byte {
	switch c {
	case '"':
		return append(dst, '\\', '"')
	case '\\':
		return append(dst, '\\', '\\')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'x', hexDigits[c>>4], hexDigits[c&0xf])
}
