package templates

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Django's number filters (django/template/defaultfilters.py, 3.2):
// add, divisibleby, filesizeformat, floatformat, get_digit, pluralize.
// Python's int(), float() and decimal arithmetic are reproduced exactly
// where the filters use them: floatformat computes on decimal digits,
// never on float64 rounding.

func init() {
	addFilters(map[string]Filter{
		"add":            {Func: filterAdd, Arg: ArgRequired},
		"divisibleby":    {Func: filterDivisibleBy, Arg: ArgRequired},
		"filesizeformat": {Func: filterFilesizeformat, IsSafe: true},
		"floatformat":    {Func: filterFloatformat, Arg: ArgOptional, IsSafe: true},
		"get_digit":      {Func: filterGetDigit, Arg: ArgRequired},
		"pluralize":      {Func: filterPluralize, Arg: ArgOptional},
	})
}

// pyErr names the exception Python's int() or float() would raise.
type pyErr uint8

const (
	pyOK pyErr = iota
	pyValueError
	pyTypeError
	pyOverflowError
)

// pyInt is Python's int(v): integers, floats truncated toward zero,
// bools, and strings holding a base-10 integer (surrounding whitespace,
// a sign and single underscores between digits allowed). An integer
// outside int64 comes back in b (n is then 0).
func pyInt(v any) (n int64, b *big.Int, e pyErr) {
	switch x := v.(type) {
	case int64:
		return x, nil, pyOK
	case int:
		return int64(x), nil, pyOK
	case float64:
		return floatToInt(x)
	case bool:
		return boolInt(x), nil, pyOK
	case string:
		return parsePyInt(x)
	case SafeString:
		return parsePyInt(string(x))
	case *big.Int:
		if x == nil {
			return 0, nil, pyTypeError
		}
		if x.IsInt64() {
			return x.Int64(), nil, pyOK
		}
		return 0, x, pyOK
	case nil:
		return 0, nil, pyTypeError
	}
	if b := hugeUint(v); b != nil {
		return 0, b, pyOK
	}
	switch x := normalize(v).(type) {
	case int64:
		return x, nil, pyOK
	case float64:
		return floatToInt(x)
	case bool:
		return boolInt(x), nil, pyOK
	case string:
		return parsePyInt(x)
	}
	return 0, nil, pyTypeError
}

// hugeUint returns an unsigned integer beyond int64 exactly (normalize
// would make it a float64), nil for anything else.
func hugeUint(v any) *big.Int {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Uint, reflect.Uint64, reflect.Uintptr:
		if u := rv.Uint(); u > math.MaxInt64 {
			return new(big.Int).SetUint64(u)
		}
	}
	return nil
}

// floatToInt is int(f) for a Python float.
func floatToInt(f float64) (int64, *big.Int, pyErr) {
	switch {
	case math.IsNaN(f):
		return 0, nil, pyValueError
	case math.IsInf(f, 0):
		return 0, nil, pyOverflowError
	case f > -(1<<63) && f < 1<<63:
		return int64(f), nil, pyOK
	}
	b, _ := big.NewFloat(f).Int(nil)
	return 0, b, pyOK
}

// isPySpace is Python's str.isspace() for one character.
func isPySpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

// cleanDigits checks a run of digits with Python's underscore rule (one
// underscore at a time, between digits) and returns it without them.
func cleanDigits(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	under := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '_' && i > 0 && i < len(s)-1 && s[i-1] != '_':
			under = true
		default:
			return "", false
		}
	}
	if under {
		s = strings.ReplaceAll(s, "_", "")
	}
	return s, true
}

// parsePyInt is Python's int(s) for a string.
func parsePyInt(s string) (int64, *big.Int, pyErr) {
	t := strings.TrimFunc(s, isPySpace)
	sign := ""
	if t != "" && (t[0] == '+' || t[0] == '-') {
		sign, t = t[:1], t[1:]
	}
	digits, ok := cleanDigits(t)
	if !ok {
		return 0, nil, pyValueError
	}
	if sign == "-" {
		digits = "-" + digits
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err == nil {
		return n, nil, pyOK
	}
	b, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		return 0, nil, pyValueError
	}
	return 0, b, pyOK
}

