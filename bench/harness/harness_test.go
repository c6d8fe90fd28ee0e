package main

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goframe/goframe/bench/internal/tfbtest"
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
	// wrk's decimals in exact units (2.07ms, not 2.069999ms).
	if d := parseLatency("2.07ms"); d != 2070*time.Microsecond {
		t.Errorf("parseLatency(2.07ms) = %s", d)
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

// benchOutput is go test -bench's output with GOMAXPROCS=2 (the -2
// suffix), -count 3 and -benchmem, with a failed sub-benchmark and a log
// line in it.
const benchOutput = `goos: linux
goarch: amd64
pkg: github.com/goframe/goframe/bench/peers/nethttp
cpu: AMD EPYC
BenchmarkHandler/plaintext-2         	   21530	      5669 ns/op	    6168 B/op	      20 allocs/op
BenchmarkHandler/plaintext-2         	   17934	      6933 ns/op	    6168 B/op	      20 allocs/op
BenchmarkHandler/plaintext-2         	   17265	      5927 ns/op	    6168 B/op	      20 allocs/op
BenchmarkHandler/json-2              	   22281	      6064 ns/op	    6193 B/op	      21 allocs/op
BenchmarkHandler/json-2              	   17355	      8926 ns/op	    6193 B/op	      21 allocs/op
BenchmarkHandler/json-2              	   10000	     10237 ns/op	    6193 B/op	      21 allocs/op
--- FAIL: BenchmarkHandler/db
    tfbtest.go:101: /db: status 500: internal server error
BenchmarkHandler/queries-2           	     436	    232427 ns/op	   18541 B/op	     362 allocs/op
BenchmarkHandler/queries-2           	     859	    181418 ns/op	   18548 B/op	     362 allocs/op
BenchmarkHandler/queries-2           	     595	    174797 ns/op	   18541 B/op	     362 allocs/op
--- FAIL: BenchmarkHandler
FAIL
`

// benchOutput1 is the same with GOMAXPROCS=1 (no suffix), a run of
// BenchmarkEndpoints without -benchmem and a result on two lines.
const benchOutput1 = `goos: linux
goarch: amd64
pkg: github.com/goframe/goframe/examples/bench
cpu: AMD EPYC
BenchmarkEndpoints/plaintext         	   22063	     10604 ns/op	    7616 B/op	      21 allocs/op
BenchmarkEndpoints/plaintext         	   25531	     12748.5 ns/op	    7616 B/op	      21 allocs/op
BenchmarkEndpoints/cached            	    1000	   1002003 ns/op
BenchmarkEndpoints/updates           	
BenchmarkOther/plaintext             	   22063	     99 ns/op
BenchmarkEndpointsX/json             	   22063	     99 ns/op
PASS
ok  	github.com/goframe/goframe/examples/bench	1.758s
`

func TestParseBench(t *testing.T) {
	tests := []struct {
		name, out, fn string
		runs          map[string][]benchLine
		failed        []string
	}{
		{"GOMAXPROCS=2, a failure", benchOutput, "BenchmarkHandler", map[string][]benchLine{
			"plaintext": {{5669, 6168, 20}, {6933, 6168, 20}, {5927, 6168, 20}},
			"json":      {{6064, 6193, 21}, {8926, 6193, 21}, {10237, 6193, 21}},
			"queries":   {{232427, 18541, 362}, {181418, 18548, 362}, {174797, 18541, 362}},
		}, []string{"db"}},
		{"GOMAXPROCS=1, other benchmarks", benchOutput1, "BenchmarkEndpoints", map[string][]benchLine{
			"plaintext": {{10604, 7616, 21}, {12748.5, 7616, 21}},
			"cached":    {{1002003, 0, 0}},
		}, nil},
		{"another function", benchOutput, "BenchmarkEndpoints", map[string][]benchLine{}, nil},
		{"a suffix after a failure", "--- FAIL: BenchmarkHandler/updates-2\n", "BenchmarkHandler", map[string][]benchLine{}, []string{"updates"}},
		{"nothing", "", "BenchmarkHandler", map[string][]benchLine{}, nil},
	}
	for _, tt := range tests {
		r := parseBench(tt.out, tt.fn)
		if !reflect.DeepEqual(r.runs, tt.runs) || !slices.Equal(r.failed, tt.failed) {
			t.Errorf("%s: runs %v, failed %q; want %v, %q", tt.name, r.runs, r.failed, tt.runs, tt.failed)
		}
	}
	r := parseBench(benchOutput, "BenchmarkHandler")
	for _, tt := range []struct {
		test string
		want benchLine
		ok   bool
	}{
		{"plaintext", benchLine{5927, 6168, 20}, true},
		{"queries", benchLine{181418, 18541, 362}, true},
		{"db", benchLine{}, false},
		{"cached", benchLine{}, false},
	} {
		if got, ok := r.median(tt.test); got != tt.want || ok != tt.ok {
			t.Errorf("median(%s) = %v, %v; want %v, %v", tt.test, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFailure(t *testing.T) {
	tests := []struct{ stdout, stderr, want string }{
		{"goos: linux\n--- FAIL: BenchmarkHandler\n    tfbtest.go:71: tfb: open: no such file\nFAIL\n", "", "--- FAIL: BenchmarkHandler tfbtest.go:71: tfb: open: no such file"},
		{"--- FAIL: BenchmarkHandler", "", "--- FAIL: BenchmarkHandler"},
		{"goos: linux\n", "log line\npanic: boom\n\n", "panic: boom"},
	}
	for _, tt := range tests {
		if got := failure(tt.stdout, tt.stderr); got != tt.want {
			t.Errorf("failure(%q, %q) = %q, want %q", tt.stdout, tt.stderr, got, tt.want)
		}
	}
}

func TestBenchArgs(t *testing.T) {
	pattern := benchPattern("BenchmarkHandler", []string{"plaintext", "json"})
	if pattern != "^BenchmarkHandler$/^(plaintext|json)$" {
		t.Errorf("pattern %q", pattern)
	}
	want := "-test.run ^$ -test.bench " + pattern + " -test.benchtime 1s -test.count 3 -test.benchmem"
	if got := strings.Join(benchArgs(pattern), " "); got != want {
		t.Errorf("args %q, want %q", got, want)
	}
}

// TestTestListsMatch: the in-process benchmarks' lists of tests are the
// harness's: tfbtest.Tests in this module, examples/bench's benchTests in
// goframe's (read as text: it is another module).
func TestTestListsMatch(t *testing.T) {
	var fromTfbtest []test
	for _, tt := range tfbtest.Tests {
		fromTfbtest = append(fromTfbtest, test{tt.Name, tt.Path})
	}
	if !slices.Equal(fromTfbtest, allTests) {
		t.Errorf("tfbtest.Tests = %v, want allTests %v", fromTfbtest, allTests)
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "bench", "bench_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	body := string(src)
	i := strings.Index(body, "var benchTests = ")
	j := strings.Index(body[max(i, 0):], "\n}\n")
	if i < 0 || j < 0 {
		t.Fatal("examples/bench/bench_test.go has no benchTests list")
	}
	var lines []string
	for line := range strings.SplitSeq(body[i:i+j], "\n") {
		if line = strings.TrimSpace(line); strings.HasPrefix(line, "{\"") {
			lines = append(lines, line)
		}
	}
	var want []string
	for _, tt := range allTests {
		want = append(want, fmt.Sprintf("{%q, %q},", tt.name, tt.path))
	}
	if !slices.Equal(lines, want) {
		t.Errorf("examples/bench's benchTests:\n%s\nwant allTests:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseCalibrate(t *testing.T) {
	tests := []struct {
		in   string
		want []time.Duration
		err  string
	}{
		{"", nil, ""},
		{" ", nil, ""},
		{"1us,2us,4us", []time.Duration{time.Microsecond, 2 * time.Microsecond, 4 * time.Microsecond}, ""},
		{"500ns, 1.5µs", []time.Duration{500, 1500}, ""},
		{"1us,abc", nil, `-calibrate: "abc" is not a duration`},
		{"2", nil, `-calibrate: "2" is not a duration`},
		{"1us,,2us", nil, `-calibrate: "" is not a duration`},
		{"0s", nil, `-calibrate: "0s": want a positive duration`},
		{"-1us", nil, `-calibrate: "-1us": want a positive duration`},
		{"1us,1000ns", nil, `-calibrate: "1000ns" is there twice (as 1us)`},
	}
	for _, tt := range tests {
		got, err := parseCalibrate(tt.in)
		switch {
		case tt.err == "" && (err != nil || !slices.Equal(got, tt.want)):
			t.Errorf("parseCalibrate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("parseCalibrate(%q): error %v, want one with %q", tt.in, err, tt.err)
		}
	}
	for d, want := range map[time.Duration]string{time.Microsecond: "nethttp+1us", 1500: "nethttp+1.5us", 500: "nethttp+500ns", time.Millisecond: "nethttp+1ms"} {
		if got := calibrationName(d); got != want {
			t.Errorf("calibrationName(%s) = %q, want %q", d, got, want)
		}
	}
}

// defaults are the harness's default options.
func defaults() options {
	return options{rounds: 3, duration: 5 * time.Second, connList: "16,256", idle: idleTargetConns, inprocess: true, calibrate: defaultCalibrate}
}

func names(srvs []server) string {
	var n []string
	for _, s := range srvs {
		n = append(n, s.name)
	}
	return strings.Join(n, ",")
}

func TestPlan(t *testing.T) {
	tests := []struct {
		name   string
		change func(*options)
		srvs   string // the servers planned, or
		err    string // the error
	}{
		{"defaults", func(*options) {}, "nethttp,nethttp+1us,nethttp+2us,nethttp+4us,goframe,chi,gin,echo,fiber,flask", ""},
		{"no calibration", func(o *options) { o.calibrate = "" }, "nethttp,goframe,chi,gin,echo,fiber,flask", ""},
		{"other calibration", func(o *options) { o.calibrate = "3us,10us" }, "nethttp,nethttp+3us,nethttp+10us,goframe,chi,gin,echo,fiber,flask", ""},
		{"picked", func(o *options) { o.serverList = "goframe,nethttp+2us,nethttp" }, "goframe,nethttp+2us,nethttp", ""},
		{"idle only", func(o *options) { o.idleOnly = true }, "nethttp,goframe", ""},
		{"bad -calibrate", func(o *options) { o.calibrate = "1us,fast" }, "", `-calibrate: "fast" is not a duration`},
		{"calibration not asked for", func(o *options) { o.serverList = "nethttp+3us" }, "",
			`-servers: no server "nethttp+3us": the calibration contenders are those of -calibrate ("1us,2us,4us")`},
		{"no calibration asked for", func(o *options) { o.calibrate, o.serverList = "", "nethttp+1us" }, "", `-calibrate ("")`},
		{"unknown server", func(o *options) { o.serverList = "rails" }, "", `-servers: no server "rails"`},
		{"unknown test", func(o *options) { o.only = "plaintext,graphql" }, "", `-tests: no test "graphql"`},
		{"a test twice", func(o *options) { o.only = "json,plaintext,json" }, "", `-tests: "json" is there twice`},
		{"a server twice", func(o *options) { o.serverList = "nethttp,goframe,nethttp" }, "", `-servers: "nethttp" is there twice`},
		{"bad conns", func(o *options) { o.connList = "16,x" }, "", `-conns: "x"`},
		{"no rounds", func(o *options) { o.rounds = 0 }, "", "-rounds"},
		{"idle too long", func(o *options) { o.duration = 2 * time.Minute }, "", "too long for the idle measurement"},
		{"idle-only without idle", func(o *options) { o.idleOnly, o.idle = true, 0 }, "", "-idle 0"},
		{"idle-only on no idle server", func(o *options) { o.idleOnly, o.serverList = true, "chi,nethttp+1us" }, "", "-idle-only: none of -servers"},
	}
	for _, tt := range tests {
		o := defaults()
		tt.change(&o)
		p, err := o.plan()
		switch {
		case tt.err == "" && (err != nil || names(p.srvs) != tt.srvs):
			t.Errorf("%s: servers %q, %v; want %q", tt.name, names(p.srvs), err, tt.srvs)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s: error %v, want one with %q", tt.name, err, tt.err)
		}
	}
	o := defaults()
	o.only = "json,plaintext"
	if p, err := o.plan(); err != nil || len(p.tests) != 2 || p.tests[0].name != "json" || !slices.Equal(p.conns, []int{16, 256}) {
		t.Errorf("-tests json,plaintext: %+v, %v", p, err)
	}
}

func TestContenders(t *testing.T) {
	h := &harness{bin: "/tmp/bin", benchDir: "/b", root: "/r"}
	benches := map[string]string{}
	for _, s := range contenders([]time.Duration{2 * time.Microsecond}) {
		if s.bench != nil {
			benches[s.name] = filepath.Join(s.bench.dir(h), s.bench.pkg) + " " + s.bench.name
		}
		if s.name != "nethttp+2us" {
			continue
		}
		cmd := s.start(h, "127.0.0.1:1", "/d")
		if got := strings.Join(cmd.Args, " "); got != "/tmp/bin/nethttp --bind 127.0.0.1:1 --db /d/db.sqlite3 --work 2us" {
			t.Errorf("nethttp+2us runs %q", got)
		}
		if s.work != 2*time.Microsecond || !slices.Equal(s.tests, []string{"plaintext", "json"}) || s.idle || !s.runs("json") || s.runs("db") {
			t.Errorf("nethttp+2us: %+v", s)
		}
	}
	want := map[string]string{
		"nethttp": "/b/peers/nethttp BenchmarkHandler",
		"goframe": "/r/examples/bench BenchmarkEndpoints",
		"chi":     "/b/peers/chi BenchmarkHandler",
		"gin":     "/b/peers/gin BenchmarkHandler",
		"echo":    "/b/peers/echo BenchmarkHandler",
	}
	if !reflect.DeepEqual(benches, want) {
		t.Errorf("in-process benchmarks %v, want %v", benches, want)
	}
}

func TestRoundsCommand(t *testing.T) {
	o := defaults()
	if got := roundsCommand(o); got != "cd bench && go run ./harness -rounds 3 -duration 5s -conns 16,256" {
		t.Errorf("defaults: %q", got)
	}
	o.calibrate, o.inprocess = "", false
	if got := roundsCommand(o); got != `cd bench && go run ./harness -rounds 3 -duration 5s -conns 16,256 -calibrate "" -inprocess=false` {
		t.Errorf("no calibration, no in-process: %q", got)
	}
}

// synthetic is a report on made-up results: two rounds at 16 and 256
// connections, raw net/http, its 2 µs calibration contender, goframe and
// fiber (no in-process benchmark), on plaintext, json and db.
func synthetic() report {
	res := results{}
	add := func(server, test string, c int, rps ...float64) {
		for i, v := range rps {
			res[key{server, test, c}] = append(res[key{server, test, c}],
				measurement{rps: v, p50: time.Millisecond, p99: 3 * time.Millisecond, rss: 20 << 20, round: i + 1})
		}
	}
	for _, c := range []int{16, 256} {
		add("nethttp", "plaintext", c, 50000, 40000)
		add("nethttp+2us", "plaintext", c, 40000, 36000) // 0.80, 0.90
		add("goframe", "plaintext", c, 30000, 20000)     // 0.60, 0.50
		add("fiber", "plaintext", c, 90000, 80000)
		add("nethttp", "json", c, 40000, 40000)
		add("nethttp+2us", "json", c, 30000, 34000) // 0.75, 0.85
		add("goframe", "json", c, 24000, 26000)     // 0.60, 0.65
		add("nethttp", "db", c, 10000, 10000)
		add("goframe", "db", c, 8000, 8000)
	}
	srvs := []server{contenders(nil)[0], calibration(2 * time.Microsecond), goframeServer(), goPeer("fiber")}
	srvs[3].bench = nil
	line := func(ns, allocs float64) []benchLine {
		return []benchLine{{ns, 1000, allocs}, {ns + 100, 1000, allocs}, {ns - 100, 1000, allocs}}
	}
	inproc := inprocResults{
		"nethttp": {runs: map[string][]benchLine{"plaintext": line(5000, 20), "json": line(6000, 21), "db": line(20000, 40)}},
		"goframe": {runs: map[string][]benchLine{"plaintext": line(9200, 30), "json": line(11100, 33)}, failed: []string{"db"}},
	}
	return report{res: res, srvs: srvs, tests: allTests[:3], conns: []int{16, 256}, command: "cd bench && go run ./harness -rounds 2",
		rounds: 2, d: time.Second, serverCPUs: "0", wrkCPUs: "1", workers: 1,
		date: "2026-01-02", machine: "2 CPUs", versions: "go1.26", inproc: inproc, idle: idleBegin + "\nidle\n" + idleEnd + "\n"}
}

func TestReport(t *testing.T) {
	md := synthetic().markdown()
	for _, want := range []string{
		"Measured 2026-01-02 by `cd bench && go run ./harness -rounds 2` on 2 CPUs (go1.26). ",
		"Every round starts all the servers at once, each on its own port and fresh database",
		"| nethttp+2us | 38000 [36000–40000] | 0.84 | 1ms | 3ms | 20 MB |\n",
		// Calibration: paired ratios per round; linear is T/(T+2µs), T = 1/45000 s (plaintext), 1/40000 s (json).
		"### Calibration: what a microsecond costs on this machine\n",
		"| added work per request | plaintext, 16 connections | plaintext, 256 connections | json, 16 connections | json, 256 connections |\n|---|---|---|---|---|\n",
		"| 2µs (`nethttp+2us`) | 0.85 [0.80–0.90]; linear 0.92 | 0.85 [0.80–0.90]; linear 0.92 | 0.80 [0.75–0.85]; linear 0.93 | 0.80 [0.75–0.85]; linear 0.93 |\n",
		// goframe: 4.2 µs above on plaintext, 5.1 µs on json.
		"| goframe (+4.2 µs plaintext, +5.1 µs json in process) | 0.55 [0.50–0.60]; linear 0.84 | 0.55 [0.50–0.60]; linear 0.84 | 0.62 [0.60–0.65]; linear 0.83 | 0.62 [0.60–0.65]; linear 0.83 |\n",
		"### CPU per request in process (no sockets)\n",
		"(with GOMAXPROCS=1 on one CPU, ns/op is the CPU a request costs)",
		"| server | plaintext | json | db | plaintext above net/http | json above net/http |\n|---|---|---|---|---|---|\n",
		"| nethttp | 5,000 (20) | 6,000 (21) | 20,000 (40) | 0 µs | 0 µs |\n",
		"| goframe | 9,200 (30) | 11,100 (33) | failed | +4.2 µs | +5.1 µs |\n",
		idleBegin + "\nidle\n" + idleEnd + "\n" + endMarker + "\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q:\n%s", want, md)
		}
	}
	// Calibration, then in process, then idle; fiber has no in-process row,
	// the calibration contender none either.
	cal, inp, idle := strings.Index(md, "### Calibration"), strings.Index(md, "### CPU per request"), strings.Index(md, idleBegin)
	if !(strings.Index(md, "### db") < cal && cal < inp && inp < idle) {
		t.Errorf("sections out of order:\n%s", md)
	}
	if rows := md[inp:idle]; strings.Contains(rows, "| fiber |") || strings.Contains(rows, "| nethttp+2us |") {
		t.Errorf("in-process rows for servers without a benchmark:\n%s", rows)
	}
}

func TestReportWithoutTheNewSections(t *testing.T) {
	rp := synthetic()
	rp.inproc = nil                                      // -inprocess=false
	rp.srvs = slices.Delete(slices.Clone(rp.srvs), 1, 2) // -calibrate ""
	md := rp.markdown()
	if strings.Contains(md, "### Calibration") || strings.Contains(md, "### CPU per request") {
		t.Errorf("sections that were not measured:\n%s", md)
	}
	// Calibration without the in-process figures: goframe's row has no
	// linear figure; only json tested: one column per concurrency.
	rp = synthetic()
	rp.inproc = nil
	rp.tests = []test{allTests[1]}
	md = rp.calibration()
	for _, want := range []string{
		"| added work per request | json, 16 connections | json, 256 connections |\n",
		"| goframe | 0.62 [0.60–0.65] | 0.62 [0.60–0.65] |\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the calibration lacks %q:\n%s", want, md)
		}
	}
	// Only db tested: no calibration; in process, no above column.
	rp = synthetic()
	rp.tests = []test{allTests[2]}
	if md := rp.calibration(); md != "" {
		t.Errorf("a calibration without plaintext or json:\n%s", md)
	}
	if md := rp.inprocess(); !strings.Contains(md, "| server | db |\n|---|---|\n") || !strings.Contains(md, "| goframe | failed |\n") {
		t.Errorf("in process on db only:\n%s", md)
	}
	// A run that failed as a whole, on two CPUs.
	rp = synthetic()
	rp.workers = 2
	rp.inproc["goframe"] = inprocResult{err: "exit status 1: --- FAIL: BenchmarkEndpoints settings"}
	md = rp.inprocess()
	for _, want := range []string{
		"| goframe | failed | failed | failed | — | — |\n",
		"goframe: exit status 1: --- FAIL: BenchmarkEndpoints settings.\n",
		"With GOMAXPROCS=2, ns/op is elapsed time per request with 2 CPUs busy",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("in process lacks %q:\n%s", want, md)
		}
	}
}

func TestMicros(t *testing.T) {
	for d, want := range map[time.Duration]string{4200: "+4.2 µs", -300: "−0.3 µs", 0: "0 µs", 12345: "+12.3 µs"} {
		if got := micros(d); got != want {
			t.Errorf("micros(%d) = %q, want %q", d, got, want)
		}
	}
}

func TestPairedRatio(t *testing.T) {
	res := results{
		{"nethttp", "json", 16}: {{rps: 100, round: 1}, {rps: 200, round: 2}, {rps: 100, round: 3}},
		{"chi", "json", 16}:     {{rps: 90, round: 1}, {rps: 100, round: 2}, {rps: 95, round: 3}},
		{"gin", "json", 16}:     {{rps: 90, round: 4}}, // no baseline in its round
	}
	if got := res.pairedRatio("chi", "json", 16); got != (stats{0.9, 0.5, 0.95}) {
		t.Errorf("chi: %+v", got)
	}
	if got := res.pairedRatio("gin", "json", 16); got != (stats{}) {
		t.Errorf("gin: %+v", got)
	}
}

// TestMain makes the test binary a fake server when HARNESS_FAKE_SERVER
// is set: `--bind ADDR --db FILE` serves its name at /plaintext, or with
// the name "broken" says so and exits 3.
func TestMain(m *testing.M) {
	name := os.Getenv("HARNESS_FAKE_SERVER")
	if name == "" {
		os.Exit(m.Run())
	}
	if name == "broken" {
		fmt.Println("broken: no database")
		os.Exit(3)
	}
	var bind string
	for i, a := range os.Args {
		if a == "--bind" && i+1 < len(os.Args) {
			bind = os.Args[i+1]
		}
	}
	http.HandleFunc("/plaintext", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, name) })
	fmt.Fprintln(os.Stderr, http.ListenAndServe(bind, nil))
	os.Exit(1)
}

// fake is a server run by the test binary itself (see TestMain).
func fake(name string) server {
	return server{name: name, start: func(h *harness, addr, dir string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "--bind", addr, "--db", filepath.Join(dir, "db.sqlite3"))
		cmd.Env = append(os.Environ(), "HARNESS_FAKE_SERVER="+name)
		return cmd
	}}
}

// TestStartServersSideBySide starts servers as a round does: each on an
// address of its own, all answering at once, each its own; one that
// exits says why, with its output, without waiting for the timeout.
func TestStartServersSideBySide(t *testing.T) {
	if _, err := exec.LookPath("taskset"); err != nil {
		t.Skip("no taskset")
	}
	h := &harness{bin: t.TempDir(), serverCPUs: "0"}
	taken := map[string]bool{}
	var up []*running
	defer func() {
		for _, r := range up {
			r.stop()
		}
	}()
	names := []string{"a", "b", "c"}
	for _, n := range names {
		r, err := h.startServer(fake(n), nil, taken)
		if err != nil {
			t.Fatal(err)
		}
		up = append(up, r)
	}
	if len(taken) != len(names) {
		t.Errorf("addresses taken: %v", taken)
	}
	for i, r := range up {
		resp, err := http.Get(r.base + "/plaintext")
		if err != nil {
			t.Fatal(err)
		}
		b := make([]byte, 10)
		n, _ := resp.Body.Read(b)
		resp.Body.Close()
		if string(b[:n]) != names[i] {
			t.Errorf("%s answered %q", r.base, b[:n])
		}
	}
	if dirs, _ := os.ReadDir(h.bin); len(dirs) != len(names) {
		t.Errorf("database directories: %v", dirs)
	}
	start := time.Now()
	_, err := h.startServer(fake("broken"), nil, taken)
	if err == nil || !strings.Contains(err.Error(), "did not start: it exited (exit status 3)") || !strings.Contains(err.Error(), "broken: no database") {
		t.Errorf("a server that exits: %v", err)
	}
	if time.Since(start) > 30*time.Second {
		t.Errorf("noticed the exit after %s", time.Since(start))
	}
	up[0].stop()
	if _, err := http.Get(up[0].base + "/plaintext"); err == nil {
		t.Errorf("%s still answers after stop", up[0].base)
	}
}
