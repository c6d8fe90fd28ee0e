package framework

import (
	"context"
	"net/http"
)

// PLACEHOLDER: the sessions helper replaces this file.

// SessionStore keeps sessions.
type SessionStore interface{}

// SessionOptions configure the session cookie.
type SessionOptions struct{}

// Session is a client's session.
type Session struct{}

type sessionKey struct{}

// SessionFrom returns the session of a request's context.
func SessionFrom(ctx context.Context) *Session {
	s, _ := ctx.Value(sessionKey{}).(*Session)
	return s
}

// NewCookieStore returns a signed-cookie session store.
func NewCookieStore(keys ...[]byte) SessionStore { return nil }

func (a *App) signingKeys() [][]byte {
	keys := [][]byte{[]byte(a.cfg.SecretKey)}
	for _, k := range a.cfg.SecretKeyFallbacks {
		keys = append(keys, []byte(k))
	}
	return keys
}

func (a *App) sessionMiddleware(next http.Handler) http.Handler { return next }
