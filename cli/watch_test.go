package cli

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// fakeClock hands each timer the debouncer asks for to the test, which
// fires it when it chooses.
type fakeClock struct{ timers chan chan time.Time }

func (c *fakeClock) after(time.Duration) <-chan time.Time {
	t := make(chan time.Time, 1)
	c.timers <- t
	return t
}

func TestWatchDebounce(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clock := &fakeClock{timers: make(chan chan time.Time)}
	in := make(chan string)
	out := make(chan []string)
	done := make(chan struct{})
	go func() {
		watchDebounce(ctx, watchQuiet, clock.after, in, out)
		close(done)
	}()
	send := func(p string) chan time.Time {
		t.Helper()
		in <- p
		return <-clock.timers // each path starts a new quiet period
	}
	expect := func(want ...string) {
		t.Helper()
		if got := <-out; !slices.Equal(got, want) {
			t.Fatalf("batch %q, want %q", got, want)
		}
	}

	// An editor's save: write a temporary file, rename it over the old.
	t1 := send("/p/main.go~")
	t2 := send("/p/main.go")
	t3 := send("/p/main.go")
	t1 <- time.Now() // a stale timer: the quiet period was restarted
	t2 <- time.Now()
	t3 <- time.Now()
	expect("/p/main.go", "/p/main.go~") // one batch, sorted, no duplicates

	// A later change is a batch of its own.
	t4 := send("/p/templates/a.html")
	t4 <- time.Now()
	expect("/p/templates/a.html")

	// Closing the input sends what is pending, and ends.
	send("/p/go.mod")
	close(in)
	expect("/p/go.mod")
	<-done
}

// TestWatchTree watches a real tree: files written, files in a folder
// created after the watch began, and files the watcher must not report.
func TestWatchTree(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"go.mod":              testGoMod,
		"main.go":             testMainGo,
		"templates/base.html": "x",
		".git/HEAD":           "ref",
		"tools/go.mod":        "module example.com/tools\n",
		"node_modules/a/b.js": "x",
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w, err := watchStart(ctx, &watchFilter{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	next := func() string {
		t.Helper()
		select {
		case p := <-w.Changes:
			return p
		case err := <-w.Errors:
			t.Fatal(err)
		}
		return ""
	}
	write := func(rel, text string) {
		t.Helper()
		writeFiles(t, root, map[string]string{rel: text})
	}
	// Each step writes files the watcher must skip, then one it reports:
	// the first report must be that one (events arrive in order).
	steps := []struct {
		skipped []string
		file    string
	}{
		{skipped: []string{".git/index", "node_modules/a/c.js", "db.sqlite3", "db.sqlite3-journal", ".main.go.swp", "tools/tool.go"}, file: "main.go"},
		{skipped: []string{".goframe/bin/blog"}, file: "templates/base.html"},
		// A folder created after the watch began, with a file in it at
		// once: the file is reported, and later changes in the folder too.
		{file: "models/post.go"},
		{skipped: []string{"models/.user.go.swp"}, file: "models/user.go"},
		{file: "templates/posts/deep/list.html"},
	}
	prev := ""
	for _, s := range steps {
		for _, sk := range s.skipped {
			write(sk, "x")
		}
		write(s.file, "package x\n")
		want := filepath.Join(root, filepath.FromSlash(s.file))
		for {
			got := next()
			if got == prev {
				continue // the previous step's file, written in several events
			}
			if got != want {
				t.Fatalf("reported %s, want %s (after writing %v)", got, want, s.skipped)
			}
			break
		}
		prev = want
	}

	// A removed file is reported too: a deleted view needs a rebuild.
	gone := filepath.Join(root, "models", "post.go")
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	for {
		got := next()
		if got == prev {
			continue
		}
		if got != gone {
			t.Fatalf("reported %s, want %s", got, gone)
		}
		break
	}
}
