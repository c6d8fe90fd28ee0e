package framework_test

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/goframe/goframe/framework"
)

// newTestApp returns an App for tests: Debug on, logs discarded.
func newTestApp(t *testing.T, cfg framework.Config) *framework.App {
	t.Helper()
	cfg.Debug = true
	cfg.Logger = slog.New(slog.DiscardHandler)
	cfg.NoRequestLog = true
	return framework.New(cfg)
}

type bindAuthor struct {
	Name string `json:"name" validate:"required"`
	Age  int    `json:"age" validate:"min=0,max=150"`
}

type bindItem struct {
	SKU string `json:"sku" validate:"required,len=4"`
	Qty int    `json:"qty" validate:"min=1"`
}

// Validate refuses a bulk order of one product.
func (it bindItem) Validate() error {
	if it.Qty > 100 {
		return fmt.Errorf("%d of %s is a bulk order: call us", it.Qty, it.SKU)
	}
	return nil
}

type bindPost struct {
	Title   string     `json:"title" validate:"required,min=3,max=100"`
	Status  string     `json:"status" validate:"oneof=draft published"`
	Email   string     `json:"email,omitempty" validate:"email"`
	Site    string     `json:"site,omitempty" validate:"url"`
	Author  bindAuthor `json:"author"`
	Tags    []string   `json:"tags" validate:"max=3"`
	Items   []bindItem `json:"items,omitempty"`
	Rating  *float64   `json:"rating,omitempty" validate:"min=0.5,max=5"`
	Created time.Time  `json:"created,omitzero"`
}

// Validate checks what spans fields: a published post needs a tag.
func (p *bindPost) Validate() error {
	if p.Title == "forbidden" {
		return errors.New("this title is reserved")
	}
	if p.Status == "published" && len(p.Tags) == 0 {
		return framework.FieldErrors{"tags": "a published post needs a tag"}
	}
	return nil
}

// errorBody is the JSON of an Error(*RequestError) response.
type errorBody struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields"`
}

