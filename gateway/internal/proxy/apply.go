package proxy

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// Error is a request Apply refuses: contradictory scheme headers or a
// malformed header from a trusted peer. The gateway answers it with Status
// (always 400 Bad Request) and may show Reason, which quotes at most a
// header name and a short part of its value.
type Error struct {
	Status int    // HTTP status for the response: http.StatusBadRequest
	Reason string // what is wrong, e.g. "contradictory scheme headers: ..."
}

// Error returns "proxy: " followed by the reason.
func (e *Error) Error() string { return "proxy: " + e.Reason }

func badRequest(format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Reason: fmt.Sprintf(format, args...)}
}

func malformed(header, value, format string, args ...any) *Error {
	if len(value) > 64 {
		value = value[:64] + "..."
	}
	return badRequest("malformed %s header %q: %s", header, value, fmt.Sprintf(format, args...))
}

// Header names, in canonical form so that r.Header can be indexed directly.
const (
	hForwarded = "Forwarded"
	hXFF       = "X-Forwarded-For"
	hXFHost    = "X-Forwarded-Host"
	hXFProto   = "X-Forwarded-Proto"
	hXFProtoco = "X-Forwarded-Protocol"
	hXFSsl     = "X-Forwarded-Ssl"
	hXFScheme  = "X-Forwarded-Scheme"
)

// schemeHeaders are the X-Forwarded-* scheme headers and the values that
// mean https and http. The first three are Gunicorn's default
// secure_scheme_headers; a value outside both lists is malformed.
var schemeHeaders = []struct {
	name         string
	https, plain []string
}{
	{hXFProtoco, []string{"ssl", "https"}, []string{"http"}},
	{hXFProto, []string{"https"}, []string{"http"}},
	{hXFSsl, []string{"on"}, []string{"off"}},
	{hXFScheme, []string{"https"}, []string{"http"}},
}

// Apply rewrites r in place from the forwarding headers when r.RemoteAddr
// is a trusted peer (see the package documentation for the rules). It sets
//
//   - r.RemoteAddr to the client's address as "ip:port" or "[ip]:port",
//     with the port the Forwarded for= node carries, else 0;
//   - r.URL.Scheme to "http" or "https" (r.URL is replaced by a modified
//     copy, so a request sharing the old *url.URL is not affected; r.TLS is
//     never touched, so handlers must look at r.URL.Scheme);
//   - r.Host (and r.URL.Host when it was set) to the forwarded host.
//
// Headers are left as they are. Apply returns an *Error, and leaves r
// unchanged, when the scheme headers contradict each other or a header it
// uses is malformed. From an untrusted peer Apply does nothing and returns
// nil, whatever the headers say.
func (t Trust) Apply(r *http.Request) error {
	// Most requests carry no forwarding header: check that first, as it
	// costs less than parsing the peer's address.
	h := r.Header
	if len(h[hForwarded]) == 0 && len(h[hXFF]) == 0 && len(h[hXFHost]) == 0 &&
		len(h[hXFProto]) == 0 && len(h[hXFProtoco]) == 0 && len(h[hXFSsl]) == 0 && len(h[hXFScheme]) == 0 {
		return nil
	}
	if !t.Trusted(r.RemoteAddr) {
		return nil
	}

	var (
		client    netip.AddrPort
		hasClient bool
		clientSet bool // the client address was decided (possibly "keep the peer")
		v         votes
		host      string
		hostFrom  string
	)

	// RFC 7239 Forwarded: the element naming the client also gives the
	// proto and host that proxy saw.
	if lines := h[hForwarded]; len(lines) > 0 {
		elems, err := parseForwarded(lines)
		if err != nil {
			return err
		}
		if len(elems) > 0 {
			i, ap, known, err := t.walk(len(elems), func(i int) (netip.AddrPort, bool, error) {
				if !elems[i].hasFor {
					return netip.AddrPort{}, false, nil
				}
				ap, known, err := parseNode(elems[i].forV)
				if err != nil {
					return ap, false, malformed(hForwarded, "for="+elems[i].forV, "%v", err)
				}
				return ap, known, nil
			})
			if err != nil {
				return err
			}
			for _, e := range elems {
				if e.hasFor {
					client, hasClient, clientSet = ap, known, true
					break
				}
			}
			e := elems[i]
			if e.hasProto {
				if err := v.add("Forwarded proto", e.proto, []string{"https"}, []string{"http"}); err != nil {
					return err
				}
			}
			if e.hasHst {
				host, hostFrom = e.host, "Forwarded host"
			}
		}
	}

	if !clientSet {
		if list := splitList(h[hXFF]); len(list) > 0 {
			_, ap, known, err := t.walk(len(list), func(i int) (netip.AddrPort, bool, error) {
				return parseXFFEntry(list[i])
			})
			if err != nil {
				return err
			}
			client, hasClient = ap, known
		}
	}

	for _, sh := range schemeHeaders {
		for _, val := range splitList(h[sh.name]) {
			if err := v.add(sh.name, val, sh.https, sh.plain); err != nil {
				return err
			}
		}
	}

	if hostFrom == "" {
		if list := splitList(h[hXFHost]); len(list) > 0 {
			host, hostFrom = list[len(list)-1], hXFHost
		}
	}
	if hostFrom != "" && !validHost(host) {
		return badRequest("malformed %s %q: not a host[:port]", hostFrom, truncate(host))
	}

	// Validated: now change r.
	if hasClient {
		r.RemoteAddr = client.String()
	}
	if v.scheme != "" || hostFrom != "" {
		if r.URL != nil {
			u := *r.URL
			if v.scheme != "" {
				u.Scheme = v.scheme
			}
			if hostFrom != "" && u.Host != "" {
				u.Host = host
			}
			r.URL = &u
		}
		if hostFrom != "" {
			r.Host = host
		}
	}
	return nil
}

