package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// serveBuildError is a build the compiler refused: Output is what it said.
type serveBuildError struct {
	Output string
	Err    error
}

func (e *serveBuildError) Error() string {
	return fmt.Sprintf("go build: %v\n%s", e.Err, e.Output)
}

func (e *serveBuildError) Unwrap() error { return e.Err }

// serveBuild builds the project's main package into p.Bin() with the go
// command on PATH, in environ. It builds into a new file and renames it
// into place, so that a running server's binary is replaced, not
// rewritten under it, and a failed build leaves the last good one.
func serveBuild(ctx context.Context, p *serveProject, environ []string) error {
	dir := filepath.Dir(p.Bin())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	// .goframe holds build output only: keep it out of version control.
	ignore := filepath.Join(p.MainDir, ".goframe", ".gitignore")
	if _, err := os.Stat(ignore); errors.Is(err, os.ErrNotExist) {
		os.WriteFile(ignore, []byte("# goframe serve's build output\n*\n"), 0o644)
	}
	goCmd, err := serveLookGo(environ)
	if err != nil {
		return err
	}
	tmp := p.Bin() + ".new"
	cmd := exec.CommandContext(ctx, goCmd, "build", "-o", tmp, ".")
	cmd.Dir = p.MainDir
	cmd.Env = environ
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		os.Remove(tmp)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &serveBuildError{Output: strings.TrimRight(out.String(), "\n"), Err: err}
	}
	if err := os.Rename(tmp, p.Bin()); err != nil {
		return fmt.Errorf("installing the new binary: %w", err)
	}
	return nil
}

// serveLookGo finds the go command on environ's PATH.
func serveLookGo(environ []string) (string, error) {
	path := ""
	for _, kv := range environ {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			path = v
		}
	}
	for _, d := range filepath.SplitList(path) {
		if d == "" {
			d = "."
		}
		f := filepath.Join(d, "go")
		if st, err := os.Stat(f); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return filepath.Abs(f)
		}
	}
	return "", errors.New("the go command is not on PATH: goframe serve builds the project with it; install Go (https://go.dev/dl/) or add its bin folder to PATH")
}
