// Command harness benchmarks goframe against its peers on TechEmpower's
// test types: it builds examples/bench (goframe: the framework, its ORM
// and templates, served by the gateway) and the peers of bench/peers (raw
// net/http, chi, gin, echo, fiber; gunicorn with Flask), and runs several
// rounds. Every round starts all the servers at once, each on its own port
// and database, pinned to the server cores, and drives them back-to-back
// with wrk pinned to the other cores, test by test, in an order reversed
// every round; it reports medians with their spread, latency percentiles,
// peak memory and the ratio to raw net/http measured in the same run.
// Calibration contenders (nethttp+1us...: raw net/http spinning that long
// on every request, -calibrate) show what a microsecond of CPU per request
// costs in throughput on the machine. After the rounds it runs the Go
// servers' handlers in process (go test -bench, no sockets: -inprocess),
// for the CPU a request costs each. Then it measures idle keep-alive
// connections: goframe (--keep-alive 300, --worker-connections enough for
// them) and raw net/http each hold -idle connections (10,000), each served
// once and left idle, while wrk drives /plaintext and /json; it reports
// their RSS, the active clients' latency and how many of them still answer
// afterwards. It rewrites the peers section of docs/benchmarks.md and
// docs/benchmarks-peers.svg; -idle-only measures only the idle connections
// and rewrites only their subsection, no chart.
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
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// A test is one of TechEmpower's test types: a path to drive.
type test struct{ name, path string }

// allTests are the tests, the reference list: bench/internal/tfbtest.Tests
// (the peers' in-process benchmark) and examples/bench's benchTests
// (goframe's) must match it, which harness_test.go checks.
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
	// bench is the server's in-process benchmark, nil when it has none.
	bench *goBench
	// work is a calibration contender's busy work per request (nethttp
	// --work), 0 for the others.
	work time.Duration
}

// runs reports whether s implements the test named t.
func (s server) runs(t string) bool { return s.tests == nil || slices.Contains(s.tests, t) }

type harness struct {
	root, benchDir, bin string // the goframe checkout, bench/, the build directory
	serverCPUs, wrkCPUs string
	workers             int
	testBins            map[string]string // in-process benchmark binaries by server
}

// defaultCalibrate is -calibrate's default.
const defaultCalibrate = "1us,2us,4us"

