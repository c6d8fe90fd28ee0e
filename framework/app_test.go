package framework

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-chi/chi/v5"
)

// newTestApp returns an App for tests: Debug off, a secret key, every
// host allowed, the given templates, logs kept in the returned buffer.
func newTestApp(t *testing.T, tmpl fstest.MapFS) (*App, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	if tmpl == nil {
		tmpl = fstest.MapFS{}
	}
	a := New(Config{
		SecretKey:    strings.Repeat("s", 40),
		AllowedHosts: []string{"*"},
		TemplatesFS:  tmpl,
		Logger:       slog.New(slog.NewTextHandler(&logs, nil)),
		NoRequestLog: true,
	})
	return a, &logs
}

// serve serves req without the CSRF check, as Django's test client does
// (csrf_test.go tests the check).
func serve(a http.Handler, req *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	a.ServeHTTP(w, withoutCSRFChecks(req))
	return w
}

func TestApp_Views(t *testing.T) {
	t.Parallel()
	a, _ := newTestApp(t, fstest.MapFS{
		"post.html": {Data: []byte(`<h1>{{ post.Title }}</h1><a href="{% url 'blog:post' post.ID %}">{{ request.Path }}</a>`)},
	})
	type post struct {
		ID    int
		Title string
	}
	a.Get("/", func(r *Request) Response { return Text("home") }).Name("home")
	a.Namespace("/blog", "blog", func(g *Group) {
		g.Get("/{id:int}", func(r *Request) Response {
			return r.Render("post.html", Ctx{"post": post{ID: int(r.PathInt("id")), Title: "<Hi>"}})
		}).Name("post")
		g.Get("/latest", func(r *Request) Response { return RedirectTo("blog:post", 7) })
		g.Get("/broken", func(r *Request) Response { return RedirectTo("blog:nope") })
	})
	a.Get("/api", func(r *Request) Response {
		return JSON(map[string]any{"q": r.Query("q"), "n": r.QueryInt("n", -1)}).WithStatus(201).WithHeader("X-Api", "1")
	})
	a.Get("/gone", func(r *Request) Response { return NotFound("no such thing") })
	a.Get("/nothing", func(r *Request) Response { return NoContent() })
	a.Get("/cookie", func(r *Request) Response {
		v, _ := r.Cookie("in")
		return Text("in=" + v).WithCookie(&http.Cookie{Name: "out", Value: "1"}).WithoutCookie("old")
	})
	a.Post("/form", func(r *Request) Response { return Text("x") })

	tests := []struct {
		name, method, path string
		status             int
		body               string // substring
		header             map[string]string
	}{
		{"text", "GET", "/", 200, "home", map[string]string{"Content-Type": "text/plain; charset=utf-8"}},
		{"head", "HEAD", "/", 200, "", map[string]string{"Content-Length": "4"}},
		{"render escapes and reverses", "GET", "/blog/3", 200, `<h1>&lt;Hi&gt;</h1><a href="/blog/3">/blog/3</a>`, map[string]string{"Content-Type": "text/html; charset=utf-8"}},
		{"redirect to a name", "GET", "/blog/latest", 302, "", map[string]string{"Location": "/blog/7"}},
		{"redirect to an unknown name", "GET", "/blog/broken", 500, "", nil},
		{"json", "GET", "/api?q=a%26b&n=5", 201, `{"n":5,"q":"a\u0026b"}`, map[string]string{"Content-Type": "application/json", "X-Api": "1"}},
		{"not found view", "GET", "/gone", 404, "", nil},
		{"no route", "GET", "/nope", 404, "", nil},
		{"int that does not convert", "GET", "/blog/x1", 404, "", nil},
		{"append slash", "GET", "/blog/3/", 404, "", nil},
		{"method not allowed", "POST", "/", 405, "", map[string]string{"Allow": "GET, HEAD"}},
		{"no content", "GET", "/nothing", 204, "", nil},
		{"security headers", "GET", "/", 200, "", map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(a, httptest.NewRequest(tt.method, tt.path, nil))
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d; body %q", w.Code, tt.status, w.Body.String())
			}
			if !strings.Contains(w.Body.String(), tt.body) {
				t.Errorf("body %q does not contain %q", w.Body.String(), tt.body)
			}
			if tt.method == "HEAD" && w.Body.Len() != 0 {
				t.Errorf("HEAD has a body: %q", w.Body.String())
			}
			for k, v := range tt.header {
				if got := w.Header().Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
		})
	}

	t.Run("cookies", func(t *testing.T) {
		req := httptest.NewRequest("GET", "/cookie", nil)
		req.AddCookie(&http.Cookie{Name: "in", Value: "v"})
		w := serve(a, req)
		if w.Body.String() != "in=v" {
			t.Errorf("body %q", w.Body.String())
		}
		got := w.Result().Cookies()
		if len(got) != 2 || got[0].Name != "out" || got[1].Name != "old" || got[1].MaxAge >= 0 {
			t.Errorf("cookies %v", got)
		}
	})
}

