//go:build e2e

package e2e

import (
	"fmt"
	"regexp"
	"strings"
)

// docs/tutorial.md, read as a script. Its conventions (a comment at its
// top states them for its writers):
//
//   - a ```sh block is run, in one shell session;
//   - a ```console block right after a ```sh block is that block's
//     output (see tutMatchConsole); right after a file's block, it is
//     what the background block prints after the file changed (goframe
//     serve's messages); other console blocks are shown only;
//   - an HTML comment "<!-- tutorial: ITEM, ITEM -->" drives the rest:
//     background (the next sh block runs in the background until stop),
//     write PATH, append PATH, replace PATH (the next block goes into a
//     file), wait URL (until URL answers 2xx) and stop (Ctrl-C to the
//     background blocks).

// tutKind is what a step of the tutorial does.
type tutKind int

const (
	tutRun        tutKind = iota // a sh block, run to its end
	tutBackground                // a sh block, run until a stop step
	tutFile                      // a block written into a file
	tutExpect                    // a console block: the previous block's output, or the background's
	tutWait                      // wait until a URL answers 2xx
	tutStop                      // Ctrl-C to the background blocks
)

func (k tutKind) String() string {
	return [...]string{"run", "background", "file", "expect", "wait", "stop"}[k]
}

// tutStep is one step of the tutorial.
type tutStep struct {
	kind tutKind
	line int    // the line of docs/tutorial.md it comes from (a block's opening fence)
	text string // the block's content, ending with a newline
	mode string // tutFile: write, append or replace
	path string // tutFile: the file, relative to the session's directory
	url  string // tutWait
	of   int    // tutExpect: the line of the block whose output it is
	// tutExpect: the output is the background block's, after the last
	// file change (it comes right after a file's block).
	ofBackground bool
}

// tutDirectiveRE is a directive comment, alone on its line.
var tutDirectiveRE = regexp.MustCompile(`^<!--\s*tutorial:(.*?)-->$`)

// tutItem is one item of a directive: its name and argument.
type tutItem struct{ name, arg string }

// tutParseItems reads a directive's comma-separated items and checks
// each has the argument it needs.
func tutParseItems(s string, line int) ([]tutItem, error) {
	var items []tutItem
	for _, part := range strings.Split(s, ",") {
		f := strings.Fields(part)
		if len(f) == 0 {
			return nil, fmt.Errorf("line %d: empty item in a tutorial directive", line)
		}
		it := tutItem{name: f[0]}
		if len(f) > 2 {
			return nil, fmt.Errorf("line %d: %q: one argument at most (separate items with commas)", line, strings.TrimSpace(part))
		}
		if len(f) == 2 {
			it.arg = f[1]
		}
		needsArg := false
		switch it.name {
		case "background", "stop":
		case "wait", "write", "append", "replace":
			needsArg = true
		default:
			return nil, fmt.Errorf("line %d: unknown tutorial directive %q (want background, wait URL, stop, write PATH, append PATH or replace PATH)", line, it.name)
		}
		if needsArg != (it.arg != "") {
			if needsArg {
				return nil, fmt.Errorf("line %d: %q needs an argument", line, it.name)
			}
			return nil, fmt.Errorf("line %d: %q takes no argument", line, it.name)
		}
		items = append(items, it)
	}
	return items, nil
}

// tutDirective is a directive waiting for the block it applies to.
type tutDirective struct {
	line  int
	items []tutItem
}

