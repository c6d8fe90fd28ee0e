package framework_test

import (
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/goframe/goframe/framework"
)

// staticApp returns an App for the static files tests; cfg's Debug,
// StaticDir/StaticFS/StaticRoot/StaticURL are the test's.
func staticApp(t *testing.T, cfg framework.Config) (*framework.App, *bytes.Buffer) {
	t.Helper()
	var logs syncBuffer
	cfg.SecretKey = strings.Repeat("k", 40)
	cfg.AllowedHosts = []string{"*"}
	cfg.NoRequestLog = true
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	cfg.DatabaseURL = "sqlite:///" + filepath.Join(t.TempDir(), "db.sqlite3")
	if cfg.StaticFS == nil && cfg.StaticDir == "" {
		cfg.StaticDir = filepath.Join(t.TempDir(), "no-static")
	}
	return framework.New(cfg), &logs.buf
}

// do sends a request through the App and returns the response.
func do(t *testing.T, h http.Handler, method, target string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w.Result()
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func md5hex(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}

var modTime = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

func staticMapFS(t *testing.T) fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s), ModTime: modTime} }
	return fstest.MapFS{
		"css/site.css":    file("body { color: red }\n"),
		"css/site.css.gz": {Data: gzipped(t, "body { color: red }\n"), ModTime: modTime},
		"js/app.js":       file("console.log('hi')\n"),
		"img/logo.png":    file("\x89PNG\r\n\x1a\nfake"),
		"img/icon.svg":    file("<svg xmlns='http://www.w3.org/2000/svg'/>"),
		"data.json":       file(`{"a": 1}`),
		"text/range.txt":  file("0123456789abcdef"),
		".env":            file("SECRET=top"),
		"css/.hidden.css": file("hidden"),
		".git/config":     file("[core]"),
		"dir/sub/f.txt":   file("deep"),
	}
}

func TestStatic_ContentTypes(t *testing.T) {
	t.Parallel()
	app, _ := staticApp(t, framework.Config{StaticFS: staticMapFS(t)})
	tests := []struct {
		path, ctype, body string
	}{
		{"/static/css/site.css", "text/css; charset=utf-8", "body { color: red }\n"},
		{"/static/js/app.js", "text/javascript; charset=utf-8", "console.log('hi')\n"},
		{"/static/img/logo.png", "image/png", "\x89PNG\r\n\x1a\nfake"},
		{"/static/img/icon.svg", "image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg'/>"},
		{"/static/data.json", "application/json", `{"a": 1}`},
		{"/static/dir/sub/f.txt", "text/plain; charset=utf-8", "deep"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			resp := do(t, app, "GET", tc.path)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if got := resp.Header.Get("Content-Type"); got != tc.ctype {
				t.Errorf("Content-Type %q, want %q", got, tc.ctype)
			}
			if got := body(t, resp); got != tc.body {
				t.Errorf("body %q, want %q", got, tc.body)
			}
			if got := resp.Header.Get("Last-Modified"); got != modTime.Format(http.TimeFormat) {
				t.Errorf("Last-Modified %q", got)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("the security headers are missing: %v", resp.Header)
			}
		})
	}
	t.Run("HEAD", func(t *testing.T) {
		resp := do(t, app, "HEAD", "/static/js/app.js")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Length") != "18" || body(t, resp) != "" {
			t.Errorf("HEAD: %d, length %q", resp.StatusCode, resp.Header.Get("Content-Length"))
		}
	})
}

