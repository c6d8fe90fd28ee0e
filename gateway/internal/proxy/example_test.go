package proxy_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/goframe/goframe/gateway/internal/proxy"
)

func Example() {
	trust, err := proxy.ParseTrust("127.0.0.1,::1,10.0.0.0/8")
	if err != nil {
		panic(err)
	}

	// A request relayed by a load balancer (10.0.0.2) through a local nginx.
	r := httptest.NewRequest(http.MethodGet, "/account", nil)
	r.RemoteAddr = "127.0.0.1:51234"
	r.Header.Set("X-Forwarded-For", "6.6.6.6, 203.0.113.7, 10.0.0.2")
	r.Header.Set("X-Forwarded-Proto", "https")
	r.Header.Set("X-Forwarded-Host", "shop.example")
	if err := trust.Apply(r); err != nil {
		panic(err)
	}
	fmt.Println(r.RemoteAddr, r.URL.Scheme, r.Host)

	// Contradictory scheme headers are refused, as Gunicorn does.
	r = httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "127.0.0.1:51234"
	r.Header.Set("X-Forwarded-Proto", "https")
	r.Header.Set("X-Forwarded-Ssl", "off")
	if err := trust.Apply(r); err != nil {
		fmt.Println(err.(*proxy.Error).Status, err)
	}

	// The same headers from an untrusted peer have no effect.
	r.RemoteAddr = "198.51.100.1:4000"
	fmt.Println(trust.Apply(r), r.RemoteAddr, r.URL.Scheme == "")

	// Output:
	// 203.0.113.7:0 https shop.example
	// 400 proxy: contradictory scheme headers: X-Forwarded-Proto "https", X-Forwarded-Ssl "off"
	// <nil> 198.51.100.1:4000 true
}

func ExampleParseTrust() {
	trust, err := proxy.ParseTrust("127.0.0.1, ::1, 10.1.2.3/8")
	fmt.Println(trust, err)
	fmt.Println(trust.Trusted("10.200.0.1:80"), trust.Trusted("192.0.2.1:80"), trust.Trusted("@"))

	_, err = proxy.ParseTrust("10.0.0.300")
	fmt.Println(err)
	// Output:
	// 127.0.0.1,::1,10.0.0.0/8 <nil>
	// true false true
	// proxy: forwarded-allow-ips: "10.0.0.300" is not an IP address or CIDR network
}
