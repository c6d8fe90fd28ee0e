package cli

import (
	"path/filepath"
	"testing"
)

// A new project embeds templates/ and static/ (for production) and, in
// DEBUG, reads them from disk: there a change to them must not rebuild
// and restart the server; with DEBUG off the binary's copies are served,
// so it must.
func TestWatchFilter_EmbeddedTemplates(t *testing.T) {
	t.Parallel()
	root := filepath.Join(t.TempDir(), "blog")
	writeFiles(t, root, map[string]string{
		"go.mod":              testGoMod,
		"main.go":             "package main\n\nimport \"embed\"\n\n//go:embed templates static migrations\nvar files embed.FS\n\nfunc main() {}\n",
		"templates/a.html":    "x",
		"static/app.css":      "x",
		"migrations/0001.sql": "x",
	})
	embeds, err := serveEmbeds(root)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path      string
		readFresh bool
		want      watchKind
	}{
		{"templates/a.html", true, watchTemplate},
		{"templates/post/new.html", true, watchTemplate},
		{"static/app.css", true, watchStatic},
		{"migrations/0002.sql", true, watchRebuild}, // embedded, not read fresh by the tool's reckoning
		{"main.go", true, watchRebuild},
		{"templates/a.html", false, watchRebuild},
		{"static/app.css", false, watchRebuild},
	}
	for _, tt := range tests {
		f := &watchFilter{
			Root:         root,
			TemplateDirs: []string{filepath.Join(root, "templates")},
			StaticDirs:   []string{filepath.Join(root, "static")},
			Embeds:       embeds,
			ReadFresh:    tt.readFresh,
		}
		if got := f.Classify(filepath.Join(root, tt.path)); got != tt.want {
			t.Errorf("ReadFresh=%v: Classify(%s) = %v, want %v", tt.readFresh, tt.path, got, tt.want)
		}
	}
}
