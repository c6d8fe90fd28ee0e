package framework_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/goframe/goframe/framework"
)

// An API read by a front end on another origin: the browser's preflight
// is answered without reaching the view.
func ExampleCORS() {
	app := framework.New(framework.Config{
		SecretKey:    strings.Repeat("x", 40),
		AllowedHosts: []string{"api.example.com"},
		NoRequestLog: true,
	})
	app.Use(framework.CORS(framework.CORSOptions{
		AllowedOrigins: []string{"https://app.example.com", "https://*.preview.example.com"},
		AllowedMethods: []string{"GET", "PUT"},
		AllowedHeaders: []string{"Content-Type"},
		MaxAge:         time.Hour,
	}))
	app.Route("/items", func(r *framework.Request) framework.Response { return framework.JSON([]string{"pen"}) }, "GET", "PUT")

	req := httptest.NewRequest("OPTIONS", "https://api.example.com/items", nil)
	req.Header.Set("Origin", "https://pr-7.preview.example.com")
	req.Header.Set("Access-Control-Request-Method", "PUT")
	req.Header.Set("Access-Control-Request-Headers", "content-type")
	w := httptest.NewRecorder()
	app.ServeHTTP(w, req)
	h := w.Header()
	fmt.Println(w.Code, h.Get("Access-Control-Allow-Origin"), h.Get("Access-Control-Allow-Methods"), h.Get("Access-Control-Max-Age"))
	// Output:
	// 204 https://pr-7.preview.example.com GET, PUT 3600
}
