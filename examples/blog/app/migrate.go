package app

import (
	"context"
	"fmt"

	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/orm"
)

// MigrateOnStart applies the migrations a's database lacks — every one
// on a new database, which it creates — and logs each one applied, so
// that the first `blog serve` on a fresh checkout serves a working blog.
// It returns the names of the migrations applied (none when the database
// is up to date). The blog's main calls it before serving.
func MigrateOnStart(ctx context.Context, a *framework.App) ([]string, error) {
	db, err := a.OpenDB()
	if err != nil {
		return nil, fmt.Errorf("blog: opening the database to migrate it: %w", err)
	}
	applied, err := orm.Migrate(ctx, db, a.Config().Migrations, "")
	for _, name := range applied {
		a.Logger().Info("applied migration", "name", name)
	}
	if err != nil {
		return applied, fmt.Errorf("blog: migrating the database before serving (run `blog migrate` to see the plan): %w", err)
	}
	return applied, nil
}
