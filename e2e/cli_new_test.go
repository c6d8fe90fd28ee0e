//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The user's journey with the goframe tool: goframe new, the project's
// own tests, goframe generate resource, the pass-through commands, and
// the project's binary serving its pages, built as a user builds it.

var (
	cliNewOnce sync.Once
	cliNewBin  string
	cliNewSrc  string
	cliNewErr  error
)

// cliNewGoframe builds the goframe tool as make install does, with the
// source directory recorded by -ldflags, once, and returns its path and
// the source directory it knows: a symbolic link to the repository,
// which only the recorded value can name (the compiler records the
// repository's own path).
func cliNewGoframe(t *testing.T) (bin, src string) {
	t.Helper()
	cliNewOnce.Do(func() {
		root, err := filepath.Abs("..")
		if err != nil {
			cliNewErr = err
			return
		}
		cliNewSrc = filepath.Join(binDir, "goframe-src")
		if err := os.Symlink(root, cliNewSrc); err != nil {
			cliNewErr = err
			return
		}
		cliNewBin = filepath.Join(binDir, "goframe-installed")
		out, err := exec.Command("go", "build", "-o", cliNewBin,
			"-ldflags", "-X github.com/goframe/goframe/cli.SourceDir="+cliNewSrc, "github.com/goframe/goframe/cmd/goframe").CombinedOutput()
		if err != nil {
			cliNewErr = fmt.Errorf("building goframe: %v\n%s", err, out)
		}
	})
	if cliNewErr != nil {
		t.Fatal(cliNewErr)
	}
	return cliNewBin, cliNewSrc
}

// cliNewEnv is the environment of the commands: the test's, with
// modules resolved offline-capably (the module cache, else GOPROXY).
func cliNewEnv(extra ...string) []string {
	return append(append(os.Environ(), "GOFLAGS=-mod=mod"), extra...)
}

// cliNewRun runs a command in dir and returns its exit status and
// output.
func cliNewRun(t *testing.T, dir string, env []string, name string, args ...string) cmdResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s %v did not end (killed):\nstdout:\n%s\nstderr:\n%s", name, args, out.String(), errb.String())
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return cmdResult{code, out.String(), errb.String()}
}

// cliNewMust runs a command that must succeed, and returns its stdout.
func cliNewMust(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	r := cliNewRun(t, dir, env, name, args...)
	if r.code != 0 {
		t.Fatalf("%s %s: exit status %d\nstdout:\n%s\nstderr:\n%s", filepath.Base(name), strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// cliNewWant checks that out has each of wants.
func cliNewWant(t *testing.T, what, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, out)
		}
	}
}

