package templates

import (
	"reflect"
)

// The {% if %} expression language: Django's smartif, a Pratt parser
// over the tag's bits with Python's operators and precedences. An
// operator that fails at render time (a comparison between a number and
// a string, `in` on something without members) is false, as in Django.

type condNode interface {
	eval(c *Context) (any, error)
}

var ifOps = map[string]int{
	"or": 6, "and": 7, "not": 8, "in": 9, "not in": 9,
	"is": 10, "is not": 10, "==": 10, "!=": 10, ">": 10, ">=": 10, "<": 10, "<=": 10,
}

// ifToken is an operator or a compiled operand.
type ifToken struct {
	op   string // "" for an operand
	lbp  int
	expr *Expr
	at   pos
}

type ifParser struct {
	toks []ifToken
	i    int
	end  pos
}

// compileIf compiles the bits of {% if %} or {% elif %}.
func compileIf(p *Parser, t Token, bits []string, ps []pos) (condNode, error) {
	ip := &ifParser{end: t.at.plus(len(t.Contents))}
	for i := 0; i < len(bits); i++ {
		b := bits[i]
		switch {
		case b == "is" && i+1 < len(bits) && bits[i+1] == "not":
			b = "is not"
			i++
		case b == "not" && i+1 < len(bits) && bits[i+1] == "in":
			b = "not in"
			i++
		}
		if lbp, ok := ifOps[b]; ok {
			ip.toks = append(ip.toks, ifToken{op: b, lbp: lbp, at: ps[i]})
			continue
		}
		e, err := p.compileFilter(b, ps[i])
		if err != nil {
			return nil, err
		}
		ip.toks = append(ip.toks, ifToken{expr: e, at: ps[i]})
	}
	n, err := ip.expression(0)
	if err != nil {
		return nil, err
	}
	if ip.i < len(ip.toks) {
		tk := ip.toks[ip.i]
		return nil, tk.at.errorf(0, "Unused '%s' at end of if expression.", tk.display())
	}
	return n, nil
}

func (tk ifToken) display() string {
	if tk.op != "" {
		return tk.op
	}
	return tk.expr.src
}

func (ip *ifParser) next() (ifToken, bool) {
	if ip.i >= len(ip.toks) {
		return ifToken{}, false
	}
	tk := ip.toks[ip.i]
	ip.i++
	return tk, true
}

func (ip *ifParser) peekLBP() int {
	if ip.i >= len(ip.toks) {
		return 0
	}
	return ip.toks[ip.i].lbp // operands have 0
}

func (ip *ifParser) expression(rbp int) (condNode, error) {
	tk, ok := ip.next()
	if !ok {
		return nil, ip.end.errorf(0, "Unexpected end of expression in if tag.")
	}
	left, err := ip.nud(tk)
	if err != nil {
		return nil, err
	}
	for rbp < ip.peekLBP() {
		tk, _ = ip.next()
		left, err = ip.led(tk, left)
		if err != nil {
			return nil, err
		}
	}
	return left, nil
}

func (ip *ifParser) nud(tk ifToken) (condNode, error) {
	switch tk.op {
	case "":
		return literalCond{tk.expr}, nil
	case "not":
		x, err := ip.expression(8)
		if err != nil {
			return nil, err
		}
		return notCond{x}, nil
	}
	return nil, tk.at.errorf(0, "Not expecting '%s' in this position in if tag.", tk.op)
}

func (ip *ifParser) led(tk ifToken, left condNode) (condNode, error) {
	if tk.op == "" || tk.op == "not" {
		return nil, tk.at.errorf(0, "Not expecting '%s' as infix operator in if tag.", tk.display())
	}
	right, err := ip.expression(tk.lbp)
	if err != nil {
		return nil, err
	}
	return binCond{op: tk.op, l: left, r: right}, nil
}

type literalCond struct{ e *Expr }

func (l literalCond) eval(c *Context) (any, error) { return l.e.resolve(c, true) }

type notCond struct{ x condNode }

func (n notCond) eval(c *Context) (any, error) {
	v, err := n.x.eval(c)
	if err != nil {
		return nil, err
	}
	return !truth(v), nil
}

type binCond struct {
	op   string
	l, r condNode
}

func (b binCond) eval(c *Context) (any, error) {
	x, err := b.l.eval(c)
	if err != nil {
		return nil, err
	}
	switch b.op {
	case "or":
		if truth(x) {
			return x, nil
		}
		return b.r.eval(c)
	case "and":
		if !truth(x) {
			return x, nil
		}
		return b.r.eval(c)
	}
	y, err := b.r.eval(c)
	if err != nil {
		return nil, err
	}
	switch b.op {
	case "in", "not in":
		in, ok := contains(y, x)
		if !ok {
			return false, nil
		}
		return in == (b.op == "in"), nil
	case "is":
		return identical(x, y), nil
	case "is not":
		return !identical(x, y), nil
	case "==":
		return equal(x, y), nil
	case "!=":
		return !equal(x, y), nil
	}
	cmp, ok := compare(x, y)
	if !ok || cmp == 2 {
		return false, nil
	}
	switch b.op {
	case "<":
		return cmp < 0, nil
	case "<=":
		return cmp <= 0, nil
	case ">":
		return cmp > 0, nil
	default: // ">="
		return cmp >= 0, nil
	}
}

// identical approximates Python's `is`: None is None, True is True,
// equal integers from -5 to 256 are the same object (CPython caches
// them, so Django's {% if n is 0 %} holds for n == 0), and the same
// list, map or pointer is itself.
func identical(x, y any) bool {
	x, y = normalize(x), normalize(y)
	if x == nil || y == nil {
		return x == nil && y == nil
	}
	if bx, ok := x.(bool); ok {
		by, ok := y.(bool)
		return ok && bx == by
	}
	if ix, ok := x.(int64); ok {
		iy, ok := y.(int64)
		return ok && ix == iy && ix >= -5 && ix <= 256
	}
	rx, ry := reflect.ValueOf(x), reflect.ValueOf(y)
	if rx.Type() != ry.Type() {
		return false
	}
	switch rx.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return rx.Pointer() == ry.Pointer() && (rx.Kind() != reflect.Slice || rx.Len() == ry.Len())
	}
	return false
}
