//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// tutorialPath is the tutorial, relative to this package's folder.
const tutorialPath = "../docs/tutorial.md"

// TestTutorial runs docs/tutorial.md as a reader would: its shell blocks
// in order, in one shell session in a new HOME, its file edits, its
// servers in the background; and it checks the outputs it shows. So the
// tutorial cannot drift from what the tools do.
func TestTutorial(t *testing.T) {
	t.Parallel() // its own HOME, ports and processes
	doc, err := os.ReadFile(tutorialPath)
	if err != nil {
		t.Fatal(err)
	}
	steps, err := tutParse(string(doc))
	if err != nil {
		t.Fatalf("docs/tutorial.md: %v", err)
	}
	counts := map[tutKind]int{}
	for _, s := range steps {
		counts[s.kind]++
	}
	for _, k := range []tutKind{tutRun, tutBackground, tutFile, tutExpect, tutWait, tutStop} {
		if counts[k] == 0 {
			t.Fatalf("docs/tutorial.md has no %s step: the parser or the conventions are broken (%v)", k, counts)
		}
	}
	need(t, "bash", "/bin/bash")
	need(t, "curl", "/usr/bin/curl")
	need(t, "make", "/usr/bin/make")
	need(t, "nginx", "/usr/sbin/nginx")
	need(t, "/etc/nginx/mime.types (package nginx-common)", "/etc/nginx/mime.types")

	s := newTutSession(t)
	for _, step := range steps {
		s.do(step)
	}
	if len(s.bgs) > 0 {
		t.Fatalf("docs/tutorial.md:%d: the background block still runs at the end: stop it (<!-- tutorial: stop -->)", s.bgs[0].line)
	}
}

// tutSession is the shell session the tutorial runs in.
type tutSession struct {
	t          *testing.T
	home       string            // HOME, where ~/goframe is the repository
	state      string            // the session's working directory and exports, between blocks
	env        []string          // the blocks' environment
	sub        *strings.Replacer // the file's addresses and paths to the test's
	lastOutput func() string     // the output of the last block run
	bgs        []*tutBG          // the background blocks running
	// changed is the background block running when a file was last
	// changed, and mark the length of its output then.
	changed *tutBG
	mark    int
	groups  []int // the process groups of background blocks and jobs, killed at the end
}

// tutBG is a block running in the background.
type tutBG struct {
	line int
	cmd  *exec.Cmd
	out  string // the file its output goes to
	done chan error
}

func (b *tutBG) output() string {
	data, _ := os.ReadFile(b.out)
	return string(data)
}

// newTutSession makes the session: a new HOME with ~/goframe linked to
// the repository, GOPATH in it (so make install does not touch the real
// one), the build and module caches of the real environment (builds are
// quick and need no network), and free ports for the tutorial's.
func newTutSession(t *testing.T) *tutSession {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s := &tutSession{t: t, home: filepath.Join(dir, "home"), state: filepath.Join(dir, "state")}
	for _, d := range []string{s.home, s.state} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(root, filepath.Join(s.home, "goframe")); err != nil {
		t.Fatal(err)
	}
	s.writeState("cwd", s.home+"\n")
	s.writeState("env", "")

	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go is not on PATH: %v", err)
	}
	// The tutorial's PATH does not have GOPATH/bin: its export adds it.
	path := filepath.Dir(goCmd) + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
	devPort, nginxPort := freePort(t), freePort(t)
	s.env = []string{
		"HOME=" + s.home, "PATH=" + path, "LANG=C.UTF-8", "TERM=dumb",
		"GOPATH=" + filepath.Join(s.home, "go"),
		// goframe serve's default, 127.0.0.1:8000, on a free port.
		fmt.Sprintf("GOFRAME_BIND=127.0.0.1:%d", devPort),
	}
	s.env = append(s.env, tutGoEnv(t)...)
	s.sub = strings.NewReplacer(
		"127.0.0.1:8000", fmt.Sprintf("127.0.0.1:%d", devPort),
		"127.0.0.1:8080", fmt.Sprintf("127.0.0.1:%d", nginxPort),
		"/home/you", s.home,
	)
	t.Cleanup(func() {
		for _, g := range s.groups {
			syscall.Kill(-g, syscall.SIGKILL)
		}
		for _, b := range s.bgs {
			<-b.done
			if t.Failed() {
				t.Logf("docs/tutorial.md:%d: the background block's output:\n%s", b.line, b.output())
			}
		}
	})
	return s
}

