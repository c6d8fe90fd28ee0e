package framework

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/goframe/goframe/internal/pyjson"
)

// manifestName is the manifest's file name, as Django's
// ManifestStaticFilesStorage (staticfiles.json).
const manifestName = "staticfiles.json"

// manifestVersion is the manifest format written; "1.0" is read too.
const manifestVersion = "1.1"

// manifest maps static files' names to their content-hashed names.
type manifest struct {
	paths  map[string]string // "css/site.css" → "css/site.0123456789ab.css"
	hashed map[string]string // the reverse
}

func newManifest(paths map[string]string) *manifest {
	m := &manifest{paths: paths, hashed: make(map[string]string, len(paths))}
	for k, v := range paths {
		m.hashed[v] = k
	}
	return m
}

// readManifest reads staticfiles.json from fsys; fs.ErrNotExist when
// there is none.
func readManifest(fsys fs.FS) (*manifest, error) {
	b, err := fs.ReadFile(fsys, manifestName)
	if err != nil {
		return nil, err
	}
	return parseManifest(b)
}

// parseManifest parses Django's manifest format: {"paths": {...},
// "version": "1.1", "hash": "..."}.
func parseManifest(b []byte) (*manifest, error) {
	var doc struct {
		Paths   map[string]string `json:"paths"`
		Version string            `json:"version"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s is not a staticfiles manifest: %w", manifestName, err)
	}
	if doc.Version != "1.0" && doc.Version != "1.1" {
		return nil, fmt.Errorf("%s has version %q; this version reads 1.0 and 1.1: run collectstatic again", manifestName, doc.Version)
	}
	for k, v := range doc.Paths {
		if !fs.ValidPath(k) || !fs.ValidPath(v) {
			return nil, fmt.Errorf("%s: %q → %q is not a pair of relative file names", manifestName, k, v)
		}
	}
	if doc.Paths == nil {
		doc.Paths = map[string]string{}
	}
	return newManifest(doc.Paths), nil
}

// encodeManifest writes paths as Django does: Python's json.dumps of
// {"paths", "version", "hash"}, where hash is the first 12 hex digits of
// the MD5 of json.dumps(sorted(paths.items())). Keys are sorted, so the
// same paths give the same bytes.
func encodeManifest(paths map[string]string) []byte {
	keys := sortedKeys(paths)
	var pairs, entries strings.Builder
	for i, k := range keys {
		if i > 0 {
			pairs.WriteString(", ")
			entries.WriteString(", ")
		}
		fmt.Fprintf(&pairs, "[%s, %s]", pyjson.Quote(k), pyjson.Quote(paths[k]))
		fmt.Fprintf(&entries, "%s: %s", pyjson.Quote(k), pyjson.Quote(paths[k]))
	}
	hash := contentHash([]byte("[" + pairs.String() + "]"))
	return fmt.Appendf(nil, `{"paths": {%s}, "version": %q, "hash": %q}`, entries.String(), manifestVersion, hash)
}

// contentHash is Django's file_hash: the first 12 hex digits of the MD5
// of the content.
func contentHash(b []byte) string {
	sum := md5.Sum(b)
	return hex.EncodeToString(sum[:])[:12]
}

// hashedName inserts hash before the extension of name, as Django's
// hashed_name: "css/site.css" → "css/site.<hash>.css", "LICENSE" →
// "LICENSE.<hash>".
func hashedName(name, hash string) string {
	dir, base := path.Split(name)
	root, ext := splitExt(base)
	return dir + root + "." + hash + ext
}

// splitExt splits a file name as Python's os.path.splitext: the
// extension starts at the last dot, leading dots excepted.
func splitExt(base string) (root, ext string) {
	i := strings.LastIndexByte(base, '.')
	if i <= 0 || strings.Trim(base[:i], ".") == "" {
		return base, ""
	}
	return base[:i], base[i:]
}
