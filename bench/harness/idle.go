package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// The idle keep-alive measurement: the server holds n connections, each
// served once and then left idle, while wrk drives active clients.
const (
	idleKeepAlive   = 300 * time.Second     // goframe's --keep-alive during it
	idleRSSTarget   = 300 << 20             // the target: n idle connections in under 300 MB
	idleP99Target   = 50 * time.Millisecond // the target: active clients' p99 under 50 ms
	idleActiveConns = 64                    // wrk's connections while the idle ones stay open
	idleOpeners     = 64                    // connections being opened at once, far below the backlog (2048)
	idleSpare       = 1000                  // room per worker for the active clients past its share
	idleIOTimeout   = 10 * time.Second      // one dial or one request on an idle connection
	idleSettle      = 1 * time.Second       // pause before reading RSS
	idleSample      = 50 * time.Millisecond // how often RSS is sampled while connections open and wrk runs
	idleFDMargin    = 256                   // descriptors the harness needs besides the idle connections
	idleReserve     = 60 * time.Second      // opening and checking the connections, at most
	idleTargetConns = 10000                 // the target's count
	idleRequestPath = "/plaintext"          // what every idle connection is served
	idleRequestFmt  = "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n"
)

// idleTests are what wrk drives while the idle connections stay open.
var idleTests = []test{{"plaintext", "/plaintext"}, {"json", "/json"}}

// workerConnections is goframe's --worker-connections for n idle
// connections over workers processes: each worker's share, rounded up,
// plus idleSpare so the active clients never wait behind the cap.
func workerConnections(n, workers int) int {
	workers = max(workers, 1)
	return (n+workers-1)/workers + idleSpare
}

// raiseNoFile raises the soft RLIMIT_NOFILE to the hard one (the servers
// and wrk inherit it) and fails when n idle connections and the
// harness's own descriptors do not fit.
func raiseNoFile(n int) error {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return fmt.Errorf("read RLIMIT_NOFILE: %w", err)
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
			return fmt.Errorf("raise RLIMIT_NOFILE to %d: %w", lim.Max, err)
		}
	}
	if need := uint64(n) + idleFDMargin; need > lim.Cur {
		return fmt.Errorf("-idle %d needs %d open files but RLIMIT_NOFILE's hard limit is %d (ulimit -Hn): raise it or lower -idle to at most %d",
			n, need, lim.Cur, int64(lim.Cur)-idleFDMargin)
	}
	return nil
}

// idleRun is wrk's run on one test with the idle connections open.
type idleRun struct {
	test string
	m    measurement
	err  string // wrk failed: why
}

// idleResult is the idle measurement of one server.
type idleResult struct {
	server            string
	n, held           int   // asked for, opened and served once
	survivors         int   // held ones that answered 200 again afterwards
	baseRSS, idleRSS  int64 // VmRSS before opening them and with them idle (bytes)
	openRSS, loadRSS  int64 // the largest VmRSS sampled while they open and while wrk runs
	peakRSS           int64 // VmHWM over the run
	open              time.Duration
	during            []idleRun
	openErr, checkErr string // the first failure of each phase, with how many failed
}

// perThousand is the server's memory per 1,000 idle connections, in MB:
// what opening them added to its RSS.
func (r idleResult) perThousand() float64 {
	if r.held == 0 {
		return 0
	}
	return float64(r.idleRSS-r.baseRSS) / (1 << 20) / float64(r.held) * 1000
}

// p99 is the largest p99 of the runs during, and false when a run failed.
func (r idleResult) p99() (time.Duration, bool) {
	var worst time.Duration
	for _, d := range r.during {
		if d.err != "" {
			return worst, false
		}
		worst = max(worst, d.m.p99)
	}
	return worst, len(r.during) > 0
}

// idle measures s holding n idle keep-alive connections.
func (h *harness) idle(s server, n int, d time.Duration) (idleResult, error) {
	r := idleResult{server: s.name, n: n}
	var extra []string
	if s.idleArgs != nil {
		extra = s.idleArgs(h, n)
	}
	srv, err := h.startServer(s, extra, nil)
	if err != nil {
		return r, err
	}
	defer srv.stop()
	for _, t := range idleTests {
		if err := check(srv.base + t.path); err != nil {
			return r, fmt.Errorf("%s: %w", t.name, err)
		}
	}
	time.Sleep(idleSettle)
	r.baseRSS = currentRSS(srv.pid)

	addr := strings.TrimPrefix(srv.base, "http://")
	start := time.Now()
	stop := sampleRSS(srv.pid)
	conns, failed, firstErr := openIdle(addr, n)
	r.openRSS = stop()
	r.open = time.Since(start)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	r.held = len(conns)
	if failed > 0 {
		r.openErr = fmt.Sprintf("%d of %d failed, first: %s", failed, n, firstErr)
	}
	fmt.Printf("  %-9s %d of %d connections opened and served in %s\n", s.name, r.held, n, r.open.Round(time.Millisecond))
	time.Sleep(idleSettle)
	r.idleRSS = currentRSS(srv.pid)

	stop = sampleRSS(srv.pid)
	for _, t := range idleTests {
		m, err := h.wrk(srv.base+t.path, idleActiveConns, d)
		run := idleRun{test: t.name, m: m}
		if err != nil {
			run.err = strings.SplitN(err.Error(), "\n", 2)[0]
		}
		r.during = append(r.during, run)
	}
	r.loadRSS = stop()
	r.peakRSS = peakRSS(srv.pid)

	ok, firstErr := checkIdle(addr, conns)
	r.survivors = ok
	if ok < len(conns) {
		r.checkErr = fmt.Sprintf("%d of %d failed, first: %s", len(conns)-ok, len(conns), firstErr)
	}
	return r, nil
}

