package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/fsnotify/fsnotify"
)

// watchTree watches a folder and every folder under it that the filter
// does not skip (fsnotify watches one folder at a time: folders are added
// as they appear), and reports the files that change.
type watchTree struct {
	w      *fsnotify.Watcher
	filter *watchFilter
	// Changes receives the path of each file written, created, removed
	// or renamed (not yet debounced), except those the filter ignores.
	Changes chan string
	// Errors receives what goes wrong while watching, already explained.
	Errors chan error
}

// watchStart starts watching f.Root; it runs until ctx is done.
func watchStart(ctx context.Context, f *watchFilter) (*watchTree, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watching %s: %w", f.Root, watchExplain(err))
	}
	t := &watchTree{w: w, filter: f, Changes: make(chan string, 256), Errors: make(chan error, 8)}
	if _, err := t.addTree(f.Root); err != nil {
		w.Close()
		return nil, err
	}
	go t.run(ctx)
	return t, nil
}

// addTree watches dir and the folders under it, and returns the files
// found in them (which may have been created before the watch began).
func (t *watchTree) addTree(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // gone already, or unreadable: skip it
		}
		if !d.IsDir() {
			files = append(files, p)
			return nil
		}
		if p != t.filter.Root && watchSkipDir(d.Name()) {
			return filepath.SkipDir
		}
		if p != t.filter.Root {
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir // another module, not part of this build
			}
		}
		if err := t.w.Add(p); err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return filepath.SkipDir
			}
			return fmt.Errorf("watching %s: %w", p, watchExplain(err))
		}
		return nil
	})
	return files, err
}

func (t *watchTree) run(ctx context.Context) {
	defer t.w.Close()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-t.w.Events:
			if !ok {
				return
			}
			t.handle(ctx, ev)
		case err, ok := <-t.w.Errors:
			if !ok {
				return
			}
			t.report(ctx, fmt.Errorf("watching %s: %w", t.filter.Root, watchExplain(err)))
		}
	}
}

// handle reports one event's file, and starts watching a new folder.
func (t *watchTree) handle(ctx context.Context, ev fsnotify.Event) {
	if !ev.Has(fsnotify.Write) && !ev.Has(fsnotify.Create) && !ev.Has(fsnotify.Remove) && !ev.Has(fsnotify.Rename) {
		return // Chmod alone: the content is the same
	}
	p := filepath.Clean(ev.Name)
	if ev.Has(fsnotify.Create) {
		if st, err := os.Lstat(p); err == nil && st.IsDir() {
			if watchSkipDir(filepath.Base(p)) || t.filter.ignored(filepath.Join(p, "x")) {
				return
			}
			files, err := t.addTree(p)
			if err != nil {
				t.report(ctx, err)
			}
			for _, f := range files {
				t.send(ctx, f)
			}
			return
		}
	}
	t.send(ctx, p)
}

func (t *watchTree) send(ctx context.Context, p string) {
	if t.filter.ignored(p) {
		return
	}
	select {
	case t.Changes <- p:
	case <-ctx.Done():
	}
}

func (t *watchTree) report(ctx context.Context, err error) {
	select {
	case t.Errors <- err:
	case <-ctx.Done():
	default: // the reader is behind: these are warnings, drop one
	}
}

// watchExplain adds what to do to the errors a user can fix.
func watchExplain(err error) error {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("%w: the system's limit on watched folders is reached; raise it (sudo sysctl fs.inotify.max_user_watches=524288) or run goframe serve --no-reload", err)
	case errors.Is(err, syscall.EMFILE):
		return fmt.Errorf("%w: too many open watchers; raise fs.inotify.max_user_instances, or run goframe serve --no-reload", err)
	case errors.Is(err, fsnotify.ErrEventOverflow):
		return fmt.Errorf("%w: some changes may have been missed; save a file again to rebuild", err)
	}
	return err
}
