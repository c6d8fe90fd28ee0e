package framework_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/goframe/goframe/framework"
)

// must returns a function that fails the test if a request could not be
// sent: must(t)(c.Get("/")).
func must(t *testing.T) func(*framework.TestResponse, error) *framework.TestResponse {
	return func(resp *framework.TestResponse, err error) *framework.TestResponse {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
}

func TestTestClient_cookies(t *testing.T) {
	t.Parallel()
	// Not localhost: browsers, and the jar, send Secure cookies to
	// http://localhost too.
	app := newTestApp(t, framework.Config{AllowedHosts: []string{"www.example.com"}})
	app.Get("/set", func(r *framework.Request) framework.Response {
		return framework.Text("set").
			WithCookie(&http.Cookie{Name: "flavour", Value: r.Query("v"), Path: "/"}).
			WithCookie(&http.Cookie{Name: "admin_only", Value: "1", Path: "/admin"}).
			WithCookie(&http.Cookie{Name: "secure", Value: "1", Path: "/", Secure: true})
	})
	app.Get("/forget", func(r *framework.Request) framework.Response {
		return framework.Text("forgotten").WithoutCookie("flavour")
	})
	ours := []string{"flavour", "admin_only", "secure", "theme"} // not the framework's own
	echo := func(r *framework.Request) framework.Response {
		var names []string
		for _, ck := range r.HTTP.Cookies() {
			if slices.Contains(ours, ck.Name) {
				names = append(names, ck.Name+"="+ck.Value)
			}
		}
		slices.Sort(names)
		return framework.Text(strings.Join(names, " "))
	}
	app.Get("/read", echo)
	app.Get("/admin/read", echo)

	c := framework.NewTestClient(app)
	resp := must(t)(c.Get("/set?v=chocolate"))
	var set []string
	for _, ck := range resp.Cookies() {
		set = append(set, ck.Name)
	}
	for _, name := range ours[:3] {
		if !slices.Contains(set, name) {
			t.Errorf("Cookies() = %v, want %s among them", resp.Cookies(), name)
		}
	}
	tests := []struct{ path, want string }{
		{"/read", "flavour=chocolate"},                    // not the /admin one, not the Secure one over http
		{"/admin/read", "admin_only=1 flavour=chocolate"}, // the path's own
	}
	for _, tc := range tests {
		if got := must(t)(c.Get(tc.path)).Text(); got != tc.want {
			t.Errorf("GET %s sent %q, want %q", tc.path, got, tc.want)
		}
	}
	if ck := c.Cookie("flavour"); ck == nil || ck.Value != "chocolate" {
		t.Errorf("Cookie(flavour) = %v", ck)
	}

	// A cookie set again changes; a deleted one goes.
	must(t)(c.Get("/set?v=vanilla"))
	if got := must(t)(c.Get("/read")).Text(); got != "flavour=vanilla" {
		t.Errorf("after a new value: %q", got)
	}
	must(t)(c.Get("/forget"))
	if got := must(t)(c.Get("/read")).Text(); got != "" {
		t.Errorf("after deleting: %q", got)
	}

	// A cookie set by the test.
	c.SetCookie(&http.Cookie{Name: "theme", Value: "dark"})
	if got := must(t)(c.Get("/read")).Text(); got != "theme=dark" {
		t.Errorf("after SetCookie: %q", got)
	}

	// Another client has a jar of its own.
	if got := must(t)(framework.NewTestClient(app).Get("/read")).Text(); got != "" {
		t.Errorf("a new client sent %q", got)
	}
}

func TestTestClient_HTTPS(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, framework.Config{AllowedHosts: []string{"www.example.com"}})
	app.Get("/set", func(r *framework.Request) framework.Response {
		return framework.Text("").WithCookie(&http.Cookie{Name: "secure", Value: "1", Path: "/", Secure: true})
	})
	app.Get("/where", func(r *framework.Request) framework.Response {
		_, secure := r.Cookie("secure")
		return framework.Text(fmt.Sprintf("%s %v %s %v", r.Scheme(), r.IsSecure(), r.AbsoluteURL("/x"), secure))
	})
	c := framework.NewTestClient(app)
	if got := must(t)(c.Get("/where")).Text(); got != "http false http://www.example.com/x false" {
		t.Errorf("over http: %q", got)
	}
	c.HTTPS = true
	must(t)(c.Get("/set"))
	if got := must(t)(c.Get("/where")).Text(); got != "https true https://www.example.com/x true" {
		t.Errorf("over https: %q", got)
	}
}

