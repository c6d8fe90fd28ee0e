package app

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goframe/goframe/framework/auth"
	"github.com/goframe/goframe/orm"
)

// queryCounter counts the statements the ORM runs (orm.Options.Log).
type queryCounter struct {
	mu      sync.Mutex
	queries []string
}

func (c *queryCounter) log(query string, _ []any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.queries = append(c.queries, query)
}

// take returns the statements counted since the last take.
func (c *queryCounter) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	q := c.queries
	c.queries = nil
	return q
}

// countedDB returns the blog's database, migrated, in a temporary
// directory, whose statements c counts.
func countedDB(t *testing.T, c *queryCounter) *orm.DB {
	t.Helper()
	db, err := orm.Open("sqlite:///"+filepath.Join(t.TempDir(), "blog.sqlite3"), orm.Options{Log: c.log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := orm.Migrate(t.Context(), db, Migrations(), ""); err != nil {
		t.Fatal(err)
	}
	return db
}

// addPosts adds n posts, each by a user of its own and with n comments,
// each by a user of its own.
func addPosts(t *testing.T, db *orm.DB, n int) []*Post {
	t.Helper()
	ctx := t.Context()
	var posts []*Post
	for i := range n {
		u := &auth.User{Username: fmt.Sprintf("author%d", i), IsActive: true}
		if err := orm.Insert(ctx, db, u); err != nil {
			t.Fatal(err)
		}
		p := &Post{AuthorID: u.ID, Title: fmt.Sprintf("Post %d", i), Created: time.Now().Add(time.Duration(i) * time.Minute)}
		if err := orm.Insert(ctx, db, p); err != nil {
			t.Fatal(err)
		}
		for j := range n {
			cu := &auth.User{Username: fmt.Sprintf("reader%d_%d", i, j), IsActive: true}
			if err := orm.Insert(ctx, db, cu); err != nil {
				t.Fatal(err)
			}
			if err := orm.Insert(ctx, db, &Comment{PostID: p.ID, AuthorID: cu.ID, Body: "Nice."}); err != nil {
				t.Fatal(err)
			}
		}
		posts = append(posts, p)
	}
	return posts
}

// TestListPosts_NoNPlusOne checks that a page of the index costs the
// same number of queries whatever the number of posts and authors on it:
// a count, the posts, their authors.
func TestListPosts_NoNPlusOne(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 2, PostsPerPage, 3 * PostsPerPage} {
		t.Run(fmt.Sprint(n, " posts"), func(t *testing.T) {
			t.Parallel()
			var c queryCounter
			db := countedDB(t, &c)
			addPosts(t, db, n)
			c.take()
			page, err := listPosts(t.Context(), db, "1")
			if err != nil {
				t.Fatal(err)
			}
			if q := c.take(); len(q) != 3 {
				t.Errorf("the index's first page ran %d queries, want 3:\n%s", len(q), strings.Join(q, "\n"))
			}
			if want := min(n, PostsPerPage); len(page.Items) != want {
				t.Fatalf("%d posts on the page, want %d", len(page.Items), want)
			}
			for _, p := range page.Items {
				if p.Author == nil || p.Author.ID != p.AuthorID {
					t.Errorf("post %d: author %+v not loaded", p.ID, p.Author)
				}
			}
			// A page past the end costs two queries more (Django's get_page
			// counts again before giving the last page).
			if _, err := listPosts(t.Context(), db, "999"); err != nil {
				t.Fatal(err)
			}
			if q := c.take(); len(q) != 5 {
				t.Errorf("a page past the end ran %d queries, want 5:\n%s", len(q), strings.Join(q, "\n"))
			}
		})
	}
}

// TestGetPost_NoNPlusOne checks that a post's page costs four queries
// whatever the number of comments and commenters: the post, its author,
// its comments, their authors.
func TestGetPost_NoNPlusOne(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 3, 12} {
		t.Run(fmt.Sprint(n, " comments"), func(t *testing.T) {
			t.Parallel()
			var c queryCounter
			db := countedDB(t, &c)
			posts := addPosts(t, db, n)
			c.take()
			p, err := getPost(t.Context(), db, posts[0].ID, true)
			if err != nil {
				t.Fatal(err)
			}
			if q := c.take(); len(q) != 4 {
				t.Errorf("a post with %d comments ran %d queries, want 4:\n%s", n, len(q), strings.Join(q, "\n"))
			}
			if len(p.Comments) != n || p.Author == nil {
				t.Fatalf("post %+v: %d comments, want %d, and its author", p, len(p.Comments), n)
			}
			for i, cm := range p.Comments {
				if cm.Author == nil || cm.Author.Username != fmt.Sprintf("reader0_%d", i) {
					t.Errorf("comment %d: author %+v, want reader0_%d (oldest first)", i, cm.Author, i)
				}
			}
		})
	}
}