// pyFloat is Python's float(v).
func pyFloat(v any) (float64, pyErr) {
	switch x := v.(type) {
	case float64:
		return x, pyOK
	case int64:
		return float64(x), pyOK
	case string:
		return parsePyFloatStr(x)
	case SafeString:
		return parsePyFloatStr(string(x))
	case *big.Int:
		if x == nil {
			return 0, pyTypeError
		}
		f, _ := new(big.Float).SetInt(x).Float64()
		if math.IsInf(f, 0) {
			return 0, pyOverflowError
		}
		return f, pyOK
	case nil:
		return 0, pyTypeError
	}
	switch x := normalize(v).(type) {
	case int64:
		return float64(x), pyOK
	case float64:
		return x, pyOK
	case bool:
		return float64(boolInt(x)), pyOK
	case string:
		return parsePyFloatStr(x)
	}
	return 0, pyTypeError
}

// parsePyFloatStr is Python's float(s) for a string.
func parsePyFloatStr(s string) (float64, pyErr) {
	t := strings.TrimFunc(s, isPySpace)
	body := t
	if body != "" && (body[0] == '+' || body[0] == '-') {
		body = body[1:]
	}
	switch strings.ToLower(body) {
	case "inf", "infinity":
		if t[0] == '-' {
			return math.Inf(-1), pyOK
		}
		return math.Inf(1), pyOK
	case "nan":
		return math.NaN(), pyOK
	}
	// Python's grammar: digits (with single underscores between them),
	// an optional fraction and an optional exponent.
	under := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= '0' && c <= '9', c == '.', c == 'e', c == 'E', c == '+', c == '-':
		case c == '_':
			if i == 0 || i == len(t)-1 || !asciiDigit(t[i-1]) || !asciiDigit(t[i+1]) {
				return 0, pyValueError
			}
			under = true
		default:
			return 0, pyValueError
		}
	}
	if under {
		t = strings.ReplaceAll(t, "_", "")
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return f, pyOK // Python gives inf (or 0) too
		}
		return 0, pyValueError
	}
	return f, pyOK
}

// asciiDigit reports whether c is 0-9.
func asciiDigit(c byte) bool { return c >= '0' && c <= '9' }

// pyTypeName is the Python type name Django's error messages would show
// for v.
func pyTypeName(v any) string {
	switch normalize(v).(type) {
	case nil:
		return "NoneType"
	case int64, *big.Int:
		return "int"
	case float64:
		return "float"
	case bool:
		return "bool"
	case string:
		return "str"
	case SafeString:
		return "SafeString"
	case time.Time:
		return "datetime.datetime"
	case []any:
		return "list"
	case map[string]any, Mapping:
		return "dict"
	}
	if _, ok := v.([]byte); ok {
		return "bytes"
	}
	switch reflect.ValueOf(v).Kind() {
	case reflect.Slice, reflect.Array:
		return "list"
	case reflect.Map:
		return "dict"
	}
	return fmt.Sprintf("%T", v)
}

// intError is the exception int(v) raised, as Python words it.
func intError(v any, e pyErr) error {
	switch e {
	case pyValueError:
		if f, ok := normalize(v).(float64); ok && math.IsNaN(f) {
			return errors.New("ValueError: cannot convert float NaN to integer")
		}
		return fmt.Errorf("ValueError: invalid literal for int() with base 10: %s", reprString(toStr(v)))
	case pyOverflowError:
		return errors.New("OverflowError: cannot convert float infinity to integer")
	}
	return fmt.Errorf("TypeError: int() argument must be a string, a bytes-like object or a number, not '%s'", pyTypeName(v))
}

// intValue is the result of int(): an int64, or a *big.Int beyond it.
func intValue(n int64, b *big.Int) any {
	if b != nil {
		return b
	}
	return n
}

