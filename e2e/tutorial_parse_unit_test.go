//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// The conventions TestTutorial reads docs/tutorial.md with: a mistake in
// them must be an error naming the line, never a block silently skipped.

// fence is "```", written so for readability of the test's documents.
const fence = "```"

// md builds a markdown document from lines, with ``` for fence.
func md(lines ...string) string {
	return strings.ReplaceAll(strings.Join(lines, "\n"), "'''", fence) + "\n"
}

func TestTutorialParse(t *testing.T) {
	t.Parallel()
	doc := md(
		"# Title", // 1
		"",
		"'''sh", // 3
		"echo hi",
		"'''",
		"",
		"'''console", // 7: the output of line 3
		"hi",
		"'''",
		"",
		"<!-- tutorial: background, wait http://127.0.0.1:8000/ -->", // 11
		"'''sh", // 12
		"serve",
		"'''",
		"'''console", // 15: the output of line 12
		"listening",
		"'''",
		"<!-- tutorial: write a/b.go -->", // 18
		"",
		"'''go", // 20
		"package b",
		"'''",
		"Text.",
		"'''console", // 24: after text: shown only
		"$ sudo reboot",
		"'''",
		"'''go", // 27: no directive: shown only
		"x",
		"'''",
		"<!-- tutorial: wait http://x/, stop -->", // 30
		"<!-- tutorial: replace a/b.go -->",       // 31
		"'''go",                                   // 32
		"package b",
		"'''",
		"",
		"'''console", // 36: the background's output after the change
		"rebuilding",
		"'''",
	)
	steps, err := tutParse(doc)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range steps {
		d := fmt.Sprintf("%d:%s", s.line, s.kind)
		switch s.kind {
		case tutFile:
			d += " " + s.mode + " " + s.path + " " + strings.TrimSpace(s.text)
		case tutWait:
			d += " " + s.url
		case tutExpect:
			if s.ofBackground {
				d += " of the background: " + strings.TrimSpace(s.text)
			} else {
				d += fmt.Sprintf(" of %d: %s", s.of, strings.TrimSpace(s.text))
			}
		case tutRun, tutBackground:
			d += " " + strings.TrimSpace(s.text)
		}
		got = append(got, d)
	}
	want := []string{
		"3:run echo hi",
		"7:expect of 3: hi",
		"12:background serve",
		"11:wait http://127.0.0.1:8000/",
		"15:expect of 12: listening",
		"20:file write a/b.go package b",
		"30:wait http://x/",
		"30:stop",
		"32:file replace a/b.go package b",
		"36:expect of the background: rebuilding",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("steps:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTutorialParse_Errors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc, want string
	}{
		{"unknown directive", md("<!-- tutorial: backgroud -->", "'''sh", "x", "'''"), `line 1: unknown tutorial directive "backgroud"`},
		{"missing argument", md("<!-- tutorial: write -->", "'''go", "x", "'''"), `line 1: "write" needs an argument`},
		{"extra argument", md("<!-- tutorial: stop now -->"), `line 1: "stop" takes no argument`},
		{"two words", md("<!-- tutorial: wait a b -->"), `line 1: "wait a b": one argument at most`},
		{"not one line", md("<!-- tutorial: stop", "-->"), "line 1: a tutorial directive is one line"},
		{"text before the block", md("<!-- tutorial: background -->", "Run:", "'''sh", "x", "'''"), "line 2: the directive at line 1 must be followed by its code block"},
		{"directive at the end", md("<!-- tutorial: write x.go -->", ""), "line 1: the directive is not followed by its code block"},
		{"two directives for a block", md("<!-- tutorial: write x.go -->", "<!-- tutorial: stop -->"), "line 2: the directive at line 1 is not followed by its code block"},
		{"background of a go block", md("<!-- tutorial: background -->", "'''go", "x", "'''"), "line 1: background applies to a ```sh block, not ```go"},
		{"write of a sh block", md("<!-- tutorial: write x.sh -->", "'''sh", "x", "'''"), "line 1: write applies to a file's block"},
		{"write and append", md("<!-- tutorial: write x, append x -->", "'''go", "x", "'''"), "line 1: one of write, append and replace per block"},
		{"unclosed block", md("'''sh", "echo"), "line 1: the code block is not closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := tutParse(tt.doc)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one with %q", err, tt.want)
			}
		})
	}
}

func TestTutorialMatchConsole(t *testing.T) {
	t.Parallel()
	got := "goframe serve: built in 3.6s\r\ntime=2026 level=INFO msg=listening address=127.0.0.1:8000 pid=42\nok  \tblog\t0.07s\n"
	tests := []struct {
		name, want string
		ok         bool
	}{
		{"exact lines", "goframe serve: built in 3.6s", true},
		{"wildcards", "goframe serve: built in ...\ntime=... msg=listening address=127.0.0.1:8000 pid=...", true},
		{"blanks collapse", "ok blog 0.07s", true},
		{"skipped lines", "goframe serve: built in 3.6s\n...\n\nok blog ...", true},
		{"a missing line", "goframe serve: built in 3.6s\nSystem check identified no issues.", false},
		{"out of order", "ok blog ...\ngoframe serve: built in ...", false},
		{"a part of a line is not the line", "built in 3.6s", false},
		{"a line once only", "ok blog ...\nok blog ...", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tutMatchConsole(tt.want, got)
			if (err == nil) != tt.ok {
				t.Errorf("tutMatchConsole(%q) = %v, want ok=%v", tt.want, err, tt.ok)
			}
		})
	}
}

func TestTutorialReplace(t *testing.T) {
	t.Parallel()
	file := "package main\n\n// f does.\nfunc f() {\n\tif x {\n\t}\n}\n\nfunc g() {\n}\n\nvar v = 1\n"
	tests := []struct {
		name, block, want, err string
	}{
		{"a function, to its closing brace", "func f() {\n\treturn\n}\n",
			"package main\n\n// f does.\nfunc f() {\n\treturn\n}\n\nfunc g() {\n}\n\nvar v = 1\n", ""},
		{"indented lines", "\tif x {\n\t\ty()\n\t}\n", "package main\n\n// f does.\nfunc f() {\n\tif x {\n\t\ty()\n\t}\n}\n\nfunc g() {\n}\n\nvar v = 1\n", ""},
		{"no first line", "func h() {\n}\n", "", `no line "func h() {"`},
		{"no last line", "var v = 1\nend\n", "", `no line "end" after "var v = 1"`},
		{"ambiguous", "}\n", "", `the line "}" occurs more than once`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tutReplace(file, tt.block)
			switch {
			case tt.err != "":
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("error %v, want one with %q", err, tt.err)
				}
			case err != nil:
				t.Fatal(err)
			case got != tt.want:
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
