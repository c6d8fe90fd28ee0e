package proxy

import (
	"fmt"
	"net/netip"
	"strings"
)

// Trust is a parsed forwarded_allow_ips list: the peers whose X-Forwarded-*
// and Forwarded headers are believed. The zero value trusts nobody, not even
// Unix-socket peers; use ParseTrust to build one. A Trust is immutable and
// safe for concurrent use.
type Trust struct {
	all      bool           // "*": every peer
	unix     bool           // Unix-socket peers (always set by ParseTrust)
	prefixes []netip.Prefix // single addresses are /32 or /128 prefixes
}

// ParseTrust parses Gunicorn's forwarded_allow_ips: a comma-separated list
// of IP addresses ("127.0.0.1", "::1"), CIDR networks ("10.0.0.0/8",
// "fd00::/8") or "*" for every peer. Blanks around entries and empty entries
// are ignored, so "" trusts only Unix-socket peers. Host bits in a network
// are cleared ("10.1.2.3/8" means 10.0.0.0/8); IPv4-mapped IPv6 entries
// ("::ffff:10.0.0.1") are stored as their IPv4 form. The error names the
// first entry that is neither an address nor a network.
func ParseTrust(spec string) (Trust, error) {
	t := Trust{unix: true}
	for _, entry := range strings.Split(spec, ",") {
		entry = strings.TrimSpace(entry)
		switch {
		case entry == "":
			continue
		case entry == "*":
			t.all = true
			continue
		}
		p, ok := parseTrustEntry(entry)
		if !ok {
			return Trust{}, fmt.Errorf("proxy: forwarded-allow-ips: %q is not an IP address or CIDR network", entry)
		}
		t.prefixes = append(t.prefixes, p)
	}
	return t, nil
}

func parseTrustEntry(entry string) (netip.Prefix, bool) {
	if strings.Contains(entry, "/") {
		p, err := netip.ParsePrefix(entry)
		if err != nil {
			return netip.Prefix{}, false
		}
		p = p.Masked()
		if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
		}
		return p, true
	}
	a, err := netip.ParseAddr(entry)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), true
}

// Trusted reports whether the peer at remoteAddr may set forwarding headers.
// remoteAddr has the shape of http.Request.RemoteAddr: "1.2.3.4:5678" or
// "[::1]:5678" (a bare address without a port is accepted too). An empty
// remoteAddr, one starting with "@" (Linux abstract or unnamed socket) or
// one containing "/" (a socket path) is a Unix-socket peer, which a Trust
// from ParseTrust always trusts, as Gunicorn does. IPv4-mapped IPv6 peers
// ("[::ffff:10.0.0.1]:80") match IPv4 entries; IPv6 zones are ignored.
// Anything else that does not parse is untrusted, unless the list is "*".
func (t Trust) Trusted(remoteAddr string) bool {
	if t.all {
		return true
	}
	if isUnixPeer(remoteAddr) {
		return t.unix
	}
	a, ok := peerAddr(remoteAddr)
	return ok && t.contains(a)
}

// contains reports whether the address a (not a Unix socket) is trusted.
func (t Trust) contains(a netip.Addr) bool {
	if t.all {
		return true
	}
	a = a.Unmap().WithZone("")
	for _, p := range t.prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// String returns the list in ParseTrust's syntax: "*" when every peer is
// trusted, otherwise the entries in their canonical form, comma-separated
// ("127.0.0.1,::1,10.0.0.0/8").
func (t Trust) String() string {
	if t.all {
		return "*"
	}
	var b strings.Builder
	for i, p := range t.prefixes {
		if i > 0 {
			b.WriteByte(',')
		}
		if p.IsSingleIP() {
			b.WriteString(p.Addr().String())
		} else {
			b.WriteString(p.String())
		}
	}
	return b.String()
}

func isUnixPeer(remoteAddr string) bool {
	return remoteAddr == "" || remoteAddr[0] == '@' || strings.IndexByte(remoteAddr, '/') >= 0
}

// peerAddr extracts the IP address from a RemoteAddr-shaped string.
func peerAddr(s string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr(), true
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return a, true
	}
	return netip.Addr{}, false
}
