package framework

import (
	"crypto/rand"
	"crypto/subtle"
	"strings"
)

// The CSRF secret and token, as Django's: the secret (kept in the
// cookie) is 32 characters of csrfChars; the token given to forms is the
// secret masked with a fresh random mask (64 characters: mask + cipher),
// so that it differs in every response and a compression side channel
// (BREACH) cannot recover it.
const (
	csrfSecretLength = 32
	csrfTokenLength  = 2 * csrfSecretLength
	// csrfChars is Python's string.ascii_letters + string.digits, in
	// Django's order, so that tokens are interchangeable with Django's.
	csrfChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)

// Reasons a token or cookie has a bad format (Django's phrases, used as
// "CSRF cookie has incorrect length.").
const (
	csrfReasonLength = "has incorrect length"
	csrfReasonChars  = "has invalid characters"
)

// newCSRFSecret returns 32 random characters of csrfChars, uniformly
// drawn from crypto/rand.
func newCSRFSecret() string {
	const n = len(csrfChars)  // 62
	const limit = 256 - 256%n // 248: bytes below it map uniformly
	out := make([]byte, 0, csrfSecretLength)
	var buf [64]byte
	for len(out) < csrfSecretLength {
		rand.Read(buf[:]) // never fails (crypto/rand panics if it cannot read)
		for _, b := range buf {
			if int(b) < limit && len(out) < csrfSecretLength {
				out = append(out, csrfChars[int(b)%n])
			}
		}
	}
	return string(out)
}

// maskCSRFSecret returns the token for secret: a new random mask
// followed by the secret shifted, character by character, by the mask
// (Django's _mask_cipher_secret).
func maskCSRFSecret(secret string) string {
	mask := newCSRFSecret()
	n := len(csrfChars)
	cipher := make([]byte, len(secret))
	for i := range len(secret) {
		x := strings.IndexByte(csrfChars, secret[i])
		y := strings.IndexByte(csrfChars, mask[i])
		cipher[i] = csrfChars[(x+y)%n]
	}
	return mask + string(cipher)
}

// unmaskCSRFToken returns the secret a 64-character token masks
// (Django's _unmask_cipher_token). The token's format must have been
// checked.
func unmaskCSRFToken(token string) string {
	mask, cipher := token[:csrfSecretLength], token[csrfSecretLength:]
	n := len(csrfChars)
	secret := make([]byte, len(cipher))
	for i := range len(cipher) {
		x := strings.IndexByte(csrfChars, cipher[i])
		y := strings.IndexByte(csrfChars, mask[i])
		secret[i] = csrfChars[((x-y)%n+n)%n]
	}
	return string(secret)
}

// checkCSRFFormat returns why token is not a secret (32 characters) or a
// masked token (64), or "" if it is one.
func checkCSRFFormat(token string) string {
	if len(token) != csrfSecretLength && len(token) != csrfTokenLength {
		return csrfReasonLength
	}
	for i := range len(token) {
		if strings.IndexByte(csrfChars, token[i]) < 0 {
			return csrfReasonChars
		}
	}
	return ""
}

// csrfTokenMatches reports whether token (masked or not, its format
// checked) carries secret, comparing in constant time.
func csrfTokenMatches(token, secret string) bool {
	if len(token) == csrfTokenLength {
		token = unmaskCSRFToken(token)
	}
	return subtle.ConstantTimeCompare([]byte(token), []byte(secret)) == 1
}