func TestCLI_NewGenerateServe(t *testing.T) {
	t.Parallel()
	goframe, src := cliNewGoframe(t)
	env := cliNewEnv()
	work := t.TempDir()
	proj := filepath.Join(work, "blog")

	// goframe new: a project that builds, whose tests pass.
	out := cliNewMust(t, work, env, goframe, "new", "blog", "--module", "example.com/blog")
	cliNewWant(t, "goframe new's output", out, "Created blog (module example.com/blog) in "+proj+":\n", "  main.go\n",
		"  migrations/0001_initial.sql\n", "Ran go mod tidy", "Next steps:\n  cd blog\n")
	gomod, err := os.ReadFile(filepath.Join(proj, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	cliNewWant(t, "go.mod", string(gomod), "module example.com/blog\n", "replace github.com/goframe/goframe => "+src+"\n")
	if _, err := os.Stat(filepath.Join(proj, "go.sum")); err != nil {
		t.Errorf("no go.sum after goframe new: %v", err)
	}
	cliNewMust(t, proj, env, "go", "vet", "./...")
	cliNewWant(t, "go test -v", cliNewMust(t, proj, env, "go", "test", "-count=1", "-v", "./..."),
		"--- PASS: TestHome", "--- PASS: TestNotes_Add", "--- PASS: TestNotes_Invalid", "--- PASS: TestStaticFiles")
	// The initial migration is what the project's makemigrations makes.
	initial := filepath.Join(proj, "migrations", "0001_initial.sql")
	written, err := os.ReadFile(initial)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(initial)
	cliNewWant(t, "goframe makemigrations", cliNewMust(t, proj, env, goframe, "makemigrations", "--name", "initial"),
		"migrations/0001_initial.sql\n", "    - Create table note\n", "    - Create table auth_user\n")
	if made, err := os.ReadFile(initial); err != nil || !bytes.Equal(made, written) {
		t.Errorf("goframe new's initial migration is not what makemigrations makes (%v):\n%s\nmakemigrations:\n%s", err, written, made)
	}
	cliNewWant(t, "goframe makemigrations --check", cliNewMust(t, proj, env, goframe, "makemigrations", "--check"), "No changes detected\n")

	// A second goframe new of the same name is refused, and changes nothing.
	r := cliNewRun(t, work, env, goframe, "new", "blog")
	if r.code != 1 || r.stderr != "goframe new: blog already exists: choose another name or remove it\n" {
		t.Errorf("goframe new blog again: exit %d, stderr %q", r.code, r.stderr)
	}
	if again, _ := os.ReadFile(filepath.Join(proj, "go.mod")); !bytes.Equal(again, gomod) {
		t.Errorf("go.mod changed:\n%s", again)
	}

	// goframe generate resource: the model, its migration (from the
	// project's makemigrations), pages and tests, which pass unmodified.
	out = cliNewMust(t, proj, env, goframe, "generate", "resource", "post", "title:string", "body:text", "published:bool")
	cliNewWant(t, "goframe generate's output", out, "  post.go\n", "  templates/post/form.html\n", "  resources.go\n",
		"migrations/0002_create_post.sql\n    - Create table post\n", "goframe migrate")
	cliNewMust(t, proj, env, "go", "vet", "./...")
	cliNewWant(t, "go test -v", cliNewMust(t, proj, env, "go", "test", "-count=1", "-v", "./..."),
		"--- PASS: TestPost_Pages", "--- PASS: TestPost_Invalid", "--- PASS: TestHome")
	cliNewWant(t, "goframe makemigrations --check", cliNewMust(t, proj, env, goframe, "makemigrations", "--check"), "No changes detected\n")
	r = cliNewRun(t, proj, env, goframe, "generate", "resource", "post", "title:string")
	if r.code != 1 || !strings.Contains(r.stderr, "the post resource exists already: post.go,") {
		t.Errorf("generating post again: exit %d, stderr %q", r.code, r.stderr)
	}

	// Pass-through commands: the project's binary, its output and exit
	// status; a build error as the compiler printed it.
	cliNewWant(t, "goframe routes", cliNewMust(t, filepath.Join(proj, "templates"), env, goframe, "routes"),
		"GET     /posts/{id:int}/         posts:detail\n", "GET     /notes/                  notes:list\n")
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"frobnicate"}, 2, `goframe: unknown command "frobnicate"`},
		{[]string{"migrate", "0009"}, 1, `orm: no migration "0009"`},
	} {
		r := cliNewRun(t, proj, env, goframe, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.stderr) {
			t.Errorf("goframe %v: exit %d, stderr:\n%s\nwant %d and %q", tc.args, r.code, r.stderr, tc.code, tc.stderr)
		}
	}
	broken := filepath.Join(proj, "broken.go")
	os.WriteFile(broken, []byte("package main\n\nvar _ = undefinedThing\n"), 0o644)
	r = cliNewRun(t, proj, env, goframe, "routes")
	os.Remove(broken)
	if r.code != 1 || !strings.Contains(r.stderr, "broken.go:3:9: undefined: undefinedThing") || !strings.Contains(r.stderr, "does not build") {
		t.Errorf("goframe routes with a build error: exit %d, stderr:\n%s", r.code, r.stderr)
	}

	// The binary, built as a user builds it, holds its templates, static
	// files and migrations: it migrates and serves from elsewhere.
	bin := filepath.Join(work, "blog-bin")
	cliNewMust(t, proj, env, "go", "build", "-o", bin, ".")
	site := t.TempDir()
	prod := append(os.Environ(), "DEBUG=0", "SECRET_KEY="+strings.Repeat("e2e-secret-", 5), "ALLOWED_HOSTS=127.0.0.1",
		"DATABASE_URL=sqlite:///"+filepath.Join(site, "db.sqlite3"))
	cliNewWant(t, "blog migrate", cliNewMust(t, site, prod, bin, "migrate"),
		"Applying 0001_initial... OK\n", "Applying 0002_create_post... OK\n")
	// Users come with the project (auth.Install): createsuperuser.
	super := append(prod, "GOFRAME_SUPERUSER_PASSWORD=a-long-e2e-passphrase")
	cliNewMust(t, site, super, bin, "createsuperuser", "--noinput", "--username", "admin", "--email", "admin@example.com")
	r = cliNewRun(t, site, super, bin, "createsuperuser", "--noinput", "--username", "admin", "--email", "admin@example.com")
	if r.code == 0 || !strings.Contains(r.stderr, "admin") {
		t.Errorf("a second admin: exit %d, stderr %q", r.code, r.stderr)
	}
	cliNewServe(t, site, prod, bin)
}

