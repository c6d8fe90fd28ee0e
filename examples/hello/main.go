// Command hello is the gateway's test target: a small application served by
// goframe's gateway with every Gunicorn-style setting.
//
//	go run ./examples/hello serve --bind 127.0.0.1:8000 --workers 2
//
// Routes: GET / (text), POST / (reads the body), GET /json, GET /echo (the
// request as the handler sees it, as JSON), GET /sleep?ms=N.
package main

import (
	"fmt"
	"os"

	"github.com/goframe/goframe/examples/hello/app"
	"github.com/goframe/goframe/gateway"
)

func main() {
	if len(os.Args) < 2 || os.Args[1] != "serve" {
		fmt.Fprintf(os.Stderr, "usage: %s serve [options]   (serve --help lists the options)\n", os.Args[0])
		os.Exit(gateway.ExitConfig)
	}
	os.Exit(gateway.Main(app.Handler(), os.Args[2:]))
}
