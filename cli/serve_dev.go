package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// serveDev serves the project and rebuilds and restarts it as its files
// change, until SIGINT or SIGTERM; a second signal kills the server
// without waiting for it.
func serveDev(s *serveSetup, env Env) int {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	ctx, cancel := context.WithCancel(context.Background())
	force := make(chan os.Signal, 1)
	go func() {
		for sig := range sigs {
			if ctx.Err() == nil {
				cancel()
				continue
			}
			select {
			case force <- sig:
			default:
			}
		}
	}()
	defer func() {
		signal.Stop(sigs)
		close(sigs)
		cancel()
	}()
	mu := new(sync.Mutex)
	d := &serveLoop{setup: s, stdout: serveLock(mu, env.Stdout), stderr: serveLock(mu, env.Stderr), force: force}
	return d.run(ctx)
}

// serveLoop is goframe serve's development loop: it owns the server
// process and reacts to the watcher's batches of changes.
type serveLoop struct {
	setup          *serveSetup
	stdout, stderr io.Writer
	force          <-chan os.Signal // a second Ctrl-C
	child          *serveChild      // the running server, or nil
	built          bool             // a good binary exists
	tried          bool             // a build was tried
}

func (l *serveLoop) logf(format string, a ...any) {
	fmt.Fprintf(l.stderr, "goframe serve: "+format+"\n", a...)
}

// run serves until ctx is done, then stops the server, and returns 0.
func (l *serveLoop) run(ctx context.Context) int {
	f := l.setup.Filter
	embeds, err := serveEmbeds(f.Root)
	if err != nil {
		l.logf("warning: reading the //go:embed patterns: %v", err)
	}
	f.Embeds = embeds
	tree, err := watchStart(ctx, f)
	if err != nil {
		l.logf("%v", err)
		return 1
	}
	batches := make(chan []string)
	go watchDebounce(ctx, watchQuiet, time.After, tree.Changes, batches)

	fmt.Fprint(l.stderr, l.setup.Banner.String())
	l.rebuild(ctx)
	for {
		var exited <-chan struct{}
		if l.child != nil {
			exited = l.child.done
		}
		select {
		case <-ctx.Done():
			if l.child != nil {
				l.logf("stopping the server (Ctrl-C again to kill it)")
				l.child.Stop(serveStopTimeout, l.force)
				l.child = nil
			}
			l.logf("stopped")
			return 0
		case batch := <-batches:
			l.changed(ctx, batch)
		case <-exited:
			what, _ := l.child.Status()
			l.child = nil
			l.logf("the server %s; waiting for a change to restart it", what)
		case err := <-tree.Errors:
			l.logf("warning: %v", err)
		}
	}
}

// changed acts on one batch of changed files.
func (l *serveLoop) changed(ctx context.Context, batch []string) {
	plan := servePlanChanges(l.setup.Filter, batch, l.rel, serveTruthy(l.setup.Debug), l.child != nil, l.built)
	for _, n := range plan.Notes {
		l.logf("%s", n)
	}
	switch {
	case plan.Rebuild:
		l.rebuild(ctx)
	case plan.Restart:
		l.restart(ctx)
	}
}

// servePlan is what goframe serve does about a batch of changes.
type servePlan struct {
	Rebuild bool     // rebuild, then restart if it builds
	Restart bool     // restart the server on the binary it has
	Notes   []string // what to tell the user
}

// servePlanChanges decides what a batch of changed files calls for:
// debug is the server's DEBUG, running whether a server runs, built
// whether a good binary exists; rel names a file for the user.
func servePlanChanges(f *watchFilter, batch []string, rel func(string) string, debug, running, built bool) servePlan {
	var plan servePlan
	byKind := map[watchKind][]string{}
	for _, p := range batch {
		k := f.Classify(p)
		byKind[k] = append(byKind[k], rel(p))
	}
	if names := byKind[watchRebuild]; len(names) > 0 {
		plan.Rebuild = true
		plan.Notes = append(plan.Notes, serveList(names)+" changed: rebuilding")
		return plan
	}
	if names := byKind[watchRestart]; len(names) > 0 {
		plan.Restart = true
		plan.Notes = append(plan.Notes, serveList(names)+" changed: restarting")
	}
	for _, k := range []watchKind{watchTemplate, watchStatic} {
		names := byKind[k]
		switch {
		case len(names) == 0:
		case !debug:
			plan.Restart = true
			plan.Notes = append(plan.Notes, serveList(names)+" changed: restarting (DEBUG is off, so the app does not read them afresh)")
		case k == watchTemplate:
			plan.Notes = append(plan.Notes, serveList(names)+" changed (reloaded by the app)")
		default:
			plan.Notes = append(plan.Notes, serveList(names)+" changed (served fresh by the app)")
		}
	}
	if !running && len(batch) > len(byKind[watchIgnore]) {
		// The server had stopped: a change starts it again.
		plan.Restart = true
		if built {
			plan.Notes = append(plan.Notes, "starting the server again")
		}
	}
	if !built {
		// Nothing to restart: only a Go change can mend the build.
		plan.Restart = false
	}
	return plan
}

// rebuild builds the binary; if it builds, the server restarts on it,
// and if not, the last good server keeps running.
func (l *serveLoop) rebuild(ctx context.Context) {
	start := time.Now()
	if !l.tried {
		l.tried = true
		l.logf("building %s (go build)...", l.setup.Project.Name)
	}
	err := serveBuild(ctx, l.setup.Project, l.setup.Environ)
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		next := "; no server is running until it builds"
		if l.child != nil {
			next = "; the last good server keeps running meanwhile"
		}
		serveReportBuild(l.stderr, err, next)
		l.logf("waiting for a change to rebuild")
		return
	}
	l.built = true
	l.logf("built in %.1fs", time.Since(start).Seconds())
	if embeds, err := serveEmbeds(l.setup.Filter.Root); err == nil {
		l.setup.Filter.Embeds = embeds
	}
	l.restart(ctx)
}

// restart stops the server, if one runs, and starts one on the binary
// unless ctx is done.
func (l *serveLoop) restart(ctx context.Context) {
	if l.child != nil {
		l.logf("restarting the server")
		l.child.Stop(serveStopTimeout, l.force)
		l.child = nil
	}
	if ctx.Err() != nil {
		return
	}
	c, err := serveStart(l.setup.Project.Bin(), l.setup.Project.MainDir, l.setup.Args, l.setup.Environ, l.stdout, l.stderr)
	if err != nil {
		l.logf("%v; waiting for a change to try again", err)
		return
	}
	l.child = c
}

// rel names a file relative to the project's folder.
func (l *serveLoop) rel(p string) string {
	for _, base := range []string{l.setup.Project.MainDir, l.setup.Project.Root} {
		if r, err := filepath.Rel(base, p); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
	}
	return p
}

// serveList names up to three files, then how many more.
func serveList(names []string) string {
	if len(names) <= 3 {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:3], ", "), len(names)-3)
}

// serveLock returns w itself if it is a file (the server writes to it
// directly, as to a terminal), else w behind mu.
func serveLock(mu *sync.Mutex, w io.Writer) io.Writer {
	if _, ok := w.(*os.File); ok {
		return w
	}
	return &serveLockedWriter{mu: mu, w: w}
}

// serveLockedWriter serializes writes to w (goframe serve's own lines and
// the server's output, copied by os/exec when w is not a file).
type serveLockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (w *serveLockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}
