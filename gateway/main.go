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
	"strings"
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
	return Program{Handler: h}.Main(args)
}

// Program is a serve command with everything Main takes by default made
// explicit: the server hooks, the environment and the output streams.
type Program struct {
	Handler http.Handler
	Hooks   Hooks
	Environ []string  // nil means os.Environ()
	Stdout  io.Writer // nil means os.Stdout
	Stderr  io.Writer // nil means os.Stderr
}

// Main runs the program. With --workers 0 it serves in this process;
// otherwise this process is the master (the Arbiter) and the workers are
// this same binary re-executed with the same arguments.
func (p Program) Main(args []string) int {
	environ, stdout, stderr := p.Environ, p.Stdout, p.Stderr
	if environ == nil {
		environ = os.Environ()
	}
	if stdout == nil {
		stdout = os.Stdout
	}
	if stderr == nil {
		stderr = os.Stderr
	}
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
	cfg.Hooks = p.Hooks
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

	if isWorker(environ) {
		return runWorker(cfg, p.Handler, environ, log, errOut.Reopen)
	}
	if cfg.Hooks.OnStarting != nil {
		cfg.Hooks.OnStarting(cfg)
	}
	binds, ls, err := inheritedListeners(environ)
	// Sockets handed over (USR2, systemd) are kept across reloads: a
	// reload must not bind the configured addresses in their place.
	systemd := lookupEnv(environ, "LISTEN_FDS") != "" && lookupEnv(environ, "LISTEN_PID") == strconv.Itoa(os.Getpid())
	handedOver := ls != nil || systemd
	if err == nil && ls == nil {
		binds = cfg.Bind
		ls, err = ListenAll(cfg.Bind, ListenOptions{Backlog: cfg.Backlog, ReusePort: cfg.ReusePort, Umask: cfg.Umask})
	}
	if err != nil {
		log.Error("cannot bind", "error", err)
		return ExitFailure
	}
	if systemd { // name the sockets systemd passed
		binds = nil
		for _, l := range ls {
			binds = append(binds, listenerName(l))
		}
	}
	for _, l := range ls {
		log.Info("listening", "address", listenerName(l), "protocol", cfg.Protocol, "pid", os.Getpid())
	}
	stopPID := make(chan struct{})
	defer close(stopPID)
	if cfg.PIDFile != "" {
		if old, _ := strconv.Atoi(lookupEnv(environ, envUpgradedFrom)); old > 0 {
			takeOverPIDFile(cfg.PIDFile, old, stopPID)
		} else if err := os.WriteFile(cfg.PIDFile, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
			log.Error("cannot write the pid file", "error", err)
			return ExitFailure
		}
		defer removePIDFile(cfg.PIDFile)
	}

	if cfg.Workers == 0 {
		return serveInProcess(cfg, p.Handler, ls, log, errOut)
	}
	a, err := newArbiter(cfg, args, log, errOut)
	if err == nil {
		a.fixedBinds = handedOver
		err = a.setListeners(binds, ls)
	}
	if err != nil {
		log.Error("cannot start the arbiter", "error", err)
		return ExitFailure
	}
	return a.run()
}

// removePIDFile removes the pid file if it still names this process (after
// a USR2 upgrade it names the new master).
func removePIDFile(path string) {
	for _, p := range []string{path, path + ".2"} {
		b, err := os.ReadFile(p)
		if err == nil && strings.TrimSpace(string(b)) == strconv.Itoa(os.Getpid()) {
			os.Remove(p)
		}
	}
}

// serveInProcess serves in this process with no arbiter (--workers 0).
func serveInProcess(cfg *Config, h http.Handler, ls []net.Listener, log *slog.Logger, errOut *logFile) int {
	srv, err := NewServer(cfg, h, Options{Logger: log})
	if err != nil {
		log.Error("cannot start", "error", err)
		return ExitConfig
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
				log.Warn("HUP reloads workers; with --workers 0 there are none, so it is ignored")
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