func TestStatic_ETagAndConditionalRequests(t *testing.T) {
	t.Parallel()
	app, _ := staticApp(t, framework.Config{StaticFS: staticMapFS(t)})
	first := do(t, app, "GET", "/static/js/app.js")
	etag := first.Header.Get("Etag")
	if !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) || len(etag) < 20 {
		t.Fatalf("ETag %q: want a strong, quoted content hash", etag)
	}
	if again := do(t, app, "GET", "/static/js/app.js").Header.Get("Etag"); again != etag {
		t.Errorf("ETag changed between requests: %q then %q", etag, again)
	}
	if other := do(t, app, "GET", "/static/css/site.css", "Accept-Encoding", "identity").Header.Get("Etag"); other == etag {
		t.Errorf("two files share the ETag %q", etag)
	}
	tests := []struct {
		name   string
		header []string
		status int
	}{
		{"If-None-Match matches", []string{"If-None-Match", etag}, 304},
		{"If-None-Match in a list", []string{"If-None-Match", `"other", ` + etag}, 304},
		{"If-None-Match star", []string{"If-None-Match", "*"}, 304},
		{"If-None-Match differs", []string{"If-None-Match", `"nope"`}, 200},
		{"If-Modified-Since same time", []string{"If-Modified-Since", modTime.Format(http.TimeFormat)}, 304},
		{"If-Modified-Since earlier", []string{"If-Modified-Since", modTime.Add(-time.Hour).Format(http.TimeFormat)}, 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := do(t, app, "GET", "/static/js/app.js", tc.header...)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if b := body(t, resp); tc.status == 304 && b != "" {
				t.Errorf("304 with a body %q", b)
			}
		})
	}
}

func TestStatic_Range(t *testing.T) {
	t.Parallel()
	app, _ := staticApp(t, framework.Config{StaticFS: staticMapFS(t)})
	etag := do(t, app, "GET", "/static/text/range.txt").Header.Get("Etag")
	tests := []struct {
		name, rng, ifRange string
		status             int
		body, contentRange string
	}{
		{"middle", "bytes=2-5", "", 206, "2345", "bytes 2-5/16"},
		{"suffix", "bytes=-3", "", 206, "def", "bytes 13-15/16"},
		{"open end", "bytes=14-", "", 206, "ef", "bytes 14-15/16"},
		{"unsatisfiable", "bytes=100-200", "", 416, "", "bytes */16"},
		{"If-Range matches", "bytes=0-1", etag, 206, "01", "bytes 0-1/16"},
		{"If-Range stale", "bytes=0-1", `"old"`, 200, "0123456789abcdef", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := []string{"Range", tc.rng}
			if tc.ifRange != "" {
				h = append(h, "If-Range", tc.ifRange)
			}
			resp := do(t, app, "GET", "/static/text/range.txt", h...)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if got := resp.Header.Get("Content-Range"); got != tc.contentRange {
				t.Errorf("Content-Range %q, want %q", got, tc.contentRange)
			}
			if b := body(t, resp); tc.status != 416 && b != tc.body {
				t.Errorf("body %q, want %q", b, tc.body)
			}
		})
	}
}

// TestStatic_NotServed checks that traversal attempts, dotfiles and
// directories get the App's 404 and never a file's content.
func TestStatic_NotServed(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	dir := filepath.Join(base, "static")
	for name, content := range map[string]string{
		"secret.txt":          "TOP-SECRET outside",
		"static/css/site.css": "body{}",
		"static/.env":         "TOP-SECRET dotfile",
		"static/.well/x.txt":  "TOP-SECRET dot dir",
		"static/css/.hid.css": "TOP-SECRET hidden",
	} {
		p := filepath.Join(base, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	app, _ := staticApp(t, framework.Config{StaticDir: dir})
	if resp := do(t, app, "GET", "/static/css/site.css"); resp.StatusCode != 200 {
		t.Fatalf("the control file: status %d", resp.StatusCode)
	}
	for _, target := range []string{
		"/static/../secret.txt",
		"/static/css/../../secret.txt",
		"/static/%2e%2e/secret.txt",
		"/static/css/%2E%2E/%2e%2e/secret.txt",
		"/static/..%2fsecret.txt",
		"/static/..%5csecret.txt",
		`/static/css\..\..\secret.txt`,
		"/static/css/site.css%00.png",
		"/static/css/site.css%00",
		"/static/./css/site.css",
		"/static//css/site.css",
		"/static/.env",
		"/static/.well/x.txt",
		"/static/css/.hid.css",
		"/static/",
		"/static/css",
		"/static/css/",
		"/static/nope.css",
	} {
		t.Run(target, func(t *testing.T) {
			resp := do(t, app, "GET", target)
			b := body(t, resp)
			if resp.StatusCode != 404 {
				t.Errorf("status %d, want 404", resp.StatusCode)
			}
			if strings.Contains(b, "TOP-SECRET") || strings.Contains(b, "body{}") {
				t.Errorf("served a file: %q", b)
			}
		})
	}
}

func TestStatic_Methods(t *testing.T) {
	t.Parallel()
	app, _ := staticApp(t, framework.Config{StaticFS: staticMapFS(t)})
	for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
		t.Run(method, func(t *testing.T) {
			for _, target := range []string{"/static/css/site.css", "/static/nope.css"} {
				resp := do(t, app, method, target)
				if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD" {
					t.Errorf("%s: status %d, Allow %q; want 405 with GET, HEAD", target, resp.StatusCode, resp.Header.Get("Allow"))
				}
			}
		})
	}
	// Outside the prefix the router answers, not the static files.
	if resp := do(t, app, "GET", "/staticfile.css"); resp.StatusCode != 404 {
		t.Errorf("/staticfile.css: status %d", resp.StatusCode)
	}
}

