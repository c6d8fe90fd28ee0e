// Command blog is goframe's blog example: Flask's tutorial application
// ("flaskr") with Django's polish — accounts, posts, comments, pages of
// posts, flash messages, CSRF protection — in one binary holding its
// templates, static files and migrations. The application is the
// package app; this is its manage.py:
//
//	blog serve              # serves it, migrating its database first
//	blog migrate            # applies the migrations
//	blog createsuperuser    # creates an administrator account
//	blog routes             # lists the named routes
//	blog check --deploy     # checks the configuration for production
//	blog collectstatic      # copies the static files to STATIC_ROOT
//
// `make demo` in the repository builds it and serves it on
// http://127.0.0.1:8000/ with DEBUG on. See README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"syscall"

	"github.com/goframe/goframe/examples/blog/app"
	"github.com/goframe/goframe/framework"
)

func main() {
	// The settings are the blog's (app.Settings) under the
	// environment's (DEBUG, SECRET_KEY, DATABASE_URL...), so that serve
	// migrates the database it will serve. Main applies the environment
	// too, and reports a mistake in it (exit status 2) before any
	// command runs.
	cfg, err := app.Settings().FromEnv(os.Getenv)
	if err != nil {
		cfg = app.Settings()
	}
	if err := checkMigrationsDir(os.Args[1:], cfg.MigrationsDir); err != nil {
		fmt.Fprintf(os.Stderr, "blog: %v\n", err)
		os.Exit(framework.ExitUsage)
	}
	blog := app.New(cfg)
	if err == nil && migrateFirst(os.Args[1:]) && cfg.Validate() == nil {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		_, err := app.MigrateOnStart(ctx, blog)
		stop()
		if err != nil {
			fmt.Fprintln(os.Stderr, err) // "blog: ..."
			os.Exit(framework.ExitFailure)
		}
	}
	blog.Main()
}

// migrateFirst reports whether the command line args serves the blog,
// so that its database must be migrated first: `serve`, but not its help
// or its configuration checks.
func migrateFirst(args []string) bool {
	if len(args) == 0 || args[0] != "serve" {
		return false
	}
	return !slices.ContainsFunc(args[1:], func(a string) bool {
		return isHelp(a) || slices.Contains([]string{"--check-config", "-check-config", "--print-config", "-print-config"}, a)
	})
}

// checkMigrationsDir refuses a makemigrations run where dir, the blog's
// migrations directory relative to the working directory, is not: it
// would write a first migration there instead of the next one in
// examples/blog/app/migrations.
func checkMigrationsDir(args []string, dir string) error {
	if len(args) == 0 || args[0] != "makemigrations" || slices.ContainsFunc(args[1:], isHelp) {
		return nil
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("makemigrations writes into %s, which is not in the working directory: run it from examples/blog (cd examples/blog && go run . makemigrations)", dir)
	}
	return nil
}

// isHelp reports whether a command-line argument asks for help.
func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help"
}
