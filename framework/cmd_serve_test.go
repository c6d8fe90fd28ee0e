package framework

import (
	"os"
	"strings"
	"testing"
)

func TestServeCommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		code   int
		stdout string
		stderr string // exactly
	}{
		{"a database that does not open stops it first", map[string]string{"DATABASE_URL": "mysql://db/app"}, []string{"--workers", "0", "--bind", "127.0.0.1:0"}, ExitUsage, "",
			`goframe: serve: framework: DATABASE_URL: orm: database URL "mysql://db/app": want sqlite:///relative/path, sqlite:////absolute/path, sqlite::memory: or postgres://user@host/db` + "\n"},
		{"the gateway checks its settings", nil, []string{"--workers", "0", "--check-config"}, ExitOK, "goframe: configuration OK\n", ""},
		{"--check-config opens no database", map[string]string{"DATABASE_URL": "mysql://db/app"}, []string{"--check-config"}, ExitOK, "goframe: configuration OK\n", ""},
		{"a bad gateway setting", nil, []string{"--workers", "many"}, ExitUsage, "", ""},
		{"workers re-execute the command line, which must be Run's", nil, []string{"--workers", "2", "--bind", "127.0.0.1:0"}, ExitUsage, "",
			"goframe: serve: with --workers 2 the gateway re-executes this binary with its own command line"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newCmdApp(t, cmdConfig(t))
			r := run(t, a, tc.env, "", append([]string{"serve"}, tc.args...)...)
			if r.code != tc.code || r.stdout != tc.stdout {
				t.Errorf("exit %d, stdout %q; want %d, %q (stderr %q)", r.code, r.stdout, tc.code, tc.stdout, r.stderr)
			}
			switch {
			case tc.name == "a bad gateway setting":
				if lines := strings.Split(strings.TrimSpace(r.stderr), "\n"); len(lines) != 1 || !strings.Contains(lines[0], "--workers") {
					t.Errorf("stderr %q: want one line naming --workers", r.stderr)
				}
			case strings.HasSuffix(tc.stderr, "\n"):
				if r.stderr != tc.stderr {
					t.Errorf("stderr %q, want %q", r.stderr, tc.stderr)
				}
			case !strings.HasPrefix(r.stderr, tc.stderr):
				t.Errorf("stderr %q, want it to start with %q", r.stderr, tc.stderr)
			}
		})
	}
	// The check above is about the test binary's own command line.
	if len(os.Args) > 1 && os.Args[1] == "serve" {
		t.Fatal("the test binary was run as serve")
	}
}
