package gateway

import (
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watchForReload watches this program's binary and the --reload-extra-file
// files (through their folders, since a rebuilt binary usually replaces the
// file by renaming), and sends on the returned channel, at most every
// debounce, when one of them changed. Stop it with the returned function.
func (a *Arbiter) watchForReload(debounce time.Duration) (<-chan struct{}, func(), error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, nil, err
	}
	files := map[string]bool{}
	dirs := map[string]bool{}
	for _, f := range append([]string{a.exe}, a.cfg.ReloadExtraFiles...) {
		abs, err := filepath.Abs(f)
		if err != nil {
			continue
		}
		files[abs] = true
		dirs[filepath.Dir(abs)] = true
	}
	for d := range dirs {
		if err := w.Add(d); err != nil {
			w.Close()
			return nil, nil, err
		}
	}
	out := make(chan struct{}, 1)
	go func() {
		var timer <-chan time.Time
		for {
			select {
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if files[filepath.Clean(ev.Name)] && ev.Op&(fsnotify.Write|fsnotify.Create|fsnotify.Rename|fsnotify.Chmod) != 0 {
					timer = time.After(debounce)
				}
			case _, ok := <-w.Errors:
				if !ok {
					return
				}
			case <-timer:
				timer = nil
				select {
				case out <- struct{}{}:
				default:
				}
			}
		}
	}()
	return out, func() { w.Close() }, nil
}
