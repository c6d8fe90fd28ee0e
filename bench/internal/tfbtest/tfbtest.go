// Package tfbtest checks a running peer over real HTTP against TechEmpower's
// rules, so that every peer in bench/ is held to the same expectations, and
// benchmarks a peer's handler in process (Bench).
package tfbtest

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3" // to check /updates wrote the database

	"github.com/goframe/goframe/bench/internal/tfb"
)

// SortedFortunes are the fortunes in the order /fortunes must show them,
// written out by hand so that the check does not reuse tfb's sort.
var sortedFortunes = []struct {
	id  int
	msg string
}{
	{11, `<script>alert("This should not be displayed in a browser alert box.");</script>`},
	{4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"},
	{5, "A computer program does what you tell it to do, not what you want it to do."},
	{2, "A computer scientist is someone who fixes things that aren't broken."},
	{8, "A list is only as strong as its weakest link. — Donald Knuth"},
	{0, "Additional fortune added at request time."},
	{3, "After enough decimal places, nobody gives a damn."},
	{7, "Any program that runs right is obsolete."},
	{10, "Computers make very fast, very accurate mistakes."},
	{6, "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen"},
	{9, "Feature: A bug with seniority."},
	{1, "fortune: No such file or directory"},
	{12, "フレームワークのベンチマーク"},
}

// ExpectedFortunesHTML is the body /fortunes must return, up to how its
// escaper writes characters (html.EscapeString's choices here).
func ExpectedFortunesHTML() string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>")
	for _, f := range sortedFortunes {
		fmt.Fprintf(&b, "<tr><td>%d</td><td>%s</td></tr>", f.id, html.EscapeString(f.msg))
	}
	b.WriteString("</table></body></html>")
	return b.String()
}

// clamping is the queries parameter and the number of rows it must give.
var clamping = []struct {
	param string
	want  int
}{
	{"", 1}, {"abc", 1}, {"0", 1}, {"-3", 1}, {"1.5", 1}, {"1", 1},
	{"7", 7}, {"500", 500}, {"501", 500}, {"100000", 500},
}

// Env opens a fresh, seeded benchmark environment in t's temporary
// directory, closed when t ends, and returns it with its database's path.
func Env(t testing.TB) (*tfb.Env, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tfb.sqlite3")
	env, err := tfb.NewEnv(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { env.Close() })
	return env, path
}

// RunHandler runs Run against the net/http handler h makes, on a fresh
// environment served by an httptest.Server.
func RunHandler(t *testing.T, h func(*tfb.Env) http.Handler) {
	t.Helper()
	env, path := Env(t)
	srv := httptest.NewServer(h(env))
	t.Cleanup(srv.Close)
	Run(t, srv.URL, path)
}

// A Test is one of TechEmpower's test types as the harness drives it: its
// name and the path requested.
type Test struct{ Name, Path string }

// Tests are the harness's tests (allTests in bench/harness, the reference:
// its tests check that this list equals it; examples/bench's
// BenchmarkEndpoints has the same list in goframe's module).
var Tests = []Test{
	{"plaintext", "/plaintext"},
	{"json", "/json"},
	{"db", "/db"},
	{"queries", "/queries?queries=20"},
	{"fortunes", "/fortunes"},
	{"updates", "/updates?queries=20"},
	{"cached", "/cached-queries?count=100"},
}

// Bench serves each of Tests in process through the handler h makes, on a
// fresh seeded environment: one sub-benchmark per test, named by it, that
// runs httptest requests and recorders through the handler in
// b.RunParallel (no sockets) and fails on an answer other than 200. It is
// the CPU a request costs a peer before the network; bench/harness runs it
// (BenchmarkHandler in each net/http peer's tests).
func Bench(b *testing.B, h func(*tfb.Env) http.Handler) {
	env, _ := Env(b)
	handler := h(env)
	for _, tt := range Tests {
		b.Run(tt.Name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req := httptest.NewRequest(http.MethodGet, tt.Path, nil)
					w := httptest.NewRecorder()
					handler.ServeHTTP(w, req)
					if w.Code != http.StatusOK {
						// Errorf, not Fatalf: this is not the benchmark's
						// goroutine.
						b.Errorf("%s: status %d: %s", tt.Path, w.Code, w.Body)
						return
					}
				}
			})
		})
	}
}

