//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// templateCase is a line of a template corpus: templates by name (index.html
// is rendered), a JSON context, and, in the conformance data, Django's
// output or error class.
type templateCase struct {
	ID        string            `json:"id"`
	Templates map[string]string `json:"templates"`
	Context   json.RawMessage   `json:"context"`
	Want      *string           `json:"want"`
	WantError string            `json:"want_error"`
}

func readCases(t *testing.T, path string) []templateCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []templateCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var c templateCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		cases = append(cases, c)
	}
	return cases
}

// renderWithBinary runs `goframe render` on a case: its templates written
// to a directory, its context on standard input.
func renderWithBinary(t *testing.T, c templateCase) (stdout, stderr string, code int) {
	t.Helper()
	dir := t.TempDir()
	for name, src := range c.Templates {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := c.Context
	if len(ctx) == 0 {
		ctx = json.RawMessage("{}")
	}
	// Flags on both sides of NAME, as users write them.
	cmd := exec.Command(filepath.Join(binDir, "goframe"), "render", "--dir", dir, "index.html", "--context", "-")
	cmd.Stdin = bytes.NewReader(ctx)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code = 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// The conformance data (outputs from Django 3.2) through the goframe
// binary: byte-identical output, exit 1 with NAME:LINE:COL for errors.
func TestRenderConformanceThroughBinary(t *testing.T) {
	for _, c := range readCases(t, "../templates/testdata/django-templates.jsonl") {
		out, errOut, code := renderWithBinary(t, c)
		if c.WantError != "" {
			if code != 1 || out != "" || !strings.HasPrefix(errOut, "index.html:") && !strings.Contains(errOut, ": template does not exist") {
				t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 and a placed error", c.ID, code, out, errOut)
			}
			continue
		}
		if code != 0 || out != *c.Want {
			t.Errorf("%s: exit %d (%s)\n got %q\nwant %q", c.ID, code, strings.TrimSpace(errOut), out, *c.Want)
		}
	}
}

// djangoDifferences are corpus cases where goframe differs from Django on
// purpose (docs/templates.md says why).
var djangoDifferences = map[string]string{
	"json-script-noid": "json_script's element id is optional since Django 4.1 (Django 3.2 requires it)",
}

// A corpus without expected outputs, rendered by Django itself (Debian's
// python3-django, 3.2) and by the goframe binary: the outputs must be
// byte-identical, and an error in one must be an error in the other.
func TestRenderAgainstDjango(t *testing.T) {
	python := need(t, "python3 with Django (Debian's python3-django)", "/usr/bin/python3")
	if err := exec.Command(python, "-c", "import django").Run(); err != nil {
		t.Fatalf("%s cannot import django: install python3-django (make deps)", python)
	}
	corpus := "testdata/django-extra.jsonl"
	cases := readCases(t, corpus)
	in, err := os.ReadFile(corpus)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "testdata/django_render.py")
	cmd.Stdin = bytes.NewReader(in)
	var djOut, djErr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &djOut, &djErr
	if err := cmd.Run(); err != nil {
		t.Fatalf("django_render.py: %v\n%s", err, djErr.String())
	}
	type result struct {
		ID, Out, Error, Message string
	}
	django := map[string]result{}
	for line := range strings.SplitSeq(strings.TrimSpace(djOut.String()), "\n") {
		var r result
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("django_render.py output %q: %v", line, err)
		}
		django[r.ID] = r
	}
	if len(django) != len(cases) {
		t.Fatalf("Django rendered %d of %d cases", len(django), len(cases))
	}
	for _, c := range cases {
		dj := django[c.ID]
		out, errOut, code := renderWithBinary(t, c)
		_, known := djangoDifferences[c.ID]
		var same bool
		if dj.Error != "" {
			same = code == 1
		} else {
			same = code == 0 && out == dj.Out
		}
		switch {
		case !same && !known:
			t.Errorf("%s: goframe differs from Django\n goframe: exit %d %q %s\n  django: %q %s %s",
				c.ID, code, out, strings.TrimSpace(errOut), dj.Out, dj.Error, dj.Message)
		case same && known:
			t.Errorf("%s now renders as Django does: remove it from djangoDifferences", c.ID)
		}
	}
}
