package gateway

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is the gateway's resolved configuration. Its zero value is not
// useful: start from DefaultConfig or LoadConfig, which apply the defaults
// of the settings table.
type Config struct {
	ConfigFile  string // --config: the TOML file read, if any
	PrintConfig bool   // --print-config
	CheckConfig bool   // --check-config

	Bind      []string // --bind, repeatable
	Backlog   int
	ReusePort bool
	Protocol  string // http, uwsgi or fastcgi
	Engine    string // goframe or net/http: what serves --protocol http

	Workers           int
	Threads           int
	WorkerConnections int
	MaxRequests       int
	MaxRequestsJitter int
	MaxWorkerMemory   int // MiB; 0 = off

	Reload           bool
	ReloadExtraFiles []string

	Timeout         time.Duration
	RequestTimeout  time.Duration
	HeaderTimeout   time.Duration
	GracefulTimeout time.Duration
	KeepAlive       time.Duration

	LimitRequestLine      int
	LimitRequestFields    int
	LimitRequestFieldSize int

	ForwardedAllowIPs string
	ProxyProtocol     bool
	ProxyAllowIPs     string

	AccessLog       string
	AccessLogFormat string
	ErrorLog        string
	LogLevel        string

	PIDFile string
	Umask   int

	CertFile string
	KeyFile  string

	// Hooks are the server hooks: Go functions, set by the program (see
	// Program), not by flags or files.
	Hooks Hooks
}

// SettingError is a bad setting value: it names the setting, where the value
// came from and what is wrong, in one line.
type SettingError struct {
	Setting string // the setting's name, e.g. "workers"
	Source  string // "flag --workers", "GOFRAME_WORKERS", "config file gf.toml", ...
	Err     error
}

func (e *SettingError) Error() string {
	if e.Setting == "" {
		return fmt.Sprintf("%s: %v", e.Source, e.Err)
	}
	return fmt.Sprintf("setting %s (%s): %v", e.Setting, e.Source, e.Err)
}

func (e *SettingError) Unwrap() error { return e.Err }

// DefaultConfig returns the configuration with every setting at its default.
func DefaultConfig() *Config {
	c := &Config{}
	for _, s := range Settings() {
		if s.Default != "" || s.Kind == KindString {
			if err := s.set(c, s.Default); err != nil {
				panic("gateway: default of " + s.Name + ": " + err.Error())
			}
		}
	}
	return c
}

type layer struct {
	source string
	pairs  []pair
}

type pair struct {
	s      *Setting
	value  string
	origin string // e.g. "--workers", overrides layer.source when set
}

