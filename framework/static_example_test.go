package framework_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/goframe/goframe/framework"
)

// ExampleApp_CollectStatic collects a project's static files for nginx:
// each file and a copy named for its content, CSS references rewritten,
// and the staticfiles.json manifest that makes {% static %} give the
// hashed names.
func ExampleApp_CollectStatic() {
	dir, err := os.MkdirTemp("", "collectstatic")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "static")
	os.MkdirAll(filepath.Join(src, "css"), 0o755)
	os.MkdirAll(filepath.Join(src, "img"), 0o755)
	os.WriteFile(filepath.Join(src, "css", "site.css"), []byte("h1 { background: url(../img/logo.png) }\n"), 0o644)
	os.WriteFile(filepath.Join(src, "img", "logo.png"), []byte("a logo"), 0o644)

	app := framework.New(framework.Config{
		SecretKey:    strings.Repeat("k", 40),
		AllowedHosts: []string{"example.com"},
		StaticDir:    src,
		StaticRoot:   filepath.Join(dir, "staticfiles"),
	})
	res, err := app.CollectStatic("", nil) // nil: no summary line
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Copied, "copied,", res.PostProcessed, "post-processed")
	fmt.Println(res.Manifest["img/logo.png"])
	css, _ := os.ReadFile(filepath.Join(dir, "staticfiles", res.Manifest["css/site.css"]))
	fmt.Print(string(css))
	url, _ := app.StaticURL("css/site.css")
	fmt.Println(url)
	// Output:
	// 2 copied, 2 post-processed
	// img/logo.48f7df360ff2.png
	// h1 { background: url("../img/logo.48f7df360ff2.png") }
	// /static/css/site.424315aaec1d.css
}

// ExampleRequest_Static gives a view the URL of a static file, as
// {% static %} does in a template.
func ExampleRequest_Static() {
	app := framework.New(framework.Config{Debug: true, StaticURL: "https://cdn.example.com/static/"})
	app.Get("/logo", func(r *framework.Request) framework.Response {
		return framework.JSON(map[string]string{"logo": r.Static("img/logo.png")})
	})
	// Served by the CDN, not by the App: only the URL changes.
	u, _ := app.StaticURL("img/logo.png")
	fmt.Println(u)
	// Output:
	// https://cdn.example.com/static/img/logo.png
}