func TestTestClient_Host(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		cfg    framework.Config
		host   string // set on the client, if not ""
		status int
		want   string
	}{
		{"Debug's defaults", framework.Config{Debug: true}, "", 200, "localhost"},
		{"a domain and its subdomains", framework.Config{AllowedHosts: []string{".example.com", "other.org"}}, "", 200, "example.com"},
		{"a wildcard", framework.Config{AllowedHosts: []string{"*"}}, "", 200, "testserver"},
		{"a host set on the client", framework.Config{AllowedHosts: []string{".example.com"}}, "api.example.com", 200, "api.example.com"},
		{"a host the App refuses", framework.Config{AllowedHosts: []string{"example.com"}}, "evil.org", 400, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.cfg.Logger = newTestApp(t, framework.Config{}).Logger()
			tc.cfg.SecretKey = strings.Repeat("k", 40)
			app := framework.New(tc.cfg)
			app.Get("/", func(r *framework.Request) framework.Response { return framework.Text(r.Host()) })
			c := framework.NewTestClient(app)
			if tc.host != "" {
				c.Host = tc.host
			}
			resp := must(t)(c.Get("/"))
			if resp.StatusCode != tc.status || (tc.status == 200 && resp.Text() != tc.want) {
				t.Errorf("status %d, host %q; want %d, %q", resp.StatusCode, resp.Text(), tc.status, tc.want)
			}
		})
	}
}

