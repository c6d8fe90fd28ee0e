package gateway

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The environment a master gives the workers it spawns. Listeners are
// inherited at descriptors 3 .. 3+n-1 and the control pipe at 3+n.
const (
	envWorkerID    = "GOFRAME_WORKER_ID"
	envWorkerAge   = "GOFRAME_WORKER_AGE"
	envWorkerFDs   = "GOFRAME_WORKER_FDS"
	envWorkerMaxRq = "GOFRAME_WORKER_MAX_REQUESTS"
)

// Messages a worker writes on its control pipe, one a line.
const (
	msgReady     = "ready"
	msgHeartbeat = "hb"
	msgRetire    = "retire" // followed by the reason
)

// isWorker reports whether this process is a worker spawned by a master.
func isWorker(environ []string) bool { return lookupEnv(environ, envWorkerID) != "" }

// lookupEnv finds key in an os.Environ-style list; the last one wins.
func lookupEnv(environ []string, key string) string {
	for i := len(environ) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(environ[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}

// heartbeatInterval is how often a worker reports to its master: often
// enough that --timeout is noticed within a quarter of it.
func heartbeatInterval(timeout time.Duration) time.Duration {
	if timeout > 0 && timeout/4 < time.Second {
		return max(timeout/4, 10*time.Millisecond)
	}
	return time.Second
}

// controlPipe is a worker's line to its master.
type controlPipe struct {
	mu sync.Mutex
	f  *os.File
}

func (c *controlPipe) send(msg string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, err := c.f.Write([]byte(msg + "\n"))
	return err
}

// runWorker is a worker process's life: serve the inherited listeners,
// report to the master, obey its signals, and exit when told to, when
// --max-requests is reached and the master retires it, or when the master
// is gone.
func runWorker(cfg *Config, h http.Handler, environ []string, log *slog.Logger, reopen func() error) int {
	id, _ := strconv.Atoi(lookupEnv(environ, envWorkerID))
	age, _ := strconv.Atoi(lookupEnv(environ, envWorkerAge))
	n, err := strconv.Atoi(lookupEnv(environ, envWorkerFDs))
	if err != nil || n < 1 {
		log.Error("worker: no listeners inherited", "env", envWorkerFDs)
		return ExitWorkerBoot
	}
	maxReq, _ := strconv.Atoi(lookupEnv(environ, envWorkerMaxRq))
	if limit := softMemoryLimit(cfg.MaxWorkerMemory, environ); limit > 0 {
		debug.SetMemoryLimit(limit)
	}
	info := WorkerInfo{ID: id, PID: os.Getpid(), Age: age}
	log = log.With("worker", id, "pid", info.PID)
	ppid := os.Getppid()

	var ls []net.Listener
	for i := 0; i < n; i++ {
		f := os.NewFile(uintptr(3+i), "listener")
		l, err := net.FileListener(f)
		f.Close()
		if err != nil {
			log.Error("worker: inherited listener unusable", "fd", 3+i, "error", err)
			return ExitWorkerBoot
		}
		ls = append(ls, l)
	}
	ctl := &controlPipe{f: os.NewFile(uintptr(3+n), "control")}

	if cfg.Hooks.PostWorkerInit != nil {
		if err := cfg.Hooks.PostWorkerInit(info); err != nil {
			log.Error("worker: application failed to load", "error", err)
			return ExitAppLoad
		}
	}
	srv, err := NewServer(cfg, h, Options{Logger: log, Worker: &info, MaxRequests: maxReq, OnMaxRequests: func() {
		log.Info("worker reached --max-requests: asking to be retired", "requests", maxReq)
		ctl.send(msgRetire + " max_requests")
	}})
	if err != nil {
		log.Error("worker: cannot start", "error", err)
		return ExitWorkerBoot
	}

	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGUSR1, syscall.SIGABRT, syscall.SIGHUP, syscall.SIGWINCH)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ls) }()
	if err := ctl.send(msgReady); err != nil {
		log.Error("worker: master gone before boot", "error", err)
		srv.Close()
		return ExitWorkerBoot
	}

	hb := time.NewTicker(heartbeatInterval(cfg.Timeout))
	defer hb.Stop()
	exit := func(code int) int {
		if cfg.Hooks.WorkerExit != nil {
			cfg.Hooks.WorkerExit(info)
		}
		return code
	}
	stopping := false
	for {
		select {
		case err := <-done:
			if stopping {
				return exit(ExitOK)
			}
			log.Error("worker: server failed", "error", err)
			return exit(ExitFailure)
		case <-hb.C:
			if os.Getppid() != ppid || ctl.send(msgHeartbeat) != nil {
				log.Warn("worker: master gone; exiting")
				srv.Close()
				stopping = true
			}
		case sig := <-sigs:
			log.Debug("worker: signal", "signal", signalName(sig))
			switch sig {
			case syscall.SIGTERM:
				log.Info("worker: graceful stop", "graceful_timeout", cfg.GracefulTimeout)
				if !stopping {
					stopping = true
					go func() {
						if err := srv.shutdownTimeout(cfg.GracefulTimeout); err != nil {
							log.Warn("worker: graceful stop timed out", "error", err)
						}
					}()
				}
			case syscall.SIGINT, syscall.SIGQUIT:
				if cfg.Hooks.WorkerInt != nil {
					cfg.Hooks.WorkerInt(info)
				}
				stopping = true
				srv.Close()
			case syscall.SIGABRT:
				if cfg.Hooks.WorkerAbort != nil {
					cfg.Hooks.WorkerAbort(info)
				}
				log.Error("worker aborted by the master (heartbeat timeout)")
				return exit(ExitFailure)
			case syscall.SIGUSR1:
				if err := reopen(); err != nil {
					log.Error("worker: cannot reopen the error log", "error", err)
				}
				if err := srv.ReopenLogs(); err != nil {
					log.Error("worker: cannot reopen the access log", "error", err)
				}
			}
		}
	}
}

// workerEnv is the environment of a worker spawned with n listeners.
// softMemoryLimit is the Go runtime's soft memory limit, in bytes, of a
// worker under --max-worker-memory (MiB): 85% of it, so that the garbage
// collector works to keep the heap below the size at which the arbiter
// would recycle the worker. Go's default lets the heap grow to twice what
// is live before collecting, so a worker whose live memory is half the
// setting would otherwise be recycled, its connections closed, for
// garbage. The rest of the setting is for what the Go runtime does not
// count (cgo's allocations: SQLite's page cache). GOMEMLIMIT, when set,
// is the operator's choice and wins; 0 means no limit is set here.
func softMemoryLimit(maxWorkerMemoryMiB int, environ []string) int64 {
	if maxWorkerMemoryMiB <= 0 || lookupEnv(environ, "GOMEMLIMIT") != "" {
		return 0
	}
	return int64(maxWorkerMemoryMiB) << 20 * 85 / 100
}

func workerEnv(base []string, id, age, n, maxRequests int) []string {
	env := make([]string, 0, len(base)+4)
	for _, kv := range base {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case envWorkerID, envWorkerAge, envWorkerFDs, envWorkerMaxRq, "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", envInheritFDs:
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		fmt.Sprintf("%s=%d", envWorkerID, id),
		fmt.Sprintf("%s=%d", envWorkerAge, age),
		fmt.Sprintf("%s=%d", envWorkerFDs, n),
		fmt.Sprintf("%s=%d", envWorkerMaxRq, maxRequests))
}
