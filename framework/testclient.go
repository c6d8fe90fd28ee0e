package framework

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// TestClient sends requests to an App in process, as Django's and
// Flask's test clients do: no sockets, the whole middleware chain, and a
// TestResponse that tells what the view rendered. It keeps cookies
// between requests like a browser (a net/http/cookiejar: paths and
// expiry are honoured, Secure cookies go over HTTPS only — or to
// localhost, which browsers count as secure), so a login or a session
// carries over.
//
// The App's checks run as in production. The Host sent is one the App
// serves (see Host), rather than Django's "testserver" added to
// ALLOWED_HOSTS behind the settings' back. Unsafe requests carry a
// correct CSRF token (see NoCSRF), rather than Django's switching the
// check off: the CSRF check under test is the real one.
//
// Set the fields before the first request; a TestClient is then safe for
// concurrent use.
type TestClient struct {
	// Host is the Host of requests for a path. NewTestClient picks one
	// the App serves: the first entry of Config.AllowedHosts that names
	// a host ("example.com" for "example.com" or ".example.com";
	// "localhost" with Debug's defaults), else "testserver" (for "*" —
	// or for no entry, which the App refuses with 400, as it would in
	// production).
	Host string
	// HTTPS sends requests as if the client used HTTPS behind a trusted
	// proxy: the request's URL.Scheme is "https", as the gateway sets it
	// from X-Forwarded-Proto, so Request.IsSecure is true and Secure
	// cookies are kept and sent.
	HTTPS bool
	// FollowRedirects follows redirects (3xx with a Location), up to 10,
	// recording them in TestResponse.RedirectChain: 307 and 308 repeat
	// the method and body, the others become a GET (a HEAD stays a HEAD),
	// as browsers do. A redirect to a host the App does not serve is not
	// followed. Off by default, as in Django.
	FollowRedirects bool
	// NoCSRF sends unsafe requests (POST, PUT, PATCH, DELETE...) without
	// a CSRF token or an Origin header, to test that the App refuses
	// them. By default the client sends the token of its CSRFCookieName
	// cookie (making one up and keeping it as that cookie if it has
	// none) in the CSRFHeaderName header, unless the request has that
	// header or its form has a CSRFFieldName field, and an Origin header
	// naming the App, as a browser on the site would.
	NoCSRF bool
	// Header holds headers sent with every request.
	Header http.Header
	// Jar keeps the cookies; NewTestClient makes an empty one.
	Jar http.CookieJar

	app    *App
	csrfMu sync.Mutex // one CSRF secret when requests race for the first
}

// maxTestRedirects is how many redirects FollowRedirects follows.
const maxTestRedirects = 10

// testRemoteAddr is the client address of the test client's requests.
const testRemoteAddr = "127.0.0.1:40000"

// NewTestClient returns a test client of app with an empty cookie jar.
func NewTestClient(app *App) *TestClient {
	jar, _ := cookiejar.New(nil) // never fails without options
	return &TestClient{app: app, Jar: jar, Host: testHost(app.cfg.AllowedHosts)}
}

// testHost picks a host that hosts (ALLOWED_HOSTS patterns) allow.
func testHost(hosts []string) string {
	for _, h := range hosts {
		h = strings.TrimSuffix(h, ".")
		switch {
		case h == "*" || h == "" || h == ".":
		case strings.HasPrefix(h, "."):
			return h[1:]
		default:
			return h
		}
	}
	return "testserver"
}

// RequestOption changes a request before the test client sends it: set
// a header, the client address (req.RemoteAddr), the context.
type RequestOption func(req *http.Request)

// RequestHeader returns a RequestOption setting the header key to value.
func RequestHeader(key, value string) RequestOption {
	return func(req *http.Request) { req.Header.Set(key, value) }
}

// Get sends a GET for path (a path on the App, with a query string if
// any; or an absolute URL on a host the App serves).
func (c *TestClient) Get(path string, opts ...RequestOption) (*TestResponse, error) {
	return c.send(http.MethodGet, path, "", nil, opts)
}

