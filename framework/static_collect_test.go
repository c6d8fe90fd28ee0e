package framework_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/goframe/goframe/framework"
)

// writeTree writes files (slash names → content) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const siteCSS = `@import "base.css";
@import url('../vendor/reset.css');
body { background: url(../img/bg.png) no-repeat; }
.logo { background-image: url( "/static/img/logo.png#top" ); }
.icon { background: url('data:image/png;base64,AAAA'); }
.ext { background: url(https://example.com/x.png), url(//cdn.example.com/y.png); }
.other { background: url(/media/upload.png); }
.frag { filter: url(#shadow); }
/* url(../img/only-in-a-comment.png) */
@font-face { font-family: F; src: url("../fonts/f.eot?#iefix") format("embedded-opentype"), url(../fonts/f.woff?v=2) format("woff"); }
`

// staticTree is a project's static directory: CSS importing CSS, and
// referring to images and fonts by relative and /static/ paths.
func staticTree() map[string]string {
	return map[string]string{
		"css/site.css":     siteCSS,
		"css/base.css":     "h1 { background: URL(../img/logo.png) }\n",
		"vendor/reset.css": "html { margin: 0 }\n",
		"img/bg.png":       "PNG bg",
		"img/logo.png":     "PNG logo",
		"fonts/f.eot":      "EOT",
		"fonts/f.woff":     "WOFF",
		"js/app.js":        "console.log(1)\n",
		".gitignore":       "ignored",
		"css/.draft.css":   "ignored",
		"css/site.css~":    "ignored",
		"CVS/Entries":      "ignored",
		".hidden/x.png":    "ignored",
	}
}

// collectProject returns an App whose StaticDir holds staticTree and
// whose StaticRoot is an empty directory.
func collectProject(t *testing.T, debug bool) (app *framework.App, src, root string) {
	t.Helper()
	base := t.TempDir()
	src, root = filepath.Join(base, "static"), filepath.Join(base, "staticfiles")
	writeTree(t, src, staticTree())
	app, _ = staticApp(t, framework.Config{Debug: debug, StaticDir: src, StaticRoot: root})
	return app, src, root
}

func readManifestFile(t *testing.T, root string) (paths map[string]string, raw []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, "staticfiles.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths   map[string]string `json:"paths"`
		Version string            `json:"version"`
		Hash    string            `json:"hash"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("staticfiles.json: %v\n%s", err, raw)
	}
	if doc.Version != "1.1" || !regexp.MustCompile(`^[0-9a-f]{12}$`).MatchString(doc.Hash) {
		t.Errorf("staticfiles.json: version %q, hash %q", doc.Version, doc.Hash)
	}
	return doc.Paths, raw
}

func TestApp_CollectStatic(t *testing.T) {
	t.Parallel()
	app, _, root := collectProject(t, false)
	var out bytes.Buffer
	res, err := app.CollectStatic("", &out)
	if err != nil {
		t.Fatal(err)
	}
	if want := "8 static files copied to '" + root + "', 8 post-processed.\n"; out.String() != want {
		t.Errorf("summary %q, want %q", out.String(), want)
	}
	if res.Dest != root || res.Copied != 8 || res.Unmodified != 0 || res.PostProcessed != 8 {
		t.Errorf("result %+v", res)
	}
	paths, _ := readManifestFile(t, root)
	if len(paths) != 8 {
		t.Errorf("manifest has %d paths, want 8: %v", len(paths), paths)
	}
	for name, hashed := range res.Manifest {
		if paths[name] != hashed {
			t.Errorf("%s: manifest file %q, result %q", name, paths[name], hashed)
		}
	}

	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	// Every hashed name carries the first 12 hex digits of the MD5 of
	// its final content; unhashed copies are the originals.
	tree := staticTree()
	for name, hashed := range paths {
		ext := path.Ext(name)
		stem := strings.TrimSuffix(name, ext)
		h := strings.TrimSuffix(strings.TrimPrefix(hashed, stem+"."), ext)
		if got := md5hex([]byte(read(hashed)))[:12]; h != got {
			t.Errorf("%s → %s: the content's hash is %s", name, hashed, got)
		}
		if read(name) != tree[name] {
			t.Errorf("%s: the unhashed copy differs from the source", name)
		}
	}
	for _, skipped := range []string{".gitignore", "css/.draft.css", "css/site.css~", "CVS/Entries", ".hidden/x.png"} {
		if _, err := os.Stat(filepath.Join(root, skipped)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s was collected", skipped)
		}
	}

	base := path.Base(paths["css/base.css"])
	site := read(paths["css/site.css"])
	for _, want := range []string{
		`@import url("` + base + `");`,
		`@import url("../vendor/` + path.Base(paths["vendor/reset.css"]) + `");`,
		`url("../img/` + path.Base(paths["img/bg.png"]) + `") no-repeat`,
		`url("/static/img/` + path.Base(paths["img/logo.png"]) + `#top")`,
		`url('data:image/png;base64,AAAA')`,
		`url(https://example.com/x.png), url(//cdn.example.com/y.png)`,
		`url(/media/upload.png)`,
		`url(#shadow)`,
		`/* url(../img/only-in-a-comment.png) */`,
		`url("../fonts/` + path.Base(paths["fonts/f.eot"]) + `?#iefix") format("embedded-opentype")`,
		`url("../fonts/` + path.Base(paths["fonts/f.woff"]) + `?v=2") format("woff")`,
	} {
		if !strings.Contains(site, want) {
			t.Errorf("css/site.css's hashed copy lacks %s:\n%s", want, site)
		}
	}
	if got, want := read(paths["css/base.css"]), `h1 { background: url("../img/`+path.Base(paths["img/logo.png"])+`") }`+"\n"; got != want {
		t.Errorf("css/base.css's hashed copy:\n got %q\nwant %q", got, want)
	}
}

func TestApp_CollectStatic_Idempotent(t *testing.T) {
	t.Parallel()
	app, src, root := collectProject(t, false)
	first, err := app.CollectStatic("", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, manifest1 := readManifestFile(t, root)
	// Mark every collected file old: a rewrite would show as a new time.
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			err = os.Chtimes(p, old, old)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	second, err := app.CollectStatic(root, &out)
	if err != nil {
		t.Fatal(err)
	}
	if want := "0 static files copied to '" + root + "', 8 unmodified.\n"; out.String() != want {
		t.Errorf("second run: %q, want %q", out.String(), want)
	}
	if second.Copied != 0 || second.Unmodified != 8 || second.PostProcessed != 0 {
		t.Errorf("second run: %+v", second)
	}
	if _, manifest2 := readManifestFile(t, root); !bytes.Equal(manifest1, manifest2) {
		t.Errorf("the manifest changed:\n%s\n%s", manifest1, manifest2)
	}
	var rewritten []string
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if fi, _ := d.Info(); err == nil && !d.IsDir() && !fi.ModTime().Equal(old) {
			rewritten = append(rewritten, p)
		}
		return nil
	})
	if len(rewritten) != 0 {
		t.Errorf("unchanged files were written again: %v", rewritten)
	}

	// A changed image: its copy, its hashed copy, and the hashed copies
	// of the CSS files referring to it (directly or through @import).
	writeTree(t, src, map[string]string{"img/logo.png": "PNG logo v2"})
	out.Reset()
	third, err := app.CollectStatic("", &out)
	if err != nil {
		t.Fatal(err)
	}
	if want := "1 static file copied to '" + root + "', 7 unmodified, 3 post-processed.\n"; out.String() != want {
		t.Errorf("third run: %q, want %q", out.String(), want)
	}
	for _, name := range []string{"img/logo.png", "css/base.css", "css/site.css"} {
		if first.Manifest[name] == third.Manifest[name] {
			t.Errorf("%s: hashed name unchanged (%s)", name, first.Manifest[name])
		}
		// Stale hashed copies stay, as with Django.
		if _, err := os.Stat(filepath.Join(root, first.Manifest[name])); err != nil {
			t.Errorf("the stale %s was removed: %v", first.Manifest[name], err)
		}
	}
	if first.Manifest["css/site.css"] == third.Manifest["css/site.css"] || first.Manifest["js/app.js"] != third.Manifest["js/app.js"] {
		t.Errorf("manifests: %v then %v", first.Manifest, third.Manifest)
	}
}

func TestApp_CollectStatic_Errors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"missing image",
			map[string]string{"css/broken.css": "a{}\nb { background: url('../img/nope.png') }", "img/ok.png": "x"},
			[]string{"css/broken.css", "line 2", "../img/nope.png", "could not be found"}},
		{"missing import",
			map[string]string{"css/a.css": `@import "missing.css";`},
			[]string{"css/a.css", "missing.css", "could not be found"}},
		{"missing under STATIC_URL",
			map[string]string{"a.css": `x { background: url(/static/gone.png) }`},
			[]string{"a.css", "/static/gone.png"}},
		{"outside the static files",
			map[string]string{"a.css": `x { background: url(../../etc/passwd) }`},
			[]string{"a.css", "../../etc/passwd", "outside the static files"}},
		{"missing in an imported file",
			map[string]string{"a.css": `@import "b.css";`, "b.css": `x { background: url(gone.png) }`},
			[]string{"the CSS file 'b.css'", "gone.png"}},
		{"import cycle",
			map[string]string{"a.css": `@import "b.css";`, "b.css": `@import url(a.css);`},
			[]string{"a.css → b.css → a.css", "cycle"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			base := t.TempDir()
			src, root := filepath.Join(base, "static"), filepath.Join(base, "out")
			writeTree(t, src, tc.files)
			app, _ := staticApp(t, framework.Config{StaticDir: src, StaticRoot: root})
			_, err := app.CollectStatic("", nil)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			// Nothing is written when post-processing fails.
			if _, err := os.Stat(root); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s was written: %v", root, err)
			}
		})
	}

	t.Run("no STATIC_ROOT", func(t *testing.T) {
		t.Parallel()
		app, _ := staticApp(t, framework.Config{StaticFS: fstest.MapFS{"a.txt": {Data: []byte("a")}}})
		_, err := app.CollectStatic("", nil)
		if err == nil || !strings.Contains(err.Error(), "STATIC_ROOT is not set") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("destination inside STATIC_DIR", func(t *testing.T) {
		t.Parallel()
		src := t.TempDir()
		writeTree(t, src, map[string]string{"a.txt": "a"})
		app, _ := staticApp(t, framework.Config{StaticDir: src})
		for _, dest := range []string{src, filepath.Join(src, "collected")} {
			_, err := app.CollectStatic(dest, nil)
			if err == nil || !strings.Contains(err.Error(), "is inside STATIC_DIR") {
				t.Errorf("%s: error %v", dest, err)
			}
		}
	})
	t.Run("missing STATIC_DIR", func(t *testing.T) {
		t.Parallel()
		base := t.TempDir()
		app, _ := staticApp(t, framework.Config{StaticDir: filepath.Join(base, "none")})
		var out bytes.Buffer
		res, err := app.CollectStatic(filepath.Join(base, "out"), &out)
		if err != nil || res.Copied != 0 || !strings.Contains(out.String(), "does not exist") || !strings.Contains(out.String(), "0 static files copied") {
			t.Errorf("err %v, result %+v, output %q", err, res, out.String())
		}
	})
}

// TestApp_CollectStatic_FromFS collects an embed.FS-like source, and a
// StaticURL that is a CDN leaves absolute references alone.
func TestApp_CollectStatic_FromFS(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"app.css":   {Data: []byte(`a { background: url(img/x.png) } b { background: url(/static/img/x.png) }`)},
		"img/x.png": {Data: []byte("X")},
	}
	app, _ := staticApp(t, framework.Config{StaticFS: fsys, StaticURL: "https://cdn.example.com/static/"})
	dest := t.TempDir()
	res, err := app.CollectStatic(dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dest, res.Manifest["app.css"]))
	if err != nil {
		t.Fatal(err)
	}
	want := `a { background: url("img/` + path.Base(res.Manifest["img/x.png"]) + `") } b { background: url(/static/img/x.png) }`
	if string(b) != want {
		t.Errorf("app.css:\n got %s\nwant %s", b, want)
	}
}
