package templates

import (
	"errors"
	"math"
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
