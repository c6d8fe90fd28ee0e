package auth_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing/fstest"

	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/framework/auth"
	"github.com/goframe/goframe/orm"
)

// A site with a login page, a page for logged-in users only, and a
// navigation bar that greets the user.
func Example() {
	dir, _ := os.MkdirTemp("", "auth-example")
	defer os.RemoveAll(dir)
	dbURL := "sqlite:///" + filepath.Join(dir, "db.sqlite3")

	// The project's models, with auth.User; makemigrations and migrate
	// create the tables.
	models, _ := orm.NewRegistry(auth.User{})
	orm.MakeMigrations(models, filepath.Join(dir, "migrations"), orm.MakeOptions{})
	db, _ := orm.Open(dbURL)
	defer db.Close()
	orm.Migrate(context.Background(), db, os.DirFS(filepath.Join(dir, "migrations")), "")
	auth.CreateUser(context.Background(), db, "ada", "ada@example.com", "analytical engine")

	app := framework.New(framework.Config{
		SecretKey: "an example secret key, 32 characters or more", AllowedHosts: []string{"example.com"},
		DatabaseURL: dbURL, Models: models, NoRequestLog: true,
		TemplatesFS: fstest.MapFS{"nav.html": {Data: []byte(
			`{% if user.is_authenticated %}Hello, {{ user.username }}{% else %}Log in{% endif %}`)}},
	})
	defer app.Close()
	auth.Install(app) // before the App serves

	app.Get("/", func(r *framework.Request) framework.Response {
		return r.Render("nav.html", nil)
	}).Name("home")
	app.Post("/login/", func(r *framework.Request) framework.Response {
		u, err := auth.Authenticate(r.Context(), r.DB(), r.FormValue("username"), r.FormValue("password"))
		if errors.Is(err, auth.ErrUnknownUser) || errors.Is(err, auth.ErrWrongPassword) || errors.Is(err, auth.ErrInactive) {
			return framework.Text("Please enter a correct username and password.")
		}
		if err == nil {
			err = auth.Login(r, u)
		}
		if err != nil {
			return framework.Error(err)
		}
		return framework.Redirect(auth.SafeRedirect(r.FormValue("next"), "/"))
	}).Name("login")
	app.Get("/drafts/", auth.LoginRequired(func(r *framework.Request) framework.Response {
		return framework.Text("the drafts of " + auth.CurrentUser(r).Username)
	}))

	c := framework.NewTestClient(app)
	resp, _ := c.Get("/drafts/")
	fmt.Println(resp.StatusCode, resp.Location())
	resp, _ = c.Get("/")
	fmt.Println(resp.Text())

	c.FollowRedirects = true
	resp, _ = c.PostForm("/login/", url.Values{"username": {"ada"}, "password": {"analytical engine"}, "next": {"/drafts/"}})
	fmt.Println(resp.Text())
	resp, _ = c.Get("/")
	fmt.Println(resp.Text())
	// Output:
	// 302 /login/?next=/drafts/
	// Log in
	// the drafts of ada
	// Hello, ada
}

// Hashing and checking a password, and Django's password validators.
func ExampleHashPassword() {
	hash, err := auth.HashPassword("correct horse battery staple")
	if err != nil {
		panic(err)
	}
	fmt.Println(hash[:31])
	ok, needsRehash, err := auth.CheckPassword(hash, "correct horse battery staple")
	fmt.Println(ok, needsRehash, err)
	ok, _, _ = auth.CheckPassword(hash, "Tr0ub4dor&3")
	fmt.Println(ok)

	for _, msg := range auth.ValidatePassword("alice1234", &auth.User{Username: "alice"}) {
		fmt.Println(msg)
	}
	// Output:
	// $argon2id$v=19$m=19456,t=2,p=1$
	// true false <nil>
	// false
	// The password is too similar to the username.
}

// A login view sends the user back to the page they came from, only if
// it is on this site.
func ExampleSafeRedirect() {
	for _, next := range []string{"/posts/42/?page=2", "//evil.com/", `/\evil.com`, "https://evil.com/", ""} {
		fmt.Printf("%q → %s\n", next, auth.SafeRedirect(next, "/"))
	}
	// Output:
	// "/posts/42/?page=2" → /posts/42/?page=2
	// "//evil.com/" → /
	// "/\\evil.com" → /
	// "https://evil.com/" → /
	// "" → /
}
