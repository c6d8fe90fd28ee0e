package accesslog

import (
	"strconv"
	"time"
	"unicode/utf8"
)

const jsonTime = "2006-01-02T15:04:05.000Z07:00"

// AppendJSON renders e as one JSON object onto dst and returns the extended
// buffer, without a trailing newline. The keys are those listed in the
// package documentation, always present and in that order. Strings are
// escaped as encoding/json does (invalid UTF-8 becomes U+FFFD).
func AppendJSON(dst []byte, e *Entry) []byte {
	r := e.Request
	var method, path, query, proto, referer, agent, host string
	if r != nil {
		method, proto, host = r.Method, r.Proto, r.Host
		if r.URL != nil {
			path, query = r.URL.Path, r.URL.RawQuery
		}
		if v := r.Header["Referer"]; len(v) > 0 {
			referer = v[0]
		}
		if v := r.Header["User-Agent"]; len(v) > 0 {
			agent = v[0]
		}
	}
	dst = append(dst, `{"remote_addr":`...)
	dst = appendJSONString(dst, remoteHost(e))
	dst = append(dst, `,"time":"`...)
	dst = startTime(e).AppendFormat(dst, jsonTime)
	dst = append(dst, `","method":`...)
	dst = appendJSONString(dst, method)
	dst = append(dst, `,"path":`...)
	dst = appendJSONString(dst, path)
	dst = append(dst, `,"query":`...)
	dst = appendJSONString(dst, query)
	dst = append(dst, `,"proto":`...)
	dst = appendJSONString(dst, proto)
	dst = append(dst, `,"status":`...)
	dst = strconv.AppendInt(dst, int64(e.Status), 10)
	dst = append(dst, `,"bytes":`...)
	dst = strconv.AppendInt(dst, max(e.Bytes, 0), 10)
	dst = append(dst, `,"duration_ms":`...)
	dst = appendDecimal(dst, int64(duration(e)/time.Microsecond), 1000, 3)
	dst = append(dst, `,"referer":`...)
	dst = appendJSONString(dst, referer)
	dst = append(dst, `,"user_agent":`...)
	dst = appendJSONString(dst, agent)
	dst = append(dst, `,"host":`...)
	dst = appendJSONString(dst, host)
	dst = append(dst, `,"pid":`...)
	dst = strconv.AppendInt(dst, int64(entryPID(e)), 10)
	return append(dst, '}')
}

// appendJSONString appends s as a JSON string literal.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 0x20 && c != '"' && c != '\\':
				dst = append(dst, c)
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, `\ufffd`...)
		case r == 0x2028 || r == 0x2029:
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}
