package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/build"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// serveProject is the project goframe serve builds: the module (the
// nearest go.mod) and its main package, whose directory is where the
// server runs (its templates/, static/ and database are relative to it).
type serveProject struct {
	Root    string // the module's root, where go.mod is; the watched tree
	Module  string // the module path
	MainDir string // the main package's directory, the server's working directory
	Name    string // the binary's name
}

// Bin is the path of the built binary.
func (p *serveProject) Bin() string {
	return filepath.Join(p.MainDir, ".goframe", "bin", p.Name)
}

// serveFindProject finds the project of dir: the nearest go.mod in dir or
// above it, and the main package to build — dir's package or the nearest
// above it within the module, else the module root's, else the one
// package under cmd/.
func serveFindProject(dir string) (*serveProject, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("finding the project: %w", err)
	}
	root := ""
	for d := dir; ; d = filepath.Dir(d) {
		if st, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && !st.IsDir() {
			root = d
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	if root == "" {
		return nil, fmt.Errorf("no goframe project here: no go.mod in %s or any folder above it; run `goframe new NAME` first, then cd NAME", dir)
	}
	gomod := filepath.Join(root, "go.mod")
	module, uses, err := serveReadGoMod(gomod)
	if err != nil {
		return nil, err
	}
	if module == "" {
		return nil, fmt.Errorf("%s has no module line: it is not a Go module (run `goframe new NAME` to create a project)", gomod)
	}
	if !uses && module != goframeModule {
		return nil, fmt.Errorf("%s: module %s does not require %s, so it is not a goframe project; run `goframe new NAME` to create one", gomod, module, goframeModule)
	}
	p := &serveProject{Root: root, Module: module}
	for d := dir; ; d = filepath.Dir(d) {
		if serveIsMain(d) {
			p.MainDir = d
			break
		}
		if d == root || filepath.Dir(d) == d {
			break
		}
	}
	if p.MainDir == "" {
		cmds, _ := filepath.Glob(filepath.Join(root, "cmd", "*"))
		var mains []string
		for _, c := range cmds {
			if serveIsMain(c) {
				mains = append(mains, c)
			}
		}
		if len(mains) != 1 {
			return nil, fmt.Errorf("no main package to build in %s: goframe serve builds the project's package main (whose main() calls app.Main()) at the module's root, in the current folder, or in the one folder under cmd/", root)
		}
		p.MainDir = mains[0]
	}
	p.Name = serveBinName(module, p.MainDir, root)
	return p, nil
}

// serveIsMain reports whether dir holds a Go package main.
func serveIsMain(dir string) bool {
	pkg, err := build.Default.ImportDir(dir, 0)
	return err == nil && pkg.Name == "main"
}

// serveReadGoMod reads go.mod's module path and whether it requires
// goframe.
func serveReadGoMod(file string) (module string, usesGoframe bool, err error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", false, fmt.Errorf("reading the project's go.mod: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "module" {
			module = strings.Trim(f[1], `"`)
		}
		for _, w := range f {
			if strings.Trim(w, `"`) == goframeModule {
				if f[0] != "module" && f[0] != "replace" {
					usesGoframe = true
				}
			}
		}
	}
	return module, usesGoframe, nil
}

// serveBinName names the binary: the main package's folder, or, at the
// module's root, the module path's last element (without a /vN suffix).
func serveBinName(module, mainDir, root string) string {
	name := filepath.Base(mainDir)
	if mainDir == root {
		elems := strings.Split(module, "/")
		name = elems[len(elems)-1]
		if len(elems) > 1 && len(name) >= 2 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
			name = elems[len(elems)-2]
		}
	}
	clean := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, name)
	if strings.Trim(clean, "._") == "" {
		return "app"
	}
	return clean
}

// watchEmbed is one //go:embed pattern of a package: the files it matches
// are in the binary, so their change needs a rebuild.
type watchEmbed struct {
	Dir     string // the package's folder
	Pattern string // relative to Dir, slash-separated, without "all:"
}

// serveEmbeds lists the //go:embed patterns of the packages in the tree
// under root, skipping the folders the watcher skips.
func serveEmbeds(root string) ([]watchEmbed, error) {
	var out []watchEmbed
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			return nil // a folder gone or unreadable: not ours to report
		}
		if !d.IsDir() {
			return nil
		}
		if p != root && watchSkipDir(d.Name()) {
			return filepath.SkipDir
		}
		if p != root {
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir // another module
			}
		}
		pkg, err := build.Default.ImportDir(p, 0)
		var noGo *build.NoGoError
		if err != nil && (errors.As(err, &noGo) || pkg == nil) {
			return nil
		}
		for _, pat := range pkg.EmbedPatterns {
			out = append(out, watchEmbed{Dir: p, Pattern: strings.TrimPrefix(pat, "all:")})
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].Dir != out[j].Dir {
			return out[i].Dir < out[j].Dir
		}
		return out[i].Pattern < out[j].Pattern
	})
	return out, err
}

// matches reports whether the file at p (absolute) is embedded by e: the
// pattern names it or a folder above it within the package.
func (e watchEmbed) matches(p string) bool {
	rel, err := filepath.Rel(e.Dir, p)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return false
	}
	for r := filepath.ToSlash(rel); r != "." && r != ""; r = path.Dir(r) {
		if ok, _ := path.Match(e.Pattern, r); ok {
			return true
		}
	}
	return false
}
