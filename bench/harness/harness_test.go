package main

import (
	"bufio"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const wrkOutput = `Running 5s test @ http://127.0.0.1:8080/plaintext
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   412.31us  201.12us   9.87ms   92.10%
    Req/Sec    38.71k     1.99k   41.20k    80.00%
  Latency Distribution
     50%  375.00us
     75%  450.00us
     90%  560.00us
     99%    1.21ms
  192622 requests in 5.00s, 23.51MB read
Requests/sec:  38520.40
Transfer/sec:      4.70MB
`

func TestParseWrk(t *testing.T) {
	m, err := parseWrk(wrkOutput)
	if err != nil {
		t.Fatal(err)
	}
	if m.rps != 38520.40 || m.p50 != 375*time.Microsecond || m.p99 != 1210*time.Microsecond {
		t.Errorf("%+v", m)
	}
	if _, err := parseWrk(strings.Replace(wrkOutput, "Requests/sec", "  Non-2xx or 3xx responses: 12\nRequests/sec", 1)); err == nil {
		t.Error("failed responses were not an error")
	}
	if _, err := parseWrk("garbage"); err == nil {
		t.Error("no figures was not an error")
	}
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		in   []float64
		want stats
	}{
		{[]float64{3, 1, 2}, stats{2, 1, 3}},
		{[]float64{4, 1, 3, 2}, stats{2.5, 1, 4}},
		{[]float64{5}, stats{5, 5, 5}},
		{nil, stats{}},
	}
	for _, tt := range tests {
		if got := summarize(tt.in); got != tt.want {
			t.Errorf("summarize(%v) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestReplaceSection(t *testing.T) {
	f := filepath.Join(t.TempDir(), "b.md")
	os.WriteFile(f, []byte("# Benchmarks\n\nkept\n"), 0o644)
	report := beginMarker + "\nfirst\n" + endMarker + "\n"
	if err := replaceSection(f, report); err != nil {
		t.Fatal(err)
	}
	if err := replaceSection(f, strings.Replace(report, "first", "second", 1)); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(f)
	s := string(b)
	if !strings.Contains(s, "kept") || !strings.Contains(s, "second") || strings.Contains(s, "first") || strings.Count(s, beginMarker) != 1 {
		t.Errorf("file after two reports:\n%s", s)
	}
}

func TestReplaceSectionCreatesTheFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "new.md")
	if err := replaceSection(f, beginMarker+"\nrounds\n"+endMarker+"\n"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(f)
	if want := "## Against the peers: TechEmpower's test types\n\n" + beginMarker + "\nrounds\n" + endMarker + "\n"; string(b) != want {
		t.Errorf("got\n%q\nwant\n%q", b, want)
	}
}

func TestWorkerConnections(t *testing.T) {
	tests := []struct{ n, workers, want int }{
		{10000, 1, 11000},
		{10000, 2, 6000},
		{10001, 2, 6001},
		{10000, 3, 4334},
		{10000, 0, 11000}, // no workers: the master serves them all
		{1, 4, 1001},
	}
	for _, tt := range tests {
		got := workerConnections(tt.n, tt.workers)
		if got != tt.want {
			t.Errorf("workerConnections(%d, %d) = %d, want %d", tt.n, tt.workers, got, tt.want)
		}
		if w := max(tt.workers, 1); w*got < tt.n+idleSpare {
			t.Errorf("workerConnections(%d, %d) = %d: %d workers hold fewer than %d", tt.n, tt.workers, got, w, tt.n+idleSpare)
		}
	}
}

func TestStatusField(t *testing.T) {
	const status = "Name:\tgoframe\nVmHWM:\t   81234 kB\nVmRSS:\t   40000 kB\n"
	tests := []struct {
		field string
		want  int64
	}{
		{"VmHWM:", 81234 << 10},
		{"VmRSS:", 40000 << 10},
		{"VmSwap:", 0},
	}
	for _, tt := range tests {
		if got := statusField(status, tt.field); got != tt.want {
			t.Errorf("statusField(%s) = %d, want %d", tt.field, got, tt.want)
		}
	}
}

func TestCurrentRSSOfAGroup(t *testing.T) {
	// A process group of our own, whose members stay the same while it is
	// sampled (the test binary's group is make's, whose members come and
	// go, so a sample may count one that has exited by the peak's sum).
	cmd := exec.Command("sleep", "30")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	pg := cmd.Process.Pid
	waitFor := time.Now().Add(5 * time.Second)
	for currentRSS(pg) == 0 && time.Now().Before(waitFor) {
		time.Sleep(10 * time.Millisecond) // until sleep has exec'd
	}
	if rss, hwm := currentRSS(pg), peakRSS(pg); rss <= 0 || hwm < rss {
		t.Errorf("process group %d: RSS %d, peak %d", pg, rss, hwm)
	}
	stop := sampleRSS(pg)
	time.Sleep(3 * idleSample)
	if most := stop(); most <= 0 || most > peakRSS(pg) {
		t.Errorf("process group %d: largest sampled RSS %d, peak %d", pg, most, peakRSS(pg))
	}
}

func TestReadResponse(t *testing.T) {
	tests := []struct {
		name, raw, err string
	}{
		{"served", "HTTP/1.1 200 OK\r\nContent-Length: 13\r\nServer: x\r\n\r\nHello, World!", ""},
		{"keep-alive said", "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nhi", ""},
		{"closing", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nhi", "Connection: close"},
		{"refused", "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n", "want HTTP/1.1 200"},
		{"HTTP/1.0", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi", "want HTTP/1.1 200"},
		{"no length", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n", "without Content-Length"},
		{"bad length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "bad Content-Length"},
		{"short body", "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\nhi", "read body"},
		{"trailing bytes", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhiHTTP/1.1", "unexpected bytes"},
		{"closed", "", "read status line"},
	}
	for _, tt := range tests {
		err := readResponse(bufio.NewReader(strings.NewReader(tt.raw)))
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s: error %v, want one with %q", tt.name, err, tt.err)
		}
	}
}

// TestOpenAndCheckIdle holds real connections to a net/http server, then
// has the server close them: checkIdle counts every one as failed.
func TestOpenAndCheckIdle(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != idleRequestPath {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("Hello, World!"))
	})}
	go srv.Serve(l)
	defer srv.Close()
	addr := l.Addr().String()

	const n = 150 // more than idleOpeners: several batches
	conns, failed, first := openIdle(addr, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	if len(conns) != n || failed != 0 {
		t.Fatalf("opened %d, failed %d (%s), want %d opened", len(conns), failed, first, n)
	}
	if ok, first := checkIdle(addr, conns); ok != n {
		t.Fatalf("%d of %d answered again (%s)", ok, n, first)
	}
	srv.SetKeepAlivesEnabled(false) // closes the idle connections
	if ok, first := checkIdle(addr, conns); ok != 0 || first == "" {
		t.Errorf("after the server closed them: %d answered, first error %q; want 0 and an error", ok, first)
	}
	if _, failed, first := openIdle("127.0.0.1:1", 3); failed != 3 || !strings.Contains(first, "refused") {
		t.Errorf("to a closed port: %d failed, first %q", failed, first)
	}
}

func TestRaiseNoFile(t *testing.T) {
	if err := raiseNoFile(100); err != nil {
		t.Fatal(err)
	}
	err := raiseNoFile(1 << 40)
	if err == nil || !strings.Contains(err.Error(), "RLIMIT_NOFILE") || !strings.Contains(err.Error(), "-idle") {
		t.Errorf("an impossible count: %v", err)
	}
}

func TestThousands(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {10000, "10,000"}, {1234567, "1,234,567"}, {-10000, "-10,000"}}
	for _, tt := range tests {
		if got := thousands(tt.n); got != tt.want {
			t.Errorf("thousands(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// goodIdle is a goframe result that meets every target.
func goodIdle() idleResult {
	return idleResult{server: "goframe", n: 10000, held: 10000, survivors: 10000,
		baseRSS: 20 << 20, openRSS: 85 << 20, idleRSS: 70 << 20, loadRSS: 80 << 20, peakRSS: 90 << 20,
		during: []idleRun{
			{test: "plaintext", m: measurement{rps: 30000, p50: time.Millisecond, p99: 4 * time.Millisecond}},
			{test: "json", m: measurement{rps: 28000, p50: time.Millisecond, p99: 6 * time.Millisecond}},
		}}
}

func TestIdleTargets(t *testing.T) {
	tests := []struct {
		name   string
		change func(*idleResult)
		want   []string // in order: held, RSS holding them, peak RSS, p99
	}{
		{"all met", func(*idleResult) {}, []string{"met", "met", "met", "met"}},
		{"fewer held", func(r *idleResult) { r.held, r.survivors = 9000, 9000 }, []string{"**not met**", "met", "met", "met"}},
		{"closed afterwards", func(r *idleResult) { r.survivors = 9999 }, []string{"**not met**", "met", "met", "met"}},
		{"fewer asked", func(r *idleResult) { r.n, r.held, r.survivors = 1000, 1000, 1000 }, []string{"**not met**", "met", "met", "met"}},
		{"idle too big", func(r *idleResult) { r.idleRSS, r.peakRSS = 300<<20, 310<<20 }, []string{"met", "**not met**", "**not met**", "met"}},
		{"too big under load", func(r *idleResult) { r.loadRSS, r.peakRSS = 301<<20, 310<<20 }, []string{"met", "**not met**", "**not met**", "met"}},
		{"only the peak too big", func(r *idleResult) { r.peakRSS = 400 << 20 }, []string{"met", "met", "**not met**", "met"}},
		{"no memory read", func(r *idleResult) { r.idleRSS, r.loadRSS, r.peakRSS = 0, 0, 0 }, []string{"met", "**not met**", "**not met**", "met"}},
		{"slow", func(r *idleResult) { r.during[1].m.p99 = 50 * time.Millisecond }, []string{"met", "met", "met", "**not met**"}},
		{"wrk failed", func(r *idleResult) { r.during[0].err = "wrk saw failed responses" }, []string{"met", "met", "met", "**not met**"}},
	}
	for _, tt := range tests {
		r := goodIdle()
		tt.change(&r)
		parts := strings.Split(r.targets(), "; ")
		if len(parts) != 4 {
			t.Fatalf("%s: %q", tt.name, r.targets())
		}
		for i, p := range parts {
			verdict := strings.TrimSpace(p[strings.LastIndex(p, ":")+1:])
			if strings.HasSuffix(p, "(wrk failed)") {
				verdict = strings.TrimSuffix(strings.TrimSpace(p[strings.LastIndex(p, ":")+1:]), " (wrk failed)")
			}
			if verdict != tt.want[i] {
				t.Errorf("%s: %q: verdict %q, want %q", tt.name, p, verdict, tt.want[i])
			}
		}
	}
}

func TestIdleMarkdown(t *testing.T) {
	bad := goodIdle()
	bad.server, bad.survivors, bad.checkErr = "nethttp", 9990, "10 of 10000 failed, first: EOF"
	bad.during[1].err = "wrk: exit status 1"
	ir := idleReport{results: []idleResult{bad, goodIdle()}, n: 10000, workers: 1, d: 5 * time.Second,
		command: "cd bench && go run ./harness -idle-only -idle 10000 -duration 5s", date: "2026-01-02", machine: "2 CPUs", cpus: "0, wrk on CPUs 1"}
	md := ir.markdown()
	for _, want := range []string{
		idleBegin + "\n\n### 10,000 idle keep-alive connections\n",
		"`cd bench && go run ./harness -idle-only -idle 10000 -duration 5s`",
		"`--workers 1 --keep-alive 300 --worker-connections 11000`",
		"| goframe | 10,000 of 10,000 | 20 MB | 85 MB | 70 MB | 80 MB | 90 MB | 5.0 | 30000, 1ms, 4ms | 28000, 1ms, 6ms | 10,000 of 10,000 |\n",
		"| nethttp | 10,000 of 10,000 | 20 MB | 85 MB | 70 MB | 80 MB | 90 MB | 5.0 | 30000, 1ms, 4ms | failed: wrk: exit status 1 | 9,990 of 10,000 |\n",
		"nethttp, afterwards: 10 of 10000 failed, first: EOF.",
		"Targets (goframe): 10,000 of 10,000 held and 10,000 still answering afterwards (10,000 at least): met; RSS holding them (idle 70 MB, under load 80 MB) < 300 MB: met; peak RSS (VmHWM, opening them included) 90 MB < 300 MB: met; active clients' p99 6ms < 50ms: met.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the idle section lacks %q:\n%s", want, md)
		}
	}
	if !strings.HasSuffix(md, idleEnd+"\n") || strings.Count(md, "Targets") != 1 {
		t.Errorf("the idle section:\n%s", md)
	}
	if line := bad.line(); !strings.Contains(line, "9,990/10,000 answering afterwards") || !strings.Contains(line, "json failed: wrk") {
		t.Errorf("printed line: %s", line)
	}
}

func TestWithIdle(t *testing.T) {
	idle := func(s string) string { return idleBegin + "\n" + s + "\n" + idleEnd + "\n" }
	peers := beginMarker + "\n\nrounds tables\n\n"
	tests := []struct{ name, in, want string }{
		{"empty file", "",
			"## Against the peers: TechEmpower's test types\n\n" + beginMarker + "\n\n" + idle("new") + endMarker + "\n"},
		{"no peers section", "# Benchmarks\n\nkept\n",
			"# Benchmarks\n\nkept\n\n## Against the peers: TechEmpower's test types\n\n" + beginMarker + "\n\n" + idle("new") + endMarker + "\n"},
		{"peers section without idle", "# B\n\n" + peers + endMarker + "\n\nafter\n",
			"# B\n\n" + peers + idle("new") + endMarker + "\n\nafter\n"},
		{"idle section replaced", "# B\n\n" + peers + idle("old") + endMarker + "\n\nafter\n",
			"# B\n\n" + peers + idle("new") + endMarker + "\n\nafter\n"},
	}
	for _, tt := range tests {
		if got := withIdle(tt.in, idle("new")); got != tt.want {
			t.Errorf("%s:\ngot  %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func TestIdleCommand(t *testing.T) {
	tests := []struct {
		o    options
		want string
	}{
		{options{idleOnly: true, idle: 10000, duration: 5 * time.Second}, "cd bench && go run ./harness -idle-only -idle 10000 -duration 5s"},
		{options{idleOnly: true, serverList: "goframe", idle: 2000, duration: 10 * time.Second}, "cd bench && go run ./harness -idle-only -servers goframe -idle 2000 -duration 10s"},
		{options{rounds: 3, connList: "16,256", idle: 10000, duration: 5 * time.Second}, "cd bench && go run ./harness -rounds 3 -conns 16,256 -idle 10000 -duration 5s"},
	}
	for _, tt := range tests {
		if got := idleCommand(tt.o); got != tt.want {
			t.Errorf("idleCommand(%+v) = %q, want %q", tt.o, got, tt.want)
		}
	}
}

func TestIdleMemoryLimitedVariant(t *testing.T) {
	for _, tc := range []struct{ workers, want int }{{1, 270}, {2, 135}, {0, 270}} {
		if got := idleWorkerMemory(tc.workers); got != tc.want {
			t.Errorf("idleWorkerMemory(%d) = %d, want %d", tc.workers, got, tc.want)
		}
	}
	s := memoryLimited(goframeServer(), 1)
	args := strings.Join(s.idleArgs(&harness{workers: 1}, 10000), " ")
	if s.name != "goframe --max-worker-memory 270" || !strings.HasSuffix(args, "--max-worker-memory 270") || !strings.Contains(args, "--keep-alive 300") {
		t.Errorf("variant %q with %q", s.name, args)
	}
	for name, want := range map[string]bool{"goframe": true, s.name: true, "goframed": false, "nethttp": false} {
		if isGoframe(name) != want {
			t.Errorf("isGoframe(%q) = %v", name, !want)
		}
	}
}
