package proxy_test

import (
	"testing"

	"github.com/goframe/goframe/gateway/internal/proxy"
)

func TestParseTrust(t *testing.T) {
	tests := []struct {
		spec    string
		want    string // String()
		wantErr string
	}{
		{spec: "", want: ""},
		{spec: "127.0.0.1,::1", want: "127.0.0.1,::1"},
		{spec: " 127.0.0.1 , ::1 ,", want: "127.0.0.1,::1"},
		{spec: "*", want: "*"},
		{spec: "10.0.0.1, *", want: "*"},
		{spec: "10.0.0.0/8,fd00::/8", want: "10.0.0.0/8,fd00::/8"},
		{spec: "10.1.2.3/8", want: "10.0.0.0/8"},
		{spec: "::ffff:10.0.0.1", want: "10.0.0.1"},
		{spec: "::ffff:10.0.0.0/104", want: "10.0.0.0/8"},
		{spec: "192.0.2.1/32", want: "192.0.2.1"},
		{spec: "10.0.0.300", wantErr: `proxy: forwarded-allow-ips: "10.0.0.300" is not an IP address or CIDR network`},
		{spec: "127.0.0.1,localhost", wantErr: `proxy: forwarded-allow-ips: "localhost" is not an IP address or CIDR network`},
		{spec: "10.0.0.0/33", wantErr: `proxy: forwarded-allow-ips: "10.0.0.0/33" is not an IP address or CIDR network`},
		{spec: "fe80::1%eth0", wantErr: `proxy: forwarded-allow-ips: "fe80::1%eth0" is not an IP address or CIDR network`},
		{spec: "[::1]", wantErr: `proxy: forwarded-allow-ips: "[::1]" is not an IP address or CIDR network`},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			tr, err := proxy.ParseTrust(tt.spec)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("ParseTrust(%q) error = %v, want %q", tt.spec, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseTrust(%q): %v", tt.spec, err)
			}
			if got := tr.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			// String round-trips.
			again, err := proxy.ParseTrust(tr.String())
			if err != nil || again.String() != tt.want {
				t.Errorf("round trip: %q, %v", again.String(), err)
			}
		})
	}
}

func TestTrusted(t *testing.T) {
	tests := []struct {
		spec, remote string
		want         bool
	}{
		{"127.0.0.1,::1", "127.0.0.1:5678", true},
		{"127.0.0.1,::1", "[::1]:5678", true},
		{"127.0.0.1,::1", "127.0.0.2:5678", false},
		{"127.0.0.1,::1", "[::2]:5678", false},
		{"127.0.0.1,::1", "[::ffff:127.0.0.1]:5678", true},
		{"127.0.0.1,::1", "127.0.0.1", true},
		{"127.0.0.1,::1", "[fe80::1%eth0]:80", false},
		{"fe80::/10", "[fe80::1%eth0]:80", true},
		{"10.0.0.0/8", "10.255.1.2:80", true},
		{"10.0.0.0/8", "11.0.0.1:80", false},
		{"fd00::/8", "[fd12:3456::1]:443", true},
		{"fd00::/8", "[fe00::1]:443", false},
		{"::ffff:10.0.0.0/104", "10.9.9.9:1", true},
		{"*", "198.51.100.1:1", true},
		{"*", "not an address", true},
		{"127.0.0.1", "", true},                       // unix socket
		{"127.0.0.1", "@", true},                      // unix socket (unnamed/abstract)
		{"", "@gunicorn", true},                       // abstract socket
		{"", "/run/goframe.sock", true},               // unix path
		{"127.0.0.1", "garbage:80", false},            // not an address
		{"127.0.0.1", "127.0.0.1:notaport", false},    // not an address
		{"10.0.0.0/8", "10.0.0.1:99999999999", false}, // bad port: unparseable
	}
	for _, tt := range tests {
		t.Run(tt.spec+" "+tt.remote, func(t *testing.T) {
			tr, err := proxy.ParseTrust(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			if got := tr.Trusted(tt.remote); got != tt.want {
				t.Errorf("Trusted(%q) = %v, want %v", tt.remote, got, tt.want)
			}
		})
	}
}

func TestZeroTrust(t *testing.T) {
	var tr proxy.Trust
	for _, remote := range []string{"", "@", "/tmp/sock", "127.0.0.1:1", "[::1]:1"} {
		t.Run(remote, func(t *testing.T) {
			if tr.Trusted(remote) {
				t.Errorf("zero Trust trusts %q", remote)
			}
		})
	}
}
