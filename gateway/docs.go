package gateway

import (
	"fmt"
	"io"
	"strings"
)

// WriteUsage writes the serve command's usage: every flag of the settings
// table, by section.
func WriteUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage: serve [options]\n\nServes the application with goframe's gateway. Every option is also a\nGOFRAME_* environment variable and a config-file key; see docs/settings.md.\n")
	section := ""
	for _, s := range Settings() {
		if s.Section != section {
			section = s.Section
			fmt.Fprintf(w, "\n%s:\n", section)
		}
		name := "--" + s.Flag
		if s.Short != "" {
			name = "-" + s.Short + ", " + name
		}
		if s.Kind != KindBool {
			name += " " + strings.ToUpper(s.Kind.String())
		}
		def := ""
		if s.Default != "" && s.Kind != KindBool {
			def = " (default " + s.Default + ")"
		}
		fmt.Fprintf(w, "  %s%s\n      %s\n", name, def, firstSentence(s.Help))
	}
	fmt.Fprintf(w, "\nExamples:\n  serve --bind 0.0.0.0:8000 --workers 4\n  serve -b unix:/run/app.sock --access-logfile -\n  GOFRAME_CMD_ARGS=\"--threads 8\" serve --config gateway.toml\n")
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// WriteSettingsReference writes docs/settings.md: the settings table as a
// Markdown reference. The file is generated; `make docs` rewrites it and a
// test fails when it differs from the code.
func WriteSettingsReference(w io.Writer) error {
	var b strings.Builder
	b.WriteString("<!-- Generated from gateway/settings.go by `make docs`; do not edit. Prose lives in docs/gateway.md. -->\n\n")
	b.WriteString("# Gateway settings\n\n")
	b.WriteString("Every setting can be given, from lowest to highest precedence: in the config file (`--config`, TOML, the key below), as an environment variable (`GOFRAME_*`, or inside `GOFRAME_CMD_ARGS` as flags), and as a command-line flag. `PORT` sets the default bind to `0.0.0.0:$PORT` and `WEB_CONCURRENCY` the default number of workers, as in Gunicorn. A bad value stops the server with a one-line error naming the setting, and exit status 2.\n\n")
	b.WriteString("Durations are seconds (`30`, `0.5`) or Go durations (`500ms`).\n")
	section := ""
	for _, s := range Settings() {
		if s.Section != section {
			section = s.Section
			fmt.Fprintf(&b, "\n## %s\n\n| Flag | Environment | Config key | Type | Default | Meaning |\n|---|---|---|---|---|---|\n", section)
		}
		flag := "`--" + s.Flag + "`"
		if s.Short != "" {
			flag = "`-" + s.Short + "`, " + flag
		}
		key := "`" + s.Name + "`"
		if s.CLIOnly {
			key = "—"
		}
		def := "`" + s.Default + "`"
		if s.Default == "" {
			def = "(none)"
		}
		help := strings.ReplaceAll(s.Help, "|", "\\|")
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s | %s |\n", flag, s.Env(), key, s.Kind, def, help)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
