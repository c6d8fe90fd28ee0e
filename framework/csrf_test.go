package framework_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/goframe/goframe/framework"
)

// newCSRFApp returns an App serving a form page (form.html, with
// {% csrf_token %}), a page without one, and views that echo what they
// read of the form after the check.
func newCSRFApp(t *testing.T, debug bool) (*framework.App, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	a := framework.New(framework.Config{
		Debug:              debug,
		SecretKey:          strings.Repeat("k", 40),
		AllowedHosts:       []string{"example.com"},
		CSRFTrustedOrigins: []string{"https://*.trusted.example", "http://localhost:3000"},
		TemplatesFS: fstest.MapFS{
			"form.html":  {Data: []byte(`<form method="post">{% csrf_token %}<input name="name"></form>`)},
			"plain.html": {Data: []byte(`<p>no form</p>`)},
			"js.html":    {Data: []byte(`<script>const token = "{{ csrf_token }}";</script>`)},
		},
		Logger:       slog.New(slog.NewTextHandler(logs, nil)),
		NoRequestLog: true,
	})
	a.Get("/form", func(r *framework.Request) framework.Response { return r.Render("form.html", nil) })
	a.Get("/plain", func(r *framework.Request) framework.Response { return r.Render("plain.html", nil) })
	a.Get("/js", func(r *framework.Request) framework.Response { return r.Render("js.html", nil) })
	a.Get("/token", func(r *framework.Request) framework.Response { return framework.Text(framework.CSRFToken(r)) })
	echo := func(r *framework.Request) framework.Response {
		f, err := r.Form()
		if err != nil {
			return framework.Error(err)
		}
		return framework.Text(r.Method() + " ok " + f.Get("name"))
	}
	a.Route("/submit", echo, "POST", "PUT", "DELETE", "PATCH", "OPTIONS")
	a.Get("/submit", echo)
	a.Post("/upload", func(r *framework.Request) framework.Response {
		fh, err := r.File("doc")
		if err != nil {
			return framework.Error(err)
		}
		return framework.Text(fmt.Sprintf("%s %d %s", fh.Filename, fh.Size, r.FormValue("title")))
	})
	a.Post("/exempt", echo).CSRFExempt()
	a.Post("/login", func(r *framework.Request) framework.Response {
		framework.RotateCSRFToken(r)
		return framework.Text(framework.CSRFToken(r))
	})
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "handler ok %s", r.FormValue("name"))
	})
	a.Handle("POST", "/handled", handler)
	a.Handle("POST", "/handled-exempt", framework.CSRFExempt(handler))
	a.Mount("/mounted", handler)
	a.Mount("/mounted-exempt", framework.CSRFExempt(handler))
	a.Group("/g", func(g *framework.Group) {
		g.Handle("POST", "/handled", handler)
		g.Mount("/mounted", handler)
	})
	return a, logs
}

var hiddenToken = regexp.MustCompile(`<input type="hidden" name="csrfmiddlewaretoken" value="([^"]*)">`)

// formToken renders the form page and returns the CSRF cookie it set
// and the token in its hidden input.
func formToken(t *testing.T, a http.Handler) (cookie, token string) {
	t.Helper()
	w := httptest.NewRecorder()
	a.ServeHTTP(w, httptest.NewRequest("GET", "http://example.com/form", nil))
	m := hiddenToken.FindStringSubmatch(w.Body.String())
	if w.Code != 200 || m == nil {
		t.Fatalf("form page: %d %q", w.Code, w.Body.String())
	}
	c := responseCookie(w, framework.CSRFCookieName)
	if c == nil {
		t.Fatalf("form page set no %s cookie: %v", framework.CSRFCookieName, w.Header())
	}
	return c.Value, m[1]
}

