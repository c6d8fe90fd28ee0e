package templates

import (
	"path"
	"strings"
)

func init() {
	builtinTags["extends"] = compileExtends
	builtinTags["block"] = compileBlock
	builtinTags["include"] = compileInclude
}

// maxDepth bounds nested includes and extends: a template that includes
// or extends itself is an error, not a stack overflow.
const maxDepth = 64

// ---- extends ----

type extendsNode struct {
	parent *Expr
	at     pos
}

func compileExtends(p *Parser, t Token) (Node, error) {
	bits, ps := t.bits()
	if len(bits) != 2 {
		return nil, t.Errorf("'%s' takes one argument", bits[0])
	}
	if p.cs.nonText {
		return nil, t.Errorf("<ExtendsNode: extends %s> must be the first tag in the template.", bits[1])
	}
	if p.cs.extends != nil {
		return nil, t.Errorf("'%s' cannot appear more than once in the same template", bits[0])
	}
	name, err := relativeName(p.cs.src.name, bits[1], t)
	if err != nil {
		return nil, err
	}
	e, err := p.compileFilter(name, ps[1])
	if err != nil {
		return nil, err
	}
	n := &extendsNode{parent: e, at: t.start}
	p.cs.extends = n
	return n, nil
}

// Render does nothing: a template that extends renders its parent
// (Template.render), and nothing of its own outside blocks.
func (n *extendsNode) Render(*Context, Writer) error { return nil }

// renderChild renders child's parent with child's blocks in place.
func (n *extendsNode) renderChild(child *Template, c *Context, w Writer) error {
	v, err := n.parent.Resolve(c)
	if err != nil {
		return err
	}
	var parent *Template
	switch x := v.(type) {
	case *Template:
		parent = x
	default:
		name := toStr(v)
		if v == nil || name == "" {
			return n.at.renderErrorf("Invalid template name in 'extends' tag: %s. Got this from the '%s' variable.", repr(v), n.parent.src)
		}
		parent, err = c.st.engine.get(name, n.at)
		if err != nil {
			return err
		}
	}
	if c.st.depth++; c.st.depth > maxDepth {
		return n.at.renderErrorf("templates extend or include each other more than %d levels deep (a loop?)", maxDepth)
	}
	defer func() { c.st.depth-- }()
	if c.rc.blocks == nil {
		c.rc.blocks = &blockContext{blocks: map[string][]*blockNode{}}
	}
	c.rc.blocks.add(child.blocks)
	if parent.extends == nil {
		c.rc.blocks.add(parent.blocks)
	}
	return parent.render(c, w)
}

// relativeName resolves "./x.html" and "../x.html" against the current
// template's name (Django's construct_relative_path); other names are
// returned as they are.
func relativeName(current, name string, t Token) (string, error) {
	bare := strings.Trim(name, `'"`)
	if !strings.HasPrefix(bare, "./") && !strings.HasPrefix(bare, "../") {
		return name, nil
	}
	cur := strings.TrimLeft(current, "/")
	n := path.Clean(path.Join(path.Dir(cur), bare))
	if strings.HasPrefix(n, "../") || n == ".." {
		return "", t.Errorf("The relative path '%s' points outside the file hierarchy that template '%s' is in.", name, current)
	}
	if n == cur {
		return "", t.Errorf("The relative path '%s' was translated to template name '%s', the same template in which the tag appears.", name, current)
	}
	if len(name) >= 2 && (name[0] == '"' || name[0] == '\'') && name[0] == name[len(name)-1] {
		return `"` + n + `"`, nil
	}
	return n, nil
}

// ---- block ----

type blockNode struct {
	name string
	body *NodeList
}

// blockContext is Django's BlockContext: for each block name, the
// overriding blocks, most derived last.
type blockContext struct {
	blocks map[string][]*blockNode
}

func (bc *blockContext) add(blocks map[string]*blockNode) {
	for name, b := range blocks {
		bc.blocks[name] = append([]*blockNode{b}, bc.blocks[name]...)
	}
}

func (bc *blockContext) pop(name string) *blockNode {
	l := bc.blocks[name]
	if len(l) == 0 {
		return nil
	}
	bc.blocks[name] = l[:len(l)-1]
	return l[len(l)-1]
}

func (bc *blockContext) push(name string, b *blockNode) {
	bc.blocks[name] = append(bc.blocks[name], b)
}

func (bc *blockContext) get(name string) *blockNode {
	l := bc.blocks[name]
	if len(l) == 0 {
		return nil
	}
	return l[len(l)-1]
}