func TestTestClient_redirects(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, framework.Config{})
	app.Get("/a", func(r *framework.Request) framework.Response { return framework.Redirect("/b?from=a") })
	app.Get("/b", func(r *framework.Request) framework.Response {
		return framework.Redirect("c", http.StatusMovedPermanently) // relative to /b
	})
	app.Route("/c", func(r *framework.Request) framework.Response {
		return framework.Text(r.Method() + " c " + r.FormValue("note"))
	}, http.MethodGet, http.MethodPost)
	app.Post("/see-other", func(r *framework.Request) framework.Response { return framework.Redirect("/c", http.StatusSeeOther) })
	app.Post("/temporary", func(r *framework.Request) framework.Response {
		return framework.Redirect("/c", http.StatusTemporaryRedirect)
	})
	app.Get("/loop", func(r *framework.Request) framework.Response { return framework.Redirect("/loop") })
	app.Get("/away", func(r *framework.Request) framework.Response { return framework.Redirect("https://elsewhere.org/") })
	app.Get("/named", func(r *framework.Request) framework.Response { return framework.RedirectTo("target") })
	app.Get("/target/", func(r *framework.Request) framework.Response { return framework.Text("target") }).Name("target")

	t.Run("not followed", func(t *testing.T) {
		t.Parallel()
		resp := must(t)(framework.NewTestClient(app).Get("/a"))
		if resp.StatusCode != 302 || resp.Location() != "/b?from=a" || resp.RedirectChain != nil {
			t.Errorf("status %d, Location %q, chain %v", resp.StatusCode, resp.Location(), resp.RedirectChain)
		}
	})
	followed := []struct {
		name   string
		send   func(c *framework.TestClient) (*framework.TestResponse, error)
		status int
		body   string
		chain  []framework.RedirectHop
	}{
		{"a chain", func(c *framework.TestClient) (*framework.TestResponse, error) { return c.Get("/a") },
			200, "GET c ", []framework.RedirectHop{{URL: "/b?from=a", StatusCode: 302}, {URL: "c", StatusCode: 301}}},
		{"303 turns a POST into a GET", func(c *framework.TestClient) (*framework.TestResponse, error) {
			return c.PostForm("/see-other", url.Values{"note": {"hi"}})
		}, 200, "GET c ", []framework.RedirectHop{{URL: "/c", StatusCode: 303}}},
		{"307 repeats the POST and its body", func(c *framework.TestClient) (*framework.TestResponse, error) {
			return c.PostForm("/temporary", url.Values{"note": {"hi"}})
		}, 200, "POST c hi", []framework.RedirectHop{{URL: "/c", StatusCode: 307}}},
		{"HEAD stays HEAD", func(c *framework.TestClient) (*framework.TestResponse, error) { return c.Head("/a") },
			200, "", []framework.RedirectHop{{URL: "/b?from=a", StatusCode: 302}, {URL: "c", StatusCode: 301}}},
		{"another site is not followed", func(c *framework.TestClient) (*framework.TestResponse, error) { return c.Get("/away") },
			302, "", nil},
		{"a named route, and APPEND_SLASH", func(c *framework.TestClient) (*framework.TestResponse, error) { return c.Get("/target") },
			200, "target", []framework.RedirectHop{{URL: "/target/", StatusCode: 301}}},
	}
	for _, tc := range followed {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := framework.NewTestClient(app)
			c.FollowRedirects = true
			resp := must(t)(tc.send(c))
			if resp.StatusCode != tc.status || (tc.status == 200 && resp.Text() != tc.body) || !slices.Equal(resp.RedirectChain, tc.chain) {
				t.Errorf("status %d, body %q, chain %v; want %d, %q, %v", resp.StatusCode, resp.Body, resp.RedirectChain, tc.status, tc.body, tc.chain)
			}
		})
	}
	t.Run("a loop stops", func(t *testing.T) {
		t.Parallel()
		c := framework.NewTestClient(app)
		c.FollowRedirects = true
		_, err := c.Get("/loop")
		if err == nil || !strings.Contains(err.Error(), "GET /loop: more than 10 redirects: 302 /loop -> 302 /loop") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestTestClient_templates(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, framework.Config{TemplatesFS: fstest.MapFS{
		"base.html":    {Data: []byte("<title>{% block title %}{% endblock %}</title>{% block body %}{% endblock %}")},
		"post.html":    {Data: []byte(`{% extends "base.html" %}{% block title %}{{ post.Title }}{% endblock %}{% block body %}{{ teaser }}{% endblock %}`)},
		"teaser.txt":   {Data: []byte("{{ post.Body|truncatewords:2 }}")},
		"missing.html": {Data: []byte(`{% include "nowhere.html" %}`)},
	}})
	type post struct{ Title, Body string }
	app.Get("/post", func(r *framework.Request) framework.Response {
		p := post{Title: "Hello", Body: "one two three four"}
		teaser, err := r.RenderString("teaser.txt", framework.Ctx{"post": p})
		if err != nil {
			return framework.Error(err)
		}
		return r.Render("post.html", framework.Ctx{"post": p, "teaser": teaser})
	})
	app.Get("/plain", func(r *framework.Request) framework.Response { return framework.Text("no template") })
	c := framework.NewTestClient(app)

	resp := must(t)(c.Get("/post"))
	if resp.StatusCode != 200 || resp.Text() != "<title>Hello</title>one two …" {
		t.Fatalf("status %d, body %q", resp.StatusCode, resp.Body)
	}
	if got := resp.Templates(); !slices.Equal(got, []string{"teaser.txt", "post.html"}) {
		t.Errorf("Templates() = %v", got)
	}
	if p, ok := resp.Context("post").(post); !ok || p.Title != "Hello" {
		t.Errorf(`Context("post") = %#v`, resp.Context("post"))
	}
	if got := resp.Context("teaser"); got != "one two …" {
		t.Errorf(`Context("teaser") = %#v`, got)
	}
	if got := resp.Context("nothing"); got != nil {
		t.Errorf(`Context("nothing") = %#v`, got)
	}
	if got := resp.Rendered[0].Context["post"]; got == nil {
		t.Errorf("Rendered[0] = %#v", resp.Rendered[0])
	}

	// Each response has its own renders.
	resp = must(t)(c.Get("/plain"))
	if len(resp.Templates()) != 0 || resp.Context("post") != nil {
		t.Errorf("a view without a template: %v", resp.Templates())
	}
}

func TestTestClient_bodies(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, framework.Config{})
	app.Post("/form", func(r *framework.Request) framework.Response {
		f, err := r.Form()
		if err != nil {
			return framework.Error(err)
		}
		return framework.Text(r.Header("Content-Type") + " " + f.Encode())
	})
	type note struct {
		Text string `json:"text" validate:"required"`
	}
	jsonView := func(r *framework.Request) framework.Response {
		var n note
		if err := r.BindJSON(&n); err != nil {
			return framework.Error(err)
		}
		return framework.JSON(map[string]string{"method": r.Method(), "text": n.Text})
	}
	app.Post("/json", jsonView)
	app.Put("/json", jsonView)
	app.Patch("/json", jsonView)
	app.Delete("/json", jsonView)
	app.Delete("/plain", func(r *framework.Request) framework.Response {
		b, _ := io.ReadAll(r.HTTP.Body)
		return framework.Text(fmt.Sprintf("%s %d", r.Method(), len(b)))
	})
	c := framework.NewTestClient(app)

	resp := must(t)(c.PostForm("/form", url.Values{"title": {"Hello"}, "tag": {"a", "b"}}))
	if got := resp.Text(); got != "application/x-www-form-urlencoded tag=a&tag=b&title=Hello" {
		t.Errorf("PostForm: %q", got)
	}
	resp = must(t)(c.Post("/form", "application/x-www-form-urlencoded", strings.NewReader("x=1")))
	if got := resp.Text(); got != "application/x-www-form-urlencoded x=1" {
		t.Errorf("Post: %q", got)
	}
	sends := map[string]func(string, any, ...framework.RequestOption) (*framework.TestResponse, error){
		"POST": c.PostJSON, "PUT": c.Put, "PATCH": c.Patch, "DELETE": c.Delete,
	}
	for method, send := range sends {
		resp := must(t)(send("/json", note{Text: "hi"}))
		var got map[string]string
		if err := resp.JSON(&got); err != nil || got["method"] != method || got["text"] != "hi" {
			t.Errorf("%s: %v %v", method, got, err)
		}
	}
	resp = must(t)(c.Delete("/plain", nil))
	if got := resp.Text(); got != "DELETE 0" {
		t.Errorf("Delete without a body: %q", got)
	}
	if _, err := c.PostJSON("/json", func() {}); err == nil || !strings.Contains(err.Error(), "POST /json: encoding the body") {
		t.Errorf("PostJSON of a func: %v", err)
	}
}

