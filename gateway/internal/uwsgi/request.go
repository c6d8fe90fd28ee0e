package uwsgi

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// Limits bound what a front server may send; violations are refused before
// the handler runs. A zero field means no limit beyond the protocol's own:
// the whole vars block is at most 65535 bytes.
type Limits struct {
	// MaxPacket bounds the size of the vars block (the packet's datasize);
	// the header's uint16 caps it at 65535 anyway. Over it: 431.
	MaxPacket int
	// RequestLine bounds len(REQUEST_METHOD)+len(REQUEST_URI)+
	// len(SERVER_PROTOCOL)+2, the length of the request line the client
	// sent, like Gunicorn's limit_request_line (4094). Over it: 400.
	RequestLine int
	// Fields bounds the number of header fields: HTTP_* vars (HTTP_HOST
	// included) plus non-empty CONTENT_TYPE and CONTENT_LENGTH vars that
	// have no HTTP_CONTENT_TYPE / HTTP_CONTENT_LENGTH twin, like Gunicorn's
	// limit_request_fields (100). Over it: 431.
	Fields int
	// FieldSize bounds len(name)+2+len(value) of one header field, name
	// being the var name without "HTTP_", like Gunicorn's
	// limit_request_field_size (8190). Over it: 431.
	FieldSize int
}

// DefaultLimits are Gunicorn's default limits, for callers that have no
// configuration of their own.
var DefaultLimits = Limits{MaxPacket: 65535, RequestLine: 4094, Fields: 100, FieldSize: 8190}

type varsKey struct{}

// Vars returns the uwsgi vars of the request whose context is ctx, or nil
// if ctx is not from this package. Repeated HTTP_* vars (nginx before 1.23
// sends one per header line) appear once, their values joined with ", "
// ("; " for HTTP_COOKIE), as nginx 1.23 and later send them; any other var
// may appear only once in a packet. The map is shared by the request and
// its clones: read it, never modify it.
//
// The vars describe the client as the front server saw it (REMOTE_ADDR,
// REMOTE_PORT, HTTPS, REQUEST_SCHEME, SERVER_NAME, SERVER_PORT, ...). Anyone
// who can connect to the socket can write them, so believe them only when
// the peer (http.Request.RemoteAddr) is trusted; see TrustVars.
func Vars(ctx context.Context) map[string]string {
	m, _ := ctx.Value(varsKey{}).(map[string]string)
	return m
}

// TrustVars rewrites r, which must come from this package, from the vars of
// its front server, as net/http/cgi does for CGI variables and as the
// gateway's proxy layer does for X-Forwarded-* headers. Call it only when
// r.RemoteAddr is a trusted peer. It sets
//
//   - r.RemoteAddr to REMOTE_ADDR:REMOTE_PORT ("[addr]:port" for IPv6, port
//     0 if REMOTE_PORT is missing or invalid, IPv4-mapped IPv6 written as
//     IPv4), unless REMOTE_ADDR is empty or nginx's "unix:" (a client on a
//     Unix socket), which leave it unchanged;
//   - r.URL.Scheme to "https" when HTTPS is "on" or "1" (any case) or
//     REQUEST_SCHEME is "https", else to "http" when REQUEST_SCHEME is
//     "http"; r.TLS is left alone.
//
// A REMOTE_ADDR that is not an IP address is an *Error (400).
func TrustVars(r *http.Request) error {
	m := Vars(r.Context())
	if m == nil {
		return nil
	}
	if addr := m["REMOTE_ADDR"]; addr != "" && addr != "unix:" {
		ip, err := netip.ParseAddr(addr)
		if err != nil || ip.Zone() != "" {
			return badRequest("malformed REMOTE_ADDR var")
		}
		port := m["REMOTE_PORT"]
		if _, err := strconv.ParseUint(port, 10, 16); err != nil {
			port = "0"
		}
		r.RemoteAddr = net.JoinHostPort(ip.Unmap().String(), port)
	}
	https := m["HTTPS"]
	scheme := strings.ToLower(m["REQUEST_SCHEME"])
	switch {
	case strings.EqualFold(https, "on") || https == "1" || scheme == "https":
		r.URL.Scheme = "https"
	case scheme == "http":
		r.URL.Scheme = "http"
	}
	return nil
}

