package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/goframe/goframe/framework/auth"
	"github.com/goframe/goframe/orm"
)

func TestCreateUser(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, db := migratedDB(t)
	u, err := auth.CreateUser(ctx, db, "ﬁona", " Fiona@EXAMPLE.com", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	got, err := orm.Get[auth.User](ctx, db, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Username != "fiona" || got.Email != "Fiona@example.com" || !got.IsActive || got.IsStaff || got.IsSuperuser ||
		got.DateJoined.IsZero() || got.LastLogin != nil || !phc.MatchString(got.PasswordHash) {
		t.Errorf("stored user %+v: want fiona, Fiona@example.com, active, not staff, joined now, never logged in, an argon2id hash", got)
	}
	su, err := auth.CreateSuperuser(ctx, db, "root", "", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if !su.IsStaff || !su.IsSuperuser || !su.IsActive {
		t.Errorf("superuser %+v: want staff, superuser, active", su)
	}

	tests := []struct {
		name, username, email, password string
		check                           func(error) bool
	}{
		{"taken", "fiona", "", testPassword, func(err error) bool { return errors.Is(err, auth.ErrUsernameTaken) }},
		{"taken, another spelling", "ﬁona", "", testPassword, func(err error) bool { return errors.Is(err, auth.ErrUsernameTaken) }},
		{"bad username", "o'connell", "", testPassword, validationOf("username")},
		{"bad email", "bob", "bob@", testPassword, validationOf("email")},
		{"no password", "bob", "", "", validationOf("password")},
	}
	for _, tt := range tests {
		if _, err := auth.CreateUser(ctx, db, tt.username, tt.email, tt.password); !tt.check(err) {
			t.Errorf("%s: CreateUser(%q, %q) = %v", tt.name, tt.username, tt.email, err)
		}
	}
	if n, err := orm.Objects[auth.User](db).Count(ctx); err != nil || n != 2 {
		t.Errorf("%d users (%v), want the 2 created", n, err)
	}
}

func validationOf(field string) func(error) bool {
	return func(err error) bool {
		var ve *auth.ValidationError
		return errors.As(err, &ve) && ve.Field == field
	}
}

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, db := migratedDB(t)
	createUser(t, db, "alice")
	inactive := createUser(t, db, "ghost")
	inactive.IsActive = false
	if err := orm.Update(ctx, db, inactive); err != nil {
		t.Fatal(err)
	}
	broken := createUser(t, db, "broken")
	if _, err := orm.Objects[auth.User](db).Filter("id", broken.ID).Update(ctx, map[string]any{"password": "not a hash"}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name, username, password string
		want                     error
	}{
		{"right", "alice", testPassword, nil},
		{"username normalized", "ａｌｉｃｅ", testPassword, nil},
		{"unknown", "bob", testPassword, auth.ErrUnknownUser},
		{"usernames are case-sensitive", "Alice", testPassword, auth.ErrUnknownUser},
		{"wrong password", "alice", "s3cret-passw0rd", auth.ErrWrongPassword},
		{"empty password", "alice", "", auth.ErrWrongPassword},
		{"inactive, right password", "ghost", testPassword, auth.ErrInactive},
		{"inactive, wrong password", "ghost", "guess", auth.ErrWrongPassword},
		{"no usable hash", "broken", "not a hash", auth.ErrWrongPassword},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := auth.Authenticate(ctx, db, tt.username, tt.password)
			if tt.want == nil {
				if err != nil || u == nil || u.Username != "alice" {
					t.Fatalf("Authenticate(%q) = %v, %v; want alice", tt.username, u, err)
				}
				return
			}
			if !errors.Is(err, tt.want) || u != nil {
				t.Fatalf("Authenticate(%q, %q) = %v, %v; want %v", tt.username, tt.password, u, err, tt.want)
			}
			for _, e := range []error{auth.ErrUnknownUser, auth.ErrWrongPassword, auth.ErrInactive} {
				if e != tt.want && errors.Is(err, e) {
					t.Errorf("error %v is also %v", err, e)
				}
			}
		})
	}
}

// TestAuthenticate_Rehash: a password hashed with weaker parameters is
// hashed again with the current ones at login.
func TestAuthenticate_Rehash(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, db := migratedDB(t)
	u := createUser(t, db, "alice")
	old, err := auth.Hasher{Memory: 1024, Time: 1}.Hash(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := orm.Objects[auth.User](db).Filter("id", u.ID).Update(ctx, map[string]any{"password": old}); err != nil {
		t.Fatal(err)
	}
	got, err := auth.Authenticate(ctx, db, "alice", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := orm.Get[auth.User](ctx, db, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.PasswordHash == old || !phc.MatchString(stored.PasswordHash) || got.PasswordHash != stored.PasswordHash {
		t.Errorf("after login the stored hash is %s (returned %s); want a new one with the default parameters", stored.PasswordHash, got.PasswordHash)
	}
	if _, err := auth.Authenticate(ctx, db, "alice", testPassword); err != nil {
		t.Errorf("the rehashed password does not log in: %v", err)
	}
}

func TestSetPassword(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, db := migratedDB(t)
	u := createUser(t, db, "alice")
	if err := auth.SetPassword(ctx, db, u, "a new passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.Authenticate(ctx, db, "alice", testPassword); !errors.Is(err, auth.ErrWrongPassword) {
		t.Errorf("the old password: %v, want ErrWrongPassword", err)
	}
	if _, err := auth.Authenticate(ctx, db, "alice", "a new passphrase"); err != nil {
		t.Errorf("the new password: %v", err)
	}
	if err := auth.SetPassword(ctx, db, &auth.User{ID: 999}, "whatever-pass"); !errors.Is(err, orm.ErrNotFound) {
		t.Errorf("SetPassword of a missing user = %v, want ErrNotFound", err)
	}
}

// TestMissingTable: without the migration, errors say what to do.
func TestMissingTable(t *testing.T) {
	t.Parallel()
	db, err := orm.Open("sqlite::memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = auth.Authenticate(context.Background(), db, "alice", "pw")
	if err == nil || !strings.Contains(err.Error(), "makemigrations") {
		t.Errorf("Authenticate without the table = %v, want a hint to run makemigrations", err)
	}
}
