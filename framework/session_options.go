package framework

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// SessionOptions configure sessions and their cookie (Django's SESSION_*
// settings); Config.Session holds them. The zero value is Django's
// defaults: a "sessionid" cookie for path /, living two weeks, HttpOnly,
// SameSite=Lax, Secure on HTTPS.
type SessionOptions struct {
	// CookieName is the session cookie's name (SESSION_COOKIE_NAME;
	// default SessionCookieName, "sessionid").
	CookieName string
	// MaxAge is how long a session lives after it was last saved
	// (SESSION_COOKIE_AGE; default DefaultSessionMaxAge, two weeks). It
	// bounds a session on the server too, even one whose cookie ends
	// with the browser session.
	MaxAge time.Duration
	// Path is the cookie's path (SESSION_COOKIE_PATH; default "/").
	Path string
	// Domain is the cookie's domain, ".example.com" to share it with
	// subdomains (SESSION_COOKIE_DOMAIN; default: the host only).
	Domain string
	// Secure marks the cookie Secure on every request, for a site served
	// only over HTTPS behind a proxy the gateway does not trust
	// (SESSION_COOKIE_SECURE). Without it, the cookie is Secure when the
	// request came over HTTPS.
	Secure bool
	// NoHttpOnly lets JavaScript read the session cookie
	// (SESSION_COOKIE_HTTPONLY=False); rarely wise.
	NoHttpOnly bool
	// SameSite is the cookie's SameSite (SESSION_COOKIE_SAMESITE;
	// default http.SameSiteLaxMode). http.SameSiteNoneMode makes the
	// cookie Secure, as browsers require.
	SameSite http.SameSite
	// ExpireAtBrowserClose makes session cookies end with the browser
	// session (SESSION_EXPIRE_AT_BROWSER_CLOSE); a session can choose
	// otherwise with SetExpiry.
	ExpireAtBrowserClose bool
	// SaveEveryRequest saves the session, and renews its cookie and
	// expiry, on every request of a client that has one, changed or not
	// (SESSION_SAVE_EVERY_REQUEST): sessions then end after MaxAge of
	// inactivity rather than after MaxAge since their last change. With a
	// server-side store that is a write per request.
	SaveEveryRequest bool
}

// withDefaults returns o with its zero fields set to the defaults.
func (o SessionOptions) withDefaults() SessionOptions {
	if o.CookieName == "" {
		o.CookieName = SessionCookieName
	}
	if o.MaxAge <= 0 {
		o.MaxAge = DefaultSessionMaxAge
	}
	if o.Path == "" {
		o.Path = "/"
	}
	if o.SameSite == 0 {
		o.SameSite = http.SameSiteLaxMode
	}
	return o
}

// validate reports what in o cannot make a working cookie.
func (o SessionOptions) validate() error {
	var errs []error
	if o.CookieName != "" && !validCookieName(o.CookieName) {
		errs = append(errs, fmt.Errorf("Session.CookieName %q is not a cookie name (letters, digits and !#$%%&'*+-.^_`|~ only)", o.CookieName))
	}
	if o.MaxAge < 0 {
		errs = append(errs, fmt.Errorf("Session.MaxAge is %s: it must be positive (or zero for the default, %s)", o.MaxAge, DefaultSessionMaxAge))
	}
	if o.Path != "" && !strings.HasPrefix(o.Path, "/") {
		errs = append(errs, fmt.Errorf("Session.Path %q must start with /", o.Path))
	}
	if strings.ContainsAny(o.Path+o.Domain, ";\r\n") {
		errs = append(errs, errors.New("Session.Path and Session.Domain cannot hold ';' or line breaks"))
	}
	if o.SameSite < 0 || o.SameSite > http.SameSiteNoneMode {
		errs = append(errs, fmt.Errorf("Session.SameSite %d is not one of net/http's SameSite modes", o.SameSite))
	}
	return errors.Join(errs...)
}

// validCookieName reports whether name is an RFC 6265 token.
func validCookieName(name string) bool {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("()<>@,;:\\\"/[]?={}", c) >= 0 {
			return false
		}
	}
	return name != ""
}

// cookie returns the session cookie holding value for req.
func (o SessionOptions) cookie(req *http.Request, value string, age time.Duration, browserClose bool) *http.Cookie {
	c := &http.Cookie{
		Name:     o.CookieName,
		Value:    value,
		Path:     o.Path,
		Domain:   o.Domain,
		Secure:   o.Secure || isHTTPS(req) || o.SameSite == http.SameSiteNoneMode,
		HttpOnly: !o.NoHttpOnly,
		SameSite: o.SameSite,
	}
	if !browserClose {
		c.MaxAge = int(age / time.Second)
		c.Expires = time.Now().Add(age).UTC()
	}
	return c
}

// expiredCookie returns the Set-Cookie that deletes the session cookie.
func (o SessionOptions) expiredCookie(req *http.Request) *http.Cookie {
	c := o.cookie(req, "", 0, true)
	c.MaxAge = -1
	c.Expires = time.Unix(0, 0).UTC()
	return c
}
