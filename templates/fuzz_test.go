package templates

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// FuzzTemplate compiles and renders arbitrary template text. Property:
// no panic escapes and no internal error is reported — every input
// either renders or gets an *Error naming the template.
func FuzzTemplate(f *testing.F) {
	if fh, err := os.Open("testdata/django-templates.jsonl"); err == nil {
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var c struct {
				Templates map[string]string `json:"templates"`
			}
			if json.Unmarshal(sc.Bytes(), &c) == nil {
				for _, src := range c.Templates {
					f.Add(src)
				}
			}
		}
		fh.Close()
	}
	for _, s := range []string{"{{", "{% if a not in b is not c %}x{% endif %}", "{% verbatim x %}{% endverbatim %}{% endverbatim x %}",
		"{% cycle %}", "{% for %}", "{{ a|b:c|d }}", "{% block %}{% endblock x y %}", "{% comment %}{% if %}", "{# {% #}"} {
		f.Add(s)
	}
	vars := map[string]any{"a": []any{1, "x", nil}, "b": map[string]any{"c": 2.5}, "s": "<s>", "n": 3}
	f.Fuzz(func(t *testing.T, src string) {
		e := MustNew(Options{Loaders: []Loader{MapLoader{"index.html": src, "inc.html": "[{{ a }}]"}}})
		out, err := e.RenderString("index.html", vars)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("%q: error of type %T: %v", src, err, err)
			}
			if strings.Contains(err.Error(), "internal error") || strings.Contains(err.Error(), "panic") {
				t.Fatalf("%q: %v", src, err)
			}
			return
		}
		_ = out
	})
}
