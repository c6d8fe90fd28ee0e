// Package proxy applies X-Forwarded-* and Forwarded headers from trusted peers.
//
// It implements Gunicorn's forwarded_allow_ips: a Trust, parsed by
// ParseTrust from "127.0.0.1,::1" (the default), a list of addresses and
// CIDR networks ("10.0.0.0/8,fd00::/8") or "*", decides which peers may set
// forwarding headers. Unix-socket peers are always trusted, as in Gunicorn.
// Trust.Apply then rewrites a request from such a peer so that the handler
// sees the client's address, scheme and host. From any other peer the
// headers have no effect and are never an error; they are not removed
// either, so a handler can still read them, but it must not believe them.
//
// # Client address
//
// X-Forwarded-For is a list of hops, farthest (the client) on the left,
// nearest on the right; every proxy appends the address it received the
// request from. Several field lines are joined in order, empty entries are
// ignored. Since anyone can write the left part of the list, Apply walks it
// from the right: it skips addresses that are themselves trusted proxies and
// takes the first untrusted one as the client; if all are trusted, the
// leftmost one. This is nginx's real_ip_recursive and Rails' rule, and with
// "*" it picks the leftmost entry. Entries left of the client are never
// examined. An entry is an IPv4 or IPv6 address, optionally with a port
// ("203.0.113.7:4711", "[2001:db8::1]:4711"); a walked entry that is not is
// a 400. "unknown" stops the walk and leaves r.RemoteAddr as the peer's
// address.
//
// RFC 7239 Forwarded is handled the same way, one forwarded-element per
// hop, by its for= parameter: for=192.0.2.60, for="[2001:db8:cafe::17]:4711",
// for=unknown, for=_hidden (obfuscated). An element without for=, with
// "unknown" or with an obfuscated name stops the walk and keeps the peer's
// address. The whole header must follow RFC 7239's syntax (tokens,
// quoted-strings with backslash escapes, case-insensitive parameter names,
// each at most once per element), else the request is a 400. The element the
// walk stops at, written by the trusted proxy that talked to the client,
// also supplies proto= and host=.
//
// r.RemoteAddr keeps net/http's "host:port" shape, so net.SplitHostPort
// works on it. The port is the one the Forwarded node or X-Forwarded-For
// entry carries, else 0 ("192.0.2.60:0"). X-Forwarded-Port is not used: it
// is the port the client connected to on the proxy, not the client's port.
// IPv4-mapped IPv6 addresses are written as IPv4.
//
// # Scheme
//
// r.URL.Scheme is set from these headers; r.TLS is left alone, so handlers
// should look at r.URL.Scheme:
//
//	X-Forwarded-Proto     https / http
//	X-Forwarded-Protocol  ssl or https / http
//	X-Forwarded-Ssl       on / off
//	X-Forwarded-Scheme    https / http
//	Forwarded proto=      https / http (of the element described above)
//
// The first three are Gunicorn's default secure_scheme_headers. Values are
// compared without regard to case; comma-separated values and repeated
// field lines each count on their own. As in Gunicorn's
// InvalidSchemeHeaders, if any two of them disagree the request is a 400.
// Unlike Gunicorn, which takes any value but the secure one to mean http, a
// value in neither column is a 400.
//
// # Host
//
// r.Host is set from Forwarded host= or, failing that, the rightmost entry
// of X-Forwarded-Host (the one the nearest proxy wrote). It must be a host
// name, an IPv4 address or a bracketed IPv6 address with an optional port,
// else the request is a 400.
//
// # Precedence
//
// When both Forwarded and X-Forwarded-* are present, Forwarded wins for what
// it carries: if any element has for=, X-Forwarded-For is ignored; its
// host= beats X-Forwarded-Host. Its proto= is one more scheme vote and must
// agree with the X-Forwarded-* scheme headers.
package proxy
