package gateway

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Kind is the type of a setting's value, which decides how its text is
// parsed from flags, environment variables and the config file.
type Kind int

// The kinds of settings.
const (
	KindString   Kind = iota // free text
	KindInt                  // a decimal integer
	KindBool                 // true/false (a flag without a value means true)
	KindDuration             // seconds as a number ("30", "0.5") or a Go duration ("500ms")
	KindList                 // repeatable; each occurrence adds one value
	KindOctal                // an octal number such as 0o22 or 022 (umask)
)

// String names the kind as the settings reference shows it.
func (k Kind) String() string {
	switch k {
	case KindInt:
		return "int"
	case KindBool:
		return "bool"
	case KindDuration:
		return "seconds"
	case KindList:
		return "list"
	case KindOctal:
		return "octal"
	default:
		return "string"
	}
}

// Setting is one gateway setting, declared once: its record produces the
// command-line flag, the GOFRAME_* environment variable, the config-file key
// and its row in docs/settings.md, as Gunicorn's settings table does.
type Setting struct {
	// Name is the config-file key and, upper-cased behind GOFRAME_, the
	// environment variable. It is Gunicorn's setting name.
	Name string
	// Flag is the long command-line flag without its dashes.
	Flag string
	// Short is the one-letter flag, if any.
	Short string
	// Section groups settings in the reference, as Gunicorn's sections do.
	Section string
	// Kind is the value's type.
	Kind Kind
	// Default is the built-in default, as text.
	Default string
	// Help says what the setting does, in one or more sentences.
	Help string
	// CLIOnly marks actions (print-config, check-config) and config that
	// have no config-file key.
	CLIOnly bool

	set   func(c *Config, v string) error
	get   func(c *Config) string
	reset func(c *Config) // for lists: empty the list
}

// Env is the setting's environment variable, e.g. GOFRAME_WORKERS.
func (s *Setting) Env() string { return "GOFRAME_" + strings.ToUpper(s.Name) }

// The sections of the settings reference, in order.
const (
	SectionConfig    = "Config file"
	SectionSocket    = "Server socket"
	SectionWorkers   = "Worker processes"
	SectionSecurity  = "Security"
	SectionTimeouts  = "Timeouts"
	SectionProxy     = "Proxies"
	SectionLogging   = "Logging"
	SectionMechanics = "Server mechanics"
	SectionSSL       = "SSL"
)

// Defaults as named constants, in the manner of net/http's.
const (
	DefaultBind                  = "127.0.0.1:8000"
	DefaultWorkers               = 1
	DefaultWorkerConnections     = 1000
	DefaultBacklog               = 2048
	DefaultTimeout               = 30 * time.Second
	DefaultGracefulTimeout       = 30 * time.Second
	DefaultHeaderTimeout         = 10 * time.Second
	DefaultKeepAlive             = 2 * time.Second
	DefaultLimitRequestLine      = 4094
	DefaultLimitRequestFields    = 100
	DefaultLimitRequestFieldSize = 8190
	DefaultForwardedAllowIPs     = "127.0.0.1,::1"
	DefaultAccessLogFormat       = `%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"`
)

