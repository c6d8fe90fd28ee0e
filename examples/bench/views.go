package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"

	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/orm"
)

// maxQueries is TechEmpower's upper bound of the queries and count
// parameters.
const maxQueries = 500

// bench holds the views' shared state: the World cache of
// /cached-queries, loaded once (at start by prepare, or by the first
// request that needs it).
type bench struct {
	app *framework.App

	once   sync.Once
	worlds []World
	err    error
}

// prepare seeds the database if it is empty and loads the World cache.
func (b *bench) prepare(ctx context.Context) error {
	db, err := b.app.OpenDB()
	if err != nil {
		return err
	}
	if err := seed(ctx, db); err != nil {
		return err
	}
	_, err = b.cache(ctx)
	return err
}

// cache returns the World cache, loading it the first time.
func (b *bench) cache(ctx context.Context) ([]World, error) {
	b.once.Do(func() {
		db, err := b.app.OpenDB()
		if err != nil {
			b.err = err
			return
		}
		// Not the request's context: a cancelled request must not
		// leave the cache failed for good.
		b.worlds, b.err = loadWorlds(context.WithoutCancel(ctx), db)
	})
	return b.worlds, b.err
}

// routes registers TechEmpower's test types.
func (b *bench) routes() {
	b.app.Use(serverHeader)
	b.app.Get("/plaintext", plaintext)
	b.app.Get("/json", jsonView)
	b.app.Get("/db", singleQuery)
	b.app.Get("/queries", queries)
	b.app.Get("/fortunes", fortunesView)
	b.app.Get("/updates", updates)
	b.app.Get("/cached-queries", b.cachedQueries)
}

// serverHeader adds the Server header TechEmpower requires (net/http
// adds Date).
func serverHeader(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Server"] = []string{"goframe"}
		next.ServeHTTP(w, r)
	})
}

// queryCount reads a queries or count parameter as TechEmpower says:
// missing, not a number or below 1 is 1, above 500 is 500.
func queryCount(r *framework.Request, name string) int {
	n, err := strconv.Atoi(r.Query(name))
	switch {
	case errors.Is(err, strconv.ErrRange) && n > 0:
		return maxQueries // a number too large for an int is still above 500
	case err != nil || n < 1:
		return 1
	}
	return min(n, maxQueries)
}

// message is the /json test's object.
type message struct {
	Message string `json:"message"`
}

func plaintext(r *framework.Request) framework.Response {
	return framework.Text("Hello, World!")
}

func jsonView(r *framework.Request) framework.Response {
	return framework.JSON(&message{Message: "Hello, World!"})
}

func singleQuery(r *framework.Request) framework.Response {
	w, err := orm.Get[World](r.Context(), r.DB(), randomID())
	if err != nil {
		return framework.Error(fmt.Errorf("/db: %w", err))
	}
	return framework.JSON(w)
}

// readWorlds reads n random World rows, one query each.
func readWorlds(ctx context.Context, db *orm.DB, n int) ([]*World, error) {
	worlds := make([]*World, n)
	for i := range worlds {
		w, err := orm.Get[World](ctx, db, randomID())
		if err != nil {
			return nil, err
		}
		worlds[i] = w
	}
	return worlds, nil
}

func queries(r *framework.Request) framework.Response {
	worlds, err := readWorlds(r.Context(), r.DB(), queryCount(r, "queries"))
	if err != nil {
		return framework.Error(fmt.Errorf("/queries: %w", err))
	}
	return framework.JSON(worlds)
}

// extraFortune is the fortune TechEmpower adds at request time.
const extraFortune = "Additional fortune added at request time."

func fortunesView(r *framework.Request) framework.Response {
	list, err := orm.Objects[Fortune](r.DB()).All(r.Context())
	if err != nil {
		return framework.Error(fmt.Errorf("/fortunes: %w", err))
	}
	list = append(list, &Fortune{ID: 0, Message: extraFortune})
	slices.SortFunc(list, func(a, b *Fortune) int { return cmp.Compare(a.Message, b.Message) })
	return r.Render("fortunes.html", framework.Ctx{"fortunes": list})
}

// updates reads each row (one query each), gives it a new random number,
// and writes them in one transaction — individual UPDATEs batched in a
// transaction, which TechEmpower allows; SQLite has one writer at a time,
// so one transaction per request rather than one per row.
func updates(r *framework.Request) framework.Response {
	ctx := r.Context()
	worlds, err := readWorlds(ctx, r.DB(), queryCount(r, "queries"))
	if err != nil {
		return framework.Error(fmt.Errorf("/updates: %w", err))
	}
	for _, w := range worlds {
		n := randomID()
		if n == w.RandomNumber { // a new number, so that every row changes
			n = n%worldRows + 1
		}
		w.RandomNumber = n
	}
	// Writes in id order, as TechEmpower's implementations do to avoid
	// deadlocks on other databases.
	sorted := slices.Clone(worlds)
	slices.SortFunc(sorted, func(a, b *World) int { return cmp.Compare(a.ID, b.ID) })
	err = orm.Tx(ctx, r.DB(), func(tx *orm.Conn) error {
		for _, w := range sorted {
			if err := orm.Update(ctx, tx, w); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return framework.Error(fmt.Errorf("/updates: %w", err))
	}
	return framework.JSON(worlds)
}

func (b *bench) cachedQueries(r *framework.Request) framework.Response {
	cache, err := b.cache(r.Context())
	if err != nil {
		return framework.Error(fmt.Errorf("/cached-queries: %w", err))
	}
	n := queryCount(r, "count")
	worlds := make([]World, n)
	for i := range worlds {
		worlds[i] = cache[randomID()]
	}
	return framework.JSON(worlds)
}
