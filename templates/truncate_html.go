package templates

import (
	"strings"
	"unicode/utf8"
)

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