func TestStatic_CacheControl(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		debug bool
		want  string
	}{
		{"debug revalidates", true, "no-cache"},
		{"production caches a minute", false, "public, max-age=60"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			app, _ := staticApp(t, framework.Config{Debug: tc.debug, StaticFS: staticMapFS(t)})
			resp := do(t, app, "GET", "/static/js/app.js")
			if got := resp.Header.Get("Cache-Control"); got != tc.want {
				t.Errorf("Cache-Control %q, want %q", got, tc.want)
			}
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "*" {
				t.Errorf("Access-Control-Allow-Origin %q", got)
			}
		})
	}
	// Hashed names (immutable) are checked with collectstatic, in
	// TestStatic_ServesCollected.
}

func TestStatic_Precompressed(t *testing.T) {
	t.Parallel()
	app, _ := staticApp(t, framework.Config{StaticFS: staticMapFS(t)})
	plain := "body { color: red }\n"
	tests := []struct {
		accept, encoding string
	}{
		{"gzip, deflate, br", "gzip"},
		{"br;q=1.0, gzip;q=0.5", "gzip"},
		{"*", "gzip"},
		{"gzip;q=0", ""},
		{"", ""},
		{"identity", ""},
	}
	for _, tc := range tests {
		t.Run(tc.accept, func(t *testing.T) {
			resp := do(t, app, "GET", "/static/css/site.css", "Accept-Encoding", tc.accept)
			if got := resp.Header.Get("Content-Encoding"); got != tc.encoding {
				t.Fatalf("Content-Encoding %q, want %q", got, tc.encoding)
			}
			if got := resp.Header.Get("Vary"); got != "Accept-Encoding" {
				t.Errorf("Vary %q", got)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/css; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			b := body(t, resp)
			if tc.encoding == "gzip" {
				zr, err := gzip.NewReader(strings.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				u, _ := io.ReadAll(zr)
				b = string(u)
			}
			if b != plain {
				t.Errorf("body %q", b)
			}
		})
	}
	// A file without a compressed variant does not vary.
	if v := do(t, app, "GET", "/static/js/app.js", "Accept-Encoding", "gzip").Header.Get("Vary"); v != "" {
		t.Errorf("js/app.js: Vary %q", v)
	}
}

func TestStatic_NotServedByTheApp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		cfg        framework.Config
		postStatus int
	}{
		{"CDN", framework.Config{StaticURL: "https://cdn.example.com/static/", StaticFS: staticMapFS(t)}, 404},
		{"protocol-relative CDN", framework.Config{StaticURL: "//cdn.example.com/static/", StaticFS: staticMapFS(t)}, 404},
		{"missing directory", framework.Config{StaticDir: filepath.Join(t.TempDir(), "nothing-here")}, 405},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			app, logs := staticApp(t, tc.cfg)
			app.Get("/", func(r *framework.Request) framework.Response { return framework.Text(r.Static("css/site.css")) })
			if resp := do(t, app, "GET", "/static/css/site.css"); resp.StatusCode != 404 {
				t.Errorf("status %d, want 404", resp.StatusCode)
			}
			if resp := do(t, app, "POST", "/static/css/site.css"); resp.StatusCode != tc.postStatus {
				t.Errorf("POST: status %d, want %d", resp.StatusCode, tc.postStatus)
			}
			want := tc.cfg.StaticURL + "css/site.css"
			if tc.cfg.StaticURL == "" {
				want = "/static/css/site.css"
			}
			if got := body(t, do(t, app, "GET", "/")); got != want {
				t.Errorf("Request.Static %q, want %q", got, want)
			}
			if logs.Len() != 0 {
				t.Errorf("logged: %s", logs)
			}
		})
	}
}

