package templates

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Django's string filters (django/template/defaultfilters.py), with the
// Python string semantics they rely on: full Unicode case mappings,
// str.split() whitespace, %-formatting, code-point lengths.

func init() {
	addFilters(map[string]Filter{
		"addslashes":    {Func: addslashesFilter, IsSafe: true, StringInput: true},
		"capfirst":      {Func: capfirstFilter, IsSafe: true, StringInput: true},
		"center":        {Func: centerFilter, Arg: ArgRequired, IsSafe: true, StringInput: true},
		"cut":           {Func: cutFilter, Arg: ArgRequired, StringInput: true},
		"ljust":         {Func: ljustFilter, Arg: ArgRequired, IsSafe: true, StringInput: true},
		"lower":         {Func: lowerFilter, IsSafe: true, StringInput: true},
		"make_list":     {Func: makeListFilter, StringInput: true},
		"phone2numeric": {Func: phone2numericFilter, IsSafe: true},
		"rjust":         {Func: rjustFilter, Arg: ArgRequired, IsSafe: true, StringInput: true},
		"slugify":       {Func: slugifyFilter, IsSafe: true, StringInput: true},
		"stringformat":  {Func: stringformatFilter, Arg: ArgRequired, IsSafe: true},
		"title":         {Func: titleFilter, IsSafe: true, StringInput: true},
		"truncatechars": {Func: truncatecharsFilter, Arg: ArgRequired, IsSafe: true, StringInput: true},
		"truncatewords": {Func: truncatewordsFilter, Arg: ArgRequired, IsSafe: true, StringInput: true},
		"upper":         {Func: upperFilter, StringInput: true},
		"wordcount":     {Func: wordcountFilter, StringInput: true},
		"wordwrap":      {Func: wordwrapFilter, Arg: ArgRequired, IsSafe: true, StringInput: true},
	})
}

// ---- the filters ----

var addslashesReplacer = strings.NewReplacer(`\`, `\\`, `"`, `\"`, `'`, `\'`)

func addslashesFilter(_ FilterCall, in, _ any) (any, error) {
	return addslashesReplacer.Replace(in.(string)), nil
}

// capfirst upper-cases the first character (value[0].upper() + value[1:]).
func capfirstFilter(_ FilterCall, in, _ any) (any, error) {
	s := in.(string)
	if s == "" {
		return s, nil
	}
	r, n := utf8.DecodeRuneInString(s)
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			return string(r-'a'+'A') + s[n:], nil
		}
		return s, nil
	}
	return pyUpper(s[:n]) + s[n:], nil
}

func centerFilter(_ FilterCall, in, arg any) (any, error) {
	w, err := pyIntStrict("center", arg)
	if err != nil {
		return nil, err
	}
	s := in.(string)
	marg := w - utf8.RuneCountInString(s)
	if marg <= 0 {
		return s, nil
	}
	// CPython's str.center: the odd space goes left when width is odd.
	left := marg/2 + (marg & w & 1)
	return strings.Repeat(" ", left) + s + strings.Repeat(" ", marg-left), nil
}

func ljustFilter(_ FilterCall, in, arg any) (any, error) {
	w, err := pyIntStrict("ljust", arg)
	if err != nil {
		return nil, err
	}
	s := in.(string)
	if n := w - utf8.RuneCountInString(s); n > 0 {
		return s + strings.Repeat(" ", n), nil
	}
	return s, nil
}

func rjustFilter(_ FilterCall, in, arg any) (any, error) {
	w, err := pyIntStrict("rjust", arg)
	if err != nil {
		return nil, err
	}
	s := in.(string)
	if n := w - utf8.RuneCountInString(s); n > 0 {
		return strings.Repeat(" ", n) + s, nil
	}
	return s, nil
}

// cut removes every arg from the value; a safe value stays safe unless
// the cut string is ";" (which could break an entity).
func cutFilter(c FilterCall, in, arg any) (any, error) {
	sub, ok := stringOf(arg)
	if !ok {
		return nil, filterErr("cut", "replace() argument 1 must be str, not %s", pyTypeName(arg))
	}
	out := strings.ReplaceAll(in.(string), sub, "")
	if c.InputSafe && sub != ";" {
		return SafeString(out), nil
	}
	return out, nil
}

func lowerFilter(_ FilterCall, in, _ any) (any, error) { return pyLower(in.(string)), nil }

func upperFilter(_ FilterCall, in, _ any) (any, error) { return pyUpper(in.(string)), nil }

// make_list is list(str(value)): the characters, as plain strings.
func makeListFilter(_ FilterCall, in, _ any) (any, error) {
	s := in.(string)
	out := make([]any, 0, utf8.RuneCountInString(s))
	for i, r := range s {
		out = append(out, s[i:i+utf8.RuneLen(r)])
	}
	return out, nil
}

// phone2numeric is not a string filter in Django: anything but a string
// raises (AttributeError on .lower()).
func phone2numericFilter(_ FilterCall, in, _ any) (any, error) {
	s, ok := stringOf(normalize(in))
	if !ok {
		return nil, filterErr("phone2numeric", "'%s' object has no attribute 'lower'", pyTypeName(in))
	}
	s = pyLower(s)
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = phoneKeys[c-'a']
		}
	}
	return string(b), nil
}

// phoneKeys are the digits of a phone keypad for a..z.
const phoneKeys = "22233344455566677778889999"

func titleFilter(_ FilterCall, in, _ any) (any, error) { return djangoTitle(in.(string)), nil }

// djangoTitle is Django's title filter: str.title(), then a letter after
// an apostrophe ("they'Re") and a letter after a digit ("1St") lowered.
func djangoTitle(s string) string {
	t := pyTitle(s)
	var b []byte
	// re.sub("([a-z])'([A-Z])", lower) and re.sub(r"\d([A-Z])", lower),
	// applied one after the other.
	for i := 0; i+2 < len(t); i++ {
		if isASCIILower(t[i]) && t[i+1] == '\'' && isASCIIUpper(t[i+2]) {
			if b == nil {
				b = []byte(t)
			}
			b[i+2] += 'a' - 'A'
			i += 2
		}
	}
	if b != nil {
		t = string(b)
		b = nil
	}
	for i := 0; i < len(t); {
		r, n := utf8.DecodeRuneInString(t[i:])
		if unicode.IsDigit(r) && i+n < len(t) && isASCIIUpper(t[i+n]) {
			if b == nil {
				b = []byte(t)
			}
			b[i+n] += 'a' - 'A'
			i += n + 1
			continue
		}
		i += n
	}
	if b != nil {
		return string(b)
	}
	return t
}

func isASCIILower(c byte) bool { return 'a' <= c && c <= 'z' }
func isASCIIUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

func truncatecharsFilter(_ FilterCall, in, arg any) (any, error) {
	n, ok, err := pyIntArg("truncatechars", arg)
	if err != nil || !ok {
		return in, err
	}
	return truncateChars(in.(string), n), nil
}

func truncatewordsFilter(_ FilterCall, in, arg any) (any, error) {
	n, ok, err := pyIntArg("truncatewords", arg)
	if err != nil || !ok {
		return in, err
	}
	return truncateWords(in.(string), n), nil
}

func wordcountFilter(_ FilterCall, in, _ any) (any, error) {
	return int64(len(pyFields(in.(string)))), nil
}

func wordwrapFilter(_ FilterCall, in, arg any) (any, error) {
	w, err := pyIntStrict("wordwrap", arg)
	if err != nil {
		return nil, err
	}
	return wrapText(in.(string), w), nil
}

func slugifyFilter(_ FilterCall, in, _ any) (any, error) { return slugify(in.(string)), nil }

func stringformatFilter(_ FilterCall, in, arg any) (any, error) {
	return pyPercentFormat("%"+toStr(arg), in)
}

// ---- Python int() of filter arguments ----

// errPyValue and errPyType are Python's ValueError and TypeError from
// int() of a filter argument.
var (
	errPyValue = errors.New("invalid literal for int()")
	errPyType  = errors.New("int() argument must be a string or a number")
	// errPyOverflow is the OverflowError of int(float('inf')).
	errPyOverflow = errors.New("cannot convert float infinity to integer")
)

// pyIntClamp is Python's int(v): integers, floats (truncated), bools and
// strings holding an integer (with Python's spaces, sign and underscores).
// Values beyond int64 saturate.
func pyIntClamp(v any) (int, error) {
	n, b, e := pyInt(normalize(v))
	switch e {
	case pyOK:
		if b != nil {
			if b.Sign() > 0 {
				return math.MaxInt, nil
			}
			return math.MinInt, nil
		}
		return clampInt(n), nil
	case pyValueError:
		return 0, errPyValue
	case pyOverflowError:
		return 0, errPyOverflow
	}
	return 0, errPyType
}

func clampInt(n int64) int {
	if n > math.MaxInt {
		return math.MaxInt
	}
	if n < math.MinInt {
		return math.MinInt
	}
	return int(n)
}

// pyIntArg is the "try: int(arg) except ValueError: return value" of
// the truncation filters: ok is false on a ValueError; a TypeError (an
// argument that is neither a number nor a string) is an error.
func pyIntArg(name string, arg any) (n int, ok bool, err error) {
	n, err = pyIntClamp(arg)
	switch err {
	case nil:
		return n, true, nil
	case errPyValue:
		return 0, false, nil
	case errPyOverflow:
		return 0, false, filterErr(name, "%v", err)
	}
	return 0, false, filterErr(name, "int() argument must be a string or a number, not '%s'", pyTypeName(arg))
}

// pyIntStrict is int(arg) for filters that let every failure propagate.
func pyIntStrict(name string, arg any) (int, error) {
	n, err := pyIntClamp(arg)
	switch err {
	case nil:
		return n, nil
	case errPyValue:
		return 0, filterErr(name, "invalid literal for int() with base 10: %s", repr(arg))
	case errPyOverflow:
		return 0, filterErr(name, "%v", err)
	}
	return 0, filterErr(name, "int() argument must be a string or a number, not '%s'", pyTypeName(arg))
}

// ---- Python string semantics ----

// pyIsSpace is Python's str.isspace() for one character: Unicode
// White_Space plus the ASCII separators \x1c-\x1f.
func pyIsSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || ('\t' <= r && r <= '\r') || (0x1c <= r && r <= 0x1f)
	}
	return unicode.IsSpace(r)
}

// pyFields is Python's str.split() without arguments.
func pyFields(s string) []string { return strings.FieldsFunc(s, pyIsSpace) }

