package cli

import (
	"bytes"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goframe/goframe/templates"
)

// runCLI runs the goframe tool in process, in dir, and returns its exit
// status and output.
func runCLI(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Dir: dir})
	return code, out.String(), errb.String()
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestNew_WritesTheProject(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args       []string
		name       string // the directory and binary
		module     string
		title      string
		subdir     string // --dir
		moduleLine string
	}{
		{[]string{"blog"}, "blog", "blog", "Blog", "", "module blog\n"},
		{[]string{"blog", "--module", "example.com/blog"}, "blog", "example.com/blog", "Blog", "", "module example.com/blog\n"},
		{[]string{"--module=github.com/you/my-site", "my-site"}, "my-site", "github.com/you/my-site", "My Site", "", "module github.com/you/my-site\n"},
		{[]string{"shop_2", "--dir", "projects"}, "shop_2", "shop_2", "Shop 2", "projects", "module shop_2\n"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			cwd := t.TempDir()
			if tc.subdir != "" {
				if err := os.Mkdir(filepath.Join(cwd, tc.subdir), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			code, out, errOut := runCLI(t, cwd, append([]string{"new", "--skip-tidy"}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
			}
			dir := filepath.Join(cwd, tc.subdir, tc.name)
			shown := filepath.Join(tc.subdir, tc.name)
			for _, want := range []string{
				"Created " + tc.name + " (module " + tc.module + ") in " + dir + ":\n",
				"  main.go\n", "  deploy/" + tc.name + ".service\n", "  migrations/0001_initial.sql\n", "  .gitignore\n",
				"Skipped go mod tidy", "Next steps:\n  cd " + shown + "\n", "goframe serve",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			if errOut != "" {
				t.Errorf("stderr %q, want none", errOut)
			}

			gomod := readFile(t, filepath.Join(dir, "go.mod"))
			src := projectSourceDir()
			for _, want := range []string{tc.moduleLine, "\ngo 1.26\n", "require github.com/goframe/goframe v0.0.0-00010101000000-000000000000\n",
				"replace github.com/goframe/goframe => " + src + "\n"} {
				if !strings.Contains(gomod, want) {
					t.Errorf("go.mod lacks %q:\n%s", want, gomod)
				}
			}
			if src == "" || !isGoframeSource(src) {
				t.Errorf("the goframe source directory %q (from this package's file) does not hold goframe's go.mod", src)
			}

			service := readFile(t, filepath.Join(dir, "deploy", tc.name+".service"))
			for _, want := range []string{
				"ExecStart=/srv/" + tc.name + "/bin/" + tc.name + " serve --bind unix:/run/" + tc.name + "/" + tc.name + ".sock --workers 4",
				"RuntimeDirectory=" + tc.name + "\n", "Environment=SECRET_KEY=", "Environment=ALLOWED_HOSTS=", "Environment=DATABASE_URL=", "Environment=STATIC_ROOT=/srv/" + tc.name + "/staticfiles\n",
				"NoNewPrivileges=yes\n", "ProtectSystem=strict\n",
			} {
				if !strings.Contains(service, want) {
					t.Errorf("%s.service lacks %q:\n%s", tc.name, want, service)
				}
			}
			nginx := readFile(t, filepath.Join(dir, "deploy", "nginx.conf"))
			for _, want := range []string{
				"server unix:/run/" + tc.name + "/" + tc.name + ".sock", "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
				"proxy_set_header X-Forwarded-Proto $scheme;", "alias /srv/" + tc.name + "/staticfiles/;", "expires max;",
			} {
				if !strings.Contains(nginx, want) {
					t.Errorf("nginx.conf lacks %q:\n%s", want, nginx)
				}
			}
			for _, want := range []string{"db.sqlite3\n", "/bin/\n", "/.goframe/\n", "/staticfiles/\n"} {
				if !strings.Contains(readFile(t, filepath.Join(dir, ".gitignore")), want) {
					t.Errorf(".gitignore lacks %q", want)
				}
			}
			if base := readFile(t, filepath.Join(dir, "templates", "base.html")); !strings.Contains(base, "<title>{% block title %}"+tc.title+"{% endblock %}</title>") {
				t.Errorf("base.html does not have the title %q:\n%s", tc.title, base)
			}
			if mig := readFile(t, filepath.Join(dir, "migrations", "0001_initial.sql")); !strings.Contains(mig, `CREATE TABLE "note"`) {
				t.Errorf("the initial migration does not create the note table:\n%s", mig)
			}
			checkProjectSources(t, dir)
		})
	}
}

// checkProjectSources checks that the project's Go files parse, that no
// template delimiter of the skeleton is left, and that its templates
// compile (what they extend and include exists).
func checkProjectSources(t *testing.T, dir string) {
	t.Helper()
	fset := token.NewFileSet()
	var tpls []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		text := readFile(t, p)
		if strings.Contains(text, "[[") || strings.Contains(text, "]]") {
			t.Errorf("%s holds a skeleton template delimiter", rel)
		}
		switch {
		case strings.HasSuffix(p, ".go"):
			f, err := parser.ParseFile(fset, p, text, parser.ParseComments)
			if err != nil {
				t.Errorf("%s does not parse: %v", rel, err)
			} else if f.Name.Name != "main" {
				t.Errorf("%s: package %s, want main", rel, f.Name.Name)
			}
		case strings.HasPrefix(rel, "templates"+string(filepath.Separator)):
			tpls = append(tpls, filepath.ToSlash(strings.TrimPrefix(rel, "templates"+string(filepath.Separator))))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	eng, err := templates.New(templates.Options{Dirs: []string{filepath.Join(dir, "templates")}})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range tpls {
		if _, err := eng.Get(name); err != nil {
			t.Errorf("template %s: %v", name, err)
		}
	}
	if len(tpls) < 5 {
		t.Errorf("templates %v: want base.html, home.html, notes/list.html, 404.html, 500.html and more", tpls)
	}
}

func TestNew_Refuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		prepare func(t *testing.T, cwd string)
		args    []string
		code    int
		stderr  string
	}{
		{"an empty directory of that name", func(t *testing.T, cwd string) { os.Mkdir(filepath.Join(cwd, "blog"), 0o755) },
			[]string{"blog"}, 1, "goframe new: blog already exists: choose another name or remove it\n"},
		{"a directory with files", func(t *testing.T, cwd string) {
			os.Mkdir(filepath.Join(cwd, "blog"), 0o755)
			os.WriteFile(filepath.Join(cwd, "blog", "notes.txt"), []byte("mine"), 0o644)
		}, []string{"blog"}, 1, "goframe new: blog already exists: choose another name or remove it\n"},
		{"a file of that name", func(t *testing.T, cwd string) { os.WriteFile(filepath.Join(cwd, "blog"), []byte("mine"), 0o644) },
			[]string{"blog"}, 1, "goframe new: blog already exists: choose another name or remove it\n"},
		{"no name", nil, []string{}, 2, "goframe new: missing the project's NAME (goframe new blog)\nrun 'goframe new --help' for usage\n"},
		{"two names", nil, []string{"blog", "shop"}, 2, `goframe new: one NAME expected, got ["blog" "shop"]`},
		{"capitals", nil, []string{"MyBlog"}, 2, `goframe new: project name "MyBlog": use lowercase letters, digits, - and _, starting with a letter (e.g. myblog)`},
		{"a digit first", nil, []string{"1blog"}, 2, `project name "1blog": use lowercase letters`},
		{"a slash", nil, []string{"a/b"}, 2, `project name "a/b": use lowercase letters`},
		{"dots", nil, []string{".."}, 2, `project name "..": use lowercase letters`},
		{"a trailing dash", nil, []string{"blog-"}, 2, `project name "blog-" ends with "-": end it with a letter or a digit`},
		{"a bad module", nil, []string{"blog", "--module", "example.com//blog"}, 2, `module path "example.com//blog": it has an empty element (//)`},
		{"a module with a space", nil, []string{"blog", "--module", "my blog"}, 2, `module path "my blog": ' ' is not allowed`},
		{"a standard library path", nil, []string{"fmt"}, 2, `module path "fmt": it is a standard library package's path: give --module a path such as example.com/blog`},
		{"an unknown option", nil, []string{"blog", "--modul", "x"}, 2, "goframe new: unknown option --modul\n"},
		{"an option without its value", nil, []string{"blog", "--module"}, 2, "goframe new: option --module needs a value\n"},
		{"a --dir that does not exist", nil, []string{"blog", "--dir", "nowhere"}, 2, "nowhere: no such directory: create it first\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cwd := t.TempDir()
			if tc.prepare != nil {
				tc.prepare(t, cwd)
			}
			before := listTree(t, cwd)
			code, out, errOut := runCLI(t, cwd, append([]string{"new", "--skip-tidy"}, tc.args...)...)
			if code != tc.code || !strings.Contains(errOut, tc.stderr) {
				t.Errorf("exit %d, stderr:\n%s\nwant %d and %q", code, errOut, tc.code, tc.stderr)
			}
			if out != "" {
				t.Errorf("stdout %q, want none", out)
			}
			if after := listTree(t, cwd); after != before {
				t.Errorf("the directory changed:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

// listTree describes the files under dir and their contents.
func listTree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b.WriteString(rel)
		if !d.IsDir() {
			b.WriteString(": " + readFile(t, p))
		}
		b.WriteString("\n")
		return nil
	})
	return b.String()
}

func TestNew_Help(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"new", "--help"}, {"new", "-h"}, {"new", "blog", "--help"}} {
		code, out, errOut := runCLI(t, t.TempDir(), args...)
		if code != 0 || errOut != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
		for _, want := range []string{"usage: goframe new NAME", "Options:\n", "--module PATH", "Examples:\n"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: usage lacks %q:\n%s", args, want, out)
			}
		}
	}
}

