// Package framework is goframe's web framework, what applications are
// written against: an App (an http.Handler, served by the gateway or any
// Go server) composed from the router, templates and orm packages.
//
// Views are plain functions that take a *Request and return a Response,
// as in Django:
//
//	app := framework.New(framework.Config{Debug: true})
//	app.Get("/posts/{id:int}", func(r *framework.Request) framework.Response {
//		post, err := orm.Get[Post](r.Context(), r.DB(), r.PathInt("id"))
//		if errors.Is(err, orm.ErrNotFound) {
//			return framework.NotFound()
//		}
//		if err != nil {
//			return framework.Error(err)
//		}
//		return r.Render("posts/detail.html", framework.Ctx{"post": post})
//	}).Name("post_detail")
//	app.Main() // serve, migrate, makemigrations, collectstatic, routes, check...
//
// Middleware is the standard func(http.Handler) http.Handler (App.Use), so
// chi's and net/http's work unchanged. The App brings its own, in this
// order: recover (a panic is a 500 page), request ID, the request log,
// security headers, allowed hosts (Django's ALLOWED_HOSTS), static files,
// sessions, messages, the CSRF token, the application's middleware, and
// at each route the CSRF check. Compress and CORS are opt-in.
//
// The rest follows Django: Config with Django's settings read from the
// environment; sessions in a signed cookie, in memory or in the database;
// flash messages with Django's levels; CSRF protection with Django's
// token, cookie, field and header names; static files with collectstatic
// and a manifest of content-hashed names; a developer error page in DEBUG
// and the project's 404.html and 500.html otherwise; management commands
// (App.Main); and a test client (NewTestClient). See docs/framework.md.
package framework
