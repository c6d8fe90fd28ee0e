package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goframe/goframe/bench/internal/tfb"
	"github.com/goframe/goframe/bench/internal/tfbtest"
)

func TestEndpoints(t *testing.T) { tfbtest.RunHandler(t, handler) }

// TestEndpointsWithWork: the calibration contender serves the same.
func TestEndpointsWithWork(t *testing.T) {
	tfbtest.RunHandler(t, func(env *tfb.Env) http.Handler { return spin(time.Microsecond, handler(env)) })
}

func TestWorkFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want time.Duration
		err  string
	}{
		{nil, 0, ""},
		{[]string{"--work", "2us"}, 2 * time.Microsecond, ""},
		{[]string{"--work", "1.5µs"}, 1500 * time.Nanosecond, ""},
		{[]string{"--work", "0"}, 0, ""},
		{[]string{"--work", "2"}, 0, `invalid value "2" for flag -work`},
		{[]string{"--work", "-1us"}, 0, "negative duration"},
	} {
		var d time.Duration
		_, err := tfb.ParseFlags("nethttp", tc.args, io.Discard, workFlag(&d))
		switch {
		case tc.err == "" && (err != nil || d != tc.want):
			t.Errorf("%q: --work %s, %v; want %s", tc.args, d, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: error %v, want one with %q", tc.args, err, tc.err)
		}
	}
}

// TestSpinBusies: the work is CPU time of the serving thread, not a
// sleep, and the request is served after it.
func TestSpinBusies(t *testing.T) {
	const work = 20 * time.Millisecond
	h := spin(work, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "served") }))
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start, startCPU := time.Now(), cpu()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/plaintext", nil))
	elapsed, used := time.Since(start), cpu()-startCPU
	if w.Body.String() != "served" || elapsed < work {
		t.Errorf("served %q in %s, want \"served\" after at least %s", w.Body, elapsed, work)
	}
	if used < work/2 {
		t.Errorf("spinning %s used %s of CPU: not busy", work, used)
	}
	if mux := http.NewServeMux(); spin(0, mux) != http.Handler(mux) {
		t.Error("spin(0) is not the handler itself")
	}
}

// BenchmarkHandler serves each of the harness's tests in process (no
// sockets); bench/harness runs it.
func BenchmarkHandler(b *testing.B) { tfbtest.Bench(b, handler) }
