package framework

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// CSRFCookieMaxAge is the CSRF cookie's lifetime, Django's
// CSRF_COOKIE_AGE (52 weeks).
const CSRFCookieMaxAge = 52 * 7 * 24 * time.Hour

// csrfState is one request's CSRF secret, kept in its context by
// csrfMiddleware.
type csrfState struct {
	mu     sync.Mutex
	secret string // the cookie's (unmasked), or a new one
	// update: the cookie must be (re)sent — the token was used, the
	// secret is new, or the cookie held a malformed value.
	update bool
	// sent: the response header went out (a later update is lost).
	sent bool
}

type csrfStateKey struct{}

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
	if rs := reqStateFrom(ctx); rs != nil && rs.csrf != nil {
		return rs.csrf
	}
	s, _ := ctx.Value(csrfStateKey{}).(*csrfState)
	return s
}

// csrfMiddleware is Django's CsrfViewMiddleware minus the check itself,
// which the route guard runs (csrfCheck) so that exempt routes skip it:
// it reads the secret from the cookie (or makes one), puts it in the
// request's context for CSRFToken and {% csrf_token %}, and sets the
// cookie on the response only when the token was used or the secret
// changed — a page without a form sends no cookie.
func (a *App) csrfMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		st := &csrfState{}
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
		cw := &csrfWriter{ResponseWriter: w, req: req, st: st}
		if rs := reqStateFrom(req.Context()); rs != nil {
			rs.csrf = st
		} else {
			req = req.WithContext(context.WithValue(req.Context(), csrfStateKey{}, st))
		}
		next.ServeHTTP(cw, req)
		cw.setCookie() // if the handler wrote nothing, the server sends the headers after this
	})
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

// csrfWriter sets the CSRF cookie just before the response's header goes
// out, when the request's state says so.
type csrfWriter struct {
	http.ResponseWriter
	req *http.Request
	st  *csrfState
}

// setCookie adds the CSRF cookie and Vary: Cookie to the header if the
// state asks for it and the header is not sent yet.
func (w *csrfWriter) setCookie() {
	st := w.st
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.sent {
		return
	}
	st.sent = true
	if !st.update || st.secret == "" {
		return
	}
	http.SetCookie(w.ResponseWriter, &http.Cookie{
		Name:     CSRFCookieName,
		Value:    st.secret,
		Path:     "/",
		MaxAge:   int(CSRFCookieMaxAge / time.Second),
		Expires:  time.Now().Add(CSRFCookieMaxAge),
		Secure:   isHTTPS(w.req),
		HttpOnly: false, // Django's default: JavaScript reads it for X-CSRFToken
		SameSite: http.SameSiteLaxMode,
	})
	addVary(w.ResponseWriter.Header(), "Cookie")
}

// WriteHeader sets the cookie, then sends the header.
func (w *csrfWriter) WriteHeader(code int) {
	if code >= 200 {
		w.setCookie()
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write sets the cookie if the header is not sent yet, then writes.
func (w *csrfWriter) Write(b []byte) (int, error) {
	w.setCookie()
	return w.ResponseWriter.Write(b)
}

// ReadFrom keeps the underlying writer's io.ReaderFrom (sendfile).
func (w *csrfWriter) ReadFrom(r io.Reader) (int64, error) {
	w.setCookie()
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(writerOnly{w.ResponseWriter}, r)
}

// Flush sets the cookie, then flushes (a no-op if the connection cannot).
func (w *csrfWriter) Flush() { w.FlushError() }

// FlushError sets the cookie, then flushes, as http.ResponseController
// asks.
func (w *csrfWriter) FlushError() error {
	w.setCookie()
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack hands over the connection; the cookie is not sent.
func (w *csrfWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// Unwrap lets http.ResponseController reach the connection.
func (w *csrfWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
