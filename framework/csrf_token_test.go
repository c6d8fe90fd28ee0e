package framework

import (
	"strings"
	"testing"
)

func TestCSRFToken_MaskUnmask(t *testing.T) {
	t.Parallel()
	// Django's _mask_cipher_secret of this secret with this mask,
	// computed with Django's code in Python.
	const secret = "Hello0World9xyzQRSTuvw123abcDEFG"
	const django = "q1W2e3R4t5Y6u7I8o9P0aSdFgHjKlZxCX57dsTDiKg15Rv7O5Rykve4x9HkMOt28"
	if got := unmaskCSRFToken(django); got != secret {
		t.Errorf("unmask(Django's token) = %q, want %q", got, secret)
	}
	seen := map[string]bool{}
	for range 200 {
		s := newCSRFSecret()
		if checkCSRFFormat(s) != "" || len(s) != csrfSecretLength {
			t.Fatalf("secret %q", s)
		}
		tok := maskCSRFSecret(s)
		if checkCSRFFormat(tok) != "" || len(tok) != csrfTokenLength || seen[tok] {
			t.Fatalf("token %q (seen before: %v)", tok, seen[tok])
		}
		seen[tok] = true
		if unmaskCSRFToken(tok) != s || !csrfTokenMatches(tok, s) || !csrfTokenMatches(s, s) {
			t.Fatalf("%q does not unmask to %q", tok, s)
		}
		if csrfTokenMatches(tok, newCSRFSecret()) {
			t.Fatalf("%q matches another secret", tok)
		}
	}
}

func TestCSRFToken_SecretUsesEveryCharacter(t *testing.T) {
	t.Parallel()
	// 200 secrets are 6400 draws from 62 characters: each appears.
	var all strings.Builder
	for range 200 {
		all.WriteString(newCSRFSecret())
	}
	for _, c := range csrfChars {
		if !strings.ContainsRune(all.String(), c) {
			t.Errorf("%q never drawn", c)
		}
	}
}

func TestCSRFToken_Format(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ token, reason string }{
		{strings.Repeat("a", 32), ""},
		{strings.Repeat("Z", 64), ""},
		{"", csrfReasonLength},
		{strings.Repeat("a", 33), csrfReasonLength},
		{strings.Repeat("a", 31) + "-", csrfReasonChars},
		{strings.Repeat("é", 16), csrfReasonChars},
	} {
		if got := checkCSRFFormat(tt.token); got != tt.reason {
			t.Errorf("%q: %q, want %q", tt.token, got, tt.reason)
		}
	}
}
