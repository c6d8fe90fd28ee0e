package h1

import (
	"bytes"
	"net/netip"
	"net/url"
)

// requestLine validates a request line (RFC 9112 §3), or an empty line
// before it.
func (c *Checker) requestLine(line []byte) *Error {
	if len(line) == 0 {
		// RFC 9112 §2.2 lets a server ignore empty lines before the
		// request line; net/http skips up to 4 CR/LF bytes, and only after
		// a POST request. Elsewhere it would fail to parse them.
		if c.blankOK > 0 {
			c.blankOK--
			return nil
		}
		return errRequestLine("empty line before the request line")
	}
	r := &c.req

	// method SP
	i := 0
	for i < len(line) && isTchar(line[i]) {
		i++
	}
	if i == len(line) {
		return errRequestLine("request line has no spaces: %s", quote(line))
	}
	if line[i] != ' ' {
		return newError(400, KindInvalidRequestMethod, "invalid byte %s in method %s", qbyte(line[i]), quote(line[:i+1]))
	}
	if i == 0 {
		return newError(400, KindInvalidRequestMethod, "empty method")
	}
	method := line[:i]
	rest := line[i+1:]

	// request-target SP HTTP-version
	j := bytes.IndexByte(rest, ' ')
	if j < 0 {
		return errRequestLine("request line has no HTTP version: %s", quote(line))
	}
	target, version := rest[:j], rest[j+1:]
	if len(target) == 0 {
		return errRequestLine("empty request-target (more than one space after the method)")
	}

	if len(version) != 8 || string(version[:7]) != "HTTP/1." || version[7] != '0' && version[7] != '1' {
		if len(version) == 8 && string(version[:5]) == "HTTP/" && isDigit(version[5]) && version[6] == '.' && isDigit(version[7]) {
			return newError(505, KindInvalidHTTPVersion, "unsupported HTTP version %s", quote(version))
		}
		return newError(400, KindInvalidHTTPVersion, "malformed HTTP version %s", quote(version))
	}
	r.major = 1
	r.minor = version[7] - '0'

	switch string(method) {
	case "CONNECT":
		r.connect = true
	case "OPTIONS":
		r.options = true
	case "POST":
		r.post = true
	}
	if err := c.target(target); err != nil {
		return err
	}
	if c.obs != nil {
		c.obs.requestLine(method, target, int(r.major), int(r.minor))
	}
	c.phase = phField
	return nil
}

// target validates the request-target (RFC 9112 §3.2) and makes sure
// net/http's url.ParseRequestURI accepts it.
func (c *Checker) target(t []byte) *Error {
	if len(t) == 0 {
		return errRequestLine("empty request-target")
	}
	if !validTarget(t) {
		for _, b := range t {
			if class[b]&cTarget == 0 {
				return errRequestLine("invalid byte %s in request-target", qbyte(b))
			}
		}
	}
	r := &c.req
	switch {
	case r.connect:
		// authority-form only (RFC 9112 §3.2.3).
		if !validAuthority(t, true) {
			return errRequestLine("CONNECT needs an authority-form request-target (host:port), got %s", quote(t))
		}
		if _, err := url.ParseRequestURI("http://" + string(t)); err != nil {
			return errRequestLine("request-target %s: %v", quote(t), err)
		}
	case t[0] == '/':
		// origin-form. net/url refuses a path with a malformed
		// percent-encoding (it decodes the path, not the query).
		path := t
		if q := bytes.IndexByte(t, '?'); q >= 0 {
			path = t[:q]
		}
		for i := bytes.IndexByte(path, '%'); i >= 0; i = bytes.IndexByte(path, '%') {
			if i+2 >= len(path) || !isHex(path[i+1]) || !isHex(path[i+2]) {
				return errRequestLine("malformed percent-encoding in request-target path %s", quote(t))
			}
			path = path[i+3:]
		}
	case len(t) == 1 && t[0] == '*':
		// asterisk-form, for OPTIONS only (RFC 9112 §3.2.4).
		if !r.options {
			return errRequestLine("asterisk-form request-target with a method other than OPTIONS")
		}
	default:
		// absolute-form (RFC 9112 §3.2.2), http and https only.
		scheme := 0
		switch {
		case len(t) > 7 && equalLower(t[:7], "http://"):
			scheme = 7
		case len(t) > 8 && equalLower(t[:8], "https://"):
			scheme = 8
		}
		if scheme == 0 {
			return errRequestLine("request-target is not origin-form nor an http(s) absolute-form: %s", quote(t))
		}
		u, err := url.ParseRequestURI(string(t))
		if err != nil {
			return errRequestLine("request-target %s: %v", quote(t), err)
		}
		if u.Host == "" {
			// RFC 9110 §4.2.1: an http(s) URI with an empty host is invalid.
			return errRequestLine("absolute-form request-target without a host: %s", quote(t))
		}
	}
	return nil
}

