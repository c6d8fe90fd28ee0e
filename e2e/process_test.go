//go:build e2e

package e2e

import (
	"fmt"
	"io"
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

// TestProcess_ConfigErrors checks exit statuses and messages of the serve
// command as an operator meets them.
func TestProcess_ConfigErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.toml")
	os.WriteFile(good, []byte("workers = 0\nthreads = 4\nbind = [\"127.0.0.1:9999\"]\n"), 0o644)
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("threads = \"lots\"\n"), 0o644)
	tests := []struct {
		name   string
		env    []string
		args   []string
		status int
		want   []string
	}{
		{"bad flag value", nil, []string{"--workers", "many"}, 2, []string{"--workers", `"many"`}},
		{"bad env value", []string{"GOFRAME_KEEPALIVE=-3"}, nil, 2, []string{"keepalive", "GOFRAME_KEEPALIVE"}},
		{"bad file value", nil, []string{"--config", bad}, 2, []string{"threads", "bad.toml"}},
		{"check-config ok", nil, []string{"--config", good, "--check-config"}, 0, []string{"configuration OK"}},
		{"check-config bad", nil, []string{"--config", bad, "--check-config"}, 2, []string{"threads"}},
		{"print-config", []string{"PORT=7777", "WEB_CONCURRENCY=3"}, []string{"--print-config", "--threads", "5"}, 0,
			[]string{`bind = ["0.0.0.0:7777"]`, "workers = 3", "threads = 5", "keepalive = 2"}},
		{"help", nil, []string{"--help"}, 0, []string{"--worker-connections", "--limit-request-line", "Examples:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(filepath.Join(binDir, "hello"), append([]string{"serve"}, tt.args...)...)
			cmd.Env = append(os.Environ(), tt.env...)
			out, err := cmd.CombinedOutput()
			status := 0
			if ee, ok := err.(*exec.ExitError); ok {
				status = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if status != tt.status {
				t.Errorf("exit status %d, want %d; output:\n%s", status, tt.status, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if tt.status == 2 && strings.Count(strings.TrimSpace(string(out)), "\n") != 0 {
				t.Errorf("a bad setting must be reported in one line:\n%s", out)
			}
		})
	}
}

// TestProcess_SIGTERM: a graceful stop finishes the request in flight and
// exits 0.
func TestProcess_SIGTERM(t *testing.T) {
	t.Parallel()
	pid := filepath.Join(t.TempDir(), "hello.pid")
	p := startHello(t, nil, "--workers", "0", "-b", "127.0.0.1:0", "--pid", pid)
	b, err := os.ReadFile(pid)
	if err != nil || strings.TrimSpace(string(b)) != fmt.Sprint(p.cmd.Process.Pid) {
		t.Errorf("pid file %q, %v", b, err)
	}
	res := getAsync("http://" + p.addr() + "/sleep?ms=700")
	time.Sleep(200 * time.Millisecond)
	p.cmd.Process.Signal(syscall.SIGTERM)
	r := <-res
	if r.err != nil || r.body != "slept 700 ms\n" {
		t.Errorf("in-flight request during SIGTERM: %+v", r)
	}
	if code := p.wait(t, 10*time.Second); code != 0 {
		t.Errorf("exit status %d after SIGTERM", code)
	}
	if _, err := os.Stat(pid); !os.IsNotExist(err) {
		t.Error("pid file left behind")
	}
}

// TestProcess_SIGINT: a quick stop does not wait for requests in flight.
func TestProcess_SIGINT(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGQUIT} {
		t.Run(sig.String(), func(t *testing.T) {
			p := startHello(t, nil, "--workers", "0", "-b", "127.0.0.1:0")
			go http.Get("http://" + p.addr() + "/sleep?ms=5000")
			time.Sleep(200 * time.Millisecond)
			start := time.Now()
			p.cmd.Process.Signal(sig)
			if code := p.wait(t, 4*time.Second); code != 0 {
				t.Errorf("exit status %d", code)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("quick stop took %v", d)
			}
		})
	}
}

// TestProcess_AccessLogReopen: SIGUSR1 reopens the access log after
// logrotate renamed it.
func TestProcess_AccessLogReopen(t *testing.T) {
	t.Parallel()
	for _, workers := range []string{"0", "2"} {
		t.Run("workers="+workers, func(t *testing.T) {
			t.Parallel()
			logPath := filepath.Join(t.TempDir(), "access.log")
			p := startHello(t, nil, "--workers", workers, "-b", "127.0.0.1:0", "--access-logfile", logPath)
			if workers != "0" {
				waitUntil(t, 10*time.Second, "the workers", func() bool { return len(children(p.cmd.Process.Pid)) == 2 })
			}
			get := func() {
				tr := &http.Transport{DisableKeepAlives: true} // spread over the workers
				for i := 0; i < 10; i++ {
					resp, err := (&http.Client{Transport: tr}).Get("http://" + p.addr() + "/json")
					if err != nil {
						t.Fatal(err)
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
			get()
			os.Rename(logPath, logPath+".1")
			p.cmd.Process.Signal(syscall.SIGUSR1)
			waitUntil(t, 5*time.Second, "the log reopened", func() bool { _, err := os.Stat(logPath); return err == nil })
			time.Sleep(300 * time.Millisecond) // every worker has had the signal
			get()
			time.Sleep(200 * time.Millisecond)
			old, _ := os.ReadFile(logPath + ".1")
			cur, _ := os.ReadFile(logPath)
			if n, m := strings.Count(string(old), "GET /json HTTP/1.1"), strings.Count(string(cur), "GET /json HTTP/1.1"); n != 10 || m != 10 {
				t.Errorf("rotated log has %d lines, new log %d; want 10 and 10", n, m)
			}
			// Gunicorn's default format: h l u t "r" s b "f" "a"
			line, _, _ := strings.Cut(string(cur), "\n")
			if !strings.HasPrefix(line, "127.0.0.1 - - [") || !strings.HasSuffix(line, `] "GET /json HTTP/1.1" 200 27 "-" "Go-http-client/1.1"`) {
				t.Errorf("access log line %q is not in Gunicorn's default format", line)
			}
		})
	}
}

// TestProcess_SystemdActivation: with LISTEN_FDS the gateway serves the
// socket systemd passed instead of binding its own.
func TestProcess_SystemdActivation(t *testing.T) {
	t.Parallel()
	activate := need(t, "systemd-socket-activate", "/usr/bin/systemd-socket-activate", "/lib/systemd/systemd-socket-activate")
	port := freePort(t)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	cmd := exec.Command(activate, "-l", addr, filepath.Join(binDir, "hello"), "serve", "--workers", "2", "--bind", "127.0.0.1:1")
	out := &syncBuf{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		if t.Failed() {
			t.Logf("output:\n%s", out.String())
		}
	}()
	waitDial(t, "tcp", addr)
	resp, err := http.Get("http://" + addr + "/json")
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(t, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || body != `{"message":"Hello, World!"}` {
		t.Errorf("via the activated socket: %d %q", resp.StatusCode, body)
	}
	if !strings.Contains(out.String(), "listening address="+addr) {
		t.Errorf("the gateway did not report the systemd socket:\n%s", out.String())
	}
	// A reload keeps the socket systemd passed: it binds nothing else.
	cmd.Process.Signal(syscall.SIGHUP)
	time.Sleep(time.Second)
	resp, err = http.Get("http://" + addr + "/json")
	if err != nil {
		t.Fatalf("after HUP: %v", err)
	}
	resp.Body.Close()
	if !strings.Contains(out.String(), "reloading: new generation") {
		t.Errorf("no reload happened:\n%s", out.String())
	}
	if c, err := net.DialTimeout("tcp", "127.0.0.1:1", time.Second); err == nil {
		c.Close()
		t.Errorf("the reload bound the configured --bind 127.0.0.1:1 beside the systemd socket")
	}
}
