package auth_test

import (
	"testing"

	"github.com/goframe/goframe/framework/auth"
)

// The cases of Django's URLHasAllowedHostAndSchemeTests
// (tests/utils_tests/test_http.py).

func TestIsSafeURL_Bad(t *testing.T) {
	t.Parallel()
	bad := []string{
		"http://example.com",
		"http:///example.com",
		"https://example.com",
		"ftp://example.com",
		`\\example.com`,
		`\\\example.com`,
		`/\\/example.com`,
		`\\//example.com`,
		`/\/example.com`,
		`\/example.com`,
		`/\example.com`,
		`http:/\//example.com`,
		`http:\/example.com`,
		`http:/\example.com`,
		`javascript:alert("XSS")`,
		"\njavascript:alert(x)",
		"java\nscript:alert(x)",
		"\x08//example.com",
		`http://otherserver\@example.com`,
		`http:\\testserver\@example.com`,
		`http://testserver\me:pass@example.com`,
		`http://testserver\@example.com`,
		`http:\\testserver\confirm\me@example.com`,
		"http:999999999",
		"ftp:9999999999",
		"\n",
		"",
		"   ",
		"http://[2001:cdba:0000:0000:0000:0000:3257:9652/",
		"http://2001:cdba:0000:0000:0000:0000:3257:9652]/",
		"///example.com",
		"\u200e//example.com", // a format character first
	}
	for _, u := range bad {
		if auth.IsSafeURL(u, []string{"testserver", "testserver2"}, false) {
			t.Errorf("IsSafeURL(%q) = true, want false", u)
		}
		if got := auth.SafeRedirect(u, "/fallback"); got != "/fallback" {
			t.Errorf("SafeRedirect(%q) = %q, want the fallback", u, got)
		}
	}
}

func TestIsSafeURL_Good(t *testing.T) {
	t.Parallel()
	good := []string{
		"/view/?param=http://example.com",
		"/view/?param=https://example.com",
		"/view?param=ftp://example.com",
		"view/?param=//example.com",
		"https://testserver/",
		"HTTPS://testserver/",
		"//testserver/",
		"http://testserver/confirm?email=me@example.com",
		"/url%20with%20spaces/",
		"path/http:2222222222",
	}
	for _, u := range good {
		if !auth.IsSafeURL(u, []string{"otherserver", "testserver"}, false) {
			t.Errorf("IsSafeURL(%q) = false, want true", u)
		}
	}
}

func TestIsSafeURL_Hosts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url          string
		hosts        []string
		requireHTTPS bool
		want         bool
	}{
		{"http://user:pass@testserver/", []string{"user:pass@testserver"}, false, true}, // basic auth
		{"/confirm/me@example.com", nil, false, true},
		{`http://testserver\@example.com`, nil, false, false},
		{"http://good.com/good", []string{"good.com"}, false, true},
		{"http://good.co/evil", []string{"good.com"}, false, false},
		{"https://example.com/p", []string{"example.com"}, true, true},
		{"HTTPS://example.com/p", []string{"example.com"}, true, true},
		{"/view/?param=http://example.com", []string{"example.com"}, true, true},
		{"http://example.com/p", []string{"example.com"}, true, false},
		{"ftp://example.com/p", []string{"example.com"}, true, false},
		{"//example.com/p", []string{"example.com"}, true, false},
	}
	for _, tt := range tests {
		if got := auth.IsSafeURL(tt.url, tt.hosts, tt.requireHTTPS); got != tt.want {
			t.Errorf("IsSafeURL(%q, %q, %v) = %v, want %v", tt.url, tt.hosts, tt.requireHTTPS, got, tt.want)
		}
	}
}

func TestSafeRedirect(t *testing.T) {
	t.Parallel()
	tests := []struct{ next, want string }{
		{"/posts/42/", "/posts/42/"},
		{"/search/?q=go%20web&page=2", "/search/?q=go%20web&page=2"},
		{" /padded/ ", "/padded/"},
		{"/with\ttab/", "/withtab/"},
		{"//evil.com", "/"},
		{`/\evil.com`, "/"},
		{"https://evil.com/", "/"},
		{"https://example.com/", "/"}, // no host is allowed, not even the site's
		{"javascript:alert(1)", "/"},
		{"", "/"},
	}
	for _, tt := range tests {
		if got := auth.SafeRedirect(tt.next, "/"); got != tt.want {
			t.Errorf("SafeRedirect(%q, \"/\") = %q, want %q", tt.next, got, tt.want)
		}
	}
}
