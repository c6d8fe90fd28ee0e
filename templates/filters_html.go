package templates

import (
	"strings"
)

// Django's HTML and URL filters (django/template/defaultfilters.py over
// django/utils/html.py and django/utils/text.py's Truncator).

func init() {
	addFilters(map[string]Filter{
		"escape":             {Func: escapeFilter, IsSafe: true, StringInput: true},
		"escapejs":           {Func: escapejsFilter, StringInput: true},
		"force_escape":       {Func: forceEscapeFilter, IsSafe: true, StringInput: true},
		"iriencode":          {Func: iriencodeFilter, IsSafe: true, StringInput: true},
		"linebreaks":         {Func: linebreaksFilter, IsSafe: true, StringInput: true},
		"linebreaksbr":       {Func: linebreaksbrFilter, IsSafe: true, StringInput: true},
		"linenumbers":        {Func: linenumbersFilter, IsSafe: true, StringInput: true},
		"safe":               {Func: safeFilter, IsSafe: true, StringInput: true},
		"striptags":          {Func: striptagsFilter, IsSafe: true, StringInput: true},
		"truncatechars_html": {Func: truncatecharsHTMLFilter, Arg: ArgRequired, IsSafe: true, StringInput: true},
		"truncatewords_html": {Func: truncatewordsHTMLFilter, Arg: ArgRequired, IsSafe: true, StringInput: true},
		"urlencode":          {Func: urlencodeFilter, Arg: ArgOptional, StringInput: true},
		"urlize":             {Func: urlizeFilter, IsSafe: true, StringInput: true},
		"urlizetrunc":        {Func: urlizetruncFilter, Arg: ArgRequired, IsSafe: true, StringInput: true},
	})
}

// ---- the filters ----

// escape is conditional_escape: a safe value is left as it is, so that
// {{ s|escape|escape }} escapes once.
func escapeFilter(c FilterCall, in, _ any) (any, error) {
	if c.InputSafe {
		return SafeString(in.(string)), nil
	}
	return SafeString(escapeHTML(in.(string))), nil
}

func forceEscapeFilter(_ FilterCall, in, _ any) (any, error) {
	return SafeString(escapeHTML(in.(string))), nil
}

func safeFilter(_ FilterCall, in, _ any) (any, error) { return SafeString(in.(string)), nil }

func escapejsFilter(_ FilterCall, in, _ any) (any, error) {
	return SafeString(escapeJS(in.(string))), nil
}

// escapeJS is django.utils.html.escapejs: characters that could end a
// JavaScript string or an HTML element become \uXXXX escapes.
func escapeJS(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	const hex = "0123456789ABCDEF"
	for _, r := range s {
		switch {
		case r < 0x20, r == '\\', r == '\'', r == '"', r == '>', r == '<', r == '&', r == '=', r == '-',
			r == ';', r == '`', r == 0x2028, r == 0x2029:
			b.WriteString(`\u`)
			b.WriteByte(hex[r>>12&0xF])
			b.WriteByte(hex[r>>8&0xF])
			b.WriteByte(hex[r>>4&0xF])
			b.WriteByte(hex[r&0xF])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// iriSafe are the characters iri_to_uri leaves alone besides
// urllib's always-safe ones.
const iriSafe = "/#%[]=:;$&()+,!?*@'~"

func iriencodeFilter(_ FilterCall, in, _ any) (any, error) {
	return pyQuote(in.(string), iriSafe), nil
}

// urlencode is urllib.parse.quote(value, safe='/' or arg).
func urlencodeFilter(c FilterCall, in, arg any) (any, error) {
	safe := "/"
	if c.HasArg {
		s, ok := stringOf(arg)
		if !ok {
			return nil, filterErr("urlencode", "'%s' object is not iterable", pyTypeName(arg))
		}
		safe = s
	}
	return pyQuote(in.(string), safe), nil
}

var newlinesReplacer = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// normalizeNewlines turns \r\n and \r into \n.
func normalizeNewlines(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return newlinesReplacer.Replace(s)
}

func linebreaksFilter(c FilterCall, in, _ any) (any, error) {
	return SafeString(linebreaks(in.(string), c.Autoescape && !c.InputSafe)), nil
}

// linebreaks is django.utils.html.linebreaks: paragraphs at blank
// lines, <br> at single newlines.
func linebreaks(s string, autoescape bool) string {
	s = normalizeNewlines(s)
	var b strings.Builder
	b.Grow(len(s) + 16)
	start := 0
	para := func(p string) {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		if autoescape {
			p = escapeHTML(p)
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(p, "\n", "<br>"))
		b.WriteString("</p>")
	}
	// re.split('\n{2,}', s)
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '\n' && s[i+1] == '\n' {
			j := i + 2
			for j < len(s) && s[j] == '\n' {
				j++
			}
			para(s[start:i])
			start, i = j, j-1
		}
	}
	para(s[start:])
	return b.String()
}

func linebreaksbrFilter(c FilterCall, in, _ any) (any, error) {
	s := normalizeNewlines(in.(string))
	if c.Autoescape && !c.InputSafe {
		s = escapeHTML(s)
	}
	return SafeString(strings.ReplaceAll(s, "\n", "<br>")), nil
}

func linenumbersFilter(c FilterCall, in, _ any) (any, error) {
	lines := strings.Split(in.(string), "\n")
	width := len(itoa(len(lines)))
	esc := c.Autoescape && !c.InputSafe
	var b strings.Builder
	for i, line := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		n := itoa(i + 1)
		for k := len(n); k < width; k++ {
			b.WriteByte('0')
		}
		b.WriteString(n)
		b.WriteString(". ")
		if esc {
			line = escapeHTML(line)
		}
		b.WriteString(line)
	}
	return SafeString(b.String()), nil
}

func itoa(n int) string {
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return string(buf[i:])
}

func striptagsFilter(_ FilterCall, in, _ any) (any, error) {
	out, err := stripTags(in.(string))
	if err != nil {
		return nil, filterErr("striptags", "%v", err)
	}
	return out, nil
}

func truncatecharsHTMLFilter(_ FilterCall, in, arg any) (any, error) {
	n, ok, err := pyIntArg("truncatechars_html", arg)
	if err != nil || !ok {
		return in, err
	}
	s := nfc(in.(string))
	return truncateHTML(s, n, n-1, false), nil
}

func truncatewordsHTMLFilter(_ FilterCall, in, arg any) (any, error) {
	n, ok, err := pyIntArg("truncatewords_html", arg)
	if err != nil || !ok {
		return in, err
	}
	return truncateHTML(in.(string), n, n, true), nil
}

func urlizeFilter(c FilterCall, in, _ any) (any, error) {
	return SafeString(urlize(in.(string), c.InputSafe, -1, c.Autoescape)), nil
}

func urlizetruncFilter(c FilterCall, in, arg any) (any, error) {
	limit, err := pyIntStrict("urlizetrunc", arg)
	if err != nil {
		return nil, err
	}
	return SafeString(urlize(in.(string), c.InputSafe, max(limit, 0), c.Autoescape)), nil
}