// Head sends a HEAD for path.
func (c *TestClient) Head(path string, opts ...RequestOption) (*TestResponse, error) {
	return c.send(http.MethodHead, path, "", nil, opts)
}

// Post sends a POST of body, of the given Content-Type, to path.
func (c *TestClient) Post(path, contentType string, body io.Reader, opts ...RequestOption) (*TestResponse, error) {
	var b []byte
	if body != nil {
		var err error
		if b, err = io.ReadAll(body); err != nil {
			return nil, fmt.Errorf("framework: test client: POST %s: reading the body: %w", path, err)
		}
	}
	return c.send(http.MethodPost, path, contentType, b, opts)
}

// PostForm sends a POST of form, urlencoded, to path.
func (c *TestClient) PostForm(path string, form url.Values, opts ...RequestOption) (*TestResponse, error) {
	return c.send(http.MethodPost, path, "application/x-www-form-urlencoded", []byte(form.Encode()), opts)
}

// PostJSON sends a POST of v, encoded as JSON, to path.
func (c *TestClient) PostJSON(path string, v any, opts ...RequestOption) (*TestResponse, error) {
	return c.sendJSON(http.MethodPost, path, v, opts)
}

// Put sends a PUT of v, encoded as JSON, to path.
func (c *TestClient) Put(path string, v any, opts ...RequestOption) (*TestResponse, error) {
	return c.sendJSON(http.MethodPut, path, v, opts)
}

// Patch sends a PATCH of v, encoded as JSON, to path.
func (c *TestClient) Patch(path string, v any, opts ...RequestOption) (*TestResponse, error) {
	return c.sendJSON(http.MethodPatch, path, v, opts)
}

// Delete sends a DELETE to path, with v encoded as JSON as its body
// unless v is nil.
func (c *TestClient) Delete(path string, v any, opts ...RequestOption) (*TestResponse, error) {
	if v == nil {
		return c.send(http.MethodDelete, path, "", nil, opts)
	}
	return c.sendJSON(http.MethodDelete, path, v, opts)
}

// Do sends req as the client's other methods do (its cookies, CSRF token
// and redirects), keeping req's method, headers, body and context. The
// host is req.URL's when the URL is absolute, else the client's Host
// (httptest.NewRequest's example.com is replaced).
func (c *TestClient) Do(req *http.Request) (*TestResponse, error) {
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		var err error
		body, err = io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("framework: test client: %s %s: reading the body: %w", req.Method, req.URL, err)
		}
	}
	u, err := c.absolute(req.URL.String())
	if err != nil {
		return nil, fmt.Errorf("framework: test client: %s %s: %w", req.Method, req.URL, err)
	}
	h := hop{ctx: req.Context(), method: req.Method, u: u, header: req.Header.Clone(), body: body}
	h.header.Del("Cookie")
	return c.follow(h)
}

func (c *TestClient) sendJSON(method, path string, v any, opts []RequestOption) (*TestResponse, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("framework: test client: %s %s: encoding the body: %w", method, path, err)
	}
	return c.send(method, path, "application/json", b, opts)
}

func (c *TestClient) send(method, path, contentType string, body []byte, opts []RequestOption) (*TestResponse, error) {
	u, err := c.absolute(path)
	if err != nil {
		return nil, fmt.Errorf("framework: test client: %s %s: %w", method, path, err)
	}
	h := hop{ctx: context.Background(), method: method, u: u, header: http.Header{}, body: body, opts: opts}
	if contentType != "" {
		h.header.Set("Content-Type", contentType)
	}
	return c.follow(h)
}

// hop is one request of a chain of redirects.
type hop struct {
	ctx    context.Context
	method string
	u      *url.URL // absolute
	header http.Header
	body   []byte
	opts   []RequestOption
}

// absolute resolves a path (or an absolute URL) against the client's
// scheme and host.
func (c *TestClient) absolute(path string) (*url.URL, error) {
	ref, err := url.Parse(path)
	if err != nil {
		return nil, err
	}
	if ref.Host == "" && !strings.HasPrefix(ref.Path, "/") {
		return nil, fmt.Errorf("want a path starting with / or an absolute URL, got %q", path)
	}
	return c.base().ResolveReference(ref), nil
}

