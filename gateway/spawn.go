package gateway

import (
	"fmt"
	"net"
	"os"
	"syscall"
)

// Listening sockets are shared by the master and every worker through one
// open file description, whose O_NONBLOCK flag is therefore shared too.
// os/exec (through os.File.Fd) switches a passed descriptor to blocking
// mode, which would leave the workers' accept(2) blocking in the kernel,
// where closing the listener cannot interrupt it. So the master keeps the
// listeners' raw descriptors and starts processes with syscall.ForkExec,
// which passes them untouched.

// rawFD returns a listener's descriptor number, valid while it is open.
func rawFD(l net.Listener) (int, error) {
	sc, ok := l.(syscall.Conn)
	if !ok {
		return -1, fmt.Errorf("gateway: listener %s has no descriptor to pass to workers", l.Addr())
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return -1, err
	}
	fd := -1
	if err := rc.Control(func(f uintptr) { fd = int(f) }); err != nil {
		return -1, err
	}
	return fd, nil
}

// startProcess starts this program's binary with argv (after argv[0]) and
// env; extra become its descriptors 3, 4, ... With pdeathsig the kernel
// kills it when the master dies.
func startProcess(exe string, argv, env []string, extra []uintptr, pdeathsig bool) (*os.Process, error) {
	null, err := os.Open(os.DevNull)
	if err != nil {
		return nil, err
	}
	defer null.Close()
	files := append([]uintptr{null.Fd(), os.Stdout.Fd(), os.Stderr.Fd()}, extra...)
	sys := &syscall.SysProcAttr{}
	if pdeathsig {
		sys.Pdeathsig = syscall.SIGKILL
	}
	pid, err := syscall.ForkExec(exe, append([]string{os.Args[0]}, argv...), &syscall.ProcAttr{Env: env, Files: files, Sys: sys})
	if err != nil {
		return nil, err
	}
	return os.FindProcess(pid)
}
