package proxy

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// element is one forwarded-element of an RFC 7239 Forwarded header: the
// parameters one proxy added. Values are unquoted.
type element struct {
	forV, proto, host        string
	hasFor, hasProto, hasHst bool
}

// parseForwarded parses every Forwarded field line, in order, into its
// elements. Empty list elements are skipped, as RFC 9110's list rule asks.
//
// Grammar (RFC 7239 section 4, with RFC 9110 list and quoted-string rules):
//
//	Forwarded         = 1#forwarded-element
//	forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] )
//	forwarded-pair    = token "=" ( token / quoted-string )
//
// Optional whitespace is accepted around "," and ";" but not around "=".
// Parameter names are case-insensitive and may appear once per element;
// parameters other than for, proto and host (by, extensions) are checked
// for syntax and ignored.
func parseForwarded(lines []string) ([]element, error) {
	var elems []element
	for _, s := range lines {
		var cur element
		empty := true
		i := 0
		for {
			i = skipOWS(s, i)
			if i == len(s) {
				break
			}
			switch s[i] {
			case ',':
				if !empty {
					elems = append(elems, cur)
				}
				cur, empty = element{}, true
				i++
				continue
			case ';':
				i++
				continue
			}
			// forwarded-pair
			j := i
			for j < len(s) && isTchar(s[j]) {
				j++
			}
			if j == i || j == len(s) || s[j] != '=' {
				return nil, malformed("Forwarded", s, "expected name=value at offset %d", i)
			}
			name := s[i:j]
			j++
			var val string
			var err error
			if j < len(s) && s[j] == '"' {
				val, j, err = unquote(s, j)
				if err != nil {
					return nil, malformed("Forwarded", s, "%v", err)
				}
			} else {
				k := j
				for k < len(s) && isTchar(s[k]) {
					k++
				}
				if k == j {
					return nil, malformed("Forwarded", s, "missing value for %q at offset %d", name, j)
				}
				val, j = s[j:k], k
			}
			if err := cur.set(name, val); err != nil {
				return nil, malformed("Forwarded", s, "%v", err)
			}
			empty = false
			i = skipOWS(s, j)
			if i < len(s) && s[i] != ';' && s[i] != ',' {
				return nil, malformed("Forwarded", s, "unexpected %q at offset %d", s[i], i)
			}
		}
		if !empty {
			elems = append(elems, cur)
		}
	}
	return elems, nil
}

// set records one parameter, rejecting duplicates of the ones we use.
func (e *element) set(name, val string) error {
	var dst *string
	var has *bool
	switch {
	case strings.EqualFold(name, "for"):
		dst, has = &e.forV, &e.hasFor
	case strings.EqualFold(name, "proto"):
		dst, has = &e.proto, &e.hasProto
	case strings.EqualFold(name, "host"):
		dst, has = &e.host, &e.hasHst
	default:
		return nil // by= and extensions: syntax only
	}
	if *has {
		return fmt.Errorf("parameter %q repeated in one element", strings.ToLower(name))
	}
	*dst, *has = val, true
	return nil
}

// unquote reads the quoted-string starting at s[i] == '"' and returns its
// content and the offset after the closing quote.
func unquote(s string, i int) (string, int, error) {
	start := i
	i++
	var b []byte // nil until a quoted-pair forces a copy
	from := i
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			if b == nil {
				return s[from:i], i + 1, nil
			}
			return string(append(b, s[from:i]...)), i + 1, nil
		case c == '\\':
			if i+1 == len(s) || !isQuotedPairChar(s[i+1]) {
				return "", 0, fmt.Errorf("bad escape in quoted string at offset %d", i)
			}
			b = append(b, s[from:i]...)
			b = append(b, s[i+1])
			i += 2
			from = i
		case isQdtext(c):
			i++
		default:
			return "", 0, fmt.Errorf("control character in quoted string at offset %d", i)
		}
	}
	return "", 0, fmt.Errorf("unterminated quoted string at offset %d", start)
}

// parseNode parses an RFC 7239 node (the for= value):
//
//	node     = nodename [ ":" node-port ]
//	nodename = IPv4address / "[" IPv6address "]" / "unknown" / obfnode
//	obfnode  = "_" 1*( ALPHA / DIGIT / "." / "_" / "-" )
//	node-port = port / obfport ("_" and the same characters)
//
// known is false for "unknown" and obfuscated names. An obfuscated port
// becomes 0. A bare IPv6 address without brackets (and so without a port)
// is accepted, since some proxies send it.
func parseNode(v string) (ap netip.AddrPort, known bool, err error) {
	bad := func() (netip.AddrPort, bool, error) {
		return netip.AddrPort{}, false, fmt.Errorf("%q is not a node (IP address, \"unknown\" or _obfuscated)", v)
	}
	name, port := v, ""
	switch {
	case strings.HasPrefix(v, "["):
		end := strings.IndexByte(v, ']')
		if end < 0 {
			return bad()
		}
		name, port = v[1:end], v[end+1:]
		if port != "" {
			if port[0] != ':' {
				return bad()
			}
			port = port[1:]
		}
		a, err := netip.ParseAddr(name)
		if err != nil || !a.Is6() || a.Zone() != "" {
			return bad()
		}
		p, ok := parsePort(port, true)
		if !ok {
			return bad()
		}
		return netip.AddrPortFrom(a.Unmap(), p), true, nil
	case strings.Count(v, ":") > 1:
		a, err := netip.ParseAddr(v)
		if err != nil || !a.Is6() || a.Zone() != "" {
			return bad()
		}
		return netip.AddrPortFrom(a.Unmap(), 0), true, nil
	}
	if c := strings.IndexByte(v, ':'); c >= 0 {
		name, port = v[:c], v[c+1:]
		if port == "" {
			return bad()
		}
	}
	p, ok := parsePort(port, true)
	if !ok {
		return bad()
	}
	switch {
	case strings.EqualFold(name, "unknown"):
		return netip.AddrPort{}, false, nil
	case strings.HasPrefix(name, "_"):
		if !isObf(name) {
			return bad()
		}
		return netip.AddrPort{}, false, nil
	}
	a, err := netip.ParseAddr(name)
	if err != nil || !a.Is4() {
		return bad()
	}
	return netip.AddrPortFrom(a, p), true, nil
}

// parsePort parses 1*5DIGIT up to 65535, "" (no port: 0) and, if obf is
// set, an obfuscated port (also 0).
func parsePort(s string, obf bool) (uint16, bool) {
	if s == "" {
		return 0, true
	}
	if s[0] == '_' {
		return 0, obf && isObf(s)
	}
	if len(s) > 5 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(s, 10, 16)
	return uint16(n), err == nil
}

func isObf(s string) bool {
	if len(s) < 2 || s[0] != '_' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

func skipOWS(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// isTchar reports whether c is an RFC 9110 token character.
func isTchar(c byte) bool {
	return isAlnum(c) || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// isQdtext: HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text.
func isQdtext(c byte) bool {
	return c == '\t' || c == ' ' || c == 0x21 || c >= 0x23 && c <= 0x5B || c >= 0x5D && c <= 0x7E || c >= 0x80
}

// isQuotedPairChar: HTAB / SP / VCHAR / obs-text.
func isQuotedPairChar(c byte) bool {
	return c == '\t' || c >= 0x20 && c != 0x7F
}