// validAuthority reports whether b is uri-host [ ":" port ] (RFC 9110 §7.2)
// with a non-empty host; needPort requires the port (authority-form).
func validAuthority(b []byte, needPort bool) bool {
	i := 0
	if len(b) > 0 && b[0] == '[' {
		// IP-literal: IPv6address or IPvFuture.
		j := bytes.IndexByte(b, ']')
		if j < 2 {
			return false
		}
		if b[1] == 'v' || b[1] == 'V' {
			// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
			dot := bytes.IndexByte(b[:j], '.')
			if dot < 3 || dot == j-1 {
				return false
			}
			for _, x := range b[2:dot] {
				if !isHex(x) {
					return false
				}
			}
			for _, x := range b[dot+1 : j] {
				if class[x]&cRegName == 0 && x != ':' {
					return false
				}
			}
		} else if a, err := netip.ParseAddr(string(b[1:j])); err != nil || !a.Is6() || a.Zone() != "" {
			return false
		}
		i = j + 1
	} else {
		for i < len(b) && b[i] != ':' {
			x := b[i]
			if x == '%' {
				if i+2 >= len(b) || !isHex(b[i+1]) || !isHex(b[i+2]) {
					return false
				}
				i += 3
				continue
			}
			if class[x]&cRegName == 0 {
				return false
			}
			i++
		}
		if i == 0 {
			return false
		}
	}
	if i == len(b) {
		return !needPort
	}
	if b[i] != ':' || needPort && i+1 == len(b) {
		return false
	}
	for _, x := range b[i+1:] {
		if !isDigit(x) {
			return false
		}
	}
	return true
}

// fieldLine validates a header field line (RFC 9112 §5), or the empty line
// ending the head.
func (c *Checker) fieldLine(line []byte) *Error {
	if len(line) == 0 {
		return c.headEnd()
	}
	name, value, err := c.splitField(line)
	if err != nil {
		return err
	}
	if c.obs != nil {
		c.obs.field(name, value, false)
	}
	id := fieldID(name)
	if id == fOther {
		return nil
	}
	r := &c.req
	if fieldFlags[id]&flagSingleton != 0 {
		bit := uint32(1) << id
		if r.seen&bit != 0 {
			return errHeader("repeated %s header field", name)
		}
		r.seen |= bit
	}
	switch id {
	case fHost:
		r.hosts++
		if !validAuthority(value, false) && len(value) > 0 {
			return errHeader("invalid Host header field value %s", quote(value))
		}
	case fContentLength:
		n, ok := parseContentLength(value)
		if !ok {
			return errHeader("header %q: value %s is not a decimal number of at most 63 bits", name, quote(value))
		}
		r.hasCL, r.cl = true, n
	case fTransferEncoding:
		return c.transferEncoding(value)
	case fConnection:
		return forEachToken(value, name, func(t []byte) *Error {
			switch {
			case equalLower(t, "close"):
				r.connClose = true
			case equalLower(t, "keep-alive"):
				r.connKeepAlive = true
			}
			return nil
		})
	case fUpgrade:
		r.upgrade = true
	case fExpect:
		return expect(value)
	case fTrailer:
		return forEachToken(value, name, func(t []byte) *Error {
			if fieldFlags[fieldID(t)]&flagNoTrailer != 0 {
				return errHeader("Trailer header field announces %q, which is not allowed in a trailer", t)
			}
			return nil
		})
	}
	return nil
}

// splitField validates a field line (header or trailer) and returns its
// name and its value without surrounding whitespace.
func (c *Checker) splitField(line []byte) (name, value []byte, err *Error) {
	if isOWS(line[0]) {
		if c.req.nfields == 0 && c.phase == phField {
			// RFC 9112 §2.2: whitespace between the start line and the first field.
			return nil, nil, errHeader("whitespace before the first header field")
		}
		// RFC 9112 §5.2: a server that does not replace obs-fold MUST reject it.
		return nil, nil, newError(400, KindObsoleteFolding, "obsolete line folding (obs-fold) is not allowed")
	}
	c.req.nfields++
	if c.req.nfields > c.lim.fields {
		return nil, nil, newError(431, KindLimitRequestHeaders, "more than %d header fields", c.lim.fields)
	}
	i := 0
	for i < len(line) && isTchar(line[i]) {
		i++
	}
	if i == len(line) {
		return nil, nil, errHeaderName("field line without a colon: %s", quote(line))
	}
	if line[i] != ':' {
		// This includes whitespace before the colon (RFC 9112 §5.1).
		return nil, nil, errHeaderName("invalid byte %s in field name %s", qbyte(line[i]), quote(line[:i+1]))
	}
	if i == 0 {
		return nil, nil, errHeaderName("empty field name")
	}
	name = line[:i]
	value = trimOWS(line[i+1:])
	if !validValue(value) {
		for _, b := range value {
			if class[b]&cValue == 0 {
				return nil, nil, errHeader("invalid byte %s in the value of field %q", qbyte(b), name)
			}
		}
	}
	return name, value, nil
}