func TestApp_HostNotAllowed(t *testing.T) {
	t.Parallel()
	a := New(Config{SecretKey: strings.Repeat("s", 40), AllowedHosts: []string{"example.com"}, NoRequestLog: true})
	a.Get("/", func(r *Request) Response { return Text("ok") })
	req := httptest.NewRequest("GET", "/", nil)
	req.Host = "evil.test"
	if w := serve(a, req); w.Code != 400 || !strings.Contains(w.Body.String(), "<h1>Bad Request (400)</h1>") || strings.Contains(w.Body.String(), "evil") {
		t.Errorf("status %d, body %q", w.Code, w.Body.String())
	}
	dbg := New(Config{Debug: true, NoRequestLog: true})
	dbg.Get("/", func(r *Request) Response { return Text("ok") })
	dreq := httptest.NewRequest("GET", "/", nil)
	dreq.Host = "evil.test:8000"
	dreq.Header.Set("Accept", "text/plain")
	if w := serve(dbg, dreq); w.Code != 400 || !strings.Contains(w.Body.String(), `You may need to add "evil.test" to ALLOWED_HOSTS.`) {
		t.Errorf("DEBUG: status %d, body %q", w.Code, w.Body.String())
	}
	req.Host = "example.com"
	if w := serve(a, req); w.Code != 200 {
		t.Errorf("status %d", w.Code)
	}
}

func TestApp_Errors(t *testing.T) {
	t.Parallel()
	a, logs := newTestApp(t, fstest.MapFS{"bad.html": {Data: []byte("{% if %}")}})
	a.Get("/err", func(r *Request) Response { return Error(errors.New("db exploded")) })
	a.Get("/panic", func(r *Request) Response { panic("boom") })
	a.Get("/bad-template", func(r *Request) Response { return r.Render("bad.html", nil) })
	a.Get("/missing-template", func(r *Request) Response { return r.Render("nope.html", nil) })
	a.Get("/unjsonable", func(r *Request) Response { return JSON(func() {}) })
	for _, path := range []string{"/err", "/panic", "/bad-template", "/missing-template", "/unjsonable"} {
		w := serve(a, httptest.NewRequest("GET", path, nil))
		if w.Code != 500 {
			t.Errorf("%s: status %d", path, w.Code)
		}
		if strings.Contains(w.Body.String(), "exploded") || strings.Contains(w.Body.String(), "boom") {
			t.Errorf("%s: the error reached the client without DEBUG: %q", path, w.Body.String())
		}
	}
	for _, want := range []string{"db exploded", "boom", "bad.html", "nope.html"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log does not mention %q:\n%s", want, logs.String())
		}
	}
}

