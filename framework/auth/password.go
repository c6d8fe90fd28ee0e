package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// The parameters of the argon2id hashes HashPassword makes: OWASP's
// Password Storage Cheat Sheet's first recommendation for argon2id
// (19 MiB of memory, 2 iterations, 1 degree of parallelism), which costs
// a few tens of milliseconds and 19 MiB per hash — affordable on a
// server where several workers log users in at once. RFC 9106's second
// recommendation (64 MiB, 3 iterations, 4 lanes) is stronger and
// dearer: set a Hasher's fields for it.
const (
	// DefaultMemory is the memory cost in KiB (19 MiB).
	DefaultMemory = 19 * 1024
	// DefaultTime is the number of passes over the memory.
	DefaultTime = 2
	// DefaultThreads is the degree of parallelism (lanes).
	DefaultThreads = 1
	// DefaultSaltLen is the length of the random salt, in bytes.
	DefaultSaltLen = 16
	// DefaultKeyLen is the length of the hash, in bytes.
	DefaultKeyLen = 32
)

// Bounds on the parameters CheckPassword accepts from a stored hash, so
// that a damaged or hostile hash cannot make it allocate gigabytes.
const (
	maxMemory  = 4 << 20 // KiB: 4 GiB
	maxTime    = 1000
	maxKeyLen  = 1024
	maxSaltLen = 1024
)

// ErrBadHash is the error of CheckPassword for a stored hash that is
// not an argon2id PHC string it can verify: an empty password column, a
// hash from another system, a truncated value.
var ErrBadHash = errors.New("auth: the stored password hash is not an argon2id PHC string")

// Hasher hashes and checks passwords with argon2id (RFC 9106), in the
// PHC string format:
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>
//
// with the salt and hash in unpadded standard base64, the format of the
// reference implementation, of Django's Argon2PasswordHasher and of
// most libraries, so hashes move between systems. A zero field takes
// its Default value: the zero Hasher is HashPassword's.
type Hasher struct {
	// Memory is the memory cost in KiB (DefaultMemory).
	Memory uint32
	// Time is the number of passes (DefaultTime).
	Time uint32
	// Threads is the degree of parallelism (DefaultThreads).
	Threads uint8
	// SaltLen and KeyLen are the salt's and the hash's lengths in bytes
	// (DefaultSaltLen, DefaultKeyLen).
	SaltLen, KeyLen uint32
}

// params is h with the defaults filled in.
func (h Hasher) params() Hasher {
	if h.Memory == 0 {
		h.Memory = DefaultMemory
	}
	if h.Time == 0 {
		h.Time = DefaultTime
	}
	if h.Threads == 0 {
		h.Threads = DefaultThreads
	}
	if h.SaltLen == 0 {
		h.SaltLen = DefaultSaltLen
	}
	if h.KeyLen == 0 {
		h.KeyLen = DefaultKeyLen
	}
	return h
}

// Hash returns the PHC string of password hashed with a new random salt.
func (h Hasher) Hash(password string) (string, error) {
	p := h.params()
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: hashing a password: reading a random salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return encodePHC(p, salt, key), nil
}

// Check reports whether password matches the PHC string encoded, in
// constant time, and whether encoded should be replaced by a new Hash of
// the password because its parameters differ from h's (then save the
// new hash, as Authenticate does). A hash that cannot be verified is
// ErrBadHash (wrapped, saying why).
func (h Hasher) Check(encoded, password string) (ok, needsRehash bool, err error) {
	p, salt, key, err := decodePHC(encoded)
	if err != nil {
		return false, false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	if subtle.ConstantTimeCompare(got, key) != 1 {
		return false, false, nil
	}
	want := h.params()
	needsRehash = p.Memory != want.Memory || p.Time != want.Time || p.Threads != want.Threads ||
		uint32(len(key)) != want.KeyLen || uint32(len(salt)) < want.SaltLen
	return true, needsRehash, nil
}

// HashPassword returns the argon2id PHC string of password, with the
// default parameters (DefaultMemory, DefaultTime, DefaultThreads) and a
// new random salt: what User.PasswordHash holds.
func HashPassword(password string) (string, error) { return Hasher{}.Hash(password) }

// CheckPassword reports whether password matches the PHC string encoded
// (compared in constant time), and whether encoded was made with other
// parameters than HashPassword's, so that it should be hashed again and
// saved (Authenticate does). An encoded value that is not an argon2id
// PHC string is an error wrapping ErrBadHash.
func CheckPassword(encoded, password string) (ok, needsRehash bool, err error) {
	return Hasher{}.Check(encoded, password)
}

var b64 = base64.RawStdEncoding

func encodePHC(p Hasher, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decodePHC parses "$argon2id$v=19$m=...,t=...,p=...$salt$hash".
func decodePHC(s string) (p Hasher, salt, key []byte, err error) {
	bad := func(why string) (Hasher, []byte, []byte, error) {
		return Hasher{}, nil, nil, fmt.Errorf("%w: %s", ErrBadHash, why)
	}
	if s == "" {
		return bad("it is empty")
	}
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" {
		return bad("want $argon2id$v=19$m=...,t=...,p=...$salt$hash")
	}
	if parts[1] != "argon2id" {
		return bad(fmt.Sprintf("the algorithm is %q, not argon2id", parts[1]))
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad(fmt.Sprintf("version %q, want v=%d", parts[2], argon2.Version))
	}
	seen := map[string]bool{}
	for kv := range strings.SplitSeq(parts[3], ",") {
		k, v, _ := strings.Cut(kv, "=")
		n, perr := strconv.ParseUint(v, 10, 32)
		if perr != nil || seen[k] {
			return bad(fmt.Sprintf("bad parameter %q", kv))
		}
		seen[k] = true
		switch k {
		case "m":
			p.Memory = uint32(n)
		case "t":
			p.Time = uint32(n)
		case "p":
			if n > 255 {
				return bad(fmt.Sprintf("bad parameter %q", kv))
			}
			p.Threads = uint8(n)
		default:
			return bad(fmt.Sprintf("unknown parameter %q", kv))
		}
	}
	if !seen["m"] || !seen["t"] || !seen["p"] {
		return bad("want the parameters m, t and p")
	}
	if p.Time < 1 || p.Time > maxTime || p.Threads < 1 || p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory {
		return bad(fmt.Sprintf("parameters m=%d,t=%d,p=%d out of range", p.Memory, p.Time, p.Threads))
	}
	if salt, err = b64.DecodeString(parts[4]); err != nil || len(salt) < 8 || len(salt) > maxSaltLen {
		return bad("bad salt")
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) < 16 || len(key) > maxKeyLen {
		return bad("bad hash")
	}
	return p, salt, key, nil
}
