package auth

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/orm"
	"golang.org/x/text/unicode/norm"
)

// Environment variables of createsuperuser --noinput (Django's
// DJANGO_SUPERUSER_*).
const (
	EnvSuperuserPassword = "GOFRAME_SUPERUSER_PASSWORD"
	EnvSuperuserUsername = "GOFRAME_SUPERUSER_USERNAME"
	EnvSuperuserEmail    = "GOFRAME_SUPERUSER_EMAIL"
)

// CreateSuperuserCommand is the createsuperuser management command
// (Django's): it creates a user with IsStaff and IsSuperuser set, asking
// for the username, email address and password (twice, unechoed on a
// terminal), or, with --noinput, taking them from --username, --email
// and GOFRAME_SUPERUSER_PASSWORD. Install adds it to an App; so does
//
//	app.Command("createsuperuser", auth.CreateSuperuserCommand{})
//
// Its zero value reads the command's standard input and the process's
// environment.
type CreateSuperuserCommand struct {
	// Stdin, when set, is read instead of the command's standard
	// input (a test's scripted answers).
	Stdin io.Reader
	// Getenv, when set, is used instead of os.Getenv.
	Getenv func(string) string
}

// Summary is the command's line in the list of commands.
func (CreateSuperuserCommand) Summary() string {
	return "Creates a superuser: an account with every permission"
}

// Usage is the command's help.
func (CreateSuperuserCommand) Usage() string {
	return `usage: {program} createsuperuser [--username NAME] [--email ADDRESS] [--noinput]

Creates a superuser (is_staff and is_superuser set) in the auth_user
table. It asks for the username (the login name of the system user by
default), the email address (may be blank) and the password, twice; a
password that fails the password validators (too short, too common,
entirely numeric, too similar to the username) is refused unless you
choose to bypass them. On a terminal the password is not echoed.

With --noinput nothing is asked: --username (or GOFRAME_SUPERUSER_USERNAME)
and --email (or GOFRAME_SUPERUSER_EMAIL) are required, the password is
read from GOFRAME_SUPERUSER_PASSWORD and must pass the validators.

Options:
  --username NAME         the superuser's username
  --email ADDRESS         the superuser's email address
  --noinput, --no-input   ask nothing (for scripts and deployments)

Examples:
  {program} createsuperuser
  GOFRAME_SUPERUSER_PASSWORD=... {program} createsuperuser --noinput --username admin --email admin@example.com
`
}

// Run creates the superuser.
func (c CreateSuperuserCommand) Run(ctx context.Context, args []string) error {
	env := framework.CommandEnvFrom(ctx)
	fs := flag.NewFlagSet("createsuperuser", flag.ContinueOnError)
	username := fs.String("username", "", "")
	email := fs.String("email", "", "")
	noInput := fs.Bool("noinput", false, "")
	fs.BoolVar(noInput, "no-input", false, "")
	usernameSet := false
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fs.Visit(func(f *flag.Flag) { usernameSet = usernameSet || f.Name == "username" })
	db, err := commandDB(env)
	if err != nil {
		return err
	}
	getenv := c.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if *noInput {
		return createSuperuserNoInput(ctx, env, db, *username, *email, getenv)
	}
	in := c.Stdin
	if in == nil {
		in = env.Stdin
	}
	s := &superuserSession{ctx: ctx, env: env, db: db, p: newPrompter(ctx, in, env.Stdout)}
	err = s.run(*username, usernameSet, *email, getenv)
	if errors.Is(err, errCancelled) {
		fmt.Fprintln(env.Stderr)
		return &framework.ExitError{Code: framework.ExitFailure, Err: errors.New("operation cancelled: no superuser was created")}
	}
	return err
}

// createSuperuserNoInput is createsuperuser --noinput.
func createSuperuserNoInput(ctx context.Context, env framework.CommandEnv, db *orm.DB, username, email string, getenv func(string) string) error {
	if username == "" {
		username = getenv(EnvSuperuserUsername)
	}
	if username == "" {
		return framework.Usagef("--noinput needs --username (or %s)", EnvSuperuserUsername)
	}
	if email == "" {
		email = getenv(EnvSuperuserEmail)
	}
	if email == "" {
		return framework.Usagef("--noinput needs --email (or %s)", EnvSuperuserEmail)
	}
	password := getenv(EnvSuperuserPassword)
	if password == "" {
		return framework.Usagef("%s is not set: with --noinput the password is read from it (or run without --noinput to be asked)", EnvSuperuserPassword)
	}
	if msg, err := usernameProblem(ctx, db, username); err != nil {
		return err
	} else if msg != "" {
		return fmt.Errorf("--username %q: %s", username, msg)
	}
	email = NormalizeEmail(email)
	if err := ValidateEmail(email); err != nil {
		return fmt.Errorf("--email %q: %s", email, MsgEmailInvalid)
	}
	if msgs := ValidatePassword(password, &User{Username: NormalizeUsername(username), Email: email}); msgs != nil {
		return fmt.Errorf("%s refused:\n%s\nchoose a stronger password (or run without --noinput, which lets you bypass the validators)",
			EnvSuperuserPassword, strings.Join(msgs, "\n"))
	}
	if _, err := CreateSuperuser(ctx, db, username, email, password); err != nil {
		return createError(err)
	}
	fmt.Fprintln(env.Stdout, "Superuser created successfully.")
	return nil
}

