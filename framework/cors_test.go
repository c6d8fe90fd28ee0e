package framework_test

import (
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goframe/goframe/framework"
)

func newCORSApp(t *testing.T, o framework.CORSOptions) (*framework.App, *atomic.Int64) {
	t.Helper()
	a := framework.New(framework.Config{SecretKey: strings.Repeat("k", 40), AllowedHosts: []string{"api.example.com"}, NoRequestLog: true,
		Logger: slog.New(slog.DiscardHandler)})
	a.Use(framework.CORS(o))
	var calls atomic.Int64
	view := func(r *framework.Request) framework.Response {
		calls.Add(1)
		return framework.Text("data").WithHeader("X-Total", "3")
	}
	a.Route("/items", view, "GET", "PUT", "OPTIONS")
	a.Post("/items", view)
	return a, &calls
}

func TestCORS(t *testing.T) {
	t.Parallel()
	opts := framework.CORSOptions{
		AllowedOrigins:   []string{"https://app.example.com", "https://*.partner.example"},
		AllowOriginFunc:  func(origin string) bool { return origin == "https://func.example" },
		AllowedMethods:   []string{"GET", "PUT", "POST"},
		AllowedHeaders:   []string{"Content-Type", "X-CSRFToken"},
		ExposedHeaders:   []string{"X-Total"},
		AllowCredentials: true,
		MaxAge:           10 * time.Minute,
	}
	tests := []struct {
		name, method, origin string
		reqMethod, reqHeader string // preflight's Access-Control-Request-*
		status               int
		reached              bool              // the view ran
		want                 map[string]string // headers; "" = absent
	}{
		{name: "preflight", method: "OPTIONS", origin: "https://app.example.com", reqMethod: "PUT", reqHeader: "content-type, X-CSRFToken",
			status: 204, want: map[string]string{
				"Access-Control-Allow-Origin":      "https://app.example.com",
				"Access-Control-Allow-Methods":     "GET, PUT, POST",
				"Access-Control-Allow-Headers":     "content-type, x-csrftoken",
				"Access-Control-Allow-Credentials": "true",
				"Access-Control-Max-Age":           "600",
			}},
		{name: "preflight of a wildcard subdomain", method: "OPTIONS", origin: "https://a.b.partner.example", reqMethod: "PUT",
			status: 204, want: map[string]string{"Access-Control-Allow-Origin": "https://a.b.partner.example", "Access-Control-Allow-Headers": ""}},
		{name: "preflight allowed by the func", method: "OPTIONS", origin: "https://func.example", reqMethod: "GET",
			status: 204, want: map[string]string{"Access-Control-Allow-Origin": "https://func.example"}},
		{name: "preflight from a disallowed origin", method: "OPTIONS", origin: "https://evil.example", reqMethod: "PUT",
			status: 204, want: map[string]string{"Access-Control-Allow-Origin": "", "Access-Control-Allow-Methods": ""}},
		{name: "preflight with the wrong scheme", method: "OPTIONS", origin: "http://app.example.com", reqMethod: "PUT",
			status: 204, want: map[string]string{"Access-Control-Allow-Origin": ""}},
		{name: "preflight of a disallowed method", method: "OPTIONS", origin: "https://app.example.com", reqMethod: "DELETE",
			status: 204, want: map[string]string{"Access-Control-Allow-Origin": ""}},
		{name: "preflight of a disallowed header", method: "OPTIONS", origin: "https://app.example.com", reqMethod: "PUT", reqHeader: "X-Secret",
			status: 204, want: map[string]string{"Access-Control-Allow-Origin": ""}},
		{name: "plain OPTIONS reaches the view", method: "OPTIONS", origin: "https://app.example.com",
			status: 200, reached: true},
		{name: "simple request", method: "GET", origin: "https://app.example.com",
			status: 200, reached: true, want: map[string]string{
				"Access-Control-Allow-Origin":      "https://app.example.com",
				"Access-Control-Allow-Credentials": "true",
				"Access-Control-Expose-Headers":    "X-Total",
				"Access-Control-Allow-Methods":     "",
			}},
		{name: "simple request from a disallowed origin", method: "GET", origin: "https://evil.example",
			status: 200, reached: true, want: map[string]string{"Access-Control-Allow-Origin": "", "Access-Control-Allow-Credentials": ""}},
		{name: "same-origin request without Origin", method: "GET",
			status: 200, reached: true, want: map[string]string{"Access-Control-Allow-Origin": ""}},
		{name: "a cross-origin POST still needs the CSRF token", method: "POST", origin: "https://app.example.com",
			status: 403, want: map[string]string{"Access-Control-Allow-Origin": "https://app.example.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, calls := newCORSApp(t, opts)
			req := httptest.NewRequest(tt.method, "https://api.example.com/items", nil)
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			if tt.reqMethod != "" {
				req.Header.Set("Access-Control-Request-Method", tt.reqMethod)
			}
			if tt.reqHeader != "" {
				req.Header.Set("Access-Control-Request-Headers", tt.reqHeader)
			}
			w := httptest.NewRecorder()
			a.ServeHTTP(w, req)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d (%q)", w.Code, tt.status, w.Body.String())
			}
			if reached := calls.Load() == 1; reached != tt.reached {
				t.Errorf("view reached: %v, want %v", reached, tt.reached)
			}
			for k, v := range tt.want {
				if got := w.Header().Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
			if vary := strings.Join(w.Header().Values("Vary"), ", "); !strings.Contains(vary, "Origin") {
				t.Errorf("Vary %q", vary)
			}
		})
	}
}

