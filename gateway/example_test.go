package gateway_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/goframe/goframe/gateway"
)

// A configuration resolves as Gunicorn's does: defaults, then the config
// file, then GOFRAME_* variables, then flags.
func ExampleLoadConfig() {
	cfg, err := gateway.LoadConfig(
		[]string{"--workers", "4", "--bind", "unix:/run/app.sock"},
		[]string{"GOFRAME_WORKERS=2", "GOFRAME_THREADS=8", "PORT=5000"},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.Workers, cfg.Threads, cfg.Bind, cfg.KeepAlive)

	_, err = gateway.LoadConfig([]string{"--limit-request-line", "lots"}, nil)
	fmt.Println(err)
	// Output:
	// 4 8 [unix:/run/app.sock] 2s
	// flag: --limit-request-line: "lots" is not an integer
}

// A Server serves any http.Handler on listeners bound by ListenAll.
func ExampleNewServer() {
	cfg, _ := gateway.LoadConfig([]string{"--bind", "127.0.0.1:0", "--threads", "4"}, nil)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "Hello from "+r.URL.Path)
	})
	srv, err := gateway.NewServer(cfg, h, gateway.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	ls, err := gateway.ListenAll(cfg.Bind, gateway.ListenOptions{Backlog: cfg.Backlog})
	if err != nil {
		fmt.Println(err)
		return
	}
	go srv.Serve(ls)

	resp, err := http.Get("http://" + ls[0].Addr().String() + "/docs")
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, string(body))

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	fmt.Println(srv.Shutdown(ctx))
	// Output:
	// 200 Hello from /docs
	// <nil>
}
