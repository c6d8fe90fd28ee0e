//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The full stack: a goframe App (e2e/testdata/frameworkapp) built as a
// user builds theirs, whose binary runs its management commands, and
// serves through the gateway's master and workers.

// frameworkApp builds the test application once and returns its path.
func frameworkApp(t *testing.T) string {
	return builtBinary(t, "frameworkapp", "github.com/goframe/goframe/e2e/testdata/frameworkapp")
}

// appEnv is a production environment for the app whose database is in
// dir, with extra settings after it (the last of a name wins).
func appEnv(dir string, extra ...string) []string {
	return append([]string{
		"DEBUG=0",
		"SECRET_KEY=" + strings.Repeat("e2e-secret-", 5),
		"ALLOWED_HOSTS=127.0.0.1,localhost",
		"DATABASE_URL=sqlite:///" + filepath.Join(dir, "db.sqlite3"),
	}, extra...)
}

// cmdResult is the outcome of one command of the app.
type cmdResult struct {
	code           int
	stdout, stderr string
}

// runApp runs the app's command args in dir (its migrations are
// dir/migrations) with env, and waits for it to end.
func runApp(t *testing.T, dir string, env []string, args ...string) cmdResult {
	t.Helper()
	return runBinary(t, frameworkApp(t), dir, env, args...)
}

// runBinary runs the program bin with args in dir with env added to the
// environment, and waits for it to end.
func runBinary(t *testing.T, bin, dir string, env []string, args ...string) cmdResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%v did not end (killed):\nstdout:\n%s\nstderr:\n%s", args, out.String(), errb.String())
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return cmdResult{code, out.String(), errb.String()}
}

// appStep is a command and what it must do.
type appStep struct {
	env    []string
	args   []string
	code   int
	stdout []string // substrings
	stderr []string // substrings; none: stderr empty
}

func runAppSteps(t *testing.T, dir string, steps []appStep) {
	t.Helper()
	for _, s := range steps {
		r := runApp(t, dir, appEnv(dir, s.env...), s.args...)
		name := strings.Join(s.args, " ")
		if r.code != s.code {
			t.Errorf("%s: exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", name, r.code, s.code, r.stdout, r.stderr)
		}
		for _, w := range s.stdout {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("%s: stdout lacks %q:\n%s", name, w, r.stdout)
			}
		}
		for _, w := range s.stderr {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", name, w, r.stderr)
			}
		}
		if len(s.stderr) == 0 && r.stderr != "" {
			t.Errorf("%s: stderr %q, want none", name, r.stderr)
		}
	}
}

// TestFramework_Commands runs the management commands as a developer
// does, from a fresh project directory to a migrated database.
func TestFramework_Commands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	runAppSteps(t, dir, []appStep{
		{args: []string{"check"}, stdout: []string{"(migrations.W003) Your models have changes that are not yet reflected in a migration (Create table note)"}},
		{args: []string{"makemigrations"}, stdout: []string{"Migrations:\n  migrations/0001_initial.sql\n    - Create table note\n"}},
		{args: []string{"makemigrations"}, stdout: []string{"No changes detected\n"}},
		{args: []string{"check"}, stdout: []string{"(migrations.W001) You have 1 unapplied migration(s)."}},
		{args: []string{"showmigrations"}, stdout: []string{" [ ] 0001_initial\n"}},
		{args: []string{"migrate"}, stdout: []string{"Running migrations:\n  Applying 0001_initial... OK\n"}},
		{args: []string{"showmigrations"}, stdout: []string{" [X] 0001_initial\n"}},
		{args: []string{"check"}, stdout: []string{"System check identified no issues.\n"}},
		{args: []string{"sqlmigrate", "0001"}, stdout: []string{"BEGIN;\nCREATE TABLE \"note\""}},
		{args: []string{"routes"}, stdout: []string{"GET     /api/notes  api_notes\n", "POST    /notes/     \n"}},
		{args: []string{"migrate", "0009"}, code: 1, stderr: []string{`goframe: migrate: orm: no migration "0009"`}},
		{args: []string{"check"}, env: []string{"DATABASE_URL=mysql://db/app"}, code: 1, stderr: []string{"(database.E001) framework: DATABASE_URL:", "System check identified 1 issue."}},
		{args: []string{"frobnicate"}, code: 2, stderr: []string{`goframe: unknown command "frobnicate"`, "  makemigrations  "}},
		{args: []string{"migrate", "--fake"}, code: 2, stderr: []string{"goframe: migrate: flag provided but not defined: -fake"}},
		{args: []string{"help", "serve"}, stdout: []string{"usage: frameworkapp serve [options]", "--workers INT"}},
		{args: []string{"version"}, env: []string{"SECRET_KEY="}, stdout: []string{"goframe "}},
	})
	if _, err := os.Stat(filepath.Join(dir, "migrations", "0001_initial.sql")); err != nil {
		t.Errorf("makemigrations wrote no file in the working directory: %v", err)
	}
}

