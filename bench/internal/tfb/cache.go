package tfb

import (
	"context"
	"fmt"
)

// Cache holds every World row in memory for /cached-queries; it is filled
// once at start and only read afterwards.
type Cache struct {
	worlds []World // worlds[id-1]
}

// NewCache reads every World row from db into a Cache.
func NewCache(ctx context.Context, db *DB) (*Cache, error) {
	rows, err := db.read.QueryContext(ctx, "SELECT id, randomNumber FROM World ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("tfb: filling the cache: %w", err)
	}
	defer rows.Close()
	c := &Cache{worlds: make([]World, 0, WorldRows)}
	for rows.Next() {
		var w World
		if err := rows.Scan(&w.ID, &w.RandomNumber); err != nil {
			return nil, fmt.Errorf("tfb: filling the cache: %w", err)
		}
		c.worlds = append(c.worlds, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tfb: filling the cache: %w", err)
	}
	if len(c.worlds) != WorldRows {
		return nil, fmt.Errorf("tfb: filling the cache: %d World rows, want %d", len(c.worlds), WorldRows)
	}
	return c, nil
}

// RandomWorlds returns n random World rows from the cache, as new values.
func (c *Cache) RandomWorlds(n int) []World {
	ws := make([]World, n)
	for i := range ws {
		ws[i] = c.worlds[RandomID()-1]
	}
	return ws
}
