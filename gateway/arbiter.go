package gateway

import (
	"bufio"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"
)

// Arbiter is the master process: it binds the listeners once, spawns the
// workers (the same binary re-executed, inheriting the listeners), watches
// their heartbeats, replaces those that die, hang or reach their limits,
// and obeys Gunicorn's signals. Run it with Main; its methods are named for
// what they do to workers (spawn, retire, murder, reap) and for the signals
// they handle.
type Arbiter struct {
	cfg     *Config
	args    []string // the serve command's arguments, for reloads
	argv    []string // the whole command line, to re-execute
	exe     string
	log     *slog.Logger
	errOut  *logFile
	pidfile string

	binds      []string
	fixedBinds bool // the sockets were handed over (USR2, systemd): never rebind
	listeners  []net.Listener
	fds        []uintptr // the listeners' descriptors, passed to workers

	workers   map[int]*workerProc // by pid
	target    int                 // how many workers to keep
	nextID    int
	age       int
	winched   bool // WINCH: no workers until HUP
	stopping  bool
	stopKill  time.Time // when a stop sends SIGKILL to what is left
	exitCode  int
	nextSpawn time.Time // back-off after workers that fail to boot
	failures  int       // workers in a row that died before they booted

	events chan workerEvent
	sigs   chan os.Signal
}

// workerProc is the master's view of one worker process.
type workerProc struct {
	WorkerInfo
	proc        *os.Process
	spawned     time.Time
	lastSeen    time.Time
	booted      bool
	retiring    bool // replaced or told to stop: not counted toward target
	termSent    time.Time
	aborted     time.Time
	replaces    []*workerProc // to retire once this one is ready
	maxRequests int
}

// workerEvent is a line from a worker's control pipe, or its exit.
type workerEvent struct {
	w     *workerProc
	msg   string
	state *os.ProcessState // set when the worker exited
}

// How long a worker that ignored SIGABRT (or SIGQUIT) gets before SIGKILL.
const killGrace = 2 * time.Second

// newArbiter prepares the master; run binds.
func newArbiter(cfg *Config, args []string, log *slog.Logger, errOut *logFile) (*Arbiter, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("gateway: cannot find this program's binary to spawn workers: %w", err)
	}
	return &Arbiter{cfg: cfg, args: args, argv: os.Args[1:], exe: exe, log: log, errOut: errOut,
		pidfile: cfg.PIDFile, target: cfg.Workers, workers: map[int]*workerProc{},
		events: make(chan workerEvent, 64), sigs: make(chan os.Signal, 16)}, nil
}

// setListeners takes the bound listeners and keeps their descriptors for
// the workers.
func (a *Arbiter) setListeners(binds []string, ls []net.Listener) error {
	var fds []uintptr
	for _, l := range ls {
		fd, err := rawFD(l)
		if err != nil {
			return err
		}
		fds = append(fds, uintptr(fd))
	}
	a.binds, a.listeners, a.fds = binds, ls, fds
	return nil
}

// run is the master's loop; it returns the process's exit status.
func (a *Arbiter) run() int {
	signal.Notify(a.sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGHUP,
		syscall.SIGTTIN, syscall.SIGTTOU, syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGWINCH)
	defer signal.Stop(a.sigs)
	a.log.Info("arbiter booted", "pid", os.Getpid(), "workers", a.target)
	a.manageWorkers()
	if a.cfg.Hooks.WhenReady != nil {
		a.cfg.Hooks.WhenReady(a.cfg)
	}
	tick := time.NewTicker(a.tickInterval())
	defer tick.Stop()
	var changed <-chan struct{}
	if a.cfg.Reload {
		ch, stop, err := a.watchForReload(300 * time.Millisecond)
		if err != nil {
			a.log.Error("--reload: cannot watch files", "error", err)
		} else {
			defer stop()
			changed = ch
		}
	}
	for {
		select {
		case sig := <-a.sigs:
			a.handleSignal(sig)
		case <-changed:
			a.log.Info("--reload: a watched file changed: restarting the workers")
			a.handleHUP()
		case ev := <-a.events:
			a.handleEvent(ev)
		case <-tick.C:
			a.murderTimedOut()
			a.checkMemory()
			a.manageWorkers()
		}
		if a.stopping {
			if len(a.workers) == 0 {
				return a.exit()
			}
			if !a.stopKill.IsZero() && time.Now().After(a.stopKill) {
				for _, w := range a.workers {
					a.log.Warn("worker did not stop in time: killing it", "pid", w.PID)
					a.kill(w, syscall.SIGKILL)
				}
				a.stopKill = time.Time{}
			}
		}
	}
}

func (a *Arbiter) tickInterval() time.Duration {
	return min(heartbeatInterval(a.cfg.Timeout), 250*time.Millisecond)
}

// exit closes what the master holds and returns its exit status.
func (a *Arbiter) exit() int {
	for _, l := range a.listeners {
		l.Close()
	}
	if a.cfg.Hooks.OnExit != nil {
		a.cfg.Hooks.OnExit(a.cfg)
	}
	a.log.Info("shutting down", "pid", os.Getpid(), "status", a.exitCode)
	return a.exitCode
}

