package framework

import (
	"bytes"
	"context"
	"html"
	"mime"
	"slices"
	"sync"

	"github.com/goframe/goframe/templates"
)

// Render returns the response of the template name rendered with ctx and
// the context processors' values (Django's): request, csrf_token,
// messages, user, and the hooks of {% url %} and {% static %}. The
// template renders when the response is written; an error there is a 500
// (in DEBUG, the error page shows the template source around it).
func (r *Request) Render(name string, ctx Ctx) Response {
	return Response{template: name, ctx: ctx}
}

// RenderString renders the template name with ctx as Render does and
// returns the text, for a view that needs it (an e-mail, a fragment).
func (r *Request) RenderString(name string, ctx Ctx) (string, error) {
	b, err := r.app.render(r, name, ctx)
	return string(b), err
}

// render renders name with ctx and the context processors' values.
func (a *App) render(r *Request, name string, ctx Ctx) ([]byte, error) {
	eng, err := a.Templates()
	if err != nil {
		return nil, err
	}
	data := make(map[string]any, len(ctx)+8)
	data["request"] = r
	data[templates.CSRFTokenKey] = csrfTokenLazy(r)
	data["messages"] = messagesFor(r)
	if u := r.User(); u != nil {
		data["user"] = u
	}
	data[templates.StaticKey] = a.static.url
	for k, v := range ctx {
		data[k] = v
	}
	recordRender(r.HTTP.Context(), name, ctx)
	var buf bytes.Buffer
	if err := eng.Render(&buf, name, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Rendered is what a Render response rendered, as the test client
// reports it.
type Rendered struct {
	Template string
	Context  Ctx
}

type renderLogKey struct{}

// renderLog collects the templates rendered for one request.
type renderLog struct {
	mu   sync.Mutex
	list []Rendered
}

// withRenderLog returns ctx with a log of the templates rendered.
func withRenderLog(ctx context.Context) (context.Context, *renderLog) {
	l := &renderLog{}
	return context.WithValue(ctx, renderLogKey{}, l), l
}

func recordRender(ctx context.Context, name string, c Ctx) {
	if l, ok := ctx.Value(renderLogKey{}).(*renderLog); ok {
		l.mu.Lock()
		l.list = append(l.list, Rendered{Template: name, Context: c})
		l.mu.Unlock()
	}
}

func (l *renderLog) all() []Rendered {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.list)
}

// htmlEscape escapes s for HTML text and attributes.
func htmlEscape(s string) string { return html.EscapeString(s) }

// contentDisposition is an attachment header for a file name, with the
// RFC 6266 extended form when the name is not plain ASCII.
func contentDisposition(name string) string {
	if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" {
		return v
	}
	return "attachment"
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
