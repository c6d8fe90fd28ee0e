package framework

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// testSecret is a secret key for tests.
const testSecret = "test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"

// syncBuffer is a log destination safe for concurrent requests.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newSessionApp returns an App for session tests: Debug, a secret key,
// no request log, logs in the returned buffer.
func newSessionApp(t *testing.T, cfg Config) (*App, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	cfg.Debug = true
	if cfg.SecretKey == "" {
		cfg.SecretKey = testSecret
	}
	cfg.NoRequestLog = true
	cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	return New(cfg), logs
}

// browser is an HTTP client with a cookie jar that does not follow
// redirects, talking to an App through a real server.
type browser struct {
	t   *testing.T
	srv *httptest.Server
	c   *http.Client
}

func newBrowser(t *testing.T, h http.Handler) *browser {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return newBrowserOn(t, srv)
}

// newBrowserOn returns a browser of its own on srv.
func newBrowserOn(t *testing.T, srv *httptest.Server) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := srv.Client()
	c2 := *c
	c2.Jar = jar
	c2.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &browser{t: t, srv: srv, c: &c2}
}

// get requests path and returns the response, its body read.
func (b *browser) get(path string) (*http.Response, string) {
	b.t.Helper()
	return b.do(http.MethodGet, path, nil)
}

func (b *browser) do(method, path string, body io.Reader) (*http.Response, string) {
	b.t.Helper()
	req, err := http.NewRequest(method, b.srv.URL+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	return resp, string(data)
}

// cookie returns the value the jar holds for the cookie name ("" if
// none).
func (b *browser) cookie(name string) string {
	u, _ := url.Parse(b.srv.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// setCookie puts a cookie in the jar, as a client could send any.
func (b *browser) setCookie(name, value string) {
	u, _ := url.Parse(b.srv.URL)
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// sessionSetCookie returns the response's Set-Cookie for the session
// cookie, parsed (nil if none).
func sessionSetCookie(resp *http.Response) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == SessionCookieName {
			return c
		}
	}
	return nil
}

// hasVaryCookie reports whether the response varies on Cookie.
func hasVaryCookie(h http.Header) bool {
	for _, v := range h.Values("Vary") {
		if strings.Contains(strings.ToLower(v), "cookie") {
			return true
		}
	}
	return false
}

// countingStore counts the calls to the real store it wraps.
type countingStore struct {
	SessionStore
	mu                 sync.Mutex
	loads, saves, dels int
}

func (c *countingStore) Load(ctx context.Context, key string) (map[string]any, error) {
	c.mu.Lock()
	c.loads++
	c.mu.Unlock()
	return c.SessionStore.Load(ctx, key)
}

func (c *countingStore) Save(ctx context.Context, key string, data map[string]any, expiry time.Time) (string, error) {
	c.mu.Lock()
	c.saves++
	c.mu.Unlock()
	return c.SessionStore.Save(ctx, key, data, expiry)
}

func (c *countingStore) Delete(ctx context.Context, key string) error {
	c.mu.Lock()
	c.dels++
	c.mu.Unlock()
	return c.SessionStore.Delete(ctx, key)
}

// counts returns the number of loads, saves and deletes so far.
func (c *countingStore) counts() (loads, saves, dels int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.loads, c.saves, c.dels
}