func TestRequest_Form(t *testing.T) {
	t.Parallel()
	a, _ := newTestApp(t, nil)
	a.Route("/form", func(r *Request) Response {
		f, err := r.Form()
		if err != nil {
			return Error(err)
		}
		return Text(fmt.Sprintf("%s|%s|%s", f.Get("a"), r.FormValue("b"), r.Query("q")))
	}, "POST", "PUT")
	a.Post("/upload", func(r *Request) Response {
		fh, err := r.File("doc")
		if errors.Is(err, http.ErrMissingFile) {
			return BadRequest(err.Error())
		} else if err != nil {
			return Error(err)
		}
		f, err := fh.Open()
		if err != nil {
			return Error(err)
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		return Text(fmt.Sprintf("%s:%d:%s:%s", fh.Filename, fh.Size, b, r.FormValue("title")))
	})

	t.Run("urlencoded", func(t *testing.T) {
		req := httptest.NewRequest("POST", "/form?q=1&a=query", strings.NewReader("a=x&b=y%20z"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if w := serve(a, req); w.Code != 200 || w.Body.String() != "x|y z|1" {
			t.Errorf("%d %q", w.Code, w.Body.String())
		}
	})
	t.Run("too large", func(t *testing.T) {
		req := httptest.NewRequest("PUT", "/form", strings.NewReader("a="+strings.Repeat("x", DefaultMaxFormBytes)))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if w := serve(a, req); w.Code != 413 {
			t.Errorf("status %d, want 413", w.Code)
		}
	})
	t.Run("malformed", func(t *testing.T) {
		req := httptest.NewRequest("POST", "/form", strings.NewReader("a=%zz"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if w := serve(a, req); w.Code != 400 {
			t.Errorf("status %d, want 400", w.Code)
		}
	})
	multipartBody := func(size int) (*bytes.Buffer, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		mw.WriteField("title", "T")
		fw, _ := mw.CreateFormFile("doc", "notes.txt")
		fw.Write(bytes.Repeat([]byte("n"), size))
		mw.Close()
		return &b, mw.FormDataContentType()
	}
	t.Run("upload", func(t *testing.T) {
		body, ct := multipartBody(5)
		req := httptest.NewRequest("POST", "/upload", body)
		req.Header.Set("Content-Type", ct)
		if w := serve(a, req); w.Code != 200 || w.Body.String() != "notes.txt:5:nnnnn:T" {
			t.Errorf("%d %q", w.Code, w.Body.String())
		}
	})
	t.Run("upload too large", func(t *testing.T) {
		body, ct := multipartBody(DefaultMaxUploadBytes + 1)
		req := httptest.NewRequest("POST", "/upload", body)
		req.Header.Set("Content-Type", ct)
		if w := serve(a, req); w.Code != 413 {
			t.Errorf("status %d, want 413", w.Code)
		}
	})
	t.Run("missing file", func(t *testing.T) {
		req := httptest.NewRequest("POST", "/upload", strings.NewReader("title=x"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if w := serve(a, req); w.Code != 400 {
			t.Errorf("status %d, want 400", w.Code)
		}
	})
}

func TestRequest_ClientAndURL(t *testing.T) {
	t.Parallel()
	a, _ := newTestApp(t, nil)
	a.Get("/posts/{slug:slug}", func(r *Request) Response {
		u, err := r.URL("post", r.Param("slug"))
		if err != nil {
			return Error(err)
		}
		_, bad := r.URL("post")
		return JSON(map[string]any{"ip": r.ClientIP(), "scheme": r.Scheme(), "url": u, "abs": r.AbsoluteURL(u), "bad": bad != nil})
	}).Name("post")
	req := httptest.NewRequest("GET", "http://example.com/posts/hello-world", nil)
	req.RemoteAddr = "203.0.113.9:4711"
	w := serve(a, req)
	var got map[string]any
	json.Unmarshal(w.Body.Bytes(), &got)
	want := map[string]any{"ip": "203.0.113.9", "scheme": "http", "url": "/posts/hello-world", "abs": "http://example.com/posts/hello-world", "bad": true}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
}

func TestResponse_Files(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "report.txt")
	os.WriteFile(path, []byte("0123456789"), 0o644)
	mod := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	os.Chtimes(path, mod, mod)
	a, _ := newTestApp(t, nil)
	a.Get("/file", func(r *Request) Response { return File(path) })
	a.Get("/missing", func(r *Request) Response { return File(filepath.Join(dir, "nope")) })
	a.Get("/download", func(r *Request) Response { return Attachment(path, "Résumé.txt") })
	a.Get("/stream", func(r *Request) Response {
		return Stream("text/event-stream", func(w io.Writer) error {
			for i := range 3 {
				fmt.Fprintf(w, "data: %d\n\n", i)
			}
			return nil
		})
	})

	w := serve(a, httptest.NewRequest("GET", "/file", nil))
	etag := w.Header().Get("Etag")
	if w.Code != 200 || w.Body.String() != "0123456789" || etag == "" || w.Header().Get("Last-Modified") != mod.Format(http.TimeFormat) ||
		w.Header().Get("Accept-Ranges") != "bytes" {
		t.Fatalf("%d %q %v", w.Code, w.Body.String(), w.Header())
	}
	req := httptest.NewRequest("GET", "/file", nil)
	req.Header.Set("Range", "bytes=2-4")
	if w := serve(a, req); w.Code != 206 || w.Body.String() != "234" || w.Header().Get("Content-Range") != "bytes 2-4/10" {
		t.Errorf("range: %d %q %v", w.Code, w.Body.String(), w.Header())
	}
	req = httptest.NewRequest("GET", "/file", nil)
	req.Header.Set("If-None-Match", etag)
	if w := serve(a, req); w.Code != 304 {
		t.Errorf("If-None-Match: %d", w.Code)
	}
	req = httptest.NewRequest("GET", "/file", nil)
	req.Header.Set("If-Modified-Since", mod.Add(time.Hour).Format(http.TimeFormat))
	if w := serve(a, req); w.Code != 304 {
		t.Errorf("If-Modified-Since: %d", w.Code)
	}
	if w := serve(a, httptest.NewRequest("GET", "/missing", nil)); w.Code != 404 {
		t.Errorf("missing file: %d", w.Code)
	}
	w = serve(a, httptest.NewRequest("GET", "/download", nil))
	if cd := w.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename*=utf-8''R%C3%A9sum%C3%A9.txt") {
		t.Errorf("Content-Disposition %q", cd)
	}
	w = serve(a, httptest.NewRequest("GET", "/stream", nil))
	if w.Body.String() != "data: 0\n\ndata: 1\n\ndata: 2\n\n" || !w.Flushed || w.Header().Get("Content-Type") != "text/event-stream" {
		t.Errorf("stream: %q flushed=%v", w.Body.String(), w.Flushed)
	}
}

func TestApp_GroupsAndMount(t *testing.T) {
	t.Parallel()
	a, _ := newTestApp(t, nil)
	var order []string
	a.Use(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			order = append(order, "app")
			next.ServeHTTP(w, r)
		})
	})
	a.Group("/admin", func(g *Group) {
		g.Use(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				order = append(order, "group")
				next.ServeHTTP(w, r)
			})
		})
		g.Get("/", func(r *Request) Response { return Text("admin") })
	})
	a.Mount("/legacy", http.StripPrefix("/legacy", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "legacy ", r.URL.Path)
	})))
	a.Handle("", "/any", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, r.Method) }))
	if w := serve(a, httptest.NewRequest("GET", "/admin/", nil)); w.Body.String() != "admin" || strings.Join(order, ",") != "app,group" {
		t.Errorf("%q, middleware %v", w.Body.String(), order)
	}
	if w := serve(a, httptest.NewRequest("GET", "/legacy/x/y", nil)); w.Body.String() != "legacy /x/y" {
		t.Errorf("mount: %q", w.Body.String())
	}
	if w := serve(a, httptest.NewRequest("DELETE", "/any", nil)); w.Body.String() != "DELETE" {
		t.Errorf("handle: %q", w.Body.String())
	}
}

