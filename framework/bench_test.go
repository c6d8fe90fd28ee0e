package framework

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-chi/chi/v5"
)

// The cost of the framework on a request: the same plaintext and JSON
// views on plain net/http, on chi, and through a whole App (recover,
// request ID, security headers, allowed hosts, static, sessions,
// messages, CSRF guard, router). Run with
//
//	go test -run '^$' -bench 'Framework' -benchmem ./framework
func BenchmarkFramework(b *testing.B) {
	app := New(Config{
		SecretKey:    strings.Repeat("s", 40),
		AllowedHosts: []string{"*"},
		TemplatesFS:  fstest.MapFS{"hello.html": {Data: []byte("<p>Hello, {{ name }}!</p>")}},
		Logger:       slog.New(slog.NewTextHandler(io.Discard, nil)),
		NoRequestLog: true,
	})
	app.Get("/plaintext", func(r *Request) Response { return Text("Hello, World!") })
	app.Get("/json", func(r *Request) Response { return JSON(map[string]string{"message": "Hello, World!"}) })
	app.Get("/hello/{name}", func(r *Request) Response { return r.Render("hello.html", Ctx{"name": r.Param("name")}) })

	mux := http.NewServeMux()
	mux.HandleFunc("GET /plaintext", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "Hello, World!")
	})
	c := chi.NewRouter()
	c.Get("/plaintext", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "Hello, World!")
	})
	run := func(b *testing.B, h http.Handler, path string) {
		req := httptest.NewRequest("GET", path, nil)
		b.ReportAllocs()
		for b.Loop() {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != 200 {
				b.Fatalf("status %d", w.Code)
			}
		}
	}
	b.Run("plaintext/net-http", func(b *testing.B) { run(b, mux, "/plaintext") })
	b.Run("plaintext/chi", func(b *testing.B) { run(b, c, "/plaintext") })
	b.Run("plaintext/app", func(b *testing.B) { run(b, app, "/plaintext") })
	b.Run("json/app", func(b *testing.B) { run(b, app, "/json") })
	b.Run("template/app", func(b *testing.B) { run(b, app, "/hello/ann") })
}
