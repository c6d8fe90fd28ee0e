package framework

import (
	"fmt"
	"net/http"
	"runtime/debug"

	"github.com/go-chi/chi/v5"
)

// The App's request path, outermost first:
//
//	recover        a panic becomes the 500 page; http.ErrAbortHandler goes on
//	request ID     X-Request-Id, the client's when plausible (RequestID)
//	request log    one structured line a request (RequestLogger; optional)
//	security       Django's SecurityMiddleware headers (SecurityHeaders)
//	allowed hosts  400 for a Host not in ALLOWED_HOSTS (AllowedHosts)
//	static files   STATIC_URL, served before any session work
//	sessions       the request's Session, saved before the header goes out
//	messages       Django's messages, kept in the session
//	CSRF           the secret from the cookie; the check is the route's
//	app.Use        the user's middleware, which see all of the above
//	router         the view, behind the CSRF check unless exempt
//
// The steps the App owns are one function each (serve, serveCore) rather
// than a middleware each: the request's state is one allocation
// (reqState), its ResponseWriter one (responseState), and the session,
// messages and CSRF steps, which act just before the header goes out,
// are duties that writer runs (reqState.beforeWrite), in the order nested
// middleware would run them.

// ServeHTTP serves a request through the middleware and the router.
func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.buildOnce.Do(a.build)
	a.handler.ServeHTTP(w, r)
}

// build composes the request path. A configuration that cannot run
// (Validate) fails closed: every request is a 500, and the reason is
// logged.
func (a *App) build() {
	if err := a.Validate(); err != nil {
		a.log.Error("the configuration cannot run: every request fails until it is fixed", "error", err)
		a.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "Server Error (500)", http.StatusInternalServerError)
		})
		return
	}
	var h http.Handler = http.HandlerFunc(a.route)
	for i := len(a.mw) - 1; i >= 0; i-- {
		h = a.mw[i](h)
	}
	a.inner = h
	a.security = newSecurityHeaders(a.cfg.Security)
	a.hosts = hostPatterns(a.cfg.AllowedHosts)
	a.sessionOpts = a.cfg.Session.withDefaults()
	a.messageLevel = a.cfg.MessageLevel
	if a.messageLevel == 0 {
		a.messageLevel = DefaultMessageLevel
	}
	a.warnEphemeralSessions()
	a.core = http.HandlerFunc(a.serveCore)
	if !a.cfg.NoRequestLog {
		a.core = RequestLogger(a.log)(a.core)
	}
	a.handler = http.HandlerFunc(a.serve)
}

// serve is the outermost step: the request's state, recover and the
// request ID.
//
// Recover: a panic in a view or a middleware becomes a 500 through
// renderError (the DEBUG page shows the panic and its stack), and
// http.ErrAbortHandler goes on to net/http. A panic after the response
// began cannot change the status: it is logged and the connection aborted
// (by panicking with http.ErrAbortHandler, which net/http answers by
// closing the connection without logging), so that the client sees a
// truncated response rather than one that looks complete.
func (a *App) serve(w http.ResponseWriter, r *http.Request) {
	rs := &reqState{Context: r.Context(), app: a}
	r = r.WithContext(rs)
	rs.req = r
	st := &rs.responseV
	st.ResponseWriter, st.duties = w, rs
	rs.response = st
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		if p == http.ErrAbortHandler {
			panic(p)
		}
		pe := &panicError{value: p, stack: debug.Stack()}
		req := r
		if st.req != nil {
			req = st.req // the view's request: route parameters, parsed form
		}
		if st.started {
			a.log.Error("framework: panic after the response began; connection aborted",
				"method", req.Method, "path", req.URL.Path, "request_id", requestID(w, req),
				"status", st.status, "error", pe.Error(), "stack", string(pe.stack))
			panic(http.ErrAbortHandler)
		}
		// The error page is not the view's response: the session and
		// CSRF duties do not run for it (Django's SessionMiddleware does
		// not save on a 500 either).
		st.done = true
		a.renderError(st, req, http.StatusInternalServerError, pe, "")
	}()
	rs.requestID = incomingRequestID(r)
	rs.idHeader[0] = rs.requestID
	w.Header()["X-Request-Id"] = rs.idHeader[:] // RequestIDHeader, canonical
	a.core.ServeHTTP(st, r)
}

// serveCore is the rest of the App's own steps: security headers, the
// host check, static files, then the session, messages and CSRF state
// for the user's middleware and the router.
func (a *App) serveCore(w http.ResponseWriter, r *http.Request) {
	rs := reqStateFrom(r.Context())
	a.security.apply(w.Header(), r)
	if host := hostWithoutPort(r.Host); !hostAllowed(host, a.hosts) {
		msg := "" // as Django: the reason only in DEBUG
		if a.cfg.Debug {
			msg = fmt.Sprintf("Invalid HTTP_HOST header: %q. You may need to add %q to ALLOWED_HOSTS.", r.Host, host)
		}
		a.renderError(w, r, http.StatusBadRequest, nil, msg)
		return
	}
	if a.static.handle(w, r) {
		return
	}
	a.startSession(rs, r)
	a.startMessages(rs)
	startCSRF(rs, r)
	a.inner.ServeHTTP(w, r)
	rs.response.finish() // nothing written: the duties run before net/http's empty 200
}

// route hands the request to the router, with chi's routing context in
// the request's state rather than in a context chi would add, unless an
// outer router (an App mounted in another) already routes it.
func (a *App) route(w http.ResponseWriter, r *http.Request) {
	if rs := reqStateFrom(r.Context()); rs != nil && !rs.routeSet && rs.Context.Value(chi.RouteCtxKey) == nil {
		a.router.PrepareContext(&rs.route)
		rs.route.RoutePatterns = rs.routePatterns[:0]
		rs.route.URLParams.Keys, rs.route.URLParams.Values = rs.paramKeys[:0], rs.paramValues[:0]
		rs.routeSet = true
	}
	a.router.ServeHTTP(w, r)
}
