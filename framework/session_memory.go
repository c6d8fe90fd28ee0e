package framework

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// memorySweepEvery is how many saves pass between two sweeps of the
// memory store's expired sessions.
const memorySweepEvery = 256

// MemoryStore is a server-side session store in the process's memory
// (Django's locmem cache backend for sessions): for development and
// tests. Sessions are lost when the process ends and are not shared
// between worker processes: use NewDBStore for those. Its zero value is
// not usable; NewMemoryStore returns one. It is safe for concurrent use.
//
// Expired sessions are never returned, and are removed as they are met
// and by a sweep every few hundred saves (no goroutine to stop).
type MemoryStore struct {
	mu    sync.Mutex
	m     map[string]memorySession
	saves int
}

type memorySession struct {
	data    []byte // JSON: each load gets a copy of its own
	expires time.Time
}

// Compile-time check: a MemoryStore is a SessionStore.
var _ SessionStore = (*MemoryStore)(nil)

// NewMemoryStore returns an empty memory store.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{m: map[string]memorySession{}}
}

// Load returns the session key names; ErrSessionNotFound if there is no
// such live session.
func (s *MemoryStore) Load(_ context.Context, key string) (map[string]any, error) {
	if !validSessionKey(key) {
		return nil, ErrSessionNotFound
	}
	s.mu.Lock()
	e, ok := s.m[key]
	if ok && !time.Now().Before(e.expires) {
		delete(s.m, key)
		ok = false
	}
	s.mu.Unlock()
	if !ok {
		return nil, ErrSessionNotFound
	}
	var data map[string]any
	if err := json.Unmarshal(e.data, &data); err != nil {
		return nil, fmt.Errorf("framework: memory session store: %w", err)
	}
	if data == nil {
		data = map[string]any{}
	}
	return data, nil
}

// Save stores data until expiry under key, or under a new random key
// when key is "", and returns the key. A key that no longer exists is
// ErrSessionNotFound.
func (s *MemoryStore) Save(_ context.Context, key string, data map[string]any, expiry time.Time) (string, error) {
	b, err := json.Marshal(data)
	if err != nil {
		return "", fmt.Errorf("framework: session: encoding the data as JSON: %w", err)
	}
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if key == "" {
		for {
			key = newSessionKey()
			if _, taken := s.m[key]; !taken {
				break
			}
		}
	} else if e, ok := s.m[key]; !ok || !now.Before(e.expires) {
		delete(s.m, key)
		return "", ErrSessionNotFound
	}
	s.m[key] = memorySession{data: b, expires: expiry}
	if s.saves++; s.saves%memorySweepEvery == 0 {
		s.sweep(now)
	}
	return key, nil
}

// Delete deletes the session key names.
func (s *MemoryStore) Delete(_ context.Context, key string) error {
	s.mu.Lock()
	delete(s.m, key)
	s.mu.Unlock()
	return nil
}

// ClearExpired removes the expired sessions and returns how many there
// were (Django's clearsessions).
func (s *MemoryStore) ClearExpired(context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sweep(time.Now()), nil
}

// Len returns the number of sessions held, expired ones not yet removed
// included.
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

func (s *MemoryStore) sweep(now time.Time) int {
	n := 0
	for k, e := range s.m {
		if !now.Before(e.expires) {
			delete(s.m, k)
			n++
		}
	}
	return n
}
