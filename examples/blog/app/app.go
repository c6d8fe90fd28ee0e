// Package app is the blog: Flask's tutorial application ("flaskr") with
// Django's polish, on goframe's framework, its user accounts
// (framework/auth) and its ORM. Users register and log in; logged-in
// users write posts, comment on posts, and edit or delete their own.
//
// New returns the App, with its templates, static files and migrations
// embedded, so that the binary is all a server needs; the blog's main
// package (examples/blog) calls its Main. Tests and other programs build
// the same App with New.
package app

import (
	"embed"
	"fmt"
	"io/fs"

	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/framework/auth"
	"github.com/goframe/goframe/orm"
)

// MigrationsDir is where makemigrations writes the blog's migrations,
// relative to the working directory: run it from examples/blog.
const MigrationsDir = "app/migrations"

// PostsPerPage is the number of posts on a page of the index.
const PostsPerPage = 5

// files are the templates, static files and migrations, embedded so
// that the binary is all a server needs.
//
//go:embed templates static migrations
var files embed.FS

// Templates returns the blog's templates (Django syntax): base.html is
// the layout, auth/ holds the account pages and blog/ the posts'.
func Templates() fs.FS { return embedded("templates") }

// Static returns the blog's static files (css/style.css).
func Static() fs.FS { return embedded("static") }

// Migrations returns the blog's migrations, as makemigrations wrote them.
func Migrations() fs.FS { return embedded("migrations") }

// embedded returns the embedded directory dir.
func embedded(dir string) fs.FS {
	sub, err := fs.Sub(files, dir)
	if err != nil {
		panic(err) // only for an invalid name, which dir is not
	}
	return sub
}

// Models returns a new registry of the blog's models: Post, Comment and
// the users' model, auth.User, which they refer to.
func Models() (*orm.Registry, error) {
	reg, err := orm.NewRegistry(auth.User{}, Post{}, Comment{})
	if err != nil {
		return nil, fmt.Errorf("blog: registering the models: %w", err)
	}
	return reg, nil
}

// Settings returns the blog's configuration, Django's settings.py: the
// embedded templates, static files and migrations, the models, and
// MigrationsDir. The rest is the framework's defaults, which the
// environment overrides when the program starts (DEBUG, SECRET_KEY,
// ALLOWED_HOSTS, DATABASE_URL, STATIC_ROOT...).
func Settings() framework.Config {
	return framework.Config{
		TemplatesFS:   Templates(),
		StaticFS:      Static(),
		Migrations:    Migrations(),
		MigrationsDir: MigrationsDir,
	}
}

// New returns the blog's App configured by cfg, typically Settings()
// with changes: what cfg leaves unset of Settings gets the blog's own,
// and Models a new registry of its models. Main (App.Main) applies the
// environment over it.
func New(cfg framework.Config) *framework.App {
	def := Settings()
	if cfg.TemplatesFS == nil {
		cfg.TemplatesFS = def.TemplatesFS
	}
	if cfg.StaticFS == nil {
		cfg.StaticFS = def.StaticFS
	}
	if cfg.Migrations == nil {
		cfg.Migrations = def.Migrations
	}
	if cfg.MigrationsDir == "" {
		cfg.MigrationsDir = def.MigrationsDir
	}
	if cfg.Models == nil {
		reg, err := Models()
		if err != nil {
			panic(err) // the models are the blog's own: a mistake in their tags
		}
		cfg.Models = reg
	}
	a := framework.New(cfg)
	auth.Install(a)
	routes(a)
	return a
}