func TestRequest_BindJSON(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, framework.Config{})
	app.Post("/posts", func(r *framework.Request) framework.Response {
		var p bindPost
		if err := r.BindJSON(&p); err != nil {
			return framework.Error(err)
		}
		return framework.JSON(p)
	})
	c := framework.NewTestClient(app)

	good := `{"title":"Hello","status":"draft","email":"ada@example.com","site":"https://example.com/ada",` +
		`"author":{"name":"Ada","age":36},"tags":["go"],"items":[{"sku":"AB12","qty":2}],"rating":4.5}`
	tests := []struct {
		name        string
		contentType string
		body        string
		status      int
		errContains string            // in the "error" message
		fields      map[string]string // exactly these, if not nil
	}{
		{name: "good", contentType: "application/json", body: good, status: 200},
		{name: "charset and +json type", contentType: "application/merge-patch+json; charset=UTF-8", body: good, status: 200},
		{name: "null fields are left alone", contentType: "application/json", body: `{"title":"Hello","status":"draft","rating":null,"author":{"name":"Ada"}}`, status: 200},
		{name: "wrong content type", contentType: "text/plain", body: good, status: 415,
			errContains: `got Content-Type "text/plain", want application/json`},
		{name: "no content type", contentType: "", body: good, status: 415, errContains: "got no Content-Type"},
		{name: "not utf-8", contentType: "application/json; charset=latin1", body: good, status: 415, errContains: "latin1"},
		{name: "empty body", contentType: "application/json", body: " \n", status: 400, errContains: "the body is empty"},
		{name: "syntax error", contentType: "application/json", body: "{\n  \"title\": \"Hello\",\n  \"status\" \"draft\"\n}", status: 400,
			errContains: "syntax error at line 3, column 12 (offset 33): invalid character '\"' after object key"},
		{name: "cut short", contentType: "application/json", body: `{"title": "Hel`, status: 400,
			errContains: "unexpected end of the body at line 1, column 15 (offset 14)"},
		{name: "type mismatch, nested", contentType: "application/json", body: `{"title":"Hello","author":{"name":"Ada","age":"old"}}`, status: 400,
			errContains: "invalid JSON body", fields: map[string]string{"author.age": "want an integer, got string"}},
		{name: "every misfit with its index", contentType: "application/json",
			body:   `{"title":7,"author":[],"tags":"go","items":[{"sku":"AB12","qty":1,"colour":"red"},{"sku":"CD34","qty":true},{"qty":2.5}],"rating":"high"}`,
			status: 400, fields: map[string]string{
				"title":           "want a string, got number",
				"author":          "want an object, got array",
				"tags":            "want an array, got string",
				"items[0].colour": "unknown field",
				"items[1].qty":    "want an integer, got boolean",
				"items[2].qty":    "want an integer, got number 2.5",
				"rating":          "want a number, got string",
			}},
		{name: "integer out of range", contentType: "application/json", body: `{"title":"Hello","author":{"age":99999999999999999999}}`, status: 400,
			fields: map[string]string{"author.age": "want an integer from -9223372036854775808 to 9223372036854775807, got 99999999999999999999"}},
		{name: "unknown field", contentType: "application/json", body: `{"title":"Hello","tittle":"x","author":{"name":"Ada","nick":"A"}}`, status: 400,
			fields: map[string]string{"tittle": "unknown field", "author.nick": "unknown field"}},
		{name: "field names match case-insensitively, as encoding/json", contentType: "application/json",
			body: `{"TITLE":"Hello","Status":"draft","author":{"Name":"Ada"}}`, status: 200},
		{name: "not an object", contentType: "application/json", body: `[1, 2]`, status: 400, errContains: "invalid JSON body: want an object, got array"},
		{name: "bad value for UnmarshalJSON", contentType: "application/json", body: `{"title":"Hello","created":"yesterday"}`, status: 400,
			errContains: `invalid JSON body: parsing time "yesterday" as`},
		{name: "trailing data", contentType: "application/json", body: `{"title":"Hello","status":"draft","author":{"name":"A"}}  {"x":1}`, status: 400,
			errContains: "unexpected data after the JSON value at line 1, column 59 (offset 58)"},
		{name: "too large", contentType: "application/json", body: `{"title":"` + strings.Repeat("x", framework.DefaultMaxFormBytes) + `"}`, status: 413,
			errContains: fmt.Sprintf("the JSON body is larger than %d bytes", framework.DefaultMaxFormBytes)},
		{name: "every failing rule", contentType: "application/json",
			body:   `{"title":"Hi","status":"gone","email":"ada@","site":"ftp://example.com","author":{"age":200},"tags":["a","b","c","d"],"items":[{"sku":"AB1","qty":0}],"rating":0.1}`,
			status: 400, errContains: "invalid data", fields: map[string]string{
				"title":        "want at least 3 characters, got 2",
				"status":       `want one of draft, published, got "gone"`,
				"email":        "want an email address such as name@example.com",
				"site":         "want an absolute http:// or https:// URL",
				"author.name":  "this field is required",
				"author.age":   "want at most 150, got 200",
				"tags":         "want at most 3 items, got 4",
				"items[0].sku": "want exactly 4 characters, got 3",
				"items[0].qty": "want at least 1, got 0",
				"rating":       "want at least 0.5, got 0.1",
			}},
		{name: "spaces are not a title", contentType: "application/json", body: `{"title":"   ","status":"draft","author":{"name":"Ada"}}`, status: 400,
			fields: map[string]string{"title": "this field is required"}},
		{name: "Validate returns field errors", contentType: "application/json", body: `{"title":"Hello","status":"published","author":{"name":"Ada"}}`, status: 400,
			fields: map[string]string{"tags": "a published post needs a tag"}},
		{name: "Validate returns an error", contentType: "application/json", body: `{"title":"forbidden","status":"draft","author":{"name":"Ada"}}`, status: 400,
			fields: map[string]string{framework.NonFieldErrors: "this title is reserved"}},
		{name: "a nested Validate's error is keyed by its path", contentType: "application/json",
			body:   `{"title":"Hello","status":"draft","author":{"name":"Ada"},"items":[{"sku":"AB12","qty":1},{"sku":"CD34","qty":500}]}`,
			status: 400, fields: map[string]string{"items[1]": "500 of CD34 is a bulk order: call us"}},
		{name: "Validate does not run when a field failed", contentType: "application/json",
			body: `{"title":"Hi","status":"published","author":{"name":"Ada"}}`, status: 400,
			fields: map[string]string{"title": "want at least 3 characters, got 2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resp, err := c.Post("/posts", tc.contentType, strings.NewReader(tc.body), framework.RequestHeader("Accept", "application/json"))
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d; body %.300s", resp.StatusCode, tc.status, resp.Body)
			}
			if tc.status == 200 {
				var p bindPost
				if err := resp.JSON(&p); err != nil {
					t.Fatal(err)
				}
				if !strings.EqualFold(p.Title, "Hello") || p.Author.Name != "Ada" {
					t.Errorf("bound %+v", p)
				}
				return
			}
			var eb errorBody
			if err := resp.JSON(&eb); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(eb.Error, tc.errContains) {
				t.Errorf("error %q, want it to contain %q", eb.Error, tc.errContains)
			}
			if tc.fields != nil && !maps.Equal(eb.Fields, tc.fields) {
				t.Errorf("fields:\n got %v\nwant %v", eb.Fields, tc.fields)
			}
		})
	}
}

