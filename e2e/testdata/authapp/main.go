// Command authapp is the end-to-end tests' application with user
// accounts (framework/auth): its binary runs makemigrations, migrate,
// createsuperuser and changepassword as a user's does, and serves a
// login page, a logout button and a page for logged-in users only.
//
// Routes: GET / (the home page, greeting the user), GET and POST /login/
// (the login form; "next" is where to go after), POST /logout/, GET
// /secret/ (logged-in users only).
package main

import (
	"embed"
	"errors"
	"io/fs"

	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/framework/auth"
	"github.com/goframe/goframe/orm"
)

//go:embed templates
var files embed.FS

func main() {
	tpl, err := fs.Sub(files, "templates")
	if err != nil {
		panic(err)
	}
	models, err := orm.NewRegistry() // auth.Install adds auth.User
	if err != nil {
		panic(err)
	}
	app := framework.New(framework.Config{TemplatesFS: tpl, Models: models})
	auth.Install(app)

	app.Get("/", func(r *framework.Request) framework.Response {
		return r.Render("home.html", nil)
	}).Name("home")
	app.Get("/login/", func(r *framework.Request) framework.Response {
		return r.Render("login.html", framework.Ctx{"next": r.Query("next")})
	}).Name("login")
	app.Post("/login/", func(r *framework.Request) framework.Response {
		u, err := auth.Authenticate(r.Context(), r.DB(), r.FormValue("username"), r.FormValue("password"))
		msg := ""
		switch {
		case errors.Is(err, auth.ErrUnknownUser):
			msg = "Incorrect username."
		case errors.Is(err, auth.ErrWrongPassword), errors.Is(err, auth.ErrInactive):
			msg = "Incorrect password."
		case err != nil:
			return framework.Error(err)
		}
		if msg != "" {
			return r.Render("login.html", framework.Ctx{"next": r.FormValue("next"), "error": msg})
		}
		if err := auth.Login(r, u); err != nil {
			return framework.Error(err)
		}
		return framework.Redirect(auth.SafeRedirect(r.FormValue("next"), "/"))
	})
	app.Post("/logout/", func(r *framework.Request) framework.Response {
		auth.Logout(r)
		return framework.RedirectTo("home")
	}).Name("logout")
	app.Get("/secret/", auth.LoginRequired(func(r *framework.Request) framework.Response {
		return framework.Text("the secret of " + auth.CurrentUser(r).Username)
	})).Name("secret")
	app.Main()
}