// sampleRSS samples currentRSS(pid) every idleSample until the function
// it returns is called, which returns the largest sample.
func sampleRSS(pid int) (stop func() int64) {
	done := make(chan struct{})
	largest := make(chan int64)
	go func() {
		most := currentRSS(pid)
		t := time.NewTicker(idleSample)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				most = max(most, currentRSS(pid))
			case <-done:
				largest <- max(most, currentRSS(pid))
				return
			}
		}
	}()
	return func() int64 {
		close(done)
		return <-largest
	}
}

// heldRSS is the most memory the server was seen to use holding the
// idle connections: idle, and while wrk ran.
func (r idleResult) heldRSS() int64 { return max(r.idleRSS, r.loadRSS) }

// openIdle opens n connections to addr, idleOpeners at a time, and has
// each served one request: the connections it returns are served
// keep-alive connections, idle. It counts the ones that failed, with the
// first error.
func openIdle(addr string, n int) (conns []net.Conn, failed int, firstErr string) {
	all := make([]net.Conn, n)
	errs := make([]error, n)
	parallel(n, func(i int) {
		c, err := net.DialTimeout("tcp", addr, idleIOTimeout)
		if err != nil {
			errs[i] = err
			return
		}
		if err := roundTrip(c, addr); err != nil {
			c.Close()
			errs[i] = err
			return
		}
		all[i] = c
	})
	for i, c := range all {
		switch {
		case c != nil:
			conns = append(conns, c)
		default:
			if failed == 0 {
				firstErr = errs[i].Error()
			}
			failed++
		}
	}
	return conns, failed, firstErr
}

// checkIdle sends one more request on every connection and counts those
// that answer 200, with the first error.
func checkIdle(addr string, conns []net.Conn) (ok int, firstErr string) {
	errs := make([]error, len(conns))
	parallel(len(conns), func(i int) { errs[i] = roundTrip(conns[i], addr) })
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case firstErr == "":
			firstErr = err.Error()
		}
	}
	return ok, firstErr
}

// parallel calls f(0..n-1), idleOpeners calls at a time.
func parallel(n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(idleOpeners, n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}

// roundTrip sends GET idleRequestPath on c and reads the whole response,
// which must be a 200 that keeps the connection open and nothing more.
func roundTrip(c net.Conn, host string) error {
	c.SetDeadline(time.Now().Add(idleIOTimeout))
	defer c.SetDeadline(time.Time{})
	if _, err := fmt.Fprintf(c, idleRequestFmt, idleRequestPath, host); err != nil {
		return fmt.Errorf("write request: %w", err)
	}
	br := bufio.NewReaderSize(c, 512)
	return readResponse(br)
}

// readResponse reads one HTTP/1.1 response from br: a 200 with a
// Content-Length body, no Connection: close, and nothing after it.
func readResponse(br *bufio.Reader) error {
	status, err := br.ReadString('\n')
	if err != nil {
		return fmt.Errorf("read status line: %w", err)
	}
	if f := strings.Fields(status); len(f) < 2 || f[0] != "HTTP/1.1" || f[1] != "200" {
		return fmt.Errorf("status line %q, want HTTP/1.1 200", strings.TrimSpace(status))
	}
	length := -1
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return fmt.Errorf("read header: %w", err)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		name, value, _ := strings.Cut(line, ":")
		value = strings.TrimSpace(value)
		switch strings.ToLower(name) {
		case "content-length":
			if _, err := fmt.Sscan(value, &length); err != nil || length < 0 {
				return fmt.Errorf("bad Content-Length %q", value)
			}
		case "connection":
			if strings.EqualFold(value, "close") {
				return fmt.Errorf("the server closes the connection (Connection: close)")
			}
		}
	}
	if length < 0 {
		return fmt.Errorf("response without Content-Length")
	}
	if _, err := io.CopyN(io.Discard, br, int64(length)); err != nil {
		return fmt.Errorf("read body: %w", err)
	}
	if br.Buffered() > 0 {
		return fmt.Errorf("%d unexpected bytes after the response", br.Buffered())
	}
	return nil
}

