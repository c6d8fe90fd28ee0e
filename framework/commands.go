package framework

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit statuses of Main and Run, as the gateway's.
const (
	// ExitOK is a command that succeeded.
	ExitOK = 0
	// ExitFailure is a command that failed (a migration, a check that
	// found errors).
	ExitFailure = 1
	// ExitUsage is a bad command line or a bad setting: nothing ran.
	ExitUsage = 2
)

// Command is a management command, as Django's: a project's binary runs
// it as `PROGRAM NAME [options] [arguments]` through App.Main. Each
// command is a small type with its own flag.FlagSet, built into the App
// (serve, migrate, makemigrations, showmigrations, sqlmigrate,
// collectstatic, routes, check, version) or added with App.Command.
//
// Run gets the arguments after the command's name; it finds the App and
// the output streams in its context (CommandEnvFrom). Its error becomes
// the exit status: nil is 0, flag.ErrHelp prints Usage (0), a
// *UsageError is 2, an *ExitError its Code, anything else 1 — each
// printed on stderr as "goframe: ..." (one line per line of the error).
// Before Run, the App applies the environment to its configuration and
// validates it: a command never runs with a configuration that cannot
// serve.
type Command interface {
	// Summary is one line for the list of commands.
	Summary() string
	// Usage is the command's help, printed for -h, --help and `help
	// NAME`: a synopsis ("usage: {program} NAME [options] ..."), what
	// the command does, its Options and Examples. "{program}" stands
	// for the program's name.
	Usage() string
	// Run runs the command with the arguments after its name.
	Run(ctx context.Context, args []string) error
}

// CommandEnv is what a running command is given through its context.
type CommandEnv struct {
	// App is the application whose command runs.
	App *App
	// Name is the name the command was called by; Program the program's
	// (its binary's base name).
	Name, Program string
	// Stdin, Stdout and Stderr are the command's streams: Main's are
	// the process's, Run's are the writers given to it.
	Stdin          io.Reader
	Stdout, Stderr io.Writer

	argv []string // the whole command line after the program name
}

type commandEnvKey struct{}

// CommandEnvFrom returns the CommandEnv of a command's context. Outside
// App.Run (a command's Run called directly), its streams are the
// process's and App is nil.
func CommandEnvFrom(ctx context.Context) CommandEnv {
	env, _ := ctx.Value(commandEnvKey{}).(CommandEnv)
	if env.Stdin == nil {
		env.Stdin = os.Stdin
	}
	if env.Stdout == nil {
		env.Stdout = os.Stdout
	}
	if env.Stderr == nil {
		env.Stderr = os.Stderr
	}
	if env.Program == "" {
		env.Program = programName()
	}
	return env
}

// UsageError is a mistake on a command's line (a missing argument, an
// unknown option): Run prints it with a hint to the command's help and
// exits with ExitUsage.
type UsageError struct{ Err error }

// Error returns the mistake.
func (e *UsageError) Error() string { return e.Err.Error() }

// Unwrap returns the mistake.
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef returns a *UsageError with a formatted message.
func Usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// ExitError ends a command with an exit status of its choosing; Err, if
// not nil, is printed as any error is. A command that has already told
// the user what went wrong returns an ExitError with a nil Err.
type ExitError struct {
	Code int
	Err  error
}

// Error returns the error's text, or the status.
func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

// Unwrap returns Err.
func (e *ExitError) Unwrap() error { return e.Err }

// Command adds a management command to the App, or replaces the built-in
// one of that name (as a Django project's command overrides Django's).
// A name must be a word (letters, digits, '-', '_', not starting with
// '-'); "help" is reserved. A bad name or a nil command panics: it is a
// mistake in the program, found when it starts.
func (a *App) Command(name string, c Command) {
	if err := checkCommandName(name); err != nil {
		panic(err)
	}
	if c == nil {
		panic(fmt.Sprintf("framework: command %q: nil Command", name))
	}
	a.commands[name] = c
}

func checkCommandName(name string) error {
	if name == "" || strings.HasPrefix(name, "-") || strings.TrimFunc(name, func(r rune) bool {
		return r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}) != "" {
		return fmt.Errorf("framework: command name %q: want letters, digits, '-' and '_', not starting with '-'", name)
	}
	if name == "help" {
		return errors.New(`framework: command name "help" is reserved: Run lists the commands with it`)
	}
	return nil
}

// registerBuiltinCommands adds the built-in commands; New calls it.
func (a *App) registerBuiltinCommands() {
	for name, c := range map[string]Command{
		"serve":          &serveCommand{app: a},
		"migrate":        &migrateCommand{app: a},
		"makemigrations": &makeMigrationsCommand{app: a},
		"showmigrations": &showMigrationsCommand{app: a},
		"sqlmigrate":     &sqlMigrateCommand{app: a},
		"collectstatic":  &collectStaticCommand{app: a},
		"routes":         &routesCommand{app: a},
		"check":          &checkCommand{app: a},
		"version":        versionCommand{},
	} {
		a.commands[name] = c
	}
}
