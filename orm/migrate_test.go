package orm

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// The versions of the models the migration workflow goes through, after
// User and BlogPost (orm_test.go).

type postV2 struct { // + slug, NOT NULL with a default, indexed
	ID        int64      `db:"id"`
	Title     string     `db:"title" orm:"size:200;index"`
	AuthorID  int64      `db:"author_id" orm:"fk:user;on_delete:cascade"`
	Published *time.Time `db:"published"`
	Views     int        `db:"views" orm:"default:0"`
	Created   time.Time  `db:"created" orm:"created"`
	Updated   time.Time  `db:"updated" orm:"updated"`
	Slug      string     `db:"slug" orm:"size:100;default:'';index"`
}

func (postV2) TableName() string { return "blog_post" }

type userV3 struct { // email longer, name nullable
	ID    int64   `db:"id"`
	Email string  `db:"email" orm:"unique;size:254"`
	Name  *string `db:"name"`
}

func (userV3) TableName() string { return "user" }

type postV3 struct { // title longer, views default 1, + rating NOT NULL without a default
	ID        int64      `db:"id"`
	Title     string     `db:"title" orm:"size:300;index"`
	AuthorID  int64      `db:"author_id" orm:"fk:user;on_delete:cascade"`
	Published *time.Time `db:"published"`
	Views     int        `db:"views" orm:"default:1"`
	Created   time.Time  `db:"created" orm:"created"`
	Updated   time.Time  `db:"updated" orm:"updated"`
	Slug      string     `db:"slug" orm:"size:100;default:'';index"`
	Rating    int32      `db:"rating"`
}

func (postV3) TableName() string { return "blog_post" }

type postV4 struct { // - views
	ID        int64      `db:"id"`
	Title     string     `db:"title" orm:"size:300;index"`
	AuthorID  int64      `db:"author_id" orm:"fk:user;on_delete:cascade"`
	Published *time.Time `db:"published"`
	Created   time.Time  `db:"created" orm:"created"`
	Updated   time.Time  `db:"updated" orm:"updated"`
	Slug      string     `db:"slug" orm:"size:100;default:'';index"`
	Rating    int32      `db:"rating"`
}

func (postV4) TableName() string { return "blog_post" }

type postV5 struct { // title renamed headline
	ID        int64      `db:"id"`
	Headline  string     `db:"headline" orm:"size:300;index"`
	AuthorID  int64      `db:"author_id" orm:"fk:user;on_delete:cascade"`
	Published *time.Time `db:"published"`
	Created   time.Time  `db:"created" orm:"created"`
	Updated   time.Time  `db:"updated" orm:"updated"`
	Slug      string     `db:"slug" orm:"size:100;default:'';index"`
	Rating    int32      `db:"rating"`
}

func (postV5) TableName() string { return "blog_post" }

var testNow = time.Date(2026, 3, 7, 9, 5, 0, 0, time.UTC)

