package auth

import (
	"slices"
	"strings"
	"unicode"
)

// SafeRedirect returns next if it is a URL on this site — a path, with
// no scheme and no host — and fallback otherwise, for the redirect
// after a login to a `next` parameter a visitor may have been sent with
// by anyone: //evil.com, /\evil.com, https://evil.com, javascript:...
// and their variants all get fallback (an open redirect is a phisher's
// tool). It is IsSafeURL with no allowed hosts.
//
//	return framework.Redirect(auth.SafeRedirect(r.FormValue("next"), "/"))
func SafeRedirect(next, fallback string) string {
	if !IsSafeURL(next, nil, false) {
		return fallback
	}
	return strings.TrimSpace(removeUnsafeBytes(next))
}

// IsSafeURL reports whether u is safe to redirect to (Django's
// url_has_allowed_host_and_scheme): a relative URL, or an absolute one
// whose host (with its port, and user info if any) is one of
// allowedHosts, with the scheme http or https (https only when
// requireHTTPS). It parses as browsers do where that differs from Go's
// net/url: backslashes count as slashes, tabs and newlines are ignored,
// three slashes or leading control characters are refused.
func IsSafeURL(u string, allowedHosts []string, requireHTTPS bool) bool {
	u = strings.TrimSpace(u)
	if u == "" {
		return false
	}
	return isSafeURL(u, allowedHosts, requireHTTPS) &&
		isSafeURL(strings.ReplaceAll(u, `\`, "/"), allowedHosts, requireHTTPS)
}

func isSafeURL(u string, allowedHosts []string, requireHTTPS bool) bool {
	if strings.HasPrefix(u, "///") {
		return false // Chrome takes it as absolute
	}
	if r := []rune(u)[0]; unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Co, unicode.Cs) {
		return false // browsers skip them, and may see //host after them
	}
	scheme, netloc, ok := urlsplit(u)
	if !ok {
		return false
	}
	if netloc == "" && scheme != "" {
		return false // http:///example.com: browsers take example.com as the host
	}
	if scheme == "" && netloc != "" {
		scheme = "http"
	}
	if netloc != "" && !slices.Contains(allowedHosts, netloc) {
		return false
	}
	switch scheme {
	case "":
		return true
	case "https":
		return true
	case "http":
		return !requireHTTPS
	}
	return false
}

// removeUnsafeBytes drops tabs, carriage returns and newlines, which
// URL parsers (the WHATWG's, Python's urlsplit) ignore.
func removeUnsafeBytes(u string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, u)
}

// urlsplit returns the scheme (lowercased) and network location of u as
// Python's urllib.parse.urlsplit does; ok is false where it raises
// (unbalanced IPv6 brackets).
func urlsplit(u string) (scheme, netloc string, ok bool) {
	u = strings.TrimLeftFunc(removeUnsafeBytes(u), func(r rune) bool { return r <= ' ' })
	if i := strings.IndexByte(u, ':'); i > 0 && isASCIILetter(u[0]) {
		valid := true
		for j := 0; j < i; j++ {
			if !isSchemeByte(u[j]) {
				valid = false
				break
			}
		}
		if valid {
			scheme, u = strings.ToLower(u[:i]), u[i+1:]
		}
	}
	if strings.HasPrefix(u, "//") {
		rest := u[2:]
		end := strings.IndexAny(rest, "/?#")
		if end < 0 {
			end = len(rest)
		}
		netloc = rest[:end]
		if strings.Contains(netloc, "[") != strings.Contains(netloc, "]") {
			return "", "", false
		}
	}
	return scheme, netloc, true
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

func isSchemeByte(b byte) bool {
	return isASCIILetter(b) || b >= '0' && b <= '9' || b == '+' || b == '-' || b == '.'
}
