package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// Env is what a command reads and writes besides its arguments: the
// standard streams, the working directory and the environment, so that
// commands run in tests without touching the process's.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Dir is the working directory ("" for the process's).
	Dir string
	// Getenv reads the environment (nil for os.Getenv).
	Getenv func(string) string
}

// OSEnv is the process's own environment.
func OSEnv() Env {
	return Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

func (e Env) getenv(k string) string {
	if e.Getenv == nil {
		return os.Getenv(k)
	}
	return e.Getenv(k)
}

// command is one of the goframe tool's commands.
type command struct {
	name, summary string
	run           func(args []string, env Env) int
}

// commands is the tool's command table, in the order help lists it.
// Commands not in it go to the project's own binary (Passthrough), as
// Django's manage.py commands.
func commands() []command {
	return []command{
		{"new", "create a project: goframe new blog", New},
		{"serve", "build the project here and serve it, rebuilding on change", Serve},
		{"generate", "generate code: goframe generate resource post title:string body:text", Generate},
		{"render", "render a template with a JSON context", func(args []string, env Env) int {
			return Render(args, env.Stdin, env.Stdout, env.Stderr)
		}},
		{"version", "print goframe's version", func(args []string, env Env) int {
			fmt.Fprintln(env.Stdout, "goframe", Version)
			return 0
		}},
	}
}

// Version is the goframe tool's version.
const Version = "0.1.0-dev"

// usage is the tool's help text.
func usage() string {
	var b strings.Builder
	b.WriteString("usage: goframe COMMAND [ARGS]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	b.WriteString(`
Any other command runs in the project of the current directory, through
its own binary (as Django's manage.py): migrate, makemigrations,
showmigrations, sqlmigrate, routes, check, collectstatic, createsuperuser...

Run 'goframe COMMAND --help' for a command's options.
`)
	return b.String()
}

// Main runs the goframe tool with args (os.Args[1:]) and returns the exit
// status.
func Main(args []string, env Env) int {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage())
		return 2
	}
	switch args[0] {
	case "help", "-h", "--help":
		if len(args) > 1 {
			for _, c := range commands() {
				if c.name == args[1] {
					return c.run([]string{"--help"}, env)
				}
			}
			// A project command's help comes from the project's binary.
			return Passthrough(args, env)
		}
		fmt.Fprint(env.Stdout, usage())
		return 0
	case "--version":
		args[0] = "version"
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], env)
		}
	}
	return Passthrough(args, env)
}