// idleReport is what the idle subsection of the report is written from.
type idleReport struct {
	results       []idleResult
	n, workers    int
	d             time.Duration
	command, date string
	machine, cpus string
}

// Markers of the idle subsection inside the peers section.
const (
	idleBegin = "<!-- idle: generated by bench/harness -->"
	idleEnd   = "<!-- idle: end -->"
)

// thousands writes n with commas: 10,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

func mb(b int64) string { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }

func metOrNot(ok bool) string {
	if ok {
		return "met"
	}
	return "**not met**"
}

// idleRunCell is one wrk run in the table: req/s, p50, p99.
func idleRunCell(r idleResult, test string) string {
	for _, d := range r.during {
		if d.test != test {
			continue
		}
		if d.err != "" {
			return "failed: " + d.err
		}
		return fmt.Sprintf("%.0f, %s, %s", d.m.rps, d.m.p50.Round(time.Microsecond), d.m.p99.Round(time.Microsecond))
	}
	return "—"
}

// targets is the verdict on the targets for r: every connection held and
// still answering; RSS under 300 MB while holding them (idle and under
// load), and at its peak (VmHWM, opening them included); active
// clients' p99 under 50 ms.
func (r idleResult) targets() string {
	held := r.held == r.n && r.survivors == r.held && r.n >= idleTargetConns
	p99, ran := r.p99()
	parts := []string{
		fmt.Sprintf("%s of %s held and %s still answering afterwards (%s at least): %s",
			thousands(r.held), thousands(r.n), thousands(r.survivors), thousands(idleTargetConns), metOrNot(held)),
		fmt.Sprintf("RSS holding them (idle %s, under load %s) < %s: %s", mb(r.idleRSS), mb(r.loadRSS), mb(idleRSSTarget),
			metOrNot(r.heldRSS() > 0 && r.heldRSS() < idleRSSTarget)),
		fmt.Sprintf("peak RSS (VmHWM, opening them included) %s < %s: %s", mb(r.peakRSS), mb(idleRSSTarget),
			metOrNot(r.peakRSS > 0 && r.peakRSS < idleRSSTarget)),
	}
	if ran {
		parts = append(parts, fmt.Sprintf("active clients' p99 %s < %s: %s", p99.Round(time.Microsecond), idleP99Target, metOrNot(p99 < idleP99Target)))
	} else {
		parts = append(parts, fmt.Sprintf("active clients' p99 < %s: %s (wrk failed)", idleP99Target, metOrNot(false)))
	}
	return strings.Join(parts, "; ")
}

// line is the one-line summary the harness prints for r.
func (r idleResult) line() string {
	var runs []string
	for _, d := range r.during {
		runs = append(runs, d.test+" "+idleRunCell(r, d.test))
	}
	return fmt.Sprintf("idle %s: %s/%s held, RSS %s idle (%s before, at most %s opening them, %s under load), peak %s, %.1f MB per 1,000; during (req/s, p50, p99): %s; %s/%s answering afterwards",
		r.server, thousands(r.held), thousands(r.n), mb(r.idleRSS), mb(r.baseRSS), mb(r.openRSS), mb(r.loadRSS), mb(r.peakRSS), r.perThousand(),
		strings.Join(runs, "; "), thousands(r.survivors), thousands(r.held))
}

