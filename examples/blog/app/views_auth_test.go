package app_test

import (
	"net/url"
	"testing"

	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/framework/auth"
)

func TestRegister_Refused(t *testing.T) {
	t.Parallel()
	a, _ := newTestApp(t)
	newUser(t, a, "ada")
	tests := []struct {
		name, username, password string
		want                     []string
	}{
		{"no username", "", testPassword, []string{"Username is required."}},
		{"blank username", "   ", testPassword, []string{"Username is required."}},
		{"no password", "grace", "", []string{"Password is required."}},
		{"nothing", "", "", []string{"Username is required.", "Password is required."}},
		{"taken", "ada", testPassword, []string{"User ada is already registered."}},
		{"short common password", "grace", "pass", []string{"This password is too common.", "This password is too short. It must contain at least 8 characters."}},
		{"numeric password", "grace", "4829173650", []string{"This password is entirely numeric."}},
		{"like the username", "graceful", "graceful1", []string{"The password is too similar to the username."}},
		{"invalid username", "grace hopper", testPassword, []string{auth.MsgUsernameInvalid}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := framework.NewTestClient(a)
			resp := mustPost(t, c, "/auth/register", url.Values{"username": {tc.username}, "password": {tc.password}}, 422)
			for _, w := range tc.want {
				mustContain(t, resp, `<div class="flash error">`+escape(w)+`</div>`)
			}
			// What the user typed stays in the form; the password does not.
			if tc.username != "" && tc.username != "   " {
				mustContain(t, resp, `value="`+tc.username+`"`)
			}
			if tc.password != "" {
				mustNotContain(t, resp, `value="`+tc.password+`"`)
			}
			// The messages were shown: the next page has none.
			mustNotContain(t, mustGet(t, c, "/auth/register", 200), `class="flash`)
		})
	}
	users, err := auth.FindUser(t.Context(), a.DB(), "grace")
	if err == nil {
		t.Errorf("a refused registration created user %+v", users)
	}
}

func TestRegister_Success(t *testing.T) {
	t.Parallel()
	a, c := newTestApp(t)
	page := mustGet(t, c, "/auth/register", 200)
	mustContain(t, page, `name="username"`, `name="password"`, `name="csrfmiddlewaretoken"`,
		`<button type="submit">Register</button>`, "<title>Register - Blog</title>")

	resp := mustPost(t, c, "/auth/register", url.Values{"username": {"grace"}, "password": {testPassword}}, 303)
	mustRedirect(t, resp, "/auth/login")
	mustContain(t, mustGet(t, c, "/auth/login", 200), `<div class="flash success">Registration successful. Please log in.</div>`)
	mustNotContain(t, mustGet(t, c, "/auth/login", 200), "Registration successful")

	u, err := auth.FindUser(t.Context(), a.DB(), "grace")
	if err != nil {
		t.Fatalf("the registered user: %v", err)
	}
	if !u.IsActive || u.PasswordHash == testPassword {
		t.Errorf("the registered user %+v: want active, with a hashed password", u)
	}
}

func TestLogin(t *testing.T) {
	t.Parallel()
	a, _ := newTestApp(t)
	newUser(t, a, "ada")
	tests := []struct {
		name, username, password, next string
		status                         int
		want                           string // a message, or where the login leads
	}{
		{"unknown user", "bob", testPassword, "", 422, "Incorrect username."},
		{"wrong password", "ada", "not the password", "", 422, "Incorrect password."},
		{"no password", "ada", "", "", 422, "Incorrect password."},
		{"success", "ada", testPassword, "", 303, "/"},
		{"success with next", "ada", testPassword, "/create", 303, "/create"},
		{"next on another site", "ada", testPassword, "//evil.example/", 303, "/"},
		{"next as a URL", "ada", testPassword, "https://evil.example/", 303, "/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := framework.NewTestClient(a)
			path := "/auth/login"
			if tc.next != "" {
				path += "?next=" + url.QueryEscape(tc.next)
				mustContain(t, mustGet(t, c, path, 200), `<input type="hidden" name="next" value="`+escape(tc.next)+`">`)
			}
			form := url.Values{"username": {tc.username}, "password": {tc.password}}
			if tc.next != "" {
				form.Set("next", tc.next)
			}
			resp := mustPost(t, c, path, form, tc.status)
			if tc.status != 303 {
				mustContain(t, resp, `<div class="flash error">`+tc.want+`</div>`, `value="`+tc.username+`"`)
				mustContain(t, mustGet(t, c, "/", 200), `<a href="/auth/login">Log In</a>`)
				return
			}
			mustRedirect(t, resp, tc.want)
			if c.Cookie("sessionid") == nil {
				t.Errorf("no sessionid cookie after logging in")
			}
			mustContain(t, mustGet(t, c, "/", 200), `<span class="user">ada</span>`, `<a href="/create">New post</a>`,
				`<button type="submit">Log Out</button>`)
		})
	}
}

func TestLogin_PageSetsCSRFCookie(t *testing.T) {
	t.Parallel()
	_, c := newTestApp(t)
	resp := mustGet(t, c, "/auth/login", 200)
	mustContain(t, resp, `name="csrfmiddlewaretoken"`, `<button type="submit">Log In</button>`, "<title>Log In - Blog</title>")
	if c.Cookie("csrftoken") == nil {
		t.Errorf("the login page set no csrftoken cookie")
	}
}

func TestLogout(t *testing.T) {
	t.Parallel()
	a, _ := newTestApp(t)
	newUser(t, a, "ada")
	c := loggedIn(t, a, "ada")

	mustGet(t, c, "/auth/logout", 405)
	mustContain(t, mustGet(t, c, "/", 200), `<span class="user">ada</span>`) // still logged in

	mustRedirect(t, mustPost(t, c, "/auth/logout", nil, 303), "/")
	page := mustGet(t, c, "/", 200)
	mustContain(t, page, `<a href="/auth/register">Register</a>`, `<a href="/auth/login">Log In</a>`)
	mustNotContain(t, page, `class="user"`, "Log Out")
	mustRedirect(t, mustGet(t, c, "/create", 302), "/auth/login?next=/create")
}

func TestCSRF_FormWithoutTokenRefused(t *testing.T) {
	t.Parallel()
	a, _ := newTestApp(t)
	newUser(t, a, "ada")
	anon := framework.NewTestClient(a)
	anon.NoCSRF = true
	c := loggedIn(t, a, "ada")
	noToken := framework.NewTestClient(a)
	noToken.Jar = c.Jar // the same session, without the token
	noToken.NoCSRF = true
	tests := []struct {
		name string
		c    *framework.TestClient
		path string
		form url.Values
	}{
		{"register", anon, "/auth/register", url.Values{"username": {"mallory"}, "password": {testPassword}}},
		{"login", anon, "/auth/login", url.Values{"username": {"ada"}, "password": {testPassword}}},
		{"create", noToken, "/create", url.Values{"title": {"Forged"}, "body": {"by another site"}}},
		{"logout", noToken, "/auth/logout", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mustPost(t, tc.c, tc.path, tc.form, 403)
		})
	}
	if n := countPosts(t, a); n != 0 {
		t.Errorf("%d posts after forged forms, want none", n)
	}
	if _, err := auth.FindUser(t.Context(), a.DB(), "mallory"); err == nil {
		t.Errorf("a forged registration created a user")
	}
	mustContain(t, mustGet(t, c, "/", 200), `<span class="user">ada</span>`) // the forged logout did nothing
}