func responseCookie(w *httptest.ResponseRecorder, name string) *http.Cookie {
	for _, c := range w.Result().Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func TestCSRF_Check(t *testing.T) {
	t.Parallel()
	const other = "abcdefghijABCDEFGHIJ0123456789xy" // a well-formed secret that is not the cookie's
	tests := []struct {
		name         string
		method, url  string
		cookie       string // "valid": the form page's; "": none; else literally
		field        string // the form field: "masked" (from the page), "secret" (the unmasked cookie), or literally
		header       string // X-CSRFToken, the same way
		origin       string // "-": none
		referer      string
		status       int
		body, reason string
	}{
		{name: "form token from the rendered page", method: "POST", url: "http://example.com/submit", cookie: "valid", field: "masked", origin: "-", status: 200, body: "POST ok Ann"},
		{name: "unmasked secret in the form", method: "POST", url: "http://example.com/submit", cookie: "valid", field: "secret", origin: "-", status: 200},
		{name: "masked token in the header", method: "POST", url: "http://example.com/submit", cookie: "valid", header: "masked", origin: "-", status: 200, body: "POST ok Ann"},
		{name: "unmasked secret in the header", method: "POST", url: "http://example.com/submit", cookie: "valid", header: "secret", origin: "-", status: 200},
		{name: "PUT with the header token", method: "PUT", url: "http://example.com/submit", cookie: "valid", header: "masked", origin: "-", status: 200},
		{name: "GET needs nothing", method: "GET", url: "http://example.com/submit", origin: "-", status: 200},
		{name: "OPTIONS needs nothing", method: "OPTIONS", url: "http://example.com/submit", origin: "-", status: 200},
		{name: "HEAD needs nothing", method: "HEAD", url: "http://example.com/submit", origin: "https://evil.example", status: 200},
		{name: "no cookie", method: "POST", url: "http://example.com/submit", field: "masked", origin: "-", status: 403, reason: "CSRF cookie not set."},
		{name: "no token", method: "POST", url: "http://example.com/submit", cookie: "valid", origin: "-", status: 403, reason: "CSRF token missing."},
		{name: "DELETE without a token", method: "DELETE", url: "http://example.com/submit", cookie: "valid", origin: "-", status: 403, reason: "CSRF token missing."},
		{name: "PUT ignores the form field", method: "PUT", url: "http://example.com/submit", cookie: "valid", field: "masked", origin: "-", status: 403, reason: "CSRF token missing."},
		{name: "wrong token", method: "POST", url: "http://example.com/submit", cookie: "valid", field: other, origin: "-", status: 403, reason: "CSRF token from POST incorrect."},
		{name: "token of another cookie", method: "POST", url: "http://example.com/submit", cookie: other, field: "masked", origin: "-", status: 403, reason: "CSRF token from POST incorrect."},
		{name: "short token", method: "POST", url: "http://example.com/submit", cookie: "valid", field: "abc", origin: "-", status: 403, reason: "CSRF token from POST has incorrect length."},
		{name: "token with bad characters", method: "POST", url: "http://example.com/submit", cookie: "valid", field: strings.Repeat("!", 32), origin: "-", status: 403, reason: "CSRF token from POST has invalid characters."},
		{name: "wrong header token", method: "POST", url: "http://example.com/submit", cookie: "valid", header: other, origin: "-", status: 403, reason: "CSRF token from the 'X-CSRFToken' HTTP header incorrect."},
		{name: "malformed cookie", method: "POST", url: "http://example.com/submit", cookie: "short", field: "masked", origin: "-", status: 403, reason: "CSRF cookie has incorrect length."},
		{name: "http, own origin", method: "POST", url: "http://example.com/submit", cookie: "valid", field: "masked", origin: "http://example.com", status: 200},
		{name: "http, foreign origin", method: "POST", url: "http://example.com/submit", cookie: "valid", field: "masked", origin: "http://evil.example", status: 403, reason: "Origin checking failed - http://evil.example does not match any trusted origins."},
		{name: "http, trusted origin with port", method: "POST", url: "http://example.com/submit", cookie: "valid", field: "masked", origin: "http://localhost:3000", status: 200},
		{name: "http, own origin with a port", method: "POST", url: "http://example.com:8000/submit", cookie: "valid", field: "masked", origin: "http://example.com:8000", status: 200},
		{name: "http, own host on another port", method: "POST", url: "http://example.com:8000/submit", cookie: "valid", field: "masked", origin: "http://example.com", status: 403, reason: "Origin checking failed - http://example.com does not match"},
		{name: "http, null origin", method: "POST", url: "http://example.com/submit", cookie: "valid", field: "masked", origin: "null", status: 403, reason: "Origin checking failed - null does not match any trusted origins."},
		{name: "http, no origin, no referer", method: "POST", url: "http://example.com/submit", cookie: "valid", field: "masked", origin: "-", status: 200},
		{name: "https, own origin", method: "POST", url: "https://example.com/submit", cookie: "valid", field: "masked", origin: "https://example.com", status: 200},
		{name: "https, own origin with default port", method: "POST", url: "https://example.com/submit", cookie: "valid", field: "masked", origin: "https://example.com:443", status: 200},
		{name: "https, bad origin", method: "POST", url: "https://example.com/submit", cookie: "valid", field: "masked", origin: "https://evil.example", status: 403, reason: "Origin checking failed - https://evil.example does not match any trusted origins."},
		{name: "https, http origin of the same host", method: "POST", url: "https://example.com/submit", cookie: "valid", field: "masked", origin: "http://example.com", status: 403, reason: "Origin checking failed - http://example.com does not match"},
		{name: "https, trusted wildcard subdomain", method: "POST", url: "https://example.com/submit", cookie: "valid", field: "masked", origin: "https://app.trusted.example", status: 200},
		{name: "https, trusted wildcard apex", method: "POST", url: "https://example.com/submit", cookie: "valid", field: "masked", origin: "https://trusted.example", status: 200},
		{name: "https, trusted host with the wrong scheme", method: "POST", url: "https://example.com/submit", cookie: "valid", field: "masked", origin: "http://app.trusted.example", status: 403, reason: "Origin checking failed"},
		{name: "https, look-alike of a trusted domain", method: "POST", url: "https://example.com/submit", cookie: "valid", field: "masked", origin: "https://eviltrusted.example", status: 403, reason: "Origin checking failed"},
		{name: "https, no origin, no referer", method: "POST", url: "https://example.com/submit", cookie: "valid", field: "masked", origin: "-", status: 403, reason: "Referer checking failed - no Referer."},
		{name: "https, same-origin referer", method: "POST", url: "https://example.com/submit", cookie: "valid", field: "masked", origin: "-", referer: "https://example.com/form", status: 200},
		{name: "https, trusted referer", method: "POST", url: "https://example.com/submit", cookie: "valid", field: "masked", origin: "-", referer: "https://a.b.trusted.example/page", status: 200},
		{name: "https, insecure referer", method: "POST", url: "https://example.com/submit", cookie: "valid", field: "masked", origin: "-", referer: "http://example.com/form", status: 403, reason: "Referer checking failed - Referer is insecure while host is secure."},
		{name: "https, foreign referer", method: "POST", url: "https://example.com/submit", cookie: "valid", field: "masked", origin: "-", referer: "https://evil.example/page", status: 403, reason: "Referer checking failed - https://evil.example/page does not match any trusted origins."},
		{name: "https, malformed referer", method: "POST", url: "https://example.com/submit", cookie: "valid", field: "masked", origin: "-", referer: "/form", status: 403, reason: "Referer checking failed - Referer is malformed."},
		{name: "https, good origin, bad token", method: "POST", url: "https://example.com/submit", cookie: "valid", field: other, origin: "https://example.com", status: 403, reason: "CSRF token from POST incorrect."},
		{name: "exempt route", method: "POST", url: "http://example.com/exempt", origin: "https://evil.example", status: 200, body: "POST ok Ann"},
		{name: "Handle is guarded", method: "POST", url: "http://example.com/handled", origin: "-", status: 403, reason: "CSRF cookie not set."},
		{name: "Handle with a token; the handler reads the form", method: "POST", url: "http://example.com/handled", cookie: "valid", field: "masked", origin: "-", status: 200, body: "handler ok Ann"},
		{name: "Handle of a CSRFExempt handler", method: "POST", url: "http://example.com/handled-exempt", origin: "-", status: 200, body: "handler ok Ann"},
		{name: "Mount is guarded", method: "POST", url: "http://example.com/mounted/x", cookie: "valid", origin: "-", status: 403, reason: "CSRF token missing."},
		{name: "Mount with a token", method: "POST", url: "http://example.com/mounted/x", cookie: "valid", header: "masked", origin: "-", status: 200, body: "handler ok Ann"},
		{name: "Mount of a CSRFExempt handler", method: "POST", url: "http://example.com/mounted-exempt/x", origin: "-", status: 200, body: "handler ok Ann"},
		{name: "group Handle is guarded", method: "POST", url: "http://example.com/g/handled", origin: "-", status: 403, reason: "CSRF cookie not set."},
		{name: "group Mount is guarded", method: "POST", url: "http://example.com/g/mounted/x", origin: "-", status: 403, reason: "CSRF cookie not set."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, logs := newCSRFApp(t, false)
			cookie, masked := formToken(t, a)
			value := func(s string) string {
				switch s {
				case "masked":
					return masked
				case "secret":
					return cookie
				case "valid":
					return cookie
				case "short":
					return cookie[:10]
				}
				return s
			}
			form := url.Values{"name": {"Ann"}}
			if tt.field != "" {
				form.Set(framework.CSRFFieldName, value(tt.field))
			}
			req := httptest.NewRequest(tt.method, tt.url, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.cookie != "" {
				req.AddCookie(&http.Cookie{Name: framework.CSRFCookieName, Value: value(tt.cookie)})
			}
			if tt.header != "" {
				req.Header.Set(framework.CSRFHeaderName, value(tt.header))
			}
			if tt.origin != "-" && tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			if tt.referer != "" {
				req.Header.Set("Referer", tt.referer)
			}
			w := httptest.NewRecorder()
			a.ServeHTTP(w, req)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d; body %q; log %s", w.Code, tt.status, w.Body.String(), logs)
			}
			if tt.body != "" && w.Body.String() != tt.body {
				t.Errorf("body %q, want %q", w.Body.String(), tt.body)
			}
			if tt.status == 403 {
				log := logs.String()
				if !strings.Contains(log, "level=WARN") || !strings.Contains(log, tt.reason) || !strings.Contains(log, "path="+req.URL.Path) {
					t.Errorf("log does not warn of %q at %s:\n%s", tt.reason, req.URL.Path, log)
				}
				if strings.Contains(w.Body.String(), tt.reason) {
					t.Errorf("the reason reached the client without DEBUG: %q", w.Body.String())
				}
			} else if strings.Contains(logs.String(), "CSRF") {
				t.Errorf("an accepted request logged: %s", logs)
			}
		})
	}
}

