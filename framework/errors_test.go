package framework_test

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/goframe/goframe/framework"
)

// runtimeSecret returns a value made at run time, so that it appears in
// no source file a DEBUG page could show.
func runtimeSecret(t *testing.T, label string) string {
	t.Helper()
	var b [8]byte
	rand.Read(b[:])
	return label + "-" + hex.EncodeToString(b[:])
}

// errorsApp is an App with the views the error page tests use.
type errorsApp struct {
	*framework.App
	logs   *syncBuffer
	secret string // the SECRET_KEY
}

// The line of panicView that panics: the DEBUG page shows it.
const panicLineMarker = "the line the debug page shows"

func panicView(r *framework.Request) framework.Response {
	r.Form()
	panic("kaboom in " + r.Path()) // the line the debug page shows
}

func newErrorsApp(t *testing.T, debug bool, files fstest.MapFS) *errorsApp {
	t.Helper()
	logs := &syncBuffer{}
	secret := runtimeSecret(t, "a-secret-value-that-must-not-appear")
	if files == nil {
		files = fstest.MapFS{}
	}
	files["syntax.html"] = &fstest.MapFile{Data: []byte("<p>one</p>\n<p>two</p>\n{% if %}broken{% endif %}\n<p>four</p>\n")}
	files["missing.html"] = &fstest.MapFile{Data: []byte("{% include \"nowhere.html\" %}\n")}
	app := framework.New(framework.Config{
		Debug:              debug,
		SecretKey:          secret,
		SecretKeyFallbacks: []string{secret + "-old"},
		AllowedHosts:       []string{"*"},
		DatabaseURL:        "postgres://app:" + secret + "-db@db.internal/app?sslmode=disable",
		TemplatesFS:        files,
		Logger:             slog.New(slog.NewTextHandler(logs, nil)),
		NoRequestLog:       true,
	})
	app.Get("/", func(r *framework.Request) framework.Response { return framework.Text("home") }).Name("home")
	app.Get("/posts/{id:int}/", func(r *framework.Request) framework.Response {
		return framework.NotFound("No Post matches the given query.")
	}).Name("post_detail")
	app.Route("/panic/{id:int}", panicView, http.MethodGet, http.MethodPost).Name("panic")
	app.Get("/error", func(r *framework.Request) framework.Response {
		return framework.Error(errors.New("database is locked: private detail"))
	})
	app.Get("/syntax", func(r *framework.Request) framework.Response { return r.Render("syntax.html", nil) })
	app.Get("/missing", func(r *framework.Request) framework.Response { return r.Render("missing.html", nil) })
	app.Get("/forbidden", func(r *framework.Request) framework.Response { return framework.Forbidden("staff only") })
	app.Post("/csrf", func(r *framework.Request) framework.Response {
		return framework.Text("the CSRF check refuses a POST without a token before this view")
	})
	app.Get("/bad", func(r *framework.Request) framework.Response {
		return framework.Error(&framework.RequestError{Status: http.StatusBadRequest, Message: "page must be a number"})
	})
	app.Get("/unavailable", func(r *framework.Request) framework.Response {
		return framework.Response{}.WithStatus(http.StatusServiceUnavailable)
	})
	app.Get("/late", func(r *framework.Request) framework.Response {
		w := r.ResponseWriter()
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, "partial ")
		http.NewResponseController(w).Flush()
		panic("too late")
	})
	app.Get("/wrote-then-404", func(r *framework.Request) framework.Response {
		io.WriteString(r.ResponseWriter(), "already sent")
		return framework.NotFound()
	})
	app.Get("/flush", func(r *framework.Request) framework.Response {
		w := r.ResponseWriter()
		f, ok := w.(http.Flusher) // old-style code asserts it
		if !ok {
			return framework.Error(errors.New("no http.Flusher"))
		}
		io.WriteString(w, "one ")
		f.Flush()
		if err := http.NewResponseController(w).Flush(); err != nil {
			panic(err)
		}
		io.WriteString(w, "two")
		return framework.Written()
	})
	app.Get("/abort", func(r *framework.Request) framework.Response { panic(http.ErrAbortHandler) })
	return &errorsApp{App: app, logs: logs, secret: secret}
}

// get serves one request; hdr holds headers as "Name: value".
func (a *errorsApp) do(method, target string, body io.Reader, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, body)
	for _, h := range hdr {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Add(k, v)
	}
	w := httptest.NewRecorder()
	a.ServeHTTP(w, req)
	return w
}

