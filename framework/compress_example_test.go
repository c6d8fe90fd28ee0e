package framework_test

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"

	"github.com/goframe/goframe/framework"
)

// Compression is opt-in: Use it, and clients that accept gzip (or zstd)
// get compressed text.
func ExampleCompress() {
	app := framework.New(framework.Config{
		SecretKey:    strings.Repeat("x", 40),
		AllowedHosts: []string{"example.com"},
		NoRequestLog: true,
	})
	app.Use(framework.Compress(framework.CompressEncodings("gzip")))
	app.Get("/", func(r *framework.Request) framework.Response {
		return framework.HTML(strings.Repeat("<p>hello</p>\n", 1000))
	})

	req := httptest.NewRequest("GET", "http://example.com/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	w := httptest.NewRecorder()
	app.ServeHTTP(w, req)
	zr, _ := gzip.NewReader(w.Body)
	body, _ := io.ReadAll(zr)
	fmt.Println(w.Header().Get("Content-Encoding"), w.Header().Get("Vary"), len(body))
	// Output:
	// gzip Accept-Encoding 13000
}
