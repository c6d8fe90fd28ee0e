package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestProjectRoot(t *testing.T) {
	t.Parallel()
	root := writeModule(t, "example.com/blog", map[string]string{"main.go": "package main\n", "templates/posts/list.html": ""})
	for _, start := range []string{root, filepath.Join(root, "templates"), filepath.Join(root, "templates", "posts")} {
		got, err := projectRoot(start)
		if err != nil || got != root {
			t.Errorf("projectRoot(%s) = %q, %v; want %q", start, got, err, root)
		}
	}
	none := t.TempDir()
	if _, err := projectRoot(none); err == nil || !strings.Contains(err.Error(), "no goframe project here (no go.mod in "+none+" or above)") {
		t.Errorf("projectRoot of a directory without go.mod: %v", err)
	}
}

func TestProjectModulePath(t *testing.T) {
	t.Parallel()
	tests := []struct{ gomod, want, err string }{
		{"module example.com/blog\n\ngo 1.26\n", "example.com/blog", ""},
		{"// a comment\nmodule blog // trailing\n", "blog", ""},
		{"module \"example.com/quoted\"\n", "example.com/quoted", ""},
		{"modulefoo x\nmodule\tb\n", "b", ""},
		{"go 1.26\n", "", "no module line"},
	}
	for _, tc := range tests {
		p := filepath.Join(t.TempDir(), "go.mod")
		if err := os.WriteFile(p, []byte(tc.gomod), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := projectModulePath(p)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: %q, %v; want an error with %q", tc.gomod, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q: %q, %v; want %q", tc.gomod, got, err, tc.want)
		}
	}
}

func TestProjectParseArgs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args      []string
		pos       []string
		module    string
		force     bool
		help      bool
		wantError string
	}{
		{[]string{"blog"}, []string{"blog"}, "", false, false, ""},
		{[]string{"blog", "--module", "m", "--force"}, []string{"blog"}, "m", true, false, ""},
		{[]string{"-module=m", "blog", "-force"}, []string{"blog"}, "m", true, false, ""},
		{[]string{"blog", "--", "--force"}, []string{"blog", "--force"}, "", false, false, ""},
		{[]string{"blog", "-h"}, []string{"blog"}, "", false, true, ""},
		{[]string{"--force=yes"}, nil, "", false, false, "option --force takes no value"},
		{[]string{"--module"}, nil, "", false, false, "option --module needs a value"},
		{[]string{"--mod", "x"}, nil, "", false, false, "unknown option --mod"},
	}
	for _, tc := range tests {
		var module string
		force := false
		pos, help, err := projectParseArgs(tc.args, []projectFlag{
			{name: "module", set: func(v string) { module = v }},
			{name: "force", isBool: true, set: func(string) { force = true }},
		})
		if tc.wantError != "" {
			if err == nil || err.Error() != tc.wantError {
				t.Errorf("%q: error %v, want %q", tc.args, err, tc.wantError)
			}
			continue
		}
		if err != nil || !slices.Equal(pos, tc.pos) || module != tc.module || force != tc.force || help != tc.help {
			t.Errorf("%q: %q module=%q force=%v help=%v err=%v", tc.args, pos, module, force, help, err)
		}
	}
}

func TestProjectSourceDir(t *testing.T) {
	t.Parallel()
	dir := projectSourceDir()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Dir(wd); dir != want {
		t.Errorf("projectSourceDir() = %q, want the module root %q (this package's directory's parent)", dir, want)
	}
}
