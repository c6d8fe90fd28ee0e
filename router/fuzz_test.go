package router

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzRouting sends arbitrary paths through a router. Properties: no
// panic; only the statuses routing gives (200, 301, 404, 405); and a
// path that reaches a named route reverses, from the parameters it was
// routed with, to a path that reaches the same route with the same
// parameters.
func FuzzRouting(f *testing.F) {
	for _, s := range []string{"/", "/posts/42/", "/posts/42", "/tags/a-b/", "/files/a/b%20c", "/hello/%2F",
		"/blog/2026/x/", "/blog/admin/edit/1", "/u/123e4567-e89b-12d3-a456-426614174000", "//", "/posts/0042/", "/static/x"} {
		f.Add(s)
	}
	type hit struct {
		name   string
		params []string
	}
	var got hit
	r := New(Options{AppendSlash: true})
	record := func(name string, params ...string) http.HandlerFunc {
		return func(w http.ResponseWriter, req *http.Request) {
			got = hit{name: name}
			for _, p := range params {
				got.params = append(got.params, Param(req, p))
			}
		}
	}
	r.Get("/", record("home")).Name("home")
	r.Get("/posts/{id:int}/", record("post_detail", "id")).Name("post_detail")
	r.Get("/tags/{slug:slug}/", record("tag", "slug")).Name("tag")
	r.Get("/u/{uid:uuid}", record("user", "uid")).Name("user")
	r.Get("/files/{rest:path}", record("file", "rest")).Name("file")
	r.Get("/hello/{name}", record("hello", "name")).Name("hello")
	r.Namespace("/blog", "blog", func(b *Router) {
		b.Get("/{year:int}/{slug:slug}/", record("blog:entry", "year", "slug")).Name("entry")
	})
	serve := func(path string) (int, hit) {
		got = hit{}
		req := httptest.NewRequest("GET", "/", nil)
		req.URL.Path = path
		req.URL.RawPath = ""
		w := httptest.NewRecorder()
		r.ServeHTTP(w, req)
		return w.Code, got
	}
	f.Fuzz(func(t *testing.T, path string) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, "?#") {
			return
		}
		code, h := serve(path)
		switch code {
		case 200, 301, 404, 405:
		default:
			t.Fatalf("%q: status %d", path, code)
		}
		if code != 200 || h.name == "" || h.name == "home" {
			return
		}
		args := make([]any, len(h.params))
		for i, p := range h.params {
			args[i] = p
		}
		u, err := r.Reverse(h.name, args...)
		if err != nil {
			t.Fatalf("%q routed to %s%v, which does not reverse: %v", path, h.name, h.params, err)
		}
		req := httptest.NewRequest("GET", u, nil) // the reversed path, escaped
		got = hit{}
		w := httptest.NewRecorder()
		r.ServeHTTP(w, req)
		if w.Code != 200 || fmt.Sprint(got) != fmt.Sprint(h) {
			t.Fatalf("%q → %s%v → %q → %d %s%v", path, h.name, h.params, u, w.Code, got.name, got.params)
		}
	})
}