func TestCSRF_Cookie(t *testing.T) {
	t.Parallel()
	a, _ := newCSRFApp(t, false)
	get := func(url string, cookie string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", url, nil)
		if cookie != "" {
			req.AddCookie(&http.Cookie{Name: framework.CSRFCookieName, Value: cookie})
		}
		w := httptest.NewRecorder()
		a.ServeHTTP(w, req)
		if w.Code != 200 {
			t.Fatalf("GET %s: %d %q", url, w.Code, w.Body.String())
		}
		return w
	}
	secretRE := regexp.MustCompile(`^[a-zA-Z0-9]{32}$`)
	tokenRE := regexp.MustCompile(`^[a-zA-Z0-9]{64}$`)

	t.Run("a page without the token sets no cookie", func(t *testing.T) {
		w := get("http://example.com/plain", "")
		if h := w.Header().Values("Set-Cookie"); len(h) != 0 {
			t.Errorf("Set-Cookie %q", h)
		}
		if v := w.Header().Get("Vary"); strings.Contains(v, "Cookie") {
			t.Errorf("Vary %q", v)
		}
	})
	t.Run("a page with the token sets it", func(t *testing.T) {
		w := get("http://example.com/form", "")
		c := responseCookie(w, framework.CSRFCookieName)
		if c == nil {
			t.Fatalf("no cookie: %v", w.Header())
		}
		if !secretRE.MatchString(c.Value) || c.Path != "/" || c.SameSite != http.SameSiteLaxMode || c.HttpOnly || c.Secure ||
			c.MaxAge != 31449600 {
			t.Errorf("cookie %+v", c)
		}
		if !strings.Contains(w.Header().Get("Vary"), "Cookie") {
			t.Errorf("Vary %q", w.Header().Get("Vary"))
		}
		m := hiddenToken.FindStringSubmatch(w.Body.String())
		if m == nil || !tokenRE.MatchString(m[1]) {
			t.Errorf("hidden input: %q", w.Body.String())
		}
	})
	t.Run("over HTTPS the cookie is Secure", func(t *testing.T) {
		c := responseCookie(get("https://example.com/form", ""), framework.CSRFCookieName)
		if c == nil || !c.Secure {
			t.Errorf("cookie %+v", c)
		}
	})
	t.Run("the token differs in every response, the secret stays", func(t *testing.T) {
		cookie, tok1 := formToken(t, a)
		w := get("http://example.com/form", cookie)
		tok2 := hiddenToken.FindStringSubmatch(w.Body.String())[1]
		c := responseCookie(w, framework.CSRFCookieName)
		if tok1 == tok2 || c == nil || c.Value != cookie {
			t.Errorf("tokens %q %q; cookie %+v (was %q)", tok1, tok2, c, cookie)
		}
	})
	t.Run("{{ csrf_token }} and CSRFToken", func(t *testing.T) {
		w := get("http://example.com/js", "")
		if !regexp.MustCompile(`const token = "[a-zA-Z0-9]{64}";`).MatchString(w.Body.String()) || responseCookie(w, framework.CSRFCookieName) == nil {
			t.Errorf("js page: %q %v", w.Body.String(), w.Header())
		}
		w = get("http://example.com/token", "")
		if !tokenRE.MatchString(w.Body.String()) || responseCookie(w, framework.CSRFCookieName) == nil {
			t.Errorf("token view: %q %v", w.Body.String(), w.Header())
		}
	})
	t.Run("a malformed cookie is replaced", func(t *testing.T) {
		w := get("http://example.com/plain", "not-a-secret!")
		c := responseCookie(w, framework.CSRFCookieName)
		if c == nil || !secretRE.MatchString(c.Value) {
			t.Errorf("cookie %+v", c)
		}
	})
	t.Run("a Django 3 masked cookie keeps working", func(t *testing.T) {
		cookie, token := formToken(t, a)
		// A cookie of 64 characters is a masked secret: the form's
		// token is one.
		req := httptest.NewRequest("POST", "http://example.com/submit", strings.NewReader(framework.CSRFFieldName+"="+cookie))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: framework.CSRFCookieName, Value: token})
		w := httptest.NewRecorder()
		a.ServeHTTP(w, req)
		if w.Code != 200 {
			t.Errorf("%d %q", w.Code, w.Body.String())
		}
	})
}

