// Command hooksapp is a test program for the arbiter: it serves with every
// server hook set, writing each hook's call to $HOOKS_LOG, and can be told
// (through $HOOKSAPP_FAIL) to fail in its workers, and (through /grow) to
// hold memory, so that the end-to-end tests can see the master react.
package main

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/goframe/goframe/gateway"
)

var (
	mu   sync.Mutex
	held [][]byte // memory /grow holds on to
)

func logHook(format string, args ...any) {
	path := os.Getenv("HOOKS_LOG")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintf(f, "%d "+format+"\n", append([]any{os.Getpid()}, args...)...)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("/grow", func(w http.ResponseWriter, r *http.Request) {
		mb, _ := strconv.Atoi(r.URL.Query().Get("mb"))
		b := make([]byte, mb<<20)
		for i := range b {
			b[i] = byte(i) // touch every page: resident memory
		}
		mu.Lock()
		held = append(held, b)
		mu.Unlock()
		fmt.Fprintf(w, "holding %d MiB more\n", mb)
	})
	hooks := gateway.Hooks{
		OnStarting: func(*gateway.Config) { logHook("on_starting") },
		WhenReady:  func(*gateway.Config) { logHook("when_ready") },
		PreFork:    func(w gateway.WorkerInfo) { logHook("pre_fork id=%d", w.ID) },
		PostFork:   func(w gateway.WorkerInfo) { logHook("post_fork id=%d pid=%d", w.ID, w.PID) },
		PostWorkerInit: func(w gateway.WorkerInfo) error {
			logHook("post_worker_init id=%d", w.ID)
			switch os.Getenv("HOOKSAPP_FAIL") {
			case "load":
				return errors.New("the database is unreachable")
			case "panic":
				panic("worker cannot start")
			}
			return nil
		},
		WorkerInt:   func(w gateway.WorkerInfo) { logHook("worker_int id=%d", w.ID) },
		WorkerAbort: func(w gateway.WorkerInfo) { logHook("worker_abort id=%d", w.ID) },
		PreRequest:  func(w gateway.WorkerInfo, r *http.Request) { logHook("pre_request %s", r.URL.Path) },
		PostRequest: func(w gateway.WorkerInfo, r *http.Request, status int, d time.Duration) {
			logHook("post_request %s %d", r.URL.Path, status)
		},
		ChildExit:       func(w gateway.WorkerInfo, st *os.ProcessState) { logHook("child_exit id=%d", w.ID) },
		WorkerExit:      func(w gateway.WorkerInfo) { logHook("worker_exit id=%d", w.ID) },
		NWorkersChanged: func(n, old int) { logHook("nworkers_changed %d %d", n, old) },
		OnExit:          func(*gateway.Config) { logHook("on_exit") },
	}
	if len(os.Args) < 2 || os.Args[1] != "serve" {
		fmt.Fprintln(os.Stderr, "usage: hooksapp serve [options]")
		os.Exit(2)
	}
	os.Exit(gateway.Program{Handler: mux, Hooks: hooks}.Main(os.Args[2:]))
}
