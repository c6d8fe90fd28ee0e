package cli

import (
	"fmt"
	"go/token"
	"strings"
)

// resourceNames are the names a resource goes by, derived from the name
// given to goframe generate resource (snake_case: blog_post).
type resourceNames struct {
	// Name is the name given: files (blog_post.go), template directory
	// (templates/blog_post/), the variable in templates.
	Name string
	// Type is the model's Go type (BlogPost); Var prefixes the Go
	// functions (blogPost: blogPostList, blogPostForm...).
	Type, Var string
	// Plural is the plural (blog_posts): the list's variable in
	// templates and the routes' namespace (blog_posts:list).
	Plural string
	// Namespace is the routes' namespace; URL the pages' prefix
	// (/blog-posts).
	Namespace, URL string
	// Label and PluralLabel name it for people, capitalized
	// ("Blog post", "Blog posts"); LabelLower is Label in lowercase.
	Label, PluralLabel, LabelLower, PluralLower string
}

// newResourceNames derives a resource's names from its (valid) name.
func newResourceNames(name string) resourceNames {
	plural := pluralize(name)
	words := strings.ReplaceAll(name, "_", " ")
	pluralWords := strings.ReplaceAll(plural, "_", " ")
	first, rest, _ := strings.Cut(name, "_")
	return resourceNames{
		Name:        name,
		Type:        camel(name),
		Var:         first + camel(rest),
		Plural:      plural,
		Namespace:   plural,
		URL:         "/" + strings.ReplaceAll(plural, "_", "-"),
		Label:       strings.ToUpper(words[:1]) + words[1:],
		PluralLabel: strings.ToUpper(pluralWords[:1]) + pluralWords[1:],
		LabelLower:  words,
		PluralLower: pluralWords,
	}
}

// pluralize is the English plural of a snake_case name, by the common
// rules (post → posts, category → categories, box → boxes).
func pluralize(s string) string {
	switch {
	case strings.HasSuffix(s, "s"), strings.HasSuffix(s, "x"), strings.HasSuffix(s, "z"),
		strings.HasSuffix(s, "ch"), strings.HasSuffix(s, "sh"):
		return s + "es"
	case strings.HasSuffix(s, "y") && len(s) > 1 && !strings.ContainsRune("aeiou", rune(s[len(s)-2])):
		return s[:len(s)-1] + "ies"
	}
	return s + "s"
}

// initialisms are written in capitals in Go names (author_id → AuthorID).
var initialisms = map[string]bool{"id": true, "url": true, "uri": true, "http": true, "html": true, "api": true, "ip": true, "uuid": true, "json": true, "sql": true}

// camel turns snake_case into a Go exported name: blog_post → BlogPost,
// author_id → AuthorID.
func camel(s string) string {
	var b strings.Builder
	for _, w := range strings.Split(s, "_") {
		if w == "" {
			continue
		}
		if initialisms[w] {
			b.WriteString(strings.ToUpper(w))
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// identifierError checks that s is snake_case: lowercase ASCII letters,
// digits and single underscores, starting with a letter.
func identifierError(what, s string) error {
	ok := s != "" && s[0] >= 'a' && s[0] <= 'z' && !strings.HasSuffix(s, "_") && !strings.Contains(s, "__")
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			ok = false
		}
	}
	if !ok {
		return fmt.Errorf("%s %q: use snake_case: lowercase letters, digits and _, starting with a letter (e.g. %s)", what, s, suggestSnake(s, what))
	}
	if token.IsKeyword(s) {
		return fmt.Errorf("%s %q is a Go keyword: choose another name", what, s)
	}
	return nil
}

// suggestSnake turns s into snake_case for an error's example.
func suggestSnake(s, what string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			if i > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r + 'a' - 'A')
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	out := strings.Trim(b.String(), "_0123456789")
	for strings.Contains(out, "__") {
		out = strings.ReplaceAll(out, "__", "_")
	}
	if out == "" {
		if what == "field" {
			return "title"
		}
		return "post"
	}
	return out
}

// goFileSuffixes are the GOOS and GOARCH values that, at the end of a
// file's name (x_linux.go), restrict the file to a platform.
var goFileSuffixes = strings.Fields(`aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos
	386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm test`)