func TestApp_renderError_production(t *testing.T) {
	t.Parallel()
	withTemplates := fstest.MapFS{
		"404.html": {Data: []byte("<title>Lost</title>custom 404 for {{ request_path }}")},
		"500.html": {Data: []byte("custom 500 page")},
		"403.html": {Data: []byte("custom 403: {{ exception }}")},
		"400.html": {Data: []byte("custom 400: {{ exception }}")},
		"405.html": {Data: []byte("custom 405")},
	}
	tests := []struct {
		name       string
		files      fstest.MapFS
		method     string
		path       string
		status     int
		want       []string
		notWant    []string
		header     map[string]string
		logged     string
		notLoggged string
	}{
		{name: "404 default", path: "/nowhere", status: 404,
			want: []string{"<h1>Not Found</h1><p>The requested resource was not found on this server.</p>"}},
		{name: "404 from a view keeps its reason private", path: "/posts/3/", status: 404,
			want: []string{"<h1>Not Found</h1>"}, notWant: []string{"No Post matches"}},
		{name: "500 from a panic", path: "/panic/1", status: 500,
			want: []string{"<h1>Server Error (500)</h1>"}, notWant: []string{"kaboom", "panicView", "goroutine"},
			logged: "kaboom in /panic/1"},
		{name: "500 from Error", path: "/error", status: 500,
			want: []string{"<h1>Server Error (500)</h1>"}, notWant: []string{"database is locked", "private detail"},
			logged: "database is locked: private detail"},
		{name: "500 from a template error", path: "/syntax", status: 500,
			want: []string{"<h1>Server Error (500)</h1>"}, notWant: []string{"syntax.html", "if tag"}, logged: "syntax.html:3"},
		{name: "503 without an error", path: "/unavailable", status: 503,
			want: []string{"<h1>Service Unavailable (503)</h1>"}, notLoggged: "server error"},
		{name: "403 default", path: "/forbidden", status: 403,
			want: []string{"<h1>403 Forbidden</h1>"}, notWant: []string{"staff only"}},
		{name: "403 CSRF default", method: "POST", path: "/csrf", status: 403,
			want: []string{"<h1>Forbidden (403)</h1><p>CSRF verification failed. Request aborted.</p>"}, notWant: []string{"token missing"}},
		{name: "400 RequestError shows its message", path: "/bad", status: 400,
			want: []string{"<h1>Bad Request (400)</h1><p>page must be a number</p>"}},
		{name: "405 default keeps Allow", method: "DELETE", path: "/", status: 405,
			want: []string{"<h1>Method Not Allowed (405)</h1>"}, header: map[string]string{"Allow": "GET, HEAD"}},

		{name: "404.html", files: withTemplates, path: "/nowhere", status: 404,
			want: []string{"custom 404 for /nowhere"}, notWant: []string{"Not Found</h1>"}},
		{name: "500.html for a panic", files: withTemplates, path: "/panic/1", status: 500,
			want: []string{"custom 500 page"}, notWant: []string{"kaboom"}},
		{name: "500.html for a template error", files: withTemplates, path: "/syntax", status: 500,
			want: []string{"custom 500 page"}, notWant: []string{"syntax.html"}},
		{name: "403.html gets the reason as exception", files: withTemplates, path: "/forbidden", status: 403,
			want: []string{"custom 403: staff only"}},
		{name: "400.html gets the RequestError's message", files: withTemplates, path: "/bad", status: 400,
			want: []string{"custom 400: page must be a number"}},
		{name: "405.html", files: withTemplates, method: "POST", path: "/", status: 405,
			want: []string{"custom 405"}, header: map[string]string{"Allow": "GET, HEAD"}},
		{name: "a broken 500.html falls back to the default page", files: fstest.MapFS{"500.html": {Data: []byte("{% if %}")}},
			path: "/error", status: 500, want: []string{"<h1>Server Error (500)</h1>"}, logged: "error page template failed"},
		{name: "a 404.html extending a missing base falls back", files: fstest.MapFS{"404.html": {Data: []byte(`{% extends "base.html" %}`)}},
			path: "/nowhere", status: 404, want: []string{"<h1>Not Found</h1>"}, logged: "base.html"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			files := fstest.MapFS{}
			for k, v := range tc.files {
				files[k] = v
			}
			app := newErrorsApp(t, false, files)
			method := tc.method
			if method == "" {
				method = "GET"
			}
			w := app.do(method, tc.path, nil, "Accept: text/html")
			body := w.Body.String()
			if w.Code != tc.status {
				t.Errorf("status %d, want %d; body %q", w.Code, tc.status, body)
			}
			if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if w.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("X-Content-Type-Options missing: %v", w.Header())
			}
			if tc.status >= 500 && w.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q on a %d", w.Header().Get("Cache-Control"), tc.status)
			}
			for _, s := range tc.want {
				if !strings.Contains(body, s) {
					t.Errorf("body lacks %q:\n%s", s, body)
				}
			}
			for _, s := range append(tc.notWant, app.secret, "Traceback", "Stack", "Settings") {
				if strings.Contains(body, s) {
					t.Errorf("body shows %q:\n%s", s, body)
				}
			}
			for k, v := range tc.header {
				if got := w.Header().Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
			logs := app.logs.String()
			if tc.logged != "" && !strings.Contains(logs, tc.logged) {
				t.Errorf("log lacks %q:\n%s", tc.logged, logs)
			}
			if tc.notLoggged != "" && strings.Contains(logs, tc.notLoggged) {
				t.Errorf("log has %q:\n%s", tc.notLoggged, logs)
			}
		})
	}
}

