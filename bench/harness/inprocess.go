package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The in-process benchmarks: each Go server's handler serving httptest
// requests into recorders (go test -bench), pinned to the server CPUs
// with GOMAXPROCS set to the worker count, after the rounds.
const (
	inprocBenchtime = "1s"
	inprocCount     = 3
)

// A goBench is a server's in-process benchmark: a benchmark function with
// one sub-benchmark per test, named by it (allTests' names).
type goBench struct {
	dir  func(h *harness) string // the module's directory
	pkg  string                  // the package, relative to it: ./examples/bench
	name string                  // the benchmark function: BenchmarkEndpoints
	env  []string                // added to the environment
}

// buildBench builds s's test binary (go test -c) into the build
// directory and returns its path.
func (h *harness) buildBench(s server) (string, error) {
	bin := filepath.Join(h.bin, s.name+".test")
	cmd := exec.Command("go", "test", "-c", "-o", bin, s.bench.pkg)
	cmd.Dir = s.bench.dir(h)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go test -c %s: %w\n%s", s.bench.pkg, err, out)
	}
	return bin, nil
}

// benchPattern is the -bench pattern for fn's sub-benchmarks of tests:
// ^fn$/^(plaintext|json)$.
func benchPattern(fn string, tests []string) string {
	q := make([]string, len(tests))
	for i, t := range tests {
		q[i] = regexp.QuoteMeta(t)
	}
	return "^" + regexp.QuoteMeta(fn) + "$/^(" + strings.Join(q, "|") + ")$"
}

// benchArgs are the test binary's flags for pattern: go test -run '^$'
// -bench pattern -benchtime 1s -count 3 -benchmem.
func benchArgs(pattern string) []string {
	return []string{"-test.run", "^$", "-test.bench", pattern, "-test.benchtime", inprocBenchtime,
		"-test.count", strconv.Itoa(inprocCount), "-test.benchmem"}
}

// inprocess runs s's benchmark binary on the tests s implements, pinned
// to the server CPUs with GOMAXPROCS=workers, in its package's directory
// (as go test does).
func (h *harness) inprocess(s server, bin string, tests []test) inprocResult {
	var names []string
	for _, t := range tests {
		if s.runs(t.name) {
			names = append(names, t.name)
		}
	}
	if len(names) == 0 {
		return inprocResult{}
	}
	cmd := exec.Command("taskset", append([]string{"-c", h.serverCPUs, bin}, benchArgs(benchPattern(s.bench.name, names))...)...)
	cmd.Dir = filepath.Join(s.bench.dir(h), s.bench.pkg)
	cmd.Env = append(append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(h.workers)), s.bench.env...)
	// Results are read from stdout only: what the servers log goes to
	// stderr, and would split a result line.
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := parseBench(stdout.String(), s.bench.name)
	if err != nil && len(r.failed) == 0 {
		r.err = fmt.Sprintf("%v: %s", err, failure(stdout.String(), stderr.String()))
	}
	for _, name := range names {
		if b, ok := r.median(name); ok {
			fmt.Printf("  %-11s %-9s %9.0f ns/op %7.0f B/op %5.0f allocs/op (median of %d)\n",
				s.name, name, b.ns, b.bytes, b.allocs, len(r.runs[name]))
		}
	}
	for _, name := range r.failed {
		fmt.Printf("  %-11s %-9s failed\n", s.name, name)
	}
	if r.err != "" {
		fmt.Printf("  %-11s failed: %s\n", s.name, r.err)
	}
	return r
}

// benchLine is one result line of go test -bench: ns/op, B/op and
// allocs/op (0 when absent).
type benchLine struct{ ns, bytes, allocs float64 }

// inprocResult is one server's in-process benchmark.
type inprocResult struct {
	runs   map[string][]benchLine // by sub-benchmark (test) name, in order
	failed []string               // sub-benchmarks that failed (--- FAIL)
	err    string                 // the whole run failed: why
}

// inprocResults are the in-process benchmarks by server name.
type inprocResults map[string]inprocResult

// median is the medians of test's runs, false when there are none or it
// failed.
func (r inprocResult) median(test string) (benchLine, bool) {
	runs := r.runs[test]
	if len(runs) == 0 || slices.Contains(r.failed, test) {
		return benchLine{}, false
	}
	col := func(f func(benchLine) float64) float64 {
		v := make([]float64, len(runs))
		for i, b := range runs {
			v[i] = f(b)
		}
		return summarize(v).median
	}
	return benchLine{
		ns:     col(func(b benchLine) float64 { return b.ns }),
		bytes:  col(func(b benchLine) float64 { return b.bytes }),
		allocs: col(func(b benchLine) float64 { return b.allocs }),
	}, true
}

// procsSuffix is the -N go test appends to a benchmark's name when
// GOMAXPROCS is N > 1.
var procsSuffix = regexp.MustCompile(`-[0-9]+$`)

// parseBench reads the sub-benchmarks of fn in go test -bench's output:
// lines like "BenchmarkHandler/json-2  123456  9876 ns/op  5678 B/op  21
// allocs/op" (the -2 is GOMAXPROCS, absent when it is 1; the test names
// never end in -digits), and "--- FAIL: BenchmarkHandler/db" for a failed
// one.
func parseBench(out, fn string) inprocResult {
	r := inprocResult{runs: map[string][]benchLine{}}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 3 && f[0] == "---" && f[1] == "FAIL:" {
			if sub, ok := strings.CutPrefix(f[2], fn+"/"); ok {
				r.failed = append(r.failed, procsSuffix.ReplaceAllString(sub, ""))
			}
			continue
		}
		sub, ok := strings.CutPrefix(f0(f), fn+"/")
		if !ok || len(f) < 4 {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue // not a result: the iterations come first
		}
		var b benchLine
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				break
			}
			switch f[i+1] {
			case "ns/op":
				b.ns = v
			case "B/op":
				b.bytes = v
			case "allocs/op":
				b.allocs = v
			}
		}
		if b.ns == 0 {
			continue
		}
		sub = procsSuffix.ReplaceAllString(sub, "")
		r.runs[sub] = append(r.runs[sub], b)
	}
	return r
}

// failure is why a benchmark binary failed: go test's first "--- FAIL"
// line with the line after it (the error), else stderr's last line.
func failure(stdout, stderr string) string {
	lines := strings.Split(stdout, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "--- FAIL") {
			if i+1 < len(lines) {
				return strings.TrimSpace(l) + " " + strings.TrimSpace(lines[i+1])
			}
			return strings.TrimSpace(l)
		}
	}
	errs := strings.Split(strings.TrimSpace(stderr), "\n")
	return strings.TrimSpace(errs[len(errs)-1])
}

func f0(f []string) string {
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// firstLine is s up to its first newline.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
