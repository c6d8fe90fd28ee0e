package proxy_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/goframe/goframe/gateway/internal/proxy"
)

const (
	defaultTrust = "127.0.0.1,::1"
	chainTrust   = "127.0.0.1,::1,10.0.0.0/8,fd00::/8"
	origHost     = "origin.internal"
)

type hdr [][2]string

func newRequest(peer string, headers hdr) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/path?q=1", nil)
	r.RemoteAddr = peer
	r.Host = origHost
	for _, kv := range headers {
		r.Header.Add(kv[0], kv[1])
	}
	return r
}

func TestApply(t *testing.T) {
	tests := []struct {
		name    string
		trust   string // default defaultTrust
		peer    string // default 127.0.0.1:40000
		headers hdr
		remote  string // want r.RemoteAddr; "" = unchanged
		scheme  string // want r.URL.Scheme
		host    string // want r.Host; "" = unchanged
		wantErr string // substring of the error; "" = no error
	}{
		// Untrusted peers: nothing changes, nothing fails.
		{name: "untrusted XFF", peer: "198.51.100.9:1", headers: hdr{{"X-Forwarded-For", "203.0.113.7"}, {"X-Forwarded-Proto", "https"}, {"X-Forwarded-Host", "evil.example"}}},
		{name: "untrusted contradictory", peer: "198.51.100.9:1", headers: hdr{{"X-Forwarded-Proto", "https"}, {"X-Forwarded-Ssl", "off"}}},
		{name: "untrusted malformed", peer: "198.51.100.9:1", headers: hdr{{"Forwarded", `for="oops`}, {"X-Forwarded-For", "garbage"}}},
		{name: "untrusted IPv6", peer: "[2001:db8::9]:1", headers: hdr{{"X-Forwarded-For", "203.0.113.7"}}},
		{name: "zero trust", trust: "-", peer: "", headers: hdr{{"X-Forwarded-For", "203.0.113.7"}}},
		{name: "no headers", headers: nil},

		// Trusted peers of each kind.
		{name: "IPv4 peer", headers: hdr{{"X-Forwarded-For", "203.0.113.7"}}, remote: "203.0.113.7:0"},
		{name: "IPv6 peer", peer: "[::1]:40000", headers: hdr{{"X-Forwarded-For", "203.0.113.7"}}, remote: "203.0.113.7:0"},
		{name: "mapped peer", peer: "[::ffff:127.0.0.1]:40000", headers: hdr{{"X-Forwarded-For", "203.0.113.7"}}, remote: "203.0.113.7:0"},
		{name: "CIDR peer", trust: "10.0.0.0/8", peer: "10.1.2.3:40000", headers: hdr{{"X-Forwarded-For", "203.0.113.7"}}, remote: "203.0.113.7:0"},
		{name: "star peer", trust: "*", peer: "198.51.100.9:1", headers: hdr{{"X-Forwarded-For", "203.0.113.7"}}, remote: "203.0.113.7:0"},
		{name: "unix peer empty", trust: "", peer: "", headers: hdr{{"X-Forwarded-For", "203.0.113.7"}}, remote: "203.0.113.7:0"},
		{name: "unix peer at", peer: "@", headers: hdr{{"X-Forwarded-For", "203.0.113.7"}}, remote: "203.0.113.7:0"},

		// X-Forwarded-For chains.
		{name: "chain skips trusted", trust: chainTrust, headers: hdr{{"X-Forwarded-For", "203.0.113.7, 10.0.0.2"}}, remote: "203.0.113.7:0"},
		{name: "chain spoofed left", trust: chainTrust, headers: hdr{{"X-Forwarded-For", "6.6.6.6, 203.0.113.7, 10.0.0.2"}}, remote: "203.0.113.7:0"},
		{name: "chain all trusted", trust: chainTrust, headers: hdr{{"X-Forwarded-For", "10.0.0.3, 10.0.0.2"}}, remote: "10.0.0.3:0"},
		{name: "star takes leftmost", trust: "*", headers: hdr{{"X-Forwarded-For", "192.0.2.1, 192.0.2.2"}}, remote: "192.0.2.1:0"},
		{name: "default trust takes rightmost", headers: hdr{{"X-Forwarded-For", "192.0.2.1, 192.0.2.2"}}, remote: "192.0.2.2:0"},
		{name: "repeated lines", trust: chainTrust, headers: hdr{{"X-Forwarded-For", "6.6.6.6"}, {"X-Forwarded-For", "203.0.113.7, 10.0.0.2"}}, remote: "203.0.113.7:0"},
		{name: "empty entries", headers: hdr{{"X-Forwarded-For", " , ,203.0.113.7 ,"}}, remote: "203.0.113.7:0"},
		{name: "IPv6 entry", headers: hdr{{"X-Forwarded-For", "2001:db8::1"}}, remote: "[2001:db8::1]:0"},
		{name: "IPv6 trusted hop", trust: chainTrust, headers: hdr{{"X-Forwarded-For", "2001:db8::1, fd00::2"}}, remote: "[2001:db8::1]:0"},
		{name: "bracketed IPv6", headers: hdr{{"X-Forwarded-For", "[2001:db8::1]"}}, remote: "[2001:db8::1]:0"},
		{name: "entry with port", headers: hdr{{"X-Forwarded-For", "203.0.113.7:4711"}}, remote: "203.0.113.7:4711"},
		{name: "IPv6 entry with port", headers: hdr{{"X-Forwarded-For", "[2001:db8::1]:4711"}}, remote: "[2001:db8::1]:4711"},
		{name: "mapped entry", headers: hdr{{"X-Forwarded-For", "::ffff:203.0.113.7"}}, remote: "203.0.113.7:0"},
		{name: "garbage left of client ignored", headers: hdr{{"X-Forwarded-For", "garbage, 203.0.113.7"}}, remote: "203.0.113.7:0"},
		{name: "unknown keeps peer", headers: hdr{{"X-Forwarded-For", "unknown"}}},
		{name: "unknown after trusted keeps peer", trust: chainTrust, headers: hdr{{"X-Forwarded-For", "unknown, 10.0.0.2"}}},
		{name: "garbage walked", headers: hdr{{"X-Forwarded-For", "203.0.113.7, garbage"}}, wantErr: `malformed X-Forwarded-For entry "garbage"`},
		{name: "zone rejected", headers: hdr{{"X-Forwarded-For", "fe80::1%eth0"}}, wantErr: "malformed X-Forwarded-For"},
		{name: "bad IPv4", headers: hdr{{"X-Forwarded-For", "203.0.113.300"}}, wantErr: "malformed X-Forwarded-For"},
		{name: "hostname", headers: hdr{{"X-Forwarded-For", "client.example"}}, wantErr: "malformed X-Forwarded-For"},

		// RFC 7239 Forwarded.
		{name: "rfc example", headers: hdr{{"Forwarded", "for=192.0.2.60;proto=http;by=203.0.113.43"}}, remote: "192.0.2.60:0", scheme: "http"},
		{name: "quoted IPv6 with port", headers: hdr{{"Forwarded", `for="[2001:db8:cafe::17]:4711"`}}, remote: "[2001:db8:cafe::17]:4711"},
		{name: "case-insensitive names", headers: hdr{{"Forwarded", `For="192.0.2.60:80";PROTO=HTTPS;Host="example.com:8443"`}}, remote: "192.0.2.60:80", scheme: "https", host: "example.com:8443"},
		{name: "chain", trust: chainTrust, headers: hdr{{"Forwarded", "for=192.0.2.60;proto=https;host=a.example, for=10.0.0.2;proto=http;host=internal"}}, remote: "192.0.2.60:0", scheme: "https", host: "a.example"},
		{name: "chain spoofed", trust: chainTrust, headers: hdr{{"Forwarded", "for=6.6.6.6;host=evil.example, for=192.0.2.60;host=a.example"}, {"Forwarded", "for=10.0.0.2"}}, remote: "192.0.2.60:0", host: "a.example"},
		{name: "chain all trusted", trust: chainTrust, headers: hdr{{"Forwarded", "for=10.0.0.3;proto=https, for=10.0.0.2"}}, remote: "10.0.0.3:0", scheme: "https"},
		{name: "whitespace and empty", headers: hdr{{"Forwarded", " , for=192.0.2.60 ; ; proto=https ,"}}, remote: "192.0.2.60:0", scheme: "https"},
		{name: "unknown", headers: hdr{{"Forwarded", "for=unknown;proto=https"}}, scheme: "https"},
		{name: "unknown with port", headers: hdr{{"Forwarded", `for="unknown:4711"`}}},
		{name: "obfuscated", headers: hdr{{"Forwarded", "for=_hidden;host=a.example"}}, host: "a.example"},
		{name: "obfuscated port", headers: hdr{{"Forwarded", `for="192.0.2.60:_p0rt"`}}, remote: "192.0.2.60:0"},
		{name: "bare IPv6 accepted", headers: hdr{{"Forwarded", `for="2001:db8::17"`}}, remote: "[2001:db8::17]:0"},
		{name: "quoted pair", headers: hdr{{"Forwarded", `for="192.0.2.\60";host="ex\ample.com"`}}, remote: "192.0.2.60:0", host: "example.com"},
		{name: "extension ignored", headers: hdr{{"Forwarded", `for=192.0.2.60;secret="a,b;c=d"`}}, remote: "192.0.2.60:0"},
		{name: "Forwarded beats XFF", headers: hdr{{"Forwarded", "for=192.0.2.60"}, {"X-Forwarded-For", "198.51.100.1"}}, remote: "192.0.2.60:0"},
		{name: "Forwarded without for uses XFF", headers: hdr{{"Forwarded", "proto=https"}, {"X-Forwarded-For", "198.51.100.1"}}, remote: "198.51.100.1:0", scheme: "https"},
		{name: "Forwarded host beats XFH", headers: hdr{{"Forwarded", "host=a.example"}, {"X-Forwarded-Host", "b.example"}}, host: "a.example"},
		{name: "Forwarded proto agrees", headers: hdr{{"Forwarded", "proto=https"}, {"X-Forwarded-Proto", "https"}}, scheme: "https"},
		{name: "Forwarded proto disagrees", headers: hdr{{"Forwarded", "proto=https"}, {"X-Forwarded-Proto", "http"}}, wantErr: "contradictory scheme headers"},
		{name: "dup param", headers: hdr{{"Forwarded", "for=192.0.2.60;FOR=192.0.2.61"}}, wantErr: `parameter "for" repeated`},
		{name: "unterminated quote", headers: hdr{{"Forwarded", `for="192.0.2.60`}}, wantErr: "unterminated quoted string"},
		{name: "unquoted brackets", headers: hdr{{"Forwarded", "for=[2001:db8::1]"}}, wantErr: "missing value"},
		{name: "space around equals", headers: hdr{{"Forwarded", "for = 192.0.2.60"}}, wantErr: "malformed Forwarded"},
		{name: "trailing junk", headers: hdr{{"Forwarded", "for=192.0.2.60 junk"}}, wantErr: "malformed Forwarded"},
		{name: "no equals", headers: hdr{{"Forwarded", "for"}}, wantErr: "malformed Forwarded"},
		{name: "bad IPv4", headers: hdr{{"Forwarded", "for=192.0.2.300"}}, wantErr: "is not a node"},
		{name: "bad port", headers: hdr{{"Forwarded", `for="192.0.2.60:99999"`}}, wantErr: "is not a node"},
		{name: "empty port", headers: hdr{{"Forwarded", `for="192.0.2.60:"`}}, wantErr: "is not a node"},
		{name: "IPv4 in brackets", headers: hdr{{"Forwarded", `for="[192.0.2.60]"`}}, wantErr: "is not a node"},
		{name: "lone underscore", headers: hdr{{"Forwarded", "for=_"}}, wantErr: "is not a node"},
		{name: "control in quotes", headers: hdr{{"Forwarded", "for=\"192.0.2.60\x01\""}}, wantErr: "control character"},
		{name: "bad escape at end", headers: hdr{{"Forwarded", `for="x\`}}, wantErr: "bad escape"},
		{name: "bad proto", headers: hdr{{"Forwarded", "proto=ftp"}}, wantErr: `malformed Forwarded proto "ftp"`},
		{name: "bad host", headers: hdr{{"Forwarded", `host="a b"`}}, wantErr: "malformed Forwarded host"},
		{name: "malformed left of client still rejected", trust: chainTrust, headers: hdr{{"Forwarded", `for="oops, for=192.0.2.60`}}, wantErr: "unterminated"},

		// Scheme headers (Gunicorn's secure_scheme_headers and friends).
		{name: "proto https", headers: hdr{{"X-Forwarded-Proto", "https"}}, scheme: "https"},
		{name: "proto HTTPS", headers: hdr{{"X-Forwarded-Proto", "HTTPS"}}, scheme: "https"},
		{name: "proto http", headers: hdr{{"X-Forwarded-Proto", "http"}}, scheme: "http"},
		{name: "ssl on", headers: hdr{{"X-Forwarded-Ssl", "on"}}, scheme: "https"},
		{name: "ssl off", headers: hdr{{"X-Forwarded-Ssl", "off"}}, scheme: "http"},
		{name: "protocol ssl", headers: hdr{{"X-Forwarded-Protocol", "ssl"}}, scheme: "https"},
		{name: "protocol http", headers: hdr{{"X-Forwarded-Protocol", "http"}}, scheme: "http"},
		{name: "scheme https", headers: hdr{{"X-Forwarded-Scheme", "https"}}, scheme: "https"},
		{name: "all agree", headers: hdr{{"X-Forwarded-Proto", "https"}, {"X-Forwarded-Protocol", "ssl"}, {"X-Forwarded-Ssl", "on"}, {"X-Forwarded-Scheme", "https"}}, scheme: "https"},
		{name: "list agrees", headers: hdr{{"X-Forwarded-Proto", "https, https"}}, scheme: "https"},
		{name: "proto vs ssl", headers: hdr{{"X-Forwarded-Proto", "https"}, {"X-Forwarded-Ssl", "off"}}, wantErr: `contradictory scheme headers: X-Forwarded-Proto "https", X-Forwarded-Ssl "off"`},
		{name: "protocol vs proto", headers: hdr{{"X-Forwarded-Protocol", "ssl"}, {"X-Forwarded-Proto", "http"}}, wantErr: "contradictory scheme headers"},
		{name: "scheme vs ssl", headers: hdr{{"X-Forwarded-Scheme", "http"}, {"X-Forwarded-Ssl", "on"}}, wantErr: "contradictory scheme headers"},
		{name: "list disagrees", headers: hdr{{"X-Forwarded-Proto", "https, http"}}, wantErr: "contradictory scheme headers"},
		{name: "repeated disagree", headers: hdr{{"X-Forwarded-Proto", "https"}, {"X-Forwarded-Proto", "http"}}, wantErr: "contradictory scheme headers"},
		{name: "unknown proto", headers: hdr{{"X-Forwarded-Proto", "ftp"}}, wantErr: `malformed X-Forwarded-Proto "ftp": want https or http`},
		{name: "unknown ssl", headers: hdr{{"X-Forwarded-Ssl", "yes"}}, wantErr: "malformed X-Forwarded-Ssl"},

		// X-Forwarded-Host.
		{name: "host", headers: hdr{{"X-Forwarded-Host", "example.com"}}, host: "example.com"},
		{name: "host rightmost", headers: hdr{{"X-Forwarded-Host", "evil.example, real.example:8443"}}, host: "real.example:8443"},
		{name: "host IPv6", headers: hdr{{"X-Forwarded-Host", "[2001:db8::1]:8080"}}, host: "[2001:db8::1]:8080"},
		{name: "host IPv4", headers: hdr{{"X-Forwarded-Host", "192.0.2.1"}}, host: "192.0.2.1"},
		{name: "host space", headers: hdr{{"X-Forwarded-Host", "exa mple.com"}}, wantErr: "malformed X-Forwarded-Host"},
		{name: "host bad port", headers: hdr{{"X-Forwarded-Host", "example.com:99999"}}, wantErr: "malformed X-Forwarded-Host"},
		{name: "host empty port", headers: hdr{{"X-Forwarded-Host", "example.com:"}}, wantErr: "malformed X-Forwarded-Host"},
		{name: "host slash", headers: hdr{{"X-Forwarded-Host", "example.com/evil"}}, wantErr: "malformed X-Forwarded-Host"},
		{name: "host newline", headers: hdr{{"X-Forwarded-Host", "example.com\r\nX-Evil: 1"}}, wantErr: "malformed X-Forwarded-Host"},
		{name: "host unbracketed IPv6", headers: hdr{{"X-Forwarded-Host", "2001:db8::1"}}, wantErr: "malformed X-Forwarded-Host"},
		{name: "host bracket junk", headers: hdr{{"X-Forwarded-Host", "[2001:db8::1]x"}}, wantErr: "malformed X-Forwarded-Host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := tt.trust
			if spec == "" && !strings.HasPrefix(tt.name, "unix peer empty") {
				spec = defaultTrust
			}
			var tr proxy.Trust
			if spec != "-" {
				var err error
				if tr, err = proxy.ParseTrust(spec); err != nil {
					t.Fatal(err)
				}
			}
			peer := tt.peer
			if peer == "" && !strings.Contains(tt.name, "unix") && tt.name != "zero trust" {
				peer = "127.0.0.1:40000"
			}
			r := newRequest(peer, tt.headers)
			oldURL := r.URL
			before := r.Header.Clone()

			err := tr.Apply(r)

			if tt.wantErr != "" {
				var pe *proxy.Error
				if !errors.As(err, &pe) || pe.Status != http.StatusBadRequest {
					t.Fatalf("Apply error = %v, want a 400 *proxy.Error", err)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Apply error = %q, want it to contain %q", err, tt.wantErr)
				}
				if r.RemoteAddr != peer || r.Host != origHost || r.URL.Scheme != "" || r.URL != oldURL {
					t.Errorf("failed Apply changed r: RemoteAddr=%q Host=%q Scheme=%q", r.RemoteAddr, r.Host, r.URL.Scheme)
				}
				return
			}
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			wantRemote, wantHost := tt.remote, tt.host
			if wantRemote == "" {
				wantRemote = peer
			}
			if wantHost == "" {
				wantHost = origHost
			}
			if r.RemoteAddr != wantRemote {
				t.Errorf("RemoteAddr = %q, want %q", r.RemoteAddr, wantRemote)
			}
			if r.URL.Scheme != tt.scheme {
				t.Errorf("URL.Scheme = %q, want %q", r.URL.Scheme, tt.scheme)
			}
			if r.Host != wantHost {
				t.Errorf("Host = %q, want %q", r.Host, wantHost)
			}
			if oldURL.Scheme != "" {
				t.Errorf("Apply modified the original *url.URL")
			}
			if r.TLS != nil {
				t.Errorf("Apply set r.TLS")
			}
			for k, v := range before {
				if strings.Join(r.Header[k], "\n") != strings.Join(v, "\n") {
					t.Errorf("header %s changed: %q -> %q", k, v, r.Header[k])
				}
			}
		})
	}
}

func TestApplyAbsoluteURL(t *testing.T) {
	tr, _ := proxy.ParseTrust(defaultTrust)
	r := httptest.NewRequest(http.MethodGet, "http://origin.internal/x", nil)
	r.RemoteAddr = "127.0.0.1:1"
	r.Header.Set("X-Forwarded-Host", "www.example")
	r.Header.Set("X-Forwarded-Proto", "https")
	if err := tr.Apply(r); err != nil {
		t.Fatal(err)
	}
	if got := r.URL.String(); got != "https://www.example/x" {
		t.Errorf("URL = %q, want https://www.example/x", got)
	}
}

func TestErrorString(t *testing.T) {
	e := &proxy.Error{Status: http.StatusBadRequest, Reason: "contradictory scheme headers"}
	if got := e.Error(); got != "proxy: contradictory scheme headers" {
		t.Errorf("Error() = %q", got)
	}
}
