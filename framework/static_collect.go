package framework

import (
	"bytes"
	"crypto/md5"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// CollectResult is what CollectStatic did.
type CollectResult struct {
	// Dest is the destination directory, absolute.
	Dest string
	// Copied counts the files copied into Dest (new or changed);
	// Unmodified those already there with the same content.
	Copied, Unmodified int
	// PostProcessed counts the content-hashed copies written (new or
	// changed); a hashed copy already there is not written again.
	PostProcessed int
	// Manifest maps each collected file to its hashed name, as
	// staticfiles.json does.
	Manifest map[string]string
}

// CollectStatic copies the static files (Config.StaticFS, or
// Config.StaticDir) into dest (default Config.StaticRoot; with neither,
// an error asks for STATIC_ROOT), as Django's collectstatic with
// ManifestStaticFilesStorage: each file, a copy named for its content
// ("css/site.css" → "css/site.0123456789ab.css", the first 12 hex digits
// of its MD5), and dest/staticfiles.json, Django's manifest of the
// hashed names. It writes the summary line ("12 static files copied to
// '/srv/static', 12 post-processed.") to w (nil: none).
//
// In CSS files, url(...) and @import references to other static files
// — relative ("../img/logo.png") or under STATIC_URL — become
// references to their hashed names in the hashed copy; data:, http(s):,
// protocol-relative and fragment-only URLs, and references inside
// comments, are left alone. CSS files are processed in dependency order,
// so a CSS file's hash covers the hashed names it refers to. A reference
// to a file that is not collected, or CSS files importing each other in
// a cycle, is an error naming the CSS file and the reference; nothing is
// written then.
//
// Files whose names start with a dot or end in "~", "CVS" directories
// and a staticfiles.json at the top of the source are not collected.
// Running it again writes only what changed; files that are no longer
// in the source stay in dest, as with Django. With Debug off, an App
// whose Config.StaticRoot is dest gives hashed URLs from then on; an App
// reads the manifest once, on first use, so a server running while
// collectstatic runs in another process picks it up when restarted.
//
// Behind nginx, serve dest at STATIC_URL and let it cache for as long as
// it likes (hashed names change when their content does):
//
//	location /static/ {
//	    alias /srv/app/staticfiles/;
//	    expires max;
//	}
//
// Without nginx the App serves dest itself (with Debug off and
// Config.StaticRoot set), with the same caching for hashed names.
func (a *App) CollectStatic(dest string, w io.Writer) (CollectResult, error) {
	if w == nil {
		w = io.Discard
	}
	if dest == "" {
		dest = a.cfg.StaticRoot
	}
	if dest == "" {
		return CollectResult{}, fmt.Errorf("framework: collectstatic: %s is not set: set it to the directory the web server serves %s from (e.g. %s=staticfiles), or give a destination", EnvStaticRoot, a.cfg.StaticURL, EnvStaticRoot)
	}
	absDest, err := filepath.Abs(dest)
	if err != nil {
		return CollectResult{}, fmt.Errorf("framework: collectstatic: %s: %w", dest, err)
	}
	s := a.static
	where := "STATIC_FS"
	if s.srcDir != "" {
		where = fmt.Sprintf("%s '%s'", EnvStaticDir, s.srcDir)
		if absSrc, err := filepath.Abs(s.srcDir); err == nil {
			if rel, err := filepath.Rel(absSrc, absDest); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				return CollectResult{}, fmt.Errorf("framework: collectstatic: the destination '%s' is inside %s: collected files would be collected again; choose a directory outside it (%s)", dest, where, EnvStaticRoot)
			}
		}
	}

	c := &collector{staticURL: a.cfg.StaticURL, src: s.source, where: where, files: map[string]*collectFile{}}
	if err := c.list(w); err != nil {
		return CollectResult{}, err
	}
	if err := c.hashAll(); err != nil {
		return CollectResult{}, err
	}
	res, err := c.write(absDest)
	if err != nil {
		return res, err
	}
	if s.root != "" {
		if absRoot, err := filepath.Abs(s.root); err == nil && absRoot == absDest {
			s.reset()
		}
	}
	var extra string
	if res.Unmodified > 0 {
		extra += fmt.Sprintf(", %d unmodified", res.Unmodified)
	}
	if res.PostProcessed > 0 {
		extra += fmt.Sprintf(", %d post-processed", res.PostProcessed)
	}
	fmt.Fprintf(w, "%d static file%s copied to '%s'%s.\n", res.Copied, plural(res.Copied), absDest, extra)
	return res, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// collector is one collectstatic run.
type collector struct {
	staticURL string
	src       fs.FS
	where     string // the source, for messages
	names     []string
	files     map[string]*collectFile
	stack     []string // CSS files being rewritten, for cycles
}

// collectFile is one static file being collected.
type collectFile struct {
	size   int64
	sum    [md5.Size]byte // of the original content
	css    []byte         // a CSS file's original content
	final  []byte         // a CSS file's rewritten content
	hashed string         // the hashed name; "" for a CSS file not rewritten yet
}

// isCSS reports whether the file's references are rewritten (Django's
// "*.css" pattern).
func isCSS(name string) bool { return strings.HasSuffix(name, ".css") }

// ignoredStatic reports whether a file or directory name is left out of
// collection (Django's default ignore patterns: CVS, .*, *~).
func ignoredStatic(base string) bool {
	return base == "CVS" || strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~")
}

// list finds the files to collect, in lexical order.
func (c *collector) list(w io.Writer) error {
	err := fs.WalkDir(c.src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." && errors.Is(err, fs.ErrNotExist) {
				fmt.Fprintf(w, "warning: %s does not exist: no static files to collect.\n", c.where)
				return fs.SkipAll
			}
			return err
		}
		if p == "." {
			return nil
		}
		if ignoredStatic(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p == manifestName {
			fmt.Fprintf(w, "warning: %s in %s is not collected: collectstatic writes its own.\n", manifestName, c.where)
			return nil
		}
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			fi, err := fs.Stat(c.src, p)
			if err != nil {
				return err
			}
			if fi.IsDir() {
				fmt.Fprintf(w, "warning: %s in %s is a link to a directory: not followed.\n", p, c.where)
				return nil
			}
			mode = fi.Mode().Type()
		}
		if mode.IsRegular() {
			c.names = append(c.names, p)
			c.files[p] = &collectFile{}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("framework: collectstatic: reading %s: %w", c.where, err)
	}
	return nil
}