// tutGoEnv is the go command's settings from the real environment that
// the tutorial's builds share: caches, module proxy and flags.
func tutGoEnv(t *testing.T) []string {
	names := []string{"GOCACHE", "GOMODCACHE", "GOFLAGS", "GOPROXY", "GOSUMDB", "GONOSUMDB",
		"GONOPROXY", "GOPRIVATE", "GOINSECURE", "GOTOOLCHAIN", "CGO_ENABLED", "CC", "CXX"}
	out, err := exec.Command("go", append([]string{"env", "-json"}, names...)...).Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	var vals map[string]string
	if err := json.Unmarshal(out, &vals); err != nil {
		t.Fatalf("go env -json: %v", err)
	}
	var env []string
	for _, n := range names {
		if v := vals[n]; v != "" {
			env = append(env, n+"="+v)
		}
	}
	return env
}

func (s *tutSession) writeState(name, text string) {
	if err := os.WriteFile(filepath.Join(s.state, name), []byte(text), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

// cwd is the session's working directory.
func (s *tutSession) cwd() string {
	data, err := os.ReadFile(filepath.Join(s.state, "cwd"))
	if err != nil {
		s.t.Fatal(err)
	}
	return strings.TrimSpace(string(data))
}

// do runs a step.
func (s *tutSession) do(step tutStep) {
	s.t.Helper()
	s.t.Logf("docs/tutorial.md:%d: %s", step.line, step.kind)
	step.text, step.url, step.path = s.sub.Replace(step.text), s.sub.Replace(step.url), s.sub.Replace(step.path)
	switch step.kind {
	case tutRun:
		s.run(step)
	case tutBackground:
		s.background(step)
	case tutFile:
		s.file(step)
	case tutExpect:
		if step.ofBackground {
			s.expectBackground(step)
			return
		}
		if err := tutMatchConsole(step.text, s.lastOutput()); err != nil {
			s.t.Fatalf("docs/tutorial.md:%d: the output of the block at line %d does not match: %v\n--- the output ---\n%s", step.line, step.of, err, s.lastOutput())
		}
	case tutWait:
		s.wait(step)
	case tutStop:
		s.stop(step)
	}
}

// script is a block as the session's shell runs it: in the session's
// directory, with its exports, stopping at the first failure; a block
// run to its end (save) leaves its directory and exports to the next.
func (s *tutSession) script(step tutStep, save bool) string {
	st := func(name string) string { return "'" + filepath.Join(s.state, name) + "'" }
	var b strings.Builder
	b.WriteString("set -euo pipefail\n")
	fmt.Fprintf(&b, ". %s\ncd \"$(cat %s)\"\n", st("env"), st("cwd"))
	if save {
		fmt.Fprintf(&b, "trap 'pwd > %s; export -p > %s' EXIT\n", st("cwd"), st("env"))
	}
	fmt.Fprintf(&b, "# docs/tutorial.md:%d\n%s", step.line, step.text)
	return b.String()
}

// start starts a block's shell in a process group of its own (as a
// terminal's job), its output going to a file.
func (s *tutSession) start(ctx context.Context, step tutStep, save bool) (*exec.Cmd, string) {
	s.t.Helper()
	base := filepath.Join(s.state, fmt.Sprintf("block-%d", step.line))
	if err := os.WriteFile(base+".sh", []byte(s.script(step, save)), 0o644); err != nil {
		s.t.Fatal(err)
	}
	out, err := os.Create(base + ".out")
	if err != nil {
		s.t.Fatal(err)
	}
	defer out.Close()
	cmd := exec.CommandContext(ctx, "bash", base+".sh")
	cmd.Env = s.env
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("docs/tutorial.md:%d: starting bash: %v", step.line, err)
	}
	return cmd, out.Name()
}

// run runs a block to its end; it must succeed.
func (s *tutSession) run(step tutStep) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd, out := s.start(ctx, step, true)
	err := cmd.Wait()
	if syscall.Kill(-cmd.Process.Pid, 0) == nil {
		// The block left jobs running (cmd &): kill them at the end.
		s.groups = append(s.groups, cmd.Process.Pid)
	}
	data, _ := os.ReadFile(out)
	s.lastOutput = func() string { return string(data) }
	if ctx.Err() != nil {
		err = fmt.Errorf("did not end within 5 minutes: %w", err)
	}
	if err != nil {
		s.t.Fatalf("docs/tutorial.md:%d: the block failed (%v):\n%s--- its output ---\n%s", step.line, err, step.text, data)
	}
}

