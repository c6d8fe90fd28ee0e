//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// children lists the live child processes of pid, read from /proc (not
// from any log line).
func children(pid int) []int {
	entries, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces; cut after ')'.
		s := string(b)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) < 2 || fields[0] == "Z" {
			continue
		}
		if ppid, _ := strconv.Atoi(fields[1]); ppid == pid {
			out = append(out, child)
		}
	}
	sort.Ints(out)
	return out
}

// alive reports whether a process exists and is not a zombie.
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(f) > 0 && f[0] != "Z"
}

// waitWorkers waits until the master has n live worker processes.
func waitWorkers(t *testing.T, master, n int) {
	t.Helper()
	waitUntil(t, 10*time.Second, fmt.Sprintf("%d workers", n), func() bool { return len(children(master)) == n })
}

// waitUntil polls cond for up to d.
func waitUntil(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// load is a steady load of keep-alive clients.
type load struct {
	ok, failed, non2xx atomic.Int64
	errs               sync.Map // a few error texts
	stop               chan struct{}
	wg                 sync.WaitGroup
}

// startLoad runs clients goroutines, each on its own keep-alive
// connection, requesting url until stopped.
func startLoad(url string, clients int) *load {
	l := &load{stop: make(chan struct{})}
	for i := 0; i < clients; i++ {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			tr := &http.Transport{MaxIdleConnsPerHost: 1, DisableCompression: true}
			defer tr.CloseIdleConnections()
			client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
			for {
				select {
				case <-l.stop:
					return
				default:
				}
				var reused, wasIdle bool
				trace := &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) { reused, wasIdle = i.Reused, i.WasIdle }}
				req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "GET", url, nil)
				resp, err := client.Do(req)
				if err != nil {
					l.failed.Add(1)
					l.errs.Store(fmt.Sprintf("%v (connection reused=%v idle=%v)", err, reused, wasIdle), true)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode/100 != 2 {
					l.non2xx.Add(1)
				} else {
					l.ok.Add(1)
				}
			}
		}()
	}
	return l
}

// finish stops the load and checks that no request was lost.
func (l *load) finish(t *testing.T, maxFailed int64) {
	t.Helper()
	close(l.stop)
	l.wg.Wait()
	var texts []string
	l.errs.Range(func(k, _ any) bool { texts = append(texts, k.(string)); return len(texts) < 5 })
	t.Logf("load: %d ok, %d connection errors, %d non-2xx", l.ok.Load(), l.failed.Load(), l.non2xx.Load())
	if l.failed.Load() > maxFailed || l.non2xx.Load() != 0 {
		t.Errorf("lost requests: %d connection errors (at most %d allowed), %d non-2xx; errors: %q", l.failed.Load(), maxFailed, l.non2xx.Load(), texts)
	}
	if l.ok.Load() < 100 {
		t.Errorf("only %d requests succeeded: the load did not run", l.ok.Load())
	}
}

func TestArbiter_MaxRequestsRecycling(t *testing.T) {
	p := startHello(t, nil, "-w", "2", "-b", "127.0.0.1:0", "--max-requests", "40", "--max-requests-jitter", "20")
	master := p.cmd.Process.Pid
	waitWorkers(t, master, 2)
	seen := map[int]bool{}
	for _, c := range children(master) {
		seen[c] = true
	}
	initial := len(seen)
	l := startLoad("http://"+p.addr()+"/json", 8)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && (len(seen)-initial < 10 || time.Since(deadline.Add(-30*time.Second)) < 4*time.Second) {
		for _, c := range children(master) {
			seen[c] = true
		}
		time.Sleep(10 * time.Millisecond)
	}
	l.finish(t, 0)
	if recycled := len(seen) - initial; recycled < 10 {
		t.Errorf("%d workers recycled during the run, want at least 10", recycled)
	}
	waitUntil(t, 10*time.Second, "two workers once the recycling settles", func() bool {
		n := children(master)
		if len(n) != 2 {
			t.Logf("workers now: %v", n)
		}
		return len(n) == 2
	})
}

func TestArbiter_HUP(t *testing.T) {
	p := startHello(t, nil, "-w", "2", "-b", "127.0.0.1:0")
	master := p.cmd.Process.Pid
	waitWorkers(t, master, 2)
	old := children(master)
	l := startLoad("http://"+p.addr()+"/json", 8)
	time.Sleep(time.Second)
	p.cmd.Process.Signal(syscall.SIGHUP)
	waitUntil(t, 20*time.Second, "every worker replaced", func() bool {
		now := children(master)
		if len(now) != 2 {
			return false
		}
		for _, c := range now {
			for _, o := range old {
				if c == o {
					return false
				}
			}
		}
		return true
	})
	time.Sleep(time.Second)
	l.finish(t, 0)
}

func TestArbiter_TTINTTOU(t *testing.T) {
	p := startHello(t, nil, "-w", "2", "-b", "127.0.0.1:0")
	master := p.cmd.Process.Pid
	waitWorkers(t, master, 2)
	l := startLoad("http://"+p.addr()+"/json", 8)
	time.Sleep(500 * time.Millisecond)
	p.cmd.Process.Signal(syscall.SIGTTIN)
	waitWorkers(t, master, 3)
	time.Sleep(time.Second)
	p.cmd.Process.Signal(syscall.SIGTTOU)
	waitUntil(t, 20*time.Second, "two workers again", func() bool { return len(children(master)) == 2 })
	time.Sleep(500 * time.Millisecond)
	// Never below one.
	p.cmd.Process.Signal(syscall.SIGTTOU)
	waitUntil(t, 20*time.Second, "one worker", func() bool { return len(children(master)) == 1 })
	p.cmd.Process.Signal(syscall.SIGTTOU)
	time.Sleep(time.Second)
	if n := len(children(master)); n != 1 {
		t.Errorf("TTOU at one worker left %d", n)
	}
	l.finish(t, 0)
}

