package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// What the commands that work inside a project share: finding the
// project, reading its module path, building its binary, and where the
// goframe source is.

// SourceDir is the directory of the goframe source the tool was built
// from, recorded at build time with
//
//	go build -ldflags "-X github.com/goframe/goframe/cli.SourceDir=$PWD" ./cmd/goframe
//
// (make install does). goframe new points new projects' go.mod there
// with a replace directive. When it is empty, the directory the compiler
// recorded for this package is used if it holds goframe's go.mod.
var SourceDir string

// goframeModule is goframe's module path.
const goframeModule = "github.com/goframe/goframe"

// projectBinDir is where the project's binary is built, inside the
// project (goframe new lists it in .gitignore).
const projectBinDir = ".goframe/bin"

// projectSourceDir returns the goframe source directory new projects
// use (SourceDir, or this file's module root as the compiler recorded
// it), or "" when neither holds goframe's go.mod.
func projectSourceDir() string {
	if SourceDir != "" {
		if d, err := filepath.Abs(SourceDir); err == nil && isGoframeSource(d) {
			return d
		}
		return ""
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) { // -trimpath records module paths
		return ""
	}
	d := filepath.Dir(filepath.Dir(file))
	if isGoframeSource(d) {
		return d
	}
	return ""
}

// isGoframeSource reports whether dir holds goframe's go.mod.
func isGoframeSource(dir string) bool {
	mod, err := projectModulePath(filepath.Join(dir, "go.mod"))
	return err == nil && mod == goframeModule
}

// errNoProject is returned by projectRoot when no directory up from the
// start has a go.mod.
var errNoProject = errors.New("no goframe project here")

// projectRoot returns the nearest directory from start upwards that
// holds a go.mod: the project's root.
func projectRoot(start string) (string, error) {
	dir, err := filepath.Abs(start)
	if err != nil {
		return "", err
	}
	for d := dir; ; {
		if st, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && !st.IsDir() {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("%w (no go.mod in %s or above)", errNoProject, dir)
		}
		d = parent
	}
}

// envDir returns the command's working directory.
func envDir(env Env) (string, error) {
	if env.Dir != "" {
		return filepath.Abs(env.Dir)
	}
	return os.Getwd()
}

// projectModulePath reads the module path of a go.mod file.
func projectModulePath(gomod string) (string, error) {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "//"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		rest, ok := strings.CutPrefix(line, "module")
		if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t' && rest[0] != '"') {
			continue
		}
		rest = strings.TrimSpace(rest)
		if strings.HasPrefix(rest, `"`) || strings.HasPrefix(rest, "`") {
			if u, err := strconv.Unquote(rest); err == nil {
				return u, nil
			}
			return "", fmt.Errorf("%s: bad module line %q", gomod, line)
		}
		return rest, nil
	}
	return "", fmt.Errorf("%s: no module line", gomod)
}

// projectBinaryName is the name of the project's binary: the last
// element of its module path (as go build names it).
func projectBinaryName(root string) (string, error) {
	mod, err := projectModulePath(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", err
	}
	name := mod[strings.LastIndex(mod, "/")+1:]
	if name == "" || name == "." || name == ".." {
		name = filepath.Base(root)
	}
	return name, nil
}

// projectHasMain reports whether the project's root directory holds a
// main package (a goframe project's main.go calls app.Main()).
func projectHasMain(root string) (bool, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return false, err
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(root, n), nil, parser.PackageClauseOnly)
		if err == nil && f.Name.Name == "main" {
			return true, nil
		}
	}
	return false, nil
}

// errBuildFailed is returned by buildProject when the compiler refused
// the project; what it printed went to the command's standard error.
var errBuildFailed = errors.New("the project does not build")

// buildProject builds the project whose root is dir into
// dir/.goframe/bin/NAME and returns the binary's path. The compiler's
// output goes to env.Stderr as it printed it; a failed build is
// errBuildFailed.
func buildProject(dir string, env Env) (binPath string, err error) {
	ok, err := projectHasMain(dir)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", dir, err)
	}
	if !ok {
		return "", fmt.Errorf("%s has no main package: a goframe project's main.go (package main) calls app.Main(); goframe new NAME creates one", dir)
	}
	name, err := projectBinaryName(dir)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Join(dir, projectBinDir), 0o755); err != nil {
		return "", fmt.Errorf("creating the build directory: %w", err)
	}
	binPath = filepath.Join(dir, projectBinDir, name)
	cmd := exec.Command("go", "build", "-o", binPath, ".")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = env.Stderr, env.Stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", errBuildFailed
		}
		return "", fmt.Errorf("running go build: %w (is Go installed and on PATH?)", err)
	}
	return binPath, nil
}

// projectGoFiles returns the names of the .go files (tests included) in
// the project's root directory.
func projectGoFiles(root string) ([]string, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".go") {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// isNotExist reports whether err says a file does not exist.
func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
