package orm_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/goframe/goframe/orm"
)

type Article struct {
	ID       int64  `db:"id"`
	Title    string `db:"title" orm:"size:200"`
	AuthorID int64  `db:"author_id" orm:"fk:Author;on_delete:cascade"`
}

// Django's workflow: makemigrations writes the next migration from the
// models, migrate applies it. A project embeds its migrations:
//
//	//go:embed migrations/*.sql
//	var migrationFiles embed.FS
//	...
//	migrations, _ := fs.Sub(migrationFiles, "migrations")
//	applied, err := orm.Migrate(ctx, db, migrations, "")
func ExampleMakeMigrations() {
	dir, err := os.MkdirTemp("", "migrations")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	reg, err := orm.NewRegistry(Author{}, Article{})
	if err != nil {
		panic(err)
	}
	path, err := orm.MakeMigrations(reg, dir, orm.MakeOptions{})
	fmt.Println(filepath.Base(path), err)

	// Nothing changed: no new migration.
	path, err = orm.MakeMigrations(reg, dir, orm.MakeOptions{})
	fmt.Printf("%q %v\n", path, err)

	ctx := context.Background()
	db, err := orm.Open("sqlite::memory:")
	if err != nil {
		panic(err)
	}
	defer db.Close()
	applied, err := orm.Migrate(ctx, db, os.DirFS(dir), "")
	fmt.Println(applied, err)

	status, _ := orm.ShowMigrations(ctx, db, os.DirFS(dir))
	for _, s := range status {
		fmt.Println(s)
	}
	// Output:
	// 0001_initial.sql <nil>
	// "" <nil>
	// [0001_initial] <nil>
	// [X] 0001_initial
}
