package framework_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/orm"
)

// get serves a GET of path through app, sending the session cookie it
// holds and keeping the one the response sets.
func get(app http.Handler, path string, cookie **http.Cookie) string {
	req := httptest.NewRequest(http.MethodGet, "http://localhost"+path, nil)
	if *cookie != nil {
		req.AddCookie(*cookie)
	}
	w := httptest.NewRecorder()
	app.ServeHTTP(w, req)
	for _, c := range w.Result().Cookies() {
		if c.Name == framework.SessionCookieName {
			*cookie = c
		}
	}
	return w.Body.String()
}

func ExampleSession() {
	app := framework.New(framework.Config{
		Debug:        true,
		SecretKey:    "a long random secret, from the environment in production",
		NoRequestLog: true,
	})
	app.Get("/", func(r *framework.Request) framework.Response {
		visits, _ := r.Session().GetInt("visits") // stored as JSON: GetInt converts
		visits++
		if err := r.Session().Set("visits", visits); err != nil {
			return framework.Error(err)
		}
		return framework.Text(fmt.Sprintf("visit %d", visits))
	})

	var cookie *http.Cookie // what the browser keeps
	for range 3 {
		fmt.Println(get(app, "/", &cookie))
	}
	// Output:
	// visit 1
	// visit 2
	// visit 3
}

func ExampleNewDBStore() {
	dir, err := os.MkdirTemp("", "sessions")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	db, err := orm.Open("sqlite:///" + filepath.Join(dir, "db.sqlite3"))
	if err != nil {
		panic(err)
	}
	defer db.Close()

	store := framework.NewDBStore(db)
	// A project with migrations registers framework.SessionRecord{} with
	// its models instead, and makemigrations creates the table.
	if err := store.CreateTable(context.Background()); err != nil {
		panic(err)
	}

	app := framework.New(framework.Config{Debug: true, SecretKey: "a long random secret", SessionStore: store, NoRequestLog: true})
	app.Get("/login", func(r *framework.Request) framework.Response {
		r.Session().CycleKey() // a new key at login: no session fixation
		r.Session().Set("user_id", 42)
		return framework.Text("logged in")
	})
	app.Get("/me", func(r *framework.Request) framework.Response {
		id, ok := r.Session().GetInt("user_id")
		if !ok {
			return framework.Text("anonymous")
		}
		return framework.Text(fmt.Sprintf("user %d", id))
	})
	app.Get("/logout", func(r *framework.Request) framework.Response {
		r.Session().Flush() // deleted from the database: every copy of the cookie is dead
		return framework.Text("logged out")
	})

	var cookie *http.Cookie
	fmt.Println(get(app, "/login", &cookie))
	fmt.Println(get(app, "/me", &cookie))
	stolen := cookie
	fmt.Println(get(app, "/logout", &cookie))
	fmt.Println(get(app, "/me", &stolen))

	// Run from time to time, as Django's clearsessions.
	n, err := store.ClearExpired(context.Background())
	fmt.Println("expired sessions removed:", n, err)
	// Output:
	// logged in
	// user 42
	// logged out
	// anonymous
	// expired sessions removed: 0 <nil>
}