func TestRotateCSRFToken(t *testing.T) {
	t.Parallel()
	a, _ := newCSRFApp(t, false)
	cookie, token := formToken(t, a)
	post := func(path, cookie, token string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "http://example.com"+path, nil)
		req.AddCookie(&http.Cookie{Name: framework.CSRFCookieName, Value: cookie})
		req.Header.Set(framework.CSRFHeaderName, token)
		w := httptest.NewRecorder()
		a.ServeHTTP(w, req)
		return w
	}
	w := post("/login", cookie, token)
	c := responseCookie(w, framework.CSRFCookieName)
	if w.Code != 200 || c == nil || c.Value == cookie {
		t.Fatalf("login: %d, cookie %+v (was %q)", w.Code, c, cookie)
	}
	newToken := w.Body.String()
	if w := post("/submit", c.Value, token); w.Code != 403 {
		t.Errorf("the token from before the login still passes: %d", w.Code)
	}
	if w := post("/submit", c.Value, newToken); w.Code != 200 {
		t.Errorf("the token after the login: %d %q", w.Code, w.Body.String())
	}
}

func TestCSRF_Multipart(t *testing.T) {
	t.Parallel()
	a, _ := newCSRFApp(t, false)
	cookie, token := formToken(t, a)
	body := func(withToken bool) (io.Reader, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.WriteField("title", "Notes")
		if withToken {
			mw.WriteField(framework.CSRFFieldName, token)
		}
		fw, _ := mw.CreateFormFile("doc", "notes.txt")
		fw.Write([]byte("hello"))
		mw.Close()
		return &b, mw.FormDataContentType()
	}
	for _, tt := range []struct {
		name      string
		withToken bool
		status    int
		body      string
	}{
		{"with the token", true, 200, "notes.txt 5 Notes"},
		{"without", false, 403, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, ct := body(tt.withToken)
			req := httptest.NewRequest("POST", "http://example.com/upload", b)
			req.Header.Set("Content-Type", ct)
			req.AddCookie(&http.Cookie{Name: framework.CSRFCookieName, Value: cookie})
			w := httptest.NewRecorder()
			a.ServeHTTP(w, req)
			if w.Code != tt.status || (tt.body != "" && w.Body.String() != tt.body) {
				t.Errorf("%d %q", w.Code, w.Body.String())
			}
		})
	}
}

