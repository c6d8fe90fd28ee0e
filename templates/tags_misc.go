package templates

import (
	"math/rand/v2"
	"sort"
	"strings"
)

func init() {
	builtinTags["regroup"] = compileRegroup
	builtinTags["lorem"] = compileLorem
	builtinTags["debug"] = compileDebug
}

// ---- regroup ----

type regroupNode struct {
	target *Expr
	expr   *Expr // var_name.attribute, evaluated with each item as var_name
	name   string
}

func compileRegroup(p *Parser, t Token) (Node, error) {
	bits, ps := t.bits()
	if len(bits) != 6 {
		return nil, t.Errorf("'regroup' tag takes five arguments")
	}
	target, err := p.compileFilter(bits[1], ps[1])
	if err != nil {
		return nil, err
	}
	if bits[2] != "by" {
		return nil, t.Errorf("second argument to 'regroup' tag must be 'by'")
	}
	if bits[4] != "as" {
		return nil, t.Errorf("next-to-last argument to 'regroup' tag must be 'as'")
	}
	name := bits[5]
	// As Django: the grouping expression is compiled as name.expression
	// and evaluated with each item bound to name.
	expr, err := p.compileFilter(name+"."+bits[3], ps[3].plus(-len(name)-1))
	if err != nil {
		return nil, err
	}
	return &regroupNode{target: target, expr: expr, name: name}, nil
}

// groupedResult is Django's GroupedResult namedtuple: {{ g.grouper }},
// {{ g.list }}, or unpacked by {% for grouper, list in groups %}.
type groupedResult []any

func (g groupedResult) attr(name string) (any, bool, error) {
	switch name {
	case "grouper", "0":
		return g[0], true, nil
	case "list", "1":
		return g[1], true, nil
	}
	return nil, false, nil
}

func (g groupedResult) String() string {
	return "GroupedResult(grouper=" + repr(g[0]) + ", list=" + repr(g[1]) + ")"
}

func (n *regroupNode) Render(c *Context, _ Writer) error {
	v, err := n.target.resolve(c, true)
	if err != nil {
		return err
	}
	items, ok := toList(v)
	if v == nil || !ok {
		c.Set(n.name, []any{})
		return nil
	}
	var groups []any
	var cur groupedResult
	for _, it := range items {
		c.Set(n.name, it)
		key, err := n.expr.resolve(c, true)
		if err != nil {
			return err
		}
		if cur == nil || !equal(cur[0], key) {
			cur = groupedResult{key, []any{}}
			groups = append(groups, cur)
		}
		cur[1] = append(cur[1].([]any), it)
	}
	if groups == nil {
		groups = []any{}
	}
	c.Set(n.name, groups)
	return nil
}

// ---- lorem ----

const loremCommonP = "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod " +
	"tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim " +
	"veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea " +
	"commodo consequat. Duis aute irure dolor in reprehenderit in voluptate " +
	"velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint " +
	"occaecat cupidatat non proident, sunt in culpa qui officia deserunt " +
	"mollit anim id est laborum."

var loremCommonWords = strings.Fields("lorem ipsum dolor sit amet consectetur adipisicing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua")

// loremWords is the pool random Latin is drawn from.
var loremWords = strings.Fields(`a ab accusamus accusantium ad adipisci alias aliquam aliquid amet animi aperiam
architecto asperiores aspernatur assumenda at atque autem beatae blanditiis commodi consectetur consequatur
consequuntur corporis corrupti culpa cum cumque cupiditate debitis delectus deleniti deserunt dicta dignissimos
distinctio dolor dolore dolorem doloremque dolores doloribus dolorum ducimus ea eaque earum eius eligendi enim eos
error esse est et eum eveniet ex excepturi exercitationem expedita explicabo facere facilis fuga fugiat fugit harum
hic id illo illum impedit in incidunt inventore ipsa ipsam ipsum iste itaque iure iusto labore laboriosam laborum
laudantium libero magnam magni maiores maxime minima minus modi molestiae molestias mollitia nam natus
necessitatibus nemo neque nesciunt nihil nisi nobis non nostrum nulla numquam obcaecati odio odit officia officiis
omnis optio pariatur perferendis perspiciatis placeat porro possimus praesentium provident quae quaerat quam quas
quasi qui quia quibusdam quidem quis quisquam quo quod quos ratione recusandae reiciendis rem repellat repellendus
reprehenderit repudiandae rerum saepe sapiente sed sequi similique sint sit soluta sunt suscipit tempora tempore
temporibus tenetur totam ullam unde ut vel velit veniam veritatis vero vitae voluptas voluptate voluptatem
voluptates voluptatibus voluptatum`)