func TestRequest_BindJSON_values(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, framework.Config{})
	var got bindPost
	app.Post("/posts", func(r *framework.Request) framework.Response {
		if err := r.BindJSON(&got); err != nil {
			return framework.Error(err)
		}
		return framework.NoContent()
	})
	resp, err := framework.NewTestClient(app).PostJSON("/posts", map[string]any{
		"title": "Hello", "status": "published", "author": map[string]any{"name": "Ada", "age": 36},
		"tags": []string{"go", "web"}, "rating": 4.5, "created": "2024-05-01T10:00:00Z",
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 204 {
		t.Fatalf("status %d: %s", resp.StatusCode, resp.Body)
	}
	if got.Title != "Hello" || got.Author.Age != 36 || len(got.Tags) != 2 || got.Rating == nil || *got.Rating != 4.5 ||
		!got.Created.Equal(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("bound %+v", got)
	}
}

// TestRequest_BindJSON_programError checks that the program's mistakes are
// errors that are not *RequestError (so Error answers 500) and name them.
func TestRequest_BindJSON_programError(t *testing.T) {
	t.Parallel()
	type badTag struct {
		Name string `json:"name" validate:"required,frobnicate"`
	}
	type badParam struct {
		Age int `json:"age" validate:"min=old"`
	}
	type badKind struct {
		Age int `json:"age" validate:"email"`
	}
	tests := []struct {
		name   string
		target func() any
		want   string
	}{
		{"not a pointer", func() any { return bindPost{} }, "framework: BindJSON: want a non-nil pointer, got framework_test.bindPost"},
		{"nil pointer", func() any { return (*bindPost)(nil) }, "want a non-nil pointer"},
		{"unknown rule", func() any { return &badTag{} }, `framework: validate: field framework_test.badTag.Name: unknown rule "frobnicate" (known: required, min, max, len, email, url, oneof)`},
		{"bad parameter", func() any { return &badParam{} }, `field framework_test.badParam.Age: rule min="old": want a number`},
		{"rule of another type", func() any { return &badKind{} }, `field framework_test.badKind.Age: rule "email" applies to strings, not int`},
	}
	app := newTestApp(t, framework.Config{})
	for i, tc := range tests {
		app.Post(fmt.Sprintf("/%d", i), func(r *framework.Request) framework.Response {
			err := r.BindJSON(tc.target())
			var re *framework.RequestError
			if errors.As(err, &re) {
				return framework.Text("RequestError: " + err.Error())
			}
			resp := framework.Error(err)
			return framework.Text(fmt.Sprint(resp.Status(), " ", err))
		})
	}
	c := framework.NewTestClient(app)
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := c.PostJSON(fmt.Sprintf("/%d", i), map[string]any{})
			if err != nil {
				t.Fatal(err)
			}
			if got := resp.Text(); !strings.HasPrefix(got, "500 ") || !strings.Contains(got, tc.want) {
				t.Errorf("got %q, want a 500 error containing %q", got, tc.want)
			}
		})
	}
}