// spawn starts a worker; once it reports ready, the workers it replaces
// are retired.
func (a *Arbiter) spawn(replaces []*workerProc) {
	a.nextID++
	w := &workerProc{WorkerInfo: WorkerInfo{ID: a.nextID, Age: a.age}, replaces: replaces}
	if a.cfg.MaxRequests > 0 {
		w.maxRequests = a.cfg.MaxRequests
		if a.cfg.MaxRequestsJitter > 0 {
			w.maxRequests += rand.IntN(a.cfg.MaxRequestsJitter + 1)
		}
	}
	if a.cfg.Hooks.PreFork != nil {
		a.cfg.Hooks.PreFork(w.WorkerInfo)
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		a.log.Error("cannot spawn a worker", "error", err)
		return
	}
	// The kernel kills the worker if the master dies; the worker also
	// watches its control pipe and its parent.
	env := workerEnv(os.Environ(), w.ID, w.Age, len(a.fds), w.maxRequests)
	proc, err := startProcess(a.exe, a.argv, env, append(append([]uintptr{}, a.fds...), pw.Fd()), true)
	pw.Close()
	if err != nil {
		pr.Close()
		a.log.Error("cannot spawn a worker", "error", err)
		return
	}
	w.proc, w.PID = proc, proc.Pid
	w.spawned, w.lastSeen = time.Now(), time.Now()
	a.workers[w.PID] = w
	a.log.Info("booting worker", "pid", w.PID, "id", w.ID, "age", w.Age, "max_requests", w.maxRequests)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			a.events <- workerEvent{w: w, msg: sc.Text()}
		}
		pr.Close()
	}()
	go func() {
		state, err := proc.Wait()
		if err != nil {
			a.log.Error("cannot wait for worker", "pid", proc.Pid, "error", err)
			return
		}
		a.events <- workerEvent{w: w, state: state}
	}()
	if a.cfg.Hooks.PostFork != nil {
		a.cfg.Hooks.PostFork(w.WorkerInfo)
	}
}

// handleEvent reacts to a worker's message or exit.
func (a *Arbiter) handleEvent(ev workerEvent) {
	w := ev.w
	if ev.state != nil {
		a.reap(w, ev.state)
		return
	}
	w.lastSeen = time.Now()
	msg, reason, _ := strings.Cut(ev.msg, " ")
	switch msg {
	case msgReady:
		w.booted = true
		a.failures = 0
		a.log.Info("worker ready", "pid", w.PID, "id", w.ID)
		for _, old := range w.replaces {
			a.terminate(old)
		}
		w.replaces = nil
	case msgRetire:
		a.retire(w, reason)
	case msgHeartbeat:
	}
}

// retire replaces a worker: a successor is spawned, and the worker is told
// to stop gracefully once the successor is ready.
func (a *Arbiter) retire(w *workerProc, reason string) {
	if w.retiring {
		return
	}
	w.retiring = true
	a.log.Info("recycling worker", "pid", w.PID, "reason", reason)
	if a.stopping || a.winched {
		a.terminate(w)
		return
	}
	a.spawn([]*workerProc{w})
}

// terminate tells a worker to stop gracefully (SIGTERM).
func (a *Arbiter) terminate(w *workerProc) {
	w.retiring = true
	if w.termSent.IsZero() {
		w.termSent = time.Now()
		a.kill(w, syscall.SIGTERM)
	}
}

func (a *Arbiter) kill(w *workerProc, sig syscall.Signal) {
	if err := syscall.Kill(w.PID, sig); err != nil && !errors.Is(err, syscall.ESRCH) {
		a.log.Warn("cannot signal worker", "pid", w.PID, "signal", sig.String(), "error", err)
	}
}

// reap forgets a worker that exited, and decides what its exit means.
func (a *Arbiter) reap(w *workerProc, state *os.ProcessState) {
	if _, ok := a.workers[w.PID]; !ok {
		return
	}
	delete(a.workers, w.PID)
	if a.cfg.Hooks.ChildExit != nil {
		a.cfg.Hooks.ChildExit(w.WorkerInfo, state)
	}
	code := state.ExitCode()
	expected := w.retiring || a.stopping || a.winched
	if expected {
		a.log.Info("worker exited", "pid", w.PID, "status", describeExit(state))
	} else {
		a.log.Error("worker exited unexpectedly", "pid", w.PID, "status", describeExit(state), "booted", w.booted)
	}
	if !w.booted && !a.stopping {
		if code == ExitWorkerBoot || code == ExitAppLoad {
			what := "Worker failed to boot."
			if code == ExitAppLoad {
				what = "App failed to load."
			}
			a.halt(code, what)
			return
		}
		if !expected {
			a.failures++
			backoff := min(time.Duration(1<<min(a.failures, 6))*100*time.Millisecond, 5*time.Second)
			a.nextSpawn = time.Now().Add(backoff)
			if a.failures >= 5 {
				a.halt(ExitWorkerBoot, fmt.Sprintf("Worker failed to boot: %d workers in a row died before they were ready.", a.failures))
				return
			}
		}
		// Its predecessors still need a successor: manageWorkers sees them
		// as orphans and spawns another, after the back-off.
	}
	a.manageWorkers()
}