// TestFramework_ConfigErrors: a configuration that cannot serve stops the
// program with one line per problem and status 2, before any worker.
func TestFramework_ConfigErrors(t *testing.T) {
	t.Parallel()
	serve := []string{"serve", "--bind", "127.0.0.1:0", "--workers", "2"}
	tests := []struct {
		name string
		env  []string
		args []string
		code int
		want string // stderr, exactly
	}{
		{"serve without SECRET_KEY", []string{"SECRET_KEY="}, serve, 2,
			"goframe: SECRET_KEY is not set: set it in the environment (a long random string, kept secret) or turn DEBUG on for development\n"},
		{"serve without SECRET_KEY and ALLOWED_HOSTS", []string{"SECRET_KEY=", "ALLOWED_HOSTS="}, serve, 2,
			"goframe: SECRET_KEY is not set: set it in the environment (a long random string, kept secret) or turn DEBUG on for development\n" +
				"goframe: ALLOWED_HOSTS is not set: list the host names this site answers to (e.g. example.com,.example.com) or turn DEBUG on for development\n"},
		{"serve with a database that does not open", []string{"DATABASE_URL=mysql://db/app"}, serve, 2,
			`goframe: serve: framework: DATABASE_URL: orm: database URL "mysql://db/app": want sqlite:///relative/path, sqlite:////absolute/path, sqlite::memory: or postgres://user@host/db` + "\n"},
		{"migrate without SECRET_KEY", []string{"SECRET_KEY="}, []string{"migrate"}, 2,
			"goframe: SECRET_KEY is not set: set it in the environment (a long random string, kept secret) or turn DEBUG on for development\n"},
		{"a DEBUG that does not parse", []string{"DEBUG=perhaps"}, serve, 2,
			`goframe: DEBUG="perhaps": want true or false (1/0, yes/no, on/off)` + "\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			r := runApp(t, dir, appEnv(dir, tc.env...), tc.args...)
			if r.code != tc.code || r.stderr != tc.want || r.stdout != "" {
				t.Errorf("exit status %d, stdout %q, stderr:\n%s\nwant %d and:\n%s", r.code, r.stdout, r.stderr, tc.code, tc.want)
			}
		})
	}
	// check lists the configuration's problems among its own, exit 1.
	dir := t.TempDir()
	r := runApp(t, dir, appEnv(dir, "SECRET_KEY="), "check")
	if r.code != 1 || !strings.Contains(r.stderr, "?: (config.E001) SECRET_KEY is not set") {
		t.Errorf("check without SECRET_KEY: exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

var csrfFieldRE = regexp.MustCompile(`name="csrfmiddlewaretoken" value="([^"]*)"`)

// TestFramework_Serve serves the app through the gateway with two
// workers — the binary re-executed as `serve` — and requests its pages
// as a browser does, then stops it with SIGTERM.
func TestFramework_Serve(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	runAppSteps(t, dir, []appStep{
		{args: []string{"makemigrations"}, stdout: []string{"0001_initial.sql"}},
		{args: []string{"migrate"}, stdout: []string{"Applying 0001_initial... OK"}},
	})
	frameworkApp(t)
	p := startBinary(t, "frameworkapp", appEnv(dir), "--bind", "127.0.0.1:0", "--workers", "2")
	master := p.cmd.Process.Pid
	waitWorkers(t, master, 2)
	workers := children(master)
	base := "http://" + p.addr()

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := client.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		return resp, readAll(t, resp.Body)
	}

	// A rendered page: a template extending another, autoescaped, with
	// {% url %} reversed through the App's routes.
	resp, body := get("/")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(body, "<title>Home &amp; garden</title>") || !strings.Contains(body, `<a href="/notes/">notes</a>`) {
		t.Errorf("GET /: %d %q\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("GET /: no security headers: %v", resp.Header)
	}

	// A JSON view, answered by a worker, which opened the database.
	apiNotes := func() (notes, pid int) {
		t.Helper()
		resp, body := get("/api/notes")
		var v struct{ Notes, Pid int }
		if err := json.Unmarshal([]byte(body), &v); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" || err != nil {
			t.Fatalf("GET /api/notes: %d %q %q: %v", resp.StatusCode, resp.Header.Get("Content-Type"), body, err)
		}
		return v.Notes, v.Pid
	}
	n, pid := apiNotes()
	if n != 0 || !slices.Contains(workers, pid) {
		t.Errorf("GET /api/notes: %d notes from pid %d; the workers are %v (master %d)", n, pid, workers, master)
	}

	// A 404 and a redirect by route name.
	if resp, _ := get("/no/such/page"); resp.StatusCode != 404 {
		t.Errorf("GET /no/such/page: %d", resp.StatusCode)
	}
	if resp, _ := get("/old-home"); resp.StatusCode != 301 || resp.Header.Get("Location") != "/" {
		t.Errorf("GET /old-home: %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	// A form: the page, then a POST with the page's CSRF token and the
	// cookies it set, as a browser sends it. Without the token: 403.
	resp, body = get("/notes/")
	if resp.StatusCode != 200 || !strings.Contains(body, "<li>no notes</li>") {
		t.Fatalf("GET /notes/: %d\n%s", resp.StatusCode, body)
	}
	post := func(form url.Values) *http.Response {
		req, _ := http.NewRequest("POST", base+"/notes/", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", base)
		req.Header.Set("Referer", base+"/notes/")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post(url.Values{"text": {"forged"}}); resp.StatusCode != 403 {
		t.Errorf("POST /notes/ without a CSRF token: %d, want 403", resp.StatusCode)
	}
	m := csrfFieldRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the form has no CSRF token:\n%s", body)
	}
	resp = post(url.Values{"text": {"written through the gateway"}, "csrfmiddlewaretoken": {m[1]}})
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/notes/" {
		t.Errorf("POST /notes/: %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, body := get("/notes/"); !strings.Contains(body, "<li>written through the gateway</li>") {
		t.Errorf("the note is not listed:\n%s", body)
	}
	// Every worker reads the one database.
	seen := map[int]bool{}
	for i := 0; i < 50 && len(seen) < 2; i++ {
		n, pid := apiNotes()
		if n != 1 {
			t.Fatalf("worker %d counts %d notes, want 1", pid, n)
		}
		seen[pid] = true
	}

	// SIGTERM: a graceful stop, status 0, no worker left.
	p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.wait(t, 30*time.Second); code != 0 {
		t.Errorf("exit status %d after SIGTERM", code)
	}
	for _, w := range workers {
		if alive(w) {
			t.Errorf("worker %d still running after the master exited", w)
		}
	}
	if out := p.stderr.String(); strings.Contains(out, "level=ERROR") || strings.Count(out, "msg=\"booting worker\"") != 2 {
		t.Errorf("the server's log:\n%s", out)
	}
}