// markdown is the idle subsection, between idleBegin and idleEnd.
func (ir idleReport) markdown() string {
	var b strings.Builder
	b.WriteString(idleBegin + "\n\n")
	fmt.Fprintf(&b, "### %s idle keep-alive connections\n\n", thousands(ir.n))
	fmt.Fprintf(&b, "Measured %s by `%s` on %s; servers on CPUs %s. ", ir.date, ir.command, ir.machine, ir.cpus)
	fmt.Fprintf(&b, "The harness opens %s connections to each server, at most %d at a time, has each served one `GET %s` and leaves them idle. ",
		thousands(ir.n), idleOpeners, idleRequestPath)
	fmt.Fprintf(&b, "goframe runs with `--workers %d --keep-alive %d --worker-connections %d` (each worker's share plus %s for the active clients); raw net/http's Server has no idle timeout. ",
		ir.workers, int(idleKeepAlive/time.Second), workerConnections(ir.n, ir.workers), thousands(idleSpare))
	fmt.Fprintf(&b, "With them open, wrk drives `/plaintext` and `/json` with %d connections for %s each; then every held connection sends one more request, and those that answer 200 are counted. ",
		idleActiveConns, ir.d)
	fmt.Fprintf(&b, "RSS is VmRSS summed over the server's processes: before opening the connections, the largest sample (every %s) while they open, with them idle, and the largest sample while wrk runs; peak is VmHWM summed, over the whole run; MB per 1,000 is what the idle connections added to RSS (idle − before).\n\n", idleSample)
	b.WriteString("| server | held | RSS before | opening | idle | under load | peak RSS | MB per 1,000 | plaintext during: req/s, p50, p99 | json during: req/s, p50, p99 | answering afterwards |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range ir.results {
		fmt.Fprintf(&b, "| %s | %s of %s | %s | %s | %s | %s | %s | %.1f | %s | %s | %s of %s |\n", r.server,
			thousands(r.held), thousands(r.n), mb(r.baseRSS), mb(r.openRSS), mb(r.idleRSS), mb(r.loadRSS), mb(r.peakRSS), r.perThousand(),
			idleRunCell(r, "plaintext"), idleRunCell(r, "json"), thousands(r.survivors), thousands(r.held))
	}
	b.WriteString("\n")
	for _, r := range ir.results {
		if r.openErr != "" {
			fmt.Fprintf(&b, "%s, opening: %s.\n\n", r.server, r.openErr)
		}
		if r.checkErr != "" {
			fmt.Fprintf(&b, "%s, afterwards: %s.\n\n", r.server, r.checkErr)
		}
	}
	for _, r := range ir.results {
		if isGoframe(r.server) {
			fmt.Fprintf(&b, "Targets (%s): %s.\n\n", r.server, r.targets())
		}
	}
	b.WriteString(idleEnd + "\n")
	return b.String()
}

// idleAll runs the idle measurement on the servers of srvs marked idle and
// returns the report's subsection ("" when none is). Connections that
// fail are counted in it; a server that does not start is an error.
func (h *harness) idleAll(srvs []server, o options) (string, error) {
	if len(idleNames(srvs)) == 0 {
		fmt.Println("idle: skipped, none of the servers is measured idle (goframe, nethttp)")
		return "", nil
	}
	fmt.Printf("idle: %s keep-alive connections held by each of %s\n", thousands(o.idle), strings.Join(idleNames(srvs), ", "))
	ir := idleReport{n: o.idle, workers: h.workers, d: o.duration, date: time.Now().UTC().Format("2006-01-02"),
		command: idleCommand(o), machine: machine(), cpus: h.serverCPUs + ", wrk on CPUs " + h.wrkCPUs}
	var runs []server
	for _, s := range srvs {
		if !s.idle {
			continue
		}
		runs = append(runs, s)
		if s.name == "goframe" {
			runs = append(runs, memoryLimited(s, h.workers))
		}
	}
	for _, s := range runs {
		r, err := h.idle(s, o.idle, o.duration)
		if err != nil {
			return "", fmt.Errorf("idle %s: %w", s.name, err)
		}
		fmt.Println(r.line())
		if isGoframe(s.name) {
			fmt.Printf("idle targets (%s): %s\n", s.name, r.targets())
		}
		ir.results = append(ir.results, r)
	}
	return ir.markdown(), nil
}

// memoryLimited is goframe as an operator who wants the connections held
// in the target's memory would run it: with --max-worker-memory, each
// worker's share of the target less room for the master, which also sets
// Go's soft memory limit in the workers (by default the collector lets the
// heap grow to twice what is live).
func memoryLimited(s server, workers int) server {
	mib := idleWorkerMemory(workers)
	args := s.idleArgs
	s.name = fmt.Sprintf("goframe --max-worker-memory %d", mib)
	s.idleArgs = func(h *harness, n int) []string {
		return append(args(h, n), "--max-worker-memory", strconv.Itoa(mib))
	}
	return s
}

// idleWorkerMemory is the --max-worker-memory (MiB) of memoryLimited:
// the RSS target less 30 MiB for the master, shared by the workers.
func idleWorkerMemory(workers int) int {
	return (int(idleRSSTarget>>20) - 30) / max(workers, 1)
}

// isGoframe reports whether a result's server is goframe, in any variant.
func isGoframe(name string) bool { return name == "goframe" || strings.HasPrefix(name, "goframe ") }

func idleNames(srvs []server) []string {
	var names []string
	for _, s := range srvs {
		if s.idle {
			names = append(names, s.name)
		}
	}
	return names
}

// idleCommand is the command line that reruns the measurement.
func idleCommand(o options) string {
	cmd := "cd bench && go run ./harness"
	if o.idleOnly {
		cmd += " -idle-only"
		if o.serverList != "" {
			cmd += " -servers " + o.serverList
		}
	} else {
		cmd += fmt.Sprintf(" -rounds %d -conns %s", o.rounds, o.connList)
	}
	return cmd + fmt.Sprintf(" -idle %d -duration %s", o.idle, o.duration)
}
