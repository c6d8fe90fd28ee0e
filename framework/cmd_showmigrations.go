package framework

import (
	"context"
	"fmt"

	"github.com/goframe/goframe/orm"
)

// showMigrationsCommand lists the migrations and whether each is
// applied.
type showMigrationsCommand struct{ app *App }

func (c *showMigrationsCommand) Summary() string {
	return "Lists the migrations and which are applied"
}

func (c *showMigrationsCommand) Usage() string {
	return `usage: {program} showmigrations

Lists the migrations in order, "[X]" before those applied to the
database (DATABASE_URL) and "[ ]" before the others, as Django's
showmigrations; a migration recorded as applied whose file is gone is
listed last, marked "(no file)".

Examples:
  {program} showmigrations
  DATABASE_URL=postgres://app@db/app {program} showmigrations
`
}

func (c *showMigrationsCommand) Run(ctx context.Context, args []string) error {
	env := CommandEnvFrom(ctx)
	rest, err := parseArgs(newFlagSet("showmigrations"), args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return Usagef("unexpected argument %q: showmigrations takes none", rest[0])
	}
	db, err := c.app.OpenDB()
	if err != nil {
		return err
	}
	status, err := orm.ShowMigrations(ctx, db, c.app.migrationsFS())
	if err != nil {
		return err
	}
	if len(status) == 0 {
		fmt.Fprintln(env.Stdout, " (no migrations)")
	}
	for _, s := range status {
		fmt.Fprintf(env.Stdout, " %s\n", s)
	}
	return nil
}