// Settings returns the table of every gateway setting, in reference order.
// The table is built anew on each call; callers may not share or mutate it.
func Settings() []*Setting {
	return []*Setting{
		{Name: "config", Flag: "config", Short: "c", Section: SectionConfig, Kind: KindString, CLIOnly: true,
			Help: "Path of a TOML config file whose keys are the setting names of this table. Values from the file override the defaults; GOFRAME_* variables and flags override the file.",
			set:  func(c *Config, v string) error { c.ConfigFile = v; return nil },
			get:  func(c *Config) string { return c.ConfigFile }},
		{Name: "print_config", Flag: "print-config", Section: SectionConfig, Kind: KindBool, Default: "false", CLIOnly: true,
			Help: "Print the resolved configuration, as a config file, and exit.",
			set:  boolSetter(func(c *Config) *bool { return &c.PrintConfig }),
			get:  func(c *Config) string { return strconv.FormatBool(c.PrintConfig) }},
		{Name: "check_config", Flag: "check-config", Section: SectionConfig, Kind: KindBool, Default: "false", CLIOnly: true,
			Help: "Check the configuration (every value, the binds' syntax, the certificate files) and exit: status 0 when it is valid, 2 otherwise.",
			set:  boolSetter(func(c *Config) *bool { return &c.CheckConfig }),
			get:  func(c *Config) string { return strconv.FormatBool(c.CheckConfig) }},

		{Name: "bind", Flag: "bind", Short: "b", Section: SectionSocket, Kind: KindList, Default: DefaultBind,
			Help: "The socket to bind: HOST:PORT (`[::1]:8000` for IPv6), `unix:PATH`, or `fd://N` for an inherited descriptor. Repeat it to bind several. With no bind set, `PORT` in the environment gives `0.0.0.0:$PORT`, as in Gunicorn. Descriptors passed by systemd socket activation (LISTEN_FDS) are used when present.",
			set: func(c *Config, v string) error {
				if strings.TrimSpace(v) == "" {
					return fmt.Errorf("empty address")
				}
				for _, b := range strings.Split(v, ",") {
					b = strings.TrimSpace(b)
					if _, err := ParseBind(b); err != nil {
						return err
					}
					c.Bind = append(c.Bind, b)
				}
				return nil
			},
			get:   func(c *Config) string { return strings.Join(c.Bind, ",") },
			reset: func(c *Config) { c.Bind = nil }},
		intSetting("backlog", "backlog", "", SectionSocket, DefaultBacklog, 1, math.MaxInt32,
			"The maximum number of pending connections: the listen(2) backlog of every bound socket (the kernel caps it at net.core.somaxconn). Connections past --worker-connections wait here, neither accepted nor refused.",
			func(c *Config) *int { return &c.Backlog }),
		boolSetting("reuse_port", "reuse-port", SectionSocket,
			"Set SO_REUSEPORT on listening sockets, so several servers can bind the same port.",
			func(c *Config) *bool { return &c.ReusePort }),
		{Name: "protocol", Flag: "protocol", Section: SectionSocket, Kind: KindString, Default: "http",
			Help: "The protocol spoken to clients: `http` (HTTP/1.1), `uwsgi` (for nginx's uwsgi_pass) or `fastcgi` (for nginx's fastcgi_pass).",
			set: func(c *Config, v string) error {
				switch v {
				case "http", "uwsgi", "fastcgi":
					c.Protocol = v
					return nil
				}
				return fmt.Errorf("%q is not one of http, uwsgi, fastcgi", v)
			},
			get: func(c *Config) string { return c.Protocol }},
		{Name: "engine", Flag: "engine", Section: SectionSocket, Kind: KindString, Default: "goframe",
			Help: "What serves `--protocol http` behind the head checker: `goframe`, the gateway's own HTTP/1.1 server, or `net/http`, Go's. Both give handlers the same http.Request and http.ResponseWriter behaviour.",
			set: func(c *Config, v string) error {
				switch v {
				case "goframe", "net/http":
					c.Engine = v
					return nil
				}
				return fmt.Errorf("%q is not one of goframe, net/http", v)
			},
			get: func(c *Config) string { return c.Engine }},

		intSetting("workers", "workers", "w", SectionWorkers, DefaultWorkers, 0, 4096,
			"The number of worker processes. `WEB_CONCURRENCY` in the environment sets the default, as in Gunicorn. 0 serves in the master process itself, without supervision (for development and tests).",
			func(c *Config) *int { return &c.Workers }),
		intSetting("threads", "threads", "", SectionWorkers, 0, 0, math.MaxInt32,
			"The most requests that run the handler at once in one worker; the rest wait their turn. 0 (the default) sets no bound beyond --worker-connections: a Go handler is a goroutine, not a thread of Gunicorn's sync worker.",
			func(c *Config) *int { return &c.Threads }),
		intSetting("worker_connections", "worker-connections", "", SectionWorkers, DefaultWorkerConnections, 1, math.MaxInt32,
			"The most simultaneous client connections one worker holds open. Past it the worker stops accepting: new connections wait in the kernel's backlog.",
			func(c *Config) *int { return &c.WorkerConnections }),
		intSetting("max_requests", "max-requests", "", SectionWorkers, 0, 0, math.MaxInt32,
			"The number of requests a worker serves before it is gracefully restarted; 0 disables restarts.",
			func(c *Config) *int { return &c.MaxRequests }),
		intSetting("max_worker_memory", "max-worker-memory", "", SectionWorkers, 0, 0, math.MaxInt32,
			"Recycle a worker, gracefully, once its resident memory passes this many MiB; 0 disables it. The worker also sets Go's soft memory limit to 85% of it (unless GOMEMLIMIT is set), so that the garbage collector keeps the heap below it rather than let it grow to twice what is live. (Gunicorn has no such setting; uWSGI's reload-on-rss does this.)",
			func(c *Config) *int { return &c.MaxWorkerMemory }),
		intSetting("max_requests_jitter", "max-requests-jitter", "", SectionWorkers, 0, 0, math.MaxInt32,
			"The most extra requests, drawn at random per worker, added to --max-requests, so workers do not all restart at once.",
			func(c *Config) *int { return &c.MaxRequestsJitter }),

		durationSetting("timeout", "timeout", "t", SectionTimeouts, DefaultTimeout,
			"Gunicorn's meaning: a worker that has not reported to the master for this long is killed and replaced (the worker heartbeat). It does not bound a request; --request-timeout does. 0 disables it.",
			func(c *Config) *time.Duration { return &c.Timeout }),
		durationSetting("request_timeout", "request-timeout", "", SectionTimeouts, 0,
			"The most time one request may take (no Gunicorn equivalent; uWSGI's harakiri). Past it the handler's context is cancelled and the client gets 503 Service Unavailable if nothing was sent yet. It also bounds reading the request head. 0 disables it.",
			func(c *Config) *time.Duration { return &c.RequestTimeout }),
		durationSetting("header_timeout", "header-timeout", "", SectionTimeouts, DefaultHeaderTimeout,
			"How long a client may take to send a whole request head (a guard against Slowloris clients that trickle it); the connection is then closed. Gunicorn has no such setting: its sync worker uses --timeout for every read.",
			func(c *Config) *time.Duration { return &c.HeaderTimeout }),
		durationSetting("graceful_timeout", "graceful-timeout", "", SectionTimeouts, DefaultGracefulTimeout,
			"After SIGTERM, how long in-flight requests may run before they are cut off.",
			func(c *Config) *time.Duration { return &c.GracefulTimeout }),
		durationSetting("keepalive", "keep-alive", "", SectionTimeouts, DefaultKeepAlive,
			"How long an idle keep-alive connection waits for its next request, and how long a client may take to send a request head. 0 disables keep-alive.",
			func(c *Config) *time.Duration { return &c.KeepAlive }),

		intSetting("limit_request_line", "limit-request-line", "", SectionSecurity, DefaultLimitRequestLine, 0, 8190,
			"The most bytes of the request line (method, target and version). A longer line is refused with 400. 0 means unlimited; at most 8190.",
			func(c *Config) *int { return &c.LimitRequestLine }),
		intSetting("limit_request_fields", "limit-request-fields", "", SectionSecurity, DefaultLimitRequestFields, 0, 32768,
			"The most header fields in one request; more are refused with 431. At most 32768.",
			func(c *Config) *int { return &c.LimitRequestFields }),
		intSetting("limit_request_field_size", "limit-request-field-size", "", SectionSecurity, DefaultLimitRequestFieldSize, 0, math.MaxInt32,
			"The most bytes of one header field line, counting its name, colon, value and CRLF as Gunicorn does; a longer one is refused with 431. 0 means the default.",
			func(c *Config) *int { return &c.LimitRequestFieldSize }),

		{Name: "forwarded_allow_ips", Flag: "forwarded-allow-ips", Section: SectionProxy, Kind: KindString, Default: DefaultForwardedAllowIPs,
			Help: "Peers trusted to set X-Forwarded-For, -Proto, -Host and Forwarded: a comma-separated list of addresses and CIDR networks, or `*` for every peer. Unix-socket peers are always trusted.",
			set:  func(c *Config, v string) error { c.ForwardedAllowIPs = strings.TrimSpace(v); return nil },
			get:  func(c *Config) string { return c.ForwardedAllowIPs }},
		boolSetting("proxy_protocol", "proxy-protocol", SectionProxy,
			"Accept the PROXY protocol (v1 or v2) header from a load balancer at the start of a connection, and take the client address from it. Only peers in --proxy-allow-from may send it; a connection without the header is served as it is.",
			func(c *Config) *bool { return &c.ProxyProtocol }),
		{Name: "proxy_allow_ips", Flag: "proxy-allow-from", Section: SectionProxy, Kind: KindString, Default: DefaultForwardedAllowIPs,
			Help: "Peers allowed to send a PROXY protocol header: a comma-separated list of addresses and CIDR networks, or `*`.",
			set:  func(c *Config, v string) error { c.ProxyAllowIPs = strings.TrimSpace(v); return nil },
			get:  func(c *Config) string { return c.ProxyAllowIPs }},

		stringSetting("accesslog", "access-logfile", "", SectionLogging, "",
			"Where the access log goes: a file path, or `-` for standard output. Empty disables it. Reopened on SIGUSR1.",
			func(c *Config) *string { return &c.AccessLog }),
		stringSetting("access_log_format", "access-logformat", "", SectionLogging, DefaultAccessLogFormat,
			"The access log line, in Gunicorn's atoms (`%(h)s`, `%(r)s`, `%({header}i)s`, ...), or `json` for one JSON object a line.",
			func(c *Config) *string { return &c.AccessLogFormat }),
		stringSetting("errorlog", "error-logfile", "", SectionLogging, "-",
			"Where the error log goes: a file path, or `-` for standard error. Reopened on SIGUSR1.",
			func(c *Config) *string { return &c.ErrorLog }),
		{Name: "loglevel", Flag: "log-level", Section: SectionLogging, Kind: KindString, Default: "info",
			Help: "The error log's level: debug, info, warning, error or critical.",
			set: func(c *Config, v string) error {
				if _, err := parseLevel(v); err != nil {
					return err
				}
				c.LogLevel = strings.ToLower(v)
				return nil
			},
			get: func(c *Config) string { return c.LogLevel }},

		boolSetting("reload", "reload", SectionMechanics,
			"Restart the workers gracefully when this program's binary or a --reload-extra-file changes (for development).",
			func(c *Config) *bool { return &c.Reload }),
		{Name: "reload_extra_files", Flag: "reload-extra-file", Section: SectionMechanics, Kind: KindList,
			Help:  "A file whose change restarts the workers under --reload, besides the binary. Repeat it for several.",
			set:   func(c *Config, v string) error { c.ReloadExtraFiles = append(c.ReloadExtraFiles, v); return nil },
			get:   func(c *Config) string { return strings.Join(c.ReloadExtraFiles, ",") },
			reset: func(c *Config) { c.ReloadExtraFiles = nil }},
		stringSetting("pidfile", "pid", "p", SectionMechanics, "",
			"A file to write the server's process ID to; removed at exit.",
			func(c *Config) *string { return &c.PIDFile }),
		{Name: "umask", Flag: "umask", Section: SectionMechanics, Kind: KindOctal, Default: "0",
			Help: "The umask of the server process, which sets the mode of unix sockets and files it creates (0o22 gives srwxr-xr-x sockets). Octal, as in Gunicorn.",
			set: func(c *Config, v string) error {
				n, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimPrefix(v, "0o"), "0O"), 8, 32)
				if err != nil || n < 0 || n > 0o777 {
					return fmt.Errorf("%q is not an octal umask between 0 and 0o777", v)
				}
				c.Umask = int(n)
				return nil
			},
			get: func(c *Config) string { return fmt.Sprintf("0o%o", c.Umask) }},

		stringSetting("certfile", "certfile", "", SectionSSL, "",
			"A PEM certificate file: with --keyfile, the server speaks HTTPS.",
			func(c *Config) *string { return &c.CertFile }),
		stringSetting("keyfile", "keyfile", "", SectionSSL, "",
			"The PEM private key of --certfile.",
			func(c *Config) *string { return &c.KeyFile }),
	}
}

