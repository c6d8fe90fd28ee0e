package framework

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// testKey is a secret key Validate accepts.
var testKey = strings.Repeat("s3cr3t-", 8)

// cmdConfig is a valid production configuration whose files are all in
// a fresh temporary directory: the database, the templates, the
// migrations.
func cmdConfig(t *testing.T) Config {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	return Config{
		SecretKey:     testKey,
		AllowedHosts:  []string{"example.com"},
		DatabaseURL:   "sqlite:///" + filepath.Join(dir, "db.sqlite3"),
		TemplateDirs:  []string{filepath.Join(dir, "templates")},
		MigrationsDir: filepath.Join(dir, "migrations"),
		StaticDir:     filepath.Join(dir, "static"),
		Logger:        slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

// newCmdApp is New(cfg), closed at the end of the test.
func newCmdApp(t *testing.T, cfg Config) *App {
	t.Helper()
	a := New(cfg)
	t.Cleanup(func() { a.Close() })
	return a
}

// ran is the outcome of App.Run.
type ran struct {
	code           int
	stdout, stderr string
}

// run runs a command of a with the environment env (nothing else of the
// process's) and stdin, and returns what it printed.
func run(t *testing.T, a *App, env map[string]string, stdin string, args ...string) ran {
	t.Helper()
	var out, errb bytes.Buffer
	ctx := withRunHooks(context.Background(), runHooks{
		getenv: func(k string) string { return env[k] },
		stdin:  strings.NewReader(stdin),
	})
	code := a.Run(ctx, args, &out, &errb)
	return ran{code, out.String(), errb.String()}
}

// recordCommand records its calls.
type recordCommand struct {
	called bool
	args   []string
	env    CommandEnv
	err    error
}

func (c *recordCommand) Summary() string { return "Records its calls" }
func (c *recordCommand) Usage() string {
	return "usage: {program} record [--flag] ARGS\n\nRecords its calls.\n"
}
func (c *recordCommand) Run(ctx context.Context, args []string) error {
	c.called = true
	c.env = CommandEnvFrom(ctx)
	fs := newFlagSet("record")
	fs.Bool("flag", false, "")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	c.args = rest
	io.WriteString(c.env.Stdout, "out\n")
	return c.err
}

func TestApp_Run_ConfigErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		code Config
		env  map[string]string
		want []string // the lines of stderr
	}{
		{"nothing set", Config{}, nil, []string{
			"goframe: SECRET_KEY is not set: set it in the environment (a long random string, kept secret) or turn DEBUG on for development",
			"goframe: ALLOWED_HOSTS is not set: list the host names this site answers to (e.g. example.com,.example.com) or turn DEBUG on for development",
		}},
		{"secret key from the environment", Config{AllowedHosts: []string{"example.com"}}, map[string]string{"SECRET_KEY": "short"}, []string{
			"goframe: SECRET_KEY is 5 characters: use at least 32 random ones",
		}},
		{"DEBUG does not parse", Config{Debug: true}, map[string]string{"DEBUG": "maybe"}, []string{
			`goframe: DEBUG="maybe": want true or false (1/0, yes/no, on/off)`,
		}},
		{"DEBUG turned off keeps no debug hosts", Config{Debug: true, SecretKey: testKey}, map[string]string{"DEBUG": "0"}, []string{
			"goframe: ALLOWED_HOSTS is not set: list the host names this site answers to (e.g. example.com,.example.com) or turn DEBUG on for development",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.code.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
			a := newCmdApp(t, tc.code)
			rec := &recordCommand{}
			a.Command("record", rec)
			r := run(t, a, tc.env, "", "record")
			if r.code != ExitUsage {
				t.Errorf("exit status %d, want %d", r.code, ExitUsage)
			}
			if got := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n"); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("stderr:\n%s\nwant:\n%s", r.stderr, strings.Join(tc.want, "\n"))
			}
			if rec.called || r.stdout != "" {
				t.Errorf("the command ran (stdout %q)", r.stdout)
			}
		})
	}
}

