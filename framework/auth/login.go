package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/goframe/goframe/framework"
)

// The session keys of the logged-in user, Django's SESSION_KEY and
// HASH_SESSION_KEY.
const (
	// SessionUserKey holds the user's ID.
	SessionUserKey = "_auth_user_id"
	// SessionHashKey holds the session auth hash: an HMAC of the user's
	// password hash under the App's SECRET_KEY, so that changing the
	// password logs out the other sessions.
	SessionHashKey = "_auth_user_hash"
)

// sessionHashSalt separates this use of SECRET_KEY from the others, as
// Django's key_salt does.
const sessionHashSalt = "goframe/framework/auth.User.SessionAuthHash"

// sessionAuthHash is Django's get_session_auth_hash: salted_hmac over
// the password hash, with SHA-256, as hex.
func sessionAuthHash(secret, passwordHash string) string {
	key := sha256.Sum256([]byte(sessionHashSalt + secret))
	m := hmac.New(sha256.New, key[:])
	m.Write([]byte(passwordHash))
	return hex.EncodeToString(m.Sum(nil))
}

// secrets returns the App's SECRET_KEY and its fallbacks, current first.
func secrets(app *framework.App) []string {
	cfg := app.Config()
	return append([]string{cfg.SecretKey}, cfg.SecretKeyFallbacks...)
}

// Login logs u in for the rest of the session (Django's login): it
// stores u's ID and session auth hash in the session, gives the session
// a new key (CycleKey: a key planted before the login, session
// fixation, is worth nothing after it) — or empties it if it was another
// user's —, rotates the CSRF token, and sets u.LastLogin. The request's
// user is u from then on: a template rendered by this view shows it.
//
// Call it after Authenticate, typically in the POST view of a login
// form, then redirect:
//
//	u, err := auth.Authenticate(r.Context(), r.DB(), username, password)
//	...
//	if err := auth.Login(r, u); err != nil {
//		return framework.Error(err)
//	}
//	return framework.Redirect(auth.SafeRedirect(r.FormValue("next"), "/"))
func Login(r *framework.Request, u *User) error {
	if u == nil || u.ID == 0 {
		return errors.New("auth: Login needs a saved user (from Authenticate or CreateUser)")
	}
	if err := touchLastLogin(r.Context(), r.DB(), u); err != nil {
		return fmt.Errorf("auth: logging in %q: %w", u.Username, err)
	}
	s := r.Session()
	hash := sessionAuthHash(secrets(r.App())[0], u.PasswordHash)
	if id, ok := s.GetInt(SessionUserKey); ok {
		old, _ := s.GetString(SessionHashKey)
		if id != u.ID || !hmac.Equal([]byte(old), []byte(hash)) {
			s.Flush() // another user's session: nothing of it is kept
		} else {
			s.CycleKey()
		}
	} else {
		s.CycleKey()
	}
	if err := s.Set(SessionUserKey, u.ID); err != nil {
		return fmt.Errorf("auth: logging in %q: %w", u.Username, err)
	}
	if err := s.Set(SessionHashKey, hash); err != nil {
		return fmt.Errorf("auth: logging in %q: %w", u.Username, err)
	}
	framework.RotateCSRFToken(r)
	r.HTTP = withUser(r.HTTP, u)
	return nil
}

// Logout logs the request's user out (Django's logout): the session is
// flushed — its data deleted, and with a server-side store the session
// itself, so a copy of the old cookie names nothing — and the request's
// user becomes an AnonymousUser.
func Logout(r *framework.Request) {
	r.Session().Flush()
	r.HTTP = withUser(r.HTTP, AnonymousUser{})
}

// UpdateSessionAuthHash keeps the request's session logged in after u
// changed their own password with SetPassword (Django's
// update_session_auth_hash): the session gets u's new auth hash and a new
// key, while the user's other sessions stay logged out.
func UpdateSessionAuthHash(r *framework.Request, u *User) error {
	s := r.Session()
	s.CycleKey()
	if id, ok := s.GetInt(SessionUserKey); !ok || id != u.ID {
		return nil // not this user's session
	}
	if err := s.Set(SessionHashKey, sessionAuthHash(secrets(r.App())[0], u.PasswordHash)); err != nil {
		return fmt.Errorf("auth: updating the session of %q: %w", u.Username, err)
	}
	return nil
}
