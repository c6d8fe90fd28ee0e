package proxy_test

import (
	"errors"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"testing"

	"github.com/goframe/goframe/gateway/internal/proxy"
)

// FuzzForwarded feeds arbitrary forwarding headers to Apply: it must not
// panic, and must either fail with a 400 and leave the request alone, or
// leave a RemoteAddr that net.SplitHostPort and netip accept.
func FuzzForwarded(f *testing.F) {
	seeds := [][4]string{
		{"for=192.0.2.60;proto=http;by=203.0.113.43", "", "", ""},
		{`for="[2001:db8:cafe::17]:4711"`, "", "", ""},
		{`for=192.0.2.43, for="[2001:db8:cafe::17]", for=unknown`, "", "", ""},
		{`for=_hidden;host="a.example:8080";proto=https`, "", "https", "b.example"},
		{`for="\"quoted\\"`, "203.0.113.7", "", ""},
		{"", "203.0.113.7, 10.0.0.2", "https", "example.com"},
		{"", "garbage, 10.0.0.2", "https,http", "[::1]:80"},
		{"", "[2001:db8::1]:4711, unknown", "HTTPS", "x"},
		{";;,,;", ",,", ",", ","},
		{`for="`, "::ffff:1.2.3.4", "", ""},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3])
	}
	trust, err := proxy.ParseTrust("127.0.0.1,::1,10.0.0.0/8,fd00::/8")
	if err != nil {
		f.Fatal(err)
	}
	const peer = "10.9.9.9:5000"
	f.Fuzz(func(t *testing.T, forwarded, xff, proto, host string) {
		r := newRequest(peer, nil)
		set := func(k, v string) {
			if v != "" {
				r.Header[k] = []string{v}
			}
		}
		set("Forwarded", forwarded)
		set("X-Forwarded-For", xff)
		set("X-Forwarded-Proto", proto)
		set("X-Forwarded-Host", host)

		err := trust.Apply(r)
		if err != nil {
			var pe *proxy.Error
			if !errors.As(err, &pe) || pe.Status != http.StatusBadRequest {
				t.Fatalf("error %v is not a 400 *proxy.Error", err)
			}
			if r.RemoteAddr != peer || r.Host != origHost || r.URL.Scheme != "" {
				t.Fatalf("failed Apply changed the request")
			}
			return
		}
		h, p, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			t.Fatalf("RemoteAddr %q: %v", r.RemoteAddr, err)
		}
		if _, err := netip.ParseAddr(h); err != nil {
			t.Fatalf("RemoteAddr %q: host: %v", r.RemoteAddr, err)
		}
		if _, err := strconv.ParseUint(p, 10, 16); err != nil {
			t.Fatalf("RemoteAddr %q: port: %v", r.RemoteAddr, err)
		}
		if _, err := netip.ParseAddrPort(r.RemoteAddr); err != nil {
			t.Fatalf("RemoteAddr %q: %v", r.RemoteAddr, err)
		}
		switch r.URL.Scheme {
		case "", "http", "https":
		default:
			t.Fatalf("scheme %q", r.URL.Scheme)
		}
		if r.Host != origHost {
			if u, err := url.Parse("http://" + r.Host + "/"); err != nil || u.Host != r.Host || u.Path != "/" {
				t.Fatalf("host %q does not parse as a URL authority: %v", r.Host, err)
			}
		}

		// The same headers from an untrusted peer change nothing.
		u := newRequest("198.51.100.1:1", nil)
		u.Header = r.Header
		if err := trust.Apply(u); err != nil || u.RemoteAddr != "198.51.100.1:1" || u.Host != origHost || u.URL.Scheme != "" {
			t.Fatalf("untrusted peer: err=%v RemoteAddr=%q Host=%q", err, u.RemoteAddr, u.Host)
		}
	})
}
