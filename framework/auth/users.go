package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/goframe/goframe/orm"
)

// Errors of Authenticate, for errors.Is. A login page may tell them
// apart (Flask's tutorial says "Incorrect username." and "Incorrect
// password."), or say "Please enter a correct username and password."
// for both, as Django does, so as not to tell which usernames exist.
var (
	// ErrUnknownUser is a username no user has.
	ErrUnknownUser = errors.New("auth: no user has that username")
	// ErrWrongPassword is a password that is not the user's.
	ErrWrongPassword = errors.New("auth: wrong password")
	// ErrInactive is the right password of an inactive user
	// (User.IsActive false), who may not log in.
	ErrInactive = errors.New("auth: the account is inactive")
	// ErrUsernameTaken is CreateUser's error for a username another
	// user has.
	ErrUsernameTaken = errors.New("auth: the username is taken")
)

// CreateUser adds an active user (Django's User.objects.create_user):
// the username is normalized (NFKC) and validated, the email address
// normalized (its domain lowercased) and validated, and the password
// hashed with HashPassword. It does not apply ValidatePassword: a view
// does, as Django's forms do. A username already taken is
// ErrUsernameTaken; an invalid one a *ValidationError.
func CreateUser(ctx context.Context, db orm.Queryer, username, email, password string) (*User, error) {
	return createUser(ctx, db, username, email, password, false)
}

// CreateSuperuser is CreateUser for a user with IsStaff and IsSuperuser
// set (Django's create_superuser); the createsuperuser command calls it.
func CreateSuperuser(ctx context.Context, db orm.Queryer, username, email, password string) (*User, error) {
	return createUser(ctx, db, username, email, password, true)
}

func createUser(ctx context.Context, db orm.Queryer, username, email, password string, super bool) (*User, error) {
	username = NormalizeUsername(username)
	if err := ValidateUsername(username); err != nil {
		return nil, err
	}
	email = NormalizeEmail(email)
	if err := ValidateEmail(email); err != nil {
		return nil, err
	}
	if password == "" {
		return nil, &ValidationError{Field: "password", Messages: []string{"This field cannot be blank."}}
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	u := &User{Username: username, Email: email, PasswordHash: hash, IsActive: true, IsStaff: super, IsSuperuser: super}
	if err := orm.Insert(ctx, db, u); err != nil {
		var ce *orm.ConstraintError
		if errors.As(err, &ce) && ce.Kind == orm.ConstraintUnique {
			return nil, fmt.Errorf("%w: %q", ErrUsernameTaken, username)
		}
		return nil, fmt.Errorf("auth: creating user %q: %w", username, tableHint(err))
	}
	return u, nil
}

// SetPassword hashes password into u.PasswordHash and saves it (Django's
// set_password followed by save): every session of u logged in before
// is logged out at its next request, since the session's auth hash no
// longer matches. To keep the session that changed the password, call
// UpdateSessionAuthHash after. It does not apply ValidatePassword.
func SetPassword(ctx context.Context, db orm.Queryer, u *User, password string) error {
	if password == "" {
		return &ValidationError{Field: "password", Messages: []string{"This field cannot be blank."}}
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	if err := updateUser(ctx, db, u.ID, map[string]any{"password": hash}); err != nil {
		return err
	}
	u.PasswordHash = hash
	return nil
}

// updateUser sets columns of the user whose primary key is id.
func updateUser(ctx context.Context, db orm.Queryer, id int64, cols map[string]any) error {
	n, err := orm.Objects[User](db).Filter("id", id).Update(ctx, cols)
	if err != nil {
		return fmt.Errorf("auth: updating user %d: %w", id, tableHint(err))
	}
	if n == 0 {
		return fmt.Errorf("auth: updating user %d: %w", id, orm.ErrNotFound)
	}
	return nil
}

// FindUser returns the user whose username is username (normalized
// first), or an error wrapping ErrUnknownUser.
func FindUser(ctx context.Context, db orm.Queryer, username string) (*User, error) {
	username = NormalizeUsername(username)
	u, err := orm.Objects[User](db).Filter("username", username).First(ctx)
	if errors.Is(err, orm.ErrNotFound) {
		return nil, fmt.Errorf("%w: %q", ErrUnknownUser, username)
	}
	if err != nil {
		return nil, fmt.Errorf("auth: looking up user %q: %w", username, tableHint(err))
	}
	return u, nil
}

// Authenticate returns the user whose username and password these are
// (Django's authenticate with its ModelBackend). It fails with
// ErrUnknownUser, ErrWrongPassword, or ErrInactive — the last only for
// the right password, so that it tells nothing to someone who does not
// know it. For an unknown username it hashes the password anyway, so
// that the time taken does not tell which usernames exist.
//
// A password hashed with other parameters than HashPassword's is hashed
// again and saved (the parameters were raised since it was set), which
// also logs out the user's other sessions, as in Django.
func Authenticate(ctx context.Context, db orm.Queryer, username, password string) (*User, error) {
	u, err := FindUser(ctx, db, username)
	if errors.Is(err, ErrUnknownUser) {
		_, _ = HashPassword(password) // as long as a check takes
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	ok, rehash, err := CheckPassword(u.PasswordHash, password)
	if err != nil {
		_, _ = HashPassword(password) // as long as a check takes
	}
	if !ok {
		// A user without a usable hash (set by hand, or imported)
		// cannot log in with any password.
		return nil, fmt.Errorf("%w for %q", ErrWrongPassword, u.Username)
	}
	if !u.IsActive {
		return nil, fmt.Errorf("%w: %q", ErrInactive, u.Username)
	}
	if rehash {
		if err := SetPassword(ctx, db, u, password); err != nil {
			return nil, fmt.Errorf("auth: saving the rehashed password of %q: %w", u.Username, err)
		}
	}
	return u, nil
}

// touchLastLogin sets the user's LastLogin to now.
func touchLastLogin(ctx context.Context, db orm.Queryer, u *User) error {
	now := time.Now().UTC()
	if err := updateUser(ctx, db, u.ID, map[string]any{"last_login": now}); err != nil {
		return err
	}
	u.LastLogin = &now
	return nil
}
