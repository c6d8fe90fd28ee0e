package h1

import (
	"encoding/binary"
	"testing"
)

func TestCtlFree(t *testing.T) {
	for b := 0; b < 256; b++ {
		for pos := 0; pos < 8; pos++ {
			for _, fill := range []byte{'a', 0x80, 0xff, ' ', '!'} {
				var w [8]byte
				for i := range w {
					w[i] = fill
				}
				w[pos] = byte(b)
				for _, below := range []uint64{0x20, 0x21} {
					want := true
					for _, x := range w {
						if uint64(x) < below || x == 0x7f {
							want = false
						}
					}
					if got := ctlFree(binary.LittleEndian.Uint64(w[:]), below); got != want {
						t.Fatalf("ctlFree(%q, %#x) = %v", w, below, got)
					}
				}
			}
		}
	}
}
