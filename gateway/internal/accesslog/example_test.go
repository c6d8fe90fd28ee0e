package accesslog_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/goframe/goframe/gateway/internal/accesslog"
)

func ExampleFormat_Append() {
	f, err := accesslog.Compile(accesslog.DefaultFormat)
	if err != nil {
		panic(err)
	}
	r := httptest.NewRequest(http.MethodGet, "/hello?name=gopher", nil)
	r.Header.Set("User-Agent", "curl/8.0")
	e := &accesslog.Entry{
		Request:    r,
		RemoteAddr: "203.0.113.7:4711",
		Status:     200,
		Bytes:      13,
		Start:      time.Date(2000, 10, 10, 13, 55, 36, 0, time.FixedZone("", -7*3600)),
		Duration:   1500 * time.Microsecond,
	}
	var buf []byte
	buf = f.Append(buf[:0], e)
	fmt.Println(string(buf))

	f, _ = accesslog.Compile(`%(m)s %(U)s %(s)s %(M)sms %(L)s %({user-agent}i)s %({x-missing}i)s %(zz)s`)
	fmt.Println(string(f.Append(nil, e)))
	// Output:
	// 203.0.113.7 - - [10/Oct/2000:13:55:36 -0700] "GET /hello?name=gopher HTTP/1.1" 200 13 "-" "curl/8.0"
	// GET /hello 200 1ms 0.001500 curl/8.0 - -
}

func ExampleAppendJSON() {
	r := httptest.NewRequest(http.MethodPost, "/api/items", nil)
	e := &accesslog.Entry{
		Request:    r,
		RemoteAddr: "[2001:db8::7]:4711",
		Status:     201,
		Bytes:      42,
		Start:      time.Date(2024, 5, 1, 12, 0, 0, 250_000_000, time.UTC),
		Duration:   12345 * time.Microsecond,
		PID:        1234,
	}
	fmt.Println(string(accesslog.AppendJSON(nil, e)))
	// Output:
	// {"remote_addr":"2001:db8::7","time":"2024-05-01T12:00:00.250Z","method":"POST","path":"/api/items","query":"","proto":"HTTP/1.1","status":201,"bytes":42,"duration_ms":12.345,"referer":"","user_agent":"","host":"example.com","pid":1234}
}

func ExampleLogger() {
	dir, err := os.MkdirTemp("", "accesslog")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "access.log")

	l, err := accesslog.Open(path, "%(h)s %(s)s")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	l.Log(&accesslog.Entry{RemoteAddr: "192.0.2.1:1000", Status: 200})

	// logrotate renames the file and the master signals SIGUSR1.
	if err := os.Rename(path, path+".1"); err != nil {
		panic(err)
	}
	if err := l.Reopen(); err != nil {
		panic(err)
	}
	l.Log(&accesslog.Entry{RemoteAddr: "192.0.2.2:1000", Status: 404})

	old, _ := os.ReadFile(path + ".1")
	cur, _ := os.ReadFile(path)
	fmt.Printf("%s%s", old, cur)
	// Output:
	// 192.0.2.1 200
	// 192.0.2.2 404
}