func TestArbiter_USR2Upgrade(t *testing.T) {
	pidfile := filepath.Join(t.TempDir(), "app.pid")
	p := startHello(t, nil, "-w", "2", "-b", "127.0.0.1:0", "--pid", pidfile)
	master := p.cmd.Process.Pid
	waitWorkers(t, master, 2)
	l := startLoad("http://"+p.addr()+"/json", 8)
	time.Sleep(500 * time.Millisecond)

	p.cmd.Process.Signal(syscall.SIGUSR2)
	var newMaster int
	waitUntil(t, 10*time.Second, "the new master's <pidfile>.2", func() bool {
		b, err := os.ReadFile(pidfile + ".2")
		newMaster, _ = strconv.Atoi(strings.TrimSpace(string(b)))
		return err == nil && newMaster > 0
	})
	defer syscall.Kill(newMaster, syscall.SIGKILL)
	waitWorkers(t, newMaster, 2)
	time.Sleep(500 * time.Millisecond)
	// Gunicorn's procedure: WINCH stops the old workers, TERM the old master.
	p.cmd.Process.Signal(syscall.SIGWINCH)
	waitUntil(t, 20*time.Second, "the old workers gone", func() bool {
		for _, c := range children(master) {
			if c != newMaster {
				return false
			}
		}
		return true
	})
	time.Sleep(500 * time.Millisecond)
	p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.wait(t, 20*time.Second); code != 0 {
		t.Errorf("old master exit status %d", code)
	}
	waitUntil(t, 5*time.Second, "the pid file to name the new master", func() bool {
		b, _ := os.ReadFile(pidfile)
		return strings.TrimSpace(string(b)) == strconv.Itoa(newMaster)
	})
	time.Sleep(500 * time.Millisecond)
	l.finish(t, 0)
	syscall.Kill(newMaster, syscall.SIGTERM)
	waitUntil(t, 20*time.Second, "the new master to stop", func() bool { return !alive(newMaster) })
}

func TestArbiter_KillWorker(t *testing.T) {
	p := startHello(t, nil, "-w", "2", "-b", "127.0.0.1:0")
	master := p.cmd.Process.Pid
	waitWorkers(t, master, 2)
	l := startLoad("http://"+p.addr()+"/json", 8)
	time.Sleep(500 * time.Millisecond)
	victim := children(master)[0]
	syscall.Kill(victim, syscall.SIGKILL)
	waitUntil(t, 10*time.Second, "a replacement", func() bool {
		now := children(master)
		return len(now) == 2 && now[0] != victim && now[1] != victim
	})
	time.Sleep(time.Second)
	// At most the requests the killed worker held: one per client.
	l.finish(t, 8)
}

func TestArbiter_HungWorkerTimeout(t *testing.T) {
	p := startHello(t, nil, "-w", "2", "-b", "127.0.0.1:0", "--timeout", "1")
	master := p.cmd.Process.Pid
	waitWorkers(t, master, 2)
	victim := children(master)[0]
	syscall.Kill(victim, syscall.SIGSTOP)
	start := time.Now()
	waitUntil(t, 15*time.Second, "the stopped worker killed", func() bool { return !alive(victim) })
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("killed after %v, before --timeout 1s", d)
	}
	waitWorkers(t, master, 2)
	resp, err := http.Get("http://" + p.addr() + "/json")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("service after the timeout: %v %v", resp, err)
	}
	resp.Body.Close()
}

func TestArbiter_TERMWithRequestInFlight(t *testing.T) {
	p := startHello(t, nil, "-w", "2", "-b", "127.0.0.1:0")
	master := p.cmd.Process.Pid
	waitWorkers(t, master, 2)
	res := getAsync("http://" + p.addr() + "/sleep?ms=2000")
	time.Sleep(300 * time.Millisecond)
	p.cmd.Process.Signal(syscall.SIGTERM)
	r := <-res
	if r.err != nil || r.body != "slept 2000 ms\n" {
		t.Errorf("in-flight request: %+v", r)
	}
	if code := p.wait(t, 20*time.Second); code != 0 {
		t.Errorf("master exit status %d", code)
	}
}

func TestArbiter_MasterKilledLeavesNoOrphans(t *testing.T) {
	p := startHello(t, nil, "-w", "3", "-b", "127.0.0.1:0")
	master := p.cmd.Process.Pid
	waitWorkers(t, master, 3)
	workers := children(master)
	p.cmd.Process.Signal(syscall.SIGKILL)
	waitUntil(t, 10*time.Second, "every worker gone", func() bool {
		for _, w := range workers {
			if alive(w) {
				return false
			}
		}
		return true
	})
}

// TestArbiter_HUPRebind: a reload whose config file moved the bind binds the
// new address and closes the old one.
func TestArbiter_HUPRebind(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "gateway.toml")
	oldSock, newSock := filepath.Join(dir, "old.sock"), filepath.Join(dir, "new.sock")
	os.WriteFile(conf, []byte("workers = 2\nbind = [\"unix:"+oldSock+"\"]\n"), 0o644)
	p := startHello(t, nil, "--config", conf)
	master := p.cmd.Process.Pid
	waitWorkers(t, master, 2)
	os.WriteFile(conf, []byte("workers = 3\nbind = [\"unix:"+newSock+"\"]\n"), 0o644)
	p.cmd.Process.Signal(syscall.SIGHUP)
	waitWorkers(t, master, 3)
	waitDial(t, "unix", newSock)
	waitUntil(t, 10*time.Second, "the old socket closed", func() bool {
		c, err := net.DialTimeout("unix", oldSock, 200*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
}