func compileBlock(p *Parser, t Token) (Node, error) {
	bits := strings.Fields(t.Contents)
	if len(bits) != 2 {
		return nil, t.Errorf("'%s' tag takes only one argument", bits[0])
	}
	name := bits[1]
	if _, dup := p.cs.blocks[name]; dup {
		return nil, t.Errorf("'%s' tag with name '%s' appears more than once", bits[0], name)
	}
	n := &blockNode{name: name}
	p.cs.blocks[name] = n
	body, end, err := p.Parse(t, "endblock")
	if err != nil {
		return nil, err
	}
	if end.Contents != "endblock" && end.Contents != "endblock "+name {
		return nil, end.Errorf("Invalid block tag on line %d: '%s', expected 'endblock' or 'endblock %s'. Did you forget to register or load this tag?", end.Line(), end.Contents, name)
	}
	n.body = body
	return n, nil
}

func (n *blockNode) Render(c *Context, w Writer) error {
	inner := c.Push()
	bc := c.rc.blocks
	if bc == nil {
		inner.Set("block", &blockProxy{node: n, c: inner})
		return n.body.Render(inner, w)
	}
	push := bc.pop(n.name)
	block := push
	if block == nil {
		block = n
	}
	inner.Set("block", &blockProxy{node: block, c: inner, inherited: true})
	err := block.body.Render(inner, w)
	if push != nil {
		bc.push(n.name, push)
	}
	return err
}

// blockProxy is the block variable inside a block: {{ block.super }}
// renders what the block overrides.
type blockProxy struct {
	node      *blockNode
	c         *Context
	inherited bool
}

func (b *blockProxy) attr(name string) (any, bool, error) {
	switch name {
	case "super":
		if !b.inherited {
			return nil, false, b.c.st.cur.renderErrorf("'BlockNode' object has no attribute 'context'. Did you use {{ block.super }} in a base template?")
		}
		if b.c.rc.blocks.get(b.node.name) == nil {
			return "", true, nil
		}
		var sb strings.Builder
		if err := b.node.Render(b.c, &sb); err != nil {
			return nil, false, err
		}
		return SafeString(sb.String()), true, nil
	case "name":
		return b.node.name, true, nil
	}
	return nil, false, nil
}

func (b *blockProxy) String() string { return "<Block Node: " + b.node.name + ">" }

// ---- include ----

type includeNode struct {
	name     *Expr
	with     []kwarg
	isolated bool
	at       pos
	current  string
}

func compileInclude(p *Parser, t Token) (Node, error) {
	bits, ps := t.bits()
	if len(bits) < 2 {
		return nil, t.Errorf("'%s' tag takes at least one argument: the name of the template to be included.", bits[0])
	}
	n := &includeNode{at: t.start, current: p.cs.src.name}
	err := tagOptions(t, bits[2:], ps[2:], func(opt string, rest []string, rps []pos) (int, error) {
		switch opt {
		case "with":
			kws, used, err := optionKwargs(p, t, opt, rest, rps, false, 0)
			n.with = kws
			return used, err
		case "only":
			n.isolated = true
			return 0, nil
		}
		return 0, t.Errorf("Unknown argument for '%s' tag: '%s'.", bits[0], opt)
	})
	if err != nil {
		return nil, err
	}
	name, err := relativeName(p.cs.src.name, bits[1], t)
	if err != nil {
		return nil, err
	}
	if n.name, err = p.compileFilter(name, ps[1]); err != nil {
		return nil, err
	}
	return n, nil
}

func (n *includeNode) Render(c *Context, w Writer) error {
	v, err := n.name.Resolve(c)
	if err != nil {
		return err
	}
	var t *Template
	switch x := v.(type) {
	case *Template:
		t = x
	default:
		names, ok := toList(v)
		if _, isStr := stringOf(normalize(v)); isStr || !ok {
			names = []any{toStr(v)}
		}
		var firstErr error
		for _, nm := range names {
			t, err = c.st.engine.get(toStr(nm), n.at)
			if err == nil {
				break
			}
			if firstErr == nil {
				firstErr = err
			}
		}
		if t == nil {
			if firstErr == nil {
				firstErr = notExist(n.at, toStr(v))
			}
			return firstErr
		}
	}
	if c.st.depth++; c.st.depth > maxDepth {
		return n.at.renderErrorf("templates extend or include each other more than %d levels deep (a loop?)", maxDepth)
	}
	defer func() { c.st.depth-- }()
	var inner *Context
	if n.isolated {
		inner = c.isolated()
	} else {
		inner = c.withFrame()
	}
	inner.rc = &renderFrame{}
	for _, kw := range n.with {
		val, err := kw.e.Resolve(c)
		if err != nil {
			return err
		}
		inner.Set(kw.name, val)
	}
	return t.render(inner, w)
}
