package templates

import "unicode/utf8"

// {% now "format" %} and {% now "format" as var %} (Django's now tag).

func init() { builtinTags["now"] = compileNow }

// nowNode writes the engine's clock formatted as the date filter would,
// or stores that text in a variable.
type nowNode struct {
	format string
	asvar  string
}

// compileNow is Django's now tag: the format is the argument without its
// first and last characters (its quotes; Django does not check them nor
// unescape anything), and may be a setting name such as DATE_FORMAT.
func compileNow(_ *Parser, t Token) (Node, error) {
	bits := t.SplitContents()
	n := &nowNode{}
	if len(bits) == 4 && bits[2] == "as" {
		n.asvar = bits[3]
		bits = bits[:2]
	}
	if len(bits) != 2 {
		return nil, t.Errorf("'now' statement takes one argument")
	}
	f := bits[1]
	_, first := utf8.DecodeRuneInString(f)
	f = f[first:]
	_, last := utf8.DecodeLastRuneInString(f)
	n.format = f[:len(f)-last]
	return n, nil
}

// Render writes the formatted time, which is not escaped (Django returns
// it as the node's output), or sets the variable to it.
func (n *nowNode) Render(c *Context, w Writer) error {
	e := c.st.engine
	s := formatDate(&e.opts, e.now(), n.format)
	if n.asvar != "" {
		c.Set(n.asvar, s)
		return nil
	}
	_, err := w.WriteString(s)
	return err
}
