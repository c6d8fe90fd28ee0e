package orm

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

type User struct {
	ID    int64  `db:"id"`
	Email string `db:"email" orm:"unique;size:200"`
	Name  string
}

type BlogPost struct {
	ID        int64      `db:"id"`
	Title     string     `db:"title" orm:"size:200;index"`
	AuthorID  int64      `db:"author_id" orm:"fk:User;on_delete:cascade"`
	Published *time.Time `db:"published"`
	Views     int        `db:"views" orm:"default:0"`
	Created   time.Time  `db:"created" orm:"created"`
	Updated   time.Time  `db:"updated" orm:"updated"`
}

const testSchema = `
CREATE TABLE "user" (id INTEGER PRIMARY KEY AUTOINCREMENT, email VARCHAR(200) NOT NULL UNIQUE, name TEXT NOT NULL);
CREATE TABLE blog_post (id INTEGER PRIMARY KEY AUTOINCREMENT, title VARCHAR(200) NOT NULL,
	author_id INTEGER NOT NULL REFERENCES "user"(id) ON DELETE CASCADE, published DATETIME,
	views INTEGER NOT NULL DEFAULT 0, created DATETIME NOT NULL, updated DATETIME NOT NULL);
`

func openTest(t testing.TB, url string) *DB {
	t.Helper()
	db, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for stmt := range strings.SplitSeq(testSchema, ";") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		if _, err := db.Exec(context.Background(), stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	return db
}

// The test databases: a file (with its separate read pool) and memory.
func testDBs(t *testing.T) map[string]*DB {
	return map[string]*DB{
		"file":   openTest(t, "sqlite:///"+filepath.Join(t.TempDir(), "test.db")),
		"memory": openTest(t, "sqlite::memory:"),
	}
}

func TestOpenURLs(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	tests := []struct {
		url, err string
		file     string // the file that must exist afterwards
	}{
		{url: "sqlite:///db.sqlite3", file: filepath.Join(dir, "db.sqlite3")},
		{url: "sqlite:///sub/../rel.db", file: filepath.Join(dir, "rel.db")},
		{url: "sqlite:///" + dir + "/abs.db", file: filepath.Join(dir, "abs.db")},
		{url: "sqlite::memory:"},
		{url: "sqlite://db.sqlite3", err: "sqlite:///relative/path or sqlite:////absolute/path"},
		{url: "sqlite:///db.sqlite3?cache=shared", err: "query parameters are not supported"},
		{url: "mysql://x", err: "want sqlite:///relative/path"},
		{url: "sqlite:///" + dir + "/missing/dir/x.db", err: "unable to open database file"},
		{url: "postgres://u:secret@127.0.0.1:1/x?connect_timeout=1", err: "u:xxxxx@127.0.0.1"},
	}
	for _, tc := range tests {
		db, err := Open(tc.url)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: err %v, want %q", tc.url, err, tc.err)
			}
			if err != nil && strings.Contains(err.Error(), "secret") {
				t.Errorf("%s: the error shows the password: %v", tc.url, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.url, err)
			continue
		}
		var mode string
		if err := db.write.Get(&mode, "PRAGMA journal_mode"); err != nil {
			t.Error(err)
		}
		var fk int
		if err := db.read.Get(&fk, "PRAGMA foreign_keys"); err != nil || fk != 1 {
			t.Errorf("%s: foreign_keys = %d, %v", tc.url, fk, err)
		}
		if tc.file != "" {
			if _, err := os.Stat(tc.file); err != nil {
				t.Errorf("%s: %v", tc.url, err)
			}
			if mode != "wal" {
				t.Errorf("%s: journal mode %q, want wal", tc.url, mode)
			}
			var sync, busy int
			db.read.Get(&sync, "PRAGMA synchronous")
			db.read.Get(&busy, "PRAGMA busy_timeout")
			if sync != 1 || busy != 10000 {
				t.Errorf("%s: synchronous=%d busy_timeout=%d, want 1 (NORMAL) and 10000", tc.url, sync, busy)
			}
		}
		db.Close()
	}
}

