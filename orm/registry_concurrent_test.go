package orm

import (
	"path/filepath"
	"sync"
	"testing"
)

// TestNewRegistry_Concurrent makes registries of the same models at once
// while other goroutines insert rows of them, as parallel tests that
// each build an App do: models are shared by the whole process, and
// resolving their foreign keys must not race (go test -race) with
// another registry or with a query.
func TestNewRegistry_Concurrent(t *testing.T) {
	t.Parallel()
	db := openTest(t, "sqlite:///"+filepath.Join(t.TempDir(), "reg.sqlite3"))
	u := &User{Email: "ada@example.com", Name: "Ada"}
	if err := Insert(t.Context(), db, u); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			reg, err := NewRegistry(User{}, BlogPost{})
			if err != nil {
				t.Error(err)
				return
			}
			m, _ := reg.Model("BlogPost")
			for _, f := range m.Fields {
				if f.FK != nil && (f.FK.Table != "user" || f.FK.Column != "id") {
					t.Errorf("BlogPost.%s refers to %s.%s, want user.id", f.Name, f.FK.Table, f.FK.Column)
				}
			}
		})
		wg.Go(func() {
			if err := Insert(t.Context(), db, &BlogPost{Title: "post", AuthorID: u.ID}); err != nil {
				t.Errorf("insert %d: %v", i, err)
			}
		})
	}
	wg.Wait()
}
