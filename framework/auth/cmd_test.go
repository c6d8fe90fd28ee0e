package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/framework/auth"
	"github.com/goframe/goframe/orm"
)

// cmdApp is an App with the auth commands, on a migrated database.
type cmdApp struct {
	app *framework.App
	db  *orm.DB
}

func newCmdApp(t *testing.T) *cmdApp {
	t.Helper()
	dbURL, db := migratedDB(t)
	app := framework.New(framework.Config{SecretKey: secretKey, AllowedHosts: []string{"example.com"}, DatabaseURL: dbURL})
	t.Cleanup(func() { app.Close() })
	auth.Install(app)
	return &cmdApp{app: app, db: db}
}

// cmdResult is what a command did.
type cmdResult struct {
	code           int
	stdout, stderr string
}

// run runs a command of the App as its binary would, with stdin as its
// input and env as its environment.
func (ca *cmdApp) run(t *testing.T, stdin string, env map[string]string, args ...string) cmdResult {
	t.Helper()
	getenv := func(k string) string { return env[k] }
	ca.app.Command("createsuperuser", auth.CreateSuperuserCommand{Stdin: strings.NewReader(stdin), Getenv: getenv})
	ca.app.Command("changepassword", auth.ChangePasswordCommand{Stdin: strings.NewReader(stdin), Getenv: getenv})
	var out, errb strings.Builder
	code := ca.app.Run(context.Background(), args, &out, &errb)
	return cmdResult{code, out.String(), errb.String()}
}

// user returns the stored user named username, or nil.
func (ca *cmdApp) user(t *testing.T, username string) *auth.User {
	t.Helper()
	u, err := auth.FindUser(context.Background(), ca.db, username)
	if errors.Is(err, auth.ErrUnknownUser) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// check compares a command's result with what is wanted: the exit
// status and substrings of its output.
func (r cmdResult) check(t *testing.T, code int, stdout, stderr []string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
	for _, s := range stdout {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
		}
	}
	for _, s := range stderr {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
		}
	}
	if stderr == nil && r.stderr != "" {
		t.Errorf("stderr %q, want none", r.stderr)
	}
}

const goodPassword = "correct horse battery"

