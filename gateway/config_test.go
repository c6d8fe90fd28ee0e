package gateway

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadConfig_Defaults(t *testing.T) {
	c, err := LoadConfig(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Bind: []string{"127.0.0.1:8000"}, Backlog: 2048, Protocol: "http", Engine: "goframe", Workers: 1, WorkerConnections: 1000,
		Timeout: 30 * time.Second, HeaderTimeout: 10 * time.Second, GracefulTimeout: 30 * time.Second, KeepAlive: 2 * time.Second,
		LimitRequestLine: 4094, LimitRequestFields: 100, LimitRequestFieldSize: 8190,
		ForwardedAllowIPs: "127.0.0.1,::1", ProxyAllowIPs: "127.0.0.1,::1",
		AccessLogFormat: DefaultAccessLogFormat, ErrorLog: "-", LogLevel: "info",
	}
	if got := *c; !equalConfig(got, want) {
		t.Errorf("defaults:\n got %+v\nwant %+v", got, want)
	}
}

func equalConfig(a, b Config) bool {
	var x, y bytes.Buffer
	a.WriteTOML(&x)
	b.WriteTOML(&y)
	return x.String() == y.String()
}

func TestLoadConfig_Precedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "gf.toml")
	os.WriteFile(file, []byte("workers = 3\nthreads = 4\nkeepalive = 5\nbind = [\"unix:/tmp/a.sock\", \"127.0.0.1:9000\"]\numask = 0o22\nmax_requests = 10\n"), 0o644)

	tests := []struct {
		name string
		args []string
		env  []string
		want func(c *Config) string // returns "" if OK, else what is wrong
	}{
		{"file over defaults", []string{"--config", file}, nil, func(c *Config) string {
			if c.Workers != 3 || c.Threads != 4 || c.KeepAlive != 5*time.Second || c.Umask != 0o22 || len(c.Bind) != 2 {
				return "file values not applied"
			}
			return ""
		}},
		{"env over file", []string{"--config", file}, []string{"GOFRAME_WORKERS=5"}, func(c *Config) string {
			if c.Workers != 5 || c.Threads != 4 {
				return "GOFRAME_WORKERS did not override the file"
			}
			return ""
		}},
		{"cmd args over env", []string{"--config", file}, []string{"GOFRAME_WORKERS=5", "GOFRAME_CMD_ARGS=--workers 6 --threads '7'"}, func(c *Config) string {
			if c.Workers != 6 || c.Threads != 7 {
				return "GOFRAME_CMD_ARGS did not override"
			}
			return ""
		}},
		{"flags over all", []string{"--config", file, "-w", "8", "--bind", "0.0.0.0:1"}, []string{"GOFRAME_CMD_ARGS=--workers 6"}, func(c *Config) string {
			if c.Workers != 8 || len(c.Bind) != 1 || c.Bind[0] != "0.0.0.0:1" {
				return "flags did not win"
			}
			return ""
		}},
		{"config path from env", nil, []string{"GOFRAME_CONFIG=" + file}, func(c *Config) string {
			if c.Workers != 3 {
				return "GOFRAME_CONFIG not read"
			}
			return ""
		}},
		{"repeated bind", []string{"-b", "127.0.0.1:1", "--bind", "unix:/tmp/x.sock", "-b=[::1]:3"}, nil, func(c *Config) string {
			if strings.Join(c.Bind, " ") != "127.0.0.1:1 unix:/tmp/x.sock [::1]:3" {
				return "binds: " + strings.Join(c.Bind, " ")
			}
			return ""
		}},
		{"PORT and WEB_CONCURRENCY", nil, []string{"PORT=5000", "WEB_CONCURRENCY=7"}, func(c *Config) string {
			if c.Workers != 7 || strings.Join(c.Bind, ",") != "0.0.0.0:5000" {
				return "PORT/WEB_CONCURRENCY not honoured"
			}
			return ""
		}},
		{"flags over PORT", []string{"-b", "127.0.0.1:1", "-w", "2"}, []string{"PORT=5000", "WEB_CONCURRENCY=7"}, func(c *Config) string {
			if c.Workers != 2 || c.Bind[0] != "127.0.0.1:1" {
				return "flags must override PORT and WEB_CONCURRENCY"
			}
			return ""
		}},
		{"durations", []string{"--keep-alive", "0.5", "--graceful-timeout", "1m", "-t", "0"}, nil, func(c *Config) string {
			if c.KeepAlive != 500*time.Millisecond || c.GracefulTimeout != time.Minute || c.Timeout != 0 {
				return "durations wrong"
			}
			return ""
		}},
		{"bool flags", []string{"--reuse-port", "--proxy-protocol=false"}, []string{"GOFRAME_PROXY_PROTOCOL=true"}, func(c *Config) string {
			if !c.ReusePort || c.ProxyProtocol {
				return "bools wrong"
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := LoadConfig(tt.args, tt.env)
			if err != nil {
				t.Fatal(err)
			}
			if msg := tt.want(c); msg != "" {
				t.Errorf("%s: %+v", msg, c)
			}
		})
	}
}

