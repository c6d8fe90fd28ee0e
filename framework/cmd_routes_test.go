package framework

import (
	"net/http"
	"testing"
)

func TestRoutesCommand(t *testing.T) {
	t.Parallel()
	a := newCmdApp(t, cmdConfig(t))
	r := run(t, a, nil, "", "routes")
	if r.code != ExitOK || r.stdout != "No routes.\n" {
		t.Errorf("no routes: %d %q %q", r.code, r.stdout, r.stderr)
	}
	view := func(r *Request) Response { return Text("ok") }
	a.Get("/", view).Name("home")
	a.Post("/posts", view).Name("post_create")
	a.Namespace("/blog", "blog", func(g *Group) {
		g.Get("/{id:int}", view).Name("post_detail")
	})
	a.Handle("", "/any", http.NotFoundHandler())
	r = run(t, a, nil, "", "routes")
	want := "" +
		"METHOD  PATTERN         NAME\n" +
		"GET     /               home\n" +
		"*       /any            \n" +
		"GET     /blog/{id:int}  blog:post_detail\n" +
		"POST    /posts          post_create\n"
	if r.code != ExitOK || r.stdout != want {
		t.Errorf("exit %d, stdout:\n%s\nwant:\n%s\nstderr %q", r.code, r.stdout, want, r.stderr)
	}
	if r := run(t, a, nil, "", "routes", "blog"); r.code != ExitUsage {
		t.Errorf("routes blog: exit %d", r.code)
	}
}
