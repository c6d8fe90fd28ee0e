package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// contenders are the servers compared, raw net/http first (the
// baseline), then a calibration contender for each of work (raw net/http
// with that much busy work per request), then goframe and the other peers.
func contenders(work []time.Duration) []server {
	nethttp := goPeer("nethttp")
	// http.ListenAndServe's Server has neither IdleTimeout nor ReadTimeout:
	// it keeps an idle keep-alive connection open for ever, as it is.
	nethttp.idle = true
	srvs := []server{nethttp}
	for _, d := range work {
		srvs = append(srvs, calibration(d))
	}
	// fiber is on fasthttp (no http.Handler): no in-process benchmark.
	fiber := goPeer("fiber")
	fiber.bench = nil
	return append(srvs, goframeServer(), goPeer("chi"), goPeer("gin"), goPeer("echo"), fiber, flask())
}

// calibrationPrefix starts the calibration contenders' names:
// nethttp+2us.
const calibrationPrefix = "nethttp+"

// calibrationName is the name of the calibration contender with work d,
// valid in -servers: nethttp+2us, nethttp+1.5us, nethttp+1ms.
func calibrationName(d time.Duration) string { return calibrationPrefix + asciiDuration(d) }

// asciiDuration is d as time.Duration writes it, with us for µs.
func asciiDuration(d time.Duration) string { return strings.ReplaceAll(d.String(), "µs", "us") }

// parseCalibrate reads -calibrate: comma-separated positive durations,
// none twice; "" is none.
func parseCalibrate(s string) ([]time.Duration, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var work []time.Duration
	for v := range strings.SplitSeq(s, ",") {
		v = strings.TrimSpace(v)
		d, err := time.ParseDuration(v)
		switch {
		case err != nil:
			return nil, fmt.Errorf("-calibrate: %q is not a duration (like 2us; \"\" for no calibration)", v)
		case d <= 0:
			return nil, fmt.Errorf("-calibrate: %q: want a positive duration of busy work per request", v)
		case slices.Contains(work, d):
			return nil, fmt.Errorf("-calibrate: %q is there twice (as %s)", v, asciiDuration(d))
		}
		work = append(work, d)
	}
	return work, nil
}

// calibration is the nethttp peer with --work d: every request first
// spins for d, then is served as usual. It runs plaintext and json only,
// and has no in-process benchmark or idle measurement of its own.
func calibration(d time.Duration) server {
	s := goPeer("nethttp")
	start := s.start
	s.name = calibrationName(d)
	s.work = d
	s.tests = []string{"plaintext", "json"}
	s.bench = nil
	// The nethttp binary, built once for it and the calibration
	// contenders.
	s.build = func(h *harness) error {
		if _, err := os.Stat(filepath.Join(h.bin, "nethttp")); err == nil {
			return nil
		}
		return h.goBuild("nethttp", h.benchDir, "./peers/nethttp")
	}
	s.start = func(h *harness, addr, dir string) *exec.Cmd {
		cmd := start(h, addr, dir)
		cmd.Args = append(cmd.Args, "--work", asciiDuration(d))
		return cmd
	}
	return s
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

// goPeer is a peer of bench/peers/NAME: `NAME --bind ADDR --db FILE`,
// with BenchmarkHandler in its tests.
func goPeer(name string) server {
	return server{
		name:  name,
		bench: &goBench{dir: func(h *harness) string { return h.benchDir }, pkg: "./peers/" + name, name: "BenchmarkHandler"},
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
			cmd.Env = append(os.Environ(), append(goframeEnv(), "DATABASE_URL=sqlite:///"+filepath.Join(dir, "db.sqlite3"))...)
			return cmd
		},
		// The framework's whole middleware chain, without the gateway, in
		// the settings it is served with (its database is the benchmark's
		// own).
		bench: &goBench{dir: func(h *harness) string { return h.root }, pkg: "./examples/bench", name: "BenchmarkEndpoints", env: goframeEnv()},
		idle:  true,
		// Idle connections stay open 300 s, and each worker may hold its
		// share of them plus room for the active clients.
		idleArgs: func(h *harness, n int) []string {
			return []string{"--keep-alive", strconv.Itoa(int(idleKeepAlive / time.Second)),
				"--worker-connections", strconv.Itoa(workerConnections(n, h.workers))}
		},
	}
}

// goframeEnv is goframe's settings in the environment, but for the
// database.
func goframeEnv() []string {
	return []string{"DEBUG=0", "SECRET_KEY=" + strings.Repeat("benchmark-secret-", 3), "ALLOWED_HOSTS=127.0.0.1,localhost"}
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
