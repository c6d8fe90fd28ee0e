package framework

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/goframe/goframe/templates"
)

// checkTemplates compiles every template the App can load, and lists
// the errors with their template, line and column.
func (a *App) checkTemplates() []checkIssue {
	names, sources, out := a.templateNames()
	if len(names) == 0 {
		return out
	}
	eng, err := a.Templates()
	if err != nil {
		return append(out, checkIssue{id: "templates.E002", msg: err.Error()})
	}
	seen := map[string]bool{}
	for _, name := range names {
		_, err := eng.Get(name)
		if err == nil {
			out = append(out, checkReferences(eng, name, sources[name])...)
			continue
		}
		issue := checkIssue{id: "templates.E001", obj: name, msg: err.Error()}
		var te *templates.Error
		if errors.As(err, &te) {
			issue.obj, issue.msg = te.Name, te.Message
			if te.Line > 0 {
				issue.obj = fmt.Sprintf("%s:%d:%d", te.Name, te.Line, te.Column)
			}
			if te.Err != nil && !strings.Contains(te.Message, te.Err.Error()) {
				issue.msg += ": " + te.Err.Error()
			}
		}
		// An error in a base template shows once, not once per child.
		if key := issue.String(); !seen[key] {
			seen[key] = true
			out = append(out, issue)
		}
	}
	return out
}

// templateNames lists the templates of Config.TemplatesFS, or of the
// template directories (a name in two directories once: the first
// wins, as it does when rendering), skipping hidden files. A template
// directory that was set but does not exist is a warning.
func (a *App) templateNames() ([]string, map[string]fs.FS, []checkIssue) {
	var names []string
	sources := map[string]fs.FS{}
	var out []checkIssue
	walk := func(fsys fs.FS, where string) {
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if _, dup := sources[p]; !d.IsDir() && !dup {
				names = append(names, p)
				sources[p] = fsys
			}
			return nil
		})
		if err != nil {
			out = append(out, checkIssue{id: "templates.E003", obj: where, msg: "reading the templates: " + err.Error()})
		}
	}
	if a.cfg.TemplatesFS != nil {
		walk(a.cfg.TemplatesFS, "Config.TemplatesFS")
		return names, sources, out
	}
	defaultDirs := slices.Equal(a.cfg.TemplateDirs, Config{}.withDefaults().TemplateDirs)
	for _, dir := range a.cfg.TemplateDirs {
		st, err := os.Stat(dir)
		switch {
		case errors.Is(err, fs.ErrNotExist) && defaultDirs:
			// No templates directory: an API, or none yet.
		case errors.Is(err, fs.ErrNotExist):
			out = append(out, checkIssue{warning: true, id: "templates.W001", obj: dir, msg: fmt.Sprintf("The template directory (%s) does not exist.", EnvTemplateDirs)})
		case err != nil:
			out = append(out, checkIssue{warning: true, id: "templates.W001", obj: dir, msg: fmt.Sprintf("The template directory (%s) cannot be read: %v", EnvTemplateDirs, err)})
		case !st.IsDir():
			out = append(out, checkIssue{warning: true, id: "templates.W001", obj: dir, msg: fmt.Sprintf("The template directory (%s) is not a directory.", EnvTemplateDirs)})
		default:
			walk(os.DirFS(dir), filepath.Clean(dir))
		}
	}
	return names, sources, out
}

// referenceRE finds {% extends "name" %} and {% include "name" %} with a
// literal name, which the engine resolves only when rendering.
var referenceRE = regexp.MustCompile(`\{%-?\s*(extends|include)\s+(?:"([^"]*)"|'([^']*)')`)

// checkReferences reports the templates name extends or includes by a
// literal name that do not exist: a render would fail there.
func checkReferences(eng *templates.Engine, name string, fsys fs.FS) []checkIssue {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil // compiled a moment ago: gone since
	}
	var out []checkIssue
	for _, m := range referenceRE.FindAllSubmatchIndex(src, -1) {
		var target string
		if m[4] >= 0 {
			target = string(src[m[4]:m[5]])
		} else {
			target = string(src[m[6]:m[7]])
		}
		_, err := eng.Get(target)
		if errors.Is(err, templates.ErrNotExist) {
			line := 1 + bytes.Count(src[:m[0]], []byte("\n"))
			out = append(out, checkIssue{id: "templates.E001", obj: fmt.Sprintf("%s:%d", name, line),
				msg: fmt.Sprintf("{%% %s %%} names %q, which does not exist", src[m[2]:m[3]], target)})
		}
	}
	return out
}
