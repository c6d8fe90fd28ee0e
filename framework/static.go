package framework

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// ErrMissingManifestEntry is the error of a static path that the
// staticfiles.json manifest does not list while Debug is off (Django's
// "Missing staticfiles manifest entry"): the file was added after the
// last collectstatic, or the path is wrong.
var ErrMissingManifestEntry = errors.New("missing staticfiles manifest entry")

// maxStaticWarnings bounds the set of paths whose missing manifest entry
// has been logged once; beyond it every miss is logged.
const maxStaticWarnings = 1024

// staticFiles is the App's static files: their URLs ({% static %},
// Request.Static) and, unless Config.StaticURL is an absolute URL (a
// CDN), their serving under its path. Safe for concurrent use.
//
// With Debug on, files are served from Config.StaticFS or
// Config.StaticDir as they are, uncached, and URLs are StaticURL + path.
// With Debug off, a staticfiles.json manifest (written by CollectStatic
// into Config.StaticRoot, or embedded in Config.StaticFS) makes URLs
// content-hashed: files are then served from StaticRoot when it holds
// the manifest (else from the source) and hashed names are cached for a
// year.
type staticFiles struct {
	base   string // Config.StaticURL: the prefix of the URLs
	prefix string // the URL path served; "" when base is absolute
	debug  bool
	source fs.FS  // Config.StaticFS or os.DirFS(Config.StaticDir)
	srcDir string // Config.StaticDir when it is the source
	root   string // Config.StaticRoot
	log    *slog.Logger

	mu     sync.Mutex // serializes loading the state
	state  atomic.Pointer[staticState]
	warned sync.Map // path → struct{}: missing manifest entries logged
	nwarn  atomic.Int64
}

// staticState is what the static files are served from, and the
// manifest that names their hashed copies; loaded on first use and again
// after CollectStatic writes into StaticRoot.
type staticState struct {
	fsys     fs.FS
	where    string    // for messages: the directory or "STATIC_FS"
	manifest *manifest // nil when there is none (or Debug is on)
	sums     fileSums
}

func newStaticFiles(cfg Config) *staticFiles {
	s := &staticFiles{base: cfg.StaticURL, debug: cfg.Debug, root: cfg.StaticRoot, log: cfg.Logger}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if strings.HasPrefix(s.base, "/") && !strings.HasPrefix(s.base, "//") {
		s.prefix = s.base
	}
	if cfg.StaticFS != nil {
		s.source = cfg.StaticFS
	} else {
		s.srcDir = cfg.StaticDir
		s.source = os.DirFS(cfg.StaticDir)
	}
	return s
}

// current returns the state, loading it on first use.
func (s *staticFiles) current() *staticState {
	if st := s.state.Load(); st != nil {
		return st
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.state.Load(); st != nil {
		return st
	}
	st := s.load()
	s.state.Store(st)
	return st
}

// reset makes the next use load the state again (after collectstatic).
func (s *staticFiles) reset() {
	s.mu.Lock()
	s.state.Store(nil)
	s.mu.Unlock()
}

// load finds what to serve and the manifest. A manifest that cannot be
// read is logged and ignored: URLs are then unhashed.
func (s *staticFiles) load() *staticState {
	src := &staticState{fsys: s.source, where: s.srcDir}
	if s.srcDir == "" {
		src.where = "STATIC_FS"
	}
	if s.debug {
		return src
	}
	if s.root != "" {
		m, err := readManifest(os.DirFS(s.root))
		switch {
		case err == nil:
			return &staticState{fsys: os.DirFS(s.root), where: s.root, manifest: m}
		case !errors.Is(err, fs.ErrNotExist):
			s.log.Error("static files: the manifest cannot be read; static URLs are unhashed until collectstatic runs again",
				"file", filepath.Join(s.root, manifestName), "error", err)
			return &staticState{fsys: os.DirFS(s.root), where: s.root}
		}
	}
	m, err := readManifest(s.source)
	switch {
	case err == nil:
		src.manifest = m
	case !errors.Is(err, fs.ErrNotExist):
		s.log.Error("static files: the manifest cannot be read; static URLs are unhashed",
			"file", manifestName, "in", src.where, "error", err)
	}
	return src
}

// url is the {% static %} function: the URL of the static file path.
//
// It cannot return an error (the templates package calls a
// func(string) string), so a path missing from the manifest with Debug
// off — an error in Django's strict manifest — is logged once per path
// and given its unhashed URL: the page renders, the log names the file
// to collect or the path to fix. App.StaticURL returns that error.
func (s *staticFiles) url(path string) string {
	u, err := s.resolve(path)
	if err != nil {
		if s.nwarn.Load() >= maxStaticWarnings {
			s.log.Warn(err.Error(), "path", path)
		} else if _, seen := s.warned.LoadOrStore(path, struct{}{}); !seen {
			s.nwarn.Add(1)
			s.log.Warn(err.Error()+" (logged once; the URL is unhashed)", "path", path)
		}
	}
	return u
}

// resolve returns the URL of the static file path: hashed when Debug is
// off and a manifest is present, with ErrMissingManifestEntry (and the
// unhashed URL) when the manifest lacks it. Absolute paths and URLs are
// returned as they are.
func (s *staticFiles) resolve(path string) (string, error) {
	if strings.Contains(path, "://") || strings.HasPrefix(path, "/") {
		return path, nil
	}
	plain := s.base + quoteStaticPath(path)
	if s.debug {
		return plain, nil
	}
	m := s.current().manifest
	if m == nil {
		return plain, nil
	}
	name, query, fragment := splitStaticPath(path)
	hashed, ok := m.paths[name]
	if !ok {
		return plain, fmt.Errorf("framework: static: %w for %q: run collectstatic, or check the path", ErrMissingManifestEntry, name)
	}
	u := s.base + quoteStaticPath(hashed)
	if query != "" {
		u += "?" + query
	}
	if fragment != "" {
		u += "#" + fragment
	}
	return u, nil
}

// splitStaticPath splits a static path into its file name (unquoted,
// trimmed: the manifest's key), query and fragment, as Django's
// stored_name does.
func splitStaticPath(p string) (name, query, fragment string) {
	p, fragment, _ = strings.Cut(p, "#")
	p, query, _ = strings.Cut(p, "?")
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	return strings.TrimSpace(p), query, fragment
}

// quoteStaticPath quotes a file name for a URL as Django's
// filepath_to_uri: everything but letters, digits and _.-~/!*()' is
// percent-encoded.
func quoteStaticPath(p string) string {
	const safe = "_.-~/!*()'"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(safe, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// StaticURL returns the URL of the static file path, as {% static %}
// writes it: Config.StaticURL + path with Debug on; with Debug off and a
// staticfiles.json manifest (see CollectStatic), the content-hashed
// name. A path the manifest lacks is an error wrapping
// ErrMissingManifestEntry, returned with the unhashed URL — use it in a
// check or a test; templates and Request.Static log it instead.
func (a *App) StaticURL(path string) (string, error) { return a.static.resolve(path) }

// Static returns the URL of the static file path, as {% static %}
// writes it (see App.StaticURL). A path missing from the manifest is
// logged once and given its unhashed URL.
func (r *Request) Static(path string) string { return r.app.static.url(path) }
