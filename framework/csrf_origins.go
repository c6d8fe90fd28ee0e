package framework

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// originPattern is one trusted origin (Config.CSRFTrustedOrigins) or
// CORS allowed origin: a scheme and a host[:port], where a host written
// "*.example.com" matches example.com and every subdomain of it, as
// Django's CSRF_TRUSTED_ORIGINS does.
type originPattern struct {
	scheme string
	host   string // lower case, default port dropped; ".example.com" for a wildcard
}

// parseOriginPattern parses "https://example.com", "http://localhost:8000"
// or "https://*.example.com". Anything else — no scheme, a path, a
// wildcard not leading the host — is an error saying what is wrong.
func parseOriginPattern(s string) (originPattern, error) {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok || scheme == "" {
		return originPattern{}, fmt.Errorf("%q has no scheme: write it as https://%s", s, strings.TrimPrefix(s, "//"))
	}
	if rest == "" {
		return originPattern{}, fmt.Errorf("%q has no host", s)
	}
	if strings.ContainsAny(rest, "/?#@ ") {
		return originPattern{}, fmt.Errorf("%q is not an origin: write only scheme://host[:port], without a path", s)
	}
	scheme = strings.ToLower(scheme)
	host := strings.ToLower(rest)
	if strings.HasPrefix(host, "*.") {
		host = host[1:]
	} else if host == "*" {
		return originPattern{}, fmt.Errorf("%q matches every host: list the hosts, or *.domain for a domain's subdomains", s)
	}
	if strings.Contains(host, "*") {
		return originPattern{}, fmt.Errorf("%q: a wildcard must lead the host (%s://*.example.com)", s, scheme)
	}
	return originPattern{scheme: scheme, host: dropDefaultPort(scheme, host)}, nil
}

// parseOriginPatterns parses each pattern, naming the setting in errors.
func parseOriginPatterns(setting string, list []string) ([]originPattern, error) {
	out := make([]originPattern, 0, len(list))
	for _, s := range list {
		p, err := parseOriginPattern(s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", setting, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// matches reports whether the origin with scheme and host (lower case,
// default port dropped) is one the pattern allows.
func (p originPattern) matches(scheme, host string) bool {
	return p.scheme == scheme && sameDomain(host, p.host)
}

// sameDomain is Django's is_same_domain: pattern "example.com" matches
// exactly; ".example.com" matches example.com and its subdomains. Ports
// must be equal.
func sameDomain(host, pattern string) bool {
	if pattern == "" {
		return false
	}
	host, pattern = strings.ToLower(host), strings.ToLower(pattern)
	if pattern[0] == '.' {
		return host == pattern[1:] || strings.HasSuffix(host, pattern)
	}
	return host == pattern
}

// splitOrigin returns an Origin header's (or a URL's) scheme and host,
// lower case and without a default port; ok is false when it is not an
// absolute http(s)-like URL ("null", a path).
func splitOrigin(s string) (scheme, host string, ok bool) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", "", false
	}
	scheme = strings.ToLower(u.Scheme)
	return scheme, dropDefaultPort(scheme, strings.ToLower(u.Host)), true
}

// dropDefaultPort removes :443 from an https host and :80 from an http
// one, as browsers write origins.
func dropDefaultPort(scheme, host string) string {
	h, port, err := net.SplitHostPort(host)
	if err != nil {
		return host
	}
	if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
		if strings.Contains(h, ":") {
			return "[" + h + "]"
		}
		return h
	}
	return host
}

// validateTrustedOrigins checks Config.CSRFTrustedOrigins (Config.Validate
// reports it).
func validateTrustedOrigins(list []string) error {
	_, err := parseOriginPatterns(EnvCSRFTrustedOrigins, list)
	return err
}
