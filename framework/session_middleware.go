package framework

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// signingKeys returns the App's secret keys: SecretKey first (it signs),
// then SecretKeyFallbacks (they still verify).
func (a *App) signingKeys() [][]byte {
	keys := [][]byte{[]byte(a.cfg.SecretKey)}
	for _, k := range a.cfg.SecretKeyFallbacks {
		keys = append(keys, []byte(k))
	}
	return keys
}

// warnEphemeralSessions logs, once at start-up, that sessions live only
// as long as the process when no SECRET_KEY signs them.
func (a *App) warnEphemeralSessions() {
	if cs, ok := a.sessions.(*cookieStore); ok && cs.ephemeral {
		a.log.Warn("framework: no SECRET_KEY: session cookies are signed with a random key, and sessions end when the process does")
	}
}

// startSession gives the request its Session (SessionFrom), loaded from
// the App's store on first use; reqState.beforeWrite saves it, with its
// cookie, just before the response's header is written.
func (a *App) startSession(rs *reqState, req *http.Request) {
	var cookie string
	if c, err := req.Cookie(a.sessionOpts.CookieName); err == nil {
		cookie = c.Value
	}
	rs.sessionV = Session{ctx: req.Context(), store: a.sessions, opts: a.sessionOpts, cookie: cookie}
	rs.session = &rs.sessionV
}

// saveSession does what the request did to its session, before the
// response's header h is written with status (Django's
// SessionMiddleware.process_response): it deletes the sessions Flush and
// CycleKey left behind, deletes the cookie of a session that became
// empty, saves a modified session and sets its cookie, and adds Vary:
// Cookie when the response depends on the session. A failure is logged:
// the response is already decided.
func (a *App) saveSession(h http.Header, req *http.Request, s *Session, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.accessed && !s.loaded && len(s.stale) == 0 && !s.opts.SaveEveryRequest {
		return // the request never touched its session
	}
	opts := s.opts
	// The client leaving does not undo what the view did.
	ctx := context.WithoutCancel(req.Context())
	logErr := func(msg string, err error) {
		a.log.Error(msg, "method", req.Method, "path", req.URL.Path, "error", err)
	}
	if opts.SaveEveryRequest && s.cookie != "" {
		s.loadLocked()
	}
	if s.loadErr != nil {
		return // the store failed: leave everything as it is
	}
	for _, k := range s.stale {
		if err := s.store.Delete(ctx, k); err != nil {
			logErr("framework: deleting an old session", err)
		}
	}
	s.stale = nil
	empty := s.loaded && len(s.data) == 0
	if s.cookie != "" && empty {
		// An emptied, flushed or invalid session: no cookie.
		if s.key != "" {
			if err := s.store.Delete(ctx, s.key); err != nil {
				logErr("framework: deleting an empty session", err)
			}
			s.key = ""
		}
		h.Add("Set-Cookie", opts.expiredCookie(req).String())
		addVary(h, "Cookie")
		return
	}
	if s.accessed {
		addVary(h, "Cookie")
	}
	if !s.loaded || empty || !(s.modified || opts.SaveEveryRequest) || status >= 500 {
		return
	}
	age := s.expiryAgeLocked()
	value, err := s.store.Save(ctx, s.key, s.storedLocked(), time.Now().Add(age))
	if n := len(opts.CookieName) + 1 + len(value); err == nil && n > MaxSessionCookieBytes {
		err = fmt.Errorf("%w: the cookie %s=... is %d bytes (at most %d)", ErrSessionTooLarge, opts.CookieName, n, MaxSessionCookieBytes)
	}
	switch {
	case errors.Is(err, ErrSessionNotFound):
		// Deleted while this request ran (a logout in another tab):
		// saving it again would undo the logout.
		a.log.Warn("framework: the session was deleted while the request ran (a logout elsewhere?): not saved, cookie removed",
			"method", req.Method, "path", req.URL.Path)
		h.Add("Set-Cookie", opts.expiredCookie(req).String())
		return
	case errors.Is(err, ErrSessionTooLarge):
		logErr("framework: the session was not saved, and its cookie not changed: it is too large for a cookie; store less in it, or use a server-side store (NewDBStore)", err)
		return
	case err != nil:
		logErr("framework: the session was not saved", err)
		return
	}
	s.key = value
	s.modified = false
	h.Add("Set-Cookie", opts.cookie(req, value, age, s.browserCloseLocked()).String())
}
