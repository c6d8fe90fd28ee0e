package auth_test

import (
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/framework/auth"
	"github.com/goframe/goframe/orm"
)

// TestLoginRequired: an anonymous visitor is sent to the login page
// with the page asked for in next, and comes back to it after logging
// in.
func TestLoginRequired(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, cookieStore)
	createUser(t, ta.db, "alice")
	tests := []struct{ path, location, landing, body string }{
		{"/secret/?a=1&b=x%20y", "/login/?next=/secret/%3Fa%3D1%26b%3Dx%2520y", "/secret/?a=1&b=x%20y", "secret of alice"},
		{"/dash/", "/login/?next=/dash/", "/dash/", "dashboard of alice"},
		{"/secret/?next=//evil.com", "/login/?next=/secret/%3Fnext%3D//evil.com", "/secret/?next=//evil.com", "secret of alice"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			c := ta.client()
			resp := get(t, c, tt.path)
			if resp.StatusCode != 302 || resp.Location() != tt.location {
				t.Fatalf("GET %s anonymously: %d to %q, want 302 to %q", tt.path, resp.StatusCode, resp.Location(), tt.location)
			}
			form := get(t, c, resp.Location())
			next, _ := form.Context("next").(string)
			if next != tt.landing {
				t.Fatalf("the login page's next is %q, want %q", next, tt.landing)
			}
			c.FollowRedirects = true
			resp, err := c.PostForm("/login/", url.Values{"username": {"alice"}, "password": {testPassword}, "next": {next}})
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.RedirectChain) != 1 || resp.RedirectChain[0].URL != tt.landing || resp.Text() != tt.body {
				t.Errorf("login with next=%q: redirected %v to %q, want to %q showing %q", next, resp.RedirectChain, resp.Text(), tt.landing, tt.body)
			}
		})
	}
}

// TestLoginRequired_UnsafeNext: a next that leaves the site is ignored.
func TestLoginRequired_UnsafeNext(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, cookieStore)
	createUser(t, ta.db, "alice")
	for _, next := range []string{"//evil.com/", "https://evil.com/", `/\evil.com`, "javascript:alert(1)"} {
		c := ta.client()
		resp, err := c.PostForm("/login/", url.Values{"username": {"alice"}, "password": {testPassword}, "next": {next}})
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 302 || resp.Location() != "/" {
			t.Errorf("login with next=%q: %d to %q, want 302 to /", next, resp.StatusCode, resp.Location())
		}
	}
}

// TestLoginRequired_LoginURL: where anonymous visitors are sent.
func TestLoginRequired_LoginURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		opts      auth.Options
		loginName string // the name of the route /signin/, if any
		status    int
		location  string
	}{
		{"default", auth.Options{}, "", 302, "/accounts/login/?next=/private/%3Fq%3D1"},
		{"the route named login", auth.Options{}, "login", 302, "/signin/?next=/private/%3Fq%3D1"},
		{"a path", auth.Options{LoginURL: "/enter/"}, "login", 302, "/enter/?next=/private/%3Fq%3D1"},
		{"a route name", auth.Options{LoginURL: "accounts:signin"}, "", 302, "/accounts/signin/?next=/private/%3Fq%3D1"},
		{"an absolute URL with a query", auth.Options{LoginURL: "https://sso.example.com/login?app=blog"}, "", 302,
			"https://sso.example.com/login?app=blog&next=/private/%3Fq%3D1"},
		{"an unknown route name", auth.Options{LoginURL: "nope"}, "", 500, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app := framework.New(framework.Config{Debug: true})
			auth.Install(app, tt.opts)
			private := auth.LoginRequired(func(r *framework.Request) framework.Response { return framework.Text("private") })
			app.Get("/private/", private)
			signin := app.Get("/signin/", func(r *framework.Request) framework.Response { return framework.Text("sign in") })
			if tt.loginName != "" {
				signin.Name(tt.loginName)
			}
			app.Namespace("/accounts", "accounts", func(g *framework.Group) {
				g.Get("/signin/", func(r *framework.Request) framework.Response { return framework.Text("sign in") }).Name("signin")
			})
			resp := get(t, framework.NewTestClient(app), "/private/?q=1")
			if resp.StatusCode != tt.status || resp.Location() != tt.location {
				t.Errorf("GET /private/?q=1: %d to %q, want %d to %q", resp.StatusCode, resp.Location(), tt.status, tt.location)
			}
			if tt.status == 500 && !strings.Contains(resp.Text(), `Options.LoginURL &#34;nope&#34; is neither a path nor a route name`) &&
				!strings.Contains(resp.Text(), `Options.LoginURL "nope" is neither a path nor a route name`) {
				t.Errorf("the 500 page does not name the bad LoginURL:\n%.2000s", resp.Text())
			}
		})
	}
}

