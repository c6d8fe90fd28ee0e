package orm

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

type Writer struct {
	ID       int64      `db:"id"`
	Name     string     `db:"name" orm:"unique"`
	Articles []*Article `orm:"reverse:WriterID"`
}

type Article struct {
	ID       int64      `db:"id"`
	WriterID int64      `db:"writer_id" orm:"fk:Writer"`
	Title    string     `db:"title"`
	Views    int        `db:"views"`
	Score    float64    `db:"score"`
	Pub      *time.Time `db:"pub"`
	Writer   *Writer    `orm:"rel:WriterID"`
	Notes    []Note     `orm:"reverse:ArticleID"`
}

type Note struct {
	ID        int64  `db:"id"`
	ArticleID int64  `db:"article_id" orm:"fk:Article"`
	Text      string `db:"text"`
}

const querySchema = `
CREATE TABLE writer (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE);
CREATE TABLE article (id INTEGER PRIMARY KEY AUTOINCREMENT, writer_id INTEGER NOT NULL REFERENCES writer(id) ON DELETE CASCADE,
	title TEXT NOT NULL, views INTEGER NOT NULL, score REAL NOT NULL, pub DATETIME);
CREATE TABLE note (id INTEGER PRIMARY KEY AUTOINCREMENT, article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE, text TEXT NOT NULL);
`

