package framework

import (
	"context"
	"fmt"
	"io"

	"github.com/goframe/goframe/orm"
)

// migrateCommand applies (or unapplies) migrations.
type migrateCommand struct{ app *App }

func (c *migrateCommand) Summary() string {
	return "Applies the migrations to the database, or migrates back to one"
}

func (c *migrateCommand) Usage() string {
	return `usage: {program} migrate [options] [TARGET]

Applies the migrations (Config.Migrations, or the files of
Config.MigrationsDir) not yet applied to the database (DATABASE_URL), in
order, each in its own transaction. With TARGET (a migration's name or
number) it migrates forwards to it, or backwards to it when it is
applied, unapplying the later ones last first; "zero" unapplies them
all. A migration that fails is rolled back and named, with the
statement, its line and the database's message; the ones before it stay
applied.

Options:
  --plan   show the migrations that would run, and run none

Examples:
  {program} migrate
  {program} migrate 0002
  {program} migrate zero
  {program} migrate --plan
`
}

func (c *migrateCommand) Run(ctx context.Context, args []string) error {
	env := CommandEnvFrom(ctx)
	fs := newFlagSet("migrate")
	showPlan := fs.Bool("plan", false, "")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 1 {
		return Usagef("one target at most, got %d: %q", len(rest), rest)
	}
	target := ""
	if len(rest) == 1 {
		target = rest[0]
	}
	a := c.app
	db, err := a.OpenDB()
	if err != nil {
		return err
	}
	fsys := a.migrationsFS()
	steps, err := orm.MigrationPlan(ctx, db, fsys, target)
	if err != nil {
		return err
	}
	out := env.Stdout
	if *showPlan {
		fmt.Fprintln(out, "Planned operations:")
		if len(steps) == 0 {
			fmt.Fprintln(out, "  No planned migration operations.")
		}
		for _, st := range steps {
			verb := "Apply"
			if st.Backwards {
				verb = "Unapply"
			}
			fmt.Fprintf(out, "  %s %s\n", verb, st.Name)
		}
		return nil
	}
	fmt.Fprintln(out, "Operations to perform:")
	switch target {
	case "":
		fmt.Fprintln(out, "  Apply all migrations")
	case "zero":
		fmt.Fprintln(out, "  Unapply all migrations")
	default:
		fmt.Fprintf(out, "  Target specific migration: %s\n", target)
	}
	fmt.Fprintln(out, "Running migrations:")
	if len(steps) == 0 {
		fmt.Fprintln(out, "  No migrations to apply.")
	}
	if err := c.runSteps(ctx, out, db, steps); err != nil {
		return err
	}
	if target == "" && a.cfg.Models != nil {
		warnModelChanges(out, a, env.Program)
	}
	return nil
}

// runSteps runs the plan one migration at a time, printing each as
// Django does ("  Applying 0001_initial... OK").
func (c *migrateCommand) runSteps(ctx context.Context, out io.Writer, db *orm.DB, steps []orm.PlanStep) error {
	fsys := c.app.migrationsFS()
	// Going backwards, unapplying a migration is migrating back to the
	// applied one before it (the backward steps run last first, so the
	// ones before are still applied).
	var applied []string // in order
	if len(steps) > 0 {
		status, err := orm.ShowMigrations(ctx, db, fsys)
		if err != nil {
			return err
		}
		for _, s := range status {
			if s.Applied && !s.Missing {
				applied = append(applied, s.Name)
			}
		}
	}
	for _, st := range steps {
		verb, target := "Applying", st.Name
		if st.Backwards {
			verb, target = "Unapplying", "zero"
			for i, name := range applied {
				if name == st.Name && i > 0 {
					target = applied[i-1]
				}
			}
		}
		fmt.Fprintf(out, "  %s %s...", verb, st.Name)
		ran, err := orm.Migrate(ctx, db, fsys, target)
		if err != nil {
			fmt.Fprintln(out, " FAILED")
			return err
		}
		if len(ran) == 0 {
			fmt.Fprintln(out, " done by another process")
			continue
		}
		fmt.Fprintln(out, " OK")
	}
	return nil
}

// warnModelChanges tells, as Django's migrate does, when the models have
// changes no migration holds.
func warnModelChanges(out io.Writer, a *App, program string) {
	plan, err := a.planMigration(a.migrationsFS(), orm.MakeOptions{})
	switch {
	case err != nil:
		fmt.Fprintf(out, "  Could not compare the models with the migrations: %v\n", err)
	case plan.File != "":
		fmt.Fprintf(out, "  Your models have changes that are not yet reflected in a migration, and so won't be applied.\n  Run '%s makemigrations' to make new migrations, and then re-run '%s migrate' to apply them.\n", program, program)
	}
}
