//go:build e2e

package e2e

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// binDir holds the binaries built once for the whole run.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "goframe-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	for name, pkg := range map[string]string{
		"hello":    "github.com/goframe/goframe/examples/hello",
		"hooksapp": "github.com/goframe/goframe/e2e/testdata/hooksapp",
		"goframe":  "github.com/goframe/goframe/cmd/goframe",
	} {
		build := exec.Command("go", "build", "-o", filepath.Join(dir, name), pkg)
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "e2e: building %s: %v\n", pkg, err)
			os.Exit(1)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// built holds the binaries builtBinary made, by name.
var built struct {
	sync.Mutex
	m map[string]*lazyBinary
}

type lazyBinary struct {
	once sync.Once
	err  error
}

// builtBinary builds pkg into binDir as name the first time a test asks
// for it, and returns its path (the binaries every test needs are built
// by TestMain).
func builtBinary(t *testing.T, name, pkg string) string {
	t.Helper()
	built.Lock()
	if built.m == nil {
		built.m = map[string]*lazyBinary{}
	}
	b := built.m[name]
	if b == nil {
		b = &lazyBinary{}
		built.m[name] = b
	}
	built.Unlock()
	path := filepath.Join(binDir, name)
	b.once.Do(func() {
		if out, err := exec.Command("go", "build", "-o", path, pkg).CombinedOutput(); err != nil {
			b.err = fmt.Errorf("building %s: %v\n%s", pkg, err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return path
}

// need returns the path of a tool the test cannot do without, failing the
// test with its name when it is missing (make deps installs it).
func need(t *testing.T, name string, paths ...string) string {
	t.Helper()
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	t.Fatalf("%s is not installed: run `make deps` (scripts/install-deps.sh)", name)
	return ""
}

// proc is a running hello binary.
type proc struct {
	cmd    *exec.Cmd
	stderr *outFile
	done   chan error
	addrs  []string // the addresses it listens on, from its log
}

// addr is the first address the process listens on.
func (p *proc) addr() string { return p.addrs[0] }

// outFile is a process's output, written to a file.
type outFile struct{ f *os.File }

func (o *outFile) String() string {
	b, _ := os.ReadFile(o.f.Name())
	return string(b)
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startHello runs `hello serve args...` and waits until it logs that it
// listens.
func startHello(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	return startBinary(t, "hello", env, args...)
}

// startBinary runs one of the binaries built for the run with `serve
// args...`, and waits until it logs that it listens.
func startBinary(t *testing.T, name string, env []string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(filepath.Join(binDir, name), append([]string{"serve"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	return startCmd(t, cmd)
}

// startCmd starts cmd, a server, and waits until it logs that it
// listens; it is killed when the test ends.
func startCmd(t *testing.T, cmd *exec.Cmd) *proc {
	t.Helper()
	// A file, not a pipe: processes the master starts (a USR2 upgrade)
	// inherit it, and Wait must not wait for them to close it.
	f, err := os.CreateTemp(t.TempDir(), "hello-*.log")
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, stderr: &outFile{f}, done: make(chan error, 1)}
	name := filepath.Base(cmd.Path)
	cmd.Stderr, cmd.Stdout = f, f
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("%s output:\n%s", name, p.stderr.String())
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(p.stderr.String(), "listening") {
		select {
		case err := <-p.done:
			p.done <- err
			t.Fatalf("%s exited early (%v):\n%s", name, err, p.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not start:\n%s", name, p.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // let every bind's line arrive
	for _, line := range strings.Split(p.stderr.String(), "\n") {
		if _, rest, ok := strings.Cut(line, "msg=listening address="); ok {
			p.addrs = append(p.addrs, strings.Fields(rest)[0])
		}
	}
	return p
}

// wait returns the exit code once the process ends.
func (p *proc) wait(t *testing.T, d time.Duration) int {
	t.Helper()
	select {
	case err := <-p.done:
		p.done <- err
		if err == nil {
			return 0
		}
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		t.Fatal(err)
	case <-time.After(d):
		t.Fatalf("process did not exit within %v", d)
	}
	return -1
}

// freePort returns a TCP port free at the time of the call (for nginx,
// which must be told its port; the gateway binds port 0 instead).
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitDial waits until addr accepts connections.
func waitDial(t *testing.T, network, addr string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout(network, addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s %s never accepted: %v", network, addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func readAll(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// result is the outcome of a request made in the background.
type result struct {
	body string
	err  error
}

// getAsync requests url in the background.
func getAsync(url string) <-chan result {
	res := make(chan result, 1)
	go func() {
		resp, err := http.Get(url)
		if err != nil {
			res <- result{err: err}
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		res <- result{body: string(b)}
	}()
	return res
}
