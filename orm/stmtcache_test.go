package orm

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
)

// TestTx_PreparesWhatItRanUnprepared: a statement a transaction runs is
// prepared once the transaction is over, so the next transaction runs it
// prepared rather than having SQLite parse it again (a transaction holds
// the writer pool's only connection, so it cannot prepare in the pool
// itself).
func TestTx_PreparesWhatItRanUnprepared(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, "sqlite:///"+filepath.Join(t.TempDir(), "tx.sqlite3"))
	u := &User{Email: "a@example.com", Name: "A"}
	if err := Insert(ctx, db, u); err != nil {
		t.Fatal(err)
	}
	m, err := modelOfType(reflect.TypeFor[User]())
	if err != nil {
		t.Fatal(err)
	}
	update := rebind(db.dialect, m.sqlUpdate)
	if s := db.writeStmts.stmts[update]; s != nil {
		t.Fatal("the update was prepared before any transaction ran it")
	}
	for i, name := range []string{"B", "C"} {
		err := Tx(ctx, db, func(tx *Conn) error {
			u.Name = name
			return Update(ctx, tx, u)
		})
		if err != nil {
			t.Fatal(err)
		}
		if s := db.writeStmts.stmts[update]; s == nil {
			t.Fatalf("after transaction %d, the update it ran is not prepared", i+1)
		}
	}
	// A transaction that fails, and one that panics, release the
	// connection before the preparing: neither hangs.
	if err := Tx(ctx, db, func(tx *Conn) error {
		if err := tx.Exec(ctx, "UPDATE \"user\" SET name = ? WHERE id = ?", "D", u.ID); err != nil {
			return err
		}
		return context.Canceled
	}); err != context.Canceled {
		t.Fatalf("the failing transaction returned %v", err)
	}
	func() {
		defer func() { recover() }()
		_ = Tx(ctx, db, func(tx *Conn) error {
			_ = tx.Exec(ctx, "UPDATE \"user\" SET email = ? WHERE id = ?", "e@example.com", u.ID)
			panic("boom")
		})
	}()
	got, err := Get[User](ctx, db, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "C" || got.Email != "a@example.com" {
		t.Fatalf("after a failed and a panicking transaction the row is %+v, want name C, email a@example.com", got)
	}
}