func TestCreateSuperuser_Interactive(t *testing.T) {
	t.Parallel()
	env := map[string]string{"USER": "deploy"}
	tests := []struct {
		name     string
		args     []string
		stdin    string
		code     int
		stdout   []string
		stderr   []string
		username string // the superuser created, if any
		email    string
	}{
		{
			name:     "answers",
			stdin:    "admin\nadmin@example.com\n" + goodPassword + "\n" + goodPassword + "\n",
			stdout:   []string{"Username (leave blank to use 'deploy'): Email address: Password: Password (again): Superuser created successfully."},
			username: "admin", email: "admin@example.com",
		},
		{
			name:     "defaults",
			stdin:    "\n\n" + goodPassword + "\n" + goodPassword + "\n",
			stdout:   []string{"Superuser created successfully."},
			username: "deploy",
		},
		{
			name:   "mistakes, then answers",
			stdin:  "o'connell\ntaken\nadmin\nnot-an-email\nadmin@example.com\nfirst-passphrase\nsecond-passphrase\n \n \nshortpw\nshortpw\nN\n" + goodPassword + "\n" + goodPassword + "\n",
			stdout: []string{"Superuser created successfully."},
			stderr: []string{
				"Error: " + auth.MsgUsernameInvalid,
				"Error: That username is already taken.",
				"Error: " + auth.MsgEmailInvalid,
				"Error: Your passwords didn't match.",
				"Error: Blank passwords aren't allowed.",
				"This password is too short. It must contain at least 8 characters.",
			},
			username: "admin", email: "admin@example.com",
		},
		{
			name:     "bypassing the validators",
			stdin:    "bob\n\npassword\npassword\ny\n",
			stdout:   []string{"Bypass password validation and create user anyway? [y/N]: ", "Superuser created successfully."},
			stderr:   []string{"This password is too common."},
			username: "bob",
		},
		{
			name:     "--username and --email",
			args:     []string{"--username", "carol", "--email", "carol@example.com"},
			stdin:    goodPassword + "\n" + goodPassword + "\n",
			stdout:   []string{"Password: Password (again): Superuser created successfully."},
			username: "carol", email: "carol@example.com",
		},
		{
			name:   "--username taken",
			args:   []string{"--username", "taken", "--email", "x@example.com"},
			stdin:  "dave\n" + goodPassword + "\n" + goodPassword + "\n",
			stderr: []string{"Error: That username is already taken."},
			stdout: []string{"Username (leave blank to use 'deploy'): Password: "}, username: "dave", email: "x@example.com",
		},
		{
			name:   "input ends",
			stdin:  "eve\neve@example.com\n" + goodPassword + "\n",
			code:   1,
			stderr: []string{"goframe: createsuperuser: operation cancelled: no superuser was created"},
		},
		{
			name:   "unknown option",
			args:   []string{"--frobnicate"},
			code:   2,
			stderr: []string{"flag provided but not defined: -frobnicate", "createsuperuser -h"},
		},
		{
			name:   "an argument",
			args:   []string{"admin"},
			code:   2,
			stderr: []string{`unexpected argument "admin"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ca := newCmdApp(t)
			if _, err := auth.CreateUser(context.Background(), ca.db, "taken", "", "whatever-pass"); err != nil {
				t.Fatal(err)
			}
			r := ca.run(t, tt.stdin, env, append([]string{"createsuperuser"}, tt.args...)...)
			r.check(t, tt.code, tt.stdout, tt.stderr)
			n, err := orm.Objects[auth.User](ca.db).Count(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if tt.username == "" {
				if n != 1 {
					t.Errorf("%d users, want none created", n-1)
				}
				return
			}
			u := ca.user(t, tt.username)
			if u == nil || !u.IsSuperuser || !u.IsStaff || !u.IsActive || u.Email != tt.email {
				t.Fatalf("user %q: %+v, want an active superuser with email %q", tt.username, u, tt.email)
			}
		})
	}
}

func TestCreateSuperuser_NoInput(t *testing.T) {
	t.Parallel()
	withPassword := map[string]string{auth.EnvSuperuserPassword: goodPassword}
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		code     int
		stdout   []string
		stderr   []string
		username string
	}{
		{"options", []string{"--noinput", "--username", "admin", "--email", "admin@example.com"}, withPassword, 0,
			[]string{"Superuser created successfully."}, nil, "admin"},
		{"--no-input and the environment", []string{"--no-input"}, map[string]string{auth.EnvSuperuserPassword: goodPassword,
			auth.EnvSuperuserUsername: "root", auth.EnvSuperuserEmail: "root@example.com"}, 0,
			[]string{"Superuser created successfully."}, nil, "root"},
		{"no username", []string{"--noinput", "--email", "a@example.com"}, withPassword, 2,
			nil, []string{"--noinput needs --username (or GOFRAME_SUPERUSER_USERNAME)"}, ""},
		{"no email", []string{"--noinput", "--username", "admin"}, withPassword, 2,
			nil, []string{"--noinput needs --email (or GOFRAME_SUPERUSER_EMAIL)"}, ""},
		{"no password", []string{"--noinput", "--username", "admin", "--email", "a@example.com"}, nil, 2,
			nil, []string{"GOFRAME_SUPERUSER_PASSWORD is not set"}, ""},
		{"taken", []string{"--noinput", "--username", "taken", "--email", "a@example.com"}, withPassword, 1,
			nil, []string{`goframe: createsuperuser: --username "taken": That username is already taken.`}, ""},
		{"bad username", []string{"--noinput", "--username", "a b", "--email", "a@example.com"}, withPassword, 1,
			nil, []string{auth.MsgUsernameInvalid}, ""},
		{"bad email", []string{"--noinput", "--username", "admin", "--email", "admin@"}, withPassword, 1,
			nil, []string{auth.MsgEmailInvalid}, ""},
		{"weak password", []string{"--noinput", "--username", "admin", "--email", "a@example.com"},
			map[string]string{auth.EnvSuperuserPassword: "12345678"}, 1,
			nil, []string{"GOFRAME_SUPERUSER_PASSWORD refused:", "goframe: This password is too common.", "goframe: This password is entirely numeric."}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ca := newCmdApp(t)
			if _, err := auth.CreateUser(context.Background(), ca.db, "taken", "", "whatever-pass"); err != nil {
				t.Fatal(err)
			}
			r := ca.run(t, "", tt.env, append([]string{"createsuperuser"}, tt.args...)...)
			r.check(t, tt.code, tt.stdout, tt.stderr)
			if tt.username != "" {
				if u := ca.user(t, tt.username); u == nil || !u.IsSuperuser {
					t.Fatalf("%q is %+v, want a superuser", tt.username, u)
				}
				if _, err := auth.Authenticate(context.Background(), ca.db, tt.username, goodPassword); err != nil {
					t.Errorf("the superuser cannot log in: %v", err)
				}
			} else if ca.user(t, "admin") != nil {
				t.Error("admin was created")
			}
		})
	}
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	const newPassword = "a brand new passphrase"
	tests := []struct {
		name    string
		args    []string
		stdin   string
		code    int
		stdout  []string
		stderr  []string
		changed bool
	}{
		{"answers", []string{"alice"}, newPassword + "\n" + newPassword + "\n", 0,
			[]string{"Changing password for user 'alice'\nPassword: Password (again): Password changed successfully for user 'alice'"}, nil, true},
		{"the system user", nil, newPassword + "\n" + newPassword + "\n", 0,
			[]string{"Password changed successfully for user 'alice'"}, nil, true},
		{"mistakes, then answers", []string{"alice"}, "first-passphrase\nsecond-passphrase\nalice\nalice\n" + newPassword + "\n" + newPassword + "\n", 0,
			[]string{"Passwords do not match. Please try again.", "Password changed successfully"},
			[]string{"The password is too similar to the username.", "This password is too short."}, true},
		{"three mistakes", []string{"alice"}, "a\nb\n12345678\n12345678\nc\nd\n" + newPassword + "\n" + newPassword + "\n", 1,
			[]string{"Passwords do not match."},
			[]string{"This password is entirely numeric.", "goframe: changepassword: aborting password change for user 'alice' after 3 attempts"}, false},
		{"input ends", []string{"alice"}, newPassword + "\n", 1, nil,
			[]string{"operation cancelled: the password of 'alice' did not change"}, false},
		{"unknown user", []string{"zed"}, "", 1, nil, []string{"goframe: changepassword: user 'zed' does not exist"}, false},
		{"two users", []string{"alice", "bob"}, "", 2, nil, []string{"want at most one username"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ca := newCmdApp(t)
			createUser(t, ca.db, "alice")
			r := ca.run(t, tt.stdin, map[string]string{"LOGNAME": "alice"}, append([]string{"changepassword"}, tt.args...)...)
			r.check(t, tt.code, tt.stdout, tt.stderr)
			_, err := auth.Authenticate(context.Background(), ca.db, "alice", newPassword)
			if changed := err == nil; changed != tt.changed {
				t.Errorf("password changed: %v, want %v (%v)", changed, tt.changed, err)
			}
		})
	}
}
