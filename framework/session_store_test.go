package framework

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goframe/goframe/internal/pgtest"
	"github.com/goframe/goframe/orm"
)

// openSessionDB opens a SQLite file in a temporary directory with the
// session table created.
func openSessionDB(t *testing.T, path string) *orm.DB {
	t.Helper()
	db, err := orm.Open("sqlite:///" + path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := NewDBStore(db).CreateTable(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// serverStores are the server-side stores every store test runs on.
func serverStores(t *testing.T) map[string]interface {
	SessionStore
	ClearExpiredCount(context.Context) (int64, error)
} {
	t.Helper()
	out := map[string]interface {
		SessionStore
		ClearExpiredCount(context.Context) (int64, error)
	}{
		"memory":    memoryCounted{NewMemoryStore()},
		"db/sqlite": dbCounted{NewDBStore(openSessionDB(t, filepath.Join(t.TempDir(), "db.sqlite3")))},
	}
	db, err := orm.Open(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	pg := NewDBStore(db)
	if err := pg.CreateTable(context.Background()); err != nil {
		t.Fatal(err)
	}
	out["db/postgres"] = dbCounted{pg}
	return out
}

// memoryCounted and dbCounted give the two ClearExpired one signature.
type memoryCounted struct{ *MemoryStore }

func (m memoryCounted) ClearExpiredCount(ctx context.Context) (int64, error) {
	n, err := m.ClearExpired(ctx)
	return int64(n), err
}

type dbCounted struct{ *DBStore }

func (d dbCounted) ClearExpiredCount(ctx context.Context) (int64, error) { return d.ClearExpired(ctx) }

func TestServerStores(t *testing.T) {
	ctx := context.Background()
	for name, store := range serverStores(t) {
		t.Run(name, func(t *testing.T) {
			hour := time.Now().Add(time.Hour)
			data := map[string]any{"user_id": 42.0, "cart": []any{"a", "b"}, "name": "Zoë"}

			key, err := store.Save(ctx, "", data, hour)
			if err != nil {
				t.Fatalf("Save new: %v", err)
			}
			if !validSessionKey(key) {
				t.Errorf("new key %q is not 32 lowercase letters and digits", key)
			}
			got, err := store.Load(ctx, key)
			if err != nil || !reflect.DeepEqual(got, data) {
				t.Fatalf("Load = %v, %v; want %v", got, err, data)
			}
			// Each load is a copy: changing it changes nothing stored.
			got["user_id"] = 1.0
			if again, _ := store.Load(ctx, key); again["user_id"] != 42.0 {
				t.Errorf("a loaded map aliases the stored data: %v", again)
			}

			// Update under the same key.
			data2 := map[string]any{"user_id": 43.0}
			if k, err := store.Save(ctx, key, data2, hour); err != nil || k != key {
				t.Fatalf("Save existing = %q, %v; want %q", k, err, key)
			}
			if got, _ := store.Load(ctx, key); !reflect.DeepEqual(got, data2) {
				t.Errorf("after update, Load = %v", got)
			}

			// Keys are unique.
			key2, err := store.Save(ctx, "", data, hour)
			if err != nil || key2 == key {
				t.Errorf("second new session: key %q, %v (first %q)", key2, err, key)
			}

			// A key the store did not issue is never adopted.
			for _, bogus := range []string{"", "abc", strings.Repeat("a", 32), strings.Repeat("A", 32), key + "x", "'; DROP TABLE goframe_session; --"} {
				if _, err := store.Load(ctx, bogus); !errors.Is(err, ErrSessionNotFound) {
					t.Errorf("Load(%q): err = %v, want ErrSessionNotFound", bogus, err)
				}
			}
			if _, err := store.Save(ctx, strings.Repeat("b", 32), data, hour); !errors.Is(err, ErrSessionNotFound) {
				t.Errorf("Save under a key never issued: err = %v, want ErrSessionNotFound", err)
			}
			if _, err := store.Load(ctx, strings.Repeat("b", 32)); !errors.Is(err, ErrSessionNotFound) {
				t.Errorf("Save under a key never issued created it: %v", err)
			}

			// Delete, then saving under the deleted key does not bring it back.
			if err := store.Delete(ctx, key); err != nil {
				t.Fatal(err)
			}
			if _, err := store.Load(ctx, key); !errors.Is(err, ErrSessionNotFound) {
				t.Errorf("after Delete: err = %v", err)
			}
			if _, err := store.Save(ctx, key, data, hour); !errors.Is(err, ErrSessionNotFound) {
				t.Errorf("Save after Delete: err = %v, want ErrSessionNotFound", err)
			}
			if err := store.Delete(ctx, key); err != nil {
				t.Errorf("deleting twice: %v", err)
			}

			// Expiry: an expired session is not returned, and ClearExpired removes it.
			n0, _ := store.ClearExpiredCount(ctx)
			if n0 != 0 {
				t.Errorf("ClearExpired with nothing expired: %d", n0)
			}
			expired, err := store.Save(ctx, "", data, time.Now().Add(-time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := store.Load(ctx, expired); !errors.Is(err, ErrSessionNotFound) {
				t.Errorf("expired session: err = %v, want ErrSessionNotFound", err)
			}
			if _, err := store.Save(ctx, "", data, time.Now().Add(-time.Hour)); err != nil {
				t.Fatal(err)
			}
			if n, err := store.ClearExpiredCount(ctx); err != nil || n < 1 {
				t.Errorf("ClearExpired = %d, %v; want at least 1", n, err)
			}
			if got, err := store.Load(ctx, key2); err != nil || got["user_id"] != 42.0 {
				t.Errorf("ClearExpired removed a live session: %v, %v", got, err)
			}
		})
	}
}

func TestServerStores_Concurrent(t *testing.T) {
	ctx := context.Background()
	for name, store := range serverStores(t) {
		t.Run(name, func(t *testing.T) {
			var wg sync.WaitGroup
			errs := make(chan error, 64)
			for g := range 8 {
				wg.Go(func() {
					for i := range 10 {
						key, err := store.Save(ctx, "", map[string]any{"g": float64(g), "i": float64(i)}, time.Now().Add(time.Hour))
						if err != nil {
							errs <- err
							return
						}
						got, err := store.Load(ctx, key)
						if err != nil || got["g"] != float64(g) || got["i"] != float64(i) {
							errs <- errors.New("lost a write: " + key)
							return
						}
						if _, err := store.Save(ctx, key, map[string]any{"done": true}, time.Now().Add(time.Hour)); err != nil {
							errs <- err
							return
						}
						if err := store.Delete(ctx, key); err != nil {
							errs <- err
							return
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
		})
	}
}

func TestMemoryStore_Sweep(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := NewMemoryStore()
	for range 10 {
		if _, err := s.Save(ctx, "", map[string]any{"x": 1.0}, time.Now().Add(-time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	live, _ := s.Save(ctx, "", map[string]any{"x": 1.0}, time.Now().Add(time.Hour))
	// The periodic sweep, without a goroutine: enough saves remove the
	// expired sessions by themselves.
	for range memorySweepEvery {
		s.Save(ctx, live, map[string]any{"x": 2.0}, time.Now().Add(time.Hour))
	}
	if n := s.Len(); n != 1 {
		t.Errorf("after %d saves, %d sessions held; want the live one only", memorySweepEvery, n)
	}
}

func TestDBStore_MakeMigrationsCreatesTheTable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	reg, err := orm.NewRegistry(SessionRecord{})
	if err != nil {
		t.Fatal(err)
	}
	path, err := orm.MakeMigrations(reg, filepath.Join(dir, "migrations"), orm.MakeOptions{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil || path == "" {
		t.Fatalf("MakeMigrations = %q, %v", path, err)
	}
	src, _ := os.ReadFile(path)
	if !strings.Contains(string(src), `CREATE TABLE "goframe_session"`) {
		t.Errorf("the migration does not create goframe_session:\n%s", src)
	}

	migrated, err := orm.Open("sqlite:///" + filepath.Join(dir, "migrated.sqlite3"))
	if err != nil {
		t.Fatal(err)
	}
	defer migrated.Close()
	if _, err := orm.Migrate(ctx, migrated, os.DirFS(filepath.Join(dir, "migrations")), ""); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	created := openSessionDB(t, filepath.Join(dir, "created.sqlite3"))
	if err := NewDBStore(created).CreateTable(ctx); err != nil {
		t.Errorf("CreateTable a second time: %v", err)
	}
	if a, b := sqliteSchema(t, filepath.Join(dir, "migrated.sqlite3")), sqliteSchema(t, filepath.Join(dir, "created.sqlite3")); a != b {
		t.Errorf("CreateTable's schema differs from the migration's:\nmigration:   %s\nCreateTable: %s", a, b)
	}
	// And the store works on the migrated table.
	store := NewDBStore(migrated)
	key, err := store.Save(ctx, "", map[string]any{"a": "b"}, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := store.Load(ctx, key); err != nil || got["a"] != "b" {
		t.Errorf("Load on the migrated table = %v, %v", got, err)
	}
}

func TestDBStore_PostgresSchemaMatchesMigration(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	reg, err := orm.NewRegistry(SessionRecord{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := orm.MakeMigrations(reg, dir, orm.MakeOptions{}); err != nil {
		t.Fatal(err)
	}
	migratedURL, createdURL := pgtest.URL(t), pgtest.URL(t)
	migrated, err := orm.Open(migratedURL)
	if err != nil {
		t.Fatal(err)
	}
	defer migrated.Close()
	if _, err := orm.Migrate(ctx, migrated, os.DirFS(dir), ""); err != nil {
		t.Fatal(err)
	}
	created, err := orm.Open(createdURL)
	if err != nil {
		t.Fatal(err)
	}
	defer created.Close()
	for range 2 { // twice: IF NOT EXISTS
		if err := NewDBStore(created).CreateTable(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if a, b := postgresSchema(t, migratedURL), postgresSchema(t, createdURL); a != b {
		t.Errorf("CreateTable's schema differs from the migration's:\nmigration:   %s\nCreateTable: %s", a, b)
	}
}

// queryStrings runs query on the database at (driver, dsn) and returns
// its rows, each as its columns joined by "|".
func queryStrings(t *testing.T, driver, dsn, query string) []string {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = v.String
		}
		out = append(out, strings.Join(parts, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// sqliteSchema describes goframe_session's columns and indexes in the
// SQLite file at path.
func sqliteSchema(t *testing.T, path string) string {
	t.Helper()
	var parts []string
	parts = append(parts, queryStrings(t, "sqlite3", path, `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('goframe_session') ORDER BY cid`)...)
	parts = append(parts, queryStrings(t, "sqlite3", path, `SELECT il.name, il."unique", ii.name FROM pragma_index_list('goframe_session') il, pragma_index_info(il.name) ii ORDER BY il.name`)...)
	return strings.Join(parts, "; ")
}

// postgresSchema describes goframe_session's columns, constraints and
// indexes in the PostgreSQL database at url.
func postgresSchema(t *testing.T, url string) string {
	t.Helper()
	var parts []string
	parts = append(parts, queryStrings(t, "pgx", url, `SELECT column_name, data_type, is_nullable, character_maximum_length, datetime_precision
		FROM information_schema.columns WHERE table_name = 'goframe_session' AND table_schema = current_schema() ORDER BY ordinal_position`)...)
	parts = append(parts, queryStrings(t, "pgx", url, `SELECT conname, contype FROM pg_constraint WHERE conrelid = 'goframe_session'::regclass ORDER BY conname`)...)
	parts = append(parts, queryStrings(t, "pgx", url, `SELECT indexname, replace(indexdef, current_schema() || '.', '') FROM pg_indexes WHERE tablename = 'goframe_session' AND schemaname = current_schema() ORDER BY indexname`)...)
	return strings.Join(parts, "; ")
}
