package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goframe/goframe/framework"
	"github.com/goframe/goframe/orm"
)

// newTestBench returns a prepared bench App on a new SQLite file, with a
// test client.
func newTestBench(t *testing.T) (*bench, *framework.TestClient) {
	t.Helper()
	cfg, err := settings()
	if err != nil {
		t.Fatal(err)
	}
	cfg.DatabaseURL = "sqlite:///" + filepath.Join(t.TempDir(), "bench.sqlite3")
	b := newBench(cfg)
	t.Cleanup(func() { _ = b.app.Close() })
	if err := b.prepare(context.Background()); err != nil {
		t.Fatalf("prepare: %v", err)
	}
	return b, framework.NewTestClient(b.app)
}

// get fetches path, checking the status and the headers every test type
// has.
func get(t *testing.T, c *framework.TestClient, path, contentType string) *framework.TestResponse {
	t.Helper()
	resp, err := c.Get(path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: status %d, body %q", path, resp.StatusCode, resp.Body)
	}
	if got := resp.Header.Get("Server"); got != "goframe" {
		t.Errorf("GET %s: Server %q, want goframe", path, got)
	}
	if got := resp.Header.Get("Content-Type"); got != contentType {
		t.Errorf("GET %s: Content-Type %q, want %q", path, got, contentType)
	}
	return resp
}

func TestSeed(t *testing.T) {
	t.Parallel()
	b, _ := newTestBench(t)
	ctx := context.Background()
	db := b.app.DB()
	// A second start finds the tables full and leaves them as they are.
	if err := seed(ctx, db); err != nil {
		t.Fatalf("second seed: %v", err)
	}
	n, err := orm.Objects[World](db).Count(ctx)
	if err != nil || n != worldRows {
		t.Errorf("World has %d rows (%v), want %d", n, err, worldRows)
	}
	outside, err := orm.Objects[World](db).Where(`"randomNumber" < 1 OR "randomNumber" > 10000`).Count(ctx)
	if err != nil || outside != 0 {
		t.Errorf("%d World rows have a randomNumber outside 1..10000 (%v)", outside, err)
	}
	n, err = orm.Objects[Fortune](db).Count(ctx)
	if err != nil || n != 12 {
		t.Errorf("Fortune has %d rows (%v), want 12", n, err)
	}
}

func TestPlaintextAndJSON(t *testing.T) {
	t.Parallel()
	_, c := newTestBench(t)
	if body := get(t, c, "/plaintext", "text/plain; charset=utf-8").Text(); body != "Hello, World!" {
		t.Errorf("/plaintext body %q", body)
	}
	if body := get(t, c, "/json", "application/json").Text(); strings.TrimSpace(body) != `{"message":"Hello, World!"}` {
		t.Errorf("/json body %q", body)
	}
}

// checkWorld fails unless w is a World row as the database has it.
func checkWorld(t *testing.T, db *orm.DB, w World) {
	t.Helper()
	if w.ID < 1 || w.ID > worldRows || w.RandomNumber < 1 || w.RandomNumber > worldRows {
		t.Errorf("World %+v outside 1..10000", w)
		return
	}
	row, err := orm.Get[World](context.Background(), db, w.ID)
	if err != nil {
		t.Fatalf("World %d: %v", w.ID, err)
	}
	if *row != w {
		t.Errorf("response has %+v, the database %+v", w, *row)
	}
}

func TestDB(t *testing.T) {
	t.Parallel()
	b, c := newTestBench(t)
	var w World
	if err := get(t, c, "/db", "application/json").JSON(&w); err != nil {
		t.Fatal(err)
	}
	checkWorld(t, b.app.DB(), w)
}

func TestQueryCounts(t *testing.T) {
	t.Parallel()
	b, c := newTestBench(t)
	tests := []struct {
		query string
		want  int
	}{
		{"", 1},
		{"=", 1},
		{"=0", 1},
		{"=-1", 1},
		{"=abc", 1},
		{"=1", 1},
		{"=7", 7},
		{"=500", 500},
		{"=501", 500},
		{"=99999999999999999999", 500}, // above 500, if too large for an int
		{"=-99999999999999999999", 1},
		{"=2.5", 1},
	}
	for _, path := range []string{"/queries?queries", "/updates?queries", "/cached-queries?count"} {
		for _, tt := range tests {
			url := path + tt.query
			if tt.query == "" {
				url, _, _ = strings.Cut(path, "?")
			}
			var worlds []World
			if err := get(t, c, url, "application/json").JSON(&worlds); err != nil {
				t.Fatalf("%s: %v", url, err)
			}
			if len(worlds) != tt.want {
				t.Errorf("%s: %d rows, want %d", url, len(worlds), tt.want)
			}
			// /queries reads the database; the cache of /cached-queries
			// is the database at start, before these /updates.
			if strings.HasPrefix(path, "/queries") {
				for _, w := range worlds {
					checkWorld(t, b.app.DB(), w)
				}
			}
		}
	}
}