func TestApp_Run_EnvironmentOverridesCode(t *testing.T) {
	t.Parallel()
	cfg := cmdConfig(t)
	cfg.SecretKey, cfg.AllowedHosts = "", nil
	a := newCmdApp(t, cfg)
	rec := &recordCommand{}
	a.Command("record", rec)
	db := "sqlite:///" + filepath.Join(t.TempDir(), "env.sqlite3")
	r := run(t, a, map[string]string{"SECRET_KEY": testKey, "ALLOWED_HOSTS": "a.example, .b.example", "DATABASE_URL": db}, "", "record")
	if r.code != ExitOK || !rec.called {
		t.Fatalf("exit %d, called %v, stderr %q", r.code, rec.called, r.stderr)
	}
	got := a.Config()
	if got.SecretKey != testKey || strings.Join(got.AllowedHosts, " ") != "a.example .b.example" || got.DatabaseURL != db {
		t.Errorf("config after Run: key %q hosts %q db %q", got.SecretKey, got.AllowedHosts, got.DatabaseURL)
	}
	if rec.env.App != a {
		t.Error("the command's env does not hold the App")
	}
}

func TestApp_Run_Usage(t *testing.T) {
	t.Parallel()
	prog := programName()
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     []string // substrings
		stderr     []string
		noStdout   bool
		commandRan bool
	}{
		{"no command", nil, ExitUsage, nil, []string{"usage: " + prog + " <command>", "  migrate ", "  serve ", "  help "}, true, false},
		{"help", []string{"help"}, ExitOK, []string{"Commands:", "  check ", "  record ", "Records its calls", "  version "}, nil, false, false},
		{"--help", []string{"--help"}, ExitOK, []string{"Commands:"}, nil, false, false},
		{"help NAME", []string{"help", "migrate"}, ExitOK, []string{"usage: " + prog + " migrate [options] [TARGET]", "Examples:", "  " + prog + " migrate zero"}, nil, false, false},
		{"help unknown", []string{"help", "frobnicate"}, ExitUsage, nil, []string{`goframe: help: unknown command "frobnicate"`}, true, false},
		{"unknown command", []string{"frobnicate"}, ExitUsage, nil, []string{`goframe: unknown command "frobnicate"`, "Commands:"}, true, false},
		{"-h after a command, whatever the configuration", []string{"record", "x", "-h"}, ExitOK, []string{"usage: " + prog + " record [--flag] ARGS"}, nil, false, false},
		{"--help of serve lists the gateway's options", []string{"serve", "--help"}, ExitOK, []string{"usage: " + prog + " serve [options]", "--workers INT", "--max-requests INT", "Examples:"}, nil, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// No SECRET_KEY: help must not need a valid configuration.
			a := newCmdApp(t, Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			rec := &recordCommand{}
			a.Command("record", rec)
			r := run(t, a, nil, "", tc.args...)
			if r.code != tc.code {
				t.Errorf("exit status %d, want %d (stderr %q)", r.code, tc.code, r.stderr)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
				}
			}
			for _, s := range tc.stderr {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
				}
			}
			if tc.noStdout && r.stdout != "" {
				t.Errorf("stdout %q, want none", r.stdout)
			}
			if rec.called != tc.commandRan {
				t.Errorf("command ran: %v", rec.called)
			}
		})
	}
}

