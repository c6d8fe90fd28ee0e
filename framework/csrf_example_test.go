package framework_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/goframe/goframe/framework"
)

// A view gives JavaScript the CSRF token; the script sends it back in
// the X-CSRFToken header with the cookie the first response set.
// Templates use {% csrf_token %} inside forms instead.
func ExampleCSRFToken() {
	app := framework.New(framework.Config{
		SecretKey:    strings.Repeat("x", 40),
		AllowedHosts: []string{"example.com"},
		NoRequestLog: true,
		Logger:       slog.New(slog.DiscardHandler), // the refused POST logs a warning
	})
	app.Get("/token", func(r *framework.Request) framework.Response {
		return framework.JSON(map[string]string{"csrf": framework.CSRFToken(r)})
	})
	app.Post("/items", func(r *framework.Request) framework.Response {
		return framework.Text("created " + r.FormValue("name"))
	})

	// The page (or script) gets a token, and the cookie with it.
	w := httptest.NewRecorder()
	app.ServeHTTP(w, httptest.NewRequest("GET", "http://example.com/token", nil))
	cookie := w.Result().Cookies()[0]
	var tok struct{ CSRF string }
	json.Unmarshal(w.Body.Bytes(), &tok)
	fmt.Println(cookie.Name, len(cookie.Value), len(tok.CSRF))

	post := func(token string) int {
		req := httptest.NewRequest("POST", "http://example.com/items", strings.NewReader(url.Values{"name": {"pen"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
		if token != "" {
			req.Header.Set(framework.CSRFHeaderName, token)
		}
		w := httptest.NewRecorder()
		app.ServeHTTP(w, req)
		return w.Code
	}
	fmt.Println(post(tok.CSRF), post(""))
	// Output:
	// csrftoken 32 64
	// 200 403
}