// LoadConfig resolves the configuration from, lowest first: the defaults
// (with WEB_CONCURRENCY and PORT as in Gunicorn), the config file, the
// GOFRAME_* variables, GOFRAME_CMD_ARGS, and the command-line args. environ
// is in os.Environ's form. A bad value is a *SettingError.
func LoadConfig(args, environ []string) (*Config, error) {
	table := Settings()
	byName := map[string]*Setting{}
	for _, s := range table {
		byName[s.Name] = s
	}
	env := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}

	c := DefaultConfig()
	var defaults layer
	defaults.source = "environment"
	if v, ok := env["WEB_CONCURRENCY"]; ok {
		defaults.pairs = append(defaults.pairs, pair{s: byName["workers"], value: v, origin: "WEB_CONCURRENCY"})
	}
	if v, ok := env["PORT"]; ok {
		if _, err := strconv.ParseUint(v, 10, 16); err != nil {
			return nil, &SettingError{Setting: "bind", Source: "PORT", Err: fmt.Errorf("%q is not a port number", v)}
		}
		defaults.pairs = append(defaults.pairs, pair{s: byName["bind"], value: "0.0.0.0:" + v, origin: "PORT"})
	}

	var envLayer layer
	envLayer.source = "environment"
	for _, s := range table {
		if v, ok := env[s.Env()]; ok {
			envLayer.pairs = append(envLayer.pairs, pair{s: s, value: v, origin: s.Env()})
		}
	}
	var cmdArgs layer
	if v, ok := env["GOFRAME_CMD_ARGS"]; ok {
		words, err := splitShell(v)
		if err != nil {
			return nil, &SettingError{Source: "GOFRAME_CMD_ARGS", Err: err}
		}
		cmdArgs, err = parseFlags(table, words, "GOFRAME_CMD_ARGS")
		if err != nil {
			return nil, err
		}
	}
	flags, err := parseFlags(table, args, "flag")
	if err != nil {
		return nil, err
	}

	// The config file's path comes from the layers above it.
	path := ""
	for _, l := range []layer{envLayer, cmdArgs, flags} {
		for _, p := range l.pairs {
			if p.s.Name == "config" {
				path = p.value
			}
		}
	}
	var file layer
	if path != "" {
		file, err = readConfigFile(path, byName)
		if err != nil {
			return nil, err
		}
	}
	for _, l := range []layer{defaults, file, envLayer, cmdArgs, flags} {
		if err := l.apply(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (l layer) apply(c *Config) error {
	listReset := map[string]bool{}
	for _, p := range l.pairs {
		if p.s.Kind == KindList && !listReset[p.s.Name] {
			// A layer that gives a list replaces the lower layers' list.
			listReset[p.s.Name] = true
			p.s.reset(c)
		}
		if err := p.s.set(c, p.value); err != nil {
			src := l.source
			if p.origin != "" {
				src = p.origin
			}
			return &SettingError{Setting: p.s.Name, Source: src, Err: err}
		}
	}
	return nil
}

// parseFlags reads command-line style arguments into a layer.
func parseFlags(table []*Setting, args []string, source string) (layer, error) {
	l := layer{source: source}
	fs := flag.NewFlagSet("goframe", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	for _, s := range table {
		s := s
		add := func(name string) {
			origin := "--" + name
			if len(name) == 1 {
				origin = "-" + name
			}
			if source != "flag" {
				origin = source + " " + origin
			}
			record := func(v string) error {
				l.pairs = append(l.pairs, pair{s: s, value: v, origin: origin})
				// Check at once so that flag's error names the flag.
				return s.set(&Config{}, v)
			}
			if s.Kind == KindBool {
				fs.BoolFunc(name, s.Help, record)
			} else {
				fs.Func(name, s.Help, record)
			}
		}
		add(s.Flag)
		if s.Short != "" {
			add(s.Short)
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return l, ErrHelp
		}
		long := map[string]string{}
		for _, s := range table {
			if s.Short != "" {
				long[s.Short] = s.Flag
			}
		}
		return l, &SettingError{Source: source, Err: cleanFlagError(err, long)}
	}
	if fs.NArg() > 0 {
		return l, &SettingError{Source: source, Err: fmt.Errorf("unexpected argument %q (settings are flags such as --workers 4)", fs.Arg(0))}
	}
	return l, nil
}

// ErrHelp is returned by LoadConfig when the arguments ask for help.
var ErrHelp = errors.New("gateway: help requested")

// cleanFlagError rewrites the flag package's "invalid value "x" for flag
// -workers: ..." into "--workers: ...", keeping one line.
func cleanFlagError(err error, long map[string]string) error {
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		if _, after, ok := strings.Cut(rest, " for flag -"); ok {
			if name, why, ok := strings.Cut(after, ": "); ok {
				name = strings.TrimPrefix(name, "-")
				if l, ok := long[name]; ok {
					return fmt.Errorf("--%s (-%s): %s", l, name, why)
				}
				return fmt.Errorf("--%s: %s", name, why)
			}
		}
	}
	if rest, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return fmt.Errorf("unknown flag --%s", strings.TrimPrefix(rest, "-"))
	}
	return err
}

// readConfigFile reads a TOML config file whose keys are setting names.
func readConfigFile(path string, byName map[string]*Setting) (layer, error) {
	l := layer{source: "config file " + path}
	data, err := os.ReadFile(path)
	if err != nil {
		return l, &SettingError{Setting: "config", Source: "config file", Err: err}
	}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		return l, &SettingError{Source: l.source, Err: oneLine(err)}
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s, ok := byName[k]
		if !ok || s.CLIOnly {
			return l, &SettingError{Source: l.source, Err: fmt.Errorf("unknown setting %q%s", k, suggest(k, byName))}
		}
		values, err := tomlValues(s, raw[k])
		if err != nil {
			return l, &SettingError{Setting: s.Name, Source: l.source, Err: err}
		}
		for _, v := range values {
			l.pairs = append(l.pairs, pair{s: s, value: v})
		}
	}
	return l, nil
}

