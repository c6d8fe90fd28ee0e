package templates

import (
	"fmt"
	"math"
	"regexp"
	"strings"
)

// builtinTags are Django's built-in tags, filled by the tags_*.go files.
var builtinTags = map[string]TagFunc{}

func init() {
	for name, f := range map[string]TagFunc{
		"if":          compileIfTag,
		"for":         compileFor,
		"with":        compileWith,
		"autoescape":  compileAutoescape,
		"filter":      compileFilterTag,
		"spaceless":   compileSpaceless,
		"comment":     func(*Parser, Token) (Node, error) { return commentNode{}, nil },
		"verbatim":    func(_ *Parser, t Token) (Node, error) { return literalNode(t.Contents), nil },
		"templatetag": compileTemplatetag,
		"load":        func(*Parser, Token) (Node, error) { return commentNode{}, nil }, // handled while lexing
		"firstof":     compileFirstof,
		"cycle":       compileCycle,
		"resetcycle":  compileResetcycle,
		"ifchanged":   compileIfchanged,
		"widthratio":  compileWidthratio,
		"ifequal":     compileIfequal,
		"ifnotequal":  compileIfequal,
	} {
		builtinTags[name] = f
	}
}

// commentNode renders nothing.
type commentNode struct{}

func (commentNode) Render(*Context, Writer) error { return nil }

// literalNode renders its text as it is.
type literalNode string

func (n literalNode) Render(_ *Context, w Writer) error {
	_, err := w.WriteString(string(n))
	return err
}

// writeValue writes v as {{ v }} would.
func writeValue(c *Context, w Writer, v any) error {
	_, err := w.WriteString(c.st.engine.display(v, c.autoescape))
	return err
}

// renderValue is Django's render_value_in_context, as a value to store.
func renderValue(c *Context, v any) any {
	s := c.st.engine.display(v, c.autoescape)
	if c.autoescape {
		return SafeString(s)
	}
	return s
}

// ---- if ----

type ifBranch struct {
	cond condNode // nil for else
	body *NodeList
}

type ifNode struct{ branches []ifBranch }

func compileIfTag(p *Parser, t Token) (Node, error) {
	n := &ifNode{}
	tok := t
	for {
		bits, ps := tok.bits()
		cond, err := compileIf(p, tok, bits[1:], ps[1:])
		if err != nil {
			return nil, err
		}
		body, next, err := p.Parse(t, "elif", "else", "endif")
		if err != nil {
			return nil, err
		}
		n.branches = append(n.branches, ifBranch{cond, body})
		switch next.Name {
		case "elif":
			tok = next
			continue
		case "else":
			if next.Contents != "else" {
				return nil, next.Errorf("Malformed template tag at line %d: \"%s\"", next.Line(), next.Contents)
			}
			body, end, err := p.Parse(t, "endif")
			if err != nil {
				return nil, err
			}
			if end.Contents != "endif" {
				return nil, end.Errorf("Malformed template tag at line %d: \"%s\"", end.Line(), end.Contents)
			}
			n.branches = append(n.branches, ifBranch{nil, body})
			return n, nil
		default:
			if next.Contents != "endif" {
				return nil, next.Errorf("Malformed template tag at line %d: \"%s\"", next.Line(), next.Contents)
			}
			return n, nil
		}
	}
}

func (n *ifNode) Render(c *Context, w Writer) error {
	for _, b := range n.branches {
		if b.cond != nil {
			v, err := b.cond.eval(c)
			if err != nil {
				return err
			}
			if !truth(v) {
				continue
			}
		}
		return b.body.Render(c, w)
	}
	return nil
}

// ---- for ----

type forNode struct {
	vars     []string
	seq      *Expr
	reversed bool
	body     *NodeList
	empty    *NodeList
	at       pos
}

var loopVarSplit = regexp.MustCompile(` *, *`)

