package templates

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

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
		case *big.Int:
			digits, neg = new(big.Int).Abs(x).String(), x.Sign() < 0
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
