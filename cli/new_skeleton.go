package cli

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/goframe/goframe/framework/auth"
	"github.com/goframe/goframe/orm"
)

// skeletonFiles is the project goframe new writes. A file whose name
// ends in .tmpl is a text/template executed with a skeletonData, with
// [[ ]] as delimiters (the templates/ files hold Django's {{ }} and
// {% %}), and written without the suffix; the others are copied.
// "dot-" at the start of a name stands for ".", "_name_" for the
// project's name. Go files are .go.tmpl so that the go tool does not
// take them for part of this package.
//
//go:embed all:skeleton
var skeletonFiles embed.FS

// skeletonData is what the skeleton's templates are executed with.
type skeletonData struct {
	// Name is the project's name (blog), its directory's and its
	// binary's; Title is it for people (Blog).
	Name, Title string
	// Module is the project's module path.
	Module string
	// SourceDir is the goframe source go.mod's replace directive points
	// to ("" for none).
	SourceDir string
	// GoVersion is the go line of go.mod; GoframeVersion the version
	// required of goframe.
	GoVersion, GoframeVersion string
}

// skeletonGoframeVersion is the version of goframe a new project
// requires: the pseudo-version Go uses for a module that a replace
// directive provides.
const skeletonGoframeVersion = "v0.0.0-00010101000000-000000000000"

// skeletonGoVersion is the go line of a new project's go.mod.
const skeletonGoVersion = "1.26"

// skeletonFuncs are the functions the skeleton's templates use.
func skeletonFuncs() template.FuncMap {
	return template.FuncMap{
		// modPath quotes a path for go.mod when it needs quotes.
		"modPath": func(p string) string {
			if strings.ContainsAny(p, " \t\"'`\\") {
				return strconv.Quote(p)
			}
			return p
		},
	}
}

// writeSkeleton writes the project into dir, which exists and is empty:
// the skeleton's files, the (empty) resource registry and the initial
// migration. It returns the paths written, relative to dir, in order.
func writeSkeleton(dir string, data skeletonData) ([]string, error) {
	var written []string
	err := fs.WalkDir(skeletonFiles, "skeleton", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := skeletonTarget(strings.TrimPrefix(p, "skeleton/"), data.Name)
		src, err := skeletonFiles.ReadFile(p)
		if err != nil {
			return err
		}
		out := src
		if strings.HasSuffix(p, ".tmpl") {
			if out, err = executeTemplate(p, string(src), data); err != nil {
				return err
			}
		}
		if err := writeNewFile(filepath.Join(dir, filepath.FromSlash(rel)), out); err != nil {
			return err
		}
		written = append(written, rel)
		return nil
	})
	if err != nil {
		return written, err
	}
	reg, err := writeRegistry(dir, nil)
	written = append(written, reg...)
	if err != nil {
		return written, err
	}
	mig, err := writeInitialMigration(dir)
	if err != nil {
		return written, err
	}
	return append(written, mig), nil
}

// skeletonTarget is the path a skeleton file is written to.
func skeletonTarget(rel, name string) string {
	rel = strings.TrimSuffix(rel, ".tmpl")
	dir, base := path.Split(rel)
	base = strings.ReplaceAll(base, "_name_", name)
	if b, ok := strings.CutPrefix(base, "dot-"); ok {
		base = "." + b
	}
	return dir + base
}

// executeTemplate executes the text/template src (named name, with [[
// ]] delimiters) with data.
func executeTemplate(name, src string, data any) ([]byte, error) {
	t, err := template.New(name).Delims("[[", "]]").Funcs(skeletonFuncs()).Option("missingkey=error").Parse(src)
	if err != nil {
		return nil, fmt.Errorf("goframe's template %s: %w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("goframe's template %s: %w", name, err)
	}
	return b.Bytes(), nil
}

// writeNewFile writes a file, creating its directory.
func writeNewFile(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// skeletonNote is the skeleton's model (Note, in
// skeleton/models.go.tmpl), field for field: the initial migration is
// made from it, as the project's own makemigrations would make it (the
// end-to-end test checks that makemigrations finds nothing to add).
type skeletonNote struct {
	ID      int64     `db:"id"`
	Title   string    `db:"title" orm:"size:200"`
	Body    string    `db:"body"`
	Created time.Time `db:"created" orm:"created"`
}

// TableName is Note's table.
func (skeletonNote) TableName() string { return "note" }

// writeInitialMigration writes migrations/0001_initial.sql for the
// skeleton's model with the ORM's MakeMigrations, and returns its path
// relative to dir.
func writeInitialMigration(dir string) (string, error) {
	// As the project's App has them: its models, then auth.Install's User.
	reg, err := orm.NewRegistry(skeletonNote{})
	if err != nil {
		return "", err
	}
	if err := auth.Register(reg); err != nil {
		return "", err
	}
	p, err := orm.MakeMigrations(reg, filepath.Join(dir, "migrations"), orm.MakeOptions{Name: "initial"})
	if err != nil {
		return "", fmt.Errorf("making the initial migration: %w", err)
	}
	rel, err := filepath.Rel(dir, p)
	if err != nil {
		return "", err
	}
	return filepath.ToSlash(rel), nil
}
