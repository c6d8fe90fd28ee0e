package app

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/framework/auth"
)

// Messages of the account pages, in Flask's tutorial's words.
const (
	MsgUsernameRequired = "Username is required."
	MsgPasswordRequired = "Password is required."
	MsgRegistered       = "Registration successful. Please log in."
	MsgIncorrectUser    = "Incorrect username."
	MsgIncorrectPass    = "Incorrect password."
)

// msgAlreadyRegistered is the message for a username that is taken.
func msgAlreadyRegistered(username string) string {
	return fmt.Sprintf("User %s is already registered.", username)
}

// register shows the sign-up form (GET) and creates the account (POST):
// a username and a password that passes Django's password validators.
// Success sends the new user to the login page.
func register(r *framework.Request) framework.Response {
	ctx := framework.Ctx{"help": auth.PasswordHelpTexts()}
	if r.Method() != http.MethodPost {
		return r.Render("auth/register.html", ctx)
	}
	if _, err := r.Form(); err != nil {
		return framework.Error(err) // too large or malformed: 413 or 400
	}
	username := strings.TrimSpace(r.FormValue("username"))
	password := r.FormValue("password")
	ctx["username"] = username
	errs, err := registrationErrors(r, username, password)
	if err != nil {
		return framework.Error(err)
	}
	if len(errs) == 0 {
		_, err = auth.CreateUser(r.Context(), r.DB(), username, "", password)
		var verr *auth.ValidationError
		switch {
		case errors.Is(err, auth.ErrUsernameTaken): // registered since the check
			errs = append(errs, msgAlreadyRegistered(username))
		case errors.As(err, &verr):
			errs = append(errs, verr.Messages...)
		case err != nil:
			return framework.Error(err)
		}
	}
	if len(errs) > 0 {
		for _, e := range errs {
			r.ErrorMessage(e)
		}
		return r.Render("auth/register.html", ctx).WithStatus(http.StatusUnprocessableEntity)
	}
	r.SuccessMessage(MsgRegistered)
	return framework.RedirectTo("login").WithStatus(http.StatusSeeOther)
}

// registrationErrors returns what is wrong with a sign-up, every problem
// at once: a missing field, an invalid or taken username, a password
// that fails the validators.
func registrationErrors(r *framework.Request, username, password string) ([]string, error) {
	var errs []string
	if username == "" {
		errs = append(errs, MsgUsernameRequired)
	} else {
		var verr *auth.ValidationError
		switch _, err := auth.FindUser(r.Context(), r.DB(), username); {
		case err == nil:
			errs = append(errs, msgAlreadyRegistered(username))
		case errors.Is(err, auth.ErrUnknownUser):
			if err := auth.ValidateUsername(username); errors.As(err, &verr) {
				errs = append(errs, verr.Messages...)
			}
		default:
			return nil, err
		}
	}
	if password == "" {
		errs = append(errs, MsgPasswordRequired)
	} else {
		errs = append(errs, auth.ValidatePassword(password, &auth.User{Username: username})...)
	}
	return errs, nil
}

// login shows the login form (GET) and logs the user in (POST), then
// goes to the page the user asked for (a safe "next") or the index.
func login(r *framework.Request) framework.Response {
	next := r.Query(auth.RedirectFieldName)
	if r.Method() != http.MethodPost {
		return r.Render("auth/login.html", framework.Ctx{"next": next})
	}
	if _, err := r.Form(); err != nil {
		return framework.Error(err)
	}
	if v := r.FormValue(auth.RedirectFieldName); v != "" {
		next = v
	}
	username := strings.TrimSpace(r.FormValue("username"))
	u, err := auth.Authenticate(r.Context(), r.DB(), username, r.FormValue("password"))
	msg := ""
	switch {
	case errors.Is(err, auth.ErrUnknownUser):
		msg = MsgIncorrectUser
	case errors.Is(err, auth.ErrWrongPassword), errors.Is(err, auth.ErrInactive):
		msg = MsgIncorrectPass
	case err != nil:
		return framework.Error(err)
	}
	if msg != "" {
		r.ErrorMessage(msg)
		ctx := framework.Ctx{"next": next, "username": username}
		return r.Render("auth/login.html", ctx).WithStatus(http.StatusUnprocessableEntity)
	}
	if err := auth.Login(r, u); err != nil {
		return framework.Error(err)
	}
	home, err := r.URL("index")
	if err != nil {
		return framework.Error(err)
	}
	return framework.Redirect(auth.SafeRedirect(next, home), http.StatusSeeOther)
}

// logout logs the user out (POST only, with its CSRF token, as Django's
// LogoutView) and goes to the index.
func logout(r *framework.Request) framework.Response {
	auth.Logout(r)
	return framework.RedirectTo("index").WithStatus(http.StatusSeeOther)
}