// background starts a block that runs until a stop step.
func (s *tutSession) background(step tutStep) {
	s.t.Helper()
	cmd, out := s.start(context.Background(), step, false)
	b := &tutBG{line: step.line, cmd: cmd, out: out, done: make(chan error, 1)}
	s.groups = append(s.groups, cmd.Process.Pid)
	go func() { b.done <- cmd.Wait() }()
	s.bgs = append(s.bgs, b)
	s.lastOutput = b.output
}

// checkBackground fails the test if a background block has ended.
func (s *tutSession) checkBackground(line int, what string) {
	s.t.Helper()
	for _, b := range s.bgs {
		select {
		case err := <-b.done:
			b.done <- err
			s.t.Fatalf("docs/tutorial.md:%d: the background block at line %d ended (%v) %s:\n%s", line, b.line, err, what, b.output())
		default:
		}
	}
}

// wait waits until the step's URL answers 2xx, while the background
// blocks run.
func (s *tutSession) wait(step tutStep) {
	s.t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	deadline := time.Now().Add(3 * time.Minute)
	last := "no answer yet"
	for {
		s.checkBackground(step.line, "before "+step.url+" answered")
		resp, err := client.Get(step.url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode/100 == 2 {
				return
			}
			last = resp.Status
		} else {
			last = err.Error()
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("docs/tutorial.md:%d: %s did not answer 2xx within 3 minutes (last: %s)", step.line, step.url, last)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// stop stops the background blocks as Ctrl-C does: SIGINT to their
// process groups. Each must exit with status 0.
func (s *tutSession) stop(step tutStep) {
	s.t.Helper()
	if len(s.bgs) == 0 {
		s.t.Fatalf("docs/tutorial.md:%d: stop, but nothing runs in the background", step.line)
	}
	s.checkBackground(step.line, "before it was stopped")
	for i := len(s.bgs) - 1; i >= 0; i-- {
		b := s.bgs[i]
		syscall.Kill(-b.cmd.Process.Pid, syscall.SIGINT)
		var err error
		select {
		case err = <-b.done:
			b.done <- err
		case <-time.After(time.Minute):
			syscall.Kill(-b.cmd.Process.Pid, syscall.SIGKILL)
			err = errors.New("still running a minute after Ctrl-C: killed")
		}
		s.lastOutput = b.output
		if err != nil {
			s.t.Fatalf("docs/tutorial.md:%d: the background block at line %d, stopped, exited with %v:\n%s", step.line, b.line, err, b.output())
		}
		s.bgs = s.bgs[:i]
	}
}

// file writes, appends or replaces a block in a file of the session's
// directory.
func (s *tutSession) file(step tutStep) {
	s.t.Helper()
	fail := func(err error) {
		s.t.Fatalf("docs/tutorial.md:%d: %s %s: %v", step.line, step.mode, step.path, err)
	}
	path := step.path
	if !filepath.IsAbs(path) {
		path = filepath.Join(s.cwd(), path)
	}
	s.changed, s.mark = nil, 0
	if len(s.bgs) > 0 {
		s.changed = s.bgs[len(s.bgs)-1]
		s.mark = len(s.changed.output())
	}
	text := step.text
	if step.mode != "write" {
		old, err := os.ReadFile(path)
		if err != nil {
			fail(err)
		}
		switch step.mode {
		case "append":
			text = strings.TrimRight(string(old), "\n") + "\n\n" + step.text
		case "replace":
			if text, err = tutReplace(string(old), step.text); err != nil {
				fail(err)
			}
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		fail(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		fail(err)
	}
}

// expectBackground waits until what the background block printed since
// the last file change matches the step's console block.
func (s *tutSession) expectBackground(step tutStep) {
	s.t.Helper()
	b := s.changed
	if b == nil {
		s.t.Fatalf("docs/tutorial.md:%d: the output of a background block after a file change, but none runs", step.line)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		got := b.output()[s.mark:]
		err := tutMatchConsole(step.text, got)
		if err == nil {
			return
		}
		s.checkBackground(step.line, "before it printed this block")
		if time.Now().After(deadline) {
			s.t.Fatalf("docs/tutorial.md:%d: after the file change, the background block at line %d did not print this block within 2 minutes: %v\n--- its output since ---\n%s", step.line, b.line, err, got)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
