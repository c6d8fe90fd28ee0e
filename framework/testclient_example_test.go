package framework_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing/fstest"

	"github.com/goframe/goframe/framework"
)

// A test client logs in with a form, follows the redirect, and checks
// the template rendered, its context and the cookie kept.
func ExampleTestClient() {
	app := framework.New(framework.Config{Debug: true, NoRequestLog: true, TemplatesFS: fstest.MapFS{
		"hello.html": {Data: []byte("Hello, {{ name }}!")},
	}})
	app.Get("/hello/{name}", func(r *framework.Request) framework.Response {
		return r.Render("hello.html", framework.Ctx{"name": r.Param("name")})
	})
	app.Post("/login", func(r *framework.Request) framework.Response {
		user := r.FormValue("user")
		return framework.Redirect("/hello/"+user, http.StatusSeeOther).
			WithCookie(&http.Cookie{Name: "user", Value: user, Path: "/", HttpOnly: true})
	})

	c := framework.NewTestClient(app) // Host "localhost": Debug's ALLOWED_HOSTS
	c.FollowRedirects = true
	resp, err := c.PostForm("/login", url.Values{"user": {"ada"}}) // with a CSRF token
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, resp.Text())
	fmt.Println(resp.RedirectChain)
	fmt.Println(resp.Templates(), resp.Context("name"))
	fmt.Println(c.Cookie("user").Value)
	// Output:
	// 200 Hello, ada!
	// [{/hello/ada 303}]
	// [hello.html] ada
	// ada
}
