package tfb

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strings"
)

// Env is everything a peer's handlers need: the database, the World cache
// and the parsed fortunes template.
type Env struct {
	DB        *DB
	Cache     *Cache
	Templates *Templates
}

// NewEnv opens (creating and seeding if needed) the database at path and
// fills the cache.
func NewEnv(ctx context.Context, path string) (*Env, error) {
	db, err := Open(ctx, path, 0)
	if err != nil {
		return nil, err
	}
	c, err := NewCache(ctx, db)
	if err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return &Env{DB: db, Cache: c, Templates: NewTemplates()}, nil
}

// Close closes the database.
func (e *Env) Close() error { return e.DB.Close() }

// Config is a peer's command line: where to listen and which database file
// to use.
type Config struct {
	Bind string
	DB   string
}

// ParseFlags reads a peer's command line (--bind ADDR, --db PATH); name is
// the command's name for usage and errors, and usage goes to out. Each of
// extra may define flags of the peer's own on the flag set (the nethttp
// peer's --work), set as the command line is parsed.
func ParseFlags(name string, args []string, out io.Writer, extra ...func(*flag.FlagSet)) (Config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	var c Config
	fs.StringVar(&c.Bind, "bind", "127.0.0.1:8080", "listen on `ADDR` (host:port)")
	fs.StringVar(&c.DB, "db", "tfb.sqlite3", "the SQLite database file `PATH`, created and seeded if missing")
	for _, f := range extra {
		f(fs)
	}
	if err := fs.Parse(args); err != nil {
		return c, fmt.Errorf("%s: %w (see %s --help)", name, err, name)
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("%s: unexpected argument %q: the options are %s", name, fs.Arg(0), options(fs))
	}
	return c, nil
}

// options lists the flags of fs for an error: --bind ADDR, --db PATH and
// --work DURATION.
func options(fs *flag.FlagSet) string {
	var opts []string
	fs.VisitAll(func(f *flag.Flag) {
		arg, _ := flag.UnquoteUsage(f)
		opts = append(opts, strings.TrimSpace("--"+f.Name+" "+arg))
	})
	if len(opts) < 2 {
		return strings.Join(opts, "")
	}
	return strings.Join(opts[:len(opts)-1], ", ") + " and " + opts[len(opts)-1]
}

// Main is a peer's main function: it reads the command line (--bind,
// --db, and the flags extra defines, as ParseFlags), opens the database
// and calls serve with the environment and the address until it returns.
// An error is printed and the program exits with status 2; --help exits
// 0.
func Main(name string, serve func(env *Env, bind string) error, extra ...func(*flag.FlagSet)) {
	if err := run(name, os.Args[1:], serve, extra...); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}

func run(name string, args []string, serve func(env *Env, bind string) error, extra ...func(*flag.FlagSet)) error {
	cfg, err := ParseFlags(name, args, os.Stderr, extra...)
	if err != nil {
		return err
	}
	env, err := NewEnv(context.Background(), cfg.DB)
	if err != nil {
		return err
	}
	defer env.Close()
	log.Printf("%s listening on %s", name, cfg.Bind)
	return serve(env, cfg.Bind)
}

// ListenAndServe returns a serve function for Main that serves the
// net/http handler h makes.
func ListenAndServe(h func(*Env) http.Handler) func(env *Env, bind string) error {
	return func(env *Env, bind string) error { return http.ListenAndServe(bind, h(env)) }
}
