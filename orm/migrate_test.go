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
	"testing"
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
		refuse:     []string{"refusing to drop column blog_post.views", "MakeOptions.AllowDrop (the command's --allow-drop)"},
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
		refuse:     []string{"column blog_post.title", `"blog_post.title": "headline"`, "--rename blog_post.title=headline"},
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
