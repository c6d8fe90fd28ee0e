package framework

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
)

// Main runs the management command named by the program's arguments
// (os.Args) and exits with its status: a project's main() is
//
//	func main() { app.Main() }
//
// and its binary is its manage.py: `blog serve`, `blog migrate`, `blog
// check`... `blog help` lists the commands. SIGINT and SIGTERM cancel
// the command's context (a migration in progress rolls back); serve
// handles them as the gateway does.
func (a *App) Main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second signal acts as it would without us
	}()
	code := a.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err := a.Close(); err != nil && code == ExitOK {
		fmt.Fprintf(os.Stderr, "goframe: closing the database: %v\n", err)
		code = ExitFailure
	}
	os.Exit(code)
}

// Run runs the management command args[0] with the arguments after it,
// writing to stdout and stderr, and returns the exit status (ExitOK,
// ExitFailure, ExitUsage, or a command's own): Main is Run with the
// process's arguments and streams.
//
// Before any command but help and version, Run applies the environment
// (DEBUG, SECRET_KEY, DATABASE_URL... see Config.FromEnv) over the
// configuration given to New and validates it: each problem is printed
// as one line, "goframe: SECRET_KEY is not set: ...", and Run returns
// ExitUsage without running the command. An unknown command prints the
// list of commands and returns ExitUsage; "help", "-h" and "--help" print
// it, and -h or --help after a command prints that command's help.
//
// Run changes the App's configuration only before the App serves: once
// it has served a request, a command whose environment would change it
// fails.
func (a *App) Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	hooks := runHooksFrom(ctx)
	env := CommandEnv{App: a, Program: programName(), Stdin: hooks.stdin, Stdout: stdout, Stderr: stderr, argv: slices.Clone(args)}
	if env.Stdin == nil {
		env.Stdin = os.Stdin
	}
	if len(args) == 0 {
		a.writeUsage(stderr, env.Program)
		return ExitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) == 0 {
			a.writeUsage(stdout, env.Program)
			return ExitOK
		}
		c, ok := a.commands[rest[0]]
		if !ok {
			fmt.Fprintf(stderr, "goframe: help: unknown command %q (%s help lists them)\n", rest[0], env.Program)
			return ExitUsage
		}
		writeCommandUsage(stdout, c, env.Program)
		return ExitOK
	}
	c, ok := a.commands[name]
	if !ok {
		fmt.Fprintf(stderr, "goframe: unknown command %q\n\n", name)
		a.writeUsage(stderr, env.Program)
		return ExitUsage
	}
	env.Name = name
	if wantsHelp(rest) {
		writeCommandUsage(stdout, c, env.Program)
		return ExitOK
	}
	need := needValid
	if n, ok := c.(configNeeds); ok {
		need = n.configNeeds()
	}
	if need < needNothing {
		getenv := hooks.getenv
		if getenv == nil {
			getenv = os.Getenv
		}
		if err := a.applyEnv(getenv, need == needValid); err != nil {
			printError(stderr, err)
			return ExitUsage
		}
	}
	err := c.Run(context.WithValue(ctx, commandEnvKey{}, env), rest)
	return exitStatus(stderr, err, c, env)
}

// configLevel is what a command needs of the configuration before it
// runs.
type configLevel int

const (
	needValid   configLevel = iota // the environment applied, and Validate passed (the default)
	needEnv                        // the environment applied (check validates itself)
	needNothing                    // nothing (version)
)

// configNeeds is implemented by the built-in commands that need less
// than a valid configuration.
type configNeeds interface{ configNeeds() configLevel }

// applyEnv applies the environment over the App's configuration and,
// with validate, checks it.
func (a *App) applyEnv(getenv func(string) string, validate bool) error {
	cfg, err := a.cfg.FromEnv(getenv)
	if err != nil {
		return err
	}
	// New filled in DEBUG's default hosts when the code turned Debug on:
	// if the environment turns it off, they are not the site's hosts.
	if a.cfg.Debug && !cfg.Debug && getenv(EnvAllowedHosts) == "" && slices.Equal(cfg.AllowedHosts, debugHosts()) {
		cfg.AllowedHosts = nil
	}
	if validate {
		if err := cfg.Validate(); err != nil {
			return err
		}
	}
	if err := a.reconfigure(cfg); err != nil {
		return err
	}
	if validate {
		return a.Validate()
	}
	return nil
}

// debugHosts are the hosts New allows with Debug and no ALLOWED_HOSTS.
func debugHosts() []string { return Config{Debug: true}.withDefaults().AllowedHosts }

// reconfigure gives the App a new configuration, rebuilding what New
// derives from it (the session store, static files, the logger) and
// dropping the template engine and the database so that they are made
// again from it. It refuses once the App has served, when requests may
// be using them. Every field New derives from the configuration must be
// copied here.
func (a *App) reconfigure(cfg Config) error {
	changed := envSettingsChanged(a.cfg, cfg)
	if len(changed) == 0 {
		return nil
	}
	if a.handler != nil {
		return fmt.Errorf("framework: the environment changes %s of an App that has served requests: run commands before serving", strings.Join(changed, ", "))
	}
	fresh := New(cfg)
	a.cfg, a.log, a.sessions, a.static = fresh.cfg, fresh.log, fresh.sessions, fresh.static
	a.engineOnce, a.engine, a.engineErr = sync.Once{}, nil, nil
	if a.db != nil {
		if err := a.db.Close(); err != nil {
			return fmt.Errorf("framework: closing the database before reopening it at %s: %w", EnvDatabaseURL, err)
		}
	}
	a.dbOnce, a.db, a.dbErr = sync.Once{}, nil, nil
	return nil
}

