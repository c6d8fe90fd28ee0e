package framework

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/goframe/goframe/orm"
)

// What the migration commands share: where the migrations are, and
// what makemigrations would write.

// migrationsFS is the App's migrations: Config.Migrations, or the files
// of Config.MigrationsDir (none when it does not exist: a project
// without models has no migrations).
func (a *App) migrationsFS() fs.FS {
	if a.cfg.Migrations != nil {
		return a.cfg.Migrations
	}
	return a.migrationsDirFS()
}

// migrationsDirFS is the files of Config.MigrationsDir, where
// makemigrations writes (none when it does not exist yet).
func (a *App) migrationsDirFS() fs.FS {
	if _, err := os.Stat(a.cfg.MigrationsDir); errors.Is(err, fs.ErrNotExist) {
		return emptyFS{}
	}
	return os.DirFS(a.cfg.MigrationsDir)
}

// emptyFS is a file system with nothing in it.
type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (emptyFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == "." {
		return nil, nil
	}
	return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
}

// errNoModels is makemigrations without Config.Models.
var errNoModels = errors.New("Config.Models is not set: give New the project's models (orm.NewRegistry(Post{}, ...)) to make migrations from them")

// plannedMigration is the migration makemigrations would write: its file
// name and text, or an empty name when the models did not change.
type plannedMigration struct {
	File, Text string
}

// planMigration runs makemigrations over a copy of the migrations in
// src, in a temporary directory, and returns what it wrote there.
func (a *App) planMigration(src fs.FS, opts orm.MakeOptions) (plannedMigration, error) {
	if a.cfg.Models == nil {
		return plannedMigration{}, errNoModels
	}
	tmp, err := os.MkdirTemp("", "goframe-makemigrations-")
	if err != nil {
		return plannedMigration{}, err
	}
	defer os.RemoveAll(tmp)
	entries, err := fs.ReadDir(src, ".")
	if err != nil {
		return plannedMigration{}, fmt.Errorf("reading the migrations: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		b, err := fs.ReadFile(src, e.Name())
		if err != nil {
			return plannedMigration{}, fmt.Errorf("reading migration %s: %w", e.Name(), err)
		}
		if err := os.WriteFile(filepath.Join(tmp, e.Name()), b, 0o644); err != nil {
			return plannedMigration{}, err
		}
	}
	path, err := orm.MakeMigrations(a.cfg.Models, tmp, opts)
	if err != nil || path == "" {
		return plannedMigration{}, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return plannedMigration{}, err
	}
	return plannedMigration{File: filepath.Base(path), Text: string(b)}, nil
}

// migrationOperations returns the descriptions of a migration's
// operations from its header ("-- Operations:" then "--   - Create
// table post").
func migrationOperations(text string) []string {
	var out []string
	in := false
	for line := range strings.SplitSeq(text, "\n") {
		switch {
		case line == "-- Operations:":
			in = true
		case in && strings.HasPrefix(line, "--   - "):
			out = append(out, strings.TrimPrefix(line, "--   - "))
		case in:
			return out
		}
	}
	return out
}
