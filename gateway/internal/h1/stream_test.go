package h1_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/goframe/goframe/gateway/internal/h1"
)

// streamCase is a named stream with its limits.
type streamCase struct {
	name   string
	raw    []byte
	limits h1.Limits
}

func allStreams(t testing.TB) []streamCase {
	var out []streamCase
	for _, c := range loadCorpus(t) {
		out = append(out, streamCase{c.Name, c.Raw, limitsFor(c)})
	}
	for _, c := range ownCases {
		out = append(out, streamCase{"own/" + c.name, []byte(c.raw), h1.DefaultLimits()})
	}
	return out
}

// result is everything observable after feeding a whole stream.
type result struct {
	Safe       int64
	Requests   int
	FailedAt   int64
	HeadSafe   bool
	Done       bool
	Err        string
	ErrStatus  int
	Offset     int64 // bytes consumed; after an error it depends on the splits
	HoldEvents int
}

// feed writes raw to c in pieces of the given sizes (cycled; nil: at
// once), resuming after every hold, checks the invariants after each
// Write, and calls Finish at the end.
func feed(t testing.TB, c *h1.Checker, raw []byte, sizes []int) result {
	t.Helper()
	var r result
	var off int64
	lastSafe := int64(0)
	for k := 0; len(raw) > 0 && c.Err() == nil; k++ {
		n := len(raw)
		if len(sizes) > 0 {
			n = min(max(sizes[k%len(sizes)], 1), n)
		}
		p := raw[:n]
		raw = raw[n:]
		for len(p) > 0 {
			m, err := c.Write(p)
			off += int64(m)
			p = p[m:]
			s := c.Safe()
			if s < lastSafe || s > off {
				t.Fatalf("Safe %d after %d bytes consumed (was %d)", s, off, lastSafe)
			}
			lastSafe = s
			if errors.Is(err, h1.ErrHold) {
				if !c.Hold() || s != off {
					t.Fatalf("ErrHold with Hold()=%v, Safe %d, consumed %d", c.Hold(), s, off)
				}
				if m2, err2 := c.Write([]byte("x")); m2 != 0 || !errors.Is(err2, h1.ErrHold) {
					t.Fatalf("Write during hold: %d, %v", m2, err2)
				}
				r.HoldEvents++
				c.Resume()
				continue
			}
			if err != nil {
				break
			}
			if m != len(p)+m {
				t.Fatalf("Write consumed %d of %d without error", m, len(p)+m)
			}
		}
	}
	err := c.Err()
	if err == nil {
		err = c.Finish()
	}
	r.Safe, r.Requests, r.Done, r.Offset = c.Safe(), c.Requests(), c.Done(), off
	r.FailedAt, r.HeadSafe = c.FailedAt()
	if err != nil {
		var e *h1.Error
		if !errors.As(err, &e) {
			t.Fatalf("error %v is not *h1.Error", err)
		}
		r.Err, r.ErrStatus = e.Kind+": "+e.Reason, e.Status
		// FailedAt points at the first byte of the failing request: the
		// end of the last valid message, which is exactly Safe unless the
		// head was declared safe.
		if !r.HeadSafe && r.FailedAt != r.Safe || r.HeadSafe && r.FailedAt >= r.Safe {
			t.Fatalf("FailedAt %d (headWasSafe %v) with Safe %d", r.FailedAt, r.HeadSafe, r.Safe)
		}
		for _, p := range [][]byte{[]byte("x"), nil} {
			if m, err2 := c.Write(p); m != 0 || err2 != err {
				t.Fatalf("Write after error: %d, %v", m, err2)
			}
		}
		r.Offset = -1
	} else if r.FailedAt != -1 {
		t.Fatalf("FailedAt %d without an error", r.FailedAt)
	}
	return r
}

func TestStreaming(t *testing.T) {
	for _, sc := range allStreams(t) {
		t.Run(sc.name, func(t *testing.T) {
			want := feed(t, h1.NewChecker(sc.limits), sc.raw, nil)
			wantReqs, wantErr := h1.Parse(sc.raw, sc.limits)
			rng := rand.New(rand.NewPCG(uint64(len(sc.raw)), 7))
			splits := [][]int{{1}, {2}, {3, 1, 4, 1, 5, 9, 2, 6}}
			for i := 0; i < 8; i++ {
				s := make([]int, 1+rng.IntN(16))
				for j := range s {
					s[j] = 1 + rng.IntN(1+len(sc.raw)/2)
				}
				splits = append(splits, s)
			}
			c := h1.NewChecker(sc.limits)
			for _, s := range splits {
				c.Reset(sc.limits) // reuse, as a pool would
				if got := feed(t, c, sc.raw, s); got != want {
					t.Fatalf("splits %v:\n got %+v\nwant %+v", s, got, want)
				}
				reqs, err := h1.ParseSplit(sc.raw, sc.limits, s)
				if !reflect.DeepEqual(reqs, wantReqs) || fmt.Sprint(err) != fmt.Sprint(wantErr) {
					t.Fatalf("ParseSplit %v differs from Parse:\n got %d %v\nwant %d %v", s, len(reqs), err, len(wantReqs), wantErr)
				}
			}
			if want.Requests < len(wantReqs) {
				t.Fatalf("Requests %d < %d parsed", want.Requests, len(wantReqs))
			}
		})
	}
}

// TestSafePrefix checks that Safe never covers an incomplete head: for
// every prefix of a stream, the bytes declared safe so far form complete,
// valid heads, possibly followed by part of a body.
func TestSafePrefix(t *testing.T) {
	for _, sc := range allStreams(t) {
		t.Run(sc.name, func(t *testing.T) {
			step := 1
			if len(sc.raw) > 2048 {
				step = len(sc.raw)/500 + 1
			}
			last := int64(0)
			for k := 0; k <= len(sc.raw); k += step {
				c := h1.NewChecker(sc.limits)
				feed(t, c, sc.raw[:k], nil)
				s := c.Safe()
				if s < last {
					t.Fatalf("Safe(prefix %d) = %d < Safe of a shorter prefix %d", k, s, last)
				}
				last = s
				c2 := h1.NewChecker(sc.limits)
				r := feed(t, c2, sc.raw[:s], nil)
				if r.Err != "" && !(r.HeadSafe && r.ErrStatus == 400 && r.Err[:len(h1.KindNoMoreData)] == h1.KindNoMoreData) {
					t.Fatalf("prefix %d: the %d safe bytes do not end after a head or inside a body: %s", k, s, r.Err)
				}
			}
		})
	}
}