func TestTestClient_HEAD(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, framework.Config{})
	app.Get("/hello", func(r *framework.Request) framework.Response { return framework.Text("hello") })
	resp := must(t)(framework.NewTestClient(app).Head("/hello"))
	if resp.StatusCode != 200 || len(resp.Body) != 0 || resp.Header.Get("Content-Length") != "5" ||
		resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("status %d, body %q, header %v", resp.StatusCode, resp.Body, resp.Header)
	}
}

var csrfSecret = regexp.MustCompile(`^[a-zA-Z0-9]{32}$`)

// TestTestClient_CSRF checks what the client sends for the CSRF check,
// on exempt routes so that it holds whatever the check is.
func TestTestClient_CSRF(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, framework.Config{})
	echo := func(r *framework.Request) framework.Response {
		ck, _ := r.Cookie(framework.CSRFCookieName)
		return framework.JSON(map[string]string{
			"header": r.Header(framework.CSRFHeaderName), "cookie": ck, "origin": r.Header("Origin"),
			"field": r.FormValue(framework.CSRFFieldName),
		})
	}
	app.Route("/echo", echo, http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete).CSRFExempt()
	app.Get("/issue", func(r *framework.Request) framework.Response {
		return framework.Text("").WithCookie(&http.Cookie{Name: framework.CSRFCookieName, Value: strings.Repeat("S", 32), Path: "/"})
	})
	type sent struct{ Header, Cookie, Origin, Field string }
	read := func(t *testing.T) func(*framework.TestResponse, error) sent {
		return func(resp *framework.TestResponse, err error) sent {
			t.Helper()
			var s sent
			if err := must(t)(resp, err).JSON(&s); err != nil {
				t.Fatal(err)
			}
			return s
		}
	}

	t.Run("a made-up secret, kept", func(t *testing.T) {
		t.Parallel()
		c := framework.NewTestClient(app)
		first := read(t)(c.PostForm("/echo", url.Values{"a": {"1"}}))
		if !csrfSecret.MatchString(first.Header) || first.Cookie != first.Header || first.Origin != "http://localhost" {
			t.Fatalf("first POST sent %+v", first)
		}
		for _, send := range []func() (*framework.TestResponse, error){
			func() (*framework.TestResponse, error) { return c.PostJSON("/echo", nil) },
			func() (*framework.TestResponse, error) { return c.Put("/echo", nil) },
			func() (*framework.TestResponse, error) { return c.Delete("/echo", nil) },
		} {
			if s := read(t)(send()); s.Header != first.Header || s.Cookie != first.Header {
				t.Errorf("then sent %+v, want the same secret %q", s, first.Header)
			}
		}
		if c.Cookie(framework.CSRFCookieName).Value != first.Header {
			t.Errorf("jar has %v", c.Cookie(framework.CSRFCookieName))
		}
		if other := read(t)(framework.NewTestClient(app).PostJSON("/echo", nil)); other.Header == first.Header {
			t.Errorf("two clients made up the same secret %q", other.Header)
		}
	})
	t.Run("the App's secret", func(t *testing.T) {
		t.Parallel()
		c := framework.NewTestClient(app)
		must(t)(c.Get("/issue"))
		if s := read(t)(c.PostJSON("/echo", nil)); s.Header != strings.Repeat("S", 32) || s.Cookie != s.Header {
			t.Errorf("sent %+v", s)
		}
	})
	t.Run("over HTTPS", func(t *testing.T) {
		t.Parallel()
		c := framework.NewTestClient(app)
		c.HTTPS = true
		if s := read(t)(c.PostJSON("/echo", nil)); s.Origin != "https://localhost" || !csrfSecret.MatchString(s.Header) {
			t.Errorf("sent %+v", s)
		}
	})
	t.Run("none for a GET", func(t *testing.T) {
		t.Parallel()
		if s := read(t)(framework.NewTestClient(app).Get("/echo")); s != (sent{}) {
			t.Errorf("sent %+v", s)
		}
	})
	t.Run("the caller's header", func(t *testing.T) {
		t.Parallel()
		s := read(t)(framework.NewTestClient(app).PostJSON("/echo", nil, framework.RequestHeader(framework.CSRFHeaderName, "mine")))
		if s.Header != "mine" {
			t.Errorf("sent %+v", s)
		}
	})
	t.Run("the form's field", func(t *testing.T) {
		t.Parallel()
		s := read(t)(framework.NewTestClient(app).PostForm("/echo", url.Values{framework.CSRFFieldName: {"fromform"}}))
		if s.Header != "" || s.Field != "fromform" {
			t.Errorf("sent %+v", s)
		}
	})
	t.Run("a multipart form", func(t *testing.T) {
		t.Parallel()
		for _, field := range []string{framework.CSRFFieldName, "other"} {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			mw.WriteField(field, "fromform")
			fw, _ := mw.CreateFormFile("upload", "a.txt")
			io.WriteString(fw, "file")
			mw.Close()
			s := read(t)(framework.NewTestClient(app).Post("/echo", mw.FormDataContentType(), &buf))
			if (field == framework.CSRFFieldName) != (s.Header == "") || (field == framework.CSRFFieldName && s.Field != "fromform") {
				t.Errorf("field %s: sent %+v", field, s)
			}
		}
	})
	t.Run("NoCSRF", func(t *testing.T) {
		t.Parallel()
		c := framework.NewTestClient(app)
		c.NoCSRF = true
		if s := read(t)(c.PostForm("/echo", url.Values{"a": {"1"}})); s != (sent{}) {
			t.Errorf("sent %+v", s)
		}
	})
}

