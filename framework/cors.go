package framework

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// CORSOptions configure CORS. The zero value allows nothing: list the
// origins, or give AllowOriginFunc.
type CORSOptions struct {
	// AllowedOrigins are the origins allowed to read responses:
	// "https://example.com", "http://localhost:3000", or
	// "https://*.example.com" for example.com and its subdomains (as
	// CSRF_TRUSTED_ORIGINS). "*" allows any origin, and then
	// AllowCredentials must be false.
	AllowedOrigins []string
	// AllowOriginFunc, when set, is asked about origins AllowedOrigins
	// does not list (origin is the Origin header, as sent).
	AllowOriginFunc func(origin string) bool
	// AllowedMethods are the methods allowed (default GET, HEAD, POST).
	AllowedMethods []string
	// AllowedHeaders are the request headers allowed besides the
	// CORS-safelisted ones (default Accept, Accept-Language,
	// Content-Language, Content-Type, X-Requested-With); "*" allows any.
	AllowedHeaders []string
	// ExposedHeaders are the response headers scripts may read besides
	// the safelisted ones (Access-Control-Expose-Headers).
	ExposedHeaders []string
	// AllowCredentials lets cross-origin requests carry cookies and HTTP
	// authentication (Access-Control-Allow-Credentials). Unsafe requests
	// from another origin still pass the CSRF check only when the origin
	// is in Config.CSRFTrustedOrigins.
	AllowCredentials bool
	// MaxAge is how long browsers may cache a preflight's answer
	// (Access-Control-Max-Age, whole seconds; zero sends none, and
	// browsers keep it five seconds).
	MaxAge time.Duration
}

// CORS returns middleware answering cross-origin requests as the Fetch
// standard's CORS protocol asks: a preflight (OPTIONS with Origin and
// Access-Control-Request-Method) gets 204 without reaching the handler,
// with Access-Control-Allow-* headers when the origin, method and
// headers are allowed (and none otherwise, which the browser refuses);
// other requests from an allowed origin get Access-Control-Allow-Origin
// (and -Credentials, -Expose-Headers). Responses get Vary: Origin. It is
// opt-in: app.Use(framework.CORS(opts)).
//
// Options that cannot work panic at start-up, with a framework: prefix:
// no origins, a malformed origin, or "*" with AllowCredentials (browsers
// refuse credentials with a wildcard origin; list the origins instead).
//
// It is written here rather than taken from github.com/rs/cors: the
// protocol is short, the origin patterns are CSRF_TRUSTED_ORIGINS' (one
// syntax to learn), and a credentials-with-wildcard configuration must
// fail at start-up rather than send headers browsers ignore.
func CORS(o CORSOptions) func(http.Handler) http.Handler {
	c, err := newCORS(o)
	if err != nil {
		panic(err.Error())
	}
	return c.middleware
}

type cors struct {
	anyOrigin   bool
	origins     []originPattern
	originFunc  func(string) bool
	methods     []string // upper case
	anyHeader   bool
	headers     []string // lower case
	allowMethod string   // Access-Control-Allow-Methods
	expose      string
	credentials bool
	maxAge      string
}

