package templates

import (
	"fmt"
	"sync"
	"testing"
)

// Parallel renders of templates with per-render state (cycle,
// ifchanged, resetcycle, firstof as, regroup, includes inside and
// outside the loop, blocks) give
// each exactly the sequential output; run with -race.
func TestConcurrentRenders(t *testing.T) {
	e := newTestEngine(t, map[string]string{
		"base.html": "<ul>{% block rows %}{% endblock %}</ul>{% include 'foot.html' %}",
		"rows.html": `{% extends "base.html" %}{% block rows %}{% for r in rows %}` +
			`<li class="{% cycle 'odd' 'even' as cls %}">{% ifchanged r.group %}<h2>{{ r.group }}</h2>{% endifchanged %}` +
			`{% ifchanged %}{{ r.n|divisibleby:3 }}{% endifchanged %}{{ r.n }} {{ cls }}{% include 'cell.html' %}</li>` +
			`{% if forloop.counter|divisibleby:4 %}{% resetcycle %}{% endif %}{% endfor %}{{ block.super }}{% endblock %}`,
		"cell.html": `{% cycle '(a)' '(b)' '(c)' %}{% ifchanged r.group %}[new {{ r.group }}]{% endifchanged %}`,
		"foot.html": `{% regroup rows by group as gs %}{% for g in gs %}{{ g.grouper }}={{ g.list|length }};{% cycle 'x' 'y' %}{% endfor %}` +
			`{% firstof missing seed as f %}[{{ f }}]`,
	})
	inputs := make([]map[string]any, 16)
	want := make([]string, len(inputs))
	for i := range inputs {
		var rows []any
		for j := 0; j < 5+i; j++ {
			rows = append(rows, map[string]any{"group": fmt.Sprintf("g%d", j/3), "n": j * (i + 1)})
		}
		inputs[i] = map[string]any{"rows": rows, "seed": i}
		out, err := e.RenderString("rows.html", inputs[i])
		if err != nil {
			t.Fatal(err)
		}
		want[i] = out
	}
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for k := 0; k < 50; k++ {
				i := (w*7 + k) % len(inputs)
				got, err := e.RenderString("rows.html", inputs[i])
				if err != nil {
					t.Error(err)
					return
				}
				if got != want[i] {
					t.Errorf("render %d differs from the sequential one:\n got %q\nwant %q", i, got, want[i])
					return
				}
			}
		}(w)
	}
	wg.Wait()
}

// Compiling the same and different templates from many goroutines at
// once (an empty cache) is race-free.
func TestConcurrentCompiles(t *testing.T) {
	srcs := map[string]string{}
	for i := 0; i < 20; i++ {
		srcs[fmt.Sprintf("t%d.html", i)] = fmt.Sprintf("{%% for x in xs %%}{%% cycle 'a' 'b' %%}{{ x }}%d{%% endfor %%}", i)
	}
	e := newTestEngine(t, srcs)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				got, err := e.RenderString(fmt.Sprintf("t%d.html", i), map[string]any{"xs": []any{1, 2}})
				if want := fmt.Sprintf("a1%db2%d", i, i); err != nil || got != want {
					t.Errorf("got %q, %v; want %q", got, err, want)
				}
			}
		}()
	}
	wg.Wait()
}
