package app_test

import (
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goframe/goframe/examples/blog/app"
	"github.com/goframe/goframe/framework"
)

func TestMigrateOnStart(t *testing.T) {
	t.Parallel()
	var logs strings.Builder
	cfg := app.Settings()
	cfg.Debug = true
	cfg.DatabaseURL = "sqlite:///" + filepath.Join(t.TempDir(), "new.sqlite3")
	cfg.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	a := app.New(cfg)
	defer a.Close()

	applied, err := app.MigrateOnStart(t.Context(), a)
	if err != nil || !slices.Equal(applied, []string{"0001_initial"}) {
		t.Fatalf("a new database: applied %v, %v; want 0001_initial", applied, err)
	}
	if !strings.Contains(logs.String(), `msg="applied migration" name=0001_initial`) {
		t.Errorf("the migration applied was not logged:\n%s", logs.String())
	}
	applied, err = app.MigrateOnStart(t.Context(), a)
	if err != nil || len(applied) != 0 {
		t.Errorf("a migrated database: applied %v, %v; want nothing", applied, err)
	}
}

// TestMigrations_MatchModels is `blog makemigrations --check`: the
// committed migrations create the models' tables as the models are.
func TestMigrations_MatchModels(t *testing.T) {
	t.Parallel()
	cfg := app.Settings()
	cfg.Debug = true
	cfg.MigrationsDir = "migrations" // the test runs in examples/blog/app
	cfg.DatabaseURL = "sqlite:///" + filepath.Join(t.TempDir(), "check.sqlite3")
	a := app.New(cfg)
	defer a.Close()
	var out, errs strings.Builder
	if code := a.Run(t.Context(), []string{"makemigrations", "--check", "--dry-run"}, &out, &errs); code != framework.ExitOK {
		t.Errorf("makemigrations --check: exit status %d: the models changed without a migration (run makemigrations in examples/blog)\n%s%s",
			code, out.String(), errs.String())
	}
}
