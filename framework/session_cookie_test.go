package framework

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestCookieStore_RoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := NewCookieStore([]byte(testSecret))
	tests := []struct {
		name       string
		data       map[string]any
		compressed bool
	}{
		{"one key", map[string]any{"user_id": 42.0}, false},
		{"nested", map[string]any{"cart": []any{1.0, "two", map[string]any{"x": true}}, "n": nil}, false},
		{"unicode", map[string]any{"name": "Zoë ✓ 日本", "quote": `"';:<>`}, false},
		{"compressible", map[string]any{"text": strings.Repeat("goframe ", 200)}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			value, err := store.Save(ctx, "", tc.data, time.Now().Add(time.Hour))
			if err != nil {
				t.Fatalf("Save: %v", err)
			}
			if got := strings.HasPrefix(value, "."); got != tc.compressed {
				t.Errorf("compressed = %v, want %v (value %.40q)", got, tc.compressed, value)
			}
			got, err := store.Load(ctx, value)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if !reflect.DeepEqual(got, tc.data) {
				t.Errorf("Load = %#v, want %#v", got, tc.data)
			}
		})
	}
}

func TestCookieStore_TamperingEachByte(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := NewCookieStore([]byte(testSecret))
	for _, data := range []map[string]any{
		{"user_id": 7.0, "admin": false},
		{"text": strings.Repeat("abc", 100)}, // compressed
	} {
		value, err := store.Save(ctx, "", data, time.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		for i := range len(value) {
			for _, repl := range []byte{'A', 'b', '0', '.', ':', '_'} {
				if value[i] == repl {
					continue
				}
				forged := value[:i] + string(repl) + value[i+1:]
				if got, err := store.Load(ctx, forged); !errors.Is(err, ErrSessionNotFound) {
					t.Fatalf("byte %d of %q changed to %q: Load = %v, %v; want ErrSessionNotFound", i, value, repl, got, err)
				}
			}
		}
		// Cut or extended.
		for _, forged := range []string{value[:len(value)-1], value + "A", value[1:], "x" + value} {
			if _, err := store.Load(ctx, forged); !errors.Is(err, ErrSessionNotFound) {
				t.Errorf("%q: Load err = %v, want ErrSessionNotFound", forged, err)
			}
		}
	}
}

func TestCookieStore_Garbage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := NewCookieStore([]byte(testSecret))
	other := NewCookieStore([]byte("another-secret"))
	valid, _ := other.Save(ctx, "", map[string]any{"a": 1.0}, time.Now().Add(time.Hour))
	for _, value := range []string{
		"", "abc", ":", "::", "a:b:c", "e30:zzzzzz:", "e30:1:AAAA",
		strings.Repeat("A", 10000),
		valid, // signed with another key
		".!!!:1:" + strings.Repeat("A", 43),
	} {
		if got, err := store.Load(ctx, value); !errors.Is(err, ErrSessionNotFound) {
			t.Errorf("Load(%.30q) = %v, %v; want ErrSessionNotFound", value, got, err)
		}
	}
	// A validly signed value whose payload is not an object (only a key
	// holder could make one) is refused too.
	s := store.(*cookieStore)
	for _, payload := range []string{b64.EncodeToString([]byte("[1,2]")), b64.EncodeToString([]byte("{")), ".AAAA"} {
		signed := payload + ":zzzzzzz"
		forged := signed + ":" + b64.EncodeToString(sign(s.keys[0], signed))
		if _, err := store.Load(ctx, forged); !errors.Is(err, ErrSessionNotFound) {
			t.Errorf("payload %q: Load err = %v, want ErrSessionNotFound", payload, err)
		}
	}
}

func TestCookieStore_Rotation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	oldKey, newKey := []byte("old-secret-key"), []byte("new-secret-key")
	data := map[string]any{"user_id": 1.0}
	deadline := time.Now().Add(time.Hour)

	before := NewCookieStore(oldKey)
	signedOld, err := before.Save(ctx, "", data, deadline)
	if err != nil {
		t.Fatal(err)
	}
	rotated := NewCookieStore(newKey, oldKey) // SECRET_KEY=new, SECRET_KEY_FALLBACKS=old
	if got, err := rotated.Load(ctx, signedOld); err != nil || !reflect.DeepEqual(got, data) {
		t.Fatalf("after rotation, the old cookie: Load = %v, %v", got, err)
	}
	signedNew, err := rotated.Save(ctx, "", data, deadline)
	if err != nil {
		t.Fatal(err)
	}
	onlyNew := NewCookieStore(newKey) // the fallback removed
	if _, err := onlyNew.Load(ctx, signedNew); err != nil {
		t.Errorf("a cookie saved after rotation is not signed with the new key: %v", err)
	}
	if _, err := before.Load(ctx, signedNew); err == nil {
		t.Error("a cookie saved after rotation still verifies with the old key alone")
	}
	if _, err := onlyNew.Load(ctx, signedOld); !errors.Is(err, ErrSessionNotFound) {
		t.Errorf("the old cookie once the fallback is gone: err = %v, want ErrSessionNotFound", err)
	}
}

