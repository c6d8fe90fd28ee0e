package framework

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/goframe/goframe/gateway"
)

// serveCommand serves the App through the gateway.
type serveCommand struct{ app *App }

func (c *serveCommand) Summary() string {
	return "Serves the application with goframe's gateway (workers, timeouts, access log...)"
}

func (c *serveCommand) Usage() string {
	var flags bytes.Buffer
	gateway.WriteUsage(&flags)
	opts := flags.String()
	// WriteUsage opens with a synopsis and a paragraph, and ends with
	// examples, of its own: keep the options.
	if _, after, ok := strings.Cut(opts, "\n\n"); ok {
		if _, after2, ok := strings.Cut(after, "\n\n"); ok {
			opts = after2
		}
	}
	opts, _, _ = strings.Cut(opts, "\nExamples:\n")
	return `usage: {program} serve [options]

Serves the application with goframe's gateway, as Gunicorn serves a
Django project: a master process and --workers worker processes (this
same binary, re-executed with the same command line), or one process
with --workers 0. The database is opened first: a bad DATABASE_URL stops
the program (exit status 2) before any worker starts.

Every option is also a GOFRAME_* environment variable and a config-file
key (--config); PORT and WEB_CONCURRENCY are honoured as Gunicorn
honours them. SIGTERM stops gracefully, SIGINT and SIGQUIT at once, HUP
reloads the workers, TTIN and TTOU add and remove one.

Options:
` + opts + `
Examples:
  {program} serve
  {program} serve --bind 127.0.0.1:8000 --workers 4 --access-logfile -
  {program} serve --bind unix:/run/app.sock --workers 8 --max-requests 1000
  GOFRAME_WORKERS=4 {program} serve --check-config
`
}

// Run opens the database, then hands the command line to the gateway.
// A command line the gateway refuses, --check-config and --print-config
// go to it straight away: it reports them, and serves nothing.
func (c *serveCommand) Run(ctx context.Context, args []string) error {
	env := CommandEnvFrom(ctx)
	cfg, err := gateway.LoadConfig(args, os.Environ())
	if err == nil {
		err = cfg.Validate()
	}
	if err == nil && !cfg.CheckConfig && !cfg.PrintConfig {
		// The master starts its workers by re-executing this binary
		// with its command line (os.Args): it must be this one, so
		// that the workers run serve with these options too.
		if cfg.Workers > 0 && env.argv != nil && !slices.Equal(env.argv, os.Args[1:]) {
			return &ExitError{Code: ExitUsage, Err: fmt.Errorf("with --workers %d the gateway re-executes this binary with its own command line %q, not the arguments given to Run %q: call App.Main, or Run with os.Args[1:], or serve with --workers 0", cfg.Workers, os.Args[1:], env.argv)}
		}
		if _, err := c.app.OpenDB(); err != nil {
			return &ExitError{Code: ExitUsage, Err: err}
		}
		if ctx.Err() != nil {
			return nil // stopped (SIGTERM, SIGINT) before it started serving
		}
	}
	code := gateway.Program{Handler: c.app, Stdout: env.Stdout, Stderr: env.Stderr}.Main(args)
	if code != gateway.ExitOK {
		return &ExitError{Code: code} // the gateway said why
	}
	return nil
}