// TestStatic_HashedFallback serves a hashed name the FS lacks from its
// original, which the manifest names: immutable when the content has
// the hash, short-lived otherwise.
func TestStatic_HashedFallback(t *testing.T) {
	t.Parallel()
	js := "console.log('hi')\n"
	h := md5hex([]byte(js))[:12]
	fsys := fstest.MapFS{
		"js/app.js":        {Data: []byte(js)},
		"css/a.css":        {Data: []byte("a{}")},
		"staticfiles.json": {Data: []byte(`{"paths": {"js/app.js": "js/app.` + h + `.js", "css/a.css": "css/a.0123456789ab.css"}, "version": "1.1"}`)},
	}
	app, _ := staticApp(t, framework.Config{StaticFS: fsys})
	tests := []struct {
		path, status, cache, body string
	}{
		{"/static/js/app." + h + ".js", "200", "public, max-age=31536000, immutable", js},
		{"/static/css/a.0123456789ab.css", "200", "public, max-age=60", "a{}"},
		{"/static/js/app.js", "200", "public, max-age=60", js},
		{"/static/js/app.000000000000.js", "404", "", ""},
	}
	for _, tc := range tests {
		resp := do(t, app, "GET", tc.path)
		b := body(t, resp)
		if got := resp.Status[:3]; got != tc.status {
			t.Errorf("%s: status %s, want %s", tc.path, got, tc.status)
			continue
		}
		if tc.status == "200" && (resp.Header.Get("Cache-Control") != tc.cache || b != tc.body) {
			t.Errorf("%s: Cache-Control %q, body %q; want %q, %q", tc.path, resp.Header.Get("Cache-Control"), b, tc.cache, tc.body)
		}
	}
}

func TestStatic_Concurrent(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	content := strings.Repeat("x", 64<<10)
	if err := os.WriteFile(filepath.Join(dir, "big.txt"), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	app, _ := staticApp(t, framework.Config{StaticDir: dir})
	srv := httptest.NewServer(app)
	defer srv.Close()
	var wg sync.WaitGroup
	etags := make([]string, 16)
	errs := make([]error, 16)
	for i := range etags {
		wg.Go(func() {
			resp, err := srv.Client().Get(srv.URL + "/static/big.txt")
			if err != nil {
				errs[i] = err
				return
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err == nil && string(b) != content {
				err = io.ErrUnexpectedEOF
			}
			errs[i], etags[i] = err, resp.Header.Get("Etag")
		})
	}
	wg.Wait()
	for i := range etags {
		if errs[i] != nil || etags[i] == "" || etags[i] != etags[0] {
			t.Errorf("request %d: err %v, ETag %q (first %q)", i, errs[i], etags[i], etags[0])
		}
	}
}

// TestStatic_ChangedFile gives a file changed on disk (Debug, editing a
// stylesheet) a new ETag, so the browser's revalidation gets it.
func TestStatic_ChangedFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "site.css")
	if err := os.WriteFile(p, []byte("a{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	app, _ := staticApp(t, framework.Config{Debug: true, StaticDir: dir})
	etag := do(t, app, "GET", "/static/site.css").Header.Get("Etag")
	if err := os.WriteFile(p, []byte("b{color:red}"), 0o644); err != nil {
		t.Fatal(err)
	}
	resp := do(t, app, "GET", "/static/site.css", "If-None-Match", etag)
	if resp.StatusCode != 200 || body(t, resp) != "b{color:red}" || resp.Header.Get("Etag") == etag {
		t.Errorf("after a change: status %d, ETag %q (was %q)", resp.StatusCode, resp.Header.Get("Etag"), etag)
	}
}
