package templates_test

import (
	"fmt"
	"os"
	"strings"
	"testing/fstest"

	"github.com/goframe/goframe/templates"
)

func Example() {
	eng, err := templates.New(templates.Options{Loaders: []templates.Loader{templates.MapLoader{
		"base.html":  "<h1>{% block title %}Blog{% endblock %}</h1>{% block body %}{% endblock %}\n",
		"index.html": "{% extends 'base.html' %}{% block title %}{{ block.super }}: {{ posts|length }} posts{% endblock %}{% block body %}{% for p in posts %}<p>{{ forloop.counter }}. {{ p.title }}</p>{% endfor %}{% endblock %}",
	}}})
	if err != nil {
		panic(err)
	}
	type Post struct{ Title string }
	err = eng.Render(os.Stdout, "index.html", map[string]any{
		"posts": []Post{{"Hello <world>"}, {"Second"}},
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// <h1>Blog: 2 posts</h1><p>1. Hello &lt;world&gt;</p><p>2. Second</p>
}

// A project's own filter and tag, available after {% load shop %}.
func ExampleLibrary() {
	shop := &templates.Library{
		Filters: map[string]templates.Filter{
			// {{ price|currency:"EUR" }}
			"currency": {
				Arg: templates.ArgOptional,
				Func: func(c templates.FilterCall, in, arg any) (any, error) {
					cents, ok := in.(int)
					if !ok {
						return "", nil // like Django's filters: bad input renders empty
					}
					unit := "USD"
					if c.HasArg {
						unit = fmt.Sprint(arg)
					}
					return fmt.Sprintf("%d.%02d %s", cents/100, cents%100, unit), nil
				},
			},
		},
		Tags: map[string]templates.TagFunc{
			// {% shout expression %}
			"shout": func(p *templates.Parser, t templates.Token) (templates.Node, error) {
				bits := t.SplitContents()
				if len(bits) != 2 {
					return nil, t.Errorf("'shout' takes one argument")
				}
				e, err := p.CompileFilter(t, bits[1])
				if err != nil {
					return nil, err
				}
				return shoutNode{e}, nil
			},
		},
	}
	eng := templates.MustNew(templates.Options{
		Libraries: map[string]*templates.Library{"shop": shop},
		Loaders:   []templates.Loader{templates.MapLoader{"cart.html": "{% load shop %}{% shout item %}: {{ price|currency:'EUR' }}"}},
	})
	out, err := eng.RenderString("cart.html", map[string]any{"item": "<tea>", "price": 1250})
	fmt.Println(out, err)
	// Output: &lt;TEA&gt;!: 12.50 EUR <nil>
}

type shoutNode struct{ e *templates.Expr }

func (n shoutNode) Render(c *templates.Context, w templates.Writer) error {
	v, err := n.e.Resolve(c)
	if err != nil {
		return err
	}
	s := strings.ToUpper(fmt.Sprint(v)) + "!"
	if c.Autoescape() {
		s = templates.Escape(s)
	}
	_, err = w.WriteString(s)
	return err
}

// Templates embedded in the binary (an embed.FS; here a MapFS).
func ExampleFSLoader() {
	files := fstest.MapFS{
		"layouts/base.html": {Data: []byte("[{% block x %}{% endblock %}]")},
		"pages/home.html":   {Data: []byte("{% extends 'layouts/base.html' %}{% block x %}home{% endblock %}")},
	}
	eng := templates.MustNew(templates.Options{Loaders: []templates.Loader{templates.FSLoader{FS: files}}})
	out, err := eng.RenderString("pages/home.html", nil)
	fmt.Println(out, err)
	// Output: [home] <nil>
}

// Errors name the template, line and column, and carry the lines around.
func ExampleError() {
	eng := templates.MustNew(templates.Options{Loaders: []templates.Loader{templates.MapLoader{
		"post.html": "<h1>{{ title }}</h1>\n{% for x in %}\n",
	}}})
	_, err := eng.RenderString("post.html", nil)
	fmt.Println(err)
	// Output: post.html:2:1: 'for' statements should have at least four words: for x in
}