// tutParse reads the tutorial into its steps. Mistakes in its
// conventions are errors that name the line.
func tutParse(doc string) ([]tutStep, error) {
	lines := strings.Split(doc, "\n")
	var steps []tutStep
	var pending *tutDirective
	// The last thing seen, blank lines aside, is a sh block (afterRun) or
	// a file's block (afterFile).
	afterRun, afterFile := false, false
	for i := 0; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], " \t\r")
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "<!--") && strings.Contains(trimmed, "tutorial:") {
			m := tutDirectiveRE.FindStringSubmatch(trimmed)
			if m == nil {
				return nil, fmt.Errorf("line %d: a tutorial directive is one line: <!-- tutorial: ITEM, ITEM -->", i+1)
			}
			items, err := tutParseItems(m[1], i+1)
			if err != nil {
				return nil, err
			}
			if pending != nil {
				return nil, fmt.Errorf("line %d: the directive at line %d is not followed by its code block", i+1, pending.line)
			}
			attaches := false
			for _, it := range items {
				switch it.name {
				case "background", "write", "append", "replace":
					attaches = true
				}
			}
			if attaches {
				pending = &tutDirective{line: i + 1, items: items}
			} else {
				steps = append(steps, tutActions(items, i+1)...)
			}
			afterRun, afterFile = false, false
			continue
		}
		if !strings.HasPrefix(line, "```") {
			if trimmed != "" {
				if pending != nil {
					return nil, fmt.Errorf("line %d: the directive at line %d must be followed by its code block", i+1, pending.line)
				}
				afterRun, afterFile = false, false
			}
			continue
		}
		lang := ""
		if f := strings.Fields(strings.TrimPrefix(line, "```")); len(f) > 0 {
			lang = f[0]
		}
		end := -1
		for j := i + 1; j < len(lines); j++ {
			if strings.TrimRight(lines[j], " \t\r") == "```" {
				end = j
				break
			}
		}
		if end < 0 {
			return nil, fmt.Errorf("line %d: the code block is not closed", i+1)
		}
		step := tutStep{line: i + 1, text: strings.Join(lines[i+1:end], "\n") + "\n"}
		shell := lang == "sh" || lang == "bash" || lang == "shell"
		runs, file := false, false
		switch {
		case pending != nil:
			var after []tutItem
			for _, it := range pending.items {
				switch it.name {
				case "background":
					if !shell {
						return nil, fmt.Errorf("line %d: background applies to a ```sh block, not ```%s", pending.line, lang)
					}
					step.kind = tutBackground
					runs = true
				case "write", "append", "replace":
					if shell || lang == "console" {
						return nil, fmt.Errorf("line %d: %s applies to a file's block (```go, ```html...), not ```%s", pending.line, it.name, lang)
					}
					if step.mode != "" {
						return nil, fmt.Errorf("line %d: one of write, append and replace per block", pending.line)
					}
					step.kind, step.mode, step.path = tutFile, it.name, it.arg
					file = true
				default:
					after = append(after, it)
				}
			}
			steps = append(steps, step)
			steps = append(steps, tutActions(after, pending.line)...)
			pending = nil
		case shell:
			step.kind = tutRun
			steps = append(steps, step)
			runs = true
		case lang == "console" && afterRun:
			step.kind = tutExpect
			for k := len(steps) - 1; k >= 0; k-- {
				if steps[k].kind == tutRun || steps[k].kind == tutBackground {
					step.of = steps[k].line
					break
				}
			}
			steps = append(steps, step)
		case lang == "console" && afterFile:
			step.kind, step.ofBackground = tutExpect, true
			steps = append(steps, step)
		}
		afterRun, afterFile = runs, file
		i = end
	}
	if pending != nil {
		return nil, fmt.Errorf("line %d: the directive is not followed by its code block", pending.line)
	}
	return steps, nil
}

// tutActions are the steps of a directive's wait and stop items.
func tutActions(items []tutItem, line int) []tutStep {
	var steps []tutStep
	for _, it := range items {
		switch it.name {
		case "wait":
			steps = append(steps, tutStep{kind: tutWait, line: line, url: it.arg})
		case "stop":
			steps = append(steps, tutStep{kind: tutStop, line: line})
		}
	}
	return steps
}

// tutNormalize is a line as console blocks and outputs are compared:
// without its carriage return, its blanks collapsed to one space.
func tutNormalize(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// tutMatchConsole checks that got (a block's output) has the lines of
// want (a console block), in order, others between them allowed: blank
// lines and "..." lines of want are skipped, "..." in a line matches
// any text, and runs of blanks match any run of blanks.
func tutMatchConsole(want, got string) error {
	var gotLines []string
	for _, l := range strings.Split(got, "\n") {
		gotLines = append(gotLines, tutNormalize(l))
	}
	at := 0
	for _, w := range strings.Split(want, "\n") {
		w = tutNormalize(w)
		if w == "" || w == "..." {
			continue
		}
		parts := strings.Split(w, "...")
		for k, p := range parts {
			parts[k] = regexp.QuoteMeta(p)
		}
		re := regexp.MustCompile("^" + strings.Join(parts, ".*") + "$")
		found := false
		for ; at < len(gotLines); at++ {
			if re.MatchString(gotLines[at]) {
				found = true
				at++
				break
			}
		}
		if !found {
			return fmt.Errorf("the output lacks the line %q (in this order)", w)
		}
	}
	return nil
}

// tutReplace replaces in file the lines from the one equal to block's
// first line to the next one equal to its last line (trailing blanks
// aside) by block. The first line must occur once.
func tutReplace(file, block string) (string, error) {
	lines := strings.Split(file, "\n")
	blk := strings.Split(strings.TrimSuffix(block, "\n"), "\n")
	trim := func(s string) string { return strings.TrimRight(s, " \t\r") }
	first, last := trim(blk[0]), trim(blk[len(blk)-1])
	start := -1
	for i, l := range lines {
		if trim(l) == first {
			if start >= 0 {
				return "", fmt.Errorf("the line %q occurs more than once", first)
			}
			start = i
		}
	}
	if start < 0 {
		return "", fmt.Errorf("no line %q", first)
	}
	end := -1
	from := start
	if len(blk) > 1 {
		from = start + 1
	}
	for i := from; i < len(lines); i++ {
		if trim(lines[i]) == last {
			end = i
			break
		}
	}
	if end < 0 {
		return "", fmt.Errorf("no line %q after %q", last, first)
	}
	out := append(append(append([]string{}, lines[:start]...), blk...), lines[end+1:]...)
	return strings.Join(out, "\n"), nil
}