func compileFor(p *Parser, t Token) (Node, error) {
	bits, ps := t.bits()
	if len(bits) < 4 {
		return nil, t.Errorf("'for' statements should have at least four words: %s", t.Contents)
	}
	rev := bits[len(bits)-1] == "reversed"
	in := len(bits) - 2
	if rev {
		in = len(bits) - 3
	}
	if bits[in] != "in" {
		return nil, t.Errorf("'for' statements should use the format 'for x in y': %s", t.Contents)
	}
	vars := loopVarSplit.Split(strings.Join(bits[1:in], " "), -1)
	for _, v := range vars {
		if v == "" || strings.ContainsAny(v, " \"'|") {
			return nil, t.Errorf("'for' tag received an invalid argument: %s", t.Contents)
		}
	}
	seq, err := p.compileFilter(bits[in+1], ps[in+1])
	if err != nil {
		return nil, err
	}
	n := &forNode{vars: vars, seq: seq, reversed: rev, at: t.start}
	body, next, err := p.Parse(t, "empty", "endfor")
	if err != nil {
		return nil, err
	}
	n.body = body
	if next.Name == "empty" {
		n.empty, _, err = p.Parse(t, "endfor")
		if err != nil {
			return nil, err
		}
	}
	return n, nil
}

// forloop is Django's forloop variable.
type forloop struct {
	counter0, length int
	parent           any
	state            map[any]any // {% ifchanged %} inside this loop
}

func (f *forloop) attr(name string) (any, bool, error) {
	v, ok := f.get(name)
	return v, ok, nil
}

func (f *forloop) get(name string) (any, bool) {
	i := f.counter0
	switch name {
	case "counter":
		return int64(i + 1), true
	case "counter0":
		return int64(i), true
	case "revcounter":
		return int64(f.length - i), true
	case "revcounter0":
		return int64(f.length - i - 1), true
	case "first":
		return i == 0, true
	case "last":
		return i == f.length-1, true
	case "parentloop":
		return f.parent, true
	}
	return nil, false
}

func (f *forloop) String() string {
	return fmt.Sprintf("{'parentloop': %s, 'counter0': %d, 'counter': %d, 'revcounter': %d, 'revcounter0': %d, 'first': %s, 'last': %s}",
		toStr(f.parent), f.counter0, f.counter0+1, f.length-f.counter0, f.length-f.counter0-1,
		toStr(f.counter0 == 0), toStr(f.counter0 == f.length-1))
}

func (n *forNode) Render(c *Context, w Writer) error {
	parent, ok := c.Get("forloop")
	if !ok {
		parent = map[string]any{}
	}
	v, err := n.seq.resolve(c, true)
	if err != nil {
		return err
	}
	items, ok := toList(v)
	if !ok && v != nil {
		return n.at.renderErrorf("'for' cannot loop over %s (a %T)", n.seq.src, v)
	}
	if len(items) == 0 {
		return n.empty.Render(c, w)
	}
	inner := c.Push()
	loop := &forloop{length: len(items), parent: parent}
	inner.Set("forloop", loop)
	for i := range items {
		item := items[i]
		if n.reversed {
			item = items[len(items)-1-i]
		}
		loop.counter0 = i
		if len(n.vars) == 1 {
			inner.Set(n.vars[0], item)
		} else {
			parts, ok := toList(item)
			if !ok {
				parts = []any{item}
			}
			if len(parts) != len(n.vars) {
				return n.at.renderErrorf("Need %d values to unpack in for loop; got %d.", len(n.vars), len(parts))
			}
			for j, name := range n.vars {
				inner.Set(name, parts[j])
			}
		}
		if err := n.body.Render(inner, w); err != nil {
			return err
		}
	}
	return nil
}

// ---- with ----

type kwarg struct {
	name string
	e    *Expr
}

var kwargRE = regexp.MustCompile(`^(?:([\p{L}\p{N}_]+)=)?(.+)$`)