var cliNewStylesheetRE = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)">`)

// cliNewServe serves the project's binary through the gateway and uses
// its pages as a browser does: the home page and its style sheet, then
// a post created through the generated form.
func cliNewServe(t *testing.T, dir string, env []string, bin string) {
	t.Helper()
	port := freePort(t)
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	log := filepath.Join(t.TempDir(), "serve.log")
	f, err := os.Create(log)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := exec.Command(bin, "serve", "--bind", fmt.Sprintf("127.0.0.1:%d", port), "--workers", "2")
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, f, f
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			b, _ := os.ReadFile(log)
			t.Logf("serve's output:\n%s", b)
		}
	}()
	waitDial(t, "tcp", fmt.Sprintf("127.0.0.1:%d", port))

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string, status int) (*http.Response, string) {
		t.Helper()
		resp, err := client.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		body := readAll(t, resp.Body)
		if resp.StatusCode != status {
			t.Fatalf("GET %s: status %d, want %d\n%s", path, resp.StatusCode, status, body)
		}
		return resp, body
	}

	_, home := get("/", 200)
	cliNewWant(t, "the home page", home, "<title>Blog</title>", "Welcome to Blog", `<a href="/posts/">Posts</a>`)
	m := cliNewStylesheetRE.FindStringSubmatch(home)
	if m == nil {
		t.Fatalf("the home page links no style sheet:\n%s", home)
	}
	resp, css := get(m[1], 200)
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") || !strings.Contains(css, "--accent") {
		t.Errorf("GET %s: %q\n%s", m[1], resp.Header.Get("Content-Type"), css)
	}

	_, list := get("/posts/", 200)
	cliNewWant(t, "the posts page", list, "No posts yet.")
	_, form := get("/posts/new/", 200)
	tok := csrfFieldRE.FindStringSubmatch(form)
	if tok == nil {
		t.Fatalf("the form has no CSRF token:\n%s", form)
	}
	values := url.Values{"csrfmiddlewaretoken": {tok[1]}, "title": {"Through the gateway"}, "body": {"Served by a worker."}, "published": {"on"}}
	req, _ := http.NewRequest("POST", base+"/posts/new/", strings.NewReader(values.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/posts/1/" {
		t.Fatalf("POST /posts/new/: %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, detail := get("/posts/1/", 200)
	cliNewWant(t, "the post's page", detail, "<h1>Through the gateway</h1>", "Served by a worker.", "Post created.")
}