func describeExit(state *os.ProcessState) string {
	if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return "killed by " + ws.Signal().String()
	}
	return fmt.Sprintf("exit status %d", state.ExitCode())
}

// halt stops the master with a message: the workers cannot run.
func (a *Arbiter) halt(code int, reason string) {
	a.log.Error(reason, "status", code)
	a.exitCode = code
	a.stop(false)
}

// manageWorkers spawns workers up to the target, and retires the oldest
// beyond it.
func (a *Arbiter) manageWorkers() {
	if a.stopping || a.winched {
		return
	}
	var active []*workerProc
	for _, w := range a.workers {
		if !w.retiring {
			active = append(active, w)
		}
	}
	// Workers whose successor died before it was ready get another one.
	var orphans []*workerProc
	for _, w := range a.workers {
		if w.retiring && w.termSent.IsZero() && !a.isReplaced(w) {
			orphans = append(orphans, w)
		}
	}
	if len(orphans) > 0 && time.Now().After(a.nextSpawn) {
		a.spawn(orphans)
	}
	if len(active) < a.target && time.Now().After(a.nextSpawn) {
		for i := len(active); i < a.target; i++ {
			a.spawn(nil)
		}
	}
	if len(active) > a.target {
		sort.Slice(active, func(i, j int) bool { return active[i].ID < active[j].ID })
		for _, w := range active[:len(active)-a.target] {
			a.log.Info("retiring worker", "pid", w.PID, "reason", "fewer workers wanted")
			a.terminate(w)
		}
	}
}

// isReplaced reports whether a spawned worker will retire w when ready.
func (a *Arbiter) isReplaced(w *workerProc) bool {
	for _, o := range a.workers {
		for _, r := range o.replaces {
			if r == w {
				return true
			}
		}
	}
	return false
}

// murderTimedOut aborts workers silent for longer than --timeout, then
// kills those that ignore it (a stopped process does).
func (a *Arbiter) murderTimedOut() {
	if a.cfg.Timeout <= 0 {
		return
	}
	now := time.Now()
	for _, w := range a.workers {
		switch {
		case !w.termSent.IsZero() && w.aborted.IsZero() && now.Sub(w.termSent) > a.cfg.GracefulTimeout+killGrace:
			a.log.Error("worker did not stop within --graceful-timeout: killing it", "pid", w.PID)
			a.kill(w, syscall.SIGKILL)
			w.aborted = now.Add(time.Hour)
		case !w.aborted.IsZero():
			if now.Sub(w.aborted) > killGrace {
				a.log.Error("worker ignored SIGABRT: killing it", "pid", w.PID)
				a.kill(w, syscall.SIGKILL)
				w.aborted = now.Add(time.Hour) // once
			}
		case now.Sub(w.lastSeen) > a.cfg.Timeout:
			a.log.Error(fmt.Sprintf("WORKER TIMEOUT (pid:%d)", w.PID), "silent_for", now.Sub(w.lastSeen).Round(time.Millisecond))
			w.aborted = now
			w.retiring = true
			a.kill(w, syscall.SIGABRT)
		}
	}
}

// checkMemory recycles workers whose resident memory passes
// --max-worker-memory.
func (a *Arbiter) checkMemory() {
	limit := int64(a.cfg.MaxWorkerMemory) << 20
	if limit <= 0 {
		return
	}
	for _, w := range a.workers {
		if !w.booted || w.retiring {
			continue
		}
		if rss, err := residentBytes(w.PID); err == nil && rss > limit {
			a.retire(w, fmt.Sprintf("resident memory %d MiB > --max-worker-memory %d MiB", rss>>20, a.cfg.MaxWorkerMemory))
		}
	}
}

// residentBytes reads a process's resident set size from /proc.
func residentBytes(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/statm", pid))
	if err != nil {
		return 0, err
	}
	var size, rss int64
	if _, err := fmt.Sscan(string(b), &size, &rss); err != nil {
		return 0, err
	}
	return rss * int64(os.Getpagesize()), nil
}

// stop begins the master's stop: graceful (TERM to workers, SIGKILL after
// --graceful-timeout) or quick (QUIT, SIGKILL after a short grace).
func (a *Arbiter) stop(graceful bool) {
	if !a.stopping {
		for _, l := range a.listeners {
			l.Close()
		}
	}
	a.stopping = true
	sig, wait := syscall.SIGQUIT, killGrace
	if graceful {
		sig, wait = syscall.SIGTERM, a.cfg.GracefulTimeout
	}
	for _, w := range a.workers {
		w.retiring = true
		a.kill(w, sig)
	}
	if deadline := time.Now().Add(wait); a.stopKill.IsZero() || deadline.Before(a.stopKill) {
		a.stopKill = deadline
	}
}