// tokenKwargs is Django's token_kwargs: name=value pairs (or, with
// legacy, "value as name and value as name"), consumed from bits.
func tokenKwargs(p *Parser, bits []string, ps []pos, legacy bool) ([]kwarg, []string, []pos, error) {
	if len(bits) == 0 {
		return nil, bits, ps, nil
	}
	m := kwargRE.FindStringSubmatch(bits[0])
	kwFormat := m != nil && m[1] != ""
	if !kwFormat && (!legacy || len(bits) < 3 || bits[1] != "as") {
		return nil, bits, ps, nil
	}
	var out []kwarg
	for len(bits) > 0 {
		var key, value string
		var at pos
		if kwFormat {
			m := kwargRE.FindStringSubmatch(bits[0])
			if m == nil || m[1] == "" {
				return out, bits, ps, nil
			}
			key, value, at = m[1], m[2], ps[0].plus(len(m[1])+1)
			bits, ps = bits[1:], ps[1:]
		} else {
			if len(bits) < 3 || bits[1] != "as" {
				return out, bits, ps, nil
			}
			key, value, at = bits[2], bits[0], ps[0]
			bits, ps = bits[3:], ps[3:]
		}
		e, err := p.compileFilter(value, at)
		if err != nil {
			return nil, nil, nil, err
		}
		out = append(out, kwarg{key, e})
		if len(bits) > 0 && !kwFormat {
			if bits[0] != "and" {
				return out, bits, ps, nil
			}
			bits, ps = bits[1:], ps[1:]
		}
	}
	return out, bits, ps, nil
}

// tagOptions walks the options after a tag's fixed arguments, as
// Django's "while remaining_bits: option = remaining_bits.pop(0)" loops
// do: handle gets each option and the bits after it and returns how many
// of those it took. An option given twice is Django's error.
func tagOptions(t Token, bits []string, ps []pos, handle func(opt string, rest []string, rps []pos) (int, error)) error {
	seen := map[string]bool{}
	for len(bits) > 0 {
		opt := bits[0]
		bits, ps = bits[1:], ps[1:]
		if seen[opt] {
			return t.Errorf("The '%s' option was specified more than once.", opt)
		}
		seen[opt] = true
		used, err := handle(opt, bits, ps)
		if err != nil {
			return err
		}
		bits, ps = bits[used:], ps[used:]
	}
	return nil
}

// optionKwargs reads the name=value pairs after an option such as
// "with": at least one (want 0) or exactly want; used counts the bits
// taken.
func optionKwargs(p *Parser, t Token, opt string, rest []string, rps []pos, legacy bool, want int) (kws []kwarg, used int, err error) {
	kws, r, _, err := tokenKwargs(p, rest, rps, legacy)
	if err != nil {
		return nil, 0, err
	}
	switch {
	case want == 0 && len(kws) == 0:
		return nil, 0, t.Errorf("\"%s\" in '%s' tag needs at least one keyword argument.", opt, t.Name)
	case want > 0 && len(kws) != want:
		return nil, 0, t.Errorf("\"%s\" in '%s' tag expected exactly one keyword argument.", opt, t.Name)
	}
	return kws, len(rest) - len(r), nil
}

type withNode struct {
	vars []kwarg
	body *NodeList
}

func compileWith(p *Parser, t Token) (Node, error) {
	bits, ps := t.bits()
	kws, rest, _, err := tokenKwargs(p, bits[1:], ps[1:], true)
	if err != nil {
		return nil, err
	}
	if len(kws) == 0 {
		return nil, t.Errorf("'with' expected at least one variable assignment")
	}
	if len(rest) > 0 {
		return nil, t.Errorf("'with' received an invalid token: '%s'", rest[0])
	}
	body, _, err := p.Parse(t, "endwith")
	if err != nil {
		return nil, err
	}
	return &withNode{vars: kws, body: body}, nil
}

func (n *withNode) Render(c *Context, w Writer) error {
	inner := c.Push()
	for _, kw := range n.vars {
		v, err := kw.e.Resolve(c)
		if err != nil {
			return err
		}
		inner.Set(kw.name, v)
	}
	return n.body.Render(inner, w)
}

// ---- autoescape, filter, spaceless, templatetag ----

type autoescapeNode struct {
	on   bool
	body *NodeList
}

func compileAutoescape(p *Parser, t Token) (Node, error) {
	args := strings.Fields(t.Contents)
	if len(args) != 2 {
		return nil, t.Errorf("'autoescape' tag requires exactly one argument.")
	}
	if args[1] != "on" && args[1] != "off" {
		return nil, t.Errorf("'autoescape' argument should be 'on' or 'off'")
	}
	body, _, err := p.Parse(t, "endautoescape")
	if err != nil {
		return nil, err
	}
	return &autoescapeNode{on: args[1] == "on", body: body}, nil
}

func (n *autoescapeNode) Render(c *Context, w Writer) error {
	return n.body.Render(c.withAutoescape(n.on), w)
}

