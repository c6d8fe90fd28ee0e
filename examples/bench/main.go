// Command bench is TechEmpower's test types on goframe: the framework's
// views, its ORM on SQLite and its template engine, served by the gateway
// (app.Main's serve), with the framework's default middleware — the real
// framework, configured for production.
//
//	go run ./examples/bench serve --workers 2 --bind 127.0.0.1:8080
//
// Routes: /plaintext, /json, /db, /queries?queries=N, /fortunes,
// /updates?queries=N, /cached-queries?count=N. The database (DATABASE_URL,
// default sqlite:///bench.sqlite3) is created and seeded at the first start.
// See README.md.
package main

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"slices"

	"github.com/goframe/goframe/framework"
)

//go:embed templates
var files embed.FS

// Benchmark defaults, each overridden by its environment variable
// (Config.FromEnv): a benchmark run on one machine needs no secret and
// serves the loopback names.
const (
	defaultSecretKey   = "goframe-bench-not-secret-set-SECRET_KEY-outside-benchmarks"
	defaultDatabaseURL = "sqlite:///bench.sqlite3"
)

// settings returns the production configuration of the benchmark: DEBUG
// off, no request log (the gateway's access log is off by default too),
// templates embedded; SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL have
// defaults the environment overrides.
func settings() (framework.Config, error) {
	tpl, err := fs.Sub(files, "templates")
	if err != nil {
		return framework.Config{}, fmt.Errorf("embedded templates: %w", err)
	}
	cfg := framework.Config{
		Debug:        false,
		SecretKey:    defaultSecretKey,
		AllowedHosts: []string{"localhost", "127.0.0.1", "[::1]", "tfb-server"},
		DatabaseURL:  defaultDatabaseURL,
		TemplatesFS:  tpl,
		NoRequestLog: true,
	}
	return cfg.FromEnv(os.Getenv)
}

// newBench returns the App with TechEmpower's routes.
func newBench(cfg framework.Config) *bench {
	b := &bench{app: framework.New(cfg)}
	b.routes()
	return b
}

// serving reports whether the command line serves requests (serve, but
// not its help or config checks), so that the database is seeded and the
// cache loaded first.
func serving(args []string) bool {
	if len(args) < 1 || args[0] != "serve" {
		return false
	}
	return !slices.ContainsFunc(args[1:], func(a string) bool {
		switch a {
		case "-h", "-help", "--help", "--check-config", "--print-config":
			return true
		}
		return false
	})
}

func main() {
	cfg, err := settings()
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(framework.ExitUsage)
	}
	b := newBench(cfg)
	if serving(os.Args[1:]) {
		// The master seeds before it starts the workers; each worker
		// (this binary re-executed) finds the tables full and loads its
		// cache.
		if err := b.prepare(context.Background()); err != nil {
			fmt.Fprintf(os.Stderr, "bench: preparing the database %s: %v\n", b.app.Config().DatabaseURL, err)
			os.Exit(framework.ExitUsage)
		}
	}
	b.app.Main()
}