// hashAll names every file for its content: files other than CSS first,
// then CSS files in dependency order, their references rewritten.
// Nothing is written.
func (c *collector) hashAll() error {
	for _, name := range c.names {
		f := c.files[name]
		rc, err := c.src.Open(name)
		if err != nil {
			return fmt.Errorf("framework: collectstatic: %w", err)
		}
		h := md5.New()
		var dst io.Writer = h
		var buf bytes.Buffer
		if isCSS(name) {
			dst = io.MultiWriter(h, &buf)
		}
		f.size, err = io.Copy(dst, rc)
		rc.Close()
		if err != nil {
			return fmt.Errorf("framework: collectstatic: reading %s in %s: %w", name, c.where, err)
		}
		h.Sum(f.sum[:0])
		if isCSS(name) {
			f.css = buf.Bytes()
		} else {
			f.hashed = hashedName(name, fmt.Sprintf("%x", f.sum)[:12])
		}
	}
	for _, name := range c.names {
		if _, err := c.hashed(name); err != nil {
			return fmt.Errorf("framework: collectstatic: %w", err)
		}
	}
	return nil
}

// hashed returns the hashed name of a collected file, rewriting a CSS
// file (and, first, the CSS files it refers to) on first use.
func (c *collector) hashed(name string) (string, error) {
	f := c.files[name]
	if f == nil {
		return "", errStaticNotFound
	}
	if f.hashed != "" {
		return f.hashed, nil
	}
	for i, n := range c.stack {
		if n == name {
			cycle := strings.Join(append(c.stack[i:], name), " → ")
			return "", fmt.Errorf("the CSS files %s refer to each other in a cycle: a file's hashed name cannot depend on itself; break the cycle", cycle)
		}
	}
	c.stack = append(c.stack, name)
	out, err := rewriteCSS(name, c.staticURL, f.css, c.hashed)
	c.stack = c.stack[:len(c.stack)-1]
	if err != nil {
		return "", err
	}
	f.final = out
	f.hashed = hashedName(name, contentHash(out))
	return f.hashed, nil
}