// TestMisconfigured: mistakes in setting the package up are reported,
// not silently wrong.
func TestMisconfigured(t *testing.T) {
	t.Parallel()
	view := func(r *framework.Request) framework.Response { return framework.Text("private") }
	t.Run("guard without the middleware", func(t *testing.T) {
		t.Parallel()
		app := framework.New(framework.Config{Debug: true})
		app.Get("/private/", auth.LoginRequired(view))
		app.Group("/group", func(g *framework.Group) {
			g.Use(auth.RequireLogin)
			g.Get("/", view)
		})
		c := framework.NewTestClient(app)
		for _, path := range []string{"/private/", "/group/"} {
			resp := get(t, c, path)
			if resp.StatusCode != 500 || !strings.Contains(resp.Text(), "need auth.Middleware") {
				t.Errorf("GET %s: %d, want a 500 saying the middleware is missing:\n%.1000s", path, resp.StatusCode, resp.Text())
			}
		}
	})
	t.Run("middleware through app.Use, after the routes", func(t *testing.T) {
		t.Parallel()
		app := framework.New(framework.Config{Debug: true})
		app.Get("/", auth.LoginRequired(view))
		app.Use(auth.Middleware(app)) // inside the App's sessions, whenever added before serving
		resp := get(t, framework.NewTestClient(app), "/")
		if resp.StatusCode != 302 || !strings.HasPrefix(resp.Location(), "/accounts/login/?next=") {
			t.Errorf("GET /: %d %q, want the login redirect", resp.StatusCode, resp.Location())
		}
	})
	t.Run("Install after the routes", func(t *testing.T) {
		t.Parallel()
		app := framework.New(framework.Config{Debug: true})
		app.Get("/", auth.LoginRequired(view))
		auth.Install(app)
		resp := get(t, framework.NewTestClient(app), "/")
		if resp.StatusCode != 302 || !strings.HasPrefix(resp.Location(), "/accounts/login/?next=") {
			t.Errorf("GET /: %d %q, want the login redirect", resp.StatusCode, resp.Location())
		}
	})
}

// TestInstall registers the model and the commands.
func TestInstall(t *testing.T) {
	t.Parallel()
	reg, err := orm.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	app := framework.New(framework.Config{Debug: true, Models: reg})
	auth.Install(app)
	if m, ok := reg.Model("auth_user"); !ok || m.Name != "User" {
		t.Errorf("after Install the registry lacks auth_user (%v)", m)
	}
	var out, errb strings.Builder
	if code := app.Run(t.Context(), []string{"help"}, &out, &errb); code != 0 {
		t.Fatalf("help: %d %s", code, errb.String())
	}
	for _, cmd := range []string{"createsuperuser", "changepassword"} {
		if !strings.Contains(out.String(), cmd) {
			t.Errorf("help does not list %s:\n%s", cmd, out.String())
		}
	}
}

// TestTemplatesSeeUser: every page, error pages included, knows the
// user; an anonymous visitor is Django's AnonymousUser.
func TestTemplatesSeeUser(t *testing.T) {
	t.Parallel()
	dbURL, db := migratedDB(t)
	createUser(t, db, "alice")
	fsys := fstest.MapFS{
		"page.html": {Data: []byte(`{{ user }}|{{ user.is_authenticated }}|{{ user.is_anonymous }}|{{ user.username }}|` +
			`{{ user.get_username }}|{{ user.is_staff }}|{% if user.date_joined %}joined{% endif %}`)},
		"404.html": {Data: []byte(`not found, {% if user.is_authenticated %}{{ user.username }}{% else %}stranger{% endif %}`)},
	}
	for name, f := range testTemplates {
		fsys[name] = f
	}
	app := framework.New(framework.Config{SecretKey: secretKey, AllowedHosts: []string{"example.com"},
		DatabaseURL: dbURL, TemplatesFS: fsys})
	t.Cleanup(func() { app.Close() })
	auth.Install(app)
	(&testApp{app: app, db: db}).routes()
	app.Get("/page", func(r *framework.Request) framework.Response { return r.Render("page.html", nil) })
	c := framework.NewTestClient(app)
	check := func(path string, status int, want string) {
		t.Helper()
		resp := get(t, c, path)
		if resp.StatusCode != status || resp.Text() != want {
			t.Errorf("GET %s: %d %q, want %d %q", path, resp.StatusCode, resp.Text(), status, want)
		}
	}
	check("/page", 200, "AnonymousUser|False|True|||False|")
	check("/nowhere", 404, "not found, stranger")
	login(t, c, "alice", testPassword)
	check("/page", 200, "alice|True|False|alice|alice|False|joined")
	check("/nowhere", 404, "not found, alice")
}

// TestConcurrentRequests: users logging in and browsing at once (run
// with -race).
func TestConcurrentRequests(t *testing.T) {
	t.Parallel()
	ta := newTestApp(t, dbStore)
	const users = 4
	for i := range users {
		createUser(t, ta.db, fmt.Sprintf("user%d", i))
	}
	var wg sync.WaitGroup
	for i := range users {
		for range 2 { // two browsers per user
			wg.Go(func() {
				name := fmt.Sprintf("user%d", i)
				c := ta.client()
				text := func(path string) string {
					resp, err := c.Get(path)
					if err != nil {
						return err.Error()
					}
					return resp.Text()
				}
				resp, err := c.PostForm("/login/", url.Values{"username": {name}, "password": {testPassword}})
				if err != nil || resp.StatusCode != 302 {
					t.Errorf("%s: login: %v %v", name, resp, err)
					return
				}
				for range 5 {
					for path, want := range map[string]string{"/": "Hello " + name, "/secret/": "secret of " + name, "/dash/": "dashboard of " + name} {
						if got := text(path); got != want {
							t.Errorf("%s: GET %s = %q, want %q", name, path, got, want)
						}
					}
				}
				if _, err := c.PostForm("/logout/", nil); err != nil {
					t.Error(err)
				}
				if got := text("/"); got != "Hello AnonymousUser" {
					t.Errorf("%s after logout: %q", name, got)
				}
			})
		}
	}
	wg.Wait()
}