// validateResourceName checks the name of a resource.
func validateResourceName(name string) error {
	if err := identifierError("resource name", name); err != nil {
		return err
	}
	// Its files are NAME.go, NAME_views.go and NAME_test.go: a name
	// ending in _linux or _test would make them platform or test files.
	last := name[strings.LastIndex(name, "_")+1:]
	if strings.Contains(name, "_") {
		for _, s := range goFileSuffixes {
			if last == s {
				return fmt.Errorf("resource name %q ends in _%s, which the go tool reads as a build constraint on its files: choose another name", name, s)
			}
		}
	}
	return nil
}

// fieldKind is a type a generated field may have.
type fieldKind struct {
	// GoType is the model field's type; Tag its orm tag options.
	GoType, ORM string
	// FormType is the form field's type; Validate its rules.
	FormType, Validate string
	// Values are a form value for the create and the update in the
	// generated test; GoValues the same as Go expressions of the model's
	// field.
	Values, GoValues [2]string
	// Invalid is a value the form refuses ("" for none), and Message
	// part of the error it gets.
	Invalid, Message string
}

// fieldKinds are the field types goframe generate resource knows, by
// the name given after the colon.
var fieldKinds = map[string]fieldKind{
	"string": {GoType: "string", ORM: "size:200", FormType: "string", Validate: "required,max=200",
		Values: [2]string{"%s one", "%s two"}, GoValues: [2]string{`"%s one"`, `"%s two"`}, Invalid: "", Message: "this field is required"},
	"text": {GoType: "string", FormType: "string", Validate: "required",
		Values: [2]string{"%s one", "%s two"}, GoValues: [2]string{`"%s one"`, `"%s two"`}, Invalid: "", Message: "this field is required"},
	"int": {GoType: "int64", FormType: "int64",
		Values: [2]string{"42", "7"}, GoValues: [2]string{"42", "7"}, Invalid: "many", Message: "want an integer"},
	"float": {GoType: "float64", FormType: "float64",
		Values: [2]string{"2.5", "0.75"}, GoValues: [2]string{"2.5", "0.75"}, Invalid: "lots", Message: "want a number"},
	"bool": {GoType: "bool", FormType: "bool",
		Values: [2]string{"on", ""}, GoValues: [2]string{"true", "false"}},
	"time": {GoType: "time.Time", FormType: "string", Validate: "required",
		Values: [2]string{"2026-03-07T09:30", "2026-04-01T18:45"}, GoValues: [2]string{"time.Date(2026, 3, 7, 9, 30, 0, 0, time.UTC)", "time.Date(2026, 4, 1, 18, 45, 0, 0, time.UTC)"},
		Invalid: "", Message: "this field is required"},
}

// fieldKindAliases are other names of the kinds.
var fieldKindAliases = map[string]string{"datetime": "time", "integer": "int", "boolean": "bool", "str": "string", "float64": "float", "int64": "int"}

// fieldKindNames lists the kinds for messages.
const fieldKindNames = "string, text, int, float, bool, time (or datetime)"

// resourceField is a field of a generated resource.
type resourceField struct {
	// Name is its name as given (snake_case): the column and the form
	// field's name. Go is its Go name; Label its name for people.
	Name, Go, Label string
	// Kind is its type's name (string, text, int, float, bool, time).
	Kind string
	fieldKind
	// Test are the form values the generated test sends, to create then
	// to update; TestGo the model field's values they give, in Go.
	Test, TestGo [2]string
	// Required says the form refuses an empty value.
	Required bool
}

// autoFields are the fields every generated model has.
var autoFields = []string{"id", "created", "updated"}

