package framework

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

func newTestSession() *Session {
	return newSession(context.Background(), NewMemoryStore(), SessionOptions{}.withDefaults(), "")
}

func TestSession_ValuesAreJSON(t *testing.T) {
	t.Parallel()
	type cart struct {
		Items []string `json:"items"`
		Total float64  `json:"total"`
	}
	tests := []struct {
		name  string
		value any
		want  any // what Get returns
	}{
		{"int", 42, 42.0},
		{"int64", int64(1) << 53, float64(1 << 53)},
		{"float", 2.5, 2.5},
		{"string", "Zoë", "Zoë"},
		{"bool", true, true},
		{"nil", nil, nil},
		{"slice", []int{1, 2}, []any{1.0, 2.0}},
		{"map", map[string]int{"a": 1}, map[string]any{"a": 1.0}},
		{"struct", cart{Items: []string{"x"}, Total: 3}, map[string]any{"items": []any{"x"}, "total": 3.0}},
		{"time", time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC), "2025-03-04T05:06:07Z"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newTestSession()
			if err := s.Set("k", tc.value); err != nil {
				t.Fatal(err)
			}
			got, ok := s.Get("k")
			if !ok || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Get = %#v, %v; want %#v", got, ok, tc.want)
			}
		})
	}
}

func TestSession_TypedGetters(t *testing.T) {
	t.Parallel()
	s := newTestSession()
	for k, v := range map[string]any{"i": 7, "neg": -3, "f": 2.5, "s": "x", "b": true, "big": math.MaxFloat64} {
		if err := s.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	type res struct {
		v  any
		ok bool
	}
	two := func(v any, ok bool) res { return res{v, ok} }
	tests := []struct {
		name      string
		got, want res
	}{
		{"GetInt int", two(s.GetInt("i")), res{int64(7), true}},
		{"GetInt negative", two(s.GetInt("neg")), res{int64(-3), true}},
		{"GetInt fraction", two(s.GetInt("f")), res{int64(0), false}},
		{"GetInt out of range", two(s.GetInt("big")), res{int64(0), false}},
		{"GetInt string", two(s.GetInt("s")), res{int64(0), false}},
		{"GetInt missing", two(s.GetInt("nope")), res{int64(0), false}},
		{"GetString", two(s.GetString("s")), res{"x", true}},
		{"GetString number", two(s.GetString("i")), res{"", false}},
		{"GetBool", two(s.GetBool("b")), res{true, true}},
		{"GetBool string", two(s.GetBool("s")), res{false, false}},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestSession_Decode(t *testing.T) {
	t.Parallel()
	type cart struct {
		Items []string
		Count int
	}
	s := newTestSession()
	in := cart{Items: []string{"a", "b"}, Count: 2}
	s.Set("cart", in)
	var out cart
	if ok, err := s.Decode("cart", &out); !ok || err != nil || !reflect.DeepEqual(out, in) {
		t.Errorf("Decode = %v, %v, %+v", ok, err, out)
	}
	if ok, err := s.Decode("missing", &out); ok || err != nil {
		t.Errorf("Decode of a missing key = %v, %v", ok, err)
	}
	var n int
	if ok, err := s.Decode("cart", &n); !ok || err == nil || !strings.Contains(err.Error(), `"cart"`) {
		t.Errorf("Decode into the wrong type = %v, %v; want an error naming the key", ok, err)
	}
}

func TestSession_SetRefusesWhatJSONCannotHold(t *testing.T) {
	t.Parallel()
	s := newTestSession()
	s.Set("keep", 1)
	for name, v := range map[string]any{"chan": make(chan int), "func": func() {}, "nan": math.NaN(), "inf": math.Inf(1)} {
		err := s.Set(name, v)
		if err == nil || !strings.Contains(err.Error(), `"`+name+`"`) || !strings.Contains(err.Error(), "JSON") {
			t.Errorf("Set(%s) error = %v; want one naming the key and JSON", name, err)
		}
	}
	if err := s.Set(sessionExpiryKey, 1); err == nil {
		t.Errorf("Set(%q) was allowed", sessionExpiryKey)
	}
	if got := s.Keys(); !reflect.DeepEqual(got, []string{"keep"}) {
		t.Errorf("after the refused sets, Keys = %v", got)
	}
}

func TestSession_Modified(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		do   func(s *Session)
		want bool
	}{
		{"nothing", func(s *Session) {}, false},
		{"get", func(s *Session) { s.Get("a") }, false},
		{"keys", func(s *Session) { s.Keys(); s.Len(); s.IsNew() }, false},
		{"set", func(s *Session) { s.Set("a", 1) }, true},
		{"delete missing", func(s *Session) { s.Delete("a") }, false},
		{"clear", func(s *Session) { s.Clear() }, true},
		{"mark", func(s *Session) { s.MarkModified() }, true},
		{"expiry", func(s *Session) { s.SetExpiry(time.Hour) }, true},
		{"flush", func(s *Session) { s.Flush() }, true},
		{"cycle", func(s *Session) { s.CycleKey() }, true},
	}
	for _, tc := range tests {
		s := newTestSession()
		tc.do(s)
		if got := s.Modified(); got != tc.want {
			t.Errorf("%s: Modified = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSession_Expiry(t *testing.T) {
	t.Parallel()
	s := newTestSession()
	if s.ExpiryAge() != DefaultSessionMaxAge || s.ExpiresAtBrowserClose() {
		t.Errorf("defaults: %s, %v", s.ExpiryAge(), s.ExpiresAtBrowserClose())
	}
	s.SetExpiry(90 * time.Minute)
	if s.ExpiryAge() != 90*time.Minute {
		t.Errorf("SetExpiry: %s", s.ExpiryAge())
	}
	if got := s.storedLocked()[sessionExpiryKey]; got != int64(5400) {
		t.Errorf("stored expiry = %#v, want 5400 seconds", got)
	}
	s.SetExpiry(time.Millisecond)
	if s.ExpiryAge() != time.Second {
		t.Errorf("SetExpiry(1ms) = %s, want the smallest age, 1s", s.ExpiryAge())
	}
	s.SetExpireAtBrowserClose()
	if !s.ExpiresAtBrowserClose() || s.ExpiryAge() != DefaultSessionMaxAge {
		t.Errorf("browser close: %v, %s", s.ExpiresAtBrowserClose(), s.ExpiryAge())
	}
	if got := s.storedLocked()[sessionExpiryKey]; got != 0 {
		t.Errorf("stored expiry = %#v, want 0", got)
	}
	s.SetExpiry(-time.Hour)
	if s.ExpiresAtBrowserClose() || s.ExpiryAge() != DefaultSessionMaxAge {
		t.Errorf("SetExpiry(<0) did not restore the defaults")
	}
	if _, ok := s.storedLocked()[sessionExpiryKey]; ok {
		t.Error("the default expiry is stored")
	}
}
