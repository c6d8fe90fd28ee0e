package templates

import (
	"errors"
	"html"
	"net/netip"
	"strings"
	"unicode/utf8"
)

// ---- urlize (django.utils.html) ----

// urlize is django.utils.html.urlize (Django 3.2) with nofollow: links
// for http(s):// URLs, www. and bare domains of the original gTLDs, and
// e-mail addresses. limit < 0 leaves link texts whole.
func urlize(text string, safeInput bool, limit int, autoescape bool) string {
	var b strings.Builder
	b.Grow(len(text) + 32)
	for i := 0; i < len(text); {
		// word_split_re: runs of ([\s<>"']+) separate the words.
		sep := isURLizeSep(firstRune(text[i:]))
		j := i
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if isURLizeSep(r) != sep {
				break
			}
			j += n
		}
		word := text[i:j]
		i = j
		if sep {
			if autoescape && !safeInput {
				word = escapeHTML(word)
			}
			b.WriteString(word)
			continue
		}
		b.WriteString(urlizeWord(word, safeInput, limit, autoescape))
	}
	return b.String()
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func isURLizeSep(r rune) bool {
	return r == '<' || r == '>' || r == '"' || r == '\'' || pyIsSpace(r)
}

// urlizeWord links one word, or escapes it as needed.
func urlizeWord(word string, safeInput bool, limit int, autoescape bool) string {
	plain := func() string {
		if !safeInput && autoescape {
			return escapeHTML(word)
		}
		return word
	}
	if !strings.ContainsAny(word, ".@:") {
		return plain()
	}
	lead, middle, trail := trimPunctuation(word)
	url := ""
	nofollow := ` rel="nofollow"`
	switch {
	case isSimpleURL(middle):
		url = smartURLQuote(html.UnescapeString(middle))
	case isSimpleURL2(middle):
		url = smartURLQuote("http://" + html.UnescapeString(middle))
	case !strings.Contains(middle, ":") && isEmailSimple(middle):
		at := strings.LastIndexByte(middle, '@')
		domain, err := punycode(middle[at+1:])
		if err != nil {
			return word // Django's `continue`: the word is left as it is
		}
		url = "mailto:" + middle[:at] + "@" + domain
		nofollow = ""
	}
	if url == "" {
		return plain()
	}
	trimmed := middle
	if limit >= 0 && utf8.RuneCountInString(middle) > limit {
		trimmed = truncateRunes(middle, max(0, limit-1)) + "…"
	}
	if autoescape && !safeInput {
		lead, trail, trimmed = escapeHTML(lead), escapeHTML(trail), escapeHTML(trimmed)
	}
	return lead + `<a href="` + escapeHTML(url) + `"` + nofollow + ">" + trimmed + "</a>" + trail
}

// trimPunctuation is urlize's trim_punctuation: move wrapping and
// trailing punctuation from the word to lead and trail.
func trimPunctuation(word string) (lead, middle, trail string) {
	middle = word
	for trimmed := true; trimmed; {
		trimmed = false
		for _, w := range [...][2]string{{"(", ")"}, {"[", "]"}} {
			if strings.HasPrefix(middle, w[0]) {
				middle = middle[1:]
				lead += w[0]
				trimmed = true
			}
			if strings.HasSuffix(middle, w[1]) && strings.Count(middle, w[1]) == strings.Count(middle, w[0])+1 {
				middle = middle[:len(middle)-1]
				trail = w[1] + trail
				trimmed = true
			}
		}
		// Trailing punctuation, judged on the unescaped text; the indices
		// mix the two texts exactly as Django 3.2 does. An entity only
		// yields such punctuation when it ends with ';'.
		if middle == "" || strings.IndexByte(".,:;!", middle[len(middle)-1]) < 0 {
			continue
		}
		unescaped := []rune(html.UnescapeString(middle))
		stripped := len(unescaped)
		for stripped > 0 && strings.ContainsRune(".,:;!", unescaped[stripped-1]) {
			stripped--
		}
		if stripped != len(unescaped) {
			m := []rune(middle)
			trail = string(m[min(stripped, len(m)):]) + trail
			middle = string(m[:max(len(m)+stripped-len(unescaped), 0)])
			trimmed = true
		}
	}
	return lead, middle, trail
}