func newCORS(o CORSOptions) (*cors, error) {
	c := &cors{originFunc: o.AllowOriginFunc, credentials: o.AllowCredentials}
	for _, s := range o.AllowedOrigins {
		if s == "*" {
			c.anyOrigin = true
			continue
		}
		p, err := parseOriginPattern(s)
		if err != nil {
			return nil, fmt.Errorf("framework: CORS: AllowedOrigins: %w", err)
		}
		c.origins = append(c.origins, p)
	}
	if c.anyOrigin && c.credentials {
		return nil, fmt.Errorf(`framework: CORS: AllowedOrigins "*" with AllowCredentials: browsers refuse credentials from a wildcard origin; list the origins`)
	}
	if !c.anyOrigin && len(c.origins) == 0 && c.originFunc == nil {
		return nil, fmt.Errorf("framework: CORS: no AllowedOrigins and no AllowOriginFunc: no origin would be allowed")
	}
	methods := o.AllowedMethods
	if len(methods) == 0 {
		methods = []string{http.MethodGet, http.MethodHead, http.MethodPost}
	}
	for _, m := range methods {
		if m == "" || strings.ContainsAny(m, " ,\t") {
			return nil, fmt.Errorf("framework: CORS: AllowedMethods: %q is not a method", m)
		}
		c.methods = append(c.methods, strings.ToUpper(m))
	}
	c.allowMethod = strings.Join(c.methods, ", ")
	headers := o.AllowedHeaders
	if headers == nil {
		headers = []string{"Accept", "Accept-Language", "Content-Language", "Content-Type", "X-Requested-With"}
	}
	for _, h := range headers {
		if h == "*" {
			c.anyHeader = true
			continue
		}
		if h == "" || strings.ContainsAny(h, " ,\t:") {
			return nil, fmt.Errorf("framework: CORS: AllowedHeaders: %q is not a header name", h)
		}
		c.headers = append(c.headers, strings.ToLower(h))
	}
	for _, h := range o.ExposedHeaders {
		if h == "" || strings.ContainsAny(h, " ,\t:") {
			return nil, fmt.Errorf("framework: CORS: ExposedHeaders: %q is not a header name", h)
		}
	}
	c.expose = strings.Join(o.ExposedHeaders, ", ")
	if o.MaxAge < 0 {
		return nil, fmt.Errorf("framework: CORS: MaxAge %v is negative", o.MaxAge)
	}
	if s := int64(o.MaxAge / time.Second); s > 0 {
		c.maxAge = strconv.FormatInt(s, 10)
	}
	return c, nil
}

func (c *cors) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		origin, hasOrigin := r.Header["Origin"]
		preflight := r.Method == http.MethodOptions && hasOrigin && r.Header.Get("Access-Control-Request-Method") != ""
		if preflight {
			addVary(h, "Origin")
			addVary(h, "Access-Control-Request-Method")
			addVary(h, "Access-Control-Request-Headers")
			c.preflight(h, r, firstOr(origin, ""))
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if !c.anyOrigin || c.originFunc != nil {
			addVary(h, "Origin")
		}
		if hasOrigin && slices.Contains(c.methods, r.Method) {
			if allow, ok := c.allowOrigin(firstOr(origin, "")); ok {
				h.Set("Access-Control-Allow-Origin", allow)
				if c.credentials {
					h.Set("Access-Control-Allow-Credentials", "true")
				}
				if c.expose != "" {
					h.Set("Access-Control-Expose-Headers", c.expose)
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// preflight sets the headers of an allowed preflight.
func (c *cors) preflight(h http.Header, r *http.Request, origin string) {
	allow, ok := c.allowOrigin(origin)
	if !ok {
		return
	}
	method := r.Header.Get("Access-Control-Request-Method")
	if !slices.Contains(c.methods, method) {
		return
	}
	requested := requestedHeaders(r)
	if !c.anyHeader {
		for _, name := range requested {
			if !slices.Contains(c.headers, name) {
				return
			}
		}
	}
	h.Set("Access-Control-Allow-Origin", allow)
	h.Set("Access-Control-Allow-Methods", c.allowMethod)
	if len(requested) > 0 {
		h.Set("Access-Control-Allow-Headers", strings.Join(requested, ", "))
	}
	if c.credentials {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
	if c.maxAge != "" {
		h.Set("Access-Control-Max-Age", c.maxAge)
	}
}

// requestedHeaders returns Access-Control-Request-Headers' names, lower
// case (some proxies split it over several lines).
func requestedHeaders(r *http.Request) []string {
	var out []string
	for _, v := range r.Header.Values("Access-Control-Request-Headers") {
		for _, name := range splitList(v) {
			out = append(out, strings.ToLower(name))
		}
	}
	return out
}

// allowOrigin returns the Access-Control-Allow-Origin value for origin,
// and whether it is allowed.
func (c *cors) allowOrigin(origin string) (string, bool) {
	if c.anyOrigin {
		return "*", true
	}
	if origin == "" {
		return "", false
	}
	if scheme, host, ok := splitOrigin(origin); ok {
		for _, p := range c.origins {
			if p.matches(scheme, host) {
				return origin, true
			}
		}
	}
	if c.originFunc != nil && c.originFunc(origin) {
		return origin, true
	}
	return "", false
}