// bigOf is the int() result n or b as a *big.Int.
func bigOf(n int64, b *big.Int) *big.Int {
	if b != nil {
		return b
	}
	return big.NewInt(n)
}

// filterAdd is Django's add: int(value) + int(arg), else value + arg
// (strings and lists concatenate), else "".
func filterAdd(_ FilterCall, in, arg any) (any, error) {
	a, ab, ae := pyInt(in)
	if ae == pyOverflowError {
		return nil, intError(in, ae)
	}
	if ae == pyOK {
		b, bb, be := pyInt(arg)
		if be == pyOverflowError {
			return nil, intError(arg, be)
		}
		if be == pyOK {
			if ab == nil && bb == nil {
				s := a + b
				// Overflow iff both operands have the sign the sum lacks.
				if (a >= 0) == (b >= 0) && (s >= 0) != (a >= 0) {
					return new(big.Int).Add(big.NewInt(a), big.NewInt(b)), nil
				}
				return s, nil
			}
			s := new(big.Int).Add(bigOf(a, ab), bigOf(b, bb))
			if s.IsInt64() {
				return s.Int64(), nil
			}
			return s, nil
		}
	}
	return pyAdd(in, arg), nil
}

// pyAdd is Python's value + arg where int() failed on one of them; ""
// stands for the TypeError Django swallows.
func pyAdd(x, y any) any {
	nx, ny := normalize(x), normalize(y)
	switch a := nx.(type) {
	case string, SafeString:
		as, _ := stringOf(a)
		bs, ok := stringOf(ny)
		if !ok {
			return ""
		}
		// SafeString + SafeString stays safe; anything else is a str.
		_, sa := a.(SafeString)
		_, sb := ny.(SafeString)
		if sa && sb {
			return SafeString(as + bs)
		}
		return as + bs
	case float64, int64, bool:
		// Reached only when one side is a NaN (int() raised ValueError).
		fa, ea := pyFloat(a)
		fb, eb := pyFloat(ny)
		if ea != pyOK || eb != pyOK || !isPyNumber(ny) {
			return ""
		}
		return fa + fb
	}
	if isPyList(x) && isPyList(y) {
		la, _ := toList(x)
		lb, _ := toList(y)
		out := make([]any, 0, len(la)+len(lb))
		return append(append(out, la...), lb...)
	}
	return ""
}

// isPyNumber reports whether a normalized value is a Python number.
func isPyNumber(v any) bool {
	switch v.(type) {
	case int64, float64, bool, *big.Int:
		return true
	}
	return false
}

// filterDivisibleBy is Django's divisibleby: int(value) % int(arg) == 0;
// Python's exceptions for bad input abort the rendering, as in Django.
func filterDivisibleBy(_ FilterCall, in, arg any) (any, error) {
	a, ab, ae := pyInt(in)
	if ae != pyOK {
		return nil, intError(in, ae)
	}
	b, bb, be := pyInt(arg)
	if be != pyOK {
		return nil, intError(arg, be)
	}
	if ab == nil && bb == nil {
		if b == 0 {
			return nil, errors.New("ZeroDivisionError: integer modulo by zero")
		}
		if b == -1 {
			return true, nil // avoids MinInt64 % -1
		}
		return a%b == 0, nil
	}
	if bb == nil && b == 0 {
		return nil, errors.New("ZeroDivisionError: integer modulo by zero")
	}
	return new(big.Int).Rem(bigOf(a, ab), bigOf(b, bb)).Sign() == 0, nil
}

