package accesslog_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/goframe/goframe/gateway/internal/accesslog"
)

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if s == "" {
		return nil
	}
	if !strings.HasSuffix(s, "\n") {
		t.Fatalf("%s does not end in a newline: %q", path, s)
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

func TestLoggerFile(t *testing.T) {
	tests := []struct {
		name, format, want string
	}{
		{"default", "", `203.0.113.7 - alice [10/Oct/2000:13:55:36 -0700] "GET /caf%C3%A9/x?a=1&b=2 HTTP/1.1" 200 2326 "https://ref.example/" "curl/8.0"`},
		{"custom", "%(h)s %(s)s", "203.0.113.7 200"},
		{"json", "json", string(accesslog.AppendJSON(nil, entry()))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "access.log")
			if err := os.WriteFile(path, []byte("existing\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			l, err := accesslog.Open(path, tt.format)
			if err != nil {
				t.Fatal(err)
			}
			if !l.Enabled() {
				t.Error("Enabled() = false")
			}
			l.Log(entry())
			l.Log(entry())
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			l.Log(entry()) // after Close: dropped
			got := readLines(t, path)
			want := []string{"existing", tt.want, tt.want}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("file:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestLoggerCreatesFileMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.log")
	l, err := accesslog.Open(path, "")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm&^0o644 != 0 || perm&0o600 != 0o600 {
		t.Errorf("mode %v, want 0644 less the umask", perm)
	}
}

func TestLoggerReopen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "access.log")
	l, err := accesslog.Open(path, "%(s)s")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	e := entry()
	e.Status = 201
	l.Log(e)

	// logrotate: rename, then SIGUSR1 makes the gateway call Reopen.
	rotated := path + ".1"
	if err := os.Rename(path, rotated); err != nil {
		t.Fatal(err)
	}
	e.Status = 202
	l.Log(e) // still goes to the renamed file
	if err := l.Reopen(); err != nil {
		t.Fatal(err)
	}
	e.Status = 203
	l.Log(e)

	tests := []struct {
		path string
		want string
	}{
		{rotated, "201 202"},
		{path, "203"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			if got := strings.Join(readLines(t, tt.path), " "); got != tt.want {
				t.Errorf("%s: %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}

func TestLoggerReopenFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "logs")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(sub, "access.log")
	l, err := accesslog.Open(path, "%(s)s")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := os.Rename(sub, filepath.Join(dir, "moved")); err != nil {
		t.Fatal(err)
	}
	if err := l.Reopen(); err == nil {
		t.Fatal("Reopen succeeded with the directory gone")
	}
	l.Log(entry())
	if got := readLines(t, filepath.Join(dir, "moved", "access.log")); len(got) != 1 || got[0] != "200" {
		t.Errorf("old file: %q", got)
	}
}

func TestLoggerConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "access.log")
	l, err := accesslog.Open(path, "json")
	if err != nil {
		t.Fatal(err)
	}
	const goroutines, perG = 50, 200
	long := strings.Repeat("x", 3000) // lines larger than a small write buffer
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perG {
				e := entry()
				e.Request.Header.Set("User-Agent", fmt.Sprintf("g%d-i%d-%s", g, i, long))
				l.Log(e)
				if g == 0 && i%50 == 0 {
					if err := l.Reopen(); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	lines := readLines(t, path)
	if len(lines) != goroutines*perG {
		t.Fatalf("%d lines, want %d", len(lines), goroutines*perG)
	}
	seen := make(map[string]bool)
	for _, line := range lines {
		var m struct {
			UserAgent string `json:"user_agent"`
		}
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("damaged line %.80q: %v", line, err)
		}
		seen[m.UserAgent] = true
	}
	if len(seen) != goroutines*perG {
		t.Errorf("%d distinct lines, want %d", len(seen), goroutines*perG)
	}
}

func TestLoggerDisabledAndStdout(t *testing.T) {
	tests := []struct {
		name    string
		path    string
		enabled bool
	}{
		{"disabled", "", false},
		{"stdout", "-", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := accesslog.Open(tt.path, "")
			if err != nil {
				t.Fatal(err)
			}
			if l.Enabled() != tt.enabled {
				t.Errorf("Enabled() = %v, want %v", l.Enabled(), tt.enabled)
			}
			if tt.path == "" {
				l.Log(entry())
			}
			if err := l.Reopen(); err != nil {
				t.Errorf("Reopen: %v", err)
			}
			for range 2 {
				if err := l.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			}
			if _, err := os.Stdout.Stat(); err != nil {
				t.Errorf("stdout was closed: %v", err)
			}
			if l.Enabled() {
				t.Error("Enabled() after Close")
			}
		})
	}
	var nilLogger *accesslog.Logger
	nilLogger.Log(entry())
	if nilLogger.Enabled() || nilLogger.Reopen() != nil || nilLogger.Close() != nil {
		t.Error("nil Logger is not a disabled one")
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ name, path, format, want string }{
		{"bad format", filepath.Join(dir, "a.log"), "%(h", "unterminated atom"},
		{"bad format disabled", "", "%(h", "unterminated atom"},
		{"missing dir", filepath.Join(dir, "no", "such", "a.log"), "", "no such file or directory"},
		{"is a directory", dir, "", "is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := accesslog.Open(tt.path, tt.format)
			if err == nil {
				l.Close()
				t.Fatal("Open succeeded")
			}
			if !strings.HasPrefix(err.Error(), "accesslog: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want accesslog: ...%s...", err, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "a.log")); !os.IsNotExist(err) {
		t.Errorf("a bad format still created the file: %v", err)
	}
}

func BenchmarkLog(b *testing.B) {
	l, err := accesslog.Open(filepath.Join(b.TempDir(), "access.log"), "")
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	e := entry()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			l.Log(e)
		}
	})
}
