package orm

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/jmoiron/sqlx"
)

// The ORM against plain sqlx and raw database/sql on a SQLite file (a
// fresh one for each sub-benchmark, so that none inherits another's
// rows): read one row, read 20 rows, insert, update. sqlx-prepared uses
// a statement prepared once, as the ORM's statement cache does: the ORM's
// own cost is the difference to it. Compare ns/op and
// allocs/op across the sub-benchmarks of one run (docs/benchmarks.md).

// benchArticle is Article without relation fields, for sqlx's mapper.
type benchArticle struct {
	ID       int64   `db:"id"`
	WriterID int64   `db:"writer_id"`
	Title    string  `db:"title"`
	Views    int     `db:"views"`
	Score    float64 `db:"score"`
}

func (benchArticle) TableName() string { return "article" }

const benchCols = `id, writer_id, title, views, score`

func benchDB(b *testing.B) (*DB, *sqlx.DB) {
	b.Helper()
	dir := b.TempDir()
	db, err := Open("sqlite:///" + filepath.Join(dir, "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	ctx := context.Background()
	db.Exec(ctx, `CREATE TABLE writer (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE)`)
	db.Exec(ctx, `CREATE TABLE article (id INTEGER PRIMARY KEY AUTOINCREMENT, writer_id INTEGER NOT NULL REFERENCES writer(id), title TEXT NOT NULL, views INTEGER NOT NULL, score REAL NOT NULL)`)
	db.Exec(ctx, `INSERT INTO writer (name) VALUES ('ann')`)
	var rows []*benchArticle
	for i := 0; i < 100; i++ {
		rows = append(rows, &benchArticle{WriterID: 1, Title: "A benchmark article title", Views: i, Score: 1.5})
	}
	if err := BulkInsert(ctx, db, rows); err != nil {
		b.Fatal(err)
	}
	// Plain sqlx on the same file, with the same settings.
	x, err := sqlx.Open("sqlite3", sqliteDSN(filepath.Join(dir, "bench.db"), 10e9, "_txlock=immediate"))
	if err != nil {
		b.Fatal(err)
	}
	x.SetMaxOpenConns(1)
	b.Cleanup(func() { x.Close() })
	return db, x
}

func BenchmarkReadOne(b *testing.B) {
	ctx := context.Background()
	b.Run("database-sql", func(b *testing.B) {
		db, x := benchDB(b)
		_, _ = db, x
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			var a benchArticle
			err := x.DB.QueryRowContext(ctx, "SELECT "+benchCols+" FROM article WHERE id = ?", i%100+1).
				Scan(&a.ID, &a.WriterID, &a.Title, &a.Views, &a.Score)
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sqlx", func(b *testing.B) {
		db, x := benchDB(b)
		_, _ = db, x
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			var a benchArticle
			if err := x.GetContext(ctx, &a, "SELECT "+benchCols+" FROM article WHERE id = ?", i%100+1); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sqlx-prepared", func(b *testing.B) {
		_, x := benchDB(b)
		stmt, err := x.PreparexContext(ctx, "SELECT "+benchCols+" FROM article WHERE id = ?")
		if err != nil {
			b.Fatal(err)
		}
		defer stmt.Close()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			var a benchArticle
			if err := stmt.GetContext(ctx, &a, i%100+1); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("orm", func(b *testing.B) {
		db, x := benchDB(b)
		_, _ = db, x
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := Get[benchArticle](ctx, db, int64(i%100+1)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkRead20(b *testing.B) {
	ctx := context.Background()
	b.Run("database-sql", func(b *testing.B) {
		db, x := benchDB(b)
		_, _ = db, x
		b.ReportAllocs()
		for b.Loop() {
			rows, err := x.DB.QueryContext(ctx, "SELECT "+benchCols+" FROM article WHERE views >= ? ORDER BY id LIMIT 20", 10)
			if err != nil {
				b.Fatal(err)
			}
			var out []*benchArticle
			for rows.Next() {
				a := new(benchArticle)
				if err := rows.Scan(&a.ID, &a.WriterID, &a.Title, &a.Views, &a.Score); err != nil {
					b.Fatal(err)
				}
				out = append(out, a)
			}
			rows.Close()
			if len(out) != 20 {
				b.Fatal(len(out))
			}
		}
	})
	b.Run("sqlx", func(b *testing.B) {
		db, x := benchDB(b)
		_, _ = db, x
		b.ReportAllocs()
		for b.Loop() {
			var out []*benchArticle
			if err := x.SelectContext(ctx, &out, "SELECT "+benchCols+" FROM article WHERE views >= ? ORDER BY id LIMIT 20", 10); err != nil || len(out) != 20 {
				b.Fatal(err, len(out))
			}
		}
	})
	b.Run("sqlx-prepared", func(b *testing.B) {
		_, x := benchDB(b)
		stmt, err := x.PreparexContext(ctx, "SELECT "+benchCols+" FROM article WHERE views >= ? ORDER BY id LIMIT 20")
		if err != nil {
			b.Fatal(err)
		}
		defer stmt.Close()
		b.ReportAllocs()
		for b.Loop() {
			var out []*benchArticle
			if err := stmt.SelectContext(ctx, &out, 10); err != nil || len(out) != 20 {
				b.Fatal(err, len(out))
			}
		}
	})
	b.Run("orm", func(b *testing.B) {
		db, x := benchDB(b)
		_, _ = db, x
		b.ReportAllocs()
		qs := Objects[benchArticle](db).Filter("views__gte", 10).OrderBy("id").Limit(20)
		for b.Loop() {
			out, err := qs.All(ctx)
			if err != nil || len(out) != 20 {
				b.Fatal(err, len(out))
			}
		}
	})
}

func BenchmarkInsert(b *testing.B) {
	ctx := context.Background()
	b.Run("database-sql", func(b *testing.B) {
		db, x := benchDB(b)
		_, _ = db, x
		b.ReportAllocs()
		for b.Loop() {
			var id int64
			if err := x.DB.QueryRowContext(ctx, "INSERT INTO article (writer_id, title, views, score) VALUES (?, ?, ?, ?) RETURNING id", 1, "t", 1, 1.5).Scan(&id); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sqlx", func(b *testing.B) {
		db, x := benchDB(b)
		_, _ = db, x
		b.ReportAllocs()
		for b.Loop() {
			a := benchArticle{WriterID: 1, Title: "t", Views: 1, Score: 1.5}
			rows, err := x.NamedQueryContext(ctx, "INSERT INTO article (writer_id, title, views, score) VALUES (:writer_id, :title, :views, :score) RETURNING id", a)
			if err != nil {
				b.Fatal(err)
			}
			rows.Next()
			rows.Scan(&a.ID)
			rows.Close()
		}
	})
	b.Run("sqlx-prepared", func(b *testing.B) {
		_, x := benchDB(b)
		stmt, err := x.PrepareNamedContext(ctx, "INSERT INTO article (writer_id, title, views, score) VALUES (:writer_id, :title, :views, :score) RETURNING id")
		if err != nil {
			b.Fatal(err)
		}
		defer stmt.Close()
		b.ReportAllocs()
		for b.Loop() {
			a := benchArticle{WriterID: 1, Title: "t", Views: 1, Score: 1.5}
			if err := stmt.QueryRowxContext(ctx, a).Scan(&a.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("orm", func(b *testing.B) {
		db, x := benchDB(b)
		_, _ = db, x
		b.ReportAllocs()
		for b.Loop() {
			a := &benchArticle{WriterID: 1, Title: "t", Views: 1, Score: 1.5}
			if err := Insert(ctx, db, a); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkUpdate(b *testing.B) {
	ctx := context.Background()
	a := &benchArticle{ID: 7, WriterID: 1, Title: "t", Views: 1, Score: 1.5}
	b.Run("database-sql", func(b *testing.B) {
		db, x := benchDB(b)
		_, _ = db, x
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := x.DB.ExecContext(ctx, "UPDATE article SET writer_id = ?, title = ?, views = ?, score = ? WHERE id = ?", a.WriterID, a.Title, i, a.Score, a.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sqlx", func(b *testing.B) {
		db, x := benchDB(b)
		_, _ = db, x
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			a.Views = i
			if _, err := x.NamedExecContext(ctx, "UPDATE article SET writer_id = :writer_id, title = :title, views = :views, score = :score WHERE id = :id", a); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sqlx-prepared", func(b *testing.B) {
		_, x := benchDB(b)
		stmt, err := x.PrepareNamedContext(ctx, "UPDATE article SET writer_id = :writer_id, title = :title, views = :views, score = :score WHERE id = :id")
		if err != nil {
			b.Fatal(err)
		}
		defer stmt.Close()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			a.Views = i
			if _, err := stmt.ExecContext(ctx, a); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("orm", func(b *testing.B) {
		db, x := benchDB(b)
		_, _ = db, x
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			a.Views = i
			if err := Update(ctx, db, a); err != nil {
				b.Fatal(err)
			}
		}
	})
}