// TestRequest_BindJSON_errorPage checks the answer to a client that does
// not ask for JSON: the error page, with the status.
func TestRequest_BindJSON_errorPage(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, framework.Config{})
	app.Post("/posts", func(r *framework.Request) framework.Response {
		var p bindPost
		if err := r.BindJSON(&p); err != nil {
			return framework.Error(err)
		}
		return framework.NoContent()
	})
	resp, err := framework.NewTestClient(app).Post("/posts", "text/plain", strings.NewReader("hello"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 415 || strings.Contains(resp.Header.Get("Content-Type"), "json") {
		t.Errorf("status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	type limits struct {
		Count   uint8          `json:"count" validate:"max=10"`
		Level   *int           `json:"level" validate:"required,oneof=1 2 3"`
		Done    bool           `json:"done" validate:"required"`
		Names   map[string]int `json:"names" validate:"required,min=1"`
		Skipped string         `json:"-" validate:"required"`
		Nick    string         `validate:"max=4"`
	}
	two, five := 2, 5
	tests := []struct {
		name string
		v    limits
		want map[string]string
	}{
		{"passes", limits{Count: 3, Level: &two, Done: true, Names: map[string]int{"a": 1}, Nick: "Åsa"}, nil},
		{"fails", limits{Count: 11, Level: &five, Nick: "Bartholomew"}, map[string]string{
			"count": "want at most 10, got 11",
			"level": `want one of 1, 2, 3, got "5"`,
			"done":  "this field is required",
			"names": "this field is required",
			"Nick":  "want at most 4 characters, got 11",
		}},
		{"nil pointer is missing", limits{Done: true, Names: map[string]int{"a": 1}}, map[string]string{"level": "this field is required"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := framework.Validate(&tc.v)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			var re *framework.RequestError
			if !errors.As(err, &re) || re.Status != 400 {
				t.Fatalf("Validate: %T %v, want a *RequestError with status 400", err, err)
			}
			if !maps.Equal(re.Fields, tc.want) {
				t.Errorf("fields:\n got %v\nwant %v", re.Fields, tc.want)
			}
		})
	}
}

func TestValidate_email(t *testing.T) {
	t.Parallel()
	type contact struct {
		Email string `json:"email" validate:"email"`
	}
	for addr, ok := range map[string]bool{
		"ada@example.com": true, "a.b+c@mail.example.co.uk": true, "": true, // empty: not required
		"ada": false, "ada@": false, "ada@localhost": false, "Ada <ada@example.com>": false,
		"ada@example..com": false, "ada@-example.com": false, "ada @example.com": false,
	} {
		err := framework.Validate(&contact{Email: addr})
		if (err == nil) != ok {
			t.Errorf("%q: %v, want valid %v", addr, err, ok)
		}
	}
}

type signup struct {
	Name     string    `form:"name" validate:"required,max=20"`
	Age      int       `form:"age" validate:"min=13"`
	Height   *float64  `form:"height"`
	Agree    bool      `form:"agree" validate:"required"`
	Topics   []string  `form:"topic" validate:"max=2"`
	Born     time.Time `form:"born"`
	Internal string    `form:"-"`
	Email    string    `json:"email" validate:"email"`
}

func TestRequest_BindForm(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, framework.Config{})
	view := func(r *framework.Request) framework.Response {
		s := signup{Internal: "kept", Agree: true}
		if err := r.Bind(&s); err != nil {
			return framework.Error(err)
		}
		h := "nil"
		if s.Height != nil {
			h = fmt.Sprint(*s.Height)
		}
		return framework.Text(fmt.Sprintf("%s|%d|%s|%v|%v|%s|%s|%s", s.Name, s.Age, h, s.Agree, s.Topics, s.Born.Format(time.DateOnly), s.Internal, s.Email))
	}
	app.Post("/signup", view)
	app.Get("/signup", view)
	c := framework.NewTestClient(app)
	tests := []struct {
		name   string
		send   func() (*framework.TestResponse, error)
		status int
		body   string
		fields map[string]string
	}{
		{"urlencoded", func() (*framework.TestResponse, error) {
			return c.PostForm("/signup", url.Values{"name": {"Ada"}, "age": {" 36 "}, "height": {"1.7"}, "agree": {"on"},
				"topic": {"go", "web"}, "born": {"1815-12-10T00:00:00Z"}, "Internal": {"x"}, "email": {"ada@example.com"}, "submit": {"Save"}})
		}, 200, "Ada|36|1.7|true|[go web]|1815-12-10|kept|ada@example.com", nil},
		{"query string of a GET", func() (*framework.TestResponse, error) {
			return c.Get("/signup?name=Ada&age=20&agree=yes&height=")
		}, 200, "Ada|20|nil|true|[]|0001-01-01|kept|", nil},
		{"unticked checkbox is false", func() (*framework.TestResponse, error) {
			return c.PostForm("/signup", url.Values{"name": {"Ada"}, "age": {"20"}}, framework.RequestHeader("Accept", "application/json"))
		}, 400, "", map[string]string{"agree": "this field is required"}},
		{"values that do not convert, and rules", func() (*framework.TestResponse, error) {
			return c.PostForm("/signup", url.Values{"name": {strings.Repeat("a", 21)}, "age": {"twelve"}, "height": {"tall"},
				"agree": {"maybe"}, "topic": {"a", "b", "c"}, "born": {"yesterday"}}, framework.RequestHeader("Accept", "application/json"))
		}, 400, "", map[string]string{
			"name":   "want at most 20 characters, got 21",
			"age":    `want an integer, got "twelve"`,
			"height": `want a number, got "tall"`,
			"agree":  `want true or false, got "maybe"`,
			"topic":  "want at most 2 items, got 3",
			"born":   `"yesterday" is not valid here: parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"`,
		}},
		{"JSON through Bind", func() (*framework.TestResponse, error) {
			return c.PostJSON("/signup", map[string]any{"Name": "Ada", "Age": 40, "Agree": true, "email": "ada@example.com"})
		}, 200, "Ada|40|nil|true|[]|0001-01-01|kept|ada@example.com", nil},
		{"other content type", func() (*framework.TestResponse, error) {
			return c.Post("/signup", "text/csv", strings.NewReader("a,b"), framework.RequestHeader("Accept", "application/json"))
		}, 415, "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resp, err := tc.send()
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, resp.Body)
			}
			if tc.status == 200 && resp.Text() != tc.body {
				t.Errorf("bound %q, want %q", resp.Text(), tc.body)
			}
			if tc.fields != nil {
				var eb errorBody
				if err := resp.JSON(&eb); err != nil {
					t.Fatal(err)
				}
				if !maps.Equal(eb.Fields, tc.fields) {
					t.Errorf("fields:\n got %v\nwant %v", eb.Fields, tc.fields)
				}
			}
		})
	}
}

