package framework

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"
)

// reqState is the framework's per-request state, in one context the App
// adds once per request (App.serve): the request ID, the response's
// state, the session, the messages, the CSRF state, chi's routing context
// and the view's Request. They are parts of this one value, so that a
// request through the App costs one allocation for all of them instead of
// one each, plus a context value and a copy of the request per
// middleware.
type reqState struct {
	context.Context // the request's own context
	app             *App
	req             *http.Request // the request the App's middleware see
	requestID       string
	idHeader        [1]string // X-Request-Id's value, without a slice of its own

	response *responseState
	session  *Session        // nil before the session step ran
	messages *messageStorage // nil before the messages step ran
	csrf     *csrfState      // nil before the CSRF step ran

	// route is chi's routing context, answered for chi.RouteCtxKey once
	// the App's router routes the request (routeSet), so that chi adds
	// no context of its own.
	route    chi.Context
	routeSet bool
	// Backing arrays for route's slices, so that routing a request
	// through a few patterns with a few parameters allocates nothing.
	routePatterns          [4]string
	paramKeys, paramValues [4]string

	// Storage for the parts above.
	responseV   responseState
	sessionV    Session
	messagesV   messageStorage
	csrfV       csrfState
	requestV    Request
	requestUsed bool
}

type reqStateKey struct{}

// Value returns the state itself for reqStateKey, chi's routing context
// once the App's router has it, and asks the parent context for anything
// else (cancellation included).
func (s *reqState) Value(key any) any {
	if _, ok := key.(reqStateKey); ok {
		return s
	}
	if s.routeSet && key == chi.RouteCtxKey {
		return &s.route
	}
	return s.Context.Value(key)
}

// reqStateFrom returns the request's state, or nil outside an App.
func reqStateFrom(ctx context.Context) *reqState {
	st, _ := ctx.Value(reqStateKey{}).(*reqState)
	return st
}

// beforeWrite does what the App's middleware do just before the
// response's header is written with status, innermost first, as nested
// middleware would: the CSRF cookie, the messages kept for the next
// request, then the session (which the messages may have changed) and its
// cookie. responseState calls it once.
func (s *reqState) beforeWrite(status int) {
	if s.csrf != nil && status != http.StatusSwitchingProtocols {
		s.csrf.setCookie(s.response.Header(), s.req)
	}
	if s.messages != nil {
		s.messages.update()
	}
	if s.session != nil {
		s.app.saveSession(s.response.Header(), s.req, s.session, status)
	}
}

// newViewRequest returns the Request a view receives: the state's own for
// the first view of the request, a new one for any other.
func (s *reqState) newViewRequest(a *App, w http.ResponseWriter, req *http.Request) *Request {
	if s == nil || s.requestUsed {
		return &Request{HTTP: req, app: a, w: w}
	}
	s.requestUsed = true
	s.requestV = Request{HTTP: req, app: a, w: w}
	return &s.requestV
}
