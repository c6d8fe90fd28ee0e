package templates

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"sort"
	"strings"
)

// The framework's hooks: {% url %}, {% static %}, {% csrf_token %} and
// {% querystring %}. They read what the framework puts into the render
// context (URLKey, StaticKey, CSRFTokenKey, QueryKey, or Django's
// request.GET), falling back on the engine's Options, so this package
// needs nothing of the framework.

func init() {
	builtinTags["url"] = compileURL
	builtinTags["static"] = compileStatic
	builtinTags["csrf_token"] = compileCSRFToken
	builtinTags["querystring"] = compileQuerystring
	builtinTags["get_static_prefix"] = compilePrefix
	builtinTags["get_media_prefix"] = compilePrefix
	// The tags are built in; {% load static %} accepts the library, and
	// {% load static from static %} finds its tags in it, as in Django.
	builtinLibraries["static"] = &Library{Tags: map[string]TagFunc{
		"static":            compileStatic,
		"get_static_prefix": compilePrefix,
		"get_media_prefix":  compilePrefix,
	}}
}

// ---- get_static_prefix, get_media_prefix ----

type prefixNode struct {
	media bool
	asvar string
}

func compilePrefix(p *Parser, t Token) (Node, error) {
	bits := strings.Fields(t.Contents)
	n := &prefixNode{media: t.Name == "get_media_prefix"}
	switch {
	case len(bits) == 3 && bits[1] == "as":
		n.asvar = bits[2]
	case len(bits) != 1:
		return nil, t.Errorf("First argument in '%s' must be 'as'", t.Name)
	}
	return n, nil
}

func (n *prefixNode) Render(c *Context, w Writer) error {
	v := c.st.engine.opts.StaticURL
	if n.media {
		v = c.st.engine.opts.MediaURL
	}
	if n.asvar != "" {
		c.Set(n.asvar, v)
		return nil
	}
	return writeValue(c, w, v)
}

// QueryKey is the render-context key of the current request's query
// (url.Values) for {% querystring %}; without it the tag reads
// request.GET as Django does.
const QueryKey = "_query"

// ---- url ----

type urlNode struct {
	view   *Expr
	args   []*Expr
	kwargs []kwarg
	asvar  string
	at     pos
}

func compileURL(p *Parser, t Token) (Node, error) {
	bits, ps := t.bits()
	if len(bits) < 2 {
		return nil, t.Errorf("'%s' takes at least one argument, a URL pattern name.", bits[0])
	}
	view, err := p.compileFilter(bits[1], ps[1])
	if err != nil {
		return nil, err
	}
	n := &urlNode{view: view, at: t.start}
	bits, ps = bits[2:], ps[2:]
	if len(bits) >= 2 && bits[len(bits)-2] == "as" {
		n.asvar = bits[len(bits)-1]
		bits, ps = bits[:len(bits)-2], ps[:len(ps)-2]
	}
	for i, b := range bits {
		m := kwargRE.FindStringSubmatch(b)
		if m == nil {
			return nil, t.Errorf("Malformed arguments to url tag")
		}
		at := ps[i]
		if m[1] != "" {
			at = at.plus(len(m[1]) + 1)
		}
		e, err := p.compileFilter(m[2], at)
		if err != nil {
			return nil, err
		}
		if m[1] != "" {
			n.kwargs = append(n.kwargs, kwarg{m[1], e})
		} else {
			n.args = append(n.args, e)
		}
	}
	return n, nil
}

func (n *urlNode) Render(c *Context, w Writer) error {
	name, err := n.view.Resolve(c)
	if err != nil {
		return err
	}
	args := make([]any, len(n.args))
	for i, e := range n.args {
		if args[i], err = e.Resolve(c); err != nil {
			return err
		}
	}
	var kwargs map[string]any
	if len(n.kwargs) > 0 {
		kwargs = make(map[string]any, len(n.kwargs))
		for _, kw := range n.kwargs {
			if kwargs[kw.name], err = kw.e.Resolve(c); err != nil {
				return err
			}
		}
	}
	reverse := c.st.engine.opts.URL
	if v, ok := c.Get(URLKey); ok {
		if f, ok := v.(URLFunc); ok {
			reverse = f
		} else if f, ok := v.(func(string, []any, map[string]any) (string, error)); ok {
			reverse = f
		}
	}
	var u string
	if reverse == nil {
		err = fmt.Errorf("{%% url %%} has no URL resolver: the framework puts one in the render context (%s) or the engine's Options.URL sets one", URLKey)
	} else {
		u, err = reverse(toStr(name), args, kwargs)
	}
	if err != nil {
		if n.asvar == "" {
			return n.at.renderErrorf("Reverse for '%s' failed: %v", toStr(name), err)
		}
		u = ""
	}
	if n.asvar != "" {
		c.Set(n.asvar, u)
		return nil
	}
	return writeValue(c, w, u)
}

// ---- static ----

type staticNode struct {
	path  *Expr
	asvar string
}

func compileStatic(p *Parser, t Token) (Node, error) {
	bits, ps := t.bits()
	if len(bits) < 2 {
		return nil, t.Errorf("'static' takes at least one argument (path to file)")
	}
	n := &staticNode{}
	if len(bits) >= 2 && len(bits) == 4 && bits[2] == "as" {
		n.asvar = bits[3]
	} else if len(bits) != 2 {
		return nil, t.Errorf("'static' takes one argument (path to file), optionally followed by 'as var'")
	}
	var err error
	if n.path, err = p.compileFilter(bits[1], ps[1]); err != nil {
		return nil, err
	}
	return n, nil
}

