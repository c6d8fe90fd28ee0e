package framework_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/goframe/goframe/framework"
)

// pageTemplates is a TemplatesFS using {% static %}.
var pageTemplates = fstest.MapFS{
	"page.html": {Data: []byte(`{% load static %}<link href="{% static 'css/site.css' %}">` +
		`{% static 'js/app.js' as js %}<script src="{{ js }}"></script>`)},
	"missing.html": {Data: []byte(`{% load static %}<img src="{% static 'img/new.png' %}">`)},
}

// renderApp returns a project App (staticTree in StaticDir, StaticRoot
// empty) with views rendering the page templates.
func renderApp(t *testing.T, debug bool) (*framework.App, string) {
	t.Helper()
	base := t.TempDir()
	src, root := filepath.Join(base, "static"), filepath.Join(base, "staticfiles")
	writeTree(t, src, staticTree())
	app, _ := staticApp(t, framework.Config{Debug: debug, StaticDir: src, StaticRoot: root, TemplatesFS: pageTemplates})
	app.Get("/page", func(r *framework.Request) framework.Response { return r.Render("page.html", nil) })
	app.Get("/view", func(r *framework.Request) framework.Response { return framework.Text(r.Static("css/site.css")) })
	return app, root
}

func TestStaticTag(t *testing.T) {
	t.Parallel()
	t.Run("debug: plain URLs, even after collectstatic", func(t *testing.T) {
		t.Parallel()
		app, _ := renderApp(t, true)
		if _, err := app.CollectStatic("", nil); err != nil {
			t.Fatal(err)
		}
		want := `<link href="/static/css/site.css"><script src="/static/js/app.js"></script>`
		if got := body(t, do(t, app, "GET", "/page")); got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
		if got := body(t, do(t, app, "GET", "/view")); got != "/static/css/site.css" {
			t.Errorf("Request.Static %q", got)
		}
	})
	t.Run("production: hashed URLs after collectstatic, served immutable", func(t *testing.T) {
		t.Parallel()
		app, root := renderApp(t, false)
		// Before collectstatic there is no manifest: plain URLs.
		if got := body(t, do(t, app, "GET", "/view")); got != "/static/css/site.css" {
			t.Errorf("before collectstatic: %q", got)
		}
		res, err := app.CollectStatic("", nil)
		if err != nil {
			t.Fatal(err)
		}
		css, js := "/static/"+res.Manifest["css/site.css"], "/static/"+res.Manifest["js/app.js"]
		want := `<link href="` + css + `"><script src="` + js + `"></script>`
		if got := body(t, do(t, app, "GET", "/page")); got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
		if got := body(t, do(t, app, "GET", "/view")); got != css {
			t.Errorf("Request.Static %q, want %q", got, css)
		}
		// The App serves the hashed name from STATIC_ROOT, for a year.
		resp := do(t, app, "GET", css)
		b := body(t, resp)
		if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.Contains(b, `@import url("base.`) {
			t.Errorf("%s: status %d, Cache-Control %q, body %q", css, resp.StatusCode, resp.Header.Get("Cache-Control"), b)
		}
		if resp := do(t, app, "GET", "/static/css/site.css"); resp.Header.Get("Cache-Control") != "public, max-age=60" {
			t.Errorf("unhashed name: Cache-Control %q", resp.Header.Get("Cache-Control"))
		}
		// A second App started after collectstatic reads the manifest.
		app2, _ := staticApp(t, framework.Config{StaticDir: t.TempDir(), StaticRoot: root})
		if u, err := app2.StaticURL("css/site.css"); err != nil || u != css {
			t.Errorf("a new App: %q, %v", u, err)
		}
		if resp := do(t, app2, "GET", css); resp.StatusCode != 200 {
			t.Errorf("a new App serving %s: %d", css, resp.StatusCode)
		}
	})
}

