package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/goframe/goframe/orm"
)

// worldRows is the number of rows of the World table, TechEmpower's 10,000.
const worldRows = 10000

// World is TechEmpower's World row: an id in 1..10000 and a random number
// in 1..10000.
type World struct {
	ID           int64 `db:"id" json:"id"`
	RandomNumber int64 `db:"randomNumber" json:"randomNumber"`
}

// TableName is TechEmpower's table name.
func (World) TableName() string { return "World" }

// Fortune is TechEmpower's Fortune row.
type Fortune struct {
	ID      int64  `db:"id"`
	Message string `db:"message"`
}

// TableName is TechEmpower's table name.
func (Fortune) TableName() string { return "Fortune" }

// fortunes returns TechEmpower's 12 fortunes, exactly as its
// specification lists them (the <script> one tests escaping, the Japanese
// one UTF-8).
func fortunes() []Fortune {
	return []Fortune{
		{1, "fortune: No such file or directory"},
		{2, "A computer scientist is someone who fixes things that aren't broken."},
		{3, "After enough decimal places, nobody gives a damn."},
		{4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"},
		{5, "A computer program does what you tell it to do, not what you want it to do."},
		{6, "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen"},
		{7, "Any program that runs right is obsolete."},
		{8, "A list is only as strong as its weakest link. — Donald Knuth"},
		{9, "Feature: A bug with seniority."},
		{10, "Computers make very fast, very accurate mistakes."},
		{11, `<script>alert("This should not be displayed in a browser alert box.");</script>`},
		{12, "フレームワークのベンチマーク"},
	}
}

// The statements creating TechEmpower's two tables if they are missing.
const (
	createWorld   = `CREATE TABLE IF NOT EXISTS "World" ("id" INTEGER PRIMARY KEY, "randomNumber" INTEGER NOT NULL DEFAULT 0)`
	createFortune = `CREATE TABLE IF NOT EXISTS "Fortune" ("id" INTEGER PRIMARY KEY, "message" TEXT NOT NULL)`
)

// seed creates the tables and fills them if they are empty, in one
// transaction: the SQLite writer's transactions begin IMMEDIATE, so the
// master and workers of several processes starting at once seed the file
// once, the others finding it full.
func seed(ctx context.Context, db *orm.DB) error {
	return orm.Tx(ctx, db, func(tx *orm.Conn) error {
		for _, stmt := range []string{createWorld, createFortune} {
			if err := tx.Exec(ctx, stmt); err != nil {
				return fmt.Errorf("creating the tables: %w", err)
			}
		}
		n, err := orm.Objects[World](tx).Count(ctx)
		if err != nil {
			return fmt.Errorf("counting World: %w", err)
		}
		if n == 0 {
			if err := seedWorld(ctx, tx); err != nil {
				return err
			}
		}
		n, err = orm.Objects[Fortune](tx).Count(ctx)
		if err != nil {
			return fmt.Errorf("counting Fortune: %w", err)
		}
		if n == 0 {
			for _, f := range fortunes() {
				if err := tx.Exec(ctx, `INSERT INTO "Fortune" ("id", "message") VALUES (?, ?)`, f.ID, f.Message); err != nil {
					return fmt.Errorf("seeding Fortune %d: %w", f.ID, err)
				}
			}
		}
		return nil
	})
}

// seedWorld inserts the 10,000 World rows, 500 a statement.
func seedWorld(ctx context.Context, tx *orm.Conn) error {
	const chunk = 500
	for start := 1; start <= worldRows; start += chunk {
		end := min(start+chunk-1, worldRows)
		args := make([]any, 0, 2*(end-start+1))
		for id := start; id <= end; id++ {
			args = append(args, id, randomID())
		}
		query := `INSERT INTO "World" ("id", "randomNumber") VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?), ", end-start+1), ", ")
		if err := tx.Exec(ctx, query, args...); err != nil {
			return fmt.Errorf("seeding World rows %d..%d: %w", start, end, err)
		}
	}
	return nil
}

// randomID returns a random number in 1..10000: a World id, or a new
// randomNumber.
func randomID() int64 { return rand.Int64N(worldRows) + 1 }

// loadWorlds reads the whole World table for /cached-queries, indexed by
// id (index 0 unused).
func loadWorlds(ctx context.Context, db *orm.DB) ([]World, error) {
	all, err := orm.Objects[World](db).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading the World cache: %w", err)
	}
	worlds := make([]World, worldRows+1)
	for _, w := range all {
		if w.ID < 1 || w.ID > worldRows {
			return nil, fmt.Errorf("loading the World cache: World id %d is outside 1..%d: drop the World table to reseed it", w.ID, worldRows)
		}
		worlds[w.ID] = *w
	}
	return worlds, nil
}
