package uwsgi_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/goframe/goframe/gateway/internal/uwsgi"
)

func ExampleServer() {
	srv := &uwsgi.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "hello %s, %s %s", r.URL.Query().Get("name"), r.Method, r.URL.Path)
		}),
		Limits:      uwsgi.DefaultLimits,
		ReadTimeout: 30 * time.Second,
	}
	// nginx: location / { include uwsgi_params; uwsgi_pass 127.0.0.1:8001; }
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go srv.Serve(l)
	defer srv.Shutdown(context.Background())

	// What nginx sends for GET /greet?name=gopher (some vars left out).
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	c.Write(uwsgi.AppendPacket(nil, [][2]string{
		{"REQUEST_METHOD", "GET"},
		{"REQUEST_URI", "/greet?name=gopher"},
		{"SERVER_PROTOCOL", "HTTP/1.1"},
		{"CONTENT_LENGTH", ""},
		{"REMOTE_ADDR", "203.0.113.7"},
		{"HTTP_HOST", "example.com"},
	}))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		log.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Status, resp.ContentLength, resp.Header.Get("Content-Type"))
	fmt.Println(string(body))
	// Output:
	// 200 OK 24 text/plain; charset=utf-8
	// hello gopher, GET /greet
}
