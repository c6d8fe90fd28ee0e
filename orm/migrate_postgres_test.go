package orm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/goframe/goframe/internal/pgtest"
)

// postgresDB opens a new, empty database on the test server
// (internal/pgtest: GOFRAME_TEST_POSTGRES_URL, or a throwaway server),
// dropped when the test ends.
func postgresDB(t *testing.T) *DB {
	t.Helper()
	db, err := Open(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// pgFormatType is PostgreSQL's format_type of a column's SQL type.
func pgFormatType(c *columnState) string {
	t := ddl{dialect: "postgres"}.typeSQL(c)
	if strings.HasPrefix(t, "VARCHAR") {
		return "character varying" + strings.TrimPrefix(t, "VARCHAR")
	}
	return strings.ToLower(t)
}

// checkPostgresSchema compares a PostgreSQL database's tables, columns,
// keys and indexes with a schema state.
func checkPostgresSchema(t *testing.T, db *DB, want *schemaState) {
	t.Helper()
	ctx := context.Background()
	tables := strs(t, db, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
		AND table_name <> 'goframe_migrations' ORDER BY table_name`)
	if !slices.Equal(tables, want.tableNames()) {
		t.Fatalf("tables %v, want %v", tables, want.tableNames())
	}
	onDelete := map[string]string{"c": "CASCADE", "r": "RESTRICT", "n": "SET NULL", "d": "SET DEFAULT", "a": "NO ACTION"}
	for _, name := range tables {
		ws := want.Tables[name]
		var got, exp []string
		rows, err := db.write.QueryContext(ctx, `SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
			d.adbin IS NOT NULL, a.attidentity <> ''
			FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
			WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`, q(name))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var col, typ string
			var notnull, hasDefault, identity bool
			if err := rows.Scan(&col, &typ, &notnull, &hasDefault, &identity); err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%s %s notnull=%v default=%v identity=%v", col, typ, notnull, hasDefault, identity))
		}
		rows.Close()
		for _, c := range ws.Columns {
			exp = append(exp, fmt.Sprintf("%s %s notnull=%v default=%v identity=%v", c.Name, pgFormatType(c), !c.Null, c.Default != nil, c.Auto))
		}
		sort.Strings(got)
		sort.Strings(exp)
		if !slices.Equal(got, exp) {
			t.Errorf("table %s columns\n got %q\nwant %q", name, got, exp)
		}

		got, exp = nil, nil
		rows, err = db.write.QueryContext(ctx, `SELECT c.conname, c.contype, a.attname,
			COALESCE(trim(both '"' from c.confrelid::regclass::text), ''), COALESCE(fa.attname, ''), c.confdeltype
			FROM pg_constraint c
			JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
			LEFT JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
			WHERE c.conrelid = $1::regclass`, q(name))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var conname, contype, col, ftable, fcol, del string
			if err := rows.Scan(&conname, &contype, &col, &ftable, &fcol, &del); err != nil {
				t.Fatal(err)
			}
			if contype == "p" {
				got = append(got, fmt.Sprintf("%s PRIMARY KEY (%s)", conname, col))
			} else {
				got = append(got, fmt.Sprintf("%s (%s) -> %s.%s %s", conname, col, ftable, fcol, onDelete[strings.TrimSpace(del)]))
			}
		}
		rows.Close()
		for _, c := range ws.Columns {
			if c.PK {
				exp = append(exp, fmt.Sprintf("%s PRIMARY KEY (%s)", pkName(name), c.Name))
			}
			if c.FK != nil {
				exp = append(exp, fmt.Sprintf("%s (%s) -> %s.%s %s", fkName(name, c.Name), c.Name, c.FK.Table, c.FK.Column, c.FK.OnDelete))
			}
		}
		sort.Strings(got)
		sort.Strings(exp)
		if !slices.Equal(got, exp) {
			t.Errorf("table %s constraints\n got %q\nwant %q", name, got, exp)
		}

		got, exp = nil, nil
		var indexes []struct {
			Name string `db:"indexname"`
			Def  string `db:"indexdef"`
		}
		if err := db.write.SelectContext(ctx, &indexes, `SELECT indexname, indexdef FROM pg_indexes
			WHERE schemaname = current_schema() AND tablename = $1 AND indexname <> $2`, name, pkName(name)); err != nil {
			t.Fatal(err)
		}
		for _, ix := range indexes {
			got = append(got, fmt.Sprintf("%s %v", ix.Name, strings.HasPrefix(ix.Def, "CREATE UNIQUE")))
		}
		for _, ix := range ws.Indexes {
			exp = append(exp, fmt.Sprintf("%s %v", ix.Name, ix.Unique))
		}
		sort.Strings(got)
		sort.Strings(exp)
		if !slices.Equal(got, exp) {
			t.Errorf("table %s indexes\n got %q\nwant %q", name, got, exp)
		}
	}
}

// The workflow's migrations, made once, run on PostgreSQL forwards,
// backwards and forwards again, with rows.
func TestPostgresMigrationWorkflow(t *testing.T) {
	db := postgresDB(t)
	ctx := context.Background()
	dir := t.TempDir()
	for _, m := range []struct {
		models []any
		opts   MakeOptions
	}{
		{[]any{User{}, BlogPost{}}, MakeOptions{}},
		{[]any{User{}, postV2{}}, MakeOptions{}},
		{[]any{userV3{}, postV3{}}, MakeOptions{Now: testNow}},
		{[]any{userV3{}, postV4{}}, MakeOptions{AllowDrop: true}},
		{[]any{userV3{}, postV5{}}, MakeOptions{Renames: map[string]string{"blog_post.title": "headline"}}},
		{[]any{userV3{}, renamedPostV6{}}, MakeOptions{Renames: map[string]string{"blog_post": "article"}}},
	} {
		if _, err := MakeMigrations(mustRegistry(t, m.models...), dir, m.opts); err != nil {
			t.Fatal(err)
		}
	}
	fsys := os.DirFS(filepath.Clean(dir))
	migrateTo := func(target string, n int) {
		t.Helper()
		if _, err := Migrate(ctx, db, fsys, target); err != nil {
			t.Fatalf("migrate %s: %v", target, err)
		}
		checkPostgresSchema(t, db, replayed(t, fsys, n))
	}
	migrateTo("0001", 1)
	ann := &User{Email: "ann@x", Name: "Ann"}
	if err := Insert(ctx, db, ann); err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Hello", "World"} {
		if err := Insert(ctx, db, &BlogPost{Title: title, AuthorID: ann.ID, Views: 5}); err != nil {
			t.Fatal(err)
		}
	}
	migrateTo("0002", 2)
	if got := strs(t, db, `SELECT slug || '|' || title FROM blog_post ORDER BY id`); !slices.Equal(got, []string{"|Hello", "|World"}) {
		t.Errorf("slugs: %q", got)
	}
	migrateTo("0003", 3)
	if got := strs(t, db, `SELECT title || '|' || views || '|' || rating FROM blog_post ORDER BY id`); !slices.Equal(got, []string{"Hello|5|0", "World|5|0"}) {
		t.Errorf("after 0003: %q", got)
	}
	if err := Insert(ctx, db, &userV3{Email: "nameless@x"}); err != nil {
		t.Errorf("NULL name: %v", err)
	}
	migrateTo("", -1)
	if got := strs(t, db, `SELECT headline FROM article ORDER BY id`); !slices.Equal(got, []string{"Hello", "World"}) {
		t.Errorf("headlines: %q", got)
	}
	var ce *ConstraintError
	if err := Insert(ctx, db, &renamedPostV6{Headline: "x", AuthorID: 999}); !errors.As(err, &ce) || ce.Kind != ConstraintForeignKey {
		t.Errorf("foreign key after the renames: %v", err)
	}
	// Back to 0001: the nameless user stops 0003's down; the error names
	// it, and the database stays at 0003.
	_, err := Migrate(ctx, db, fsys, "0001")
	var me *MigrationError
	if !errors.As(err, &me) || me.Migration != "0003_auto_20260307_0905" || !strings.Contains(me.Statement, `SET NOT NULL`) {
		t.Fatalf("back with a NULL name: %v", err)
	}
	checkPostgresSchema(t, db, replayed(t, fsys, 3))
	db.Exec(ctx, `UPDATE "user" SET name = '' WHERE name IS NULL`)
	migrateTo("0001", 1)
	if got := strs(t, db, `SELECT title || '|' || views FROM blog_post ORDER BY id`); !slices.Equal(got, []string{"Hello|1", "World|1"}) {
		t.Errorf("rows at 0001: %q", got)
	}
	migrateTo("", -1)
	migrateTo("zero", 0)
	migrateTo("", -1)
	// The identity goes on after the explicit ids the rows came back with.
	p := &renamedPostV6{Headline: "new", AuthorID: 0}
	u := &userV3{Email: "new@x"}
	if err := Insert(ctx, db, u); err != nil {
		t.Fatal(err)
	}
	p.AuthorID = u.ID
	if err := Insert(ctx, db, p); err != nil {
		t.Fatal(err)
	}
}

type renamedPostV6 struct { // blog_post renamed article
	ID        int64      `db:"id"`
	Headline  string     `db:"headline" orm:"size:300;index"`
	AuthorID  int64      `db:"author_id" orm:"fk:user;on_delete:cascade"`
	Published *time.Time `db:"published"`
	Created   time.Time  `db:"created" orm:"created"`
	Updated   time.Time  `db:"updated" orm:"updated"`
	Slug      string     `db:"slug" orm:"size:100;default:'';index"`
	Rating    int32      `db:"rating"`
}

func (renamedPostV6) TableName() string { return "article" }

// Column changes PostgreSQL makes in place: types, identity, foreign
// keys; and a failing migration rolls back its DDL.
func TestPostgresAlterColumns(t *testing.T) {
	db := postgresDB(t)
	ctx := context.Background()
	files := fstest.MapFS{}
	mig := func(name, ops, up, down string) {
		files[name+".sql"] = &fstest.MapFile{Data: []byte("-- +goframe operations\n" + ops +
			"\n-- +goframe up sqlite\n-- +goframe down sqlite\n-- +goframe up postgres\n" + up + "\n-- +goframe down postgres\n" + down + "\n")}
	}
	// Made with the generator from a state, so that the SQL under test is
	// the generated one.
	s := newSchema()
	step := func(name string, ops ...*operation) {
		t.Helper()
		up, down, after, err := generateSQL("postgres", ops, s)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var opsText strings.Builder
		for _, op := range ops {
			j, err := json.Marshal(op)
			if err != nil {
				t.Fatal(err)
			}
			opsText.WriteString("-- " + string(j) + "\n")
		}
		mig(name, opsText.String(), strings.Join(up.lines, "\n"), strings.Join(down.lines, "\n"))
		s = after
	}
	str := func(s string) *string { return &s }
	step("0001_tables",
		&operation{Op: opCreateTable, Table: "a", Columns: []*columnState{{Name: "id", Type: typeBigint, PK: true, Auto: true}, {Name: "n", Type: typeString}}},
		&operation{Op: opCreateTable, Table: "b", Columns: []*columnState{{Name: "code", Type: typeInteger, PK: true}, {Name: "a_id", Type: typeBigint, Null: true}}},
	)
	step("0002_alter",
		// string to integer, with a default; integer to bigint; a new
		// foreign key; the primary key becomes an identity.
		&operation{Op: opAlterColumn, Table: "a", Column: &columnState{Name: "n", Type: typeBigint, Default: str("7")}},
		&operation{Op: opAlterColumn, Table: "b", Column: &columnState{Name: "code", Type: typeBigint, PK: true, Auto: true}},
		&operation{Op: opAlterColumn, Table: "b", Column: &columnState{Name: "a_id", Type: typeBigint, Null: true, FK: &fkState{Table: "a", Column: "id", OnDelete: "SET NULL"}}},
	)
	fsys := files
	if _, err := Migrate(ctx, db, fsys, "0001"); err != nil {
		t.Fatal(err)
	}
	db.Exec(ctx, `INSERT INTO a (n) VALUES ('12')`)
	db.Exec(ctx, `INSERT INTO b (code, a_id) VALUES (41, 1)`)
	if _, err := Migrate(ctx, db, fsys, ""); err != nil {
		t.Fatal(err)
	}
	checkPostgresSchema(t, db, s)
	db.Exec(ctx, `INSERT INTO b (a_id) VALUES (NULL)`) // the identity starts after 41
	if got := strs(t, db, `SELECT code || '|' || COALESCE(a_id, 0) FROM b ORDER BY code`); !slices.Equal(got, []string{"41|1", "42|0"}) {
		t.Errorf("b: %q", got)
	}
	db.Exec(ctx, `DELETE FROM a`)
	if got := strs(t, db, `SELECT code || '|' || COALESCE(a_id, 0) FROM b ORDER BY code`); !slices.Equal(got, []string{"41|0", "42|0"}) {
		t.Errorf("b after ON DELETE SET NULL: %q", got)
	}
	if _, err := Migrate(ctx, db, fsys, "0001"); err != nil {
		t.Fatal(err)
	}
	checkPostgresSchema(t, db, replayed(t, fsys, 1))

	// A failing statement: the DDL before it is rolled back too.
	mig("0003_bad", "", `CREATE TABLE c (x TEXT);
ALTER TABLE "a" ADD COLUMN "y" TEXT;
ALTER TABLE nope ADD COLUMN z TEXT;`, "")
	_, err := Migrate(ctx, db, files, "")
	var me *MigrationError
	if !errors.As(err, &me) || me.Migration != "0003_bad" || !strings.Contains(err.Error(), `relation "nope" does not exist`) {
		t.Fatalf("bad migration: %v", err)
	}
	checkPostgresSchema(t, db, replayed(t, files, 2))
}
