package h1

import "encoding/binary"

// Character classes, one bit each in class.
const (
	cTchar    = 1 << iota // tchar (RFC 9110 §5.6.2)
	cValue                // field-vchar, SP or HTAB (RFC 9110 §5.5)
	cTarget               // request-target byte we accept: VCHAR or obs-text
	cHex                  // HEXDIG
	cDigit                // DIGIT
	cRegName              // unreserved / sub-delims (RFC 3986 §3.2.2)
	cQdtext               // qdtext (RFC 9110 §5.6.4)
	cQuotable             // after a backslash in a quoted-pair: HTAB, SP, VCHAR, obs-text
)

var class [256]uint8

func init() {
	for c := 0; c < 256; c++ {
		var k uint8
		b := byte(c)
		alpha := 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
		digit := '0' <= b && b <= '9'
		vchar := 0x21 <= b && b <= 0x7e
		obs := b >= 0x80
		if alpha || digit {
			k |= cTchar | cRegName
		}
		switch b {
		case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
			k |= cTchar
		}
		switch b {
		case '-', '.', '_', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=':
			k |= cRegName
		}
		if vchar || obs || b == ' ' || b == '\t' {
			k |= cValue | cQuotable
		}
		if vchar || obs {
			k |= cTarget
		}
		if digit || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F' {
			k |= cHex
		}
		if digit {
			k |= cDigit
		}
		if b == '\t' || b == ' ' || b == 0x21 || 0x23 <= b && b <= 0x5b || 0x5d <= b && b <= 0x7e || obs {
			k |= cQdtext
		}
		class[c] = k
	}
}

func isTchar(c byte) bool { return class[c]&cTchar != 0 }
func isHex(c byte) bool   { return class[c]&cHex != 0 }
func isDigit(c byte) bool { return class[c]&cDigit != 0 }
func isOWS(c byte) bool   { return c == ' ' || c == '\t' }

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// trimOWS removes leading and trailing SP and HTAB.
func trimOWS(b []byte) []byte {
	for len(b) > 0 && isOWS(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isOWS(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// equalLower reports whether b equals the lower-case ASCII string s,
// ASCII case-insensitively.
func equalLower(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// Field identities of the field names the Checker interprets.
const (
	fOther uint8 = iota
	fHost
	fContentLength
	fTransferEncoding
	fConnection
	fUpgrade
	fTrailer
	fContentType
	fContentRange
	fAuthorization
	fProxyAuthorization
	fRange
	fIfRange
	fIfModifiedSince
	fIfUnmodifiedSince
	fMaxForwards
	fTE
	fKeepAlive
	fProxyConnection
	fExpect
	fCookie
	fIfMatch
	fIfNoneMatch
	numFields
)

// Field flags.
const (
	// singleton: the field's grammar is one value, not a list (RFC 9110),
	// and a second field line makes the request ambiguous: refused.
	flagSingleton = 1 << iota
	// noTrailer: the field controls framing, routing, connection
	// management, authentication or request modifiers and must not appear
	// in a trailer section (RFC 9110 §6.5.1).
	flagNoTrailer
)

var fieldFlags = [numFields]uint8{
	fHost:               flagSingleton | flagNoTrailer,
	fContentLength:      flagSingleton | flagNoTrailer,
	fTransferEncoding:   flagNoTrailer,
	fConnection:         flagNoTrailer,
	fUpgrade:            flagNoTrailer,
	fTrailer:            flagNoTrailer,
	fContentType:        flagSingleton,
	fContentRange:       flagSingleton,
	fAuthorization:      flagSingleton | flagNoTrailer,
	fProxyAuthorization: flagSingleton | flagNoTrailer,
	fRange:              flagSingleton | flagNoTrailer,
	fIfRange:            flagSingleton | flagNoTrailer,
	fIfModifiedSince:    flagSingleton | flagNoTrailer,
	fIfUnmodifiedSince:  flagSingleton | flagNoTrailer,
	fMaxForwards:        flagSingleton | flagNoTrailer,
	fTE:                 flagNoTrailer,
	fKeepAlive:          flagNoTrailer,
	fProxyConnection:    flagNoTrailer,
	fExpect:             flagNoTrailer,
	fCookie:             flagNoTrailer,
	fIfMatch:            flagNoTrailer,
	fIfNoneMatch:        flagNoTrailer,
}

// fieldID identifies a (valid token) field name. Most names are rejected
// by their length alone.
func fieldID(name []byte) uint8 {
	switch len(name) {
	case 2:
		if equalLower(name, "te") {
			return fTE
		}
	case 4:
		if equalLower(name, "host") {
			return fHost
		}
	case 5:
		if equalLower(name, "range") {
			return fRange
		}
	case 6:
		switch {
		case equalLower(name, "cookie"):
			return fCookie
		case equalLower(name, "expect"):
			return fExpect
		}
	case 7:
		switch {
		case equalLower(name, "upgrade"):
			return fUpgrade
		case equalLower(name, "trailer"):
			return fTrailer
		}
	case 8:
		switch {
		case equalLower(name, "if-range"):
			return fIfRange
		case equalLower(name, "if-match"):
			return fIfMatch
		}
	case 10:
		switch {
		case equalLower(name, "connection"):
			return fConnection
		case equalLower(name, "keep-alive"):
			return fKeepAlive
		}
	case 12:
		switch {
		case equalLower(name, "content-type"):
			return fContentType
		case equalLower(name, "max-forwards"):
			return fMaxForwards
		}
	case 13:
		switch {
		case equalLower(name, "authorization"):
			return fAuthorization
		case equalLower(name, "content-range"):
			return fContentRange
		case equalLower(name, "if-none-match"):
			return fIfNoneMatch
		}
	case 14:
		if equalLower(name, "content-length") {
			return fContentLength
		}
	case 16:
		if equalLower(name, "proxy-connection") {
			return fProxyConnection
		}
	case 17:
		switch {
		case equalLower(name, "transfer-encoding"):
			return fTransferEncoding
		case equalLower(name, "if-modified-since"):
			return fIfModifiedSince
		}
	case 19:
		switch {
		case equalLower(name, "if-unmodified-since"):
			return fIfUnmodifiedSince
		case equalLower(name, "proxy-authorization"):
			return fProxyAuthorization
		}
	}
	return fOther
}

const (
	ones = 0x0101010101010101
	high = 0x8080808080808080
)

// ctlFree reports whether the 8 bytes of w hold no CTL (a byte below
// below, or DEL); below is at most 0x80. Bytes >= 0x80 pass.
func ctlFree(w uint64, below uint64) bool {
	t := (w - ones*below) &^ w & high // some byte < below
	x := w ^ (ones * 0x7f)
	t |= (x - ones) &^ x & high // some byte == 0x7f
	return t == 0
}

// validValue reports whether every byte of v is a field-vchar, SP or HTAB
// (RFC 9110 §5.5). Eight bytes at a time while there is no CTL; HTAB is
// rare enough to be left to the byte loop.
func validValue(v []byte) bool {
	for len(v) >= 8 && ctlFree(binary.LittleEndian.Uint64(v), 0x20) {
		v = v[8:]
	}
	for _, b := range v {
		if class[b]&cValue == 0 {
			return false
		}
	}
	return true
}

// validTarget reports whether every byte of t is a VCHAR or obs-text.
func validTarget(t []byte) bool {
	for len(t) >= 8 && ctlFree(binary.LittleEndian.Uint64(t), 0x21) {
		t = t[8:]
	}
	for _, b := range t {
		if class[b]&cTarget == 0 {
			return false
		}
	}
	return true
}
