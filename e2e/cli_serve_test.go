//go:build e2e

package e2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// serveProjectMain is the test project's main.go: a view answering
// version, a second rendering templates/page.html, and app.Main().
const serveProjectMain = `package main

import "github.com/goframe/goframe/framework"

func main() {
	app := framework.New(framework.Config{Debug: true})
	app.Get("/", func(r *framework.Request) framework.Response {
		return framework.Text(%q)
	})
	app.Get("/page", func(r *framework.Request) framework.Response {
		return r.Render("page.html", framework.Ctx{"name": "world"})
	})
	app.Main()
}
`

// newServeProject writes a minimal goframe project in a temporary folder,
// whose go.mod replaces goframe with this checkout, and runs go mod tidy
// in it.
func newServeProject(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot find the repository from the test's source")
	}
	repo := filepath.Dir(filepath.Dir(file))
	dir := filepath.Join(t.TempDir(), "blog")
	files := map[string]string{
		"go.mod": "module example.com/blog\n\ngo 1.26\n\nrequire github.com/goframe/goframe v0.0.0\n\n" +
			"replace github.com/goframe/goframe => " + repo + "\n",
		"main.go":             fmt.Sprintf(serveProjectMain, "v1"),
		"templates/page.html": "hello {{ name }} t1\n",
	}
	for name, text := range files {
		writeProjectFile(t, dir, name, text)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	tidy := exec.CommandContext(ctx, "go", "mod", "tidy")
	tidy.Dir = dir
	tidy.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	if out, err := tidy.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy in the test project: %v\n%s", err, out)
	}
	return dir
}

