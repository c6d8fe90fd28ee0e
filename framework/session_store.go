package framework

import (
	"context"
	"crypto/rand"
	"errors"
	"time"
)

// SessionStore keeps sessions' data between requests (Django's session
// engines). The session middleware calls it; views use the Session.
//
// The key a store is given is the session cookie's value as the client
// sent it, never trusted: Load returns ErrSessionNotFound for a key the
// store did not issue, an expired session, a forged or damaged cookie.
// Values in data are what encoding/json decodes (map[string]any, []any,
// float64, string, bool, nil).
//
// NewCookieStore (the default), NewMemoryStore and NewDBStore are the
// stores goframe provides; a store of one's own (Redis, memcached) needs
// only these three methods, safe for concurrent use.
type SessionStore interface {
	// Load returns the data of the session the cookie value key names.
	// A key that names no live session is ErrSessionNotFound (the
	// request then gets a new, empty session); any other error is the
	// store failing (the request is a 500, and nothing is overwritten).
	Load(ctx context.Context, key string) (map[string]any, error)
	// Save stores data until expiry and returns the value for the
	// session cookie. key is "" for a new session (or one whose key was
	// cycled): a server-side store then issues a fresh random key. A
	// non-empty key is one Load accepted during this request: the store
	// updates that session, or returns ErrSessionNotFound if it has
	// been deleted meanwhile (a logout in another tab), so that a
	// deleted session is never brought back.
	Save(ctx context.Context, key string, data map[string]any, expiry time.Time) (string, error)
	// Delete deletes the session key names, if it exists (Flush and
	// CycleKey call it for the old key).
	Delete(ctx context.Context, key string) error
}

// ErrSessionNotFound is returned by a SessionStore's Load for a cookie
// value that names no live session: unknown, expired, tampered with or
// garbage. The request then gets a new, empty session.
var ErrSessionNotFound = errors.New("framework: session not found")

// ErrSessionTooLarge is returned by the cookie store's Save, and logged by
// the session middleware, when a session does not fit in a cookie
// (MaxSessionCookieBytes). The cookie is then left as it was: store less
// in the session, or use a server-side store (NewDBStore).
var ErrSessionTooLarge = errors.New("framework: session too large for a cookie")

// MaxSessionCookieBytes is the largest session cookie (name=value)
// written: browsers keep 4096 bytes of a cookie's name, value and
// attributes at most, and silently drop a larger one. Django's
// signed_cookies backend documents the same limit.
const MaxSessionCookieBytes = 4093

// DefaultSessionMaxAge is how long a session lives without being saved
// (SESSION_COOKIE_AGE): two weeks, Django's default.
const DefaultSessionMaxAge = 14 * 24 * time.Hour

// sessionKeyChars are the characters of a server-side session key, as
// Django's (lowercase letters and digits).
const sessionKeyChars = "abcdefghijklmnopqrstuvwxyz0123456789"

// sessionKeyLen is the length of a server-side session key, as Django's:
// 32 characters of 36, about 165 bits.
const sessionKeyLen = 32

// newSessionKey returns a random session key from crypto/rand, without
// modulo bias.
func newSessionKey() string {
	const n = len(sessionKeyChars)
	const limit = 256 - 256%n // reject bytes ≥ limit
	out := make([]byte, 0, sessionKeyLen)
	var buf [64]byte
	for len(out) < sessionKeyLen {
		rand.Read(buf[:]) // never fails (crypto/rand panics on a broken system)
		for _, b := range buf {
			if int(b) < limit && len(out) < sessionKeyLen {
				out = append(out, sessionKeyChars[int(b)%n])
			}
		}
	}
	return string(out)
}

// validSessionKey reports whether key could be one newSessionKey made:
// anything else is not looked up at all.
func validSessionKey(key string) bool {
	if len(key) != sessionKeyLen {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
