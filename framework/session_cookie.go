package framework

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// sessionSalt separates the session cookie's signing key from the other
// keys derived from the same secret (CSRF, signed values): a signature
// made for one purpose is never valid for another.
const sessionSalt = "goframe.sessions"

// maxSessionJSON bounds a session's JSON in the cookie store, compressed
// or not: a cookie is decompressed into at most this much, so a value
// that compresses well cannot grow into more memory than this.
const maxSessionJSON = 1 << 20

// cookieStore is the signed-cookie store (Django's signed_cookies
// backend): the session's data is the cookie, signed, so the server
// keeps nothing.
type cookieStore struct {
	keys      [][]byte // derived signing keys: the first signs, all verify
	ephemeral bool     // no secret was given: a random key, for this process only
}

// NewCookieStore returns the signed-cookie session store, Django's
// signed_cookies backend: the session's data lives in the cookie as
// base64url JSON (zlib-compressed when that is shorter), with its expiry
// time, signed with HMAC-SHA256 under a key derived from the secret (the
// App's SecretKey). The first key signs; every key verifies, so that
// after a rotation cookies signed with a key now in SecretKeyFallbacks
// stay valid until their next save re-signs them with the new one.
//
// The client can read (not change) the data: keep secrets out of the
// session, or use a server-side store. A cookie holds at most
// MaxSessionCookieBytes. Flush cannot revoke a copy of the cookie a
// client kept: a server-side store can. A cookie whose signature does not
// verify, whose expiry passed, or that is not one at all is an empty new
// session.
//
// Empty keys are ignored; with none left (Debug without a SecretKey) the
// store signs with a random key of its own, and sessions last as long as
// the process.
func NewCookieStore(keys ...[]byte) SessionStore {
	s := &cookieStore{}
	for _, k := range keys {
		if len(k) > 0 {
			s.keys = append(s.keys, deriveKey(k, sessionSalt))
		}
	}
	if len(s.keys) == 0 {
		var k [32]byte
		rand.Read(k[:])
		s.keys = [][]byte{deriveKey(k[:], sessionSalt)}
		s.ephemeral = true
	}
	return s
}

// deriveKey derives the key for one purpose (salt) from a secret.
func deriveKey(secret []byte, salt string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(salt))
	return m.Sum(nil)
}

func sign(key []byte, value string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(value))
	return m.Sum(nil)
}

// b64 encodes the cookie's parts; b64strict decodes them, refusing the
// non-zero padding bits a lenient decoder ignores (so that no two
// spellings of a value are both accepted).
var (
	b64       = base64.RawURLEncoding
	b64strict = base64.RawURLEncoding.Strict()
)

// Save returns the signed cookie value holding data until expiry; key is
// not used (the cookie is the session).
func (s *cookieStore) Save(_ context.Context, _ string, data map[string]any, expiry time.Time) (string, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return "", fmt.Errorf("framework: session: encoding the data as JSON: %w", err)
	}
	if len(raw) > maxSessionJSON {
		return "", fmt.Errorf("%w: its JSON is %d bytes (at most %d)", ErrSessionTooLarge, len(raw), maxSessionJSON)
	}
	payload := b64.EncodeToString(raw)
	if z := deflate(raw); len(z) < len(raw)-1 { // as Django: only when it helps
		payload = "." + b64.EncodeToString(z)
	}
	signed := payload + ":" + strconv.FormatInt(expiry.Unix(), 36)
	value := signed + ":" + b64.EncodeToString(sign(s.keys[0], signed))
	if len(value) > MaxSessionCookieBytes {
		return "", fmt.Errorf("%w: the signed cookie value is %d bytes (at most %d)", ErrSessionTooLarge, len(value), MaxSessionCookieBytes)
	}
	return value, nil
}

// Load verifies the cookie value and returns its data;
// ErrSessionNotFound if it is not a valid, unexpired signed value.
func (s *cookieStore) Load(_ context.Context, value string) (map[string]any, error) {
	data, err := s.open(value, time.Now())
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrSessionNotFound, err)
	}
	return data, nil
}

// open is Load at time now; the error says why the value is refused.
func (s *cookieStore) open(value string, now time.Time) (map[string]any, error) {
	if len(value) > 2*MaxSessionCookieBytes {
		return nil, fmt.Errorf("cookie of %d bytes", len(value))
	}
	i := strings.LastIndexByte(value, ':')
	if i < 0 {
		return nil, fmt.Errorf("no signature")
	}
	signed := value[:i]
	sig, err := b64strict.DecodeString(value[i+1:])
	if err != nil || len(sig) != sha256.Size {
		return nil, fmt.Errorf("malformed signature")
	}
	ok := false
	for _, k := range s.keys {
		// Every key is tried, so the time taken does not tell which
		// one matched.
		if hmac.Equal(sign(k, signed), sig) {
			ok = true
		}
	}
	if !ok {
		return nil, fmt.Errorf("bad signature")
	}
	j := strings.LastIndexByte(signed, ':')
	if j < 0 {
		return nil, fmt.Errorf("no expiry")
	}
	exp, err := strconv.ParseInt(signed[j+1:], 36, 64)
	if err != nil {
		return nil, fmt.Errorf("malformed expiry")
	}
	if now.Unix() >= exp {
		return nil, fmt.Errorf("expired at %s", time.Unix(exp, 0).UTC().Format(time.RFC3339))
	}
	payload := signed[:j]
	compressed := strings.HasPrefix(payload, ".")
	raw, err := b64strict.DecodeString(strings.TrimPrefix(payload, "."))
	if err != nil {
		return nil, fmt.Errorf("malformed payload")
	}
	if compressed {
		if raw, err = inflate(raw); err != nil {
			return nil, err
		}
	}
	var data map[string]any
	if err := json.Unmarshal(raw, &data); err != nil {
		return nil, fmt.Errorf("payload is not a JSON object: %v", err)
	}
	if data == nil {
		data = map[string]any{}
	}
	return data, nil
}

// Delete does nothing: the cookie store keeps nothing on the server.
func (s *cookieStore) Delete(context.Context, string) error { return nil }

func deflate(b []byte) []byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func inflate(b []byte) ([]byte, error) {
	r, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("malformed compressed payload: %v", err)
	}
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, maxSessionJSON+1))
	if err != nil {
		return nil, fmt.Errorf("malformed compressed payload: %v", err)
	}
	if len(out) > maxSessionJSON {
		return nil, fmt.Errorf("payload decompresses to more than %d bytes", maxSessionJSON)
	}
	return out, nil
}
