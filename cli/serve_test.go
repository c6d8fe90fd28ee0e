package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goframe/goframe/gateway"
)

// writeFiles writes files (path → content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const (
	testGoMod  = "module example.com/blog\n\ngo 1.26\n\nrequire github.com/goframe/goframe v0.0.0\n"
	testMainGo = "package main\n\nfunc main() {}\n"
)

func TestServeParseArgs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args     []string
		want     serveOptions
		wantErr  string
		describe string
	}{
		{args: nil, want: serveOptions{}},
		{args: []string{"--no-reload"}, want: serveOptions{NoReload: true}},
		{args: []string{"-no-reload", "--workers", "2"}, want: serveOptions{NoReload: true, AppArgs: []string{"--workers", "2"}}},
		{args: []string{"--no-reload=false", "-b", "127.0.0.1:9000"}, want: serveOptions{AppArgs: []string{"-b", "127.0.0.1:9000"}}},
		{args: []string{"--bind", "127.0.0.1:1", "--bind=unix:/x", "-w", "0", "--reuse-port"},
			want: serveOptions{AppArgs: []string{"--bind", "127.0.0.1:1", "--bind=unix:/x", "-w", "0", "--reuse-port"}}},
		{args: []string{"-h"}, want: serveOptions{Help: true}},
		{args: []string{"--workers", "2", "--help"}, want: serveOptions{Help: true, AppArgs: []string{"--workers", "2"}}},
		// A value of the app's option that looks like ours stays the app's.
		{args: []string{"--access-logformat", "--no-reload"}, want: serveOptions{AppArgs: []string{"--access-logformat", "--no-reload"}}},
		// After --, everything is the app's.
		{args: []string{"--no-reload", "--", "--help", "--no-reload"}, want: serveOptions{NoReload: true, AppArgs: []string{"--help", "--no-reload"}}},
		{args: []string{"--no-reload=maybe"}, wantErr: "--no-reload=maybe: want true or false"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			got, err := serveParseArgs(tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.NoReload != tt.want.NoReload || got.Help != tt.want.Help || !slices.Equal(got.AppArgs, tt.want.AppArgs) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestServeFindProject(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		files    map[string]string
		from     string // where goframe serve runs, relative to the tree
		wantMain string // relative to the tree
		wantRoot string
		wantName string
		wantErr  []string
	}{
		{name: "root", files: map[string]string{"go.mod": testGoMod, "main.go": testMainGo},
			from: ".", wantRoot: ".", wantMain: ".", wantName: "blog"},
		{name: "from a subfolder", files: map[string]string{"go.mod": testGoMod, "main.go": testMainGo, "templates/posts/list.html": "x", "models/post.go": "package models\n"},
			from: "templates/posts", wantRoot: ".", wantMain: ".", wantName: "blog"},
		{name: "from a library package", files: map[string]string{"go.mod": testGoMod, "main.go": testMainGo, "models/post.go": "package models\n"},
			from: "models", wantRoot: ".", wantMain: ".", wantName: "blog"},
		{name: "a main package in a subfolder of the module",
			files: map[string]string{"go.mod": strings.Replace(testGoMod, "example.com/blog", "github.com/goframe/goframe", 1) + "", "examples/shop/main.go": testMainGo, "examples/shop/templates/a.html": "x"},
			from:  "examples/shop/templates", wantRoot: ".", wantMain: "examples/shop", wantName: "shop"},
		{name: "the one command under cmd", files: map[string]string{"go.mod": testGoMod, "blog.go": "package blog\n", "cmd/blogd/main.go": testMainGo},
			from: ".", wantRoot: ".", wantMain: "cmd/blogd", wantName: "blogd"},
		{name: "a major version suffix", files: map[string]string{"go.mod": strings.Replace(testGoMod, "example.com/blog", "example.com/shop/v2", 1), "main.go": testMainGo},
			from: ".", wantRoot: ".", wantMain: ".", wantName: "shop"},
		{name: "no go.mod", files: map[string]string{"main.go": testMainGo},
			from: ".", wantErr: []string{"no goframe project here", "no go.mod in", "goframe new NAME"}},
		{name: "not a goframe module", files: map[string]string{"go.mod": "module example.com/other\n\ngo 1.26\n", "main.go": testMainGo},
			from: ".", wantErr: []string{"go.mod: module example.com/other does not require github.com/goframe/goframe", "goframe new NAME"}},
		{name: "no main package", files: map[string]string{"go.mod": testGoMod, "blog.go": "package blog\n"},
			from: ".", wantErr: []string{"no main package to build in", "app.Main()"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// A folder of its own, so that no go.mod above the tree
			// (t.TempDir is under the system's temporary folder) counts.
			dir := filepath.Join(t.TempDir(), "tree")
			writeFiles(t, dir, tt.files)
			p, err := serveFindProject(filepath.Join(dir, tt.from))
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("found %+v, want an error", p)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not say %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(dir, tt.wantRoot); p.Root != want {
				t.Errorf("root %s, want %s", p.Root, want)
			}
			if want := filepath.Join(dir, tt.wantMain); p.MainDir != want {
				t.Errorf("main package %s, want %s", p.MainDir, want)
			}
			if p.Name != tt.wantName {
				t.Errorf("name %q, want %q", p.Name, tt.wantName)
			}
			if want := filepath.Join(dir, tt.wantMain, ".goframe", "bin", tt.wantName); p.Bin() != want {
				t.Errorf("binary %s, want %s", p.Bin(), want)
			}
		})
	}
}

func TestWatchFilter_Classify(t *testing.T) {
	t.Parallel()
	root := filepath.Join(t.TempDir(), "blog")
	writeFiles(t, root, map[string]string{
		"go.mod":             testGoMod,
		"main.go":            "package main\n\nimport \"embed\"\n\n//go:embed emails/*.txt all:assets\nvar files embed.FS\n\nfunc main() {}\n",
		"native/lib.go":      "package native\n",
		"native/lib.c":       "int x;\n",
		"docs/notes.c":       "not a package\n",
		"emails/hello.txt":   "hi",
		"assets/_logo.svg":   "<svg/>",
		"templates/a.html":   "x",
		"static/app.css":     "x",
		"gateway.toml":       "workers = 1\n",
		"testdata/x/main.go": "package main\n",
	})
	embeds, err := serveEmbeds(root)
	if err != nil {
		t.Fatal(err)
	}
	if want := []watchEmbed{{root, "assets"}, {root, "emails/*.txt"}}; !slices.Equal(embeds, want) {
		t.Fatalf("embeds %v, want %v", embeds, want)
	}
	f := &watchFilter{
		Root:         root,
		TemplateDirs: []string{filepath.Join(root, "templates")},
		StaticDirs:   []string{filepath.Join(root, "static")},
		RestartFiles: []string{filepath.Join(root, "gateway.toml")},
		Embeds:       embeds,
	}
	tests := []struct {
		path string
		want watchKind
	}{
		{"main.go", watchRebuild},
		{"models/post.go", watchRebuild},
		{"go.mod", watchRebuild},
		{"go.sum", watchRebuild},
		{"go.work", watchRebuild},
		{"native/lib.c", watchRebuild},
		{"emails/hello.txt", watchRebuild},   // embedded
		{"emails/new/deep.txt", watchIgnore}, // emails/*.txt does not reach it
		{"assets/_logo.svg", watchRebuild},   // all:assets
		{"assets/img/new.png", watchRebuild}, // a folder embeds what is under it
		{"templates/a.html", watchTemplate},  //
		{"templates/posts/list.html", watchTemplate},
		{"static/app.css", watchStatic},
		{"static/img/logo.png", watchStatic},
		{"gateway.toml", watchRestart},
		{"main_test.go", watchIgnore}, // tests are not in the binary
		{"docs/notes.c", watchIgnore}, // no Go package there
		{"README.md", watchIgnore},
		{"db.sqlite3", watchIgnore},
		{"db.sqlite3-journal", watchIgnore},
		{"db.sqlite3-wal", watchIgnore},
		{".git/index", watchIgnore},
		{".git/hooks/pre-commit.go", watchIgnore},
		{".goframe/bin/blog", watchIgnore},
		{"node_modules/x/index.go", watchIgnore},
		{"vendor/github.com/x/y/y.go", watchIgnore},
		{"testdata/x/main.go", watchIgnore},
		{".main.go.swp", watchIgnore},
		{"main.go~", watchIgnore},
		{"4913", watchIgnore},
		{"templates/.#a.html", watchIgnore},
		{"templates/#a.html#", watchIgnore},
		{"../elsewhere/main.go", watchIgnore},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			if got := f.Classify(filepath.Join(root, filepath.FromSlash(tt.path))); got != tt.want {
				t.Errorf("Classify(%s) = %v, want %v", tt.path, got, tt.want)
			}
		})
	}
}

