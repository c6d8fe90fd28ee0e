package templates

import (
	"errors"
	"strings"
	"testing"
)

// Hand-written cases for tags, with the output Django gives (from
// Django's documentation and its template_tests).
func TestTags(t *testing.T) {
	vars := map[string]any{
		"xs": []any{1, 2, 3}, "none": nil, "zero": 0, "s": "<s>", "safe": SafeString("<b>"),
		"people": []any{
			map[string]any{"name": "a", "city": "X"}, map[string]any{"name": "b", "city": "X"}, map[string]any{"name": "c", "city": "Y"},
		},
		"pairs": []any{[]any{"a", 1}, []any{"b", 2}}, "d": map[string]any{"b": 2, "a": 1}, "str": "ab", "pairstr": []any{"ab", "cd"},
	}
	tests := []struct{ name, src, want string }{
		{"verbatim named", "{% verbatim myblock %}{% verbatim %}{{ x }}{% endverbatim %}{% endverbatim myblock %}", "{% verbatim %}{{ x }}{% endverbatim %}"},
		{"verbatim keeps comments", "{% verbatim %}{# x #}{% if %}{% endverbatim %}", "{# x #}{% if %}"},
		{"comment note", "a{% comment 'why' %}{% if %}{{ x }}{% endcomment %}b", "ab"},
		{"inline comment", "a{# {% if %} #}b", "ab"},
		{"unmatched braces are text", "a {{ b\n}} {% c\n%} {# d\n#} }}", "a {{ b\n}} {% c\n%} {# d\n#} }}"},
		{"templatetag", "{% templatetag openbrace %}{% templatetag closebrace %}{% templatetag opencomment %}{% templatetag closecomment %}", "{}{##}"},
		{"spaceless", "{% spaceless %} <p> <a> x </a> </p> {% endspaceless %}", "<p><a> x </a></p>"},
		{"firstof as", "{% firstof none zero s as v %}[{{ v }}]", "[&lt;s&gt;]"},
		{"firstof none", "[{% firstof none zero %}]", "[]"},
		{"firstof safe literal", "{% firstof none '<b>' %}", "<b>"},
		{"cycle names", "{% for x in xs %}{% cycle 'a' 'b' as c %}{% cycle c %}{% endfor %}", "ababab"},
		{"cycle variable values", "{% for x in xs %}{% cycle s safe %}{% endfor %}", "&lt;s&gt;<b>&lt;s&gt;"},
		{"resetcycle", "{% for x in xs %}{% cycle 'a' 'b' %}{% if x == 2 %}{% resetcycle %}{% endif %}{% endfor %}", "aba"},
		{"resetcycle named", "{% for x in xs %}{% cycle 'a' 'b' 'c' as c silent %}{% cycle '1' '2' as n silent %}{{ c }}{{ n }}{% resetcycle n %}{% endfor %}", "a1b1c1"},
		{"cycle state per loop render", "{% for x in xs %}{% for y in xs %}{% cycle 'a' 'b' %}{% endfor %},{% endfor %}", "aba,bab,aba,"},
		{"ifchanged else", "{% for p in people %}{% ifchanged p.city %}{{ p.city }}{% else %}-{% endifchanged %}{% endfor %}", "X-Y"},
		{"ifchanged content", "{% for x in xs %}{% ifchanged %}{% if x > 1 %}big{% endif %}{% endifchanged %}{% endfor %}", "big"},
		{"ifchanged nested resets", "{% for a in xs %}{% for p in people %}{% ifchanged p.city %}{{ p.city }}{% endifchanged %}{% endfor %};{% endfor %}", "XY;XY;XY;"},
		{"widthratio as", "{% widthratio 3 4 100 as w %}[{{ w }}]", "[75]"},
		{"widthratio zero", "{% widthratio 3 0 100 %}", "0"},
		{"widthratio missing", "[{% widthratio missing 4 100 %}]", "[]"},
		{"with legacy and", "{% with 1 as a and 2 as b %}{{ a }}{{ b }}{% endwith %}", "12"},
		{"with scope ends", "{% with a=1 %}{{ a }}{% endwith %}[{{ a }}]", "1[]"},
		{"for unpack", "{% for k, v in pairs %}{{ k }}{{ v }}{% endfor %}|{% for k,v in pairs reversed %}{{ k }}{% endfor %}", "a1b2|ba"},
		{"for dict", "{% for k in d %}{{ k }}{% endfor %}|{% for k, v in d.items %}{{ k }}={{ v }} {% endfor %}", "ab|a=1 b=2 "},
		{"for unpack string", "{% for a, b in strs %}{{ a }}{{ b }}{% endfor %}|{% for a, b in pairstr %}{{ b }}{% endfor %}", "|bd"},
		{"for missing", "{% for x in missing %}x{% empty %}empty{% endfor %}", "empty"},
		{"forloop outside", "[{{ forloop.counter }}]", "[]"},
		{"parentloop", "{% for a in xs %}{% for b in xs %}{% if forloop.parentloop.last and forloop.first %}{{ a }}{% endif %}{% endfor %}{% endfor %}", "3"},
		{"if precedence", "{% if 1 or 0 and 0 %}T{% endif %}{% if not 0 == 1 %}T{% endif %}{% if not xs %}F{% else %}T{% endif %}", "TTT"},
		{"if comparisons", "{% if 2 > 1 >= 1 %}x{% endif %}{% if 'a' < 'b' %}T{% endif %}{% if 1 < 'a' %}bad{% endif %}{% if 1 == 1.0 %}T{% endif %}{% if None == missing %}T{% endif %}", "xTTT"},
		{"if in", "{% if 'b' in str %}T{% endif %}{% if 2 in xs %}T{% endif %}{% if 'a' in d %}T{% endif %}{% if 1 in none %}bad{% endif %}{% if 4 not in xs %}T{% endif %}", "TTTT"},
		{"if is", "{% if none is None %}T{% endif %}{% if missing is None %}T{% endif %}{% if zero is not None %}T{% endif %}{% if True is True %}T{% endif %}{% if zero is False %}bad{% endif %}", "TTTT"},
		{"is small int", "{% if zero is 0 %}T{% endif %}{% if 256 is 256 %}T{% endif %}{% if 257 is 257 %}bad{% endif %}{% if -6 is -6 %}bad{% endif %}{% if 1 is True %}bad{% endif %}{% if 1.0 is 1.0 %}bad{% endif %}{% if zero is not 0 %}bad{% endif %}", "TT"},
		{"ifequal", "{% ifequal zero 0 %}T{% endifequal %}{% ifnotequal s 'x' %}T{% else %}F{% endifnotequal %}", "TT"},
		{"autoescape nested", "{% autoescape off %}{{ s }}{% autoescape on %}{{ s }}{% endautoescape %}{% endautoescape %}", "<s>&lt;s&gt;"},
		{"autoescape include", "{% autoescape off %}{% include 'inc.html' %}{% endautoescape %}", "<s>"},
		{"filter tag not escaped", "{% filter lower %}{{ s }}<B>{% endfilter %}", "&lt;s&gt;<b>"},
		{"regroup unpack", "{% regroup people by city as g %}{% for city, ps in g %}{{ city }}{{ ps|length }}{% endfor %}", "X2Y1"},
		{"regroup missing", "{% regroup missing by x as g %}[{{ g|length }}]", "[0]"},
		{"lorem words", "{% lorem 3 w %}|{% lorem 2 w random %}", "lorem ipsum dolor|"},
		{"lorem paragraph", "{% lorem 1 p %}", "<p>Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.</p>"},
		{"load from static", "{% load static get_media_prefix from static %}{% static 'a b.css' %}|{% get_media_prefix %}", "/static/a%20b.css|/"},
		{"static prefix", "{% get_static_prefix %}|{% get_static_prefix as p %}{{ p }}", "/static/|/static/"},
		{"literal safe", `{{ "<b>" }}{{ '<i>'|safe }}`, "<b><i>"},
		{"string escapes", `{{ "a\"b" }}|{{ 'it\'s' }}`, `a"b|it's`},
		{"numbers", "{{ 1.5 }} {{ -2 }} {{ 1e3 }} {{ +3 }}", "1.5 -2 1000.0 3"},
		{"translation literal", `{{ _("Hello") }}`, "Hello"},
		{"empty lookup parts", "[{{ a.b. }}][{{ 1. }}][{{ xs..0 }}][{{ .5 }}]", "[][][][0.5]"},
		{"builtins shadowed", "{{ True }}{% with True=0 %}{{ True }}{% endwith %}", "True0"},
	}
	e := newTestEngine(t, map[string]string{"inc.html": "{{ s }}"})
	for _, tc := range tests {
		tpl, err := e.FromString(tc.name, tc.src)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		vars["strs"] = []any{}
		got, err := tpl.RenderString(vars)
		if tc.name == "lorem words" {
			got = strings.SplitN(got, "|", 2)[0] + "|"
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: %s\n got %q, %v\nwant %q", tc.name, tc.src, got, err, tc.want)
		}
	}
}