// parseContentLength parses 1*DIGIT no larger than the int64 maximum.
func parseContentLength(v []byte) (int64, bool) {
	if len(v) == 0 {
		return 0, false
	}
	var n int64
	for _, b := range v {
		if !isDigit(b) {
			return 0, false
		}
		d := int64(b - '0')
		if n > (1<<63-1-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}

// forEachToken calls f for each non-empty element of a #token list
// (RFC 9110 §5.6.1), refusing elements that are not tokens.
func forEachToken(v, name []byte, f func(t []byte) *Error) *Error {
	for len(v) > 0 {
		var elem []byte
		if i := bytes.IndexByte(v, ','); i >= 0 {
			elem, v = v[:i], v[i+1:]
		} else {
			elem, v = v, nil
		}
		elem = trimOWS(elem)
		if len(elem) == 0 {
			continue
		}
		for _, b := range elem {
			if !isTchar(b) {
				return errHeader("header %q: list element %s is not a token", name, quote(elem))
			}
		}
		if err := f(elem); err != nil {
			return err
		}
	}
	return nil
}

// transferEncoding records one Transfer-Encoding field line
// (RFC 9112 §6.1); framing decides at the end of the head.
func (c *Checker) transferEncoding(v []byte) *Error {
	r := &c.req
	r.teFields++
	r.teExact = r.teFields == 1 && equalLower(v, "chunked")
	for len(v) > 0 {
		var elem []byte
		if i := bytes.IndexByte(v, ','); i >= 0 {
			elem, v = v[:i], v[i+1:]
		} else {
			elem, v = v, nil
		}
		elem = trimOWS(elem)
		if len(elem) == 0 {
			continue
		}
		// transfer-coding = token *( OWS ";" OWS transfer-parameter )
		i := 0
		for i < len(elem) && isTchar(elem[i]) {
			i++
		}
		if i == 0 {
			return errHeader("malformed Transfer-Encoding element %s", quote(elem))
		}
		if i < len(elem) {
			if p := trimOWS(elem[i:]); p[0] != ';' {
				return errHeader("malformed Transfer-Encoding element %s", quote(elem))
			}
		}
		if r.teChunked {
			r.teNotLast = true
		}
		if equalLower(elem[:i], "chunked") {
			r.teChunked = true
		}
	}
	return nil
}

// framing applies the message-framing rules of RFC 9112 §6 at the end of
// the head.
func (c *Checker) framing() *Error {
	r := &c.req
	if r.teFields > 0 {
		switch {
		case r.minor == 0:
			// RFC 9112 §6.1: a server MUST NOT apply a transfer coding
			// received in HTTP/1.0 as framing; net/http ignores it. Refused.
			return errHeader("Transfer-Encoding in an HTTP/1.0 request")
		case r.hasCL:
			// RFC 9112 §6.1: a server MAY reject both; it is how requests
			// are smuggled.
			return errHeader("both Transfer-Encoding and Content-Length")
		case r.connect:
			return errHeader("CONNECT request with a body")
		case r.teNotLast:
			// RFC 9112 §6.3: chunked must be the final coding, applied once.
			return errHeader("Transfer-Encoding: chunked is not the final coding, or is repeated")
		case !r.teExact:
			// RFC 9112 §6.1: 501 for a coding the server does not
			// understand; net/http decodes chunked alone.
			return newError(501, KindUnsupportedTransferCoding,
				"unsupported transfer coding (only a single \"Transfer-Encoding: chunked\" is supported)")
		}
		r.chunked = true
	}
	if r.connect && r.cl > 0 {
		// RFC 9110 §9.3.6: a CONNECT request has no content.
		return errHeader("CONNECT request with a body")
	}
	return nil
}

// expect checks an Expect field value (RFC 9110 §10.1.1): 100-continue is
// the only expectation defined. net/http answers 417 to others (without
// running the handler and closing the connection); so does the Checker.
func expect(v []byte) *Error {
	for len(v) > 0 {
		var elem []byte
		if i := bytes.IndexByte(v, ','); i >= 0 {
			elem, v = v[:i], v[i+1:]
		} else {
			elem, v = v, nil
		}
		elem = trimOWS(elem)
		if len(elem) > 0 && !equalLower(elem, "100-continue") {
			return newError(417, KindExpectationFailed, "unsupported expectation %s", quote(elem))
		}
	}
	return nil
}
