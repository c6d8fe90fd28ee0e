package gateway

import (
	"net/http"
	"os"
	"time"
)

// Hooks are Gunicorn's server hooks, as Go functions. Every hook is
// optional. Hooks named for the master run in the arbiter process; hooks
// named for a worker run in that worker process. Since a worker is the same
// binary re-executed, a program sets its hooks in main() and both kinds of
// process get them.
type Hooks struct {
	// OnStarting runs in the master before it binds.
	OnStarting func(cfg *Config)
	// WhenReady runs in the master once the listeners are bound and the
	// first workers are spawned.
	WhenReady func(cfg *Config)
	// PreFork runs in the master before a worker is spawned (Go has no
	// fork: the worker is the binary re-executed).
	PreFork func(w WorkerInfo)
	// PostFork runs in the master after a worker was spawned.
	PostFork func(w WorkerInfo)
	// PostWorkerInit runs in a worker before it serves. An error stops
	// the worker with ExitAppLoad, and the master with it (Gunicorn's
	// application load error).
	PostWorkerInit func(w WorkerInfo) error
	// WorkerInt runs in a worker that received SIGINT or SIGQUIT.
	WorkerInt func(w WorkerInfo)
	// WorkerAbort runs in a worker that received SIGABRT (its heartbeat
	// timed out), before it exits.
	WorkerAbort func(w WorkerInfo)
	// PreRequest runs in a worker before each request's handler.
	PreRequest func(w WorkerInfo, r *http.Request)
	// PostRequest runs in a worker after each request's handler.
	PostRequest func(w WorkerInfo, r *http.Request, status int, d time.Duration)
	// ChildExit runs in the master after a worker exited.
	ChildExit func(w WorkerInfo, state *os.ProcessState)
	// WorkerExit runs in a worker just before it exits.
	WorkerExit func(w WorkerInfo)
	// NWorkersChanged runs in the master when the number of workers
	// changes (TTIN, TTOU, a reload).
	NWorkersChanged func(newValue, oldValue int)
	// OnExit runs in the master just before it exits.
	OnExit func(cfg *Config)
}

// WorkerInfo describes a worker process to the hooks.
type WorkerInfo struct {
	ID  int // the worker's number, from 1, unique for the master's life
	PID int // 0 in PreFork
	Age int // the worker's generation: reloads increase it
}