// queryDB is a SQLite file database with writers, articles and notes,
// and a counter of the statements run.
func queryDB(t *testing.T) (*DB, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	db, err := Open("sqlite:///"+filepath.Join(t.TempDir(), "q.db"), Options{Log: func(string, []any) { n.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	for stmt := range strings.SplitSeq(querySchema, ";") {
		if strings.TrimSpace(stmt) != "" {
			if _, err := db.Exec(ctx, stmt); err != nil {
				t.Fatal(err)
			}
		}
	}
	writers := []*Writer{{Name: "ann"}, {Name: "bob"}, {Name: "cy"}}
	if err := BulkInsert(ctx, db, writers); err != nil {
		t.Fatal(err)
	}
	var arts []*Article
	pub := time.Date(2026, 3, 7, 9, 0, 0, 0, time.UTC)
	for i := 0; i < 10; i++ {
		a := &Article{WriterID: writers[i%2].ID, Title: fmt.Sprintf("Go tip %d", i), Views: i * 10, Score: float64(i) / 2}
		if i%3 == 0 {
			p := pub.Add(time.Duration(i) * time.Hour)
			a.Pub = &p
		}
		arts = append(arts, a)
	}
	arts[9].Title = "100% 'quoted' _under_"
	if err := BulkInsert(ctx, db, arts); err != nil {
		t.Fatal(err)
	}
	for i, a := range arts[:4] {
		for j := 0; j <= i; j++ {
			if err := Insert(ctx, db, &Note{ArticleID: a.ID, Text: fmt.Sprintf("n%d.%d", i, j)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	n.Store(0)
	return db, &n
}

func titles(as []*Article) string {
	var s []string
	for _, a := range as {
		s = append(s, a.Title)
	}
	return strings.Join(s, "|")
}

func TestQueries(t *testing.T) {
	db, _ := queryDB(t)
	ctx := context.Background()
	arts := Objects[Article](db)
	tests := []struct {
		name string
		qs   QuerySet[Article]
		want string
	}{
		{"exact", arts.Filter("title", "Go tip 3"), "Go tip 3"},
		{"gte lt ordered", arts.Filter("views__gte", 30).Filter("views__lt", 60).OrderBy("-views"), "Go tip 5|Go tip 4|Go tip 3"},
		{"icontains escapes LIKE", arts.Filter("title__icontains", "100%"), "100% 'quoted' _under_"},
		{"contains underscore is literal", arts.Filter("title__contains", "_"), "100% 'quoted' _under_"},
		{"startswith", arts.Filter("title__startswith", "Go tip 1").OrderBy("id"), "Go tip 1"},
		{"endswith", arts.Filter("title__iendswith", "TIP 8"), "Go tip 8"},
		{"in", arts.Filter("views__in", []int{0, 20, 999}).OrderBy("views"), "Go tip 0|Go tip 2"},
		{"empty in", arts.Filter("id__in", []int64{}), ""},
		{"isnull", arts.Filter("pub__isnull", false).OrderBy("id"), "Go tip 0|Go tip 3|Go tip 6|100% 'quoted' _under_"},
		{"exact nil", arts.Filter("pub", nil).Filter("views__lt", 30).OrderBy("id"), "Go tip 1|Go tip 2"},
		{"exclude", arts.Exclude("writer_id", 1).OrderBy("-id").Limit(2), "100% 'quoted' _under_|Go tip 7"},
		{"range", arts.Filter("score__range", []float64{1, 2}).OrderBy("score"), "Go tip 2|Go tip 3|Go tip 4"},
		{"where", arts.Where("views > ? OR title = ?", 80, "Go tip 0").OrderBy("id"), "Go tip 0|100% 'quoted' _under_"},
		{"by Go name", arts.Filter("WriterID", 2).Filter("Views__gt", 50).OrderBy("Title"), "100% 'quoted' _under_|Go tip 7"},
		{"offset", arts.OrderBy("id").Offset(8), "Go tip 8|100% 'quoted' _under_"},
		{"injection is a value", arts.Filter("title", "x' OR '1'='1"), ""},
	}
	for _, tc := range tests {
		got, err := tc.qs.All(ctx)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if titles(got) != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, titles(got), tc.want)
		}
	}

	n, err := arts.Filter("writer_id", 1).Count(ctx)
	if err != nil || n != 5 {
		t.Errorf("count %d, %v", n, err)
	}
	if n, _ := arts.OrderBy("id").Limit(3).Count(ctx); n != 3 {
		t.Errorf("count with limit %d", n)
	}
	if ok, err := arts.Filter("views", 90).Exists(ctx); !ok || err != nil {
		t.Errorf("exists: %v %v", ok, err)
	}
	if ok, err := arts.Filter("views", 91).Exists(ctx); ok || err != nil {
		t.Errorf("not exists: %v %v", ok, err)
	}
	first, err := arts.OrderBy("-score").First(ctx)
	if err != nil || first.Views != 90 {
		t.Errorf("first: %+v %v", first, err)
	}
	if _, err := arts.Filter("views", 1234).First(ctx); !errors.Is(err, ErrNotFound) {
		t.Errorf("first none: %v", err)
	}
	if _, err := arts.Filter("writer_id", 1).Get(ctx); !errors.Is(err, ErrMultipleRows) {
		t.Errorf("get many: %v", err)
	}
	if a, err := arts.Filter("views", 70).Get(ctx); err != nil || a.Title != "Go tip 7" {
		t.Errorf("get: %v %v", a, err)
	}

	sum, _ := arts.Sum(ctx, "views")
	avg, _ := arts.Filter("writer_id", 2).Avg(ctx, "score")
	var maxViews int
	var minPub *time.Time
	if err := arts.Max(ctx, "views", &maxViews); err != nil {
		t.Error(err)
	}
	if err := arts.Min(ctx, "pub", &minPub); err != nil {
		t.Error(err)
	}
	if sum != 450 || avg != 2.5 || maxViews != 90 || minPub == nil || minPub.Hour() != 9 {
		t.Errorf("aggregates: sum %v avg %v max %v min %v", sum, avg, maxViews, minPub)
	}
	if s, err := arts.Filter("views", -1).Sum(ctx, "views"); s != 0 || err != nil {
		t.Errorf("sum of nothing: %v %v", s, err)
	}

	vals, err := arts.Filter("views__lte", 10).OrderBy("id").Values(ctx, "title", "Views")
	if err != nil || fmt.Sprint(vals) != "[map[title:Go tip 0 views:0] map[title:Go tip 1 views:10]]" {
		t.Errorf("values: %v %v", vals, err)
	}

	var seen []string
	err = arts.OrderBy("id").Iterate(ctx, func(a *Article) error {
		seen = append(seen, a.Title)
		if len(seen) == 3 {
			return errors.New("enough")
		}
		return nil
	})
	if err == nil || err.Error() != "enough" || len(seen) != 3 {
		t.Errorf("iterate: %v %v", seen, err)
	}

	changed, err := arts.Filter("writer_id", 2).Update(ctx, map[string]any{"views": 1, "Score": 0.5})
	if err != nil || changed != 5 {
		t.Errorf("update: %d %v", changed, err)
	}
	if s, _ := arts.Filter("writer_id", 2).Sum(ctx, "views"); s != 5 {
		t.Errorf("after update sum %v", s)
	}
	deleted, err := arts.Filter("views", 1).Delete(ctx)
	if err != nil || deleted != 5 {
		t.Errorf("delete: %d %v", deleted, err)
	}
	if n, _ := arts.Count(ctx); n != 5 {
		t.Errorf("left %d", n)
	}
}

func TestQueryErrors(t *testing.T) {
	db, n := queryDB(t)
	ctx := context.Background()
	arts := Objects[Article](db)
	for name, err := range map[string]error{
		"unknown field":   ignore(arts.Filter("nope", 1).All(ctx)),
		"unknown lookup":  ignore(arts.Filter("views__regex", 1).All(ctx)),
		"bad in":          ignore(arts.Filter("views__in", 3).All(ctx)),
		"bad order":       ignore(arts.OrderBy("-nope").All(ctx)),
		"where args":      ignore(arts.Where("views > ?").All(ctx)),
		"update field":    ignore(arts.Update(ctx, map[string]any{"nope": 1})),
		"update limited":  ignore(arts.Limit(1).Update(ctx, map[string]any{"views": 1})),
		"preload unknown": ignore(arts.Preload("Nope").All(ctx)),
	} {
		if err == nil || !strings.Contains(err.Error(), "orm: Article") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n.Load() != 0 {
		t.Errorf("%d statements ran for invalid queries", n.Load())
	}
}

func ignore[T any](_ T, err error) error { return err }

// Relations load with one query each, however many rows: never N+1.
func TestPreload(t *testing.T) {
	db, n := queryDB(t)
	ctx := context.Background()
	arts, err := Objects[Article](db).OrderBy("id").Preload("Writer", "Notes").All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if q := n.Load(); q != 3 {
		t.Errorf("%d queries for 10 articles with writer and notes, want 3", q)
	}
	for i, a := range arts {
		want := []string{"ann", "bob"}[i%2]
		if a.Writer == nil || a.Writer.Name != want {
			t.Errorf("article %d writer %+v, want %s", i, a.Writer, want)
		}
		wantNotes := 0
		if i < 4 {
			wantNotes = i + 1
		}
		if len(a.Notes) != wantNotes || a.Notes == nil {
			t.Errorf("article %d: %d notes (nil %v), want %d", i, len(a.Notes), a.Notes == nil, wantNotes)
		}
	}
	n.Store(0)
	writers, err := Objects[Writer](db).OrderBy("name").Preload("Articles.Notes", "Articles.Writer").All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if q := n.Load(); q != 4 {
		t.Errorf("%d queries for writers, their articles, the articles' notes and writers; want 4", q)
	}
	var got []string
	for _, w := range writers {
		notes := 0
		for _, a := range w.Articles {
			notes += len(a.Notes)
			if a.Writer == nil || a.Writer.ID != w.ID {
				t.Errorf("nested forward relation: %+v", a.Writer)
			}
		}
		got = append(got, fmt.Sprintf("%s:%d/%d", w.Name, len(w.Articles), notes))
	}
	if strings.Join(got, " ") != "ann:5/4 bob:5/6 cy:0/0" {
		t.Errorf("writers: %s", strings.Join(got, " "))
	}
}

func TestBulkInsertAndPaginate(t *testing.T) {
	db, n := queryDB(t)
	ctx := context.Background()
	var notes []*Note
	for i := 0; i < 450; i++ {
		notes = append(notes, &Note{ArticleID: 1, Text: fmt.Sprintf("bulk %03d", i)})
	}
	if err := BulkInsert(ctx, db, notes); err != nil {
		t.Fatal(err)
	}
	if q := n.Load(); q != 3 {
		t.Errorf("%d statements for 450 rows, want 3 (chunks of %d)", q, bulkChunk)
	}
	for i, nt := range notes {
		got, err := Get[Note](ctx, db, nt.ID)
		if err != nil || got.Text != fmt.Sprintf("bulk %03d", i) {
			t.Fatalf("note %d: id %d is %+v, %v", i, nt.ID, got, err)
		}
	}
	qs := Objects[Note](db).Filter("text__startswith", "bulk").OrderBy("text")
	p, err := Paginate(ctx, qs, 3, 100)
	if err != nil {
		t.Fatal(err)
	}
	if p.Count != 450 || p.NumPages != 5 || len(p.Items) != 100 || p.Items[0].Text != "bulk 200" ||
		!p.HasNext() || !p.HasPrevious() || p.StartIndex() != 201 || p.EndIndex() != 300 {
		t.Errorf("page 3: %+v", p)
	}
	last, _ := Paginate(ctx, qs, 5, 100)
	if len(last.Items) != 50 || last.HasNext() || last.EndIndex() != 450 {
		t.Errorf("last page: %d items, next %v, end %d", len(last.Items), last.HasNext(), last.EndIndex())
	}
	if _, err := Paginate(ctx, qs, 6, 100); !errors.Is(err, ErrPageOutOfRange) {
		t.Errorf("page 6: %v", err)
	}
	empty, err := Paginate(ctx, Objects[Note](db).Filter("text", "none"), 1, 10)
	if err != nil || empty.NumPages != 1 || len(empty.Items) != 0 || empty.StartIndex() != 0 {
		t.Errorf("empty: %+v %v", empty, err)
	}
	mixed := []*Note{{ID: 9999, ArticleID: 1, Text: "x"}, {ArticleID: 1, Text: "y"}}
	if err := BulkInsert(ctx, db, mixed); err == nil || !strings.Contains(err.Error(), "set all or none") {
		t.Errorf("mixed keys: %v", err)
	}
}