func writeProjectFile(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// goframeServe is a running `goframe serve`.
type goframeServe struct {
	cmd  *exec.Cmd
	out  *outFile
	done chan error
}

// startGoframeServe runs goframe serve args in dir.
func startGoframeServe(t *testing.T, dir string, args ...string) *goframeServe {
	t.Helper()
	cmd := exec.Command(filepath.Join(binDir, "goframe"), append([]string{"serve"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	f, err := os.CreateTemp(t.TempDir(), "goframe-serve-*.log")
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &goframeServe{cmd: cmd, out: &outFile{f}, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait() }()
	t.Cleanup(func() {
		// The server goframe serve started gets SIGTERM when it dies.
		cmd.Process.Kill()
		<-s.done
		s.done <- nil
		if t.Failed() {
			t.Logf("goframe serve's output:\n%s", s.out.String())
		}
	})
	return s
}

// waitFor polls cond until it holds, failing the test after d.
func (s *goframeServe) waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		select {
		case err := <-s.done:
			s.done <- err
			t.Fatalf("goframe serve exited (%v) while waiting for %s", err, what)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s within %v", what, d)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitBody waits until url answers 200 with body.
func (s *goframeServe) waitBody(t *testing.T, d time.Duration, url, body string) {
	t.Helper()
	s.waitFor(t, d, fmt.Sprintf("%q from %s", body, url), func() bool {
		got, err := getBody(url)
		return err == nil && got == body
	})
}

// waitOutput waits until goframe serve has said text n times.
func (s *goframeServe) waitOutput(t *testing.T, d time.Duration, text string, n int) {
	t.Helper()
	s.waitFor(t, d, fmt.Sprintf("%q said %d times", text, n), func() bool {
		return strings.Count(s.out.String(), text) >= n
	})
}

func getBody(url string) (string, error) {
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("status %s: %s", resp.Status, b)
	}
	return string(b), err
}

// TestCLIServe is a developer's session with goframe serve: it builds and
// serves the project, rebuilds and restarts it on a Go change, shows the
// compiler's errors while the last good server keeps answering, waits
// for a change after the server dies, serves template changes without a
// rebuild, and stops on Ctrl-C, freeing the port.
func TestCLIServe(t *testing.T) {
	dir := newServeProject(t)
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	home, page := "http://"+addr+"/", "http://"+addr+"/page"
	s := startGoframeServe(t, dir, "--bind", addr)

	// The first build compiles the framework: allow it time.
	s.waitBody(t, 3*time.Minute, home, "v1")
	out := s.out.String()
	for _, want := range []string{"goframe serve: blog at " + home, "development (DEBUG=1), reloading on change", "workers   1"} {
		if !strings.Contains(out, want) {
			t.Errorf("the banner does not say %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".goframe", "bin", "blog")); err != nil {
		t.Errorf("the binary is not in .goframe/bin: %v", err)
	}

	// A Go change: rebuilt and restarted.
	writeProjectFile(t, dir, "main.go", fmt.Sprintf(serveProjectMain, "v2"))
	s.waitBody(t, time.Minute, home, "v2")
	s.waitOutput(t, time.Minute, "main.go changed: rebuilding", 1)

	// A syntax error: the compiler's message, and v2 still answers.
	broken := strings.Replace(fmt.Sprintf(serveProjectMain, "v-broken"), "framework.Text(", "framework.Text((", 1)
	writeProjectFile(t, dir, "main.go", broken)
	s.waitOutput(t, time.Minute, "build failed", 1)
	out = s.out.String()
	for _, want := range []string{"main.go:", "syntax error", "the last good server keeps running", "waiting for a change to rebuild"} {
		if !strings.Contains(out, want) {
			t.Errorf("after a syntax error, goframe serve does not say %q:\n%s", want, out)
		}
	}
	if got, err := getBody(home); err != nil || got != "v2" {
		t.Errorf("after a failed build the server answered %q, %v; want the last good one's v2", got, err)
	}

	// A server that dies at start: its status, and no restart until a
	// change.
	writeProjectFile(t, dir, "main.go", "package main\n\nimport \"os\"\n\nfunc main() { os.Exit(3) }\n")
	s.waitOutput(t, time.Minute, "the server exited with status 3; waiting for a change", 1)

	// Fixed: served again.
	writeProjectFile(t, dir, "main.go", fmt.Sprintf(serveProjectMain, "v3"))
	s.waitBody(t, time.Minute, home, "v3")
	if n := strings.Count(s.out.String(), "exited with status 3"); n != 1 {
		t.Errorf("the dead server was reported %d times, want once (no restart without a change)", n)
	}

	// A template change: served fresh, with no rebuild.
	s.waitBody(t, 10*time.Second, page, "hello world t1\n")
	builds := strings.Count(s.out.String(), "rebuilding")
	writeProjectFile(t, dir, "templates/page.html", "hello {{ name }} t2\n")
	s.waitBody(t, 10*time.Second, page, "hello world t2\n")
	s.waitOutput(t, 10*time.Second, "templates/page.html changed (reloaded by the app)", 1)
	if n := strings.Count(s.out.String(), "rebuilding"); n != builds {
		t.Errorf("a template change rebuilt the project (%d rebuilds, was %d):\n%s", n, builds, s.out.String())
	}
	if got, _ := getBody(home); got != "v3" {
		t.Errorf("after the template change / answers %q, want v3", got)
	}

	// Ctrl-C: the server stops, goframe serve exits 0, the port is free.
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.done:
		s.done <- err
		if err != nil {
			t.Errorf("goframe serve exited with %v after SIGINT, want status 0", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("goframe serve did not exit within 30s of SIGINT")
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("the port is still taken after goframe serve exited: %v", err)
	}
	l.Close()
	if !strings.Contains(s.out.String(), "goframe serve: stopped") {
		t.Errorf("goframe serve did not say it stopped:\n%s", s.out.String())
	}
}

// TestCLIServe_noReload runs goframe serve --no-reload: one build, the
// server's own signals, and its exit status.
func TestCLIServe_noReload(t *testing.T) {
	dir := newServeProject(t)
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	s := startGoframeServe(t, dir, "--no-reload", "--bind", addr, "--workers", "0")
	s.waitBody(t, 3*time.Minute, "http://"+addr+"/", "v1")
	if !strings.Contains(s.out.String(), "no reloading") {
		t.Errorf("the banner does not say it does not reload:\n%s", s.out.String())
	}
	// A change is not watched.
	writeProjectFile(t, dir, "main.go", fmt.Sprintf(serveProjectMain, "v2"))
	// SIGTERM goes to the server, which stops gracefully: status 0.
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.done:
		s.done <- err
		if err != nil {
			t.Errorf("goframe serve --no-reload exited with %v after SIGTERM, want status 0", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("goframe serve --no-reload did not exit within 30s of SIGTERM")
	}
	if strings.Contains(s.out.String(), "rebuilding") {
		t.Errorf("goframe serve --no-reload rebuilt:\n%s", s.out.String())
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("the port is still taken: %v", err)
	}
	l.Close()
}

// TestCLIServe_buildError: with --no-reload, a project that does not
// build is a failure, with the compiler's message.
func TestCLIServe_buildError(t *testing.T) {
	dir := newServeProject(t)
	writeProjectFile(t, dir, "main.go", "package main\n\nfunc main() { undefinedThing() }\n")
	s := startGoframeServe(t, dir, "--no-reload")
	select {
	case err := <-s.done:
		s.done <- err
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Errorf("exit %v, want status 1", err)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("goframe serve --no-reload did not exit")
	}
	out := s.out.String()
	for _, want := range []string{"build failed", "main.go:3:", "undefined: undefinedThing"} {
		if !strings.Contains(out, want) {
			t.Errorf("output does not say %q:\n%s", want, out)
		}
	}
}