// envSettingsChanged names the settings the environment can set that
// differ between a and b.
func envSettingsChanged(a, b Config) []string {
	var out []string
	check := func(name string, same bool) {
		if !same {
			out = append(out, name)
		}
	}
	check(EnvDebug, a.Debug == b.Debug)
	check(EnvSecretKey, a.SecretKey == b.SecretKey)
	check(EnvSecretKeyFallbacks, slices.Equal(a.SecretKeyFallbacks, b.SecretKeyFallbacks))
	check(EnvAllowedHosts, slices.Equal(a.AllowedHosts, b.AllowedHosts))
	check(EnvDatabaseURL, a.DatabaseURL == b.DatabaseURL)
	check(EnvTemplateDirs, slices.Equal(a.TemplateDirs, b.TemplateDirs))
	check(EnvStaticURL, a.StaticURL == b.StaticURL)
	check(EnvStaticDir, a.StaticDir == b.StaticDir)
	check(EnvStaticRoot, a.StaticRoot == b.StaticRoot)
	check(EnvCSRFTrustedOrigins, slices.Equal(a.CSRFTrustedOrigins, b.CSRFTrustedOrigins))
	return out
}

// exitStatus prints a command's error and returns the exit status it
// maps to.
func exitStatus(stderr io.Writer, err error, c Command, env CommandEnv) int {
	var usage *UsageError
	var exit *ExitError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		writeCommandUsage(env.Stdout, c, env.Program)
		return ExitOK
	case errors.As(err, &usage):
		printError(stderr, fmt.Errorf("%s: %w", env.Name, usage))
		fmt.Fprintf(stderr, "Run '%s %s -h' for its options.\n", env.Program, env.Name)
		return ExitUsage
	case errors.As(err, &exit):
		if exit.Err != nil {
			printError(stderr, fmt.Errorf("%s: %w", env.Name, exit.Err))
		}
		return exit.Code
	}
	printError(stderr, fmt.Errorf("%s: %w", env.Name, err))
	return ExitFailure
}

// printError prints err on stderr, one "goframe: " line per line of it
// (errors.Join joins with newlines).
func printError(w io.Writer, err error) {
	for line := range strings.SplitSeq(err.Error(), "\n") {
		if line != "" {
			fmt.Fprintf(w, "goframe: %s\n", line)
		}
	}
}

// wantsHelp reports whether a command's arguments ask for its help.
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// writeUsage lists the commands.
func (a *App) writeUsage(w io.Writer, program string) {
	fmt.Fprintf(w, "usage: %s <command> [options] [arguments]\n\nCommands:\n", program)
	names := sortedKeys(a.commands)
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	fmt.Fprintf(w, "  %-*s  %s\n", width, "help", "Lists the commands, or shows a command's options (help NAME)")
	for _, n := range names {
		fmt.Fprintf(w, "  %-*s  %s\n", width, n, a.commands[n].Summary())
	}
	fmt.Fprintf(w, "\nRun '%s help <command>' or '%s <command> -h' for a command's options.\n", program, program)
	fmt.Fprintf(w, "The environment (%s, %s, %s, %s, ...) overrides the configuration in code.\n", EnvDebug, EnvSecretKey, EnvAllowedHosts, EnvDatabaseURL)
}

// writeCommandUsage prints a command's help.
func writeCommandUsage(w io.Writer, c Command, program string) {
	text := strings.ReplaceAll(c.Usage(), "{program}", program)
	io.WriteString(w, strings.TrimRight(text, "\n")+"\n")
}

// programName is the binary's name, for usage texts.
func programName() string {
	if len(os.Args) == 0 || os.Args[0] == "" {
		return "app"
	}
	return filepath.Base(os.Args[0])
}

// runHooks stand in for the process's environment and standard input,
// for tests of Run that must not depend on the machine's.
type runHooks struct {
	getenv func(string) string
	stdin  io.Reader
}

type runHooksKey struct{}

func withRunHooks(ctx context.Context, h runHooks) context.Context {
	return context.WithValue(ctx, runHooksKey{}, h)
}

func runHooksFrom(ctx context.Context) runHooks {
	h, _ := ctx.Value(runHooksKey{}).(runHooks)
	return h
}

// parseArgs parses a command's options wherever they are among its
// arguments (Django's way: `migrate 0002 --plan`), up to a "--" after
// which everything is an argument, and returns the arguments. A mistake
// is a *UsageError; -h is flag.ErrHelp.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &UsageError{Err: err}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if i := len(args) - len(rest); i > 0 && args[i-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// newFlagSet returns a command's flag set.
func newFlagSet(name string) *flag.FlagSet {
	return flag.NewFlagSet(name, flag.ContinueOnError)
}
