package framework

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// stackFrame is one frame of a goroutine's stack, as runtime/debug.Stack
// prints it. The project's frames (not Go's, not a module dependency's,
// not goframe's own packages) carry the source lines around them when
// the file is readable — displayed, never run.
type stackFrame struct {
	Function string `json:"function"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	// CreatedBy marks the frame that started the goroutine.
	CreatedBy bool         `json:"created_by,omitempty"`
	Library   bool         `json:"library,omitempty"`
	Source    []sourceLine `json:"source,omitempty"`
}

// Limits of the source shown with a stack.
const (
	sourceContext  = 5       // lines before and after a frame's line
	sourceFrames   = 30      // frames with source, at most
	sourceMaxBytes = 4 << 20 // larger files are not read
	maxStackFrames = 200
)

// goroutineHeader starts a stack in debug.Stack's format.
var goroutineHeader = regexp.MustCompile(`(?m)^goroutine \d+ \[[^\]\n]*\]:\n`)

// splitStack splits a message holding a stack (a template render panic's
// "panic: v\n<stack>") into the message before it and the stack.
func splitStack(s string) (msg, stack string, ok bool) {
	loc := goroutineHeader.FindStringIndex(s)
	if loc == nil {
		return s, "", false
	}
	return strings.TrimSpace(s[:loc[0]]), s[loc[0]:], true
}

// parseStack parses a stack in debug.Stack's format into frames,
// innermost first, dropping the frames of the recovery (debug.Stack, the
// deferred functions, the runtime's panic machinery) so that the first
// frame is where the panic happened; the project's frames get their
// source.
func parseStack(stack []byte) []stackFrame {
	lines := strings.Split(strings.ReplaceAll(string(stack), "\r", ""), "\n")
	var frames []stackFrame
	for i := 0; i < len(lines) && len(frames) < maxStackFrames; i++ {
		l := lines[i]
		if l == "" || strings.HasPrefix(l, "\t") || strings.HasPrefix(l, "goroutine ") || strings.HasPrefix(l, "...") {
			continue
		}
		f := stackFrame{}
		if name, ok := strings.CutPrefix(l, "created by "); ok {
			if j := strings.Index(name, " in goroutine "); j >= 0 {
				name = name[:j]
			}
			f.Function, f.CreatedBy = name, true
		} else {
			f.Function = funcName(l)
		}
		if i+1 < len(lines) && strings.HasPrefix(lines[i+1], "\t") {
			f.File, f.Line = fileLine(lines[i+1])
			i++
		}
		frames = append(frames, f)
	}
	goroot := gorootSrc(frames)
	last := -1
	for i, f := range frames {
		if f.Function == "panic" {
			last = i
		}
	}
	switch {
	case last >= 0:
		frames = frames[last+1:]
		for len(frames) > 1 && pkgOf(frames[0].Function) == "runtime" {
			frames = frames[1:] // runtime.sigpanic, runtime.panicmem, runtime.goPanicIndex...
		}
	case len(frames) > 0 && frames[0].Function == "runtime/debug.Stack":
		frames = frames[1:]
	}
	files := map[string][]string{}
	withSource := 0
	for i := range frames {
		f := &frames[i]
		f.Library = isLibraryFrame(f.Function, f.File, goroot)
		if !f.Library && withSource < sourceFrames {
			if f.Source = sourceAround(files, f.File, f.Line); f.Source != nil {
				withSource++
			}
		}
	}
	return frames
}

// funcName strips the arguments from a stack's function line:
// "main.(*T).M(0xc000010000, {0x1, 0x2})" is "main.(*T).M".
func funcName(l string) string {
	if strings.HasSuffix(l, ")") {
		if i := strings.LastIndexByte(l, '('); i > 0 {
			return l[:i]
		}
	}
	return l
}

// fileLine parses a stack's "\t/path/file.go:12 +0x1d" line.
func fileLine(l string) (string, int) {
	s := strings.TrimPrefix(l, "\t")
	if i := strings.LastIndex(s, " +0x"); i >= 0 {
		s = s[:i]
	}
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, 0
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil {
		return s, 0
	}
	return s[:i], n
}

// pkgOf returns the package path of a function name.
func pkgOf(fn string) string {
	slash := strings.LastIndexByte(fn, '/')
	dot := strings.IndexByte(fn[slash+1:], '.')
	if dot < 0 {
		return fn
	}
	return fn[:slash+1+dot]
}

// gorootSrc finds where Go's own sources are (".../go/src/") from the
// runtime's frames of the stack.
func gorootSrc(frames []stackFrame) string {
	for _, f := range frames {
		if strings.HasPrefix(f.Function, "runtime.") || strings.HasPrefix(f.Function, "runtime/") || f.Function == "panic" {
			if i := strings.LastIndex(f.File, "/src/runtime/"); i >= 0 {
				return f.File[:i+len("/src/")]
			}
		}
	}
	return ""
}

// goframeLibraries are goframe's packages whose frames are not the
// project's.
var goframeLibraries = []string{"framework", "router", "templates", "orm", "gateway", "cli"}

// isLibraryFrame reports whether a frame is Go's, a dependency's, or
// goframe's own rather than the project's.
func isLibraryFrame(fn, file, goroot string) bool {
	if goroot != "" && strings.HasPrefix(file, goroot) {
		return true
	}
	if strings.Contains(file, "/pkg/mod/") || strings.Contains(file, "/vendor/") {
		return true
	}
	pkg := pkgOf(fn)
	if rest, ok := strings.CutPrefix(pkg, "github.com/goframe/goframe/"); ok {
		for _, lib := range goframeLibraries {
			if rest == lib || strings.HasPrefix(rest, lib+"/") {
				return true
			}
		}
		return false
	}
	// A standard package when the file says nothing (-trimpath).
	first, _, _ := strings.Cut(pkg, "/")
	return file == "" || (!filepath.IsAbs(file) && !strings.Contains(first, ".") && pkg != "main")
}

// sourceAround returns the lines of file around line, or nil when the
// file is not a readable Go source file; files caches what was read.
func sourceAround(files map[string][]string, file string, line int) []sourceLine {
	if line <= 0 || !filepath.IsAbs(file) || filepath.Ext(file) != ".go" {
		return nil
	}
	lines, ok := files[file]
	if !ok {
		if fi, err := os.Stat(file); err == nil && fi.Mode().IsRegular() && fi.Size() <= sourceMaxBytes {
			if b, err := os.ReadFile(file); err == nil {
				lines = strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
			}
		}
		files[file] = lines
	}
	if line > len(lines) {
		return nil
	}
	var out []sourceLine
	for n := max(1, line-sourceContext); n <= min(len(lines), line+sourceContext); n++ {
		out = append(out, sourceLine{Number: n, Text: strings.ReplaceAll(lines[n-1], "\t", "    "), Current: n == line})
	}
	return out
}