func TestCSRF_BodyTooLarge(t *testing.T) {
	t.Parallel()
	a, _ := newCSRFApp(t, false)
	cookie, _ := formToken(t, a)
	for _, tt := range []struct {
		name, body string
		status     int
	}{
		{"too large", "name=" + strings.Repeat("x", framework.DefaultMaxFormBytes), 413},
		{"malformed", "name=%zz", 400},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "http://example.com/submit", strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: framework.CSRFCookieName, Value: cookie})
			w := httptest.NewRecorder()
			a.ServeHTTP(w, req)
			if w.Code != tt.status {
				t.Errorf("status %d, want %d", w.Code, tt.status)
			}
		})
	}
}

func TestCSRF_DebugPage(t *testing.T) {
	t.Parallel()
	for _, debug := range []bool{true, false} {
		t.Run(fmt.Sprint("debug=", debug), func(t *testing.T) {
			t.Parallel()
			a, _ := newCSRFApp(t, debug)
			req := httptest.NewRequest("POST", "http://example.com/submit", strings.NewReader("name=x"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			w := httptest.NewRecorder()
			a.ServeHTTP(w, req)
			body := w.Body.String()
			if w.Code != 403 {
				t.Fatalf("status %d", w.Code)
			}
			// The reason shows on the DEBUG page only (the error pages add
			// Django's advice to it).
			if shows := strings.Contains(body, "CSRF verification failed. CSRF cookie not set."); shows != debug {
				t.Errorf("debug=%v, but the page shows the reason: %v\n%s", debug, shows, body)
			}
		})
	}
}

func TestConfig_ValidateTrustedOrigins(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		origin, err string
	}{
		{"https://example.com", ""},
		{"https://*.example.com", ""},
		{"http://localhost:8000", ""},
		{"example.com", `"example.com" has no scheme`},
		{"https://example.com/path", "without a path"},
		{"https://ex*ample.com", "a wildcard must lead the host"},
		{"https://*", "matches every host"},
	} {
		cfg := framework.Config{SecretKey: strings.Repeat("k", 40), AllowedHosts: []string{"x"}, CSRFTrustedOrigins: []string{tt.origin}}
		err := cfg.Validate()
		if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), "CSRF_TRUSTED_ORIGINS")) {
			t.Errorf("%q: %v, want %q", tt.origin, err, tt.err)
		}
	}
}
