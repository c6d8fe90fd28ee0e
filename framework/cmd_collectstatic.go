package framework

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// collectStaticCommand copies the static files to STATIC_ROOT.
type collectStaticCommand struct{ app *App }

func (c *collectStaticCommand) Summary() string {
	return "Copies the static files to STATIC_ROOT, for nginx to serve"
}

func (c *collectStaticCommand) Usage() string {
	return `usage: {program} collectstatic [options]

Copies the static files (Config.StaticFS, or STATIC_DIR) to STATIC_ROOT,
under names that carry a hash of their content, so that a web server in
front (nginx) serves them with long cache lifetimes. Existing files
there are overwritten: it asks first, unless --noinput.

Options:
  --noinput, --no-input   do not ask for confirmation

Examples:
  STATIC_ROOT=/srv/app/static {program} collectstatic --noinput
`
}

func (c *collectStaticCommand) Run(ctx context.Context, args []string) error {
	env := CommandEnvFrom(ctx)
	fs := newFlagSet("collectstatic")
	noInput := fs.Bool("noinput", false, "")
	fs.BoolVar(noInput, "no-input", false, "")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return Usagef("unexpected argument %q: collectstatic takes options only", rest[0])
	}
	dest := c.app.cfg.StaticRoot
	if dest == "" {
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("%s is not set: set it to the directory the web server serves %s from", EnvStaticRoot, c.app.cfg.StaticURL)}
	}
	if abs, err := filepath.Abs(dest); err == nil {
		dest = abs
	}
	if !*noInput {
		fmt.Fprintf(env.Stdout, "You have requested to collect static files at the destination\nlocation as specified in your settings:\n\n    %s\n\nThis will overwrite existing files!\nAre you sure you want to do this?\n\nType 'yes' to continue, or 'no' to cancel: ", dest)
		answer, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("reading the answer: %w", err)
		}
		if strings.TrimSpace(answer) != "yes" {
			fmt.Fprintln(env.Stdout)
			return errors.New("collecting static files cancelled")
		}
	}
	// CollectStatic reports its warnings and the summary line itself.
	if _, err := c.app.CollectStatic(dest, env.Stdout); err != nil {
		return err
	}
	return nil
}
