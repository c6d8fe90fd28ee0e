package main

import (
	"os"
	"path/filepath"
	"strings"
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