func (n *staticNode) Render(c *Context, w Writer) error {
	v, err := n.path.Resolve(c)
	if err != nil {
		return err
	}
	path := toStr(v)
	var u string
	if f, ok := c.Get(StaticKey); ok {
		if fn, ok := f.(func(string) string); ok {
			u = fn(path)
		}
	}
	if u == "" {
		u = staticURL(c.st.engine.opts.StaticURL, path)
	}
	if n.asvar != "" {
		c.Set(n.asvar, u)
		return nil
	}
	return writeValue(c, w, u)
}

// staticURL joins STATIC_URL and a path quoted as Python's quote(path)
// (Django's static()).
func staticURL(prefix, path string) string {
	if strings.Contains(path, "://") || strings.HasPrefix(path, "/") {
		return pyQuote(path, "/:")
	}
	return prefix + pyQuote(path, "/")
}

// ---- csrf_token ----

type csrfTokenNode struct{}

func compileCSRFToken(p *Parser, t Token) (Node, error) { return csrfTokenNode{}, nil }

func (csrfTokenNode) Render(c *Context, w Writer) error {
	v, ok := c.Get(CSRFTokenKey)
	if !ok || !truth(v) {
		return nil
	}
	tok := toStr(v)
	if tok == "NOTPROVIDED" {
		return nil
	}
	_, err := w.WriteString(`<input type="hidden" name="csrfmiddlewaretoken" value="` + escapeHTML(tok) + `">`)
	return err
}

// ---- querystring (Django 5.1+, with 5.2's always-present "?") ----

type querystringNode struct {
	dicts  []*Expr
	kwargs []kwarg
	asvar  string
}

func compileQuerystring(p *Parser, t Token) (Node, error) {
	bits, ps := t.bits()
	n := &querystringNode{}
	bits, ps = bits[1:], ps[1:]
	if len(bits) >= 2 && bits[len(bits)-2] == "as" {
		n.asvar = bits[len(bits)-1]
		bits, ps = bits[:len(bits)-2], ps[:len(ps)-2]
	}
	for i, b := range bits {
		m := kwargRE.FindStringSubmatch(b)
		if m[1] == "" {
			if len(n.kwargs) > 0 {
				return nil, t.Errorf("'querystring' received a positional argument after a keyword argument")
			}
			e, err := p.compileFilter(b, ps[i])
			if err != nil {
				return nil, err
			}
			n.dicts = append(n.dicts, e)
			continue
		}
		e, err := p.compileFilter(m[2], ps[i].plus(len(m[1])+1))
		if err != nil {
			return nil, err
		}
		n.kwargs = append(n.kwargs, kwarg{m[1], e})
	}
	return n, nil
}

func (n *querystringNode) Render(c *Context, w Writer) error {
	params := url.Values{}
	if len(n.dicts) == 0 {
		var current any
		if q, ok := c.Get(QueryKey); ok {
			current = q
		} else if req, ok := c.Get("request"); ok {
			if get, found, err := lookup(req, "GET"); err == nil && found {
				current = get
			}
		}
		if current != nil {
			if err := mergeQuery(params, current); err != nil {
				return err
			}
		}
	}
	for _, e := range n.dicts {
		v, err := e.Resolve(c)
		if err != nil {
			return err
		}
		if err := mergeQuery(params, v); err != nil {
			return err
		}
	}
	for _, kw := range n.kwargs {
		v, err := kw.e.Resolve(c)
		if err != nil {
			return err
		}
		setQueryParam(params, kw.name, v)
	}
	out := "?" + params.Encode()
	if n.asvar != "" {
		c.Set(n.asvar, out)
		return nil
	}
	return writeValue(c, w, out)
}

// setQueryParam applies one parameter as Django 5.2's querystring does:
// None removes the key, an iterable other than a string replaces its
// values, anything else replaces them with its str().
func setQueryParam(params url.Values, key string, v any) {
	switch x := normalize(v).(type) {
	case nil:
		params.Del(key)
	case string, SafeString:
		params.Set(key, toStr(x))
	default:
		items, ok := toList(v)
		if !ok {
			params.Set(key, toStr(v))
			return
		}
		vals := make([]string, len(items))
		for i, it := range items {
			vals[i] = toStr(it)
		}
		params[key] = vals
	}
}

// mergeQuery applies the parameters of a positional argument of
// {% querystring %}, a mapping: a query (url.Values, Django's QueryDict)
// replaces each key's list of values; other mappings set each key as a
// keyword argument would. Anything else is an error, as in Django.
func mergeQuery(params url.Values, src any) error {
	switch q := src.(type) {
	case url.Values:
		for k, vs := range q {
			params[k] = append([]string(nil), vs...)
		}
		return nil
	case map[string][]string:
		return mergeQuery(params, url.Values(q))
	case map[string]any:
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			setQueryParam(params, k, q[k])
		}
		return nil
	case Mapping:
		for _, k := range q.Keys() {
			v, _ := q.Get(k)
			setQueryParam(params, k, v)
		}
		return nil
	}
	rv := reflect.ValueOf(src)
	if rv.Kind() != reflect.Map {
		// Django's wording, full stop included.
		msg := fmt.Sprintf("querystring requires mappings for positional arguments (got %s instead).", repr(src))
		return errors.New(msg)
	}
	if rv.Len() == 0 {
		return nil
	}
	if rv.Type().Key().Kind() != reflect.String {
		msg := fmt.Sprintf("querystring requires strings for mapping keys (got %s instead).", repr(rv.MapKeys()[0].Interface()))
		return errors.New(msg)
	}
	keys := rv.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	for _, k := range keys {
		setQueryParam(params, k.String(), rv.MapIndex(k).Interface())
	}
	return nil
}