func TestLoadConfig_Errors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("wrokers = 3\n"), 0o644)
	badType := filepath.Join(dir, "type.toml")
	os.WriteFile(badType, []byte("workers = \"many\"\n"), 0o644)
	syntax := filepath.Join(dir, "syntax.toml")
	os.WriteFile(syntax, []byte("workers = = 3\n"), 0o644)
	dash := filepath.Join(dir, "dash.toml")
	os.WriteFile(dash, []byte("max-requests = 3\n"), 0o644)

	tests := []struct {
		name string
		args []string
		env  []string
		want []string // substrings of the one-line error
	}{
		{"not an int", []string{"--workers", "abc"}, nil, []string{"--workers", `"abc" is not an integer`}},
		{"negative", []string{"--threads", "-1"}, nil, []string{"--threads", "out of range"}},
		{"line limit max", []string{"--limit-request-line", "9000"}, nil, []string{"--limit-request-line", "out of range"}},
		{"bad duration", []string{"--keep-alive", "soon"}, nil, []string{"--keep-alive", `"soon"`}},
		{"bad env", nil, []string{"GOFRAME_BACKLOG=lots"}, []string{"backlog", "GOFRAME_BACKLOG", `"lots"`}},
		{"bad WEB_CONCURRENCY", nil, []string{"WEB_CONCURRENCY=x"}, []string{"workers", "WEB_CONCURRENCY"}},
		{"bad PORT", nil, []string{"PORT=http"}, []string{"bind", "PORT"}},
		{"unknown flag", []string{"--wrokers", "2"}, nil, []string{"unknown flag --wrokers"}},
		{"unknown key", []string{"-c", bad}, nil, []string{"bad.toml", `unknown setting "wrokers"`}},
		{"dash key", []string{"-c", dash}, nil, []string{`did you mean "max_requests"`}},
		{"type in file", []string{"-c", badType}, nil, []string{"workers", "type.toml", `"many"`}},
		{"toml syntax", []string{"-c", syntax}, nil, []string{"syntax.toml"}},
		{"missing file", []string{"-c", filepath.Join(dir, "nope.toml")}, nil, []string{"config", "nope.toml"}},
		{"bad bind", []string{"-b", "localhost:http"}, nil, []string{"--bind", "port"}},
		{"bad protocol", []string{"--protocol", "spdy"}, nil, []string{"--protocol", "spdy"}},
		{"bad level", []string{"--log-level", "loud"}, nil, []string{"--log-level", "loud"}},
		{"bad umask", []string{"--umask", "999"}, nil, []string{"--umask"}},
		{"stray argument", []string{"-w", "2", "app:main"}, nil, []string{"unexpected argument", "app:main"}},
		{"bad cmd args quoting", nil, []string{"GOFRAME_CMD_ARGS=--bind 'x"}, []string{"GOFRAME_CMD_ARGS", "quote"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadConfig(tt.args, tt.env)
			if err == nil {
				t.Fatal("no error")
			}
			var se *SettingError
			if !errors.As(err, &se) {
				t.Errorf("error %T is not a *SettingError", err)
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("error is not one line: %q", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not mention %q", msg, w)
				}
			}
		})
	}
}