func TestServeBanner(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		env     []string
		banner  serveBanner
		want    []string
		notWant []string
	}{
		{name: "defaults", banner: serveBanner{Debug: "1", Reload: true},
			want: []string{"goframe serve: blog at http://127.0.0.1:8000/\n", "development (DEBUG=1), reloading on change", "workers   1\n",
				"DATABASE_URL is unset", "folder    /src/blog", "Ctrl-C stops"}},
		{name: "flags", args: []string{"--bind", "0.0.0.0:9000", "--workers", "3"},
			banner:  serveBanner{Debug: "true", Reload: true, DatabaseURL: "postgres://blog:s3cret@db:5432/blog?sslmode=disable"},
			want:    []string{"at http://127.0.0.1:9000/ (all interfaces)", "workers   3\n", "database  postgres://blog:xxxxx@db:5432/blog?sslmode=disable"},
			notWant: []string{"s3cret"}},
		{name: "PORT", env: []string{"PORT=3000"}, banner: serveBanner{Debug: "0", Reload: false},
			want: []string{"at http://127.0.0.1:3000/ (all interfaces)", "production settings (DEBUG=0), no reloading"}},
		{name: "several binds and TLS", args: []string{"-b", "[::1]:8443", "-b", "unix:/run/blog.sock", "--certfile", "c.pem", "--keyfile", "k.pem", "-w", "0"},
			banner:  serveBanner{Debug: "1", DatabaseURL: "host=db user=blog password=s3cret dbname=blog"},
			want:    []string{"at https://[::1]:8443/, unix:/run/blog.sock", "workers   0 (one process, no master)", "password=xxxxx"},
			notWant: []string{"s3cret"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := gateway.LoadConfig(tt.args, tt.env)
			if err != nil {
				t.Fatal(err)
			}
			b := tt.banner
			b.Name, b.Dir, b.Config = "blog", "/src/blog", cfg
			got := b.String()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("banner does not say %q:\n%s", w, got)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("banner shows %q:\n%s", w, got)
				}
			}
			if n := strings.Count(got, "\n"); n > 8 {
				t.Errorf("banner has %d lines, want it short:\n%s", n, got)
			}
		})
	}
}