func TestModelDescription(t *testing.T) {
	m, err := ModelOf[BlogPost]()
	if err != nil {
		t.Fatal(err)
	}
	if m.Table != "blog_post" || m.PK.Column != "id" || !m.PK.Auto {
		t.Errorf("table %q pk %q auto %v", m.Table, m.PK.Column, m.PK.Auto)
	}
	var got []string
	for _, f := range m.Fields {
		s := f.Column
		if f.Null {
			s += " null"
		}
		if f.Indexed {
			s += " index"
		}
		if f.Size > 0 {
			s += fmt.Sprintf(" size=%d", f.Size)
		}
		if f.FK != nil {
			s += " fk=" + f.FK.Model + "/" + f.FK.OnDelete
		}
		if f.HasDefault {
			s += " default=" + f.Default
		}
		if f.Created || f.Updated {
			s += " stamp"
		}
		got = append(got, s)
	}
	want := "id|title index size=200|author_id fk=User/CASCADE|published null|views default=0|created stamp|updated stamp"
	if strings.Join(got, "|") != want {
		t.Errorf("fields\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
	if u, _ := ModelOf[User](); u.Table != "user" || u.Fields[2].Column != "name" {
		t.Errorf("user: %q %q", u.Table, u.Fields[2].Column)
	}
}

type (
	noPK  struct{ Name string }
	twoPK struct {
		A, B int64 `orm:"pk"`
	}
	badTag struct {
		ID int64 `orm:"sise:3"`
	}
	badNull struct {
		ID int64
		N  string `orm:"null"`
	}
	badSize struct {
		ID int64
		N  int `orm:"size:3"`
	}
	badStamp struct {
		ID int64
		C  string `orm:"created"`
	}
	badOnDelete struct {
		ID int64
		U  int64 `orm:"fk:User;on_delete:explode"`
	}
	setNullReq struct {
		ID int64
		U  int64 `orm:"fk:User;on_delete:set_null"`
	}
	badColumn struct {
		ID int64
		N  string `db:"na me"`
	}
	badType struct {
		ID int64
		M  map[string]int
	}
	dupColumn struct {
		ID int64
		A  string `db:"x"`
		B  string `db:"x"`
	}
	named struct {
		Code string `orm:"pk"`
	}
	custom     struct{ ID int64 }
	HTTPServer struct {
		ID        int64
		ServerURL string
		AuthorID  int
	}
)

func (custom) TableName() string { return "my_custom" }

func TestModelErrors(t *testing.T) {
	check := func(name string, f func() (*Model, error), want string) {
		t.Helper()
		m, err := f()
		if want == "" {
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			return
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v (model %v), want %q", name, err, m, want)
		}
	}
	check("noPK", ModelOf[noPK], "has no primary key")
	check("twoPK", ModelOf[twoPK], "two primary keys")
	check("badTag", ModelOf[badTag], `field ID: unknown orm tag option "sise"`)
	check("badNull", ModelOf[badNull], "needs a pointer or sql.Null* type")
	check("badSize", ModelOf[badSize], "size applies to strings")
	check("badStamp", ModelOf[badStamp], "created needs a time.Time field")
	check("badOnDelete", ModelOf[badOnDelete], "on_delete:explode")
	check("setNullReq", ModelOf[setNullReq], "set_null needs a nullable field")
	check("badColumn", ModelOf[badColumn], `column name "na me"`)
	check("badType", ModelOf[badType], "cannot be stored in a column")
	check("dupColumn", ModelOf[dupColumn], `column "x" used by two fields`)
	check("named", ModelOf[named], "")
	if m, _ := ModelOf[named](); m.PK.Auto {
		t.Error("a string primary key is not auto-increment")
	}
	if m, _ := ModelOf[custom](); m.Table != "my_custom" {
		t.Errorf("TableName: %q", m.Table)
	}
	m, _ := ModelOf[HTTPServer]()
	if m.Table != "http_server" || m.Fields[1].Column != "server_url" || m.Fields[2].Column != "author_id" {
		t.Errorf("snake case: %s %s %s", m.Table, m.Fields[1].Column, m.Fields[2].Column)
	}
	if _, err := NewRegistry(BlogPost{}); err == nil || !strings.Contains(err.Error(), `foreign key to "User", which is not a registered model`) {
		t.Errorf("unresolved fk: %v", err)
	}
	r, err := NewRegistry(&User{}, BlogPost{}, User{})
	if err != nil {
		t.Fatal(err)
	}
	bp, _ := r.Model("BlogPost")
	if fk := bp.Fields[2].FK; fk.Table != "user" || fk.Column != "id" {
		t.Errorf("fk resolved to %s.%s", fk.Table, fk.Column)
	}
}

func TestCRUDAndConstraints(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			ann := &User{Email: "ann@example.com", Name: "Ann"}
			if err := Insert(ctx, db, ann); err != nil || ann.ID == 0 {
				t.Fatalf("insert: %v (id %d)", err, ann.ID)
			}
			p := &BlogPost{Title: "Hello", AuthorID: ann.ID}
			before := time.Now().UTC().Add(-time.Second)
			if err := Save(ctx, db, p); err != nil {
				t.Fatal(err)
			}
			if p.ID == 0 || p.Created.Before(before) || !p.Created.Equal(p.Updated) {
				t.Errorf("after insert: id %d created %v updated %v", p.ID, p.Created, p.Updated)
			}
			got, err := Get[BlogPost](ctx, db, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Title != "Hello" || got.Published != nil || !got.Created.Equal(p.Created) {
				t.Errorf("got %+v, want %+v", got, p)
			}
			pub := time.Date(2026, 3, 7, 9, 5, 3, 123456000, time.UTC)
			got.Published, got.Title = &pub, "Hello again"
			time.Sleep(2 * time.Millisecond)
			if err := Save(ctx, db, got); err != nil {
				t.Fatal(err)
			}
			again, _ := Get[BlogPost](ctx, db, p.ID)
			if again.Title != "Hello again" || again.Published == nil || !again.Published.Equal(pub) || !again.Updated.After(again.Created) {
				t.Errorf("after update: %+v", again)
			}
			// Typed constraint errors naming the column.
			var ce *ConstraintError
			err = Insert(ctx, db, &User{Email: "ann@example.com"})
			if !errors.As(err, &ce) || ce.Kind != ConstraintUnique || ce.Table != "user" || ce.Column != "email" {
				t.Errorf("duplicate email: %v", err)
			}
			err = Insert(ctx, db, &BlogPost{Title: "x", AuthorID: 999})
			if !errors.As(err, &ce) || ce.Kind != ConstraintForeignKey {
				t.Errorf("missing author: %v", err)
			}
			_, err = db.Exec(ctx, `INSERT INTO "user" (email, name) VALUES (?, NULL)`, "b@x")
			if !errors.As(err, &ce) || ce.Kind != ConstraintNotNull || ce.Column != "name" {
				t.Errorf("null name: %v", err)
			}
			// Not found.
			if _, err := Get[BlogPost](ctx, db, 12345); !errors.Is(err, ErrNotFound) {
				t.Errorf("get missing: %v", err)
			}
			if err := Update(ctx, db, &BlogPost{ID: 12345, Title: "x", AuthorID: ann.ID}); !errors.Is(err, ErrNotFound) {
				t.Errorf("update missing: %v", err)
			}
			// Cascade.
			if err := Delete(ctx, db, ann); err != nil {
				t.Fatal(err)
			}
			if _, err := Get[BlogPost](ctx, db, p.ID); !errors.Is(err, ErrNotFound) {
				t.Errorf("post survived its author's deletion: %v", err)
			}
			if err := Delete(ctx, db, ann); !errors.Is(err, ErrNotFound) {
				t.Errorf("delete twice: %v", err)
			}
		})
	}
}

