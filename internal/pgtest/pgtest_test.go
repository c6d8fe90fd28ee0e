package pgtest

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

func open(t *testing.T, url string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// exists reports whether the database, or else schema, name exists.
func exists(t *testing.T, admin *sql.DB, name string) bool {
	t.Helper()
	var n int
	err := admin.QueryRow(`SELECT (SELECT count(*) FROM pg_database WHERE datname = $1) +
		(SELECT count(*) FROM pg_namespace WHERE nspname = $1)`, name).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n == 1
}

func TestServer(t *testing.T) {
	admin := open(t, Start(t))
	ctx := context.Background()
	var user, fsync string
	if err := admin.QueryRowContext(ctx, `SELECT current_user, current_setting('fsync')`).Scan(&user, &fsync); err != nil {
		t.Fatal(err)
	}
	if os.Getenv(EnvURL) == "" && (user != "postgres" || fsync != "off") {
		t.Errorf("user %q fsync %q, want postgres and off", user, fsync)
	}

	// Each test gets a database (or, for a user who may not create one,
	// a schema) of its own, dropped at its end.
	var names []string
	for i := 0; i < 2; i++ {
		t.Run("sub", func(t *testing.T) {
			db := open(t, URL(t))
			var name, schema string
			if err := db.QueryRowContext(ctx, `SELECT current_database(), current_schema()`).Scan(&name, &schema); err != nil {
				t.Fatal(err)
			}
			if srv.schemas.Load() {
				name = schema
			}
			if !strings.HasPrefix(name, "gftest_") || !strings.Contains(name, "_testserver_sub") {
				t.Errorf("database %q", name)
			}
			if _, err := db.ExecContext(ctx, `CREATE TABLE mine (id INT)`); err != nil {
				t.Error(err)
			}
			names = append(names, name)
			if !exists(t, admin, name) {
				t.Errorf("%s: no such database or schema", name)
			}
		})
	}
	if len(names) != 2 || names[0] == names[1] {
		t.Fatalf("databases %q", names)
	}
	for _, name := range names {
		if exists(t, admin, name) {
			t.Errorf("%s: not dropped when its test ended", name)
		}
	}
}

// Where the user may not create databases, each test gets a schema of
// its own, set as its search_path.
func TestSchemaFallback(t *testing.T) {
	admin := open(t, Start(t))
	ctx := context.Background()
	checkSchema := func(t *testing.T, s *server) {
		var schema string
		t.Run("sub", func(t *testing.T) {
			u, err := s.newURL(t)
			if err != nil {
				t.Fatal(err)
			}
			if !s.schemas.Load() || !strings.Contains(u, "search_path=gftest_") {
				t.Errorf("no schema: %s", u)
			}
			db := open(t, u)
			if _, err := db.ExecContext(ctx, `CREATE TABLE mine (id INT)`); err != nil {
				t.Fatal(err)
			}
			err = db.QueryRowContext(ctx, `SELECT table_schema FROM information_schema.tables WHERE table_name = 'mine'`).Scan(&schema)
			if err != nil || !strings.HasPrefix(schema, "gftest_") {
				t.Errorf("table in schema %q, %v", schema, err)
			}
			db.Close()
		})
		var n int
		err := s.adminDB.QueryRowContext(ctx, `SELECT count(*) FROM pg_namespace WHERE nspname = $1`, schema).Scan(&n)
		if err != nil || n != 0 {
			t.Errorf("schema %s not dropped (%d, %v)", schema, n, err)
		}
	}

	t.Run("forced", func(t *testing.T) {
		u := URL(t) // a database of the test's own, where its user may create schemas
		s := &server{admin: u, adminDB: open(t, u)}
		s.schemas.Store(true)
		checkSchema(t, s)
	})

	// Found out: CREATE DATABASE refused (insufficient_privilege), as
	// for a role without CREATEDB.
	t.Run("refused", func(t *testing.T) {
		role := dbName("limited")
		if _, err := admin.ExecContext(ctx, `CREATE ROLE `+quote(role)+` NOCREATEDB`); err != nil {
			t.Logf("cannot create a role to test with (%v): only the forced case ran", err)
			return
		}
		t.Cleanup(func() {
			admin.Exec(`DROP OWNED BY ` + quote(role))
			admin.Exec(`DROP ROLE ` + quote(role))
		})
		grant := `GRANT CREATE ON DATABASE ` + quote(currentDB(t, admin)) + ` TO ` + quote(role)
		if _, err := admin.ExecContext(ctx, grant); err != nil {
			t.Fatalf("%s: %v", grant, err)
		}
		limited := withParam(Start(t), "role", role) // connect, then act as role
		s := &server{admin: limited, adminDB: open(t, limited)}
		checkSchema(t, s)
	})
}

func currentDB(t *testing.T, db *sql.DB) string {
	var name string
	if err := db.QueryRow(`SELECT current_database()`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestExternalURLErrors(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"mysql://u:secret@x/y", "want a postgres://"},
		{"postgres://u:secret@127.0.0.1:1/x?connect_timeout=2", "cannot connect"},
	} {
		_, err := external(tc.url)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), EnvURL) || strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: %v, want %q naming %s without the password", tc.url, err, tc.want, EnvURL)
		}
	}
}

func TestDBName(t *testing.T) {
	n := dbName("TestSomething/with spaces and Ünïcode/" + strings.Repeat("x", 80))
	if len(n) > 63 || strings.Trim(n, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
		t.Errorf("%q", n)
	}
}
