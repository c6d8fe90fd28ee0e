package router

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
)

func echo(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rctx := chi.RouteContext(r.Context())
		var ps []string
		for i, k := range rctx.URLParams.Keys {
			if k != "*" {
				ps = append(ps, k+"="+rctx.URLParams.Values[i])
			}
		}
		fmt.Fprintf(w, "%s %s", name, strings.Join(ps, ","))
	}
}

func testRouter() *Router {
	r := New(Options{AppendSlash: true})
	r.Get("/", echo("home")).Name("home")
	r.Get("/posts/{id:int}/", echo("post")).Name("post_detail")
	r.Post("/posts/", echo("create")).Name("post_create")
	r.Get("/tags/{slug:slug}/", echo("tag")).Name("tag")
	r.Get("/u/{uid:uuid}", echo("user")).Name("user")
	r.Get("/files/{rest:path}", echo("file")).Name("file")
	r.Get("/hello/{name}", echo("hello")).Name("hello")
	r.Namespace("/blog", "blog", func(b *Router) {
		b.Use(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Blog", "1")
				next.ServeHTTP(w, r)
			})
		})
		b.Get("/{year:int}/{slug:slug}/", echo("entry")).Name("entry")
		b.Namespace("/admin", "admin", func(a *Router) {
			a.Get("/edit/{id:int}", echo("edit")).Name("edit")
		})
	})
	r.Mount("/static", http.StripPrefix("/static", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "static %s", r.URL.Path)
	})))
	return r
}

func TestRouting(t *testing.T) {
	r := testRouter()
	tests := []struct {
		method, path string
		status       int
		body, header string
	}{
		{"GET", "/", 200, "home ", ""},
		{"GET", "/posts/42/", 200, "post id=42", ""},
		{"HEAD", "/posts/42/", 200, "", ""},
		{"GET", "/posts/x/", 404, "", ""},
		{"GET", "/posts/99999999999999999999/", 404, "", ""}, // matches [0-9]+ but does not convert
		{"GET", "/posts/42", 301, "", "Location=/posts/42/"},
		{"GET", "/posts/42?a=b", 301, "", "Location=/posts/42/?a=b"},
		{"POST", "/posts/42/", 405, "", "Allow=GET, HEAD"},
		{"POST", "/posts/42", 404, "", ""}, // APPEND_SLASH redirects only GET and HEAD
		{"DELETE", "/posts/", 405, "", "Allow=POST"},
		{"GET", "/tags/go-web_1/", 200, "tag slug=go-web_1", ""},
		{"GET", "/tags/a.b/", 404, "", ""},
		{"GET", "/u/123e4567-e89b-12d3-a456-426614174000", 200, "user uid=123e4567-e89b-12d3-a456-426614174000", ""},
		{"GET", "/u/123", 404, "", ""},
		{"GET", "/files/a/b/c.txt", 200, "file rest=a/b/c.txt", ""},
		{"GET", "/files/", 404, "", ""},
		{"GET", "/hello/ann", 200, "hello name=ann", ""},
		{"GET", "/hello/a/b", 404, "", ""},
		{"GET", "/blog/2026/hello/", 200, "entry year=2026,slug=hello", "X-Blog=1"},
		{"GET", "/blog/admin/edit/3", 200, "edit id=3", "X-Blog=1"},
		{"GET", "/static/css/a.css", 200, "static /css/a.css", ""},
		{"GET", "/nowhere", 404, "", ""},
		{"GET", "/blog/2026//", 404, "", ""}, // an empty segment converts to nothing
		{"GET", "/hello/", 404, "", ""},
	}
	for _, tc := range tests {
		req := httptest.NewRequest(tc.method, tc.path, nil)
		w := httptest.NewRecorder()
		r.ServeHTTP(w, req)
		body, _ := io.ReadAll(w.Body)
		if w.Code != tc.status {
			t.Errorf("%s %s: status %d, want %d", tc.method, tc.path, w.Code, tc.status)
			continue
		}
		if tc.status == 200 && tc.body != "" && string(body) != tc.body {
			t.Errorf("%s %s: body %q, want %q", tc.method, tc.path, body, tc.body)
		}
		if tc.header != "" {
			k, v, _ := strings.Cut(tc.header, "=")
			if got := strings.Join(w.Header().Values(k), ","); got != v {
				t.Errorf("%s %s: %s %q, want %q", tc.method, tc.path, k, got, v)
			}
		}
	}
}

type uid string

func (u uid) String() string { return string(u) }

