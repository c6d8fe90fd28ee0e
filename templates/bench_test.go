package templates

import (
	htmltemplate "html/template"
	"io"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/flosch/pongo2/v6"
)

// The benchmarks render the same pages with this engine, raw pongo2 and
// html/template: TechEmpower's Fortunes table and a blog index (template
// inheritance, a loop, filters). Compare ns/op and allocs/op across the
// sub-benchmarks of one run (docs/benchmarks.md).

type fortune struct {
	ID      int
	Message string
}

func fortunes() []fortune {
	msgs := []string{
		"fortune: No such file or directory",
		"A computer scientist is someone who fixes things that aren't broken.",
		"After enough decimal places, nobody gives a damn.",
		"A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
		"A computer program does what you tell it to do, not what you want it to do.",
		"Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
		"Any program that runs right is obsolete.",
		"A list is only as strong as its weakest link. — Donald Knuth",
		"Feature: A bug with seniority.",
		"Computers make very fast, very accurate mistakes.",
		`<script>alert("This should not be displayed in a browser alert box.");</script>`,
		"フレームワークのベンチマーク",
	}
	fs := make([]fortune, 0, len(msgs)+1)
	for i, m := range msgs {
		fs = append(fs, fortune{ID: i + 1, Message: m})
	}
	fs = append(fs, fortune{ID: 0, Message: "Additional fortune added at request time."})
	sort.Slice(fs, func(i, j int) bool { return fs[i].Message < fs[j].Message })
	return fs
}

const fortunesDjango = `<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>{% for f in fortunes %}<tr><td>{{ f.id }}</td><td>{{ f.message }}</td></tr>{% endfor %}</table></body></html>`

const fortunesPongo2 = `<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>{% for f in fortunes %}<tr><td>{{ f.ID }}</td><td>{{ f.Message }}</td></tr>{% endfor %}</table></body></html>`

const fortunesHTML = `<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>{{range .}}<tr><td>{{.ID}}</td><td>{{.Message}}</td></tr>{{end}}</table></body></html>`

type blogPost struct {
	Title   string
	Slug    string
	Author  string
	Body    string
	Tags    []string
	Created time.Time
}

func blogPosts() []blogPost {
	var ps []blogPost
	for i := 0; i < 20; i++ {
		ps = append(ps, blogPost{
			Title:   "Post number " + strings.Repeat("x", i%5) + " <about> Go & Django",
			Slug:    "post-number",
			Author:  "ann",
			Body:    strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", 8),
			Tags:    []string{"go", "web", "templates"},
			Created: time.Date(2026, 3, i+1, 9, 5, 0, 0, time.UTC),
		})
	}
	return ps
}

var blogDjango = map[string]string{
	"base.html": `<!DOCTYPE html><html><head><title>{% block title %}Blog{% endblock %}</title></head>
<body><nav><a href="/">Home</a></nav><main>{% block content %}{% endblock %}</main><footer>{% block footer %}&copy; goframe{% endblock %}</footer></body></html>`,
	"index.html": `{% extends "base.html" %}{% block title %}{{ title|title }} | {{ block.super }}{% endblock %}
{% block content %}<h1>{{ title }}</h1>{% for post in posts %}
<article class="{% if forloop.first %}first{% endif %}"><h2><a href="/posts/{{ post.slug }}/">{{ post.title|upper }}</a></h2>
<p class="meta">by {{ post.author|capfirst }} on {{ post.created|date:"N j, Y" }} · {{ post.tags|length }} tags: {{ post.tags|join:", " }}</p>
<p>{{ post.body|truncatewords:12 }}</p></article>{% empty %}<p>No posts.</p>{% endfor %}{% endblock %}`,
}

var blogPongo2 = map[string]string{
	"base.html": `<!DOCTYPE html><html><head><title>{% block title %}Blog{% endblock %}</title></head>
<body><nav><a href="/">Home</a></nav><main>{% block content %}{% endblock %}</main><footer>{% block footer %}&copy; goframe{% endblock %}</footer></body></html>`,
	"index.html": `{% extends "base.html" %}{% block title %}{{ title|title }} | Blog{% endblock %}
{% block content %}<h1>{{ title }}</h1>{% for post in posts %}
<article class="{% if forloop.First %}first{% endif %}"><h2><a href="/posts/{{ post.Slug }}/">{{ post.Title|upper }}</a></h2>
<p class="meta">by {{ post.Author|capfirst }} on {{ post.Created|date:"Jan. 2, 2006" }} · {{ post.Tags|length }} tags: {{ post.Tags|join:", " }}</p>
<p>{{ post.Body|truncatewords:12 }}</p></article>{% empty %}<p>No posts.</p>{% endfor %}{% endblock %}`,
}