func TestRequest_BindForm_unsupportedField(t *testing.T) {
	t.Parallel()
	type nested struct {
		Name   string
		Author struct{ Name string }
	}
	app := newTestApp(t, framework.Config{})
	app.Post("/", func(r *framework.Request) framework.Response {
		err := r.BindForm(&nested{})
		return framework.Text(fmt.Sprint(framework.Error(err).Status(), " ", err))
	})
	resp, err := framework.NewTestClient(app).PostForm("/", url.Values{"Name": {"x"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "500 framework: BindForm: field framework_test.nested.Author: a struct { Name string } cannot come from a form (tag it `form:\"-\"`)"
	if resp.Text() != want {
		t.Errorf("got %q\nwant %q", resp.Text(), want)
	}
}

// TestError_requestErrorJSON checks the path from a view's Error(err) to
// the JSON a client reads, for an error without fields too.
func TestError_requestErrorJSON(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, framework.Config{})
	app.Get("/conflict", func(r *framework.Request) framework.Response {
		return framework.Error(&framework.RequestError{Status: http.StatusConflict, Message: "the slug is taken"})
	})
	resp, err := framework.NewTestClient(app).Get("/conflict", framework.RequestHeader("Accept", "application/json"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 409 || resp.Text() != `{"error":"the slug is taken"}`+"\n" {
		t.Errorf("status %d, body %q", resp.StatusCode, resp.Body)
	}
}

type nameA struct{ Name string }

type nameB struct{ Name string }

// shapes has the JSON shapes the path finder handles apart: fields two
// embedded structs hide from each other, a ",string" number, a map.
type shapes struct {
	nameA
	nameB
	ID    int                 `json:"id,string"`
	Items map[string]bindItem `json:"items"`
}

func TestRequest_BindJSON_shapes(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, framework.Config{})
	app.Post("/shapes", func(r *framework.Request) framework.Response {
		var v shapes
		if err := r.BindJSON(&v); err != nil {
			return framework.Error(err)
		}
		return framework.JSON(v)
	})
	app.Post("/list", func(r *framework.Request) framework.Response {
		var v []bindItem
		if err := r.BindJSON(&v); err != nil {
			return framework.Error(err)
		}
		return framework.JSON(v)
	})
	c := framework.NewTestClient(app)
	tests := []struct {
		path, body string
		status     int
		fields     map[string]string
	}{
		{"/shapes", `{"id":"7","items":{"a":{"sku":"AB12","qty":5}}}`, 200, nil},
		// encoding/json drops both Name fields: its own error names it.
		{"/shapes", `{"Name":"x"}`, 400, map[string]string{"Name": "unknown field"}},
		{"/shapes", `{"id":7,"items":{"a":{"sku":"AB12","qty":"x"}}}`, 400, map[string]string{
			"id":          "want a string holding an integer, got number",
			"items.a.qty": "want an integer, got string",
		}},
		{"/shapes", `{"items":{"b":{"sku":"AB12","qty":500}}}`, 400, map[string]string{"items.b": "500 of AB12 is a bulk order: call us"}},
		{"/list", `[{"sku":"AB12","qty":1},{"sku":"CD34","qty":"2"}]`, 400, map[string]string{"[1].qty": "want an integer, got string"}},
		{"/list", `[{"sku":"AB12","qty":1},{"sku":"x","qty":2}]`, 400, map[string]string{"[1].sku": "want exactly 4 characters, got 1"}},
	}
	for _, tc := range tests {
		resp := must(t)(c.Post(tc.path, "application/json", strings.NewReader(tc.body)))
		var eb errorBody
		if resp.StatusCode != tc.status {
			t.Errorf("%s %s: status %d, want %d: %s", tc.path, tc.body, resp.StatusCode, tc.status, resp.Body)
		} else if err := resp.JSON(&eb); err != nil || !maps.Equal(eb.Fields, tc.fields) {
			t.Errorf("%s %s: fields %v, want %v (%v)", tc.path, tc.body, eb.Fields, tc.fields, err)
		}
	}
}
