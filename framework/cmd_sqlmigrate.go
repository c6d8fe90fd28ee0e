package framework

import (
	"context"
	"fmt"
	"strings"

	"github.com/goframe/goframe/orm"
)

// sqlMigrateCommand prints the SQL of a migration.
type sqlMigrateCommand struct{ app *App }

func (c *sqlMigrateCommand) Summary() string {
	return "Prints the SQL a migration runs"
}

func (c *sqlMigrateCommand) Usage() string {
	return `usage: {program} sqlmigrate [options] NAME

Prints the SQL the migration NAME (its name or number) runs, for the
database's dialect (DATABASE_URL's: sqlite or postgres), in the
transaction migrate runs it in. Nothing is run.

Options:
  --backwards       the SQL that unapplies it
  --dialect NAME    sqlite or postgres, instead of DATABASE_URL's

Examples:
  {program} sqlmigrate 0001
  {program} sqlmigrate 0002_add_post_slug --backwards
  {program} sqlmigrate 0001 --dialect postgres
`
}

func (c *sqlMigrateCommand) Run(ctx context.Context, args []string) error {
	env := CommandEnvFrom(ctx)
	fs := newFlagSet("sqlmigrate")
	backwards := fs.Bool("backwards", false, "")
	dialect := fs.String("dialect", "", "")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return Usagef("want the name (or number) of one migration, got %d arguments", len(rest))
	}
	if *dialect == "" {
		*dialect = urlDialect(c.app.cfg.DatabaseURL)
	}
	if *dialect != "sqlite" && *dialect != "postgres" {
		return Usagef("--dialect %q: want sqlite or postgres", *dialect)
	}
	sql, err := orm.SQLMigrate(c.app.migrationsFS(), rest[0], *dialect, *backwards)
	if err != nil {
		return err
	}
	fmt.Fprint(env.Stdout, sql)
	return nil
}

// urlDialect is the SQL dialect of a database URL, as orm.Open reads it.
func urlDialect(url string) string {
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		return "postgres"
	}
	return "sqlite"
}