// filterGetDigit is Django's get_digit: digit arg of int(value),
// counting from the right (1 is the last); value unchanged when either
// is not an integer or arg < 1; 0 past the first digit.
func filterGetDigit(_ FilterCall, in, arg any) (any, error) {
	n, nb, ne := pyInt(arg)
	if ne == pyValueError {
		return in, nil
	}
	if ne != pyOK {
		return nil, intError(arg, ne)
	}
	v, vb, ve := pyInt(in)
	if ve == pyValueError {
		return in, nil
	}
	if ve != pyOK {
		return nil, intError(in, ve)
	}
	if nb != nil {
		if nb.Sign() < 0 {
			return intValue(v, vb), nil
		}
		return int64(0), nil
	}
	if n < 1 {
		return intValue(v, vb), nil
	}
	var s string
	if vb != nil {
		s = vb.String()
	} else {
		s = strconv.FormatInt(v, 10)
	}
	if n > int64(len(s)) {
		return int64(0), nil
	}
	c := s[int64(len(s))-n]
	if c == '-' {
		return nil, errors.New("ValueError: invalid literal for int() with base 10: '-'")
	}
	return int64(c - '0'), nil
}

// filterPluralize is Django's pluralize: the singular suffix when the
// value is 1 (numbers, numeric strings) or has length 1, else the plural
// one; "" for values that are neither.
func filterPluralize(c FilterCall, in, arg any) (any, error) {
	suffixes := "s"
	if c.HasArg {
		s, ok := stringOf(normalize(arg))
		if !ok {
			return nil, fmt.Errorf("TypeError: argument of type '%s' is not iterable", pyTypeName(arg))
		}
		suffixes = s
	}
	singular, plural, found := strings.Cut(suffixes, ",")
	if !found {
		singular, plural = "", suffixes
	} else if strings.Contains(plural, ",") {
		return "", nil
	}
	f, e := pyFloat(in)
	switch e {
	case pyOK:
		if f == 1 {
			return singular, nil
		}
		return plural, nil
	case pyTypeError:
		if n, ok := length(in); ok {
			if n == 1 {
				return singular, nil
			}
			return plural, nil
		}
	case pyOverflowError:
		return nil, errors.New("OverflowError: int too large to convert to float")
	}
	return "", nil
}

// filterFilesizeformat is Django's filesizeformat: "13\u00a0KB",
// "4.1\u00a0MB", "102\u00a0bytes" (KB = 1024 bytes).
func filterFilesizeformat(_ FilterCall, in, _ any) (any, error) {
	n, b, e := pyInt(in)
	switch e {
	case pyTypeError, pyValueError:
		return "0\u00a0bytes", nil
	case pyOverflowError:
		return nil, intError(in, e)
	}
	neg := false
	var u uint64 // |bytes| when it fits
	var f float64
	if b != nil {
		neg = b.Sign() < 0
		f, _ = new(big.Float).SetInt(new(big.Int).Abs(b)).Float64()
	} else {
		neg = n < 0
		u = uint64(n)
		if neg {
			u = -u
		}
		f = float64(u)
	}
	const (
		kb = 1 << 10
		mb = 1 << 20
		gb = 1 << 30
		tb = 1 << 40
		pb = 1 << 50
	)
	var s string
	switch {
	case b == nil && u < kb:
		if u == 1 {
			s = "1\u00a0byte"
		} else {
			s = strconv.FormatUint(u, 10) + "\u00a0bytes"
		}
	case b == nil && u < mb:
		s = filesizeNumber(f/kb) + "\u00a0KB"
	case b == nil && u < gb:
		s = filesizeNumber(f/mb) + "\u00a0MB"
	case b == nil && u < tb:
		s = filesizeNumber(f/gb) + "\u00a0GB"
	case b == nil && u < pb:
		s = filesizeNumber(f/tb) + "\u00a0TB"
	default:
		s = filesizeNumber(f/pb) + "\u00a0PB"
	}
	if neg {
		s = "-" + s
	}
	return s, nil
}

