package orm

import (
	"context"
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestSplitStatements(t *testing.T) {
	tests := []struct {
		dialect, text string
		want          []string
		lines         []int
	}{
		{"sqlite", "SELECT 1; SELECT 2;", []string{"SELECT 1", "SELECT 2"}, []int{1, 1}},
		{"sqlite", "-- only a comment\n/* and\n another */\n", nil, nil},
		{"sqlite", "-- lead\nINSERT INTO t VALUES ('a;b', \"c;d\", [e;f], `g;h`);\n\nUPDATE t\n SET x = 'it''s; ok' -- a comment; not the end\n;",
			[]string{"INSERT INTO t VALUES ('a;b', \"c;d\", [e;f], `g;h`)", "UPDATE t\n SET x = 'it''s; ok' -- a comment; not the end"}, []int{2, 4}},
		{"sqlite", "SELECT 1 /* ; */; SELECT 2 -- no semicolon", []string{"SELECT 1 /* ; */", "SELECT 2 -- no semicolon"}, []int{1, 1}},
		{"postgres", "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nSELECT $tag$ ; $ $tag$;",
			[]string{"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql", "SELECT $tag$ ; $ $tag$"}, []int{1, 2}},
		{"postgres", "SELECT E'a\\';b'; SELECT 'c\\'; SELECT $1;", []string{"SELECT E'a\\';b'", "SELECT 'c\\'", "SELECT $1"}, []int{1, 1, 1}},
		{"postgres", "SELECT arr[1];", []string{"SELECT arr[1]"}, []int{1}},
	}
	for _, tc := range tests {
		got := splitStatements(tc.text, tc.dialect)
		var texts []string
		var lines []int
		for _, s := range got {
			texts = append(texts, s.text)
			lines = append(lines, s.line)
		}
		if !reflect.DeepEqual(texts, tc.want) || !reflect.DeepEqual(lines, tc.lines) {
			t.Errorf("%s %q:\n got %q %v\nwant %q %v", tc.dialect, tc.text, texts, lines, tc.want, tc.lines)
		}
	}
}

func TestParseMigrationErrors(t *testing.T) {
	sections := "\n-- +goframe up sqlite\n-- +goframe down sqlite\n-- +goframe up postgres\n-- +goframe down postgres\n"
	ok := "-- +goframe operations\n" + sections
	tests := []struct{ text, err string }{
		{ok, ""},
		{"-- header\n\n" + ok, ""},
		{sections, `no "-- +goframe operations" block`},
		{"SELECT 1;\n" + ok, "0009_x.sql:1: SQL before the first section would never run"},
		{"-- +goframe operations\n-- +goframe up sqlite\n", `no "-- +goframe down sqlite" section`},
		{ok + "-- +goframe up sqlite\n", `a second "up sqlite" section`},
		{ok + "-- +goframe up mysql\n", `unknown dialect "mysql"`},
		{ok + "-- +goframe foreign_key off\n", `unknown directive "-- +goframe foreign_key off"`},
		{"-- +goframe operations\n-- {\"op\":\"DropTable\"}\n" + sections, `operation 1: DropTable needs "table"`},
		{"-- +goframe operations\n-- {\"op\":\"DropTable\",\"table\":\"t\",\"name\":\"x\"}\n" + sections, `DropTable does not take "name"`},
		{"-- +goframe operations\n-- {\"op\":\"Explode\"}\n" + sections, `unknown operation "Explode"`},
		{"-- +goframe operations\n-- {\"op\":\"DropTable\",\"table\":\"t\",\"colour\":1}\n" + sections, `unknown field "colour"`},
		{"-- +goframe operations\n-- {\"op\":\"DropTable\",\"table\":\"a b\"}\n" + sections, `"a b" is not a plain identifier`},
		{"-- +goframe operations\n-- {\"op\":\"AddColumn\",\"table\":\"t\",\"column\":{\"name\":\"c\",\"type\":\"text\"}}\n" + sections, `unknown type "text"`},
		{"-- +goframe operations\n-- {\"op\":\"AddColumn\",\"table\":\"t\",\"column\":{\"name\":\"c\",\"type\":\"string\",\"default\":\"1; DROP TABLE x\"}}\n" + sections, `is not one expression`},
		{"-- +goframe operations\n-- {\"op\":\n" + sections, "operations: unexpected EOF"},
		{"-- +goframe operations\nSELECT 1;\n" + sections, "the operations block holds comment lines only"},
		{"-- +goframe operations\n-- +goframe up sqlite\nPRAGMA foreign_keys = OFF;\n-- +goframe down sqlite\n-- +goframe up postgres\n-- +goframe down postgres\n",
			"0009_x.sql:3: PRAGMA foreign_keys does nothing inside the migration's transaction"},
		{"-- +goframe operations\n-- +goframe up sqlite\n-- +goframe statement begin\nSELECT 1;\n-- +goframe down sqlite\n-- +goframe up postgres\n-- +goframe down postgres\n",
			"0009_x.sql:3: statement begin without statement end"},
		{"-- +goframe operations\n-- +goframe up postgres\n-- +goframe foreign_keys off\n-- +goframe down sqlite\n-- +goframe up sqlite\n-- +goframe down postgres\n",
			"foreign_keys off is for SQLite sections"},
		{ok + "-- +goframe irreversible\n", ""},
		{"-- +goframe operations\n-- +goframe up sqlite\n-- +goframe irreversible\n-- +goframe down sqlite\n-- +goframe up postgres\n-- +goframe down postgres\n", "irreversible is for down sections"},
	}
	for _, tc := range tests {
		_, err := parseMigration("0009_x", []byte(tc.text))
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%q:\n err %v\nwant %q", tc.text, err, tc.err)
		}
	}
}