// Syntax errors Django raises when it compiles these, with its wording.
func TestTagSyntaxErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"{% %}", "Empty block tag on line 1"},
		{"x\n{{ }}", "Empty variable tag on line 2"},
		{"{% frobnicate %}", "Invalid block tag on line 1: 'frobnicate'. Did you forget to register or load this tag?"},
		{"{% endfor %}", "Invalid block tag on line 1: 'endfor'. Did you forget to register or load this tag?"},
		{"{% macro x %}", "Invalid block tag on line 1: 'macro'"},
		{"{% if x %}", "Unclosed tag on line 1: 'if'. Looking for one of: elif, else, endif."},
		{"{% for x in y %}{% else %}{% endfor %}", "Invalid block tag on line 1: 'else', expected 'empty' or 'endfor'"},
		{"{% if a b %}{% endif %}", "Unused 'b' at end of if expression."},
		{"{% if and %}{% endif %}", "Not expecting 'and' in this position in if tag."},
		{"{% if a == %}{% endif %}", "Unexpected end of expression in if tag."},
		{"{% if x|nosuch %}{% endif %}", "Invalid filter: 'nosuch'"},
		{"{% for x on y %}{% endfor %}", "'for' statements should use the format 'for x in y': for x on y"},
		{"{% for x, in y %}{% endfor %}", "'for' tag received an invalid argument: for x, in y"},
		{"{% with %}{% endwith %}", "'with' expected at least one variable assignment"},
		{"{% with a=1 b %}{% endwith %}", "'with' received an invalid token: 'b'"},
		{"{% cycle %}", "'cycle' tag requires at least two arguments"},
		{"{% cycle x %}", "No named cycles in template. 'x' is not defined"},
		{"{% resetcycle %}", "No cycles in template."},
		{"{% cycle 'a' 'b' as c loud %}", "Only 'silent' flag is allowed after cycle's name, not 'loud'."},
		{"{% autoescape maybe %}{% endautoescape %}", "'autoescape' argument should be 'on' or 'off'"},
		{"{% filter escape %}{% endfilter %}", `"filter escape" is not permitted.  Use the "autoescape" tag instead.`},
		{"{% block a %}{% endblock b %}", "Invalid block tag on line 1: 'endblock b', expected 'endblock' or 'endblock a'"},
		{"{% extends 'a' %}{% extends 'b' %}", "'extends' cannot appear more than once in the same template"},
		{"{% include %}", "'include' tag takes at least one argument"},
		{"{% include 'a' with %}", "\"with\" in 'include' tag needs at least one keyword argument."},
		{"{% include 'a' only only %}", "The 'only' option was specified more than once."},
		{"{% include '../a.html' %}", "points outside the file hierarchy"},
		{"{% load nosuch %}", "'nosuch' is not a registered tag library"},
		{"{% load x from static %}", "'x' is not a valid tag or filter in tag library 'static'"},
		{"{% templatetag nope %}", "Invalid templatetag argument: 'nope'"},
		{"{% regroup a by b %}", "'regroup' tag takes five arguments"},
		{"{% widthratio a b %}", "widthratio takes at least three arguments"},
		{"{{ _x }}", "Variables and attributes may not begin with underscores: '_x'"},
		{"{{ a|upper:1:2 }}", "upper requires 1 arguments, 2 provided"},
		{"{{ a|default:1:2 }}", "Could not parse the remainder: ':2' from 'a|default:1:2'"},
		{"{{ 'a }}", "Could not parse the remainder"},
		{"{% comment %}", "Unclosed tag on line 1: 'comment'. Looking for one of: endcomment."},
		{"{% verbatim %}", "Unclosed tag on line 1: 'verbatim'. Looking for one of: endverbatim."},
		{"{% url %}", "'url' takes at least one argument, a URL pattern name."},
	}
	e := newTestEngine(t, nil)
	for _, tc := range tests {
		_, err := e.FromString("t.html", tc.src)
		if err == nil {
			t.Errorf("%s: compiled", tc.src)
			continue
		}
		if !errors.Is(err, ErrSyntax) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s:\n got %v\nwant %q", tc.src, err, tc.want)
		}
	}
}

