package tfb

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"flag"
	"path/filepath"
	"strings"
	"testing"
)

func TestQueries(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		want int
	}{
		{"", 1}, {"x", 1}, {"0", 1}, {"-1", 1}, {"2.5", 1}, {" 3", 1},
		{"1", 1}, {"20", 20}, {"500", 500}, {"501", 500}, {"99999999999999999999", 1},
	} {
		if got := Queries(c.in); got != c.want {
			t.Errorf("Queries(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestAddAndSort(t *testing.T) {
	t.Parallel()
	fs := AddAndSort(SeedFortunes())
	if len(fs) != 13 {
		t.Fatalf("%d fortunes, want 13", len(fs))
	}
	for i := 1; i < len(fs); i++ {
		if fs[i-1].Message >= fs[i].Message {
			t.Errorf("fortunes %d and %d out of order: %q >= %q", i-1, i, fs[i-1].Message, fs[i].Message)
		}
	}
	if fs[0].ID != 11 || fs[5] != (Fortune{0, AddedFortune}) || fs[12].ID != 12 {
		t.Errorf("order = %v, want id 11 first, the added fortune sixth, id 12 last", fs)
	}
}

func TestTemplatesEscape(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	if err := NewTemplates().Fortunes(&b, []Fortune{{1, `<b>"x" & 'y'</b>`}}); err != nil {
		t.Fatal(err)
	}
	want := "<tr><td>1</td><td>&lt;b&gt;&#34;x&#34; &amp; &#39;y&#39;&lt;/b&gt;</td></tr>"
	if !strings.Contains(b.String(), want) {
		t.Errorf("page %q does not contain %q", b.String(), want)
	}
}

func openTemp(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tfb.sqlite3")
	db, err := Open(context.Background(), path, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func count(t *testing.T, path, table string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatalf("counting %s: %v", table, err)
	}
	return n
}

func TestOpenSeedsOnceInWAL(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, path := openTemp(t)
	if n := count(t, path, "World"); n != WorldRows {
		t.Errorf("World has %d rows, want %d", n, WorldRows)
	}
	if n := count(t, path, "Fortune"); n != 12 {
		t.Errorf("Fortune has %d rows, want 12", n)
	}
	var mode string
	if err := db.read.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode = %q (%v), want wal", mode, err)
	}
	ws, err := db.UpdateWorlds(ctx, 5)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// Opening again keeps the rows (and the update) rather than seeding anew.
	db2, err := Open(ctx, path, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if n := count(t, path, "World"); n != WorldRows {
		t.Errorf("after reopening, World has %d rows, want %d", n, WorldRows)
	}
	last := ws[len(ws)-1]
	got, err := db2.World(ctx, last.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got != last {
		t.Errorf("after reopening, World %d = %+v, want the update %+v", last.ID, got, last)
	}
}

func TestReads(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _ := openTemp(t)
	ws, err := db.RandomWorlds(ctx, 20)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 20 {
		t.Fatalf("%d worlds, want 20", len(ws))
	}
	for _, w := range ws {
		if w.ID < 1 || w.ID > WorldRows || w.RandomNumber < 1 || w.RandomNumber > WorldRows {
			t.Errorf("World %+v out of 1..%d", w, WorldRows)
		}
	}
	fs, err := db.Fortunes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := AddAndSort(SeedFortunes())
	if len(fs) != len(want) {
		t.Fatalf("%d fortunes, want %d", len(fs), len(want))
	}
	for i := range fs {
		if fs[i] != want[i] {
			t.Errorf("fortune %d = %+v, want %+v", i, fs[i], want[i])
		}
	}
	if _, err := db.World(ctx, WorldRows+1); err == nil || !strings.Contains(err.Error(), "World 10001") {
		t.Errorf("World(10001) error = %v, want one naming World 10001", err)
	}
	c, err := NewCache(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range c.RandomWorlds(50) {
		stored, err := db.World(ctx, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored != w {
			t.Errorf("cached %+v, stored %+v", w, stored)
		}
	}
}

func TestParseFlags(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	c, err := ParseFlags("peer", []string{"--bind", "127.0.0.1:9", "--db", "x.db"}, &out)
	if err != nil || c != (Config{Bind: "127.0.0.1:9", DB: "x.db"}) {
		t.Errorf("ParseFlags = %+v, %v", c, err)
	}
	// A peer's own flag is parsed with the others and named in errors.
	var work string
	workFlag := func(fs *flag.FlagSet) { fs.StringVar(&work, "work", "0", "spin for `DURATION`") }
	c, err = ParseFlags("peer", []string{"--work", "2us", "--db", "y.db"}, &out, workFlag)
	if err != nil || c.DB != "y.db" || work != "2us" {
		t.Errorf("ParseFlags with --work = %+v, %q, %v", c, work, err)
	}
	_, err = ParseFlags("peer", []string{"extra"}, &out, workFlag)
	if want := `peer: unexpected argument "extra": the options are --bind ADDR, --db PATH and --work DURATION`; err == nil || err.Error() != want {
		t.Errorf("ParseFlags(extra) with --work: %v, want %q", err, want)
	}
	if _, err := ParseFlags("peer", []string{"--work", "1us"}, &out); err == nil || !strings.Contains(err.Error(), "-work") {
		t.Errorf("--work without the peer's flag: %v", err)
	}
	for _, args := range [][]string{{"--procs", "2"}, {"extra"}} {
		_, err := ParseFlags("peer", args, &out)
		if err == nil || !strings.Contains(err.Error(), "peer:") {
			t.Errorf("ParseFlags(%q) error = %v, want one naming the peer", args, err)
		}
	}
}

func TestRun(t *testing.T) {
	never := func(*Env, string) error { t.Error("served after an error"); return nil }
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--nope"}, "peer: flag provided but not defined: -nope"},
		{[]string{"extra"}, `peer: unexpected argument "extra": the options are --bind ADDR and --db PATH`},
		{[]string{"--db", filepath.Join(t.TempDir(), "missing", "x.sqlite3")}, "tfb:"},
	} {
		if err := run("peer", tc.args, never); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run(%q) = %v, want an error containing %q", tc.args, err, tc.want)
		}
	}
	// serve gets the environment, with the database seeded, and --bind.
	stop := errors.New("stop")
	var bind string
	err := run("peer", []string{"--bind", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "db.sqlite3")}, func(env *Env, b string) error {
		bind = b
		if fs, err := env.DB.Fortunes(context.Background()); err != nil || len(fs) != 13 {
			t.Errorf("fortunes: %d, %v", len(fs), err)
		}
		return stop
	})
	if !errors.Is(err, stop) || bind != "127.0.0.1:0" {
		t.Errorf("run = %v with bind %q; want serve's error and 127.0.0.1:0", err, bind)
	}
}