type loremNode struct {
	count  *Expr
	method string
	common bool
}

func compileLorem(p *Parser, t Token) (Node, error) {
	bits, ps := t.bits()
	n := &loremNode{common: bits[len(bits)-1] != "random", method: "b"}
	if !n.common {
		bits, ps = bits[:len(bits)-1], ps[:len(ps)-1]
	}
	if last := bits[len(bits)-1]; last == "w" || last == "p" || last == "b" {
		n.method = last
		bits, ps = bits[:len(bits)-1], ps[:len(ps)-1]
	}
	count, cpos := "1", t.at
	if len(bits) > 1 {
		count, cpos = bits[len(bits)-1], ps[len(ps)-1]
		bits = bits[:len(bits)-1]
	}
	if len(bits) != 1 {
		return nil, t.Errorf("Incorrect format for '%s' tag", bits[0])
	}
	var err error
	if n.count, err = p.compileFilter(count, cpos); err != nil {
		return nil, err
	}
	return n, nil
}

func (n *loremNode) Render(c *Context, w Writer) error {
	v, err := n.count.Resolve(c)
	if err != nil {
		return err
	}
	count, ok := toInt(v)
	if !ok {
		count = 1
	}
	var out string
	if n.method == "w" {
		out = loremWordList(int(count), n.common)
	} else {
		paras := make([]string, 0, max(count, 0))
		for i := range int(count) {
			p := loremCommonP
			if !n.common || i > 0 {
				p = loremParagraph()
			}
			if n.method == "p" {
				p = "<p>" + p + "</p>"
			}
			paras = append(paras, p)
		}
		out = strings.Join(paras, "\n\n")
	}
	_, err = w.WriteString(out)
	return err
}

func loremWordList(count int, common bool) string {
	var words []string
	if common {
		words = append(words, loremCommonWords...)
	}
	if count <= len(words) {
		return strings.Join(words[:max(count, 0)], " ")
	}
	count -= len(words)
	for count > 0 {
		n := min(count, len(loremWords))
		count -= n
		words = append(words, loremSample(n)...)
	}
	return strings.Join(words, " ")
}

func loremSample(n int) []string {
	idx := rand.Perm(len(loremWords))[:n]
	out := make([]string, n)
	for i, j := range idx {
		out[i] = loremWords[j]
	}
	return out
}

func loremSentence() string {
	sections := make([]string, 1+rand.IntN(5))
	for i := range sections {
		sections[i] = strings.Join(loremSample(3+rand.IntN(10)), " ")
	}
	s := strings.Join(sections, ", ")
	return strings.ToUpper(s[:1]) + s[1:] + string("?."[rand.IntN(2)])
}

func loremParagraph() string {
	s := make([]string, 1+rand.IntN(4))
	for i := range s {
		s[i] = loremSentence()
	}
	return strings.Join(s, " ")
}

// ---- debug ----

type debugNode struct{}

func compileDebug(*Parser, Token) (Node, error) { return debugNode{}, nil }

// Render writes the visible variables, escaped, one per line (Django's
// {% debug %} prints the context and the loaded Python modules).
func (debugNode) Render(c *Context, w Writer) error {
	vars := c.flatten()
	names := make([]string, 0, len(vars))
	for k := range vars {
		if !strings.HasPrefix(k, "_") {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("{")
	for i, k := range names {
		if i > 0 {
			b.WriteString(",\n ")
		}
		b.WriteString(reprString(k) + ": " + repr(vars[k]))
	}
	b.WriteString("}")
	_, err := w.WriteString(escapeHTML(b.String()))
	return err
}
