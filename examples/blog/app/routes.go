package app

import (
	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/framework/auth"
)

// routes registers the blog's routes. Templates and views refer to them
// by name ({% url 'detail' post.ID %}, framework.RedirectTo("index")),
// never by path; `blog routes` lists them.
func routes(a *framework.App) {
	a.Get("/", index).Name("index")

	a.Route("/auth/register", register, "GET", "POST").Name("register")
	a.Route("/auth/login", login, "GET", "POST").Name("login")
	a.Post("/auth/logout", logout).Name("logout")

	a.Route("/create", auth.LoginRequired(create), "GET", "POST").Name("create")
	a.Get("/{id:int}/", detail).Name("detail")
	a.Post("/{id:int}/comments", auth.LoginRequired(comment)).Name("comment")
	a.Route("/{id:int}/update", auth.LoginRequired(update), "GET", "POST").Name("update")
	a.Post("/{id:int}/delete", auth.LoginRequired(remove)).Name("delete")
}