func countUsers(t *testing.T, q Queryer) int {
	t.Helper()
	var n int
	if err := q.reader().GetContext(context.Background(), &n, `SELECT count(*) FROM "user"`); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTx(t *testing.T) {
	for name, db := range testDBs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			boom := errors.New("boom")
			// Commit.
			err := Tx(ctx, db, func(tx *Conn) error {
				if err := Insert(ctx, tx, &User{Email: "a@x", Name: "a"}); err != nil {
					return err
				}
				if n := countUsers(t, tx); n != 1 {
					t.Errorf("inside: %d users", n)
				}
				return nil
			})
			if err != nil || countUsers(t, db) != 1 {
				t.Fatalf("commit: %v, %d users", err, countUsers(t, db))
			}
			// Rollback on error.
			err = Tx(ctx, db, func(tx *Conn) error {
				Insert(ctx, tx, &User{Email: "b@x", Name: "b"})
				return boom
			})
			if !errors.Is(err, boom) || countUsers(t, db) != 1 {
				t.Errorf("rollback: %v, %d users", err, countUsers(t, db))
			}
			// Rollback on panic, which goes on.
			func() {
				defer func() {
					if r := recover(); r != "kaboom" {
						t.Errorf("recovered %v", r)
					}
				}()
				Tx(ctx, db, func(tx *Conn) error {
					Insert(ctx, tx, &User{Email: "c@x", Name: "c"})
					panic("kaboom")
				})
			}()
			if n := countUsers(t, db); n != 1 {
				t.Errorf("after panic: %d users", n)
			}
			// Savepoints: the inner failure is undone, the outer work kept.
			err = Tx(ctx, db, func(tx *Conn) error {
				Insert(ctx, tx, &User{Email: "d@x", Name: "d"})
				ierr := Tx(ctx, tx, func(tx *Conn) error {
					Insert(ctx, tx, &User{Email: "e@x", Name: "e"})
					return boom
				})
				if !errors.Is(ierr, boom) {
					t.Errorf("inner: %v", ierr)
				}
				// A unique violation inside a savepoint leaves the
				// transaction usable.
				ierr = Tx(ctx, tx, func(tx *Conn) error { return Insert(ctx, tx, &User{Email: "a@x", Name: "dup"}) })
				var ce *ConstraintError
				if !errors.As(ierr, &ce) {
					t.Errorf("inner duplicate: %v", ierr)
				}
				return Tx(ctx, tx, func(tx *Conn) error { return Insert(ctx, tx, &User{Email: "f@x", Name: "f"}) })
			})
			if err != nil {
				t.Fatal(err)
			}
			var emails []string
			db.read.Select(&emails, `SELECT email FROM "user" ORDER BY email`)
			if strings.Join(emails, ",") != "a@x,d@x,f@x" {
				t.Errorf("after savepoints: %v", emails)
			}
		})
	}
}

