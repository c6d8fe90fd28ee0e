package auth_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/goframe/goframe/framework/auth"
)

// phc is the format of the hashes HashPassword makes, with its default
// parameters.
var phc = regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestHashPassword(t *testing.T) {
	t.Parallel()
	for _, pw := range []string{"correct horse battery staple", "", "pässwörd ✓", strings.Repeat("x", 1000)} {
		h1, err := auth.HashPassword(pw)
		if err != nil {
			t.Fatal(err)
		}
		if !phc.MatchString(h1) {
			t.Errorf("HashPassword(%.20q) = %q: not an argon2id PHC string with the default parameters", pw, h1)
		}
		h2, err := auth.HashPassword(pw)
		if err != nil {
			t.Fatal(err)
		}
		if h1 == h2 {
			t.Errorf("two hashes of %.20q are equal (%s): the salt is not random", pw, h1)
		}
		for _, h := range []string{h1, h2} {
			ok, rehash, err := auth.CheckPassword(h, pw)
			if !ok || rehash || err != nil {
				t.Errorf("CheckPassword(hash, %.20q) = %v, %v, %v; want true, false, nil", pw, ok, rehash, err)
			}
		}
		ok, _, err := auth.CheckPassword(h1, pw+"x")
		if ok || err != nil {
			t.Errorf("CheckPassword(hash of %.20q, another) = %v, %v; want false, nil", pw, ok, err)
		}
	}
}

// TestCheckPassword_ReferenceVectors checks hashes made by the reference
// implementation's command-line tool (Debian's argon2 package):
// `echo -n PASSWORD | argon2 SALT -id -t 2 -k M -p 1 -l 32 -e`.
func TestCheckPassword_ReferenceVectors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		hash, password string
		rehash         bool
	}{
		{"$argon2id$v=19$m=19456,t=2,p=1$Z29mcmFtZS1zYWx0LTE2Yg$bX8U3yuLnKvDzA/DFVfnS7Wy0fJ2/Cao2JAl2300qnc", "correct horse battery staple", false},
		{"$argon2id$v=19$m=1024,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$MO33cCFnqSA8SskhR8/i5r/vajJ3mDxwI/Myoh5GZwk", "correct horse", true},
	}
	for _, tt := range tests {
		ok, rehash, err := auth.CheckPassword(tt.hash, tt.password)
		if !ok || rehash != tt.rehash || err != nil {
			t.Errorf("CheckPassword(%s, %q) = %v, %v, %v; want true, %v, nil", tt.hash, tt.password, ok, rehash, err, tt.rehash)
		}
		if ok, _, _ := auth.CheckPassword(tt.hash, strings.ToUpper(tt.password)); ok {
			t.Errorf("CheckPassword(%s) accepts another password", tt.hash)
		}
	}
}

func TestHasher_Rehash(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		old    auth.Hasher
		rehash bool
	}{
		{"same parameters", auth.Hasher{}, false},
		{"same parameters, spelt out", auth.Hasher{Memory: auth.DefaultMemory, Time: auth.DefaultTime, Threads: auth.DefaultThreads}, false},
		{"less memory", auth.Hasher{Memory: 1024}, true},
		{"more memory", auth.Hasher{Memory: 32 * 1024}, true},
		{"fewer passes", auth.Hasher{Time: 1}, true},
		{"more lanes", auth.Hasher{Threads: 2}, true},
		{"shorter hash", auth.Hasher{KeyLen: 16}, true},
		{"shorter salt", auth.Hasher{SaltLen: 8}, true},
		{"longer salt", auth.Hasher{SaltLen: 32}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, err := tt.old.Hash("hunter2hunter2")
			if err != nil {
				t.Fatal(err)
			}
			ok, rehash, err := auth.CheckPassword(h, "hunter2hunter2")
			if !ok || err != nil {
				t.Fatalf("CheckPassword(%s) = %v, %v", h, ok, err)
			}
			if rehash != tt.rehash {
				t.Errorf("CheckPassword(%s): needsRehash = %v, want %v", h, rehash, tt.rehash)
			}
		})
	}
}

func TestCheckPassword_BadHashes(t *testing.T) {
	t.Parallel()
	const salt, key = "c2FsdHNhbHRzYWx0c2FsdA", "MO33cCFnqSA8SskhR8/i5r/vajJ3mDxwI/Myoh5GZwk"
	tests := []struct{ name, hash, why string }{
		{"empty", "", "empty"},
		{"Django's pbkdf2", "pbkdf2_sha256$600000$salt$hash=", "want $argon2id"},
		{"bcrypt", "$2b$12$abcdefghijklmnopqrstuuTzC6Lqy4nU3Y6P0i3r8k1aJ9bXnS0H2", "want $argon2id"},
		{"argon2i", "$argon2i$v=19$m=1024,t=2,p=1$" + salt + "$" + key, `"argon2i", not argon2id`},
		{"old version", "$argon2id$v=16$m=1024,t=2,p=1$" + salt + "$" + key, "version"},
		{"missing parameter", "$argon2id$v=19$m=1024,t=2$" + salt + "$" + key, "m, t and p"},
		{"unknown parameter", "$argon2id$v=19$m=1024,t=2,p=1,x=3$" + salt + "$" + key, "unknown parameter"},
		{"repeated parameter", "$argon2id$v=19$m=1024,m=2048,t=2,p=1$" + salt + "$" + key, "bad parameter"},
		{"not a number", "$argon2id$v=19$m=lots,t=2,p=1$" + salt + "$" + key, "bad parameter"},
		{"memory too large", "$argon2id$v=19$m=4294967295,t=2,p=1$" + salt + "$" + key, "out of range"},
		{"zero passes", "$argon2id$v=19$m=1024,t=0,p=1$" + salt + "$" + key, "out of range"},
		{"bad salt", "$argon2id$v=19$m=1024,t=2,p=1$!!!$" + key, "bad salt"},
		{"short hash", "$argon2id$v=19$m=1024,t=2,p=1$" + salt + "$AAAA", "bad hash"},
		{"truncated", "$argon2id$v=19$m=1024,t=2,p=1$" + salt, "want $argon2id"},
		{"unusable (Django's !)", "!XhHyxWxlqJ1mDyVRpq3ghyxhEyspWYWDLQmHOvrK", "want $argon2id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ok, rehash, err := auth.CheckPassword(tt.hash, "correct horse")
			if ok || rehash || !errors.Is(err, auth.ErrBadHash) {
				t.Fatalf("CheckPassword(%q) = %v, %v, %v; want false, false, ErrBadHash", tt.hash, ok, rehash, err)
			}
			if !strings.Contains(err.Error(), tt.why) {
				t.Errorf("error %q does not say %q", err, tt.why)
			}
		})
	}
}