// TestTestClient_CSRFCheck runs requests through the App's CSRF check:
// they pass with the token the client sends, whatever the check (the
// placeholder, or one with Django's semantics).
func TestTestClient_CSRFCheck(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, framework.Config{})
	app.Post("/notes", func(r *framework.Request) framework.Response { return framework.Text("saved " + r.FormValue("text")) })
	for _, https := range []bool{false, true} {
		c := framework.NewTestClient(app)
		c.HTTPS = https
		resp := must(t)(c.PostForm("/notes", url.Values{"text": {"hi"}}))
		if resp.StatusCode != 200 || resp.Text() != "saved hi" {
			t.Errorf("HTTPS %v: status %d, body %q", https, resp.StatusCode, resp.Body)
		}
	}
}

func TestTestClient_headers(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, framework.Config{})
	app.Get("/", func(r *framework.Request) framework.Response {
		return framework.Text(r.Header("Accept-Language") + " " + r.Header("X-Trace") + " " + r.ClientIP())
	})
	c := framework.NewTestClient(app)
	c.Header = http.Header{"Accept-Language": {"fr"}, "X-Trace": {"default"}}
	got := must(t)(c.Get("/", framework.RequestHeader("X-Trace", "mine"), func(req *http.Request) { req.RemoteAddr = "203.0.113.9:5000" })).Text()
	if got != "fr mine 203.0.113.9" {
		t.Errorf("got %q", got)
	}
	if got := must(t)(c.Get("/")).Text(); got != "fr default 127.0.0.1" {
		t.Errorf("got %q", got)
	}
}