func mustRegistry(t *testing.T, models ...any) *Registry {
	t.Helper()
	r, err := NewRegistry(models...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// emptyDBs are a SQLite file and a memory database without tables.
func emptyDBs(t *testing.T) map[string]*DB {
	t.Helper()
	out := map[string]*DB{}
	for name, url := range map[string]string{
		"file":   "sqlite:///" + filepath.Join(t.TempDir(), "m.db"),
		"memory": "sqlite::memory:",
	} {
		db, err := Open(url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		out[name] = db
	}
	return out
}

func sortedDBNames(dbs map[string]*DB) []string {
	names := make([]string, 0, len(dbs))
	for n := range dbs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// opKinds lists a migration file's operations.
func opKinds(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := parseMigration(strings.TrimSuffix(filepath.Base(path), ".sql"), data)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, op := range m.Ops {
		kinds = append(kinds, op.Op)
	}
	return kinds
}

// replayed is the schema the first n migrations of fsys build (all for n < 0).
func replayed(t *testing.T, fsys fs.FS, n int) *schemaState {
	t.Helper()
	migs, err := loadMigrations(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if n >= 0 {
		migs = migs[:n]
	}
	s, err := replay(migs)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// checkSQLiteSchema compares a SQLite database's tables, columns,
// foreign keys and indexes with a schema state.
func checkSQLiteSchema(t *testing.T, db *DB, want *schemaState) {
	t.Helper()
	ctx := context.Background()
	var tables []string
	if err := db.write.SelectContext(ctx, &tables, `SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT IN ('sqlite_sequence', 'goframe_migrations') ORDER BY name`); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tables, want.tableNames()) {
		t.Fatalf("tables %v, want %v", tables, want.tableNames())
	}
	g := ddl{dialect: "sqlite"}
	for _, name := range tables {
		ws := want.Tables[name]
		var got, exp []string
		rows, err := db.write.QueryContext(ctx, fmt.Sprintf("PRAGMA table_info(%s)", q(name)))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var cid, notnull, pk int
			var col, typ string
			var dflt *string
			if err := rows.Scan(&cid, &col, &typ, &notnull, &dflt, &pk); err != nil {
				t.Fatal(err)
			}
			d := ""
			if dflt != nil {
				d = *dflt
			}
			got = append(got, fmt.Sprintf("%s %s notnull=%d default=%s pk=%v", col, typ, notnull, d, pk > 0))
		}
		rows.Close()
		for _, c := range ws.Columns {
			notnull := 0
			if !c.Null && !(c.PK && c.Auto) {
				notnull = 1
			}
			d := ""
			if c.Default != nil {
				d = *c.Default
			}
			exp = append(exp, fmt.Sprintf("%s %s notnull=%d default=%s pk=%v", c.Name, g.typeSQL(c), notnull, d, c.PK))
		}
		sort.Strings(got)
		sort.Strings(exp)
		if !slices.Equal(got, exp) {
			t.Errorf("table %s columns\n got %q\nwant %q", name, got, exp)
		}

		got, exp = nil, nil
		rows, err = db.write.QueryContext(ctx, fmt.Sprintf("PRAGMA foreign_key_list(%s)", q(name)))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id, seq int
			var table, from, to, onUpdate, onDelete, match string
			if err := rows.Scan(&id, &seq, &table, &from, &to, &onUpdate, &onDelete, &match); err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%s -> %s.%s %s", from, table, to, onDelete))
		}
		rows.Close()
		for _, c := range ws.Columns {
			if c.FK != nil {
				exp = append(exp, fmt.Sprintf("%s -> %s.%s %s", c.Name, c.FK.Table, c.FK.Column, c.FK.OnDelete))
			}
		}
		sort.Strings(got)
		sort.Strings(exp)
		if !slices.Equal(got, exp) {
			t.Errorf("table %s foreign keys\n got %q\nwant %q", name, got, exp)
		}

		got, exp = nil, nil
		var indexes []struct {
			Name   string `db:"name"`
			Unique bool   `db:"unique"`
		}
		if err := db.write.SelectContext(ctx, &indexes, fmt.Sprintf(`SELECT name, "unique" FROM pragma_index_list(%s) WHERE origin = 'c'`, "'"+name+"'")); err != nil {
			t.Fatal(err)
		}
		for _, ix := range indexes {
			var cols []string
			if err := db.write.SelectContext(ctx, &cols, "SELECT name FROM pragma_index_info(?) ORDER BY seqno", ix.Name); err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%s %v %v", ix.Name, cols, ix.Unique))
		}
		for _, ix := range ws.Indexes {
			exp = append(exp, fmt.Sprintf("%s %v %v", ix.Name, ix.Columns, ix.Unique))
		}
		sort.Strings(got)
		sort.Strings(exp)
		if !slices.Equal(got, exp) {
			t.Errorf("table %s indexes\n got %q\nwant %q", name, got, exp)
		}
		var ddlText string
		if err := db.write.GetContext(ctx, &ddlText, "SELECT sql FROM sqlite_master WHERE name = ?", name); err != nil {
			t.Fatal(err)
		}
		if pk := ws.pk(); pk.Auto != strings.Contains(ddlText, "AUTOINCREMENT") {
			t.Errorf("table %s: AUTOINCREMENT is %v in %s", name, pk.Auto, ddlText)
		}
	}
	var fkOn int
	if err := db.write.GetContext(ctx, &fkOn, "PRAGMA foreign_keys"); err != nil || fkOn != 1 {
		t.Errorf("foreign keys on the writer: %d, %v", fkOn, err)
	}
	var problems int
	if err := db.write.GetContext(ctx, &problems, "SELECT count(*) FROM pragma_foreign_key_check"); err != nil || problems != 0 {
		t.Errorf("foreign_key_check: %d problems, %v", problems, err)
	}
}

func strs(t *testing.T, db *DB, query string) []string {
	t.Helper()
	var out []string
	if err := db.write.SelectContext(context.Background(), &out, query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return out
}

// TestMigrationWorkflow goes through Django's workflow: models change,
// makemigrations writes the next migration, migrate applies it to a
// SQLite file and a memory database holding rows; then back to the
// first migration and forward again.
func TestMigrationWorkflow(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "migrations")
	fsys := os.DirFS(dir)
	dbs := emptyDBs(t)

	steps := []struct {
		name   string
		models []any
		// refuse: MakeMigrations with refuseOpts fails naming these.
		refuseOpts MakeOptions
		refuse     []string
		opts       MakeOptions
		file       string // the new migration; "" for none
		ops        []string
		before     func(t *testing.T, db *DB) // before migrating
		check      func(t *testing.T, db *DB) // after migrating
	}{{
		name:   "initial",
		models: []any{User{}, BlogPost{}},
		file:   "0001_initial.sql",
		ops:    []string{"CreateTable", "CreateTable", "AddIndex", "AddIndex", "AddIndex"},
		check: func(t *testing.T, db *DB) {
			ann := &User{Email: "ann@x", Name: "Ann"}
			bob := &User{Email: "bob@x", Name: "Bob"}
			for _, u := range []*User{ann, bob} {
				if err := Insert(ctx, db, u); err != nil {
					t.Fatal(err)
				}
			}
			pub := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
			for _, p := range []*BlogPost{
				{Title: "Hello", AuthorID: ann.ID},
				{Title: "World", AuthorID: ann.ID, Published: &pub, Views: 5},
				{Title: "Bob's", AuthorID: bob.ID},
				{Title: "Deleted", AuthorID: bob.ID},
			} {
				if err := Insert(ctx, db, p); err != nil {
					t.Fatal(err)
				}
			}
			// The highest id goes: AUTOINCREMENT must not reuse it, even
			// after the table is rebuilt.
			if _, err := db.Exec(ctx, `DELETE FROM blog_post WHERE title = 'Deleted'`); err != nil {
				t.Fatal(err)
			}
			var ce *ConstraintError
			if err := Insert(ctx, db, &User{Email: "ann@x", Name: "dup"}); !errors.As(err, &ce) || ce.Kind != ConstraintUnique {
				t.Errorf("unique email: %v", err)
			}
		},
	}, {
		name:   "add a NOT NULL column with a default to a table with rows",
		models: []any{User{}, postV2{}},
		file:   "0002_add_blog_post_slug.sql",
		ops:    []string{"AddColumn", "AddIndex"},
		check: func(t *testing.T, db *DB) {
			if got := strs(t, db, `SELECT slug || '|' || title FROM blog_post ORDER BY id`); !slices.Equal(got, []string{"|Hello", "|World", "|Bob's"}) {
				t.Errorf("slugs: %q", got)
			}
			p, err := Get[postV2](ctx, db, 1)
			if err != nil || p.Slug != "" || p.Title != "Hello" {
				t.Errorf("get: %+v %v", p, err)
			}
		},
	}, {
		name:   "change null, default, size; add NOT NULL without default (SQLite rebuilds)",
		models: []any{userV3{}, postV3{}},
		opts:   MakeOptions{Now: testNow},
		file:   "0003_auto_20260307_0905.sql",
		ops:    []string{"AddColumn", "AlterColumn", "AlterColumn", "AlterColumn", "AlterColumn"},
		check: func(t *testing.T, db *DB) {
			if got := strs(t, db, `SELECT title || '|' || views || '|' || rating || '|' || slug FROM blog_post ORDER BY id`); !slices.Equal(got, []string{"Hello|0|0|", "World|5|0|", "Bob's|0|0|"}) {
				t.Errorf("rows after the rebuild: %q", got)
			}
			if got := strs(t, db, `SELECT email || '|' || name FROM "user" ORDER BY id`); !slices.Equal(got, []string{"ann@x|Ann", "bob@x|Bob"}) {
				t.Errorf("users after the rebuild: %q", got)
			}
			p, err := Get[postV3](ctx, db, 2)
			if err != nil || p.Published == nil || !p.Published.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
				t.Errorf("post 2: %+v, %v", p, err)
			}
			// AUTOINCREMENT's high-water mark survived the rebuild.
			np := &postV3{Title: "New", AuthorID: 1}
			if err := Insert(ctx, db, np); err != nil || np.ID != 5 {
				t.Errorf("new post id %d (want 5: 4 was used), %v", np.ID, err)
			}
			// The new definitions hold: NULL names, a views default of 1.
			if err := Insert(ctx, db, &userV3{Email: "nameless@x"}); err != nil {
				t.Errorf("NULL name: %v", err)
			}
			if _, err := db.Exec(ctx, `INSERT INTO blog_post (title, author_id, created, updated, rating) VALUES ('d', 1, '2026-01-01', '2026-01-01', 0)`); err != nil {
				t.Fatal(err)
			}
			if got := strs(t, db, `SELECT views FROM blog_post WHERE title = 'd'`); !slices.Equal(got, []string{"1"}) {
				t.Errorf("views default: %v", got)
			}
			db.Exec(ctx, `DELETE FROM blog_post WHERE title IN ('d', 'New')`)
			// Foreign keys still hold, and cascade, across the rebuilt
			// tables.
			var ce *ConstraintError
			if err := Insert(ctx, db, &postV3{Title: "orphan", AuthorID: 999}); !errors.As(err, &ce) || ce.Kind != ConstraintForeignKey {
				t.Errorf("orphan post: %v", err)
			}
			if _, err := db.Exec(ctx, `DELETE FROM "user" WHERE email = 'bob@x'`); err != nil {
				t.Fatal(err)
			}
			if got := strs(t, db, `SELECT title FROM blog_post ORDER BY id`); !slices.Equal(got, []string{"Hello", "World"}) {
				t.Errorf("after deleting bob (cascade): %q", got)
			}
		},
	}, {
		name:       "drop a column: refused without AllowDrop",
		models:     []any{userV3{}, postV4{}},
		refuseOpts: MakeOptions{},
		refuse:     []string{"refusing to drop column blog_post.views", "AllowDrop"},
		opts:       MakeOptions{AllowDrop: true},
		file:       "0004_remove_blog_post_views.sql",
		ops:        []string{"DropColumn"},
		check: func(t *testing.T, db *DB) {
			if got := strs(t, db, `SELECT name FROM pragma_table_info('blog_post') WHERE name = 'views'`); len(got) != 0 {
				t.Errorf("views is still there")
			}
		},
	}, {
		name:       "rename a column: only through Renames",
		models:     []any{userV3{}, postV5{}},
		refuseOpts: MakeOptions{},
		refuse:     []string{"column blog_post.title", `"blog_post.title": "headline"`},
		opts:       MakeOptions{Renames: map[string]string{"blog_post.title": "headline"}},
		file:       "0005_rename_blog_post_title_headline.sql",
		ops:        []string{"RenameColumn", "DropIndex", "AddIndex"},
		check: func(t *testing.T, db *DB) {
			if got := strs(t, db, `SELECT headline FROM blog_post ORDER BY id`); !slices.Equal(got, []string{"Hello", "World"}) {
				t.Errorf("headlines: %q", got)
			}
		},
	}, {
		name:   "no changes",
		models: []any{userV3{}, postV5{}},
	}, {
		name:   "no changes, models registered in another order",
		models: []any{postV5{}, userV3{}},
	}}

	for i, st := range steps {
		reg := mustRegistry(t, st.models...)
		if st.refuse != nil {
			path, err := MakeMigrations(reg, dir, st.refuseOpts)
			if err == nil {
				t.Fatalf("step %d (%s): not refused, wrote %s", i+1, st.name, path)
			}
			for _, want := range st.refuse {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("step %d (%s): error %q lacks %q", i+1, st.name, err, want)
				}
			}
		}
		path, err := MakeMigrations(reg, dir, st.opts)
		if err != nil {
			t.Fatalf("step %d (%s): %v", i+1, st.name, err)
		}
		if st.file == "" {
			if path != "" {
				t.Fatalf("step %d (%s): wrote %s, want no changes", i+1, st.name, path)
			}
			continue
		}
		if filepath.Base(path) != st.file {
			t.Fatalf("step %d (%s): wrote %s, want %s", i+1, st.name, path, st.file)
		}
		if got := opKinds(t, path); !slices.Equal(got, st.ops) {
			t.Errorf("step %d (%s): operations %v, want %v", i+1, st.name, got, st.ops)
		}
		for _, name := range sortedDBNames(dbs) {
			db := dbs[name]
			applied, err := Migrate(ctx, db, fsys, "")
			if err != nil {
				t.Fatalf("step %d (%s), %s: %v", i+1, st.name, name, err)
			}
			if want := []string{strings.TrimSuffix(st.file, ".sql")}; !slices.Equal(applied, want) {
				t.Errorf("step %d, %s: applied %v, want %v", i+1, name, applied, want)
			}
			checkSQLiteSchema(t, db, replayed(t, fsys, -1))
			if st.check != nil {
				st.check(t, db)
			}
		}
	}

	for _, name := range sortedDBNames(dbs) {
		db := dbs[name]
		// Back to 0001: 0003's down makes user.name NOT NULL again, which
		// the nameless user breaks. The error names the migration and
		// the statement; 0003 stays applied, as it was.
		applied, err := Migrate(ctx, db, fsys, "0001_initial")
		var me *MigrationError
		if !errors.As(err, &me) || me.Migration != "0003_auto_20260307_0905" || !me.Backwards ||
			!strings.Contains(me.Statement, `INSERT INTO "goframe_new_user"`) || !strings.Contains(err.Error(), "NOT NULL constraint failed") {
			t.Fatalf("%s: back with a NULL name: %v", name, err)
		}
		if want := []string{"0005_rename_blog_post_title_headline", "0004_remove_blog_post_views"}; !slices.Equal(applied, want) {
			t.Errorf("%s: applied %v before the failure, want %v", name, applied, want)
		}
		checkSQLiteSchema(t, db, replayed(t, fsys, 3))
		if _, err := db.Exec(ctx, `UPDATE "user" SET name = '' WHERE name IS NULL`); err != nil {
			t.Fatal(err)
		}
		applied, err = Migrate(ctx, db, fsys, "0001")
		if err != nil {
			t.Fatalf("%s: back to 0001: %v", name, err)
		}
		if want := []string{"0003_auto_20260307_0905", "0002_add_blog_post_slug"}; !slices.Equal(applied, want) {
			t.Errorf("%s: back: applied %v, want %v", name, applied, want)
		}
		checkSQLiteSchema(t, db, replayed(t, fsys, 1))
		// The renamed column is back under its old name; views, dropped,
		// came back with its default then.
		if got := strs(t, db, `SELECT title || '|' || views FROM blog_post ORDER BY id`); !slices.Equal(got, []string{"Hello|1", "World|1"}) {
			t.Errorf("%s: rows at 0001: %q", name, got)
		}
		status, err := ShowMigrations(ctx, db, fsys)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, s := range status {
			lines = append(lines, s.String())
		}
		want := "[X] 0001_initial|[ ] 0002_add_blog_post_slug|[ ] 0003_auto_20260307_0905|[ ] 0004_remove_blog_post_views|[ ] 0005_rename_blog_post_title_headline"
		if strings.Join(lines, "|") != want {
			t.Errorf("%s: showmigrations\n got %s\nwant %s", name, strings.Join(lines, "|"), want)
		}
		// And forward again.
		applied, err = Migrate(ctx, db, fsys, "")
		if err != nil || len(applied) != 4 {
			t.Fatalf("%s: forward again: %v, %v", name, applied, err)
		}
		checkSQLiteSchema(t, db, replayed(t, fsys, -1))
		if got := strs(t, db, `SELECT headline FROM blog_post ORDER BY id`); !slices.Equal(got, []string{"Hello", "World"}) {
			t.Errorf("%s: headlines after forward again: %q", name, got)
		}
		if applied, err := Migrate(ctx, db, fsys, ""); err != nil || len(applied) != 0 {
			t.Errorf("%s: nothing to do: %v, %v", name, applied, err)
		}
		// All the way down, and up.
		if applied, err := Migrate(ctx, db, fsys, "zero"); err != nil || len(applied) != 5 {
			t.Fatalf("%s: zero: %v, %v", name, applied, err)
		}
		checkSQLiteSchema(t, db, newSchema())
		if applied, err := Migrate(ctx, db, fsys, ""); err != nil || len(applied) != 5 {
			t.Fatalf("%s: from zero: %v, %v", name, applied, err)
		}
		checkSQLiteSchema(t, db, replayed(t, fsys, -1))
	}
}

// A migration made from the models runs the SQLite rebuild when a
// column changes; the file shows it, with its foreign keys directive.
func TestRebuildSQLText(t *testing.T) {
	dir := t.TempDir()
	if _, err := MakeMigrations(mustRegistry(t, User{}, BlogPost{}), dir, MakeOptions{}); err != nil {
		t.Fatal(err)
	}
	path, err := MakeMigrations(mustRegistry(t, userV3{}, postV3{}), dir, MakeOptions{Name: "v3"})
	if err != nil {
		t.Fatal(err)
	}
	up, err := SQLMigrate(os.DirFS(dir), "0002", "sqlite", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"PRAGMA foreign_keys = OFF;\nBEGIN;\n-- +goframe foreign_keys off\n",
		`-- Existing rows get 0 (the Go zero value) in "blog_post"."rating": edit it here if another value fits.`,
		`-- Rebuild "blog_post", as SQLite cannot change it in place: add column rating; alter column title; alter column views.`,
		`CREATE TABLE "goframe_new_blog_post" (`,
		`    "title" VARCHAR(300) NOT NULL,`,
		`    "views" INTEGER NOT NULL DEFAULT 1,`,
		`INSERT INTO "goframe_new_blog_post" ("id", "title", "author_id", "published", "views", "created", "updated", "slug", "rating")` + "\n" +
			`    SELECT "id", "title", "author_id", "published", "views", "created", "updated", "slug", 0 FROM "blog_post";`,
		`DELETE FROM sqlite_sequence WHERE name = 'goframe_new_blog_post';`,
		`DROP TABLE "blog_post";` + "\n" + `ALTER TABLE "goframe_new_blog_post" RENAME TO "blog_post";` + "\n" +
			`CREATE INDEX "idx_blog_post_author_id" ON "blog_post" ("author_id");` + "\n" +
			`CREATE INDEX "idx_blog_post_title" ON "blog_post" ("title");`,
		`-- Rebuild "user", as SQLite cannot change it in place: alter column email; alter column name.`,
		"PRAGMA foreign_key_check;\nCOMMIT;\nPRAGMA foreign_keys = ON;\n",
	} {
		if !strings.Contains(up, want) {
			t.Errorf("sqlmigrate 0002 lacks\n%s\n---- in ----\n%s", want, up)
		}
	}
	if strings.Count(up, "CREATE TABLE") != 2 {
		t.Errorf("want one rebuild per table:\n%s", up)
	}
	// The down section: user.name NOT NULL again, without a default: a
	// note says what to do about NULLs.
	down, err := SQLMigrate(os.DirFS(dir), "0002_v3", "sqlite", true)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(down, `-- Rows where "user"."name" is NULL make the copy fail (NOT NULL): fill them first`) {
		t.Errorf("down lacks the NULL note:\n%s", down)
	}
	pg, err := SQLMigrate(os.DirFS(dir), "0002", "postgres", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`ALTER TABLE "blog_post" ADD COLUMN "rating" INTEGER NOT NULL DEFAULT 0;` + "\n" + `ALTER TABLE "blog_post" ALTER COLUMN "rating" DROP DEFAULT;`,
		`ALTER TABLE "blog_post" ALTER COLUMN "title" TYPE VARCHAR(300);`,
		`ALTER TABLE "blog_post" ALTER COLUMN "views" SET DEFAULT 1;`,
		`ALTER TABLE "user" ALTER COLUMN "email" TYPE VARCHAR(254);`,
		`ALTER TABLE "user" ALTER COLUMN "name" DROP NOT NULL;`,
	} {
		if !strings.Contains(pg, want) {
			t.Errorf("postgres 0002 lacks\n%s\n---- in ----\n%s", want, pg)
		}
	}
	if strings.Contains(pg, "PRAGMA") || strings.Contains(pg, "goframe_new_") {
		t.Errorf("postgres SQL with SQLite's rebuild:\n%s", pg)
	}
	_ = path
}

// SQLMigrate returns the file's section as written, in its transaction.
func TestSQLMigrateMatchesFile(t *testing.T) {
	dir := t.TempDir()
	path, err := MakeMigrations(mustRegistry(t, User{}, BlogPost{}), dir, MakeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	text := string(data)
	for _, tc := range []struct {
		dialect   string
		backwards bool
		marker    string
		next      string
	}{
		{"sqlite", false, "-- +goframe up sqlite\n", "\n\n-- +goframe down sqlite"},
		{"sqlite", true, "-- +goframe down sqlite\n", "\n\n-- +goframe up postgres"},
		{"postgres", false, "-- +goframe up postgres\n", "\n\n-- +goframe down postgres"},
		{"postgres", true, "-- +goframe down postgres\n", "\n"},
	} {
		start := strings.Index(text, tc.marker) + len(tc.marker)
		end := start + strings.Index(text[start:], tc.next)
		if tc.next == "\n" {
			end = len(text) - 1
		}
		section := text[start:end]
		got, err := SQLMigrate(os.DirFS(dir), "0001_initial", tc.dialect, tc.backwards)
		if err != nil {
			t.Fatal(err)
		}
		dir := "up"
		if tc.backwards {
			dir = "down"
		}
		want := fmt.Sprintf("-- 0001_initial (%s, %s)\nBEGIN;\n%s\nCOMMIT;\n", dir, tc.dialect, section)
		if got != want {
			t.Errorf("%s %s:\n got %q\nwant %q", tc.dialect, dir, got, want)
		}
	}
	if _, err := SQLMigrate(os.DirFS(dir), "0009", "sqlite", false); err == nil || !strings.Contains(err.Error(), `no migration "0009"`) {
		t.Errorf("unknown migration: %v", err)
	}
	if _, err := SQLMigrate(os.DirFS(dir), "0001", "mysql", false); err == nil || !strings.Contains(err.Error(), "want sqlite or postgres") {
		t.Errorf("unknown dialect: %v", err)
	}
}

// Note is the model of the golden file.
type Note struct {
	ID     int64     `db:"id"`
	Body   string    `db:"body" orm:"size:100"`
	Pinned bool      `db:"pinned" orm:"default:false;index"`
	At     time.Time `db:"at"`
	Data   []byte    `db:"data"`
	Score  *float64  `db:"score"`
}

const noteGolden = `-- 0001_initial: a goframe migration, written by MakeMigrations.
--
-- Operations:
--   - Create table note
--   - Add index idx_note_pinned on note (pinned)
--
-- The operations block records the schema these migrations build:
-- MakeMigrations replays it, so keep it in step with the SQL. Migrate runs
-- the section for the database's dialect, statement by statement, as
-- written, in one transaction; add data-migration statements as needed.

-- +goframe operations
-- {"op":"CreateTable","table":"note","columns":[{"name":"id","type":"bigint","pk":true,"auto":true},{"name":"body","type":"string","size":100},{"name":"pinned","type":"bool","default":"false"},{"name":"at","type":"time"},{"name":"data","type":"bytes"},{"name":"score","type":"float","null":true}]}
-- {"op":"AddIndex","table":"note","index":{"name":"idx_note_pinned","columns":["pinned"]}}

-- +goframe up sqlite
CREATE TABLE "note" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "body" VARCHAR(100) NOT NULL,
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    "at" DATETIME NOT NULL,
    "data" BLOB NOT NULL,
    "score" REAL
);

CREATE INDEX "idx_note_pinned" ON "note" ("pinned");

-- +goframe down sqlite
DROP INDEX "idx_note_pinned";

-- Deletes the table and its rows.
DROP TABLE "note";

-- +goframe up postgres
CREATE TABLE "note" (
    "id" BIGINT GENERATED BY DEFAULT AS IDENTITY CONSTRAINT "note_pkey" PRIMARY KEY,
    "body" VARCHAR(100) NOT NULL,
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    "at" TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    "data" BYTEA NOT NULL,
    "score" DOUBLE PRECISION
);

CREATE INDEX "idx_note_pinned" ON "note" ("pinned");

-- +goframe down postgres
DROP INDEX "idx_note_pinned";

-- Deletes the table and its rows.
DROP TABLE "note";
`

// The file MakeMigrations writes, for a small model, exactly.
func TestMigrationFileGolden(t *testing.T) {
	dir := t.TempDir()
	path, err := MakeMigrations(mustRegistry(t, Note{}), dir, MakeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != noteGolden {
		t.Errorf("0001_initial.sql:\n%s\n---- want ----\n%s", data, noteGolden)
	}
	// It runs, and the model works on the table.
	db := emptyDBs(t)["memory"]
	ctx := context.Background()
	if _, err := Migrate(ctx, db, os.DirFS(dir), ""); err != nil {
		t.Fatal(err)
	}
	n := &Note{Body: "hi", Pinned: true, At: testNow, Data: []byte{1, 2}}
	if err := Insert(ctx, db, n); err != nil {
		t.Fatal(err)
	}
	got, err := Get[Note](ctx, db, n.ID)
	if err != nil || !got.Pinned || !got.At.Equal(testNow) || string(got.Data) != "\x01\x02" || got.Score != nil {
		t.Errorf("note: %+v, %v", got, err)
	}
	if p, err := MakeMigrations(mustRegistry(t, Note{}), dir, MakeOptions{}); p != "" || err != nil {
		t.Errorf("no changes: %q, %v", p, err)
	}
}

// migrationText is a hand-written migration for the runner's tests.
func migrationText(ops, upSQLite, downSQLite string) string {
	return "-- +goframe operations\n" + ops + "\n-- +goframe up sqlite\n" + upSQLite +
		"\n-- +goframe down sqlite\n" + downSQLite +
		"\n-- +goframe up postgres\n-- +goframe down postgres\n"
}

const tagOps = `-- {"op":"CreateTable","table":"tag","columns":[{"name":"id","type":"bigint","pk":true,"auto":true},{"name":"name","type":"string"}]}`

// A migration that fails is rolled back whole, and the error names the
// migration, the statement (with its line) and SQLite's message.
func TestMigrateFailureRollsBack(t *testing.T) {
	ctx := context.Background()
	fsys := fstest.MapFS{
		"0001_tags.sql": {Data: []byte(migrationText(tagOps,
			`CREATE TABLE "tag" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL);`,
			`DROP TABLE "tag";`))},
		"0002_bad.sql": {Data: []byte(migrationText("",
			"INSERT INTO tag (name) VALUES ('a; b');\nCREATE TABLE extra (x TEXT);\n-- a comment\nUPDATE tag\n   SET nmae = 'x';\n",
			""))},
		"README.md": {Data: []byte("not a migration")},
	}
	for name, db := range emptyDBs(t) {
		applied, err := Migrate(ctx, db, fsys, "")
		var me *MigrationError
		if !errors.As(err, &me) {
			t.Fatalf("%s: %v", name, err)
		}
		if me.Migration != "0002_bad" || me.Line != 7 || me.Statement != "UPDATE tag\n   SET nmae = 'x'" || me.Backwards {
			t.Errorf("%s: %+v", name, me)
		}
		for _, want := range []string{"migration 0002_bad (up, sqlite) failed, rolled back", "0002_bad.sql:7", "UPDATE tag SET nmae = 'x'", "no such column: nmae"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q lacks %q", name, err, want)
			}
		}
		if !slices.Equal(applied, []string{"0001_tags"}) {
			t.Errorf("%s: applied %v", name, applied)
		}
		if got := strs(t, db, `SELECT name FROM sqlite_master WHERE name IN ('extra') UNION ALL SELECT name FROM tag`); len(got) != 0 {
			t.Errorf("%s: the failed migration left %v", name, got)
		}
		if got := strs(t, db, `SELECT name FROM goframe_migrations`); !slices.Equal(got, []string{"0001_tags"}) {
			t.Errorf("%s: recorded %v", name, got)
		}
	}
}

// A section with foreign keys off checks them before committing: rows
// left referring to nothing fail the migration, and foreign keys are on
// again afterwards, whether it failed or not.
func TestForeignKeysOffSection(t *testing.T) {
	ctx := context.Background()
	childOps := `-- {"op":"CreateTable","table":"child","columns":[{"name":"id","type":"bigint","pk":true,"auto":true},{"name":"tag_id","type":"bigint","fk":{"table":"tag","column":"id","on_delete":"CASCADE"}}]}`
	orphans := migrationText("",
		"-- +goframe foreign_keys off\nDELETE FROM tag;\nINSERT INTO child (tag_id) VALUES (42);\n", "-- +goframe irreversible\n")
	fsys := fstest.MapFS{
		"0001_tags.sql": {Data: []byte(migrationText(tagOps+"\n"+childOps,
			`CREATE TABLE "tag" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL);
CREATE TABLE "child" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "tag_id" INTEGER NOT NULL REFERENCES "tag" ("id") ON DELETE CASCADE);
INSERT INTO tag (name) VALUES ('t');
INSERT INTO child (tag_id) VALUES (1);`,
			`DROP TABLE "child"; DROP TABLE "tag";`))},
		"0002_orphans.sql": {Data: []byte(orphans)},
	}
	for name, db := range emptyDBs(t) {
		_, err := Migrate(ctx, db, fsys, "")
		var me *MigrationError
		if !errors.As(err, &me) || me.Migration != "0002_orphans" || !strings.Contains(err.Error(), "foreign key check failed, 2 rows: child row 1 refers to a missing tag row") {
			t.Fatalf("%s: %v", name, err)
		}
		if got := strs(t, db, `SELECT count(*) FROM tag UNION ALL SELECT count(*) FROM child`); !slices.Equal(got, []string{"1", "1"}) {
			t.Errorf("%s: not rolled back: %v", name, got)
		}
		var on int
		db.write.Get(&on, "PRAGMA foreign_keys")
		if on != 1 {
			t.Errorf("%s: foreign keys left off", name)
		}
		// A deletion that leaves no orphan passes; irreversible refuses
		// to go back.
		fsys["0002_orphans.sql"] = &fstest.MapFile{Data: []byte(migrationText("",
			"-- +goframe foreign_keys off\nDELETE FROM child;\nDELETE FROM tag;\n", "-- +goframe irreversible\n"))}
		if applied, err := Migrate(ctx, db, fsys, ""); err != nil || len(applied) != 1 {
			t.Fatalf("%s: %v %v", name, applied, err)
		}
		db.write.Get(&on, "PRAGMA foreign_keys")
		if on != 1 {
			t.Errorf("%s: foreign keys left off after success", name)
		}
		if _, err := Migrate(ctx, db, fsys, "0001"); err == nil || !strings.Contains(err.Error(), "irreversible") {
			t.Errorf("%s: back through an irreversible migration: %v", name, err)
		}
		fsys["0002_orphans.sql"] = &fstest.MapFile{Data: []byte(orphans)}
	}
}

// Statement blocks run whole (a trigger's body has semicolons).
func TestStatementBlock(t *testing.T) {
	ctx := context.Background()
	fsys := fstest.MapFS{
		"0001_tags.sql": {Data: []byte(migrationText(tagOps, `CREATE TABLE "tag" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "name" TEXT NOT NULL);
-- +goframe statement begin
CREATE TRIGGER tag_upper AFTER INSERT ON tag BEGIN
    UPDATE tag SET name = upper(name) WHERE id = new.id;
END;
-- +goframe statement end
INSERT INTO tag (name) VALUES ('x');`, `DROP TABLE "tag";`))},
	}
	db := emptyDBs(t)["memory"]
	if _, err := Migrate(ctx, db, fsys, ""); err != nil {
		t.Fatal(err)
	}
	if got := strs(t, db, `SELECT name FROM tag`); !slices.Equal(got, []string{"X"}) {
		t.Errorf("trigger: %v", got)
	}
}

func TestShowMigrationsAndPlan(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	MakeMigrations(mustRegistry(t, User{}, BlogPost{}), dir, MakeOptions{})
	MakeMigrations(mustRegistry(t, User{}, postV2{}), dir, MakeOptions{})
	fsys := os.DirFS(dir)
	db := emptyDBs(t)["file"]
	status, err := ShowMigrations(ctx, db, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(status) != 2 || status[0].Applied || status[1].Applied || status[0].String() != "[ ] 0001_initial" {
		t.Errorf("before migrating: %v", status)
	}
	// ShowMigrations and MigrationPlan do not create the table.
	if got := strs(t, db, `SELECT name FROM sqlite_master WHERE name = 'goframe_migrations'`); len(got) != 0 {
		t.Error("ShowMigrations created goframe_migrations")
	}
	plan, err := MigrationPlan(ctx, db, fsys, "")
	if err != nil || len(plan) != 2 || plan[0].Name != "0001_initial" || plan[0].Backwards {
		t.Errorf("plan: %v, %v", plan, err)
	}
	before := time.Now().UTC().Add(-time.Second)
	if _, err := Migrate(ctx, db, fsys, "0001_initial.sql"); err != nil {
		t.Fatal(err)
	}
	status, _ = ShowMigrations(ctx, db, fsys)
	if !status[0].Applied || status[0].AppliedAt.Before(before) || status[1].Applied || status[1].String() != "[ ] 0002_add_blog_post_slug" {
		t.Errorf("after 0001: %v", status)
	}
	plan, _ = MigrationPlan(ctx, db, fsys, "zero")
	if len(plan) != 1 || !plan[0].Backwards || plan[0].Name != "0001_initial" {
		t.Errorf("plan to zero: %v", plan)
	}
	if _, err := MigrationPlan(ctx, db, fsys, "0003"); err == nil || !strings.Contains(err.Error(), `no migration "0003"`) {
		t.Errorf("plan to a missing migration: %v", err)
	}
	// A recorded migration whose file went away.
	if _, err := db.Exec(ctx, `INSERT INTO goframe_migrations (name, applied_at) VALUES ('0000_gone', ?)`, time.Now()); err != nil {
		t.Fatal(err)
	}
	status, _ = ShowMigrations(ctx, db, fsys)
	if len(status) != 3 || !status[2].Missing || status[2].String() != "[X] 0000_gone (no file)" {
		t.Errorf("missing file: %v", status)
	}
	if _, err := Migrate(ctx, db, fsys, ""); err == nil || !strings.Contains(err.Error(), "0000_gone is recorded as applied, but there is no file") {
		t.Errorf("migrate with a missing file: %v", err)
	}
	db.Exec(ctx, `DELETE FROM goframe_migrations WHERE name = '0000_gone'`)
	// Inconsistent history: 0002 applied, 0001 not.
	db.Exec(ctx, `UPDATE goframe_migrations SET name = '0002_add_blog_post_slug'`)
	if _, err := MigrationPlan(ctx, db, fsys, ""); err == nil || !strings.Contains(err.Error(), "0002_add_blog_post_slug is applied but 0001_initial, before it, is not") {
		t.Errorf("inconsistent history: %v", err)
	}
}

// Several processes (here, DB handles) migrating one file at once apply
// each migration once.
func TestConcurrentMigrate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	MakeMigrations(mustRegistry(t, User{}, BlogPost{}), dir, MakeOptions{})
	MakeMigrations(mustRegistry(t, User{}, postV2{}), dir, MakeOptions{})
	MakeMigrations(mustRegistry(t, userV3{}, postV3{}), dir, MakeOptions{})
	url := "sqlite:///" + filepath.Join(t.TempDir(), "c.db")
	var wg sync.WaitGroup
	results := make([][]string, 4)
	errs := make([]error, 4)
	for i := range 4 {
		db, err := Open(url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = Migrate(ctx, db, os.DirFS(dir), "")
		}()
	}
	wg.Wait()
	var all []string
	for i := range 4 {
		if errs[i] != nil {
			t.Errorf("migrate %d: %v", i, errs[i])
		}
		all = append(all, results[i]...)
	}
	sort.Strings(all)
	if want := []string{"0001_initial", "0002_add_blog_post_slug", "0003_auto"}; len(all) != 3 || all[0] != want[0] || all[1] != want[1] || !strings.HasPrefix(all[2], want[2]) {
		t.Errorf("applied %v", all)
	}
}

type renamedPost struct {
	ID       int64  `db:"id"`
	Title    string `db:"title" orm:"size:200;index"`
	AuthorID int64  `db:"author_id" orm:"fk:user;on_delete:cascade"`
}

func (renamedPost) TableName() string { return "article" }

type shortPost struct {
	ID       int64  `db:"id"`
	Title    string `db:"title" orm:"size:200;index"`
	AuthorID int64  `db:"author_id" orm:"fk:user;on_delete:cascade"`
}

func (shortPost) TableName() string { return "blog_post" }

// Renaming a table keeps its rows and foreign keys; dropping one needs
// AllowDrop.
func TestRenameAndDropTable(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	fsys := os.DirFS(dir)
	MakeMigrations(mustRegistry(t, User{}, shortPost{}), dir, MakeOptions{})
	db := emptyDBs(t)["file"]
	if _, err := Migrate(ctx, db, fsys, ""); err != nil {
		t.Fatal(err)
	}
	db.Exec(ctx, `INSERT INTO "user" (email, name) VALUES ('a@x', 'a')`)
	db.Exec(ctx, `INSERT INTO blog_post (title, author_id) VALUES ('kept', 1)`)

	reg := mustRegistry(t, User{}, renamedPost{})
	_, err := MakeMigrations(reg, dir, MakeOptions{})
	if err == nil || !strings.Contains(err.Error(), "refusing to drop table blog_post") || !strings.Contains(err.Error(), `{"blog_post": "article"}`) {
		t.Fatalf("rename without Renames: %v", err)
	}
	for _, bad := range []map[string]string{{"blog_posts": "article"}, {"blog_post": "articles"}, {"blog_post.titel": "title"}} {
		if _, err := MakeMigrations(reg, dir, MakeOptions{Renames: bad}); err == nil || !strings.Contains(err.Error(), "rename") {
			t.Errorf("Renames %v: %v", bad, err)
		}
	}
	path, err := MakeMigrations(reg, dir, MakeOptions{Renames: map[string]string{"blog_post": "article"}})
	if err != nil || filepath.Base(path) != "0002_rename_blog_post_article.sql" {
		t.Fatalf("%s, %v", path, err)
	}
	if got := opKinds(t, path); !slices.Equal(got, []string{"RenameTable", "DropIndex", "DropIndex", "AddIndex", "AddIndex"}) {
		t.Errorf("ops %v", got)
	}
	if _, err := Migrate(ctx, db, fsys, ""); err != nil {
		t.Fatal(err)
	}
	checkSQLiteSchema(t, db, replayed(t, fsys, -1))
	if got := strs(t, db, `SELECT title FROM article`); !slices.Equal(got, []string{"kept"}) {
		t.Errorf("rows: %v", got)
	}
	pg, _ := SQLMigrate(fsys, "0002", "postgres", false)
	for _, want := range []string{
		`ALTER TABLE "blog_post" RENAME TO "article";`,
		`ALTER TABLE "article" RENAME CONSTRAINT "blog_post_pkey" TO "article_pkey";`,
		`ALTER TABLE "article" RENAME CONSTRAINT "blog_post_author_id_fkey" TO "article_author_id_fkey";`,
		`DROP INDEX "idx_blog_post_title";`,
		`CREATE INDEX "idx_article_title" ON "article" ("title");`,
	} {
		if !strings.Contains(pg, want) {
			t.Errorf("postgres rename lacks %s:\n%s", want, pg)
		}
	}

	// Drop the table.
	reg = mustRegistry(t, User{})
	if _, err := MakeMigrations(reg, dir, MakeOptions{}); err == nil || !strings.Contains(err.Error(), "refusing to drop table article") {
		t.Fatalf("drop without AllowDrop: %v", err)
	}
	path, err = MakeMigrations(reg, dir, MakeOptions{AllowDrop: true})
	if err != nil || filepath.Base(path) != "0003_delete_article.sql" {
		t.Fatalf("%s, %v", path, err)
	}
	if _, err := Migrate(ctx, db, fsys, ""); err != nil {
		t.Fatal(err)
	}
	checkSQLiteSchema(t, db, replayed(t, fsys, -1))
	// Back: the table returns, empty.
	if _, err := Migrate(ctx, db, fsys, "0002"); err != nil {
		t.Fatal(err)
	}
	checkSQLiteSchema(t, db, replayed(t, fsys, 2))
	if _, err := Migrate(ctx, db, fsys, "0001"); err != nil {
		t.Fatal(err)
	}
	checkSQLiteSchema(t, db, replayed(t, fsys, 1))
}

// Tables whose foreign keys form a cycle are created, then linked.
type cycA struct {
	ID int64  `db:"id"`
	B  *int64 `db:"b_id" orm:"fk:cyc_b;on_delete:set_null"`
}

func (cycA) TableName() string { return "cyc_a" }

type cycB struct {
	ID     int64  `db:"id"`
	A      *int64 `db:"a_id" orm:"fk:cyc_a;on_delete:set_null"`
	Parent *int64 `db:"parent_id" orm:"fk:cyc_b;on_delete:cascade"`
}

func (cycB) TableName() string { return "cyc_b" }

func TestForeignKeyCycle(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path, err := MakeMigrations(mustRegistry(t, cycA{}, cycB{}), dir, MakeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := opKinds(t, path); !slices.Equal(got, []string{"CreateTable", "CreateTable", "AlterColumn", "AddIndex", "AddIndex", "AddIndex"}) {
		t.Errorf("ops %v", got)
	}
	db := emptyDBs(t)["memory"]
	if _, err := Migrate(ctx, db, os.DirFS(dir), ""); err != nil {
		t.Fatal(err)
	}
	checkSQLiteSchema(t, db, replayed(t, os.DirFS(dir), -1))
	if _, err := Migrate(ctx, db, os.DirFS(dir), "zero"); err != nil {
		t.Fatal(err)
	}
	checkSQLiteSchema(t, db, newSchema())
	// Dropping both is ordered too.
	if path, err := MakeMigrations(mustRegistry(t), dir, MakeOptions{AllowDrop: true}); err != nil || !slices.Contains(opKinds(t, path), "DropTable") {
		t.Fatalf("%s %v", path, err)
	}
	if _, err := Migrate(ctx, db, os.DirFS(dir), ""); err != nil {
		t.Fatal(err)
	}
	checkSQLiteSchema(t, db, newSchema())
}

// MakeOptions.Empty writes a migration for hand-written SQL.
func TestEmptyMigration(t *testing.T) {
	dir := t.TempDir()
	MakeMigrations(mustRegistry(t, User{}), dir, MakeOptions{})
	path, err := MakeMigrations(mustRegistry(t, User{}), dir, MakeOptions{Empty: true, Name: "fill_names"})
	if err != nil || filepath.Base(path) != "0002_fill_names.sql" {
		t.Fatalf("%s %v", path, err)
	}
	data, _ := os.ReadFile(path)
	for _, want := range []string{"-- An empty migration", "-- +goframe operations\n\n-- +goframe up sqlite\n-- Write the SQL to run here.\n"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("empty migration lacks %q:\n%s", want, data)
		}
	}
	// Filled in by hand, it runs.
	filled := strings.ReplaceAll(string(data), "-- Write the SQL to run here.", `UPDATE "user" SET name = 'x' WHERE name = '';`)
	os.WriteFile(path, []byte(filled), 0o644)
	db := emptyDBs(t)["memory"]
	if applied, err := Migrate(context.Background(), db, os.DirFS(dir), ""); err != nil || len(applied) != 2 {
		t.Fatalf("%v %v", applied, err)
	}
	if _, err := MakeMigrations(mustRegistry(t, User{}), dir, MakeOptions{Name: "bad name"}); err == nil {
		t.Error("a name with a space")
	}
}

// A migration whose operations have no SQL for the database's dialect
// is refused, not recorded as if it had run.
func TestMissingDialectSQL(t *testing.T) {
	fsys := fstest.MapFS{"0001_tags.sql": {Data: []byte(migrationText(tagOps, "", ""))}}
	db := emptyDBs(t)["memory"]
	_, err := Migrate(context.Background(), db, fsys, "")
	if err == nil || !strings.Contains(err.Error(), `it records 1 schema operations, but its "up sqlite" section has no SQL`) {
		t.Errorf("%v", err)
	}
}

type zeroV1 struct {
	ID int64 `db:"id"`
}

func (zeroV1) TableName() string { return "zero" }

type zeroV2 struct {
	ID    int64     `db:"id"`
	B     bool      `db:"b"`
	T     time.Time `db:"t"`
	Bytes []byte    `db:"bytes"`
	S     string    `db:"s"`
	F     float64   `db:"f"`
}

func (zeroV2) TableName() string { return "zero" }

// NOT NULL columns added without a default give the rows there the Go
// zero value, which reads back as the zero value.
func TestAddColumnsZeroFill(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	MakeMigrations(mustRegistry(t, zeroV1{}), dir, MakeOptions{})
	if _, err := MakeMigrations(mustRegistry(t, zeroV2{}), dir, MakeOptions{Now: testNow}); err != nil {
		t.Fatal(err)
	}
	dbs := emptyDBs(t)
	dbs["postgres"] = postgresDB(t)
	for name, db := range dbs {
		if _, err := Migrate(ctx, db, os.DirFS(dir), "0001"); err != nil {
			t.Fatal(err)
		}
		if err := Insert(ctx, db, &zeroV1{}); err != nil {
			t.Fatal(err)
		}
		if _, err := Migrate(ctx, db, os.DirFS(dir), ""); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		z, err := Get[zeroV2](ctx, db, 1)
		if err != nil || z.B || !z.T.IsZero() || len(z.Bytes) != 0 || z.S != "" || z.F != 0 {
			t.Errorf("%s: %+v, %v", name, z, err)
		}
		if _, err := Migrate(ctx, db, os.DirFS(dir), "0001"); err != nil {
			t.Fatalf("%s: back: %v", name, err)
		}
	}
}

func TestApplyErrors(t *testing.T) {
	s, err := schemaFromRegistry(mustRegistry(t, User{}, BlogPost{}))
	if err != nil {
		t.Fatal(err)
	}
	col := &columnState{Name: "x", Type: typeString}
	for _, tc := range []struct {
		op  *operation
		err string
	}{
		{&operation{Op: opCreateTable, Table: "user", Columns: []*columnState{col}}, "table user exists"},
		{&operation{Op: opCreateTable, Table: "t", Columns: []*columnState{col}}, "0 primary key columns"},
		{&operation{Op: opDropTable, Table: "user"}, "blog_post.author_id refers to it"},
		{&operation{Op: opRenameTable, From: "user", To: "blog_post"}, "table blog_post exists"},
		{&operation{Op: opAddColumn, Table: "user", Column: &columnState{Name: "email", Type: typeString}}, "user.email exists"},
		{&operation{Op: opAddColumn, Table: "user", Column: &columnState{Name: "team_id", Type: typeBigint, FK: &fkState{Table: "team", Column: "id", OnDelete: "CASCADE"}}}, "refers to table team, which does not exist"},
		{&operation{Op: opAddColumn, Table: "user", Column: &columnState{Name: "post", Type: typeBigint, FK: &fkState{Table: "blog_post", Column: "title", OnDelete: "CASCADE"}}}, "which is not its primary key"},
		{&operation{Op: opDropColumn, Table: "user", Name: "id"}, "the primary key cannot be dropped"},
		{&operation{Op: opDropColumn, Table: "user", Name: "email"}, "index uniq_user_email uses it"},
		{&operation{Op: opAlterColumn, Table: "user", Column: &columnState{Name: "nope", Type: typeString}}, "no column user.nope"},
		{&operation{Op: opRenameColumn, Table: "user", From: "name", To: "email"}, "the column exists"},
		{&operation{Op: opAddIndex, Table: "user", Index: &indexState{Name: "uniq_user_email", Columns: []string{"name"}}}, "index uniq_user_email exists"},
		{&operation{Op: opAddIndex, Table: "user", Index: &indexState{Name: "i", Columns: []string{"nope"}}}, "no column user.nope"},
		{&operation{Op: opDropIndex, Table: "user", Name: "nope"}, "no index nope on user"},
	} {
		if err := s.clone().apply(tc.op); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: %v, want %q", tc.op.describe(), err, tc.err)
		}
	}
}
