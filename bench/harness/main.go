// Command harness benchmarks goframe against its peers on TechEmpower's
// test types: it builds examples/bench (goframe: the framework, its ORM
// and templates, served by the gateway) and the peers of bench/peers (raw
// net/http, chi, gin, echo, fiber; gunicorn with Flask), starts each in
// turn pinned to the server cores, drives it with wrk pinned to the other
// cores, alternates the servers over several rounds, and reports medians
// with their spread, latency percentiles, peak memory and the ratio to raw
// net/http measured in the same run. After the rounds it measures idle
// keep-alive connections: goframe (--keep-alive 300, --worker-connections
// enough for them) and raw net/http each hold -idle connections (10,000),
// each served once and left idle, while wrk drives /plaintext and /json;
// it reports their RSS, the active clients' latency and how many of them
// still answer afterwards. It rewrites the peers section of
// docs/benchmarks.md and docs/benchmarks-peers.svg; -idle-only measures
// only the idle connections and rewrites only their subsection, no chart.
//
// Run it from the bench module (make bench-peers does):
//
//	cd bench && go run ./harness -rounds 3 -duration 5s
//	cd bench && go run ./harness -idle-only -duration 5s -out /tmp/idle.md
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// A test is one of TechEmpower's test types: a path to drive.
type test struct{ name, path string }

var allTests = []test{
	{"plaintext", "/plaintext"},
	{"json", "/json"},
	{"db", "/db"},
	{"queries", "/queries?queries=20"},
	{"fortunes", "/fortunes"},
	{"updates", "/updates?queries=20"},
	{"cached", "/cached-queries?count=100"},
}

// A server is one contender: how to build and start it, and the tests it
// implements.
type server struct {
	name  string
	build func(h *harness) error
	start func(h *harness, addr, dir string) *exec.Cmd
	tests []string // nil: every test
	// idle marks the servers of the idle keep-alive measurement; idleArgs,
	// when set, are the flags that let it hold n idle connections.
	idle     bool
	idleArgs func(h *harness, n int) []string
}

type harness struct {
	root, benchDir, bin string // the goframe checkout, bench/, the build directory
	serverCPUs, wrkCPUs string
	workers             int
}

func main() {
	rounds := flag.Int("rounds", 3, "alternating rounds (at least 3 for a median with a spread)")
	duration := flag.Duration("duration", 5*time.Second, "wrk's run per measurement")
	conns := flag.String("conns", "16,256", "concurrencies (wrk -c)")
	only := flag.String("tests", "", "comma-separated tests (default: all)")
	servers := flag.String("servers", "", "comma-separated servers (default: all)")
	out := flag.String("out", "", "the Markdown file whose peers section is rewritten (default: ../docs/benchmarks.md)")
	idle := flag.Int("idle", idleTargetConns, "idle keep-alive connections held by goframe and raw net/http after the rounds (0 skips it)")
	idleOnly := flag.Bool("idle-only", false, "only the idle keep-alive measurement: no rounds, no chart; rewrites only its subsection of the report")
	flag.Parse()
	if err := run(options{*rounds, *duration, *conns, *only, *servers, *out, *idle, *idleOnly}); err != nil {
		fmt.Fprintln(os.Stderr, "harness:", err)
		os.Exit(1)
	}
}

// options are the harness's flags.
type options struct {
	rounds                     int
	duration                   time.Duration
	connList, only, serverList string
	out                        string
	idle                       int
	idleOnly                   bool
}

