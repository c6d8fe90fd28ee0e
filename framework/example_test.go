package framework_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing/fstest"

	"github.com/goframe/goframe/framework"
)

// A small app: a named route with a typed parameter, a template, JSON,
// and a redirect by route name.
func Example() {
	app := framework.New(framework.Config{
		SecretKey:    strings.Repeat("x", 40), // from the environment in a real project
		AllowedHosts: []string{"example.com"},
		TemplatesFS: fstest.MapFS{
			"post.html": {Data: []byte(`<h1>{{ title }}</h1><a href="{% url 'post' id %}">link</a>`)},
		},
		NoRequestLog: true,
	})
	app.Get("/posts/{id:int}", func(r *framework.Request) framework.Response {
		return r.Render("post.html", framework.Ctx{"id": r.PathInt("id"), "title": "Fish & Chips"})
	}).Name("post")
	app.Get("/api/posts/{id:int}", func(r *framework.Request) framework.Response {
		return framework.JSON(map[string]any{"id": r.PathInt("id")})
	})
	app.Get("/latest", func(r *framework.Request) framework.Response {
		return framework.RedirectTo("post", 42)
	})

	for _, path := range []string{"/posts/7", "/api/posts/7", "/latest", "/posts/seven"} {
		w := httptest.NewRecorder()
		app.ServeHTTP(w, httptest.NewRequest("GET", "http://example.com"+path, nil))
		body := strings.TrimSpace(w.Body.String())
		if w.Code == 404 { // Django's default page, a whole document: its heading
			_, body, _ = strings.Cut(body, "<body>")
			body = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(body), "</body>\n</html>"))
		}
		fmt.Println(w.Code, w.Header().Get("Location"), body)
	}
	// Output:
	// 200  <h1>Fish &amp; Chips</h1><a href="/posts/7">link</a>
	// 200  {"id":7}
	// 302 /posts/42 <a href="/posts/42">Found</a>.
	// 404  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>
}