// walk finds the element naming the client in a chain of n hops listed
// left (farthest) to right (nearest): from the right, skip hops whose
// address is trusted, stop at the first untrusted address, or at the first
// hop whose address is unknown (known false). If every hop is trusted the
// leftmost is taken. node is called only for the hops walked over, so
// entries left of the client, which untrusted parties wrote, are never
// parsed.
func (t Trust) walk(n int, node func(i int) (netip.AddrPort, bool, error)) (int, netip.AddrPort, bool, error) {
	for i := n - 1; ; i-- {
		ap, known, err := node(i)
		if err != nil || !known || i == 0 || !t.contains(ap.Addr()) {
			return i, ap, known && err == nil, err
		}
	}
}

// parseXFFEntry parses one X-Forwarded-For entry: an IPv4 or IPv6 address,
// optionally with a port ("1.2.3.4:80", "[2001:db8::1]:80", "[2001:db8::1]"),
// or "unknown".
func parseXFFEntry(s string) (netip.AddrPort, bool, error) {
	if strings.EqualFold(s, "unknown") {
		return netip.AddrPort{}, false, nil
	}
	if a, err := netip.ParseAddr(s); err == nil && a.Zone() == "" {
		return netip.AddrPortFrom(a.Unmap(), 0), true, nil
	}
	if ap, err := netip.ParseAddrPort(s); err == nil && ap.Addr().Zone() == "" {
		return netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port()), true, nil
	}
	if len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']' {
		if a, err := netip.ParseAddr(s[1 : len(s)-1]); err == nil && a.Is6() && a.Zone() == "" {
			return netip.AddrPortFrom(a.Unmap(), 0), true, nil
		}
	}
	return netip.AddrPort{}, false, badRequest("malformed %s entry %q: not an IP address", hXFF, truncate(s))
}

// votes collects what each scheme header says; all must agree.
type votes struct {
	scheme string // "http" or "https"; "" before the first vote
	from   string // header and value of the first vote, for the error
}

func (v *votes) add(header, val string, https, plain []string) error {
	var scheme string
	switch {
	case oneOf(val, https):
		scheme = "https"
	case oneOf(val, plain):
		scheme = "http"
	default:
		return badRequest("malformed %s %q: want %s", header, truncate(val), strings.Join(append(append([]string(nil), https...), plain...), " or "))
	}
	said := fmt.Sprintf("%s %q", header, truncate(val))
	switch {
	case v.scheme == "":
		v.scheme, v.from = scheme, said
	case v.scheme != scheme:
		return badRequest("contradictory scheme headers: %s, %s", v.from, said)
	}
	return nil
}

func oneOf(s string, list []string) bool {
	for _, w := range list {
		if strings.EqualFold(s, w) {
			return true
		}
	}
	return false
}

// splitList splits field lines on commas, trims blanks and drops empty
// elements (RFC 9110 section 5.6.1). It does not know quoted strings, which
// none of the X-Forwarded-* headers use.
func splitList(lines []string) []string {
	var out []string
	for _, line := range lines {
		for line != "" {
			var item string
			item, line, _ = strings.Cut(line, ",")
			if item = strings.Trim(item, " \t"); item != "" {
				out = append(out, item)
			}
		}
	}
	return out
}

// validHost reports whether s is a sane host[:port]: a name of letters,
// digits, '-', '.', '_' and '~', an IPv4 address, or a bracketed IPv6
// address, optionally followed by ":" and a decimal port up to 65535.
func validHost(s string) bool {
	if s == "" || len(s) > 261 {
		return false
	}
	name, port := s, ""
	if s[0] == '[' {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return false
		}
		a, err := netip.ParseAddr(s[1:end])
		if err != nil || !a.Is6() || a.Zone() != "" {
			return false
		}
		name, port = "", s[end+1:]
		if port != "" {
			if port[0] != ':' {
				return false
			}
			port = port[1:]
			if port == "" {
				return false
			}
		}
	} else if c := strings.IndexByte(s, ':'); c >= 0 {
		name, port = s[:c], s[c+1:]
		if name == "" || port == "" {
			return false
		}
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isAlnum(c) && c != '-' && c != '.' && c != '_' && c != '~' {
			return false
		}
	}
	if len(name) > 255 {
		return false
	}
	if port != "" && port[0] == '_' {
		return false
	}
	_, ok := parsePort(port, false)
	return ok
}

func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
