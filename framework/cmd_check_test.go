package framework

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// writeFiles writes files (name: content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCheckCommand(t *testing.T) {
	t.Parallel()
	good := map[string]string{
		"base.html":         "<title>{% block title %}{% endblock %}</title>{% block body %}{% endblock %}",
		"blog/post.html":    "{% extends \"base.html\" %}\n{% block body %}{{ post.title|upper }}{% endblock %}",
		".hidden/junk.html": "{% broken",
	}
	tests := []struct {
		name      string
		templates map[string]string
		edit      func(c *Config)
		env       map[string]string
		args      []string
		code      int
		out       string   // exactly (stdout when it passes, stderr when it fails)
		has       []string // substrings of it
	}{
		{name: "all good", templates: good, code: ExitOK, out: "System check identified no issues.\n"},
		{name: "broken templates", templates: map[string]string{
			"base.html":          good["base.html"],
			"blog/post.html":     "{% extends \"base.html\" %}\n{% block body %}\n{{ post.title|frobnicate }}{% endblock %}",
			"blog/list.html":     "{% extends \"base.html\" %}\n\n{% block body %}{% for p in posts %}{% endblock %}",
			"blog/missing.html":  "{% extends \"nowhere.html\" %}",
			"emails/welcome.txt": "Hello {{ name }}\n\n{% include 'emails/footer.txt' %}",
		}, code: ExitFailure, has: []string{
			"System check identified some issues:\n\nERRORS:\n",
			"blog/post.html:3:", "(templates.E001)", `frobnicate`,
			"blog/list.html:3:",
			"blog/missing.html:1: (templates.E001) {% extends %} names \"nowhere.html\", which does not exist\n",
			"emails/welcome.txt:3: (templates.E001) {% include %} names \"emails/footer.txt\", which does not exist\n",
			"\nSystem check identified 4 issues.\n",
		}},
		{name: "the configuration's problems, one issue each", templates: good, edit: func(c *Config) { c.SecretKey, c.AllowedHosts = "", nil },
			code: ExitFailure, has: []string{
				"ERRORS:\n?: (config.E001) SECRET_KEY is not set: set it in the environment",
				"\n?: (config.E001) ALLOWED_HOSTS is not set: list the host names",
				"System check identified 2 issues.\n",
			}},
		{name: "the environment is applied", templates: good, env: map[string]string{"SECRET_KEY": "short"},
			code: ExitFailure, has: []string{"?: (config.E001) SECRET_KEY is 5 characters: use at least 32 random ones\n"}},
		{name: "a database that does not open", templates: good, env: map[string]string{"DATABASE_URL": "mysql://db/app"},
			code: ExitFailure, has: []string{`?: (database.E001) framework: DATABASE_URL: orm: database URL "mysql://db/app": want sqlite:///relative/path`}},
		{name: "a missing template directory is a warning", edit: func(c *Config) { c.TemplateDirs = append(c.TemplateDirs, "/nonexistent/templates") },
			code: ExitOK, out: "System check identified some issues:\n\nWARNINGS:\n/nonexistent/templates: (templates.W001) The template directory (TEMPLATE_DIRS) does not exist.\n\nSystem check identified 1 issue.\n"},
		{name: "warnings fail at --fail-level WARNING", edit: func(c *Config) { c.TemplateDirs = []string{"/nonexistent/templates"} },
			args: []string{"--fail-level", "warning"}, code: ExitFailure, has: []string{"(templates.W001)"}},
		{name: "--deploy", templates: good, edit: func(c *Config) { c.Debug = true; c.SecretKey = "" }, args: []string{"--deploy"},
			code: ExitOK, has: []string{"?: (security.W018) You should not have DEBUG set to True in deployment.\n", "?: (security.W009) Your SECRET_KEY has 0 characters"}},
		{name: "a bad --fail-level", args: []string{"--fail-level", "INFO"}, code: ExitUsage, has: []string{`goframe: check: --fail-level "INFO": want ERROR or WARNING`}},
		{name: "templates from Config.TemplatesFS", edit: func(c *Config) {
			c.TemplatesFS = fstest.MapFS{"ok.html": {Data: []byte("{{ a }}")}, "sub/bad.html": {Data: []byte("x\n{% endfor %}")}}
		}, code: ExitFailure, has: []string{"sub/bad.html:2:", "(templates.E001)", "System check identified 1 issue.\n"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := cmdConfig(t)
			writeFiles(t, cfg.TemplateDirs[0], tc.templates)
			if tc.edit != nil {
				tc.edit(&cfg)
			}
			a := newCmdApp(t, cfg)
			r := run(t, a, tc.env, "", append([]string{"check"}, tc.args...)...)
			got, other := r.stdout, r.stderr
			if tc.code != ExitOK {
				got, other = r.stderr, r.stdout
			}
			if r.code != tc.code || other != "" {
				t.Errorf("exit status %d, want %d; stdout:\n%s\nstderr:\n%s", r.code, tc.code, r.stdout, r.stderr)
			}
			if tc.out != "" && got != tc.out {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.out)
			}
			for _, h := range tc.has {
				if !strings.Contains(got, h) {
					t.Errorf("output lacks %q:\n%s", h, got)
				}
			}
		})
	}
}
