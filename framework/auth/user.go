package auth

import (
	"fmt"
	"time"

	"github.com/goframe/goframe/orm"
)

// Table is the users' table, Django's name for it.
const Table = "auth_user"

// User is an account (Django's django.contrib.auth.models.User): the
// model of the auth_user table. Register it with the project's models so
// that makemigrations creates the table with the project's own
// migrations (Install does it for Config.Models):
//
//	reg, err := orm.NewRegistry(auth.User{}, Post{})
//
// Create users with CreateUser or CreateSuperuser, which validate the
// username, hash the password and set IsActive; a User inserted by hand
// is inactive unless IsActive is set.
//
// In templates, `user` is the request's User, or an AnonymousUser:
// {{ user.username }}, {% if user.is_authenticated %}, user.is_staff,
// user.date_joined... as in Django. PasswordHash never leaves in JSON.
type User struct {
	// ID is the primary key.
	ID int64 `db:"id"`
	// Username identifies the user at login: unique, at most 150
	// characters, letters, digits and @ . + - _ (ValidateUsername).
	Username string `db:"username" orm:"size:150;unique"`
	// Email is the user's address (may be empty).
	Email string `db:"email" orm:"size:254"`
	// PasswordHash is the password as HashPassword encodes it (an
	// argon2id PHC string), in Django's column "password".
	PasswordHash string `db:"password" json:"-"`
	// IsActive tells whether the account may log in; an inactive
	// user is refused by Authenticate and logged out by Middleware
	// (Django's is_active).
	IsActive bool `db:"is_active" orm:"default:TRUE"`
	// IsStaff tells whether the user may use staff pages (is_staff).
	IsStaff bool `db:"is_staff" orm:"default:FALSE"`
	// IsSuperuser tells whether the user has every permission
	// (is_superuser).
	IsSuperuser bool `db:"is_superuser" orm:"default:FALSE"`
	// DateJoined is when the account was created.
	DateJoined time.Time `db:"date_joined" orm:"created"`
	// LastLogin is when the user last logged in (nil: never).
	LastLogin *time.Time `db:"last_login"`
}

// TableName returns Table.
func (User) TableName() string { return Table }

// IsAuthenticated is always true for a User, as Django's
// user.is_authenticated: {% if user.is_authenticated %} tells a
// logged-in user from an AnonymousUser.
func (User) IsAuthenticated() bool { return true }

// IsAnonymous is always false for a User.
func (User) IsAnonymous() bool { return false }

// GetUsername returns the username (Django's get_username).
func (u User) GetUsername() string { return u.Username }

// String returns the username, as {{ user }} prints it.
func (u User) String() string { return u.Username }

// AnonymousUser is the user of a request that is not logged in (Django's
// AnonymousUser): Middleware gives it to templates as `user`, so that
// {% if user.is_authenticated %} is false and {{ user.username }} empty.
// Go code asks CurrentUser, which returns nil for it.
type AnonymousUser struct{}

// IsAuthenticated is always false for an AnonymousUser.
func (AnonymousUser) IsAuthenticated() bool { return false }

// IsAnonymous is always true for an AnonymousUser.
func (AnonymousUser) IsAnonymous() bool { return true }

// Username is empty for an AnonymousUser.
func (AnonymousUser) Username() string { return "" }

// GetUsername is empty for an AnonymousUser.
func (AnonymousUser) GetUsername() string { return "" }

// IsActive is false for an AnonymousUser.
func (AnonymousUser) IsActive() bool { return false }

// IsStaff is false for an AnonymousUser.
func (AnonymousUser) IsStaff() bool { return false }

// IsSuperuser is false for an AnonymousUser.
func (AnonymousUser) IsSuperuser() bool { return false }

// String returns "AnonymousUser", as Django prints it.
func (AnonymousUser) String() string { return "AnonymousUser" }

// Register adds User to reg, so that makemigrations creates the
// auth_user table: the same as reg.Register(auth.User{}).
func Register(reg *orm.Registry) error {
	if err := reg.Register(User{}); err != nil {
		return fmt.Errorf("auth: registering the User model: %w", err)
	}
	return nil
}
