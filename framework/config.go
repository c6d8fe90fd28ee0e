package framework

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strconv"
	"strings"

	"github.com/goframe/goframe/orm"
)

// Config is an application's configuration, as Django's settings: set in
// code, and overridden by the environment (12-factor) for what differs
// between machines. FromEnv reads the environment; Validate refuses what
// cannot run.
type Config struct {
	// Debug turns on development behaviour: the debug error page,
	// template reloading, relaxed host checks (DEBUG).
	Debug bool
	// SecretKey signs sessions, CSRF tokens and other values; required
	// unless Debug (SECRET_KEY).
	SecretKey string
	// SecretKeyFallbacks are earlier secret keys still accepted when
	// checking signatures, for rotation (SECRET_KEY_FALLBACKS).
	SecretKeyFallbacks []string
	// AllowedHosts are the Host values served; others get 400. A leading
	// dot matches a domain and its subdomains, "*" matches any
	// (ALLOWED_HOSTS). With Debug and none set, localhost is allowed.
	AllowedHosts []string
	// DatabaseURL is the database (DATABASE_URL; default
	// sqlite:///db.sqlite3).
	DatabaseURL string
	// TemplateDirs are the template directories (TEMPLATE_DIRS; default
	// templates).
	TemplateDirs []string
	// StaticURL prefixes static files' URLs (STATIC_URL; default
	// /static/). StaticDir is where they are (STATIC_DIR; default static);
	// StaticRoot where collectstatic copies them for nginx (STATIC_ROOT).
	StaticURL, StaticDir, StaticRoot string
	// CSRFTrustedOrigins are origins ("https://example.com",
	// "https://*.example.com") trusted for unsafe requests besides the
	// request's own host (CSRF_TRUSTED_ORIGINS).
	CSRFTrustedOrigins []string

	// The settings below are set in code only.

	// Logger receives the App's logs (default: text on stderr).
	Logger *slog.Logger
	// TemplatesFS, when set, holds the templates instead of TemplateDirs
	// (an embed.FS, for a one-binary deployment).
	TemplatesFS fs.FS
	// StaticFS, when set, holds the static files instead of StaticDir.
	StaticFS fs.FS
	// Models are the project's models, for makemigrations.
	Models *orm.Registry
	// Migrations holds the migration files (an embed.FS of
	// MigrationsDir, or os.DirFS); MigrationsDir is where makemigrations
	// writes them (default migrations).
	Migrations    fs.FS
	MigrationsDir string
	// SessionStore keeps sessions (default: a signed-cookie store keyed
	// by SecretKey and SecretKeyFallbacks).
	SessionStore SessionStore
	// Session configures the session cookie.
	Session SessionOptions
	// MessageLevel is the lowest level of messages recorded
	// (MESSAGE_LEVEL; default DefaultMessageLevel, INFO).
	MessageLevel MessageLevel
	// Security configures the security headers.
	Security SecurityOptions
	// NoAppendSlash turns off Django's APPEND_SLASH redirect.
	NoAppendSlash bool
	// NoRequestLog turns off the App's request log (the gateway writes
	// an access log of its own).
	NoRequestLog bool
}

// Environment variables FromEnv reads, with Django's setting names.
const (
	EnvDebug              = "DEBUG"
	EnvSecretKey          = "SECRET_KEY"
	EnvSecretKeyFallbacks = "SECRET_KEY_FALLBACKS"
	EnvAllowedHosts       = "ALLOWED_HOSTS"
	EnvDatabaseURL        = "DATABASE_URL"
	EnvTemplateDirs       = "TEMPLATE_DIRS"
	EnvStaticURL          = "STATIC_URL"
	EnvStaticDir          = "STATIC_DIR"
	EnvStaticRoot         = "STATIC_ROOT"
	EnvCSRFTrustedOrigins = "CSRF_TRUSTED_ORIGINS"
)