// ReadRequest reads one uwsgi request packet from r and returns the request
// it describes, built as net/http builds a server request (and as
// net/http/cgi builds one from CGI variables):
//
//   - Method from REQUEST_METHOD, RequestURI and URL from REQUEST_URI (parsed
//     as a request target: URL.Scheme and URL.Host stay empty for the usual
//     origin form), Proto from SERVER_PROTOCOL; the three are required;
//   - Header from the HTTP_* vars (HTTP_X_FORWARDED_FOR becomes
//     X-Forwarded-For), repeated vars adding values; Content-Type from
//     CONTENT_TYPE and Content-Length from CONTENT_LENGTH when not empty,
//     replacing the HTTP_* twins nginx also sends; Transfer-Encoding is
//     removed, since the front server has already decoded the body;
//   - Host from HTTP_HOST (without it, empty), ContentLength from
//     CONTENT_LENGTH (empty or missing means 0), Close true;
//   - RemoteAddr and TLS empty: the Server sets RemoteAddr to the transport
//     peer, and believing REMOTE_ADDR or HTTPS is left to TrustVars.
//
// Its context carries all the vars for Vars. Body reads exactly
// ContentLength bytes from r (http.NoBody when 0) and reports
// io.ErrUnexpectedEOF if r ends first.
//
// ReadRequest returns io.EOF if r is empty, an *Error if the packet is
// malformed or over l, and other errors from r as they are.
func ReadRequest(r *bufio.Reader, l Limits) (*http.Request, error) {
	req, _, err := readRequest(context.Background(), r, l)
	return req, err
}

// readRequest is ReadRequest with the request's base context; it also
// returns the body reader (nil when ContentLength is 0).
func readRequest(ctx context.Context, r *bufio.Reader, l Limits) (*http.Request, *body, error) {
	vars, err := readPacket(r, l)
	if err != nil {
		return nil, nil, err
	}
	req, err := newRequest(ctx, vars, l)
	if err != nil {
		return nil, nil, err
	}
	if req.ContentLength == 0 {
		return req, nil, nil
	}
	b := &body{r: r, remaining: req.ContentLength}
	req.Body = b
	return req, b, nil
}

// newRequest builds the request described by vars.
func newRequest(ctx context.Context, vars [][2]string, l Limits) (*http.Request, error) {
	m := make(map[string]string, len(vars))
	h := make(http.Header)
	fields := 0
	for _, kv := range vars {
		k, v := kv[0], kv[1]
		name, isHeader := strings.CutPrefix(k, "HTTP_")
		if !isHeader {
			if _, dup := m[k]; dup {
				return nil, badRequest("repeated var (only HTTP_* vars may repeat)")
			}
			m[k] = v
			continue
		}
		fields++
		if l.Fields > 0 && fields > l.Fields {
			return nil, tooLarge("too many header fields")
		}
		if l.FieldSize > 0 && len(name)+2+len(v) > l.FieldSize {
			return nil, tooLarge("header field too large")
		}
		canon, ok := headerName(name)
		if !ok {
			return nil, badRequest("invalid header name in an HTTP_* var")
		}
		if !validHeaderValue(v) {
			return nil, badRequest("invalid header value in an HTTP_* var")
		}
		if prev, dup := m[k]; dup {
			sep := ", "
			switch canon {
			case "Host":
				return nil, badRequest("repeated HTTP_HOST var")
			case "Cookie":
				sep = "; "
			}
			m[k] = prev + sep + v
		} else {
			m[k] = v
		}
		if canon != "Host" {
			h[canon] = append(h[canon], v)
		}
	}
	for _, k := range [...]string{"CONTENT_TYPE", "CONTENT_LENGTH"} {
		v := m[k]
		if v == "" {
			continue
		}
		if _, twin := m["HTTP_"+k]; !twin {
			fields++
			if l.Fields > 0 && fields > l.Fields {
				return nil, tooLarge("too many header fields")
			}
		}
		// len("Content-Type") == len("CONTENT_TYPE"), and so for Length.
		if l.FieldSize > 0 && len(k)+2+len(v) > l.FieldSize {
			return nil, tooLarge("header field too large")
		}
	}

	method, uri, proto := m["REQUEST_METHOD"], m["REQUEST_URI"], m["SERVER_PROTOCOL"]
	switch {
	case method == "":
		return nil, badRequest("missing REQUEST_METHOD var")
	case uri == "":
		return nil, badRequest("missing REQUEST_URI var")
	case proto == "":
		return nil, badRequest("missing SERVER_PROTOCOL var")
	}
	if l.RequestLine > 0 && len(method)+len(uri)+len(proto)+2 > l.RequestLine {
		return nil, badRequest("request line too long")
	}
	if !isToken(method) {
		return nil, badRequest("invalid REQUEST_METHOD var")
	}
	major, minor, ok := http.ParseHTTPVersion(proto)
	if !ok || major < 1 {
		return nil, badRequest("invalid SERVER_PROTOCOL var")
	}
	u, ok := parseRequestURI(method, uri)
	if !ok {
		return nil, badRequest("invalid REQUEST_URI var")
	}
	host := u.Host // absolute form wins over Host, as in net/http
	if host == "" {
		host = m["HTTP_HOST"]
	}
	if !validHost(host) {
		return nil, badRequest("invalid HTTP_HOST var")
	}

	var clen int64
	if s := m["CONTENT_LENGTH"]; s != "" {
		n, ok := parseContentLength(s)
		if !ok {
			return nil, badRequest("invalid CONTENT_LENGTH var")
		}
		clen = n
		h["Content-Length"] = []string{strconv.FormatInt(n, 10)}
	} else if _, chunked := h["Transfer-Encoding"]; chunked || hasNonZero(h["Content-Length"]) {
		// The body is on the stream but its length is not: uwsgi_params
		// is missing from the front server's configuration.
		return nil, badRequest("request body without a CONTENT_LENGTH var")
	}
	delete(h, "Transfer-Encoding")
	if ct := m["CONTENT_TYPE"]; ct != "" {
		if !validHeaderValue(ct) {
			return nil, badRequest("invalid CONTENT_TYPE var")
		}
		h["Content-Type"] = []string{ct}
	}

	req := &http.Request{
		Method:        method,
		URL:           u,
		Proto:         proto,
		ProtoMajor:    major,
		ProtoMinor:    minor,
		Header:        h,
		Body:          http.NoBody,
		ContentLength: clen,
		Close:         true,
		Host:          host,
		RequestURI:    uri,
	}
	return req.WithContext(context.WithValue(ctx, varsKey{}, m)), nil
}

