package cli

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"

	"github.com/goframe/goframe/gateway"
)

// serveBanner is what goframe serve says as it starts.
type serveBanner struct {
	Name        string          // the project's binary
	Dir         string          // where it runs
	Config      *gateway.Config // the server's settings, as the app will resolve them
	Debug       string          // DEBUG's value
	DatabaseURL string          // DATABASE_URL's value, "" if unset
	Reload      bool
}

// String is the banner: the URL first, then the mode and the main
// settings, one per line.
func (b serveBanner) String() string {
	var s strings.Builder
	fmt.Fprintf(&s, "goframe serve: %s at %s\n", b.Name, strings.Join(serveURLs(b.Config), ", "))
	mode := "development (DEBUG=" + b.Debug + ")"
	if !serveTruthy(b.Debug) {
		mode = "production settings (DEBUG=" + b.Debug + ")"
	}
	if b.Reload {
		mode += ", reloading on change"
	} else {
		mode += ", no reloading"
	}
	fmt.Fprintf(&s, "  mode      %s\n", mode)
	workers := fmt.Sprint(b.Config.Workers)
	if b.Config.Workers == 0 {
		workers = "0 (one process, no master)"
	}
	fmt.Fprintf(&s, "  workers   %s\n", workers)
	db := "DATABASE_URL is unset: the app's own, sqlite:///db.sqlite3 by default"
	if b.DatabaseURL != "" {
		db = serveMaskURL(b.DatabaseURL)
	}
	fmt.Fprintf(&s, "  database  %s\n", db)
	fmt.Fprintf(&s, "  folder    %s\n", b.Dir)
	if b.Reload {
		s.WriteString("  Go changes rebuild and restart; templates and static files are read fresh. Ctrl-C stops.\n")
	} else {
		s.WriteString("  Ctrl-C stops.\n")
	}
	return s.String()
}

// serveURLs says where the server listens, as URLs when it speaks HTTP.
func serveURLs(cfg *gateway.Config) []string {
	scheme := "http"
	if cfg.CertFile != "" {
		scheme = "https"
	}
	var out []string
	for _, b := range cfg.Bind {
		if strings.HasPrefix(b, "unix:") || strings.HasPrefix(b, "fd://") {
			out = append(out, b)
			continue
		}
		host, port, err := net.SplitHostPort(b)
		if err != nil {
			out = append(out, b)
			continue
		}
		if cfg.Protocol != "" && cfg.Protocol != "http" {
			out = append(out, cfg.Protocol+" "+b)
			continue
		}
		note := ""
		switch host {
		case "", "0.0.0.0":
			host, note = "127.0.0.1", " (all interfaces)"
		case "::":
			host, note = "::1", " (all interfaces)"
		}
		if port == "0" {
			out = append(out, fmt.Sprintf("%s (a free port: the server's log names it)", net.JoinHostPort(host, port)))
			continue
		}
		out = append(out, fmt.Sprintf("%s://%s/%s", scheme, net.JoinHostPort(host, port), note))
	}
	return out
}

// serveKeywordPassword is a password in a keyword/value DSN
// ("host=db password=secret").
var serveKeywordPassword = regexp.MustCompile(`(?i)(password\s*=\s*)('[^']*'|\S+)`)

// serveMaskURL hides a database URL's password.
func serveMaskURL(s string) string {
	if strings.Contains(s, "://") {
		if u, err := url.Parse(s); err == nil {
			return u.Redacted()
		}
		// Unparsable: hide what sits between user: and @.
		if i, j := strings.Index(s, "://"), strings.LastIndex(s, "@"); i >= 0 && j > i {
			if k := strings.Index(s[i+3:j], ":"); k >= 0 {
				return s[:i+3+k+1] + "xxxxx" + s[j:]
			}
		}
		return s
	}
	return serveKeywordPassword.ReplaceAllString(s, "${1}xxxxx")
}

// serveTruthy reads a boolean environment value as the framework does
// (1/true/yes/on).
func serveTruthy(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "t", "true", "yes", "on", "y":
		return true
	}
	return false
}
