package framework

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCollectStaticCommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		root  bool // STATIC_ROOT set
		args  []string
		stdin string
		code  int
		has   []string // stdout
		err   string   // stderr, exactly
	}{
		{"STATIC_ROOT not set", false, []string{"--noinput"}, "", ExitUsage, nil,
			"goframe: collectstatic: STATIC_ROOT is not set: set it to the directory the web server serves /static/ from\n"},
		{"answered no", true, nil, "no\n", ExitFailure, []string{"This will overwrite existing files!", "Type 'yes' to continue, or 'no' to cancel: "},
			"goframe: collectstatic: collecting static files cancelled\n"},
		{"no answer", true, nil, "", ExitFailure, []string{"Are you sure you want to do this?"},
			"goframe: collectstatic: collecting static files cancelled\n"},
		{"an argument", true, []string{"--noinput", "here"}, "", ExitUsage, nil,
			"goframe: collectstatic: unexpected argument \"here\": collectstatic takes options only\nRun '" + programName() + " collectstatic -h' for its options.\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := cmdConfig(t)
			writeFiles(t, cfg.StaticDir, map[string]string{"css/site.css": "body{}"})
			root := filepath.Join(t.TempDir(), "collected")
			if tc.root {
				cfg.StaticRoot = root
			}
			a := newCmdApp(t, cfg)
			r := run(t, a, nil, tc.stdin, append([]string{"collectstatic"}, tc.args...)...)
			if r.code != tc.code || r.stderr != tc.err {
				t.Errorf("exit %d, stderr %q; want %d, %q", r.code, r.stderr, tc.code, tc.err)
			}
			for _, h := range tc.has {
				if !strings.Contains(r.stdout, h) {
					t.Errorf("stdout lacks %q:\n%s", h, r.stdout)
				}
			}
			if tc.root && !strings.Contains(r.stdout, root) && len(tc.has) > 0 {
				t.Errorf("the prompt does not name %s:\n%s", root, r.stdout)
			}
			if _, err := os.Stat(root); !os.IsNotExist(err) {
				t.Errorf("%s was written: %v", root, err)
			}
		})
	}
}

// The command runs App.CollectStatic and passes on its report.
func TestCollectStaticCommand_Reports(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--noinput"}, {"--no-input"}, {}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			cfg := cmdConfig(t)
			writeFiles(t, cfg.StaticDir, map[string]string{"css/site.css": "body{}", "js/app.js": "1"})
			cfg.StaticRoot = filepath.Join(t.TempDir(), "collected")
			a := newCmdApp(t, cfg)
			r := run(t, a, nil, "yes\n", append([]string{"collectstatic"}, args...)...)
			line := fmt.Sprintf("2 static files copied to '%s'", cfg.StaticRoot)
			if r.code != ExitOK || !strings.Contains(r.stdout, line) || r.stderr != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want it to say %q", r.code, r.stdout, r.stderr, line)
			}
			for _, name := range []string{"css/site.css", "js/app.js", "staticfiles.json"} {
				if _, err := os.Stat(filepath.Join(cfg.StaticRoot, name)); err != nil {
					t.Errorf("not collected: %v", err)
				}
			}
		})
	}
}