func TestApp_renderError_logsServerErrors(t *testing.T) {
	t.Parallel()
	app := newErrorsApp(t, false, nil)
	w := app.do("GET", "/panic/5", nil, "X-Request-ID: req-abc.123")
	if w.Code != 500 {
		t.Fatalf("status %d", w.Code)
	}
	logs := app.logs.String()
	for _, want := range []string{"level=ERROR", "method=GET", "path=/panic/5", "request_id=req-abc.123",
		`error="panic: kaboom in /panic/5"`, "errors_test.go", "panicView"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
	if w.Header().Get("X-Request-ID") != "req-abc.123" {
		t.Errorf("X-Request-ID %q", w.Header().Get("X-Request-ID"))
	}
	// A 404 is no server error.
	before := strings.Count(app.logs.String(), "level=ERROR")
	app.do("GET", "/nowhere", nil)
	if after := strings.Count(app.logs.String(), "level=ERROR"); after != before {
		t.Errorf("a 404 logged an error:\n%s", app.logs.String())
	}
}

func TestApp_renderError_head(t *testing.T) {
	t.Parallel()
	for _, debug := range []bool{false, true} {
		app := newErrorsApp(t, debug, nil)
		for _, tc := range []struct {
			path   string
			status int
		}{{"/nowhere", 404}, {"/panic/1", 500}, {"/error", 500}, {"/forbidden", 403}} {
			get := app.do("GET", tc.path, nil, "Accept: text/html")
			head := app.do("HEAD", tc.path, nil, "Accept: text/html")
			if head.Code != tc.status || head.Body.Len() != 0 {
				t.Errorf("debug=%v HEAD %s: status %d, body %q", debug, tc.path, head.Code, head.Body.String())
			}
			if head.Header().Get("Content-Type") != get.Header().Get("Content-Type") || head.Header().Get("Content-Length") == "" {
				t.Errorf("debug=%v HEAD %s: headers %v, GET's %v", debug, tc.path, head.Header(), get.Header())
			}
		}
	}
}

func TestApp_recoverMiddleware_afterResponseBegan(t *testing.T) {
	t.Parallel()
	for _, debug := range []bool{false, true} {
		app := newErrorsApp(t, debug, nil)
		w := httptest.NewRecorder()
		func() {
			defer func() {
				if p := recover(); p != http.ErrAbortHandler {
					t.Errorf("debug=%v: panic %v, want http.ErrAbortHandler to abort the connection", debug, p)
				}
			}()
			app.ServeHTTP(w, httptest.NewRequest("GET", "/late", nil))
		}()
		if w.Code != http.StatusAccepted || w.Body.String() != "partial " {
			t.Errorf("debug=%v: status %d, body %q: the error page was written after the response began", debug, w.Code, w.Body.String())
		}
		logs := app.logs.String()
		for _, want := range []string{"panic after the response began", "too late", "status=202"} {
			if !strings.Contains(logs, want) {
				t.Errorf("debug=%v: log lacks %q:\n%s", debug, want, logs)
			}
		}
	}
}

func TestApp_renderError_afterResponseBegan(t *testing.T) {
	t.Parallel()
	for _, debug := range []bool{false, true} {
		app := newErrorsApp(t, debug, nil)
		w := app.do("GET", "/wrote-then-404", nil, "Accept: text/html")
		if w.Code != 200 || w.Body.String() != "already sent" {
			t.Errorf("debug=%v: status %d, body %q: the error page was written after the response began", debug, w.Code, w.Body.String())
		}
		if logs := app.logs.String(); !strings.Contains(logs, "error page not sent") || !strings.Contains(logs, "status=404") {
			t.Errorf("debug=%v: log:\n%s", debug, logs)
		}
	}
}

func TestApp_recoverMiddleware_truncatesOverHTTP(t *testing.T) {
	t.Parallel()
	app := newErrorsApp(t, true, nil)
	srv := httptest.NewServer(app)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/late")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusAccepted || string(body) != "partial " || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("status %d, body %q, read error %v: want 202, the partial body and a truncated response", resp.StatusCode, body, err)
	}
}

func TestApp_recoverMiddleware_passesErrAbortHandler(t *testing.T) {
	t.Parallel()
	app := newErrorsApp(t, true, nil)
	w := httptest.NewRecorder()
	defer func() {
		if p := recover(); p != http.ErrAbortHandler {
			t.Errorf("panic %v, want http.ErrAbortHandler", p)
		}
		if w.Body.Len() != 0 || strings.Contains(app.logs.String(), "level=ERROR") {
			t.Errorf("an aborted handler got a page %q or a log:\n%s", w.Body.String(), app.logs.String())
		}
	}()
	app.ServeHTTP(w, httptest.NewRequest("GET", "/abort", nil))
}

func TestApp_recoverMiddleware_keepsFlusher(t *testing.T) {
	t.Parallel()
	app := newErrorsApp(t, false, nil)
	srv := httptest.NewServer(app)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/flush")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 || string(body) != "one two" {
		t.Errorf("status %d, body %q, error %v", resp.StatusCode, body, err)
	}
}