// write writes what changed into dest: each file, its hashed copy, the
// manifest.
func (c *collector) write(dest string) (CollectResult, error) {
	res := CollectResult{Dest: dest, Manifest: make(map[string]string, len(c.names))}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return res, fmt.Errorf("framework: collectstatic: %w", err)
	}
	for _, name := range c.names {
		f := c.files[name]
		res.Manifest[name] = f.hashed
		orig := c.opener(name, f.css)
		wrote, err := syncFile(filepath.Join(dest, filepath.FromSlash(name)), f.size, f.sum, orig)
		if err != nil {
			return res, fmt.Errorf("framework: collectstatic: %s: %w", name, err)
		}
		if wrote {
			res.Copied++
		} else {
			res.Unmodified++
		}
		size, sum, open := f.size, f.sum, orig
		if f.final != nil {
			size, sum, open = int64(len(f.final)), md5.Sum(f.final), c.opener(name, f.final)
		}
		wrote, err = syncFile(filepath.Join(dest, filepath.FromSlash(f.hashed)), size, sum, open)
		if err != nil {
			return res, fmt.Errorf("framework: collectstatic: %s: %w", f.hashed, err)
		}
		if wrote {
			res.PostProcessed++
		}
	}
	m := encodeManifest(res.Manifest)
	if _, err := syncFile(filepath.Join(dest, manifestName), int64(len(m)), md5.Sum(m), c.opener("", m)); err != nil {
		return res, fmt.Errorf("framework: collectstatic: %s: %w", manifestName, err)
	}
	return res, nil
}

// opener opens content, or the source file name when content is nil.
func (c *collector) opener(name string, content []byte) func() (io.ReadCloser, error) {
	if content != nil {
		return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(content)), nil }
	}
	return func() (io.ReadCloser, error) { return c.src.Open(path.Clean(name)) }
}

// syncFile makes dst hold the content open gives (size bytes with MD5
// sum), unless it does already, reporting whether it wrote. The content
// goes to a temporary file renamed over dst, so a reader never sees half
// a file; content that no longer has sum (a source file changed while
// being collected) is an error, and dst is left as it was.
func syncFile(dst string, size int64, sum [md5.Size]byte, open func() (io.ReadCloser, error)) (bool, error) {
	if same, err := hasContent(dst, size, sum); err != nil || same {
		return false, err
	}
	dir := filepath.Dir(dst)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, err
	}
	tmp, err := os.CreateTemp(dir, ".collectstatic-*")
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name()) // after the rename, a no-op
	src, err := open()
	if err != nil {
		tmp.Close()
		return false, err
	}
	h := md5.New()
	_, err = io.Copy(io.MultiWriter(tmp, h), src)
	src.Close()
	if err == nil && [md5.Size]byte(h.Sum(nil)) != sum {
		err = errors.New("the file changed while being collected: run collectstatic again")
	}
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, err
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return false, err
	}
	return true, nil
}

// hasContent reports whether the file path exists with size bytes of
// MD5 sum.
func hasContent(p string, size int64, sum [md5.Size]byte) (bool, error) {
	fi, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if fi.IsDir() {
		return false, fmt.Errorf("%s is a directory", p)
	}
	if fi.Size() != size {
		return false, nil
	}
	f, err := os.Open(p)
	if err != nil {
		return false, err
	}
	defer f.Close()
	h := md5.New()
	if _, err := io.Copy(h, f); err != nil {
		return false, err
	}
	return [md5.Size]byte(h.Sum(nil)) == sum, nil
}
