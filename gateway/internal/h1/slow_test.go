package h1_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goframe/goframe/gateway/internal/h1"
)

func TestSlowSeeds(t *testing.T) {
	dir := os.Getenv("SEEDDIR")
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		lines := strings.Split(string(b), "\n")
		raw, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")"))
		if err != nil { t.Log(f, err); continue }
		start := time.Now()
		reqs, perr := h1.Parse([]byte(raw), h1.DefaultLimits())
		_, _ = h1.ParseSplit([]byte(raw), h1.DefaultLimits(), []int{1})
		d1 := time.Since(start)
		start = time.Now()
		readNetHTTP([]byte(raw))
		d2 := time.Since(start)
		if d1+d2 > 5*time.Millisecond {
			t.Logf("%s len %d: checker %v nethttp %v (%d reqs, %v)", filepath.Base(f), len(raw), d1, d2, len(reqs), perr)
		}
	}
}
