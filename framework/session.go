package framework

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sync"
	"time"
)

// sessionExpiryKey is where a session's own expiry (SetExpiry,
// SetExpireAtBrowserClose) is kept in its stored data, under Django's
// name: a number of seconds, 0 for "at browser close".
const sessionExpiryKey = "_session_expiry"

// Session is a client's session (Django's request.session): a small
// key-value store that lives across the client's requests, kept by the
// App's SessionStore and named by the session cookie. A view gets it with
// Request.Session; middleware with SessionFrom.
//
// The session is loaded on first use: a request that never touches it
// costs no store access and sets no cookie. It is saved, and the cookie
// set, just before the response's headers are written, when it was
// modified (or on every request with SessionOptions.SaveEveryRequest). A
// session that becomes empty deletes its cookie.
//
// Values are stored as JSON, as with Django's JSONSerializer: what Get
// returns is what encoding/json decodes — numbers are float64, objects
// map[string]any, arrays []any — already in the request that sets them,
// so a value reads the same before and after a round trip. GetString,
// GetInt and GetBool convert; Decode decodes into a typed value. Integers
// are exact up to 2^53. Set refuses what JSON cannot hold.
//
// As in Django, changing a map or slice that Get returned does not mark
// the session modified: Set it again, or call MarkModified.
//
// A session is safe for use by the goroutines serving its request. If
// the store fails to load it (a database error, not a missing or invalid
// session), its methods panic with the error, so that the App answers
// 500 and nothing overwrites the stored session.
type Session struct {
	mu     sync.Mutex
	ctx    context.Context
	store  SessionStore
	opts   SessionOptions // defaults filled in
	cookie string         // the cookie value the client sent

	loaded   bool
	loadErr  error          // the store failed
	key      string         // the cookie value the store accepted; "" when new
	data     map[string]any // never nil once loaded
	expiry   time.Duration  // own expiry: > 0 an age, 0 the options', < 0 at browser close
	accessed bool
	modified bool
	stale    []string // keys to delete from the store (Flush, CycleKey)
}

// SessionFrom returns the session of a request's context: the App's
// session middleware puts it there. It is nil outside an App.
func SessionFrom(ctx context.Context) *Session {
	if rs := reqStateFrom(ctx); rs != nil {
		return rs.session
	}
	return nil
}

// newSession returns the session of a request that sent cookie ("" for
// none), loaded from store on first use.
func newSession(ctx context.Context, store SessionStore, opts SessionOptions, cookie string) *Session {
	return &Session{ctx: ctx, store: store, opts: opts, cookie: cookie}
}

// lock locks the session and loads it; it panics if the store failed.
func (s *Session) lock() {
	s.mu.Lock()
	s.accessed = true
	if err := s.loadLocked(); err != nil {
		s.mu.Unlock()
		panic(err)
	}
}

// loadLocked loads the session if it is not loaded yet; the error is the
// store's failure.
func (s *Session) loadLocked() error {
	if s.loaded {
		return s.loadErr
	}
	s.loaded = true
	s.data = map[string]any{}
	if s.cookie == "" {
		return nil
	}
	data, err := s.store.Load(s.ctx, s.cookie)
	if errors.Is(err, ErrSessionNotFound) {
		return nil // an empty new session; a new key when it is saved
	}
	if err != nil {
		s.loadErr = fmt.Errorf("framework: session: %w", err)
		return s.loadErr
	}
	s.key = s.cookie
	if v, ok := data[sessionExpiryKey]; ok {
		delete(data, sessionExpiryKey)
		if f, ok := v.(float64); ok {
			switch {
			case f == 0:
				s.expiry = -1
			case f > 0 && f < math.MaxInt64/float64(time.Second):
				s.expiry = time.Duration(f) * time.Second
			}
		}
	}
	if data != nil {
		s.data = data
	}
	return nil
}

// Get returns the value of key and whether it is set. Numbers are
// float64, objects map[string]any, arrays []any (see Session).
func (s *Session) Get(key string) (any, bool) {
	s.lock()
	defer s.mu.Unlock()
	v, ok := s.data[key]
	return v, ok
}

// GetString returns the value of key if it is a string.
func (s *Session) GetString(key string) (string, bool) {
	v, _ := s.Get(key)
	str, ok := v.(string)
	return str, ok
}

// GetInt returns the value of key if it is an integral number (stored
// from any Go integer type up to 2^53 in magnitude).
func (s *Session) GetInt(key string) (int64, bool) {
	v, _ := s.Get(key)
	f, ok := v.(float64)
	if !ok || f != math.Trunc(f) || f < -(1<<63) || f >= 1<<63 {
		return 0, false
	}
	return int64(f), true
}

// GetBool returns the value of key if it is a boolean.
func (s *Session) GetBool(key string) (bool, bool) {
	v, _ := s.Get(key)
	b, ok := v.(bool)
	return b, ok
}

// Decode decodes the value of key into dst (a pointer) as encoding/json
// would, for a struct or typed slice stored with Set. It reports whether
// key is set; the error says why the value does not fit dst.
func (s *Session) Decode(key string, dst any) (bool, error) {
	v, ok := s.Get(key)
	if !ok {
		return false, nil
	}
	b, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(b, dst)
	}
	if err != nil {
		return true, fmt.Errorf("framework: session: decoding %q into %T: %w", key, dst, err)
	}
	return true, nil
}

