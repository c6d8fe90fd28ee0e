package framework

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/goframe/goframe/orm"
)

// makeMigrationsCommand writes the next migration from the models.
type makeMigrationsCommand struct{ app *App }

func (c *makeMigrationsCommand) Summary() string {
	return "Writes the next migration from the changes to the models"
}

func (c *makeMigrationsCommand) Usage() string {
	return `usage: {program} makemigrations [options]

Compares the models (Config.Models) with the schema the migrations in
Config.MigrationsDir build, and writes the next migration there
(NNNN_name.sql: its SQL for SQLite and PostgreSQL, up and down), or says
"No changes detected". Review the file, commit it, and run migrate.

Dropping a table or a column is refused unless --allow-drop is given; a
renamed table or column must be declared with --rename, or it looks like
a drop and an add.

Options:
  --name NAME        name the migration (0002_NAME.sql) instead of deriving one
  --empty            write an empty migration, for data-migration SQL
  --allow-drop       allow dropping tables and columns, and their data
  --rename OLD=NEW   a renamed table (post=article) or column
                     (post.name=title); repeat for several
  --dry-run          show what would be written, and write nothing
  --check            write nothing; exit with status 1 if the models have
                     changes no migration holds (for CI)
  -v, --verbose      with --dry-run, print the migration's text too

Examples:
  {program} makemigrations
  {program} makemigrations --name add_post_slug
  {program} makemigrations --rename blog_post.name=title
  {program} makemigrations --check --dry-run
`
}

func (c *makeMigrationsCommand) Run(ctx context.Context, args []string) error {
	env := CommandEnvFrom(ctx)
	fs := newFlagSet("makemigrations")
	var opts orm.MakeOptions
	fs.StringVar(&opts.Name, "name", "", "")
	fs.BoolVar(&opts.Empty, "empty", false, "")
	fs.BoolVar(&opts.AllowDrop, "allow-drop", false, "")
	renames := renameFlag{}
	fs.Var(renames, "rename", "")
	dryRun := fs.Bool("dry-run", false, "")
	check := fs.Bool("check", false, "")
	verbose := fs.Bool("verbose", false, "")
	fs.BoolVar(verbose, "v", false, "")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return Usagef("unexpected argument %q: makemigrations takes options only", rest[0])
	}
	if len(renames) > 0 {
		opts.Renames = renames
	}
	a := c.app
	if a.cfg.Models == nil {
		return errNoModels
	}
	dir := a.cfg.MigrationsDir
	if *dryRun || *check {
		src := a.migrationsDirFS()
		plan, err := a.planMigration(src, opts)
		if err != nil {
			return err
		}
		if plan.File == "" {
			fmt.Fprintln(env.Stdout, "No changes detected")
			return nil
		}
		writeMigrationSummary(env.Stdout, filepath.Join(dir, plan.File), plan.Text)
		if *verbose {
			fmt.Fprintf(env.Stdout, "\n%s", plan.Text)
		}
		if *check {
			return &ExitError{Code: ExitFailure}
		}
		return nil
	}
	path, err := orm.MakeMigrations(a.cfg.Models, dir, opts)
	if err != nil {
		return err
	}
	if path == "" {
		fmt.Fprintln(env.Stdout, "No changes detected")
		return nil
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	writeMigrationSummary(env.Stdout, path, string(text))
	if a.cfg.Migrations != nil {
		fmt.Fprintf(env.Stdout, "Config.Migrations holds the migrations migrate runs: rebuild the program so that it has %s.\n", filepath.Base(path))
	}
	return nil
}

// writeMigrationSummary prints a migration's path and operations, as
// Django's makemigrations does.
func writeMigrationSummary(w io.Writer, path, text string) {
	fmt.Fprintf(w, "Migrations:\n  %s\n", path)
	for _, op := range migrationOperations(text) {
		fmt.Fprintf(w, "    - %s\n", op)
	}
}

// renameFlag collects --rename OLD=NEW.
type renameFlag map[string]string

func (r renameFlag) String() string { return "" }

func (r renameFlag) Set(v string) error {
	old, nw, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(old) == "" || strings.TrimSpace(nw) == "" {
		return fmt.Errorf("want OLD=NEW (post=article, or post.name=title for a column), not %q", v)
	}
	r[strings.TrimSpace(old)] = strings.TrimSpace(nw)
	return nil
}
