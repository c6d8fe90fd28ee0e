package cli

import (
	"path/filepath"
	"strings"
)

// watchKind is what a changed file calls for.
type watchKind int

const (
	// watchIgnore: nothing (a file the build and the app do not read).
	watchIgnore watchKind = iota
	// watchStatic: nothing either, but say so: in DEBUG the app serves
	// static files fresh from disk.
	watchStatic
	// watchTemplate: nothing either, but say so: in DEBUG the app reloads
	// changed templates.
	watchTemplate
	// watchRestart: restart the server (a config file it reads at start).
	watchRestart
	// watchRebuild: rebuild the binary and restart the server (Go code,
	// go.mod, go.sum, a file embedded with //go:embed).
	watchRebuild
)

func (k watchKind) String() string {
	return [...]string{"ignore", "static", "template", "restart", "rebuild"}[k]
}

// watchFilter decides which files are watched and what their change
// calls for. Paths are absolute.
type watchFilter struct {
	Root         string       // the watched tree
	TemplateDirs []string     // the app's template folders
	StaticDirs   []string     // the app's static folders
	RestartFiles []string     // files the server reads at start (--config)
	Embeds       []watchEmbed // files in the binary
	// ReadFresh: the app reads TemplateDirs and StaticDirs from disk
	// (DEBUG on), so their files call for no rebuild even when the
	// binary also embeds them (a new project embeds templates/ and
	// static/ for production).
	ReadFresh bool
}

// watchSkipDir reports whether the watcher skips a folder named name (and
// everything under it): version control, goframe's own output,
// dependencies, and what the go command ignores (testdata, hidden
// folders).
func watchSkipDir(name string) bool {
	switch name {
	case "node_modules", "vendor", "testdata", "__pycache__":
		return true
	}
	return strings.HasPrefix(name, ".")
}

// watchSkipFile reports whether a file named name is never of interest:
// editors' backup, swap and lock files, and databases (the app writes
// them as it serves).
func watchSkipFile(name string) bool {
	switch {
	case strings.HasPrefix(name, "."), // .#lock, .x.swp, .DS_Store
		strings.HasSuffix(name, "~"),
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, ".bak"),
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		name == "4913", // vim's write test
		strings.Contains(name, ".sqlite"), strings.HasSuffix(name, ".db"),
		strings.HasSuffix(name, "-journal"), strings.HasSuffix(name, "-wal"), strings.HasSuffix(name, "-shm"):
		return true
	}
	return false
}

// ignored reports whether p is outside the tree, under a skipped folder
// or a skipped file: the watcher drops it at once.
func (f *watchFilter) ignored(p string) bool {
	rel, err := filepath.Rel(f.Root, p)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return true
	}
	parts := strings.Split(rel, string(filepath.Separator))
	for _, d := range parts[:len(parts)-1] {
		if watchSkipDir(d) {
			return true
		}
	}
	return watchSkipFile(parts[len(parts)-1])
}

// Classify says what the change of the file p calls for.
func (f *watchFilter) Classify(p string) watchKind {
	if f.ignored(p) {
		return watchIgnore
	}
	name := filepath.Base(p)
	switch {
	case strings.HasSuffix(name, "_test.go"):
		return watchIgnore // tests are not in the binary
	case strings.HasSuffix(name, ".go"), name == "go.mod", name == "go.sum", name == "go.work", name == "go.work.sum":
		return watchRebuild
	}
	if f.ReadFresh {
		if k := f.classifyDirs(p); k != watchIgnore {
			return k
		}
	}
	for _, e := range f.Embeds {
		if e.matches(p) {
			return watchRebuild
		}
	}
	for _, r := range f.RestartFiles {
		if r == p {
			return watchRestart
		}
	}
	if k := f.classifyDirs(p); k != watchIgnore {
		return k
	}
	if ext := filepath.Ext(name); ext == ".c" || ext == ".h" || ext == ".s" || ext == ".cc" || ext == ".cpp" || ext == ".syso" {
		if serveIsGoPackage(filepath.Dir(p)) {
			return watchRebuild // cgo and assembly sources of a package
		}
	}
	return watchIgnore
}

// classifyDirs says whether p is a template or a static file, by its
// folder (watchIgnore when it is neither).
func (f *watchFilter) classifyDirs(p string) watchKind {
	switch {
	case serveUnder(p, f.TemplateDirs):
		return watchTemplate
	case serveUnder(p, f.StaticDirs):
		return watchStatic
	}
	return watchIgnore
}

// serveUnder reports whether p is in one of dirs.
func serveUnder(p string, dirs []string) bool {
	for _, d := range dirs {
		if rel, err := filepath.Rel(d, p); err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// serveIsGoPackage reports whether dir holds .go files.
func serveIsGoPackage(dir string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	return len(m) > 0
}
