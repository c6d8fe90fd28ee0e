package tfb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver, as goframe's orm uses
)

// WorldRows is the number of rows in the World table.
const WorldRows = 10000

// World is one row of the World table, encoded as TechEmpower specifies.
type World struct {
	ID           int `json:"id"`
	RandomNumber int `json:"randomNumber"`
}

// DB is the benchmark database: one writer connection (for seeding and
// /updates) and a pool of read-only connections, with the pragmas goframe's
// orm uses (WAL, a busy timeout, synchronous=NORMAL).
type DB struct {
	write, read            *sql.DB
	world, fortune, update *sql.Stmt
}

// dsn is the go-sqlite3 connection string for path, as goframe's orm builds it.
func dsn(path, extra string) string {
	v := url.Values{}
	v.Set("_journal_mode", "WAL")
	v.Set("_busy_timeout", "5000")
	v.Set("_foreign_keys", "on")
	v.Set("_synchronous", "NORMAL")
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + v.Encode() + "&" + extra
}

// Open opens the SQLite database at path, creating the World (10,000 rows)
// and Fortune (12 rows) tables and seeding them if they are missing, and
// prepares the statements the handlers use. maxReaders is the size of the
// read pool (8 if not positive).
func Open(ctx context.Context, path string, maxReaders int) (*DB, error) {
	if maxReaders <= 0 {
		maxReaders = 8
	}
	w, err := sql.Open("sqlite3", dsn(path, "_txlock=immediate"))
	if err != nil {
		return nil, fmt.Errorf("tfb: opening %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	if err := seed(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("tfb: seeding %s: %w", path, err)
	}
	r, err := sql.Open("sqlite3", dsn(path, "mode=ro"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("tfb: opening %s read-only: %w", path, err)
	}
	r.SetMaxOpenConns(maxReaders)
	r.SetMaxIdleConns(maxReaders)
	db := &DB{write: w, read: r}
	if err := db.prepare(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("tfb: preparing statements on %s: %w", path, err)
	}
	return db, nil
}

func (db *DB) prepare(ctx context.Context) error {
	var err error
	if db.world, err = db.read.PrepareContext(ctx, "SELECT id, randomNumber FROM World WHERE id = ?"); err != nil {
		return err
	}
	if db.fortune, err = db.read.PrepareContext(ctx, "SELECT id, message FROM Fortune"); err != nil {
		return err
	}
	db.update, err = db.write.PrepareContext(ctx, "UPDATE World SET randomNumber = ? WHERE id = ?")
	return err
}

// seed creates and fills the tables if they are missing, in one transaction.
func seed(ctx context.Context, w *sql.DB) error {
	var mode string
	if err := w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return err
	}
	if mode != "wal" {
		return fmt.Errorf("journal mode is %q, not wal", mode)
	}
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	var n int
	err = tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'World'").Scan(&n)
	if err != nil || n == 1 {
		return err
	}
	for _, q := range []string{
		"CREATE TABLE World (id INTEGER PRIMARY KEY, randomNumber INTEGER NOT NULL)",
		"CREATE TABLE Fortune (id INTEGER PRIMARY KEY, message TEXT NOT NULL)",
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	for id := 1; id <= WorldRows; id++ {
		if _, err := tx.ExecContext(ctx, "INSERT INTO World (id, randomNumber) VALUES (?, ?)", id, RandomID()); err != nil {
			return err
		}
	}
	for _, f := range SeedFortunes() {
		if _, err := tx.ExecContext(ctx, "INSERT INTO Fortune (id, message) VALUES (?, ?)", f.ID, f.Message); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Close closes both pools.
func (db *DB) Close() error {
	return errors.Join(db.read.Close(), db.write.Close())
}

// RandomID returns a random World id (or randomNumber), in 1..10,000.
func RandomID() int {
	return 1 + rand.IntN(WorldRows)
}

// World reads the World row id with one query.
func (db *DB) World(ctx context.Context, id int) (World, error) {
	w := World{}
	err := db.world.QueryRowContext(ctx, id).Scan(&w.ID, &w.RandomNumber)
	if err != nil {
		return w, fmt.Errorf("tfb: reading World %d: %w", id, err)
	}
	return w, nil
}

// RandomWorlds reads n random World rows, one query per row.
func (db *DB) RandomWorlds(ctx context.Context, n int) ([]World, error) {
	ws := make([]World, n)
	for i := range ws {
		w, err := db.World(ctx, RandomID())
		if err != nil {
			return nil, err
		}
		ws[i] = w
	}
	return ws, nil
}

// Fortunes reads every Fortune row, adds the request-time fortune and
// sorts them by message.
func (db *DB) Fortunes(ctx context.Context) ([]Fortune, error) {
	rows, err := db.fortune.QueryContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("tfb: reading fortunes: %w", err)
	}
	defer rows.Close()
	fs := make([]Fortune, 0, 16)
	for rows.Next() {
		var f Fortune
		if err := rows.Scan(&f.ID, &f.Message); err != nil {
			return nil, fmt.Errorf("tfb: reading fortunes: %w", err)
		}
		fs = append(fs, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tfb: reading fortunes: %w", err)
	}
	return AddAndSort(fs), nil
}

// UpdateWorlds reads n random World rows (one query each), gives each a new
// random number and writes them back in one transaction on the writer
// connection, one UPDATE per row. It returns the rows as written.
func (db *DB) UpdateWorlds(ctx context.Context, n int) ([]World, error) {
	ws, err := db.RandomWorlds(ctx, n)
	if err != nil {
		return nil, err
	}
	for i := range ws {
		ws[i].RandomNumber = RandomID()
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("tfb: updating worlds: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	st := tx.StmtContext(ctx, db.update)
	for _, w := range ws {
		if _, err := st.ExecContext(ctx, w.RandomNumber, w.ID); err != nil {
			return nil, fmt.Errorf("tfb: updating World %d: %w", w.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("tfb: updating worlds: %w", err)
	}
	return ws, nil
}