func intSetting(name, flag, short, section string, def, lo, hi int, help string, field func(*Config) *int) *Setting {
	return &Setting{Name: name, Flag: flag, Short: short, Section: section, Kind: KindInt,
		Default: strconv.Itoa(def), Help: help,
		set: func(c *Config, v string) error {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				return fmt.Errorf("%q is not an integer", v)
			}
			if n < lo || n > hi {
				return fmt.Errorf("%d is out of range [%d, %d]", n, lo, hi)
			}
			*field(c) = n
			return nil
		},
		get: func(c *Config) string { return strconv.Itoa(*field(c)) }}
}

func boolSetter(field func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("%q is not a boolean (true or false)", v)
		}
		*field(c) = b
		return nil
	}
}

func boolSetting(name, flag, section, help string, field func(*Config) *bool) *Setting {
	return &Setting{Name: name, Flag: flag, Section: section, Kind: KindBool, Default: "false", Help: help,
		set: boolSetter(field),
		get: func(c *Config) string { return strconv.FormatBool(*field(c)) }}
}

func stringSetting(name, flag, short, section, def, help string, field func(*Config) *string) *Setting {
	return &Setting{Name: name, Flag: flag, Short: short, Section: section, Kind: KindString, Default: def, Help: help,
		set: func(c *Config, v string) error { *field(c) = v; return nil },
		get: func(c *Config) string { return *field(c) }}
}

