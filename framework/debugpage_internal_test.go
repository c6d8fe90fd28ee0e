package framework

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"testing"
)

func TestDebugFormat(t *testing.T) {
	t.Parallel()
	tests := []struct{ accept, want string }{
		{"", "text"},
		{"*/*", "text"},
		{"text/*", "text"},
		{"text/plain", "text"},
		{"text/html", "html"},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"},
		{"application/json", "json"},
		{"application/json, text/javascript, */*; q=0.01", "json"},
		{"text/html;q=0.5, application/json", "json"},
		{"text/html, application/json;q=0.9", "html"},
		{"text/html;q=0, */*", "text"},
		{"application/problem+json", "json"},
		{"image/png", "text"},
		{"garbage;;;", "text"},
	}
	for _, tc := range tests {
		if got := debugFormat(tc.accept); got != tc.want {
			t.Errorf("debugFormat(%q) = %q, want %q", tc.accept, got, tc.want)
		}
	}
}

func TestParseStack(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := filepath.Join(dir, "posts.go")
	var lines []string
	for i := 1; i <= 20; i++ {
		lines = append(lines, fmt.Sprintf("\tline%d()", i))
	}
	if err := os.WriteFile(src, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A nil dereference in a view, recovered by a logging middleware
	// that panics again, then by recoverMiddleware.
	stack := `goroutine 7 [running]:
runtime/debug.Stack()
	/usr/local/go/src/runtime/debug/stack.go:26 +0x5e
github.com/goframe/goframe/framework.(*App).recoverMiddleware.func1.1()
	/work/framework/errors_recover.go:33 +0x85
panic({0x6b5f40?, 0x7ae8d0?})
	/usr/local/go/src/runtime/panic.go:787 +0x132
example.com/blog/logmw.Log.func1.1()
	/home/u/blog/logmw/log.go:20 +0x45
panic({0x6b5f40?, 0x7ae8d0?})
	/usr/local/go/src/runtime/panic.go:787 +0x132
runtime.panicmem(...)
	/usr/local/go/src/runtime/panic.go:262
runtime.sigpanic()
	/usr/local/go/src/runtime/signal_unix.go:925 +0x359
example.com/blog/views.(*Posts).Detail(0x0, {0xc000010000, 0x3})
	` + src + `:10 +0x1d
github.com/go-chi/chi/v5.(*Mux).routeHTTP(0xc0000a2000, {0x7b1e40, 0xc0000b4000}, 0xc0000c6000)
	/root/go/pkg/mod/github.com/go-chi/chi/v5@v5.2.1/mux.go:459 +0x1c3
github.com/goframe/goframe/router.(*Router).ServeHTTP(...)
	/work/router/router.go:140
main.main()
	relative/main.go:9 +0x10
...additional frames elided...
created by net/http.(*Server).Serve in goroutine 1
	/usr/local/go/src/net/http/server.go:3454 +0x485
`
	frames := parseStack([]byte(stack))
	type short struct {
		Function  string
		File      string
		Line      int
		CreatedBy bool
		Library   bool
		Sourced   bool
	}
	var got []short
	for _, f := range frames {
		got = append(got, short{f.Function, f.File, f.Line, f.CreatedBy, f.Library, f.Source != nil})
	}
	want := []short{
		{"example.com/blog/views.(*Posts).Detail", src, 10, false, false, true},
		{"github.com/go-chi/chi/v5.(*Mux).routeHTTP", "/root/go/pkg/mod/github.com/go-chi/chi/v5@v5.2.1/mux.go", 459, false, true, false},
		{"github.com/goframe/goframe/router.(*Router).ServeHTTP", "/work/router/router.go", 140, false, true, false},
		{"main.main", "relative/main.go", 9, false, false, false},
		{"net/http.(*Server).Serve", "/usr/local/go/src/net/http/server.go", 3454, true, true, false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("frames:\n%+v\nwant\n%+v", got, want)
	}
	var numbers []int
	current := 0
	for _, l := range frames[0].Source {
		numbers = append(numbers, l.Number)
		if l.Current {
			current = l.Number
			if l.Text != "    line10()" {
				t.Errorf("current line %q", l.Text)
			}
		}
	}
	if current != 10 || numbers[0] != 5 || numbers[len(numbers)-1] != 15 {
		t.Errorf("source lines %v, current %d", numbers, current)
	}
}

func TestSplitStack(t *testing.T) {
	t.Parallel()
	msg, stack, ok := splitStack("panic: boom\ngoroutine 12 [running]:\nmain.f()\n\t/x.go:1 +0x1\n")
	if !ok || msg != "panic: boom" || !strings.HasPrefix(stack, "goroutine 12 [running]:\nmain.f()") {
		t.Errorf("splitStack: %q, %q, %v", msg, stack, ok)
	}
	if _, _, ok := splitStack("a goroutine 12 [running]: in prose"); ok {
		t.Error("a stack found in prose")
	}
}

// TestDescribeError_stackInMessage: an error whose message carries a
// stack (the template engine's render panics) shows it as frames.
func TestDescribeError_stackInMessage(t *testing.T) {
	t.Parallel()
	cause := fmt.Errorf("panic: filter exploded\n%s", debug.Stack())
	err := fmt.Errorf("framework: rendering: %w", cause)
	a := New(Config{Debug: true})
	rep := &debugReport{}
	a.describeError(rep, err)
	// debug.Stack's own frame is dropped; the test is goframe's own
	// package, so its frame is a library one, without source.
	if len(rep.Frames) == 0 || !strings.HasSuffix(rep.Frames[0].Function, "TestDescribeError_stackInMessage") ||
		!strings.HasSuffix(rep.Frames[0].File, "debugpage_internal_test.go") || !rep.Frames[0].Library {
		t.Fatalf("frames %+v", rep.Frames)
	}
	if rep.ErrorValue != "framework: rendering: panic: filter exploded" {
		t.Errorf("error value %q", rep.ErrorValue)
	}
	for _, l := range rep.Chain {
		if strings.Contains(l.Message, "goroutine") {
			t.Errorf("chain message holds the stack: %q", l.Message)
		}
	}
}

func TestMaskDSN(t *testing.T) {
	t.Parallel()
	const m = cleansedValue
	tests := []struct{ in, want string }{
		{"sqlite:///db.sqlite3", "sqlite:///db.sqlite3"},
		{"postgres://bob:hunter2@db:5432/app?sslmode=disable", "postgres://bob:" + m + "@db:5432/app?sslmode=disable"},
		{"postgres://bob@db/app", "postgres://bob@db/app"},
		{"postgres://bob:p%40ss@db/app", "postgres://bob:" + m + "@db/app"},
		{"postgres://db/app?user=bob&password=hunter2&sslpassword=x", "postgres://db/app?user=bob&password=" + m + "&sslpassword=" + m},
		{"host=db user=bob password=hunter2 dbname=app", "host=db user=bob password=" + m + " dbname=app"},
		{"host=db password='two words' dbname=app", "host=db password=" + m + " dbname=app"},
		{"/static/", "/static/"},
	}
	for _, tc := range tests {
		if got := maskDSN(tc.in); got != tc.want {
			t.Errorf("maskDSN(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSettingsInfo(t *testing.T) {
	t.Parallel()
	type extra struct {
		APIToken string
		Name     string
		Timeout  map[string]string
	}
	got := map[string]string{}
	for _, s := range settingsInfo(Config{Debug: true, AllowedHosts: []string{"a.example"}, DatabaseURL: "mysql://u:pw@h/db"}) {
		got[s.Name] = s.Value
	}
	want := map[string]string{
		"Debug": "true", "SecretKey": cleansedValue, "SecretKeyFallbacks": cleansedValue,
		"AllowedHosts": `["a.example"]`, "DatabaseURL": `"mysql://u:` + cleansedValue + `@h/db"`,
		"Logger": "nil", "Security.FrameOptions": `""`,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	var rows []nameValue
	settingsOf(reflect.ValueOf(struct{ Opts extra }{extra{"tok", "n", map[string]string{"secret_key": "s", "b": "1"}}}), "", 0, &rows)
	wantRows := []nameValue{{"Opts.APIToken", cleansedValue}, {"Opts.Name", `"n"`}, {"Opts.Timeout", `{"b": "1", "secret_key": "` + cleansedValue + `"}`}}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Errorf("nested settings %v, want %v", rows, wantRows)
	}
}
