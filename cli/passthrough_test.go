package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeModule writes a small module: go.mod with the module path and the
// files given.
func writeModule(t *testing.T, module string, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module " + module + "\n\ngo 1.26\n"
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// echoMain is a program that tells what it was run with, as a project's
// binary would be run: its arguments, DEBUG, its directory, its
// standard input; "fail" makes it exit with status 3.
const echoMain = `package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	wd, _ := os.Getwd()
	in, _ := io.ReadAll(os.Stdin)
	fmt.Printf("args=%q debug=%q wd=%s stdin=%q\n", os.Args[1:], os.Getenv("DEBUG"), wd, in)
	fmt.Fprintln(os.Stderr, "a line on stderr")
	if len(os.Args) > 1 && os.Args[1] == "fail" {
		os.Exit(3)
	}
}
`

func TestPassthrough_RunsTheProjectsBinary(t *testing.T) {
	t.Parallel()
	root := writeModule(t, "example.com/x/tool", map[string]string{"main.go": echoMain, "sub/dir/README": "x"})
	root, _ = filepath.EvalSymlinks(root)
	tests := []struct {
		name   string
		args   []string
		debug  string
		code   int
		stdout string
	}{
		{"a command with options", []string{"migrate", "--plan"}, "", 0, `args=["migrate" "--plan"] debug="1" wd=` + root + ` stdin="input"` + "\n"},
		{"DEBUG as the environment sets it", []string{"check"}, "0", 0, `args=["check"] debug="0"`},
		{"the binary's exit status", []string{"fail"}, "", 3, `args=["fail"]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Not parallel: the subtests share the project's build.
			var out, errb bytes.Buffer
			env := Env{Stdin: strings.NewReader("input"), Stdout: &out, Stderr: &errb, Dir: filepath.Join(root, "sub", "dir"),
				Getenv: func(k string) string {
					if k == "DEBUG" {
						return tc.debug
					}
					return ""
				}}
			code := Main(tc.args, env)
			if code != tc.code || !strings.Contains(out.String(), tc.stdout) {
				t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant %d and %q", code, out.String(), errb.String(), tc.code, tc.stdout)
			}
			if errb.String() != "a line on stderr\n" {
				t.Errorf("stderr %q, want the binary's own", errb.String())
			}
		})
	}
	if _, err := os.Stat(filepath.Join(root, ".goframe", "bin", "tool")); err != nil {
		t.Errorf("the binary is not in .goframe/bin, named for the module: %v", err)
	}
}

func TestPassthrough_Errors(t *testing.T) {
	t.Parallel()
	noProject := t.TempDir()
	broken := writeModule(t, "broken", map[string]string{"main.go": "package main\n\nfunc main() {\n\tundefinedThing()\n}\n"})
	library := writeModule(t, "lib", map[string]string{"lib.go": "package lib\n"})
	tests := []struct {
		name   string
		dir    string
		args   []string
		code   int
		stderr []string
	}{
		{"no project", noProject, []string{"migrate"}, 1, []string{
			"goframe: migrate: no goframe project here (no go.mod in " + noProject + " or above): run goframe new NAME first"}},
		{"a build error", broken, []string{"routes"}, 1, []string{
			"main.go:4:2: undefined: undefinedThing\n",
			"goframe: routes: the project in " + broken + " does not build: fix the errors above, then run it again\n"}},
		{"no main package", library, []string{"check"}, 1, []string{
			"goframe: check: " + library + " has no main package: a goframe project's main.go (package main) calls app.Main()"}},
		{"an unknown flag", noProject, []string{"--frob"}, 2, []string{"goframe: unknown flag --frob\n", "usage: goframe COMMAND"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runCLI(t, tc.dir, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, errOut)
			}
			for _, w := range tc.stderr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if out != "" {
				t.Errorf("stdout %q, want none", out)
			}
		})
	}
}
