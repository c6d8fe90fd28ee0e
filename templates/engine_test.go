package templates

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

type stringer struct{ s string }

func (s stringer) String() string { return s.s }

type post struct {
	ID        int
	Title     string
	CreatedAt time.Time
	Slug      string `db:"url_slug"`
	Tags      []string
	Author    *author
	secret    string
}

type author struct{ Name string }

func (p post) Upper() string            { return strings.ToUpper(p.Title) }
func (p *post) PtrMethod() string       { return "ptr:" + p.Title }
func (p post) Fails() (string, error)   { return "", errors.New("database is down") }
func (p post) Panics() string           { panic("boom") }
func (p post) WithArg(x int) string     { return "never called" }
func (p post) Pair() (string, string)   { return "a", "b" }
func (p post) TitleLen() (int, error)   { return len(p.Title), nil }
func (p post) Nothing()                 {}
func (p post) Secret() string           { return p.secret }
func (a *author) Initial() string       { return a.Name[:1] }
func (a *author) String() string        { return "<" + a.Name + ">" }
func (a author) Greeting() stringer     { return stringer{"<hi " + a.Name + ">"} }
func (a author) Self() map[string]any   { return map[string]any{"k": "<v>"} }
func (a author) List() []any            { return []any{"<x>", 1} }
func (a author) Bytes() []byte          { return []byte("<b>") }
func (a author) Err() error             { return errors.New("<err>") }
func (a author) Float() float64         { return 34 }
func (a author) Nil() *author           { return nil }
func (a author) Func() func() string    { return func() string { return "called" } }
func (a author) Safe() SafeString       { return "<em>safe</em>" }
func (a author) Time() time.Time        { return time.Date(2026, 3, 7, 9, 5, 3, 0, time.UTC) }
func (a author) Ints() []int            { return []int{3, 1, 2} }
func (a author) Map() map[string]int    { return map[string]int{"b": 2, "a": 1} }
func (a author) IntMap() map[int]string { return map[int]string{2: "two", 1: "one"} }

func TestRenderValues(t *testing.T) {
	p := post{ID: 7, Title: "Hello <World>", Slug: "hello", Tags: []string{"go", "web"}, Author: &author{Name: "Ann"}, secret: "s"}
	vars := map[string]any{"p": p, "pp": &p, "a": author{Name: "Bob"}, "s": stringer{"<i>"}, "n": nil, "t": true, "f": false,
		"i": 42, "u": uint8(7), "fl": 2.5, "fl0": 34.0, "big": 1e16, "small": 0.00001, "list": []any{"a", "<b>", 1, 2.5, nil, true},
		"fn": func() string { return "called" }, "fnargs": func(int) string { return "x" }}
	tests := []struct{ src, want string }{
		{"{{ s }}", "&lt;i&gt;"}, // a fmt.Stringer is escaped (pongo2 printed it raw)
		{"{{ n }} {{ t }} {{ f }}", "None True False"},
		{"{{ i }} {{ u }} {{ fl }} {{ fl0 }} {{ big }} {{ small }}", "42 7 2.5 34.0 10000000000000000 0.00001"},
		{"{{ list }}", "[&#x27;a&#x27;, &#x27;&lt;b&gt;&#x27;, 1, 2.5, None, True]"},
		{"{{ p.title }}|{{ p.Title }}|{{ p.id }}|{{ p.created_at.year }}", "Hello &lt;World&gt;|Hello &lt;World&gt;|7|1"},
		{"{{ p.url_slug }}|{{ p.slug }}|{{ p.tags.1 }}|{{ p.tags|length }}", "hello|hello|web|2"},
		{"{{ p.upper }}|{{ p.Upper }}|{{ pp.ptr_method }}|{{ p.ptr_method }}", "HELLO &lt;WORLD&gt;|HELLO &lt;WORLD&gt;|ptr:Hello &lt;World&gt;|ptr:Hello &lt;World&gt;"},
		{"{{ p.author.name }}|{{ p.author.initial }}|{{ p.author }}", "Ann|A|&lt;Ann&gt;"},
		{"[{{ p.secret }}]|{{ p.title_len }}|[{{ p.nothing }}]", "[s]|13|[]"},
		{"{{ a.greeting }}|{{ a.self.k }}|{{ a.list }}|{{ a.bytes }}|{{ a.err }}", "&lt;hi Bob&gt;|&lt;v&gt;|[&#x27;&lt;x&gt;&#x27;, 1]|&lt;b&gt;|&lt;err&gt;"},
		{"{{ a.float }}|{{ a.nil }}|[{{ a.nil.name }}]|{{ a.func }}|{{ a.safe }}", "34.0|None|[]|&lt;function&gt;|<em>safe</em>"},
		{"{{ a.time }}", "March 7, 2026, 9:05 a.m."},
		{"{{ a.map.items }}|{{ a.map.items|length }}|{% if a.map.keys %}k{% endif %}|{% if 'a' in a.map.keys %}in{% endif %}|{{ a.map.values }}", "dict_items([(&#x27;a&#x27;, 1), (&#x27;b&#x27;, 2)])|2|k|in|dict_values([1, 2])"},
		{"{% for x in a.ints %}{{ x }}{% endfor %}|{% for k in a.map %}{{ k }}{% endfor %}|{% for k, v in a.map.items %}{{ k }}{{ v }}{% endfor %}", "312|ab|a1b2"},
		{"{{ a.map.b }}|{{ a.int_map.2 }}|{% for k in a.int_map %}{{ k }}{% endfor %}", "2|two|12"},
		{"[{% if p.with_arg %}func{% endif %}]|{{ p.missing }}|{{ p.secret.x }}|{{ fn }}|{{ fn|upper }}|{{ fnargs }}", "[]|||called|CALLED|"},
	}
	for _, tc := range tests {
		if got := render(t, tc.src, vars); got != tc.want {
			t.Errorf("%s\n got %q\nwant %q", tc.src, got, tc.want)
		}
	}
}