// TestStaticTag_MissingEntry: with Debug off, a path the manifest lacks
// renders unhashed and is logged once (the templates package's static
// hook cannot return an error); App.StaticURL returns the error.
func TestStaticTag_MissingEntry(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	src, root := filepath.Join(base, "static"), filepath.Join(base, "staticfiles")
	writeTree(t, src, staticTree())
	app, logs := staticApp(t, framework.Config{StaticDir: src, StaticRoot: root, TemplatesFS: pageTemplates})
	app.Get("/missing", func(r *framework.Request) framework.Response { return r.Render("missing.html", nil) })
	if _, err := app.CollectStatic("", nil); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		resp := do(t, app, "GET", "/missing")
		if got := body(t, resp); resp.StatusCode != 200 || got != `<img src="/static/img/new.png">` {
			t.Errorf("status %d, body %q", resp.StatusCode, got)
		}
	}
	if n := strings.Count(logs.String(), "missing staticfiles manifest entry"); n != 1 || !strings.Contains(logs.String(), "img/new.png") {
		t.Errorf("logged %d times:\n%s", n, logs)
	}
	u, err := app.StaticURL("img/new.png")
	if !errors.Is(err, framework.ErrMissingManifestEntry) || u != "/static/img/new.png" || !strings.Contains(err.Error(), `"img/new.png"`) {
		t.Errorf("StaticURL: %q, %v", u, err)
	}
}

func TestApp_StaticURL(t *testing.T) {
	t.Parallel()
	h := "0123456789ab"
	manifest := `{"paths": {"css/site.css": "css/site.` + h + `.css", "fonts/my font.woff": "fonts/my font.` + h + `.woff"}, "version": "1.0"}`
	fsys := fstest.MapFS{"staticfiles.json": {Data: []byte(manifest)}}
	tests := []struct {
		name, staticURL string
		debug           bool
		path, want      string
	}{
		{"debug", "", true, "css/site.css", "/static/css/site.css"},
		{"debug quotes", "", true, "a b/c&d.css", "/static/a%20b/c%26d.css"},
		{"hashed", "", false, "css/site.css", "/static/css/site." + h + ".css"},
		{"hashed, query and fragment kept", "", false, "css/site.css?v=1#x", "/static/css/site." + h + ".css?v=1#x"},
		{"hashed, quoted name", "", false, "fonts/my%20font.woff", "/static/fonts/my%20font." + h + ".woff"},
		{"CDN", "https://cdn.example.com/s/", false, "css/site.css", "https://cdn.example.com/s/css/site." + h + ".css"},
		{"CDN in debug", "https://cdn.example.com/s/", true, "css/site.css", "https://cdn.example.com/s/css/site.css"},
		{"absolute URL as is", "", false, "https://example.com/x.css", "https://example.com/x.css"},
		{"absolute path as is", "", false, "/robots.txt", "/robots.txt"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			app, logs := staticApp(t, framework.Config{Debug: tc.debug, StaticURL: tc.staticURL, StaticFS: fsys})
			got, err := app.StaticURL(tc.path)
			if err != nil || got != tc.want {
				t.Errorf("StaticURL(%q) = %q, %v; want %q", tc.path, got, err, tc.want)
			}
			if logs.Len() != 0 {
				t.Errorf("logged: %s", logs)
			}
		})
	}
}

// TestApp_StaticURL_BadManifest: a manifest that cannot be read is
// logged, and URLs stay unhashed.
func TestApp_StaticURL_BadManifest(t *testing.T) {
	t.Parallel()
	for name, content := range map[string]string{
		"not JSON":      `{"paths": `,
		"wrong version": `{"paths": {}, "version": "9"}`,
		"bad path":      `{"paths": {"../x.css": "x.css"}, "version": "1.1"}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			app, logs := staticApp(t, framework.Config{StaticFS: fstest.MapFS{"staticfiles.json": {Data: []byte(content)}}})
			if got, err := app.StaticURL("css/site.css"); err != nil || got != "/static/css/site.css" {
				t.Errorf("StaticURL = %q, %v", got, err)
			}
			if !strings.Contains(logs.String(), "staticfiles.json") || !strings.Contains(logs.String(), "level=ERROR") {
				t.Errorf("log: %s", logs)
			}
		})
	}
}
