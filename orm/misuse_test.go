package orm

import (
	"context"
	"strings"
	"testing"
	"time"
)

// notAModel is not a struct: every query on it is an error.
type notAModel int

// Misuse gets an error naming what was wrong, never a panic.
func TestMisuse_ErrorsNotPanics(t *testing.T) {
	db, _ := queryDB(t, "sqlite")
	ctx := context.Background()
	var nilDB *DB
	var nilConn *Conn
	var tm time.Time
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"Sum on a non-model", func() error { return ignore(Objects[notAModel](db).Sum(ctx, "x")) }, "is not a struct"},
		{"Avg on a non-model", func() error { return ignore(Objects[notAModel](db).Avg(ctx, "x")) }, "is not a struct"},
		{"Min on a non-model", func() error { return Objects[notAModel](db).Min(ctx, "x", &tm) }, "is not a struct"},
		{"Max on a non-model", func() error { return Objects[notAModel](db).Max(ctx, "x", &tm) }, "is not a struct"},
		{"Insert nil", func() error { return Insert[Article](ctx, db, nil) }, "orm: Insert Article: the object is nil"},
		{"Update nil", func() error { return Update[Article](ctx, db, nil) }, "orm: Update Article: the object is nil"},
		{"Save nil", func() error { return Save[Article](ctx, db, nil) }, "orm: Save Article: the object is nil"},
		{"Delete nil", func() error { return Delete[Article](ctx, db, nil) }, "orm: Delete Article: the object is nil"},
		{"BulkInsert a nil", func() error { return BulkInsert(ctx, db, []*Writer{{Name: "x"}, nil}) }, "object 1 of 2 is nil"},
		{"Insert on nil", func() error { return Insert(ctx, nil, &Writer{Name: "x"}) }, "the Queryer is nil"},
		{"Insert on a nil *DB", func() error { return Insert(ctx, nilDB, &Writer{Name: "x"}) }, "a nil *orm.DB"},
		{"BulkInsert on a nil *Conn", func() error { return BulkInsert(ctx, nilConn, []*Writer{{Name: "x"}}) }, "a nil *orm.Conn"},
		{"Objects on nil", func() error { return ignore(Objects[Article](nil).OrderBy("id").All(ctx)) }, "orm: Article: no database"},
		{"Get on a nil *DB", func() error { return ignore(Get[Article](ctx, nilDB, 1)) }, "orm: Article: no database"},
		{"Tx on a nil *DB", func() error { return Tx(ctx, nilDB, func(*Conn) error { return nil }) }, "orm: Tx: no database"},
		{"Tx without a function", func() error { return Tx(ctx, db, nil) }, "orm: Tx: the function is nil"},
		{"Iterate without a function", func() error { return Objects[Article](db).Iterate(ctx, nil) }, "Iterate: the function is nil"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("panic: %v", r)
				}
			}()
			if err := tc.run(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
	if n, err := Objects[Writer](db).Count(ctx); err != nil || n != 3 {
		t.Errorf("%d writers (%v): a refused write wrote", n, err)
	}
}

// A function given to Iterate may query and write the database, on a
// file and on a memory database (one connection) alike.
func TestQuerySet_IterateNestedQueries(t *testing.T) {
	for _, url := range []string{"sqlite::memory:", "sqlite:///" + t.TempDir() + "/nested.db"} {
		t.Run(url, func(t *testing.T) {
			db := openTest(t, url)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			if err := BulkInsert(ctx, db, []*User{{Email: "a@x", Name: "a"}, {Email: "b@x", Name: "b"}}); err != nil {
				t.Fatal(err)
			}
			seen := 0
			err := Objects[User](db).OrderBy("id").Iterate(ctx, func(u *User) error {
				seen++
				if _, err := Objects[User](db).Count(ctx); err != nil {
					return err
				}
				u.Name += "!"
				return Save(ctx, db, u)
			})
			if err != nil || seen != 2 {
				t.Fatalf("iterate with nested queries: %v after %d rows", err, seen)
			}
			err = Tx(ctx, db, func(tx *Conn) error {
				return Objects[User](tx).Iterate(ctx, func(u *User) error {
					u.Name += "?"
					return Save(ctx, tx, u)
				})
			})
			if err != nil {
				t.Fatal(err)
			}
			vals, err := Objects[User](db).OrderBy("id").Values(ctx, "name")
			if err != nil || len(vals) != 2 || vals[0]["name"] != "a!?" || vals[1]["name"] != "b!?" {
				t.Errorf("names %v, %v; want a!? and b!?", vals, err)
			}
		})
	}
}
