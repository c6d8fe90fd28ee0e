package gateway

import (
	"fmt"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The environment of a master started by USR2: its listeners are inherited
// at descriptors 3 .. 3+n-1, and the old master's pid says when to take
// over the pid file.
const (
	envInheritFDs   = "GOFRAME_INHERIT_FDS"   // the binds of the inherited listeners, comma-separated
	envUpgradedFrom = "GOFRAME_UPGRADED_FROM" // the old master's pid
)

// handleSignal dispatches a signal to its handler: the master reads as a
// signal table, one method per signal, with Gunicorn's meanings.
func (a *Arbiter) handleSignal(sig os.Signal) {
	table := map[os.Signal]func(){
		syscall.SIGTERM:  a.handleTERM,
		syscall.SIGINT:   a.handleINT,
		syscall.SIGQUIT:  a.handleQUIT,
		syscall.SIGHUP:   a.handleHUP,
		syscall.SIGTTIN:  a.handleTTIN,
		syscall.SIGTTOU:  a.handleTTOU,
		syscall.SIGUSR1:  a.handleUSR1,
		syscall.SIGUSR2:  a.handleUSR2,
		syscall.SIGWINCH: a.handleWINCH,
	}
	if h, ok := table[sig]; ok {
		a.log.Info("handling signal", "signal", signalName(sig))
		h()
	}
}

func signalName(sig os.Signal) string {
	names := map[os.Signal]string{
		syscall.SIGTERM: "TERM", syscall.SIGINT: "INT", syscall.SIGQUIT: "QUIT", syscall.SIGHUP: "HUP",
		syscall.SIGTTIN: "TTIN", syscall.SIGTTOU: "TTOU", syscall.SIGUSR1: "USR1", syscall.SIGUSR2: "USR2",
		syscall.SIGWINCH: "WINCH",
	}
	if n, ok := names[sig]; ok {
		return n
	}
	return sig.String()
}

// handleTERM stops gracefully: workers finish their requests within
// --graceful-timeout, then are killed.
func (a *Arbiter) handleTERM() { a.stop(true) }

// handleINT stops quickly.
func (a *Arbiter) handleINT() { a.stop(false) }

// handleQUIT stops quickly.
func (a *Arbiter) handleQUIT() { a.stop(false) }

// handleTTIN adds a worker.
func (a *Arbiter) handleTTIN() {
	old := a.target
	a.target++
	a.log.Info("number of workers changed", "from", old, "to", a.target)
	if a.cfg.Hooks.NWorkersChanged != nil {
		a.cfg.Hooks.NWorkersChanged(a.target, old)
	}
	a.manageWorkers()
}

// handleTTOU removes a worker, never going below one.
func (a *Arbiter) handleTTOU() {
	if a.target <= 1 {
		a.log.Info("TTOU ignored: at least one worker stays")
		return
	}
	old := a.target
	a.target--
	a.log.Info("number of workers changed", "from", old, "to", a.target)
	if a.cfg.Hooks.NWorkersChanged != nil {
		a.cfg.Hooks.NWorkersChanged(a.target, old)
	}
	a.manageWorkers()
}

// handleUSR1 reopens the log files, in the master and in every worker.
func (a *Arbiter) handleUSR1() {
	if err := a.errOut.Reopen(); err != nil {
		a.log.Error("cannot reopen the error log", "error", err)
	}
	for _, w := range a.workers {
		a.kill(w, syscall.SIGUSR1)
	}
}

// handleWINCH stops the workers gracefully and keeps the master (HUP
// brings them back), as in Gunicorn's binary upgrade procedure.
func (a *Arbiter) handleWINCH() {
	a.winched = true
	for _, w := range a.workers {
		a.terminate(w)
	}
}

// handleHUP reloads: it re-reads the configuration, starts a new
// generation of workers, and retires the old one as the new one comes up.
// The sockets are kept unless the binds changed.
func (a *Arbiter) handleHUP() {
	cfg, err := LoadConfig(a.args, os.Environ())
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		a.log.Error("reload: the new configuration is invalid; keeping the old one", "error", err)
		cfg = a.cfg
	} else {
		cfg.Hooks = a.cfg.Hooks
	}
	if a.fixedBinds {
		cfg.Bind = a.binds
	} else if !slices.Equal(cfg.Bind, a.binds) {
		if err := a.rebind(cfg); err != nil {
			a.log.Error("reload: cannot bind the new addresses; keeping the old ones", "error", err)
			cfg.Bind = a.binds
		}
	}
	if cfg.Workers != a.cfg.Workers && a.cfg.Hooks.NWorkersChanged != nil {
		a.cfg.Hooks.NWorkersChanged(cfg.Workers, a.target)
	}
	if cfg.Workers != a.cfg.Workers {
		a.target = cfg.Workers
	}
	if a.target < 1 {
		a.target = 1
	}
	a.cfg = cfg
	a.winched = false
	a.age++
	var old []*workerProc
	for _, w := range a.workers {
		if !w.retiring {
			w.retiring = true
			old = append(old, w)
		}
	}
	a.log.Info("reloading: new generation of workers", "age", a.age, "workers", a.target)
	for i := 0; i < a.target; i++ {
		var replaces []*workerProc
		if i < len(old) {
			replaces = []*workerProc{old[i]}
		}
		if i == a.target-1 && len(old) > a.target {
			replaces = append(replaces, old[a.target:]...)
		}
		a.spawn(replaces)
	}
}

