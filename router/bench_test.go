package router

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"
)

// The same routes on goframe's router and on plain chi: naming, the
// converters and reversing add no allocation to the request path.
// Compare allocs/op and ns/op across the sub-benchmarks.
func BenchmarkRouting(b *testing.B) {
	ok := func(w http.ResponseWriter, r *http.Request) {}
	paths := []string{"/", "/posts/42/", "/tags/go-web/", "/blog/2026/hello/"}
	g := New()
	g.Get("/", ok).Name("home")
	g.Get("/posts/{id:int}/", ok).Name("post")
	g.Get("/tags/{slug:slug}/", ok).Name("tag")
	g.Namespace("/blog", "blog", func(b *Router) { b.Get("/{year:int}/{slug:slug}/", ok).Name("entry") })
	c := chi.NewRouter()
	c.Get("/", ok)
	c.Get("/posts/{id:[0-9]+}/", ok)
	c.Get("/tags/{slug:[-a-zA-Z0-9_]+}/", ok)
	c.Route("/blog", func(r chi.Router) { r.Get("/{year:[0-9]+}/{slug:[-a-zA-Z0-9_]+}/", ok) })
	for _, tc := range []struct {
		name string
		h    http.Handler
	}{{"chi", c}, {"goframe", g}} {
		b.Run(tc.name, func(b *testing.B) {
			reqs := make([]*http.Request, len(paths))
			for i, p := range paths {
				reqs[i] = httptest.NewRequest("GET", p, nil)
			}
			w := httptest.NewRecorder()
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				tc.h.ServeHTTP(w, reqs[i%len(reqs)])
			}
		})
	}
}

func BenchmarkReverse(b *testing.B) {
	r := testRouter()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Reverse("blog:entry", 2026, "hello"); err != nil {
			b.Fatal(err)
		}
	}
}
