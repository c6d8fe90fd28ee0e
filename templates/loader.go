package templates

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Loader finds template sources by name. Names are slash-separated and
// relative to the loader's root, as in Django ("blog/post.html").
type Loader interface {
	// Load returns the source of name, or an error matching
	// fs.ErrNotExist when the loader does not have it.
	Load(name string) (string, error)
}

// modTimer is implemented by loaders whose templates can change on disk.
type modTimer interface {
	ModTime(name string) (time.Time, error)
}

// DirLoader loads templates from a directory.
type DirLoader string

// Load reads name under the directory.
func (d DirLoader) Load(name string) (string, error) {
	b, err := os.ReadFile(d.path(name))
	if err != nil {
		if pe, ok := err.(*fs.PathError); ok && isDirErr(pe) {
			return "", fs.ErrNotExist
		}
		return "", err
	}
	return string(b), nil
}

func isDirErr(pe *fs.PathError) bool {
	st, err := os.Stat(pe.Path)
	return err == nil && st.IsDir()
}

func (d DirLoader) path(name string) string {
	return filepath.Join(string(d), filepath.FromSlash(name))
}

// ModTime returns the modification time of name's file.
func (d DirLoader) ModTime(name string) (time.Time, error) {
	st, err := os.Stat(d.path(name))
	if err != nil {
		return time.Time{}, err
	}
	return st.ModTime(), nil
}

// FSLoader loads templates from a file system such as an embed.FS.
// Names resolve from its root, never from the including template's
// directory (Django's resolution, unlike pongo2's FSLoader).
type FSLoader struct {
	FS fs.FS
}

// Load reads name from the file system.
func (l FSLoader) Load(name string) (string, error) {
	b, err := fs.ReadFile(l.FS, name)
	if err != nil {
		var pe *fs.PathError
		if asPathErr(err, &pe) {
			if st, serr := fs.Stat(l.FS, name); serr == nil && st.IsDir() {
				return "", fs.ErrNotExist
			}
		}
		return "", err
	}
	return string(b), nil
}

func asPathErr(err error, pe **fs.PathError) bool {
	p, ok := err.(*fs.PathError)
	if ok {
		*pe = p
	}
	return ok
}

// ModTime returns the modification time of name (zero for an embed.FS,
// which never changes).
func (l FSLoader) ModTime(name string) (time.Time, error) {
	st, err := fs.Stat(l.FS, name)
	if err != nil {
		return time.Time{}, err
	}
	return st.ModTime(), nil
}

// MapLoader serves templates from memory: name to source.
type MapLoader map[string]string

// Load returns the source stored under name.
func (m MapLoader) Load(name string) (string, error) {
	s, ok := m[name]
	if !ok {
		return "", fmt.Errorf("%s: %w", name, fs.ErrNotExist)
	}
	return s, nil
}
