package auth

import (
	"context"
	"crypto/hmac"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/orm"
)

// DefaultLoginURL is where LoginRequired sends anonymous visitors when
// Options.LoginURL is empty and the App has no route named "login"
// (Django's LOGIN_URL default).
const DefaultLoginURL = "/accounts/login/"

// RedirectFieldName is the query parameter that carries the page to
// return to after logging in (Django's REDIRECT_FIELD_NAME).
const RedirectFieldName = "next"

// Options configure Middleware and Install. The zero value is Django's
// defaults.
type Options struct {
	// LoginURL is where LoginRequired and RequireLogin send anonymous
	// visitors, with ?next=<the page asked for> (Django's LOGIN_URL):
	// a path ("/login/"), an absolute URL, or a route name ("login",
	// "accounts:login"), reversed at each request. Default: the route
	// named "login" if the App has one, else DefaultLoginURL.
	LoginURL string
}

// state is what Middleware puts in each request's context.
type state struct {
	app  *framework.App
	opts Options
}

type (
	stateKey struct{}
	userKey  struct{}
)

// Install sets authentication up on app, as adding django.contrib.auth
// to INSTALLED_APPS and its middleware to MIDDLEWARE does: it adds User
// to app's models (Config.Models, when set) so that makemigrations
// creates the auth_user table, installs Middleware where it can read the
// session, and adds the createsuperuser and changepassword commands.
// Call it after New and before the App serves.
func Install(app *framework.App, opts ...Options) {
	if reg := app.Config().Models; reg != nil {
		if err := Register(reg); err != nil {
			panic(err)
		}
	}
	app.Use(Middleware(app, opts...))
	app.Command("createsuperuser", CreateSuperuserCommand{})
	app.Command("changepassword", ChangePasswordCommand{})
}

// Middleware returns middleware that gives each request its user
// (Django's AuthenticationMiddleware): the User whose ID the session
// holds, if that user still exists, is active, and the session's auth
// hash still matches their password; otherwise AnonymousUser (and a
// session whose hash no longer matches, because the password changed, is
// flushed). The user is set with framework.WithUser, so r.User() returns
// it and templates see it as `user`; Go code calls CurrentUser.
//
// It needs the session: install it with app.Use (whose middleware runs
// inside the App's session middleware), or call Install, which does.
// Outside an App every request fails with a 500 saying so.
//
// The user is loaded at each request that reaches the router: one
// session read, and one query by primary key when the session names a
// user. A database error is a 500.
func Middleware(app *framework.App, opts ...Options) func(http.Handler) http.Handler {
	st := &state{app: app}
	if len(opts) > 0 {
		st.opts = opts[0]
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			ctx := context.WithValue(req.Context(), stateKey{}, st)
			req = req.WithContext(ctx)
			s := framework.SessionFrom(ctx)
			if s == nil {
				panic(errors.New("auth: Middleware runs without the App's session: " +
					"install it with auth.Install(app) or app.Use(auth.Middleware(app))"))
			}
			u, err := st.sessionUser(ctx, s)
			if err != nil {
				panic(err) // the App's recover middleware answers 500
			}
			if u == nil {
				req = withUser(req, AnonymousUser{})
			} else {
				req = withUser(req, u)
			}
			next.ServeHTTP(w, req)
		})
	}
}

// sessionUser returns the session's user: nil for none (or one that may
// not be logged in any more).
func (st *state) sessionUser(ctx context.Context, s *framework.Session) (*User, error) {
	id, ok := s.GetInt(SessionUserKey)
	if !ok {
		return nil, nil
	}
	db, err := st.app.OpenDB()
	if err != nil {
		return nil, fmt.Errorf("auth: loading the session's user: %w", err)
	}
	u, err := orm.Get[User](ctx, db, id)
	if errors.Is(err, orm.ErrNotFound) {
		return nil, nil // deleted since
	}
	if err != nil {
		return nil, fmt.Errorf("auth: loading the session's user %d: %w", id, tableHint(err))
	}
	if !u.IsActive {
		return nil, nil
	}
	have, _ := s.GetString(SessionHashKey)
	for i, secret := range secrets(st.app) {
		if want := sessionAuthHash(secret, u.PasswordHash); hmac.Equal([]byte(have), []byte(want)) {
			if i > 0 { // signed with a fallback key: sign again with the current one
				if err := s.Set(SessionHashKey, sessionAuthHash(secrets(st.app)[0], u.PasswordHash)); err != nil {
					return nil, fmt.Errorf("auth: updating the session's auth hash: %w", err)
				}
			}
			return u, nil
		}
	}
	s.Flush() // the password changed since this session logged in
	return nil, nil
}

// withUser returns req with u as its user, for framework.Request.User
// and for CurrentUser.
func withUser(req *http.Request, u any) *http.Request {
	req = framework.WithUser(req, u)
	return req.WithContext(context.WithValue(req.Context(), userKey{}, u))
}

// CurrentUser returns the request's logged-in user, or nil for an
// anonymous visitor (or without Middleware).
func CurrentUser(r *framework.Request) *User {
	return userOf(r.HTTP)
}

// userOf returns the logged-in user of req, or nil.
func userOf(req *http.Request) *User {
	u, _ := req.Context().Value(userKey{}).(*User)
	return u
}

// tableHint adds what to do to an error about the auth_user table
// missing.
func tableHint(err error) error {
	msg := err.Error()
	if strings.Contains(msg, Table) && (strings.Contains(msg, "no such table") || strings.Contains(msg, "does not exist")) {
		return fmt.Errorf("%w (register auth.User with the App's models — auth.Install does — then run makemigrations and migrate)", err)
	}
	return err
}