func TestNewValidateName(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"blog", "my-blog", "my_blog", "b2", "a"} {
		if err := newValidateName(name); err != nil {
			t.Errorf("%q: %v", name, err)
		}
	}
	tests := []struct{ name, want string }{
		{"", `project name "": use lowercase letters`},
		{"Blog", "(e.g. blog)"},
		{"My Blog", "(e.g. my-blog)"},
		{"blog.example", "(e.g. blog-example)"},
		{"_blog", `project name "_blog"`},
		{"blog_", `ends with "_"`},
		{"бlog", `project name "бlog"`},
		{strings.Repeat("a", 65), "too long"},
	}
	for _, tc := range tests {
		err := newValidateName(tc.name)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want an error with %q", tc.name, err, tc.want)
		}
	}
}

func TestNewValidateModule(t *testing.T) {
	t.Parallel()
	for _, m := range []string{"blog", "example.com/blog", "github.com/You/My-Site", "gopkg.in/x.v2", "example.com/a/b_c~d"} {
		if err := newValidateModule(m); err != nil {
			t.Errorf("%q: %v", m, err)
		}
	}
	tests := []struct{ path, want string }{
		{"", "empty"},
		{"/blog", "starts or ends with a slash"},
		{"example.com/", "starts or ends with a slash"},
		{"example.com/../x", `the element ".."`},
		{".hidden/x", `element ".hidden" starts or ends with a dot`},
		{"example.com/blog!", `'!' is not allowed`},
		{"net/http", "standard library"},
	}
	for _, tc := range tests {
		err := newValidateModule(tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want an error with %q", tc.path, err, tc.want)
		}
	}
}

