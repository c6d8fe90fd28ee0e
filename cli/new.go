package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

const newUsage = `usage: goframe new NAME [--module PATH] [--dir DIR] [--skip-tidy]

Create a goframe project in the directory NAME: a main package whose
main() calls app.Main(), named routes, views, a model (Note) with its
first migration, Django-syntax templates with a layout, a style sheet,
tests that use the test client, a README, a Makefile, and deploy/ (an
nginx site and a systemd unit). Then run go mod tidy in it, so that it
builds at once.

NAME is the project's directory, binary and (by default) module name:
lowercase letters, digits, - and _, starting with a letter. The
directory must not exist.

Options:
  --module PATH   the module path (default NAME), e.g. example.com/blog
  --dir DIR       create the project in DIR/NAME (default: ./NAME)
  --skip-tidy     do not run go mod tidy (run it yourself before building)

Examples:
  goframe new blog
  goframe new blog --module github.com/you/blog
  cd blog && goframe migrate && goframe serve
`

// New runs `goframe new`: it writes a new project.
func New(args []string, env Env) int {
	return newCommand(args, env, projectSourceDir())
}

// newCommand is New with the goframe source directory new projects use
// ("" when it is unknown).
func newCommand(args []string, env Env, sourceDir string) int {
	var module, parent string
	skipTidy := false
	pos, help, err := projectParseArgs(args, []projectFlag{
		{name: "module", set: func(v string) { module = v }},
		{name: "dir", set: func(v string) { parent = v }},
		{name: "skip-tidy", isBool: true, set: func(string) { skipTidy = true }},
	})
	if help {
		fmt.Fprint(env.Stdout, newUsage)
		return 0
	}
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintf(env.Stderr, "goframe new: "+format+"\n", a...)
		if code == 2 {
			fmt.Fprintln(env.Stderr, "run 'goframe new --help' for usage")
		}
		return code
	}
	switch {
	case err != nil:
		return fail(2, "%v", err)
	case len(pos) == 0:
		return fail(2, "missing the project's NAME (goframe new blog)")
	case len(pos) > 1:
		return fail(2, "one NAME expected, got %q: options go as --module PATH", pos)
	}
	name := pos[0]
	if err := newValidateName(name); err != nil {
		return fail(2, "%v", err)
	}
	if module == "" {
		module = name
	}
	if err := newValidateModule(module); err != nil {
		return fail(2, "%v", err)
	}
	cwd, err := envDir(env)
	if err != nil {
		return fail(1, "%v", err)
	}
	if parent == "" {
		parent = cwd
	} else if !filepath.IsAbs(parent) {
		parent = filepath.Join(cwd, parent)
	}
	if st, err := os.Stat(parent); err != nil || !st.IsDir() {
		return fail(2, "--dir %s: no such directory: create it first", parent)
	}
	dir := filepath.Join(parent, name)
	// Mkdir, not MkdirAll: it fails when dir exists, empty or not, so
	// nothing there is ever overwritten.
	if err := os.Mkdir(dir, 0o755); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fail(1, "%s already exists: choose another name or remove it", newShowPath(cwd, dir))
		}
		return fail(1, "creating %s: %v", dir, err)
	}
	data := skeletonData{
		Name: name, Title: newTitle(name), Module: module,
		SourceDir: sourceDir, GoVersion: skeletonGoVersion, GoframeVersion: skeletonGoframeVersion,
	}
	written, err := writeSkeleton(dir, data)
	if err != nil {
		os.RemoveAll(dir) // made by this command: nothing of the user's is in it
		return fail(1, "writing the project: %v", err)
	}
	shown := newShowPath(cwd, dir)
	fmt.Fprintf(env.Stdout, "Created %s (module %s) in %s:\n", name, module, dir)
	for _, f := range written {
		fmt.Fprintf(env.Stdout, "  %s\n", f)
	}
	code := 0
	switch {
	case data.SourceDir == "":
		fmt.Fprintf(env.Stderr, `
goframe new: warning: this goframe tool does not know where goframe's source is
(it was built without it: build it with make install), so go.mod requires
github.com/goframe/goframe without a replace directive, and the project does
not build yet. Point it at a goframe checkout, then tidy:
  cd %s
  go mod edit -replace github.com/goframe/goframe=/path/to/goframe
  go mod tidy
`, shown)
	case skipTidy:
		fmt.Fprintf(env.Stdout, "\nSkipped go mod tidy: run it in %s before building.\n", shown)
	default:
		if err := newTidy(dir, data.SourceDir, env); err != nil {
			fmt.Fprintf(env.Stderr, "\ngoframe new: the project is written, but %v.\nFix that, then run go mod tidy in %s.\n", err, shown)
			code = 1
		} else {
			fmt.Fprintln(env.Stdout, "\nRan go mod tidy: go.sum is written, the project builds.")
		}
	}
	fmt.Fprintf(env.Stdout, `
Next steps:
  cd %s
  goframe migrate      # create the database (db.sqlite3)
  goframe serve        # http://127.0.0.1:8000/
  go test ./...
See %s for more.
`, shown, filepath.Join(shown, "README.md"))
	return code
}

// newTidy runs go mod tidy in dir, with go.sum seeded from goframe's
// (so that goframe's dependencies need no checksum lookup) and
// GOFLAGS=-mod=mod, taking modules from the module cache or GOPROXY.
func newTidy(dir, sourceDir string, env Env) error {
	if sum, err := os.ReadFile(filepath.Join(sourceDir, "go.sum")); err == nil {
		if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
			return fmt.Errorf("writing go.sum: %w", err)
		}
	}
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS="+strings.TrimSpace(env.getenv("GOFLAGS")+" -mod=mod"))
	cmd.Stdout, cmd.Stderr = env.Stderr, env.Stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("go mod tidy failed (its messages are above)")
		}
		return fmt.Errorf("go mod tidy could not run: %w (is Go installed and on PATH?)", err)
	}
	return nil
}

// newShowPath is dir as the user would type it from cwd.
func newShowPath(cwd, dir string) string {
	if rel, err := filepath.Rel(cwd, dir); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return dir
}

// newTitle is a project's name for people: "my_blog" is "My Blog".
func newTitle(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}
