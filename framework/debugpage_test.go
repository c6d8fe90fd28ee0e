package framework_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/goframe/goframe/framework"
)

// lockedError is an error type of the project's, for the error chain.
type lockedError struct{}

func (lockedError) Error() string { return "database is locked" }

var errLocked error = &lockedError{}

func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

func TestApp_debugPage_panic(t *testing.T) {
	t.Parallel()
	app := newErrorsApp(t, true, nil)
	form := url.Values{"title": {"Hello form"}, "password": {runtimeSecret(t, "form-password")}}
	csrf := strings.Repeat("c", 32) // a CSRF secret, sent as cookie and header
	w := app.do("POST", "/panic/42?page=2", strings.NewReader(form.Encode()),
		"Cookie: "+framework.CSRFCookieName+"="+csrf, framework.CSRFHeaderName+": "+csrf,
		"Accept: text/html,application/xhtml+xml,*/*;q=0.8",
		"Content-Type: application/x-www-form-urlencoded")
	body := w.Body.String()
	if w.Code != 500 || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("status %d, Content-Type %q", w.Code, w.Header().Get("Content-Type"))
	}
	if w.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", w.Header().Get("Cache-Control"))
	}
	for _, want := range []string{
		"<title>panic at /panic/42</title>",
		"kaboom in /panic/42",                // the panic's value
		"framework_test.panicView",           // the frame's function
		"errors_test.go:",                    // its file and line
		panicLineMarker,                      // its source line
		`<span class="line current">`,        // highlighted
		"http://example.com/panic/42?page=2", // the request
		"Hello form",                         // the form the view parsed
		"<td>id</td>",                        // the path parameter
		"<td>SecretKey</td>",                 // the settings
		"postgres://app:********************@db.internal/app",
		"Go Version:",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, form.Get("password")) {
		t.Error("page shows the form's password")
	}
}

// TestApp_debugPage_secrets checks that no DEBUG page, in no format,
// shows the secret key, a fallback key, the database password, a
// session or CSRF cookie, an Authorization header, or a secret query
// parameter.
func TestApp_debugPage_secrets(t *testing.T) {
	t.Parallel()
	app := newErrorsApp(t, true, nil)
	session := runtimeSecret(t, "session-cookie")
	csrf := runtimeSecret(t, "csrf-cookie")
	auth := runtimeSecret(t, "bearer-token")
	proxyAuth := runtimeSecret(t, "proxy-auth")
	apiKey := runtimeSecret(t, "api-key")
	query := runtimeSecret(t, "query-token")
	secrets := map[string]string{
		"SECRET_KEY": app.secret, "the fallback key": app.secret + "-old", "the database password": app.secret + "-db",
		"the session cookie": session, "the CSRF cookie": csrf, "Authorization": auth,
		"Proxy-Authorization": proxyAuth, "X-Api-Key": apiKey, "the token query parameter": query,
	}
	for _, path := range []string{"/panic/1?token=" + query, "/error?access_token=" + query, "/nowhere?token=" + query,
		"/syntax?token=" + query, "/missing?token=" + query, "/forbidden?token=" + query, "/bad?token=" + query} {
		for _, accept := range []string{"text/html", "text/plain", "application/json"} {
			w := app.do("GET", path, nil, "Accept: "+accept,
				"Cookie: sessionid="+session+"; csrftoken="+csrf+"; theme=dark",
				"Authorization: Bearer "+auth, "Proxy-Authorization: Basic "+proxyAuth, "X-Api-Key: "+apiKey,
				"Referer: http://example.com/login?token="+query)
			body := w.Body.String()
			for what, s := range secrets {
				if strings.Contains(body, s) {
					t.Errorf("%s (%s) shows %s", path, accept, what)
				}
			}
			if strings.HasPrefix(path, "/bad") && accept == "application/json" {
				// A *RequestError is the API's answer to a JSON client,
				// {"error": ...}, in DEBUG too: no debug report.
				if body != "{\"error\":\"page must be a number\"}\n" {
					t.Errorf("%s (%s): %q", path, accept, body)
				}
				continue
			}
			if !strings.Contains(body, "theme") || !strings.Contains(body, "dark") {
				t.Errorf("%s (%s): an ordinary cookie is hidden", path, accept)
			}
			if !strings.Contains(body, "********************") {
				t.Errorf("%s (%s): nothing masked", path, accept)
			}
		}
	}
}

