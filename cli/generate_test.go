package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// newTestProject writes a project as goframe new does (without go mod
// tidy) into a temporary directory and returns its root.
func newTestProject(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "blog")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	data := skeletonData{Name: "blog", Title: "Blog", Module: "example.com/blog", SourceDir: projectSourceDir(),
		GoVersion: skeletonGoVersion, GoframeVersion: skeletonGoframeVersion}
	if _, err := writeSkeleton(dir, data); err != nil {
		t.Fatal(err)
	}
	return dir
}

// generateFiles runs the part of goframe generate resource that writes
// files (the migration needs a build: the end-to-end tests make it).
func generateFiles(root, name string, force bool, args ...string) ([]string, error) {
	fields, err := parseFields(args)
	if err != nil {
		return nil, err
	}
	data, err := newResourceData(name, fields)
	if err != nil {
		return nil, err
	}
	plan, err := planResource(root, data)
	if err != nil {
		return nil, err
	}
	if err := plan.check(force); err != nil {
		return nil, err
	}
	return plan.write()
}

func TestGenerateResource_Files(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fields []string
		want   map[string][]string // file → substrings
	}{
		{"post", []string{"title:string", "body:text", "published:bool"}, map[string][]string{
			"post.go": {"//goframe:resource post\n", "type Post struct {", "Title     string    `db:\"title\" orm:\"size:200\"`", "Body      string    `db:\"body\"`",
				"Published bool      `db:\"published\"`", "Updated   time.Time `db:\"updated\" orm:\"updated\"`",
				`app.Namespace("/posts", "posts", func(g *framework.Group) {`, `g.Get("/{id:int}/edit/", postEdit).Name("edit")`, `g.Post("/{id:int}/delete/", postDelete)`},
			"post_views.go": {"Title     string `form:\"title\" validate:\"required,max=200\"`", `return framework.RedirectTo("posts:detail", post.ID).WithStatus(303)`,
				`r.SuccessMessage("Post deleted.")`, "WithStatus(422)"},
			"post_test.go":                       {"func TestPost_Pages(t *testing.T) {", "func TestPost_Invalid(t *testing.T) {", `"title":     {""},`, `mustContain(t, resp, "this field is required")`},
			"templates/post/list.html":           {`{% extends "base.html" %}`, "{% for post in posts %}", `{{ post.Published|yesno:"Yes,No" }}`, "No posts yet."},
			"templates/post/detail.html":         {"<h1>{{ post.Title }}</h1>", "{{ post.Body|linebreaks }}", "{% url 'posts:edit' post.ID %}"},
			"templates/post/form.html":           {"{% csrf_token %}", `name="title" required value="{{ form.Title }}"`, "{% if errors.body %}", `{% if form.Published %} checked{% endif %}`},
			"templates/post/confirm_delete.html": {`<form class="card" method="post" action="{% url 'posts:delete' post.ID %}">`, "{% csrf_token %}"},
			"resources.go":                       {"\t\tpostResource(),\n"},
			"templates/resources_nav.html":       {`<a href="{% url 'posts:list' %}">Posts</a>`},
		}},
		{"blog_event", []string{"starts_at:datetime", "seats:int", "price:float", "open:bool"}, map[string][]string{
			"blog_event.go":                    {"type BlogEvent struct {", "StartsAt time.Time `db:\"starts_at\"`", "Seats    int64", "Price    float64", `app.Namespace("/blog-events", "blog_events"`},
			"blog_event_views.go":              {"func (f *blogEventForm) Validate() error {", `errs["starts_at"] = err.Error()`, "StartsAt: blogEvent.StartsAt.Format(dateTimeInput),"},
			"blog_event_test.go":               {`"starts_at": {"2026-03-07T09:30"},`, "!got.Equal(time.Date(2026, 3, 7, 9, 30, 0, 0, time.UTC))", "func TestBlogEvent_Invalid"},
			"templates/blog_event/detail.html": {"<h1>Blog event {{ blog_event.ID }}</h1>", `{{ blog_event.StartsAt|date:"Y-m-d H:i" }}`},
			"templates/resources_nav.html":     {`<a href="{% url 'blog_events:list' %}">Blog events</a>`},
		}},
		{"flag", []string{"on:bool"}, map[string][]string{
			"flag_test.go": {"func TestFlag_Pages"},
			"flag.go":      {"On      bool"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := newTestProject(t)
			written, err := generateFiles(root, tc.name, false, tc.fields...)
			if err != nil {
				t.Fatal(err)
			}
			for file, wants := range tc.want {
				if !slices.Contains(written, file) {
					t.Errorf("%s was not written (written: %v)", file, written)
				}
				text := readFile(t, filepath.Join(root, file))
				for _, w := range wants {
					if !strings.Contains(text, w) {
						t.Errorf("%s lacks %q:\n%s", file, w, text)
					}
				}
			}
			checkProjectSources(t, root)
		})
	}
	t.Run("a resource without a field that can be wrong has no invalid test", func(t *testing.T) {
		t.Parallel()
		root := newTestProject(t)
		if _, err := generateFiles(root, "flag", false, "on:bool"); err != nil {
			t.Fatal(err)
		}
		if text := readFile(t, filepath.Join(root, "flag_test.go")); strings.Contains(text, "Invalid") {
			t.Errorf("flag_test.go has an invalid-form test, but no value of a bool is wrong:\n%s", text)
		}
	})
}