func TestServeMaskURL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"sqlite:///db.sqlite3":              "sqlite:///db.sqlite3",
		"postgres://u:pw@h/db":              "postgres://u:xxxxx@h/db",
		"postgres://u@h/db":                 "postgres://u@h/db",
		"postgres://u:p%zz@h/db":            "postgres://u:xxxxx@h/db", // does not parse
		"host=h password='a b' dbname=d":    "host=h password=xxxxx dbname=d",
		"host=h PASSWORD = secret dbname=d": "host=h PASSWORD = xxxxx dbname=d",
	} {
		if got := serveMaskURL(in); got != want {
			t.Errorf("serveMaskURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestServe_refuses runs goframe serve where it must stop before building,
// and checks what it tells the user.
func TestServe_refuses(t *testing.T) {
	t.Parallel()
	project := filepath.Join(t.TempDir(), "blog")
	writeFiles(t, project, map[string]string{"go.mod": testGoMod, "main.go": testMainGo})
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.MkdirAll(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		dir        string
		args       []string
		wantCode   int
		wantStdout []string
		wantStderr []string
	}{
		{name: "help", dir: empty, args: []string{"--help"}, wantCode: 0,
			wantStdout: []string{"usage: goframe serve [--no-reload]", "Options:", "--no-reload", "Examples:", "goframe serve --bind"}},
		{name: "no project", dir: empty, wantCode: 1,
			wantStderr: []string{"goframe serve: no goframe project here", empty, "goframe new NAME"}},
		{name: "a bad server option", dir: project, args: []string{"--workers", "many"}, wantCode: 2,
			wantStderr: []string{"goframe serve: ", "--workers", "many", "goframe serve -- --help"}},
		{name: "an unknown server option", dir: project, args: []string{"--wrokers", "2"}, wantCode: 2,
			wantStderr: []string{"unknown flag --wrokers"}},
		{name: "a bad option of ours", dir: project, args: []string{"--no-reload=perhaps"}, wantCode: 2,
			wantStderr: []string{"--no-reload=perhaps: want true or false", "goframe serve --help"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := Main(append([]string{"serve"}, tt.args...), Env{Stdout: &stdout, Stderr: &stderr, Dir: tt.dir, Getenv: func(string) string { return "" }})
			if code != tt.wantCode {
				t.Errorf("exit status %d, want %d\nstderr: %s", code, tt.wantCode, stderr.String())
			}
			for _, w := range tt.wantStdout {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("stdout does not say %q:\n%s", w, stdout.String())
				}
			}
			for _, w := range tt.wantStderr {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr does not say %q:\n%s", w, stderr.String())
				}
			}
			if _, err := os.Stat(filepath.Join(tt.dir, ".goframe")); err == nil {
				t.Errorf("it built, or began to, in %s", tt.dir)
			}
		})
	}
}

// TestServeChild_Stop stops real processes: one that stops on SIGTERM,
// and one that ignores it and is killed when forced.
func TestServeChild_Stop(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		script string
		force  bool
		want   string
		code   int
	}{
		{name: "graceful", script: "trap 'exit 3' TERM\nwhile :; do sleep 0.05; done\n",
			want: "exited with status 3", code: 3},
		{name: "forced", script: "trap '' TERM\nwhile :; do sleep 0.05; done\n", force: true,
			want: "was killed by signal 9", code: 128 + 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			bin := filepath.Join(dir, "server")
			ready := filepath.Join(dir, "ready")
			// The script says it has set its trap by creating ready.
			script := "#!/bin/sh\n" + strings.Replace(tt.script, "\nwhile", "\n: > "+ready+"\nwhile", 1)
			if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			c, err := serveStart(bin, dir, nil, os.Environ(), &out, &out)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL) })
			for {
				if _, err := os.Stat(ready); err == nil {
					break
				}
				select {
				case <-c.done:
					t.Fatalf("the script exited early: %v %s", c.err, out.String())
				case <-time.After(10 * time.Millisecond):
				}
			}
			force := make(chan os.Signal, 1)
			timeout := serveStopTimeout
			if tt.force {
				force <- syscall.SIGINT // as a second Ctrl-C
				timeout = 1 << 62       // forever: only force ends the wait
			}
			c.Stop(timeout, force)
			got, code := c.Status()
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("status %q, want %q", got, tt.want)
			}
			if code != tt.code {
				t.Errorf("exit status %d, want %d", code, tt.code)
			}
		})
	}
}

