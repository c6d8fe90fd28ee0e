package templates

import (
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// Django's filter-expression grammar (django/template/base.py), with \w
// widened to Unicode letters and digits as Python's is.
const (
	reStrDQ     = `"[^"\\]*(?:\\.[^"\\]*)*"`
	reStrSQ     = `'[^'\\]*(?:\\.[^'\\]*)*'`
	reConstant  = `(?:_\(` + reStrDQ + `\)|_\(` + reStrSQ + `\)|` + reStrDQ + `|` + reStrSQ + `)`
	reNum       = `[-+.]?\d[\d.e]*`
	reVarChars  = `[\p{L}\p{N}_.]`
	reWord      = `[\p{L}\p{N}_]`
	reFilterRaw = `^(?P<constant>` + reConstant + `)|^(?P<var>` + reVarChars + `+|` + reNum + `)|` +
		`(?:\s*\|\s*(?P<filter_name>` + reWord + `+)(?::(?:(?P<constant_arg>` + reConstant + `)|(?P<var_arg>` + reVarChars + `+|` + reNum + `)))?)`
)

var filterRE = regexp.MustCompile(reFilterRaw)

var (
	reIdxConstant    = filterRE.SubexpIndex("constant")
	reIdxVar         = filterRE.SubexpIndex("var")
	reIdxFilterName  = filterRE.SubexpIndex("filter_name")
	reIdxConstantArg = filterRE.SubexpIndex("constant_arg")
	reIdxVarArg      = filterRE.SubexpIndex("var_arg")
)

// Expr is a compiled filter expression: a variable or a literal followed
// by filters, as in {{ post.title|lower|truncatechars:30 }}. Custom tags
// get one from Parser.CompileFilter.
type Expr struct {
	src     string
	at      pos
	base    operand
	filters []filterUse
}

// operand is a literal or a variable's dotted lookup path.
type operand struct {
	isLit bool
	lit   any
	parts []string
	text  string // as written, for error messages
}

type filterUse struct {
	name   string
	f      *Filter
	arg    *operand
	hasArg bool
}

// String returns the expression as written.
func (e *Expr) String() string { return e.src }

// compileFilter parses a filter expression; at is the position of s in
// the template, for errors.
func (p *Parser) compileFilter(s string, at pos) (*Expr, error) {
	e := &Expr{src: s, at: at}
	upto := 0
	haveBase := false
	for _, m := range filterRE.FindAllStringSubmatchIndex(s, -1) {
		start, end := m[0], m[1]
		if upto != start {
			return nil, at.errorf(upto, "Could not parse some characters: %s|%s|%s", s[:upto], s[upto:start], s[start:])
		}
		group := func(i int) (string, bool) {
			if m[2*i] < 0 {
				return "", false
			}
			return s[m[2*i]:m[2*i+1]], true
		}
		if !haveBase {
			if c, ok := group(reIdxConstant); ok {
				op, err := newOperand(c, at.plus(start))
				if err != nil {
					return nil, err
				}
				e.base = op
			} else if v, ok := group(reIdxVar); ok {
				op, err := newOperand(v, at.plus(start))
				if err != nil {
					return nil, err
				}
				e.base = op
			} else {
				return nil, at.errorf(start, "Could not find variable at start of %s.", s)
			}
			haveBase = true
		} else {
			name, _ := group(reIdxFilterName)
			fu := filterUse{name: name}
			f, ok := p.findFilter(name)
			if !ok {
				return nil, at.errorf(m[2*reIdxFilterName], "Invalid filter: '%s'", name)
			}
			fu.f = f
			var argText string
			var argStart int
			if c, ok := group(reIdxConstantArg); ok {
				argText, argStart, fu.hasArg = c, m[2*reIdxConstantArg], true
			} else if v, ok := group(reIdxVarArg); ok {
				argText, argStart, fu.hasArg = v, m[2*reIdxVarArg], true
			}
			if fu.hasArg {
				op, err := newOperand(argText, at.plus(argStart))
				if err != nil {
					return nil, err
				}
				fu.arg = &op
			}
			switch {
			case f.Arg == ArgNone && fu.hasArg:
				return nil, at.errorf(m[2*reIdxFilterName], "%s requires 1 arguments, 2 provided", name)
			case f.Arg == ArgRequired && !fu.hasArg:
				return nil, at.errorf(m[2*reIdxFilterName], "%s requires 2 arguments, 1 provided", name)
			}
			e.filters = append(e.filters, fu)
		}
		upto = end
	}
	if upto != len(s) {
		return nil, at.errorf(upto, "Could not parse the remainder: '%s' from '%s'", s[upto:], s)
	}
	if !haveBase {
		return nil, at.errorf(0, "Empty expression")
	}
	return e, nil
}

// newOperand is Django's Variable(): a number, a quoted string (marked
// safe), _("text"), or a dotted lookup.
func newOperand(v string, at pos) (operand, error) {
	op := operand{text: v}
	if strings.Contains(v, ".") || strings.Contains(strings.ToLower(v), "e") {
		if f, ok := pyFloatLiteral(v); ok && !strings.HasSuffix(v, ".") {
			op.isLit, op.lit = true, f
			return op, nil
		}
	} else if n, err := strconv.ParseInt(strings.TrimPrefix(v, "+"), 10, 64); err == nil {
		op.isLit, op.lit = true, n
		return op, nil
	} else if errors.Is(err, strconv.ErrRange) {
		// Python's ints have no limit.
		if b, ok := new(big.Int).SetString(strings.TrimPrefix(v, "+"), 10); ok {
			op.isLit, op.lit = true, b
			return op, nil
		}
	}
	s := v
	if strings.HasPrefix(s, "_(") && strings.HasSuffix(s, ")") {
		s = s[2 : len(s)-1]
	}
	if lit, ok := unescapeStringLiteral(s); ok {
		op.isLit, op.lit = true, SafeString(lit)
		return op, nil
	}
	if strings.Contains(s, "._") || strings.HasPrefix(s, "_") {
		return op, at.errorf(0, "Variables and attributes may not begin with underscores: '%s'", s)
	}
	// An empty part ("a..b", "a.") never resolves, as in Django.
	op.parts = strings.Split(s, ".")
	return op, nil
}

// pyFloatLiteral accepts what Python's float() accepts of the digits,
// dots and exponents the grammar lets through.
func pyFloatLiteral(s string) (float64, bool) {
	if strings.ContainsAny(s, "_xXpP") {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// unescapeStringLiteral is Django's unescape_string_literal.
func unescapeStringLiteral(s string) (string, bool) {
	if len(s) < 2 || (s[0] != '"' && s[0] != '\'') || s[len(s)-1] != s[0] {
		return "", false
	}
	q := s[:1]
	body := s[1 : len(s)-1]
	body = strings.ReplaceAll(body, `\`+q, q)
	body = strings.ReplaceAll(body, `\\`, `\`)
	return body, true
}

// resolve evaluates the operand; missing reports a failed lookup.
func (op *operand) resolve(c *Context) (v any, missing bool, err error) {
	if op.isLit {
		return op.lit, false, nil
	}
	v, ok := c.Get(op.parts[0])
	if !ok {
		return nil, true, nil
	}
	if v != nil {
		// A callable variable is called, as Django calls it.
		if v, ok, err = callIfFunc(v); err != nil {
			return nil, false, err
		} else if !ok {
			return nil, true, nil
		}
	}
	for _, part := range op.parts[1:] {
		v, ok, err = lookup(v, part)
		if err != nil {
			return nil, false, err
		}
		if !ok {
			return nil, true, nil
		}
	}
	return v, false, nil
}

// Resolve evaluates the expression in c. A variable that does not exist
// gives "" before the filters run, as Django's string_if_invalid.
func (e *Expr) Resolve(c *Context) (any, error) {
	return e.resolve(c, false)
}

// resolve evaluates the expression; with ignoreFailures a missing
// variable is None (as in {% if %}) instead of "".
func (e *Expr) resolve(c *Context, ignoreFailures bool) (any, error) {
	v, missing, err := e.base.resolve(c)
	if err != nil {
		return nil, e.at.wrap(err)
	}
	if missing {
		if ignoreFailures {
			v = nil
		} else {
			v = ""
		}
	}
	for i := range e.filters {
		fu := &e.filters[i]
		var arg any
		if fu.hasArg {
			a, missing, err := fu.arg.resolve(c)
			if err != nil {
				return nil, e.at.wrap(err)
			}
			if missing {
				return nil, e.at.errorf(0, "Failed lookup for key [%s] in the argument of filter %s", fu.arg.parts[0], fu.name)
			}
			arg = a
		}
		fc := FilterCall{Autoescape: c.autoescape, HasArg: fu.hasArg, Now: c.st.engine.now, engine: c.st.engine}
		out, err := fu.f.call(fc, v, arg)
		if err != nil {
			return nil, e.at.wrap(fmt.Errorf("filter %s: %w", fu.name, err))
		}
		v = out
	}
	return v, nil
}

// smartSplit splits tag contents at spaces, keeping quoted strings
// (with what is glued to them) together: Django's smart_split, with the
// offset of each bit.
func smartSplit(s string) (bits []string, offsets []int) {
	i := 0
	for i < len(s) {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			break
		}
		start := i
		for i < len(s) && !isSpace(s[i]) {
			if q := s[i]; q == '"' || q == '\'' {
				j := i + 1
				for j < len(s) && s[j] != q {
					if s[j] == '\\' {
						j++
					}
					j++
				}
				if j >= len(s) {
					// An unclosed quote: Django's regex falls back to
					// \S+ from the start of the bit.
					for i < len(s) && !isSpace(s[i]) {
						i++
					}
					break
				}
				i = j + 1
				continue
			}
			i++
		}
		bits = append(bits, s[start:i])
		offsets = append(offsets, start)
	}
	return bits, offsets
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// splitContents is Django's Token.split_contents: smartSplit, with
// _("...") translation pieces containing spaces rejoined.
func splitContents(s string) (bits []string, offsets []int) {
	raw, offs := smartSplit(s)
	for i := 0; i < len(raw); i++ {
		bit, off := raw[i], offs[i]
		if strings.HasPrefix(bit, `_("`) || strings.HasPrefix(bit, `_('`) {
			sentinel := bit[2:3] + ")"
			for !strings.HasSuffix(bit, sentinel) && i+1 < len(raw) {
				i++
				bit = s[off : offs[i]+len(raw[i])]
			}
		}
		bits = append(bits, bit)
		offsets = append(offsets, off)
	}
	return bits, offsets
}