func run(o options) error {
	rounds, duration, connList, only, serverList, out := o.rounds, o.duration, o.connList, o.only, o.serverList, o.out
	if rounds < 1 {
		return errors.New("-rounds must be at least 1")
	}
	if o.idle < 0 || (o.idleOnly && o.idle == 0) {
		return fmt.Errorf("-idle %d: want a positive count (or 0 to skip, without -idle-only)", o.idle)
	}
	if o.idle > 0 {
		// wrk runs twice (a 1 s warm-up and -duration each) while the
		// connections wait, within goframe's --keep-alive.
		if 2*(duration+time.Second)+idleReserve > idleKeepAlive {
			return fmt.Errorf("-duration %s is too long for the idle measurement: its connections would wait past --keep-alive %s (at most %s)",
				duration, idleKeepAlive, (idleKeepAlive-idleReserve)/2-time.Second)
		}
		if err := raiseNoFile(o.idle); err != nil {
			return err
		}
	}
	for _, tool := range []string{"wrk", "taskset"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s is needed: run scripts/install-deps.sh (packages wrk, util-linux)", tool)
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	h := &harness{benchDir: wd, root: filepath.Dir(wd)}
	if _, err := os.Stat(filepath.Join(h.root, "examples", "bench")); err != nil {
		return errors.New("run the harness from bench/ in the goframe checkout")
	}
	h.bin, err = os.MkdirTemp("", "goframe-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(h.bin)
	n := runtime.NumCPU()
	h.workers = max(n/2, 1)
	h.serverCPUs = cpuRange(0, h.workers)
	h.wrkCPUs = cpuRange(h.workers, max(n-h.workers, 1))
	if n == 1 {
		h.wrkCPUs = "0"
	}

	var conns []int
	for c := range strings.SplitSeq(connList, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || v < 1 {
			return fmt.Errorf("-conns: %q is not a positive number", c)
		}
		conns = append(conns, v)
	}
	tests := allTests
	if only != "" {
		tests = nil
		for name := range strings.SplitSeq(only, ",") {
			i := slices.IndexFunc(allTests, func(t test) bool { return t.name == name })
			if i < 0 {
				return fmt.Errorf("-tests: no test %q", name)
			}
			tests = append(tests, allTests[i])
		}
	}
	srvs := contenders()
	if serverList != "" {
		var picked []server
		for name := range strings.SplitSeq(serverList, ",") {
			i := slices.IndexFunc(srvs, func(s server) bool { return s.name == name })
			if i < 0 {
				return fmt.Errorf("-servers: no server %q", name)
			}
			picked = append(picked, srvs[i])
		}
		srvs = picked
	}
	if o.idleOnly {
		srvs = slices.DeleteFunc(srvs, func(s server) bool { return !s.idle })
		if len(srvs) == 0 {
			return errors.New("-idle-only: none of -servers is measured idle (goframe, nethttp)")
		}
	}

	fmt.Printf("machine: %s\n", machine())
	fmt.Printf("versions: %s\n", versions())
	fmt.Printf("servers on CPUs %s (%d worker processes where the server has workers), wrk on CPUs %s\n",
		h.serverCPUs, h.workers, h.wrkCPUs)
	var ready []server
	for _, s := range srvs {
		if err := s.build(h); err != nil {
			fmt.Printf("skipping %s: %v\n", s.name, err)
			continue
		}
		ready = append(ready, s)
	}
	if len(ready) == 0 {
		return errors.New("no server could be built: nothing to measure")
	}

	if out == "" {
		out = filepath.Join(h.root, "docs", "benchmarks.md")
	}
	if o.idleOnly {
		idle, err := h.idleAll(ready, o)
		if err != nil {
			return err
		}
		fmt.Print(idle)
		// Only the idle subsection changes: the rounds' tables and chart
		// stay as they are.
		return replaceIdle(out, idle)
	}

	res := results{}
	for round := 1; round <= rounds; round++ {
		fmt.Printf("round %d of %d\n", round, rounds)
		order := slices.Clone(ready)
		if round%2 == 0 {
			slices.Reverse(order) // alternate who goes first
		}
		for _, s := range order {
			if err := h.measure(s, tests, conns, duration, res); err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
		}
	}
	var idle string
	if o.idle > 0 {
		if idle, err = h.idleAll(ready, o); err != nil {
			return err
		}
	}
	report := res.markdown(ready, tests, conns, h, rounds, duration, idle)
	fmt.Print(report)
	if err := replaceSection(out, report); err != nil {
		return err
	}
	svg := res.svg(ready, tests, conns[len(conns)-1])
	return os.WriteFile(filepath.Join(filepath.Dir(out), "benchmarks-peers.svg"), []byte(svg), 0o644)
}

// A running server: its process group, base URL and how to stop it.
type running struct {
	pid  int    // the server's process and process group
	base string // http://ADDR
	stop func()
}

// startServer starts s on a fresh database, pinned to the server CPUs,
// with extra arguments appended to its command line, and waits until it
// answers /plaintext.
func (h *harness) startServer(s server, extra []string) (*running, error) {
	dir, err := os.MkdirTemp(h.bin, s.name+"-")
	if err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := s.start(h, addr, dir)
	cmd.Args = append(cmd.Args, extra...)
	cmd.Args = append([]string{"taskset", "-c", h.serverCPUs}, cmd.Args...)
	cmd.Path, _ = exec.LookPath("taskset")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", s.name, err)
	}
	stop := func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	}
	base := "http://" + addr
	if err := waitUp(base+"/plaintext", 60*time.Second); err != nil {
		stop()
		return nil, fmt.Errorf("did not start: %w\n%s", err, log.String())
	}
	return &running{pid: cmd.Process.Pid, base: base, stop: stop}, nil
}