func TestApp_MountedAppsAndRouters(t *testing.T) {
	t.Parallel()
	// An App keeps chi's routing context in its request state; an App or
	// a chi router mounted in it must still route the rest of the path,
	// with their own parameters, and the outer route's parameters stay.
	outer, _ := newTestApp(t, nil)
	inner, _ := newTestApp(t, nil)
	inner.Get("/items/{id:int}", func(r *Request) Response {
		return Text(fmt.Sprintf("inner item %d of %s", r.PathInt("id"), r.Path()))
	})
	outer.Mount("/shop", CSRFExempt(inner))
	c := chi.NewRouter()
	c.Get("/{name}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "chi %s %s", chi.URLParam(r, "name"), chi.RouteContext(r.Context()).RoutePattern())
	})
	outer.Mount("/chi", c)
	outer.Get("/users/{user}/posts/{post:int}", func(r *Request) Response {
		return Text(r.Param("user") + " " + r.Param("post"))
	})
	for _, tc := range []struct{ path, want string }{
		{"/shop/items/42", "inner item 42 of /shop/items/42"},
		{"/chi/ann", "chi ann /chi/{name}"},
		{"/users/bob/posts/7", "bob 7"},
	} {
		if w := serve(outer, httptest.NewRequest("GET", tc.path, nil)); w.Code != 200 || w.Body.String() != tc.want {
			t.Errorf("GET %s: %d %q, want %q", tc.path, w.Code, w.Body.String(), tc.want)
		}
	}
	if w := serve(outer, httptest.NewRequest("GET", "/shop/items/x", nil)); w.Code != 404 {
		t.Errorf("a bad parameter in the mounted App: %d, want 404", w.Code)
	}
}