func TestReverse(t *testing.T) {
	r := testRouter()
	tests := []struct {
		name string
		args []any
		want string // "error: ..." for an error
	}{
		{"home", nil, "/"},
		{"post_detail", []any{42}, "/posts/42/"},
		{"post_detail", []any{int64(7)}, "/posts/7/"},
		{"post_detail", []any{"12"}, "/posts/12/"},
		{"post_detail", []any{"x"}, `error: "x" is not a valid int`},
		{"post_detail", []any{-1}, `error: "-1" is not a valid int`},
		{"post_detail", nil, "error: missing parameter id"},
		{"post_detail", []any{1, 2}, "error: 2 parameters given, the route has 1"},
		{"tag", []any{"go-web"}, "/tags/go-web/"},
		{"tag", []any{"go web"}, `error: "go web" is not a valid slug`},
		{"user", []any{uid("123e4567-e89b-12d3-a456-426614174000")}, "/u/123e4567-e89b-12d3-a456-426614174000"},
		{"file", []any{"a b/c.txt"}, "/files/a%20b/c.txt"},
		{"hello", []any{"Zoë?"}, "/hello/Zo%C3%AB%3F"},
		{"hello", []any{"a/b"}, `error: "a/b" is not a valid str`},
		{"blog:entry", []any{2026, "hi"}, "/blog/2026/hi/"},
		{"blog:admin:edit", []any{3}, "/blog/admin/edit/3"},
		{"entry", []any{2026, "hi"}, `error: no route named "entry"`},
		{"nope", nil, `error: no route named "nope"`},
		{"post_detail", []any{1.5}, "error: a float64 cannot be a URL parameter"},
	}
	for _, tc := range tests {
		got, err := r.Reverse(tc.name, tc.args...)
		if want, isErr := strings.CutPrefix(tc.want, "error: "); isErr {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("Reverse(%q, %v) = %q, %v; want an error containing %q", tc.name, tc.args, got, err, want)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Reverse(%q, %v) = %q, %v; want %q", tc.name, tc.args, got, err, tc.want)
		}
	}
	if u, err := r.ReverseKw("blog:entry", map[string]any{"slug": "s", "year": 1}); err != nil || u != "/blog/1/s/" {
		t.Errorf("ReverseKw: %q %v", u, err)
	}
	if _, err := r.ReverseKw("blog:entry", map[string]any{"slug": "s", "year": 1, "x": 2}); err == nil {
		t.Error("ReverseKw with an unknown parameter")
	}
	if u, err := r.ReverseFunc("post_detail", []any{5}, nil); err != nil || u != "/posts/5/" {
		t.Errorf("ReverseFunc: %q %v", u, err)
	}
}

func TestRegistrationPanics(t *testing.T) {
	for name, f := range map[string]func(r *Router){
		"dup name":      func(r *Router) { r.Get("/a", echo("a")).Name("x"); r.Get("/b", echo("b")).Name("x") },
		"bad converter": func(r *Router) { r.Get("/a/{id:float}", echo("a")) },
		"path not last": func(r *Router) { r.Get("/a/{p:path}/b", echo("a")) },
		"no slash":      func(r *Router) { r.Get("a", echo("a")) },
		"dup param":     func(r *Router) { r.Get("/{a}/{a}", echo("a")) },
		"colon in name": func(r *Router) { r.Get("/a", echo("a")).Name("x:y") },
		"bad prefix":    func(r *Router) { r.Group("blog/", func(*Router) {}) },
		"stray brace":   func(r *Router) { r.Get("/a/{b", echo("a")) },
	} {
		func() {
			defer func() {
				if p := recover(); p == nil || !strings.HasPrefix(fmt.Sprint(p), "router: ") {
					t.Errorf("%s: panic %v, want a router: panic", name, p)
				}
			}()
			f(New())
		}()
	}
}

func TestRoutes(t *testing.T) {
	var lines []string
	for _, ri := range testRouter().Routes() {
		lines = append(lines, ri.Method+" "+ri.Pattern+" "+ri.Name)
	}
	got := strings.Join(lines, "\n")
	for _, want := range []string{"GET /blog/{year:int}/{slug:slug}/ blog:entry", "POST /posts/ post_create", "* /static/*"} {
		if !strings.Contains(got, want) {
			t.Errorf("routes lack %q:\n%s", want, got)
		}
	}
}

func TestErrorHandlers(t *testing.T) {
	t.Parallel()
	custom := func(tag string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(599)
			w.Write([]byte(tag))
		})
	}
	for _, appendSlash := range []bool{false, true} {
		r := New(Options{AppendSlash: appendSlash, NotFound: custom("nf"), MethodNotAllowed: custom("mna")})
		r.Get("/posts/{id:int}", func(w http.ResponseWriter, r *http.Request) {})
		r.Post("/posts/{id:int}", func(w http.ResponseWriter, r *http.Request) {})
		r.Get("/dir/", func(w http.ResponseWriter, r *http.Request) {})
		tests := []struct {
			method, path, body, allow string
		}{
			{"GET", "/nothing", "nf", ""},
			{"GET", "/posts/abc", "nf", ""},
			{"GET", "/posts/99999999999999999999", "nf", ""},
			{"DELETE", "/posts/1", "mna", "GET, HEAD, POST"},
		}
		if !appendSlash {
			tests = append(tests, struct{ method, path, body, allow string }{"GET", "/dir", "nf", ""})
		}
		for _, tt := range tests {
			w := httptest.NewRecorder()
			r.ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, nil))
			if w.Code != 599 || w.Body.String() != tt.body || w.Header().Get("Allow") != tt.allow {
				t.Errorf("append slash %v: %s %s: %d %q Allow %q", appendSlash, tt.method, tt.path, w.Code, w.Body.String(), w.Header().Get("Allow"))
			}
		}
	}
}

func TestRouter_PrepareContext(t *testing.T) {
	r := New()
	var seen *http.Request
	r.Get("/posts/{id:int}", func(w http.ResponseWriter, req *http.Request) {
		seen = req
		fmt.Fprint(w, Param(req, "id"))
	})
	var rc chi.Context
	rc.URLParams.Add("stale", "left from an earlier request")
	r.PrepareContext(&rc)
	req := httptest.NewRequest("GET", "/posts/7", nil)
	req = req.WithContext(context.WithValue(req.Context(), chi.RouteCtxKey, &rc))
	w := httptest.NewRecorder()
	r.ServeHTTP(w, req)
	if w.Code != 200 || w.Body.String() != "7" {
		t.Fatalf("%d %q", w.Code, w.Body.String())
	}
	// The router routed with the caller's context: the handler got the
	// caller's request itself, and the parameters are in rc.
	if seen != req || rc.URLParam("id") != "7" || rc.URLParam("stale") != "" || rc.Routes == nil {
		t.Errorf("handler's request is the caller's: %v; id %q, stale %q, routes %v",
			seen == req, rc.URLParam("id"), rc.URLParam("stale"), rc.Routes)
	}
}
