package framework_test

import (
	"fmt"
	"net/http"
	"testing/fstest"

	"github.com/goframe/goframe/framework"
)

func ExampleRequest_SuccessMessage() {
	app := framework.New(framework.Config{
		Debug:        true,
		SecretKey:    "a long random secret",
		NoRequestLog: true,
		TemplatesFS: fstest.MapFS{
			"posts.html": {Data: []byte(`{% for message in messages %}<p class="{{ message.tags }}">{{ message }}</p>{% endfor %}`)},
		},
	})
	app.Get("/posts/new", func(r *framework.Request) framework.Response {
		// ... the post is saved ...
		r.SuccessMessage("Your post was published.")
		return framework.Redirect("/posts")
	})
	app.Get("/posts", func(r *framework.Request) framework.Response {
		return r.Render("posts.html", nil)
	})

	var cookie *http.Cookie
	get(app, "/posts/new", &cookie)                 // the message waits in the session
	fmt.Println(get(app, "/posts", &cookie))        // shown once...
	fmt.Printf("%q\n", get(app, "/posts", &cookie)) // ...then gone
	// Output:
	// <p class="success">Your post was published.</p>
	// ""
}
