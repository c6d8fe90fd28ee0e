// Package auth is goframe's user authentication, Django's
// django.contrib.auth on the framework's public API: a User model in the
// auth_user table, argon2id password hashing, Django's password
// validators, login and logout over the session, the current user in
// every request and template, guards for views, safe redirects after a
// login, and the createsuperuser and changepassword commands. It is a
// library: a project writes its own login, logout and sign-up views
// (Flask's tutorial does), with the functions below.
//
// # Setting up
//
//	models, err := orm.NewRegistry(auth.User{}, Post{}) // or Install adds it
//	app := framework.New(framework.Config{Models: models, Migrations: migrations})
//	auth.Install(app) // before the App serves
//	app.Get("/posts/new", auth.LoginRequired(newPost)).Name("post_create")
//
// Install does three things: it adds User to Config.Models, so that
// `makemigrations` writes the auth_user table into the project's own
// migrations (a project without Config.Models registers auth.User itself,
// or with Register); it installs Middleware with app.Use (the App's
// middleware runs inside its session middleware); and it adds the
// createsuperuser and changepassword commands. Call it before the App
// serves its first request.
//
// A project's own models refer to users with a foreign key to User:
//
//	type Post struct {
//		ID       int64      `db:"id"`
//		AuthorID int64      `db:"author_id" orm:"fk:User;on_delete:cascade"`
//		Author   *auth.User `orm:"rel:AuthorID"`
//	}
//
// # Users and passwords
//
// CreateUser and CreateSuperuser validate the username (ValidateUsername:
// at most 150 letters, digits and @ . + - _, normalized to NFKC), the
// email address, and store the password hashed by HashPassword: argon2id
// (golang.org/x/crypto/argon2) with OWASP's recommended parameters — 19
// MiB of memory, 2 passes, 1 lane — in the PHC string format
// $argon2id$v=19$m=19456,t=2,p=1$salt$hash that other argon2
// implementations read. CheckPassword compares in constant time and
// tells when a hash was made with other parameters; Authenticate then
// hashes the password again and saves it. SetPassword changes a
// password.
//
// ValidatePassword applies Django's default validators and returns their
// messages: at least 8 characters, not too similar to the username or
// email address, not one of Django's 20,000 common passwords (the list
// is embedded, 80 KB compressed), not entirely numeric. CreateUser does
// not call it: a sign-up or password-change view does, and shows the
// messages; PasswordHelpTexts gives the rules for the form.
//
// # Logging in and out
//
//	func loginPost(r *framework.Request) framework.Response {
//		u, err := auth.Authenticate(r.Context(), r.DB(), r.FormValue("username"), r.FormValue("password"))
//		switch {
//		case errors.Is(err, auth.ErrUnknownUser):
//			return r.Render("auth/login.html", framework.Ctx{"error": "Incorrect username."})
//		case errors.Is(err, auth.ErrWrongPassword), errors.Is(err, auth.ErrInactive):
//			return r.Render("auth/login.html", framework.Ctx{"error": "Incorrect password."})
//		case err != nil:
//			return framework.Error(err)
//		}
//		if err := auth.Login(r, u); err != nil {
//			return framework.Error(err)
//		}
//		return framework.Redirect(auth.SafeRedirect(r.FormValue("next"), "/"))
//	}
//
// Authenticate tells an unknown username (ErrUnknownUser), a wrong
// password (ErrWrongPassword) and an inactive account (ErrInactive, only
// for the right password) apart; a page may say so, as Flask's tutorial
// does, or show one message for all, as Django does, so as not to reveal
// which usernames exist. It takes as long for an unknown username as for
// a known one.
//
// Login stores the user's ID and a session auth hash (an HMAC of the
// password hash under SECRET_KEY) in the session, gives the session a
// new key against session fixation, rotates the CSRF token and sets
// LastLogin. Changing the password (SetPassword, changepassword) logs
// out every other session of the user at its next request; a view that
// lets users change their own password calls UpdateSessionAuthHash to
// keep their current session. Rotating SECRET_KEY with the old key in
// SECRET_KEY_FALLBACKS keeps everyone logged in. Logout flushes the
// session; make it a POST view (with its CSRF token), as Django's
// LogoutView is.
//
// With the default cookie session store, logging out cannot revoke a
// copy of the cookie someone kept; with framework.NewDBStore it can.
//
// # The current user
//
// Middleware gives every request that reaches the router its user:
// framework.Request.User returns a *User, or AnonymousUser for a visitor
// who is not logged in, and templates see it as `user`, as in Django:
//
//	{% if user.is_authenticated %}
//	  {{ user.username }} <form method="post" action="{% url 'logout' %}">{% csrf_token %}<button>Log out</button></form>
//	{% else %}
//	  <a href="{% url 'login' %}">Log in</a>
//	{% endif %}
//
// Error pages (404.html, 500.html) see it too. In Go, CurrentUser(r)
// returns the *User, or nil for an anonymous visitor. A user made
// inactive or deleted is anonymous from their next request on.
//
// # Guards and redirects
//
// LoginRequired(view) sends anonymous visitors to the login page with
// ?next=<the path and query they asked for>; RequireLogin does the same
// as middleware for a group (g.Use(auth.RequireLogin)). The login page is
// Options.LoginURL (a path or a route name), by default the route named
// "login", else /accounts/login/. After the login, redirect with
// SafeRedirect(next, fallback), which accepts only paths on the site:
// //evil.com, /\evil.com, https://evil.com and javascript: URLs get the
// fallback (Django's url_has_allowed_host_and_scheme, whose test cases
// it passes; IsSafeURL allows listed hosts).
//
// # Commands
//
//	$ blog createsuperuser
//	Username (leave blank to use 'ada'): admin
//	Email address: admin@example.com
//	Password:
//	Password (again):
//	Superuser created successfully.
//
//	$ GOFRAME_SUPERUSER_PASSWORD=... blog createsuperuser --noinput --username admin --email admin@example.com
//	$ blog changepassword admin
//
// Passwords are read without echo from a terminal, and as lines from a
// pipe. createsuperuser refuses a password that fails the validators
// unless you choose to bypass them; with --noinput (where Django would
// create a user without a usable password) it needs
// GOFRAME_SUPERUSER_PASSWORD and refuses a weak one. changepassword gives
// up after three failed attempts, as Django's does. Usage mistakes exit
// with status 2, other failures with 1.
package auth
