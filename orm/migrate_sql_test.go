package orm

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

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