func tomlValues(s *Setting, v any) ([]string, error) {
	if list, ok := v.([]any); ok {
		if s.Kind != KindList {
			return nil, fmt.Errorf("a list is not allowed here; give one %s", s.Kind)
		}
		var out []string
		for _, e := range list {
			str, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("list element %v is not a string", e)
			}
			out = append(out, str)
		}
		return out, nil
	}
	switch x := v.(type) {
	case string:
		return []string{x}, nil
	case int64:
		if s.Kind == KindOctal {
			return []string{strconv.FormatInt(x, 8)}, nil
		}
		return []string{strconv.FormatInt(x, 10)}, nil
	case float64:
		return []string{strconv.FormatFloat(x, 'f', -1, 64)}, nil
	case bool:
		return []string{strconv.FormatBool(x)}, nil
	}
	return nil, fmt.Errorf("value of TOML type %T is not a %s", v, s.Kind)
}

func suggest(k string, byName map[string]*Setting) string {
	norm := strings.ReplaceAll(k, "-", "_")
	if _, ok := byName[norm]; ok && norm != k {
		return fmt.Sprintf(" (did you mean %q?)", norm)
	}
	for name, s := range byName {
		if s.Flag == k || strings.ReplaceAll(s.Flag, "-", "_") == norm {
			return fmt.Sprintf(" (did you mean %q?)", name)
		}
	}
	return ""
}

func oneLine(err error) error {
	return errors.New(strings.Join(strings.Fields(err.Error()), " "))
}

// splitShell splits GOFRAME_CMD_ARGS into words as a POSIX shell would
// (single and double quotes, backslash escapes), like Gunicorn's shlex.split.
func splitShell(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '\\':
			if i+1 >= len(s) {
				return nil, errors.New("trailing backslash")
			}
			i++
			cur.WriteByte(s[i])
			inWord = true
		case ch == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("unterminated single quote")
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case ch == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\\"$`", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, errors.New("unterminated double quote")
			}
			inWord = true
		case ch == ' ' || ch == '\t' || ch == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteByte(ch)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// WriteTOML writes the configuration as a config file (for --print-config):
// every setting that has a config-file key, in the table's order.
func (c *Config) WriteTOML(w io.Writer) error {
	var b strings.Builder
	section := ""
	for _, s := range Settings() {
		if s.CLIOnly {
			continue
		}
		if s.Section != section {
			section = s.Section
			fmt.Fprintf(&b, "\n# %s\n", section)
		}
		v := s.get(c)
		switch s.Kind {
		case KindInt, KindBool:
			fmt.Fprintf(&b, "%s = %s\n", s.Name, v)
		case KindDuration:
			fmt.Fprintf(&b, "%s = %s\n", s.Name, v)
		case KindList:
			var quoted []string
			if v != "" {
				for _, x := range strings.Split(v, ",") {
					quoted = append(quoted, tomlString(x))
				}
			}
			fmt.Fprintf(&b, "%s = [%s]\n", s.Name, strings.Join(quoted, ", "))
		default:
			fmt.Fprintf(&b, "%s = %s\n", s.Name, tomlString(v))
		}
	}
	_, err := io.WriteString(w, strings.TrimPrefix(b.String(), "\n"))
	return err
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
