package orm

import (
	"context"
	"errors"
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
