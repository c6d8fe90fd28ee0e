package h1_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/goframe/goframe/gateway/internal/h1"
)

// TestMutations deletes the byte at every position of every stream shorter
// than 300 bytes, and replaces it or inserts before it bytes that matter to
// HTTP/1.1 parsers, and checks each variant like FuzzChecker
// does: any split gives the same result, and net/http agrees with whatever
// the Checker accepts.
func TestMutations(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	special := []byte("\x00\t\n\r \"#%,/:;=?@[_\x7f\x800aA")
	n := 0
	for _, sc := range allStreams(t) {
		if len(sc.raw) > 300 {
			continue
		}
		check := func(raw []byte) {
			n++
			reqs, err := h1.Parse(raw, sc.limits)
			reqs1, err1 := h1.ParseSplit(raw, sc.limits, []int{1})
			if !reflect.DeepEqual(reqs, reqs1) || fmt.Sprint(err) != fmt.Sprint(err1) {
				t.Fatalf("%s: %q: byte-wise %d %v, whole %d %v", sc.name, raw, len(reqs1), err1, len(reqs), err)
			}
			checkAgreement(t, raw, reqs, err)
		}
		buf := make([]byte, 0, len(sc.raw)+1)
		for i := range sc.raw {
			check(append(append(buf[:0], sc.raw[:i]...), sc.raw[i+1:]...))
			// Four of the special bytes at each position, rotating.
			for k := range 4 {
				b := special[(i*4+k)%len(special)]
				if sc.raw[i] != b {
					v := append(buf[:0], sc.raw...)
					v[i] = b
					check(v)
				}
				check(append(append(append(buf[:0], sc.raw[:i]...), b), sc.raw[i:]...))
			}
		}
	}
	t.Logf("%d variants", n)
}