func durationSetting(name, flag, short, section string, def time.Duration, help string, field func(*Config) *time.Duration) *Setting {
	return &Setting{Name: name, Flag: flag, Short: short, Section: section, Kind: KindDuration,
		Default: formatSeconds(def), Help: help,
		set: func(c *Config, v string) error {
			d, err := ParseSeconds(v)
			if err != nil {
				return err
			}
			*field(c) = d
			return nil
		},
		get: func(c *Config) string { return formatSeconds(*field(c)) }}
}

// ParseSeconds reads a duration as Gunicorn writes timeouts, a number of
// seconds ("30", "0.5"), or as a Go duration ("500ms", "1m30s").
// Negative durations are refused.
func ParseSeconds(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	var d time.Duration
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		if math.IsNaN(f) || math.IsInf(f, 0) || f > float64(math.MaxInt64/int64(time.Second)) {
			return 0, fmt.Errorf("%q is not a usable number of seconds", v)
		}
		d = time.Duration(f * float64(time.Second))
	} else if d, err = time.ParseDuration(v); err != nil {
		return 0, fmt.Errorf("%q is not a number of seconds nor a duration such as 500ms", v)
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative", v)
	}
	return d, nil
}

func formatSeconds(d time.Duration) string {
	if d%time.Second == 0 {
		return strconv.FormatInt(int64(d/time.Second), 10)
	}
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}
