package auth_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/goframe/goframe/framework/auth"
)

const (
	msgShort    = "This password is too short. It must contain at least 8 characters."
	msgCommon   = "This password is too common."
	msgNumeric  = "This password is entirely numeric."
	msgUsername = "The password is too similar to the username."
	msgEmail    = "The password is too similar to the email address."
)

func TestValidatePassword(t *testing.T) {
	t.Parallel()
	client := &auth.User{Username: "testclient", Email: "testclient@example.com"}
	tests := []struct {
		name, password string
		user           *auth.User
		want           []string
	}{
		{"good", "correct horse battery staple", client, nil},
		{"good without a user", "s3cret-Passw0rd", nil, nil},
		{"eight characters", "Zq8#mv2L", nil, nil},
		{"seven characters", "Zq8#mv2", nil, []string{msgShort}},
		{"characters, not bytes", "ééééééé", nil, []string{msgShort}},
		{"common", "godzilla", nil, []string{msgCommon}},
		{"common, whatever the case and spaces", "  PassWord ", nil, []string{msgCommon}},
		{"numeric", "98217346509", nil, []string{msgNumeric}},
		{"numeric in other scripts", "٩٨٢١٧٣٤٦٥٠٩", nil, []string{msgNumeric}},
		{"short, common and numeric", "123", nil, []string{msgShort, msgCommon, msgNumeric}},
		{"the username", "testclient", client, []string{msgUsername}},
		{"the username, capitalized", "TestClient", client, []string{msgUsername}},
		{"close to the username", "testclient1", client, []string{msgUsername}},
		{"part of the email address", "example.com", client, []string{msgEmail}},
		{"the email address", "testclient@example.com", client, []string{msgEmail}},
		{"no user, no similarity", "testclient", nil, nil},
		{"long password, short username", "zxcvbnmasdfghjklqwertyuiop", &auth.User{Username: "ab"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := auth.ValidatePassword(tt.password, tt.user); !slices.Equal(got, tt.want) {
				t.Errorf("ValidatePassword(%q) = %q, want %q", tt.password, got, tt.want)
			}
		})
	}
}

func TestPasswordHelpTexts(t *testing.T) {
	t.Parallel()
	got := auth.PasswordHelpTexts()
	if len(got) != 4 || !strings.Contains(got[1], "at least 8 characters") {
		t.Errorf("PasswordHelpTexts() = %q", got)
	}
}

// TestValidateUsername uses Django's cases (tests/auth_tests/test_validators.py).
func TestValidateUsername(t *testing.T) {
	t.Parallel()
	valid := []string{"joe", "René", "ᴮᴵᴳᴮᴵᴿᴰ", "أحمد", "a.b@c+d-e_f", "0123", strings.Repeat("é", 150)}
	for _, name := range valid {
		if err := auth.ValidateUsername(name); err != nil {
			t.Errorf("ValidateUsername(%q) = %v, want nil", name, err)
		}
	}
	invalid := []struct{ name, msg string }{
		{"o'connell", auth.MsgUsernameInvalid},
		{"عبد ال", auth.MsgUsernameInvalid},
		{"zerowidth\u200Bspace", auth.MsgUsernameInvalid},
		{"nonbreaking\u00A0space", auth.MsgUsernameInvalid},
		{"en\u2013dash", auth.MsgUsernameInvalid},
		{"trailingnewline\n", auth.MsgUsernameInvalid},
		{"", auth.MsgUsernameBlank},
		{strings.Repeat("a", 151), "Ensure this value has at most 150 characters (it has 151)."},
	}
	for _, tt := range invalid {
		err := auth.ValidateUsername(tt.name)
		var ve *auth.ValidationError
		if !errors.As(err, &ve) || ve.Field != "username" || !slices.Contains(ve.Messages, tt.msg) {
			t.Errorf("ValidateUsername(%q) = %v, want a ValidationError of username saying %q", tt.name, err, tt.msg)
		}
	}
}

func TestNormalizeUsername(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"ᴮᴵᴳᴮᴵᴿᴰ": "BIGBIRD", "ﬁona": "fiona", "René": "René", "Rene\u0301": "René"} {
		if got := auth.NormalizeUsername(in); got != want {
			t.Errorf("NormalizeUsername(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidateEmail(t *testing.T) {
	t.Parallel()
	for _, email := range []string{"", "alice@example.com", "alice.smith+blog@mail.example.co.uk", "root@localhost"} {
		if err := auth.ValidateEmail(email); err != nil {
			t.Errorf("ValidateEmail(%q) = %v, want nil", email, err)
		}
	}
	for _, email := range []string{"alice", "alice@", "@example.com", "Alice <alice@example.com>", "alice@example", "a b@example.com", "alice@.example.com", "alice@example..com"} {
		err := auth.ValidateEmail(email)
		var ve *auth.ValidationError
		if !errors.As(err, &ve) || ve.Field != "email" || ve.Messages[0] != auth.MsgEmailInvalid {
			t.Errorf("ValidateEmail(%q) = %v, want %q", email, err, auth.MsgEmailInvalid)
		}
	}
	if got := auth.NormalizeEmail(" Alice@EXAMPLE.Com "); got != "Alice@example.com" {
		t.Errorf("NormalizeEmail = %q, want Alice@example.com", got)
	}
}
