package templates

import (
	"errors"
	"strings"
	"unicode/utf8"
)

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
