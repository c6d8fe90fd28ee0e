package app_test

import (
	"context"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goframe/goframe/examples/blog/app"
	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/framework/auth"
	"github.com/goframe/goframe/orm"
)

// testPassword passes Django's password validators.
const testPassword = "correct horse battery staple"

// newTestApp returns the blog with its production settings (DEBUG off,
// the embedded templates, static files and migrations) over a new SQLite
// database in a temporary directory, migrated as `blog serve` migrates it
// on its first start, and a test client for it: the client keeps cookies
// as a browser does and sends the CSRF token with its forms.
func newTestApp(t *testing.T) (*framework.App, *framework.TestClient) {
	t.Helper()
	cfg := app.Settings()
	cfg.SecretKey = "blog-test-" + strings.Repeat("secret-", 6)
	cfg.AllowedHosts = []string{"testserver"}
	cfg.DatabaseURL = "sqlite:///" + filepath.Join(t.TempDir(), "blog.sqlite3")
	cfg.Logger = slog.New(slog.DiscardHandler)
	a := app.New(cfg)
	t.Cleanup(func() { a.Close() })
	if applied, err := app.MigrateOnStart(t.Context(), a); err != nil || len(applied) == 0 {
		t.Fatalf("migrating the test database: applied %v, %v", applied, err)
	}
	return a, framework.NewTestClient(a)
}

// newUser creates a user whose password is testPassword.
func newUser(t *testing.T, a *framework.App, username string) *auth.User {
	t.Helper()
	u, err := auth.CreateUser(t.Context(), a.DB(), username, "", testPassword)
	if err != nil {
		t.Fatalf("creating user %s: %v", username, err)
	}
	return u
}

// loggedIn returns a new test client logged in as username, through the
// login form.
func loggedIn(t *testing.T, a *framework.App, username string) *framework.TestClient {
	t.Helper()
	c := framework.NewTestClient(a)
	mustPost(t, c, "/auth/login", url.Values{"username": {username}, "password": {testPassword}}, 303)
	return c
}

// newPost adds a post by author, written at created (now if zero).
func newPost(t *testing.T, a *framework.App, author *auth.User, title, body string, created time.Time) *app.Post {
	t.Helper()
	p := &app.Post{AuthorID: author.ID, Title: title, Body: body, Created: created}
	if err := orm.Insert(context.Background(), a.DB(), p); err != nil {
		t.Fatalf("adding post %q: %v", title, err)
	}
	return p
}

// mustGet requests path and fails the test if the request cannot be
// made, or if the status is not want.
func mustGet(t *testing.T, c *framework.TestClient, path string, want int) *framework.TestResponse {
	t.Helper()
	resp, err := c.Get(path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d\n%s", path, resp.StatusCode, want, resp.Text())
	}
	return resp
}

// mustPost posts form to path and fails the test if the request cannot
// be made, or if the status is not want.
func mustPost(t *testing.T, c *framework.TestClient, path string, form url.Values, want int) *framework.TestResponse {
	t.Helper()
	resp, err := c.PostForm(path, form)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	if resp.StatusCode != want {
		t.Fatalf("POST %s: status %d, want %d\n%s", path, resp.StatusCode, want, resp.Text())
	}
	return resp
}

// mustRedirect fails the test unless resp redirects to location.
func mustRedirect(t *testing.T, resp *framework.TestResponse, location string) {
	t.Helper()
	if got := resp.Location(); got != location {
		t.Fatalf("%s %s: redirected to %q, want %q", resp.Request.Method, resp.Request.URL, got, location)
	}
}

// mustContain fails the test unless the response's body has each of
// the texts.
func mustContain(t *testing.T, resp *framework.TestResponse, texts ...string) {
	t.Helper()
	body := resp.Text()
	for _, s := range texts {
		if !strings.Contains(body, s) {
			t.Errorf("%s %s: the page lacks %q:\n%s", resp.Request.Method, resp.Request.URL, s, body)
		}
	}
}

// mustNotContain fails the test if the response's body has any of the
// texts.
func mustNotContain(t *testing.T, resp *framework.TestResponse, texts ...string) {
	t.Helper()
	body := resp.Text()
	for _, s := range texts {
		if strings.Contains(body, s) {
			t.Errorf("%s %s: the page has %q, which it should not:\n%s", resp.Request.Method, resp.Request.URL, s, body)
		}
	}
}

// countPosts returns the number of posts in the database.
func countPosts(t *testing.T, a *framework.App) int64 {
	t.Helper()
	n, err := orm.Objects[app.Post](a.DB()).Count(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// escape escapes s as the templates do (Django's escape).
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;").Replace(s)
}