func TestRenderErrorsNameTheirPlace(t *testing.T) {
	p := post{Title: "x"}
	e := newTestEngine(t, map[string]string{
		"fails.html":    "line 1\n  {{ p.fails }}",
		"panics.html":   "a\nb\n{% if p.panics %}{% endif %}",
		"outer.html":    "{% include 'fails.html' %}",
		"syntax.html":   "one\ntwo {% for x in %}\nthree\nfour",
		"unclosed.html": "ok\n{% if x %}\n{% for y in z %}{% endif %}",
		"filter.html":   "{{ x|nosuch }}",
		"args.html":     "{{ x|upper:'a' }}",
	})
	tests := []struct {
		name, want string
		kind       error
	}{
		{"fails.html", "fails.html:2:6: calling fails: database is down", nil},
		{"panics.html", "panics.html:3:7: calling panics panicked: boom", nil},
		{"outer.html", "fails.html:2:6: calling fails: database is down", nil},
		{"syntax.html", "syntax.html:2:5: 'for' statements should have at least four words: for x in", ErrSyntax},
		{"unclosed.html", "unclosed.html:3:17: Invalid block tag on line 3: 'endif', expected 'empty' or 'endfor'. Did you forget to register or load this tag?", ErrSyntax},
		{"filter.html", "filter.html:1:6: Invalid filter: 'nosuch'", ErrSyntax},
		{"args.html", "args.html:1:6: upper requires 1 arguments, 2 provided", ErrSyntax},
		{"missing.html", "missing.html: template does not exist", ErrNotExist},
	}
	for _, tc := range tests {
		_, err := e.RenderString(tc.name, map[string]any{"p": p})
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, err.Error(), tc.want)
		}
		if tc.kind != nil && !errors.Is(err, tc.kind) {
			t.Errorf("%s: %v is not %v", tc.name, err, tc.kind)
		}
	}
	_, err := e.RenderString("syntax.html", nil)
	var te *Error
	if !errors.As(err, &te) {
		t.Fatalf("%T is not *Error", err)
	}
	want := []SourceLine{{1, "one"}, {2, "two {% for x in %}"}, {3, "three"}, {4, "four"}}
	if fmt.Sprint(te.Source) != fmt.Sprint(want) {
		t.Errorf("source lines %v, want %v", te.Source, want)
	}
}

