package h1_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/goframe/goframe/gateway/internal/h1"
)

// FuzzChecker checks, for arbitrary streams, that the Checker never
// panics, that any split of the stream gives the result of Parse in one go
// (and the same Safe, Requests, FailedAt, consistent with each other), and
// that whatever it accepts net/http's server reads identically (see
// checkAgreement).
func FuzzChecker(f *testing.F) {
	for _, c := range loadCorpus(f) {
		f.Add(c.Raw, uint64(0))
	}
	for i, c := range ownCases {
		f.Add([]byte(c.raw), uint64(i))
	}
	f.Fuzz(func(t *testing.T, raw []byte, seed uint64) {
		l := h1.DefaultLimits()
		if seed&1 != 0 {
			l = h1.Limits{RequestLine: 64, Fields: 6, FieldSize: 48}
		}
		reqs, err := h1.Parse(raw, l)
		var e *h1.Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("Parse error %v is not *h1.Error", err)
		}
		if e != nil && (e.Status < 400 || e.Status > 599 || e.Kind == "" || e.Reason == "") {
			t.Fatalf("bad error %+v", e)
		}

		rng := rand.New(rand.NewPCG(seed, uint64(len(raw))))
		sizes := make([]int, 1+rng.IntN(8))
		for i := range sizes {
			sizes[i] = 1 + rng.IntN(1+len(raw)/3)
		}
		if seed&2 != 0 {
			sizes = []int{1}
		}
		reqs2, err2 := h1.ParseSplit(raw, l, sizes)
		if !reflect.DeepEqual(reqs, reqs2) || fmt.Sprint(err) != fmt.Sprint(err2) {
			t.Fatalf("splits %v: got %d requests, %v; Parse: %d, %v", sizes, len(reqs2), err2, len(reqs), err)
		}

		// Safe, Requests, FailedAt... are the same for any split, and
		// consistent (see feed).
		whole := feed(t, h1.NewChecker(l), raw, nil)
		if got := feed(t, h1.NewChecker(l), raw, sizes); got != whole {
			t.Fatalf("splits %v: %+v, at once: %+v", sizes, got, whole)
		}

		checkAgreement(t, raw, reqs, err)
	})
}