func TestGenerateResource_Registry(t *testing.T) {
	t.Parallel()
	root := newTestProject(t)
	for _, name := range []string{"tag", "post"} {
		if _, err := generateFiles(root, name, false, "name:string"); err != nil {
			t.Fatal(err)
		}
	}
	reg := readFile(t, filepath.Join(root, "resources.go"))
	if !strings.HasPrefix(reg, registryHeader) || !strings.Contains(reg, "\t\tpostResource(),\n\t\ttagResource(),\n") {
		t.Errorf("resources.go:\n%s", reg)
	}
	// A user deletes the tag resource's Go files: generate registry
	// forgets it.
	for _, f := range []string{"tag.go", "tag_views.go", "tag_test.go"} {
		if err := os.Remove(filepath.Join(root, f)); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := runCLI(t, filepath.Join(root, "templates"), "generate", "registry")
	if code != 0 || out != "Wrote resources.go and templates/resources_nav.html (resources: post).\n" {
		t.Fatalf("generate registry: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	reg = readFile(t, filepath.Join(root, "resources.go"))
	if strings.Contains(reg, "tagResource") || !strings.Contains(reg, "postResource()") {
		t.Errorf("resources.go after deleting tag:\n%s", reg)
	}
	if nav := readFile(t, filepath.Join(root, registryNav)); strings.Contains(nav, "tags:list") || !strings.Contains(nav, "posts:list") {
		t.Errorf("%s after deleting tag:\n%s", registryNav, nav)
	}
}

func TestGenerateResource_Refuses(t *testing.T) {
	t.Parallel()
	root := newTestProject(t)
	if _, err := generateFiles(root, "post", false, "title:string"); err != nil {
		t.Fatal(err)
	}
	mine := "// my changes\n" + readFile(t, filepath.Join(root, "post_views.go"))
	if err := os.WriteFile(filepath.Join(root, "post_views.go"), []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "migrations", "0002_create_post.sql"), []byte("-- made by makemigrations\n"), 0o644)

	_, err := generateFiles(root, "post", false, "title:string", "body:text")
	want := "the post resource exists already: post.go, post_views.go, post_test.go, templates/post/list.html, templates/post/detail.html, templates/post/form.html, templates/post/confirm_delete.html, migrations/0002_create_post.sql. Use --force"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("generating post again: %v, want %q", err, want)
	}
	if got := readFile(t, filepath.Join(root, "post_views.go")); got != mine {
		t.Errorf("post_views.go changed without --force")
	}

	_, err = generateFiles(root, "note", false, "title:string")
	want = "the note resource's code would declare names the project has already: Note (in models.go), noteCreate (in views.go), noteForm (in views.go), noteList (in views.go). Choose another name"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("generating note: %v, want %q", err, want)
	}
	if _, err := os.Stat(filepath.Join(root, "note.go")); !isNotExist(err) {
		t.Errorf("note.go was written after a refusal (%v)", err)
	}

	if _, err := generateFiles(root, "post", true, "title:string", "body:text"); err != nil {
		t.Fatalf("--force: %v", err)
	}
	if got := readFile(t, filepath.Join(root, "post.go")); !strings.Contains(got, "`db:\"body\"`") {
		t.Errorf("--force did not rewrite post.go:\n%s", got)
	}
}