type filterTagNode struct {
	e    *Expr
	body *NodeList
}

func compileFilterTag(p *Parser, t Token) (Node, error) {
	_, rest, _ := strings.Cut(t.Contents, " ")
	rest = strings.TrimSpace(rest)
	off := strings.Index(t.Contents, rest)
	// Compile "var|rest" placed so that errors point into rest.
	e, err := p.compileFilter("var|"+rest, t.at.plus(off-4))
	if err != nil {
		return nil, err
	}
	for _, f := range e.filters {
		if f.name == "escape" || f.name == "safe" {
			return nil, t.Errorf("\"filter %s\" is not permitted.  Use the \"autoescape\" tag instead.", f.name)
		}
	}
	body, _, err := p.Parse(t, "endfilter")
	if err != nil {
		return nil, err
	}
	return &filterTagNode{e: e, body: body}, nil
}

func (n *filterTagNode) Render(c *Context, w Writer) error {
	out, err := n.body.renderString(c)
	if err != nil {
		return err
	}
	inner := c.Push()
	inner.Set("var", SafeString(out))
	v, err := n.e.Resolve(inner)
	if err != nil {
		return err
	}
	_, err = w.WriteString(toStr(v))
	return err
}

type spacelessNode struct{ body *NodeList }

var betweenTags = regexp.MustCompile(`>\s+<`)

func compileSpaceless(p *Parser, t Token) (Node, error) {
	body, _, err := p.Parse(t, "endspaceless")
	if err != nil {
		return nil, err
	}
	return &spacelessNode{body}, nil
}

func (n *spacelessNode) Render(c *Context, w Writer) error {
	out, err := n.body.renderString(c)
	if err != nil {
		return err
	}
	_, err = w.WriteString(betweenTags.ReplaceAllString(strings.TrimSpace(out), "><"))
	return err
}

var templatetagMap = map[string]string{
	"openblock": "{%", "closeblock": "%}", "openvariable": "{{", "closevariable": "}}",
	"openbrace": "{", "closebrace": "}", "opencomment": "{#", "closecomment": "#}",
}

func compileTemplatetag(p *Parser, t Token) (Node, error) {
	bits := strings.Fields(t.Contents)
	if len(bits) != 2 {
		return nil, t.Errorf("'templatetag' statement takes one argument")
	}
	s, ok := templatetagMap[bits[1]]
	if !ok {
		keys := []string{"openblock", "closeblock", "openvariable", "closevariable", "openbrace", "closebrace", "opencomment", "closecomment"}
		return nil, t.Errorf("Invalid templatetag argument: '%s'. Must be one of: %s", bits[1], strings.Join(keys, ", "))
	}
	return literalNode(s), nil
}

// ---- firstof, cycle, resetcycle, ifchanged ----

type firstofNode struct {
	vars  []*Expr
	asvar string
}

func compileFirstof(p *Parser, t Token) (Node, error) {
	bits, ps := t.bits()
	bits, ps = bits[1:], ps[1:]
	if len(bits) == 0 {
		return nil, t.Errorf("'firstof' statement requires at least one argument")
	}
	n := &firstofNode{}
	if len(bits) >= 2 && bits[len(bits)-2] == "as" {
		n.asvar = bits[len(bits)-1]
		bits, ps = bits[:len(bits)-2], ps[:len(ps)-2]
	}
	for i, b := range bits {
		e, err := p.compileFilter(b, ps[i])
		if err != nil {
			return nil, err
		}
		n.vars = append(n.vars, e)
	}
	return n, nil
}

func (n *firstofNode) Render(c *Context, w Writer) error {
	var first any = ""
	for _, e := range n.vars {
		v, err := e.resolve(c, true)
		if err != nil {
			return err
		}
		if truth(v) {
			first = renderValue(c, v)
			break
		}
	}
	if n.asvar != "" {
		c.Set(n.asvar, first)
		return nil
	}
	_, err := w.WriteString(toStr(first))
	return err
}

type cycleNode struct {
	values []*Expr
	name   string
	silent bool
}

type cycleState struct {
	named map[string]*cycleNode
	last  *cycleNode
}