// base is the URL of the site's root, as the client sees it.
func (c *TestClient) base() *url.URL {
	scheme := "http"
	if c.HTTPS {
		scheme = "https"
	}
	return &url.URL{Scheme: scheme, Host: c.Host, Path: "/"}
}

// follow sends h and, with FollowRedirects, the redirects it gets.
func (c *TestClient) follow(h hop) (*TestResponse, error) {
	resp, err := c.roundTrip(h)
	if err != nil {
		return nil, err
	}
	var chain []RedirectHop
	for c.FollowRedirects && isRedirectStatus(resp.StatusCode) && resp.Location() != "" {
		loc := resp.Location()
		ref, err := url.Parse(loc)
		if err != nil {
			return nil, fmt.Errorf("framework: test client: %s %s: bad Location %q: %w", h.method, h.u, loc, err)
		}
		next := h.u.ResolveReference(ref)
		if !strings.EqualFold(hostWithoutPort(next.Host), hostWithoutPort(h.u.Host)) && !c.serves(next.Host) {
			break // another site's: the App cannot answer for it
		}
		if len(chain) == maxTestRedirects {
			return nil, fmt.Errorf("framework: test client: %s %s: more than %d redirects: %s", h.method, h.u.RequestURI(), maxTestRedirects, chainText(chain))
		}
		chain = append(chain, RedirectHop{URL: loc, StatusCode: resp.StatusCode})
		h.u = next
		if resp.StatusCode != http.StatusTemporaryRedirect && resp.StatusCode != http.StatusPermanentRedirect {
			if h.method != http.MethodHead {
				h.method = http.MethodGet
			}
			h.body = nil
			h.header = h.header.Clone()
			h.header.Del("Content-Type")
		}
		if resp, err = c.roundTrip(h); err != nil {
			return nil, err
		}
	}
	resp.RedirectChain = chain
	return resp, nil
}

func isRedirectStatus(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

func chainText(chain []RedirectHop) string {
	parts := make([]string, len(chain))
	for i, r := range chain {
		parts[i] = fmt.Sprintf("%d %s", r.StatusCode, r.URL)
	}
	return strings.Join(parts, " -> ")
}

// serves reports whether the App's AllowedHosts allow host.
func (c *TestClient) serves(host string) bool {
	patterns := make([]string, len(c.app.cfg.AllowedHosts))
	for i, p := range c.app.cfg.AllowedHosts {
		patterns[i] = strings.ToLower(strings.TrimSuffix(p, "."))
	}
	return hostAllowed(hostWithoutPort(host), patterns)
}

// roundTrip sends one request through the App.
func (c *TestClient) roundTrip(h hop) (resp *TestResponse, err error) {
	req, err := c.build(h)
	if err != nil {
		return nil, err
	}
	ctx, log := withRenderLog(req.Context())
	req = req.WithContext(ctx)
	rec := httptest.NewRecorder()
	defer func() {
		if p := recover(); p != nil {
			resp, err = nil, fmt.Errorf("framework: test client: %s %s: the handler panicked: %v", h.method, h.u.RequestURI(), p)
			if p == http.ErrAbortHandler {
				err = fmt.Errorf("framework: test client: %s %s: the handler aborted the response: %w", h.method, h.u.RequestURI(), http.ErrAbortHandler)
			}
		}
	}()
	c.app.ServeHTTP(rec, req)
	res := rec.Result()
	if cookies := res.Cookies(); len(cookies) > 0 {
		c.Jar.SetCookies(h.u, cookies)
	}
	return &TestResponse{
		StatusCode: res.StatusCode,
		Header:     res.Header,
		Body:       rec.Body.Bytes(),
		Request:    req,
		Rendered:   log.all(),
	}, nil
}

// build makes the server-side request of h, as the gateway would hand it
// to the App: a path-only URL (the scheme set when HTTPS), Host,
// RequestURI and RemoteAddr filled in, the jar's cookies, and the CSRF
// token and Origin of an unsafe method.
func (c *TestClient) build(h hop) (*http.Request, error) {
	var body io.Reader = http.NoBody
	if h.body != nil {
		body = bytes.NewReader(h.body)
	}
	req, err := http.NewRequestWithContext(h.ctx, h.method, h.u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("framework: test client: %s %s: %w", h.method, h.u, err)
	}
	req.Header = c.Header.Clone() // copies: options may add to them
	if req.Header == nil {
		req.Header = http.Header{}
	}
	for k, v := range h.header {
		req.Header[k] = slices.Clone(v)
	}
	req.Host = h.u.Host
	req.RequestURI = h.u.RequestURI()
	req.RemoteAddr = testRemoteAddr
	req.URL = &url.URL{Path: h.u.Path, RawPath: h.u.RawPath, RawQuery: h.u.RawQuery}
	if h.u.Scheme == "https" {
		req.URL.Scheme = "https" // what the gateway sets behind a trusted proxy
	}
	for _, o := range h.opts {
		o(req)
	}
	if !isSafeMethod(req.Method) && !c.NoCSRF {
		if req.Header.Get("Origin") == "" {
			req.Header.Set("Origin", h.u.Scheme+"://"+h.u.Host)
		}
		if req.Header.Get(CSRFHeaderName) == "" && !formHasField(req.Header.Get("Content-Type"), h.body, CSRFFieldName) {
			req.Header.Set(CSRFHeaderName, c.csrfSecret(h.u))
		}
	}
	if req.Header.Get("Cookie") == "" {
		for _, ck := range c.Jar.Cookies(h.u) {
			req.AddCookie(ck)
		}
	}
	return req, nil
}

// isSafeMethod reports whether method is one the CSRF check lets
// through (RFC 9110's safe methods).
func isSafeMethod(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return true
	}
	return false
}