// measure starts s on a fresh database and runs every test at every
// concurrency once.
func (h *harness) measure(s server, tests []test, conns []int, d time.Duration, res results) error {
	srv, err := h.startServer(s, nil)
	if err != nil {
		return err
	}
	defer srv.stop()
	base := srv.base
	for _, t := range tests {
		if s.tests != nil && !slices.Contains(s.tests, t.name) {
			continue
		}
		if err := check(base + t.path); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		for _, c := range conns {
			m, err := h.wrk(base+t.path, c, d)
			if err != nil {
				return fmt.Errorf("%s at %d connections: %w", t.name, c, err)
			}
			m.rss = peakRSS(srv.pid)
			k := key{s.name, t.name, c}
			res[k] = append(res[k], m)
			fmt.Printf("  %-9s %-9s c=%-4d %9.0f req/s  p50 %-8s p99 %-8s  rss %d MB\n",
				s.name, t.name, c, m.rps, m.p50, m.p99, m.rss>>20)
		}
	}
	return nil
}

// measurement is one wrk run.
type measurement struct {
	rps      float64
	p50, p99 time.Duration
	rss      int64 // peak resident memory of the server's processes, bytes
}

type key struct {
	server, test string
	conns        int
}

type results map[key][]measurement

// wrk runs wrk on the wrk CPUs, after a short warm-up.
func (h *harness) wrk(url string, conns int, d time.Duration) (measurement, error) {
	threads := strconv.Itoa(max(min(conns, h.workers), 1))
	warm := exec.Command("taskset", "-c", h.wrkCPUs, "wrk", "-t", threads, "-c", strconv.Itoa(conns), "-d", "1s", url)
	warm.Run()
	cmd := exec.Command("taskset", "-c", h.wrkCPUs, "wrk", "--latency", "-t", threads, "-c", strconv.Itoa(conns),
		"-d", fmt.Sprintf("%.0fs", d.Seconds()), url)
	outb, err := cmd.CombinedOutput()
	if err != nil {
		return measurement{}, fmt.Errorf("wrk: %w\n%s", err, outb)
	}
	return parseWrk(string(outb))
}

// parseWrk reads requests/s and the 50% and 99% latencies of wrk
// --latency's report; non-2xx answers make the run fail.
func parseWrk(out string) (measurement, error) {
	var m measurement
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			m.rps, _ = strconv.ParseFloat(f[1], 64)
		case len(f) == 2 && f[0] == "50%":
			m.p50 = parseLatency(f[1])
		case len(f) == 2 && f[0] == "99%":
			m.p99 = parseLatency(f[1])
		case len(f) >= 4 && f[0] == "Non-2xx":
			return m, fmt.Errorf("wrk saw failed responses: %s", sc.Text())
		}
	}
	if m.rps == 0 {
		return m, fmt.Errorf("no requests/s in wrk's output:\n%s", out)
	}
	return m, nil
}

func parseLatency(s string) time.Duration {
	for _, u := range []struct {
		suffix string
		unit   time.Duration
	}{{"us", time.Microsecond}, {"ms", time.Millisecond}, {"s", time.Second}} {
		if v, ok := strings.CutSuffix(s, u.suffix); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return time.Duration(f * float64(u.unit))
		}
	}
	return 0
}

// peakRSS sums VmHWM over the process group of pid (the server and its
// workers), in bytes.
func peakRSS(pid int) int64 { return groupStatus(pid, "VmHWM:") }

// currentRSS sums VmRSS over the process group of pid, in bytes.
func currentRSS(pid int) int64 { return groupStatus(pid, "VmRSS:") }

// groupStatus sums a field of /proc/PID/status given in kB (VmHWM:,
// VmRSS:) over the processes of the process group pid, in bytes.
func groupStatus(pid int, field string) int64 {
	var total int64
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if pg, err := syscall.Getpgid(p); err != nil || pg != pid {
			continue
		}
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p))
		if err != nil {
			continue
		}
		total += statusField(string(b), field)
	}
	return total
}

// statusField is a field of a /proc/PID/status text given in kB, in
// bytes (0 when absent).
func statusField(status, field string) int64 {
	for line := range strings.SplitSeq(status, "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// check fetches url once: a contender that answers an error is not
// measured.
func check(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return nil
}

func waitUp(url string, d time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func cpuRange(first, n int) string {
	if n <= 1 {
		return strconv.Itoa(first)
	}
	return fmt.Sprintf("%d-%d", first, first+n-1)
}

func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "model name"); ok {
				model = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	kernel, _ := exec.Command("uname", "-r").Output()
	return fmt.Sprintf("%d CPUs (nproc), %s, Linux %s", runtime.NumCPU(), model, strings.TrimSpace(string(kernel)))
}

func versions() string {
	v := []string{runtime.Version()}
	// wrk -v prints its version and exits 1.
	if f := strings.Fields(output("wrk", "-v")); len(f) >= 2 {
		v = append(v, f[0]+" "+f[1])
	}
	if out := output("gunicorn", "--version"); out != "" {
		v = append(v, strings.TrimSpace(out))
	}
	return strings.Join(v, ", ")
}

// output is what a command prints, whatever its exit status.
func output(name string, args ...string) string {
	out, _ := exec.Command(name, args...).CombinedOutput()
	return string(out)
}