func compileCycle(p *Parser, t Token) (Node, error) {
	args, ps := t.bits()
	if len(args) < 2 {
		return nil, t.Errorf("'cycle' tag requires at least two arguments")
	}
	cs := &p.cs.cycles
	if len(args) == 2 {
		name := args[1]
		if cs.named == nil {
			return nil, t.Errorf("No named cycles in template. '%s' is not defined", name)
		}
		n, ok := cs.named[name]
		if !ok {
			return nil, t.Errorf("Named cycle '%s' does not exist", name)
		}
		return n, nil
	}
	asForm, silent := false, false
	if len(args) > 4 {
		if args[len(args)-3] == "as" {
			if args[len(args)-1] != "silent" {
				return nil, t.Errorf("Only 'silent' flag is allowed after cycle's name, not '%s'.", args[len(args)-1])
			}
			asForm, silent = true, true
			args, ps = args[:len(args)-1], ps[:len(ps)-1]
		} else if args[len(args)-2] == "as" {
			asForm = true
		}
	}
	n := &cycleNode{silent: silent}
	vals, vps := args[1:], ps[1:]
	if asForm {
		n.name = args[len(args)-1]
		vals, vps = args[1:len(args)-2], ps[1:len(ps)-2]
	}
	for i, v := range vals {
		e, err := p.compileFilter(v, vps[i])
		if err != nil {
			return nil, err
		}
		n.values = append(n.values, e)
	}
	if asForm {
		if cs.named == nil {
			cs.named = map[string]*cycleNode{}
		}
		cs.named[n.name] = n
	}
	cs.last = n
	return n, nil
}

func (n *cycleNode) Render(c *Context, w Writer) error {
	i, _ := c.rc.get(n).(int)
	c.rc.set(n, (i+1)%len(n.values))
	v, err := n.values[i].Resolve(c)
	if err != nil {
		return err
	}
	if n.name != "" {
		c.setUpward(n.name, v)
	}
	if n.silent {
		return nil
	}
	return writeValue(c, w, v)
}

type resetcycleNode struct{ n *cycleNode }

func compileResetcycle(p *Parser, t Token) (Node, error) {
	args := t.SplitContents()
	if len(args) > 2 {
		return nil, t.Errorf("'%s' tag accepts at most one argument.", args[0])
	}
	cs := &p.cs.cycles
	if len(args) == 2 {
		n, ok := cs.named[args[1]]
		if !ok {
			return nil, t.Errorf("Named cycle '%s' does not exist.", args[1])
		}
		return resetcycleNode{n}, nil
	}
	if cs.last == nil {
		return nil, t.Errorf("No cycles in template.")
	}
	return resetcycleNode{cs.last}, nil
}

func (r resetcycleNode) Render(c *Context, _ Writer) error {
	c.rc.set(r.n, 0)
	return nil
}

// setUpward sets name where it is already defined, or in the innermost
// scope (Django's Context.set_upward).
func (c *Context) setUpward(name string, v any) {
	for s := c; s != nil; s = s.parent {
		for i := len(s.names) - 1; i >= 0; i-- {
			if s.names[i] == name {
				s.values[i] = v
				return
			}
		}
	}
	c.Set(name, v)
}

type ifchangedNode struct {
	vars        []*Expr
	body, other *NodeList
}

func compileIfchanged(p *Parser, t Token) (Node, error) {
	bits, ps := t.bits()
	n := &ifchangedNode{}
	body, next, err := p.Parse(t, "else", "endifchanged")
	if err != nil {
		return nil, err
	}
	n.body = body
	if next.Name == "else" {
		n.other, _, err = p.Parse(t, "endifchanged")
		if err != nil {
			return nil, err
		}
	}
	for i, b := range bits[1:] {
		e, err := p.compileFilter(b, ps[i+1])
		if err != nil {
			return nil, err
		}
		n.vars = append(n.vars, e)
	}
	return n, nil
}

