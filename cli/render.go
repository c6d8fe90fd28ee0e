package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/goframe/goframe/templates"
)

const renderUsage = `usage: goframe render [--dir DIR]... NAME [--context FILE|-]

Render the template NAME, found in the DIRs (default ./templates, the
first that has it wins), with the variables of a JSON object, and write
the result to standard output byte for byte.

  --dir DIR        a template directory (repeatable)
  --context FILE   a JSON object of variables; - reads standard input.
                   Integers stay integers; {"$date": "YYYY-MM-DDTHH:MM:SS"}
                   is a date-time.

Flags may come before or after NAME.
Exit status: 0 rendered; 1 template error (NAME:LINE:COL: message);
2 bad usage or bad JSON.
`

// Render runs `goframe render`.
func Render(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var dirs []string
	var name, ctxFile string
	haveCtx := false
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "goframe render: "+format+"\n", a...)
		fmt.Fprint(stderr, "run 'goframe render --help' for usage\n")
		return 2
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		flagName, value, hasValue := a, "", false
		if strings.HasPrefix(a, "-") && a != "-" {
			flagName, value, hasValue = strings.Cut(a, "=")
		}
		switch flagName {
		case "-h", "-help", "--help":
			fmt.Fprint(stdout, renderUsage)
			return 0
		case "--dir", "-dir", "--context", "-context":
			if !hasValue {
				if i+1 >= len(args) {
					return usage("flag %s needs a value", flagName)
				}
				i++
				value = args[i]
			}
			if strings.HasSuffix(flagName, "dir") {
				if value == "" {
					return usage("--dir needs a directory")
				}
				dirs = append(dirs, value)
			} else {
				if haveCtx {
					return usage("--context given twice")
				}
				ctxFile, haveCtx = value, true
			}
		default:
			if strings.HasPrefix(a, "-") && a != "-" {
				return usage("unknown flag %s", a)
			}
			if name != "" {
				return usage("one template name expected, got %q and %q", name, a)
			}
			name = a
		}
	}
	if name == "" {
		return usage("missing the template NAME")
	}
	if len(dirs) == 0 {
		dirs = []string{"templates"}
	}
	vars := map[string]any{}
	if haveCtx {
		var data []byte
		var err error
		if ctxFile == "-" {
			data, err = io.ReadAll(stdin)
		} else {
			data, err = os.ReadFile(ctxFile)
		}
		if err != nil {
			return usage("reading the context: %v", err)
		}
		if vars, err = templates.ParseJSONContext(data); err != nil {
			src := ctxFile
			if src == "-" {
				src = "standard input"
			}
			return usage("%s: %v", src, err)
		}
	}
	for _, d := range dirs {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			return usage("--dir %s: not a directory", d)
		}
	}
	eng, err := templates.New(templates.Options{Dirs: dirs})
	if err != nil {
		return usage("%v", err)
	}
	var out strings.Builder
	if err := eng.Render(&out, name, vars); err != nil {
		var te *templates.Error
		if errors.As(err, &te) {
			fmt.Fprintln(stderr, te.Error())
		} else {
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
		}
		return 1
	}
	if _, err := io.WriteString(stdout, out.String()); err != nil {
		fmt.Fprintf(stderr, "goframe render: writing the output: %v\n", err)
		return 1
	}
	return 0
}