func TestCORS_AnyOrigin(t *testing.T) {
	t.Parallel()
	a, _ := newCORSApp(t, framework.CORSOptions{AllowedOrigins: []string{"*"}, AllowedHeaders: []string{"*"}})
	req := httptest.NewRequest("OPTIONS", "https://api.example.com/items", nil)
	req.Header.Set("Origin", "https://anyone.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "X-Anything")
	w := httptest.NewRecorder()
	a.ServeHTTP(w, req)
	h := w.Header()
	if w.Code != 204 || h.Get("Access-Control-Allow-Origin") != "*" || h.Get("Access-Control-Allow-Headers") != "x-anything" ||
		h.Get("Access-Control-Allow-Credentials") != "" {
		t.Errorf("preflight: %d %v", w.Code, h)
	}
	req = httptest.NewRequest("GET", "https://api.example.com/items", nil)
	req.Header.Set("Origin", "https://anyone.example")
	w = httptest.NewRecorder()
	a.ServeHTTP(w, req)
	if w.Header().Get("Access-Control-Allow-Origin") != "*" || w.Body.String() != "data" {
		t.Errorf("GET: %v %q", w.Header(), w.Body.String())
	}
}

func TestCORS_BadOptions(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		opts framework.CORSOptions
		want string
	}{
		{"credentials with any origin", framework.CORSOptions{AllowedOrigins: []string{"*"}, AllowCredentials: true}, `"*" with AllowCredentials`},
		{"no origins", framework.CORSOptions{}, "no AllowedOrigins"},
		{"origin without a scheme", framework.CORSOptions{AllowedOrigins: []string{"example.com"}}, `"example.com" has no scheme`},
		{"origin with a path", framework.CORSOptions{AllowedOrigins: []string{"https://example.com/"}}, "without a path"},
		{"bad method", framework.CORSOptions{AllowedOrigins: []string{"https://a.example"}, AllowedMethods: []string{"GET, POST"}}, `"GET, POST" is not a method`},
		{"bad header", framework.CORSOptions{AllowedOrigins: []string{"https://a.example"}, AllowedHeaders: []string{"X-A: 1"}}, "is not a header name"},
		{"negative max age", framework.CORSOptions{AllowedOrigins: []string{"https://a.example"}, MaxAge: -time.Second}, "negative"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			defer func() {
				p := recover()
				if s, _ := p.(string); !strings.HasPrefix(s, "framework: CORS: ") || !strings.Contains(s, tt.want) {
					t.Errorf("panic %v, want one about %q", p, tt.want)
				}
			}()
			framework.CORS(tt.opts)
		})
	}
}