// childEnv marks the test binary re-run as a writer process.
const childEnv = "GOFRAME_ORM_WRITER"

func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		os.Exit(writerProcess(spec))
	}
	os.Exit(m.Run())
}

// writerProcess inserts rows into a SQLite file, alone and in
// transactions, as one of several processes at once. spec is
// "url|process|rows".
func writerProcess(spec string) int {
	parts := strings.Split(spec, "|")
	proc, _ := strconv.Atoi(parts[1])
	rows, _ := strconv.Atoi(parts[2])
	db, err := Open(parts[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer db.Close()
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for g := 0; g < 4; g++ { // several goroutines per process, too
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := g; i < rows; i += 4 {
				email := fmt.Sprintf("p%d-r%d@x", proc, i)
				var err error
				if i%3 == 0 {
					// Read, then write: in a deferred transaction the
					// write could not wait for the lock (SQLITE_BUSY).
					err = Tx(ctx, db, func(tx *Conn) error {
						var n int
						if err := tx.reader().GetContext(ctx, &n, `SELECT count(*) FROM "user"`); err != nil {
							return err
						}
						return Insert(ctx, tx, &User{Email: email, Name: fmt.Sprintf("tx after %d", n)})
					})
				} else {
					err = Insert(ctx, db, &User{Email: email, Name: "plain"})
				}
				if err != nil {
					errs <- fmt.Errorf("process %d row %d: %w", proc, i, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// Several processes writing one SQLite file at once: no SQLITE_BUSY
// reaches them (writes wait for the lock), and every row is there.
func TestConcurrentProcessWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	url := "sqlite:///" + path
	db := openTest(t, url)
	const procs, rows = 4, 300
	var cmds []*exec.Cmd
	for p := 0; p < procs; p++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s|%d|%d", childEnv, url, p, rows))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	// Read while they write: readers never wait for the writers.
	for i := 0; i < 20; i++ {
		countUsers(t, db)
		time.Sleep(5 * time.Millisecond)
	}
	for p, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("writer process %d: %v", p, err)
		}
	}
	if n := countUsers(t, db); n != procs*rows {
		t.Errorf("%d rows, want %d", n, procs*rows)
	}
	var dup int
	db.read.Get(&dup, `SELECT count(*) - count(DISTINCT email) FROM "user"`)
	if dup != 0 {
		t.Errorf("%d duplicate rows", dup)
	}
	_ = sql.ErrNoRows
}
