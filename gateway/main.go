package gateway

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
)

// Exit statuses of Main, as Gunicorn's.
const (
	ExitOK         = 0 // stopped by a signal, or --print-config/--check-config passed
	ExitFailure    = 1 // the server failed (a bind, a listener)
	ExitConfig     = 2 // a bad setting
	ExitWorkerBoot = 3 // a worker could not boot
	ExitAppLoad    = 4 // the application could not load
)

// Main runs the gateway as a program's "serve" command: it resolves the
// configuration from args and the environment, binds, and serves h until a
// signal stops it. It returns the process's exit status; only main() should
// call os.Exit with it.
func Main(h http.Handler, args []string) int {
	return MainIO(h, args, os.Environ(), os.Stdout, os.Stderr)
}

// MainIO is Main with its environment and output streams given.
func MainIO(h http.Handler, args, environ []string, stdout, stderr io.Writer) int {
	cfg, err := LoadConfig(args, environ)
	if errors.Is(err, ErrHelp) {
		WriteUsage(stdout)
		return ExitOK
	}
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		fmt.Fprintf(stderr, "goframe: %v\n", err)
		return ExitConfig
	}
	if cfg.PrintConfig {
		if err := cfg.WriteTOML(stdout); err != nil {
			fmt.Fprintf(stderr, "goframe: %v\n", err)
			return ExitFailure
		}
		return ExitOK
	}
	if cfg.CheckConfig {
		fmt.Fprintln(stdout, "goframe: configuration OK")
		return ExitOK
	}

	errOut, err := openErrorLog(cfg.ErrorLog, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "goframe: setting errorlog: %v\n", err)
		return ExitConfig
	}
	defer errOut.Close()
	lvl, _ := parseLevel(cfg.LogLevel)
	log := slog.New(slog.NewTextHandler(errOut, &slog.HandlerOptions{Level: lvl}))

	syscall.Umask(cfg.Umask)
	srv, err := NewServer(cfg, h, Options{Logger: log})
	if err != nil {
		fmt.Fprintf(stderr, "goframe: %v\n", err)
		return ExitConfig
	}
	ls, err := ListenAll(cfg.Bind, ListenOptions{Backlog: cfg.Backlog, ReusePort: cfg.ReusePort, Umask: cfg.Umask})
	if err != nil {
		log.Error("cannot bind", "error", err)
		return ExitFailure
	}
	if cfg.PIDFile != "" {
		if err := os.WriteFile(cfg.PIDFile, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
			log.Error("cannot write the pid file", "error", err)
			return ExitFailure
		}
		defer os.Remove(cfg.PIDFile)
	}
	for _, l := range ls {
		log.Info("listening", "address", listenerName(l), "protocol", cfg.Protocol, "pid", os.Getpid())
	}

	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGUSR1, syscall.SIGHUP)
	defer signal.Stop(sigs)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ls) }()
	for {
		select {
		case err := <-done:
			if errors.Is(err, ErrServerClosed) {
				log.Info("stopped")
				return ExitOK
			}
			log.Error("server failed", "error", err)
			return ExitFailure
		case sig := <-sigs:
			switch sig {
			case syscall.SIGTERM:
				log.Info("graceful stop", "signal", "TERM", "graceful_timeout", cfg.GracefulTimeout)
				go func() {
					if err := srv.shutdownTimeout(cfg.GracefulTimeout); err != nil {
						log.Warn("graceful stop timed out; closing what remains", "error", err)
					}
				}()
			case syscall.SIGINT, syscall.SIGQUIT:
				log.Info("quick stop", "signal", sig.String())
				srv.Close()
			case syscall.SIGUSR1:
				log.Info("reopening log files", "signal", "USR1")
				if err := errOut.Reopen(); err != nil {
					log.Error("cannot reopen the error log", "error", err)
				}
				if err := srv.ReopenLogs(); err != nil {
					log.Error("cannot reopen the access log", "error", err)
				}
			case syscall.SIGHUP:
				log.Warn("HUP reloads workers; this process serves without an arbiter, so it is ignored")
			}
		}
	}
}

// listenerName names a listener's address as --bind would.
func listenerName(l net.Listener) string {
	a := l.Addr()
	if a.Network() == "unix" {
		return "unix:" + a.String()
	}
	return a.String()
}
