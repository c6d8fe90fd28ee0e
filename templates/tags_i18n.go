package templates

import (
	"strings"
)

// The i18n library without translation catalogs: {% load i18n %} works,
// {% trans %} and {% blocktrans %} render their English source text with
// Django's rules for variables, plurals, trimming and "as var", so that
// Django templates written for translation render unchanged.

func init() {
	i18n := &Library{Tags: map[string]TagFunc{
		"trans":                     compileTrans,
		"translate":                 compileTrans,
		"blocktrans":                compileBlocktrans,
		"blocktranslate":            compileBlocktrans,
		"get_current_language":      compileLanguageTag,
		"get_current_language_bidi": compileLanguageTag,
		"language":                  compileLanguageBlock,
	}}
	builtinLibraries["i18n"] = i18n
}

// languageCode is Django's default LANGUAGE_CODE.
const languageCode = "en-us"

type transNode struct {
	msg   *Expr
	noop  bool
	asvar string
}

func compileTrans(p *Parser, t Token) (Node, error) {
	bits, ps := t.bits()
	if len(bits) < 2 {
		return nil, t.Errorf("'%s' takes at least one argument", bits[0])
	}
	msg, err := p.compileFilter(bits[1], ps[1])
	if err != nil {
		return nil, err
	}
	n := &transNode{msg: msg}
	seen := map[string]bool{}
	for i := 2; i < len(bits); i++ {
		opt := bits[i]
		if seen[opt] {
			return nil, t.Errorf("The '%s' option was specified more than once.", opt)
		}
		seen[opt] = true
		switch opt {
		case "noop":
			n.noop = true
		case "context":
			if i+1 >= len(bits) {
				return nil, t.Errorf("No argument provided to the '%s' tag for the context option.", bits[0])
			}
			i++ // the message context: no catalogs, nothing to choose
		case "as":
			if i+1 >= len(bits) {
				return nil, t.Errorf("No argument provided to the '%s' tag for the as option.", bits[0])
			}
			i++
			n.asvar = bits[i]
		default:
			return nil, t.Errorf("Unknown argument for '%s' tag: '%s'. The only options available are 'noop', 'context' \"xxx\", and 'as VAR'.", bits[0], opt)
		}
	}
	return n, nil
}

func (n *transNode) Render(c *Context, w Writer) error {
	v, err := n.msg.Resolve(c)
	if err != nil {
		return err
	}
	if n.asvar != "" {
		c.Set(n.asvar, v)
		return nil
	}
	return writeValue(c, w, v)
}

type blocktransNode struct {
	with     []kwarg
	count    *kwarg
	singular *NodeList
	plural   *NodeList
	trimmed  bool
	asvar    string
}

func compileBlocktrans(p *Parser, t Token) (Node, error) {
	bits, ps := t.bits()
	n := &blocktransNode{}
	err := tagOptions(t, bits[1:], ps[1:], func(opt string, rest []string, rps []pos) (int, error) {
		switch opt {
		case "with":
			kws, used, err := optionKwargs(p, t, opt, rest, rps, true, 0)
			n.with = kws
			return used, err
		case "count":
			kws, used, err := optionKwargs(p, t, opt, rest, rps, true, 1)
			if err == nil {
				n.count = &kws[0]
			}
			return used, err
		case "context":
			if len(rest) == 0 {
				return 0, t.Errorf("\"context\" in '%s' tag expected exactly one argument.", bits[0])
			}
			return 1, nil
		case "trimmed":
			n.trimmed = true
			return 0, nil
		case "asvar":
			if len(rest) == 0 {
				return 0, t.Errorf("No argument provided to the '%s' tag for the asvar option.", bits[0])
			}
			n.asvar = rest[0]
			return 1, nil
		}
		return 0, t.Errorf("Unknown argument for '%s' tag: '%s'.", bits[0], opt)
	})
	if err != nil {
		return nil, err
	}
	end := "end" + t.Name
	body, next, err := p.Parse(t, "plural", end)
	if err != nil {
		return nil, err
	}
	n.singular = body
	if next.Name == "plural" {
		if n.count == nil {
			return nil, next.Errorf("'%s' doesn't allow other block tags inside it", bits[0])
		}
		if n.plural, _, err = p.Parse(t, end); err != nil {
			return nil, err
		}
	}
	return n, nil
}

func (n *blocktransNode) Render(c *Context, w Writer) error {
	inner := c.Push()
	for _, kw := range n.with {
		v, err := kw.e.Resolve(c)
		if err != nil {
			return err
		}
		inner.Set(kw.name, v)
	}
	body := n.singular
	if n.count != nil {
		v, err := n.count.e.Resolve(c)
		if err != nil {
			return err
		}
		inner.Set(n.count.name, v)
		if cnt, ok := toInt(v); ok && cnt != 1 && n.plural != nil {
			body = n.plural
		}
	}
	out, err := body.renderString(inner)
	if err != nil {
		return err
	}
	if n.trimmed {
		lines := strings.Split(strings.TrimSpace(out), "\n")
		for i, l := range lines {
			lines[i] = strings.TrimSpace(l)
		}
		out = strings.Join(lines, " ")
	}
	if n.asvar != "" {
		c.Set(n.asvar, SafeString(out))
		return nil
	}
	_, err = w.WriteString(out)
	return err
}

type languageNode struct {
	asvar string
	bidi  bool
}

func compileLanguageTag(p *Parser, t Token) (Node, error) {
	bits := strings.Fields(t.Contents)
	if len(bits) != 3 || bits[1] != "as" {
		return nil, t.Errorf("'%s' requires 'as variable' (got %q)", bits[0], bits[1:])
	}
	return &languageNode{asvar: bits[2], bidi: strings.HasSuffix(t.Name, "_bidi")}, nil
}

func (n *languageNode) Render(c *Context, _ Writer) error {
	if n.bidi {
		c.Set(n.asvar, false)
	} else {
		c.Set(n.asvar, languageCode)
	}
	return nil
}

type languageBlock struct{ body *NodeList }

func compileLanguageBlock(p *Parser, t Token) (Node, error) {
	bits := t.SplitContents()
	if len(bits) != 2 {
		return nil, t.Errorf("'%s' takes one argument (language)", bits[0])
	}
	body, _, err := p.Parse(t, "endlanguage")
	if err != nil {
		return nil, err
	}
	return languageBlock{body}, nil
}

func (n languageBlock) Render(c *Context, w Writer) error { return n.body.Render(c, w) }