func TestConfig_Validate(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"cert without key", []string{"--certfile", "/etc/hostname"}, "--keyfile"},
		{"missing cert", []string{"--certfile", "/nonexistent.pem", "--keyfile", "/nonexistent.key"}, "nonexistent.pem"},
		{"bad allow ips", []string{"--forwarded-allow-ips", "10.0.0.300"}, "10.0.0.300"},
		{"bad format", []string{"--access-logformat", "%(h"}, "access_log_format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := LoadConfig(tt.args, nil)
			if err == nil {
				err = c.Validate()
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func TestConfig_WriteTOMLRoundTrip(t *testing.T) {
	c, err := LoadConfig([]string{"-w", "3", "-b", "unix:/tmp/x y.sock", "-b", "[::1]:8001", "--access-logformat", `%(h)s "%(r)s"`, "--umask", "0o27", "--keep-alive", "1.5"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := c.WriteTOML(&buf); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "printed.toml")
	os.WriteFile(file, buf.Bytes(), 0o644)
	c2, err := LoadConfig([]string{"--config", file}, nil)
	if err != nil {
		t.Fatalf("printed config does not load: %v\n%s", err, buf.String())
	}
	c2.ConfigFile = ""
	if !equalConfig(*c, *c2) {
		t.Errorf("round trip differs:\n%s", buf.String())
	}
}

func TestSplitShell(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"-w 4", []string{"-w", "4"}},
		{`--bind "unix:/tmp/a b.sock"  --x='y z'`, []string{"--bind", "unix:/tmp/a b.sock", "--x=y z"}},
		{`a\ b "c\"d"`, []string{"a b", `c"d`}},
	}
	for _, tt := range tests {
		got, err := splitShell(tt.in)
		if err != nil || strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("splitShell(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestParseBind(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{in: "127.0.0.1:8000", want: "127.0.0.1:8000"},
		{in: "[::1]:8000", want: "[::1]:8000"},
		{in: "0.0.0.0", want: "0.0.0.0:8000"},
		{in: "tcp://localhost:81", want: "localhost:81"},
		{in: "unix:/run/app.sock", want: "unix:/run/app.sock"},
		{in: "unix:///run/app.sock", want: "unix:/run/app.sock"},
		{in: "fd://3", want: "fd://3"},
		{in: "fd://x", bad: true},
		{in: "unix:", bad: true},
		{in: "host:99999", bad: true},
		{in: ":::1:80", bad: true},
	}
	for _, tt := range tests {
		b, err := ParseBind(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("ParseBind(%q) = %v, want an error", tt.in, b)
			}
			continue
		}
		if err != nil || b.String() != tt.want {
			t.Errorf("ParseBind(%q) = %q, %v; want %q", tt.in, b, err, tt.want)
		}
	}
}

// TestSettingsReference fails when docs/settings.md is not what the settings
// table generates: run `make docs`.
func TestSettingsReference(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSettingsReference(&buf); err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile("../docs/settings.md")
	if err != nil {
		t.Fatalf("docs/settings.md: %v (run make docs)", err)
	}
	if !bytes.Equal(have, buf.Bytes()) {
		t.Error("docs/settings.md differs from the settings table: run `make docs` and commit it")
	}
	for _, s := range Settings() {
		if !strings.Contains(buf.String(), "--"+s.Flag) || !strings.Contains(buf.String(), s.Env()) {
			t.Errorf("reference lacks %s", s.Name)
		}
	}
}