// A panic anywhere in a render, here in a project's filter, comes back
// as an error naming the template and line; nothing is written.
func TestRenderRecoversPanics(t *testing.T) {
	lib := &Library{Filters: map[string]Filter{"explode": {Func: func(FilterCall, any, any) (any, error) { panic("kaboom") }}}}
	e, err := New(Options{Loaders: []Loader{MapLoader{"x.html": "ok\n{{ 1|explode }}"}}, Builtins: []*Library{lib}})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	err = e.Render(&b, "x.html", nil)
	if err == nil || !strings.HasPrefix(err.Error(), "x.html:2:1: panic while rendering: kaboom") {
		t.Fatalf("err = %v", err)
	}
	if b.Len() != 0 {
		t.Errorf("wrote %q on failure", b.String())
	}
}

// A project's tag that panics while compiling gives an error placed at
// the tag, and leaves the engine usable (the compile lock is released).
func TestCompileRecoversPanics(t *testing.T) {
	lib := &Library{Tags: map[string]TagFunc{"boom": func(*Parser, Token) (Node, error) { panic("kaboom") }}}
	e, err := New(Options{Loaders: []Loader{MapLoader{"x.html": "ok\n  {% boom %}", "y.html": "fine"}}, Builtins: []*Library{lib}})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		_, err := e.RenderString("x.html", nil)
		if err == nil || err.Error() != "x.html:2:6: panic while compiling the 'boom' tag: kaboom" {
			t.Fatalf("err = %v", err)
		}
	}
	done := make(chan error, 1)
	go func() {
		_, err := e.RenderString("y.html", nil)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the engine is stuck after a panic while compiling")
	}
}

func TestInheritanceAndInclude(t *testing.T) {
	e := newTestEngine(t, map[string]string{
		"base.html":          "<title>{% block title %}Site{% endblock %}</title>{% block body %}{% endblock body %}",
		"mid.html":           "{% extends 'base.html' %}{% block title %}{{ block.super }} - Mid{% endblock %}",
		"page.html":          "{% extends 'mid.html' %}outside is ignored{% block title %}Page | {{ block.super }}{% endblock %}{% block body %}{% include 'partials/item.html' with x=1 %}{% endblock %}",
		"partials/item.html": "[{{ x }}{{ y }}]{% include './leaf.html' %}",
		"partials/leaf.html": "(leaf {{ y }})",
		"only.html":          "{% include 'partials/item.html' with x=2 only %}",
		"dyn.html":           "{% extends parent %}{% block body %}dyn{% endblock %}",
		"self.html":          "{% include 'self.html' %}",
		"super-base.html":    "{% block a %}{{ block.super }}{% endblock %}",
		"twice.html":         "{% block a %}{% endblock %}{% block a %}{% endblock %}",
		"late.html":          "x{{ y }}{% extends 'base.html' %}",
		"list.html":          "{% include names %}",
	})
	tpl, err := e.Get("base.html")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		vars map[string]any
		want string
	}{
		{"page.html", map[string]any{"y": "Y"}, "<title>Page | Site - Mid</title>[1Y](leaf Y)"},
		{"only.html", map[string]any{"y": "Y"}, "[2](leaf )"},
		{"dyn.html", map[string]any{"parent": "base.html"}, "<title>Site</title>dyn"},
		{"dyn.html", map[string]any{"parent": tpl}, "<title>Site</title>dyn"},
		{"list.html", map[string]any{"names": []any{"nope.html", "partials/leaf.html"}, "y": 1}, "(leaf 1)"},
	}
	for _, tc := range tests {
		got, err := e.RenderString(tc.name, tc.vars)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
	for name, want := range map[string]string{
		"self.html":       "more than 64 levels deep",
		"super-base.html": "Did you use {{ block.super }} in a base template?",
		"twice.html":      "'block' tag with name 'a' appears more than once",
		"late.html":       "must be the first tag in the template",
	} {
		_, err := e.RenderString(name, nil)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err %v, want it to contain %q", name, err, want)
		}
	}
}

