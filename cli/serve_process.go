package cli

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// serveStopTimeout is how long a server has to stop gracefully (finish
// its requests) after SIGTERM before it is killed.
const serveStopTimeout = 10 * time.Second

// serveChild is a running server: the project's binary running serve,
// in a process group of its own, so that a kill reaches its workers too.
type serveChild struct {
	cmd  *exec.Cmd
	done chan struct{} // closed once it has exited; then err is set
	err  error
}

// serveStart starts bin serve args in dir, with environ.
func serveStart(bin, dir string, args, environ []string, stdout, stderr io.Writer) (*serveChild, error) {
	cmd := exec.Command(bin, append([]string{"serve"}, args...)...)
	cmd.Dir = dir
	cmd.Env = environ
	cmd.Stdout, cmd.Stderr = stdout, stderr
	// Its own process group: a Ctrl-C in the terminal reaches goframe
	// serve alone, which stops the server as it means to; and the kernel
	// stops the server if goframe serve dies.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	// Workers inherit the output: if one outlives the master, Wait must
	// not wait for it to close the pipes.
	cmd.WaitDelay = time.Second
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	c := &serveChild{cmd: cmd, done: make(chan struct{})}
	go func() {
		c.err = cmd.Wait()
		close(c.done)
	}()
	return c, nil
}

// Signal sends sig to the server (its master process).
func (c *serveChild) Signal(sig os.Signal) {
	c.cmd.Process.Signal(sig)
}

// Stop stops the server gracefully: SIGTERM, then, after timeout or when
// force receives, SIGKILL to its whole process group. It returns once the
// server has exited, so that its port is free again.
func (c *serveChild) Stop(timeout time.Duration, force <-chan os.Signal) {
	select {
	case <-c.done:
		return
	default:
	}
	c.Signal(syscall.SIGTERM)
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-c.done:
		return
	case <-t.C:
	case <-force:
	}
	// The master has not been waited for yet (done is open), so its pid,
	// which is the group's id, is still its own.
	syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
	<-c.done
}

// Status describes how the server ended, and its exit status (128+N for
// signal N, as a shell says).
func (c *serveChild) Status() (string, int) {
	st := c.cmd.ProcessState
	if st == nil {
		return fmt.Sprintf("failed: %v", c.err), 1
	}
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return fmt.Sprintf("was killed by signal %d (%v)", ws.Signal(), ws.Signal()), 128 + int(ws.Signal())
	}
	return fmt.Sprintf("exited with status %d", st.ExitCode()), st.ExitCode()
}