// parseFields parses field:type arguments.
func parseFields(args []string) ([]resourceField, error) {
	var fields []resourceField
	seen := map[string]string{}
	taken := map[string]string{"ID": "the id every resource has", "Created": "the created time every resource has",
		"Updated": "the updated time every resource has", "Validate": "the name of the form's Validate method"}
	for _, a := range args {
		name, kindName, ok := strings.Cut(a, ":")
		if !ok {
			return nil, fmt.Errorf("field %q has no type: write it NAME:TYPE (e.g. %s:string), TYPE one of %s", a, a, fieldKindNames)
		}
		if err := identifierError("field", name); err != nil {
			return nil, err
		}
		for _, auto := range autoFields {
			if name == auto {
				return nil, fmt.Errorf("field %q: every resource has id, created and updated already: leave it out", name)
			}
		}
		lk := strings.ToLower(kindName)
		if alias, ok := fieldKindAliases[lk]; ok {
			lk = alias
		}
		kind, ok := fieldKinds[lk]
		if !ok {
			return nil, fmt.Errorf("field %q: unknown type %q: want one of %s", a, kindName, fieldKindNames)
		}
		goName := camel(name)
		if what, ok := taken[goName]; ok {
			return nil, fmt.Errorf("field %q would be %s in Go, %s: choose another name", name, goName, what)
		}
		if prev, dup := seen[goName]; dup {
			if prev == name {
				return nil, fmt.Errorf("field %q is given twice", name)
			}
			return nil, fmt.Errorf("field %q: it would be %s in Go, as %q is: choose another name", name, goName, prev)
		}
		seen[goName] = name
		label := strings.ReplaceAll(name, "_", " ")
		f := resourceField{
			Name: name, Go: goName, Label: strings.ToUpper(label[:1]) + label[1:], Kind: lk, fieldKind: kind,
			Required: strings.Contains(kind.Validate, "required"),
		}
		for i := range 2 {
			f.Test[i], f.TestGo[i] = kind.Values[i], kind.GoValues[i]
			if strings.Contains(f.Test[i], "%s") {
				f.Test[i] = fmt.Sprintf(f.Test[i], f.Label)
				f.TestGo[i] = fmt.Sprintf(f.TestGo[i], f.Label)
			}
		}
		fields = append(fields, f)
	}
	if len(fields) == 0 {
		return nil, fmt.Errorf("no fields: give at least one, NAME:TYPE (e.g. title:string body:text), TYPE one of %s", fieldKindNames)
	}
	return fields, nil
}

// Show is the template expression that shows the field of the object
// obj (a template variable) on a detail page.
func (f resourceField) Show(obj string) string {
	v := obj + "." + f.Go
	switch f.Kind {
	case "text":
		return "{{ " + v + "|linebreaks }}"
	case "bool":
		return `{{ ` + v + `|yesno:"Yes,No" }}`
	case "time":
		return `{{ ` + v + `|date:"Y-m-d H:i" }}`
	}
	return "{{ " + v + " }}"
}

// ShowShort is Show for a list's cell.
func (f resourceField) ShowShort(obj string) string {
	if f.Kind == "text" {
		return "{{ " + obj + "." + f.Go + "|truncatechars:80 }}"
	}
	return f.Show(obj)
}

// Input is the form's input element for the field, with its label,
// showing the value of the template's form.
func (f resourceField) Input() string {
	id := "id_" + f.Name
	value := "{{ form." + f.Go + " }}"
	label := `<label for="` + id + `">` + f.Label + `</label>`
	attrs := `id="` + id + `" name="` + f.Name + `"`
	if f.Required {
		attrs += " required"
	}
	switch f.Kind {
	case "text":
		return label + "\n    <textarea " + attrs + ` rows="8">` + value + "</textarea>"
	case "int":
		return label + "\n    <input type=\"number\" step=\"1\" " + attrs + ` value="` + value + `">`
	case "float":
		return label + "\n    <input type=\"number\" step=\"any\" " + attrs + ` value="` + value + `">`
	case "bool":
		return `<input type="checkbox" ` + attrs + ` value="on"{% if form.` + f.Go + ` %} checked{% endif %}>` + "\n    " + label
	case "time":
		return label + "\n    <input type=\"datetime-local\" " + attrs + ` value="` + value + `">`
	}
	return label + "\n    <input type=\"text\" maxlength=\"200\" " + attrs + ` value="` + value + `">`
}

// Shown reports whether the generated test's value i (0 create, 1
// update) shows as it is on the detail page.
func (f resourceField) Shown(i int) bool {
	switch f.Kind {
	case "string", "text", "int", "float":
		return f.Test[i] != ""
	}
	return false
}

// Differs is the Go condition, over got (the model's field), that the
// generated test's value i is not what the form sent.
func (f resourceField) Differs(i int) string {
	switch f.Kind {
	case "time":
		return "!got.Equal(" + f.TestGo[i] + ")"
	case "bool":
		if f.TestGo[i] == "true" {
			return "!got"
		}
		return "got"
	}
	return "got != " + f.TestGo[i]
}
