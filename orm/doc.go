// Package orm is goframe's database layer, on jmoiron/sqlx: models are
// Go structs described by their tags, written and read through generic
// functions, in transactions that nest as savepoints, with typed errors
// for the constraints a write breaks.
//
// SQLite (mattn/go-sqlite3) is the embedded default, set up for a server:
// WAL, a busy timeout, foreign keys on, synchronous=NORMAL, one writer
// connection whose transactions take the write lock when they begin, and
// a pool of readers — so that several worker processes writing one file
// wait for each other instead of failing with SQLITE_BUSY. PostgreSQL
// (jackc/pgx through database/sql) is the path for several app hosts
// sharing one database.
//
//	db, err := orm.Open("sqlite:///db.sqlite3")
//	...
//	post := &Post{Title: "Hello"}
//	err = orm.Insert(ctx, db, post)            // post.ID is set
//	p, err := orm.Get[Post](ctx, db, post.ID)  // orm.ErrNotFound if none
//	err = orm.Tx(ctx, db, func(tx *orm.Conn) error {
//		return orm.Save(ctx, tx, p)
//	})
//
// Values are always bound parameters; table and column names come from
// the models, so no user input reaches SQL text.
package orm
