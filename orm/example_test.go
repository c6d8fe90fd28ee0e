package orm_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/goframe/goframe/orm"
)

type Author struct {
	ID    int64  `db:"id"`
	Email string `db:"email" orm:"unique"`
}

func Example() {
	ctx := context.Background()
	db, err := orm.Open("sqlite::memory:")
	if err != nil {
		panic(err)
	}
	defer db.Close()
	db.Exec(ctx, `CREATE TABLE author (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL UNIQUE)`)

	a := &Author{Email: "ann@example.com"}
	if err := orm.Insert(ctx, db, a); err != nil {
		panic(err)
	}
	got, err := orm.Get[Author](ctx, db, a.ID)
	fmt.Println(got.ID, got.Email, err)

	// A unique email: the error says which constraint and column.
	err = orm.Insert(ctx, db, &Author{Email: "ann@example.com"})
	var ce *orm.ConstraintError
	if errors.As(err, &ce) {
		fmt.Println(ce.Kind, ce.Table, ce.Column)
	}

	// A transaction: rolled back because fn failed.
	err = orm.Tx(ctx, db, func(tx *orm.Conn) error {
		if err := orm.Insert(ctx, tx, &Author{Email: "bob@example.com"}); err != nil {
			return err
		}
		return errors.New("changed my mind")
	})
	_, getErr := orm.Get[Author](ctx, db, 2)
	fmt.Println(err, errors.Is(getErr, orm.ErrNotFound))
	// Output:
	// 1 ann@example.com <nil>
	// unique author email
	// changed my mind true
}
