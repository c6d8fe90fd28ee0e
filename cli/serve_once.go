package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// serveForwarded are the signals goframe serve --no-reload passes on to
// the server: it stops, reloads and scales as if signalled itself.
var serveForwarded = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT,
	syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGTTIN, syscall.SIGTTOU}

// serveOnce builds the project, runs its server until it exits, and
// returns its exit status.
func serveOnce(s *serveSetup, env Env) int {
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, serveForwarded...)
	defer signal.Stop(sigs)

	if s.Config != nil && !s.Config.PrintConfig && !s.Config.CheckConfig {
		fmt.Fprint(env.Stderr, s.Banner.String())
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	built := make(chan error, 1)
	go func() { built <- serveBuild(ctx, s.Project, s.Environ) }()
	var err error
	select {
	case err = <-built:
	case sig := <-sigs:
		cancel()
		<-built
		fmt.Fprintf(env.Stderr, "goframe serve: %v before the build finished: stopped\n", sig)
		return 1
	}
	if err != nil {
		serveReportBuild(env.Stderr, err, "")
		return 1
	}
	c, err := serveStart(s.Project.Bin(), s.Project.MainDir, s.Args, s.Environ, env.Stdout, env.Stderr)
	if err != nil {
		fmt.Fprintf(env.Stderr, "goframe serve: %v\n", err)
		return 1
	}
	for {
		select {
		case sig := <-sigs:
			c.Signal(sig)
		case <-c.done:
			_, code := c.Status()
			return code
		}
	}
}

// serveReportBuild shows why a build failed: the compiler's own words
// between a header and what happens next.
func serveReportBuild(w io.Writer, err error, next string) {
	var be *serveBuildError
	if errors.As(err, &be) {
		fmt.Fprintf(w, "goframe serve: build failed — fix the error%s:\n%s\n", next, be.Output)
		return
	}
	fmt.Fprintf(w, "goframe serve: build failed: %v\n", err)
}