// parseRequestURI parses a request target as net/http's readRequest does.
func parseRequestURI(method, uri string) (*url.URL, bool) {
	if strings.IndexByte(uri, ' ') >= 0 {
		return nil, false // cannot have come from a request line
	}
	// CONNECT's authority form ("host:port") has no scheme or path.
	justAuthority := method == http.MethodConnect && !strings.HasPrefix(uri, "/")
	raw := uri
	if justAuthority {
		raw = "http://" + uri
	}
	u, err := url.ParseRequestURI(raw)
	if err != nil {
		return nil, false
	}
	if justAuthority {
		u.Scheme = ""
	}
	return u, true
}

// hasNonZero reports whether Content-Length values announce a body; values
// may be lists, as nginx 1.23 and later join repeated header lines.
func hasNonZero(values []string) bool {
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			if strings.TrimLeft(strings.TrimSpace(part), "0") != "" {
				return true
			}
		}
	}
	return false
}

// parseContentLength accepts 1*DIGIT that fits an int64.
func parseContentLength(s string) (int64, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// headerName turns the part of an HTTP_* var name after "HTTP_" into a
// canonical header name (X_FORWARDED_FOR becomes X-Forwarded-For). The
// name must be as nginx and other front servers write it: token
// characters, '_' for '-', no lower-case letters; anything else is refused
// so that distinct var names never map to the same header.
func headerName(name string) (string, bool) {
	if name == "" {
		return "", false
	}
	b := make([]byte, len(name))
	upper := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '_':
			c = '-'
		case c == '-', 'a' <= c && c <= 'z', !isTokenChar(c):
			return "", false
		case !upper && 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		b[i] = c
		upper = c == '-'
	}
	return string(b), true
}

func isTokenChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isTokenChar(s[i]) {
			return false
		}
	}
	return true
}

// validHeaderValue rejects control characters other than horizontal tab.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// validHost accepts the characters net/http accepts in a Host header:
// those of a reg-name, an IP literal and a port.
func validHost(h string) bool {
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!$%&'()*+,-.:;=[]_~", c) >= 0:
		default:
			return false
		}
	}
	return true
}
