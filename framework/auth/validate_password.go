package auth

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed" // the common passwords
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// MinPasswordLength is the shortest password ValidatePassword accepts,
// in characters (Django's MinimumLengthValidator).
const MinPasswordLength = 8

// MaxSimilarity is how similar to the username or email address a
// password may be before ValidatePassword refuses it (Django's
// UserAttributeSimilarityValidator's max_similarity).
const MaxSimilarity = 0.7

// Django's messages for passwords that ValidatePassword refuses.
const (
	MsgPasswordTooCommon = "This password is too common."
	MsgPasswordNumeric   = "This password is entirely numeric."
)

// commonPasswordsGz is Django's list of 20,000 common passwords
// (django/contrib/auth/common-passwords.txt.gz, Django 3.2, BSD licence,
// compiled by Royce Williams), lowercased, one a line.
//
//go:embed common-passwords.txt.gz
var commonPasswordsGz []byte

// commonPasswords returns the set of common passwords, read once on
// first use.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	zr, err := gzip.NewReader(bytes.NewReader(commonPasswordsGz))
	if err != nil {
		panic(fmt.Sprintf("auth: the embedded common-passwords list is damaged: %v", err))
	}
	set := make(map[string]struct{}, 20000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		if p := strings.TrimSpace(sc.Text()); p != "" {
			set[p] = struct{}{}
		}
	}
	if err := sc.Err(); err != nil {
		panic(fmt.Sprintf("auth: the embedded common-passwords list is damaged: %v", err))
	}
	return set
})

// ValidatePassword checks password as Django's default
// AUTH_PASSWORD_VALIDATORS do, and returns a message for each check it
// fails (none: the password is acceptable):
//
//   - not too similar to the user's username or email address (user may
//     be nil, for a user not created yet: then give one with the
//     Username and Email the user typed);
//   - at least MinPasswordLength characters;
//   - not one of Django's 20,000 common passwords (compared lowercased);
//   - not entirely numeric.
//
// Call it where a password is chosen (a sign-up or password-change
// view, createsuperuser); CreateUser and SetPassword do not, as in
// Django.
func ValidatePassword(password string, user *User) []string {
	var msgs []string
	if user != nil {
		if m := similarityMessage(password, user); m != "" {
			msgs = append(msgs, m)
		}
	}
	if utf8.RuneCountInString(password) < MinPasswordLength {
		msgs = append(msgs, fmt.Sprintf("This password is too short. It must contain at least %d characters.", MinPasswordLength))
	}
	if _, ok := commonPasswords()[strings.TrimSpace(strings.ToLower(password))]; ok {
		msgs = append(msgs, MsgPasswordTooCommon)
	}
	if isNumeric(password) {
		msgs = append(msgs, MsgPasswordNumeric)
	}
	return msgs
}

// PasswordHelpTexts are the rules ValidatePassword applies, as Django's
// password_validators_help_texts gives them, for a form's help text.
func PasswordHelpTexts() []string {
	return []string{
		"Your password can’t be too similar to your other personal information.",
		fmt.Sprintf("Your password must contain at least %d characters.", MinPasswordLength),
		"Your password can’t be a commonly used password.",
		"Your password can’t be entirely numeric.",
	}
}

// isNumeric is Python's str.isdigit: not empty, digits only.
func isNumeric(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// similarityMessage is Django's UserAttributeSimilarityValidator over
// the username and the email address: the password is compared, by
// SequenceMatcher's quick_ratio, with each attribute and each of its
// parts between non-word characters ("alice", "example", "com").
func similarityMessage(password string, u *User) string {
	pw := []rune(strings.ToLower(password))
	for _, attr := range []struct{ value, name string }{
		{u.Username, "username"},
		{u.Email, "email address"},
	} {
		if attr.value == "" {
			continue
		}
		value := strings.ToLower(attr.value)
		parts := append(splitNonWord(value), value)
		for _, part := range parts {
			p := []rune(part)
			if exceedsMaxLengthRatio(len(pw), len(p)) {
				continue
			}
			if quickRatio(pw, p) >= MaxSimilarity {
				return "The password is too similar to the " + attr.name + "."
			}
		}
	}
	return ""
}

// splitNonWord is Python's re.split(r'\W+', s): the runs of word
// characters, with an empty string first or last when s begins or ends
// with a non-word character.
func splitNonWord(s string) []string {
	var parts []string
	var cur strings.Builder
	inSep := false
	for _, r := range s {
		if isWordRune(r) {
			cur.WriteRune(r)
			inSep = false
			continue
		}
		if !inSep {
			parts = append(parts, cur.String())
			cur.Reset()
			inSep = true
		}
	}
	return append(parts, cur.String())
}

// exceedsMaxLengthRatio is Django's shortcut: a value ten times shorter
// than the password cannot be similar enough to matter.
func exceedsMaxLengthRatio(pwLen, valueLen int) bool {
	bound := MaxSimilarity / 2 * float64(pwLen)
	return pwLen >= 10*valueLen && float64(valueLen) < bound
}

// quickRatio is difflib.SequenceMatcher(a=a, b=b).quick_ratio(): twice
// the number of characters the two have in common (as multisets) over
// their total length; 1 for two empty strings.
func quickRatio(a, b []rune) float64 {
	if len(a)+len(b) == 0 {
		return 1
	}
	counts := make(map[rune]int, len(b))
	for _, r := range b {
		counts[r]++
	}
	matches := 0
	for _, r := range a {
		if counts[r] > 0 {
			counts[r]--
			matches++
		}
	}
	return 2 * float64(matches) / float64(len(a)+len(b))
}
