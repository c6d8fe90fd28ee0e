package templates

import (
	"testing"
	"time"
)

// testNow is the clock of test engines.
var testNow = time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC)

// newTestEngine returns an engine over in-memory templates.
func newTestEngine(t testing.TB, templates map[string]string) *Engine {
	t.Helper()
	e, err := New(Options{Loaders: []Loader{MapLoader(templates)}, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// render compiles src and renders it with vars, failing the test on error.
func render(t testing.TB, src string, vars map[string]any) string {
	t.Helper()
	out, err := renderErr(t, src, vars)
	if err != nil {
		t.Fatalf("rendering %q: %v", src, err)
	}
	return out
}

// renderErr compiles src and renders it with vars.
func renderErr(t testing.TB, src string, vars map[string]any) (string, error) {
	t.Helper()
	e := newTestEngine(t, map[string]string{"index.html": src})
	return e.RenderString("index.html", vars)
}