func TestUpdatesPersisted(t *testing.T) {
	t.Parallel()
	b, c := newTestBench(t)
	ctx := context.Background()
	db := b.app.DB()
	before, err := orm.Objects[World](db).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	old := map[int64]int64{}
	for _, w := range before {
		old[w.ID] = w.RandomNumber
	}
	var worlds []World
	if err := get(t, c, "/updates?queries=20", "application/json").JSON(&worlds); err != nil {
		t.Fatal(err)
	}
	if len(worlds) != 20 {
		t.Fatalf("%d rows, want 20", len(worlds))
	}
	last := map[int64]int64{} // a row drawn twice keeps its last number
	for _, w := range worlds {
		last[w.ID] = w.RandomNumber
	}
	for id, n := range last {
		if n == old[id] {
			t.Errorf("World %d kept its randomNumber %d", id, n)
		}
		checkWorld(t, db, World{ID: id, RandomNumber: n})
	}
}

func TestCachedQueriesMatchTheDatabase(t *testing.T) {
	t.Parallel()
	b, c := newTestBench(t)
	var worlds []World
	if err := get(t, c, "/cached-queries?count=50", "application/json").JSON(&worlds); err != nil {
		t.Fatal(err)
	}
	for _, w := range worlds {
		checkWorld(t, b.app.DB(), w)
	}
}

func TestFortunes(t *testing.T) {
	t.Parallel()
	_, c := newTestBench(t)
	body := get(t, c, "/fortunes", "text/html; charset=utf-8").Text()
	want := `<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>` +
		`<tr><td>11</td><td>&lt;script&gt;alert(&quot;This should not be displayed in a browser alert box.&quot;);&lt;/script&gt;</td></tr>` +
		`<tr><td>4</td><td>A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1</td></tr>` +
		`<tr><td>5</td><td>A computer program does what you tell it to do, not what you want it to do.</td></tr>` +
		`<tr><td>2</td><td>A computer scientist is someone who fixes things that aren&#x27;t broken.</td></tr>` +
		`<tr><td>8</td><td>A list is only as strong as its weakest link. — Donald Knuth</td></tr>` +
		`<tr><td>0</td><td>Additional fortune added at request time.</td></tr>` +
		`<tr><td>3</td><td>After enough decimal places, nobody gives a damn.</td></tr>` +
		`<tr><td>7</td><td>Any program that runs right is obsolete.</td></tr>` +
		`<tr><td>10</td><td>Computers make very fast, very accurate mistakes.</td></tr>` +
		`<tr><td>6</td><td>Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen</td></tr>` +
		`<tr><td>9</td><td>Feature: A bug with seniority.</td></tr>` +
		`<tr><td>1</td><td>fortune: No such file or directory</td></tr>` +
		`<tr><td>12</td><td>フレームワークのベンチマーク</td></tr>` +
		`</table></body></html>`
	if strings.TrimSpace(body) != want {
		t.Errorf("/fortunes body\n%s\nwant\n%s", body, want)
	}
}

func TestServing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"serve"}, true},
		{[]string{"serve", "--workers", "2", "--bind", "127.0.0.1:8080"}, true},
		{[]string{"serve", "--help"}, false},
		{[]string{"serve", "--check-config"}, false},
		{[]string{"migrate"}, false},
	}
	for _, tt := range tests {
		if got := serving(tt.args); got != tt.want {
			t.Errorf("serving(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}

// TestConcurrentUpdates runs /updates and /queries from several clients at
// once, as the benchmark does: SQLite's one writer makes them wait, never
// fail.
func TestConcurrentUpdates(t *testing.T) {
	t.Parallel()
	_, c := newTestBench(t)
	errs := make(chan error, 8)
	for i := range 8 {
		go func() {
			path := "/updates?queries=20"
			if i%2 == 1 {
				path = "/queries?queries=20"
			}
			for range 10 {
				resp, err := c.Get(path)
				if err == nil && resp.StatusCode != 200 {
					err = fmt.Errorf("GET %s: status %d: %s", path, resp.StatusCode, resp.Body)
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
