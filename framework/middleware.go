package framework

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
)

// Recover turns a panic in the handler into a 500 (when nothing was sent
// yet) and logs it with its stack. http.ErrAbortHandler goes on, as
// net/http expects.
func Recover(log *slog.Logger) func(http.Handler) http.Handler {
	if log == nil {
		log = slog.Default()
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := &statusRecorder{ResponseWriter: w}
			defer func() {
				p := recover()
				if p == nil {
					return
				}
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.Error("panic serving request", "method", r.Method, "path", r.URL.Path,
					"request_id", RequestIDFrom(r.Context()), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if !rec.wrote {
					http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
				}
			}()
			next.ServeHTTP(rec, r)
		})
	}
}

// statusRecorder notes whether the response began.
type statusRecorder struct {
	http.ResponseWriter
	wrote bool
}

func (s *statusRecorder) WriteHeader(code int) {
	s.wrote = true
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

type requestIDKey struct{}

// RequestIDHeader is the header that carries a request's ID.
const RequestIDHeader = "X-Request-ID"

// RequestID gives each request an ID: the client's X-Request-ID when it
// is a plausible one (up to 128 letters, digits, '-', '_', '.', as a
// proxy such as nginx's $request_id sends), otherwise a new random one.
// The ID is in the request's context (RequestIDFrom) and the response's
// X-Request-ID header, for logs on both sides.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := incomingRequestID(r)
		w.Header()["X-Request-Id"] = []string{id} // RequestIDHeader, canonical
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// incomingRequestID returns the client's request ID when it is a
// plausible one, else a new random one: 128 bits from the runtime's
// ChaCha8 generator (math/rand/v2), as nginx's $request_id. An ID
// correlates log lines; it is no secret, so it needs no system call.
func incomingRequestID(r *http.Request) string {
	if v := r.Header["X-Request-Id"]; len(v) > 0 && validRequestID(v[0]) {
		return v[0]
	}
	var b [16]byte
	var x [32]byte
	binary.LittleEndian.PutUint64(b[:8], rand.Uint64())
	binary.LittleEndian.PutUint64(b[8:], rand.Uint64())
	hex.Encode(x[:], b[:])
	return string(x[:])
}

func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, c := range []byte(id) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// RequestIDFrom returns the request ID RequestID put in ctx ("" if none).
func RequestIDFrom(ctx context.Context) string {
	if st := reqStateFrom(ctx); st != nil && st.requestID != "" {
		return st.requestID
	}
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// SecurityOptions configure SecurityHeaders, with Django's defaults.
type SecurityOptions struct {
	// FrameOptions is X-Frame-Options (default DENY).
	FrameOptions string
	// ReferrerPolicy is Referrer-Policy (default same-origin).
	ReferrerPolicy string
	// HSTSSeconds, when positive, sends Strict-Transport-Security on
	// HTTPS responses (SECURE_HSTS_SECONDS), with includeSubDomains and
	// preload when asked.
	HSTSSeconds           int
	HSTSIncludeSubdomains bool
	HSTSPreload           bool
}

// SecurityHeaders sets the headers of Django's SecurityMiddleware and
// XFrameOptionsMiddleware: X-Content-Type-Options: nosniff,
// Referrer-Policy, X-Frame-Options, and HSTS on HTTPS when configured.
// They are set before the handler runs: a handler (or an outer
// middleware) that sets one of them keeps its own value.
func SecurityHeaders(o SecurityOptions) func(http.Handler) http.Handler {
	sh := newSecurityHeaders(o)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			sh.apply(w.Header(), r)
			next.ServeHTTP(w, r)
		})
	}
}

// securityHeaders are SecurityHeaders' values, one slice per value,
// shared by every response (len == cap, so an Add elsewhere copies rather
// than writes into it): setting the headers allocates nothing.
type securityHeaders struct {
	nosniff, referrer, frame, hsts []string
}

func newSecurityHeaders(o SecurityOptions) securityHeaders {
	if o.FrameOptions == "" {
		o.FrameOptions = "DENY"
	}
	if o.ReferrerPolicy == "" {
		o.ReferrerPolicy = "same-origin"
	}
	sh := securityHeaders{nosniff: []string{"nosniff"}, referrer: []string{o.ReferrerPolicy}, frame: []string{o.FrameOptions}}
	if o.HSTSSeconds > 0 {
		hsts := fmt.Sprintf("max-age=%d", o.HSTSSeconds)
		if o.HSTSIncludeSubdomains {
			hsts += "; includeSubDomains"
		}
		if o.HSTSPreload {
			hsts += "; preload"
		}
		sh.hsts = []string{hsts}
	}
	return sh
}

// apply sets the headers in h that are not set yet.
func (sh *securityHeaders) apply(h http.Header, r *http.Request) {
	setDefaultSlice(h, "X-Content-Type-Options", sh.nosniff)
	setDefaultSlice(h, "Referrer-Policy", sh.referrer)
	setDefaultSlice(h, "X-Frame-Options", sh.frame)
	if sh.hsts != nil && isHTTPS(r) {
		setDefaultSlice(h, "Strict-Transport-Security", sh.hsts)
	}
}

// setDefaultSlice sets the canonical header k to v unless it has a value.
func setDefaultSlice(h http.Header, k string, v []string) {
	if len(h[k]) == 0 {
		h[k] = v
	}
}

// isHTTPS reports whether the client used HTTPS: TLS here, or the scheme
// the gateway's trusted proxy handling set.
func isHTTPS(r *http.Request) bool {
	return r.TLS != nil || r.URL.Scheme == "https"
}

// AllowedHosts refuses, with 400, a request whose Host is not in hosts
// (Django's ALLOWED_HOSTS): "example.com" matches exactly, ".example.com"
// that domain and its subdomains, "*" any host. Ports are ignored. With
// debug, the refusal says which setting to change.
func AllowedHosts(hosts []string, debug bool) func(http.Handler) http.Handler {
	patterns := hostPatterns(hosts)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			host := hostWithoutPort(r.Host)
			if !hostAllowed(host, patterns) {
				msg := "Bad Request (400)"
				if debug {
					msg = fmt.Sprintf("Invalid HTTP_HOST header: %q. You may need to add %q to ALLOWED_HOSTS.", r.Host, host)
				}
				http.Error(w, msg, http.StatusBadRequest)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// hostPatterns normalizes ALLOWED_HOSTS entries for hostAllowed.
func hostPatterns(hosts []string) []string {
	patterns := make([]string, len(hosts))
	for i, h := range hosts {
		patterns[i] = strings.ToLower(strings.TrimSuffix(h, "."))
	}
	return patterns
}

func hostWithoutPort(h string) string {
	// Only a Host with a port goes through SplitHostPort, whose error
	// for one without allocates.
	if strings.LastIndexByte(h, ':') <= strings.LastIndexByte(h, ']') {
		return strings.ToLower(strings.TrimSuffix(h, "."))
	}
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
		if strings.Contains(h, ":") {
			h = "[" + h + "]" // an IPv6 literal, as ALLOWED_HOSTS writes it
		}
	}
	return strings.ToLower(strings.TrimSuffix(h, "."))
}

func hostAllowed(host string, patterns []string) bool {
	if host == "" {
		return false
	}
	for _, p := range patterns {
		switch {
		case p == "*":
			return true
		case strings.HasPrefix(p, "."):
			if host == p[1:] || strings.HasSuffix(host, p) {
				return true
			}
		case host == p:
			return true
		}
	}
	return false
}