func main() {
	rounds := flag.Int("rounds", 3, "alternating rounds (at least 3 for a median with a spread)")
	duration := flag.Duration("duration", 5*time.Second, "wrk's run per measurement")
	conns := flag.String("conns", "16,256", "concurrencies (wrk -c)")
	only := flag.String("tests", "", "comma-separated tests (default: all)")
	servers := flag.String("servers", "", "comma-separated servers (default: all, with the calibration contenders of -calibrate)")
	out := flag.String("out", "", "the Markdown file whose peers section is rewritten (default: ../docs/benchmarks.md)")
	idle := flag.Int("idle", idleTargetConns, "idle keep-alive connections held by goframe and raw net/http after the rounds (0 skips it)")
	idleOnly := flag.Bool("idle-only", false, "only the idle keep-alive measurement: no rounds, no chart; rewrites only its subsection of the report")
	inprocess := flag.Bool("inprocess", true, "after the rounds, run the Go servers' handlers in process (go test -bench, no sockets) for their CPU per request")
	calibrate := flag.String("calibrate", defaultCalibrate, `busy work per request of the calibration contenders, raw net/http with --work (nethttp+1us...), on plaintext and json ("" for none)`)
	flag.Parse()
	o := options{rounds: *rounds, duration: *duration, connList: *conns, only: *only, serverList: *servers, out: *out,
		idle: *idle, idleOnly: *idleOnly, inprocess: *inprocess, calibrate: *calibrate}
	if err := run(o); err != nil {
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
	inprocess                  bool
	calibrate                  string
}

// plan is what the options ask for: the concurrencies, the tests and the
// servers, in their order.
type plan struct {
	conns []int
	tests []test
	srvs  []server
}

// plan checks the options and returns what they ask for.
func (o options) plan() (plan, error) {
	var p plan
	if o.rounds < 1 {
		return p, errors.New("-rounds must be at least 1")
	}
	if o.idle < 0 || (o.idleOnly && o.idle == 0) {
		return p, fmt.Errorf("-idle %d: want a positive count (or 0 to skip, without -idle-only)", o.idle)
	}
	// wrk runs twice (a 1 s warm-up and -duration each) while the idle
	// connections wait, within goframe's --keep-alive.
	if o.idle > 0 && 2*(o.duration+time.Second)+idleReserve > idleKeepAlive {
		return p, fmt.Errorf("-duration %s is too long for the idle measurement: its connections would wait past --keep-alive %s (at most %s)",
			o.duration, idleKeepAlive, (idleKeepAlive-idleReserve)/2-time.Second)
	}
	for c := range strings.SplitSeq(o.connList, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || v < 1 {
			return p, fmt.Errorf("-conns: %q is not a positive number", c)
		}
		p.conns = append(p.conns, v)
	}
	p.tests = allTests
	if o.only != "" {
		p.tests = nil
		for name := range strings.SplitSeq(o.only, ",") {
			i := slices.IndexFunc(allTests, func(t test) bool { return t.name == name })
			if i < 0 {
				return p, fmt.Errorf("-tests: no test %q", name)
			}
			if slices.Contains(p.tests, allTests[i]) {
				return p, fmt.Errorf("-tests: %q is there twice", name)
			}
			p.tests = append(p.tests, allTests[i])
		}
	}
	work, err := parseCalibrate(o.calibrate)
	if err != nil {
		return p, err
	}
	p.srvs = contenders(work)
	if o.serverList != "" {
		var picked []server
		for name := range strings.SplitSeq(o.serverList, ",") {
			i := slices.IndexFunc(p.srvs, func(s server) bool { return s.name == name })
			switch {
			case i < 0 && strings.HasPrefix(name, calibrationPrefix):
				return p, fmt.Errorf("-servers: no server %q: the calibration contenders are those of -calibrate (%q)", name, o.calibrate)
			case i < 0:
				return p, fmt.Errorf("-servers: no server %q", name)
			case slices.ContainsFunc(picked, func(s server) bool { return s.name == name }):
				return p, fmt.Errorf("-servers: %q is there twice", name)
			}
			picked = append(picked, p.srvs[i])
		}
		p.srvs = picked
	}
	if o.idleOnly {
		p.srvs = slices.DeleteFunc(p.srvs, func(s server) bool { return !s.idle })
		if len(p.srvs) == 0 {
			return p, errors.New("-idle-only: none of -servers is measured idle (goframe, nethttp)")
		}
	}
	return p, nil
}

func run(o options) error {
	p, err := o.plan()
	if err != nil {
		return err
	}
	if o.idle > 0 {
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
	h := &harness{benchDir: wd, root: filepath.Dir(wd), testBins: map[string]string{}}
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

	fmt.Printf("machine: %s\n", machine())
	fmt.Printf("versions: %s\n", versions())
	fmt.Printf("servers on CPUs %s (%d worker processes where the server has workers), wrk on CPUs %s\n",
		h.serverCPUs, h.workers, h.wrkCPUs)
	var ready []server
	inproc := inprocResults{}
	for _, s := range p.srvs {
		if err := s.build(h); err != nil {
			fmt.Printf("skipping %s: %v\n", s.name, err)
			continue
		}
		ready = append(ready, s)
		if o.inprocess && !o.idleOnly && s.bench != nil {
			bin, err := h.buildBench(s)
			if err != nil {
				fmt.Printf("no in-process benchmark for %s: %v\n", s.name, err)
				inproc[s.name] = inprocResult{err: "build failed: " + firstLine(err.Error())}
				continue
			}
			h.testBins[s.name] = bin
		}
	}
	if len(ready) == 0 {
		return errors.New("no server could be built: nothing to measure")
	}

	out := o.out
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
	for round := 1; round <= o.rounds; round++ {
		fmt.Printf("round %d of %d\n", round, o.rounds)
		order := slices.Clone(ready)
		if round%2 == 0 {
			slices.Reverse(order) // alternate who goes first
		}
		if err := h.round(order, p.tests, p.conns, o.duration, round, res); err != nil {
			return err
		}
	}
	if o.inprocess {
		fmt.Println("in process: the Go servers' handlers, no sockets")
		for _, s := range ready {
			if bin, ok := h.testBins[s.name]; ok {
				inproc[s.name] = h.inprocess(s, bin, p.tests)
			}
		}
	}
	var idle string
	if o.idle > 0 {
		if idle, err = h.idleAll(ready, o); err != nil {
			return err
		}
	}
	rep := report{res: res, srvs: ready, tests: p.tests, conns: p.conns, command: roundsCommand(o),
		rounds: o.rounds, d: o.duration, serverCPUs: h.serverCPUs, wrkCPUs: h.wrkCPUs, workers: h.workers,
		date: time.Now().UTC().Format("2006-01-02"), machine: machine(), versions: versions(), idle: idle}
	if o.inprocess {
		rep.inproc = inproc
	}
	md := rep.markdown()
	fmt.Print(md)
	if err := replaceSection(out, md); err != nil {
		return err
	}
	// The chart leaves the calibration contenders out, to stay readable.
	charted := slices.DeleteFunc(slices.Clone(ready), func(s server) bool { return s.work > 0 })
	svg := res.svg(charted, p.tests, p.conns[len(p.conns)-1])
	return os.WriteFile(filepath.Join(filepath.Dir(out), "benchmarks-peers.svg"), []byte(svg), 0o644)
}

// roundsCommand is the command line that reruns the rounds, as the
// report's intro gives it.
func roundsCommand(o options) string {
	cmd := fmt.Sprintf("cd bench && go run ./harness -rounds %d -duration %s -conns %s", o.rounds, o.duration, o.connList)
	if o.calibrate != defaultCalibrate {
		cmd += fmt.Sprintf(" -calibrate %q", o.calibrate)
	}
	if !o.inprocess {
		cmd += " -inprocess=false"
	}
	return cmd
}

// A running server: its process group, base URL and how to stop it.
type running struct {
	pid  int    // the server's process and process group
	base string // http://ADDR
	stop func()
}

// startServer starts s on a fresh database (a new directory of its own),
// pinned to the server CPUs, with extra arguments appended to its command
// line, and waits until it answers /plaintext. Its address is none of
// taken's, to which it is added: servers running side by side never share
// one, even if the system hands a freed port out again.
func (h *harness) startServer(s server, extra []string, taken map[string]bool) (*running, error) {
	dir, err := os.MkdirTemp(h.bin, s.name+"-")
	if err != nil {
		return nil, err
	}
	var addr string
	for {
		if addr, err = freeAddr(); err != nil {
			return nil, err
		}
		if !taken[addr] {
			break
		}
	}
	if taken != nil {
		taken[addr] = true
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
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	stop := func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	}
	base := "http://" + addr
	if err := waitUp(base+"/plaintext", 60*time.Second, exited); err != nil {
		stop()
		if errors.Is(err, errExited) {
			err = fmt.Errorf("%w (%s)", err, cmd.ProcessState)
		}
		return nil, fmt.Errorf("did not start: %w\n%s", err, log.String())
	}
	return &running{pid: cmd.Process.Pid, base: base, stop: stop}, nil
}

// round is one round: it starts every server of order, one after the
// other (each waits until it answers, on a fresh database and a port of
// its own), then for each test and concurrency measures the servers that
// implement it back-to-back in order, and stops them all. Idle servers
// take next to no CPU, so the one measured has the server CPUs to itself,
// and the figures compared are seconds apart rather than minutes.
func (h *harness) round(order []server, tests []test, conns []int, d time.Duration, round int, res results) error {
	var up []*running
	defer func() {
		var wg sync.WaitGroup
		for _, r := range up {
			wg.Go(r.stop)
		}
		wg.Wait()
	}()
	taken := map[string]bool{}
	for _, s := range order {
		srv, err := h.startServer(s, nil, taken)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		up = append(up, srv)
	}
	for _, t := range tests {
		for i, c := range conns {
			for j, s := range order {
				if !s.runs(t.name) {
					continue
				}
				srv := up[j]
				if i == 0 {
					if err := check(srv.base + t.path); err != nil {
						return fmt.Errorf("%s: %s: %w", s.name, t.name, err)
					}
				}
				m, err := h.wrk(srv.base+t.path, c, d)
				if err != nil {
					return fmt.Errorf("%s: %s at %d connections: %w", s.name, t.name, c, err)
				}
				m.round = round
				m.rss = peakRSS(srv.pid)
				k := key{s.name, t.name, c}
				res[k] = append(res[k], m)
				fmt.Printf("  %-11s %-9s c=%-4d %9.0f req/s  p50 %-8s p99 %-8s  rss %d MB\n",
					s.name, t.name, c, m.rps, m.p50, m.p99, m.rss>>20)
			}
		}
	}
	return nil
}

// measurement is one wrk run.
type measurement struct {
	rps      float64
	p50, p99 time.Duration
	rss      int64 // peak resident memory of the server's processes, bytes
	round    int   // the round it was measured in, from 1
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
			return time.Duration(math.Round(f * float64(u.unit)))
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

// errExited is waitUp's error when the server exits before it answers.
var errExited = errors.New("it exited")

// waitUp waits until url answers, for at most d, and no longer than
// exited stays open (the server's process is running).
func waitUp(url string, d time.Duration, exited <-chan struct{}) error {
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
		case <-exited:
			return errExited
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
