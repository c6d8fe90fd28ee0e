package cli

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

const generateUsage = `usage: goframe generate resource NAME FIELD:TYPE... [--force]
       goframe generate registry

Generate code in the project of the current directory (one made by
goframe new).

resource writes a resource: a model with id, the FIELDs, created and
updated; its migration, made by the project's own makemigrations; its
views (list, detail, new, edit, delete) with a form that is validated
and shown again with its errors, CSRF protection and flash messages;
its templates (templates/NAME/: list, detail, form, confirm_delete,
extending base.html); named routes under /NAMEs/ in the namespace NAMEs
(NAMEs:list, NAMEs:detail...); and tests that go through its pages
with the test client. Each resource is its own files, NAME.go (model
and routes), NAME_views.go and NAME_test.go: goframe lists them in
resources.go and templates/resources_nav.html, which it writes whole,
and never edits a file you wrote.

NAME and the FIELD names are snake_case (blog_post, published_at).
TYPE is one of:
  string     a line of text, up to 200 characters (required)
  text       text of any length, a textarea (required)
  int        an integer
  float      a number
  bool       a checkbox
  time       a date and time, UTC (required; also: datetime)

registry writes resources.go and templates/resources_nav.html again
from the files marked //goframe:resource NAME: run it after deleting a
resource's files.

Options:
  --force   overwrite the resource's files if they exist (your changes
            to them are lost)

Examples:
  goframe generate resource post title:string body:text published:bool
  goframe generate resource event name:string starts_at:time seats:int
  goframe generate registry
`

// Generate runs `goframe generate`.
func Generate(args []string, env Env) int {
	if len(args) == 0 {
		fmt.Fprintf(env.Stderr, "goframe generate: what to generate? resource or registry\n\n%s", generateUsage)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(env.Stdout, generateUsage)
		return 0
	case "resource":
		return generateResourceCommand(args[1:], env)
	case "registry":
		return generateRegistryCommand(args[1:], env)
	}
	fmt.Fprintf(env.Stderr, "goframe generate: unknown generator %q: want resource or registry\nrun 'goframe generate --help' for usage\n", args[0])
	return 2
}

// generateFail prints a goframe generate error and returns code; a
// usage mistake (2) points to the help.
func generateFail(w io.Writer, code int, format string, a ...any) int {
	fmt.Fprintf(w, "goframe generate: "+format+"\n", a...)
	if code == 2 {
		fmt.Fprintln(w, "run 'goframe generate --help' for usage")
	}
	return code
}

// generateProject finds the project goframe generate works in: the
// nearest directory with a go.mod, made by goframe new.
func generateProject(env Env) (string, error) {
	dir, err := envDir(env)
	if err != nil {
		return "", err
	}
	root, err := projectRoot(dir)
	if errors.Is(err, errNoProject) {
		return "", fmt.Errorf("%w: run goframe new NAME first, then goframe generate inside it", err)
	}
	if err != nil {
		return "", err
	}
	if !isGeneratedProject(root) {
		return "", fmt.Errorf("%s is not a project made by goframe new (it has no %s, the list of resources goframe generate writes): run goframe generate inside a project goframe new created", root, registryFile)
	}
	return root, nil
}

// generateResourceCommand runs `goframe generate resource`.
func generateResourceCommand(args []string, env Env) int {
	force := false
	pos, help, err := projectParseArgs(args, []projectFlag{
		{name: "force", isBool: true, set: func(string) { force = true }},
	})
	if help {
		fmt.Fprint(env.Stdout, generateUsage)
		return 0
	}
	if err != nil {
		return generateFail(env.Stderr, 2, "resource: %v", err)
	}
	if len(pos) == 0 {
		return generateFail(env.Stderr, 2, "resource: missing its NAME and fields (goframe generate resource post title:string body:text)")
	}
	name := pos[0]
	if strings.Contains(name, ":") {
		return generateFail(env.Stderr, 2, "resource: %q looks like a field: the resource's NAME comes first (goframe generate resource post %s)", name, name)
	}
	fields, err := parseFields(pos[1:])
	if err != nil {
		return generateFail(env.Stderr, 2, "resource %s: %v", name, err)
	}
	data, err := newResourceData(name, fields)
	if err != nil {
		return generateFail(env.Stderr, 2, "resource: %v", err)
	}
	root, err := generateProject(env)
	if err != nil {
		return generateFail(env.Stderr, 1, "%v", err)
	}
	plan, err := planResource(root, data)
	if err != nil {
		return generateFail(env.Stderr, 1, "%v", err)
	}
	migrationName := "create_" + name
	if plan.createMigration() != "" {
		migrationName = "update_" + name
	}
	if err := plan.check(force); err != nil {
		return generateFail(env.Stderr, 1, "%v", err)
	}
	written, err := plan.write()
	if err != nil {
		return generateFail(env.Stderr, 1, "%v (written so far: %s)", err, strings.Join(written, ", "))
	}
	fmt.Fprintf(env.Stdout, "Generated the %s resource in %s:\n", name, root)
	for _, f := range written {
		fmt.Fprintf(env.Stdout, "  %s\n", f)
	}
	fmt.Fprintf(env.Stdout, "\nMaking its migration (makemigrations --name %s):\n", migrationName)
	bin, err := buildProject(root, env)
	if err == nil {
		if code := projectRun(root, bin, []string{"makemigrations", "--name", migrationName}, env); code != 0 {
			err = fmt.Errorf("makemigrations failed (exit status %d, its messages are above)", code)
		}
	}
	if err != nil {
		if errors.Is(err, errBuildFailed) {
			err = fmt.Errorf("the project does not build (the compiler's messages are above)")
		}
		return generateFail(env.Stderr, 1, "the %s resource's files are written, but %v.\nFix that, then run: goframe makemigrations --name %s", name, err, migrationName)
	}
	fmt.Fprintf(env.Stdout, `
Next steps:
  goframe migrate            # create its table
  goframe serve              # then open http://127.0.0.1:8000%s/
  go test ./...              # %s tests its pages
`, data.URL, filepath.Base(plan.files[2].path))
	return 0
}

// generateRegistryCommand runs `goframe generate registry`.
func generateRegistryCommand(args []string, env Env) int {
	pos, help, err := projectParseArgs(args, nil)
	if help {
		fmt.Fprint(env.Stdout, generateUsage)
		return 0
	}
	if err != nil {
		return generateFail(env.Stderr, 2, "registry: %v", err)
	}
	if len(pos) > 0 {
		return generateFail(env.Stderr, 2, "registry: unexpected argument %q: it takes none", pos[0])
	}
	root, err := generateProject(env)
	if err != nil {
		return generateFail(env.Stderr, 1, "%v", err)
	}
	names, err := scanRegistry(root)
	if err != nil {
		return generateFail(env.Stderr, 1, "%v", err)
	}
	written, err := writeRegistry(root, names)
	if err != nil {
		return generateFail(env.Stderr, 1, "%v", err)
	}
	list := "none"
	if len(names) > 0 {
		list = strings.Join(names, ", ")
	}
	fmt.Fprintf(env.Stdout, "Wrote %s (resources: %s).\n", strings.Join(written, " and "), list)
	return 0
}