// FromEnv returns c with the settings the environment sets (getenv is
// os.Getenv in a program) and the defaults of what is still unset. Lists
// are comma-separated. A value that does not parse is an error naming the
// variable.
func (c Config) FromEnv(getenv func(string) string) (Config, error) {
	if v := getenv(EnvDebug); v != "" {
		b, err := parseBool(v)
		if err != nil {
			return c, fmt.Errorf("%s=%q: %w", EnvDebug, v, err)
		}
		c.Debug = b
	}
	str := func(dst *string, name string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	list := func(dst *[]string, name string) {
		if v := getenv(name); v != "" {
			*dst = splitList(v)
		}
	}
	str(&c.SecretKey, EnvSecretKey)
	list(&c.SecretKeyFallbacks, EnvSecretKeyFallbacks)
	list(&c.AllowedHosts, EnvAllowedHosts)
	str(&c.DatabaseURL, EnvDatabaseURL)
	list(&c.TemplateDirs, EnvTemplateDirs)
	str(&c.StaticURL, EnvStaticURL)
	str(&c.StaticDir, EnvStaticDir)
	str(&c.StaticRoot, EnvStaticRoot)
	list(&c.CSRFTrustedOrigins, EnvCSRFTrustedOrigins)
	return c.withDefaults(), nil
}

func (c Config) withDefaults() Config {
	if c.DatabaseURL == "" {
		c.DatabaseURL = "sqlite:///db.sqlite3"
	}
	if len(c.TemplateDirs) == 0 {
		c.TemplateDirs = []string{"templates"}
	}
	if c.StaticURL == "" {
		c.StaticURL = "/static/"
	}
	if c.StaticDir == "" {
		c.StaticDir = "static"
	}
	if c.MigrationsDir == "" {
		c.MigrationsDir = "migrations"
	}
	if c.Debug && len(c.AllowedHosts) == 0 {
		// Django's default with DEBUG and an empty ALLOWED_HOSTS.
		c.AllowedHosts = []string{".localhost", "127.0.0.1", "[::1]"}
	}
	return c
}

// Validate reports, in one error naming each setting, what keeps the
// configuration from running: no SECRET_KEY outside Debug, no
// ALLOWED_HOSTS outside Debug, a STATIC_URL that is not a /path/, a
// CSRF_TRUSTED_ORIGINS entry that is not scheme://host[:port].
func (c Config) Validate() error {
	var errs []error
	if !c.Debug && c.SecretKey == "" {
		errs = append(errs, fmt.Errorf("%s is not set: set it in the environment (a long random string, kept secret) or turn %s on for development", EnvSecretKey, EnvDebug))
	}
	if c.SecretKey != "" && len(c.SecretKey) < 32 && !c.Debug {
		errs = append(errs, fmt.Errorf("%s is %d characters: use at least 32 random ones", EnvSecretKey, len(c.SecretKey)))
	}
	if !c.Debug && len(c.AllowedHosts) == 0 {
		errs = append(errs, fmt.Errorf("%s is not set: list the host names this site answers to (e.g. example.com,.example.com) or turn %s on for development", EnvAllowedHosts, EnvDebug))
	}
	for _, h := range c.AllowedHosts {
		if h == "" || strings.ContainsAny(h, " /") {
			errs = append(errs, fmt.Errorf("%s: %q is not a host name", EnvAllowedHosts, h))
		}
	}
	if c.StaticURL != "" && !(strings.HasSuffix(c.StaticURL, "/") && (strings.HasPrefix(c.StaticURL, "/") || strings.Contains(c.StaticURL, "://"))) {
		errs = append(errs, fmt.Errorf("%s=%q must be a path or URL ending in / (e.g. /static/)", EnvStaticURL, c.StaticURL))
	}
	if err := validateTrustedOrigins(c.CSRFTrustedOrigins); err != nil {
		errs = append(errs, err)
	}
	if err := c.Session.validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// parseBool reads the boolean spellings environments use.
func parseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "yes", "on":
		return true, nil
	case "0", "false", "no", "off":
		return false, nil
	}
	if b, err := strconv.ParseBool(strings.TrimSpace(s)); err == nil {
		return b, nil // t, F, TRUE...
	}
	return false, errors.New("want true or false (1/0, yes/no, on/off)")
}

// splitList splits a comma-separated list, trimming spaces and dropping
// empty items.
func splitList(s string) []string {
	var out []string
	for part := range strings.SplitSeq(s, ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}
