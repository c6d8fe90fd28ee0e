package router_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/goframe/goframe/router"
)

func Example() {
	r := router.New(router.Options{AppendSlash: true})
	r.Namespace("/blog", "blog", func(b *router.Router) {
		b.Get("/posts/{id:int}/", func(w http.ResponseWriter, req *http.Request) {
			fmt.Fprintf(w, "post %d", router.ParamInt(req, "id"))
		}).Name("post_detail")
	})

	u, err := r.Reverse("blog:post_detail", 42)
	fmt.Println(u, err)

	w := httptest.NewRecorder()
	r.ServeHTTP(w, httptest.NewRequest("GET", u, nil))
	fmt.Println(w.Code, w.Body.String())

	w = httptest.NewRecorder()
	r.ServeHTTP(w, httptest.NewRequest("GET", "/blog/posts/oops/", nil))
	fmt.Println(w.Code)

	_, err = r.Reverse("blog:post_detail", "oops")
	fmt.Println(err)
	// Output:
	// /blog/posts/42/ <nil>
	// 200 post 42
	// 404
	// router: reversing "blog:post_detail" (/blog/posts/{id:int}/): parameter id: "oops" is not a valid int
}
