package auth

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"

	"github.com/goframe/goframe/framework"
)

// maxPasswordTries is how many times changepassword asks before giving
// up, as Django's.
const maxPasswordTries = 3

// ChangePasswordCommand is the changepassword management command
// (Django's): `changepassword [USERNAME]` asks for a new password twice
// (unechoed on a terminal), checks it with ValidatePassword, and saves
// it, which logs the user out of every session. Install adds it to an
// App; so does
//
//	app.Command("changepassword", auth.ChangePasswordCommand{})
type ChangePasswordCommand struct {
	// Stdin, when set, is read instead of the command's standard
	// input (a test's scripted answers).
	Stdin io.Reader
	// Getenv, when set, is used instead of os.Getenv (for the default
	// username, the system user's).
	Getenv func(string) string
}

// Summary is the command's line in the list of commands.
func (ChangePasswordCommand) Summary() string {
	return "Changes a user's password"
}

// Usage is the command's help.
func (ChangePasswordCommand) Usage() string {
	return `usage: {program} changepassword [USERNAME]

Changes the password of the user USERNAME (by default the system user's
login name). It asks for the new password twice; a password that fails
the password validators (too short, too common, entirely numeric, too
similar to the username) is refused, and after three failed attempts
nothing changes. The user is logged out of every session.

Examples:
  {program} changepassword alice
`
}

// Run changes the password.
func (c ChangePasswordCommand) Run(ctx context.Context, args []string) error {
	env := framework.CommandEnvFrom(ctx)
	fs := flag.NewFlagSet("changepassword", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return framework.Usagef("%v", err)
	}
	if fs.NArg() > 1 {
		return framework.Usagef("want at most one username, got %d arguments", fs.NArg())
	}
	username := fs.Arg(0)
	if username == "" {
		getenv := c.Getenv
		if getenv == nil {
			getenv = os.Getenv
		}
		username = systemUser(getenv)
	}
	db, err := commandDB(env)
	if err != nil {
		return err
	}
	u, err := FindUser(ctx, db, username)
	if errors.Is(err, ErrUnknownUser) {
		return fmt.Errorf("user '%s' does not exist", username)
	}
	if err != nil {
		return err
	}
	in := c.Stdin
	if in == nil {
		in = env.Stdin
	}
	p := newPrompter(ctx, in, env.Stdout)
	fmt.Fprintf(env.Stdout, "Changing password for user '%s'\n", u.Username)
	var password string
	for tries := 0; password == ""; {
		if tries == maxPasswordTries {
			return fmt.Errorf("aborting password change for user '%s' after %d attempts", u.Username, tries)
		}
		p1, err := p.password("Password: ")
		if err == nil {
			var p2 string
			if p2, err = p.password("Password (again): "); err == nil && p1 != p2 {
				fmt.Fprintln(env.Stdout, "Passwords do not match. Please try again.")
				tries++
				continue
			}
		}
		if errors.Is(err, errCancelled) {
			fmt.Fprintln(env.Stderr)
			return &framework.ExitError{Code: framework.ExitFailure,
				Err: fmt.Errorf("operation cancelled: the password of '%s' did not change", u.Username)}
		}
		if err != nil {
			return err
		}
		if msgs := ValidatePassword(p1, u); msgs != nil {
			fmt.Fprintln(env.Stderr, strings.Join(msgs, "\n"))
			tries++
			continue
		}
		password = p1
	}
	if err := SetPassword(ctx, db, u, password); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Password changed successfully for user '%s'\n", u.Username)
	return nil
}

// systemUser is the login name of the user running the program
// (Python's getpass.getuser).
func systemUser(getenv func(string) string) string {
	for _, k := range []string{"LOGNAME", "USER", "LNAME", "USERNAME"} {
		if name := getenv(k); name != "" {
			return name
		}
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}