// Run checks every endpoint of the server at base (like
// "http://127.0.0.1:1234") and, for /updates, that the rows it returned are
// in the SQLite file at dbPath.
func Run(t *testing.T, base, dbPath string) {
	t.Helper()
	t.Run("plaintext", func(t *testing.T) {
		body := get(t, base+"/plaintext", "text/plain")
		if body != tfb.Hello {
			t.Errorf("/plaintext body = %q, want %q", body, tfb.Hello)
		}
	})
	t.Run("json", func(t *testing.T) {
		body := get(t, base+"/json", "application/json")
		var m map[string]any
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			t.Fatalf("/json body %q: %v", body, err)
		}
		if len(m) != 1 || m["message"] != tfb.Hello {
			t.Errorf("/json body = %q, want {\"message\":%q}", body, tfb.Hello)
		}
	})
	t.Run("db", func(t *testing.T) {
		var w tfb.World
		decode(t, base+"/db", &w)
		checkWorld(t, "/db", w)
	})
	t.Run("fortunes", func(t *testing.T) {
		body := get(t, base+"/fortunes", tfb.HTMLContentType)
		// Escapers differ (html/template writes + as &#43;), so compare
		// the text the browser shows, and check the script tag was escaped.
		want := ExpectedFortunesHTML()
		if html.UnescapeString(strings.TrimSpace(body)) != html.UnescapeString(want) {
			t.Errorf("/fortunes body:\n%s\nwant (up to escaping):\n%s", body, want)
		}
		if strings.Contains(body, "<script>") || !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("/fortunes did not escape the <script> fortune:\n%s", body)
		}
	})
	for _, path := range []string{"/queries?queries=", "/cached-queries?count=", "/updates?queries="} {
		for _, c := range clamping {
			t.Run(path+c.param, func(t *testing.T) {
				var ws []tfb.World
				decode(t, base+path+c.param, &ws)
				if len(ws) != c.want {
					t.Fatalf("%s%s gave %d rows, want %d", path, c.param, len(ws), c.want)
				}
				for _, w := range ws {
					checkWorld(t, path+c.param, w)
				}
				if strings.HasPrefix(path, "/updates") {
					checkStored(t, dbPath, ws)
				}
			})
		}
	}
}

// get fetches url, checks the status, the Server and Date headers and the
// content type (its prefix), and returns the body.
func get(t *testing.T, url, contentType string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading the body: %v", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d, body %q", url, resp.StatusCode, b)
	}
	if resp.Header.Get("Server") == "" {
		t.Errorf("GET %s: no Server header", url)
	}
	if _, err := http.ParseTime(resp.Header.Get("Date")); err != nil {
		t.Errorf("GET %s: Date header %q: %v", url, resp.Header.Get("Date"), err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, contentType) {
		t.Errorf("GET %s: Content-Type %q, want %q", url, ct, contentType)
	}
	return string(b)
}

func decode(t *testing.T, url string, v any) {
	t.Helper()
	body := get(t, url, "application/json")
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: body %q: %v", url, body, err)
	}
}

func checkWorld(t *testing.T, what string, w tfb.World) {
	t.Helper()
	if w.ID < 1 || w.ID > tfb.WorldRows || w.RandomNumber < 1 || w.RandomNumber > tfb.WorldRows {
		t.Errorf("%s: World %+v out of 1..%d", what, w, tfb.WorldRows)
	}
}

// checkStored checks that each row /updates returned is in the database,
// unless a later row of the same response updated the same id.
func checkStored(t *testing.T, dbPath string, ws []tfb.World) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatalf("opening %s: %v", dbPath, err)
	}
	defer db.Close()
	last := map[int]int{}
	for _, w := range ws {
		last[w.ID] = w.RandomNumber
	}
	for id, want := range last {
		var got int
		if err := db.QueryRow("SELECT randomNumber FROM World WHERE id = ?", id).Scan(&got); err != nil {
			t.Fatalf("reading World %d: %v", id, err)
		}
		if got != want {
			t.Errorf("World %d has randomNumber %d after /updates, which returned %d", id, got, want)
		}
	}
}
