package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
)

// Passthrough runs a command the goframe tool does not have itself
// (migrate, makemigrations, routes, check, createsuperuser...) through
// the project's own binary, as Django's manage.py: it finds the project
// (the nearest directory with a go.mod, from env.Dir upwards), builds it
// into .goframe/bin/NAME, and runs the binary there with args, passing
// the standard streams through, and returns the binary's exit status.
//
// The goframe tool is for development: unless DEBUG is set in the
// environment, the binary runs with DEBUG=1 (no SECRET_KEY needed,
// templates read from templates/). In production, run the binary
// itself with the production environment.
func Passthrough(args []string, env Env) int {
	name := args[0]
	if strings.HasPrefix(name, "-") {
		fmt.Fprintf(env.Stderr, "goframe: unknown flag %s\n\n%s", name, usage())
		return 2
	}
	dir, err := envDir(env)
	if err != nil {
		fmt.Fprintf(env.Stderr, "goframe: %s: %v\n", name, err)
		return 1
	}
	root, err := projectRoot(dir)
	if errors.Is(err, errNoProject) {
		fmt.Fprintf(env.Stderr, "goframe: %s: %v: run goframe new NAME first, or cd into a project (goframe help lists the tool's own commands)\n", name, err)
		return 1
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "goframe: %s: %v\n", name, err)
		return 1
	}
	bin, err := buildProject(root, env)
	if errors.Is(err, errBuildFailed) {
		fmt.Fprintf(env.Stderr, "goframe: %s: the project in %s does not build: fix the errors above, then run it again\n", name, root)
		return 1
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "goframe: %s: %v\n", name, err)
		return 1
	}
	return projectRun(root, bin, args, env)
}

// projectRun runs the project's binary with args in the project's root,
// with DEBUG=1 unless the environment sets DEBUG, and returns its exit
// status (128+N when signal N ended it, as shells report it). SIGTERM
// sent to goframe is passed on to it; SIGINT from the terminal reaches
// it directly, and goframe waits for it to end.
func projectRun(root, bin string, args []string, env Env) int {
	cmd := exec.Command(bin, args...)
	cmd.Dir = root
	cmd.Stdin, cmd.Stdout, cmd.Stderr = env.Stdin, env.Stdout, env.Stderr
	cmd.Env = projectEnv(env)
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGQUIT)
	defer signal.Stop(sigs)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(env.Stderr, "goframe: %s: starting %s: %v\n", args[0], bin, err)
		return 1
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-sigs:
				if s == syscall.SIGTERM {
					cmd.Process.Signal(s)
				}
			case <-done:
				return
			}
		}
	}()
	err := cmd.Wait()
	close(done)
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return ee.ExitCode()
	default:
		fmt.Fprintf(env.Stderr, "goframe: %s: %v\n", args[0], err)
		return 1
	}
}

// projectEnv is the environment of the project's binary: the process's,
// with DEBUG as env has it, or 1 when env does not set it.
func projectEnv(env Env) []string {
	debug := env.getenv("DEBUG")
	if debug == "" {
		debug = "1"
	}
	return append(os.Environ(), "DEBUG="+debug)
}
