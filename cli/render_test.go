package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	dir := t.TempDir()
	other := t.TempDir()
	write := func(d, name, text string) {
		t.Helper()
		p := filepath.Join(d, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(dir, "page.html", "{% extends 'base.html' %}{% block body %}{{ n }} {{ f }} {{ d|date:'Y-m-d H:i' }} {{ who }}{% endblock %}")
	write(dir, "base.html", "<main>{% block body %}{% endblock %}</main>\n")
	write(other, "base.html", "<other>{% block body %}{% endblock %}</other>")
	write(other, "only-other.html", "from other")
	write(dir, "bad.html", "line one\n{% for x in %}\n")
	write(dir, "int.html", "{{ n }} {{ n|add:1 }} {{ f }}")
	write(dir, "inc.html", "a\n  {% include 'missing.html' %}")
	ctx := filepath.Join(dir, "ctx.json")
	write(dir, "ctx.json", `{"n": 3, "f": 2.0, "d": {"$date": "2026-03-07T09:05:03"}, "who": "<b>"}`)

	tests := []struct {
		name       string
		args       []string
		stdin      string
		wantCode   int
		wantOut    string
		wantErrHas string
	}{
		{"flags before name", []string{"--dir", dir, "--context", ctx, "page.html"}, "", 0, "<main>3 2.0 2026-03-07 09:05 &lt;b&gt;</main>\n", ""},
		{"flags after name", []string{"page.html", "--dir=" + dir, "--context", "-"}, `{"n": 1}`, 0, "<main>1   </main>\n", ""},
		{"integers stay integers", []string{"int.html", "--dir", dir, "--context=-"}, `{"n": 12345678901234567890, "f": 1e2}`, 0, "12345678901234567890 12345678901234567891 100.0", ""},
		{"first dir wins", []string{"--dir", other, "--dir", dir, "page.html"}, "", 0, "<other>   </other>", ""},
		{"later dir searched", []string{"--dir", dir, "--dir", other, "only-other.html"}, "", 0, "from other", ""},
		{"missing template", []string{"--dir", dir, "nope.html"}, "", 1, "", "nope.html: template does not exist\n"},
		{"syntax error", []string{"--dir", dir, "bad.html"}, "", 1, "", "bad.html:2:1: 'for' statements should have at least four words: for x in\n"},
		{"missing include", []string{"--dir", dir, "inc.html"}, "", 1, "", "inc.html:2:3: missing.html: template does not exist\n"},
		{"bad json", []string{"--dir", dir, "page.html", "--context", "-"}, `{"n": }`, 2, "", "JSON context"},
		{"json not an object", []string{"--dir", dir, "page.html", "--context", "-"}, `[1]`, 2, "", "top level must be an object"},
		{"no name", []string{"--dir", dir}, "", 2, "", "missing the template NAME"},
		{"two names", []string{"--dir", dir, "a", "b"}, "", 2, "", "one template name expected"},
		{"unknown flag", []string{"--frob", "page.html"}, "", 2, "", "unknown flag --frob"},
		{"bad dir", []string{"--dir", filepath.Join(dir, "nodir"), "page.html"}, "", 2, "", "not a directory"},
		{"context file missing", []string{"--dir", dir, "page.html", "--context", filepath.Join(dir, "none.json")}, "", 2, "", "reading the context"},
		{"escape from dir refused", []string{"--dir", dir, "../x.html"}, "", 1, "", "../x.html: template does not exist"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := Render(tc.args, strings.NewReader(tc.stdin), &out, &errb)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tc.wantCode, errb.String())
			}
			if tc.wantCode == 0 && out.String() != tc.wantOut {
				t.Errorf("stdout %q, want %q", out.String(), tc.wantOut)
			}
			if tc.wantCode != 0 && out.Len() != 0 {
				t.Errorf("stdout %q on failure, want nothing", out.String())
			}
			if !strings.Contains(errb.String(), tc.wantErrHas) {
				t.Errorf("stderr %q, want it to contain %q", errb.String(), tc.wantErrHas)
			}
		})
	}
}

func TestRenderDefaultDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "templates", "x.txt"), []byte("no newline {{ 1 }}"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	var out, errb bytes.Buffer
	if code := Render([]string{"x.txt"}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if out.String() != "no newline 1" {
		t.Errorf("got %q", out.String())
	}
}
