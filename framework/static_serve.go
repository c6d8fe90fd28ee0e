package framework

import (
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// Cache-Control values of served static files, as WhiteNoise's: a year
// for content-hashed names (their content never changes), a minute for
// the others, and revalidation on every use with Debug on.
const (
	staticCacheImmutable = "public, max-age=31536000, immutable"
	staticCacheShort     = "public, max-age=60"
	staticCacheDebug     = "no-cache"
)

// staticEncodings are the precompressed variants looked for next to a
// file, preferred first.
var staticEncodings = [...]struct{ token, suffix string }{{"br", ".br"}, {"gzip", ".gz"}}

// handle serves GET and HEAD requests under the static URL path, before
// the router, and reports whether it answered; other methods there get
// 405. A name that is not a file (missing, a directory, a dotfile, an
// unsafe path) goes on to the router, whose 404 page answers it.
func (s *staticFiles) handle(w http.ResponseWriter, r *http.Request) bool {
	name, ok := strings.CutPrefix(r.URL.Path, s.prefix)
	if !ok || s.prefix == "" {
		return false
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed: static files are read with GET or HEAD", http.StatusMethodNotAllowed)
		return true
	}
	return validStaticName(name) && s.serve(w, r, name)
}

// validStaticName reports whether name may be served: a relative slash
// path without "." or ".." elements, backslashes, NUL or dotfiles.
func validStaticName(name string) bool {
	if !fs.ValidPath(name) || name == "." || strings.ContainsAny(name, "\\\x00") {
		return false
	}
	for seg := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(seg, ".") {
			return false
		}
	}
	return true
}

// serve writes the static file name, reporting false when there is no
// such file. A hashed name the served directory lacks is served from its
// original when the manifest names one.
func (s *staticFiles) serve(w http.ResponseWriter, r *http.Request, name string) bool {
	st := s.current()
	file := name
	fi, err := fs.Stat(st.fsys, file)
	fallback := false
	if err != nil || !fi.Mode().IsRegular() {
		orig, ok := "", false
		if st.manifest != nil {
			orig, ok = st.manifest.hashed[name]
		}
		if !ok {
			return false
		}
		if fi, err = fs.Stat(st.fsys, orig); err != nil || !fi.Mode().IsRegular() {
			return false
		}
		file, fallback = orig, true
	}

	h := w.Header()
	cache := staticCacheShort
	switch {
	case s.debug:
		cache = staticCacheDebug
	case st.manifest != nil && !fallback && st.manifest.hashed[name] != "":
		cache = staticCacheImmutable
	}
	ctype := mime.TypeByExtension(path.Ext(name))

	// A precompressed variant the client accepts is served instead.
	served, sfi, encoding, vary := file, fi, "", false
	for _, enc := range staticEncodings {
		vfi, err := fs.Stat(st.fsys, file+enc.suffix)
		if err != nil || !vfi.Mode().IsRegular() {
			continue
		}
		vary = true
		if encoding == "" && acceptsEncoding(r.Header.Get("Accept-Encoding"), enc.token) {
			served, sfi, encoding = file+enc.suffix, vfi, enc.token
		}
	}

	content, sum, err := st.sums.open(st.fsys, served, sfi)
	if err != nil {
		s.log.Error("static files: cannot read a file", "file", served, "in", st.where, "error", err)
		http.Error(w, "500 internal server error", http.StatusInternalServerError)
		return true
	}
	if c, ok := content.(io.Closer); ok {
		defer c.Close()
	}
	if fallback && !s.debug && hashedName(file, sum.md5) == name {
		// The original has the content the hashed name promises.
		cache = staticCacheImmutable
	}
	h.Set("Cache-Control", cache)
	h.Set("Etag", sum.etag)
	h.Set("Access-Control-Allow-Origin", "*")
	if vary {
		h.Add("Vary", "Accept-Encoding")
	}
	if encoding != "" {
		h.Set("Content-Encoding", encoding)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
	}
	if ctype != "" {
		h.Set("Content-Type", ctype)
	}
	http.ServeContent(w, r, name, sfi.ModTime(), content)
	return true
}

// acceptsEncoding reports whether an Accept-Encoding header accepts the
// coding token (listed with a non-zero q, or "*").
func acceptsEncoding(header, token string) bool {
	star := false
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != token && coding != "*" {
			continue
		}
		zero := false
		for p := range strings.SplitSeq(params, ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(k, "q") {
				v = strings.TrimRight(strings.TrimSpace(v), "0")
				zero = v == "" || v == "." || v == "0."
			}
		}
		if coding == token {
			return !zero
		}
		star = !zero
	}
	return star
}

// fileSum is what is known of a served file's content: its strong ETag
// (a SHA-256 prefix) and the MD5 prefix of Django's hashed names,
// valid while its size and modification time stay the same.
type fileSum struct {
	size int64
	mod  time.Time
	etag string
	md5  string
}

// fileSums caches files' sums, computed once per file version. Safe for
// concurrent use.
type fileSums struct {
	mu sync.RWMutex
	m  map[string]fileSum
}

// open opens name for http.ServeContent and returns its sum, computing
// it when the cache has none for this version of the file.
func (c *fileSums) open(fsys fs.FS, name string, fi fs.FileInfo) (io.ReadSeeker, fileSum, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fileSum{}, err
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		b, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return nil, fileSum{}, err
		}
		rs = bytes.NewReader(b)
	}
	c.mu.RLock()
	sum, ok := c.m[name]
	c.mu.RUnlock()
	if ok && sum.size == fi.Size() && sum.mod.Equal(fi.ModTime()) {
		return rs, sum, nil
	}
	sh, mh := sha256.New(), md5.New()
	if _, err := io.Copy(io.MultiWriter(sh, mh), rs); err != nil {
		closeIfCloser(rs)
		return nil, fileSum{}, err
	}
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		closeIfCloser(rs)
		return nil, fileSum{}, fmt.Errorf("rewind: %w", err)
	}
	sum = fileSum{
		size: fi.Size(),
		mod:  fi.ModTime(),
		etag: `"` + base64.RawURLEncoding.EncodeToString(sh.Sum(nil)[:18]) + `"`,
		md5:  hex.EncodeToString(mh.Sum(nil))[:12],
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]fileSum{}
	}
	c.m[name] = sum
	c.mu.Unlock()
	return rs, sum, nil
}

func closeIfCloser(v any) {
	if c, ok := v.(io.Closer); ok {
		_ = c.Close()
	}
}
