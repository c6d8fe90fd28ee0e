//go:build e2e

package e2e

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestArbiter_Hooks(t *testing.T) {
	t.Parallel()
	logPath := filepath.Join(t.TempDir(), "hooks.log")
	p := startBinary(t, "hooksapp", []string{"HOOKS_LOG=" + logPath}, "-w", "2", "-b", "127.0.0.1:0")
	master := p.cmd.Process.Pid
	waitWorkers(t, master, 2)
	resp, err := http.Get("http://" + p.addr() + "/")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	p.cmd.Process.Signal(syscall.SIGTTIN)
	waitWorkers(t, master, 3)
	p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.wait(t, 20*time.Second); code != 0 {
		t.Fatalf("exit status %d", code)
	}
	b, _ := os.ReadFile(logPath)
	log := string(b)
	m := fmt.Sprint(master)
	for _, want := range []struct {
		master bool
		text   string
	}{
		{true, "on_starting"}, {true, "when_ready"}, {true, "pre_fork id=1"}, {true, "post_fork id=1 pid="},
		{false, "post_worker_init id=1"}, {false, "pre_request /"}, {false, "post_request / 200"},
		{true, "nworkers_changed 3 2"}, {false, "worker_exit id="}, {true, "child_exit id="}, {true, "on_exit"},
	} {
		found := false
		for _, line := range strings.Split(log, "\n") {
			pid, text, _ := strings.Cut(line, " ")
			if strings.HasPrefix(text, want.text) && (pid == m) == want.master {
				found = true
			}
		}
		if !found {
			where := "a worker"
			if want.master {
				where = "the master"
			}
			t.Errorf("hook %q not run in %s; log:\n%s", want.text, where, log)
		}
	}
}

func TestArbiter_BootErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		fail   string
		status int
		say    string
	}{
		{"load", 4, "App failed to load"},
		{"panic", 3, "Worker failed to boot"},
	} {
		t.Run(tt.fail, func(t *testing.T) {
			cmd := exec.Command(filepath.Join(binDir, "hooksapp"), "serve", "-w", "2", "-b", "127.0.0.1:0")
			cmd.Env = append(os.Environ(), "HOOKSAPP_FAIL="+tt.fail)
			out := &syncBuf{}
			cmd.Stdout, cmd.Stderr = out, out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				ee, ok := err.(*exec.ExitError)
				if !ok || ee.ExitCode() != tt.status {
					t.Errorf("exit %v, want status %d", err, tt.status)
				}
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("the master did not stop:\n%s", out.String())
			}
			if !strings.Contains(out.String(), tt.say) {
				t.Errorf("the master did not say %q:\n%s", tt.say, out.String())
			}
		})
	}
}

func TestArbiter_MaxWorkerMemory(t *testing.T) {
	t.Parallel()
	p := startBinary(t, "hooksapp", nil, "-w", "1", "-b", "127.0.0.1:0", "--max-worker-memory", "64")
	master := p.cmd.Process.Pid
	waitWorkers(t, master, 1)
	first := children(master)[0]
	resp, err := http.Get("http://" + p.addr() + "/grow?mb=100")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	waitUntil(t, 15*time.Second, "the worker recycled", func() bool {
		c := children(master)
		return len(c) == 1 && c[0] != first
	})
	resp, err = http.Get("http://" + p.addr() + "/")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("after the recycle: %v %v", resp, err)
	}
	resp.Body.Close()
}

func TestArbiter_ReloadOnChange(t *testing.T) {
	t.Parallel()
	watched := filepath.Join(t.TempDir(), "settings.txt")
	os.WriteFile(watched, []byte("one"), 0o644)
	p := startHello(t, nil, "-w", "1", "-b", "127.0.0.1:0", "--reload", "--reload-extra-file", watched)
	master := p.cmd.Process.Pid
	waitWorkers(t, master, 1)
	first := children(master)[0]
	time.Sleep(300 * time.Millisecond)
	os.WriteFile(watched, []byte("two"), 0o644)
	waitUntil(t, 15*time.Second, "the worker restarted", func() bool {
		c := children(master)
		return len(c) == 1 && c[0] != first
	})
}