func TestApp_InvalidConfigFailsClosed(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	a := New(Config{AllowedHosts: []string{"*"}, Logger: slog.New(slog.NewTextHandler(&logs, nil))}) // no SECRET_KEY, no DEBUG
	a.Get("/", func(r *Request) Response { return Text("served") })
	w := serve(a, httptest.NewRequest("GET", "/", nil))
	if w.Code != 500 || strings.Contains(w.Body.String(), "served") || !strings.Contains(logs.String(), "SECRET_KEY is not set") {
		t.Errorf("%d %q; log %q", w.Code, w.Body.String(), logs.String())
	}
	defer func() {
		if p := recover(); p == nil {
			t.Error("Use after serving did not panic")
		}
	}()
	a.Use(RequestID)
}

func TestApp_RouteSeveralMethods(t *testing.T) {
	t.Parallel()
	a, _ := newTestApp(t, nil)
	a.Route("/hook", func(r *Request) Response { return Text(r.Method()) }, "POST", "PUT").Name("hook").CSRFExempt()
	for _, m := range []string{"POST", "PUT"} {
		// No CSRF token: the exemption covers every method of the route.
		w := httptest.NewRecorder()
		a.ServeHTTP(w, httptest.NewRequest(m, "/hook", nil)) // the CSRF check runs
		if w.Code != 200 || w.Body.String() != m {
			t.Errorf("%s: %d %q", m, w.Code, w.Body.String())
		}
	}
	names := map[string]string{}
	for _, ri := range a.Router().Routes() {
		names[ri.Method] = ri.Name
	}
	if names["POST"] != "hook" || names["PUT"] != "hook" {
		t.Errorf("route listing names: %v", names)
	}
	if u, err := a.Router().Reverse("hook"); u != "/hook" || err != nil {
		t.Errorf("reverse: %q %v", u, err)
	}
}