func TestLoadMigrationsErrors(t *testing.T) {
	ok := []byte("-- +goframe operations\n-- +goframe up sqlite\n-- +goframe down sqlite\n-- +goframe up postgres\n-- +goframe down postgres\n")
	tests := []struct {
		files fstest.MapFS
		err   string
	}{
		{fstest.MapFS{"0001_a.sql": {Data: ok}, "0001_b.sql": {Data: ok}}, "conflicting migrations 0001_a and 0001_b"},
		{fstest.MapFS{"1_a.sql": {Data: ok}}, "migration file 1_a.sql: want a name like 0001_initial.sql"},
		{fstest.MapFS{"0001-a.sql": {Data: ok}}, "want a name like"},
		{fstest.MapFS{"0001_a.sql": {Data: ok}, "notes.txt": {Data: []byte("x")}, "sub/0002_x.sql": {Data: []byte("x")}}, ""},
	}
	for _, tc := range tests {
		_, err := loadMigrations(tc.files)
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%v: err %v, want %q", tc.files, err, tc.err)
		}
	}
	// Operations that do not replay name the migration.
	bad := fstest.MapFS{"0001_a.sql": {Data: []byte(strings.Replace(string(ok), "operations\n", "operations\n-- {\"op\":\"DropTable\",\"table\":\"t\"}\n", 1))}}
	if _, _, err := makeMigration(bad, mustRegistry(t, User{}), MakeOptions{}); err == nil || !strings.Contains(err.Error(), "migration 0001_a: operation 1 (Drop table t (its rows are deleted)): DropTable: no table t") {
		t.Errorf("replay error: %v", err)
	}
}

type typedModel struct {
	ID     int64           `db:"id"`
	I8     int8            `db:"i8"`
	U16    uint16          `db:"u16"`
	I32    *int32          `db:"i32"`
	I      int             `db:"i"`
	U64    uint64          `db:"u64"`
	F32    float32         `db:"f32"`
	NS     sql.NullString  `db:"ns"`
	NI     sql.NullInt32   `db:"ni"`
	NT     sql.NullTime    `db:"nt"`
	NG     sql.Null[int64] `db:"ng"`
	Status status          `db:"status" orm:"size:10"`
	Raw    []byte          `db:"raw"`
	B      *bool           `db:"b"`
	T      time.Time       `db:"t"`
}

type status string

func TestTypeMapping(t *testing.T) {
	m, err := ModelOf[typedModel]()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range m.Fields {
		c, err := columnFromField(f)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c.Name+" "+ddl{"sqlite"}.columnDef(m.Table, c)[len(c.Name)+3:]+" / "+ddl{"postgres"}.columnDef(m.Table, c)[len(c.Name)+3:])
	}
	want := []string{
		"id INTEGER PRIMARY KEY AUTOINCREMENT / BIGINT GENERATED BY DEFAULT AS IDENTITY CONSTRAINT \"typed_model_pkey\" PRIMARY KEY",
		"i8 INTEGER NOT NULL / INTEGER NOT NULL",
		"u16 INTEGER NOT NULL / INTEGER NOT NULL",
		"i32 INTEGER / INTEGER",
		"i INTEGER NOT NULL / BIGINT NOT NULL",
		"u64 INTEGER NOT NULL / BIGINT NOT NULL",
		"f32 REAL NOT NULL / DOUBLE PRECISION NOT NULL",
		"ns TEXT / TEXT",
		"ni INTEGER / INTEGER",
		"nt DATETIME / TIMESTAMP(6) WITH TIME ZONE",
		"ng INTEGER / BIGINT",
		"status VARCHAR(10) NOT NULL / VARCHAR(10) NOT NULL",
		"raw BLOB NOT NULL / BYTEA NOT NULL",
		"b BOOLEAN / BOOLEAN",
		"t DATETIME NOT NULL / TIMESTAMP(6) WITH TIME ZONE NOT NULL",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("types:\n got %q\nwant %q", got, want)
	}
	type opaque struct{ X, Y int }
	if _, err := abstractType(reflect.TypeFor[opaque]()); err == nil || !strings.Contains(err.Error(), "cannot tell the column type") {
		t.Errorf("opaque struct: %v", err)
	}
}

