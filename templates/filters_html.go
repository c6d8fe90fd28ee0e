package templates

import (
	"errors"
	"html"
	"net/netip"
	"strings"
	"unicode/utf8"
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

// ---- URL quoting (urllib.parse) ----

// pyQuote is urllib.parse.quote(s, safe): UTF-8 bytes other than ASCII
// letters, digits, "_.-~" and the ASCII characters of safe become %XX.
func pyQuote(s, safe string) string {
	const hex = "0123456789ABCDEF"
	keep := func(c byte) bool {
		return c < utf8.RuneSelf && (isASCIILower(c) || isASCIIUpper(c) || ('0' <= c && c <= '9') ||
			c == '_' || c == '.' || c == '-' || c == '~' || strings.IndexByte(safe, c) >= 0)
	}
	i := 0
	for i < len(s) && keep(s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if keep(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// pyQuotePlus is urllib.parse.quote_plus(s, safe=”): spaces become "+".
func pyQuotePlus(s string) string {
	if strings.IndexByte(s, ' ') < 0 {
		return pyQuote(s, "")
	}
	return strings.ReplaceAll(pyQuote(s, " "), " ", "+")
}

// pyUnquote is urllib.parse.unquote: %XX escapes decoded as UTF-8, each
// invalid sequence replaced by U+FFFD as Python's errors='replace'.
func pyUnquote(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	var raw []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			raw = append(raw, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		raw = append(raw, s[i])
	}
	return pyDecodeUTF8(raw)
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// pyDecodeUTF8 decodes b as Python's bytes.decode('utf-8', 'replace'):
// each maximal invalid subpart becomes one U+FFFD.
func pyDecodeUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r != utf8.RuneError || n > 1 {
			sb.Write(b[:n])
			b = b[n:]
			continue
		}
		sb.WriteRune(utf8.RuneError)
		b = b[invalidPrefixLen(b):]
	}
	return sb.String()
}

// invalidPrefixLen is the length of the maximal subpart of an ill-formed
// UTF-8 sequence at the start of b (at least 1).
func invalidPrefixLen(b []byte) int {
	c := b[0]
	var need int
	lo, hi := byte(0x80), byte(0xBF)
	switch {
	case 0xC2 <= c && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case 0xE1 <= c && c <= 0xEC, c == 0xEE, c == 0xEF:
		need = 2
	case c == 0xED:
		need, hi = 2, 0x9F
	case c == 0xF0:
		need, lo = 3, 0x90
	case 0xF1 <= c && c <= 0xF3:
		need = 3
	case c == 0xF4:
		need, hi = 3, 0x8F
	default:
		return 1
	}
	n := 1
	for k := 0; k < need && n < len(b); k++ {
		x := b[n]
		if x < lo || x > hi {
			break
		}
		lo, hi = 0x80, 0xBF
		n++
	}
	return n
}

// ---- strip_tags: Python's html.parser, as Django's MLStripper uses it ----

// errStripTags is the AssertionError html.parser raises on a marked
// section it does not know (<![foo ...>).
var errStripTags = errors.New("AssertionError: unknown status keyword in marked section")

// stripTags is django.utils.html.strip_tags (Django 3.2): strip until a
// pass finds no more tags.
func stripTags(s string) (string, error) {
	for strings.IndexByte(s, '<') >= 0 && strings.IndexByte(s, '>') >= 0 {
		out, err := stripOnce(s)
		if err != nil {
			return "", err
		}
		if strings.Count(s, "<") == strings.Count(out, "<") {
			break
		}
		s = out
	}
	return s, nil
}

// htmlStripper is html.parser.HTMLParser(convert_charrefs=False) with
// MLStripper's handlers: text, entity and character references are kept,
// everything else dropped.
type htmlStripper struct {
	raw   string
	cdata string // the script or style element whose text is being read
	out   strings.Builder
}

// stripOnce feeds s to a stripper and closes it.
func stripOnce(s string) (string, error) {
	p := &htmlStripper{raw: s}
	if err := p.goahead(false); err != nil {
		return "", err
	}
	if err := p.goahead(true); err != nil {
		return "", err
	}
	return p.out.String(), nil
}

// goahead is HTMLParser.goahead: handle as much of p.raw as possible
// and keep the rest for the next call.
func (p *htmlStripper) goahead(end bool) error {
	raw := p.raw
	i, n := 0, len(raw)
	for i < n {
		var j int
		if p.cdata != "" {
			j = p.findCDATAEnd(i)
			if j < 0 {
				break
			}
		} else if k := strings.IndexAny(raw[i:], "<&"); k >= 0 {
			j = i + k
		} else {
			j = n
		}
		if i < j {
			p.out.WriteString(raw[i:j])
		}
		i = j
		if i == n {
			break
		}
		if raw[i] == '<' {
			var k int
			var err error
			switch {
			case i+1 < n && isASCIILetter(raw[i+1]):
				k = p.parseStartTag(i)
			case strings.HasPrefix(raw[i:], "</"):
				k = p.parseEndTag(i)
			case strings.HasPrefix(raw[i:], "<!--"):
				k = parseComment(raw, i)
			case strings.HasPrefix(raw[i:], "<?"):
				k = indexFrom(raw, ">", i+2)
				if k >= 0 {
					k++
				}
			case strings.HasPrefix(raw[i:], "<!"):
				k, err = parseHTMLDeclaration(raw, i)
				if err != nil {
					return err
				}
			case i+1 < n:
				p.out.WriteByte('<')
				k = i + 1
			default:
				p.raw = raw[i:]
				return p.finish(end)
			}
			if k < 0 {
				if !end {
					break
				}
				k = indexFrom(raw, ">", i+1)
				if k < 0 {
					k = indexFrom(raw, "<", i+1)
					if k < 0 {
						k = i + 1
					}
				} else {
					k++
				}
				p.out.WriteString(raw[i:k])
			}
			i = k
		} else if strings.HasPrefix(raw[i:], "&#") {
			if name, k, ok := matchCharref(raw, i); ok {
				p.out.WriteString("&#")
				p.out.WriteString(name)
				p.out.WriteByte(';')
				i = k
				continue
			}
			if strings.IndexByte(raw[i:], ';') >= 0 { // bail by consuming &#
				p.out.WriteString("&#")
				i += 2
			}
			break
		} else { // '&'
			if name, k, ok := matchEntityref(raw, i); ok {
				p.out.WriteByte('&')
				p.out.WriteString(name)
				p.out.WriteByte(';')
				i = k
				continue
			}
			if i+1 < n && (isASCIILetter(raw[i+1]) || raw[i+1] == '#') { // incomplete
				if end && n-i == 2 {
					i++
				}
				break
			}
			if i+1 < n {
				p.out.WriteByte('&')
				i++
			} else {
				break
			}
		}
	}
	p.raw = raw[i:]
	return p.finish(end)
}

// finish is the end of goahead: on close, the rest is text (unless
// inside a script or style element).
func (p *htmlStripper) finish(end bool) error {
	if end && p.raw != "" && p.cdata == "" {
		p.out.WriteString(p.raw)
		p.raw = ""
	}
	return nil
}

func isASCIILetter(c byte) bool { return isASCIILower(c) || isASCIIUpper(c) }

func indexFrom(s, sub string, from int) int {
	if from > len(s) {
		return -1
	}
	if k := strings.Index(s[from:], sub); k >= 0 {
		return from + k
	}
	return -1
}

// findCDATAEnd finds </\s*name\s*> (case-insensitive) from i.
func (p *htmlStripper) findCDATAEnd(i int) int {
	raw := p.raw
	for {
		k := indexFrom(raw, "</", i)
		if k < 0 {
			return -1
		}
		j := skipPySpace(raw, k+2)
		if j+len(p.cdata) <= len(raw) && strings.EqualFold(raw[j:j+len(p.cdata)], p.cdata) {
			j = skipPySpace(raw, j+len(p.cdata))
			if j < len(raw) && raw[j] == '>' {
				return k
			}
		}
		i = k + 1
	}
}

// skipPySpace skips Python \s characters from i.
func skipPySpace(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !pyIsSpace(r) {
			break
		}
		i += n
	}
	return i
}

// matchCharref matches &#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F] at i;
// k is where parsing goes on (after a ';', else at the terminator).
func matchCharref(raw string, i int) (name string, k int, ok bool) {
	j := i + 2
	if j < len(raw) && (raw[j] == 'x' || raw[j] == 'X') {
		k = j + 1
		for k < len(raw) && isHex(raw[k]) {
			k++
		}
		if k == j+1 {
			return "", 0, false
		}
	} else {
		k = j
		for k < len(raw) && '0' <= raw[k] && raw[k] <= '9' {
			k++
		}
		if k == j {
			return "", 0, false
		}
	}
	if k >= len(raw) || isHex(raw[k]) {
		return "", 0, false
	}
	name = raw[i+2 : k]
	if raw[k] == ';' {
		k++
	}
	return name, k, true
}

// matchEntityref matches &([a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9] at i.
func matchEntityref(raw string, i int) (name string, k int, ok bool) {
	j := i + 1
	if j >= len(raw) || !isASCIILetter(raw[j]) {
		return "", 0, false
	}
	k = j + 1
	for k < len(raw) && (isASCIILetter(raw[k]) || ('0' <= raw[k] && raw[k] <= '9') || raw[k] == '-' || raw[k] == '.') {
		k++
	}
	if k == len(raw) {
		// Backtrack: a '-' or '.' of the name can be the terminator.
		for k--; k > j && raw[k] != '-' && raw[k] != '.'; k-- {
		}
		if k == j {
			return "", 0, false
		}
	}
	name = raw[j:k]
	if raw[k] == ';' {
		k++
	}
	return name, k, true
}

// parseComment is ParserBase.parse_comment: <!-- to --\s*>.
func parseComment(raw string, i int) int {
	for k := i + 4; ; {
		m := indexFrom(raw, "--", k)
		if m < 0 {
			return -1
		}
		j := skipPySpace(raw, m+2)
		if j < len(raw) && raw[j] == '>' {
			return j + 1
		}
		k = m + 1
	}
}

// parseHTMLDeclaration is HTMLParser.parse_html_declaration.
func parseHTMLDeclaration(raw string, i int) (int, error) {
	switch {
	case strings.HasPrefix(raw[i:], "<!--"):
		return parseComment(raw, i), nil
	case strings.HasPrefix(raw[i:], "<!["):
		return parseMarkedSection(raw, i)
	case len(raw)-i >= 9 && strings.EqualFold(raw[i:i+9], "<!doctype"):
		k := indexFrom(raw, ">", i+9)
		if k < 0 {
			return -1, nil
		}
		return k + 1, nil
	}
	k := indexFrom(raw, ">", i+2) // bogus comment
	if k < 0 {
		return -1, nil
	}
	return k + 1, nil
}

// parseMarkedSection is ParserBase.parse_marked_section.
func parseMarkedSection(raw string, i int) (int, error) {
	j := i + 3
	if j == len(raw) {
		return -1, nil
	}
	// _declname_match: [a-zA-Z][-_.a-zA-Z0-9]*\s*
	if !isASCIILetter(raw[j]) {
		return 0, errStripTags
	}
	k := j + 1
	for k < len(raw) && (isASCIILetter(raw[k]) || ('0' <= raw[k] && raw[k] <= '9') || strings.IndexByte("-_.", raw[k]) >= 0) {
		k++
	}
	name := strings.ToLower(raw[j:k])
	if skipPySpace(raw, k) == len(raw) {
		return -1, nil
	}
	var closeRE func(int) int
	switch name {
	case "temp", "cdata", "ignore", "include", "rcdata":
		closeRE = func(from int) int { return findBracketsClose(raw, from, 2) }
	case "if", "else", "endif":
		closeRE = func(from int) int { return findBracketsClose(raw, from, 1) }
	default:
		return 0, errStripTags
	}
	return closeRE(i + 3), nil
}

// findBracketsClose finds ]\s*]\s*> (brackets 2) or ]\s*> (1) from i and
// returns the end of the match, or -1.
func findBracketsClose(raw string, i, brackets int) int {
	for {
		m := indexFrom(raw, "]", i)
		if m < 0 {
			return -1
		}
		j := m + 1
		ok := true
		for b := 1; b < brackets; b++ {
			j = skipPySpace(raw, j)
			if j >= len(raw) || raw[j] != ']' {
				ok = false
				break
			}
			j++
		}
		if ok {
			j = skipPySpace(raw, j)
			if j < len(raw) && raw[j] == '>' {
				return j + 1
			}
		}
		i = m + 1
	}
}

// parseStartTag is HTMLParser.parse_starttag: a whole tag is dropped,
// a malformed one kept as text.
func (p *htmlStripper) parseStartTag(i int) int {
	raw := p.raw
	endpos := checkForWholeStartTag(raw, i)
	if endpos < 0 {
		return endpos
	}
	nameEnd := tagNameEnd(raw, i+1)
	tag := pyLower(raw[i+1 : nameEnd])
	k := skipSpaceOrSlash(raw, nameEnd)
	for k < endpos {
		m, ok := matchAttribute(raw, k)
		if !ok {
			break
		}
		k = m
	}
	end := ""
	if k <= endpos {
		end = strings.TrimFunc(raw[k:endpos], pyIsSpace)
	}
	if end != ">" && end != "/>" {
		p.out.WriteString(raw[i:endpos])
		return endpos
	}
	if !strings.HasSuffix(end, "/>") && (tag == "script" || tag == "style") {
		p.cdata = tag
	}
	return endpos
}

// tagNameEnd ends [a-zA-Z][^\t\n\r\f />\x00]* started at i.
func tagNameEnd(raw string, i int) int {
	k := i + 1
	for k < len(raw) {
		switch raw[k] {
		case '\t', '\n', '\r', '\f', ' ', '/', '>', 0:
			return k
		}
		k++
	}
	return k
}

// skipSpaceOrSlash matches (?:\s|/(?!>))* from i.
func skipSpaceOrSlash(raw string, i int) int {
	for i < len(raw) {
		if raw[i] == '/' {
			if i+1 < len(raw) && raw[i+1] == '>' {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(raw[i:])
		if !pyIsSpace(r) {
			return i
		}
		i += n
	}
	return i
}

// matchAttribute matches html.parser's attrfind_tolerant at k:
// ((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*
// and returns its end.
func matchAttribute(raw string, k int) (int, bool) {
	if k == 0 || k >= len(raw) {
		return 0, false
	}
	prev, _ := utf8.DecodeLastRuneInString(raw[:k])
	if prev != '\'' && prev != '"' && prev != '/' && !pyIsSpace(prev) {
		return 0, false
	}
	r, n := utf8.DecodeRuneInString(raw[k:])
	if r == '/' || r == '>' || pyIsSpace(r) {
		return 0, false
	}
	j := k + n
	for j < len(raw) {
		r, n := utf8.DecodeRuneInString(raw[j:])
		if r == '/' || r == '=' || r == '>' || pyIsSpace(r) {
			break
		}
		j += n
	}
	if v, ok := matchAttrValue(raw, j); ok {
		j = v
	}
	return skipSpaceOrSlash(raw, j), true
}

// matchAttrValue matches \s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*) at
// j, backtracking as Python's regex engine does.
func matchAttrValue(raw string, j int) (int, bool) {
	p := skipPySpace(raw, j)
	if p >= len(raw) || raw[p] != '=' {
		return 0, false
	}
	e := p
	for e < len(raw) && raw[e] == '=' {
		e++
	}
	v := skipPySpace(raw, e)
	if end, ok := matchValueAt(raw, v); ok {
		return end, true
	}
	// An unclosed quote: give back a space (an empty bare value), or an
	// '=' (a bare value starting with it).
	if v > e {
		_, n := utf8.DecodeLastRuneInString(raw[:v])
		return v - n, true
	}
	if e-p >= 2 {
		end, _ := matchValueAt(raw, e-1)
		return end, true
	}
	return 0, false
}

// matchValueAt matches '[^']*'|"[^"]*"|(?!['"])[^>\s]* at v.
func matchValueAt(raw string, v int) (int, bool) {
	if v < len(raw) && (raw[v] == '\'' || raw[v] == '"') {
		k := strings.IndexByte(raw[v+1:], raw[v])
		if k < 0 {
			return 0, false
		}
		return v + 1 + k + 1, true
	}
	for v < len(raw) {
		r, n := utf8.DecodeRuneInString(raw[v:])
		if r == '>' || pyIsSpace(r) {
			break
		}
		v += n
	}
	return v, true
}

// checkForWholeStartTag is HTMLParser.check_for_whole_start_tag over
// locatestarttagend_tolerant.
func checkForWholeStartTag(raw string, i int) int {
	j := tagNameEnd(raw, i+1)
	// (?:[\s/]*(?:attribute)*)?\s*
	k := j
	for k < len(raw) {
		if raw[k] == '/' {
			k++
			continue
		}
		r, n := utf8.DecodeRuneInString(raw[k:])
		if !pyIsSpace(r) {
			break
		}
		k += n
	}
	for {
		m, ok := matchAttributeLocate(raw, k)
		if !ok {
			break
		}
		k = m
	}
	j = skipPySpace(raw, k)
	if j >= len(raw) {
		return -1
	}
	switch c := raw[j]; {
	case c == '>':
		return j + 1
	case c == '/':
		if strings.HasPrefix(raw[j:], "/>") {
			return j + 2
		}
		return -1
	case isASCIILetter(c) || c == '=' || c == '/':
		return -1
	}
	if j > i {
		return j
	}
	return i + 1
}

// matchAttributeLocate is one attribute of locatestarttagend_tolerant:
// as attrfind_tolerant, but a match must make progress.
func matchAttributeLocate(raw string, k int) (int, bool) {
	m, ok := matchAttribute(raw, k)
	if !ok || m == k {
		return 0, false
	}
	return m, true
}

// parseEndTag is HTMLParser.parse_endtag.
func (p *htmlStripper) parseEndTag(i int) int {
	raw := p.raw
	gt := indexFrom(raw, ">", i+1)
	if gt < 0 {
		return -1
	}
	gtpos := gt + 1
	// endtagfind: </\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>
	j := skipPySpace(raw, i+2)
	if j < len(raw) && isASCIILetter(raw[j]) {
		k := j + 1
		for k < len(raw) && (isASCIILetter(raw[k]) || ('0' <= raw[k] && raw[k] <= '9') || strings.IndexByte("-.:_", raw[k]) >= 0) {
			k++
		}
		if e := skipPySpace(raw, k); e < len(raw) && raw[e] == '>' {
			elem := strings.ToLower(raw[j:k]) // ASCII
			if p.cdata != "" {
				if elem != p.cdata {
					p.out.WriteString(raw[i:gtpos])
					return gtpos
				}
			}
			p.cdata = ""
			return gtpos
		}
	}
	if p.cdata != "" {
		p.out.WriteString(raw[i:gtpos])
		return gtpos
	}
	if i+2 < len(raw) && isASCIILetter(raw[i+2]) {
		nameEnd := skipSpaceOrSlash(raw, tagNameEnd(raw, i+2))
		return indexFrom(raw, ">", nameEnd) + 1
	}
	if strings.HasPrefix(raw[i:], "</>") {
		return i + 3
	}
	return gtpos // a bogus comment up to the first '>'
}

// ---- Truncator (django.utils.text) over HTML ----

// maxLengthHTML is Truncator.MAX_LENGTH_HTML: longer HTML is cut first.
const maxLengthHTML = 5_000_000

// html4Singlets are the void elements Truncator never closes.
var html4Singlets = map[string]bool{
	"br": true, "col": true, "link": true, "base": true, "img": true,
	"param": true, "area": true, "hr": true, "input": true,
}

// truncateHTML is Truncator._truncate_html: count characters or words
// outside tags and comments, cut after truncateLen of them, append "…"
// (" …" for words) and close the tags left open.
func truncateHTML(text string, length, truncateLen int, words bool) string {
	if words && length <= 0 {
		return ""
	}
	sizeLimited := false
	if len(text) > maxLengthHTML {
		if cut := runeOffset(text, maxLengthHTML); cut < len(text) {
			text = text[:cut]
			sizeLimited = true
		}
	}
	ellipsis := "…"
	if words {
		ellipsis = " …"
	}
	pos, endTextPos, current := 0, 0, 0
	var openTags []string
	for current <= length {
		start, end, isText := 0, 0, false
		if words {
			start, end, isText = nextHTMLWord(text, pos)
		} else {
			start, end, isText = nextHTMLChar(text, pos)
		}
		if start < 0 {
			break
		}
		pos = end
		if isText {
			current++
			if current == truncateLen {
				endTextPos = pos
			}
			continue
		}
		closing, name, selfClosing, ok := matchTag(text[start:end])
		if !ok || current >= truncateLen {
			continue
		}
		name = pyLower(name)
		switch {
		case selfClosing || html4Singlets[name]:
		case closing:
			for i, t := range openTags {
				if t == name {
					openTags = openTags[i+1:]
					break
				}
			}
		default:
			openTags = append([]string{name}, openTags...)
		}
	}
	if current <= length {
		if sizeLimited {
			return text + ellipsis
		}
		return text
	}
	var b strings.Builder
	b.WriteString(text[:endTextPos])
	b.WriteString(ellipsis)
	for _, t := range openTags {
		b.WriteString("</")
		b.WriteString(t)
		b.WriteByte('>')
	}
	return b.String()
}

// runeOffset is the byte offset of the n-th character of s.
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// nextHTMLChar is re_chars.search (<[^>]+?>|(.)) from pos: a tag, or
// one character (isText).
func nextHTMLChar(s string, pos int) (start, end int, isText bool) {
	if pos >= len(s) {
		return -1, -1, false
	}
	if s[pos] == '<' {
		if k := strings.IndexByte(s[pos+1:], '>'); k > 0 {
			return pos, pos + 1 + k + 1, false
		}
	}
	_, n := utf8.DecodeRuneInString(s[pos:])
	return pos, pos + n, true
}

// nextHTMLWord is Truncator's WordsRegex.search from pos: a tag
// (<...>), or a word ([^<>\s]+, isText).
func nextHTMLWord(s string, pos int) (start, end int, isText bool) {
	// re_prt: <|([^<>\s]+)
	i := pos
	for i < len(s) {
		if s[i] == '<' {
			break
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r != '>' && !pyIsSpace(r) {
			return i, wordEnd(s, i), true
		}
		i += n
	}
	if i >= len(s) {
		return -1, -1, false
	}
	if k := strings.IndexByte(s[i+1:], '>'); k >= 0 {
		return i, i + 1 + k + 1, false
	}
	// No '>': look for a word from the character after pos (re_notag).
	_, n := utf8.DecodeRuneInString(s[pos:])
	for j := pos + n; j < len(s); {
		r, n := utf8.DecodeRuneInString(s[j:])
		if r != '<' && r != '>' && !pyIsSpace(r) {
			return j, wordEnd(s, j), true
		}
		j += n
	}
	return -1, -1, false
}

// wordEnd ends [^<>\s]+ started at i.
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == '<' || r == '>' || pyIsSpace(r) {
			break
		}
		i += n
	}
	return i
}

// matchTag is re_tag.match (<(/)?(\S+?)(?:(\s*/)|\s.*?)?>) on a tag
// found by the searches above (which end at its first '>').
func matchTag(tag string) (closing bool, name string, selfClosing, ok bool) {
	inner := tag[1 : len(tag)-1]
	if strings.HasPrefix(inner, "/") {
		if name, sc, ok := matchTagName(inner[1:]); ok {
			return true, name, sc, true
		}
	}
	name, selfClosing, ok = matchTagName(inner)
	return false, name, selfClosing, ok
}

// matchTagName matches (\S+?)(?:(\s*/)|\s.*?)? against all of rest.
func matchTagName(rest string) (name string, selfClosing, ok bool) {
	for k := 0; k < len(rest); {
		r, n := utf8.DecodeRuneInString(rest[k:])
		if pyIsSpace(r) {
			break
		}
		k += n
		rem := rest[k:]
		if isSpacesSlash(rem) {
			return rest[:k], true, true
		}
		if r2, _ := utf8.DecodeRuneInString(rem); rem != "" && pyIsSpace(r2) {
			return rest[:k], false, true
		}
		if rem == "" {
			return rest, false, true
		}
	}
	return "", false, false
}

// isSpacesSlash reports whether s is \s*/.
func isSpacesSlash(s string) bool {
	if !strings.HasSuffix(s, "/") {
		return false
	}
	return skipPySpace(s, 0) == len(s)-1
}

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