func TestServePlanChanges(t *testing.T) {
	t.Parallel()
	root := "/src/blog"
	f := &watchFilter{Root: root,
		TemplateDirs: []string{root + "/templates"}, StaticDirs: []string{root + "/static"},
		RestartFiles: []string{root + "/gateway.toml"}}
	rel := func(p string) string { return strings.TrimPrefix(p, root+"/") }
	tests := []struct {
		name                  string
		files                 []string
		debug, running, built bool
		rebuild, restart      bool
		notes                 []string
	}{
		{name: "a Go file", files: []string{"main.go", "templates/a.html"}, debug: true, running: true, built: true,
			rebuild: true, notes: []string{"main.go changed: rebuilding"}},
		{name: "many Go files", files: []string{"a.go", "b.go", "c.go", "go.mod", "go.sum"}, debug: true, running: true, built: true,
			rebuild: true, notes: []string{"a.go, b.go, c.go and 2 more changed: rebuilding"}},
		{name: "a Go file mends a failed build", files: []string{"main.go"}, debug: true,
			rebuild: true, notes: []string{"main.go changed: rebuilding"}},
		{name: "a template in DEBUG", files: []string{"templates/a.html"}, debug: true, running: true, built: true,
			notes: []string{"templates/a.html changed (reloaded by the app)"}},
		{name: "a static file in DEBUG", files: []string{"static/app.css"}, debug: true, running: true, built: true,
			notes: []string{"static/app.css changed (served fresh by the app)"}},
		{name: "a template without DEBUG", files: []string{"templates/a.html"}, running: true, built: true,
			restart: true, notes: []string{"templates/a.html changed: restarting (DEBUG is off, so the app does not read them afresh)"}},
		{name: "the config file", files: []string{"gateway.toml"}, debug: true, running: true, built: true,
			restart: true, notes: []string{"gateway.toml changed: restarting"}},
		{name: "nothing of interest", files: []string{"README.md", "db.sqlite3"}, debug: true, running: true, built: true},
		{name: "after the server died", files: []string{"templates/a.html"}, debug: true, built: true,
			restart: true, notes: []string{"templates/a.html changed (reloaded by the app)", "starting the server again"}},
		{name: "after the server died, nothing of interest", files: []string{"notes.txt"}, debug: true, built: true},
		{name: "no good build yet", files: []string{"templates/a.html"}, debug: true,
			notes: []string{"templates/a.html changed (reloaded by the app)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var batch []string
			for _, p := range tt.files {
				batch = append(batch, root+"/"+p)
			}
			got := servePlanChanges(f, batch, rel, tt.debug, tt.running, tt.built)
			if got.Rebuild != tt.rebuild || got.Restart != tt.restart {
				t.Errorf("rebuild %v restart %v, want %v %v", got.Rebuild, got.Restart, tt.rebuild, tt.restart)
			}
			if !slices.Equal(got.Notes, tt.notes) {
				t.Errorf("notes %q, want %q", got.Notes, tt.notes)
			}
		})
	}
}