// superuserSession is an interactive createsuperuser.
type superuserSession struct {
	ctx context.Context
	env framework.CommandEnv
	db  *orm.DB
	p   *prompter
}

func (s *superuserSession) errorf(format string, args ...any) {
	fmt.Fprintf(s.env.Stderr, "Error: "+format+"\n", args...)
}

func (s *superuserSession) run(username string, usernameSet bool, email string, getenv func(string) string) error {
	if usernameSet {
		if username == "" {
			return framework.Usagef("--username cannot be blank")
		}
		msg, err := usernameProblem(s.ctx, s.db, username)
		if err != nil {
			return err
		}
		if msg != "" {
			s.errorf("%s", msg)
			username = ""
		}
	}
	def := defaultUsername(s.ctx, s.db, getenv)
	for username == "" {
		q := "Username: "
		if def != "" {
			q = fmt.Sprintf("Username (leave blank to use '%s'): ", def)
		}
		in, err := s.p.line(q)
		if err != nil {
			return err
		}
		if in == "" {
			in = def
		}
		if in == "" {
			s.errorf("%s", MsgUsernameBlank)
			continue
		}
		msg, err := usernameProblem(s.ctx, s.db, in)
		if err != nil {
			return err
		}
		if msg != "" {
			s.errorf("%s", msg)
			continue
		}
		username = in
	}
	username = NormalizeUsername(username)
	for first := true; ; first = false {
		if !first || email == "" {
			in, err := s.p.line("Email address: ")
			if err != nil {
				return err
			}
			email = in
		}
		email = NormalizeEmail(email)
		if err := ValidateEmail(email); err != nil {
			s.errorf("%s", MsgEmailInvalid)
			continue
		}
		break
	}
	password, err := s.choosePassword(&User{Username: username, Email: email})
	if err != nil {
		return err
	}
	if _, err := CreateSuperuser(s.ctx, s.db, username, email, password); err != nil {
		return createError(err)
	}
	fmt.Fprintln(s.env.Stdout, "Superuser created successfully.")
	return nil
}

// choosePassword asks for a password twice until both match, it is not
// blank, and it passes the validators or the user bypasses them.
func (s *superuserSession) choosePassword(u *User) (string, error) {
	for {
		pw, err := s.p.password("Password: ")
		if err != nil {
			return "", err
		}
		again, err := s.p.password("Password (again): ")
		if err != nil {
			return "", err
		}
		if pw != again {
			s.errorf("Your passwords didn't match.")
			continue
		}
		if strings.TrimSpace(pw) == "" {
			s.errorf("Blank passwords aren't allowed.")
			continue
		}
		if msgs := ValidatePassword(pw, u); msgs != nil {
			fmt.Fprintln(s.env.Stderr, strings.Join(msgs, "\n"))
			answer, err := s.p.line("Bypass password validation and create user anyway? [y/N]: ")
			if err != nil {
				return "", err
			}
			if strings.ToLower(strings.TrimSpace(answer)) != "y" {
				continue
			}
		}
		return pw, nil
	}
}

// usernameProblem returns what is wrong with username, in Django's
// words ("" if nothing); the error is the database's.
func usernameProblem(ctx context.Context, db *orm.DB, username string) (string, error) {
	if err := ValidateUsername(username); err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			return strings.Join(ve.Messages, " "), nil
		}
		return "", err
	}
	n, err := orm.Objects[User](db).Filter("username", NormalizeUsername(username)).Count(ctx)
	if err != nil {
		return "", fmt.Errorf("looking up username %q: %w", username, tableHint(err))
	}
	if n > 0 {
		return "That username is already taken.", nil
	}
	return "", nil
}

// defaultUsername is Django's get_default_username: the system user's
// login name in lowercase ASCII, if it is a valid username not taken.
func defaultUsername(ctx context.Context, db *orm.DB, getenv func(string) string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(systemUser(getenv)) {
		if r < 0x80 && r != ' ' {
			b.WriteRune(r)
		}
	}
	name := strings.ToLower(b.String())
	if name == "" {
		return ""
	}
	if msg, err := usernameProblem(ctx, db, name); err != nil || msg != "" {
		return ""
	}
	return name
}

// createError words an error of CreateSuperuser for the command line.
func createError(err error) error {
	var ve *ValidationError
	switch {
	case errors.Is(err, ErrUsernameTaken):
		return errors.New("that username is already taken")
	case errors.As(err, &ve):
		return fmt.Errorf("%s: %s", ve.Field, strings.Join(ve.Messages, " "))
	}
	return err
}

// parseFlags parses a command's options; a mistake is a usage error,
// -h is flag.ErrHelp, and arguments are refused.
func parseFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return framework.Usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return framework.Usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// commandDB opens the database of the command's App.
func commandDB(env framework.CommandEnv) (*orm.DB, error) {
	if env.App == nil {
		return nil, errors.New("auth: the command runs through an App: add it with app.Command (or auth.Install) and run the project's binary")
	}
	db, err := env.App.OpenDB()
	if err != nil {
		return nil, err
	}
	return db, nil
}