func TestApp_Command(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		err    error
		code   int
		stdout string
		stderr string
		args2  []string // the arguments the command saw
	}{
		{"options anywhere", []string{"record", "a", "--flag", "b", "--", "--c"}, nil, ExitOK, "out\n", "", []string{"a", "b", "--c"}},
		{"an error is status 1, named", []string{"record"}, errors.New("it broke\nat two places"), ExitFailure, "out\n",
			"goframe: record: it broke\ngoframe: at two places\n", nil},
		{"an ExitError chooses", []string{"record"}, &ExitError{Code: 7}, 7, "out\n", "", nil},
		{"a usage error is 2", []string{"record"}, Usagef("want %d things", 2), ExitUsage, "out\n",
			"goframe: record: want 2 things\nRun '" + programName() + " record -h' for its options.\n", nil},
		{"an unknown option is a usage error", []string{"record", "--nope"}, nil, ExitUsage, "",
			"goframe: record: flag provided but not defined: -nope\nRun '" + programName() + " record -h' for its options.\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newCmdApp(t, cmdConfig(t))
			rec := &recordCommand{err: tc.err}
			a.Command("record", rec)
			r := run(t, a, nil, "", tc.args...)
			if r.code != tc.code || r.stdout != tc.stdout || r.stderr != tc.stderr {
				t.Errorf("got %d %q %q, want %d %q %q", r.code, r.stdout, r.stderr, tc.code, tc.stdout, tc.stderr)
			}
			if tc.args2 != nil && strings.Join(rec.args, "|") != strings.Join(tc.args2, "|") {
				t.Errorf("args %q, want %q", rec.args, tc.args2)
			}
			if rec.called && (rec.env.Name != "record" || rec.env.App != a) {
				t.Errorf("env: name %q app %p", rec.env.Name, rec.env.App)
			}
		})
	}
}

func TestApp_Command_Panics(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"", "help", "-x", "two words", "a/b"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a := New(Config{Debug: true})
			defer func() {
				p := recover()
				if p == nil || !strings.Contains(p.(error).Error(), "framework: command name") {
					t.Errorf("panic %v", p)
				}
			}()
			a.Command(name, &recordCommand{})
		})
	}
	t.Run("nil", func(t *testing.T) {
		t.Parallel()
		defer func() {
			if p := recover(); p == nil || !strings.Contains(p.(string), "nil Command") {
				t.Errorf("panic %v", p)
			}
		}()
		New(Config{Debug: true}).Command("x", nil)
	})
}

func TestApp_Command_ReplacesBuiltin(t *testing.T) {
	t.Parallel()
	a := newCmdApp(t, cmdConfig(t))
	rec := &recordCommand{}
	a.Command("routes", rec)
	if r := run(t, a, nil, "", "routes"); r.code != ExitOK || !rec.called {
		t.Errorf("exit %d, called %v", r.code, rec.called)
	}
}

func TestApp_Run_AfterServing(t *testing.T) {
	t.Parallel()
	a := newCmdApp(t, cmdConfig(t))
	a.Get("/", func(r *Request) Response { return Text("ok") })
	req := httptest.NewRequest("GET", "http://example.com/", nil)
	a.ServeHTTP(httptest.NewRecorder(), req)
	rec := &recordCommand{}
	a.Command("record", rec)
	// The same configuration: fine.
	if r := run(t, a, nil, "", "record"); r.code != ExitOK {
		t.Errorf("same configuration: exit %d %q", r.code, r.stderr)
	}
	// Another one: refused, as requests may be using the old.
	r := run(t, a, map[string]string{"DEBUG": "1"}, "", "record")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "goframe: framework: the environment changes DEBUG of an App that has served requests") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestVersionCommand(t *testing.T) {
	t.Parallel()
	// version needs no configuration, and ignores a broken one.
	a := newCmdApp(t, Config{})
	r := run(t, a, map[string]string{"DEBUG": "maybe"}, "", "version")
	want := "goframe (devel) " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH + "\n"
	if r.code != ExitOK || !strings.HasPrefix(r.stdout, want) || r.stderr != "" {
		t.Errorf("got %d %q %q, want %q", r.code, r.stdout, r.stderr, want)
	}
	if r := run(t, a, nil, "", "version", "extra"); r.code != ExitUsage {
		t.Errorf("version extra: exit %d", r.code)
	}
}

func TestCommandEnvFrom_OutsideRun(t *testing.T) {
	t.Parallel()
	env := CommandEnvFrom(context.Background())
	if env.App != nil || env.Stdout != os.Stdout || env.Stderr != os.Stderr || env.Stdin != os.Stdin || env.Program == "" {
		t.Errorf("CommandEnvFrom outside Run: %+v", env)
	}
}