func TestNewTitle(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{"blog": "Blog", "my_blog": "My Blog", "my-site-2": "My Site 2"} {
		if got := newTitle(name); got != want {
			t.Errorf("newTitle(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestNew_WithoutTheSourceDirectory(t *testing.T) {
	t.Parallel()
	cwd := t.TempDir()
	var out, errb bytes.Buffer
	code := newCommand([]string{"blog"}, Env{Stdout: &out, Stderr: &errb, Dir: cwd}, "")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"does not know where goframe's source is", "go mod edit -replace github.com/goframe/goframe=/path/to/goframe\n", "  go mod tidy\n"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errb.String())
		}
	}
	if gomod := readFile(t, filepath.Join(cwd, "blog", "go.mod")); strings.Contains(gomod, "replace") {
		t.Errorf("go.mod has a replace directive without a source directory:\n%s", gomod)
	}
	if strings.Contains(out.String(), "Ran go mod tidy") {
		t.Errorf("go mod tidy ran without goframe's source:\n%s", out.String())
	}
}

func TestNew_TidyFails(t *testing.T) {
	t.Parallel()
	cwd := t.TempDir()
	var out, errb bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errb, Dir: cwd, Getenv: func(k string) string {
		if k == "GOFLAGS" {
			return "-no-such-flag"
		}
		return os.Getenv(k)
	}}
	code := New([]string{"blog"}, env)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	want := "goframe new: the project is written, but go mod tidy failed (its messages are above).\nFix that, then run go mod tidy in blog.\n"
	if !strings.Contains(errb.String(), want) || !strings.Contains(errb.String(), "-no-such-flag") {
		t.Errorf("stderr:\n%s\nwant go's message and %q", errb.String(), want)
	}
	if _, err := os.Stat(filepath.Join(cwd, "blog", "main.go")); err != nil {
		t.Errorf("the files are gone after go mod tidy failed: %v", err)
	}
}
