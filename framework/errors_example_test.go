package framework_test

import (
	"fmt"
	"net/http/httptest"
	"testing/fstest"

	"github.com/goframe/goframe/framework"
)

// Without Debug, an error response renders the project's template for
// its status (404.html, 500.html, 403.html, 400.html, 405.html) with
// request_path in its context, or Django's plain page when there is
// none; the error itself is only logged. With Debug, the developer page
// shows the error, the stack, the request and the settings instead.
func Example_errorPages() {
	app := framework.New(framework.Config{
		SecretKey:    "an-example-secret-key-that-is-long-enough",
		AllowedHosts: []string{"example.com"},
		NoRequestLog: true,
		TemplatesFS: fstest.MapFS{
			"404.html": {Data: []byte("<h1>Nothing at {{ request_path }}</h1>")},
		},
	})
	app.Get("/posts/{id:int}/", func(r *framework.Request) framework.Response {
		return framework.NotFound("No Post matches the given query.")
	})

	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest("GET", "/posts/7/", nil))
	fmt.Println(w.Code, w.Body.String())
	// Output: 404 <h1>Nothing at /posts/7/</h1>
}
