package app_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"

	"github.com/goframe/goframe/examples/blog/app"
	"github.com/goframe/goframe/framework"
)

// ExampleNew builds the blog over a new database, migrates it as `blog
// serve` does on its first start, and asks for the index in process.
func ExampleNew() {
	dir, err := os.MkdirTemp("", "blog-example-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)

	cfg := app.Settings()
	cfg.Debug = true
	cfg.DatabaseURL = "sqlite:///" + filepath.Join(dir, "db.sqlite3")
	cfg.Logger = slog.New(slog.DiscardHandler)
	blog := app.New(cfg)
	defer blog.Close()

	applied, err := app.MigrateOnStart(context.Background(), blog)
	if err != nil {
		panic(err)
	}
	fmt.Println("applied:", applied)

	resp, err := framework.NewTestClient(blog).Get("/")
	if err != nil {
		panic(err)
	}
	title := regexp.MustCompile(`<title>(.*)</title>`).FindStringSubmatch(resp.Text())[1]
	fmt.Println(resp.StatusCode, title, resp.Templates()[0])
	// Output:
	// applied: [0001_initial]
	// 200 Posts - Blog blog/index.html
}