// Set sets key to value, stored as JSON: the error says why value cannot
// be (a channel, a function, NaN...), and the session is then unchanged.
// The key "_session_expiry" is the framework's (SetExpiry keeps the
// session's own expiry there, as Django does).
func (s *Session) Set(key string, value any) error {
	if key == sessionExpiryKey {
		return fmt.Errorf("framework: session: the key %q is reserved (use SetExpiry)", key)
	}
	b, err := json.Marshal(value)
	if err != nil {
		return fmt.Errorf("framework: session: %q: the value cannot be stored as JSON: %w", key, err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("framework: session: %q: %w", key, err)
	}
	s.lock()
	defer s.mu.Unlock()
	s.data[key] = v
	s.modified = true
	return nil
}

// Delete removes key (Django's del session[key] and pop).
func (s *Session) Delete(key string) {
	s.lock()
	defer s.mu.Unlock()
	if _, ok := s.data[key]; ok {
		delete(s.data, key)
		s.modified = true
	}
}

// Clear removes every key, keeping the session key (Django's clear).
// Use Flush on logout.
func (s *Session) Clear() {
	s.lock()
	defer s.mu.Unlock()
	clear(s.data)
	s.modified = true
}

// Keys returns the session's keys, sorted.
func (s *Session) Keys() []string {
	s.lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.data))
}

// Len returns the number of keys in the session.
func (s *Session) Len() int {
	s.lock()
	defer s.mu.Unlock()
	return len(s.data)
}

// IsNew reports whether the session is a new one: the client sent no
// session cookie, or one naming no live session, or it was flushed.
func (s *Session) IsNew() bool {
	s.lock()
	defer s.mu.Unlock()
	return s.key == ""
}

// Flush deletes the session's data and the session itself from the store,
// and gives the session a new key when it is next saved (Django's flush):
// what logging out does, so that the old cookie, wherever a copy of it
// is, names nothing (with a server-side store).
func (s *Session) Flush() {
	s.lock()
	defer s.mu.Unlock()
	if s.key != "" {
		s.stale = append(s.stale, s.key)
	}
	s.key = ""
	s.data = map[string]any{}
	s.expiry = 0
	s.modified = true
}

// CycleKey keeps the session's data under a new key and deletes the old
// one (Django's cycle_key): call it on login, so that a session key an
// attacker planted before the login (session fixation) is worth nothing
// after it.
func (s *Session) CycleKey() {
	s.lock()
	defer s.mu.Unlock()
	if s.key != "" {
		s.stale = append(s.stale, s.key)
	}
	s.key = ""
	s.modified = true
}

// Modified reports whether the session was changed during the request
// (and will be saved).
func (s *Session) Modified() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.modified
}

// MarkModified marks the session modified, to save a change made inside
// a value Get returned (Django's session.modified = True).
func (s *Session) MarkModified() {
	s.lock()
	defer s.mu.Unlock()
	s.modified = true
}

// SetExpiry makes the session end after d without being saved, instead
// of SessionOptions.MaxAge, and its cookie persistent; d <= 0 returns to
// the options' policy. It is kept with the session (Django's set_expiry
// with a number of seconds).
func (s *Session) SetExpiry(d time.Duration) {
	s.lock()
	defer s.mu.Unlock()
	if d < 0 {
		d = 0
	}
	s.expiry = d.Truncate(time.Second)
	if d > 0 && s.expiry == 0 {
		s.expiry = time.Second
	}
	s.modified = true
}

// SetExpireAtBrowserClose makes the session's cookie a browser-session
// cookie, gone when the browser closes (Django's set_expiry(0)); on the
// server the session still ends after SessionOptions.MaxAge.
func (s *Session) SetExpireAtBrowserClose() {
	s.lock()
	defer s.mu.Unlock()
	s.expiry = -1
	s.modified = true
}

// ExpiryAge returns how long the session lives after it is saved
// (Django's get_expiry_age).
func (s *Session) ExpiryAge() time.Duration {
	s.lock()
	defer s.mu.Unlock()
	return s.expiryAgeLocked()
}

// ExpiresAtBrowserClose reports whether the session's cookie ends with
// the browser session (Django's get_expire_at_browser_close).
func (s *Session) ExpiresAtBrowserClose() bool {
	s.lock()
	defer s.mu.Unlock()
	return s.browserCloseLocked()
}

func (s *Session) expiryAgeLocked() time.Duration {
	if s.expiry > 0 {
		return s.expiry
	}
	return s.opts.MaxAge
}

func (s *Session) browserCloseLocked() bool {
	if s.expiry == 0 {
		return s.opts.ExpireAtBrowserClose
	}
	return s.expiry < 0
}

// storedLocked is the data to store: the session's, with its own expiry.
func (s *Session) storedLocked() map[string]any {
	if s.expiry == 0 {
		return s.data
	}
	out := maps.Clone(s.data)
	if s.expiry < 0 {
		out[sessionExpiryKey] = 0
	} else {
		out[sessionExpiryKey] = int64(s.expiry / time.Second)
	}
	return out
}
