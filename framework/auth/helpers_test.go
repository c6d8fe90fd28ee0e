package auth_test

import (
	"context"
	"errors"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/framework/auth"
	"github.com/goframe/goframe/orm"
)

// secretKey is the test Apps' SECRET_KEY.
const secretKey = "auth-tests-secret-key-0123456789abcdef"

// migratedDB returns the URL of a new SQLite file in a temporary
// directory holding the auth_user table, created as a project creates
// it: makemigrations over a registry with auth.User, then migrate; and
// the database, open.
func migratedDB(t *testing.T) (string, *orm.DB) {
	t.Helper()
	dir := t.TempDir()
	reg, err := orm.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	if err := auth.Register(reg); err != nil {
		t.Fatal(err)
	}
	migrations := filepath.Join(dir, "migrations")
	if _, err := orm.MakeMigrations(reg, migrations, orm.MakeOptions{}); err != nil {
		t.Fatal(err)
	}
	dbURL := "sqlite:///" + filepath.Join(dir, "db.sqlite3")
	db, err := orm.Open(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := orm.Migrate(context.Background(), db, os.DirFS(migrations), ""); err != nil {
		t.Fatal(err)
	}
	return dbURL, db
}

// createUser adds an active user with the password "s3cret-Passw0rd".
func createUser(t *testing.T, db *orm.DB, username string) *auth.User {
	t.Helper()
	u, err := auth.CreateUser(context.Background(), db, username, username+"@example.com", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

const testPassword = "s3cret-Passw0rd"

// testTemplates are the test App's templates.
var testTemplates = fstest.MapFS{
	"home.html": {Data: []byte(`{% if user.is_authenticated %}Hello {{ user.username }}{% else %}Hello {{ user }}{% endif %}`)},
	"login.html": {Data: []byte(`<form method="post">{% csrf_token %}` +
		`<input type="hidden" name="next" value="{{ next }}">{{ error }}</form>`)},
}

// testApp is a small site with logins: the views a project writes
// around the auth package.
type testApp struct {
	app *framework.App
	db  *orm.DB
}

// storeKind names a session store for newTestApp.
type storeKind string

const (
	cookieStore storeKind = "cookie"
	memoryStore storeKind = "memory"
	dbStore     storeKind = "db"
)

var allStores = []storeKind{cookieStore, memoryStore, dbStore}

// newTestApp returns the test site on a migrated SQLite file, with
// sessions in the store named.
func newTestApp(t *testing.T, store storeKind, opts ...auth.Options) *testApp {
	t.Helper()
	dbURL, db := migratedDB(t)
	cfg := framework.Config{
		SecretKey:    secretKey,
		AllowedHosts: []string{"example.com"},
		DatabaseURL:  dbURL,
		TemplatesFS:  testTemplates,
		Logger:       slog.New(slog.NewTextHandler(testWriter{t}, nil)),
	}
	switch store {
	case memoryStore:
		cfg.SessionStore = framework.NewMemoryStore()
	case dbStore:
		s := framework.NewDBStore(db)
		if err := s.CreateTable(context.Background()); err != nil {
			t.Fatal(err)
		}
		cfg.SessionStore = s
	}
	app := framework.New(cfg)
	t.Cleanup(func() { app.Close() })
	auth.Install(app, opts...)
	ta := &testApp{app: app, db: db}
	ta.routes()
	return ta
}

func (ta *testApp) routes() {
	app := ta.app
	app.Get("/", func(r *framework.Request) framework.Response {
		return r.Render("home.html", nil)
	}).Name("home")
	app.Get("/login/", func(r *framework.Request) framework.Response {
		return r.Render("login.html", framework.Ctx{"next": r.Query("next")})
	}).Name("login")
	app.Post("/login/", func(r *framework.Request) framework.Response {
		u, err := auth.Authenticate(r.Context(), r.DB(), r.FormValue("username"), r.FormValue("password"))
		msg := ""
		switch {
		case errors.Is(err, auth.ErrUnknownUser):
			msg = "Incorrect username."
		case errors.Is(err, auth.ErrWrongPassword):
			msg = "Incorrect password."
		case errors.Is(err, auth.ErrInactive):
			msg = "This account is inactive."
		case err != nil:
			return framework.Error(err)
		}
		if msg != "" {
			return r.Render("login.html", framework.Ctx{"next": r.FormValue("next"), "error": msg})
		}
		if err := auth.Login(r, u); err != nil {
			return framework.Error(err)
		}
		return framework.Redirect(auth.SafeRedirect(r.FormValue("next"), "/"))
	})
	app.Post("/logout/", func(r *framework.Request) framework.Response {
		auth.Logout(r)
		return framework.Redirect("/")
	}).Name("logout")
	app.Get("/secret/", auth.LoginRequired(func(r *framework.Request) framework.Response {
		return framework.Text("secret of " + auth.CurrentUser(r).Username)
	})).Name("secret")
	app.Post("/password/", auth.LoginRequired(func(r *framework.Request) framework.Response {
		u := auth.CurrentUser(r)
		if err := auth.SetPassword(r.Context(), r.DB(), u, r.FormValue("password")); err != nil {
			return framework.Error(err)
		}
		if err := auth.UpdateSessionAuthHash(r, u); err != nil {
			return framework.Error(err)
		}
		return framework.Text("changed")
	}))
	app.Post("/visit/", func(r *framework.Request) framework.Response {
		if err := r.Session().Set("visited", true); err != nil {
			return framework.Error(err)
		}
		return framework.Text("ok")
	})
	app.Get("/whoami", func(r *framework.Request) framework.Response {
		visited, _ := r.Session().GetBool("visited")
		name := "anonymous"
		if u := auth.CurrentUser(r); u != nil {
			name = u.Username
		}
		return framework.JSON(map[string]any{"user": name, "visited": visited})
	})
	app.Group("/dash", func(g *framework.Group) {
		g.Use(auth.RequireLogin)
		g.Get("/", func(r *framework.Request) framework.Response {
			return framework.Text("dashboard of " + auth.CurrentUser(r).Username)
		})
	})
}

// client returns a new test client (an empty cookie jar) of the App.
func (ta *testApp) client() *framework.TestClient { return framework.NewTestClient(ta.app) }

// login logs c in through the login form and checks it worked.
func login(t *testing.T, c *framework.TestClient, username, password string) {
	t.Helper()
	resp, err := c.PostForm("/login/", url.Values{"username": {username}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 302 {
		t.Fatalf("login as %s: status %d, want 302:\n%s", username, resp.StatusCode, resp.Text())
	}
}

// whoami returns who the App thinks c is.
func whoami(t *testing.T, c *framework.TestClient) (user string, visited bool) {
	t.Helper()
	resp, err := c.Get("/whoami")
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		User    string `json:"user"`
		Visited bool   `json:"visited"`
	}
	if err := resp.JSON(&out); err != nil {
		t.Fatalf("/whoami: %v: %s", err, resp.Text())
	}
	return out.User, out.Visited
}

// get sends a GET and returns the response, failing on a transport
// error.
func get(t *testing.T, c *framework.TestClient, path string) *framework.TestResponse {
	t.Helper()
	resp, err := c.Get(path)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// testWriter sends log lines to the test's log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