// rebind binds the new configuration's addresses, keeping the listeners
// of binds that did not change.
func (a *Arbiter) rebind(cfg *Config) error {
	have := map[string]net.Listener{}
	for i, b := range a.binds {
		have[b] = a.listeners[i]
	}
	var ls []net.Listener
	var opened []net.Listener
	for _, b := range cfg.Bind {
		if l, ok := have[b]; ok {
			ls = append(ls, l)
			delete(have, b)
			continue
		}
		nl, err := ListenAll([]string{b}, ListenOptions{Backlog: cfg.Backlog, ReusePort: cfg.ReusePort, Umask: cfg.Umask})
		if err != nil {
			for _, l := range opened {
				l.Close()
			}
			return err
		}
		ls = append(ls, nl[0])
		opened = append(opened, nl[0])
	}
	if err := a.setListeners(cfg.Bind, ls); err != nil {
		return err
	}
	for b, l := range have {
		a.log.Info("reload: closing a bind no longer configured", "bind", b)
		l.Close()
	}
	return nil
}

// handleUSR2 upgrades the binary: a new master is started from the binary
// on disk, inheriting the listeners. It writes <pidfile>.2 and takes the
// pid file over once this master is gone; the operator retires this master
// with WINCH, then TERM.
func (a *Arbiter) handleUSR2() {
	env := make([]string, 0, len(os.Environ())+2)
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case envInheritFDs, envUpgradedFrom, "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES":
			continue
		}
		env = append(env, kv)
	}
	env = append(env, envInheritFDs+"="+strings.Join(a.binds, ","), fmt.Sprintf("%s=%d", envUpgradedFrom, os.Getpid()))
	proc, err := startProcess(a.exe, a.argv, env, a.fds, false)
	if err != nil {
		a.log.Error("upgrade: cannot start the new master", "error", err)
		return
	}
	a.log.Info("upgrade: new master started", "pid", proc.Pid)
	go proc.Wait() // reap it, should it exit before this master
}

// inheritedListeners returns the listeners a master got from the master it
// upgrades (USR2), if any.
func inheritedListeners(environ []string) ([]string, []net.Listener, error) {
	v := lookupEnv(environ, envInheritFDs)
	if v == "" {
		return nil, nil, nil
	}
	binds := strings.Split(v, ",")
	var ls []net.Listener
	for i := range binds {
		f := os.NewFile(uintptr(3+i), "inherited")
		l, err := net.FileListener(f)
		f.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("gateway: inherited listener %d (%s): %w", i, binds[i], err)
		}
		ls = append(ls, l)
	}
	return binds, ls, nil
}

// takeOverPIDFile writes <pidfile>.2 for a master started by USR2, and
// moves it to <pidfile> once the old master has exited.
func takeOverPIDFile(pidfile string, oldPID int, done <-chan struct{}) {
	second := pidfile + ".2"
	os.WriteFile(second, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644)
	go func() {
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if syscall.Kill(oldPID, 0) == syscall.ESRCH {
					os.Rename(second, pidfile)
					return
				}
			}
		}
	}()
}