func TestDeriveName(t *testing.T) {
	col := &columnState{Name: "c", Type: typeString}
	tests := []struct {
		ops  []*operation
		want string
	}{
		{[]*operation{{Op: opAddColumn, Table: "t", Column: col}}, "add_t_c"},
		{[]*operation{{Op: opAddColumn, Table: "t", Column: col}, {Op: opAddIndex, Table: "t", Index: &indexState{Name: "idx_t_c"}}}, "add_t_c"},
		{[]*operation{{Op: opDropIndex, Table: "t", Name: "idx_t_c"}}, "remove_idx_t_c"},
		{[]*operation{{Op: opCreateTable, Table: "a"}, {Op: opDropTable, Table: "b"}}, "create_a_delete_b"},
		{[]*operation{{Op: opCreateTable, Table: "a"}, {Op: opCreateTable, Table: "b"}, {Op: opCreateTable, Table: "c"}}, "auto_20260307_0905"},
		{[]*operation{{Op: opRenameColumn, Table: "a_rather_long_table_name", From: "a_long_column", To: "another_long_column"}}, "auto_20260307_0905"},
	}
	for _, tc := range tests {
		if got := deriveName(tc.ops, false, testNow); got != tc.want {
			t.Errorf("%v: %s, want %s", tc.ops, got, tc.want)
		}
	}
	if got := deriveName(nil, true, testNow); got != "initial" {
		t.Errorf("first: %s", got)
	}
}

// An embed.FS made with //go:embed migrations/*.sql holds the directory
// migrations: passing it whole is an error that says to use fs.Sub.
func TestMigrationsFSRoot(t *testing.T) {
	dir := t.TempDir()
	path, err := MakeMigrations(mustRegistry(t, User{}), dir, MakeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	embedded := fstest.MapFS{"migrations/0001_initial.sql": {Data: data}}
	db := emptyDBs(t)["memory"]
	ctx := context.Background()
	if _, err := Migrate(ctx, db, embedded, ""); err == nil || !strings.Contains(err.Error(), `pass fs.Sub(fsys, "migrations")`) {
		t.Errorf("embed root: %v", err)
	}
	sub, _ := fs.Sub(embedded, "migrations")
	if applied, err := Migrate(ctx, db, sub, ""); err != nil || len(applied) != 1 {
		t.Errorf("fs.Sub: %v %v", applied, err)
	}
}

type reservedModel struct{ ID int64 }

func (reservedModel) TableName() string { return "goframe_migrations" }

func TestReservedTableName(t *testing.T) {
	if _, err := MakeMigrations(mustRegistry(t, reservedModel{}), t.TempDir(), MakeOptions{}); err == nil || !strings.Contains(err.Error(), "is reserved") {
		t.Errorf("reserved: %v", err)
	}
}

// Empty leaves pending model changes for the next migration.
func TestEmptyIgnoresChanges(t *testing.T) {
	dir := t.TempDir()
	MakeMigrations(mustRegistry(t, User{}), dir, MakeOptions{})
	path, err := MakeMigrations(mustRegistry(t, User{}, BlogPost{}), dir, MakeOptions{Empty: true, Now: testNow})
	if err != nil || filepath.Base(path) != "0002_auto_20260307_0905.sql" || len(opKinds(t, path)) != 0 {
		t.Fatalf("%s %v", path, err)
	}
	path, err = MakeMigrations(mustRegistry(t, User{}, BlogPost{}), dir, MakeOptions{})
	if err != nil || filepath.Base(path) != "0003_create_blog_post.sql" {
		t.Fatalf("%s %v", path, err)
	}
}
