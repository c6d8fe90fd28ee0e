package auth

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/goframe/goframe/framework"
)

// errNoMiddleware is the error of a guard on a request Middleware did
// not see: without it every visitor would look anonymous, and be sent
// to log in again and again.
var errNoMiddleware = errors.New("auth: LoginRequired and RequireLogin need auth.Middleware: " +
	"call auth.Install(app) before registering the routes")

// LoginRequired wraps a view so that only logged-in users reach it
// (Django's login_required): an anonymous visitor is redirected (302) to
// the login URL (Options.LoginURL) with ?next=<the path and query asked
// for>, and a login view sends them back there with SafeRedirect.
//
//	app.Get("/posts/new", auth.LoginRequired(newPost)).Name("post_create")
func LoginRequired(view framework.View) framework.View {
	return func(r *framework.Request) framework.Response {
		if userOf(r.HTTP) != nil {
			return view(r)
		}
		to, err := loginRedirect(r.HTTP)
		if err != nil {
			return framework.Error(err)
		}
		return framework.Redirect(to)
	}
}

// RequireLogin is LoginRequired as middleware, for a group of views:
//
//	app.Group("/dashboard", func(g *framework.Group) {
//		g.Use(auth.RequireLogin)
//		g.Get("/", dashboard).Name("dashboard")
//	})
func RequireLogin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if userOf(req) != nil {
			next.ServeHTTP(w, req)
			return
		}
		to, err := loginRedirect(req)
		if err != nil {
			panic(err) // the App's recover middleware answers 500, naming it
		}
		http.Redirect(w, req, to, http.StatusFound)
	})
}

// loginRedirect returns the login URL with the request's path and query
// as its next parameter (Django's redirect_to_login).
func loginRedirect(req *http.Request) (string, error) {
	st, _ := req.Context().Value(stateKey{}).(*state)
	if st == nil {
		return "", errNoMiddleware
	}
	login, err := st.loginURL()
	if err != nil {
		return "", err
	}
	return withNext(login, req.URL.RequestURI())
}

// loginURL resolves Options.LoginURL.
func (st *state) loginURL() (string, error) {
	u := st.opts.LoginURL
	switch {
	case u == "":
		if p, err := st.app.Router().Reverse("login"); err == nil {
			return p, nil
		}
		return DefaultLoginURL, nil
	case strings.HasPrefix(u, "/") || strings.Contains(u, "://"):
		return u, nil
	}
	p, err := st.app.Router().Reverse(u)
	if err != nil {
		return "", fmt.Errorf("auth: Options.LoginURL %q is neither a path nor a route name: %w", u, err)
	}
	return p, nil
}

// withNext adds next=<next> to the query of login, with '/' left as is,
// as Django's QueryDict.urlencode(safe="/") writes it.
func withNext(login, next string) (string, error) {
	u, err := url.Parse(login)
	if err != nil {
		return "", fmt.Errorf("auth: the login URL %q: %w", login, err)
	}
	q := u.Query()
	q.Set(RedirectFieldName, next)
	u.RawQuery = strings.ReplaceAll(q.Encode(), "%2F", "/")
	return u.String(), nil
}
