package framework

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/goframe/goframe/orm"
)

// checkCommand is Django's system check: the configuration, the
// templates, the database and the migrations.
type checkCommand struct{ app *App }

func (c *checkCommand) Summary() string {
	return "Checks the configuration, templates, database and migrations"
}

func (c *checkCommand) Usage() string {
	return `usage: {program} check [options]

Checks, as Django's system check, what would fail once the program
serves, and lists every problem found:

  config      the configuration, with the environment applied (every
              problem Validate finds: SECRET_KEY, ALLOWED_HOSTS...)
  templates   every template under the template directories (or
              Config.TemplatesFS) compiles: an error names the template,
              the line and the column
  database    DATABASE_URL opens (and, for PostgreSQL, connects)
  migrations  the migration files parse; unapplied migrations, applied
              ones whose file is gone, and model changes no migration
              holds are warnings

Errors make it exit with status 1. Warnings do not, as in Django (whose
check does not look at migrations at all; its runserver warns about
unapplied ones): a program may well be checked before it is migrated.
--fail-level WARNING makes them fail too, for a deployment pipeline.

Options:
  --fail-level LEVEL   ERROR (default) or WARNING: the level that fails
  --deploy             also check settings that matter in production
                       (DEBUG off, a long SECRET_KEY)

Examples:
  {program} check
  DEBUG=0 {program} check --deploy --fail-level WARNING
`
}

// configNeeds: check applies the environment but validates it itself,
// to list the configuration's problems among the others.
func (c *checkCommand) configNeeds() configLevel { return needEnv }

// checkIssue is one problem found.
type checkIssue struct {
	warning bool
	obj     string // what it is about: a template and line, or "?"
	id      string // config.E001
	msg     string
}

func (i checkIssue) String() string {
	obj := i.obj
	if obj == "" {
		obj = "?"
	}
	return fmt.Sprintf("%s: (%s) %s", obj, i.id, i.msg)
}

func (c *checkCommand) Run(ctx context.Context, args []string) error {
	env := CommandEnvFrom(ctx)
	fs := newFlagSet("check")
	failLevel := fs.String("fail-level", "ERROR", "")
	deploy := fs.Bool("deploy", false, "")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return Usagef("unexpected argument %q: check takes options only", rest[0])
	}
	level := strings.ToUpper(*failLevel)
	if level != "ERROR" && level != "WARNING" {
		return Usagef("--fail-level %q: want ERROR or WARNING", *failLevel)
	}
	a := c.app
	var issues []checkIssue
	issues = append(issues, a.checkConfig(*deploy)...)
	issues = append(issues, a.checkTemplates()...)
	issues = append(issues, a.checkDatabase(ctx, env.Program)...)

	errs, warns := 0, 0
	for _, i := range issues {
		if i.warning {
			warns++
		} else {
			errs++
		}
	}
	fails := errs > 0 || level == "WARNING" && warns > 0
	out := env.Stdout
	if fails {
		out = env.Stderr
	}
	writeCheckReport(out, issues)
	if fails {
		return &ExitError{Code: ExitFailure}
	}
	return nil
}

// writeCheckReport prints the issues as Django's check does.
func writeCheckReport(w io.Writer, issues []checkIssue) {
	if len(issues) == 0 {
		fmt.Fprintln(w, "System check identified no issues.")
		return
	}
	fmt.Fprintln(w, "System check identified some issues:")
	for _, section := range []struct {
		title   string
		warning bool
	}{{"ERRORS", false}, {"WARNINGS", true}} {
		first := true
		for _, i := range issues {
			if i.warning != section.warning {
				continue
			}
			if first {
				fmt.Fprintf(w, "\n%s:\n", section.title)
				first = false
			}
			fmt.Fprintln(w, i)
		}
	}
	s := "s"
	if len(issues) == 1 {
		s = ""
	}
	fmt.Fprintf(w, "\nSystem check identified %d issue%s.\n", len(issues), s)
}

// checkConfig lists what Validate finds, one issue per problem.
func (a *App) checkConfig(deploy bool) []checkIssue {
	var out []checkIssue
	if err := a.Validate(); err != nil {
		for _, e := range splitErrors(err) {
			out = append(out, checkIssue{id: "config.E001", msg: e.Error()})
		}
	}
	if deploy {
		if a.cfg.Debug {
			out = append(out, checkIssue{warning: true, id: "security.W018", msg: "You should not have DEBUG set to True in deployment."})
		}
		if len(a.cfg.SecretKey) < 50 {
			out = append(out, checkIssue{warning: true, id: "security.W009", msg: fmt.Sprintf("Your %s has %d characters: a strong one has at least 50, random.", EnvSecretKey, len(a.cfg.SecretKey))})
		}
	}
	return out
}

// splitErrors returns the errors an errors.Join holds, or err.
func splitErrors(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// checkDatabase opens the database and looks at the migrations.
func (a *App) checkDatabase(ctx context.Context, program string) []checkIssue {
	db, err := a.OpenDB()
	if err != nil {
		return []checkIssue{{id: "database.E001", msg: err.Error()}}
	}
	var out []checkIssue
	status, err := orm.ShowMigrations(ctx, db, a.migrationsFS())
	if err != nil {
		return []checkIssue{{id: "migrations.E001", msg: err.Error()}}
	}
	unapplied := 0
	for _, s := range status {
		switch {
		case s.Missing:
			out = append(out, checkIssue{warning: true, obj: s.Name, id: "migrations.W002",
				msg: "is recorded as applied but its file is missing."})
		case !s.Applied:
			unapplied++
		}
	}
	if unapplied > 0 {
		out = append(out, checkIssue{warning: true, id: "migrations.W001",
			msg: fmt.Sprintf("You have %d unapplied migration(s). Your project may not work properly until you apply the migrations. Run '%s migrate' to apply them.", unapplied, program)})
	}
	if a.cfg.Models != nil {
		plan, err := a.planMigration(a.migrationsFS(), orm.MakeOptions{})
		switch {
		case err != nil:
			// A drop or a rename makemigrations needs to be told about.
			out = append(out, checkIssue{warning: true, id: "migrations.W003",
				msg: fmt.Sprintf("Your models have changes that are not yet reflected in a migration, and that '%s makemigrations' needs help with: %v", program, err)})
		case plan.File != "":
			out = append(out, checkIssue{warning: true, id: "migrations.W003",
				msg: fmt.Sprintf("Your models have changes that are not yet reflected in a migration (%s). Run '%s makemigrations'.", strings.Join(migrationOperations(plan.Text), "; "), program)})
		}
	}
	return out
}