// csrfSecret returns the CSRF cookie the jar holds for u, making up one
// (32 letters and digits, as Django's) and keeping it if there is none.
func (c *TestClient) csrfSecret(u *url.URL) string {
	c.csrfMu.Lock()
	defer c.csrfMu.Unlock()
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == CSRFCookieName && ck.Value != "" {
			return ck.Value
		}
	}
	secret := randomCSRFSecret()
	c.Jar.SetCookies(u, []*http.Cookie{{Name: CSRFCookieName, Value: secret, Path: "/"}})
	return secret
}

// randomCSRFSecret returns 32 random characters from [a-zA-Z0-9].
func randomCSRFSecret() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, 32)
	for i := range b {
		b[i] = alphabet[randIndex(len(alphabet))]
	}
	return string(b)
}

// randIndex returns a uniform random number in [0, n), n <= 256.
func randIndex(n int) int {
	limit := 256 - 256%n // reject bytes past the last whole multiple of n
	var one [1]byte
	for {
		rand.Read(one[:]) // never fails (crypto/rand)
		if int(one[0]) < limit {
			return int(one[0]) % n
		}
	}
}

// formHasField reports whether body, a form of the Content-Type ct,
// has a field name.
func formHasField(ct string, body []byte, name string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	switch mt {
	case "application/x-www-form-urlencoded":
		vals, err := url.ParseQuery(string(body))
		return err == nil && vals.Has(name)
	case "multipart/form-data":
		mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		for {
			p, err := mr.NextPart()
			if err != nil {
				return false
			}
			if p.FormName() == name {
				return true
			}
		}
	}
	return false
}

// Cookie returns the cookie name the client would send to the App's
// root ("/"), or nil.
func (c *TestClient) Cookie(name string) *http.Cookie {
	for _, ck := range c.Jar.Cookies(c.base()) {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

// SetCookie stores a cookie in the client's jar as if the App had set
// it (path "/" unless given), to send with the next requests.
func (c *TestClient) SetCookie(ck *http.Cookie) {
	cp := *ck
	if cp.Path == "" {
		cp.Path = "/"
	}
	c.Jar.SetCookies(c.base(), []*http.Cookie{&cp})
}
