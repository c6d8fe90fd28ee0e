package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/goframe/goframe/gateway"
)

// serveUsage is goframe serve's help.
const serveUsage = `usage: goframe serve [--no-reload] [server options]

Builds the project of the current folder (the nearest go.mod above it)
into .goframe/bin/NAME with the go command, and runs NAME serve with the
server options given, in the project's folder (relative paths in options
are relative to it). DEBUG=1 is set unless the environment sets DEBUG.
The server listens on 127.0.0.1:8000 unless --bind (-b), PORT or
GOFRAME_BIND says otherwise.

While it runs, goframe serve watches the project's files:
  - a Go file, go.mod, go.sum or a file embedded with //go:embed:
    rebuild, then restart the server (SIGTERM, then a new one). If the
    build fails, the compiler's errors are shown, the last good server
    keeps running, and the next change tries again;
  - templates/ and static/: nothing to do, the app reads them fresh in
    DEBUG (with DEBUG off, the server is restarted);
  - the --config file: restart the server.
If the server stops by itself, its exit status is shown and the next
change restarts it. Ctrl-C stops the server gracefully and exits 0.

Options:
  --no-reload   build once and run the server without watching; goframe
                serve exits with the server's status, and passes signals
                (HUP, TTIN, TTOU, ...) on to it
  -h, --help    show this help

Every other option goes to the app's serve command unchanged: --bind
(-b), --workers (-w), --threads, --timeout, --access-logfile... Options
after -- go to it too (goframe serve -- --help lists them).

Examples:
  goframe serve
  goframe serve --bind 127.0.0.1:9000 --workers 2 --access-logfile -
  PORT=3000 goframe serve
  goframe serve --no-reload --workers 0
  DEBUG=0 SECRET_KEY=... ALLOWED_HOSTS=localhost goframe serve --no-reload
`

// serveOptions is goframe serve's command line: its own options, and the
// app's serve arguments.
type serveOptions struct {
	NoReload bool
	Help     bool
	AppArgs  []string
}

// serveParseArgs splits args into goframe serve's own options and the
// app's serve arguments (the values of the app's options included, so
// that `--access-logformat -h` stays the app's).
func serveParseArgs(args []string) (serveOptions, error) {
	valued := map[string]bool{}
	for _, s := range gateway.Settings() {
		if s.Kind != gateway.KindBool {
			valued[s.Flag] = true
			if s.Short != "" {
				valued[s.Short] = true
			}
		}
	}
	var o serveOptions
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			o.AppArgs = append(o.AppArgs, args[i+1:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || a == "-" {
			o.AppArgs = append(o.AppArgs, a)
			continue
		}
		switch name {
		case "no-reload":
			o.NoReload = true
			if hasValue {
				switch strings.ToLower(value) {
				case "true", "1", "yes", "on":
				case "false", "0", "no", "off":
					o.NoReload = false
				default:
					return o, fmt.Errorf("--no-reload=%s: want true or false", value)
				}
			}
		case "h", "help":
			o.Help = true
		default:
			o.AppArgs = append(o.AppArgs, a)
			if valued[name] && !hasValue && i+1 < len(args) {
				i++
				o.AppArgs = append(o.AppArgs, args[i])
			}
		}
	}
	return o, nil
}

// serveSetup is what goframe serve resolved before it builds: the
// project, the server's environment and settings.
type serveSetup struct {
	Project *serveProject
	Args    []string        // the app's serve arguments
	Environ []string        // the server's (and the build's) environment
	Config  *gateway.Config // nil when the app is asked for help
	Debug   string          // DEBUG's value for the server
	Banner  serveBanner
	Filter  *watchFilter
	// Once: run the server once, without watching (--no-reload, or an
	// app option that prints and exits: --help, --check-config,
	// --print-config).
	Once bool
}

// servePrepare finds the project and resolves the server's settings; a
// problem is an error to show the user, with an exit status.
func servePrepare(o serveOptions, env Env) (*serveSetup, int, error) {
	dir := env.Dir
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, 1, fmt.Errorf("finding the current folder: %w", err)
		}
		dir = wd
	}
	p, err := serveFindProject(dir)
	if err != nil {
		return nil, 1, err
	}
	s := &serveSetup{Project: p, Args: o.AppArgs, Once: o.NoReload}
	s.Debug = env.getenv("DEBUG")
	if s.Debug == "" {
		s.Debug = "1"
	}
	s.Environ = append(os.Environ(), "DEBUG="+s.Debug)

	cfg, err := gateway.LoadConfig(o.AppArgs, s.Environ)
	switch {
	case errors.Is(err, gateway.ErrHelp):
		s.Once = true
		return s, 0, nil
	case err != nil:
		return nil, 2, fmt.Errorf("%w\nRun `goframe serve -- --help` for the server's options", err)
	}
	s.Config = cfg
	if cfg.PrintConfig || cfg.CheckConfig {
		s.Once = true
	}
	s.Banner = serveBanner{Name: p.Name, Dir: p.MainDir, Config: cfg, Debug: s.Debug,
		DatabaseURL: env.getenv("DATABASE_URL"), Reload: !s.Once}

	abs := func(d string) string {
		if filepath.IsAbs(d) {
			return filepath.Clean(d)
		}
		return filepath.Join(p.MainDir, d)
	}
	f := &watchFilter{Root: p.Root, ReadFresh: serveTruthy(s.Debug)}
	templates := []string{"templates"}
	if v := env.getenv("TEMPLATE_DIRS"); v != "" {
		templates = strings.Split(v, ",")
	}
	for _, d := range templates {
		if d = strings.TrimSpace(d); d != "" {
			f.TemplateDirs = append(f.TemplateDirs, abs(d))
		}
	}
	static := "static"
	if v := env.getenv("STATIC_DIR"); v != "" {
		static = v
	}
	f.StaticDirs = []string{abs(static)}
	if cfg.ConfigFile != "" {
		f.RestartFiles = []string{abs(cfg.ConfigFile)}
	}
	s.Filter = f
	return s, 0, nil
}

// Serve builds the project of the current folder and serves it, then
// rebuilds and restarts it as its files change, until SIGINT or SIGTERM
// (goframe serve --help says how). It returns the exit status.
func Serve(args []string, env Env) int {
	o, err := serveParseArgs(args)
	if err != nil {
		fmt.Fprintf(env.Stderr, "goframe serve: %v\nRun `goframe serve --help` for its options.\n", err)
		return 2
	}
	if o.Help {
		fmt.Fprint(env.Stdout, serveUsage)
		return 0
	}
	s, code, err := servePrepare(o, env)
	if err != nil {
		fmt.Fprintf(env.Stderr, "goframe serve: %v\n", err)
		return code
	}
	if s.Once {
		return serveOnce(s, env)
	}
	return serveDev(s, env)
}