// filesizeNumber is formats.number_format(round(v, 1), 1): Python's
// round is correctly rounded, ties to even, as strconv's is; beyond 1e16
// the number is printed from its shortest repr, as Django does.
func filesizeNumber(v float64) string {
	if v < 1e16 {
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	d := parseDecimal(formatFloat(v))
	return d.intPart() + ".0"
}

// decimal is a Python Decimal's tuple: sign, coefficient digits and
// exponent, or a special value (inf, nan).
type decimal struct {
	neg     bool
	digits  string // no leading zeros; "0" for zero
	exp     int
	special bool
}

// parseDecimal reads Decimal(s) for the texts Python's repr gives
// numbers: "-12", "34.25", "1.5e-15", "1e+16", "inf", "nan".
func parseDecimal(s string) decimal {
	var d decimal
	if s != "" && (s[0] == '-' || s[0] == '+') {
		d.neg = s[0] == '-'
		s = s[1:]
	}
	switch strings.ToLower(s) {
	case "inf", "infinity", "nan":
		d.special = true
		return d
	}
	mant, expStr, hasExp := strings.Cut(strings.ToLower(s), "e")
	if hasExp {
		d.exp, _ = strconv.Atoi(expStr)
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	d.exp -= len(frac)
	digits := strings.TrimLeft(intPart+frac, "0")
	if digits == "" {
		digits = "0"
	}
	d.digits = digits
	return d
}

// isZero reports whether the coefficient is zero.
func (d decimal) isZero() bool { return strings.Trim(d.digits, "0") == "" }

// hasFraction reports whether int(d) - d is non-zero.
func (d decimal) hasFraction() bool {
	if d.exp >= 0 {
		return false
	}
	k := -d.exp
	if k >= len(d.digits) {
		return !d.isZero()
	}
	return strings.Trim(d.digits[len(d.digits)-k:], "0") != ""
}

// intPart is the digits of int(d), without a sign.
func (d decimal) intPart() string {
	if d.exp >= 0 {
		if d.digits == "0" {
			return "0"
		}
		return d.digits + strings.Repeat("0", d.exp)
	}
	k := -d.exp
	if k >= len(d.digits) {
		return "0"
	}
	s := strings.TrimLeft(d.digits[:len(d.digits)-k], "0")
	if s == "" {
		return "0"
	}
	return s
}

// quantize rounds d to places decimal places, half away from zero
// (Decimal.quantize with ROUND_HALF_UP), returning the coefficient of
// the result, which has exponent -places.
func (d decimal) quantize(places int) string {
	shift := d.exp + places // digits to add (> 0) or drop (< 0)
	if shift >= 0 {
		if d.digits == "0" {
			return "0"
		}
		return d.digits + strings.Repeat("0", shift)
	}
	drop := -shift
	n := len(d.digits)
	if drop > n {
		return "0"
	}
	kept, first := d.digits[:n-drop], d.digits[n-drop]
	if first < '5' {
		if kept = strings.TrimLeft(kept, "0"); kept == "" {
			kept = "0"
		}
		return kept
	}
	// Round up: add one to kept.
	b := []byte(kept)
	i := len(b) - 1
	for ; i >= 0 && b[i] == '9'; i-- {
		b[i] = '0'
	}
	if i < 0 {
		b = append([]byte{'1'}, b...)
	} else {
		b[i]++
	}
	kept = strings.TrimLeft(string(b), "0")
	if kept == "" {
		kept = "0"
	}
	return kept
}

// filterFloatformat is Django 3.2's floatformat: value rounded half up
// to arg decimal places (arg < 0: only when it has a fraction; default
// -1), with the 'g' suffix grouping thousands.
func filterFloatformat(c FilterCall, in, arg any) (any, error) {
	grouping := false
	var argv any = int64(-1)
	if c.HasArg {
		argv = arg
		if s, ok := stringOf(arg); ok && strings.HasSuffix(s, "g") {
			grouping = true
			if s = s[:len(s)-1]; s == "" {
				argv = int64(-1)
			} else {
				argv = s
			}
		}
	}
	inputVal, d, ok := floatformatInput(in)
	if !ok {
		return "", nil
	}
	p64, pb, pe := pyInt(argv)
	switch {
	case pe == pyValueError:
		return inputVal, nil
	case pe != pyOK:
		return nil, intError(argv, pe)
	case pb != nil || p64 > math.MaxInt32 || p64 < -math.MaxInt32:
		return nil, errors.New("ValueError: valid range for prec is [1, MAX_PREC]")
	}
	p := int(p64)
	if d.special {
		return inputVal, nil // int(d) raises: the input is returned
	}
	expAbs := d.exp
	if expAbs < 0 {
		expAbs = -expAbs
	}
	if len(d.digits)+expAbs > 200 {
		return inputVal, nil
	}
	m := d.hasFraction()
	if !m && p < 0 {
		s := d.intPart()
		if d.neg && s != "0" {
			s = "-" + s
		}
		return SafeString(numberFormat(s, 0, grouping)), nil
	}
	places := p
	if places < 0 {
		places = -places
	}
	// Django sets the context precision to abs(p) + units + 1; a result
	// with more digits raises InvalidOperation (never for real inputs).
	units := len(d.digits)
	if m {
		units -= d.exp
	} else {
		units += d.exp
	}
	coef := d.quantize(places)
	if prec := places + units + 1; prec < 1 || len(coef) > prec {
		return nil, errors.New("InvalidOperation: quantize result has too many digits")
	}
	var b strings.Builder
	b.Grow(len(coef) + places + 3)
	if d.neg && coef != "0" {
		b.WriteByte('-')
	}
	if len(coef) <= places {
		b.WriteByte('0')
		b.WriteByte('.')
		for range places - len(coef) {
			b.WriteByte('0')
		}
		b.WriteString(coef)
	} else {
		b.WriteString(coef[:len(coef)-places])
		b.WriteByte('.')
		b.WriteString(coef[len(coef)-places:])
	}
	return SafeString(numberFormat(b.String(), places, grouping)), nil
}

// floatformatInput is floatformat's reading of its input: Decimal of
// repr(value), else Decimal of str(float(value)). inputVal is repr(value),
// which floatformat returns for input it cannot format.
func floatformatInput(in any) (inputVal string, d decimal, ok bool) {
	if b := hugeUint(in); b != nil {
		in = b
	}
	switch x := normalize(in).(type) {
	case int64:
		s := strconv.FormatInt(x, 10)
		return s, parseDecimal(s), true
	case *big.Int:
		if x == nil {
			return "", d, false
		}
		s := x.String()
		return s, parseDecimal(s), true
	case float64:
		s := formatFloat(x)
		return s, parseDecimal(s), true
	case bool:
		if x {
			return "True", parseDecimal("1.0"), true
		}
		return "False", parseDecimal("0.0"), true
	case string, SafeString:
		s, _ := stringOf(x)
		f, e := parsePyFloatStr(s)
		if e != pyOK {
			return "", d, false
		}
		return reprString(s), parseDecimal(formatFloat(f)), true
	}
	return "", d, false
}

// numberFormat is django.utils.numberformat.format for a number given as
// text, in English: "." for decimals and, when grouping is forced, ","
// between groups of three digits.
func numberFormat(number string, decimalPos int, grouping bool) string {
	sign := ""
	if strings.HasPrefix(number, "-") {
		sign, number = "-", number[1:]
	}
	intPart, decPart, _ := strings.Cut(number, ".")
	if len(decPart) > decimalPos {
		decPart = decPart[:decimalPos]
	}
	var b strings.Builder
	b.Grow(len(number) + len(number)/3 + decimalPos + 2)
	b.WriteString(sign)
	if grouping && len(intPart) > 3 {
		first := len(intPart) % 3
		if first > 0 {
			b.WriteString(intPart[:first])
		}
		for i := first; i < len(intPart); i += 3 {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(intPart[i : i+3])
		}
	} else {
		b.WriteString(intPart)
	}
	if decimalPos > 0 {
		b.WriteByte('.')
		b.WriteString(decPart)
		for range decimalPos - len(decPart) {
			b.WriteByte('0')
		}
	}
	return b.String()
}