// pyIsWord is a character of Python's \w in a str pattern.
func pyIsWord(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// pyUpper is Python's str.upper(): full case mappings (ß → SS).
func pyUpper(s string) string {
	if isASCII(s) {
		return strings.ToUpper(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if m, ok := upperSpecial[r]; ok {
			b.WriteString(m)
			continue
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// pyLower is Python's str.lower(): full case mappings and the final
// sigma rule.
func pyLower(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := range rs {
		writeLower(&b, rs, i)
	}
	return b.String()
}

// pyTitle is Python's str.title(): a cased character following an
// uncased one is title-cased, every other one lower-cased.
func pyTitle(s string) string {
	if isASCII(s) {
		b := []byte(s)
		prevCased := false
		for i, c := range b {
			switch {
			case isASCIILower(c):
				if !prevCased {
					b[i] = c - ('a' - 'A')
				}
				prevCased = true
			case isASCIIUpper(c):
				if prevCased {
					b[i] = c + ('a' - 'A')
				}
				prevCased = true
			default:
				prevCased = false
			}
		}
		return string(b)
	}
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	prevCased := false
	for i, r := range rs {
		if prevCased {
			writeLower(&b, rs, i)
		} else if m, ok := titleSpecial[r]; ok {
			b.WriteString(m)
		} else {
			b.WriteRune(unicode.ToTitle(r))
		}
		prevCased = isCased(r)
	}
	return b.String()
}

// writeLower writes the lower case of rs[i], as CPython's lower_ucs4.
func writeLower(b *strings.Builder, rs []rune, i int) {
	r := rs[i]
	switch {
	case r == 'Σ':
		if finalSigma(rs, i) {
			b.WriteRune('ς')
		} else {
			b.WriteRune('σ')
		}
	case r == 'İ':
		b.WriteString("i\u0307")
	default:
		b.WriteRune(unicode.ToLower(r))
	}
}

// finalSigma reports whether the capital sigma at rs[i] ends a word:
// cased (case-ignorable)* Σ !((case-ignorable)* cased).
func finalSigma(rs []rune, i int) bool {
	j := i - 1
	for j >= 0 && isCaseIgnorable(rs[j]) {
		j--
	}
	if j < 0 || !isCased(rs[j]) {
		return false
	}
	j = i + 1
	for j < len(rs) && isCaseIgnorable(rs[j]) {
		j++
	}
	return j == len(rs) || !isCased(rs[j])
}

// isCased is Unicode's Cased property (Lowercase, Uppercase or Lt).
func isCased(r rune) bool {
	if r < utf8.RuneSelf {
		return ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
	}
	return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r) ||
		unicode.Is(unicode.Other_Lowercase, r) || unicode.Is(unicode.Other_Uppercase, r)
}

// isCaseIgnorable is Unicode's Case_Ignorable property.
func isCaseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', '^', '`', 0xB7, 0x387, 0x55F, 0x5F4, 0x2018, 0x2019, 0x2024, 0x2027,
		0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A:
		return true
	}
	return r >= utf8.RuneSelf && unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}

// pySplitLinesKeep is Python's str.splitlines(True).
func pySplitLinesKeep(s string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '\n', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				n = 2
			}
		default:
			i += n
			continue
		}
		lines = append(lines, s[start:i+n])
		i += n
		start = i
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}

// pySliceStop resolves the stop of Python's seq[:stop] for a length n.
func pySliceStop(stop, n int) int {
	if stop < 0 {
		stop += n
		if stop < 0 {
			return 0
		}
	}
	return min(stop, n)
}

// ---- django.utils.text ----

// wrapText is django.utils.text.wrap (Django 3.2): break lines at the
// last space within width, keep existing line breaks, never split words.
func wrapText(text string, width int) string {
	var b strings.Builder
	b.Grow(len(text) + len(text)/max(width, 1))
	for _, line := range pySplitLinesKeep(text) {
		rs := []rune(line)
		for len(rs) > width {
			space := lastIndexRune(rs[:pySliceStop(width+1, len(rs))], ' ') + 1
			if space == 0 {
				space = indexRune(rs, ' ') + 1
				if space == 0 {
					break
				}
			}
			b.WriteString(string(rs[:space-1]))
			b.WriteByte('\n')
			rs = rs[space:]
		}
		b.WriteString(string(rs))
	}
	return b.String()
}

func indexRune(rs []rune, r rune) int {
	for i, x := range rs {
		if x == r {
			return i
		}
	}
	return -1
}

func lastIndexRune(rs []rune, r rune) int {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i] == r {
			return i
		}
	}
	return -1
}

// truncateChars is Truncator(s).chars(n): at most n characters
// (combining marks not counted), the last being "…".
func truncateChars(s string, n int) string {
	s = nfc(s)
	truncateLen := n - 1 // the length of "…"
	count, end := 0, -1
	for i, r := range s {
		if isCombining(r) {
			continue
		}
		count++
		if end < 0 && count > truncateLen {
			end = i
		}
		if count > n {
			return s[:max(end, 0)] + "…"
		}
	}
	return s
}

// truncateWords is Truncator(s).words(n, truncate=' …'): the first n
// words (Python's str.split()), joined by single spaces.
func truncateWords(s string, n int) string {
	if n >= 0 {
		return truncateWordsFast(s, n)
	}
	words := pyFields(s)
	if len(words) > n {
		out := strings.Join(words[:pySliceStop(n, len(words))], " ")
		if strings.HasSuffix(out, " …") {
			return out
		}
		return out + " …"
	}
	return strings.Join(words, " ")
}

// truncateWordsFast is truncateWords for n >= 0 without splitting the
// whole text: it stops at the first word past n.
func truncateWordsFast(s string, n int) string {
	var b strings.Builder
	count := 0
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if pyIsSpace(r) {
			i += size
			continue
		}
		start := i
		for i < len(s) {
			r, size = rune(s[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
			if pyIsSpace(r) {
				break
			}
			i += size
		}
		count++
		if count > n {
			out := b.String()
			if strings.HasSuffix(out, " …") {
				return out
			}
			return out + " …"
		}
		if count > 1 {
			b.WriteByte(' ')
		} else {
			b.Grow(min(len(s), 16*n))
		}
		b.WriteString(s[start:i])
	}
	return b.String()
}

// slugify is django.utils.text.slugify (allow_unicode=False): NFKD to
// ASCII, drop what is not a word character, space or hyphen, lower,
// collapse runs of spaces and hyphens into one hyphen, strip "-" and "_".
func slugify(s string) string {
	b := make([]byte, 0, len(s))
	dash := false // a run of spaces or hyphens is pending
	add := func(c byte) {
		switch {
		case c == '-' || c == ' ' || ('\t' <= c && c <= '\r') || (0x1c <= c && c <= 0x1f):
			dash = true
		case c == '_' || ('0' <= c && c <= '9') || isASCIILower(c) || isASCIIUpper(c):
			if dash {
				b = append(b, '-')
				dash = false
			}
			if isASCIIUpper(c) {
				c += 'a' - 'A'
			}
			b = append(b, c)
		}
	}
	for _, r := range s {
		if r < utf8.RuneSelf {
			add(byte(r))
			continue
		}
		for _, c := range []byte(nfkdASCII(r)) {
			add(c)
		}
	}
	if dash {
		b = append(b, '-')
	}
	// strip('-_'): the leading hyphen of a run is kept in b only when a
	// word character followed it, so trim both ends.
	return strings.Trim(string(b), "-_")
}

// nfkdASCII is the ASCII letters, digits, underscores, hyphens and
// spaces of r's NFKD decomposition.
func nfkdASCII(r rune) string {
	return nfkdASCIIMap()[r]
}

// nfkdASCIIMap parses nfkdASCIIData once.
var nfkdASCIIMap = sync.OnceValue(func() map[rune]string {
	m := make(map[rune]string, 2000)
	s := nfkdASCIIData
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		i := 0
		for i < len(s) && s[i] < utf8.RuneSelf {
			i++
		}
		m[r] = s[:i]
		s = s[i:]
	}
	return m
})

// isCombining is unicodedata.combining(r) != 0.
func isCombining(r rune) bool { return combiningClass(r) != 0 }

// combiningClass is unicodedata.combining(r), the canonical combining
// class.
func combiningClass(r rune) uint8 {
	if r < 0x300 {
		return 0
	}
	lo, hi := 0, len(cccRanges)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch {
		case r < cccRanges[m].lo:
			hi = m
		case r > cccRanges[m].hi:
			lo = m + 1
		default:
			return cccRanges[m].ccc
		}
	}
	return 0
}

// cccRange gives runes lo..hi the combining class ccc.
type cccRange struct {
	lo, hi rune
	ccc    uint8
}

// nfcData is the canonical composition table, parsed once.
type nfcData struct {
	pairs  map[[2]rune]rune
	second map[rune]bool   // runes that compose with what precedes them
	decomp map[rune]string // runes NFC replaces (singletons, exclusions)
}

var nfcTables = sync.OnceValue(func() *nfcData {
	d := &nfcData{pairs: make(map[[2]rune]rune, 1024), second: make(map[rune]bool, 128), decomp: make(map[rune]string, 128)}
	for s := nfcPairData; s != ""; {
		a, n := utf8.DecodeRuneInString(s)
		b, m := utf8.DecodeRuneInString(s[n:])
		c, k := utf8.DecodeRuneInString(s[n+m:])
		s = s[n+m+k:]
		d.pairs[[2]rune{a, b}] = c
		d.second[b] = true
	}
	for s := nfcDecompData; s != ""; {
		r, n := utf8.DecodeRuneInString(s)
		end := strings.IndexByte(s, '|')
		d.decomp[r] = s[n:end]
		s = s[end+1:]
	}
	return d
})

// Hangul syllable composition (Unicode 3.12).
const (
	hangulSBase, hangulLBase, hangulVBase, hangulTBase = 0xAC00, 0x1100, 0x1161, 0x11A7
	hangulLCount, hangulVCount, hangulTCount           = 19, 21, 28
	hangulNCount                                       = hangulVCount * hangulTCount
	hangulSCount                                       = hangulLCount * hangulNCount
)

func (d *nfcData) compose(a, b rune) (rune, bool) {
	switch {
	case hangulLBase <= a && a < hangulLBase+hangulLCount && hangulVBase <= b && b < hangulVBase+hangulVCount:
		return hangulSBase + ((a-hangulLBase)*hangulVCount+b-hangulVBase)*hangulTCount, true
	case hangulSBase <= a && a < hangulSBase+hangulSCount && (a-hangulSBase)%hangulTCount == 0 &&
		hangulTBase < b && b < hangulTBase+hangulTCount:
		return a + b - hangulTBase, true
	}
	c, ok := d.pairs[[2]rune{a, b}]
	return c, ok
}

// nfc is unicodedata.normalize('NFC', s), but for two rare cases: a
// precomposed character followed by a combining mark that sorts before
// its own (é + U+0323) is not decomposed and re-ordered, and the CJK
// compatibility ideographs are left as they are. Characters that NFC
// replaces are decomposed, combining marks put in canonical order and
// composed with their base.
func nfc(s string) string {
	if isASCII(s) {
		return s
	}
	d := nfcTables()
	need := false
	for _, r := range s {
		if r >= 0x300 && (d.second[r] || combiningClass(r) != 0 || d.decomp[r] != "" ||
			(hangulVBase <= r && r < hangulVBase+hangulVCount) || (hangulTBase < r && r < hangulTBase+hangulTCount)) {
			need = true
			break
		}
	}
	if !need {
		return s
	}
	rs := make([]rune, 0, len(s))
	for _, r := range s {
		if dec, ok := d.decomp[r]; ok {
			for _, x := range dec {
				rs = append(rs, x)
			}
			continue
		}
		rs = append(rs, r)
	}
	// Canonical ordering: a stable sort of each run of non-starters.
	for i := 1; i < len(rs); i++ {
		c := combiningClass(rs[i])
		if c == 0 {
			continue
		}
		for j := i; j > 0 && combiningClass(rs[j-1]) > c; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
	// Canonical composition.
	starter, last := 0, 256
	if combiningClass(rs[0]) == 0 {
		last = 0
	}
	w := 1
	for _, r := range rs[1:] {
		c := int(combiningClass(r))
		if comp, ok := d.compose(rs[starter], r); ok && (last < c || last == 0) {
			rs[starter] = comp
			continue
		}
		if c == 0 {
			starter = w
		}
		last = c
		rs[w] = r
		w++
	}
	return string(rs[:w])
}

// ---- Python %-formatting (stringformat) ----

// errFormat is a ValueError or TypeError of Python's % operator:
// stringformat returns "" for it.
var errFormat = errors.New("format error")

// pyPercentFormat is Python's format % value for one value; Django's
// stringformat turns ValueError and TypeError into "", other failures
// propagate.
func pyPercentFormat(format string, value any) (any, error) {
	out, err := percentFormat(format, value)
	if err == errFormat {
		return "", nil
	}
	if err != nil {
		return nil, filterErr("stringformat", "%v", err)
	}
	return out, nil
}

// percentSpec is one conversion specification.
type percentSpec struct {
	minus, plus, space, alt, zero bool
	width, prec                   int // prec < 0: none
	conv                          byte
}

func percentFormat(format string, value any) (string, error) {
	v := normalize(value)
	mapping := isMappingLike(v)
	used := false
	var b strings.Builder
	for i := 0; i < len(format); {
		j := strings.IndexByte(format[i:], '%')
		if j < 0 {
			b.WriteString(format[i:])
			break
		}
		b.WriteString(format[i : i+j])
		i += j + 1
		if i >= len(format) {
			return "", errFormat // incomplete format
		}
		arg, keyed := v, false
		if format[i] == '(' {
			if !mapping {
				return "", errFormat // format requires a mapping
			}
			depth, k := 1, i+1
			for ; k < len(format) && depth > 0; k++ {
				switch format[k] {
				case '(':
					depth++
				case ')':
					depth--
				}
			}
			if depth > 0 {
				return "", errFormat // incomplete format key
			}
			key := format[i+1 : k-1]
			if _, isList := v.([]any); isList {
				return "", errFormat // list indices must be integers
			}
			item, found, err := lookup(v, key)
			if err != nil || !found {
				return "", fmt.Errorf("KeyError: %s", reprString(key))
			}
			arg, keyed = normalize(item), true
			i = k
		}
		var sp percentSpec
		sp.prec = -1
	flags:
		for i < len(format) {
			switch format[i] {
			case '-':
				sp.minus = true
			case '+':
				sp.plus = true
			case ' ':
				sp.space = true
			case '#':
				sp.alt = true
			case '0':
				sp.zero = true
			default:
				break flags
			}
			i++
		}
		if i < len(format) && format[i] == '*' {
			return "", errFormat // * consumes an argument there is none of
		}
		for i < len(format) && '0' <= format[i] && format[i] <= '9' {
			sp.width = min(sp.width*10+int(format[i]-'0'), 1<<20)
			i++
		}
		if i < len(format) && format[i] == '.' {
			i++
			if i < len(format) && format[i] == '*' {
				return "", errFormat
			}
			sp.prec = 0
			for i < len(format) && '0' <= format[i] && format[i] <= '9' {
				sp.prec = min(sp.prec*10+int(format[i]-'0'), 1<<20)
				i++
			}
		}
		for i < len(format) && (format[i] == 'h' || format[i] == 'l' || format[i] == 'L') {
			i++
		}
		if i >= len(format) {
			return "", errFormat
		}
		sp.conv = format[i]
		i++
		if sp.conv == '%' {
			b.WriteByte('%')
			continue
		}
		if !keyed {
			if used {
				return "", errFormat // not enough arguments
			}
			used = true
		}
		s, err := sp.format(arg)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	if !used && !mapping {
		return "", errFormat // not all arguments converted
	}
	return b.String(), nil
}

// isMappingLike reports whether Python's % treats v as a mapping
// (anything subscriptable but a tuple or a string).
func isMappingLike(v any) bool {
	switch v.(type) {
	case []any, map[string]any, Mapping:
		return true
	case nil, string, SafeString, int64, float64, bool:
		return false
	}
	_, ok := toList(v)
	return ok && !isNumber(v)
}

// format converts one argument.
func (sp *percentSpec) format(v any) (string, error) {
	switch sp.conv {
	case 's', 'r', 'a':
		var s string
		switch sp.conv {
		case 's':
			s = toStr(v)
		case 'r':
			s = repr(v)
		default:
			s = asciiRepr(repr(v))
		}
		if sp.prec >= 0 {
			s = truncateRunes(s, sp.prec)
		}
		return sp.pad("", "", s, false), nil
	case 'c':
		var s string
		switch x := v.(type) {
		case int64:
			if x < 0 || x > unicode.MaxRune {
				return "", errors.New("OverflowError: %c arg not in range(0x110000)")
			}
			s = string(rune(x))
		case bool:
			s = string(rune(boolInt(x)))
		case string:
			if utf8.RuneCountInString(x) != 1 {
				return "", errFormat
			}
			s = x
		case SafeString:
			if utf8.RuneCountInString(string(x)) != 1 {
				return "", errFormat
			}
			s = string(x)
		default:
			return "", errFormat
		}
		return sp.pad("", "", s, false), nil
	case 'd', 'i', 'u':
		var digits string
		var neg bool
		switch x := v.(type) {
		case int64:
			digits, neg = strconv.FormatUint(absInt64(x), 10), x < 0
		case bool:
			digits = strconv.FormatInt(boolInt(x), 10)
		case float64:
			if math.IsNaN(x) {
				return "", errFormat
			}
			if math.IsInf(x, 0) {
				return "", errors.New("OverflowError: cannot convert float infinity to integer")
			}
			t := math.Trunc(x)
			digits, neg = strconv.FormatFloat(math.Abs(t), 'f', 0, 64), t < 0
		default:
			return "", errFormat
		}
		return sp.padNumber(neg, "", sp.zeroExtend(digits)), nil
	case 'o', 'x', 'X':
		var u uint64
		var neg bool
		switch x := v.(type) {
		case int64:
			u, neg = absInt64(x), x < 0
		case bool:
			u = uint64(boolInt(x))
		default:
			return "", errFormat
		}
		base, prefix := 16, "0x"
		if sp.conv == 'o' {
			base, prefix = 8, "0o"
		}
		digits := strconv.FormatUint(u, base)
		if sp.conv == 'X' {
			digits, prefix = strings.ToUpper(digits), "0X"
		}
		if !sp.alt {
			prefix = ""
		}
		return sp.padNumber(neg, prefix, sp.zeroExtend(digits)), nil
	case 'e', 'E', 'f', 'F', 'g', 'G':
		var f float64
		switch x := v.(type) {
		case int64:
			f = float64(x)
		case float64:
			f = x
		case bool:
			f = float64(boolInt(x))
		default:
			return "", errFormat
		}
		return sp.padNumber(math.Signbit(f) && !math.IsNaN(f), "", sp.formatFloat(math.Abs(f))), nil
	}
	return "", errFormat // unsupported format character
}

// zeroExtend pads integer digits to the precision.
func (sp *percentSpec) zeroExtend(digits string) string {
	if sp.prec > len(digits) {
		return strings.Repeat("0", sp.prec-len(digits)) + digits
	}
	return digits
}

// formatFloat formats a non-negative float for e, f and g conversions.
func (sp *percentSpec) formatFloat(f float64) string {
	upper := sp.conv == 'E' || sp.conv == 'F' || sp.conv == 'G'
	var s string
	switch {
	case math.IsNaN(f):
		s = "nan"
	case math.IsInf(f, 0):
		s = "inf"
	default:
		prec := sp.prec
		if prec < 0 {
			prec = 6
		}
		verb := sp.conv | 0x20 // lower case
		if verb == 'g' && prec == 0 {
			prec = 1
		}
		if sp.alt {
			s = fmt.Sprintf("%#.*"+string(verb), prec, f)
		} else {
			s = strconv.FormatFloat(f, verb, prec, 64)
		}
	}
	if upper {
		s = strings.ToUpper(s)
	}
	return s
}

// padNumber lays out sign, prefix and digits in the field width.
func (sp *percentSpec) padNumber(neg bool, prefix, body string) string {
	sign := ""
	switch {
	case neg:
		sign = "-"
	case sp.plus:
		sign = "+"
	case sp.space:
		sign = " "
	}
	return sp.pad(sign, prefix, body, true)
}

// pad fills the field: left-justified with spaces, or zero-filled
// between sign and digits for numbers, or right-justified.
func (sp *percentSpec) pad(sign, prefix, body string, numeric bool) string {
	n := sp.width - len(sign) - len(prefix) - utf8.RuneCountInString(body)
	if n <= 0 {
		return sign + prefix + body
	}
	switch {
	case sp.minus:
		return sign + prefix + body + strings.Repeat(" ", n)
	case sp.zero && numeric:
		return sign + prefix + strings.Repeat("0", n) + body
	}
	return strings.Repeat(" ", n) + sign + prefix + body
}

func absInt64(x int64) uint64 {
	if x < 0 {
		return uint64(-(x + 1)) + 1
	}
	return uint64(x)
}

// truncateRunes keeps the first n characters of s.
func truncateRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// asciiRepr is Python's ascii(): repr with non-ASCII characters escaped.
func asciiRepr(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x10000:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	return b.String()
}

// ---- Unicode data ----
//
// The tables below were generated from Python 3.11's unicodedata
// (Unicode 14.0.0), against which Django's results were produced:
// upperSpecial and titleSpecial are the full case mappings where
// str.upper() and str.title() differ from unicode.ToUpper and
// unicode.ToTitle; nfkdASCIIData pairs each rune with the letters,
// digits, underscores, hyphens and spaces of its NFKD decomposition;
// nfcPairData lists the canonical compositions (a, b → c), nfcDecompData
// the canonical decompositions of the characters NFC never keeps
// (besides the CJK compatibility ideographs), each ended by "|", and
// cccRanges the non-zero canonical combining classes.

var upperSpecial = map[rune]string{
	0x00DF: "SS", 0x0149: "ʼN", 0x01F0: "J\u030c",
	0x0390: "Ι\u0308\u0301", 0x03B0: "Υ\u0308\u0301", 0x0587: "ԵՒ",
	0x1E96: "H\u0331", 0x1E97: "T\u0308", 0x1E98: "W\u030a",
	0x1E99: "Y\u030a", 0x1E9A: "Aʾ", 0x1F50: "Υ\u0313",
	0x1F52: "Υ\u0313\u0300", 0x1F54: "Υ\u0313\u0301",
	0x1F56: "Υ\u0313\u0342", 0x1F80: "ἈΙ", 0x1F81: "ἉΙ",
	0x1F82: "ἊΙ", 0x1F83: "ἋΙ", 0x1F84: "ἌΙ", 0x1F85: "ἍΙ",
	0x1F86: "ἎΙ", 0x1F87: "ἏΙ", 0x1F88: "ἈΙ", 0x1F89: "ἉΙ",
	0x1F8A: "ἊΙ", 0x1F8B: "ἋΙ", 0x1F8C: "ἌΙ", 0x1F8D: "ἍΙ",
	0x1F8E: "ἎΙ", 0x1F8F: "ἏΙ", 0x1F90: "ἨΙ", 0x1F91: "ἩΙ",
	0x1F92: "ἪΙ", 0x1F93: "ἫΙ", 0x1F94: "ἬΙ", 0x1F95: "ἭΙ",
	0x1F96: "ἮΙ", 0x1F97: "ἯΙ", 0x1F98: "ἨΙ", 0x1F99: "ἩΙ",
	0x1F9A: "ἪΙ", 0x1F9B: "ἫΙ", 0x1F9C: "ἬΙ", 0x1F9D: "ἭΙ",
	0x1F9E: "ἮΙ", 0x1F9F: "ἯΙ", 0x1FA0: "ὨΙ", 0x1FA1: "ὩΙ",
	0x1FA2: "ὪΙ", 0x1FA3: "ὫΙ", 0x1FA4: "ὬΙ", 0x1FA5: "ὭΙ",
	0x1FA6: "ὮΙ", 0x1FA7: "ὯΙ", 0x1FA8: "ὨΙ", 0x1FA9: "ὩΙ",
	0x1FAA: "ὪΙ", 0x1FAB: "ὫΙ", 0x1FAC: "ὬΙ", 0x1FAD: "ὭΙ",
	0x1FAE: "ὮΙ", 0x1FAF: "ὯΙ", 0x1FB2: "ᾺΙ", 0x1FB3: "ΑΙ",
	0x1FB4: "ΆΙ", 0x1FB6: "Α\u0342", 0x1FB7: "Α\u0342Ι",
	0x1FBC: "ΑΙ", 0x1FC2: "ῊΙ", 0x1FC3: "ΗΙ", 0x1FC4: "ΉΙ",
	0x1FC6: "Η\u0342", 0x1FC7: "Η\u0342Ι", 0x1FCC: "ΗΙ",
	0x1FD2: "Ι\u0308\u0300", 0x1FD3: "Ι\u0308\u0301",
	0x1FD6: "Ι\u0342", 0x1FD7: "Ι\u0308\u0342",
	0x1FE2: "Υ\u0308\u0300", 0x1FE3: "Υ\u0308\u0301",
	0x1FE4: "Ρ\u0313", 0x1FE6: "Υ\u0342", 0x1FE7: "Υ\u0308\u0342",
	0x1FF2: "ῺΙ", 0x1FF3: "ΩΙ", 0x1FF4: "ΏΙ", 0x1FF6: "Ω\u0342",
	0x1FF7: "Ω\u0342Ι", 0x1FFC: "ΩΙ", 0xFB00: "FF", 0xFB01: "FI",
	0xFB02: "FL", 0xFB03: "FFI", 0xFB04: "FFL", 0xFB05: "ST",
	0xFB06: "ST", 0xFB13: "ՄՆ", 0xFB14: "ՄԵ", 0xFB15: "ՄԻ",
	0xFB16: "ՎՆ", 0xFB17: "ՄԽ",
}

var titleSpecial = map[rune]string{
	0x00DF: "Ss", 0x0149: "ʼN", 0x01F0: "J\u030c",
	0x0390: "Ι\u0308\u0301", 0x03B0: "Υ\u0308\u0301", 0x0587: "Եւ",
	0x1E96: "H\u0331", 0x1E97: "T\u0308", 0x1E98: "W\u030a",
	0x1E99: "Y\u030a", 0x1E9A: "Aʾ", 0x1F50: "Υ\u0313",
	0x1F52: "Υ\u0313\u0300", 0x1F54: "Υ\u0313\u0301",
	0x1F56: "Υ\u0313\u0342", 0x1FB2: "Ὰ\u0345", 0x1FB4: "Ά\u0345",
	0x1FB6: "Α\u0342", 0x1FB7: "Α\u0342\u0345", 0x1FC2: "Ὴ\u0345",
	0x1FC4: "Ή\u0345", 0x1FC6: "Η\u0342", 0x1FC7: "Η\u0342\u0345",
	0x1FD2: "Ι\u0308\u0300", 0x1FD3: "Ι\u0308\u0301",
	0x1FD6: "Ι\u0342", 0x1FD7: "Ι\u0308\u0342",
	0x1FE2: "Υ\u0308\u0300", 0x1FE3: "Υ\u0308\u0301",
	0x1FE4: "Ρ\u0313", 0x1FE6: "Υ\u0342", 0x1FE7: "Υ\u0308\u0342",
	0x1FF2: "Ὼ\u0345", 0x1FF4: "Ώ\u0345", 0x1FF6: "Ω\u0342",
	0x1FF7: "Ω\u0342\u0345", 0xFB00: "Ff", 0xFB01: "Fi",
	0xFB02: "Fl", 0xFB03: "Ffi", 0xFB04: "Ffl", 0xFB05: "St",
	0xFB06: "St", 0xFB13: "Մն", 0xFB14: "Մե", 0xFB15: "Մի",
	0xFB16: "Վն", 0xFB17: "Մխ",
}

const nfkdASCIIData = "" +
	"\u00a0 \u00a8 ªa\u00af ²2³3\u00b4 \u00b8 ¹1ºo¼14½12¾34ÀAÁAÂAÃAÄA" +
	"ÅAÇCÈEÉEÊEËEÌIÍIÎIÏIÑNÒOÓOÔOÕOÖOÙUÚUÛUÜUÝYàaáaâaãaäaåaçcèeéeêeëe" +
	"ìiíiîiïiñnòoóoôoõoöoùuúuûuüuýyÿyĀAāaĂAăaĄAąaĆCćcĈCĉcĊCċcČCčcĎDďd" +
	"ĒEēeĔEĕeĖEėeĘEęeĚEěeĜGĝgĞGğgĠGġgĢGģgĤHĥhĨIĩiĪIīiĬIĭiĮIįiİIĲIJĳij" +
	"ĴJĵjĶKķkĹLĺlĻLļlĽLľlĿLŀlŃNńnŅNņnŇNňnŉnŌOōoŎOŏoŐOőoŔRŕrŖRŗrŘRřrŚS" +
	"śsŜSŝsŞSşsŠSšsŢTţtŤTťtŨUũuŪUūuŬUŭuŮUůuŰUűuŲUųuŴWŵwŶYŷyŸYŹZźzŻZżz" +
	"ŽZžzſsƠOơoƯUưuǄDZǅDzǆdzǇLJǈLjǉljǊNJǋNjǌnjǍAǎaǏIǐiǑOǒoǓUǔuǕUǖuǗU" +
	"ǘuǙUǚuǛUǜuǞAǟaǠAǡaǦGǧgǨKǩkǪOǫoǬOǭoǰjǱDZǲDzǳdzǴGǵgǸNǹnǺAǻaȀAȁaȂA" +
	"ȃaȄEȅeȆEȇeȈIȉiȊIȋiȌOȍoȎOȏoȐRȑrȒRȓrȔUȕuȖUȗuȘSșsȚTțtȞHȟhȦAȧaȨEȩeȪO" +
	"ȫoȬOȭoȮOȯoȰOȱoȲYȳyʰhʲjʳrʷwʸy\u02d8 \u02d9 \u02da \u02db \u02dc " +
	"\u02dd ˡlˢsˣxͺ \u0384 \u0385 ᴬAᴮBᴰDᴱEᴳGᴴHᴵIᴶJᴷKᴸLᴹMᴺNᴼOᴾPᴿRᵀTᵁU" +
	"ᵂWᵃaᵇbᵈdᵉeᵍgᵏkᵐmᵒoᵖpᵗtᵘuᵛvᵢiᵣrᵤuᵥvᶜcᶠfᶻzḀAḁaḂBḃbḄBḅbḆBḇbḈCḉcḊDḋd" +
	"ḌDḍdḎDḏdḐDḑdḒDḓdḔEḕeḖEḗeḘEḙeḚEḛeḜEḝeḞFḟfḠGḡgḢHḣhḤHḥhḦHḧhḨHḩhḪHḫh" +
	"ḬIḭiḮIḯiḰKḱkḲKḳkḴKḵkḶLḷlḸLḹlḺLḻlḼLḽlḾMḿmṀMṁmṂMṃmṄNṅnṆNṇnṈNṉnṊNṋn" +
	"ṌOṍoṎOṏoṐOṑoṒOṓoṔPṕpṖPṗpṘRṙrṚRṛrṜRṝrṞRṟrṠSṡsṢSṣsṤSṥsṦSṧsṨSṩsṪTṫt" +
	"ṬTṭtṮTṯtṰTṱtṲUṳuṴUṵuṶUṷuṸUṹuṺUṻuṼVṽvṾVṿvẀWẁwẂWẃwẄWẅwẆWẇwẈWẉwẊXẋx" +
	"ẌXẍxẎYẏyẐZẑzẒZẓzẔZẕzẖhẗtẘwẙyẚaẛsẠAạaẢAảaẤAấaẦAầaẨAẩaẪAẫaẬAậaẮAắa" +
	"ẰAằaẲAẳaẴAẵaẶAặaẸEẹeẺEẻeẼEẽeẾEếeỀEềeỂEểeỄEễeỆEệeỈIỉiỊIịiỌOọoỎOỏo" +
	"ỐOốoỒOồoỔOổoỖOỗoỘOộoỚOớoỜOờoỞOởoỠOỡoỢOợoỤUụuỦUủuỨUứuỪUừuỬUửuỮUữu" +
	"ỰUựuỲYỳyỴYỵyỶYỷyỸYỹy\u1fbd \u1fbf \u1fc0 \u1fc1 \u1fcd \u1fce " +
	"\u1fcf \u1fdd \u1fde \u1fdf \u1fed \u1fee \u1ffd \u1ffe \u2000 " +
	"\u2001 \u2002 \u2003 \u2004 \u2005 \u2006 \u2007 \u2008 \u2009 " +
	"\u200a ‗ \u202f ‾ \u205f ⁰0ⁱi⁴4⁵5⁶6⁷7⁸8⁹9ⁿn₀0₁1₂2₃3₄4₅5₆6₇7₈8₉9" +
	"ₐaₑeₒoₓxₕhₖkₗlₘmₙnₚpₛsₜt₨Rs℀ac℁asℂC℃C℅co℆cu℉FℊgℋHℌHℍHℎhℐIℑIℒLℓl" +
	"ℕN№NoℙPℚQℛRℜRℝR℠SM℡TEL™TMℤZℨZKKÅAℬBℭCℯeℰEℱFℳMℴoℹi℻FAXⅅDⅆdⅇeⅈiⅉj" +
	"⅐17⅑19⅒110⅓13⅔23⅕15⅖25⅗35⅘45⅙16⅚56⅛18⅜38⅝58⅞78⅟1ⅠIⅡIIⅢIIIⅣIVⅤV" +
	"ⅥVIⅦVIIⅧVIIIⅨIXⅩXⅪXIⅫXIIⅬLⅭCⅮDⅯMⅰiⅱiiⅲiiiⅳivⅴvⅵviⅶviiⅷviiiⅸixⅹx" +
	"ⅺxiⅻxiiⅼlⅽcⅾdⅿm↉03①1②2③3④4⑤5⑥6⑦7⑧8⑨9⑩10⑪11⑫12⑬13⑭14⑮15⑯16⑰17⑱18" +
	"⑲19⑳20⑴1⑵2⑶3⑷4⑸5⑹6⑺7⑻8⑼9⑽10⑾11⑿12⒀13⒁14⒂15⒃16⒄17⒅18⒆19⒇20⒈1⒉2⒊3" +
	"⒋4⒌5⒍6⒎7⒏8⒐9⒑10⒒11⒓12⒔13⒕14⒖15⒗16⒘17⒙18⒚19⒛20⒜a⒝b⒞c⒟d⒠e⒡f⒢g⒣h⒤i" +
	"⒥j⒦k⒧l⒨m⒩n⒪o⒫p⒬q⒭r⒮s⒯t⒰u⒱v⒲w⒳x⒴y⒵zⒶAⒷBⒸCⒹDⒺEⒻFⒼGⒽHⒾIⒿJⓀKⓁLⓂMⓃNⓄO" +
	"ⓅPⓆQⓇRⓈSⓉTⓊUⓋVⓌWⓍXⓎYⓏZⓐaⓑbⓒcⓓdⓔeⓕfⓖgⓗhⓘiⓙjⓚkⓛlⓜmⓝnⓞoⓟpⓠqⓡrⓢsⓣtⓤu" +
	"ⓥvⓦwⓧxⓨyⓩz⓪0ⱼjⱽV\u3000 \u309b \u309c \u3250PTE\u325121\u325222" +
	"\u325323\u325424\u325525\u325626\u325727\u325828\u325929\u325a30" +
	"\u325b31\u325c32\u325d33\u325e34\u325f35\u32b136\u32b237\u32b338" +
	"\u32b439\u32b540\u32b641\u32b742\u32b843\u32b944\u32ba45\u32bb46" +
	"\u32bc47\u32bd48\u32be49\u32bf50\u32c01\u32c12\u32c23\u32c34" +
	"\u32c45\u32c56\u32c67\u32c78\u32c89\u32c910\u32ca11\u32cb12" +
	"\u32ccHg\u32cderg\u32ceeV\u32cfLTD\u33580\u33591\u335a2\u335b3" +
	"\u335c4\u335d5\u335e6\u335f7\u33608\u33619\u336210\u336311" +
	"\u336412\u336513\u336614\u336715\u336816\u336917\u336a18\u336b19" +
	"\u336c20\u336d21\u336e22\u336f23\u337024\u3371hPa\u3372da" +
	"\u3373AU\u3374bar\u3375oV\u3376pc\u3377dm\u3378dm2\u3379dm3" +
	"\u337aIU\u3380pA\u3381nA\u3382A\u3383mA\u3384kA\u3385KB\u3386MB" +
	"\u3387GB\u3388cal\u3389kcal\u338apF\u338bnF\u338cF\u338dg" +
	"\u338emg\u338fkg\u3390Hz\u3391kHz\u3392MHz\u3393GHz\u3394THz" +
	"\u3395l\u3396ml\u3397dl\u3398kl\u3399fm\u339anm\u339bm\u339cmm" +
	"\u339dcm\u339ekm\u339fmm2\u33a0cm2\u33a1m2\u33a2km2\u33a3mm3" +
	"\u33a4cm3\u33a5m3\u33a6km3\u33a7ms\u33a8ms2\u33a9Pa\u33aakPa" +
	"\u33abMPa\u33acGPa\u33adrad\u33aerads\u33afrads2\u33b0ps\u33b1ns" +
	"\u33b2s\u33b3ms\u33b4pV\u33b5nV\u33b6V\u33b7mV\u33b8kV\u33b9MV" +
	"\u33bapW\u33bbnW\u33bcW\u33bdmW\u33bekW\u33bfMW\u33c0k\u33c1M" +
	"\u33c2am\u33c3Bq\u33c4cc\u33c5cd\u33c6Ckg\u33c7Co\u33c8dB" +
	"\u33c9Gy\u33caha\u33cbHP\u33ccin\u33cdKK\u33ceKM\u33cfkt\u33d0lm" +
	"\u33d1ln\u33d2log\u33d3lx\u33d4mb\u33d5mil\u33d6mol\u33d7PH" +
	"\u33d8pm\u33d9PPM\u33daPR\u33dbsr\u33dcSv\u33ddWb\u33deVm" +
	"\u33dfAm\u33e01\u33e12\u33e23\u33e34\u33e45\u33e56\u33e67\u33e78" +
	"\u33e89\u33e910\u33ea11\u33eb12\u33ec13\u33ed14\u33ee15\u33ef16" +
	"\u33f017\u33f118\u33f219\u33f320\u33f421\u33f522\u33f623\u33f724" +
	"\u33f825\u33f926\u33fa27\u33fb28\u33fc29\u33fd30\u33fe31" +
	"\u33ffgalꟲCꟳFꟴQﬀffﬁfiﬂflﬃffiﬄfflﬅstﬆstﱞ ﱟ ﱠ ﱡ ﱢ ﱣ ﷺ   ﷻ \ufe33_" +
	"\ufe34_\ufe49 \ufe4a \ufe4b \ufe4c \ufe4d_\ufe4e_\ufe4f_\ufe63-" +
	"ﹰ ﹲ ﹴ ﹶ ﹸ ﹺ ﹼ ﹾ \uff0d-\uff100\uff111\uff122\uff133\uff144" +
	"\uff155\uff166\uff177\uff188\uff199\uff21A\uff22B\uff23C\uff24D" +
	"\uff25E\uff26F\uff27G\uff28H\uff29I\uff2aJ\uff2bK\uff2cL\uff2dM" +
	"\uff2eN\uff2fO\uff30P\uff31Q\uff32R\uff33S\uff34T\uff35U\uff36V" +
	"\uff37W\uff38X\uff39Y\uff3aZ\uff3f_\uff41a\uff42b\uff43c\uff44d" +
	"\uff45e\uff46f\uff47g\uff48h\uff49i\uff4aj\uff4bk\uff4cl\uff4dm" +
	"\uff4en\uff4fo\uff50p\uff51q\uff52r\uff53s\uff54t\uff55u\uff56v" +
	"\uff57w\uff58x\uff59y\uff5az\uffe3 \U000107a5q\U0001d400A" +
	"\U0001d401B\U0001d402C\U0001d403D\U0001d404E\U0001d405F" +
	"\U0001d406G\U0001d407H\U0001d408I\U0001d409J\U0001d40aK" +
	"\U0001d40bL\U0001d40cM\U0001d40dN\U0001d40eO\U0001d40fP" +
	"\U0001d410Q\U0001d411R\U0001d412S\U0001d413T\U0001d414U" +
	"\U0001d415V\U0001d416W\U0001d417X\U0001d418Y\U0001d419Z" +
	"\U0001d41aa\U0001d41bb\U0001d41cc\U0001d41dd\U0001d41ee" +
	"\U0001d41ff\U0001d420g\U0001d421h\U0001d422i\U0001d423j" +
	"\U0001d424k\U0001d425l\U0001d426m\U0001d427n\U0001d428o" +
	"\U0001d429p\U0001d42aq\U0001d42br\U0001d42cs\U0001d42dt" +
	"\U0001d42eu\U0001d42fv\U0001d430w\U0001d431x\U0001d432y" +
	"\U0001d433z\U0001d434A\U0001d435B\U0001d436C\U0001d437D" +
	"\U0001d438E\U0001d439F\U0001d43aG\U0001d43bH\U0001d43cI" +
	"\U0001d43dJ\U0001d43eK\U0001d43fL\U0001d440M\U0001d441N" +
	"\U0001d442O\U0001d443P\U0001d444Q\U0001d445R\U0001d446S" +
	"\U0001d447T\U0001d448U\U0001d449V\U0001d44aW\U0001d44bX" +
	"\U0001d44cY\U0001d44dZ\U0001d44ea\U0001d44fb\U0001d450c" +
	"\U0001d451d\U0001d452e\U0001d453f\U0001d454g\U0001d456i" +
	"\U0001d457j\U0001d458k\U0001d459l\U0001d45am\U0001d45bn" +
	"\U0001d45co\U0001d45dp\U0001d45eq\U0001d45fr\U0001d460s" +
	"\U0001d461t\U0001d462u\U0001d463v\U0001d464w\U0001d465x" +
	"\U0001d466y\U0001d467z\U0001d468A\U0001d469B\U0001d46aC" +
	"\U0001d46bD\U0001d46cE\U0001d46dF\U0001d46eG\U0001d46fH" +
	"\U0001d470I\U0001d471J\U0001d472K\U0001d473L\U0001d474M" +
	"\U0001d475N\U0001d476O\U0001d477P\U0001d478Q\U0001d479R" +
	"\U0001d47aS\U0001d47bT\U0001d47cU\U0001d47dV\U0001d47eW" +
	"\U0001d47fX\U0001d480Y\U0001d481Z\U0001d482a\U0001d483b" +
	"\U0001d484c\U0001d485d\U0001d486e\U0001d487f\U0001d488g" +
	"\U0001d489h\U0001d48ai\U0001d48bj\U0001d48ck\U0001d48dl" +
	"\U0001d48em\U0001d48fn\U0001d490o\U0001d491p\U0001d492q" +
	"\U0001d493r\U0001d494s\U0001d495t\U0001d496u\U0001d497v" +
	"\U0001d498w\U0001d499x\U0001d49ay\U0001d49bz\U0001d49cA" +
	"\U0001d49eC\U0001d49fD\U0001d4a2G\U0001d4a5J\U0001d4a6K" +
	"\U0001d4a9N\U0001d4aaO\U0001d4abP\U0001d4acQ\U0001d4aeS" +
	"\U0001d4afT\U0001d4b0U\U0001d4b1V\U0001d4b2W\U0001d4b3X" +
	"\U0001d4b4Y\U0001d4b5Z\U0001d4b6a\U0001d4b7b\U0001d4b8c" +
	"\U0001d4b9d\U0001d4bbf\U0001d4bdh\U0001d4bei\U0001d4bfj" +
	"\U0001d4c0k\U0001d4c1l\U0001d4c2m\U0001d4c3n\U0001d4c5p" +
	"\U0001d4c6q\U0001d4c7r\U0001d4c8s\U0001d4c9t\U0001d4cau" +
	"\U0001d4cbv\U0001d4ccw\U0001d4cdx\U0001d4cey\U0001d4cfz" +
	"\U0001d4d0A\U0001d4d1B\U0001d4d2C\U0001d4d3D\U0001d4d4E" +
	"\U0001d4d5F\U0001d4d6G\U0001d4d7H\U0001d4d8I\U0001d4d9J" +
	"\U0001d4daK\U0001d4dbL\U0001d4dcM\U0001d4ddN\U0001d4deO" +
	"\U0001d4dfP\U0001d4e0Q\U0001d4e1R\U0001d4e2S\U0001d4e3T" +
	"\U0001d4e4U\U0001d4e5V\U0001d4e6W\U0001d4e7X\U0001d4e8Y" +
	"\U0001d4e9Z\U0001d4eaa\U0001d4ebb\U0001d4ecc\U0001d4edd" +
	"\U0001d4eee\U0001d4eff\U0001d4f0g\U0001d4f1h\U0001d4f2i" +
	"\U0001d4f3j\U0001d4f4k\U0001d4f5l\U0001d4f6m\U0001d4f7n" +
	"\U0001d4f8o\U0001d4f9p\U0001d4faq\U0001d4fbr\U0001d4fcs" +
	"\U0001d4fdt\U0001d4feu\U0001d4ffv\U0001d500w\U0001d501x" +
	"\U0001d502y\U0001d503z\U0001d504A\U0001d505B\U0001d507D" +
	"\U0001d508E\U0001d509F\U0001d50aG\U0001d50dJ\U0001d50eK" +
	"\U0001d50fL\U0001d510M\U0001d511N\U0001d512O\U0001d513P" +
	"\U0001d514Q\U0001d516S\U0001d517T\U0001d518U\U0001d519V" +
	"\U0001d51aW\U0001d51bX\U0001d51cY\U0001d51ea\U0001d51fb" +
	"\U0001d520c\U0001d521d\U0001d522e\U0001d523f\U0001d524g" +
	"\U0001d525h\U0001d526i\U0001d527j\U0001d528k\U0001d529l" +
	"\U0001d52am\U0001d52bn\U0001d52co\U0001d52dp\U0001d52eq" +
	"\U0001d52fr\U0001d530s\U0001d531t\U0001d532u\U0001d533v" +
	"\U0001d534w\U0001d535x\U0001d536y\U0001d537z\U0001d538A" +
	"\U0001d539B\U0001d53bD\U0001d53cE\U0001d53dF\U0001d53eG" +
	"\U0001d540I\U0001d541J\U0001d542K\U0001d543L\U0001d544M" +
	"\U0001d546O\U0001d54aS\U0001d54bT\U0001d54cU\U0001d54dV" +
	"\U0001d54eW\U0001d54fX\U0001d550Y\U0001d552a\U0001d553b" +
	"\U0001d554c\U0001d555d\U0001d556e\U0001d557f\U0001d558g" +
	"\U0001d559h\U0001d55ai\U0001d55bj\U0001d55ck\U0001d55dl" +
	"\U0001d55em\U0001d55fn\U0001d560o\U0001d561p\U0001d562q" +
	"\U0001d563r\U0001d564s\U0001d565t\U0001d566u\U0001d567v" +
	"\U0001d568w\U0001d569x\U0001d56ay\U0001d56bz\U0001d56cA" +
	"\U0001d56dB\U0001d56eC\U0001d56fD\U0001d570E\U0001d571F" +
	"\U0001d572G\U0001d573H\U0001d574I\U0001d575J\U0001d576K" +
	"\U0001d577L\U0001d578M\U0001d579N\U0001d57aO\U0001d57bP" +
	"\U0001d57cQ\U0001d57dR\U0001d57eS\U0001d57fT\U0001d580U" +
	"\U0001d581V\U0001d582W\U0001d583X\U0001d584Y\U0001d585Z" +
	"\U0001d586a\U0001d587b\U0001d588c\U0001d589d\U0001d58ae" +
	"\U0001d58bf\U0001d58cg\U0001d58dh\U0001d58ei\U0001d58fj" +
	"\U0001d590k\U0001d591l\U0001d592m\U0001d593n\U0001d594o" +
	"\U0001d595p\U0001d596q\U0001d597r\U0001d598s\U0001d599t" +
	"\U0001d59au\U0001d59bv\U0001d59cw\U0001d59dx\U0001d59ey" +
	"\U0001d59fz\U0001d5a0A\U0001d5a1B\U0001d5a2C\U0001d5a3D" +
	"\U0001d5a4E\U0001d5a5F\U0001d5a6G\U0001d5a7H\U0001d5a8I" +
	"\U0001d5a9J\U0001d5aaK\U0001d5abL\U0001d5acM\U0001d5adN" +
	"\U0001d5aeO\U0001d5afP\U0001d5b0Q\U0001d5b1R\U0001d5b2S" +
	"\U0001d5b3T\U0001d5b4U\U0001d5b5V\U0001d5b6W\U0001d5b7X" +
	"\U0001d5b8Y\U0001d5b9Z\U0001d5baa\U0001d5bbb\U0001d5bcc" +
	"\U0001d5bdd\U0001d5bee\U0001d5bff\U0001d5c0g\U0001d5c1h" +
	"\U0001d5c2i\U0001d5c3j\U0001d5c4k\U0001d5c5l\U0001d5c6m" +
	"\U0001d5c7n\U0001d5c8o\U0001d5c9p\U0001d5caq\U0001d5cbr" +
	"\U0001d5ccs\U0001d5cdt\U0001d5ceu\U0001d5cfv\U0001d5d0w" +
	"\U0001d5d1x\U0001d5d2y\U0001d5d3z\U0001d5d4A\U0001d5d5B" +
	"\U0001d5d6C\U0001d5d7D\U0001d5d8E\U0001d5d9F\U0001d5daG" +
	"\U0001d5dbH\U0001d5dcI\U0001d5ddJ\U0001d5deK\U0001d5dfL" +
	"\U0001d5e0M\U0001d5e1N\U0001d5e2O\U0001d5e3P\U0001d5e4Q" +
	"\U0001d5e5R\U0001d5e6S\U0001d5e7T\U0001d5e8U\U0001d5e9V" +
	"\U0001d5eaW\U0001d5ebX\U0001d5ecY\U0001d5edZ\U0001d5eea" +
	"\U0001d5efb\U0001d5f0c\U0001d5f1d\U0001d5f2e\U0001d5f3f" +
	"\U0001d5f4g\U0001d5f5h\U0001d5f6i\U0001d5f7j\U0001d5f8k" +
	"\U0001d5f9l\U0001d5fam\U0001d5fbn\U0001d5fco\U0001d5fdp" +
	"\U0001d5feq\U0001d5ffr\U0001d600s\U0001d601t\U0001d602u" +
	"\U0001d603v\U0001d604w\U0001d605x\U0001d606y\U0001d607z" +
	"\U0001d608A\U0001d609B\U0001d60aC\U0001d60bD\U0001d60cE" +
	"\U0001d60dF\U0001d60eG\U0001d60fH\U0001d610I\U0001d611J" +
	"\U0001d612K\U0001d613L\U0001d614M\U0001d615N\U0001d616O" +
	"\U0001d617P\U0001d618Q\U0001d619R\U0001d61aS\U0001d61bT" +
	"\U0001d61cU\U0001d61dV\U0001d61eW\U0001d61fX\U0001d620Y" +
	"\U0001d621Z\U0001d622a\U0001d623b\U0001d624c\U0001d625d" +
	"\U0001d626e\U0001d627f\U0001d628g\U0001d629h\U0001d62ai" +
	"\U0001d62bj\U0001d62ck\U0001d62dl\U0001d62em\U0001d62fn" +
	"\U0001d630o\U0001d631p\U0001d632q\U0001d633r\U0001d634s" +
	"\U0001d635t\U0001d636u\U0001d637v\U0001d638w\U0001d639x" +
	"\U0001d63ay\U0001d63bz\U0001d63cA\U0001d63dB\U0001d63eC" +
	"\U0001d63fD\U0001d640E\U0001d641F\U0001d642G\U0001d643H" +
	"\U0001d644I\U0001d645J\U0001d646K\U0001d647L\U0001d648M" +
	"\U0001d649N\U0001d64aO\U0001d64bP\U0001d64cQ\U0001d64dR" +
	"\U0001d64eS\U0001d64fT\U0001d650U\U0001d651V\U0001d652W" +
	"\U0001d653X\U0001d654Y\U0001d655Z\U0001d656a\U0001d657b" +
	"\U0001d658c\U0001d659d\U0001d65ae\U0001d65bf\U0001d65cg" +
	"\U0001d65dh\U0001d65ei\U0001d65fj\U0001d660k\U0001d661l" +
	"\U0001d662m\U0001d663n\U0001d664o\U0001d665p\U0001d666q" +
	"\U0001d667r\U0001d668s\U0001d669t\U0001d66au\U0001d66bv" +
	"\U0001d66cw\U0001d66dx\U0001d66ey\U0001d66fz\U0001d670A" +
	"\U0001d671B\U0001d672C\U0001d673D\U0001d674E\U0001d675F" +
	"\U0001d676G\U0001d677H\U0001d678I\U0001d679J\U0001d67aK" +
	"\U0001d67bL\U0001d67cM\U0001d67dN\U0001d67eO\U0001d67fP" +
	"\U0001d680Q\U0001d681R\U0001d682S\U0001d683T\U0001d684U" +
	"\U0001d685V\U0001d686W\U0001d687X\U0001d688Y\U0001d689Z" +
	"\U0001d68aa\U0001d68bb\U0001d68cc\U0001d68dd\U0001d68ee" +
	"\U0001d68ff\U0001d690g\U0001d691h\U0001d692i\U0001d693j" +
	"\U0001d694k\U0001d695l\U0001d696m\U0001d697n\U0001d698o" +
	"\U0001d699p\U0001d69aq\U0001d69br\U0001d69cs\U0001d69dt" +
	"\U0001d69eu\U0001d69fv\U0001d6a0w\U0001d6a1x\U0001d6a2y" +
	"\U0001d6a3z\U0001d7ce0\U0001d7cf1\U0001d7d02\U0001d7d13" +
	"\U0001d7d24\U0001d7d35\U0001d7d46\U0001d7d57\U0001d7d68" +
	"\U0001d7d79\U0001d7d80\U0001d7d91\U0001d7da2\U0001d7db3" +
	"\U0001d7dc4\U0001d7dd5\U0001d7de6\U0001d7df7\U0001d7e08" +
	"\U0001d7e19\U0001d7e20\U0001d7e31\U0001d7e42\U0001d7e53" +
	"\U0001d7e64\U0001d7e75\U0001d7e86\U0001d7e97\U0001d7ea8" +
	"\U0001d7eb9\U0001d7ec0\U0001d7ed1\U0001d7ee2\U0001d7ef3" +
	"\U0001d7f04\U0001d7f15\U0001d7f26\U0001d7f37\U0001d7f48" +
	"\U0001d7f59\U0001d7f60\U0001d7f71\U0001d7f82\U0001d7f93" +
	"\U0001d7fa4\U0001d7fb5\U0001d7fc6\U0001d7fd7\U0001d7fe8" +
	"\U0001d7ff9\U0001f1000\U0001f1010\U0001f1021\U0001f1032" +
	"\U0001f1043\U0001f1054\U0001f1065\U0001f1076\U0001f1087" +
	"\U0001f1098\U0001f10a9\U0001f110A\U0001f111B\U0001f112C" +
	"\U0001f113D\U0001f114E\U0001f115F\U0001f116G\U0001f117H" +
	"\U0001f118I\U0001f119J\U0001f11aK\U0001f11bL\U0001f11cM" +
	"\U0001f11dN\U0001f11eO\U0001f11fP\U0001f120Q\U0001f121R" +
	"\U0001f122S\U0001f123T\U0001f124U\U0001f125V\U0001f126W" +
	"\U0001f127X\U0001f128Y\U0001f129Z\U0001f12aS\U0001f12bC" +
	"\U0001f12cR\U0001f12dCD\U0001f12eWZ\U0001f130A\U0001f131B" +
	"\U0001f132C\U0001f133D\U0001f134E\U0001f135F\U0001f136G" +
	"\U0001f137H\U0001f138I\U0001f139J\U0001f13aK\U0001f13bL" +
	"\U0001f13cM\U0001f13dN\U0001f13eO\U0001f13fP\U0001f140Q" +
	"\U0001f141R\U0001f142S\U0001f143T\U0001f144U\U0001f145V" +
	"\U0001f146W\U0001f147X\U0001f148Y\U0001f149Z\U0001f14aHV" +
	"\U0001f14bMV\U0001f14cSD\U0001f14dSS\U0001f14ePPV\U0001f14fWC" +
	"\U0001f16aMC\U0001f16bMD\U0001f16cMR\U0001f190DJ\U0001fbf00" +
	"\U0001fbf11\U0001fbf22\U0001fbf33\U0001fbf44\U0001fbf55" +
	"\U0001fbf66\U0001fbf77\U0001fbf88\U0001fbf99"

const nfcPairData = "" +
	"A\u0300ÀA\u0301ÁA\u0302ÂA\u0303ÃA\u0308ÄA\u030aÅC\u0327ÇE\u0300È" +
	"E\u0301ÉE\u0302ÊE\u0308ËI\u0300ÌI\u0301ÍI\u0302ÎI\u0308ÏN\u0303Ñ" +
	"O\u0300ÒO\u0301ÓO\u0302ÔO\u0303ÕO\u0308ÖU\u0300ÙU\u0301ÚU\u0302Û" +
	"U\u0308ÜY\u0301Ýa\u0300àa\u0301áa\u0302âa\u0303ãa\u0308äa\u030aå" +
	"c\u0327çe\u0300èe\u0301ée\u0302êe\u0308ëi\u0300ìi\u0301íi\u0302î" +
	"i\u0308ïn\u0303ño\u0300òo\u0301óo\u0302ôo\u0303õo\u0308öu\u0300ù" +
	"u\u0301úu\u0302ûu\u0308üy\u0301ýy\u0308ÿA\u0304Āa\u0304āA\u0306Ă" +
	"a\u0306ăA\u0328Ąa\u0328ąC\u0301Ćc\u0301ćC\u0302Ĉc\u0302ĉC\u0307Ċ" +
	"c\u0307ċC\u030cČc\u030cčD\u030cĎd\u030cďE\u0304Ēe\u0304ēE\u0306Ĕ" +
	"e\u0306ĕE\u0307Ėe\u0307ėE\u0328Ęe\u0328ęE\u030cĚe\u030cěG\u0302Ĝ" +
	"g\u0302ĝG\u0306Ğg\u0306ğG\u0307Ġg\u0307ġG\u0327Ģg\u0327ģH\u0302Ĥ" +
	"h\u0302ĥI\u0303Ĩi\u0303ĩI\u0304Īi\u0304īI\u0306Ĭi\u0306ĭI\u0328Į" +
	"i\u0328įI\u0307İJ\u0302Ĵj\u0302ĵK\u0327Ķk\u0327ķL\u0301Ĺl\u0301ĺ" +
	"L\u0327Ļl\u0327ļL\u030cĽl\u030cľN\u0301Ńn\u0301ńN\u0327Ņn\u0327ņ" +
	"N\u030cŇn\u030cňO\u0304Ōo\u0304ōO\u0306Ŏo\u0306ŏO\u030bŐo\u030bő" +
	"R\u0301Ŕr\u0301ŕR\u0327Ŗr\u0327ŗR\u030cŘr\u030cřS\u0301Śs\u0301ś" +
	"S\u0302Ŝs\u0302ŝS\u0327Şs\u0327şS\u030cŠs\u030cšT\u0327Ţt\u0327ţ" +
	"T\u030cŤt\u030cťU\u0303Ũu\u0303ũU\u0304Ūu\u0304ūU\u0306Ŭu\u0306ŭ" +
	"U\u030aŮu\u030aůU\u030bŰu\u030bűU\u0328Ųu\u0328ųW\u0302Ŵw\u0302ŵ" +
	"Y\u0302Ŷy\u0302ŷY\u0308ŸZ\u0301Źz\u0301źZ\u0307Żz\u0307żZ\u030cŽ" +
	"z\u030cžO\u031bƠo\u031bơU\u031bƯu\u031bưA\u030cǍa\u030cǎI\u030cǏ" +
	"i\u030cǐO\u030cǑo\u030cǒU\u030cǓu\u030cǔÜ\u0304Ǖü\u0304ǖÜ\u0301Ǘ" +
	"ü\u0301ǘÜ\u030cǙü\u030cǚÜ\u0300Ǜü\u0300ǜÄ\u0304Ǟä\u0304ǟȦ\u0304Ǡ" +
	"ȧ\u0304ǡÆ\u0304Ǣæ\u0304ǣG\u030cǦg\u030cǧK\u030cǨk\u030cǩO\u0328Ǫ" +
	"o\u0328ǫǪ\u0304Ǭǫ\u0304ǭƷ\u030cǮʒ\u030cǯj\u030cǰG\u0301Ǵg\u0301ǵ" +
	"N\u0300Ǹn\u0300ǹÅ\u0301Ǻå\u0301ǻÆ\u0301Ǽæ\u0301ǽØ\u0301Ǿø\u0301ǿ" +
	"A\u030fȀa\u030fȁA\u0311Ȃa\u0311ȃE\u030fȄe\u030fȅE\u0311Ȇe\u0311ȇ" +
	"I\u030fȈi\u030fȉI\u0311Ȋi\u0311ȋO\u030fȌo\u030fȍO\u0311Ȏo\u0311ȏ" +
	"R\u030fȐr\u030fȑR\u0311Ȓr\u0311ȓU\u030fȔu\u030fȕU\u0311Ȗu\u0311ȗ" +
	"S\u0326Șs\u0326șT\u0326Țt\u0326țH\u030cȞh\u030cȟA\u0307Ȧa\u0307ȧ" +
	"E\u0327Ȩe\u0327ȩÖ\u0304Ȫö\u0304ȫÕ\u0304Ȭõ\u0304ȭO\u0307Ȯo\u0307ȯ" +
	"Ȯ\u0304Ȱȯ\u0304ȱY\u0304Ȳy\u0304ȳ\u00a8\u0301\u0385Α\u0301Ά" +
	"Ε\u0301ΈΗ\u0301ΉΙ\u0301ΊΟ\u0301ΌΥ\u0301ΎΩ\u0301Ώϊ\u0301ΐΙ\u0308Ϊ" +
	"Υ\u0308Ϋα\u0301άε\u0301έη\u0301ήι\u0301ίϋ\u0301ΰι\u0308ϊυ\u0308ϋ" +
	"ο\u0301όυ\u0301ύω\u0301ώϒ\u0301ϓϒ\u0308ϔЕ\u0300ЀЕ\u0308ЁГ\u0301Ѓ" +
	"І\u0308ЇК\u0301ЌИ\u0300ЍУ\u0306ЎИ\u0306Йи\u0306йе\u0300ѐе\u0308ё" +
	"г\u0301ѓі\u0308їк\u0301ќи\u0300ѝу\u0306ўѴ\u030fѶѵ\u030fѷЖ\u0306Ӂ" +
	"ж\u0306ӂА\u0306Ӑа\u0306ӑА\u0308Ӓа\u0308ӓЕ\u0306Ӗе\u0306ӗӘ\u0308Ӛ" +
	"ә\u0308ӛЖ\u0308Ӝж\u0308ӝЗ\u0308Ӟз\u0308ӟИ\u0304Ӣи\u0304ӣИ\u0308Ӥ" +
	"и\u0308ӥО\u0308Ӧо\u0308ӧӨ\u0308Ӫө\u0308ӫЭ\u0308Ӭэ\u0308ӭУ\u0304Ӯ" +
	"у\u0304ӯУ\u0308Ӱу\u0308ӱУ\u030bӲу\u030bӳЧ\u0308Ӵч\u0308ӵЫ\u0308Ӹ" +
	"ы\u0308ӹا\u0653آا\u0654أو\u0654ؤا\u0655إي\u0654ئە\u0654ۀہ\u0654ۂ" +
	"ے\u0654ۓन\u093cऩर\u093cऱळ\u093cऴ\u09c7\u09be\u09cb" +
	"\u09c7\u09d7\u09cc\u0b47\u0b56\u0b48\u0b47\u0b3e\u0b4b" +
	"\u0b47\u0b57\u0b4cஒ\u0bd7ஔ\u0bc6\u0bbe\u0bca\u0bc7\u0bbe\u0bcb" +
	"\u0bc6\u0bd7\u0bcc\u0c46\u0c56\u0c48\u0cbf\u0cd5\u0cc0" +
	"\u0cc6\u0cd5\u0cc7\u0cc6\u0cd6\u0cc8\u0cc6\u0cc2\u0cca" +
	"\u0cca\u0cd5\u0ccb\u0d46\u0d3e\u0d4a\u0d47\u0d3e\u0d4b" +
	"\u0d46\u0d57\u0d4c\u0dd9\u0dca\u0dda\u0dd9\u0dcf\u0ddc" +
	"\u0ddc\u0dca\u0ddd\u0dd9\u0ddf\u0ddeဥ\u102eဦᬅ\u1b35ᬆᬇ\u1b35ᬈ" +
	"ᬉ\u1b35ᬊᬋ\u1b35ᬌᬍ\u1b35ᬎᬑ\u1b35ᬒ\u1b3a\u1b35\u1b3b" +
	"\u1b3c\u1b35\u1b3d\u1b3e\u1b35\u1b40\u1b3f\u1b35\u1b41" +
	"\u1b42\u1b35\u1b43A\u0325Ḁa\u0325ḁB\u0307Ḃb\u0307ḃB\u0323Ḅ" +
	"b\u0323ḅB\u0331Ḇb\u0331ḇÇ\u0301Ḉç\u0301ḉD\u0307Ḋd\u0307ḋD\u0323Ḍ" +
	"d\u0323ḍD\u0331Ḏd\u0331ḏD\u0327Ḑd\u0327ḑD\u032dḒd\u032dḓĒ\u0300Ḕ" +
	"ē\u0300ḕĒ\u0301Ḗē\u0301ḗE\u032dḘe\u032dḙE\u0330Ḛe\u0330ḛȨ\u0306Ḝ" +
	"ȩ\u0306ḝF\u0307Ḟf\u0307ḟG\u0304Ḡg\u0304ḡH\u0307Ḣh\u0307ḣH\u0323Ḥ" +
	"h\u0323ḥH\u0308Ḧh\u0308ḧH\u0327Ḩh\u0327ḩH\u032eḪh\u032eḫI\u0330Ḭ" +
	"i\u0330ḭÏ\u0301Ḯï\u0301ḯK\u0301Ḱk\u0301ḱK\u0323Ḳk\u0323ḳK\u0331Ḵ" +
	"k\u0331ḵL\u0323Ḷl\u0323ḷḶ\u0304Ḹḷ\u0304ḹL\u0331Ḻl\u0331ḻL\u032dḼ" +
	"l\u032dḽM\u0301Ḿm\u0301ḿM\u0307Ṁm\u0307ṁM\u0323Ṃm\u0323ṃN\u0307Ṅ" +
	"n\u0307ṅN\u0323Ṇn\u0323ṇN\u0331Ṉn\u0331ṉN\u032dṊn\u032dṋÕ\u0301Ṍ" +
	"õ\u0301ṍÕ\u0308Ṏõ\u0308ṏŌ\u0300Ṑō\u0300ṑŌ\u0301Ṓō\u0301ṓP\u0301Ṕ" +
	"p\u0301ṕP\u0307Ṗp\u0307ṗR\u0307Ṙr\u0307ṙR\u0323Ṛr\u0323ṛṚ\u0304Ṝ" +
	"ṛ\u0304ṝR\u0331Ṟr\u0331ṟS\u0307Ṡs\u0307ṡS\u0323Ṣs\u0323ṣŚ\u0307Ṥ" +
	"ś\u0307ṥŠ\u0307Ṧš\u0307ṧṢ\u0307Ṩṣ\u0307ṩT\u0307Ṫt\u0307ṫT\u0323Ṭ" +
	"t\u0323ṭT\u0331Ṯt\u0331ṯT\u032dṰt\u032dṱU\u0324Ṳu\u0324ṳU\u0330Ṵ" +
	"u\u0330ṵU\u032dṶu\u032dṷŨ\u0301Ṹũ\u0301ṹŪ\u0308Ṻū\u0308ṻV\u0303Ṽ" +
	"v\u0303ṽV\u0323Ṿv\u0323ṿW\u0300Ẁw\u0300ẁW\u0301Ẃw\u0301ẃW\u0308Ẅ" +
	"w\u0308ẅW\u0307Ẇw\u0307ẇW\u0323Ẉw\u0323ẉX\u0307Ẋx\u0307ẋX\u0308Ẍ" +
	"x\u0308ẍY\u0307Ẏy\u0307ẏZ\u0302Ẑz\u0302ẑZ\u0323Ẓz\u0323ẓZ\u0331Ẕ" +
	"z\u0331ẕh\u0331ẖt\u0308ẗw\u030aẘy\u030aẙſ\u0307ẛA\u0323Ạa\u0323ạ" +
	"A\u0309Ảa\u0309ảÂ\u0301Ấâ\u0301ấÂ\u0300Ầâ\u0300ầÂ\u0309Ẩâ\u0309ẩ" +
	"Â\u0303Ẫâ\u0303ẫẠ\u0302Ậạ\u0302ậĂ\u0301Ắă\u0301ắĂ\u0300Ằă\u0300ằ" +
	"Ă\u0309Ẳă\u0309ẳĂ\u0303Ẵă\u0303ẵẠ\u0306Ặạ\u0306ặE\u0323Ẹe\u0323ẹ" +
	"E\u0309Ẻe\u0309ẻE\u0303Ẽe\u0303ẽÊ\u0301Ếê\u0301ếÊ\u0300Ềê\u0300ề" +
	"Ê\u0309Ểê\u0309ểÊ\u0303Ễê\u0303ễẸ\u0302Ệẹ\u0302ệI\u0309Ỉi\u0309ỉ" +
	"I\u0323Ịi\u0323ịO\u0323Ọo\u0323ọO\u0309Ỏo\u0309ỏÔ\u0301Ốô\u0301ố" +
	"Ô\u0300Ồô\u0300ồÔ\u0309Ổô\u0309ổÔ\u0303Ỗô\u0303ỗỌ\u0302Ộọ\u0302ộ" +
	"Ơ\u0301Ớơ\u0301ớƠ\u0300Ờơ\u0300ờƠ\u0309Ởơ\u0309ởƠ\u0303Ỡơ\u0303ỡ" +
	"Ơ\u0323Ợơ\u0323ợU\u0323Ụu\u0323ụU\u0309Ủu\u0309ủƯ\u0301Ứư\u0301ứ" +
	"Ư\u0300Ừư\u0300ừƯ\u0309Ửư\u0309ửƯ\u0303Ữư\u0303ữƯ\u0323Ựư\u0323ự" +
	"Y\u0300Ỳy\u0300ỳY\u0323Ỵy\u0323ỵY\u0309Ỷy\u0309ỷY\u0303Ỹy\u0303ỹ" +
	"α\u0313ἀα\u0314ἁἀ\u0300ἂἁ\u0300ἃἀ\u0301ἄἁ\u0301ἅἀ\u0342ἆἁ\u0342ἇ" +
	"Α\u0313ἈΑ\u0314ἉἈ\u0300ἊἉ\u0300ἋἈ\u0301ἌἉ\u0301ἍἈ\u0342ἎἉ\u0342Ἇ" +
	"ε\u0313ἐε\u0314ἑἐ\u0300ἒἑ\u0300ἓἐ\u0301ἔἑ\u0301ἕΕ\u0313ἘΕ\u0314Ἑ" +
	"Ἐ\u0300ἚἙ\u0300ἛἘ\u0301ἜἙ\u0301Ἕη\u0313ἠη\u0314ἡἠ\u0300ἢἡ\u0300ἣ" +
	"ἠ\u0301ἤἡ\u0301ἥἠ\u0342ἦἡ\u0342ἧΗ\u0313ἨΗ\u0314ἩἨ\u0300ἪἩ\u0300Ἣ" +
	"Ἠ\u0301ἬἩ\u0301ἭἨ\u0342ἮἩ\u0342Ἧι\u0313ἰι\u0314ἱἰ\u0300ἲἱ\u0300ἳ" +
	"ἰ\u0301ἴἱ\u0301ἵἰ\u0342ἶἱ\u0342ἷΙ\u0313ἸΙ\u0314ἹἸ\u0300ἺἹ\u0300Ἳ" +
	"Ἰ\u0301ἼἹ\u0301ἽἸ\u0342ἾἹ\u0342Ἷο\u0313ὀο\u0314ὁὀ\u0300ὂὁ\u0300ὃ" +
	"ὀ\u0301ὄὁ\u0301ὅΟ\u0313ὈΟ\u0314ὉὈ\u0300ὊὉ\u0300ὋὈ\u0301ὌὉ\u0301Ὅ" +
	"υ\u0313ὐυ\u0314ὑὐ\u0300ὒὑ\u0300ὓὐ\u0301ὔὑ\u0301ὕὐ\u0342ὖὑ\u0342ὗ" +
	"Υ\u0314ὙὙ\u0300ὛὙ\u0301ὝὙ\u0342Ὗω\u0313ὠω\u0314ὡὠ\u0300ὢὡ\u0300ὣ" +
	"ὠ\u0301ὤὡ\u0301ὥὠ\u0342ὦὡ\u0342ὧΩ\u0313ὨΩ\u0314ὩὨ\u0300ὪὩ\u0300Ὣ" +
	"Ὠ\u0301ὬὩ\u0301ὭὨ\u0342ὮὩ\u0342Ὧα\u0300ὰε\u0300ὲη\u0300ὴι\u0300ὶ" +
	"ο\u0300ὸυ\u0300ὺω\u0300ὼἀ\u0345ᾀἁ\u0345ᾁἂ\u0345ᾂἃ\u0345ᾃἄ\u0345ᾄ" +
	"ἅ\u0345ᾅἆ\u0345ᾆἇ\u0345ᾇἈ\u0345ᾈἉ\u0345ᾉἊ\u0345ᾊἋ\u0345ᾋἌ\u0345ᾌ" +
	"Ἅ\u0345ᾍἎ\u0345ᾎἏ\u0345ᾏἠ\u0345ᾐἡ\u0345ᾑἢ\u0345ᾒἣ\u0345ᾓἤ\u0345ᾔ" +
	"ἥ\u0345ᾕἦ\u0345ᾖἧ\u0345ᾗἨ\u0345ᾘἩ\u0345ᾙἪ\u0345ᾚἫ\u0345ᾛἬ\u0345ᾜ" +
	"Ἥ\u0345ᾝἮ\u0345ᾞἯ\u0345ᾟὠ\u0345ᾠὡ\u0345ᾡὢ\u0345ᾢὣ\u0345ᾣὤ\u0345ᾤ" +
	"ὥ\u0345ᾥὦ\u0345ᾦὧ\u0345ᾧὨ\u0345ᾨὩ\u0345ᾩὪ\u0345ᾪὫ\u0345ᾫὬ\u0345ᾬ" +
	"Ὥ\u0345ᾭὮ\u0345ᾮὯ\u0345ᾯα\u0306ᾰα\u0304ᾱὰ\u0345ᾲα\u0345ᾳά\u0345ᾴ" +
	"α\u0342ᾶᾶ\u0345ᾷΑ\u0306ᾸΑ\u0304ᾹΑ\u0300ᾺΑ\u0345ᾼ" +
	"\u00a8\u0342\u1fc1ὴ\u0345ῂη\u0345ῃή\u0345ῄη\u0342ῆῆ\u0345ῇ" +
	"Ε\u0300ῈΗ\u0300ῊΗ\u0345ῌ\u1fbf\u0300\u1fcd\u1fbf\u0301\u1fce" +
	"\u1fbf\u0342\u1fcfι\u0306ῐι\u0304ῑϊ\u0300ῒι\u0342ῖϊ\u0342ῗ" +
	"Ι\u0306ῘΙ\u0304ῙΙ\u0300Ὶ\u1ffe\u0300\u1fdd\u1ffe\u0301\u1fde" +
	"\u1ffe\u0342\u1fdfυ\u0306ῠυ\u0304ῡϋ\u0300ῢρ\u0313ῤρ\u0314ῥ" +
	"υ\u0342ῦϋ\u0342ῧΥ\u0306ῨΥ\u0304ῩΥ\u0300ῪΡ\u0314Ῥ" +
	"\u00a8\u0300\u1fedὼ\u0345ῲω\u0345ῳώ\u0345ῴω\u0342ῶῶ\u0345ῷ" +
	"Ο\u0300ῸΩ\u0300ῺΩ\u0345ῼ←\u0338↚→\u0338↛↔\u0338↮⇐\u0338⇍⇔\u0338⇎" +
	"⇒\u0338⇏∃\u0338∄∈\u0338∉∋\u0338∌∣\u0338∤∥\u0338∦∼\u0338≁≃\u0338≄" +
	"≅\u0338≇≈\u0338≉=\u0338≠≡\u0338≢≍\u0338≭<\u0338≮>\u0338≯≤\u0338≰" +
	"≥\u0338≱≲\u0338≴≳\u0338≵≶\u0338≸≷\u0338≹≺\u0338⊀≻\u0338⊁⊂\u0338⊄" +
	"⊃\u0338⊅⊆\u0338⊈⊇\u0338⊉⊢\u0338⊬⊨\u0338⊭⊩\u0338⊮⊫\u0338⊯≼\u0338⋠" +
	"≽\u0338⋡⊑\u0338⋢⊒\u0338⋣⊲\u0338⋪⊳\u0338⋫⊴\u0338⋬⊵\u0338⋭" +
	"\u304b\u3099\u304c\u304d\u3099\u304e\u304f\u3099\u3050" +
	"\u3051\u3099\u3052\u3053\u3099\u3054\u3055\u3099\u3056" +
	"\u3057\u3099\u3058\u3059\u3099\u305a\u305b\u3099\u305c" +
	"\u305d\u3099\u305e\u305f\u3099\u3060\u3061\u3099\u3062" +
	"\u3064\u3099\u3065\u3066\u3099\u3067\u3068\u3099\u3069" +
	"\u306f\u3099\u3070\u306f\u309a\u3071\u3072\u3099\u3073" +
	"\u3072\u309a\u3074\u3075\u3099\u3076\u3075\u309a\u3077" +
	"\u3078\u3099\u3079\u3078\u309a\u307a\u307b\u3099\u307c" +
	"\u307b\u309a\u307d\u3046\u3099\u3094\u309d\u3099\u309e" +
	"\u30ab\u3099\u30ac\u30ad\u3099\u30ae\u30af\u3099\u30b0" +
	"\u30b1\u3099\u30b2\u30b3\u3099\u30b4\u30b5\u3099\u30b6" +
	"\u30b7\u3099\u30b8\u30b9\u3099\u30ba\u30bb\u3099\u30bc" +
	"\u30bd\u3099\u30be\u30bf\u3099\u30c0\u30c1\u3099\u30c2" +
	"\u30c4\u3099\u30c5\u30c6\u3099\u30c7\u30c8\u3099\u30c9" +
	"\u30cf\u3099\u30d0\u30cf\u309a\u30d1\u30d2\u3099\u30d3" +
	"\u30d2\u309a\u30d4\u30d5\u3099\u30d6\u30d5\u309a\u30d7" +
	"\u30d8\u3099\u30d9\u30d8\u309a\u30da\u30db\u3099\u30dc" +
	"\u30db\u309a\u30dd\u30a6\u3099\u30f4\u30ef\u3099\u30f7" +
	"\u30f0\u3099\u30f8\u30f1\u3099\u30f9\u30f2\u3099\u30fa" +
	"\u30fd\u3099\u30fe\U00011099\U000110ba\U0001109a" +
	"\U0001109b\U000110ba\U0001109c\U000110a5\U000110ba\U000110ab" +
	"\U00011131\U00011127\U0001112e\U00011132\U00011127\U0001112f" +
	"\U00011347\U0001133e\U0001134b\U00011347\U00011357\U0001134c" +
	"\U000114b9\U000114ba\U000114bb\U000114b9\U000114b0\U000114bc" +
	"\U000114b9\U000114bd\U000114be\U000115b8\U000115af\U000115ba" +
	"\U000115b9\U000115af\U000115bb\U00011935\U00011930\U00011938"

const nfcDecompData = "" +
	"\u0340\u0300|\u0341\u0301|\u0343\u0313|\u0344\u0308\u0301|" +
	"\u0374\u02b9|\u037e\u003b|\u0387\u00b7|\u0958\u0915\u093c|" +
	"\u0959\u0916\u093c|\u095a\u0917\u093c|\u095b\u091c\u093c|" +
	"\u095c\u0921\u093c|\u095d\u0922\u093c|\u095e\u092b\u093c|" +
	"\u095f\u092f\u093c|\u09dc\u09a1\u09bc|\u09dd\u09a2\u09bc|" +
	"\u09df\u09af\u09bc|\u0a33\u0a32\u0a3c|\u0a36\u0a38\u0a3c|" +
	"\u0a59\u0a16\u0a3c|\u0a5a\u0a17\u0a3c|\u0a5b\u0a1c\u0a3c|" +
	"\u0a5e\u0a2b\u0a3c|\u0b5c\u0b21\u0b3c|\u0b5d\u0b22\u0b3c|" +
	"\u0f43\u0f42\u0fb7|\u0f4d\u0f4c\u0fb7|\u0f52\u0f51\u0fb7|" +
	"\u0f57\u0f56\u0fb7|\u0f5c\u0f5b\u0fb7|\u0f69\u0f40\u0fb5|" +
	"\u0f73\u0f71\u0f72|\u0f75\u0f71\u0f74|\u0f76\u0fb2\u0f80|" +
	"\u0f78\u0fb3\u0f80|\u0f81\u0f71\u0f80|\u0f93\u0f92\u0fb7|" +
	"\u0f9d\u0f9c\u0fb7|\u0fa2\u0fa1\u0fb7|\u0fa7\u0fa6\u0fb7|" +
	"\u0fac\u0fab\u0fb7|\u0fb9\u0f90\u0fb5|\u1f71\u03b1\u0301|" +
	"\u1f73\u03b5\u0301|\u1f75\u03b7\u0301|\u1f77\u03b9\u0301|" +
	"\u1f79\u03bf\u0301|\u1f7b\u03c5\u0301|\u1f7d\u03c9\u0301|" +
	"\u1fbb\u0391\u0301|\u1fbe\u03b9|\u1fc9\u0395\u0301|" +
	"\u1fcb\u0397\u0301|\u1fd3\u03b9\u0308\u0301|\u1fdb\u0399\u0301|" +
	"\u1fe3\u03c5\u0308\u0301|\u1feb\u03a5\u0301|\u1fee\u00a8\u0301|" +
	"\u1fef\u0060|\u1ff9\u039f\u0301|\u1ffb\u03a9\u0301|\u1ffd\u00b4|" +
	"\u2000\u2002|\u2001\u2003|\u2126\u03a9|\u212a\u004b|" +
	"\u212b\u0041\u030a|\u2329\u3008|\u232a\u3009|\u2adc\u2add\u0338|" +
	"\ufb1d\u05d9\u05b4|\ufb1f\u05f2\u05b7|\ufb2a\u05e9\u05c1|" +
	"\ufb2b\u05e9\u05c2|\ufb2c\u05e9\u05bc\u05c1|" +
	"\ufb2d\u05e9\u05bc\u05c2|\ufb2e\u05d0\u05b7|\ufb2f\u05d0\u05b8|" +
	"\ufb30\u05d0\u05bc|\ufb31\u05d1\u05bc|\ufb32\u05d2\u05bc|" +
	"\ufb33\u05d3\u05bc|\ufb34\u05d4\u05bc|\ufb35\u05d5\u05bc|" +
	"\ufb36\u05d6\u05bc|\ufb38\u05d8\u05bc|\ufb39\u05d9\u05bc|" +
	"\ufb3a\u05da\u05bc|\ufb3b\u05db\u05bc|\ufb3c\u05dc\u05bc|" +
	"\ufb3e\u05de\u05bc|\ufb40\u05e0\u05bc|\ufb41\u05e1\u05bc|" +
	"\ufb43\u05e3\u05bc|\ufb44\u05e4\u05bc|\ufb46\u05e6\u05bc|" +
	"\ufb47\u05e7\u05bc|\ufb48\u05e8\u05bc|\ufb49\u05e9\u05bc|" +
	"\ufb4a\u05ea\u05bc|\ufb4b\u05d5\u05b9|\ufb4c\u05d1\u05bf|" +
	"\ufb4d\u05db\u05bf|\ufb4e\u05e4\u05bf|" +
	"\U0001d15e\U0001d157\U0001d165|\U0001d15f\U0001d158\U0001d165|" +
	"\U0001d160\U0001d158\U0001d165\U0001d16e|" +
	"\U0001d161\U0001d158\U0001d165\U0001d16f|" +
	"\U0001d162\U0001d158\U0001d165\U0001d170|" +
	"\U0001d163\U0001d158\U0001d165\U0001d171|" +
	"\U0001d164\U0001d158\U0001d165\U0001d172|" +
	"\U0001d1bb\U0001d1b9\U0001d165|\U0001d1bc\U0001d1ba\U0001d165|" +
	"\U0001d1bd\U0001d1b9\U0001d165\U0001d16e|" +
	"\U0001d1be\U0001d1ba\U0001d165\U0001d16e|" +
	"\U0001d1bf\U0001d1b9\U0001d165\U0001d16f|" +
	"\U0001d1c0\U0001d1ba\U0001d165\U0001d16f|"

var cccRanges = []cccRange{
	{0x0300, 0x0314, 230}, {0x0315, 0x0315, 232},
	{0x0316, 0x0319, 220}, {0x031a, 0x031a, 232},
	{0x031b, 0x031b, 216}, {0x031c, 0x0320, 220},
	{0x0321, 0x0322, 202}, {0x0323, 0x0326, 220},
	{0x0327, 0x0328, 202}, {0x0329, 0x0333, 220}, {0x0334, 0x0338, 1},
	{0x0339, 0x033c, 220}, {0x033d, 0x0344, 230},
	{0x0345, 0x0345, 240}, {0x0346, 0x0346, 230},
	{0x0347, 0x0349, 220}, {0x034a, 0x034c, 230},
	{0x034d, 0x034e, 220}, {0x0350, 0x0352, 230},
	{0x0353, 0x0356, 220}, {0x0357, 0x0357, 230},
	{0x0358, 0x0358, 232}, {0x0359, 0x035a, 220},
	{0x035b, 0x035b, 230}, {0x035c, 0x035c, 233},
	{0x035d, 0x035e, 234}, {0x035f, 0x035f, 233},
	{0x0360, 0x0361, 234}, {0x0362, 0x0362, 233},
	{0x0363, 0x036f, 230}, {0x0483, 0x0487, 230},
	{0x0591, 0x0591, 220}, {0x0592, 0x0595, 230},
	{0x0596, 0x0596, 220}, {0x0597, 0x0599, 230},
	{0x059a, 0x059a, 222}, {0x059b, 0x059b, 220},
	{0x059c, 0x05a1, 230}, {0x05a2, 0x05a7, 220},
	{0x05a8, 0x05a9, 230}, {0x05aa, 0x05aa, 220},
	{0x05ab, 0x05ac, 230}, {0x05ad, 0x05ad, 222},
	{0x05ae, 0x05ae, 228}, {0x05af, 0x05af, 230}, {0x05b0, 0x05b0, 10},
	{0x05b1, 0x05b1, 11}, {0x05b2, 0x05b2, 12}, {0x05b3, 0x05b3, 13},
	{0x05b4, 0x05b4, 14}, {0x05b5, 0x05b5, 15}, {0x05b6, 0x05b6, 16},
	{0x05b7, 0x05b7, 17}, {0x05b8, 0x05b8, 18}, {0x05b9, 0x05ba, 19},
	{0x05bb, 0x05bb, 20}, {0x05bc, 0x05bc, 21}, {0x05bd, 0x05bd, 22},
	{0x05bf, 0x05bf, 23}, {0x05c1, 0x05c1, 24}, {0x05c2, 0x05c2, 25},
	{0x05c4, 0x05c4, 230}, {0x05c5, 0x05c5, 220}, {0x05c7, 0x05c7, 18},
	{0x0610, 0x0617, 230}, {0x0618, 0x0618, 30}, {0x0619, 0x0619, 31},
	{0x061a, 0x061a, 32}, {0x064b, 0x064b, 27}, {0x064c, 0x064c, 28},
	{0x064d, 0x064d, 29}, {0x064e, 0x064e, 30}, {0x064f, 0x064f, 31},
	{0x0650, 0x0650, 32}, {0x0651, 0x0651, 33}, {0x0652, 0x0652, 34},
	{0x0653, 0x0654, 230}, {0x0655, 0x0656, 220},
	{0x0657, 0x065b, 230}, {0x065c, 0x065c, 220},
	{0x065d, 0x065e, 230}, {0x065f, 0x065f, 220}, {0x0670, 0x0670, 35},
	{0x06d6, 0x06dc, 230}, {0x06df, 0x06e2, 230},
	{0x06e3, 0x06e3, 220}, {0x06e4, 0x06e4, 230},
	{0x06e7, 0x06e8, 230}, {0x06ea, 0x06ea, 220},
	{0x06eb, 0x06ec, 230}, {0x06ed, 0x06ed, 220}, {0x0711, 0x0711, 36},
	{0x0730, 0x0730, 230}, {0x0731, 0x0731, 220},
	{0x0732, 0x0733, 230}, {0x0734, 0x0734, 220},
	{0x0735, 0x0736, 230}, {0x0737, 0x0739, 220},
	{0x073a, 0x073a, 230}, {0x073b, 0x073c, 220},
	{0x073d, 0x073d, 230}, {0x073e, 0x073e, 220},
	{0x073f, 0x0741, 230}, {0x0742, 0x0742, 220},
	{0x0743, 0x0743, 230}, {0x0744, 0x0744, 220},
	{0x0745, 0x0745, 230}, {0x0746, 0x0746, 220},
	{0x0747, 0x0747, 230}, {0x0748, 0x0748, 220},
	{0x0749, 0x074a, 230}, {0x07eb, 0x07f1, 230},
	{0x07f2, 0x07f2, 220}, {0x07f3, 0x07f3, 230},
	{0x07fd, 0x07fd, 220}, {0x0816, 0x0819, 230},
	{0x081b, 0x0823, 230}, {0x0825, 0x0827, 230},
	{0x0829, 0x082d, 230}, {0x0859, 0x085b, 220},
	{0x0898, 0x0898, 230}, {0x0899, 0x089b, 220},
	{0x089c, 0x089f, 230}, {0x08ca, 0x08ce, 230},
	{0x08cf, 0x08d3, 220}, {0x08d4, 0x08e1, 230},
	{0x08e3, 0x08e3, 220}, {0x08e4, 0x08e5, 230},
	{0x08e6, 0x08e6, 220}, {0x08e7, 0x08e8, 230},
	{0x08e9, 0x08e9, 220}, {0x08ea, 0x08ec, 230},
	{0x08ed, 0x08ef, 220}, {0x08f0, 0x08f0, 27}, {0x08f1, 0x08f1, 28},
	{0x08f2, 0x08f2, 29}, {0x08f3, 0x08f5, 230}, {0x08f6, 0x08f6, 220},
	{0x08f7, 0x08f8, 230}, {0x08f9, 0x08fa, 220},
	{0x08fb, 0x08ff, 230}, {0x093c, 0x093c, 7}, {0x094d, 0x094d, 9},
	{0x0951, 0x0951, 230}, {0x0952, 0x0952, 220},
	{0x0953, 0x0954, 230}, {0x09bc, 0x09bc, 7}, {0x09cd, 0x09cd, 9},
	{0x09fe, 0x09fe, 230}, {0x0a3c, 0x0a3c, 7}, {0x0a4d, 0x0a4d, 9},
	{0x0abc, 0x0abc, 7}, {0x0acd, 0x0acd, 9}, {0x0b3c, 0x0b3c, 7},
	{0x0b4d, 0x0b4d, 9}, {0x0bcd, 0x0bcd, 9}, {0x0c3c, 0x0c3c, 7},
	{0x0c4d, 0x0c4d, 9}, {0x0c55, 0x0c55, 84}, {0x0c56, 0x0c56, 91},
	{0x0cbc, 0x0cbc, 7}, {0x0ccd, 0x0ccd, 9}, {0x0d3b, 0x0d3c, 9},
	{0x0d4d, 0x0d4d, 9}, {0x0dca, 0x0dca, 9}, {0x0e38, 0x0e39, 103},
	{0x0e3a, 0x0e3a, 9}, {0x0e48, 0x0e4b, 107}, {0x0eb8, 0x0eb9, 118},
	{0x0eba, 0x0eba, 9}, {0x0ec8, 0x0ecb, 122}, {0x0f18, 0x0f19, 220},
	{0x0f35, 0x0f35, 220}, {0x0f37, 0x0f37, 220},
	{0x0f39, 0x0f39, 216}, {0x0f71, 0x0f71, 129},
	{0x0f72, 0x0f72, 130}, {0x0f74, 0x0f74, 132},
	{0x0f7a, 0x0f7d, 130}, {0x0f80, 0x0f80, 130},
	{0x0f82, 0x0f83, 230}, {0x0f84, 0x0f84, 9}, {0x0f86, 0x0f87, 230},
	{0x0fc6, 0x0fc6, 220}, {0x1037, 0x1037, 7}, {0x1039, 0x103a, 9},
	{0x108d, 0x108d, 220}, {0x135d, 0x135f, 230}, {0x1714, 0x1715, 9},
	{0x1734, 0x1734, 9}, {0x17d2, 0x17d2, 9}, {0x17dd, 0x17dd, 230},
	{0x18a9, 0x18a9, 228}, {0x1939, 0x1939, 222},
	{0x193a, 0x193a, 230}, {0x193b, 0x193b, 220},
	{0x1a17, 0x1a17, 230}, {0x1a18, 0x1a18, 220}, {0x1a60, 0x1a60, 9},
	{0x1a75, 0x1a7c, 230}, {0x1a7f, 0x1a7f, 220},
	{0x1ab0, 0x1ab4, 230}, {0x1ab5, 0x1aba, 220},
	{0x1abb, 0x1abc, 230}, {0x1abd, 0x1abd, 220},
	{0x1abf, 0x1ac0, 220}, {0x1ac1, 0x1ac2, 230},
	{0x1ac3, 0x1ac4, 220}, {0x1ac5, 0x1ac9, 230},
	{0x1aca, 0x1aca, 220}, {0x1acb, 0x1ace, 230}, {0x1b34, 0x1b34, 7},
	{0x1b44, 0x1b44, 9}, {0x1b6b, 0x1b6b, 230}, {0x1b6c, 0x1b6c, 220},
	{0x1b6d, 0x1b73, 230}, {0x1baa, 0x1bab, 9}, {0x1be6, 0x1be6, 7},
	{0x1bf2, 0x1bf3, 9}, {0x1c37, 0x1c37, 7}, {0x1cd0, 0x1cd2, 230},
	{0x1cd4, 0x1cd4, 1}, {0x1cd5, 0x1cd9, 220}, {0x1cda, 0x1cdb, 230},
	{0x1cdc, 0x1cdf, 220}, {0x1ce0, 0x1ce0, 230}, {0x1ce2, 0x1ce8, 1},
	{0x1ced, 0x1ced, 220}, {0x1cf4, 0x1cf4, 230},
	{0x1cf8, 0x1cf9, 230}, {0x1dc0, 0x1dc1, 230},
	{0x1dc2, 0x1dc2, 220}, {0x1dc3, 0x1dc9, 230},
	{0x1dca, 0x1dca, 220}, {0x1dcb, 0x1dcc, 230},
	{0x1dcd, 0x1dcd, 234}, {0x1dce, 0x1dce, 214},
	{0x1dcf, 0x1dcf, 220}, {0x1dd0, 0x1dd0, 202},
	{0x1dd1, 0x1df5, 230}, {0x1df6, 0x1df6, 232},
	{0x1df7, 0x1df8, 228}, {0x1df9, 0x1df9, 220},
	{0x1dfa, 0x1dfa, 218}, {0x1dfb, 0x1dfb, 230},
	{0x1dfc, 0x1dfc, 233}, {0x1dfd, 0x1dfd, 220},
	{0x1dfe, 0x1dfe, 230}, {0x1dff, 0x1dff, 220},
	{0x20d0, 0x20d1, 230}, {0x20d2, 0x20d3, 1}, {0x20d4, 0x20d7, 230},
	{0x20d8, 0x20da, 1}, {0x20db, 0x20dc, 230}, {0x20e1, 0x20e1, 230},
	{0x20e5, 0x20e6, 1}, {0x20e7, 0x20e7, 230}, {0x20e8, 0x20e8, 220},
	{0x20e9, 0x20e9, 230}, {0x20ea, 0x20eb, 1}, {0x20ec, 0x20ef, 220},
	{0x20f0, 0x20f0, 230}, {0x2cef, 0x2cf1, 230}, {0x2d7f, 0x2d7f, 9},
	{0x2de0, 0x2dff, 230}, {0x302a, 0x302a, 218},
	{0x302b, 0x302b, 228}, {0x302c, 0x302c, 232},
	{0x302d, 0x302d, 222}, {0x302e, 0x302f, 224}, {0x3099, 0x309a, 8},
	{0xa66f, 0xa66f, 230}, {0xa674, 0xa67d, 230},
	{0xa69e, 0xa69f, 230}, {0xa6f0, 0xa6f1, 230}, {0xa806, 0xa806, 9},
	{0xa82c, 0xa82c, 9}, {0xa8c4, 0xa8c4, 9}, {0xa8e0, 0xa8f1, 230},
	{0xa92b, 0xa92d, 220}, {0xa953, 0xa953, 9}, {0xa9b3, 0xa9b3, 7},
	{0xa9c0, 0xa9c0, 9}, {0xaab0, 0xaab0, 230}, {0xaab2, 0xaab3, 230},
	{0xaab4, 0xaab4, 220}, {0xaab7, 0xaab8, 230},
	{0xaabe, 0xaabf, 230}, {0xaac1, 0xaac1, 230}, {0xaaf6, 0xaaf6, 9},
	{0xabed, 0xabed, 9}, {0xfb1e, 0xfb1e, 26}, {0xfe20, 0xfe26, 230},
	{0xfe27, 0xfe2d, 220}, {0xfe2e, 0xfe2f, 230},
	{0x101fd, 0x101fd, 220}, {0x102e0, 0x102e0, 220},
	{0x10376, 0x1037a, 230}, {0x10a0d, 0x10a0d, 220},
	{0x10a0f, 0x10a0f, 230}, {0x10a38, 0x10a38, 230},
	{0x10a39, 0x10a39, 1}, {0x10a3a, 0x10a3a, 220},
	{0x10a3f, 0x10a3f, 9}, {0x10ae5, 0x10ae5, 230},
	{0x10ae6, 0x10ae6, 220}, {0x10d24, 0x10d27, 230},
	{0x10eab, 0x10eac, 230}, {0x10f46, 0x10f47, 220},
	{0x10f48, 0x10f4a, 230}, {0x10f4b, 0x10f4b, 220},
	{0x10f4c, 0x10f4c, 230}, {0x10f4d, 0x10f50, 220},
	{0x10f82, 0x10f82, 230}, {0x10f83, 0x10f83, 220},
	{0x10f84, 0x10f84, 230}, {0x10f85, 0x10f85, 220},
	{0x11046, 0x11046, 9}, {0x11070, 0x11070, 9},
	{0x1107f, 0x1107f, 9}, {0x110b9, 0x110b9, 9},
	{0x110ba, 0x110ba, 7}, {0x11100, 0x11102, 230},
	{0x11133, 0x11134, 9}, {0x11173, 0x11173, 7},
	{0x111c0, 0x111c0, 9}, {0x111ca, 0x111ca, 7},
	{0x11235, 0x11235, 9}, {0x11236, 0x11236, 7},
	{0x112e9, 0x112e9, 7}, {0x112ea, 0x112ea, 9},
	{0x1133b, 0x1133c, 7}, {0x1134d, 0x1134d, 9},
	{0x11366, 0x1136c, 230}, {0x11370, 0x11374, 230},
	{0x11442, 0x11442, 9}, {0x11446, 0x11446, 7},
	{0x1145e, 0x1145e, 230}, {0x114c2, 0x114c2, 9},
	{0x114c3, 0x114c3, 7}, {0x115bf, 0x115bf, 9},
	{0x115c0, 0x115c0, 7}, {0x1163f, 0x1163f, 9},
	{0x116b6, 0x116b6, 9}, {0x116b7, 0x116b7, 7},
	{0x1172b, 0x1172b, 9}, {0x11839, 0x11839, 9},
	{0x1183a, 0x1183a, 7}, {0x1193d, 0x1193e, 9},
	{0x11943, 0x11943, 7}, {0x119e0, 0x119e0, 9},
	{0x11a34, 0x11a34, 9}, {0x11a47, 0x11a47, 9},
	{0x11a99, 0x11a99, 9}, {0x11c3f, 0x11c3f, 9},
	{0x11d42, 0x11d42, 7}, {0x11d44, 0x11d45, 9},
	{0x11d97, 0x11d97, 9}, {0x16af0, 0x16af4, 1},
	{0x16b30, 0x16b36, 230}, {0x16ff0, 0x16ff1, 6},
	{0x1bc9e, 0x1bc9e, 1}, {0x1d165, 0x1d166, 216},
	{0x1d167, 0x1d169, 1}, {0x1d16d, 0x1d16d, 226},
	{0x1d16e, 0x1d172, 216}, {0x1d17b, 0x1d182, 220},
	{0x1d185, 0x1d189, 230}, {0x1d18a, 0x1d18b, 220},
	{0x1d1aa, 0x1d1ad, 230}, {0x1d242, 0x1d244, 230},
	{0x1e000, 0x1e006, 230}, {0x1e008, 0x1e018, 230},
	{0x1e01b, 0x1e021, 230}, {0x1e023, 0x1e024, 230},
	{0x1e026, 0x1e02a, 230}, {0x1e130, 0x1e136, 230},
	{0x1e2ae, 0x1e2ae, 230}, {0x1e2ec, 0x1e2ef, 230},
	{0x1e8d0, 0x1e8d6, 220}, {0x1e944, 0x1e949, 230},
	{0x1e94a, 0x1e94a, 7},
}