const blogHTMLBase = `{{define "base"}}<!DOCTYPE html><html><head><title>{{block "title" .}}Blog{{end}}</title></head>
<body><nav><a href="/">Home</a></nav><main>{{block "content" .}}{{end}}</main><footer>{{block "footer" .}}&copy; goframe{{end}}</footer></body></html>{{end}}`

const blogHTMLPage = `{{define "title"}}{{title .Title}} | Blog{{end}}
{{define "content"}}<h1>{{.Title}}</h1>{{range $i, $p := .Posts}}
<article class="{{if eq $i 0}}first{{end}}"><h2><a href="/posts/{{$p.Slug}}/">{{upper $p.Title}}</a></h2>
<p class="meta">by {{capfirst $p.Author}} on {{$p.Created.Format "Jan. 2, 2006"}} · {{len $p.Tags}} tags: {{join $p.Tags ", "}}</p>
<p>{{truncatewords $p.Body 12}}</p></article>{{else}}<p>No posts.</p>{{end}}{{end}}`

type pongoMapLoader map[string]string

func (m pongoMapLoader) Abs(base, name string) string { return name }
func (m pongoMapLoader) Get(path string) (io.Reader, error) {
	return strings.NewReader(m[path]), nil
}

func BenchmarkFortunes(b *testing.B) {
	fs := fortunes()
	b.Run("goframe", func(b *testing.B) {
		e := newTestEngine(b, map[string]string{"f.html": fortunesDjango})
		t, err := e.Get("f.html")
		if err != nil {
			b.Fatal(err)
		}
		vars := map[string]any{"fortunes": fs}
		b.ReportAllocs()
		for b.Loop() {
			if err := t.Render(io.Discard, vars); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pongo2", func(b *testing.B) {
		t := pongo2.Must(pongo2.FromString(fortunesPongo2))
		ctx := pongo2.Context{"fortunes": fs}
		b.ReportAllocs()
		for b.Loop() {
			if err := t.ExecuteWriter(ctx, io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("html-template", func(b *testing.B) {
		t := htmltemplate.Must(htmltemplate.New("f").Parse(fortunesHTML))
		b.ReportAllocs()
		for b.Loop() {
			if err := t.Execute(io.Discard, fs); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkBlogIndex(b *testing.B) {
	posts := blogPosts()
	b.Run("goframe", func(b *testing.B) {
		e := newTestEngine(b, blogDjango)
		t, err := e.Get("index.html")
		if err != nil {
			b.Fatal(err)
		}
		vars := map[string]any{"title": "latest posts", "posts": posts}
		b.ReportAllocs()
		for b.Loop() {
			if err := t.Render(io.Discard, vars); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pongo2", func(b *testing.B) {
		set := pongo2.NewSet("bench", pongoMapLoader(blogPongo2))
		t, err := set.FromFile("index.html")
		if err != nil {
			b.Fatal(err)
		}
		ctx := pongo2.Context{"title": "latest posts", "posts": posts}
		b.ReportAllocs()
		for b.Loop() {
			if err := t.ExecuteWriter(ctx, io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("html-template", func(b *testing.B) {
		funcs := htmltemplate.FuncMap{
			"title":    strings.ToTitle,
			"upper":    strings.ToUpper,
			"capfirst": func(s string) string { return strings.ToUpper(s[:1]) + s[1:] },
			"join":     strings.Join,
			"truncatewords": func(s string, n int) string {
				w := strings.Fields(s)
				if len(w) <= n {
					return s
				}
				return strings.Join(w[:n], " ") + " …"
			},
		}
		base := htmltemplate.Must(htmltemplate.New("blog").Funcs(funcs).Parse(blogHTMLBase))
		t := htmltemplate.Must(htmltemplate.Must(base.Clone()).Parse(blogHTMLPage))
		data := struct {
			Title string
			Posts []blogPost
		}{"latest posts", posts}
		b.ReportAllocs()
		for b.Loop() {
			if err := t.ExecuteTemplate(io.Discard, "base", data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