func (n *ifchangedNode) Render(c *Context, w Writer) error {
	// State lives in the innermost loop (reset when an outer loop moves
	// on), or in the render frame outside loops.
	var get func() (any, bool)
	var set func(any)
	if fl, ok := c.Get("forloop"); ok {
		if l, ok := fl.(*forloop); ok {
			if l.state == nil {
				l.state = map[any]any{}
			}
			get = func() (any, bool) { v, ok := l.state[n]; return v, ok }
			set = func(v any) { l.state[n] = v }
		}
	}
	if get == nil {
		get = func() (any, bool) { v := c.rc.get(n); return v, v != nil }
		set = func(v any) { c.rc.set(n, v) }
	}
	var compareTo any
	var rendered *string
	if len(n.vars) > 0 {
		vals := make([]any, len(n.vars))
		for i, e := range n.vars {
			v, err := e.resolve(c, true)
			if err != nil {
				return err
			}
			vals[i] = v
		}
		compareTo = vals
	} else {
		out, err := n.body.renderString(c)
		if err != nil {
			return err
		}
		rendered = &out
		compareTo = out
	}
	prev, seen := get()
	if !seen || !equal(prev, compareTo) {
		set(compareTo)
		if rendered != nil {
			_, err := w.WriteString(*rendered)
			return err
		}
		return n.body.Render(c, w)
	}
	return n.other.Render(c, w)
}

// ---- widthratio, ifequal ----

type widthratioNode struct {
	val, max, width *Expr
	asvar           string
}

func compileWidthratio(p *Parser, t Token) (Node, error) {
	bits, ps := t.bits()
	n := &widthratioNode{}
	switch len(bits) {
	case 4:
	case 6:
		if bits[4] != "as" {
			return nil, t.Errorf("Invalid syntax in widthratio tag. Expecting 'as' keyword")
		}
		n.asvar = bits[5]
	default:
		return nil, t.Errorf("widthratio takes at least three arguments")
	}
	var err error
	for i, dst := range []**Expr{&n.val, &n.max, &n.width} {
		if *dst, err = p.compileFilter(bits[i+1], ps[i+1]); err != nil {
			return nil, err
		}
	}
	return n, nil
}

func (n *widthratioNode) Render(c *Context, w Writer) error {
	// A missing variable (Django's VariableDoesNotExist) renders nothing.
	missing := false
	for _, e := range []*Expr{n.val, n.max, n.width} {
		_, m, err := e.base.resolve(c)
		if err != nil {
			return err
		}
		missing = missing || m
	}
	result := ""
	if !missing {
		val, err := n.val.Resolve(c)
		if err != nil {
			return err
		}
		maxv, err := n.max.Resolve(c)
		if err != nil {
			return err
		}
		width, err := n.width.Resolve(c)
		if err != nil {
			return err
		}
		wi, ok := toInt(width)
		if !ok {
			return n.width.at.renderErrorf("widthratio final argument must be a number")
		}
		v, ok1 := toFloat(val)
		m, ok2 := toFloat(maxv)
		switch {
		case !ok1 || !ok2:
		case m == 0:
			result = "0"
		default:
			r := v / m * float64(wi)
			if !math.IsInf(r, 0) && !math.IsNaN(r) {
				result = fmt.Sprint(int64(math.RoundToEven(r)))
			}
		}
	}
	if n.asvar != "" {
		c.Set(n.asvar, result)
		return nil
	}
	_, err := w.WriteString(result)
	return err
}

type ifequalNode struct {
	a, b        *Expr
	negate      bool
	body, other *NodeList
}

func compileIfequal(p *Parser, t Token) (Node, error) {
	bits, ps := t.bits()
	if len(bits) != 3 {
		return nil, t.Errorf("%s takes two arguments", bits[0])
	}
	n := &ifequalNode{negate: t.Name == "ifnotequal"}
	var err error
	if n.a, err = p.compileFilter(bits[1], ps[1]); err != nil {
		return nil, err
	}
	if n.b, err = p.compileFilter(bits[2], ps[2]); err != nil {
		return nil, err
	}
	end := "end" + t.Name
	body, next, err := p.Parse(t, "else", end)
	if err != nil {
		return nil, err
	}
	n.body = body
	if next.Name == "else" {
		if n.other, _, err = p.Parse(t, end); err != nil {
			return nil, err
		}
	}
	return n, nil
}

func (n *ifequalNode) Render(c *Context, w Writer) error {
	a, err := n.a.resolve(c, true)
	if err != nil {
		return err
	}
	b, err := n.b.resolve(c, true)
	if err != nil {
		return err
	}
	if equal(a, b) != n.negate {
		return n.body.Render(c, w)
	}
	return n.other.Render(c, w)
}