func TestI18nWithoutCatalogs(t *testing.T) {
	vars := map[string]any{"name": "<Ann>", "n": 1, "items": []any{1, 2}}
	tests := []struct{ src, want string }{
		{`{% load i18n %}{% trans "Hello" %}|{% translate 'Bye' context 'x' %}|{% trans "A" as a %}[{{ a }}]`, "Hello|Bye|[A]"},
		{`{% load i18n %}{% blocktrans with who=name %}Hi {{ who }}!{% endblocktrans %}`, "Hi &lt;Ann&gt;!"},
		{`{% load i18n %}{% blocktranslate count c=n %}{{ c }} item{% plural %}{{ c }} items{% endblocktranslate %}`, "1 item"},
		{`{% load i18n %}{% blocktrans count c=items|length %}{{ c }} item{% plural %}{{ c }} items{% endblocktrans %}`, "2 items"},
		{"{% load i18n %}{% blocktrans trimmed %}\n  one\n  two\n{% endblocktrans %}", "one two"},
		{`{% load i18n %}{% get_current_language as L %}{{ L }}`, "en-us"},
	}
	for _, tc := range tests {
		if got, err := renderErr(t, tc.src, vars); err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.src, got, err, tc.want)
		}
	}
	if _, err := renderErr(t, `{% trans "x" %}`, nil); err == nil || !strings.Contains(err.Error(), "Invalid block tag on line 1: 'trans'") {
		t.Errorf("trans without load: %v", err)
	}
}

func TestForUnpackErrors(t *testing.T) {
	_, err := renderErr(t, "{% for a, b in xs %}{% endfor %}", map[string]any{"xs": []any{"x"}})
	if err == nil || !strings.Contains(err.Error(), "index.html:1:1: Need 2 values to unpack in for loop; got 1.") {
		t.Errorf("err = %v", err)
	}
}