func TestGenerate_Errors(t *testing.T) {
	t.Parallel()
	project := newTestProject(t)
	plainModule := t.TempDir()
	os.WriteFile(filepath.Join(plainModule, "go.mod"), []byte("module plain\n"), 0o644)
	empty := t.TempDir()
	tests := []struct {
		name   string
		dir    string
		args   []string
		code   int
		stderr string
	}{
		{"nothing to generate", project, []string{}, 2, "goframe generate: what to generate? resource or registry"},
		{"an unknown generator", project, []string{"model", "post"}, 2, `goframe generate: unknown generator "model": want resource or registry`},
		{"no name", project, []string{"resource"}, 2, "resource: missing its NAME and fields"},
		{"a field first", project, []string{"resource", "title:string"}, 2, `"title:string" looks like a field: the resource's NAME comes first`},
		{"no fields", project, []string{"resource", "post"}, 2, "resource post: no fields: give at least one"},
		{"a bad type", project, []string{"resource", "post", "title:varchar"}, 2, `field "title:varchar": unknown type "varchar": want one of string, text, int, float, bool, time`},
		{"a field without a type", project, []string{"resource", "post", "title"}, 2, `field "title" has no type: write it NAME:TYPE (e.g. title:string)`},
		{"a bad resource name", project, []string{"resource", "BlogPost", "title:string"}, 2, `resource name "BlogPost": use snake_case: lowercase letters, digits and _, starting with a letter (e.g. blog_post)`},
		{"a name that shadows Go", project, []string{"resource", "page", "title:string"}, 2, `resource name "page" would shadow Go's page in the generated code`},
		{"an unknown option", project, []string{"resource", "post", "title:string", "--frob"}, 2, "resource: unknown option --frob"},
		{"outside a project", empty, []string{"resource", "post", "title:string"}, 1, "no goframe project here (no go.mod in " + empty + " or above): run goframe new NAME first"},
		{"a module goframe new did not make", plainModule, []string{"resource", "post", "title:string"}, 1, plainModule + " is not a project made by goframe new"},
		{"registry outside a project", plainModule, []string{"registry"}, 1, "is not a project made by goframe new"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runCLI(t, tc.dir, append([]string{"generate"}, tc.args...)...)
			if code != tc.code || !strings.Contains(errOut, tc.stderr) {
				t.Errorf("exit %d, stderr:\n%s\nwant %d and %q", code, errOut, tc.code, tc.stderr)
			}
			if out != "" && tc.code != 2 {
				t.Errorf("stdout %q", out)
			}
		})
	}
	code, out, _ := runCLI(t, project, "generate", "--help")
	for _, want := range []string{"usage: goframe generate resource NAME FIELD:TYPE... [--force]", "Options:\n", "Examples:\n", "  time       a date and time"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("generate --help: exit %d, lacks %q:\n%s", code, want, out)
		}
	}
}

func TestParseFields(t *testing.T) {
	t.Parallel()
	fields, err := parseFields([]string{"title:string", "body:text", "views:INT", "score:float", "draft:boolean", "published_at:datetime", "author_id:int"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fields {
		got = append(got, f.Name+"="+f.Go+"/"+f.Kind+"/"+f.GoType+"/"+f.Label)
	}
	want := []string{"title=Title/string/string/Title", "body=Body/text/string/Body", "views=Views/int/int64/Views",
		"score=Score/float/float64/Score", "draft=Draft/bool/bool/Draft", "published_at=PublishedAt/time/time.Time/Published at",
		"author_id=AuthorID/int/int64/Author id"}
	if !slices.Equal(got, want) {
		t.Errorf("fields:\n%v\nwant:\n%v", got, want)
	}
	errs := []struct {
		args []string
		want string
	}{
		{nil, "no fields"},
		{[]string{"title:string", "title:text"}, `field "title" is given twice`},
		{[]string{"created:time"}, "every resource has id, created and updated already"},
		{[]string{"Title:string"}, `field "Title": use snake_case`},
		{[]string{"type:string"}, `field "type" is a Go keyword`},
		{[]string{"validate:string"}, `field "validate" would be Validate in Go, the name of the form's Validate method`},
		{[]string{"i_d:int"}, `field "i_d" would be ID in Go, the id every resource has`},
		{[]string{"a_b:int", "ab:int"}, ""},
		{[]string{"url:string", "u_r_l:string"}, `field "u_r_l": it would be URL in Go, as "url" is`},
		{[]string{"x:"}, `field "x:": unknown type ""`},
	}
	for _, tc := range errs {
		_, err := parseFields(tc.args)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%v: %v", tc.args, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want an error with %q", tc.args, err, tc.want)
		}
	}
}

func TestNewResourceNames(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, typ, v, plural, url, label, pluralLabel string }{
		{"post", "Post", "post", "posts", "/posts", "Post", "Posts"},
		{"blog_post", "BlogPost", "blogPost", "blog_posts", "/blog-posts", "Blog post", "Blog posts"},
		{"category", "Category", "category", "categories", "/categories", "Category", "Categories"},
		{"day", "Day", "day", "days", "/days", "Day", "Days"},
		{"box", "Box", "box", "boxes", "/boxes", "Box", "Boxes"},
		{"status", "Status", "status", "statuses", "/statuses", "Status", "Statuses"},
		{"api_key", "APIKey", "apiKey", "api_keys", "/api-keys", "Api key", "Api keys"},
	}
	for _, tc := range tests {
		n := newResourceNames(tc.name)
		got := []string{n.Type, n.Var, n.Plural, n.URL, n.Label, n.PluralLabel}
		want := []string{tc.typ, tc.v, tc.plural, tc.url, tc.label, tc.pluralLabel}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", tc.name, got, want)
		}
	}
}