func TestLoaders(t *testing.T) {
	d1, d2 := t.TempDir(), t.TempDir()
	write := func(dir, name, text string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(d1, "pages/a.html", "A:{% include 'partials/p.html' %}")
	write(d2, "pages/a.html", "shadowed")
	write(d2, "partials/p.html", "P from d2")
	write(d1, "outside.html", "x")
	fsys := fstest.MapFS{"emb.html": {Data: []byte("embedded {% include 'partials/p.html' %}")}}
	e, err := New(Options{Dirs: []string{d1, d2}, Loaders: []Loader{FSLoader{fsys}}})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"pages/a.html": "A:P from d2", "emb.html": "embedded P from d2"} {
		if got, err := e.RenderString(name, nil); err != nil || got != want {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want)
		}
	}
	for _, name := range []string{"../" + filepath.Base(d1) + "/outside.html", "/etc/passwd", "pages", "a\\b", ""} {
		if _, err := e.Get(name); !errors.Is(err, ErrNotExist) {
			t.Errorf("%q: %v, want does-not-exist", name, err)
		}
	}
	if _, err := New(Options{Dirs: []string{filepath.Join(d1, "none")}}); err == nil {
		t.Error("a missing template directory was accepted")
	}
}

func TestDebugReload(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.html")
	os.WriteFile(p, []byte("one"), 0o644)
	for _, debug := range []bool{false, true} {
		e, _ := New(Options{Dirs: []string{dir}, Debug: debug})
		os.WriteFile(p, []byte("one"), 0o644)
		os.Chtimes(p, time.Now().Add(-time.Hour), time.Now().Add(-time.Hour))
		if got, _ := e.RenderString("x.html", nil); got != "one" {
			t.Fatalf("got %q", got)
		}
		os.WriteFile(p, []byte("two"), 0o644)
		want := "one"
		if debug {
			want = "two"
		}
		if got, _ := e.RenderString("x.html", nil); got != want {
			t.Errorf("debug=%v: after a change got %q, want %q", debug, got, want)
		}
	}
}

func TestFrameworkHooks(t *testing.T) {
	reverse := URLFunc(func(name string, args []any, kw map[string]any) (string, error) {
		if name != "post_detail" {
			return "", fmt.Errorf("no route named %q", name)
		}
		return fmt.Sprintf("/posts/%v/?x=<%v>", args[0], kw["page"]), nil
	})
	e := newTestEngine(t, map[string]string{
		"url.html":    "{% url 'post_detail' p.id page=2 %}|{% url 'post_detail' 5 as u %}[{{ u }}]|{% url 'nope' as v %}[{{ v }}]",
		"bad.html":    "{% url 'nope' %}",
		"static.html": "{% load static %}{% static 'css/a b.css' %}|{% static name as s %}{{ s }}",
		"csrf.html":   "<form>{% csrf_token %}</form>",
		"qs.html":     "{% querystring page=3 q=None tag=tags %}|{% querystring extra %}",
	})
	vars := map[string]any{URLKey: reverse, "p": post{ID: 42}, "name": "img/x.png", CSRFTokenKey: `tok"en`,
		QueryKey: url.Values{"q": {"old"}, "sort": {"new"}}, "tags": []any{"a", "b"}, "extra": map[string]any{"k": "v w"}}
	tests := map[string]string{
		"url.html":    "/posts/42/?x=&lt;2&gt;|[/posts/5/?x=&lt;&lt;nil&gt;&gt;]|[]",
		"static.html": "/static/css/a%20b.css|/static/img/x.png",
		"csrf.html":   `<form><input type="hidden" name="csrfmiddlewaretoken" value="tok&quot;en"></form>`,
		"qs.html":     "?page=3&amp;sort=new&amp;tag=a&amp;tag=b|?k=v+w",
	}
	for name, want := range tests {
		if got, err := e.RenderString(name, vars); err != nil || got != want {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want)
		}
	}
	if _, err := e.RenderString("bad.html", vars); err == nil || !strings.Contains(err.Error(), "no route named") {
		t.Errorf("unknown route: %v", err)
	}
	if got, _ := e.RenderString("csrf.html", nil); got != "<form></form>" {
		t.Errorf("no token: %q", got)
	}
}