func TestApp_debugPage_404(t *testing.T) {
	t.Parallel()
	app := newErrorsApp(t, true, nil)
	t.Run("no route", func(t *testing.T) {
		w := app.do("GET", "/nowhere", nil, "Accept: text/html")
		body := w.Body.String()
		if w.Code != 404 {
			t.Fatalf("status %d", w.Code)
		}
		for _, want := range []string{"Page not found (404)", "GET /", "[name='home']",
			"GET /posts/{id:int}/", "[name='post_detail']", "GET /panic/{id:int}", "POST /panic/{id:int}",
			"The current path, <code>/nowhere</code>, didn't match any of these."} {
			if !strings.Contains(body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		// The routes in the router's order.
		if strings.Index(body, "GET /error") > strings.Index(body, "GET /posts/{id:int}/") {
			t.Error("routes out of order")
		}
		var rep struct {
			RouterMiss bool `json:"router_miss"`
			Routes     []struct{ Method, Pattern, Name string }
		}
		w = app.do("GET", "/nowhere", nil, "Accept: application/json")
		if err := json.Unmarshal(w.Body.Bytes(), &rep); err != nil || !rep.RouterMiss || len(rep.Routes) < 5 {
			t.Fatalf("JSON 404 %+v, %v", rep, err)
		}
		found := false
		for _, rt := range rep.Routes {
			found = found || rt.Method == "GET" && rt.Pattern == "/posts/{id:int}/" && rt.Name == "post_detail"
		}
		if !found {
			t.Errorf("JSON routes %+v", rep.Routes)
		}
	})
	t.Run("from a view", func(t *testing.T) {
		w := app.do("GET", "/posts/7/", nil, "Accept: text/plain")
		body := w.Body.String()
		if w.Code != 404 || !strings.Contains(body, "No Post matches the given query.") || strings.Contains(body, "didn't match") {
			t.Errorf("status %d, body:\n%s", w.Code, body)
		}
	})
	t.Run("path parameter that does not convert", func(t *testing.T) {
		w := app.do("GET", "/posts/99999999999999999999999/", nil, "Accept: text/plain")
		if w.Code != 404 || !strings.Contains(w.Body.String(), "didn't match any of these") {
			t.Errorf("status %d, body:\n%s", w.Code, w.Body.String())
		}
	})
}

func TestApp_debugPage_405and403(t *testing.T) {
	t.Parallel()
	app := newErrorsApp(t, true, nil)
	w := app.do("DELETE", "/", nil, "Accept: text/plain")
	if w.Code != 405 || w.Header().Get("Allow") != "GET, HEAD" ||
		!strings.Contains(w.Body.String(), "The method DELETE is not allowed for /. Allowed: GET, HEAD") {
		t.Errorf("405: status %d, Allow %q, body:\n%s", w.Code, w.Header().Get("Allow"), w.Body.String())
	}
	w = app.do("POST", "/csrf", nil, "Accept: text/html")
	body := w.Body.String()
	if w.Code != 403 || !strings.Contains(body, "CSRF verification failed. CSRF cookie not set.") ||
		!strings.Contains(body, "{% csrf_token %}") || !strings.Contains(body, "CSRF_TRUSTED_ORIGINS") {
		t.Errorf("CSRF 403: status %d, body:\n%s", w.Code, body)
	}
	w = app.do("GET", "/forbidden", nil, "Accept: text/html")
	if w.Code != 403 || !strings.Contains(w.Body.String(), "staff only") || strings.Contains(w.Body.String(), "csrf_token") {
		t.Errorf("403: status %d, body:\n%s", w.Code, w.Body.String())
	}
}

func TestApp_debugPage_template(t *testing.T) {
	t.Parallel()
	app := newErrorsApp(t, true, nil)
	t.Run("syntax error", func(t *testing.T) {
		w := app.do("GET", "/syntax", nil, "Accept: text/html")
		body := w.Body.String()
		if w.Code != 500 {
			t.Fatalf("status %d", w.Code)
		}
		for _, want := range []string{"Template syntax error", "In template <code>syntax.html</code>, error at line 3",
			`<tr class="current"><th>3</th><td><pre>{% if %}broken{% endif %}</pre></td></tr>`,
			"<th>2</th><td><pre>&lt;p&gt;two&lt;/p&gt;</pre>"} {
			if !strings.Contains(body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		text := app.do("GET", "/syntax", nil, "Accept: text/plain").Body.String()
		if !regexp.MustCompile(`(?m)^>\s+3 \| \{% if %\}broken`).MatchString(text) ||
			!strings.Contains(text, "Template syntax error in syntax.html, line 3") {
			t.Errorf("text page:\n%s", text)
		}
	})
	t.Run("missing template", func(t *testing.T) {
		w := app.do("GET", "/missing", nil, "Accept: text/plain")
		body := w.Body.String()
		if w.Code != 500 || !strings.Contains(body, "Template does not exist: nowhere.html") ||
			!strings.Contains(body, "Config.TemplatesFS") {
			t.Errorf("status %d, body:\n%s", w.Code, body)
		}
	})
}

func TestApp_debugPage_formats(t *testing.T) {
	t.Parallel()
	app := newErrorsApp(t, true, nil)
	tests := []struct{ accept, contentType string }{
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html; charset=utf-8"},
		{"*/*", "text/plain; charset=utf-8"}, // curl, fetch
		{"", "text/plain; charset=utf-8"},
		{"text/plain", "text/plain; charset=utf-8"},
		{"application/json, text/javascript, */*; q=0.01", "application/json"}, // jQuery's XHR
		{"application/json", "application/json"},
		{"text/html;q=0.5, application/json", "application/json"},
	}
	for _, tc := range tests {
		w := app.do("GET", "/panic/3", nil, "Accept: "+tc.accept)
		if got := w.Header().Get("Content-Type"); got != tc.contentType {
			t.Errorf("Accept %q: Content-Type %q, want %q", tc.accept, got, tc.contentType)
		}
	}

	text := app.do("GET", "/panic/3?page=2", nil, "Accept: text/plain").Body.String()
	for _, want := range []string{"panic at /panic/3", "kaboom in /panic/3", "Request URL: http://example.com/panic/3?page=2",
		"framework_test.panicView", "errors_test.go:", panicLineMarker, "SecretKey = ********************"} {
		if !strings.Contains(text, want) {
			t.Errorf("text page lacks %q:\n%s", want, text)
		}
	}
	if regexp.MustCompile(`<[a-z]`).MatchString(text) {
		t.Errorf("text page has HTML:\n%s", text)
	}

	w := app.do("GET", "/panic/3?page=2", nil, "Accept: application/json")
	var rep struct {
		Status     int    `json:"status"`
		ErrorValue string `json:"error_value"`
		Panic      bool   `json:"panic"`
		Frames     []struct {
			Function string `json:"function"`
			File     string `json:"file"`
			Line     int    `json:"line"`
			Source   []struct {
				Text    string `json:"text"`
				Current bool   `json:"current"`
			} `json:"source"`
		} `json:"frames"`
		Request struct {
			Method  string `json:"method"`
			URL     string `json:"url"`
			Headers []struct{ Name, Value string }
		} `json:"request"`
		Settings []struct{ Name, Value string } `json:"settings"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &rep); err != nil {
		t.Fatalf("JSON page: %v\n%s", err, w.Body.String())
	}
	if rep.Status != 500 || !rep.Panic || rep.ErrorValue != "kaboom in /panic/3" || rep.Request.Method != "GET" ||
		rep.Request.URL != "http://example.com/panic/3?page=2" || len(rep.Frames) == 0 {
		t.Fatalf("JSON page: %+v", rep)
	}
	f := rep.Frames[0]
	current := ""
	for _, l := range f.Source {
		if l.Current {
			current = l.Text
		}
	}
	if !strings.HasSuffix(f.Function, "framework_test.panicView") || !strings.HasSuffix(f.File, "errors_test.go") ||
		f.Line == 0 || !strings.Contains(current, panicLineMarker) {
		t.Errorf("first frame %+v, current line %q", f, current)
	}
	settings := map[string]string{}
	for _, s := range rep.Settings {
		settings[s.Name] = s.Value
	}
	if settings["SecretKey"] != "********************" || settings["SecretKeyFallbacks"] != "********************" ||
		settings["Debug"] != "true" || settings["AllowedHosts"] != `["*"]` {
		t.Errorf("settings %v", settings)
	}
}

func TestApp_debugPage_errorChain(t *testing.T) {
	t.Parallel()
	app := newErrorsApp(t, true, nil)
	app.Get("/wrapped", func(r *framework.Request) framework.Response {
		return framework.Error(fmt.Errorf("loading post 7: %w", fmt.Errorf("query: %w", errLocked)))
	})
	text := app.do("GET", "/wrapped", nil, "Accept: text/plain").Body.String()
	for _, want := range []string{"Error Type: *framework_test.lockedError", "loading post 7: query: database is locked",
		"Error chain:", "    query: database is locked (*fmt.wrapError)", "      database is locked (*framework_test.lockedError)"} {
		if !strings.Contains(text, want) {
			t.Errorf("page lacks %q:\n%s", want, text)
		}
	}
	html := app.do("GET", "/wrapped", nil, "Accept: text/html").Body.String()
	if !strings.Contains(html, `<li style="margin-left: 2em">database is locked <span class="type">(*framework_test.lockedError)</span></li>`) {
		t.Errorf("HTML chain:\n%s", html)
	}
}

// TestApp_debugPage_xss sends markup in the path, a header, the query, a
// cookie and the view's message: every page escapes it.
func TestApp_debugPage_xss(t *testing.T) {
	t.Parallel()
	const payload = `<script>alert(1)</script>`
	const attr = `"><img src=x onerror=alert(1)>`
	for _, debug := range []bool{true, false} {
		files := map[string]string{}
		if !debug {
			files["404.html"] = "not found: {{ request_path }}"
		}
		app := newErrorsApp(t, debug, mapFS(files))
		app.Get("/echo", func(r *framework.Request) framework.Response {
			return framework.NotFound(r.Query("q"))
		})
		for _, target := range []string{
			"/" + url.PathEscape(payload),
			"/panic/1?q=" + url.QueryEscape(payload) + "&" + url.QueryEscape(attr) + "=1",
			"/echo?q=" + url.QueryEscape(payload),
			"/error",
			"/syntax",
		} {
			for _, accept := range []string{"text/html", "application/json"} {
				w := app.do("GET", target, nil, "Accept: "+accept, "X-Evil: "+payload, "Cookie: evil="+url.QueryEscape(attr))
				body := w.Body.String()
				if strings.Contains(body, "<script>") || strings.Contains(body, "<img") {
					t.Errorf("debug=%v %s (%s): unescaped markup:\n%s", debug, target, accept, body)
				}
				if debug && accept == "text/html" && !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
					t.Errorf("debug=%v %s: the payload is not shown escaped", debug, target)
				}
			}
		}
	}
}

// exploder's method panics while a template renders it.
type exploder struct{}

func (exploder) Boom() string { panic("method exploded") }

func TestApp_debugPage_templatePanic(t *testing.T) {
	t.Parallel()
	app := newErrorsApp(t, true, mapFS(map[string]string{"boom.html": "<p>one</p>\n{{ obj.Boom }}\n"}))
	app.Get("/boom", func(r *framework.Request) framework.Response {
		return r.Render("boom.html", framework.Ctx{"obj": exploder{}})
	})
	text := app.do("GET", "/boom", nil, "Accept: text/plain").Body.String()
	for _, want := range []string{"method exploded", "Template render error in boom.html, line 2", ">    2 | {{ obj.Boom }}"} {
		if !strings.Contains(text, want) {
			t.Errorf("page lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "goroutine ") {
		t.Errorf("the raw stack shows in a message:\n%s", text)
	}
}
