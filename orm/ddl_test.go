package orm

import (
	"strings"
	"testing"
)

// The SQL of single operations, for both dialects, from a schema with
// user and blog_post (the test models).
func TestOperationSQL(t *testing.T) {
	base, err := schemaFromRegistry(mustRegistry(t, User{}, BlogPost{}))
	if err != nil {
		t.Fatal(err)
	}
	str := func(s string) *string { return &s }
	author := func(mod func(c *columnState)) *columnState {
		c, _ := base.Tables["blog_post"].column("author_id")
		c = c.clone()
		mod(c)
		return c
	}
	fk := &fkState{Table: "user", Column: "id", OnDelete: "RESTRICT"}
	tests := []struct {
		name     string
		before   []*operation // applied to the schema first
		op       *operation
		sqlite   []string // lines that must be in the up section
		postgres []string
		fkOff    bool // SQLite rebuilds
	}{{
		name: "add a NOT NULL foreign key without a default",
		op:   &operation{Op: opAddColumn, Table: "blog_post", Column: &columnState{Name: "editor_id", Type: typeBigint, FK: fk}},
		sqlite: []string{
			`-- Existing rows get 0 (the Go zero value) in "blog_post"."editor_id": edit it here if another value fits.`,
			`"editor_id" INTEGER NOT NULL REFERENCES "user" ("id") ON DELETE RESTRICT`,
			`SELECT "id", "title", "author_id", "published", "views", "created", "updated", 0 FROM "blog_post";`,
		},
		postgres: []string{
			`ALTER TABLE "blog_post" ADD COLUMN "editor_id" BIGINT NOT NULL DEFAULT 0 CONSTRAINT "blog_post_editor_id_fkey" REFERENCES "user" ("id") ON DELETE RESTRICT;`,
			`ALTER TABLE "blog_post" ALTER COLUMN "editor_id" DROP DEFAULT;`,
		},
		fkOff: true,
	}, {
		name:     "add a nullable foreign key: in place",
		op:       &operation{Op: opAddColumn, Table: "blog_post", Column: &columnState{Name: "editor_id", Type: typeBigint, Null: true, FK: fk}},
		sqlite:   []string{`ALTER TABLE "blog_post" ADD COLUMN "editor_id" INTEGER REFERENCES "user" ("id") ON DELETE RESTRICT;`},
		postgres: []string{`ALTER TABLE "blog_post" ADD COLUMN "editor_id" BIGINT CONSTRAINT "blog_post_editor_id_fkey" REFERENCES "user" ("id") ON DELETE RESTRICT;`},
	}, {
		name:     "add a column defaulting to CURRENT_TIMESTAMP",
		op:       &operation{Op: opAddColumn, Table: "user", Column: &columnState{Name: "joined", Type: typeTime, Default: str("CURRENT_TIMESTAMP")}},
		sqlite:   []string{`"joined" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP`, `SELECT "id", "email", "name", CURRENT_TIMESTAMP FROM "user";`},
		postgres: []string{`ALTER TABLE "user" ADD COLUMN "joined" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP;`},
		fkOff:    true,
	}, {
		name:     "drop a foreign key column",
		before:   []*operation{{Op: opDropIndex, Table: "blog_post", Name: "idx_blog_post_author_id"}},
		op:       &operation{Op: opDropColumn, Table: "blog_post", Name: "author_id"},
		sqlite:   []string{`-- Rebuild "blog_post", as SQLite cannot change it in place: drop column author_id (it has a foreign key).`, `SELECT "id", "title", "published", "views", "created", "updated" FROM "blog_post";`},
		postgres: []string{`ALTER TABLE "blog_post" DROP COLUMN "author_id";`},
		fkOff:    true,
	}, {
		name:     "change a foreign key's ON DELETE",
		op:       &operation{Op: opAlterColumn, Table: "blog_post", Column: author(func(c *columnState) { c.FK.OnDelete = "RESTRICT" })},
		sqlite:   []string{`"author_id" INTEGER NOT NULL REFERENCES "user" ("id") ON DELETE RESTRICT`},
		postgres: []string{`ALTER TABLE "blog_post" DROP CONSTRAINT "blog_post_author_id_fkey";`, `ALTER TABLE "blog_post" ADD CONSTRAINT "blog_post_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "user" ("id") ON DELETE RESTRICT;`},
		fkOff:    true,
	}, {
		name:     "make a column NOT NULL with a default",
		op:       &operation{Op: opAlterColumn, Table: "blog_post", Column: &columnState{Name: "published", Type: typeTime, Default: str("CURRENT_TIMESTAMP")}},
		sqlite:   []string{`COALESCE("published", CURRENT_TIMESTAMP)`},
		postgres: []string{`ALTER TABLE "blog_post" ALTER COLUMN "published" SET DEFAULT CURRENT_TIMESTAMP;`, `UPDATE "blog_post" SET "published" = CURRENT_TIMESTAMP WHERE "published" IS NULL;`, `ALTER TABLE "blog_post" ALTER COLUMN "published" SET NOT NULL;`},
		fkOff:    true,
	}, {
		name:     "change a type",
		op:       &operation{Op: opAlterColumn, Table: "blog_post", Column: &columnState{Name: "views", Type: typeString, Default: str("'0'")}},
		sqlite:   []string{`"views" TEXT NOT NULL DEFAULT '0'`},
		postgres: []string{`ALTER TABLE "blog_post" ALTER COLUMN "views" DROP DEFAULT;`, `ALTER TABLE "blog_post" ALTER COLUMN "views" TYPE TEXT USING "views"::TEXT;`, `ALTER TABLE "blog_post" ALTER COLUMN "views" SET DEFAULT '0';`},
		fkOff:    true,
	}, {
		name:     "the primary key stops being an identity",
		op:       &operation{Op: opAlterColumn, Table: "user", Column: &columnState{Name: "id", Type: typeBigint, PK: true}},
		sqlite:   []string{`"id" INTEGER NOT NULL PRIMARY KEY`},
		postgres: []string{`ALTER TABLE "user" ALTER COLUMN "id" DROP IDENTITY IF EXISTS;`},
		fkOff:    true,
	}, {
		name:     "rename a foreign key column",
		op:       &operation{Op: opRenameColumn, Table: "blog_post", From: "author_id", To: "writer_id"},
		sqlite:   []string{`ALTER TABLE "blog_post" RENAME COLUMN "author_id" TO "writer_id";`},
		postgres: []string{`ALTER TABLE "blog_post" RENAME COLUMN "author_id" TO "writer_id";`, `ALTER TABLE "blog_post" RENAME CONSTRAINT "blog_post_author_id_fkey" TO "blog_post_writer_id_fkey";`},
	}, {
		name:     "drop a table",
		op:       &operation{Op: opDropTable, Table: "blog_post"},
		sqlite:   []string{`DROP TABLE "blog_post";`},
		postgres: []string{`DROP TABLE "blog_post";`},
	}}
	for _, tc := range tests {
		s := base.clone()
		for _, op := range tc.before {
			if err := s.apply(op); err != nil {
				t.Fatal(err)
			}
		}
		for dialect, want := range map[string][]string{"sqlite": tc.sqlite, "postgres": tc.postgres} {
			up, down, _, err := generateSQL(dialect, []*operation{tc.op}, s)
			if err != nil {
				t.Errorf("%s, %s: %v", tc.name, dialect, err)
				continue
			}
			text := strings.Join(up.lines, "\n")
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("%s, %s: up lacks\n%s\n---- in ----\n%s", tc.name, dialect, w, text)
				}
			}
			if fkOff := tc.fkOff && dialect == "sqlite"; up.fkOff != fkOff || fkOff != strings.Contains(text, "PRAGMA foreign_key_check;") {
				t.Errorf("%s, %s: foreign keys off %v, want %v", tc.name, dialect, up.fkOff, fkOff)
			}
			if dialect == "postgres" && (up.fkOff || down.fkOff || strings.Contains(text, "goframe_new_")) {
				t.Errorf("%s: postgres with a rebuild:\n%s", tc.name, text)
			}
		}
	}
}

func TestLimitName(t *testing.T) {
	long := strings.Repeat("t", 40)
	a := indexName("idx", long, strings.Repeat("a", 30))
	b := indexName("idx", long, strings.Repeat("a", 29)+"b")
	if len(a) != 63 || len(b) != 63 || a == b || a[:54] != b[:54] || !validIdent(a) {
		t.Errorf("%s %s", a, b)
	}
	if indexName("idx", "t", "c") != "idx_t_c" {
		t.Error("a short name changed")
	}
}
