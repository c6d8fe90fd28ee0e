package templates

import (
	"io"

	"github.com/flosch/pongo2/v6"
)

// Writer is where nodes write their output.
type Writer interface {
	io.Writer
	io.StringWriter
}

// Context is the variables a template renders with: a stack of scopes
// ({% for %} and {% with %} push one) over the variables given to
// Render, as Django's Context. Nodes of custom tags receive one.
type Context struct {
	parent *Context
	names  []string
	values []any
	base   map[string]any // the variables given to Render (root only)

	st         *renderState
	rc         *renderFrame
	autoescape bool
	ec         *pongo2.ExecutionContext
}

// ctxKey is the one key of the pongo2 execution context's Private map:
// it holds the *Context that the engine's nodes work with.
const ctxKey = "goframe"

// renderState is what one Render call shares across all its templates.
type renderState struct {
	engine *Engine
	cur    pos // the node being rendered, for reports of panics
	depth  int // nested includes and extends
}

// renderFrame is Django's render_context: per-template state (cycle
// positions, the block context) that includes do not share.
type renderFrame struct {
	blocks *blockContext
	state  map[any]any
}

func (f *renderFrame) get(key any) any {
	if f.state == nil {
		return nil
	}
	return f.state[key]
}

func (f *renderFrame) set(key, v any) {
	if f.state == nil {
		f.state = map[any]any{}
	}
	f.state[key] = v
}

func newRootContext(st *renderState, vars map[string]any, autoescape bool) *Context {
	c := &Context{base: vars, st: st, rc: &renderFrame{}, autoescape: autoescape}
	c.ec = &pongo2.ExecutionContext{Private: pongo2.Context{ctxKey: c}, Autoescape: autoescape}
	return c
}

// contextOf returns the engine's Context inside a pongo2 execution context.
func contextOf(ec *pongo2.ExecutionContext) *Context {
	return ec.Private[ctxKey].(*Context)
}

// Get returns the value of a variable: from the innermost scope out,
// then the variables given to Render, then True, False and None.
func (c *Context) Get(name string) (any, bool) {
	for s := c; s != nil; s = s.parent {
		for i := len(s.names) - 1; i >= 0; i-- {
			if s.names[i] == name {
				return s.values[i], true
			}
		}
		if s.base != nil {
			if v, ok := s.base[name]; ok {
				return v, true
			}
		}
	}
	switch name {
	case "True":
		return true, true
	case "False":
		return false, true
	case "None":
		return nil, true
	}
	return nil, false
}

// Set sets a variable in the innermost scope.
func (c *Context) Set(name string, v any) {
	for i, n := range c.names {
		if n == name {
			c.values[i] = v
			return
		}
	}
	c.names = append(c.names, name)
	c.values = append(c.values, v)
}

// Push returns a new scope over c: what is Set in it disappears with it.
func (c *Context) Push() *Context {
	n := &Context{parent: c, st: c.st, rc: c.rc, autoescape: c.autoescape}
	n.ec = &pongo2.ExecutionContext{Private: pongo2.Context{ctxKey: n}, Autoescape: c.autoescape}
	return n
}

// isolated returns a new root scope with no variables but vars, for
// {% include ... only %}.
func (c *Context) isolated() *Context {
	n := &Context{st: c.st, rc: c.rc, autoescape: c.autoescape, base: map[string]any{}}
	n.ec = &pongo2.ExecutionContext{Private: pongo2.Context{ctxKey: n}, Autoescape: c.autoescape}
	return n
}

// withAutoescape returns a scope with autoescaping switched on or off.
func (c *Context) withAutoescape(on bool) *Context {
	n := c.Push()
	n.autoescape = on
	n.ec.Autoescape = on
	return n
}

// withFrame returns a scope with a fresh render frame (an included
// template's own cycle state and block context).
func (c *Context) withFrame() *Context {
	n := c.Push()
	n.rc = &renderFrame{}
	return n
}

// Autoescape reports whether output is HTML-escaped here.
func (c *Context) Autoescape() bool { return c.autoescape }

// Engine returns the engine rendering.
func (c *Context) Engine() *Engine { return c.st.engine }

// flatten returns every visible variable in one map (for {% debug %}).
func (c *Context) flatten() map[string]any {
	var chain []*Context
	for s := c; s != nil; s = s.parent {
		chain = append(chain, s)
	}
	out := map[string]any{}
	for i := len(chain) - 1; i >= 0; i-- {
		s := chain[i]
		for k, v := range s.base {
			out[k] = v
		}
		for j, n := range s.names {
			out[n] = s.values[j]
		}
	}
	return out
}