func TestCookieStore_Expiry(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := NewCookieStore([]byte(testSecret))
	deadline := time.Now().Add(time.Hour).Truncate(time.Second)
	value, err := store.Save(ctx, "", map[string]any{"a": "b"}, deadline)
	if err != nil {
		t.Fatal(err)
	}
	s := store.(*cookieStore)
	if _, err := s.open(value, deadline.Add(-time.Second)); err != nil {
		t.Errorf("a second before the deadline: %v", err)
	}
	for _, at := range []time.Time{deadline, deadline.Add(time.Second), deadline.Add(30 * 24 * time.Hour)} {
		if _, err := s.open(value, at); err == nil || !strings.Contains(err.Error(), "expired") {
			t.Errorf("at %s (deadline %s): err = %v, want expired", at, deadline, err)
		}
	}
	past, err := store.Save(ctx, "", map[string]any{"a": "b"}, time.Now().Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Load(ctx, past); !errors.Is(err, ErrSessionNotFound) {
		t.Errorf("expired cookie: err = %v, want ErrSessionNotFound", err)
	}
}

func TestCookieStore_TooLarge(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := NewCookieStore([]byte(testSecret))
	random := make([]byte, 3000) // hex of random bytes: barely compressible
	rand.Read(random)
	_, err := store.Save(ctx, "", map[string]any{"blob": hex.EncodeToString(random)}, time.Now().Add(time.Hour))
	if !errors.Is(err, ErrSessionTooLarge) || !strings.Contains(err.Error(), "4093") {
		t.Errorf("Save of 6000 random characters: err = %v, want ErrSessionTooLarge naming the limit", err)
	}
	// Compressible data of the same size fits.
	if _, err := store.Save(ctx, "", map[string]any{"blob": strings.Repeat("ab", 3000)}, time.Now().Add(time.Hour)); err != nil {
		t.Errorf("Save of 6000 compressible characters: %v", err)
	}
	// So much that even compressed JSON is refused before signing.
	_, err = store.Save(ctx, "", map[string]any{"blob": strings.Repeat("a", maxSessionJSON)}, time.Now().Add(time.Hour))
	if !errors.Is(err, ErrSessionTooLarge) {
		t.Errorf("Save of 1 MiB: err = %v, want ErrSessionTooLarge", err)
	}
	if _, err := store.Save(ctx, "", map[string]any{"ch": make(chan int)}, time.Now().Add(time.Hour)); err == nil || !strings.Contains(err.Error(), "JSON") {
		t.Errorf("Save of a channel: err = %v, want a JSON error", err)
	}
}

func TestCookieStore_NoKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := NewCookieStore(), NewCookieStore([]byte(""))
	if !a.(*cookieStore).ephemeral || !b.(*cookieStore).ephemeral {
		t.Fatal("a store without a key is not marked ephemeral")
	}
	value, err := a.Save(ctx, "", map[string]any{"x": 1.0}, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Load(ctx, value); err != nil {
		t.Errorf("own cookie: %v", err)
	}
	if _, err := b.Load(ctx, value); !errors.Is(err, ErrSessionNotFound) {
		t.Errorf("another keyless store reads the cookie: err = %v", err)
	}
	// An empty fallback is not a key anyone can sign with.
	c := NewCookieStore([]byte(testSecret), []byte(""))
	if n := len(c.(*cookieStore).keys); n != 1 {
		t.Errorf("an empty fallback was kept: %d keys", n)
	}
}

func TestCookieStore_SaltSeparatesPurposes(t *testing.T) {
	t.Parallel()
	// A value signed with the bare secret (or for another purpose) is
	// not a session.
	secret := []byte(testSecret)
	signed := b64.EncodeToString([]byte(`{"user_id":1}`)) + ":zzzzzzz"
	for _, key := range [][]byte{secret, deriveKey(secret, "goframe.csrf")} {
		forged := signed + ":" + b64.EncodeToString(sign(key, signed))
		if _, err := NewCookieStore(secret).Load(context.Background(), forged); !errors.Is(err, ErrSessionNotFound) {
			t.Errorf("a value signed with another key was accepted: %v", err)
		}
	}
}