func TestCustomLibraries(t *testing.T) {
	shout := Filter{Func: func(_ FilterCall, in, arg any) (any, error) {
		return strings.ToUpper(in.(string)) + "!", nil
	}, StringInput: true, IsSafe: true}
	hello := TagFunc(func(p *Parser, t Token) (Node, error) {
		bits := t.SplitContents()
		if len(bits) != 2 {
			return nil, t.Errorf("'hello' takes one argument")
		}
		e, err := p.CompileFilter(t, bits[1])
		if err != nil {
			return nil, err
		}
		return nodeFunc(func(c *Context, w Writer) error {
			v, err := e.Resolve(c)
			if err != nil {
				return err
			}
			_, err = w.WriteString("Hello, " + display(v, c.Autoescape()))
			return err
		}), nil
	})
	e, err := New(Options{
		Loaders:   []Loader{MapLoader{"a.html": "{% load extras %}{{ s|shout }} {% hello s %}", "b.html": "{{ s|shout }}", "c.html": "{% load nosuch %}", "d.html": "{% load shout from extras %}{{ s|shout }}{% hello s %}"}},
		Libraries: map[string]*Library{"extras": {Filters: map[string]Filter{"shout": shout}, Tags: map[string]TagFunc{"hello": hello}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]any{"s": "<a>"}
	if got, err := e.RenderString("a.html", vars); err != nil || got != "&lt;A&gt;! Hello, &lt;a&gt;" {
		t.Errorf("a.html: %q, %v", got, err)
	}
	for name, want := range map[string]string{
		"b.html": "Invalid filter: 'shout'",
		"c.html": "'nosuch' is not a registered tag library",
		"d.html": "Invalid block tag on line 1: 'hello'",
	} {
		if _, err := e.RenderString(name, vars); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", name, err, want)
		}
	}
}

// nodeFunc adapts a function to Node.
type nodeFunc func(c *Context, w Writer) error

func (f nodeFunc) Render(c *Context, w Writer) error { return f(c, w) }

// {% querystring %} as Django's current documentation describes it
// (Django 5.2: mappings as positional arguments, a "?" always), with
// cases written by hand from its examples.
func TestQuerystring(t *testing.T) {
	current := url.Values{"color": {"green"}, "size": {"M"}}
	vars := map[string]any{
		QueryKey: current, "my_list": []any{"red", "blue"}, "page": map[string]any{"next_page_number": 3},
		"my_dict":     map[string]any{"color": nil, "size": "S", "tag": []string{"a", "b"}},
		"other_query": url.Values{"size": {"L", "XL"}}, "counts": map[string]int{"n": 1},
		"int_keys": map[int]string{1: "a"}, "text": "a=1",
	}
	tests := []struct{ name, src, want, wantErr string }{
		{"current", "{% querystring %}", "?color=green&amp;size=M", ""},
		{"replace", `{% querystring color="red" size="S" %}`, "?color=red&amp;size=S", ""},
		{"append", `{% querystring page=page.next_page_number %}`, "?color=green&amp;page=3&amp;size=M", ""},
		{"remove", "{% querystring color=None %}", "?size=M", ""},
		{"remove all keeps the ?", "{% querystring color=None size=None %}", "?", ""},
		{"list", "{% querystring color=my_list %}", "?color=red&amp;color=blue&amp;size=M", ""},
		{"as variable, escaped when printed", "{% querystring page=3 as next_page %}[{{ next_page }}]", "[?color=green&amp;page=3&amp;size=M]", ""},
		{"a query replaces the current one", "{% querystring other_query %}", "?size=L&amp;size=XL", ""},
		{"dict: None removes, list replaces", `{% querystring current my_dict x=1 %}`, "?size=S&amp;tag=a&amp;tag=b&amp;x=1", ""},
		{"later mappings win", "{% querystring other_query my_dict %}", "?size=S&amp;tag=a&amp;tag=b", ""},
		{"typed map", "{% querystring counts %}", "?n=1", ""},
		{"not a mapping", "{% querystring text %}", "", "querystring requires mappings for positional arguments (got 'a=1' instead)."},
		{"non-string keys", "{% querystring int_keys %}", "", "querystring requires strings for mapping keys (got 1 instead)."},
	}
	e := newTestEngine(t, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vars["current"] = current
			tpl, err := e.FromString("qs.html", tc.src)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tpl.RenderString(vars)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %q, %v; want the error %q", got, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
