package auth

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxUsernameLength is the longest username, in characters (Django's
// max_length of User.username).
const MaxUsernameLength = 150

// Messages of the validation errors, in Django's words, for a view to
// compare with or to show.
const (
	MsgUsernameBlank   = "This field cannot be blank."
	MsgUsernameInvalid = "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
	MsgUsernameTaken   = "A user with that username already exists."
	MsgEmailInvalid    = "Enter a valid email address."
)

// ValidationError is a value a user typed that cannot be accepted: a
// username, an email address, a password. Messages are written for the
// user, in Django's words; Field names the field ("username", "email",
// "password").
type ValidationError struct {
	Field    string
	Messages []string
}

// Error returns the field and its messages.
func (e *ValidationError) Error() string {
	return "auth: " + e.Field + ": " + strings.Join(e.Messages, " ")
}

// NormalizeUsername returns name in Unicode normalization form NFKC, as
// Django normalizes usernames, so that look-alike spellings ("ﬁ" and
// "fi") are one username.
func NormalizeUsername(name string) string { return norm.NFKC.String(name) }

// ValidateUsername checks a username (normalized first) as Django's
// User.username field does: not blank, at most MaxUsernameLength
// characters, only letters, digits and @ . + - _. The error is a
// *ValidationError with Django's message.
func ValidateUsername(name string) error {
	name = NormalizeUsername(name)
	if name == "" {
		return &ValidationError{Field: "username", Messages: []string{MsgUsernameBlank}}
	}
	var msgs []string
	if n := utf8.RuneCountInString(name); n > MaxUsernameLength {
		msgs = append(msgs, fmt.Sprintf("Ensure this value has at most %d characters (it has %d).", MaxUsernameLength, n))
	}
	for _, r := range name {
		if !isWordRune(r) && !strings.ContainsRune("@.+-", r) {
			msgs = append(msgs, MsgUsernameInvalid)
			break
		}
	}
	if msgs != nil {
		return &ValidationError{Field: "username", Messages: msgs}
	}
	return nil
}

// isWordRune reports whether r is matched by Python's \w on str: a
// letter, a number or an underscore.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// NormalizeEmail lowercases the domain part of an address, as Django's
// UserManager.normalize_email does, and trims surrounding spaces.
func NormalizeEmail(email string) string {
	email = strings.TrimSpace(email)
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return email
	}
	return email[:at] + "@" + strings.ToLower(email[at+1:])
}

// ValidateEmail checks an address as a form's email field would: a bare
// address (no display name) whose domain has a dot, or is localhost.
// An empty address is valid (the field is optional). The error is a
// *ValidationError.
func ValidateEmail(email string) error {
	if email == "" {
		return nil
	}
	bad := &ValidationError{Field: "email", Messages: []string{MsgEmailInvalid}}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Name != "" || a.Address != email || len(email) > 254 {
		return bad
	}
	at := strings.LastIndexByte(email, '@')
	domain := email[at+1:]
	if domain != "localhost" && (!strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") ||
		strings.HasSuffix(domain, ".") || strings.Contains(domain, "..")) {
		return bad
	}
	return nil
}
