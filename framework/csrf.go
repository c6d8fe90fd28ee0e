package framework

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// CSRFCookieMaxAge is the CSRF cookie's lifetime, Django's
// CSRF_COOKIE_AGE (52 weeks).
const CSRFCookieMaxAge = 52 * 7 * 24 * time.Hour

// csrfState is one request's CSRF secret, kept in its state by
// startCSRF.
type csrfState struct {
	mu     sync.Mutex
	secret string // the cookie's (unmasked), or a new one
	// update: the cookie must be (re)sent — the token was used, the
	// secret is new, or the cookie held a malformed value.
	update bool
	// sent: the response header went out (a later update is lost).
	sent bool
}

// csrfSkipKey marks a request whose CSRF check is skipped, as Django's
// test client does (enforce_csrf_checks=False) with
// _dont_enforce_csrf_checks.
type csrfSkipKey struct{}

// withoutCSRFChecks returns req with its CSRF check skipped, for the
// test client. Nothing a client sends can set it.
func withoutCSRFChecks(req *http.Request) *http.Request {
	return req.WithContext(context.WithValue(req.Context(), csrfSkipKey{}, true))
}

func csrfStateFrom(ctx context.Context) *csrfState {
	if rs := reqStateFrom(ctx); rs != nil {
		return rs.csrf
	}
	return nil
}

// startCSRF is Django's CsrfViewMiddleware minus the check itself, which
// the route guard runs (csrfCheck) so that exempt routes skip it: it
// reads the secret from the cookie (or makes one when the cookie is
// malformed), keeps it in the request's state for CSRFToken and the
// check, and reqState.beforeWrite sets the cookie when a token was used.
func startCSRF(rs *reqState, req *http.Request) {
	st := &rs.csrfV
	if c, err := req.Cookie(CSRFCookieName); err == nil && checkCSRFFormat(c.Value) == "" {
		st.secret = c.Value
		if len(st.secret) == csrfTokenLength {
			// Django before 4.0 stored the masked token.
			st.secret = unmaskCSRFToken(st.secret)
		}
	} else if err == nil {
		// A malformed cookie is replaced (Django's process_request).
		st.secret, st.update = newCSRFSecret(), true
	}
	rs.csrf = st
}

// token returns a new masked token of the secret (making a secret if
// the request had none) and marks the cookie for sending.
func (s *csrfState) token() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.secret == "" {
		s.secret = newCSRFSecret()
	}
	s.update = true
	return maskCSRFSecret(s.secret)
}

// rotate replaces the secret and marks the cookie for sending.
func (s *csrfState) rotate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secret, s.update = newCSRFSecret(), true
}

// CSRFToken returns the CSRF token for the request's forms and
// JavaScript (Django's get_token): a masked form of the secret, new at
// every call, to send as the form field CSRFFieldName or the header
// CSRFHeaderName. Calling it makes the response set the CSRF cookie (and
// Vary: Cookie); call it before the response is written. It returns ""
// outside an App's request.
func CSRFToken(r *Request) string { return csrfTokenOf(r.HTTP) }

func csrfTokenOf(req *http.Request) string {
	st := csrfStateFrom(req.Context())
	if st == nil {
		return ""
	}
	return st.token()
}

// RotateCSRFToken replaces the request's CSRF secret (Django's
// rotate_token), so that tokens issued before no longer pass: call it
// when a user logs in. The response sets the new cookie, and forms
// rendered afterwards carry the new token.
func RotateCSRFToken(r *Request) {
	if st := csrfStateFrom(r.HTTP.Context()); st != nil {
		st.rotate()
	}
}

// csrfTokenLazy is the csrf_token template variable: a value that makes
// the token (and so the cookie) only if the template prints it.
func csrfTokenLazy(r *Request) any {
	return lazyCSRFToken{&lazyCSRFState{req: r.HTTP}}
}

// lazyCSRFToken is the token a template gets: a fmt.Stringer that asks
// for the token on first use and keeps it for the render. (A struct
// holding a pointer, so that the engine's truth test copies no lock.)
type lazyCSRFToken struct{ *lazyCSRFState }

type lazyCSRFState struct {
	req  *http.Request
	once sync.Once
	tok  string
}

// String returns the masked token.
func (l lazyCSRFToken) String() string {
	l.once.Do(func() { l.tok = csrfTokenOf(l.req) })
	return l.tok
}

// setCookie adds the CSRF cookie and Vary: Cookie to the header h of
// req's response if the state asks for it and the header is not sent yet.
func (st *csrfState) setCookie(h http.Header, req *http.Request) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.sent {
		return
	}
	st.sent = true
	if !st.update || st.secret == "" {
		return
	}
	c := &http.Cookie{
		Name:     CSRFCookieName,
		Value:    st.secret,
		Path:     "/",
		MaxAge:   int(CSRFCookieMaxAge / time.Second),
		Expires:  time.Now().Add(CSRFCookieMaxAge),
		Secure:   isHTTPS(req),
		HttpOnly: false, // Django's default: JavaScript reads it for X-CSRFToken
		SameSite: http.SameSiteLaxMode,
	}
	if v := c.String(); v != "" {
		h.Add("Set-Cookie", v)
	}
	addVary(h, "Cookie")
}
