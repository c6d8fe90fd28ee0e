package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// contenders are the servers compared, raw net/http first (the
// baseline).
func contenders() []server {
	nethttp := goPeer("nethttp")
	// http.ListenAndServe's Server has neither IdleTimeout nor ReadTimeout:
	// it keeps an idle keep-alive connection open for ever, as it is.
	nethttp.idle = true
	return []server{nethttp, goframeServer(), goPeer("chi"), goPeer("gin"), goPeer("echo"), goPeer("fiber"), flask()}
}

// goBuild builds pkg (./dir, in the module of dir) into the build
// directory as name.
func (h *harness) goBuild(name, dir, pkg string) error {
	cmd := exec.Command("go", "build", "-o", filepath.Join(h.bin, name), pkg)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", pkg, err, out)
	}
	return nil
}

// goPeer is a peer of bench/peers/NAME: `NAME --bind ADDR --db FILE`.
func goPeer(name string) server {
	return server{
		name:  name,
		build: func(h *harness) error { return h.goBuild(name, h.benchDir, "./peers/"+name) },
		start: func(h *harness, addr, dir string) *exec.Cmd {
			cmd := exec.Command(filepath.Join(h.bin, name), "--bind", addr, "--db", filepath.Join(dir, "db.sqlite3"))
			cmd.Dir = dir
			return cmd
		},
	}
}

// goframeServer is examples/bench: the framework, its ORM and templates,
// served by the gateway with --workers.
func goframeServer() server {
	return server{
		name: "goframe",
		// Built in goframe's own module, with its go.sum.
		build: func(h *harness) error { return h.goBuild("goframe", h.root, "./examples/bench") },
		start: func(h *harness, addr, dir string) *exec.Cmd {
			cmd := exec.Command(filepath.Join(h.bin, "goframe"), "serve", "--bind", addr,
				"--workers", strconv.Itoa(h.workers), "--log-level", "warning")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "DEBUG=0", "SECRET_KEY="+strings.Repeat("benchmark-secret-", 3),
				"ALLOWED_HOSTS=127.0.0.1,localhost", "DATABASE_URL=sqlite:///"+filepath.Join(dir, "db.sqlite3"))
			return cmd
		},
		idle: true,
		// Idle connections stay open 300 s, and each worker may hold its
		// share of them plus room for the active clients.
		idleArgs: func(h *harness, n int) []string {
			return []string{"--keep-alive", strconv.Itoa(int(idleKeepAlive / time.Second)),
				"--worker-connections", strconv.Itoa(workerConnections(n, h.workers))}
		},
	}
}

// flask is gunicorn with Flask (Debian's gunicorn and python3-flask),
// sync workers: plaintext, json and fortunes.
func flask() server {
	return server{
		name: "flask",
		build: func(h *harness) error {
			if _, err := exec.LookPath("gunicorn"); err != nil {
				return fmt.Errorf("gunicorn is not installed (Debian packages gunicorn, python3-flask)")
			}
			return nil
		},
		start: func(h *harness, addr, dir string) *exec.Cmd {
			cmd := exec.Command("gunicorn", "-w", strconv.Itoa(h.workers), "-b", addr, "--log-level", "warning",
				"--chdir", filepath.Join(h.benchDir, "peers", "flask"), "app:app")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "TFB_DB="+filepath.Join(dir, "db.sqlite3"))
			return cmd
		},
		tests: []string{"plaintext", "json", "fortunes"},
	}
}