func TestTestClient_Do(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, framework.Config{})
	app.Put("/items/{id:int}", func(r *framework.Request) framework.Response {
		b, _ := io.ReadAll(r.HTTP.Body)
		ck, _ := r.Cookie("k")
		return framework.Text(fmt.Sprintf("%s %d %s %s %s %v", r.Host(), r.PathInt("id"), r.Query("q"), b, ck, r.Header(framework.CSRFHeaderName) != ""))
	})
	c := framework.NewTestClient(app)
	c.SetCookie(&http.Cookie{Name: "k", Value: "v"})
	req := httptest.NewRequest(http.MethodPut, "/items/7?q=x", strings.NewReader("body"))
	got := must(t)(c.Do(req)).Text()
	if want := `localhost 7 x body v true`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTestClient_errors(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, framework.Config{})
	app.Get("/cut", func(r *framework.Request) framework.Response {
		return framework.Stream("text/plain", func(w io.Writer) error {
			io.WriteString(w, "partial")
			return errors.New("the disk went away")
		})
	})
	app.Get("/text", func(r *framework.Request) framework.Response { return framework.Text("not json") })
	c := framework.NewTestClient(app)
	if _, err := c.Get("/cut"); !errors.Is(err, http.ErrAbortHandler) || !strings.Contains(err.Error(), "GET /cut: the handler aborted the response") {
		t.Errorf("an aborted response: %v", err)
	}
	if _, err := c.Get("relative"); err == nil || !strings.Contains(err.Error(), `want a path starting with / or an absolute URL, got "relative"`) {
		t.Errorf("a relative path: %v", err)
	}
	var v any
	if err := must(t)(c.Get("/text")).JSON(&v); err == nil || !strings.Contains(err.Error(), `Content-Type "text/plain; charset=utf-8" is not JSON (status 200, body "not json")`) {
		t.Errorf("JSON of text: %v", err)
	}
}

// TestTestClient_concurrent runs two clients on one App at once (under
// -race in CI): each keeps its own cookies and CSRF secret.
func TestTestClient_concurrent(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, framework.Config{})
	app.Post("/set", func(r *framework.Request) framework.Response {
		return framework.Text("").WithCookie(&http.Cookie{Name: "who", Value: r.FormValue("who"), Path: "/"})
	})
	app.Get("/who", func(r *framework.Request) framework.Response {
		who, _ := r.Cookie("who")
		return framework.Text(who)
	})
	clients := []*framework.TestClient{framework.NewTestClient(app), framework.NewTestClient(app)}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i, c := range clients {
		for g := range 4 { // goroutines sharing each client
			wg.Go(func() {
				who := fmt.Sprint("client", i)
				for range 10 {
					if _, err := c.PostForm("/set", url.Values{"who": {who}}); err != nil {
						errs <- err
						return
					}
					resp, err := c.Get("/who")
					if err != nil {
						errs <- err
						return
					}
					if resp.Text() != who {
						errs <- fmt.Errorf("goroutine %d of client %d read %q", g, i, resp.Text())
						return
					}
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	a, b := clients[0].Cookie(framework.CSRFCookieName), clients[1].Cookie(framework.CSRFCookieName)
	if a == nil || b == nil || a.Value == b.Value {
		t.Errorf("CSRF secrets %v and %v", a, b)
	}
}
