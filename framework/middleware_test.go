package framework

import (
	"bytes"
	"crypto/tls"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRecover(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	h := Recover(log)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") }))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/x", nil))
	if w.Code != 500 || !strings.Contains(logs.String(), "panic=boom") || !strings.Contains(logs.String(), "middleware_test.go") {
		t.Errorf("status %d, log %q", w.Code, logs.String())
	}
	// After the response began: logged, the status stays.
	h = Recover(log)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(202)
		panic("late")
	}))
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if w.Code != 202 {
		t.Errorf("late panic: %d", w.Code)
	}
	defer func() {
		if p := recover(); p != http.ErrAbortHandler {
			t.Errorf("ErrAbortHandler not passed on: %v", p)
		}
	}()
	Recover(log)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })).
		ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
}

func TestRequestID(t *testing.T) {
	var seen string
	h := RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = RequestIDFrom(r.Context()) }))
	for _, tc := range []struct{ in, want string }{
		{"abc-123_x.y", "abc-123_x.y"},
		{"", ""},
		{"bad id\n", ""},
		{strings.Repeat("a", 129), ""},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set(RequestIDHeader, tc.in)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		got := w.Header().Get(RequestIDHeader)
		if got != seen || (tc.want != "" && got != tc.want) || (tc.want == "" && len(got) != 32) {
			t.Errorf("in %q: header %q, context %q", tc.in, got, seen)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/frame" {
			w.Header().Set("X-Frame-Options", "SAMEORIGIN")
		}
	})
	h := SecurityHeaders(SecurityOptions{HSTSSeconds: 3600, HSTSIncludeSubdomains: true})(ok)
	get := func(path string, https bool) http.Header {
		req := httptest.NewRequest("GET", path, nil)
		if https {
			req.TLS = &tls.ConnectionState{}
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w.Header()
	}
	plain := get("/", false)
	if plain.Get("X-Content-Type-Options") != "nosniff" || plain.Get("Referrer-Policy") != "same-origin" ||
		plain.Get("X-Frame-Options") != "DENY" || plain.Get("Strict-Transport-Security") != "" {
		t.Errorf("plain: %v", plain)
	}
	if got := get("/", true).Get("Strict-Transport-Security"); got != "max-age=3600; includeSubDomains" {
		t.Errorf("https: HSTS %q", got)
	}
	// The handler's own value replaces the default.
	if got := get("/frame", false).Get("X-Frame-Options"); got != "SAMEORIGIN" {
		t.Errorf("frame: %q", got)
	}
}

func TestAllowedHosts(t *testing.T) {
	ok := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	hosts := []string{"example.com", ".example.org", "[::1]", "127.0.0.1"}
	for _, tc := range []struct {
		host  string
		debug bool
		code  int
		body  string
	}{
		{"example.com", false, 200, ""},
		{"EXAMPLE.com:8000", false, 200, ""},
		{"example.com.", false, 200, ""},
		{"www.example.com", false, 400, "Bad Request (400)"},
		{"example.org", false, 200, ""},
		{"a.b.example.org", false, 200, ""},
		{"badexample.org", false, 400, ""},
		{"[::1]:8000", false, 200, ""},
		{"127.0.0.1", false, 200, ""},
		{"evil.com", true, 400, `Invalid HTTP_HOST header: "evil.com". You may need to add "evil.com" to ALLOWED_HOSTS.`},
		{"", false, 400, ""},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = tc.host
		w := httptest.NewRecorder()
		AllowedHosts(hosts, tc.debug)(ok).ServeHTTP(w, req)
		if w.Code != tc.code || (tc.body != "" && strings.TrimSpace(w.Body.String()) != tc.body) {
			t.Errorf("host %q: %d %q", tc.host, w.Code, w.Body.String())
		}
	}
	w := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/", nil)
	req.Host = "anything.test"
	AllowedHosts([]string{"*"}, false)(ok).ServeHTTP(w, req)
	if w.Code != 200 {
		t.Errorf("*: %d", w.Code)
	}
}