// isSimpleURL is simple_url_re: ^https?://\[?\w (case-insensitive).
func isSimpleURL(s string) bool {
	var rest string
	switch {
	case hasPrefixFold(s, "http://"):
		rest = s[7:]
	case hasPrefixFold(s, "https://"):
		rest = s[8:]
	default:
		return false
	}
	rest = strings.TrimPrefix(rest, "[")
	return rest != "" && pyIsWord(firstRune(rest))
}

// isSimpleURL2 is simple_url_2_re:
// ^www\.|^(?!http)\w[^@]+\.(com|edu|gov|int|mil|net|org)($|/.*)$ (case-insensitive).
func isSimpleURL2(s string) bool {
	if hasPrefixFold(s, "www.") {
		return true
	}
	if hasPrefixFold(s, "http") || s == "" || !pyIsWord(firstRune(s)) {
		return false
	}
	_, n := utf8.DecodeRuneInString(s)
	for i := n + 1; i < len(s); i++ {
		if s[i-1] == '@' {
			return false // [^@]+ cannot reach further
		}
		if s[i] != '.' || i+4 > len(s) {
			continue
		}
		switch strings.ToLower(s[i+1 : i+4]) {
		case "com", "edu", "gov", "int", "mil", "net", "org":
			if rest := s[i+4:]; rest == "" || rest == "\n" || (rest[0] == '/' && !strings.Contains(rest[:len(rest)-1], "\n")) {
				return true
			}
		}
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// isEmailSimple is urlize's is_email_simple.
func isEmailSimple(s string) bool {
	if strings.Count(s, "@") != 1 || strings.HasPrefix(s, "@") || strings.HasSuffix(s, "@") {
		return false
	}
	domain := s[strings.IndexByte(s, '@')+1:]
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".")
}

// rfc3986Safe are the characters smart_urlquote leaves unquoted:
// RFC 3986's sub-delims and gen-delims, and "~".
const rfc3986Safe = "!$&'()*+,;=" + ":/?#[]@" + "~"

// smartURLQuote is django.utils.html.smart_urlquote: quote a URL unless
// it is already quoted, and punycode its host.
func smartURLQuote(url string) string {
	unquoteQuote := func(seg string) string { return pyQuote(pyUnquote(seg), rfc3986Safe) }
	scheme, netloc, path, query, fragment, err := urlSplit(url)
	if err != nil {
		return unquoteQuote(url)
	}
	if netloc, err = punycode(netloc); err != nil {
		return unquoteQuote(url)
	}
	if query != "" {
		var b strings.Builder
		for _, part := range strings.Split(query, "&") {
			if part == "" {
				continue
			}
			name, value, _ := strings.Cut(part, "=")
			name = pyUnquote(pyUnquote(strings.ReplaceAll(name, "+", " ")))
			value = pyUnquote(pyUnquote(strings.ReplaceAll(value, "+", " ")))
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(pyQuotePlus(name))
			b.WriteByte('=')
			b.WriteString(pyQuotePlus(value))
		}
		query = b.String()
	}
	return urlUnsplit(scheme, netloc, unquoteQuote(path), query, unquoteQuote(fragment))
}

// errInvalidURL is urlsplit's ValueError.
var errInvalidURL = errors.New("invalid IPv6 URL")

// urlSplit is urllib.parse.urlsplit.
func urlSplit(url string) (scheme, netloc, path, query, fragment string, err error) {
	url = strings.TrimLeft(url, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	if strings.ContainsAny(url, "\t\r\n") {
		url = strings.NewReplacer("\t", "", "\r", "", "\n", "").Replace(url)
	}
	if i := strings.IndexByte(url, ':'); i > 0 && isASCIILetter(url[0]) {
		ok := true
		for k := 0; k < i; k++ {
			c := url[k]
			if !isASCIILetter(c) && !('0' <= c && c <= '9') && c != '+' && c != '-' && c != '.' {
				ok = false
				break
			}
		}
		if ok {
			scheme, url = strings.ToLower(url[:i]), url[i+1:]
		}
	}
	if strings.HasPrefix(url, "//") {
		end := len(url)
		if k := strings.IndexAny(url[2:], "/?#"); k >= 0 {
			end = 2 + k
		}
		netloc, url = url[2:end], url[end:]
		if strings.Contains(netloc, "[") != strings.Contains(netloc, "]") {
			return "", "", "", "", "", errInvalidURL
		}
		if strings.Contains(netloc, "[") && !validBracketedNetloc(netloc) {
			return "", "", "", "", "", errInvalidURL
		}
	}
	url, fragment, _ = strings.Cut(url, "#")
	url, query, _ = strings.Cut(url, "?")
	return scheme, netloc, url, query, fragment, nil
}

// validBracketedNetloc is urllib.parse's _check_bracketed_netloc: the
// host of a netloc with brackets must be an IPv6 address (or IPvFuture),
// with nothing between the brackets and the port.
func validBracketedNetloc(netloc string) bool {
	hostPort := netloc[strings.LastIndexByte(netloc, '@')+1:]
	var host string
	if before, bracketed, ok := strings.Cut(hostPort, "["); ok {
		if before != "" {
			return false
		}
		var port string
		host, port, _ = strings.Cut(bracketed, "]")
		if port != "" && port[0] != ':' {
			return false
		}
	} else {
		host, _, _ = strings.Cut(hostPort, ":")
	}
	if rest, ok := strings.CutPrefix(host, "v"); ok {
		// \Av[a-fA-F0-9]+\..+\Z
		hexDigits, tail, ok := strings.Cut(rest, ".")
		if !ok || hexDigits == "" || tail == "" || strings.ContainsRune(tail, '\n') {
			return false
		}
		for i := 0; i < len(hexDigits); i++ {
			if !isHex(hexDigits[i]) {
				return false
			}
		}
		return true
	}
	addr, err := netip.ParseAddr(host)
	return err == nil && !addr.Is4()
}

// usesNetloc are urllib.parse.uses_netloc's schemes.
var usesNetloc = map[string]bool{
	"": true, "ftp": true, "http": true, "gopher": true, "nntp": true, "telnet": true,
	"imap": true, "wais": true, "file": true, "mms": true, "https": true, "shttp": true,
	"snews": true, "prospero": true, "rtsp": true, "rtspu": true, "rsync": true,
	"svn": true, "svn+ssh": true, "sftp": true, "nfs": true, "git": true, "git+ssh": true,
	"ws": true, "wss": true,
}

// urlUnsplit is urllib.parse.urlunsplit.
func urlUnsplit(scheme, netloc, url, query, fragment string) string {
	if netloc != "" || (scheme != "" && usesNetloc[scheme] && !strings.HasPrefix(url, "//")) {
		if url != "" && url[0] != '/' {
			url = "/" + url
		}
		url = "//" + netloc + url
	}
	if scheme != "" {
		url = scheme + ":" + url
	}
	if query != "" {
		url += "?" + query
	}
	if fragment != "" {
		url += "#" + fragment
	}
	return url
}

// errIDNA is the UnicodeError of Python's idna codec.
var errIDNA = errors.New("label empty or too long")

// punycode is django.utils.encoding.punycode: domain.encode('idna'):
// each non-ASCII label lower-cased (a simplified nameprep) and
// Punycode-encoded with the xn-- prefix.
func punycode(domain string) (string, error) {
	if isASCII(domain) {
		labels := strings.Split(domain, ".")
		for _, l := range labels[:len(labels)-1] {
			if l == "" || len(l) >= 64 {
				return "", errIDNA
			}
		}
		if len(labels[len(labels)-1]) >= 64 {
			return "", errIDNA
		}
		return domain, nil
	}
	// The idna codec splits at every kind of full stop; a trailing one
	// is kept, other empty labels fail.
	var labels []string
	start := 0
	for i, r := range domain {
		if r == '.' || r == '\u3002' || r == '\uff0e' || r == '\uff61' {
			labels = append(labels, domain[start:i])
			start = i + utf8.RuneLen(r)
		}
	}
	labels = append(labels, domain[start:])
	trailing := ""
	if labels[len(labels)-1] == "" {
		labels, trailing = labels[:len(labels)-1], "."
	}
	out, err := punycodeLabels(labels)
	return out + trailing, err
}

func punycodeLabels(labels []string) (string, error) {
	var b strings.Builder
	for i, l := range labels {
		if i > 0 {
			b.WriteByte('.')
		}
		if !isASCII(l) {
			l = nameprep(l)
		}
		if !isASCII(l) {
			if strings.HasPrefix(l, "xn--") {
				return "", errIDNA
			}
			l = "xn--" + punycodeEncode(l)
		}
		if l == "" || len(l) >= 64 {
			return "", errIDNA
		}
		b.WriteString(l)
	}
	return b.String(), nil
}

// nameprep is a simplified RFC 3491 nameprep: the characters mapped to
// nothing are dropped, the rest case-folded (lower case, ß → ss,
// ς → σ) and composed (NFC; the compatibility mappings of NFKC are left
// out).
func nameprep(label string) string {
	label = strings.Map(func(r rune) rune {
		switch {
		case r == 0xAD, r == 0x34F, r == 0x1806, 0x180B <= r && r <= 0x180D, 0x200B <= r && r <= 0x200D,
			r == 0x2060, 0xFE00 <= r && r <= 0xFE0F, r == 0xFEFF:
			return -1
		}
		return r
	}, label)
	label = pyLower(label)
	if strings.ContainsAny(label, "ßς") {
		label = strings.NewReplacer("ß", "ss", "ς", "σ").Replace(label)
	}
	return nfc(label)
}

// punycodeEncode is RFC 3492's encoding of one label.
func punycodeEncode(s string) string {
	const (
		base, tmin, tmax, skew, damp = 36, 1, 26, 38, 700
		initialBias, initialN        = 72, 128
	)
	rs := []rune(s)
	var out []byte
	for _, r := range rs {
		if r < 0x80 {
			out = append(out, byte(r))
		}
	}
	h := len(out)
	b := h
	if b > 0 {
		out = append(out, '-')
	}
	digit := func(d int) byte {
		if d < 26 {
			return byte('a' + d)
		}
		return byte('0' + d - 26)
	}
	adapt := func(delta, numPoints int, first bool) int {
		if first {
			delta /= damp
		} else {
			delta /= 2
		}
		delta += delta / numPoints
		k := 0
		for delta > ((base-tmin)*tmax)/2 {
			delta /= base - tmin
			k += base
		}
		return k + (base-tmin+1)*delta/(delta+skew)
	}
	n, delta, bias := rune(initialN), 0, initialBias
	for h < len(rs) {
		m := rune(0x7FFFFFFF)
		for _, r := range rs {
			if r >= n && r < m {
				m = r
			}
		}
		delta += int(m-n) * (h + 1)
		n = m
		for _, r := range rs {
			if r < n {
				delta++
			}
			if r == n {
				q := delta
				for k := base; ; k += base {
					t := k - bias
					if t < tmin {
						t = tmin
					} else if t > tmax {
						t = tmax
					}
					if q < t {
						break
					}
					out = append(out, digit(t+(q-t)%(base-t)))
					q = (q - t) / (base - t)
				}
				out = append(out, digit(q))
				bias = adapt(delta, h+1, h == b)
				delta = 0
				h++
			}
		}
		delta++
		n++
	}
	return string(out)
}
