package cli

import (
	"embed"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// resourceTemplates are the templates of a generated resource's files
// (text/template, [[ ]] delimiters, executed with a resourceData).
//
//go:embed resource/*.tmpl
var resourceTemplates embed.FS

// resourceData is what the resource templates are executed with.
type resourceData struct {
	resourceNames
	Fields []resourceField
	// ListFields are the columns of the list page.
	ListFields []resourceField
	// Title is the template expression naming one object on its pages:
	// its first string field, or its label and id.
	Title string
	// Invalid is the field the generated test gets wrong, nil when no
	// field can be (only booleans).
	Invalid *resourceField
	// HasTime and HasString say whether some field is a time, or a
	// string (the generated Go imports depend on them).
	HasTime, HasString bool
}

// resourceFile is a file of a generated resource: its path relative to
// the project's root, its template and its content.
type resourceFile struct {
	path, template string
	data           []byte
}

// resourcePlan is what goframe generate resource writes.
type resourcePlan struct {
	root  string
	data  resourceData
	files []resourceFile
}

// reservedResourceNames would shadow, in the generated Go code, a
// predeclared identifier, an imported package or a local variable.
var reservedResourceNames = strings.Fields(`any bool byte comparable complex64 complex128 error float32 float64
	int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr
	append cap clear close complex copy delete imag len make max min new panic print println real recover
	true false iota nil
	errors strings time fmt url testing framework orm
	r ctx err resp ok form qs page errs f c app t detail got n`)

// newResourceData builds the templates' data for a resource.
func newResourceData(name string, fields []resourceField) (resourceData, error) {
	if err := validateResourceName(name); err != nil {
		return resourceData{}, err
	}
	d := resourceData{resourceNames: newResourceNames(name), Fields: fields}
	if slices.Contains(reservedResourceNames, d.Var) {
		return resourceData{}, fmt.Errorf("resource name %q would shadow Go's %s in the generated code: choose another (e.g. %s_item)", name, d.Var, name)
	}
	d.Title = d.Label + " {{ " + name + ".ID }}"
	for i := range fields {
		f := &fields[i]
		switch f.Kind {
		case "time":
			d.HasTime = true
		case "string":
			if !strings.HasPrefix(d.Title, "{{") {
				d.Title = "{{ " + name + "." + f.Go + " }}"
			}
		}
		if f.GoType == "string" {
			d.HasString = true
		}
		if d.Invalid == nil && (f.Required || f.Invalid != "") {
			d.Invalid = f
		}
		if f.Kind != "text" && len(d.ListFields) < 4 {
			d.ListFields = append(d.ListFields, *f)
		}
	}
	if len(d.ListFields) == 0 {
		d.ListFields = fields[:1]
	}
	return d, nil
}

// planResource renders a resource's files for the project at root.
func planResource(root string, d resourceData) (resourcePlan, error) {
	p := resourcePlan{root: root, data: d}
	n := d.Name
	for _, f := range []resourceFile{
		{path: n + ".go", template: "model.go.tmpl"},
		{path: n + "_views.go", template: "views.go.tmpl"},
		{path: n + "_test.go", template: "test.go.tmpl"},
		{path: "templates/" + n + "/list.html", template: "list.html.tmpl"},
		{path: "templates/" + n + "/detail.html", template: "detail.html.tmpl"},
		{path: "templates/" + n + "/form.html", template: "form.html.tmpl"},
		{path: "templates/" + n + "/confirm_delete.html", template: "confirm_delete.html.tmpl"},
	} {
		src, err := resourceTemplates.ReadFile("resource/" + f.template)
		if err != nil {
			return p, err
		}
		out, err := executeTemplate(f.template, string(src), d)
		if err != nil {
			return p, err
		}
		if strings.HasSuffix(f.path, ".go") {
			formatted, err := format.Source(out)
			if err != nil {
				return p, fmt.Errorf("goframe's template %s made Go that does not parse (a bug in goframe): %w\n%s", f.template, err, out)
			}
			out = formatted
		}
		f.data = out
		p.files = append(p.files, f)
	}
	return p, nil
}

// check refuses what writing the plan would break: files that exist
// (unless force), and Go names the new files declare that the project
// declares already.
func (p resourcePlan) check(force bool) error {
	var exist []string
	ours := map[string]bool{}
	for _, f := range p.files {
		ours[f.path] = true
		if _, err := os.Stat(filepath.Join(p.root, filepath.FromSlash(f.path))); err == nil {
			exist = append(exist, f.path)
		}
	}
	if m := p.createMigration(); m != "" {
		exist = append(exist, "migrations/"+m)
	}
	if len(exist) > 0 && !force {
		return fmt.Errorf("the %s resource exists already: %s. Use --force to overwrite its files (the changes made to them are lost), or choose another name", p.data.Name, strings.Join(exist, ", "))
	}
	declared, err := projectDeclarations(p.root, ours)
	if err != nil {
		return err
	}
	var clashes []string
	fset := token.NewFileSet()
	for _, f := range p.files {
		if !strings.HasSuffix(f.path, ".go") {
			continue
		}
		file, err := parser.ParseFile(fset, f.path, f.data, parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("goframe's generated %s does not parse (a bug in goframe): %w", f.path, err)
		}
		for _, name := range topLevelNames(file) {
			if where, ok := declared[name]; ok {
				clashes = append(clashes, fmt.Sprintf("%s (in %s)", name, where))
			}
		}
	}
	if len(clashes) > 0 {
		sort.Strings(clashes)
		return fmt.Errorf("the %s resource's code would declare names the project has already: %s. Choose another name, or rename those", p.data.Name, strings.Join(clashes, ", "))
	}
	return nil
}

// createMigration returns the name of the project's migration that
// creates this resource's table (NNNN_create_NAME.sql), or "".
func (p resourcePlan) createMigration() string {
	matches, _ := filepath.Glob(filepath.Join(p.root, "migrations", "[0-9][0-9][0-9][0-9]_create_"+p.data.Name+".sql"))
	if len(matches) == 0 {
		return ""
	}
	return filepath.Base(matches[0])
}

// write writes the plan's files and the registry, and returns the paths
// written.
func (p resourcePlan) write() ([]string, error) {
	var written []string
	for _, f := range p.files {
		if err := writeNewFile(filepath.Join(p.root, filepath.FromSlash(f.path)), f.data); err != nil {
			return written, fmt.Errorf("writing %s: %w", f.path, err)
		}
		written = append(written, f.path)
	}
	names, err := scanRegistry(p.root)
	if err != nil {
		return written, err
	}
	if !slices.Contains(names, p.data.Name) { // the marker was just written
		return written, fmt.Errorf("%s.go lost its %s%s line", p.data.Name, registryMarker, p.data.Name)
	}
	reg, err := writeRegistry(p.root, names)
	return append(written, reg...), err
}

// projectDeclarations returns the top-level names declared in the .go
// files of root (tests included) but those in skip, with the file
// declaring each.
func projectDeclarations(root string, skip map[string]bool) (map[string]string, error) {
	files, err := projectGoFiles(root)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if skip[name] {
			continue
		}
		file, err := parser.ParseFile(fset, filepath.Join(root, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("reading the project's code: %w: fix it first", err)
		}
		for _, n := range topLevelNames(file) {
			out[n] = name
		}
	}
	return out, nil
}

// topLevelNames lists the package-level names a file declares (not
// methods).
func topLevelNames(f *ast.File) []string {
	var out []string
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				out = append(out, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					out = append(out, s.Name.Name)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						out = append(out, n.Name)
					}
				}
			}
		}
	}
	return out
}
